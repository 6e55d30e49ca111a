"""`siapnilai units import` beside a serving bot: another user's latency meanwhile.

    python -m bench.import_beside [--rows 20000] [--users 4] [--interval 0.2]

A bot process (`python -m bot run`) serves seeded officers through the fake Bot API; each
officer sends `/pengingat on` (a write: the processed-update record) and `/skor` (a read)
in turn, every `--interval` seconds, before, during and after a `--rows`-row units import
run as its own process (`python -m bot units import FILE.csv`), as an administrator would.
Printed: the import's wall time and exit status, and per phase (before / during / after)
the count, p50, p95 and max of reply latency (update enqueued -> the bot's reply request)
and how many replies were the generic error or never came. Issue 16: the row-by-row import
held SQLite's write lock for the whole file, the bot's writes waited the 5 s busy timeout
and failed ("database is locked"), every user waited up to 8.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._common import bot_env, machine, percentile, table
from bench._harness import SIAPNILAI, BotProcess, Server, pythonpath

pythonpath()

from bench import _seed  # noqa: E402

WAIT_REPLY = 30.0


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    missing: int = 0


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["region", "unit", "timezone", "products"])
        for n in range(rows):
            writer.writerow(
                [
                    f"Kabupaten Impor {n // 200:03d}",
                    f"Unit Impor {n:06d}",
                    "Asia/Makassar",
                    "Produk A;Produk B",
                ]
            )


async def user_loop(
    server: Server,
    user_id: int,
    interval: float,
    phase_of: dict[str, str],
    phases: dict[str, Phase],
) -> None:
    user = server.user(user_id)
    commands = ("/pengingat on", "/skor")
    n = 0
    while phase_of["now"] != "done":
        phase = phases[phase_of["now"]]
        await user.send(commands[n % 2])
        update_id = max(server._by_update_id)
        created = server.created(update_id)
        try:
            reply = await user.wait_for(lambda m: m.kind == "message", timeout=WAIT_REPLY)
        except TimeoutError:
            phase.missing += 1
        else:
            at = server.reply_after(user_id, created)
            phase.latencies.append((at or time.monotonic()) - created)
            if "Maaf" in reply.text:
                phase.errors += 1
        n += 1
        await asyncio.sleep(interval)


async def main_async(args: argparse.Namespace) -> str:
    workdir = Path(tempfile.mkdtemp(prefix="siapnilai-import-"))
    database = workdir / "siapnilai.db"
    world = await _seed.seed_units_and_officers(database, units=max(args.users, 1))
    source = workdir / "units.csv"
    write_csv(source, args.rows)
    server = Server(auto_chats=True)
    await server.start("127.0.0.1", 0)
    bot = BotProcess(SIAPNILAI, server, database, workdir / "bot.log")
    phases = {"before": Phase(), "during": Phase(), "after": Phase()}
    phase_of = {"now": "before"}
    officers = [o.telegram_id for o in world.officers[: args.users]]
    try:
        for telegram_id in officers:
            server.user(telegram_id, f"Petugas {telegram_id}", language_code="id")
        bot.start()
        await bot.wait_polling()
        await asyncio.sleep(args.settle)
        loops = [
            asyncio.create_task(user_loop(server, t, args.interval, phase_of, phases))
            for t in officers
        ]
        await asyncio.sleep(args.quiet)
        phase_of["now"] = "during"
        env = bot_env(server.base_url, server.file_url, server.token, database)
        started = time.monotonic()
        importer = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "units", "import", str(source), "--json",
            env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, err = await importer.communicate()
        took = time.monotonic() - started
        phase_of["now"] = "after"
        await asyncio.sleep(args.quiet)
        phase_of["now"] = "done"
        await asyncio.gather(*loops)
    except BaseException:
        print(f"--- bot log tail ---\n{bot.tail()}", file=sys.stderr)
        raise
    finally:
        await bot.stop()
        await server.stop()
    rows = []
    for name, phase in phases.items():
        values = sorted(phase.latencies)
        rows.append(
            [
                name,
                len(values),
                f"{percentile(values, 50) * 1000:.0f}" if values else "-",
                f"{percentile(values, 95) * 1000:.0f}" if values else "-",
                f"{max(values) * 1000:.0f}" if values else "-",
                phase.errors,
                phase.missing,
            ]
        )
    lines = [
        f"units import of {args.rows:,} rows: {took:.2f} s, exit status {importer.returncode}",
        table(["phase", "replies", "p50 ms", "p95 ms", "max ms", "errors", "no reply"], rows),
        "",
        machine(),
    ]
    if importer.returncode != 0:
        lines.insert(1, f"import failed: {err.decode(errors='replace').strip()}")
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.import_beside", description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the imported CSV")
    parser.add_argument("--users", type=int, default=4, help="officers using the bot meanwhile")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between commands")
    parser.add_argument("--quiet", type=float, default=3.0, help="seconds before and after")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds after start-up")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    print(asyncio.run(main_async(parse(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
