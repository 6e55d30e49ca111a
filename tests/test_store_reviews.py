"""The review queue in the store (both backends): only kept evidence puts an answer in it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.keyref import files_ref, key_ref
from bot.refused import Refused
from bot.report_access import Overseer, ReportAccess
from bot.review import Accepted, AskComment, Returned, ReviewService
from bot.store import EvidenceFile, Invalid, KeyWrite, ReviewUnit, SelfCheck
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Clock,
    Seeded,
    clock_fixture,
    load_rubric,
    make_person,
    open_store,
    seeded_fixture,
    store_fixture,
)


async def sop_with_a_photo(seeded: Seeded) -> tuple[SelfCheck, int]:
    """The officer answers "sop" with its best option and keeps one photo for it: the
    self-check and the photo's evidence id."""
    store, officer = seeded.store, seeded.officer
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    option = load_rubric(TINY).item("sop")
    assert option is not None
    await store.record_answer(KeyWrite(officer, sc.id, "sop"), option.options[0].id)
    kept = await store.attach_evidence(
        KeyWrite(officer, sc.id, "sop"), EvidenceFile("f1", "u1", "photo")
    )
    return sc, kept


async def test_undone_evidence_takes_the_item_out_of_the_review_queue(seeded: Seeded) -> None:
    store, officer, coordinator = seeded.store, seeded.officer, seeded.coordinator
    sc, kept = await sop_with_a_photo(seeded)
    assert kept > 0

    def waiting(units: list[ReviewUnit]) -> int:
        return next(u.waiting for u in units if u.selfcheck_id == sc.id)

    units = await store.review_units(coordinator.telegram_id, False, seeded.metro)
    _, _, items = await store.review_items(coordinator.telegram_id, False, sc.id)
    assert waiting(units) == 1 and [(i.answer.key, i.evidence_count) for i in items] == [("sop", 1)]

    assert await store.remove_evidence(officer, sc.id, "sop", kept) == 1  # the officer's undo
    units = await store.review_units(coordinator.telegram_id, False, seeded.metro)
    _, _, items = await store.review_items(coordinator.telegram_id, False, sc.id)
    assert waiting(units) == 0
    assert [(i.answer.key, i.evidence_count, i.waiting) for i in items] == [("sop", 0, False)]


async def test_a_file_kept_again_is_undone_with_its_batch_only(seeded: Seeded) -> None:
    """A file undone and sent again is kept as sent now, by its sender; undoing that batch
    leaves the files of the batches in between."""
    store, officer, officer2 = seeded.store, seeded.officer, seeded.officer2
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    a, b = EvidenceFile("fa", "ua", "photo"), EvidenceFile("fb", "ub", "photo")
    first = await store.attach_evidence(KeyWrite(officer, sc.id, "sop"), a)
    assert await store.remove_evidence(officer, sc.id, "sop", first) == 1
    seeded.clock.advance(seconds=60)
    kept_b = await store.attach_evidence(KeyWrite(officer, sc.id, "sop"), b)  # a later batch
    seeded.clock.advance(seconds=60)
    again = await store.attach_evidence(
        KeyWrite(officer2, sc.id, "sop"), a
    )  # a colleague re-sends A
    assert again == first  # the same row, kept again
    rows = {r.file.file_unique_id: r for r in await store.evidence(sc, "sop")}
    assert rows["ua"].by == officer2.telegram_id and rows["ua"].at > rows["ub"].at
    assert await store.remove_evidence(officer2, sc.id, "sop", again) == 1  # undo: A only
    kept = [r.file.file_unique_id for r in await store.evidence(sc, "sop")]  # kept ones only
    assert kept == ["ub"] and kept_b > first


async def test_undo_takes_a_file_kept_again_within_its_batch(seeded: Seeded) -> None:
    """An album of a new file and one undone earlier: the second keeps its old (lower) id,
    and `↩ Batalkan` under the album (from the new file's id on) still takes both, and no
    file the officer sent after the album (a message of its own, on its own line)."""
    store, officer = seeded.store, seeded.officer
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    a, c = EvidenceFile("fa", "ua", "photo"), EvidenceFile("fc", "uc", "photo")
    sop = KeyWrite(officer, sc.id, "sop")
    old = await store.attach_evidence(sop, replace(a, media_group_id="g1"))
    assert await store.remove_evidence(officer, sc.id, "sop", old) == 1
    seeded.clock.advance(seconds=60)
    since = await store.attach_evidence(sop, replace(c, media_group_id="g2"))  # album's first
    seeded.clock.advance(seconds=1)
    assert await store.attach_evidence(sop, replace(a, media_group_id="g2")) == old < since
    seeded.clock.advance(seconds=60)
    later = await store.attach_evidence(sop, EvidenceFile("fd", "ud", "photo"))
    assert await store.remove_evidence(officer, sc.id, "sop", since) == 2
    assert [e.id for e in await store.evidence(sc, "sop")] == [later]


