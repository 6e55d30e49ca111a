"""A service's refusal: the press or command changes nothing, for a reason the chat layer
words. One type for the /tinjau and /undang services, typed by each service's reasons
(`Refused[ReviewRefusal]`), so the chat layer tells it apart with one `isinstance`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Reason = TypeVar("Reason", bound=str)


@dataclass(frozen=True)
class Refused(Generic[Reason]):
    reason: Reason
