"""Experiment behind finding 1 of docs/benchmarks.md: what one round trip per store call
saves. `python -m bench._onehop` (uses aiosqlite's private `_execute`).

The experiment led to the store's `_run_read` / `_run_write` (bot/store/core.py): each of
`Store.answer_states`, `checklist` and `person` is now one round trip (they were 5, 3 and 4).
Times, in CPU microseconds per call, those calls as they are, against the bare floor: the
same three reads as `answer_states` makes, run on the connection's thread in one round trip
without building row objects or AnswerStates. What is left between the two is the store's
own work (permission checks, the checklist, the result objects), not round trips.
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
from bot.store import KeyWrite  # noqa: E402


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
                    KeyWrite(person, selfcheck.id, key, update_id=ids()), item.options[0].id
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
                ("Store.answer_states (1 round trip)", lambda: store.answer_states(selfcheck)),
                ("its three reads in 1 round trip, no result objects", one_round_trip),
                ("Store.checklist (1 round trip)", lambda: store.checklist(selfcheck)),
                ("Store.person (1 round trip)", lambda: store.person(person.telegram_id)),
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