async def test_an_acceptance_covers_only_the_files_its_reviewer_was_shown(seeded: Seeded) -> None:
    """The files a verdict names are checked in its own unit of work: a file kept after the
    reviewer's screen was read, before the verdict is written, is refused, not covered (it
    is kept earlier than the verdict, so the standing rule alone would let it through)."""
    store, officer, coordinator = seeded.store, seeded.officer, seeded.coordinator
    sc, first = await sop_with_a_photo(seeded)
    _, _, items = await store.review_items(coordinator.telegram_id, False, sc.id)
    shown = next(i for i in items if i.answer.key == "sop")
    assert shown.evidence_ids == (first,)
    await store.attach_evidence(KeyWrite(officer, sc.id, "sop"), EvidenceFile("f2", "u2", "photo"))
    seeded.clock.advance(seconds=1)
    who = coordinator.telegram_id
    with pytest.raises(Invalid) as refused:
        await store.record_review(
            who, False, sc.id, "sop", shown.answer.id, "accepted", files=shown.evidence_ids
        )
    assert refused.value.reason == "files_changed"
    assert await store.review_history(sc.id) == []
    _, _, items = await store.review_items(who, False, sc.id)
    now_shown = next(i for i in items if i.answer.key == "sop")
    assert (
        await store.record_review(
            who, False, sc.id, "sop", now_shown.answer.id, "accepted", files=now_shown.evidence_ids
        )
        == "recorded"
    )


async def test_a_colleagues_verdict_is_never_overturned_unseen(seeded: Seeded) -> None:
    """Two coordinators of a region read the same item with no verdict on it. B presses ↩
    and A ✅ meanwhile: B's typed comment is refused, and no comment is awaited any more. A
    then turns their own acceptance into a return from the same screen (one's own verdict
    one knows), and B's ✅ from the screen read before is refused: nothing recorded, the
    officers keep hearing "fix it"."""
    store = seeded.store
    sc, _ = await sop_with_a_photo(seeded)
    seeded.clock.advance(seconds=60)  # the verdicts come after the photo
    reviews = ReviewService(store, ReportAccess(store))
    a = Overseer(seeded.coordinator.telegram_id, seeded.coordinator, False)
    b = Overseer(203, await make_person(store, 203, "coordinator", seeded.metro), False)
    _, _, items = await store.review_items(203, False, sc.id)
    item = items[0]
    ref, seen = key_ref(item.answer.key), (item.answer.id, files_ref(item.evidence_ids), "none")

    assert isinstance(await reviews.verdict(b, sc.id, ref, seen, False, 10, None), AskComment)
    assert isinstance(await reviews.verdict(a, sc.id, ref, seen, True, 11, None), Accepted)
    assert await reviews.comment(b, "foto SOP tidak terbaca", 12) == Refused("review_changed")
    assert not await reviews.awaits_comment(b)

    assert isinstance(await reviews.verdict(a, sc.id, ref, seen, False, 13, None), AskComment)
    assert isinstance(await reviews.comment(a, "foto SOP tidak terbaca", 14), Returned)
    assert await reviews.verdict(b, sc.id, ref, seen, True, 15, None) == Refused("review_changed")
    # The store refuses it inside the write too (the service's read came before A's return).
    with pytest.raises(Invalid) as caught:
        await store.record_review(203, False, sc.id, "sop", item.answer.id, "accepted",
                                  files=item.evidence_ids, over="none")  # fmt: skip
    assert caught.value.reason == "review_changed"
    history = [(r.verdict, r.by) for r in await store.review_history(sc.id)]
    assert history == [("accepted", a.telegram_id), ("returned", a.telegram_id)]


async def standing_verdict(seeded: Seeded, sc: SelfCheck, key: str) -> str | None:
    """The verdict that stands on `key` now, as the review queue reads it."""
    _, _, items = await seeded.store.review_items(seeded.coordinator.telegram_id, False, sc.id)
    review = next(i.review for i in items if i.answer.key == key)
    return None if review is None else review.verdict


