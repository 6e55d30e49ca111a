"""Update processing: concurrent across users, strictly in order for each user.

PTB's `SimpleUpdateProcessor` runs updates concurrently with no order at all; an officer who
taps two buttons quickly could have the second press handled first. Here every update of a
user (or, lacking one, of a chat) waits for that user's previous updates. Updates wait for
their turn *before* taking one of the `max_concurrent_updates` working slots, so one busy
user cannot starve everyone else. Locks of idle users are dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

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


class _Turn:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates=_ADMISSION)
        if max_concurrent_updates < 1:
            raise ValueError("max_concurrent_updates must be a positive integer")
        self._workers = max_concurrent_updates
        self._work: asyncio.Semaphore | None = None
        self._turns: dict[int, _Turn] = {}
        self.cross_instance: CrossInstanceTurn | None = None
        """Set when several instances share a PostgreSQL store: inside this instance's turn,
        the user's turn across instances is held too (bot/store/cluster.py)."""

    @property
    def working_slots(self) -> int:
        return self._workers

    @property
    def queued_users(self) -> int:
        """How many users have updates in flight (for tests and monitoring)."""
        return len(self._turns)

    async def initialize(self) -> None:
        self._work = asyncio.Semaphore(self._workers)

    async def shutdown(self) -> None:
        self._turns.clear()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._work is None:  # initialize() not called: behave, don't crash
            self._work = asyncio.Semaphore(self._workers)
        key = ordering_key(update)
        if key is None:
            async with self._work:
                await coroutine
            return
        # Registering the turn happens before the first await, so the order in which
        # PTB starts update tasks is the order in which a user's updates take the lock.
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.waiting += 1
        try:
            async with turn.lock, self._work:
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
