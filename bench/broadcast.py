"""Benchmark 3: reminders to many officers through the real dispatcher and broadcaster,
with the fake Bot API enforcing 30 messages a second (429 with retry_after beyond it).

`python -m bench.broadcast [--officers 5000] [--per-unit 10] [--rate 30]`

The database holds `--officers` officers in units of `--per-unit`, spread over regions in
WIB, WITA and WIT, one ombudsman-2024 cycle open, a third of the units part-way through
their self-check. The clock is fixed at a Monday 01:30 UTC (08:30 WIB), so every officer's
weekly reminder is due and fresh. The bot (built by `bot.app.build_application`, run in
this process, not polling) runs `bot.reminders.dispatch` once: it claims each notification
in the database, sends it through `bot.broadcast.Broadcaster`, and records it.

Figures: messages the server accepted, 429s it answered, the sustained rate (accepted
messages between the first and the last, and the slowest 10-second window), lost
(officers without a message) and duplicates (officers with more than one), and the
notification rows left in the database by status.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._harness import Server, pythonpath

pythonpath()

from bench import _seed  # noqa: E402
from bench._common import machine, table  # noqa: E402


def monday_morning(today: datetime) -> datetime:
    """The last Monday at 01:30 UTC (08:30 in Jakarta, 09:30 WITA, 10:30 WIT)."""
    day = today.date() - timedelta(days=today.weekday())
    return datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)


class RateServer(Server):
    """Notes the arrival of every accepted sendMessage."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.accepted: list[float] = []

    async def _api_sendMessage(self, p, files):  # type: ignore[no-untyped-def]
        result = await super()._api_sendMessage(p, files)
        self.accepted.append(time.monotonic())
        return result


def slowest_window(times: list[float], seconds: float = 10.0) -> float:
    """The lowest rate over any full `seconds` window between the first and last message."""
    if not times or times[-1] - times[0] < seconds:
        return float("nan")
    worst = float("inf")
    j = 0
    start = times[0]
    while start + seconds <= times[-1]:
        while j < len(times) and times[j] < start + seconds:
            j += 1
        first = next(i for i, t in enumerate(times) if t >= start)
        worst = min(worst, (j - first) / seconds)
        start += 1.0
    return worst


async def run(args: argparse.Namespace) -> str:
    from bot import reminders
    from bot.app import build_application, start_services, stop_services
    from bot.settings import Settings

    now = monday_morning(datetime.now(UTC))
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        path = Path(tmp) / "broadcast.db"
        units = max(1, args.officers // args.per_unit)
        started = time.perf_counter()
        # Seeded as of 30 days earlier, the cycle opens 20 days after that: ten days before
        # the Monday, so every officer's weekly reminder is due.
        world = await _seed.seed_units_and_officers(
            path, units=units, officers_per_unit=args.per_unit, now=now - timedelta(days=30)
        )
        partial = _seed.World(
            path, world.cycle_id, world.opens, world.officers[:: args.per_unit * 3], world.units
        )
        await _seed.bulk_history(partial, rounds=2, completion=0.5, now=now)
        seeded = time.perf_counter() - started

        server = RateServer(auto_chats=True)
        await server.start("127.0.0.1", 0)
        server.enforce_rate(args.rate)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=server.token,
            database=path,
            api_base_url=server.base_url,
            api_file_url=server.file_url,
        )
        app = build_application(settings, clock=lambda: now)
        await app.initialize()
        await start_services(app)
        try:
            began = time.monotonic()
            stats = await asyncio.wait_for(reminders.dispatch(app, now), args.limit)
            ended = time.monotonic()
            statuses = await _statuses(app, now)
        finally:
            await stop_services(app)
            await app.shutdown()
            await server.stop()

    per_chat = Counter(
        {
            cid: sum(1 for m in chat.messages.values() if m.from_bot)
            for cid, chat in server.chats.items()
        }
    )
    officers = {o.telegram_id for o in world.officers}
    lost = sum(1 for o in officers if per_chat.get(o, 0) == 0)
    duplicates = sum(1 for o in officers if per_chat.get(o, 0) > 1)
    times = server.accepted
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    sustained = (len(times) - 1) / span if len(times) > 1 else float("nan")
    rows = [
        ["officers", len(officers)],
        ["messages accepted (200)", len(times)],
        ["429 answers", server.rate_limited],
        ["seeding s (not measured)", f"{seeded:.1f}"],
        ["dispatch total s", f"{ended - began:.1f}"],
        ["dispatch start -> first message s", f"{times[0] - began:.2f}" if times else "-"],
        ["first -> last message s", f"{span:.1f}"],
        ["sustained msg/s (first -> last)", f"{sustained:.2f}"],
        ["slowest 10 s window msg/s", f"{slowest_window(times):.1f}"],
        ["lost (officers without a message)", lost],
        ["duplicates (officers with > 1)", duplicates],
        ["dispatcher stats", dict(+stats)],
        ["notifications by status", dict(statuses)],
    ]
    verdict = (
        f"target >= 28 msg/s, 0 lost, 0 duplicates: "
        f"{'met' if sustained >= 28 and lost == 0 and duplicates == 0 else 'missed'}"
    )
    return "\n".join(
        [
            f"officers={args.officers} per_unit={args.per_unit} rate={args.rate}/s",
            table(["figure", "value"], rows),
            verdict,
        ]
    )


async def _statuses(app, now: datetime) -> Counter[str]:  # type: ignore[no-untyped-def]
    """The status of every reminder the calendar says is due, read back from the store."""
    from bot import reminders
    from bot.services import services_of

    store = services_of(app).store
    due = reminders.due_notifications(await store.reminder_targets(now), now)
    found: Counter[str] = Counter()
    for item in due:
        found[str(await store.notification_status(item.key))] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__)
    parser.add_argument("--officers", type=int, default=5000)
    parser.add_argument("--per-unit", type=int, default=10)
    parser.add_argument("--rate", type=float, default=30.0, help="the server's messages/s")
    parser.add_argument("--limit", type=float, default=900.0, help="give up after this many s")
    args = parser.parse_args(argv)
    print(machine())
    print(asyncio.run(run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
