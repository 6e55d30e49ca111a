"""What a file or an album leads to, told once and true to what was stored: an album sent on
an item a colleague changed is refused whole; an album nobody asked for gets one reply;
/batal ends the wait for files; a file while an N/A reason is awaited says so; an N/A reason
typed leaves its question showing the answer, in the officer's language now."""

from __future__ import annotations

import asyncio
from typing import Any

import rubric
from bot.keyref import key_ref
from bot.store import Conflict, EvidenceFile, KeyWrite
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI, Photo
from tests.flow_helpers import api_errors, fixed_clock, join, officer_state, open_check, press, seed
from tests.test_flow_evidence import _evidence_prompt

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)),)
REFUSED_ALBUM = "tidak satu pun dari 3 berkas di album Anda disimpan"
NOT_WAITING = "Saya tidak sedang menunggu berkas"


async def _quiet(user: Any, app: Any) -> None:
    """Until the bot is done with the user's files: every update fetched and handled, and no
    album left to be told (an album is told by a job `ALBUM_WAIT` after its last file; a
    fixed sleep for it came too early when the files were handled late under load)."""
    await user.wait_idle()
    albums = f"album:{user.id}:"
    for _ in range(500):  # 500 × 20 ms
        busy = app.update_queue.qsize() or app.update_processor.current_concurrent_updates
        told_later = [job for job in app.job_queue.jobs() if (job.name or "").startswith(albums)]
        if not busy and not told_later:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the bot never finished the user's files")


def _said(user: Any, since: int, fragment: str) -> list[Any]:
    """The bot's new messages (not edits) since event `since` that contain `fragment`."""
    return [m for m in user.events[since:] if m.kind == "message" and fragment in m.text]


async def _colleague_answers(app: Any, code: str, fake_api: FakeBotAPI, key: str) -> None:
    """Budi, of the same unit, answers `key` with its worst option."""
    await join(fake_api.user(942, "Budi"), code)
    store, budi, selfcheck = await officer_state(app, 942)
    item = rubric.load_builtin(selfcheck.rubric_id).item(key)
    await store.record_answer(KeyWrite(budi, selfcheck.id, key), item.options[-1].id)


