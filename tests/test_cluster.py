"""Several instances on one PostgreSQL (bot/store/cluster.py): one user's turn at a time
across instances, one reminder dispatcher, and a dead leader replaced."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.processing import PerUserUpdateProcessor
from bot.store.cluster import LEADER_LOCK, Cluster, user_lock_key


async def test_exactly_one_leader_and_a_dead_one_is_replaced(pg_database: str) -> None:
    import psycopg

    first, second, third = Cluster(pg_database), Cluster(pg_database), Cluster(pg_database)
    try:
        assert await first.is_leader()
        assert not await second.is_leader() and not await third.is_leader()
        assert await first.is_leader()  # stays leader while its session lives
        # The leader's process dies (its session is ended, as a SIGKILL would end it).
        with psycopg.connect(pg_database, autocommit=True) as admin:
            pid = admin.execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = %s",
                (LEADER_LOCK & 0xFFFFFFFF,),
            ).fetchone()
            assert pid is not None
            admin.execute("SELECT pg_terminate_backend(%s)", (pid[0],))
        # pg_terminate_backend only signals: the lock goes when the backend has exited, which
        # under load can take longer than a fixed pause. Ask until one of them takes it.
        for _ in range(200):
            leaders = [await c.is_leader() for c in (second, third)]
            if any(leaders):
                break
            await asyncio.sleep(0.05)
        assert sorted(leaders) == [False, True]
        assert not await first.is_leader()  # back, it finds the lock taken: a follower
    finally:
        for c in (first, second, third):
            await c.close()


async def test_one_users_turn_is_held_across_instances(pg_database: str) -> None:
    a, b = Cluster(pg_database), Cluster(pg_database)
    events: list[str] = []
    try:
        async with a.user_turn(101):
            waiting = asyncio.create_task(_turn(b, 101, events, "b101"))
            other = asyncio.create_task(_turn(b, 102, events, "b102"))
            await asyncio.wait_for(other, 5)  # another user does not wait
            await asyncio.sleep(0.3)
            assert not waiting.done()  # the same user waits for instance a
            events.append("a101 done")
        await asyncio.wait_for(waiting, 5)
        assert events == ["b102", "a101 done", "b101"]
    finally:
        await a.close()
        await b.close()


async def _turn(cluster: Cluster, user: int, events: list[str], name: str) -> None:
    async with cluster.user_turn(user):
        events.append(name)


def test_user_lock_keys_stay_apart_from_the_other_locks() -> None:
    assert user_lock_key(1) > LEADER_LOCK
    assert user_lock_key(2**52 - 1) < 2**63
    with pytest.raises(ValueError):
        user_lock_key(2**53)


async def test_two_processors_keep_one_users_updates_in_order(pg_database: str) -> None:
    """Two instances' processors: a user's updates, given alternately to each, run one at a
    time and in the order they were handed out (each waits for the other's turn)."""
    from telegram import Chat, Message, Update, User

    clusters = [Cluster(pg_database), Cluster(pg_database)]
    processors = [PerUserUpdateProcessor(4), PerUserUpdateProcessor(4)]
    for p, c in zip(processors, clusters, strict=True):
        await p.initialize()
        p.cross_instance = c.user_turn
    user = User(id=777, first_name="Sari", is_bot=False)
    chat = Chat(id=777, type="private")
    running = 0
    seen: list[int] = []

    async def handle(n: int) -> None:
        nonlocal running
        running += 1
        assert running == 1, "two updates of one user ran at once"
        await asyncio.sleep(0.03)
        seen.append(n)
        running -= 1

    def update(n: int) -> Any:
        from datetime import UTC, datetime

        message = Message(n, datetime(2026, 3, 2, tzinfo=UTC), chat, from_user=user, text="x")
        return Update(n, message=message)

    try:
        # Each instance's turn connection opened beforehand: opening one (a new PostgreSQL
        # backend) took longer than the 20 ms between two updates under load, so the second
        # update queued on the lock before the first and every pair ran swapped.
        for c in clusters:
            async with c.user_turn(user.id):
                pass
        tasks = []
        for n in range(20):
            tasks.append(
                asyncio.create_task(processors[n % 2].do_process_update(update(n), handle(n)))
            )
            await asyncio.sleep(0.02)  # handed out in order, faster than they are handled
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
        assert seen == list(range(20))
        assert running == 0
    finally:
        for c in clusters:
            await c.close()


async def test_an_unreachable_lock_still_handles_the_update() -> None:
    """No cross-instance turn (the database is down for the lock): the update is handled
    anyway (its writes still happen once, by the processed-updates claims), not dropped."""
    from contextlib import asynccontextmanager
    from datetime import UTC, datetime

    from telegram import Chat, Message, Update, User

    @asynccontextmanager
    async def broken(key: int) -> Any:
        raise OSError("connection refused")
        yield  # pragma: no cover

    processor = PerUserUpdateProcessor(2)
    await processor.initialize()
    processor.cross_instance = broken
    handled: list[int] = []

    async def handle() -> None:
        handled.append(1)

    user = User(id=5, first_name="Sari", is_bot=False)
    message = Message(
        1, datetime(2026, 3, 2, tzinfo=UTC), Chat(id=5, type="private"), from_user=user, text="x"
    )
    await processor.do_process_update(Update(1, message=message), handle())
    assert handled == [1]
