"""What every benchmark shares: the machine, process CPU and memory, percentiles, a table."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "python-telegram-bot",
    "httpx",
    "aiosqlite",
    "aiohttp",
    "pydantic",
    "matplotlib",
    "openpyxl",
    "XlsxWriter",
)
_TICKS = os.sysconf("SC_CLK_TCK")


def machine() -> str:
    """A few lines that say where a figure was measured."""
    lines = []
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=5).stdout
        wanted = ("Architecture", "CPU(s):", "Model name", "Thread(s) per core", "Core(s)")
        lines += [" ".join(x.split()) for x in lscpu.splitlines() if x.startswith(wanted)]
    except (OSError, subprocess.SubprocessError):
        lines.append(f"cpus: {os.cpu_count()}")
    lines.append(f"python {platform.python_version()} ({sys.platform})")
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    lines.append(", ".join(versions))
    import sqlite3

    lines.append(f"sqlite {sqlite3.sqlite_version}")
    return "\n".join(lines)


@dataclass(frozen=True)
class CpuSample:
    user: float
    system: float

    @property
    def total(self) -> float:
        return self.user + self.system

    def __sub__(self, other: CpuSample) -> CpuSample:
        return CpuSample(self.user - other.user, self.system - other.system)


def process_cpu(pid: int) -> CpuSample:
    """CPU seconds a process (all its threads) has used, from /proc/<pid>/stat."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    # utime and stime are fields 14 and 15 of the whole line (1-based): 12 and 13 after ")".
    return CpuSample(int(fields[11]) / _TICKS, int(fields[12]) / _TICKS)


def thread_cpu(pid: int) -> dict[int, CpuSample]:
    """CPU seconds per thread of a process (thread id -> sample); the main thread's id is pid."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found[int(task.name)] = process_cpu_path(task / "stat")
        except (OSError, ValueError):
            continue
    return found


def process_cpu_path(stat: Path) -> CpuSample:
    raw = stat.read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return CpuSample(int(fields[11]) / _TICKS, int(fields[12]) / _TICKS)


def main_and_other_threads(
    before: dict[int, CpuSample], after: dict[int, CpuSample], pid: int
) -> tuple[float, float]:
    """CPU seconds used between two `thread_cpu` samples: (main thread, all other threads)."""
    main = other = 0.0
    for tid, sample in after.items():
        used = (sample - before[tid]).total if tid in before else sample.total
        if tid == pid:
            main += used
        else:
            other += used
    return main, other


def process_rss_mb(pid: int) -> float:
    """Current and peak resident memory of a process, in MB (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on the sorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pasted into docs/benchmarks.md as is)."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
        return str(value)

    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


def bot_env(base_url: str, file_url: str, token: str, database: Path) -> dict[str, str]:
    """Environment for a bot subprocess pointed at the fake server (no .env is read: cwd)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIAPNILAI_")}
    env.update(
        {
            "SIAPNILAI_BOT_TOKEN": token,
            "SIAPNILAI_DATABASE": str(database),
            "SIAPNILAI_API_BASE_URL": base_url,
            "SIAPNILAI_API_FILE_URL": file_url,
            "PTB_TIMEDELTA": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env
