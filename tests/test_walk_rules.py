"""The instrument's walking rules (rubric/_walk.py): checklist order, the next unanswered
key, at-risk. The store, the self-check service and the scoring engine all use these."""

from __future__ import annotations

import rubric


def test_the_checklist_is_item_major_with_each_product_item_once_per_product() -> None:
    the_rubric = rubric.load_builtin("ombudsman-2024")
    product_items = [i for i in the_rubric.items if i.scope == "product"]
    assert product_items, "the test needs a rubric with product items"
    entries = rubric.checklist(the_rubric, ["KTP-el", "Akta"])
    keys = [e.key for e in entries]
    expected: list[str] = []
    for item in the_rubric.items:
        if item.scope == "product":
            expected += [f"{item.id}@KTP-el", f"{item.id}@Akta"]
        else:
            expected.append(item.id)
    assert keys == expected
    first = next(e for e in entries if e.product == "Akta")
    assert first.item.scope == "product" and rubric.split_key(first.key) == (first.item.id, "Akta")
    # Without products, product items are not askable at all.
    alone = [e.key for e in rubric.checklist(the_rubric, [])]
    assert alone == [i.id for i in the_rubric.items if i.scope == "unit"]


def test_next_unanswered_wraps_and_starts_over_after_a_stale_key() -> None:
    keys = ["a", "b", "c", "d"]
    assert rubric.next_unanswered(keys, set()) == "a"
    assert rubric.next_unanswered(keys, {"a"}, after="a") == "b"
    assert rubric.next_unanswered(keys, {"b", "c", "d"}, after="c") == "a"  # wraps
    assert rubric.next_unanswered(keys, {"a"}, after="gone@Old") == "b"  # from the start
    assert rubric.next_unanswered(keys, {"b"}, after="d") == "a"
    assert rubric.next_unanswered(keys, set(keys), after="b") is None


def test_at_risk_is_a_positive_answer_without_the_evidence_its_item_requires() -> None:
    the_rubric = rubric.load_builtin("ombudsman-2024")
    needs = next(i for i in the_rubric.items if i.evidence_required)
    free = next((i for i in the_rubric.items if not i.evidence_required), None)
    assert rubric.at_risk(needs, 1.0, has_evidence=False)
    assert not rubric.at_risk(needs, 1.0, has_evidence=True)
    assert not rubric.at_risk(needs, 0.0, has_evidence=False)  # nothing to protect
    assert not rubric.at_risk(needs, None, has_evidence=False)  # N/A
    if free is not None:
        assert not rubric.at_risk(free, 1.0, has_evidence=False)
