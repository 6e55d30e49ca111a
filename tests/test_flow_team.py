"""Two officers of one unit on one self-check (issue 14): a press, a typed N/A reason or a
file made on a screen a colleague has since changed writes nothing; the officer sees the
answer as it is now, who gave it and when, and `Ganti` replaces it with one more press."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from bot import texts
from bot.keyref import key_ref
from bot.store import KeyWrite, SelfCheck, Store
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import (
    api_errors,
    edited,
    fixed_clock,
    join,
    officer_state,
    open_check,
    press,
    seed,
)

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)),)
LAKTASI = "input-ruang-laktasi"
"""An item that takes N/A and asks for evidence (ombudsman-2024)."""


async def open_item(user: SimUser, shown: MessageView, selfcheck_id: int, key: str) -> MessageView:
    await user.press_data(shown.message_id, cb.Open(sc=selfcheck_id, key=key_ref(key)).pack())
    return await edited(user, shown)


async def text_meets_a_change(
    budi: SimUser, sari: SimUser, selfcheck_id: int, key: str, asked: tuple[str, str],
    sari_answers: str, typed: str, told: str,
) -> MessageView:  # fmt: skip
    """Budi presses `asked` (a button, the prompt it brings) on `key`; Sari answers
    `sari_answers` on her screen meanwhile; Budi's `typed` text then meets her change: the
    screen that tells him so (it holds `told`)."""
    b_screen = await open_item(budi, budi.messages[-1], selfcheck_id, key)
    s_screen = await open_item(sari, sari.messages[-1], selfcheck_id, key)
    await budi.press(b_screen, asked[0])
    await budi.wait_text(asked[1])
    await press(sari, s_screen, sari_answers)
    await budi.send(typed)
    return await budi.wait_text(told)


async def setup(app: Any, fake_api: FakeBotAPI, code: str) -> tuple[Store, int, SimUser, SimUser]:
    from tests.flow_helpers import officer_state

    budi, sari = fake_api.user(901, "Budi"), fake_api.user(902, "Sari")
    await open_check(budi, code)
    await open_check(sari, code)
    store, _, selfcheck = await officer_state(app, 901)
    return store, selfcheck.id, budi, sari


def live_question_keyboards(user: SimUser) -> list[int]:
    """The bot's messages in the chat that still carry answer buttons."""
    return [
        m.message_id
        for m in user.messages
        if any(b.data and b.data.startswith("v1:a:") for row in m.buttons for b in row)
    ]


async def settled_keyboards(user: SimUser, settled: Callable[[list[int]], bool]) -> list[int]:
    """`live_question_keyboards` once `settled` holds, or as they are after 10 s: the old
    question's buttons go in an edit after the new question is sent and the chat state is
    written (fsync'd), which under load can come later than `wait_idle`'s quiet gap."""
    for _ in range(200):  # 200 × 50 ms
        found = live_question_keyboards(user)
        if settled(found):
            return found
        await asyncio.sleep(0.05)
    return live_question_keyboards(user)


LAST_YEAR = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)


async def last_years_answer(app: Any, officer: int) -> tuple[str, SelfCheck]:
    """Last year's regional cycle of the same rubric, whose first item the officer
    answered in June 2025 (LAST_YEAR; offered with ↺ Masih berlaku now). Returns that
    item's key and last year's self-check."""
    store, person, selfcheck = await officer_state(app, officer)
    region = await store.resolve_region("Kota Metro")
    await store.open_cycle(
        "ombudsman-2024", date(2025, 5, 1), date(2025, 9, 30), region.id, now=LAST_YEAR
    )
    old = await store.current_selfcheck(person, now=LAST_YEAR)
    assert old is not None and old.id != selfcheck.id
    key = (await store.checklist(selfcheck))[0]
    first = store.rubric(selfcheck.rubric_id).items[0]
    await store.record_answer(KeyWrite(person, old.id, key), first.options[0].id, now=LAST_YEAR)
    return key, old


