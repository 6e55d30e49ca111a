"""Journeys around the edges: strangers, bad codes, duplicates, two officers at once, forged
buttons, hostile names, English, the command menus, and failures the bot must survive."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from typing import Any

import rubric
from bot import texts
from bot.keyref import key_ref
from bot.services import services_of
from bot.store import NOTE_MAX, Store
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    NOW,
    api_errors,
    fixed_clock,
    is_question,
    join,
    officer_state,
    open_check,
    option_labels,
    position,
    press,
    seed,
    walk,
)

UNITS = (
    ("Kota Metro", "Dinas Sosial", ("KTP-el",)),
    ("Kota Metro", "Puskesmas Yosodadi", ("Rawat Jalan",)),
)
UNREGISTERED = texts.render("unregistered", "id")


async def test_strangers_get_only_the_explanation(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        stranger = fake_api.user(801, "Asing")
        for text in (
            "/start",
            "/periksa",
            "/skor",
            "/kekurangan",
            "/produk",
            "/bantuan",
            "/bahasa",
            "/batal",
            "/pengingat",
            "/tidakada",
            "halo",
            "x" * 4000,
        ):
            await stranger.send(text)
            reply = await stranger.wait_for()
            assert reply.text == UNREGISTERED, text
            assert reply.buttons == []
        await stranger.send_photo()
        assert (await stranger.wait_for()).text == UNREGISTERED
        forged = cb.Answer(sc=1, key=key_ref("input-sop"), opt=0, v=0).pack()
        pressed = await stranger.press_data(1, forged)
        answer = await stranger.wait_answer(pressed)
        assert answer.text == texts.plain("cb.not_registered", "id")

        english = fake_api.user(802, "Stranger", language_code="en-GB")
        await english.send("/help")
        assert (await english.wait_for()).text == texts.render("unregistered", "en")

        await stranger.send("/start bukan-kode-yang-benar-sama-sekali")
        assert "tidak dikenal" in (await stranger.wait_for()).text
        for name in world.units:
            assert all(name not in m.text for m in stranger.messages)
    assert api_errors(fake_api) == []


async def test_codes_used_up_expired_and_already_member(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    store = await Store.open(tmp_settings.database, clock=fixed_clock)
    try:
        unit_id = world.units["Dinas Sosial"]
        once = await store.create_invite("officer", unit_id=unit_id, uses=1, days=14, now=NOW)
        old = await store.create_invite(
            "officer", unit_id=unit_id, uses=5, days=14, now=NOW - timedelta(days=15)
        )
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=fixed_clock):
        first, second = fake_api.user(811, "Satu"), fake_api.user(812, "Dua")
        assert "Dinas Sosial" in (await join(first, once.code)).text
        assert "sudah dipakai" in (await join(second, once.code)).text
        assert "kedaluwarsa" in (await join(second, old.code)).text
        assert "sudah terdaftar" in (await join(first, world.codes["Dinas Sosial"])).text
        # The deep link payload arrives as "/start CODE" too; welcome back without a code.
        await first.send("/start")
        welcome = await first.wait_for()
        assert "Selamat datang kembali" in welcome.text and "Dinas Sosial" in welcome.text
        assert welcome.button_texts == ["▶ Mulai pemeriksaan"]
    assert api_errors(fake_api) == []


async def test_duplicate_updates_change_nothing_twice(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(821, "Ulang")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 821)
        checklist = await store.checklist(selfcheck)
        pressed = await officer.press(first, option_labels(first)[0])
        await officer.wait_answer(pressed)
        await officer.wait_idle()
        fake_api.redeliver(pressed.update_id)
        # The redelivered press ends with the edit that redoes the display: wait for that
        # request itself (the bot may begin on the update after wait_idle's quiet gap).
        for _ in range(200):
            if "editMessageText" in [method for method, _ in api_errors(fake_api)]:
                break
            await asyncio.sleep(0.05)
        assert len(await store.answer_history(selfcheck, checklist[0])) == 1
        # Telegram refuses a second answer to the same query; the bot takes that quietly.
        # The bot redoes the display: the message already shows it ("not modified", quiet).
        refused = sorted(api_errors(fake_api))
        assert [method for method, _ in refused] == ["answerCallbackQuery", "editMessageText"]
        assert "message is not modified" in str(refused[1][1])
        assert officer.messages[-1].text.startswith("2/50")
        fake_api.requests.clear()

        # A file: the redelivered update adds nothing and says so.
        shown = officer.message(first.message_id)
        evidence_key = next(
            k
            for k in checklist
            if store.rubric(selfcheck.rubric_id).item(k.partition("@")[0]).evidence_required  # type: ignore[union-attr]
        )
        target = cb.AddEvidence(sc=selfcheck.id, key=key_ref(evidence_key)).pack()
        await press(officer, shown, "Daftar")
        await officer.press_data(first.message_id, target)
        await officer.wait_for(lambda m: "Kirim bukti" in m.text)
        photo = await officer.send_photo()
        line = await officer.wait_for(lambda m: m.kind == "message")
        assert line.text.startswith("📎 1 berkas untuk butir")
        update_id = max(i for i, u in fake_api._by_update_id.items() if u.chat_id == 821)
        fake_api.redeliver(update_id)
        again = await officer.wait_for(lambda m: m.message_id == line.message_id)
        assert "sudah tersimpan; 1 berkas" in again.text
        assert len(await store.evidence(selfcheck, evidence_key)) == 1
        assert photo.media
    assert api_errors(fake_api) == []


async def test_two_officers_of_one_unit_at_once(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        ani, budi = fake_api.user(831, "Ani"), fake_api.user(832, "Budi")
        q_ani, q_budi = await asyncio.gather(
            open_check(ani, world.codes["Dinas Sosial"]),
            open_check(budi, world.codes["Dinas Sosial"]),
        )
        assert position(q_ani) == position(q_budi) == (1, 50)
        # Both answer item 1 at the same moment, differently.
        after_ani, after_budi = await asyncio.gather(
            press(ani, q_ani, option_labels(q_ani)[0]),
            press(budi, q_budi, option_labels(q_budi)[-1]),
        )
        store, _, selfcheck = await officer_state(app, 831)
        _, _, selfcheck_b = await officer_state(app, 832)
        assert selfcheck.id == selfcheck_b.id
        checklist = await store.checklist(selfcheck)
        history = await store.answer_history(selfcheck, checklist[0])
        # Both screens showed item 1 unanswered: the first press wins, the second writes
        # nothing (tests/test_flow_team.py follows the loser to `Ganti`).
        assert len(history) == 1
        # Each sees the other's work: item 1 is answered for both, shown with the latest answer.
        for user, shown in ((ani, after_ani), (budi, after_budi)):
            back = await press(user, shown, "⬅ Kembali")
            latest = history[-1].option_id
            item = store.rubric(selfcheck.rubric_id).items[0]
            label = next(o.label.id for o in item.options if o.id == latest)
            assert f"Jawaban saat ini: {label}" in back.text
        # Ani answers item 2; Budi's /periksa opens at item 3.
        ani_q2 = await press(ani, ani.message(q_ani.message_id), "Lewati ➡")
        assert position(ani_q2)[0] == 2
        await press(ani, ani_q2, option_labels(ani_q2)[0])
        await budi.send("/periksa")
        assert position(await budi.wait_for()) == (3, 50)
    assert api_errors(fake_api) == []


async def test_forged_and_stale_buttons_change_nothing(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        mine, other = fake_api.user(841, "Mine"), fake_api.user(842, "Other")
        q_mine = await open_check(mine, world.codes["Dinas Sosial"])
        q_other = await open_check(other, world.codes["Puskesmas Yosodadi"])
        store, _, sc_mine = await officer_state(app, 841)
        _, _, sc_other = await officer_state(app, 842)
        other_keys = await store.checklist(sc_other)
        my_keys = await store.checklist(sc_mine)
        the_rubric = store.rubric(sc_mine.rubric_id)
        no_na = next(k for k in my_keys if not the_rubric.item(k.partition("@")[0]).na_allowed)  # type: ignore[union-attr]

        async def attempt(data: str) -> str | None:
            pressed = await mine.press_data(q_mine.message_id, data)
            return (await mine.wait_answer(pressed)).text

        t = texts.plain
        ref = key_ref(other_keys[0])
        another = t("cb.other_unit", "id")  # another unit's self-check: said so
        assert await attempt(cb.Answer(sc=sc_other.id, key=ref, opt=0, v=0).pack()) == another
        assert await attempt(cb.Open(sc=sc_other.id, key=ref).pack()) == another
        assert await attempt(cb.ListPage(sc=sc_other.id, page=1).pack()) == another
        assert await attempt(cb.Answer(sc=999, key=ref, opt=0, v=0).pack()) == t("cb.invalid", "id")
        assert await attempt("garbage") == t("cb.invalid", "id")
        assert await attempt("v9:a:1:2:3") == t("cb.invalid", "id")
        assert await attempt("v1:a:1:2") == t("cb.invalid", "id")
        assert await attempt(cb.ReminderMode(m=99).pack()) == t("cb.invalid", "id")  # no such mode
        assert await attempt(cb.Answer(sc=sc_mine.id, key="deadbeef", opt=0, v=0).pack()) == t(
            "cb.item_gone", "id"
        )
        assert await attempt(
            cb.Answer(sc=sc_mine.id, key=key_ref(my_keys[0]), opt=99, v=0).pack()
        ) == t("cb.invalid", "id")
        assert await attempt(cb.Answer(sc=sc_mine.id, key=key_ref(no_na), opt=-1, v=0).pack()) == t(
            "cb.invalid", "id"
        )
        assert await store.answer_states(sc_other) == {}
        assert await store.answer_states(sc_mine) == {}

        # A newer cycle for the region makes the old self-check's buttons stale, and an
        # evidence prompt left open does not write into the old self-check.
        evidence_key = next(
            k
            for k in my_keys
            if the_rubric.item(k.partition("@")[0]).evidence_required  # type: ignore[union-attr]
        )
        add = cb.AddEvidence(sc=sc_mine.id, key=key_ref(evidence_key)).pack()
        await mine.press_data(q_mine.message_id, add)
        await mine.wait_for(lambda m: "Kirim bukti" in m.text)
        unit = await store.unit(world.units["Dinas Sosial"])
        await store.open_cycle("pekppp-2024", date(2026, 6, 1), date(2026, 10, 31), unit.region_id)
        old_answer = next(b.data for b in q_mine.buttons[0] if b.data)
        assert old_answer is not None
        stale = await mine.press_data(q_mine.message_id, old_answer)
        assert (await mine.wait_answer(stale)).text == t("cb.stale_cycle", "id")
        await mine.send_photo()  # a message, not a button: said as such
        told = (await mine.wait_for()).text
        assert told == texts.plain("text.stale_cycle", "id") and "Tombol" not in told
        assert await store.evidence(sc_mine) == []
        assert await store.answer_states(sc_mine) == {}
        await mine.send("/periksa")
        fresh = await mine.wait_for()
        assert position(fresh) == (1, len(rubric.load_builtin("pekppp-2024").items))
        assert q_other.message_id
    assert api_errors(fake_api) == []


async def test_hostile_names_produce_no_api_errors(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    unit = 'Dinas <Sosial> & "PMPTSP" 🏛️'
    long_unit = "Unit " + "Pelayanan <Terpadu> & Satu Pintu " * 5
    long_unit = " ".join(long_unit[:200].split())
    product = 'KTP-el <baru> & "cepat" 🚀 ' + "x" * 60
    world = await seed(
        tmp_settings.database,
        units=(("Kota <Metro>", unit, (product[:100],)), ("Kota <Metro>", long_unit, ())),
    )
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(851, '<b>Sari</b> & "co" ' + "😀" * 140)
        welcome = await join(officer, world.codes[unit])
        assert unit in welcome.text
        await officer.send("/periksa")
        first = await officer.wait_for()
        end = await walk(officer, first, lambda q: option_labels(q)[position(q)[0] % 2])
        assert unit in end.text
        await officer.send("/kekurangan")
        gaps = await officer.wait_for()
        assert product[:20] in gaps.text
        await officer.send("/produk")
        listing = await officer.wait_for()
        assert product[:100].strip() in listing.text
        await officer.press(listing, "➕ Tambah produk")
        await officer.wait_for()
        await officer.send("P" * 300)
        assert "tidak bisa dipakai" in (await officer.wait_for()).text
        store, _, selfcheck = await officer_state(app, 851)
        the_rubric = store.rubric(selfcheck.rubric_id)
        na_item = next(i for i in the_rubric.items if i.na_allowed)
        shown = await press(officer, end, "Daftar")
        await officer.press_data(
            shown.message_id, cb.Open(sc=selfcheck.id, key=key_ref(na_item.id)).pack()
        )
        opened = await officer.wait_for(lambda m: m.message_id == shown.message_id)
        await officer.press(opened, "Tidak berlaku")
        await officer.wait_for()
        # Telegram's 4096-character message holds a note one over the limit.
        assert NOTE_MAX == 4000
        note = ('<script>alert("x")</script> & ' * 200)[: NOTE_MAX + 1]
        await officer.send(note)
        assert "paling banyak" in (await officer.wait_for()).text
        await officer.send(note[:NOTE_MAX])
        assert "Tidak berlaku" in (await officer.wait_for()).text
        await officer.wait_for()
        await officer.press_data(
            opened.message_id, cb.Open(sc=selfcheck.id, key=key_ref(na_item.id)).pack()
        )
        # (the question the reason superseded lost its buttons first: wait for them back)
        back = await officer.wait_for(lambda m: m.message_id == opened.message_id and m.buttons)
        assert '<script>alert("x")</script>' in back.text
        # Kept whole; the question shows it clipped (the edit fits one message: no API error).
        assert (await store.answer_history(selfcheck, na_item.id))[-1].note == note[:NOTE_MAX]
        assert len(back.text) <= 4096

        other = fake_api.user(852, "Panjang")
        assert long_unit.strip()[:50] in (await join(other, world.codes[long_unit])).text
        await other.send("/periksa")
        assert "produk" in (await other.wait_for()).text
        await other.send("/skor")
        score = await other.wait_for()
        assert "Total: 0.00 poin" in score.text
    assert api_errors(fake_api) == []


async def test_english_user_sees_english(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(861, "Jane", language_code="en-US")
        welcome = await join(officer, world.codes["Dinas Sosial"])
        assert welcome.text.startswith("Welcome, Jane!") and "/check" in welcome.text
        await officer.send("/check")
        first = await officer.wait_for()
        assert [b.text for b in first.buttons[-1]] == ["⬅ Back", "Skip ➡", "List"]
        store, _, selfcheck = await officer_state(app, 861)
        the_rubric = store.rubric(selfcheck.rubric_id)
        plain = next(
            k
            for k in await store.checklist(selfcheck)
            if the_rubric.item(k.partition("@")[0]).options
            == rubric.Item.model_fields["options"].default_factory()
        )  # type: ignore[union-attr, misc]
        shown = await press(officer, first, "List")
        assert shown.text.startswith("Items (0/50 answered)")
        question = await press(officer, shown, cb.Open(sc=selfcheck.id, key=key_ref(plain)).pack())
        assert option_labels(question) == ["Yes", "Partly", "No"]
        the_item = the_rubric.item(plain.partition("@")[0])
        assert the_item is not None and the_item.question.en in question.text
        await officer.send("/score")
        assert (await officer.wait_for()).text.startswith("Total: 0.00 poin")

        await officer.send("/language")
        choose = await officer.wait_for()
        switched = await press(officer, choose, "🇮🇩 Bahasa Indonesia")
        assert switched.text == texts.render("language.set", "id")
        await officer.send("/help")
        assert "/periksa" in (await officer.wait_for()).text
        person = await store.person(861)
        assert person is not None and person.language == "id"
    assert api_errors(fake_api) == []


async def test_command_menus_in_both_languages(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        indonesian = [c["command"] for c in fake_api.commands_for(None, "")]
        english = [c["command"] for c in fake_api.commands_for(None, "en")]
        assert indonesian == [
            "start",
            "periksa",
            "skor",
            "kekurangan",
            "produk",
            "survei",
            "ringkasan",
            "unduh",
            "tinjau",
            "undang",
            "pengingat",
            "bahasa",
            "bantuan",
            "batal",
        ]
        assert english == [
            "start",
            "check",
            "score",
            "gaps",
            "products",
            "survey",
            "summary",
            "export",
            "review",
            "invite",
            "reminders",
            "language",
            "help",
            "cancel",
        ]
        assert await services_of(app).store.get_meta("bot_username") == fake_api.bot_username


async def test_admins_and_coordinators(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Kota Metro",))
    settings = tmp_settings.model_copy(update={"admins": frozenset({871})})
    async with running_bot(settings, clock=fixed_clock):
        admin = fake_api.user(871, "Admin")
        await admin.send("/start")
        assert "admin" in (await admin.wait_for()).text
        await admin.send("/bantuan")
        admin_help = (await admin.wait_for()).text
        assert "siapnilai" in admin_help
        assert "/ringkasan WILAYAH" in admin_help and "/unduh WILAYAH" in admin_help
        await admin.send("/periksa")  # an officer's command: what an admin can do instead
        told = (await admin.wait_for()).text
        assert told == re.sub("</?i>", "", texts.render("officer_only_admin", "id"))
        assert "Sebagai admin: /ringkasan WILAYAH" in told
        await admin.send("/skor")
        assert (await admin.wait_for()).text == told

        coordinator = fake_api.user(872, "Koor")
        joined = await join(coordinator, world.codes["coordinator:Kota Metro"])
        assert "koordinator" in joined.text and "Kota Metro" in joined.text
        await coordinator.send("/skor")
        told = (await coordinator.wait_for()).text
        assert told == texts.render("officer_only_coordinator", "id") and "/tinjau" in told
        await coordinator.send("/bantuan")
        coordinator_help = (await coordinator.wait_for()).text
        assert "/ringkasan" in coordinator_help and "/unduh" in coordinator_help
        assert texts.plain("co.btn_pack", "id") in coordinator_help
        # An officer's button pressed by the coordinator changes nothing.
        officer = fake_api.user(873, "Petugas")
        question = await open_check(officer, world.codes["Dinas Sosial"])
        data = next(b.data for row in question.buttons for b in row if b.data)
        assert data is not None
        pressed = await coordinator.press_data(1, data)
        assert (await coordinator.wait_answer(pressed)).text == texts.plain("cb.forbidden", "id")
    assert api_errors(fake_api) == []


async def test_no_cycle_yet(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    """No cycle: every officer command says so, /unduh too (no empty workbook whose notes
    name no instrument); the coordinator's /unduh says what /ringkasan says."""
    metro = ("Kota Metro",)
    world = await seed(tmp_settings.database, units=UNITS, window=None, coordinators=metro)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(874, "Awal")
        await join(officer, world.codes["Dinas Sosial"])
        for command in ("/periksa", "/skor", "/kekurangan", "/unduh"):
            await officer.send(command)
            assert (await officer.wait_for()).text == texts.render("cycle.none", "id")
        coordinator = fake_api.user(875, "Koord")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send("/unduh")
        said = await coordinator.wait_for(lambda m: m.kind == "message")
        assert said.text == texts.render("co.no_cycle", "id")
        await coordinator.wait_idle()
        assert "sendDocument" not in [r.method for r in fake_api.requests]
    assert api_errors(fake_api) == []


