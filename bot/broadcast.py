"""A rate-limited sender for many messages (reminders, digests, broadcasts).

Telegram allows about 30 messages a second overall, 20 a minute into one group and about
one a second into one chat. `RateLimiter` hands out send slots that respect all three; a
`Broadcaster` runs a few workers that take deliveries from a queue, wait for their slot and
send. A `RetryAfter` (flood control, HTTP 429) pauses every worker for `retry_after` and
then the same message is sent again: it is never lost and never sent twice. `Forbidden`
(the user blocked the bot) ends the delivery as "blocked"; `BadRequest` as "failed".

Time is injectable (`clock`, `sleep`) so tests never really wait.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Literal

from telegram import InlineKeyboardMarkup, InputFile
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.botapi import budget_of
from bot.delivery_faults import classify
from bot.frozen import frozen

log = logging.getLogger(__name__)

Outcome = Literal["sent", "blocked", "failed", "skipped"]


@frozen
class Rates:
    overall_per_second: float = 29.0
    """Kept just under Telegram's ~30/s so network jitter does not trip flood control; 0:
    none here, the bot's send budget paces every message (bot/botapi.py)."""
    per_chat_interval: float = 1.0
    """Seconds between two messages into one chat."""
    group_per_minute: int = 20
    workers: int = 16
    """Concurrent senders; enough to hide network latency at the overall rate. At most half
    the bot's Bot API connections (`broadcaster_of`): with Telegram ~0.25 s away, 30
    messages a second keep ~8 in flight, and a press's answer and edit must never queue for
    a connection behind them."""
    max_retries: int = 5
    """RetryAfter answers tolerated for one message before it is recorded as failed."""
    network_retries: int = 2


@frozen
class TextPart:
    text: str
    reply_markup: InlineKeyboardMarkup | None = None


@frozen
class PhotoPart:
    photo: bytes
    caption: str | None = None
    filename: str = "chart.png"


@frozen
class DocumentPart:
    data: bytes
    filename: str
    caption: str | None = None


Part = TextPart | PhotoPart | DocumentPart


@frozen
class Delivery:
    """Messages for one chat, sent in order. `tag` is the caller's (e.g. a notification key)."""

    chat_id: int
    parts: tuple[Part, ...]
    tag: str = ""
    spaced: bool = True
    """False for a reply the user just asked for: parts go out back to back (still under the
    overall limit and flood control), as Telegram allows short bursts into a private chat."""


@frozen
class Result:
    delivery: Delivery
    outcome: Outcome
    sent_parts: int = 0
    error: str | None = None
    fault: str | None = None
    """Of a failure: "transient" | "permanent" | "unconfirmed" (`bot.delivery_faults`)."""


def retry_seconds(exc: RetryAfter) -> float:
    """`exc.retry_after` in seconds, without PTB's int/timedelta deprecation warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@dataclass
class RateLimiter:
    """Hands out send instants under the three limits.

    A message first waits for its chat (one a second, 20 a minute into a group), and only
    then books the next overall slot, so a busy chat never holds other chats up. Booking
    happens without an await in between, so concurrent workers never share a slot.
    """

    rates: Rates = field(default_factory=Rates)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    _next_any: float = 0.0
    _next_chat: dict[int, float] = field(default_factory=dict)
    _group_sent: dict[int, deque[float]] = field(default_factory=dict)
    _paused_until: float = 0.0

    def chat_ready(self, chat_id: int, spaced: bool = True) -> float:
        """The earliest instant the chat's own limits allow."""
        ready = max(self._next_chat.get(chat_id, 0.0) if spaced else 0.0, self._paused_until)
        window = self._group_sent.get(chat_id)
        if window is not None and len(window) >= self.rates.group_per_minute:
            ready = max(ready, window[0] + 60.0)
        return ready

    def _book(self, chat_id: int, slot: float) -> None:
        overall = self.rates.overall_per_second
        self._next_any = slot + 1.0 / overall if overall > 0 else slot
        self._next_chat[chat_id] = slot + self.rates.per_chat_interval
        if chat_id < 0:
            window = self._group_sent.setdefault(chat_id, deque())
            window.append(slot)
            while len(window) > self.rates.group_per_minute:
                window.popleft()

    async def acquire(self, chat_id: int, *, spaced: bool = True) -> float:
        """Wait for this chat's turn; returns the booked instant."""
        while True:
            now = self.clock()
            ready = self.chat_ready(chat_id, spaced)
            if ready > now:
                await self.sleep(ready - now)
                continue
            slot = max(now, self._next_any)
            self._book(chat_id, slot)
            if slot > now:
                await self.sleep(slot - now)
            if self.clock() >= self._paused_until:
                return slot
            # Flood control started while we waited: book again after the pause.

    def pause(self, seconds: float) -> None:
        """Flood control: nobody sends for `seconds`."""
        until = self.clock() + seconds
        self._paused_until = max(self._paused_until, until)
        self._next_any = max(self._next_any, self._paused_until)