async def test_an_album_on_an_item_a_colleague_changed_is_refused_whole(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The first file's refusal shows the colleague's answer, which moves the chat state to
    it; the album's other files used to be kept under that answer while the bot said the
    file was not saved. Now every file is judged on the version the album was sent on, and
    one screen says none of the three was kept."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        rina = fake_api.user(941, "Rina")
        first = await open_check(rina, world.codes["Dinas Sosial"])
        _, key = await _evidence_prompt(rina, app, first, "id")
        await _colleague_answers(app, world.codes["Dinas Sosial"], fake_api, key)
        since = len(rina.events)
        before = set(fake_api._by_update_id)
        await rina.send_album([Photo(), Photo(), Photo()])
        changed = await rina.wait_text("tidak satu pun")
        await _quiet(rina, app)
        store, _, selfcheck = await officer_state(app, 941)
        assert await store.evidence(selfcheck, key) == []
        assert REFUSED_ALBUM in changed.text
        assert "Sekarang: Tidak ada — oleh Budi" in changed.text
        assert len(_said(rina, since, "baru diubah rekan Anda")) == 1
        # Nothing confirmed: nothing kept.
        assert [m for m in rina.events[since:] if m.text.startswith("📎")] == []
        # Telegram delivers one of the album's files again (after a crash): still refused.
        album = sorted(set(fake_api._by_update_id) - before)
        assert len(album) == 3
        fake_api.redeliver(album[1])
        await _quiet(rina, app)
        assert await store.evidence(selfcheck, key) == []
    assert api_errors(fake_api) == []


async def test_files_of_one_album_handled_at_once_agree_on_its_version(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Files of an album may reach the store together (two instances, or a redelivery): the
    first pins the version, whatever the others' screens said, and a colleague's change
    since refuses them all."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        rina = fake_api.user(941, "Rina")
        first = await open_check(rina, world.codes["Dinas Sosial"])
        _, key = await _evidence_prompt(rina, app, first, "id")
        store, person, selfcheck = await officer_state(app, 941)
        version = (await store.answer_states(selfcheck))[key].version
        seen = (version, version + 100, None)  # what each file's chat state said
        writes = await asyncio.gather(
            *(
                store.album_write(KeyWrite(person, selfcheck.id, key, expected=v), "album-1")
                for v in seen
            )
        )
        assert len({(w.selfcheck_id, w.key, w.expected) for w in writes}) == 1
        assert writes[0].expected in seen
        await _colleague_answers(app, world.codes["Dinas Sosial"], fake_api, key)
        for n, write in enumerate(writes):
            file = EvidenceFile(file_id=f"f{n}", file_unique_id=f"u{n}", kind="photo")
            try:
                await store.attach_evidence(write, file)
            except Conflict:
                continue
            raise AssertionError(f"file {n} was kept under the colleague's answer")
        assert await store.evidence(selfcheck, key) == []


async def test_an_album_nobody_asked_for_gets_one_reply(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(943, "Baru")
        await join(officer, world.codes["Dinas Sosial"])
        since = len(officer.events)
        await officer.send_album([Photo(), Photo(), Photo(), Photo()])
        await officer.wait_text(NOT_WAITING)
        await _quiet(officer, app)
        assert len(_said(officer, since, NOT_WAITING)) == 1
        assert len(officer.events) == since + 1
        store, _, selfcheck = await officer_state(app, 943)
        assert await store.evidence(selfcheck) == []
    assert api_errors(fake_api) == []


async def test_cancel_ends_the_wait_for_files_and_results_do_not(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """After a positive answer, files are taken for the item without `Tambah bukti` (fewer
    taps); /skor leaves that as it is, as it leaves typed answers; /batal ends it."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(944, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        _, key = await _evidence_prompt(officer, app, first, "id", last=False)
        store, _, selfcheck = await officer_state(app, 944)
        await officer.send_photo(caption="papan SOP")
        await officer.wait_text("📎 1 berkas")
        await officer.send("/skor")
        await officer.wait_text("Total")
        await officer.send_photo(caption="foto lepas")
        await officer.wait_text("📎 2 berkas")
        await officer.send("/batal")
        await officer.wait_text("Dibatalkan")
        since = len(officer.events)
        await officer.send_photo(caption="foto setelah batal")
        await officer.wait_text(NOT_WAITING)
        await officer.send_album([Photo(), Photo()])
        await officer.wait_text(NOT_WAITING)  # the album's, told by a job after its last file
        await _quiet(officer, app)
        assert len(_said(officer, since, NOT_WAITING)) == 2  # the photo, then the album once
        assert len(await store.evidence(selfcheck, key)) == 2
        await officer.send("/batal")
        await officer.wait_text("Tidak ada yang sedang ditunggu")
    assert api_errors(fake_api) == []


async def _na_item_opened(user: Any, app: Any, first: Any) -> tuple[Any, str]:
    """The first item that takes N/A, opened from `Daftar`: its question, and its key."""
    _, _, selfcheck = await officer_state(app, user.id)
    item = next(i for i in rubric.load_builtin(selfcheck.rubric_id).items if i.na_allowed)
    listing = await press(user, first, "Daftar")
    opened = cb.Open(sc=selfcheck.id, key=key_ref(item.id)).pack()
    while opened not in [b.data for row in listing.buttons for b in row]:
        listing = await press(user, listing, "▶")
    return await press(user, listing, opened), item.id


async def test_a_file_while_a_reason_is_awaited_and_the_question_it_leaves(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A photo or an album while the N/A reason is awaited: the bot says it waits for the
    written reason (once for the album). Once the reason is saved, the question it was
    pressed on shows the N/A answer (it used to read "Belum dijawab."), without buttons."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(945, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        question, key = await _na_item_opened(officer, app, first)
        await press(officer, question, "Tidak berlaku")
        since = len(officer.events)
        await officer.send_photo(caption="foto sebagai alasan?")
        waiting = await officer.wait_text("Saya menunggu alasan")
        assert "Tidak berlaku" in waiting.text and "/batal" in waiting.text
        await officer.send_album([Photo(), Photo(), Photo()])
        await officer.wait_text("Saya menunggu alasan")  # the album's, told after its last file
        await _quiet(officer, app)
        assert len(_said(officer, since, "Saya menunggu alasan")) == 2
        assert _said(officer, since, NOT_WAITING) == []

        await officer.send("Unit tidak punya ruang tunggu sendiri")
        await officer.wait_text("Tersimpan: Tidak berlaku")
        settled = await officer.wait_for(
            lambda m: m.message_id == question.message_id and "Jawaban saat ini" in m.text
        )  # an edit after the fsync'd answer: wait_idle's quiet gap can come first under load
        assert "Jawaban saat ini: Tidak berlaku — Unit tidak punya ruang" in settled.text
        assert "Belum dijawab" not in settled.text and settled.buttons == []
        store, _, selfcheck = await officer_state(app, 945)
        assert (await store.answer_set(selfcheck)).answers[key] == rubric.NA
        assert await store.evidence(selfcheck, key) == []
    assert api_errors(fake_api) == []


async def test_the_question_left_by_a_typed_reason_speaks_the_language_chosen_since(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(946, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        question, _ = await _na_item_opened(officer, app, first)
        await press(officer, question, "Tidak berlaku")
        await officer.send("/bahasa")
        await press(officer, await officer.wait_for(), "🇬🇧 English")
        await officer.send("The unit has no waiting room of its own")
        await officer.wait_text("Saved: N/A")
        settled = await officer.wait_for(
            lambda m: m.message_id == question.message_id and "Current answer" in m.text
        )
        assert "Current answer: N/A — The unit has no waiting room" in settled.text
        assert "Jawaban" not in settled.text and "Belum dijawab" not in settled.text
    assert api_errors(fake_api) == []


async def test_a_typed_label_leaves_its_question_showing_the_answer(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(947, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 947)
        key = (await store.checklist(selfcheck))[0]
        label = rubric.load_builtin(selfcheck.rubric_id).item(key).options[-1].label.id
        await officer.send(label.lower())
        await officer.wait_text("Tersimpan")
        settled = await officer.wait_for(
            lambda m: m.message_id == first.message_id and "Jawaban saat ini" in m.text
        )
        assert f"Jawaban saat ini: {label}" in settled.text and settled.buttons == []
        assert "Belum dijawab" not in settled.text
    assert api_errors(fake_api) == []
