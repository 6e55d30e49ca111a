"""Review (/tinjau) through the real bot and the fake Bot API: a coordinator accepts one item
and returns another with a comment; the officer is told, sees the comment on /kekurangan and
on the question, and answering again puts the item back in the queue; the verified score
moves; a coordinator of another region and forged presses are refused."""

from __future__ import annotations

from typing import Any

from bot.broadcast import TextPart
from bot.keyref import files_ref, key_ref
from bot.services import services_of
from bot.store import EvidenceFile, KeyWrite, Store
from conversations import callbacks as cb
from conversations.reminders import digest_parts
from tests.fakebot import FakeBotAPI, MessageView
from tests.flow_helpers import api_errors
from tests.store_fixtures import Clock
from tests.test_coordinator import (
    COORDINATOR,
    COORDINATOR_FAR,
    OFFICER,
    START,
    build,
    prepare,
)


def button_with(message: MessageView, fragment: str) -> str:
    return next(t for t in message.button_texts if fragment in t)


async def answer_evidence_keys(settings: Any, clock: Clock) -> list[str]:
    """Answer (best option) the two evidence-required keys that `prepare` gave files."""
    store = await Store.open(settings.database, clock=clock)
    try:
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        the_rubric = store.rubric(sc.rubric_id)
        keys = sorted({row.key for row in await store.evidence(sc)},
                      key=(await store.checklist(sc)).index)  # fmt: skip
        for key in keys:
            item = the_rubric.item(key.split("@")[0])
            assert item is not None
            await store.record_answer(KeyWrite(officer, sc.id, key), item.options[0].id)
        return keys
    finally:
        await store.close()


async def add_photo(settings: Any, clock: Clock, fake_api: FakeBotAPI, key: str) -> None:
    store = await Store.open(settings.database, clock=clock)
    try:
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        stored = fake_api.new_file("photo", b"\x89PNG\r\n\x1a\nsecond")
        await store.attach_evidence(
            KeyWrite(officer, sc.id, key),
            EvidenceFile(stored.file_id, stored.file_unique_id, "photo"),
        )
    finally:
        await store.close()


def totals(text: str) -> tuple[float, float]:
    """(claimed, verified) from /skor's text."""
    claimed = float(text.split("Total: ")[1].split(" ")[0])
    verified = float(text.split("Terverifikasi: ")[1].split()[0])
    return claimed, verified


