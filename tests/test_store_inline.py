"""Inline units (bot/store/core.py): a press's small units run their statements on the event
loop's thread and only their COMMIT on the connection's thread. What they must never do:
block the loop on another process's lock, or let the next unit touch the connection while
the thread still works on it. Behaviour is asserted, never durations."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.store import core
from tests.store_fixtures import Clock, open_store, seed


async def _seeded(tmp_path: Path) -> Any:
    return await seed(await open_store(tmp_path / "s.db", Clock()), Clock())


async def test_an_inline_write_waits_for_another_process_off_the_loop(tmp_path: Path) -> None:
    seeded = await _seeded(tmp_path)
    store, who = seeded.store, seeded.officer.telegram_id
    other = sqlite3.connect(tmp_path / "s.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writing (the CLI, say)
    ticks, at_release = 0, []

    def release() -> None:  # the other process finishes, from a thread: the loop may be stuck
        time.sleep(0.2)  # not threading.Timer: its timed wait hangs under faketime
        at_release.append(ticks)
        other.execute("COMMIT")

    timer = threading.Thread(target=release)
    try:
        writing = asyncio.create_task(store.set_chat_state(who, pending="product_name"))
        timer.start()
        while not writing.done():
            await asyncio.sleep(0.001)
            ticks += 1
        await writing
    finally:
        timer.join()
        other.close()
    # The loop went on while the write waited (on the connection's thread) for the lock;
    # had it waited on the loop, nothing would have ticked before the other side let go.
    assert at_release and at_release[0] > 0
    assert (await store.chat_state(who)).pending == "product_name"
    await store.close()


async def test_a_cancelled_inline_write_keeps_the_connection_until_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = await _seeded(tmp_path)
    store, who = seeded.store, seeded.officer.telegram_id
    entered, release = threading.Event(), threading.Event()
    commit = core._commit

    def slow_commit(db: sqlite3.Connection) -> None:
        entered.set()
        release.wait(10)
        commit(db)

    monkeypatch.setattr(core, "_commit", slow_commit)
    writing = asyncio.create_task(store.set_chat_state(who, pending="product_name"))
    for _ in range(2000):
        if entered.is_set() or writing.done():
            break
        await asyncio.sleep(0.001)
    assert entered.is_set(), writing
    writing.cancel()
    reading = asyncio.create_task(store.chat_state(who))
    for _ in range(10):
        await asyncio.sleep(0.001)
    assert not writing.done() and not reading.done()  # the connection is still the commit's
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await writing
    assert (await reading).pending == "product_name"  # committed: the answer is kept
    await store.close()


async def test_an_inline_unit_that_fails_rolls_back_and_leaves_no_transaction(
    tmp_path: Path,
) -> None:
    seeded = await _seeded(tmp_path)
    store, who = seeded.store, seeded.officer.telegram_id

    def work(db: sqlite3.Connection) -> None:
        db.execute("UPDATE chat_state SET pending = 'note' WHERE telegram_id = ?", (who,))
        raise ValueError("half-way")

    await store.set_chat_state(who, pending="product_name")
    with pytest.raises(ValueError, match="half-way"):
        await store._run_write_inline(work)
    assert not store._sqlite3().in_transaction
    assert (await store.chat_state(who)).pending == "product_name"
    await store.close()


async def test_until_done_passes_a_cancellation_on_only_once_the_work_is_done() -> None:
    work: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    waiting = asyncio.create_task(core.until_done(work))
    await asyncio.sleep(0)
    waiting.cancel()
    for _ in range(3):
        await asyncio.sleep(0)
    assert not waiting.done()
    work.set_exception(OSError("disk"))  # retrieved by until_done: no "never retrieved"
    with pytest.raises(asyncio.CancelledError):
        await waiting
    finished: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    finished.set_result(7)
    assert await core.until_done(finished) == 7
