"""The self-check service without Telegram: each press or text gives an outcome (a refusal
with its reason, or what to show next), over a real store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

import pytest

from bot.evidence import EvidenceService
from bot.refused import Refused
from bot.report_access import ReportAccess
from bot.selfcheck import (
    NA_WANTED,
    AskText,
    Changed,
    Finished,
    ItemList,
    Press,
    Question,
    Saved,
    SelfCheckService,
    Stay,
)
from bot.store import ChatState, EvidenceFile, Person, SelfCheck, Store
from tests.store_fixtures import TINY, Seeded, clock_fixture, seeded_fixture, store_fixture  # noqa: F401

PHOTO = EvidenceFile(file_id="f1", file_unique_id="u1", kind="photo", mime_type="image/jpeg")


async def press(
    store: Store,
    person: Person,
    selfcheck_id: int,
    key: str | None,
    *,
    update_id: int = 1,
    states: bool = False,
) -> Press:
    """A press as `officer_press` reads it: the presser and the press in one read."""
    found = await store.press_context(person.telegram_id, selfcheck_id, states=states)
    assert found.person is not None
    return Press(found.person, found.press, found.refused, key, update_id, message_id=7)


async def current(seeded: Seeded) -> SelfCheck:
    selfcheck = await seeded.store.current_selfcheck(seeded.officer)
    assert selfcheck is not None
    return selfcheck


async def test_a_positive_answer_on_an_evidence_item_asks_for_files_in_one_commit(
    seeded: Seeded,
) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    outcome = await service.answer(await press(store, seeded.officer, sc.id, "sop"), 0)
    assert isinstance(outcome, Saved) and outcome.option is not None
    then = outcome.then
    assert isinstance(then, Question) and then.key == "sop" and then.evidence
    # The service's unit of work already remembered the prompt in the pressed message.
    assert then.remembered == ChatState(
        seeded.officer.telegram_id, sc.id, "sop", "evidence", 7, version=1
    )
    assert await store.chat_state(seeded.officer.telegram_id) == then.remembered
    # Telegram delivering the same press again changes nothing and moves nothing.
    again = await service.answer(await press(store, seeded.officer, sc.id, "sop"), 0)
    assert isinstance(again, Saved) and isinstance(again.then, Question)
    assert again.then.keep_state
    assert len(await store.answer_history(sc, "sop")) == 1


async def test_the_last_answer_shows_the_results(seeded: Seeded) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    checklist = await store.checklist(sc)
    outcome = None
    for n, key in enumerate(checklist, start=1):
        worst = -1 + len((await service.walk(sc)).item(key).options)
        outcome = await service.answer(
            await press(store, seeded.officer, sc.id, key, update_id=n), worst
        )
    assert isinstance(outcome, Saved) and isinstance(outcome.then, Finished)
    assert outcome.then.results.unit_name == "Dukcapil"
    assert outcome.then.results.report.score.completion == 1.0


async def test_refusals_name_their_reason(seeded: Seeded) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    officer = seeded.officer
    assert await service.answer(await press(store, officer, sc.id, None), 0) == Refused("item_gone")
    assert await service.answer(await press(store, officer, sc.id, "staff"), -1) == Refused(
        "invalid"  # staff has no N/A
    )
    assert await service.answer(await press(store, officer, sc.id, "staff"), 9) == Refused(
        "invalid"
    )
    other = await press(store, seeded.other_officer, sc.id, "sop")
    assert await service.answer(other, 0) == Refused("other_unit")
    assert await service.move(await press(store, officer, 9999, "sop"), back=True) == Refused(
        "invalid"
    )


async def test_a_button_of_an_earlier_cycle_is_stale_and_a_closed_cycle_refuses(
    seeded: Seeded,
) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    old = await current(seeded)
    seeded.clock.advance(days=300)  # the cycle closed on 2026-09-30; 60 days of grace are over
    closed = await service.answer(await press(store, seeded.officer, old.id, "sop"), 0)
    assert closed == Refused("closed")
    await store.open_cycle(TINY, date(2027, 5, 1), date(2027, 9, 30))
    new = await current(seeded)
    assert new.id != old.id
    stale = await service.answer(await press(store, seeded.officer, old.id, "sop"), 0)
    assert stale == Refused("stale_cycle")


@pytest.mark.parametrize("what", ["answer", "na", "note", "carry", "add_evidence"])
async def test_every_press_that_writes_refuses_a_closed_cycle(seeded: Seeded, what: str) -> None:
    """One check (`check(accepting=True)`) for every press that would write: after the
    cycle's grace, nothing is asked, carried or answered."""
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    seeded.clock.advance(days=300)  # the cycle closed on 2026-09-30; 60 days of grace are over
    pressed = await press(store, seeded.officer, sc.id, "sop")
    decide = {
        "answer": lambda: service.answer(pressed, 0),
        "na": lambda: service.answer(pressed, -1),
        "note": lambda: service.ask_note(pressed),
        "carry": lambda: service.carry(pressed),
        "add_evidence": lambda: service.add_evidence(pressed),
    }[what]
    assert await decide() == Refused("closed")
    assert await store.answer_states(sc) == {}
    assert (await store.chat_state(seeded.officer.telegram_id)).pending is None


