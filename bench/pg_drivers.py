"""psycopg 3 or asyncpg for the PostgreSQL store? The same statements, both drivers.

`python -m bench.pg_drivers [--presses 300]` (a throw-away server from tests/pgserver.py, or
SIAPNILAI_BENCH_PG=postgresql://… for an existing, empty database).

An answer press is recorded once through the real store (press_context, then
record_answer: every statement, BEGIN/lock/COMMIT included), then replayed
`--presses` times with each driver:
- psycopg 3, synchronous, each unit of work on one worker thread in one hop (how the store
  runs it: bot/store/pg.py);
- asyncpg, each statement awaited on the event loop (how an asyncpg store would run it).
Prints units/s and p50/p95 per unit for the read (press_context) and the write unit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from bench._harness import pythonpath

pythonpath()

from bench import _seed  # noqa: E402
from bench._common import machine  # noqa: E402
from bot.store import KeyWrite, Store, pg  # noqa: E402

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def _dollars(sql: str) -> str:
    n = 0

    def number(_: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return f"${n}"

    return re.sub(r"%s", number, sql).replace("%%", "%")


Unit = list[tuple[str, tuple[Any, ...]]]


async def _record(url: str) -> tuple[Unit, Unit]:
    """The statements of one press read and one answer unit, as the store sends them."""
    world = await _seed.seed_units_and_officers(url, units=5, now=NOW, fast=False)
    store = await Store.open(url, clock=lambda: NOW)
    try:
        officer = world.officers[0]
        assert officer.person is not None
        selfcheck = await store.current_selfcheck(officer.person)
        assert selfcheck is not None
        key = (await store.checklist(selfcheck))[1]
        item = store.rubric(selfcheck.rubric_id).item(key.partition("@")[0])
        assert item is not None
        log: Unit = []
        original = pg.PgConnection.execute

        def spy(self: pg.PgConnection, sql: str, params: Any = ()) -> Any:
            log.append((pg.translate(sql), tuple(params)))
            return original(self, sql, params)

        pg.PgConnection.execute = spy  # type: ignore[method-assign]
        try:
            await store.press_context(officer.telegram_id, selfcheck.id)
            read = list(log)
            log.clear()
            await store.record_answer(
                KeyWrite(officer.person, selfcheck.id, key, update_id=1),
                item.options[0].id,
                message_id=1,
                states=True,
            )
            write = list(log)
        finally:
            pg.PgConnection.execute = original  # type: ignore[method-assign]
        return read, write
    finally:
        await store.close()


def _summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return (
        f"{name:<34} {len(times) / sum(times):8.0f}/s  p50 {statistics.median(times) * 1e3:6.2f} ms"
        f"  p95 {p95 * 1e3:6.2f} ms"
    )


async def _psycopg(url: str, unit: list[tuple[str, tuple[Any, ...]]], count: int) -> list[float]:
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    thread = ThreadPoolExecutor(max_workers=1)

    def run() -> None:
        for sql, params in unit:
            cur = conn.execute(sql, params) if params else conn.execute(sql.replace("%%", "%"))
            if cur.description is not None:
                cur.fetchall()

    loop = asyncio.get_running_loop()
    times = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            await loop.run_in_executor(thread, run)
            times.append(time.perf_counter() - started)
    finally:
        thread.shutdown()
        conn.close()
    return times


async def _asyncpg(url: str, unit: list[tuple[str, tuple[Any, ...]]], count: int) -> list[float]:
    import asyncpg

    conn = await asyncpg.connect(url)
    statements = [(_dollars(sql), params) for sql, params in unit]
    times = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            for sql, params in statements:
                await conn.fetch(sql, *params)
            times.append(time.perf_counter() - started)
    finally:
        await conn.close()
    return times


async def run(presses: int) -> str:
    from tests import pgserver

    url = os.environ.get("SIAPNILAI_BENCH_PG")
    server = None
    if url is None:
        server = pgserver.start()
        url = server.create_database("drivers")
    try:
        read, write = await _record(url)
        lines = [machine(), f"statements: press read {len(read)}, answer unit {len(write)}"]
        for name, unit in (("press read (press_context)", read), ("answer unit", write)):
            psycopg_times = await _psycopg(url, unit, presses)
            lines.append(_summary(f"psycopg 3 (thread)  {name}", psycopg_times))
            asyncpg_times = await _asyncpg(url, unit, presses)
            lines.append(_summary(f"asyncpg             {name}", asyncpg_times))
        return "\n".join(lines)
    finally:
        if server is not None:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args(argv)
    print(asyncio.run(run(args.presses)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
