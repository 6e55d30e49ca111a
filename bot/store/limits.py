"""Caps that keep one unit's data a size a phone can show (pure)."""

from __future__ import annotations

from bot.store.errors import Invalid

PRODUCTS_PER_UNIT = 30
"""A unit registers at most this many service products: every product multiplies the
product items of the checklist (300 products made a 1,550-item checklist)."""


def check_product_room(count: int) -> None:
    """Refuse a new product when the unit already has `PRODUCTS_PER_UNIT` (Invalid, detail
    "too_many")."""
    if count >= PRODUCTS_PER_UNIT:
        raise Invalid(
            "product_name",
            f"a unit has at most {PRODUCTS_PER_UNIT} products",
            detail="too_many",
        )