async def test_masih_berlaku_is_guarded_like_an_answer(seeded: Seeded) -> None:
    """`carry` writes through the same KeyWrite as an answer: a stale screen carries nothing
    (the item as it is now, to look at), a repeated update carries once."""
    store, service, officer = seeded.store, SelfCheckService(seeded.store), seeded.officer
    old = await current(seeded)
    await service.answer(await press(store, officer, old.id, "staff"), 0)
    seeded.clock.advance(days=300)
    await store.open_cycle(TINY, date(2027, 5, 1), date(2027, 9, 30))
    new = await current(seeded)
    pressed = await press(store, officer, new.id, "staff", update_id=20)
    stale = await service.carry(replace(pressed, version=5))
    assert isinstance(stale, Changed) and stale.key == "staff"
    assert await store.answer_history(new, "staff") == []
    for _ in range(2):  # Telegram delivers the press twice
        carried = await service.carry(replace(pressed, version=0))
        assert isinstance(carried, Saved) and carried.option is not None
    assert len(await store.answer_history(new, "staff")) == 1


async def test_an_na_press_asks_for_the_reason_and_the_text_records_it(seeded: Seeded) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    officer = seeded.officer
    asked = await service.answer(await press(store, officer, sc.id, "sop"), -1)
    assert isinstance(asked, AskText) and (asked.what, asked.item.id) == ("na_reason", "sop")
    assert (await store.chat_state(officer.telegram_id)).pending == "na_reason"
    assert await service.na_reason(officer, "   ", update_id=2) == Refused("empty")
    assert await service.na_reason(officer, "x" * 4001, update_id=3) == Refused("too_long")
    saved = await service.na_reason(officer, "  Tidak ada loket  ", update_id=4)
    assert isinstance(saved, Saved) and saved.option is None
    assert isinstance(saved.then, Question) and saved.then.key == "staff"
    states = await store.answer_states(sc)
    assert (states["sop"].option_id, states["sop"].note) == ("na", "Tidak ada loket")
    # The prompt is over: more text is not a reason any more.
    await service.shown(officer.telegram_id, saved.then, 8)
    assert await service.na_reason(officer, "again", update_id=5) == Refused("unexpected")


async def kept_draft(
    seeded: Seeded, text: str, typed_for: Literal["na_reason", "note"]
) -> SelfCheck:
    """The officer's chat state after `Changed`: `text`, typed as `typed_for` for "sop" on a
    stale screen, kept for `Ganti` (as `SelfCheckService.shown` writes it)."""
    sc = await current(seeded)
    state = ChatState(seeded.officer.telegram_id, sc.id, "sop", message_id=7, draft=text)
    await seeded.store.put_chat_state(replace(state, draft_for=typed_for))
    return sc


async def test_ganti_records_the_na_reason_kept_as_a_draft_in_the_press_commit(
    seeded: Seeded,
) -> None:
    """`Ganti: Tidak berlaku` after a `Changed`: the reason typed on the stale screen is
    recorded by the press itself, with the chat state for the next item in one commit."""
    store, service, officer = seeded.store, SelfCheckService(seeded.store), seeded.officer
    sc = await kept_draft(seeded, "Tidak ada loket", "na_reason")
    saved = await service.answer(await press(store, officer, sc.id, "sop", update_id=5), -1)
    assert isinstance(saved, Saved) and saved.option is None
    assert isinstance(saved.then, Question) and saved.then.key == "staff"
    state = await store.chat_state(officer.telegram_id)
    assert saved.then.remembered == state and (state.key, state.draft) == ("staff", None)
    states = await store.answer_states(sc)
    assert (states["sop"].option_id, states["sop"].note) == ("na", "Tidak ada loket")
    # The draft is spent: N/A on the item again asks for a reason.
    again = await service.answer(await press(store, officer, sc.id, "sop", update_id=6), -1)
    assert isinstance(again, AskText) and again.what == "na_reason"


