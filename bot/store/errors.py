"""Errors raised by the store. The chat layer maps each one to a reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.store.types import Cycle

InviteReason = Literal[
    "unknown", "expired", "used_up", "already_member", "revoked", "before_deactivation"
]


class StoreError(Exception):
    """Base of every store error."""


class NotFound(StoreError):
    """The thing asked for does not exist."""


class Forbidden(StoreError):
    """The person may not touch that (another unit or region, wrong role, inactive)."""


class Invalid(StoreError):
    """Bad input. `reason` is a short stable code the chat layer can map to a text."""

    def __init__(self, reason: str, message: str | None = None, detail: str | None = None) -> None:
        super().__init__(message or reason)
        self.reason = reason
        self.detail = detail
        """Which rule of the reason was broken, when there are several (e.g. "too_long")."""


class Overlap(Invalid):
    """A cycle's window would overlap `other`'s, a cycle for the same scope (the same
    region, or both every region) of any rubric. Otherwise the one opened later silently
    becomes the units' current cycle (a unit has one) and their answers stay in the other."""

    def __init__(self, other: Cycle) -> None:
        super().__init__(
            "overlap",
            f"the window overlaps cycle {other.id} ({other.rubric_id} {other.opens} to "
            f"{other.closes})",
        )
        self.other = other


class Closed(StoreError):
    """The self-check's cycle no longer accepts answers (60 days after it closed)."""


class Conflict(StoreError):
    """The item changed since the screen the press (or file, or text) came from showed it:
    nothing was written. `version` is the item's answer version now."""

    def __init__(self, version: int) -> None:
        super().__init__(f"the item changed (version {version})")
        self.version = version


class Repeated(StoreError):
    """The Telegram update asking for this change already made it (Telegram redelivers
    what the bot did not confirm before a crash): nothing was changed again."""


class InviteError(StoreError):
    def __init__(self, reason: InviteReason) -> None:
        super().__init__(reason)
        self.reason: InviteReason = reason


class Ambiguous(StoreError):
    """A name matched more than one thing; `matches` lists them as REGION/UNIT."""

    def __init__(self, text: str, matches: list[str]) -> None:
        super().__init__(f"{text!r} is ambiguous: {', '.join(matches)}")
        self.matches = matches
