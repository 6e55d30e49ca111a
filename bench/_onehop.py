"""Experiment behind finding 1 of docs/benchmarks.md: what one round trip per store call would
save. `python -m bench._onehop` (uses aiosqlite's private `_execute`; an experiment, not a
proposal for the code as is).

Times, in CPU microseconds per call, `Store.answer_states` / `checklist` / `person` as they
are, against the same reads as one synchronous function run on the connection's thread in a
single round trip.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench._harness import pythonpath

pythonpath()

from bench import store_rate  # noqa: E402
from bench._common import machine, table  # noqa: E402


async def run(calls: int) -> str:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        store, _, the_rubric, work = await store_rate._prepare(Path(tmp) / "x.db", 2, now)
        try:
            person, selfcheck, keys = work[0]
            ids = store_rate.Ids()
            for key in keys[:40]:
                item = the_rubric.item(key.partition("@")[0])
                assert item is not None
                await store.record_answer(
                    person, selfcheck.id, key, item.options[0].id, update_id=ids()
                )
            conn = store._connection()
            raw = conn._conn

            def states_in_one_go() -> tuple[list, list, list]:  # type: ignore[type-arg]
                raw.execute("BEGIN")
                try:
                    return (
                        raw.execute(
                            "SELECT id, unit_id, name FROM products WHERE unit_id = ? ORDER BY id",
                            (selfcheck.unit_id,),
                        ).fetchall(),
                        raw.execute(
                            "SELECT key, option_id, note, by, at, MAX(id) AS id FROM answers "
                            "WHERE selfcheck_id = ? GROUP BY key",
                            (selfcheck.id,),
                        ).fetchall(),
                        raw.execute(
                            "SELECT key, COUNT(*) AS n FROM evidence WHERE selfcheck_id = ? "
                            "GROUP BY key",
                            (selfcheck.id,),
                        ).fetchall(),
                    )
                finally:
                    raw.execute("ROLLBACK")

            async def one_round_trip() -> object:
                async with store._lock:
                    return await conn._execute(states_in_one_go)

            cases = [
                ("Store.answer_states (5 round trips)", lambda: store.answer_states(selfcheck)),
                ("its three reads in 1 round trip, no row objects", one_round_trip),
                ("Store.checklist (3 round trips)", lambda: store.checklist(selfcheck)),
                ("Store.person (4 round trips)", lambda: store.person(person.telegram_id)),
            ]
            rows = []
            for name, call in cases:
                for _ in range(calls // 10):
                    await call()
                started = time.process_time()
                for _ in range(calls):
                    await call()
                rows.append([name, f"{1e6 * (time.process_time() - started) / calls:.0f}"])
        finally:
            await store.close()
    return table(["call", "CPU µs per call"], rows)


def main() -> int:
    print(machine())
    print(asyncio.run(run(3000)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