async def test_a_note_kept_as_a_draft_is_never_taken_for_an_na_reason(seeded: Seeded) -> None:
    """A note typed on a stale screen waits for its own `Ganti`: N/A pressed on the item
    asks for a reason instead of recording the note's words as one."""
    store, service, officer = seeded.store, SelfCheckService(seeded.store), seeded.officer
    sc = await kept_draft(seeded, "Papan di loket 2", "note")
    asked = await service.answer(await press(store, officer, sc.id, "sop", update_id=5), -1)
    assert isinstance(asked, AskText) and asked.what == "na_reason"
    assert await store.answer_states(sc) == {}


async def test_a_note_on_an_na_answer_asks_for_the_reason(seeded: Seeded) -> None:
    """N/A's note is its reason: 📝 Catatan on it asks for the reason (the typed text
    replaces it, as the prompt says), and a note from an older screen is refused rather
    than replacing the reason unasked (the reason vanished from the screen, the review and
    the workbook)."""
    store, service, officer = seeded.store, SelfCheckService(seeded.store), seeded.officer
    sc = await current(seeded)
    await service.answer(await press(store, officer, sc.id, "sop", update_id=1), -1)
    await service.na_reason(officer, "Tidak ada loket", update_id=2)
    assert (await service.walk(sc)).is_na("sop")
    old_screen = await press(store, officer, sc.id, "sop", update_id=3, states=True)
    asked = await service.ask_note(old_screen)
    assert isinstance(asked, AskText) and asked.what == "na_reason"
    await store.set_chat_state(  # a note prompt left open from before the N/A
        officer.telegram_id, selfcheck_id=sc.id, key="sop", pending="note"
    )
    assert await service.note(officer, "catatan lain", update_id=4) == Refused("invalid")
    assert (await store.answer_states(sc))["sop"].note == "Tidak ada loket"
    await service.ask_note(await press(store, officer, sc.id, "sop", update_id=5))
    saved = await service.na_reason(officer, "Loket ditutup sejak 2025", update_id=6)
    assert isinstance(saved, Saved) and saved.option is None
    state = (await store.answer_states(sc))["sop"]
    assert (state.option_id, state.note) == ("na", "Loket ditutup sejak 2025")


async def test_moving_and_listing(seeded: Seeded) -> None:
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    officer = seeded.officer
    back = await service.move(await press(store, officer, sc.id, "sop"), back=True)
    assert isinstance(back, Stay) and back.edge == "first"  # the first stays first
    assert back.then.key == "sop"
    skip = await service.move(await press(store, officer, sc.id, "sop"), back=False)
    assert isinstance(skip, Question) and skip.key == "staff"
    await service.shown(officer.telegram_id, skip, 7)
    listed = await service.item_list(await press(store, officer, sc.id, None), 1)
    assert isinstance(listed, ItemList) and listed.back_to == "staff"


async def test_the_evidence_confirmation_keeps_a_typed_draft(seeded: Seeded) -> None:
    """Recording which message confirms the files must not drop an N/A reason or note the
    officer typed on a stale screen (kept for `Ganti`)."""
    store = seeded.store
    sc = await store.current_selfcheck(seeded.officer)
    assert sc is not None
    await store.set_chat_state(
        seeded.officer.telegram_id, selfcheck_id=sc.id, key="sop", pending="evidence",
        message_id=7, version=1, draft="Tidak ada loket khusus",
    )  # fmt: skip
    state = await store.chat_state(seeded.officer.telegram_id)
    await EvidenceService(SelfCheckService(store)).acked(state, ack_message_id=9)
    after = await store.chat_state(seeded.officer.telegram_id)
    assert (after.draft, after.ack_message_id, after.message_id) == ("Tidak ada loket khusus", 9, 7)


def test_only_an_active_coordinator_of_the_region_or_an_admin_may_list_its_units(
    seeded: Seeded,
) -> None:
    access = ReportAccess(seeded.store)
    coordinator, officer = seeded.coordinator, seeded.officer
    region = seeded.metro
    assert access.may_list(coordinator, False, region)
    assert access.may_list(None, True, region)
    assert not access.may_list(coordinator, False, seeded.makassar)
    assert not access.may_list(replace(coordinator, active=False), False, region)
    assert not access.may_list(replace(officer, region_id=region), False, region)
    assert not access.may_list(None, False, region)


