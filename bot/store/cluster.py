"""Several instances on one PostgreSQL: a turn per user, and one reminder dispatcher.

- `user_turn(user_id)`: while an instance handles an update of a user, it holds that user's
  session advisory lock, on a connection of its own (not the store's): another instance
  that receives the same user's next update at the same time waits for it, so one user's
  updates are handled one after the other across instances, as PerUserUpdateProcessor does
  within one. Exactly once rests on the store, not on this lock: every write tied to an
  update claims (update_id, action) in processed_updates in the same unit of work.
- `is_leader()`: the reminder dispatcher runs on the instance that holds the leader lock
  (a session advisory lock on a connection kept open). If that instance dies, PostgreSQL
  ends its session and frees the lock; the next instance to ask (every LEADER_CHECK) takes
  over. Notifications stay at most once whoever dispatches: each is claimed (a unique key)
  in a unit of work before it is sent.

If a lock connection breaks, the server has already released its lock; the turn or the
leadership is simply asked for again on a new connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from bot.store.pg import redact

log = logging.getLogger(__name__)

LEADER_LOCK = 0x5149_4E10
"""The reminder dispatcher's leader lock (pg_advisory_lock(bigint))."""
USER_LOCK_BASE = 1 << 60
"""A user's turn lock is USER_LOCK_BASE + the Telegram id (ids have at most 52 bits)."""
LEADER_CHECK = timedelta(seconds=20)
"""How often a follower asks for leadership: a dead leader is replaced within this (plus
the time PostgreSQL takes to notice a dead session: at once for a killed process, its TCP
keepalive settings for a machine that vanished; docs/deploying.md)."""
TURN_CONNECTIONS = 32
"""Lock connections kept per instance (as many turns as updates worked on at once)."""


def user_lock_key(user_id: int) -> int:
    if not -(1 << 52) <= user_id < (1 << 52):
        raise ValueError(f"user id {user_id} out of Telegram's 52-bit range")
    return USER_LOCK_BASE + user_id


class Cluster:
    """The instance's coordination connections (psycopg async; the store's own stay apart)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._idle: list[Any] = []
        self._leader: Any = None
        self._closed = False
        self.elected = asyncio.Event()
        """Set while this instance holds the leader lock."""

    async def _connect(self) -> Any:
        import psycopg

        return await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)

    @asynccontextmanager
    async def user_turn(self, user_id: int) -> AsyncIterator[None]:
        """Hold `user_id`'s turn across instances for the duration of the block."""
        key = user_lock_key(user_id)
        conn = self._idle.pop() if self._idle else await self._connect()
        try:
            await conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        except BaseException:
            await conn.close()
            raise
        try:
            yield
        finally:
            try:
                await conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
            except Exception:
                # The session is gone, and its locks with it; drop the connection.
                await conn.close()
            else:
                if self._closed or len(self._idle) >= TURN_CONNECTIONS:
                    await conn.close()
                else:
                    self._idle.append(conn)

    async def is_leader(self) -> bool:
        """True while this instance holds the leader lock (asking takes it when it is free)."""
        import psycopg

        if self._closed:
            return False
        if self._leader is not None:
            try:
                await self._leader.execute("SELECT 1")
                return True
            except psycopg.Error:
                log.warning("lost the leader connection: the reminder dispatcher stops here")
                await self._drop_leader()
        try:
            conn = await self._connect()
        except psycopg.Error as exc:
            log.warning("cannot reach %s for the leader lock: %s", redact(self.dsn), exc)
            return False
        try:
            cursor = await conn.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,))
            row = await cursor.fetchone()
        except psycopg.Error:
            await conn.close()
            return False
        if row is None or not row[0]:
            await conn.close()
            return False
        self._leader = conn
        self.elected.set()
        log.info("this instance now runs the reminder dispatcher (leader lock taken)")
        return True

    async def _drop_leader(self) -> None:
        conn, self._leader = self._leader, None
        self.elected.clear()
        if conn is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                await conn.close()

    async def close(self) -> None:
        """Give up leadership and close every coordination connection."""
        self._closed = True
        await self._drop_leader()
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.close()
