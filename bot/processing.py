"""Update processing: concurrent across users, strictly in order for each user, in lanes.

PTB's `SimpleUpdateProcessor` runs updates concurrently with no order at all; an officer who
taps two buttons quickly could have the second press handled first. Here every update of a
user (or, lacking one, of a chat) waits for that user's previous updates. Updates wait for
their turn *before* taking one of the `max_concurrent_updates` working slots, so one busy
user cannot starve everyone else. Locks of idle users are dropped.

Lanes (admission control): a `Lane` takes a class of updates (the citizens' survey: its
presses and deep links, which a link shared on social media can bring by the thousand) out of
the common slots into its own few (`workers`), so the store and the event loop see at most
that many of them at once and everyone else's updates never queue behind them. A lane also
bounds its backlog (updates admitted and not finished) and how many updates one user may
have admitted per second; an update beyond either is not handled at all (no handler, no
store work): the lane's `refuse` answers it at once ("busy, try again" / "too fast"). The
refusals are bounded too, or a flood would spend the bot's shared send budget on them: at
most `replies` are being answered at once and one a user a second; the rest are dropped
unanswered (a press's spinner stops by itself; the question stays, so pressing again works).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.ratelimit import RateLimit

log = logging.getLogger(__name__)

CrossInstanceTurn = Callable[[int], AbstractAsyncContextManager[None]]
"""A user's turn across instances (bot.store.cluster.Cluster.user_turn), or None alone."""

DEFAULT_CONCURRENCY = 32
"""Updates worked on at once, across users (each user's own updates run in order)."""
_ADMISSION = 4096
"""How many updates may wait at once (PTB's semaphore); the work itself is bounded below."""


def ordering_key(update: object) -> int | None:
    """Whose queue an update joins: the user, else the chat, else none (run freely)."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


Slot = Callable[[], AbstractAsyncContextManager[Any]]
"""A working slot to handle one update in: the common ones, or a lane's."""
Refusal = Literal["busy", "rate"]
"""Why a lane did not admit an update: its backlog is full, or the user is too fast."""
Refuse = Callable[[object, Refusal], Awaitable[None]]
"""Answers an update a lane did not admit (no store work): the chat layer words it."""


