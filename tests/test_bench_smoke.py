"""Each benchmark script runs in its smallest configuration and prints its figures.

Not a speed test (nothing here is timed): it keeps bench/ from rotting as the code moves.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "updates": (
        ["--officers", "2", "--items", "3", "--think", "0", "--settle", "0.2"],
        [r"\| echo \| 6 \|", r"\| siapnilai \| \d+ \|", r"CPU per update: SiapNilai / echo = \d"],
    ),
    "broadcast": (
        ["--officers", "6", "--per-unit", "2", "--rate", "1000"],
        [
            r"messages accepted \(200\) \| 6 \|",
            r"lost \(officers without a message\) \| 0 \|",
            r"duplicates \(officers with > 1\) \| 0 \|",
            r"sustained msg/s",
        ],
    ),
    "report_scale": (
        ["--units", "3", "--rounds", "2", "--no-trace", "--targets", "ringkasan", "xlsx"],
        [
            r"\| ringkasan \| [\d.]+ \| [\d.]+ \| \d+ \|.*images [1-9]",
            r"\| xlsx \| [\d.]+ \|.*rows [1-9]",
        ],
    ),
    "startup": (
        ["--users", "20", "--notifications", "50", "--repeat", "1"],
        [
            r"\| echo bot \(bare PTB\) \| [\d.]+ \|",
            r"\| SiapNilai, 20 users \+ 50 pending \| [\d.]+ "
            r"\|.*\| [\d.]+ \|",
        ],
    ),
    "survey_burst": (
        ["--respondents", "5", "--officers", "2", "--presses", "3", "--per-second", "0"],
        [
            r"\| officers alone \| 6 \| [\d.]+ \|",
            r"\| during 5 respondents \| \d+ \| [\d.]+ \|",
            r"\| officers alone, after the burst \| 6 \| [\d.]+ \|",
            r"survey: 5 responses counted",
            r"survey lane: 4 slots, backlog 100, 0/s a person; refused 0 busy, 0 too fast",
        ],
    ),
    "store_rate": (
        ["--answers", "20", "--writers", "2", "--selfchecks", "2"],
        [r"\| FULL \| \d+ \| \d+ \| \d+ \|", r"\+[\d.]+ MB per 1,000 completed self-checks"],
    ),
}


@pytest.mark.parametrize("script", sorted(CASES))
def test_bench_script_prints_its_figures(script: str) -> None:
    args, patterns = CASES[script]
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "CPU(s): 2" in done.stdout or "cpus:" in done.stdout or "CPU(s):" in done.stdout
    for pattern in patterns:
        assert re.search(pattern, done.stdout), f"{pattern!r} not in:\n{done.stdout}"


def test_the_flat_out_mode_runs_both_bots_without_think_time() -> None:
    """`bench.updates --flat-out`: ten answers each (no think time), the same presses for
    the bare bot, and the mode said in the report."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.updates", "--flat-out", "--officers", "2", "--settle", "0.2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "mode=flat out officers=2 items=10 think=0.0s" in done.stdout
    echo = re.search(r"\| echo \| (\d+) \|", done.stdout)
    ours = re.search(r"\| siapnilai \| (\d+) \|", done.stdout)
    assert echo is not None and ours is not None, done.stdout
    # Ten answers each (the evidence request stands above the next item: no `Nanti`): the
    # bare bot gets as many presses as SiapNilai handled.
    assert int(echo.group(1)) == int(ours.group(1)) >= 20
    assert "error" not in done.stdout.split("CPU per update")[-1]
