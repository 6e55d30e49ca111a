"""Reminders all year (issue 14): the announcement when a cycle opens for a unit, a monthly
reminder during preparation (first Monday 08:00 region time) until the 30-day one, and
/pengingat's choices (all, only the last month, off). Exactly once, claimed as the rest."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from bot import reminders
from bot.services import services_of
from bot.store import REMIND_LAST_MONTH
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import press
from tests.store_fixtures import Clock
from tests.test_coordinator import OFFICER, OFFICER_FAR, build, prepare


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def texts_to(fake_api: FakeBotAPI, chat_id: int, fragment: str) -> list[str]:
    return [m.text or "" for m in fake_api.sent_messages(chat_id) if fragment in (m.text or "")]


def test_the_calendar_runs_from_the_cycles_creation() -> None:
    created = utc("2027-01-13T03:00")  # Wednesday 10:00 WIB
    entries = reminders.officer_calendar(
        date(2027, 5, 3), date(2027, 9, 30), "Asia/Jakarta", created
    )
    early = [(e.kind, e.day.isoformat()) for e in entries if e.kind in ("opened", "monthly")]
    assert early == [
        ("opened", "2027-01-14"),  # the first 08:00 after it was opened
        ("monthly", "2027-02-01"),
        ("monthly", "2027-03-01"),
    ]  # April's first Monday (04-05) is after the 30-day reminder (04-03): none
    assert entries[0].due_at == utc("2027-01-14T01:00")
    last_month = reminders.officer_calendar(
        date(2027, 5, 3), date(2027, 9, 30), "Asia/Jakarta", created, all_year=False
    )
    assert {e.kind for e in last_month} == {
        "before-30",
        "before-14",
        "before-7",
        "before-1",
        "weekly",
    }


def test_a_cycle_created_once_its_window_is_open_is_announced_in_every_mode() -> None:
    """Created on Wednesday 2027-05-05 10:00 WIB, two days into its window: announced the
    next morning whatever the mode (it is the window itself, not preparation), and not on a
    Monday, whose weekly reminder says the same; not after the window closed; not when a
    reminder fell due less than a day before (it is sent late, and says it)."""
    opens, closes = date(2027, 5, 3), date(2027, 9, 30)
    for all_year in (True, False):
        entries = reminders.officer_calendar(
            opens, closes, "Asia/Jakarta", utc("2027-05-05T03:00"), all_year=all_year
        )
        first = [(e.kind, e.day.isoformat()) for e in entries if e.day > date(2027, 5, 4)][:2]
        assert first == [("opened", "2027-05-06"), ("weekly", "2027-05-10")]
        assert "monthly" not in {e.kind for e in entries}
    sunday = reminders.officer_calendar(opens, closes, "Asia/Jakarta", utc("2027-05-09T03:00"))
    assert [e.kind for e in sunday if e.day >= date(2027, 5, 9)][:2] == ["weekly", "weekly"]
    after = reminders.officer_calendar(opens, closes, "Asia/Jakarta", utc("2027-09-30T03:00"))
    assert "opened" not in {e.kind for e in after}  # announced on 10-01: the window is shut
    # Created after a reminder fell due that day (a Monday 10:00 in the window; the evening
    # before it opens): that reminder goes at once, late, and announces it; none follows the
    # next morning, less than a day later.
    for opening, created, kind in (
        (opens, utc("2027-05-10T03:00"), "weekly"),
        (date(2027, 5, 5), utc("2027-05-04T12:00"), "before-1"),
    ):
        entries = reminders.officer_calendar(opening, closes, "Asia/Jakarta", created)
        assert "opened" not in {e.kind for e in entries}
        assert [e.kind for e in entries if reminders.is_fresh(e, created)] == [kind]


async def test_an_announcement_inside_the_window_says_how_long_it_stays_open(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-05-05T03:00"))  # Wednesday 10:00 WIB: the window opened Monday
    await prepare(tmp_settings, fake_api, clock)
    clock.now = utc("2027-05-06T01:10")  # 08:10 WIB the next morning
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    try:
        await reminders.dispatch(app)
        await reminders.dispatch(app)
        announced = texts_to(fake_api, OFFICER, "📣")
        assert len(announced) == 1
        assert "sedang dibuka sampai 2027-09-30 (147 hari lagi)" in announced[0]
        assert "Dukcapil Kota Metro" in announced[0]  # what is left, as a weekly reminder says
    finally:
        await runner.stop()


async def test_announcement_and_monthly_reminders_exactly_once(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-01-13T03:00"))
    await prepare(tmp_settings, fake_api, clock)
    clock.now = utc("2027-01-14T01:10")
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    await reminders.dispatch(app)
    await reminders.dispatch(app)
    for officer in (OFFICER, OFFICER_FAR):
        announced = texts_to(fake_api, officer, "📣")
        assert len(announced) == 1 and "dibuka untuk unit Anda" in announced[0]
        assert "2027-05-03 sampai 2027-09-30" in announced[0]
        # The cycle by the assessment's name and its own year, not the instrument's years.
        cycle = "📣 Siklus Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik Ombudsman RI 2027 "
        assert announced[0].startswith(cycle) and "2023–2024" not in announced[0]

    # Only the last month for Metro's officer: February's reminder goes to Jayapura alone.
    store = services_of(app).store
    await store.set_reminder_mode_for_update(OFFICER, REMIND_LAST_MONTH, None)
    clock.now = utc("2027-02-01T01:10")  # 08:10 WIB, 10:10 WIT on the first Monday
    app = await runner.restart()
    await reminders.dispatch(app)
    app = await runner.restart()  # a restart sends nothing twice
    await reminders.dispatch(app)
    monthly = texts_to(fake_api, OFFICER_FAR, "🗓")
    assert len(monthly) == 1 and "dibuka 2027-05-03 (91 hari lagi)" in monthly[0]
    assert (
        "Persiapan Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik Ombudsman RI 2027:"
        in (monthly[0])
    )
    assert "Puskesmas Hamadi" in monthly[0]  # what is left, and the top gaps
    assert texts_to(fake_api, OFFICER, "🗓") == []
    store = services_of(app).store
    assert await store.notification_status(f"remind:{OFFICER_FAR}:1:monthly:2027-02-01") == "sent"

    # /pengingat says so, with the next reminder's date and the other choices.
    user = fake_api.user(OFFICER)
    await user.send("/pengingat")
    shown = await user.wait_for(lambda m: "Pengingat:" in m.text, timeout=10)
    assert "hanya sebulan terakhir" in shown.text
    assert "Pengingat berikutnya: 2027-04-03" in shown.text  # the 30-day reminder
    assert shown.button_texts == ["Semua", "Mati"]
    everything = await press(user, shown, "Semua")
    assert "Pengingat berikutnya: 2027-03-01" in everything.text  # March's monthly one
    await runner.stop()


async def test_reminders_speak_the_language_of_the_app_when_none_was_chosen(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """An officer whose Telegram is in English and who never used /bahasa is answered in
    English in chat; the announcement, which no update of theirs starts, is English too (it
    was Indonesian: the app's language was not kept)."""
    clock = Clock(utc("2027-01-13T03:00"))
    await prepare(tmp_settings, fake_api, clock)
    # 07:00 in Jayapura: nothing due yet, so the start-up dispatch sends nothing before the
    # officer's update is seen (at 08:00 it would race it).
    clock.now = utc("2027-01-13T22:00")
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    user = fake_api.user(OFFICER_FAR)
    user.language_code = "en-GB"
    await user.send("/pengingat")  # any update: the app's language is kept
    await user.wait_for(lambda m: "Reminders:" in m.text, timeout=10)
    person = await services_of(app).store.person(OFFICER_FAR)
    assert person is not None and person.language is None and person.app_language == "en-GB"
    await runner.stop()  # waits for the start-up dispatch
    assert len(fake_api.sent_messages(OFFICER_FAR)) == 1  # only the reply to /pengingat
    clock.now = utc("2027-01-14T01:10")  # 10:10 in Jayapura, 08:10 in Kota Metro
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    await reminders.dispatch(app)
    assert len(texts_to(fake_api, OFFICER_FAR, "cycle is open for your unit")) == 1
    assert texts_to(fake_api, OFFICER_FAR, "dibuka untuk unit Anda") == []
    assert len(texts_to(fake_api, OFFICER, "dibuka untuk unit Anda")) == 1
    await runner.stop()


async def test_an_unknown_word_after_pengingat_is_named_with_the_words_it_knows(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """`/pengingat kadang` says the word was not understood and lists the accepted ones,
    above the state (unchanged) and its buttons; the word is shown as typed, escaped."""
    clock = Clock(utc("2027-01-13T03:00"))
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        user = fake_api.user(OFFICER)
        await user.send("/pengingat <b>kadang</b>")
        shown = await user.wait_for(lambda m: "Pengingat:" in m.text, timeout=10)
        assert shown.text.startswith("Kata <b>kadang</b> tidak dikenali.")
        assert "menyalakan: 1, hidupkan, nyala, on, ya, yes" in shown.text
        assert "mematikan: 0, mati, matikan, no, off, tidak" in shown.text
        assert "Pengingat: semua" in shown.text and shown.button_texts
        person = await services_of(app).store.person(OFFICER)
        assert person is not None and person.reminders  # nothing changed
        await user.send("/pengingat mati")
        off = await user.wait_for(lambda m: "Pengingat: mati" in m.text, timeout=10)
        assert "tidak dikenali" not in off.text


async def test_a_cycle_created_on_a_monday_morning_gets_one_message_not_two(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """Created Monday 10:00 WIB, a week into its window: that Monday's weekly reminder goes
    at once (late), and the next morning brings no announcement less than a day after it."""
    clock = Clock(utc("2027-05-10T03:00"))
    await prepare(tmp_settings, fake_api, clock)
    clock.now = utc("2027-05-10T03:05")
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    try:
        await reminders.dispatch(app)
        clock.now = utc("2027-05-11T01:05")  # Tuesday 08:05 WIB
        await reminders.dispatch(app)
        sent = [m.text or "" for m in fake_api.sent_messages(OFFICER)]
        assert len([t for t in sent if t.startswith("⏰")]) == 1
        assert texts_to(fake_api, OFFICER, "📣") == []
    finally:
        await runner.stop()


async def test_a_slow_start_still_runs_the_start_up_dispatch(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """SPEC: the dispatcher runs at start-up. Its run was scheduled while the bot started and
    dropped as "missed" when starting took over a second (the Bot API answering slowly):
    what was due waited for the next run, minutes later, or a restart."""
    clock = Clock(utc("2027-01-13T03:00"))
    await prepare(tmp_settings, fake_api, clock)
    clock.now = utc("2027-01-14T01:10")  # the announcement is due for both officers
    fake_api.hold("deleteWebhook")  # polling starts after the run is scheduled
    runner = running_bot(tmp_settings, clock=clock, build=build)
    starting = asyncio.create_task(runner.start())
    await asyncio.sleep(1.5)
    fake_api.release("deleteWebhook")
    await starting  # returns once the start-up run has ended (tests/fakebot/runner.py)
    assert len(texts_to(fake_api, OFFICER, "dibuka untuk unit Anda")) == 1
    await runner.stop()
