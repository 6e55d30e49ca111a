"""Answers per second and p95 (press to the bot's confirmation) through the real processes:
one SQLite process, one PostgreSQL process, three PostgreSQL instances behind a round-robin
forwarder, in one run (bench/cluster_journey.py without the kill).

`python -m bench.cluster_rate [--officers 60] [--answers 10]`

Every configuration runs `siapnilai run --webhook-url` processes against the fake Bot API
(tests/fakebot), with a fresh database; the PostgreSQL server is a throw-away one
(tests/pgserver.py: fsync off, so PostgreSQL's figures are an upper bound next to SQLite's
synchronous=FULL) unless SIAPNILAI_BENCH_PG names a server's maintenance database URL.
Run it on a quiet machine: the fake, the forwarder, the officers and PostgreSQL share it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

from bench._harness import pythonpath

pythonpath()

from bench._common import machine  # noqa: E402
from bench.cluster_journey import Outcome, journey  # noqa: E402
from tests import pgserver  # noqa: E402


def _row(name: str, out: Outcome) -> str:
    times = sorted(out.per_press) or [0.0]
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    rate = out.confirmed / max(out.seconds, 1e-9)
    return f"{name:<32} {rate:8.1f} answers/s   p95 {p95 * 1e3:7.0f} ms   ({out.confirmed})"


async def run(officers: int, answers: int) -> str:
    lines = [machine(), f"{officers} officers x {answers} answers, each waits for its confirmation"]
    folder = Path(tempfile.mkdtemp(prefix="siapnilai-rate-"))
    sqlite = await journey(
        officers=officers, answers=answers, instances=1, database=str(folder / "s.db"), kill=False
    )
    lines.append(_row("SQLite, one process", sqlite))
    server = None
    base = os.environ.get("SIAPNILAI_BENCH_PG")
    if base is None:
        server = pgserver.start()
    try:
        for name, instances in (("PostgreSQL, one process", 1), ("PostgreSQL, three instances", 3)):
            url = server.create_database(f"rate{instances}") if server else base
            assert url is not None
            out = await journey(
                officers=officers, answers=answers, instances=instances, database=url, kill=False
            )
            lines.append(_row(name, out))
    finally:
        if server is not None:
            server.stop()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=60)
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args(argv)
    print(asyncio.run(run(args.officers, args.answers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
