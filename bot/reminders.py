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

import contextlib
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from bot import delivery_faults, reports, texts
from bot.broadcast import Delivery, Part, Result, broadcaster_of
from bot.frozen import frozen
from bot.reports import UnitSummary
from bot.services import BotData
from bot.store import (
    REMIND_ALL,
    REMIND_OFF,
    CoordinatorTarget,
    Cycle,
    Notice,
    OfficerTarget,
    Person,
    ReminderTargets,
    Store,
    accepting,
)
from rubric import Rubric

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
# How often the dispatcher also forgets old processed update ids (Telegram redelivers for
# 24 hours, and after a week without updates it starts ids afresh at random).
PRUNE_EVERY = timedelta(hours=1)
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


def first_mondays(first: date, last: date) -> list[date]:
    """The first Monday of every month from `first` to `last` (excluded)."""
    found: list[date] = []
    month = date(first.year, first.month, 1)
    while month < last:
        monday = month + timedelta(days=(MONDAY - month.weekday()) % 7)
        if first <= monday < last:
            found.append(monday)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found


def officer_calendar(
    opens: date,
    closes: date,
    timezone: str,
    created: datetime | None = None,
    *,
    all_year: bool = True,
) -> list[Occurrence]:
    """Every officer reminder of a cycle: 30/14/7/1 days before it opens, Mondays while open.
    The cycle's creation (when known) is announced at the first 08:00 after it: while the
    window is not open yet only with `all_year`, followed by a monthly reminder (first
    Monday 08:00) until the 30-day one; a cycle created once its window is open is announced
    in every mode (a Monday's weekly reminder announces it that day). A reminder due less
    than a day before the creation is still sent, late (`is_fresh`): it is the announcement,
    and none follows the next morning."""
    entries = [
        Occurrence(
            due_instant(opens - timedelta(days=n), timezone),
            f"before-{n}",
            opens - timedelta(days=n),
        )
        for n in BEFORE_DAYS
    ]
    weekly = mondays(opens, closes)
    entries += [Occurrence(due_instant(d, timezone), "weekly", d) for d in weekly]
    if created is None:
        return sorted(entries)
    if any(is_fresh(e, created) for e in entries):
        return sorted(entries)  # that one is sent on creation, late: it announces the cycle
    day = created.astimezone(ZoneInfo(timezone)).date()
    if due_instant(day, timezone) <= created:
        day += timedelta(days=1)  # announced at the first 08:00 after it was created
    if opens <= day <= closes and day not in weekly:
        entries.append(Occurrence(due_instant(day, timezone), "opened", day))
    elif all_year and day < opens:
        entries.append(Occurrence(due_instant(day, timezone), "opened", day))
        last = opens - timedelta(days=BEFORE_DAYS[0])
        entries += [
            Occurrence(due_instant(d, timezone), "monthly", d)
            for d in first_mondays(day + timedelta(days=1), last)
        ]
    return sorted(entries)


def next_reminder(cycle: Cycle, timezone: str, mode: int, now: datetime) -> Occurrence | None:
    """The officer's next reminder of `cycle` after `now` in reminder mode `mode`."""
    if mode == REMIND_OFF:
        return None
    entries = officer_calendar(
        cycle.opens, cycle.closes, timezone, cycle.created_at, all_year=mode == REMIND_ALL
    )
    return next((e for e in entries if e.due_at > now), None)


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


@frozen
class ReminderState:
    """What /pengingat shows: the mode (REMIND_*) and, for an officer, the next reminder."""

    mode: int
    next: Occurrence | None
    complete: bool = False
    """The officer's self-check is complete: the dispatcher sends them nothing while it
    stays so (`next` is then None)."""


