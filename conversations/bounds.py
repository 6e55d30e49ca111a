"""Bounds on numbers that come from outside (callback data): pure.

A button's data is text anyone can forge (`v1:a:99999999999999999999:…`). Python parses any
integer, but SQLite stores at most 64 bits and raises OverflowError beyond; every id, page
and option index we put in a button fits in 31 bits, so anything outside [INT_MIN, INT_MAX]
is refused as invalid data, before it reaches the store."""

from __future__ import annotations

from pydantic import BaseModel

INT_MIN = -1
"""The smallest number a button carries (NA_OPTION)."""
INT_MAX = 2**31 - 1


def in_bounds(value: int, low: int = INT_MIN, high: int = INT_MAX) -> bool:
    return low <= value <= high


def out_of_bounds(model: BaseModel) -> list[str]:
    """The names of `model`'s integer fields whose value is out of bounds."""
    return [
        name
        for name in type(model).model_fields
        if isinstance(value := getattr(model, name), int)
        and not isinstance(value, bool)
        and not in_bounds(value)
    ]
