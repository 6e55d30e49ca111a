"""Review verdicts that change or stand, through the real bot and the fake Bot API:

- files undone (or added) under an accepted answer void the acceptance: the item is back in
  the queue and the verified score (/skor, /ringkasan, the workbook: one rule) drops it;
- a returned item does not count as verified until it is answered again, and, answered
  again, it is back in the queue even without files;
- the same verdict twice on one answer records and tells nothing twice; accepting a returned
  item tells the officers who were asked to fix it."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.keyref import files_ref, key_ref
from bot.reports.summary import summarize_unit
from bot.reports.workbook import verified_value
from bot.services import services_of
from bot.store import EvidenceFile, KeyWrite, Store
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import edited, officer_state, press
from tests.store_fixtures import Clock
from tests.test_coordinator import COORDINATOR, OFFICER, START, World, build, prepare
from tests.test_review import answer_evidence_keys, button_with, totals

EVIDENCE_KEY = "input-pengawasan-internal"  # requires evidence; its best is worth 1.18 points
PLAIN_KEY = "input-paham-komponen-sp"  # counts without evidence; `prepare` answers it


async def score(officer: SimUser) -> tuple[float, float]:
    """(claimed, verified) as the officer's /skor shows them."""
    await officer.send("/skor")
    return totals((await officer.wait_text("Terverifikasi:")).text)


async def waiting_label(coordinator: SimUser) -> str:
    """The Dukcapil button of the coordinator's /tinjau (it ends with how many wait)."""
    return button_with(await units_list(coordinator), "Dukcapil Kota Metro")


async def units_list(coordinator: SimUser) -> MessageView:
    await coordinator.send("/tinjau")
    return await coordinator.wait_text("Tinjau · Kota Metro")


async def first_waiting(coordinator: SimUser, waiting: int) -> MessageView:
    """/tinjau → Dukcapil → its queue, where `waiting` items wait: the first of them."""
    units = await units_list(coordinator)
    await coordinator.press(units, button_with(units, "Dukcapil Kota Metro"))
    scopes = await coordinator.wait_text("menunggu tinjauan")
    await coordinator.press(scopes, button_with(scopes, f"Menunggu tinjauan ({waiting})"))
    return await coordinator.wait_text(f"1/{waiting}")


async def accept_the_queue(coordinator: SimUser) -> None:
    """/tinjau → Dukcapil → the queue, where one item waits → ✅ Sesuai."""
    item = await first_waiting(coordinator, 1)
    pressed = await coordinator.press(item, "✅ Sesuai")
    assert (await coordinator.wait_answer(pressed)).text == "Dinyatakan sesuai."
    await coordinator.wait_text("Tidak ada lagi")


async def answer_with_photo(app: Any, officer: SimUser) -> MessageView:
    """The officer gives EVIDENCE_KEY its best answer in chat, sends a photo: the confirmation."""
    await officer.send("/periksa")
    question = await officer.wait_for(lambda m: m.kind == "message" and bool(m.buttons))
    _, _, sc = await officer_state(app, OFFICER)
    opened = cb.Open(sc=sc.id, key=key_ref(EVIDENCE_KEY)).pack()
    await officer.press_data(question.message_id, opened)
    shown = await edited(officer, question)
    await press(officer, shown, "Rutin, ada laporan")
    await officer.send_photo(b"\x89PNG\r\n\x1a\nSK pengawas")
    await officer.wait_text("📎 1 berkas")
    await officer.wait_idle()
    return next(m for m in reversed(officer.messages) if "↩ Batalkan" in m.button_texts)


async def workbook_verified(app: Any, world: World) -> float | None:
    """The workbook's Terverifikasi column for Dukcapil (the summary's own figure)."""
    store = services_of(app).store
    snapshot = await store.overview(world.metro)
    unit = next(u for u in snapshot.units if u.unit.id == world.dukcapil)
    the_rubric = store.rubric(unit.cycle.rubric_id) if unit.cycle is not None else None
    return verified_value(summarize_unit(unit, the_rubric))


