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


NA_WORDS = frozenset({"tidak berlaku", "not applicable", "n/a", "na"})
"""Typed words meaning N/A (besides the button's own label)."""
TYPED_NA = -1
"""`typed_option` for N/A."""


def typed_option(item: Item, text: str) -> int | None:
    """The option a person typed instead of pressing: an option's label in either language
    (any case, trailing punctuation ignored) gives its index, N/A words give TYPED_NA when
    the item allows N/A; anything else None. Labels shared by two options name neither."""
    said = " ".join(text.casefold().split()).rstrip(".!")
    if not said:
        return None
    found = {
        n
        for n, o in enumerate(item.options)
        if said in (o.label.id.casefold(), o.label.en.casefold())
    }
    if len(found) == 1:
        return found.pop()
    if not found and item.na_allowed and said in NA_WORDS:
        return TYPED_NA
    return None