async def reminder_state(
    store: Store, person: Person, mode: int | None, update_id: int | None, now: datetime
) -> ReminderState:
    """Set the person's reminder mode (None: leave it) once per update, and say when their
    next reminder falls due (officers; a coordinator's digest is every Monday). A complete
    self-check has none: the dispatcher skips it, so naming a date would promise one."""
    mode = await store.set_reminder_mode_for_update(person.telegram_id, mode, update_id)
    following = None
    if person.role == "officer" and person.unit_id is not None:
        selfcheck = await store.current_selfcheck(person, now)
        if selfcheck is not None:
            following = next_reminder(selfcheck.cycle, selfcheck.timezone, mode, now)
        if following is not None:
            unit = await store.unit(person.unit_id)
            summary = await reports.region_summary(store, unit.region_id, now, unit_id=unit.id)
            if any(u.unit.id == unit.id and u.complete for u in summary.units):
                return ReminderState(mode, None, complete=True)
    return ReminderState(mode, following)


# -- the dispatcher -----------------------------------------------------------------------


@frozen
class Due:
    """One notification the calendar says is due for one person."""

    key: str
    who: OfficerTarget | CoordinatorTarget
    """An officer is reminded about their unit; a coordinator gets the region's digest."""
    kind: str
    """"remind:before-30", "remind:weekly", "digest:weekly"."""
    entry: Occurrence
    cycle: Cycle

    @property
    def telegram_id(self) -> int:
        return self.who.telegram_id


Ending = Literal["sent", "skipped", "failed", "blocked", "not_needed", "retrying", "unconfirmed"]
"""How a due notification's turn in one dispatch ended. Besides the store's statuses:
`blocked` (the person blocked the bot), `not_needed` (an officer reminder of a complete
self-check), `retrying` (a transient failure, 5xx, 429 or connection, tried again by a later
run) and `unconfirmed` (a claim a crash left open: maybe sent, so never sent again, recorded
as failed)."""
DispatchStats = Counter[Ending]
"""What one dispatch did: how many notifications ended each way."""


@frozen
class Retry:
    """A notification whose last try failed transiently (kept per application)."""

    attempts: int
    not_before: datetime
    sent_parts: int = 0
    """Parts already delivered: the next try sends only the rest (nothing twice)."""


def due_notifications(targets: ReminderTargets, now: datetime) -> list[Due]:
    """Every notification of every target person due in the last LOOKBACK (pure)."""
    found: list[Due] = []
    for officer in targets.officers:
        cycle = targets.cycles.get(officer.region_id)
        if cycle is None:
            continue
        calendar = officer_calendar(
            cycle.opens,
            cycle.closes,
            officer.timezone,
            cycle.created_at,
            all_year=officer.mode == REMIND_ALL,
        )
        for entry in recent(calendar, now):
            found.append(
                Due(
                    key=notification_key("remind", officer.telegram_id, str(cycle.id), entry),
                    who=officer,
                    kind=f"remind:{entry.kind}",
                    entry=entry,
                    cycle=cycle,
                )
            )
    for coordinator in targets.coordinators:
        cycle = targets.cycles.get(coordinator.region_id)
        if cycle is None or not accepting(cycle, coordinator.timezone, now):
            continue
        today = now.astimezone(ZoneInfo(coordinator.timezone)).date()
        weeks = weekly_calendar(today - timedelta(days=9), today, coordinator.timezone)
        for entry in recent(weeks, now):
            scope = f"region{coordinator.region_id}"
            found.append(
                Due(
                    key=notification_key("digest", coordinator.telegram_id, scope, entry),
                    who=coordinator,
                    kind="digest:weekly",
                    entry=entry,
                    cycle=cycle,
                )
            )
    return found


class Renderer(Protocol):
    """How reminders and digests are worded; the chat layer registers one at composition
    (`bot_data.render_reminders`): the dispatcher decides what is due, claims it and sends."""

    def reminder_parts(
        self, entry: Occurrence, cycle: Cycle, the_rubric: Rubric, unit: UnitSummary, lang: str
    ) -> tuple[Part, ...]: ...

    async def digest_parts(
        self, store: Store, region_id: int, now: datetime, lang: str
    ) -> tuple[Part, ...]: ...