async def test_an_admin_naming_regions_that_differ_only_in_case_picks_one(seeded: Seeded) -> None:
    """The store reads a region name whatever its case; names equal but for case are
    ambiguous there, and an admin's report then offers the regions to pick from."""
    from bot.report_access import PickRegion, Scope

    store = seeded.store
    # As an import before stop 22 could leave them (one now takes "KOTA METRO" as Kota Metro).
    await store._run_write(
        lambda db: db.execute(
            "INSERT INTO regions (name, timezone) VALUES ('KOTA METRO', 'Asia/Jakarta')"
        )
    )
    access = ReportAccess(store)
    picked = await access.scope(None, True, "kota metro")
    assert isinstance(picked, PickRegion)
    assert await access.scope(None, True, "Kota Metro") == Scope(seeded.metro, None)


async def test_adding_a_product_keeps_the_version_the_screen_showed(seeded: Seeded) -> None:
    """➕ Tambah produk mid-walk, a colleague answers the item on screen, then the officer
    types an answer, or sends a file, for it: both are checked against the version the
    screen showed (it was dropped with the product's prompt, and both were written over the
    colleague's answer blind)."""
    store, service = seeded.store, SelfCheckService(seeded.store)
    evidence = EvidenceService(service)
    sc = await current(seeded)
    me, colleague = seeded.officer, seeded.officer2
    for update_id, key in ((20, "staff"), (30, "sop")):
        opened = await service.open_item(await press(store, me, sc.id, key, states=True))
        await service.shown(me.telegram_id, opened, 7)
        shown = await store.chat_state(me.telegram_id)
        await service.ask_product_name(me.telegram_id)
        assert (await store.chat_state(me.telegram_id)).pending == "product_name"
        await service.add_product(me, f"Surat {key}")
        assert await store.chat_state(me.telegram_id) == shown
        theirs = await service.answer(
            await press(store, colleague, sc.id, key, update_id=update_id), 0
        )
        assert isinstance(theirs, Saved)
        if key == "staff":
            outcome = await service.typed(me, "tidak", update_id + 1)
        else:
            outcome = await evidence.attach(me, PHOTO, update_id + 1)
        assert isinstance(outcome, Changed), key
        history = await store.answer_history(sc, key)
        assert [h.by for h in history][:1] == [colleague.telegram_id], key


async def test_an_album_confirmed_late_never_undoes_a_newer_press(seeded: Seeded) -> None:
    """The album's confirmation job reads the state (files awaited for "sop"), and while it
    sends its line the officer answers the next question: recording the line must not put
    the state back to "sop" (the next photo went to "sop", and a typed answer was asked
    for files)."""
    store, service = seeded.store, SelfCheckService(seeded.store)
    evidence = EvidenceService(service)
    sc = await current(seeded)
    me = seeded.officer
    assert isinstance(await service.answer(await press(store, me, sc.id, "sop"), 0), Saved)
    found = await evidence.confirmation(me.telegram_id, sc.id, "sop")
    assert found is not None and found.prompt.pending == "evidence"
    moved = await service.answer(await press(store, me, sc.id, "staff", update_id=2), 0)
    assert isinstance(moved, Saved)
    after_press = await store.chat_state(me.telegram_id)
    await evidence.acked(found.prompt, 99)
    assert await store.chat_state(me.telegram_id) == after_press
    # With nothing in between, the line is recorded.
    await evidence.acked(after_press, 99)
    assert (await store.chat_state(me.telegram_id)).ack_message_id == 99


async def test_a_redelivered_na_reason_is_never_taken_for_the_next_items_answer(
    seeded: Seeded,
) -> None:
    """ "Tidak" typed as an N/A reason, then delivered again by Telegram once the next item
    is on screen: nothing is written, and the officer is not told "Tersimpan: Tidak" for
    an item nothing was written to (the text is not taken as an answer)."""
    store, service = seeded.store, SelfCheckService(seeded.store)
    sc = await current(seeded)
    me = seeded.officer
    asked = await service.answer(await press(store, me, sc.id, "sop", update_id=4), NA_WANTED)
    assert isinstance(asked, AskText)
    saved = await service.na_reason(me, "Tidak", 5)
    assert isinstance(saved, Saved)
    await service.shown(me.telegram_id, saved.then, 8)  # the chat shows the next item
    assert await service.typed(me, "Tidak", 5) is None
    assert await store.answer_history(sc, saved.then.key) == []
    # A new update with the same words is an answer, as ever.
    assert isinstance(await service.typed(me, "Tidak", 6), Saved)