async def test_accept_return_notify_requeue_and_verified_score(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    keys = await answer_evidence_keys(tmp_settings, clock)
    assert len(keys) == 2
    await add_photo(tmp_settings, clock, fake_api, keys[0])  # two photos and a PDF
    clock.advance(hours=1)  # the review comes after the files (a change at its moment voids it)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        officer = fake_api.user(OFFICER)
        await officer.send("/skor")
        before = await officer.wait_text("Terverifikasi:")
        claimed_before, verified_before = totals(before.text)
        assert verified_before < claimed_before  # two evidence items claimed, none accepted

        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/tinjau")
        units = await coordinator.wait_text("Tinjau · Kota Metro")
        label = button_with(units, "Dukcapil Kota Metro")
        assert label.endswith("· 2 menunggu")
        assert "Hamadi" not in " ".join(units.button_texts)
        await coordinator.press(units, label)
        scopes = await coordinator.wait_text("menunggu tinjauan")
        await coordinator.press(scopes, button_with(scopes, "Menunggu tinjauan (2)"))

        first = await coordinator.wait_text("1/2")
        files = [m for m in coordinator.messages if m.media]
        assert len(files) == 3  # the photos as an album, the PDF on its own: Telegram does
        methods = [r.method for r in fake_api.requests]  # not mix them in one album
        assert methods.count("sendMediaGroup") == 1 and "sendDocument" in methods
        assert "Orang 501" in first.text and "Jawaban:" in first.text
        press = await coordinator.press(first, "✅ Sesuai")
        assert (await coordinator.wait_answer(press)).text == "Dinyatakan sesuai."

        second = await coordinator.wait_text("1/1")  # the queue now holds one item
        again = await coordinator.press(first, "✅ Sesuai")  # a second tap records nothing
        assert (await coordinator.wait_answer(again)).text == (
            "Butir ini sudah dinyatakan sesuai; tidak ada yang berubah."
        )
        await coordinator.press(second, "↩ Kembalikan")
        await coordinator.wait_text("Tulis dalam satu pesan")
        await coordinator.send("SK belum ditandatangani <b>kepala</b>")
        told = await coordinator.wait_text("Dikembalikan ke")
        assert "1 petugas diberi tahu" in told.text
        await coordinator.wait_text("Tidak ada lagi butir")

        notice = await officer.wait_text("dikembalikan oleh koordinator")
        assert "SK belum ditandatangani <b>kepala</b>" in notice.text  # escaped, shown as typed
        assert notice.button_texts == ["Buka butir"]

        await officer.send("/kekurangan")
        gaps = await officer.wait_text("Dikembalikan untuk diperbaiki")
        assert "SK belum ditandatangani" in gaps.text and "Belum terverifikasi" in gaps.text

        await officer.press(notice, "Buka butir")
        question = await officer.wait_text("Dikembalikan untuk diperbaiki:")
        assert "SK belum ditandatangani" in question.text

        store = services_of(app).store
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None
        _, _, items = await store.review_items(COORDINATOR, False, sc_id)
        by_key = {i.answer.key: i for i in items}
        assert by_key[keys[0]].review is not None and by_key[keys[0]].review.verdict == "accepted"
        assert by_key[keys[1]].review is not None and by_key[keys[1]].review.verdict == "returned"

        # Answer again; the press is answered once the answer is stored (a quiet gap is not
        # enough: the bot may not have reached its write yet when the gap has passed).
        pressed = await officer.press(question, question.button_texts[0])
        assert (await officer.wait_answer(pressed)).text == f"Tersimpan: {question.button_texts[0]}"
        _, _, items = await store.review_items(COORDINATOR, False, sc_id)
        again = {i.answer.key: i for i in items}[keys[1]]
        assert again.review is None and again.waiting  # back in the queue
        history = await store.review_history(sc_id)
        assert [r.verdict for r in history] == ["accepted", "returned"]  # all kept

        await officer.send("/skor")
        after = await officer.wait_text("Terverifikasi:")
        claimed, verified = totals(after.text)
        assert claimed == claimed_before  # the same best answer again
        assert verified_before < verified < claimed  # the accepted key counts, not the other

        # The coordinator's /ringkasan (and the weekly digest, the same text under a heading)
        # shows the same two totals beside each other.
        await coordinator.send("/ringkasan")
        summary = await coordinator.wait_text("terverifikasi")
        line = next(x for x in summary.text.splitlines() if "terverifikasi" in x)
        assert f"skor {claimed:.2f}" in line and f"terverifikasi {verified:.2f}" in line, line


async def test_other_region_and_forged_presses_are_refused(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        far = fake_api.user(COORDINATOR_FAR)
        await far.send("/review")
        units = await far.wait_text("Kota Jayapura")  # /review answers in their language
        assert all("Dukcapil" not in t for t in units.button_texts)
        # A coordinator pressing a unit of another region (a forged button).
        press = await far.press_data(units.message_id, cb.ReviewUnit(u=world.dukcapil).pack())
        assert (await far.wait_answer(press)).text == "Unit ini di luar wilayah Anda."
        scope = cb.ReviewScope(u=world.dukcapil, s="a").pack()
        press = await far.press_data(units.message_id, scope)
        assert (await far.wait_answer(press)).text == "Unit ini di luar wilayah Anda."
        store = services_of(app).store
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None
        _, _, items = await store.review_items(COORDINATOR, False, sc_id)
        target = items[0]
        verdict = cb.ReviewVerdict(
            sc=sc_id, key=key_ref(target.answer.key), ans=target.answer.id,
            ev=files_ref(target.evidence_ids), v="a", was="n",
        ).pack()  # fmt: skip
        press = await far.press_data(units.message_id, verdict)
        assert (await far.wait_answer(press)).text == "Unit ini di luar wilayah Anda."
        # Garbage in a review button, and an officer pressing a review button.
        press = await far.press_data(units.message_id, "v1:rv:x:y:z:a")
        assert (await far.wait_answer(press)).text == "Tombol ini tidak berlaku."
        officer = fake_api.user(OFFICER)
        await officer.send("/tinjau")
        assert "koordinator wilayah" in (await officer.wait_text("Tinjauan")).text
        press = await officer.press_data(1, verdict)
        assert (await officer.wait_answer(press)).text == "Tombol ini bukan untuk Anda."
        assert await store.review_history(sc_id) == []


def test_verified_score_counts_evidence_items_only_once_accepted() -> None:
    import rubric

    the_rubric = rubric.load_builtin("ombudsman-2024")
    needs = [i for i in the_rubric.items if i.evidence_required and i.scope == "unit"][:2]
    plain = next(i for i in the_rubric.items if not i.evidence_required and i.scope == "unit")
    answers = rubric.AnswerSet(
        answers={i.id: i.options[0].id for i in (*needs, plain)},
        evidence={needs[0].id, needs[1].id},
    )
    claimed = rubric.score(the_rubric, answers)
    none = rubric.score(the_rubric, rubric.verified_answers(the_rubric, answers, set(), set()))
    one_accepted = rubric.verified_answers(the_rubric, answers, {needs[0].id}, set())
    one = rubric.score(the_rubric, one_accepted)
    both = rubric.verified_answers(the_rubric, answers, {needs[0].id, needs[1].id}, set())
    assert 0 < none.total < one.total < claimed.total
    assert rubric.score(the_rubric, both).total == claimed.total
    pending = rubric.unverified(the_rubric, answers, {needs[0].id}, set())
    assert [u.key for u in pending] == [needs[1].id]
    assert pending[0].points > 0
    ranked = rubric.unverified(the_rubric, answers, set(), set())
    assert [u.points for u in ranked] == sorted((u.points for u in ranked), reverse=True)


async def test_a_coordinator_hears_their_own_hints_and_that_a_comment_is_text(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A photo while a return awaits its comment: the comment must be text, /batal cancels
    (not "this command is for officers"); stray text afterwards points at the coordinator's
    commands, never at the officer's /periksa."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        coordinator = fake_api.user(COORDINATOR)
        await return_pressed(coordinator)

        await coordinator.send_photo(b"\x89PNG\r\n\x1a\nnot a comment")
        told = await coordinator.wait_text("Komentar pengembalian harus berupa teks")
        assert "/batal" in told.text and "petugas unit layanan" not in told.text
        await coordinator.send("/batal")
        await coordinator.wait_text("Pengembalian dibatalkan")
        await coordinator.send("komentar setelah batal")
        hint = await coordinator.wait_text("Saya tidak sedang menunggu teks")
        assert "/ringkasan" in hint.text and "/tinjau" in hint.text
        assert "/periksa" not in hint.text
        await coordinator.send_photo(b"\x89PNG\r\n\x1a\nstray")  # nothing awaited
        refused = await coordinator.wait_text("berkas dari koordinator tidak disimpan")
        assert "Sebagai koordinator: /ringkasan" in refused.text
        assert "Perintah ini" not in refused.text  # a file is no command (outside test 23)


async def test_an_evidence_item_without_files_says_acceptance_will_not_verify_it(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """An evidence item answered positively with no file counts in the verified score only
    with a file (rubric.verified_answers); its review screen said just "Belum ada bukti", and
    a coordinator who pressed ✅ Sesuai was told "Dinyatakan sesuai" while /skor's
    Terverifikasi did not move. The screen now says so before the press."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)  # the two with files
    store = await Store.open(tmp_settings.database, clock=clock)
    try:  # and a third evidence item, answered Ya with no file
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        with_files = {row.key for row in await store.evidence(sc)}
        the_rubric = store.rubric(sc.rubric_id)
        bare = next(
            i for i in the_rubric.items
            if i.evidence_required and i.scope == "unit" and i.id not in with_files
        )  # fmt: skip
        await store.record_answer(KeyWrite(officer, sc.id, bare.id), bare.options[0].id)
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        the_rubric = store.rubric(sc.rubric_id)
        with_files = {row.key for row in await store.evidence(sc)}
        answered = (await store.answer_set(sc)).answers
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/tinjau")
        units = await coordinator.wait_text("Tinjau · Kota Metro")
        await coordinator.press(units, button_with(units, "Dukcapil Kota Metro"))
        scopes = await coordinator.wait_text("menunggu tinjauan")
        await coordinator.press(scopes, button_with(scopes, "Semua yang dijawab"))
        warned: dict[str, bool] = {}
        for n in range(1, len(answered) + 1):
            screen = await coordinator.wait_text(f"{n}/{len(answered)}")
            item = next(
                i for i in the_rubric.items if i.question.get("id") in screen.text.split("\n")
            )
            warned[item.id] = "wajib bukti" in screen.text
            await coordinator.press(screen, "⏭ Lewati")
        expected = {
            key: the_rubric.item(key) is not None
            and the_rubric.item(key).evidence_required  # type: ignore[union-attr]
            and key not in with_files
            for key in answered
        }
        assert warned == expected and any(warned.values()) and not all(warned.values())


async def return_pressed(coordinator: Any) -> MessageView:
    """/tinjau, Dukcapil Kota Metro, the waiting items, ↩ Kembalikan on the first: a return
    waits for its comment. /tinjau's list of units, as it stands."""
    await coordinator.send("/tinjau")
    units = await coordinator.wait_text("Tinjau · Kota Metro")
    await coordinator.press(units, button_with(units, "Dukcapil Kota Metro"))
    scopes = await coordinator.wait_text("menunggu tinjauan")
    await coordinator.press(scopes, button_with(scopes, "Menunggu tinjauan"))
    first = await coordinator.wait_text("1/2")
    await coordinator.press(first, "↩ Kembalikan")
    await coordinator.wait_text("Tulis dalam satu pesan")
    return units


async def nothing_was_returned(
    app: Any, fake_api: FakeBotAPI, coordinator: Any, metro: int
) -> None:
    """A dropped return: no verdict recorded, the officers told nothing, the coordinator
    told once that it was dropped."""
    officer = fake_api.user(OFFICER)
    await officer.wait_idle()
    assert not any("dikembalikan" in m.text for m in officer.messages)
    store = services_of(app).store
    sc_id = (await store.review_units(COORDINATOR, False, metro))[0].selfcheck_id
    assert sc_id is not None
    assert await store.review_history(sc_id) == []
    told = [m.text for m in coordinator.messages if "dibatalkan karena" in m.text]
    assert len(told) == 1


async def test_another_command_drops_a_return_waiting_for_its_comment(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A coordinator pressed ↩ Kembalikan, then went on with /ringkasan and /unduh; two days
    later they wrote "terima kasih" to the bot, and that became the comment: the item was
    returned and its officer told to fix it. Any other command now drops the return (nothing
    is recorded) and says so; /batal still cancels it as before."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        coordinator = fake_api.user(COORDINATOR)
        await return_pressed(coordinator)

        await coordinator.send("/pengingat")
        dropped = await coordinator.wait_text("Pengembalian yang menunggu komentar dibatalkan")
        assert "tidak ada yang dicatat" in dropped.text
        clock.advance(days=2)
        await coordinator.send("terima kasih, laporan sudah saya terima")
        await coordinator.wait_text("Saya tidak sedang menunggu teks")
        await coordinator.send("/unduh")  # nothing waits now: no word about a return
        await coordinator.wait_for(lambda m: bool(m.media), timeout=60)

        await nothing_was_returned(app, fake_api, coordinator, world.metro)


async def test_the_summary_and_digest_say_how_many_items_wait_for_review(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """/ringkasan (and so the Monday digest) tells the coordinator how many answered items
    wait for their review, as /tinjau's unit button counts them; none waiting, no line."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    keys = await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/ringkasan")
        summary = await coordinator.wait_text("Ringkasan")
        assert "🔎 2 butir menunggu tinjauan Anda di 1 unit: /tinjau" in summary.text
        await coordinator.wait_idle()
        await coordinator.send("/tinjau")
        units = await coordinator.wait_text("Kota Metro")
        assert any("Dukcapil Kota Metro · 2 menunggu" in t for t in units.button_texts)

        store = services_of(app).store
        sc_id = (await store.review_units(COORDINATOR, False, world.metro))[0].selfcheck_id
        assert sc_id is not None
        _, _, items = await store.review_items(COORDINATOR, False, sc_id)
        for item in (i for i in items if i.answer.key in keys):
            await store.record_review(COORDINATOR, False, sc_id, item.answer.key, item.answer.id,
                                      "accepted", files=item.evidence_ids)  # fmt: skip
        parts = await digest_parts(store, world.metro, clock.now, "id")
        digest = "\n".join(p.text for p in parts if isinstance(p, TextPart))
        assert "menunggu tinjauan" not in digest and "Ringkasan" in digest
    assert api_errors(fake_api) == []


async def test_another_flows_button_drops_a_return_waiting_for_its_comment(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A coordinator pressed ↩ Kembalikan, then went on with the buttons of a message sent
    before (/unduh's 📦 Paket bukti, then a unit of its menu): no command, so the return
    kept waiting, and their next text about anything became the comment. Any press of
    another flow's button drops it now, says so once, and the press does what it does."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/unduh")
        export = await coordinator.wait_for(lambda m: bool(m.media), timeout=60)
        await coordinator.send("/tinjau")
        units = await coordinator.wait_text("Tinjau · Kota Metro")
        await coordinator.press(units, button_with(units, "Dukcapil Kota Metro"))
        scopes = await coordinator.wait_text("menunggu tinjauan")
        await coordinator.press(scopes, button_with(scopes, "Menunggu tinjauan"))
        first = await coordinator.wait_text("1/2")
        await coordinator.press(first, "↩ Kembalikan")
        await coordinator.wait_text("Tulis dalam satu pesan")

        await coordinator.press(export, "📦 Paket bukti")
        dropped = await coordinator.wait_text("Pengembalian yang menunggu komentar dibatalkan")
        assert "tidak ada yang dicatat" in dropped.text
        menu = await coordinator.wait_text("Pilih unit", timeout=10)  # the press still works
        await coordinator.send("terima kasih, laporan sudah saya terima")
        await coordinator.wait_text("Saya tidak sedang menunggu teks")
        await coordinator.press(menu, "Puskesmas Yosodadi")  # nothing waits: no word now
        await coordinator.wait_text("Unit Puskesmas Yosodadi belum punya bukti")

        await nothing_was_returned(app, fake_api, coordinator, world.metro)


async def test_one_answered_item_is_said_in_the_singular_in_english(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """An English coordinator's review screen of a unit with one answer read "1 items
    answered"."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    store = await Store.open(tmp_settings.database, clock=clock)
    try:
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        key = (await store.checklist(sc))[0]
        item = store.rubric(sc.rubric_id).item(key.split("@")[0])
        assert item is not None
        await store.record_answer(KeyWrite(officer, sc.id, key), item.options[0].id)
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=clock, build=build):
        coordinator = fake_api.user(COORDINATOR)
        coordinator.language_code = "en-US"
        await coordinator.send("/review")
        units = await coordinator.wait_text("Review · Kota Metro")
        await coordinator.press(units, button_with(units, "Dukcapil Kota Metro"))
        scopes = await coordinator.wait_text("waiting for review")
        assert "\n1 item answered · " in scopes.text, scopes.text
    assert api_errors(fake_api) == []


async def test_another_unit_from_the_review_list_drops_a_return_waiting_for_its_comment(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """After ↩ Kembalikan, a press of another unit on /tinjau's list (its own flow, but not
    this item) left the return waiting: the coordinator looked at Puskesmas Yosodadi, and
    their next text about anything returned Dukcapil's item. It drops the return now, as
    another flow's button does; choosing what to walk, a verdict or ⏭ go on as before."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    await answer_evidence_keys(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        coordinator = fake_api.user(COORDINATOR)
        units = await return_pressed(coordinator)

        await coordinator.press(units, button_with(units, "Puskesmas Yosodadi"))
        await coordinator.wait_text("Pengembalian yang menunggu komentar dibatalkan")
        await coordinator.wait_idle()
        await coordinator.send("terima kasih, laporan sudah saya terima")
        await coordinator.wait_text("Saya tidak sedang menunggu teks")
        await nothing_was_returned(app, fake_api, coordinator, world.metro)