async def test_a_press_on_a_stale_screen_writes_nothing_and_ganti_replaces(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        b_screen = await open_item(budi, budi.messages[-1], sc, LAKTASI)
        s_screen = await open_item(sari, sari.messages[-1], sc, LAKTASI)
        assert "Belum dijawab" in s_screen.text
        await press(budi, b_screen, "Sebagian")  # Budi answers first (evidence prompt follows)
        changed = await press(sari, s_screen, "Tidak")  # Sari's screen still shows no answer
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        history = await store.answer_history(selfcheck, LAKTASI)
        assert [(h.option_id, h.by) for h in history] == [("sebagian", 901)]
        assert "baru diubah rekan Anda" in changed.text
        assert "Sekarang: Sebagian — oleh Budi" in changed.text
        assert changed.button_texts[0] == "Ganti: Tidak"
        # One more press replaces Budi's answer, knowingly.
        after = await press(sari, changed, "Ganti: Tidak")
        history = await store.answer_history(selfcheck, LAKTASI)
        assert [(h.option_id, h.by) for h in history] == [("sebagian", 901), ("tidak", 902)]
        assert after.text != changed.text
        # Budi's evidence prompt showed his answer: his file now writes nothing either.
        await budi.send_photo(caption="ruang laktasi")
        refused = await budi.wait_text("berkas Anda")
        assert "Sekarang: Tidak — oleh Sari" in refused.text
        assert await store.evidence(selfcheck, LAKTASI) == []
        assert len(await settled_keyboards(budi, lambda live: len(live) == 1)) == 1
    assert api_errors(fake_api) == []


async def test_a_typed_na_reason_meets_a_change_and_is_kept_for_ganti(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        b_screen = await open_item(budi, budi.messages[-1], sc, LAKTASI)
        s_screen = await open_item(sari, sari.messages[-1], sc, LAKTASI)
        await budi.press(b_screen, "Tidak berlaku")
        await budi.wait_text("Mengapa butir ini")
        await press(sari, s_screen, "Tidak")  # Sari answers while Budi is typing
        await budi.send("Tidak ada ibu menyusui di antara pengguna layanan")
        changed = await budi.wait_text("alasannya tetap disimpan")
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        assert [h.option_id for h in await store.answer_history(selfcheck, LAKTASI)] == ["tidak"]
        assert "Ganti: Tidak berlaku" in changed.button_texts
        # The older question keeps no live answer buttons: one chat, one live question.
        assert await settled_keyboards(budi, lambda live: len(live) == 1) == [changed.message_id]
        await press(budi, changed, "Ganti: Tidak berlaku")
        history = await store.answer_history(selfcheck, LAKTASI)
        assert [(h.option_id, h.by) for h in history][-1] == ("na", 901)
        assert history[-1].note == "Tidak ada ibu menyusui di antara pengguna layanan"
        # Sari's screen (edited in place to the next item) does not hold item 21 any more;
        # going back shows Budi's change with his name.
        back = await open_item(sari, sari.messages[-1], sc, LAKTASI)
        assert "Dijawab oleh Budi" in back.text
    assert api_errors(fake_api) == []


async def _person(store: Store, telegram_id: int) -> Any:
    person = await store.person(telegram_id)
    assert person is not None
    return person


async def send_sticker(fake_api: FakeBotAPI, user: SimUser) -> None:
    """A sticker, as Telegram sends one (the fake user has no helper for it)."""
    data = fake_api.message_json(user._message())
    data["sticker"] = {
        "file_id": "sticker-1",
        "file_unique_id": "sticker-u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    fake_api.enqueue("message", data, user.id)


async def test_the_bot_does_what_the_person_meant(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A photo under a question is its evidence (one line, with Undo); a typed label answers
    it; a sticker is told what the bot waits for."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, _ = await setup(app, fake_api, world.codes["Dinas Sosial"])
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        first = budi.messages[-1]  # 1/50, no prompt pending
        await budi.send_photo(caption="daftar hadir sosialisasi")
        line = await budi.wait_text("📎 1 berkas untuk butir 1/50")
        assert line.button_texts == ["↩ Batalkan"]
        first_key = (await store.checklist(selfcheck))[0]
        assert len(await store.evidence(selfcheck, first_key)) == 1
        undone = await press(budi, line, "↩ Batalkan")
        assert "1 berkas dibatalkan; tersisa 0 berkas untuk butir 1/50" in undone.text
        assert await store.evidence(selfcheck, first_key) == []

        # A level's label, typed in any case, answers the question on screen.
        await budi.send("sebagian BESAR")
        assert "Tersimpan: Sebagian besar" in (await budi.wait_text("Tersimpan")).text
        following = await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        assert following.text.startswith("2/50")
        history = await store.answer_history(selfcheck, first_key)
        assert [h.option_id for h in history] == [
            store.rubric(selfcheck.rubric_id).items[0].options[1].id
        ]
        # The superseded question lost its buttons: one chat, one live question.
        live = await settled_keyboards(budi, lambda live: first.message_id not in live)
        assert live == [following.message_id]

        # "ya" on a yes/no item; the evidence prompt follows.
        shown = await open_item(budi, following, sc, "input-jumlah-pelaksana")
        assert shown.text.startswith("8/50")
        await budi.send("Ya")
        await budi.wait_text("Tersimpan: Ya")
        assert (await store.answer_history(selfcheck, "input-jumlah-pelaksana"))[
            -1
        ].option_id == "ya"

        # A sticker while the evidence prompt waits: told what is awaited, for which item.
        await send_sticker(fake_api, budi)
        told = await budi.wait_text("Saya menunggu bukti untuk butir 8/50")
        assert "Stiker" in told.text
    assert api_errors(fake_api) == []


async def test_typed_answers_in_english(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        dewi = fake_api.user(903, "Dewi", language_code="en")
        first = await open_check(dewi, world.codes["Dinas Sosial"])
        from tests.flow_helpers import officer_state

        store, _, selfcheck = await officer_state(app, 903)
        shown = await open_item(dewi, first, selfcheck.id, "input-jumlah-pelaksana")
        await dewi.send("what?")
        told = await dewi.wait_text("I'm waiting for an answer to item 8/50")
        assert "type the answer" in told.text
        await dewi.send("no")
        await dewi.wait_text("Saved: No")
        assert [
            h.option_id for h in await store.answer_history(selfcheck, "input-jumlah-pelaksana")
        ] == ["tidak"]
        live = await settled_keyboards(dewi, lambda live: shown.message_id not in live)
        assert shown.message_id not in live
    assert api_errors(fake_api) == []


async def test_a_note_on_an_answer_is_shown_everywhere_and_meets_a_change(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        key = "input-jumlah-pelaksana"  # 8/50: Ya / Sebagian / Tidak, evidence asked
        shown = await open_item(budi, budi.messages[-1], sc, key)
        assert "📝 Catatan" not in shown.button_texts  # nothing answered: nothing to note
        await press(budi, shown, "Sebagian")
        await budi.send("/periksa")
        await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        again = await open_item(budi, budi.messages[-1], sc, key)
        assert "📝 Catatan" in again.button_texts
        await budi.press(again, "📝 Catatan")
        asked = await budi.wait_text("Tulis catatan untuk jawaban butir 8/50")
        assert "/batal" in asked.text
        await budi.send("dokumen ABK masih di bagian <kepegawaian>")
        await budi.wait_text("Catatan tersimpan")
        noted = await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        assert "📝 Catatan: dokumen ABK masih di bagian <kepegawaian>" in noted.text
        assert "Dijawab oleh Budi" in noted.text
        history = await store.answer_history(selfcheck, key)
        assert [(h.option_id, h.note) for h in history][-1] == (
            "sebagian",
            "dokumen ABK masih di bagian <kepegawaian>",
        )
        # /kekurangan names it under its gap (page 1 also lists the item among those not
        # verified yet, without the note: page on until its gap line).
        await budi.send("/kekurangan")
        gaps = await budi.wait_text("Kekurangan")
        note = "📝 dokumen ABK masih di bagian <kepegawaian>"
        while note not in gaps.text and "▶" in gaps.button_texts:
            gaps = await press(budi, gaps, "▶")
        assert note in gaps.text
        before_note = gaps.text.split(note)[0].rsplit("\n\n", 1)[-1]
        assert "jumlah petugas layanan" in before_note  # under its own gap
        # The evidence pack's index carries it with each file of the item.
        await budi.send_document(b"%PDF-1.4 abk", "abk.pdf", "application/pdf")
        await budi.wait_text("📎 1 berkas")
        lines = await store.evidence_lines(world.units["Dinas Sosial"])
        assert [line.note for line in lines] == ["dokumen ABK masih di bagian <kepegawaian>"]

        # A note typed while a colleague changes the answer: nothing written, kept for Ganti.
        note = ("📝 Catatan", "Tulis catatan")
        changed = await text_meets_a_change(
            budi, sari, sc, key, note, "Ya", "SK sudah ditandatangani", "catatan Anda belum"
        )
        assert "Sekarang: Ya — oleh Sari" in changed.text
        assert [h.by for h in await store.answer_history(selfcheck, key)][-1] == 902
        await press(budi, changed, "Ganti: 📝 Catatan")
        last = (await store.answer_history(selfcheck, key))[-1]
        assert (last.option_id, last.note, last.by) == ("ya", "SK sudah ditandatangani", 901)
    assert api_errors(fake_api) == []


async def test_last_cycles_answers_are_carried_forward_with_masih_berlaku(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:

    from bot.store import EvidenceFile
    from tests.flow_helpers import officer_state

    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        budi = fake_api.user(901, "Budi")
        await open_check(budi, world.codes["Dinas Sosial"])
        store, person, selfcheck = await officer_state(app, 901)
        first_key, old = await last_years_answer(app, 901)
        then = LAST_YEAR
        key = "input-jumlah-pelaksana"
        await store.record_answer(KeyWrite(person, old.id, key), "ya", note="SK ABK 2025", now=then)
        file = EvidenceFile(file_id="abk-file", file_unique_id="abk-u", kind="photo")
        await store.attach_evidence(KeyWrite(person, old.id, key), file, now=then)

        await budi.send("/periksa")
        question = await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        assert question.text.startswith("1/50")
        assert "↺ Siklus sebelumnya: Semua paham — oleh Budi, 2025-06-02 10:00" in question.text
        assert question.button_texts[0] == "↺ Masih berlaku"
        following = await press(budi, question, "↺ Masih berlaku")
        assert following.text.startswith("2/50")
        item8 = await open_item(budi, following, selfcheck.id, key)
        assert "↺ Siklus sebelumnya: Ya" in item8.text and "SK ABK 2025" in item8.text
        assert "📎 1 berkas" in item8.text
        await press(budi, item8, "↺ Masih berlaku")
        states = await store.answer_states(selfcheck)
        assert states[key].option_id == "ya" and states[key].note == "SK ABK 2025"
        assert states[key].carried and states[first_key].carried
        # The file is referenced, not copied: the same Telegram file, a row naming the old one.
        carried = await store.evidence(selfcheck, key)
        assert [e.file.file_id for e in carried] == ["abk-file"]
        assert len(await store.evidence(old, key)) == 1
        back = await open_item(budi, budi.messages[-1], selfcheck.id, key)
        assert "↺ Masih berlaku, dikonfirmasi oleh Budi" in back.text
        await budi.send("/skor")
        score = await budi.wait_text("Total")
        assert "↺ Dari siklus sebelumnya: 2 butir bisa dibawa, 2 dikonfirmasi" in score.text
    assert api_errors(fake_api) == []


async def test_a_carried_answer_names_who_confirmed_it_and_whose_it_was_and_a_return_shows(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Sari confirms Budi's answer of June 2025: the screen says both, each with its own
    moment. The offer of an answer the coordinator returned last cycle shows the return."""
    from datetime import UTC, date, datetime

    from bot.store import EvidenceFile
    from tests.flow_helpers import officer_state

    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc_id, _, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        _, budi_person, selfcheck = await officer_state(app, 901)
        then = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
        region = await store.resolve_region("Kota Metro")
        await store.open_cycle(
            "ombudsman-2024", date(2025, 5, 1), date(2025, 9, 30), region.id, now=then
        )
        old = await store.current_selfcheck(budi_person, now=then)
        assert old is not None
        key = "input-jumlah-pelaksana"
        await store.record_answer(KeyWrite(budi_person, old.id, key), "ya", now=then)
        file = EvidenceFile(file_id="abk-file", file_unique_id="abk-u", kind="photo")
        await store.attach_evidence(KeyWrite(budi_person, old.id, key), file, now=then)
        answer = (await store.answer_history(old, key))[-1]
        await store.record_review(
            950, True, old.id, key, answer.id, "returned", "ABK <kedaluwarsa>", now=then
        )

        await sari.send("/periksa")
        shown = await sari.wait_for(lambda m: m.kind == "message" and m.buttons)
        offer = await open_item(sari, shown, sc_id, key)
        assert "↺ Siklus sebelumnya: Ya — oleh Budi, 2025-06-02 10:00" in offer.text
        assert "Dikembalikan untuk diperbaiki di siklus itu: ABK <kedaluwarsa>" in offer.text
        await press(sari, offer, "↺ Masih berlaku")
        back = await open_item(sari, sari.messages[-1], sc_id, key)
        assert (
            "↺ Masih berlaku, dikonfirmasi oleh Sari, 2026-03-02 08:00; "
            "jawaban siklus sebelumnya oleh Budi, 2025-06-02 10:00"
        ) in back.text
        assert "Dikembalikan untuk diperbaiki di siklus itu" not in back.text
        assert (await store.answer_states(selfcheck))[key].carried
    assert api_errors(fake_api) == []


async def test_a_sticker_when_nothing_is_awaited_says_what_the_bot_reads(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Not "I'm not waiting for text" for a sticker: what the bot reads, and the way on."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(960, "Sari")
        await join(officer, world.codes["Dinas Sosial"])
        await send_sticker(fake_api, officer)
        told = await officer.wait_for()
        assert told.text == texts.plain("message.unsupported", "id")
    assert api_errors(fake_api) == []
