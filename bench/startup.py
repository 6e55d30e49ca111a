"""Benchmark 6: start-up, from `siapnilai run` to its first getUpdates at the server.

`python -m bench.startup [--users 10000] [--notifications 50000] [--repeat 3]`

Three bots, each started `--repeat` times as a fresh process against the fake Bot API:
the bare PTB echo bot (bench/_baseline/echo_bot.py: Python + PTB start-up), SiapNilai
on an empty database (migrations run), and SiapNilai on a database of `--users` officers
(1,000 units in seven regions) and `--notifications` notifications pending: claimed an hour
ago and never finished, as a crash leaves them (the start-up dispatcher releases them).
An officer's /bantuan is waiting at the server when the bot starts; "first reply" is when
the bot's answer to it arrives.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench._harness import ECHO, SIAPNILAI, BotProcess, Server, pythonpath

pythonpath()

from bench import _seed  # noqa: E402
from bench._common import machine, table  # noqa: E402


async def once(command, database: Path, workdir: Path, officer: int | None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    server = Server(auto_chats=True)
    await server.start("127.0.0.1", 0)
    bot = BotProcess(command, server, database, workdir / "startup.log")
    try:
        if officer is not None:
            await server.user(officer, "Petugas").send("/bantuan")
        bot.start()
        first_poll = await bot.wait_polling(timeout=120)
        reply = float("nan")
        if officer is not None:
            await server.user(officer).wait_for(lambda m: m.kind == "message", timeout=60)
            arrived = server.reply_after(officer, bot.started_at)
            reply = (arrived or time.monotonic()) - bot.started_at
        return first_poll, reply
    finally:
        await bot.stop()
        await server.stop()


async def run(args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        workdir = Path(tmp)
        empty = workdir / "empty" / "siapnilai.db"
        empty.parent.mkdir()
        big = workdir / "big" / "siapnilai.db"
        big.parent.mkdir()
        started = time.perf_counter()
        units = max(1, args.users // 10)
        world = await _seed.seed_units_and_officers(big, units=units)
        await _seed.bulk_officers(world, max(0, args.users // units - 1))
        await _seed.bulk_notifications(world, args.notifications)
        seeded = time.perf_counter() - started
        officer = world.officers[0].telegram_id
        template = workdir / "big.template.db"
        shutil.copy(big, template)
        cases = [
            ("echo bot (bare PTB)", ECHO, empty, None),
            ("SiapNilai, empty database", SIAPNILAI, empty, None),
            (
                f"SiapNilai, {len(world.officers):,} users + {args.notifications:,} pending",
                SIAPNILAI,
                big,
                officer,
            ),
        ]
        rows = []
        for name, command, database, who in cases:
            polls, replies = [], []
            for _ in range(args.repeat):
                if database == big:
                    shutil.copy(template, big)  # the pending claims again, every time
                    for suffix in ("-wal", "-shm"):
                        Path(str(big) + suffix).unlink(missing_ok=True)  # noqa: ASYNC240
                elif "SiapNilai" in name:
                    for suffix in ("", "-wal", "-shm"):
                        Path(str(empty) + suffix).unlink(missing_ok=True)  # noqa: ASYNC240
                poll, reply = await once(command, database, workdir, who)
                polls.append(poll)
                replies.append(reply)
            rows.append(
                [
                    name,
                    f"{statistics.median(polls):.2f}",
                    f"{min(polls):.2f}",
                    f"{max(polls):.2f}",
                    "-" if who is None else f"{statistics.median(replies):.2f}",
                ]
            )
    return "\n".join(
        [
            f"users={args.users} notifications={args.notifications} repeat={args.repeat} "
            f"(seeded in {seeded:.1f}s, not measured)",
            table(
                [
                    "bot",
                    "to first getUpdates s (median)",
                    "min s",
                    "max s",
                    "to first reply s (median)",
                ],
                rows,
            ),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--notifications", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(machine())
    print(asyncio.run(run(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