async def dispatch(application: Any, now: datetime | None = None) -> DispatchStats:
    """Send what is due (claimed first, recorded after), record what is too late as skipped."""
    async with application.bot_data.reminders_lock:
        return await _dispatch(application, now)


async def _dispatch(application: Any, now: datetime | None) -> DispatchStats:
    data: BotData = application.bot_data
    render = data.render_reminders
    if render is None:
        raise RuntimeError("no reminder renderer registered (the chat layer registers one)")
    services = data.services
    store = services.store
    now = now or services.now()
    stats: DispatchStats = Counter({"unconfirmed": await store.settle_stale_claims(now=now)})
    retries: dict[str, Retry] = data.reminder_retries
    pruned_at = data.processed_updates_pruned_at
    if pruned_at is None or now - pruned_at >= PRUNE_EVERY:
        await store.prune_processed_updates(now=now)
        data.processed_updates_pruned_at = now
    targets = await store.reminder_targets(now)
    due = due_notifications(targets, now)
    known = await store.known_notifications(d.key for d in due)
    todo = [item for item in due if item.key not in known and _may_try(retries, item.key, now)]
    fresh = [item for item in todo if is_fresh(item.entry, now)]
    late = [item for item in todo if not is_fresh(item.entry, now)]

    units: dict[int, UnitSummary] = {}
    scored_regions: set[int] = set()
    digests: dict[tuple[int, str], tuple[Part, ...]] = {}
    deliveries: list[Delivery] = []
    by_key: dict[str, Due] = {}

    async def parts_of(item: Due) -> tuple[Part, ...] | None:
        who = item.who
        lang = texts.lang_of(who.language, who.app_language)
        if isinstance(who, OfficerTarget):
            if who.region_id not in scored_regions:
                # One overview per region (a handful of queries), not one per unit.
                summary = await reports.region_summary(store, who.region_id, now)
                units.update((u.unit.id, u) for u in summary.units)
                scored_regions.add(who.region_id)
            unit = units.get(who.unit_id)
            announced = item.entry.kind in ("opened", "monthly")  # before anyone started
            if unit is None or (unit.score is None and not announced) or unit.complete:
                stats["not_needed"] += 1
                return None
            parts: tuple[Part, ...] = render.reminder_parts(
                item.entry, item.cycle, store.rubric(item.cycle.rubric_id), unit, lang
            )
        else:
            cached = digests.get((who.region_id, lang))
            if cached is None:
                cached = digests[(who.region_id, lang)] = await render.digest_parts(
                    store, who.region_id, now, lang
                )
            parts = cached
        return parts

    for item in fresh:
        try:
            parts = await parts_of(item)
        except Exception as exc:
            # One bad row (a unit name the renderer chokes on, …) never stops the others.
            log.exception("preparing %s failed", item.key)
            reason = f"not prepared: {type(exc).__name__}: {exc}"
            with contextlib.suppress(Exception):  # unrecorded: the next run tries again
                if await store.give_up_notification(
                    Notice(item.key, item.telegram_id, item.kind, item.entry.due_at), reason, now
                ):
                    stats["failed"] += 1
            continue
        if parts is None:
            continue
        skip = retries[item.key].sent_parts if item.key in retries else 0
        deliveries.append(Delivery(item.telegram_id, parts[skip:], tag=item.key))
        by_key[item.key] = item

    async def claim(delivery: Delivery) -> bool:
        item = by_key[delivery.tag]
        try:
            return await store.claim_notification(
                Notice(item.key, item.telegram_id, item.kind, item.entry.due_at), now
            )
        except Exception:
            # Not claimed, not sent: the next run tries again (one bad claim stops nobody).
            log.exception("claiming %s failed", item.key)
            return False

    async def record(result: Result) -> None:
        try:
            await _record(store, stats, retries, by_key[result.delivery.tag], result, now)
        except Exception:
            # The claim stays open: the next run settles it as unconfirmed (never twice).
            log.exception("recording %s failed", result.delivery.tag)

    if deliveries:
        await broadcaster_of(application).send_all(deliveries, before=claim, after=record)
    # Recorded after the sends, so that what is due goes out first (after a long outage
    # there can be thousands of these, two small transactions each).
    for item in late:
        retries.pop(item.key, None)
        try:
            if await store.claim_notification(
                Notice(item.key, item.telegram_id, item.kind, item.entry.due_at), now
            ):
                await store.finish_notification(item.key, "skipped", now)
                stats["skipped"] += 1
        except Exception:  # one bad record stops nobody; the next run looks again
            log.exception("recording %s as skipped failed", item.key)
    if stats.total() > stats["not_needed"] + stats["unconfirmed"]:  # something was tried
        log.info("reminders: %s", dict(+stats))  # the non-zero counts
    return stats


