"""Flood control: token buckets over the actual request times, answered with 429s like Telegram's.

Off until `FakeBotAPI.enforce_rate(...)` turns it on. Only sending and editing methods count.
"""

from __future__ import annotations

import math
import time
from typing import Any

from tests.fakebot.errors import ApiError

# Methods that count against flood limits.
RATED_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
        "copymessage",
        "forwardmessage",
    }
)


class TokenBucket:
    def __init__(self, rate: float, capacity: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = time.monotonic()

    def take(self, now: float) -> float:
        """Take one token; return 0, or the seconds until one is available (nothing taken)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class FloodControl:
    """A global bucket, one per private chat, one per group (per minute)."""

    def __init__(self) -> None:
        self.global_bucket: TokenBucket | None = None
        self.chat_rate: float | None = None
        self.group_rate: float | None = None
        self.chat_buckets: dict[int, TokenBucket] = {}
        self.rate_limited = 0  # 429s answered

    def configure(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None,
        per_group_per_minute: float | None,
        burst: float | None,
    ) -> None:
        self.global_bucket = (
            TokenBucket(global_per_second, burst or global_per_second)
            if global_per_second
            else None
        )
        self.chat_rate = per_chat_per_second
        self.group_rate = per_group_per_minute
        self.chat_buckets.clear()

    def check(self, name: str, params: dict[str, Any]) -> None:
        """Raise the 429 Telegram would answer to method `name` now, or take its tokens."""
        if name not in RATED_METHODS:
            return
        now = time.monotonic()
        waits: list[float] = []
        if self.global_bucket:
            wait = self.global_bucket.take(now)
            if wait:
                waits.append(wait)
        chat_id = params.get("chat_id")
        if not waits and isinstance(chat_id, int):
            rate = None
            if chat_id < 0 and self.group_rate:
                rate, capacity = self.group_rate / 60.0, self.group_rate
            elif self.chat_rate:
                rate, capacity = self.chat_rate, max(1.0, self.chat_rate)
            if rate:
                bucket = self.chat_buckets.setdefault(chat_id, TokenBucket(rate, capacity))
                wait = bucket.take(now)
                if wait:
                    waits.append(wait)
                    if self.global_bucket:  # give back the global token taken above
                        self.global_bucket.tokens += 1
        if waits:
            self.rate_limited += 1
            retry = max(1, math.ceil(max(waits)))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
