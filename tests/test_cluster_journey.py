"""The many-instances journey, small: three `siapnilai run --webhook-url` processes on one
PostgreSQL behind a round-robin forwarder, officers answering, the dispatcher's instance
killed with SIGKILL mid-way, due reminders sent once (bench/cluster_journey.py; its
100-officer run is a benchmark)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cluster_journey import journey

ROOT = Path(__file__).resolve().parents[1]


async def test_three_instances_lose_no_confirmed_answer_when_one_is_killed(
    pg_database: str,
) -> None:
    out = await journey(
        officers=6, answers=3, instances=3, units=3, database=pg_database, reminded=3
    )
    assert out.confirmed == 6 * 3, out.lines()
    assert out.lost == [], out.lines()
    assert out.applied_twice == 0, out.lines()
    assert out.out_of_order == [], out.lines()
    assert out.leaders_before == 1, out.lines()
    assert out.took_over, out.lines()
    # due reminders: sent by the first leader, not again by the one that took over
    assert out.reminded == {90_000: 1, 90_001: 1, 90_002: 1}, out.lines()


@pytest.mark.parametrize(
    ("script", "args", "pattern"),
    [
        ("pg_drivers", ["--presses", "5"], r"asyncpg +answer unit +\d+/s +p50"),
        (
            "cluster_rate",
            ["--officers", "2", "--answers", "1"],
            r"PostgreSQL, three instances +[\d.]+ answers/s +p95",
        ),
    ],
)
def test_the_postgresql_benchmarks_print_their_figures(
    pg_server: object, script: str, args: list[str], pattern: str
) -> None:
    """(pg_server: skipped, with the reason, where no PostgreSQL server can be started.)"""
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(pattern, done.stdout), done.stdout
