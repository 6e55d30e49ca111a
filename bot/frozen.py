"""`@frozen`: the one decorator of the bot's value types, an immutable dataclass (attrs spells
it the same way). Type checkers read it as `@dataclass(frozen=True)` (PEP 681)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[T]) -> type[T]:
    return dataclass(frozen=True)(cls)