async def add_file(app: Any, key: str, fake_api: FakeBotAPI) -> None:
    store: Store = services_of(app).store
    officer = await store.person(OFFICER)
    assert officer is not None
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    stored = fake_api.new_file("photo", b"\x89PNG\r\n\x1a\nlaporan triwulan")
    await store.attach_evidence(
        KeyWrite(officer, sc.id, key), EvidenceFile(stored.file_id, stored.file_unique_id, "photo")
    )


async def test_files_changed_under_an_acceptance_send_the_item_back(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        officer, coordinator = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        ack = await answer_with_photo(app, officer)
        assert await score(officer) == (1.18, 0.0)  # claimed, not accepted yet

        clock.advance(minutes=10)
        await accept_the_queue(coordinator)
        assert await score(officer) == (1.18, 1.18)
        assert await workbook_verified(app, world) == 1.18
        assert (await waiting_label(coordinator)).endswith("· 0 menunggu")

        clock.advance(minutes=10)
        undo = await officer.press(ack, "↩ Batalkan")
        await officer.wait_answer(undo)
        await officer.wait_text("1 berkas dibatalkan; tersisa 0 berkas")
        # The acceptance covered a file that is gone: nothing is verified, and the item is
        # back in the queue (no file: the coordinator can return it).
        assert await score(officer) == (1.18, 0.0)
        assert await workbook_verified(app, world) == 0.0
        await coordinator.send("/ringkasan")
        summary = await coordinator.wait_text("terverifikasi")
        line = next(x for x in summary.text.splitlines() if "terverifikasi" in x)
        assert "skor 1.18" in line and "terverifikasi 0.00" in line, line
        assert (await waiting_label(coordinator)).endswith("· 1 menunggu")

        clock.advance(minutes=10)
        await add_file(app, EVIDENCE_KEY, fake_api)  # a new file: still to be accepted
        assert await score(officer) == (1.18, 0.0)
        clock.advance(minutes=10)
        await accept_the_queue(coordinator)
        assert await score(officer) == (1.18, 1.18)

        clock.advance(minutes=10)
        await add_file(app, EVIDENCE_KEY, fake_api)  # a file the acceptance never saw
        assert await score(officer) == (1.18, 0.0)
        assert (await waiting_label(coordinator)).endswith("· 1 menunggu")


async def return_by_press(coordinator: SimUser, app: Any, world: World, key: str) -> None:
    """The coordinator presses ↩ Kembalikan on `key`'s latest answer and types a comment."""
    store = services_of(app).store
    sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
    assert sc_id is not None
    _, _, items = await store.review_items(COORDINATOR, False, sc_id)
    item = next(i for i in items if i.answer.key == key)
    units = await coordinator.wait_text("Tinjau · Kota Metro")
    ev = files_ref(item.evidence_ids)
    data = cb.ReviewVerdict(
        sc=sc_id, key=key_ref(key), ans=item.answer.id, ev=ev, v="r", was="n"
    ).pack()
    await coordinator.press_data(units.message_id, data)
    await coordinator.wait_text("Tulis dalam satu pesan")
    await coordinator.send("Belum ada <b>bukti</b> sosialisasi")
    await coordinator.wait_text("Dikembalikan ke")


async def test_a_returned_item_is_not_verified_until_answered_again(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        officer, coordinator = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        claimed, verified = await score(officer)
        assert claimed == verified > 0  # six plain items: they count without a review

        await coordinator.send("/tinjau")
        await return_by_press(coordinator, app, world, PLAIN_KEY)
        notice = await officer.wait_text("dikembalikan oleh koordinator")
        claimed_after, verified_after = await score(officer)
        assert claimed_after == claimed and verified_after < verified
        assert await workbook_verified(app, world) == verified_after

        await officer.press(notice, "Buka butir")
        question = await officer.wait_text("Dikembalikan untuk diperbaiki:")
        await press(officer, question, question.button_texts[0])  # the same best answer
        assert await score(officer) == (claimed, verified)


async def test_a_returned_item_without_files_is_queued_again_once_answered(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        officer, coordinator = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        assert (await waiting_label(coordinator)).endswith("· 0 menunggu")  # no files
        await coordinator.send("/tinjau")
        await return_by_press(coordinator, app, world, PLAIN_KEY)
        notice = await officer.wait_text("butir ini akan ditinjau ulang")
        assert (await waiting_label(coordinator)).endswith("· 0 menunggu")  # returned

        await officer.press(notice, "Buka butir")
        question = await officer.wait_text("Dikembalikan untuk diperbaiki:")
        await press(officer, question, question.button_texts[1])
        # As the notice promised: the new answer waits for the coordinator.
        units = await units_list(coordinator)
        label = button_with(units, "Dukcapil Kota Metro")
        assert label.endswith("· 1 menunggu")
        await coordinator.press(units, label)
        scopes = await coordinator.wait_text("menunggu tinjauan")
        await coordinator.press(scopes, button_with(scopes, "Menunggu tinjauan (1)"))
        item = await coordinator.wait_text("1/1")
        assert "Belum ada bukti" in item.text and "Sudah dikembalikan" not in item.text


async def test_the_same_verdict_twice_changes_nothing_and_a_changed_one_is_told(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        officer, coordinator = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        first = await first_waiting(coordinator, 2)
        await coordinator.press(first, "↩ Kembalikan")
        await coordinator.wait_text("Tulis dalam satu pesan")
        await coordinator.send("Foto tidak terbaca")
        await coordinator.wait_text("Dikembalikan ke")
        await officer.wait_text("dikembalikan oleh koordinator")
        store = services_of(app).store
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None

        def told() -> list[str]:
            return [m.text for m in officer.messages if "oleh koordinator" in m.text]

        again = await coordinator.press(first, "↩ Kembalikan")  # the old message, once more
        assert (await coordinator.wait_answer(again)).text == (
            "Butir ini sudah dikembalikan; menunggu petugas menjawab lagi."
        )
        await coordinator.send("Komentar kedua")  # no return awaits a comment: not one
        await coordinator.wait_idle()
        assert [r.verdict for r in await store.review_history(sc_id)] == ["returned"]

        accept = await coordinator.press(first, "✅ Sesuai")  # changed: accepted after all
        assert (await coordinator.wait_answer(accept)).text == "Dinyatakan sesuai."
        notice = await officer.wait_text("kini dinyatakan sesuai oleh koordinator")
        assert notice.button_texts == ["Buka butir"]
        fake_api.redeliver(accept.update_id)  # Telegram delivers the press again
        await coordinator.wait_idle()
        twice = await coordinator.press(first, "✅ Sesuai")
        assert (await coordinator.wait_answer(twice)).text == (
            "Butir ini sudah dinyatakan sesuai; tidak ada yang berubah."
        )
        await officer.wait_idle()
        assert [r.verdict for r in await store.review_history(sc_id)] == ["returned", "accepted"]
        assert len(told()) == 2  # the return, then its acceptance: nothing twice

        await officer.send("/kekurangan")
        gaps = await officer.wait_text("Kekurangan")
        assert "Foto tidak terbaca" not in gaps.text  # no longer returned

        back = await coordinator.press(first, "↩ Kembalikan")  # accepted → returned: told
        await coordinator.wait_answer(back)
        await coordinator.wait_text("Tulis dalam satu pesan")
        await coordinator.send("Tanggal SK tidak terbaca")
        await officer.wait_text("Tanggal SK tidak terbaca")
        assert len(told()) == 3


async def test_a_verdict_on_files_that_changed_since_shown_records_nothing(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    keys = await answer_evidence_keys(tmp_settings, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        coordinator = fake_api.user(COORDINATOR)
        first = await first_waiting(coordinator, 2)
        assert "2 berkas" in first.text
        await add_file(app, keys[0], fake_api)  # the officer sends one more meanwhile
        for label in ("✅ Sesuai", "↩ Kembalikan"):
            pressed = await coordinator.press(first, label)
            assert (await coordinator.wait_answer(pressed)).text == (
                "Berkas butir ini berubah sejak ditampilkan; tidak ada yang dicatat. "
                "Ketik /tinjau untuk melihat berkas yang sekarang."
            )
        store = services_of(app).store
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None
        assert await store.review_history(sc_id) == []

        clock.advance(minutes=5)
        again = await first_waiting(coordinator, 2)
        assert "3 berkas" in again.text
        pressed = await coordinator.press(again, "✅ Sesuai")
        assert (await coordinator.wait_answer(pressed)).text == "Dinyatakan sesuai."
        assert [r.verdict for r in await store.review_history(sc_id)] == ["accepted"]


async def test_an_officer_in_english_is_told_of_an_accepted_return(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build):
        officer, coordinator = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        await officer.send("/language")
        choice = await officer.wait_for()
        await press(officer, choice, "🇬🇧 English")
        first = await first_waiting(coordinator, 2)
        await coordinator.press(first, "↩ Kembalikan")
        await coordinator.wait_text("Tulis dalam satu pesan")
        await coordinator.send("Foto <i>buram</i>")
        await officer.wait_text("Item returned by the coordinator")
        await coordinator.press(first, "✅ Sesuai")
        notice = await officer.wait_text("now accepted by the coordinator")
        assert notice.button_texts == ["Open item"]


def test_the_verified_rule_drops_returned_keys_and_accepted_keys_without_files() -> None:
    import rubric

    the_rubric = rubric.load_builtin("ombudsman-2024")
    needs = next(i for i in the_rubric.items if i.evidence_required and i.scope == "unit")
    plain = [i for i in the_rubric.items if not i.evidence_required and i.scope == "unit"][:2]
    na_item = next(
        i for i in the_rubric.items if i.na_allowed and i.scope == "unit" and i not in plain
    )
    answers = rubric.AnswerSet(
        answers={needs.id: needs.options[0].id, plain[0].id: plain[0].options[0].id,
                 plain[1].id: plain[1].options[0].id, na_item.id: rubric.NA},
        evidence=set(),
    )  # fmt: skip
    accepted = {needs.id}
    kept = rubric.verified_answers(the_rubric, answers, accepted, set()).answers
    assert needs.id not in kept  # accepted, but no file under it any more
    assert {plain[0].id, plain[1].id, na_item.id} <= kept.keys()
    with_file = answers.model_copy(update={"evidence": {needs.id}})
    assert needs.id in rubric.verified_answers(the_rubric, with_file, accepted, set()).answers
    returned = {plain[0].id, na_item.id}
    kept = rubric.verified_answers(the_rubric, with_file, accepted, returned).answers
    assert kept.keys() == {needs.id, plain[1].id}  # a returned N/A is not N/A any more
    lost = rubric.unverified(the_rubric, with_file, accepted, returned)
    assert [u.key for u in lost] == [plain[0].id] and lost[0].points > 0


async def test_a_colleagues_return_is_not_overturned_from_a_screen_read_before(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """Two coordinators of Kota Metro have the same waiting item on screen. One returns it;
    the other's ✅ from the screen read before is refused, nothing is recorded and the
    officer is told nothing more. Once their screen shows the return (`↩ Sudah
    dikembalikan`), their ✅ is a decision over it: recorded, and the officer is told."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    clock.advance(hours=1)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        invite = await store.create_invite("coordinator", region_id=world.metro, uses=1, days=1)
        officer, first = fake_api.user(OFFICER), fake_api.user(COORDINATOR)
        second = fake_api.user(603, "Kedua")
        await second.send(f"/start {invite.code}")
        await second.wait_text("koordinator")
        mine, theirs = await first_waiting(first, 2), await first_waiting(second, 2)
        assert mine.text.split("\n")[1:] == theirs.text.split("\n")[1:]  # the same item

        await first.press(mine, "↩ Kembalikan")
        await first.wait_text("Tulis dalam satu pesan")
        await first.send("Foto tidak terbaca")
        await officer.wait_text("dikembalikan oleh koordinator")
        refused = await second.press(theirs, "✅ Sesuai")
        assert (await second.wait_answer(refused)).text == texts.plain(
            "rv.refused.review_changed", "id"
        )
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None
        assert [r.verdict for r in await store.review_history(sc_id)] == ["returned"]

        units = await units_list(second)
        await second.press(units, button_with(units, "Dukcapil Kota Metro"))
        scopes = await second.wait_text("menunggu tinjauan")
        await second.press(scopes, button_with(scopes, "Semua yang dijawab"))
        shown = await second.wait_for(
            lambda m: "Semua yang dijawab" not in m.text and "/" in m.text
        )
        for n in range(2, 9):  # the answered items in checklist order, up to the returned one
            if "Sudah dikembalikan: Foto tidak terbaca" in shown.text:
                break
            await second.press(shown, "⏭ Lewati")  # an item with files comes as a new message
            shown = await second.wait_for(lambda m, n=n: f"· {n}/8 ·" in m.text and m.buttons)
        assert "Sudah dikembalikan: Foto tidak terbaca" in shown.text
        accepted = await second.press(shown, "✅ Sesuai")
        assert (await second.wait_answer(accepted)).text == "Dinyatakan sesuai."
        await officer.wait_text("kini dinyatakan sesuai oleh koordinator")
        assert [r.verdict for r in await store.review_history(sc_id)] == ["returned", "accepted"]


async def test_an_admins_return_and_acceptance_say_an_admin_made_them(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """An admin (SIAPNILAI_ADMINS, no region of their own) returned an item and later
    accepted it: the officers read "dikembalikan oleh koordinator" and went looking for a
    coordinator who had done nothing. They are told an admin did it, in either language."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    clock.advance(hours=1)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900})})
    async with running_bot(settings, clock=clock, build=build):
        officer, admin = fake_api.user(OFFICER), fake_api.user(900, "Admin")
        await admin.send("/tinjau Kota Metro")
        units = await admin.wait_text("Tinjau · Kota Metro")
        await admin.press(units, button_with(units, "Dukcapil Kota Metro"))
        scopes = await admin.wait_text("menunggu tinjauan")
        await admin.press(scopes, button_with(scopes, "Menunggu tinjauan (2)"))
        first = await admin.wait_text("1/2")
        await admin.press(first, "↩ Kembalikan")
        await admin.wait_text("Tulis dalam satu pesan")
        await admin.send("Foto buram")
        notice = await officer.wait_text("Butir dikembalikan oleh admin")
        assert "koordinator" not in notice.text
        await admin.press(first, "✅ Sesuai")
        accepted = await officer.wait_text("kini dinyatakan sesuai oleh admin")
        assert "koordinator" not in accepted.text

        await officer.send("/language")
        choice = await officer.wait_for()
        await press(officer, choice, "🇬🇧 English")
        second = await admin.wait_text("1/1")
        await admin.press(second, "↩ Kembalikan")
        await admin.wait_text("Tulis dalam satu pesan")
        await admin.send("Tanda tangan belum ada")
        notice = await officer.wait_text("Item returned by an admin")
        assert "coordinator" not in notice.text
        await admin.press(second, "✅ Sesuai")
        accepted = await officer.wait_text("now accepted by an admin")
        assert "coordinator" not in accepted.text
