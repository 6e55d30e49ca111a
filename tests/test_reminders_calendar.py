"""The reminder calendar: exact UTC instants in WIB, WITA and WIT, and the catch-up rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot import reminders
from bot.reminders import Occurrence, due_instant, is_fresh, mondays, officer_calendar, recent


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


OPENS = date(2027, 5, 3)  # a Monday
CLOSES = date(2027, 5, 31)  # a Monday too: the last weekly reminder falls on the closing day


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        (
            # 08:00 WIT (UTC+9) is 23:00 UTC the day before.
            "Asia/Jayapura",
            [
                ("before-30", "2027-04-03", "2027-04-02T23:00"),
                ("before-14", "2027-04-19", "2027-04-18T23:00"),
                ("before-7", "2027-04-26", "2027-04-25T23:00"),
                ("before-1", "2027-05-02", "2027-05-01T23:00"),
                ("weekly", "2027-05-03", "2027-05-02T23:00"),
                ("weekly", "2027-05-10", "2027-05-09T23:00"),
                ("weekly", "2027-05-17", "2027-05-16T23:00"),
                ("weekly", "2027-05-24", "2027-05-23T23:00"),
                ("weekly", "2027-05-31", "2027-05-30T23:00"),
            ],
        ),
        (
            # 08:00 WITA (UTC+8) is midnight UTC the same day.
            "Asia/Makassar",
            [
                ("before-30", "2027-04-03", "2027-04-03T00:00"),
                ("before-14", "2027-04-19", "2027-04-19T00:00"),
                ("before-7", "2027-04-26", "2027-04-26T00:00"),
                ("before-1", "2027-05-02", "2027-05-02T00:00"),
                ("weekly", "2027-05-03", "2027-05-03T00:00"),
                ("weekly", "2027-05-10", "2027-05-10T00:00"),
                ("weekly", "2027-05-17", "2027-05-17T00:00"),
                ("weekly", "2027-05-24", "2027-05-24T00:00"),
                ("weekly", "2027-05-31", "2027-05-31T00:00"),
            ],
        ),
        (
            # 08:00 WIB (UTC+7) is 01:00 UTC the same day.
            "Asia/Jakarta",
            [
                ("before-30", "2027-04-03", "2027-04-03T01:00"),
                ("before-14", "2027-04-19", "2027-04-19T01:00"),
                ("before-7", "2027-04-26", "2027-04-26T01:00"),
                ("before-1", "2027-05-02", "2027-05-02T01:00"),
                ("weekly", "2027-05-03", "2027-05-03T01:00"),
                ("weekly", "2027-05-10", "2027-05-10T01:00"),
                ("weekly", "2027-05-17", "2027-05-17T01:00"),
                ("weekly", "2027-05-24", "2027-05-24T01:00"),
                ("weekly", "2027-05-31", "2027-05-31T01:00"),
            ],
        ),
    ],
)
def test_full_officer_calendar_in_each_time_zone(
    timezone: str, expected: list[tuple[str, str, str]]
) -> None:
    calendar = officer_calendar(OPENS, CLOSES, timezone)
    got = [(e.kind, e.day.isoformat(), e.due_at.strftime("%Y-%m-%dT%H:%M")) for e in calendar]
    assert got == expected
    assert all(
        e.due_at.tzinfo is not None and e.due_at.utcoffset() == timedelta(0) for e in calendar
    )


def test_weekly_reminders_only_on_mondays_inside_the_window() -> None:
    # Opens on a Thursday, closes on a Tuesday: Mondays strictly inside.
    calendar = officer_calendar(date(2027, 7, 1), date(2027, 7, 20), "Asia/Jakarta")
    weekly = [e.day for e in calendar if e.kind == "weekly"]
    assert weekly == [date(2027, 7, 5), date(2027, 7, 12), date(2027, 7, 19)]
    assert all(d.weekday() == 0 for d in weekly)


def test_mondays_edges() -> None:
    assert mondays(date(2027, 5, 4), date(2027, 5, 9)) == []
    assert mondays(date(2027, 5, 3), date(2027, 5, 3)) == [date(2027, 5, 3)]
    assert mondays(date(2027, 5, 2), date(2027, 5, 17)) == [
        date(2027, 5, 3),
        date(2027, 5, 10),
        date(2027, 5, 17),
    ]


def test_coordinator_digest_is_monday_eight_local() -> None:
    entries = reminders.weekly_calendar(date(2027, 5, 1), date(2027, 5, 12), "Asia/Jayapura")
    assert [e.due_at for e in entries] == [utc("2027-05-02T23:00"), utc("2027-05-09T23:00")]


def test_due_instant_is_eight_local() -> None:
    assert due_instant(date(2027, 1, 4), "Asia/Jakarta") == utc("2027-01-04T01:00")


def test_catch_up_rule_less_than_24_hours_late() -> None:
    entry = Occurrence(utc("2027-05-03T01:00"), "weekly", date(2027, 5, 3))
    assert not is_fresh(entry, utc("2027-05-03T00:59"))  # not due yet
    assert is_fresh(entry, utc("2027-05-03T01:00"))
    assert is_fresh(entry, utc("2027-05-04T00:59:59"))
    assert not is_fresh(entry, utc("2027-05-04T01:00"))  # exactly 24 hours late: skipped


def test_recent_keeps_due_entries_within_the_lookback() -> None:
    calendar = officer_calendar(OPENS, CLOSES, "Asia/Jakarta")
    now = utc("2027-05-10T00:30")
    kinds = [(e.kind, e.day.isoformat()) for e in recent(calendar, now)]
    # Due at or before now and at most eight days old: before-1 (May 2), Monday May 3;
    # May 10 is not due until 01:00 UTC.
    assert kinds == [("before-1", "2027-05-02"), ("weekly", "2027-05-03")]


def test_notification_keys_name_person_cycle_kind_and_date() -> None:
    entry = Occurrence(utc("2027-04-03T01:00"), "before-30", date(2027, 4, 3))
    assert (
        reminders.notification_key("remind", 42, "7", entry) == "remind:42:7:before-30:2027-04-03"
    )