class Lane:
    """A class of updates handled in their own queue, with admission control.

    `admits(update)` says which updates are the lane's (checked in arrival order, before any
    await). At most `workers` of them are handled at once, in their own slots (not the
    common ones); at most `backlog` are admitted (waiting or running); one user may have at
    most `per_second` admitted within any second (0: no such limit). An update beyond a
    bound is answered by `refuse` and dropped; at most `replies` refusals are answered at
    once, and one a user within any second: beyond that a refused update is dropped
    unanswered. `clock` is a monotonic clock in seconds (time.monotonic; tests freeze it):
    the limits are about how fast someone presses, not about dates.
    """

    def __init__(
        self,
        name: str,
        admits: Callable[[object], bool],
        refuse: Refuse,
        *,
        workers: int = 3,
        backlog: int = 300,
        per_second: int = 3,
        replies: int = 4,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if workers < 1 or backlog < 1 or per_second < 0 or replies < 1:
            raise ValueError(
                "a lane needs workers >= 1, backlog >= 1, per_second >= 0, replies >= 1"
            )
        self.name, self.admits, self.refuse = name, admits, refuse
        self.workers, self.backlog, self.per_second = workers, backlog, per_second
        self.clock = clock
        self._slots = asyncio.Semaphore(workers)
        self.admitted = 0
        """Updates admitted and not finished (waiting for a slot, or running)."""
        self.running = 0
        """Updates being handled in the lane's slots."""
        self.refused: dict[Refusal, int] = {"busy": 0, "rate": 0}
        """How many updates were refused, by reason (for tests, the bench and monitoring)."""
        self.replies = replies
        self.replying = 0
        """Refusals being answered now."""
        self.unanswered = 0
        """Refused updates dropped without an answer (more than `replies` at once, or a
        second answer to one user within a second)."""
        window = RateLimit(per_second, 1.0, _RECENT_USERS, lambda: self.clock())
        self._rate = window if per_second else None
        self._replied = RateLimit(1, 1.0, _RECENT_USERS, lambda: self.clock())

    @property
    def waiting(self) -> int:
        """Admitted updates waiting for a slot (or for their user's earlier updates)."""
        return self.admitted - self.running

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """One of the lane's working slots."""
        async with self._slots:
            self.running += 1
            try:
                yield
            finally:
                self.running -= 1

    def admit(self, key: int | None) -> Refusal | None:
        """Admit an update of user `key` (no await: arrival order is admission order), or
        say why not. An admitted update must be `finish`ed. Only admitted updates count
        towards the user's rate: one refused "busy" does not make the next one "too fast"."""
        if self.admitted >= self.backlog:
            self.refused["busy"] += 1
            return "busy"
        if self._rate is not None and key is not None and not self._rate.allow(key):
            self.refused["rate"] += 1
            return "rate"
        self.admitted += 1
        return None

    def may_reply(self, key: int | None) -> bool:
        """Whether a refused update of user `key` is answered (then `replied` must follow):
        fewer than `replies` answers in flight and none to that user within the second."""
        if self.replying >= self.replies or (key is not None and not self._replied.allow(key)):
            self.unanswered += 1
            return False
        self.replying += 1
        return True

    def replied(self) -> None:
        self.replying -= 1

    def finish(self) -> None:
        self.admitted -= 1


_RECENT_USERS = 10_000
"""Users a lane remembers presses of before it forgets those idle for a second."""


class _Turn:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self, max_concurrent_updates: int = DEFAULT_CONCURRENCY, lanes: Iterable[Lane] = ()
    ) -> None:
        super().__init__(max_concurrent_updates=_ADMISSION)
        if max_concurrent_updates < 1:
            raise ValueError("max_concurrent_updates must be a positive integer")
        self._workers = max_concurrent_updates
        self.lanes: dict[str, Lane] = {lane.name: lane for lane in lanes}
        self._work: asyncio.Semaphore | None = None
        self._turns: dict[int, _Turn] = {}
        self.cross_instance: CrossInstanceTurn | None = None
        """Set when several instances share a PostgreSQL store: inside this instance's turn,
        the user's turn across instances is held too (bot/store/cluster.py)."""

    @property
    def queued_users(self) -> int:
        """How many users have updates in flight (for tests and monitoring)."""
        return len(self._turns)

    async def initialize(self) -> None:
        self._work = asyncio.Semaphore(self._workers)

    async def shutdown(self) -> None:
        self._turns.clear()

    def lane_of(self, update: object) -> Lane | None:
        return next((lane for lane in self.lanes.values() if lane.admits(update)), None)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._work is None:  # initialize() not called: behave, don't crash
            self._work = asyncio.Semaphore(self._workers)
        key = ordering_key(update)
        lane = self.lane_of(update)
        if lane is None:
            await self._in_turn(key, coroutine, self._common_slot)
            return
        refused = lane.admit(key)
        if refused is not None:
            await _refuse(lane, update, key, refused, coroutine)
            return
        try:
            await self._in_turn(key, coroutine, lane.slot)
        finally:
            lane.finish()

    def _common_slot(self) -> asyncio.Semaphore:
        assert self._work is not None
        return self._work

    async def _in_turn(self, key: int | None, coroutine: Awaitable[Any], slot: Slot) -> None:
        """Handle the update after the user's earlier ones, in a working `slot()`."""
        if key is None:
            async with slot():
                await coroutine
            return
        # Registering the turn happens before the first await, so the order in which
        # PTB starts update tasks is the order in which a user's updates take the lock.
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.waiting += 1
        try:
            async with turn.lock, slot():
                await self._across_instances(key, coroutine)
        finally:
            turn.waiting -= 1
            if turn.waiting == 0 and self._turns.get(key) is turn:
                del self._turns[key]

    async def _across_instances(self, key: int, coroutine: Awaitable[Any]) -> None:
        cross = self.cross_instance
        if cross is None:
            await coroutine
            return
        held = cross(key)
        try:
            await held.__aenter__()
        except Exception:
            # The database is unreachable for the lock: handle the update anyway (its writes
            # still happen once, by the processed-updates claim); only the cross-instance
            # order is not guaranteed for it.
            log.warning("no cross-instance turn for %s: handled without it", key, exc_info=True)
            await coroutine
            return
        try:
            await coroutine
        finally:
            await held.__aexit__(None, None, None)


async def _refuse(
    lane: Lane, update: object, key: int | None, why: Refusal, coroutine: Awaitable[Any]
) -> None:
    """Answer an update the lane did not admit, if the lane may; its handling never starts."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()  # never awaited, on purpose: no "never awaited" warning
    if not lane.may_reply(key):
        return
    try:
        await lane.refuse(update, why)
    except Exception:
        log.warning("could not refuse an update of lane %s (%s)", lane.name, why, exc_info=True)
    finally:
        lane.replied()
