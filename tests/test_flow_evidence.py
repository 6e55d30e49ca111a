"""Evidence prompt journeys: the text names the one button that is shown (`Nanti` before any
file, `Selesai` after), the two never stand on screen together, and counts read naturally."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import rubric
from bot import texts
from bot.keyref import key_ref
from bot.store import KeyWrite
from conversations import callbacks as cb
from tests.fakebot import Again, FakeBotAPI, Photo
from tests.flow_helpers import (
    api_errors,
    fixed_clock,
    officer_state,
    open_check,
    option_labels,
    press,
    seed,
)

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)),)


def _new_message(message: Any) -> bool:
    """A message the bot sent (not an edit of an older one)."""
    return bool(message.kind == "message")


def _labels_on_screen(user: Any) -> list[str]:
    return [label for m in user.messages for label in m.button_texts]


async def answer_all_but(app: Any, telegram_id: int, key: str) -> None:
    """Every other item answered (worst option): the evidence item is the last one left, so
    its request is the `Nanti` / `Selesai` prompt (with items left, the next one stands under
    the request instead; tests/test_flow_taps.py)."""
    store, person, selfcheck = await officer_state(app, telegram_id)
    the_rubric = store.rubric(selfcheck.rubric_id)
    for other in await store.checklist(selfcheck):
        if other != key:
            item = the_rubric.item(other.partition("@")[0])
            await store.record_answer(KeyWrite(person, selfcheck.id, other), item.options[-1].id)


async def _evidence_prompt(
    user: Any, app: Any, first: Any, lang: str, *, last: bool = True
) -> tuple[Any, str]:
    """Open the first evidence item and answer it with its best option: the prompt (`last`:
    every other item answered first, so that no question stands under the request)."""
    _, _, selfcheck = await officer_state(app, user.id)
    the_rubric = rubric.load_builtin(selfcheck.rubric_id)
    item = next(i for i in the_rubric.items if i.evidence_required and i.scope == "unit")
    if last:
        await answer_all_but(app, user.id, item.id)
    listing = await press(user, first, "Daftar" if lang == "id" else "List")
    assert listing.message_id == first.message_id
    opened = cb.Open(sc=selfcheck.id, key=key_ref(item.id)).pack()
    while opened not in [b.data for row in listing.buttons for b in row]:
        listing = await press(user, listing, "▶")
    question = await press(user, listing, opened)
    prompt = await press(user, question, option_labels(question)[0])
    return prompt, item.id


async def test_the_prompt_names_the_button_it_shows(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(931, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        prompt, key = await _evidence_prompt(officer, app, first, "id")
        assert prompt.button_texts == ["Nanti"]
        assert "Selesai" not in prompt.text

        await officer.send("fotonya nanti sore")
        before = await officer.wait_for()
        assert "Nanti" in before.text
        assert "Selesai" not in before.text and before.buttons == []
        assert _labels_on_screen(officer).count("Nanti") == 1

        await officer.send_photo(caption="papan SOP")
        # One short line below the photo, with Undo and the way on; the prompt above is edited
        # in place (its count now, no stale "Belum ada bukti", no Nanti).
        confirmed = await officer.wait_for(_new_message)
        assert confirmed.message_id > prompt.message_id
        assert confirmed.text.startswith("📎 1 berkas untuk butir 7/50: Apakah pengawasan")
        assert confirmed.button_texts == ["↩ Batalkan", "Selesai"]
        # The prompt's edit comes after the confirmation's id is written (fsync'd): under load
        # later than wait_idle's quiet gap, so wait for the edit itself.
        above = await officer.wait_for(
            lambda m: m.message_id == prompt.message_id and "Bukti tersimpan" in m.text
        )
        assert "Bukti tersimpan: 1 berkas" in above.text and "Belum ada bukti" not in above.text
        assert above.buttons == [] and "Nanti" not in _labels_on_screen(officer)

        await officer.send("sudah")
        after = await officer.wait_for(_new_message)
        assert "Selesai" in after.text and "Nanti" not in after.text and after.buttons == []

        # More files edit the same line rather than send another.
        await officer.send_album([Photo(), Photo()])
        album = await officer.wait_for(lambda m: m.message_id == confirmed.message_id)
        assert album.text.startswith("📎 3 berkas untuk butir 7/50")
        await officer.wait_idle()
        assert _labels_on_screen(officer) == ["↩ Batalkan", "Selesai"]
        store, _, selfcheck = await officer_state(app, 931)
        assert len(await store.evidence(selfcheck, key)) == 3

        # Undo takes back the album (the last files confirmed), and keeps the way on.
        undone = await press(officer, album, "↩ Batalkan")
        assert "2 berkas dibatalkan; tersisa 1 berkas untuk butir 7/50" in undone.text
        assert undone.button_texts == ["Selesai"]
        assert len(await store.evidence(selfcheck, key)) == 1
        moved_on = await press(officer, undone, "Selesai")
        assert moved_on.message_id == album.message_id and "Selesai" not in moved_on.button_texts
    assert api_errors(fake_api) == []


async def test_text_instead_of_files_names_the_way_on_that_is_shown(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """With items left, the evidence request stands above the next question and shows no
    `Nanti`: a text instead of files says to answer that question, not to press `Nanti`."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(934, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        request, _ = await _evidence_prompt(officer, app, first, "id", last=False)
        assert "Nanti" not in request.button_texts  # the next question is the way on
        await officer.send("fotonya nanti sore")
        said = await officer.wait_for(_new_message)
        assert said.text == texts.plain("evidence.text_instead.next", "id")
    assert api_errors(fake_api) == []


