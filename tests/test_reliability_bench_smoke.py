"""bench/import_beside.py runs in its smallest configuration (nothing is timed here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_beside_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_beside", "--rows", "50", "--users", "1",
         "--quiet", "1", "--settle", "0.3"],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "units import of 50 rows" in done.stdout and "exit status 0" in done.stdout
    assert "| during |" in done.stdout and "| before |" in done.stdout
