"""The review queue in the store (both backends): only kept evidence puts an answer in it."""

from __future__ import annotations

from bot.store import EvidenceFile, ReviewUnit
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Seeded,
    clock_fixture,
    load_rubric,
    seeded_fixture,
    store_fixture,
)


async def test_undone_evidence_takes_the_item_out_of_the_review_queue(seeded: Seeded) -> None:
    store, officer, coordinator = seeded.store, seeded.officer, seeded.coordinator
    sc = await store.current_selfcheck(officer)
    assert sc is not None
    option = load_rubric(TINY).item("sop")
    assert option is not None
    await store.record_answer(officer, sc.id, "sop", option.options[0].id)
    kept = await store.attach_evidence(officer, sc.id, "sop", EvidenceFile("f1", "u1", "photo"))
    assert kept > 0

    def waiting(units: list[ReviewUnit]) -> int:
        return next(u.waiting for u in units if u.selfcheck_id == sc.id)

    units = await store.review_units(coordinator.telegram_id, False, seeded.metro)
    _, _, items = await store.review_items(coordinator.telegram_id, False, sc.id)
    assert waiting(units) == 1 and [(i.key, i.evidence_count) for i in items] == [("sop", 1)]

    assert await store.remove_evidence(officer, sc.id, "sop", kept) == 1  # the officer's undo
    units = await store.review_units(coordinator.telegram_id, False, seeded.metro)
    _, _, items = await store.review_items(coordinator.telegram_id, False, sc.id)
    assert waiting(units) == 0
    assert [(i.key, i.evidence_count, i.waiting) for i in items] == [("sop", 0, False)]
