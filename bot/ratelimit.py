"""How fast one person may act: a sliding window per person, in memory (the survey's
presses, the survey lane's admissions)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimit:
    """At most `events` per `seconds` per person (a sliding window, in memory; people idle
    for a window are forgotten once `people` are remembered).

    Durations come from `clock`, time.monotonic unless a test freezes it, never from the
    injected date clock: a limit is about how fast someone presses, not about what day it is."""

    def __init__(
        self,
        events: int = 60,
        seconds: float = 60.0,
        people: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.events, self.seconds, self.people, self.clock = events, seconds, people, clock
        self._seen: dict[int, deque[float]] = {}

    def allow(self, person: int) -> bool:
        """Count one event of `person` if the window has room; False (nothing counted) if not."""
        now = self.clock()
        seen = self._seen.get(person)
        if seen is None:
            if len(self._seen) >= self.people:
                self._forget(now)
            seen = self._seen[person] = deque()
        while seen and seen[0] <= now - self.seconds:
            seen.popleft()
        if len(seen) >= self.events:
            return False
        seen.append(now)
        return True

    def _forget(self, now: float) -> None:
        for person in [p for p, s in self._seen.items() if not s or s[-1] <= now - self.seconds]:
            del self._seen[person]
