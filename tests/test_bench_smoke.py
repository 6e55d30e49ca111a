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
        ["--respondents", "5", "--officers", "2", "--presses", "3"],
        [
            r"\| officers alone \| 6 \| [\d.]+ \|",
            r"\| during 5 respondents \| \d+ \| [\d.]+ \|",
            r"survey: 5 responses counted",
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