class Ticking:
    """A clock that moves on by a millisecond each time it is read, as the wall clock does
    between two messages (a frozen clock keeps every file at the same moment)."""

    def __init__(self) -> None:
        self.now = fixed_clock()

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


async def test_undo_takes_back_an_album_with_a_file_sent_again(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A photo undone, then sent again in an album after a new one: the store keeps the old
    row (its lower id) as kept now, and `↩ Batalkan` under the album still takes both."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=Ticking()) as app:
        officer = fake_api.user(933, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        await _evidence_prompt(officer, app, first, "id")
        photo = await officer.send_photo(caption="papan SOP")
        confirmed = await officer.wait_for(_new_message)
        undone = await press(officer, confirmed, "↩ Batalkan")
        assert "1 berkas dibatalkan" in undone.text
        store, _, selfcheck = await officer_state(app, 933)
        assert await store.evidence(selfcheck) == []

        await officer.send_album([Photo(), Again(photo.message_id)])
        album = await officer.wait_for(lambda m: m.message_id == confirmed.message_id)
        assert album.text.startswith("📎 2 berkas untuk butir")
        await officer.wait_idle()
        assert len(await store.evidence(selfcheck)) == 2
        again = await press(officer, officer.message(album.message_id), "↩ Batalkan")
        assert "2 berkas dibatalkan" in again.text
        assert await store.evidence(selfcheck) == []
    assert api_errors(fake_api) == []


async def test_undo_on_an_older_line_takes_only_the_files_it_confirmed(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A photo sent under item 8's question (line one, "📎 1 berkas"), the item answered,
    a second photo under its evidence request (line two): `↩ Batalkan` on line one took
    both ("↩ 2 berkas dibatalkan"), the photo line two had just confirmed with it. It takes
    the message or album its line confirmed, no more."""
    from tests.test_flow_team import open_item

    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=Ticking()) as app:
        officer = fake_api.user(934, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 934)
        key = "input-jumlah-pelaksana"  # 8/50, evidence asked
        question = await open_item(officer, first, selfcheck.id, key)
        await officer.send_photo(b"\x89PNG\r\n\x1a\nfirst", caption="ABK 2025")
        line_one = await officer.wait_for(_new_message)
        assert line_one.text.startswith("📎 1 berkas untuk butir 8/50")
        await officer.wait_idle()
        await press(officer, officer.message(question.message_id), "Ya")
        await officer.send_photo(b"\x89PNG\r\n\x1a\nsecond", caption="daftar petugas")
        line_two = await officer.wait_for(_new_message)
        assert line_two.text.startswith("📎 2 berkas untuk butir 8/50")
        await officer.wait_idle()
        undone = await press(officer, officer.message(line_one.message_id), "↩ Batalkan")
        assert undone.text.startswith("↩ 1 berkas dibatalkan; tersisa 1 berkas"), undone.text
        kept = await store.evidence(selfcheck, key)
        assert [e.file.caption for e in kept] == ["daftar petugas"]
    assert api_errors(fake_api) == []


async def test_english_counts_are_singular_and_plural(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(932, "Dewi", language_code="en")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        prompt, _ = await _evidence_prompt(officer, app, first, "en")
        assert prompt.button_texts == ["Later"]
        await officer.send("later")
        waiting = await officer.wait_for()
        assert "Later" in waiting.text and "Done" not in waiting.text
        await officer.send_photo()
        one = await officer.wait_for(_new_message)
        assert one.text.startswith("📎 1 file for item 7/50:")
        assert "(s)" not in one.text and one.button_texts == ["↩ Undo", "Done"]
        await officer.send_album([Photo(), Photo()])
        two = await officer.wait_for(lambda m: m.message_id == one.message_id)
        assert two.text.startswith("📎 3 files for item 7/50:")
        await officer.send("next?")
        done = await officer.wait_for(_new_message)
        assert "Done" in done.text and "Later" not in done.text
    assert api_errors(fake_api) == []


async def test_one_item_at_risk_is_said_in_the_singular(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(933, "Agus", language_code="en")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        prompt, _ = await _evidence_prompt(officer, app, first, "en")
        await press(officer, prompt, "Later")
        await officer.send("/score")
        score = await officer.wait_text("Provisional score")
        assert "⏳ 1 item scored without evidence (at risk)." in score.text
        assert "(s)" not in score.text
        await officer.send("/gaps")
        gaps = await officer.wait_text("Gaps —")
        assert "(s)" not in gaps.text and " items) · page" in gaps.text
    assert api_errors(fake_api) == []


async def test_a_file_delivered_again_later_is_said_kept_for_its_own_item(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Telegram delivers a photo's update again after the officer went on to the next item:
    nothing is kept twice, and the bot says the file is kept for the item it was sent for
    (7/50), not for the one now on screen."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(935, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        _, key = await _evidence_prompt(officer, app, first, "id", last=False)
        await officer.send_photo(caption="papan SOP")
        sent = max(i for i, u in fake_api._by_update_id.items() if u.chat_id == 935)
        confirmed = await officer.wait_for(_new_message)
        assert confirmed.text.startswith("📎 1 berkas untuk butir 7/50")
        await officer.wait_idle()
        store, _, selfcheck = await officer_state(app, 935)
        state = await store.chat_state(935)
        following = officer.message(state.message_id)  # the next question, under the request
        assert following.text.startswith("8/50")
        await press(officer, following, option_labels(following)[0])
        moved = await store.chat_state(935)
        assert moved.key != key

        fake_api.redeliver(sent)
        again = await officer.wait_for(
            lambda m: _new_message(m) and m.message_id > confirmed.message_id and "📎" in m.text
        )
        assert again.text.startswith("📎 Berkas itu sudah tersimpan; 1 berkas untuk butir 7/50")
        assert again.buttons == []
        assert len(await store.evidence(selfcheck)) == 1
        assert [row.key for row in await store.evidence(selfcheck)] == [key]
    assert api_errors(fake_api) == []