async def test_a_failing_request_is_reported_and_others_are_served(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        unlucky, lucky = fake_api.user(881, "Sial"), fake_api.user(882, "Untung")
        q_unlucky = await open_check(unlucky, world.codes["Dinas Sosial"])
        q_lucky = await open_check(lucky, world.codes["Dinas Sosial"])
        fake_api.fail_next("editMessageText", 400, description="Bad Request: something odd")
        await unlucky.press(q_unlucky, option_labels(q_unlucky)[0])
        sorry = await unlucky.wait_for(lambda m: m.kind == "message")
        # The answer was stored before the edit failed: said saved (issue 16 #11).
        assert "sudah tersimpan" in sorry.text
        moved = await press(lucky, q_lucky, "Lewati ➡")
        assert is_question(moved) and position(moved)[0] == 2
        # "message is not modified" is quiet: pressing the list twice shows no error.
        listing = await press(lucky, moved, "Daftar")
        selfcheck_id = int(str(listing.buttons[0][0].data).split(":")[2])
        await lucky.press_data(listing.message_id, cb.ListPage(sc=selfcheck_id, page=1).pack())
        await lucky.wait_idle()
        assert all(m.text != texts.render("error.generic", "id") for m in lucky.messages)


async def test_blocking_the_bot_and_coming_back(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(891, "Blok")
        await join(officer, world.codes["Dinas Sosial"])
        store = services_of(app).store
        await officer.send("/tidakada")
        assert (await officer.wait_for()).text == texts.render("unknown_command", "id")
        await officer.send("halo")
        assert (await officer.wait_for()).text == texts.render("text.unexpected", "id")
        await officer.send("/bantuan")
        help_text = (await officer.wait_for()).text
        for command in ("/periksa", "/skor", "/kekurangan", "/produk", "/unduh", "/pengingat"):
            assert command in help_text
        assert "/bahasa" in help_text and texts.plain("co.btn_pack", "id") in help_text
        assert "/ringkasan" not in help_text

        fake_api.block(891, notify=True)
        # The bot answers a block with a write and no request: wait (bounded) for the row,
        # not for a quiet gap, which can pass before the bot reaches its write under load.
        for _ in range(200):
            person = await store.person(891)
            if person is None or not person.active:
                break
            await asyncio.sleep(0.05)
        assert person is not None and not person.active
        fake_api.unblock(891)
        await officer.send("/start")
        welcome = await officer.wait_for()
        assert "Selamat datang kembali" in welcome.text
        person = await store.person(891)
        assert person is not None and person.active
    assert api_errors(fake_api) == []
