"""Benchmark 4: the coordinator's reports for a big region: time and peak memory.

`python -m bench.report_scale [--units 500] [--rounds 3]`

Seeds one region of `--units` units (one to three products each, an officer each) with the
full ombudsman-2024 checklist answered over `--rounds` weeks (every round re-answers most
keys: history), the last round 90 % complete, and 1-3 evidence photos on half of the
positive evidence items. Then each report is made in a fresh process, twice: once for time
and peak RSS (ru_maxrss), once under tracemalloc (peak of Python allocations; slower).

- `ringkasan-text`: reports.region_summary + conversations.summary_view.summary_texts
- `charts`: reports.region_summary + conversations.summary_view.render_charts (both charts)
- `ringkasan`: the whole /ringkasan (summary_view.summary_content: texts and charts)
- `xlsx`: the /unduh workbook: reports.workbook_for (as /unduh calls it: History included up
  to `reports.HISTORY_LIMIT` answer rows, else left out with a line on the Notes sheet) +
  reports.build_workbook
- `xlsx-no-history`: the same never with History (`workbook_for(history=False)`)
- `xlsx-full-history`: the same always with History (`siapnilai report ... --history`)

The last two are CLI options, shown but not held to the target (< 5 s, < 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench._harness import pythonpath

if TYPE_CHECKING:
    from bot.reports import WorkbookData

pythonpath()

from bench import _seed  # noqa: E402
from bench._common import ROOT, machine, table  # noqa: E402

REGION = "Kabupaten Lampung Tengah"
OPT_IN = ("xlsx-no-history", "xlsx-full-history")
"""Not what /ringkasan or /unduh make (CLI options): shown, not held to the target."""
TARGETS = (
    "ringkasan-text",
    "charts",
    "ringkasan",
    "xlsx",
    "xlsx-no-history",
    "xlsx-full-history",
)


async def seed(path: Path, units: int, rounds: int, now: datetime) -> dict[str, object]:
    started = time.perf_counter()
    world = await _seed.seed_units_and_officers(path, units=units, region=REGION, now=now)
    answers, evidence = await _seed.bulk_history(
        world, rounds=rounds, completion=0.9, evidence_share=0.5, now=now
    )
    return {
        "region_id": world.region_ids[REGION],
        "answers": answers,
        "evidence": evidence,
        "seconds": time.perf_counter() - started,
        "db_mb": path.stat().st_size / 1e6,  # noqa: ASYNC240
    }


async def make(target: str, path: Path, region_id: int, now: datetime, trace: bool) -> dict:
    """Open the store (not measured: a running bot has it open, with the rubric loaded),
    then make one report, measuring wall and CPU time (and traced memory)."""
    from bot import reports
    from bot.store import Store
    from conversations import summary_view

    store = await Store.open(path, clock=lambda: now)
    try:
        store.rubric(_seed.RUBRIC)
        if trace:
            tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        facts: dict[str, object] = {}
        if target == "ringkasan-text":
            summary = await reports.region_summary(store, region_id, now)
            pieces = summary_view.summary_texts(summary, "id")
            facts = {"messages": len(pieces), "chars": sum(len(p) for p in pieces)}
        elif target == "charts":
            summary = await reports.region_summary(store, region_id, now)
            photos = summary_view.render_charts(summary, "id")
            facts = {"images": len(photos), "png_kb": sum(len(p.photo) for p in photos) // 1024}
        elif target == "ringkasan":
            pieces, photos = await summary_view.summary_content(store, region_id, now, "id")
            facts = {"messages": len(pieces), "images": len(photos)}
        else:
            history = {"xlsx": None, "xlsx-no-history": False, "xlsx-full-history": True}[target]
            _, data = await reports.workbook_for(store, region_id, now, lang="id", history=history)
            book = reports.build_workbook(data)
            facts = {
                "rows": len(data.answers) + len(data.history),
                "history": history_shown(data),
                "xlsx_kb": len(book) // 1024,
            }
        result: dict[str, object] = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu,
            "facts": facts,
        }
        if trace:
            result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        return result
    finally:
        await store.close()


def history_shown(data: WorkbookData) -> str:
    if data.history:
        return f"{len(data.history)} rows"
    if data.history_left_out:
        return f"left out ({data.history_rows} rows)"
    return "not asked" if not data.history_rows else "none"


def child(args: argparse.Namespace) -> int:
    """One report in this (fresh) process; prints JSON."""
    now = datetime.fromisoformat(args.now)
    # Imports are part of a bot's start-up, not of a report: do them first (matplotlib and
    # XlsxWriter are imported lazily by the report code).
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401
    import xlsxwriter  # noqa: F401

    import bot.reports  # noqa: F401
    import conversations.summary_view  # noqa: F401

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = asyncio.run(make(args.child, Path(args.db), args.region, now, args.trace))
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["base_rss_mb"] = base_rss
    print(json.dumps(result))
    return 0


def spawn(target: str, db: Path, region_id: int, now: datetime, trace: bool) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.report_scale",
        "--child",
        target,
        "--db",
        str(db),
        "--region",
        str(region_id),
        "--now",
        now.isoformat(),
    ]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{target} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report_scale", description=__doc__)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--targets", nargs="+", default=list(TARGETS), choices=TARGETS)
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--child", choices=TARGETS, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--region", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    print(machine())
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        db = Path(tmp) / "region.db"
        seeded = asyncio.run(seed(db, args.units, args.rounds, now))
        print(
            f"units={args.units} rounds={args.rounds}: {seeded['answers']} answer rows, "
            f"{seeded['evidence']} evidence rows, database {seeded['db_mb']:.1f} MB "
            f"(seeded in {seeded['seconds']:.1f}s, not measured)"
        )
        rows = []
        worst_s = worst_mb = 0.0
        for target in args.targets:
            plain = spawn(target, db, int(seeded["region_id"]), now, trace=False)
            traced = {} if args.no_trace else spawn(target, db, int(seeded["region_id"]), now, True)
            if target not in OPT_IN:
                worst_s = max(worst_s, plain["seconds"])
                worst_mb = max(worst_mb, plain["rss_mb"])
            rows.append(
                [
                    target,
                    f"{plain['seconds']:.2f}",
                    f"{plain['cpu_seconds']:.2f}",
                    f"{plain['rss_mb']:.0f}",
                    f"{plain['base_rss_mb']:.0f}",
                    f"{traced['traced_peak_mb']:.0f}" if traced else "-",
                    ", ".join(f"{k} {v}" for k, v in plain["facts"].items()),
                ]
            )
    print(
        table(
            [
                "report",
                "time s",
                "CPU s",
                "peak RSS MB",
                "RSS after imports MB",
                "tracemalloc peak MB",
                "output",
            ],
            rows,
        )
    )
    met = worst_s < 5 and worst_mb < 300
    held = ", ".join(t for t in args.targets if t not in OPT_IN) or "none"
    print(
        f"target < 5 s and < 300 MB for each of {held}: {'met' if met else 'missed'} "
        f"(worst {worst_s:.2f} s, {worst_mb:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