async def test_instances_with_clocks_apart_agree_which_came_first(
    seeded: Seeded, database: Path | str
) -> None:
    """Several instances (PostgreSQL) each read their own clock. One runs 5 seconds slow: a
    file it keeps after an acceptance, by its clock "before" it, still voids the acceptance,
    and an acceptance it records after a file covers that file. The order the writes were
    made in decides, not the instances' clocks."""
    store, officer, who = seeded.store, seeded.officer, seeded.coordinator.telegram_id
    slow = await open_store(database, Clock(seeded.clock.now - timedelta(seconds=5)))
    try:
        sc, _ = await sop_with_a_photo(seeded)  # on the instance with the right time
        seeded.clock.advance(seconds=60)  # the acceptance a minute later
        _, _, items = await store.review_items(who, False, sc.id)
        item = next(i for i in items if i.answer.key == "sop")
        await store.record_review(who, False, sc.id, "sop", item.answer.id, "accepted",
                                  files=item.evidence_ids)  # fmt: skip
        assert await standing_verdict(seeded, sc, "sop") == "accepted"

        # The slow instance keeps a second photo after the acceptance: it is voided.
        kept = await slow.attach_evidence(
            KeyWrite(officer, sc.id, "sop"), EvidenceFile("f2", "u2", "photo")
        )
        assert kept > 0
        assert await standing_verdict(seeded, sc, "sop") is None

        # The slow instance records the acceptance of both photos: it stands.
        _, _, items = await slow.review_items(who, False, sc.id)
        item = next(i for i in items if i.answer.key == "sop")
        assert len(item.evidence_ids) == 2
        await slow.record_review(who, False, sc.id, "sop", item.answer.id, "accepted",
                                 files=item.evidence_ids)  # fmt: skip
        assert await standing_verdict(seeded, sc, "sop") == "accepted"

        # Undoing the second photo on the slow instance voids that acceptance again.
        assert await slow.remove_evidence(officer, sc.id, "sop", kept) == 1
        assert await standing_verdict(seeded, sc, "sop") is None
    finally:
        await slow.close()


async def test_an_undo_on_a_slow_instance_takes_its_own_files_only(
    seeded: Seeded, database: Path | str
) -> None:
    """`↩ Batalkan` takes the files kept from its first one on, in the order they were kept.
    A photo kept on an instance running 10 seconds slow, after one kept on the right time,
    sorted before it: undoing the second photo took the first, confirmed, too."""
    store, officer = seeded.store, seeded.officer
    slow = await open_store(database, Clock(seeded.clock.now - timedelta(seconds=10)))
    try:
        sc, first = await sop_with_a_photo(seeded)  # on the instance with the right time
        seeded.clock.advance(seconds=3)
        second = await slow.attach_evidence(
            KeyWrite(officer, sc.id, "sop"), EvidenceFile("f2", "u2", "photo")
        )
        assert second > first > 0
        assert await slow.remove_evidence(officer, sc.id, "sop", second) == 1
        assert [r.id for r in await store.evidence(sc, "sop")] == [first]
    finally:
        await slow.close()


async def test_the_item_a_file_was_kept_for_is_read_within_its_own_writer_and_self_check(
    seeded: Seeded,
) -> None:
    """A file delivered again is confirmed for the item its update kept it for: the key is
    read within the writer's own files of the write's self-check, so an update id that
    another officer's file once had (Telegram's ids are the bot's, and start afresh after
    a quiet week) never names their unit's item."""
    store, officer = seeded.store, seeded.officer
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    option = load_rubric(TINY).item("sop")
    assert option is not None
    await store.record_answer(KeyWrite(officer, sc.id, "sop"), option.options[0].id)
    write = KeyWrite(officer, sc.id, "sop", update_id=77)
    assert await store.attach_evidence(write, EvidenceFile("f1", "u1", "photo")) > 0
    assert await store.kept_by_update(KeyWrite(officer, sc.id, "other", update_id=77)) == "sop"
    other = seeded.other_officer
    theirs = await store.current_selfcheck(other)
    assert theirs is not None and theirs.id != sc.id
    assert await store.kept_by_update(KeyWrite(other, theirs.id, "sop", update_id=77)) is None
    assert await store.kept_by_update(KeyWrite(seeded.officer2, sc.id, "x", update_id=77)) is None