class Broadcaster:
    """Sends deliveries through one `RateLimiter`; see the module docstring."""

    def __init__(
        self,
        bot: Any,
        rates: Rates | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.rates = rates or Rates()
        self.limiter = RateLimiter(self.rates, clock, sleep)
        self.sleep = sleep

    async def send(self, delivery: Delivery) -> Result:
        """Send every part of one delivery, in order; stop at the first part that fails."""
        sent = 0
        for part in delivery.parts:
            try:
                await self._send_part(delivery.chat_id, part, delivery.spaced)
            except Forbidden as exc:
                return Result(delivery, "blocked", sent, str(exc), "permanent")
            except TelegramError as exc:
                log.warning("sending to %s failed: %s", delivery.chat_id, exc)
                why = f"{type(exc).__name__}: {exc}"
                return Result(delivery, "failed", sent, why, classify(exc))
            except Exception as exc:  # one bad delivery never stops the others
                log.exception("sending to %s failed", delivery.chat_id)
                return Result(delivery, "failed", sent, repr(exc), "permanent")
            sent += 1
        return Result(delivery, "sent", sent)

    async def send_all(
        self,
        deliveries: Iterable[Delivery],
        *,
        before: Callable[[Delivery], Awaitable[bool]] | None = None,
        after: Callable[[Result], Awaitable[None]] | None = None,
    ) -> list[Result]:
        """Send many deliveries concurrently under the limits.

        `before(delivery)` runs just before sending (e.g. claim the notification); False skips
        the delivery. `after(result)` runs when it is done (e.g. record sent / failed).
        Results come back in the order of `deliveries`.
        """
        items = list(deliveries)
        results: list[Result | None] = [None] * len(items)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(len(items)):
            queue.put_nowait(i)

        async def worker() -> None:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                delivery = items[i]
                if before is not None and not await before(delivery):
                    results[i] = Result(delivery, "skipped")
                    continue
                result = await self.send(delivery)
                results[i] = result
                if after is not None:
                    await after(result)

        workers = max(1, min(self.rates.workers, len(items)))
        await asyncio.gather(*(worker() for _ in range(workers)))
        return [r for r in results if r is not None]

    async def _send_part(self, chat_id: int, part: Part, spaced: bool = True) -> None:
        retries = 0
        network_failures = 0
        while True:
            await self.limiter.acquire(chat_id, spaced=spaced)
            try:
                await self._call(chat_id, part)
                return
            except RetryAfter as exc:
                retries += 1
                if retries > self.rates.max_retries:
                    raise
                wait = retry_seconds(exc)
                log.info("flood control: waiting %.1fs before resending to %s", wait, chat_id)
                self.limiter.pause(wait)
            except (Forbidden, BadRequest, TimedOut):
                # A timeout may hide a message that did arrive: never resend it.
                raise
            except NetworkError as exc:
                # Resent at once only when it never left (connection refused, a 5xx): a
                # connection dropped with the request on it may hide a message that arrived.
                network_failures += 1
                if classify(exc) != "transient" or network_failures > self.rates.network_retries:
                    raise
                await self.sleep(1.0)

    async def _call(self, chat_id: int, part: Part) -> None:
        if isinstance(part, TextPart):
            await self.bot.send_message(
                chat_id,
                part.text,
                reply_markup=part.reply_markup,
            )
        elif isinstance(part, PhotoPart):
            await self.bot.send_photo(
                chat_id,
                InputFile(part.photo, filename=part.filename),
                caption=part.caption,
            )
        else:
            await self.bot.send_document(
                chat_id,
                InputFile(part.data, filename=part.filename),
                caption=part.caption,
            )


def broadcaster_of(application: Any) -> Broadcaster:
    """The application's one broadcaster (rates from bot_data.broadcast_rates if set), so
    that every sender shares one flood-control pause. When the bot has a send budget, the
    budget paces the messages (shared with replies) and the broadcaster keeps its per-chat
    spacing, group limit and pause on top."""
    data = application.bot_data
    if data.broadcaster is None:
        rates = data.broadcast_rates
        if rates is None and budget_of(application.bot) > 0:
            rates = Rates(overall_per_second=0)
        rates = rates or Rates()
        connections = getattr(application.bot.request, "connections", None)
        if isinstance(connections, int):  # half of them, at most, for messages in flight
            rates = replace(rates, workers=min(rates.workers, max(1, connections // 2)))
        data.broadcaster = Broadcaster(application.bot, rates)
    found: Broadcaster = data.broadcaster
    return found


def as_parts(texts: Sequence[str], photos: Sequence[PhotoPart] = ()) -> tuple[Part, ...]:
    """Texts first, then photos: the shape of a summary or a digest."""
    return (*(TextPart(t) for t in texts), *photos)
