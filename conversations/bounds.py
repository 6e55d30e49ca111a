"""Bounds on numbers that come from outside (callback data): pure.

A button's data is text anyone can forge (`v1:a:99999999999999999999:…`). Python parses any
integer, but SQLite stores at most 64 bits and raises OverflowError beyond; every id, page
and option index we put in a button fits in 31 bits, so anything outside [INT_MIN, INT_MAX]
is refused as invalid data, before it reaches the store. A Telegram user id is the exception:
it has up to 52 significant bits (most accounts made since 2021 are past 2**31), so a field
annotated `TelegramId` is bounded by TELEGRAM_ID_MAX instead."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

INT_MIN = -1
"""The smallest number a button carries (NA_OPTION)."""
INT_MAX = 2**31 - 1
TELEGRAM_ID_MAX = 2**52 - 1
"""Telegram: a user id "has at most 52 significant bits"."""


class _WideId:
    """Marks an int field as a Telegram user id (bounded by TELEGRAM_ID_MAX)."""


TelegramId = Annotated[int, _WideId()]


def in_bounds(value: int, low: int = INT_MIN, high: int = INT_MAX) -> bool:
    return low <= value <= high


def out_of_bounds(model: BaseModel) -> list[str]:
    """The names of `model`'s integer fields whose value is out of bounds."""
    return [
        name
        for name, info in type(model).model_fields.items()
        if isinstance(value := getattr(model, name), int)
        and not isinstance(value, bool)
        and not in_bounds(value, high=_high(info.metadata))
    ]


def _high(metadata: list[object]) -> int:
    return TELEGRAM_ID_MAX if any(isinstance(m, _WideId) for m in metadata) else INT_MAX