def _may_try(retries: dict[str, Retry], key: str, now: datetime) -> bool:
    retry = retries.get(key)
    return retry is None or retry.not_before <= now


async def _record(
    store: Any,
    stats: DispatchStats,
    retries: dict[str, Retry],
    item: Due,
    result: Result,
    now: datetime,
) -> None:
    """Finish one delivery: sent; transient -> released for a later retry (with backoff,
    within the 24-hour window); otherwise failed, with the reason in the audit log."""
    key = item.key
    if result.outcome == "sent":
        stats["sent"] += 1
        retries.pop(key, None)
        await store.finish_notification(key, "sent", now)
        return
    previous = retries.pop(key, None)
    reason = result.error or result.outcome
    if result.outcome == "blocked":
        stats["blocked"] += 1
        await store.mark_inactive(result.delivery.chat_id)
        reason = f"permanent (blocked): {reason}"
    elif result.fault == "transient":
        attempt = (previous.attempts if previous else 0) + 1
        at = delivery_faults.retry_at(attempt, now, item.entry.due_at + CATCH_UP)
        if at is not None:
            stats["retrying"] += 1
            done = (previous.sent_parts if previous else 0) + result.sent_parts
            retries[key] = Retry(attempt, at, done)
            await store.release_for_retry(key, f"transient: {reason}", attempt, at, now)
            return
        reason = f"transient until the 24-hour window closed ({attempt} tries): {reason}"
    else:
        reason = f"{result.fault or 'permanent'}: {reason}"
    stats["failed"] += 1
    await store.finish_notification_because(key, "failed", reason, now)


async def _job(context: Any) -> None:
    cluster = context.application.bot_data.cluster
    if cluster is not None and not await cluster.is_leader():
        return  # another instance runs the dispatcher (bot/store/cluster.py)
    try:
        await dispatch(context.application)
    except Exception:
        # The next run (in INTERVAL) tries again; the claims keep it exactly-once.
        log.exception("the reminder dispatcher failed")


STARTUP_JOB = "reminders-startup"
"""The job name of the dispatcher's run at start-up (tests wait for it, or drop it)."""


def install(application: Any) -> None:
    """Run the dispatcher at start-up and every INTERVAL on the application's JobQueue."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("reminders need python-telegram-bot[job-queue]")
    # Never dropped as "missed": APScheduler skips a job that starts over a second late, and
    # a slow start (Telegram answering getMe slowly) would lose the start-up run SPEC promises.
    queue.run_once(_job, when=0, name=STARTUP_JOB, job_kwargs={"misfire_grace_time": None})
    queue.run_repeating(_job, interval=INTERVAL, first=INTERVAL, name="reminders")
    if application.bot_data.cluster is not None:
        from bot.store.cluster import LEADER_CHECK

        queue.run_repeating(
            _take_over, interval=LEADER_CHECK, first=LEADER_CHECK, name="reminders-leader"
        )


async def _take_over(context: Any) -> None:
    """A follower asks for leadership; the one that takes it dispatches at once (the dead
    leader's run may have been cut short), then every INTERVAL."""
    cluster = context.application.bot_data.cluster
    if cluster is None:
        return
    was_leader = cluster.elected.is_set()
    if await cluster.is_leader() and not was_leader:
        await _job(context)
