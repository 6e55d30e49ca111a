"""Reminders and weekly digests: the calendar (pure) and the dispatcher job.

The database is the truth. Every few minutes (and at start-up) the dispatcher works out,
from the people, units, cycles and time zones in the store, which notifications fell due
in the last few days. Each one has a key, (person, cycle, kind, local date), claimed in the
`notifications` table before it is sent and finished after; a restart can therefore never
send one twice. Due and less than 24 hours late -> sent; older -> recorded as skipped.

SPEC "Reminders": officers of units whose self-check is incomplete are reminded at 08:00
region time on the calendar days 30, 14, 7 and 1 days before their cycle's window opens,
and every Monday 08:00 while it is open; coordinators get the weekly summary every Monday
08:00 region time (while a cycle of their region still accepts answers).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

BEFORE_DAYS: tuple[int, ...] = (30, 14, 7, 1)
"""Calendar days before the window opens on which officers are reminded."""
SEND_AT = time(8, 0)
"""Local time (region time zone) at which every reminder and digest falls due."""
CATCH_UP = timedelta(hours=24)
"""A notification less than this late is still sent; an older one is recorded as skipped."""
LOOKBACK = timedelta(days=8)
"""How far back the dispatcher looks for due notifications (a week covers every kind)."""
INTERVAL = timedelta(minutes=5)
"""How often the dispatcher runs."""
MONDAY = 0

Family = Literal["remind", "digest"]


@dataclass(frozen=True, order=True)
class Occurrence:
    """One calendar entry: due at `due_at` (UTC) = 08:00 local on `day`."""

    due_at: datetime
    kind: str
    """"before-30" | "before-14" | "before-7" | "before-1" | "weekly"."""
    day: date


def due_instant(day: date, timezone: str) -> datetime:
    """08:00 on `day` in `timezone`, as an aware UTC datetime."""
    local = datetime.combine(day, SEND_AT, tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def mondays(first: date, last: date) -> list[date]:
    """Every Monday from `first` to `last`, both included."""
    start = first + timedelta(days=(MONDAY - first.weekday()) % 7)
    if start > last:
        return []
    return [start + timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]


def officer_calendar(opens: date, closes: date, timezone: str) -> list[Occurrence]:
    """Every officer reminder of a cycle: 30/14/7/1 days before it opens, Mondays while open."""
    entries = [
        Occurrence(
            due_instant(opens - timedelta(days=n), timezone),
            f"before-{n}",
            opens - timedelta(days=n),
        )
        for n in BEFORE_DAYS
    ]
    entries += [Occurrence(due_instant(d, timezone), "weekly", d) for d in mondays(opens, closes)]
    return sorted(entries)


def weekly_calendar(first: date, last: date, timezone: str) -> list[Occurrence]:
    """The coordinator digest: every Monday 08:00 local from `first` to `last`."""
    return [Occurrence(due_instant(d, timezone), "weekly", d) for d in mondays(first, last)]


def recent(entries: Iterable[Occurrence], now: datetime) -> list[Occurrence]:
    """The entries already due at `now` and at most LOOKBACK old."""
    return [e for e in entries if now - LOOKBACK <= e.due_at <= now]


def is_fresh(entry: Occurrence, now: datetime) -> bool:
    """Due and less than 24 hours late: still worth sending."""
    return entry.due_at <= now < entry.due_at + CATCH_UP


def notification_key(family: Family, telegram_id: int, scope: str, entry: Occurrence) -> str:
    """E.g. "remind:<tg>:<cycle>:before-30:2027-04-01", "digest:<tg>:region3:weekly:2027-05-03"."""
    return f"{family}:{telegram_id}:{scope}:{entry.kind}:{entry.day.isoformat()}"


def install(application: Any) -> None:
    """Schedule the notification dispatcher on the application's JobQueue."""
    del application
