"""Rules of walking an instrument: checklist order, the next unanswered key, at-risk.

The store, the self-check service and the scoring engine all ask these; nobody else
re-implements them.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from rubric._models import Item, Rubric


def answer_key(item_id: str, product: str | None = None) -> str:
    return f"{item_id}@{product}" if product else item_id


def split_key(key: str) -> tuple[str, str | None]:
    """`ITEM@PRODUCT` -> (ITEM, PRODUCT); `ITEM` -> (ITEM, None)."""
    item_id, _, product = key.partition("@")
    return item_id, product or None


@dataclass(frozen=True)
class Entry:
    """One askable key of a checklist."""

    key: str
    item: Item
    product: str | None


def checklist(rubric: Rubric, products: Sequence[str], online: bool = False) -> list[Entry]:
    """The askable keys in order: item-major, over the items officers answer for a unit that
    serves online or face to face (`Rubric.asked_items`); a product item once per product
    (none while the unit has no product)."""
    entries: list[Entry] = []
    for item in rubric.asked_items(online):
        if item.scope == "product":
            entries.extend(Entry(answer_key(item.id, p), item, p) for p in products)
        else:
            entries.append(Entry(item.id, item, None))
    return entries


def next_unanswered(
    keys: Sequence[str], answered: Container[str], after: str | None = None
) -> str | None:
    """The first key not in `answered` after `after`, wrapping to the start (from the start
    when `after` is not on the checklist); None when every key is answered."""
    start = keys.index(after) + 1 if after in keys else 0
    ordered = [*keys[start:], *keys[:start]]
    return next((k for k in ordered if k not in answered), None)


def at_risk(item: Item, value: float | None, has_evidence: bool) -> bool:
    """Answered above 0 on an item that requires evidence, without any: points to protect."""
    return item.evidence_required and value is not None and value > 0 and not has_evidence
