"""A service's refusal: the press, command or text changes nothing, for a reason the chat
layer words. One type for every service (self-check, evidence, review, membership, joining,
survey), typed by each service's reasons (`Refused[ReviewRefusal]`), so the chat layer tells
it apart with one `isinstance`."""

from __future__ import annotations

from typing import Generic, TypeVar

from bot.frozen import frozen

Reason = TypeVar("Reason", bound=str)


@frozen
class Refused(Generic[Reason]):
    reason: Reason
    detail: str = ""
    """What the reason is about, where its words need it (a broken rule, a unit's name, a
    limit)."""
