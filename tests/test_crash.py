"""SIGKILL a writer at random points: the database stays sound, nothing confirmed is lost."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store_fixtures import Clock, open_store, seed

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 4


async def prepare(path: Path) -> None:
    store = await open_store(path, Clock())
    try:
        await seed(store, Clock())
    finally:
        await store.close()


def run_and_kill(path: Path, start: int, delay: float) -> list[str]:
    """Start the child, let it write for `delay` seconds after its first confirmation, SIGKILL."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store_crash_child", str(path), str(start)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    first = child.stdout.readline()  # blocks until the child has confirmed one write
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
    out = (first + rest).decode()
    # a line cut off by the kill has no newline: it was never confirmed
    return [line for line in out.split("\n")[:-1] if line]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_loses_nothing_confirmed(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    asyncio.run(prepare(path))
    seed_value = random.randrange(1 << 30)
    rng = random.Random(seed_value)
    confirmed: list[str] = []
    start = 1
    for _ in range(ROUNDS):
        lines = run_and_kill(path, start, rng.uniform(0.05, 0.6))
        assert lines, f"seed {seed_value}: the child confirmed nothing"
        confirmed += lines
        start = max(int(line[1:]) for line in lines) + 1

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        answers = {r[0] for r in conn.execute("SELECT update_id FROM answers")}
        evidence = {r[0] for r in conn.execute("SELECT update_id FROM evidence")}
        ordered = [r[0] for r in conn.execute("SELECT update_id FROM answers ORDER BY id")]
    finally:
        conn.close()
    lost = [c for c in confirmed if int(c[1:]) not in (answers if c[0] == "a" else evidence)]
    assert lost == [], f"seed {seed_value}: confirmed but missing {lost}"
    assert ordered == sorted(ordered), "history order is write order"
    assert len(answers) >= len([c for c in confirmed if c[0] == "a"])
