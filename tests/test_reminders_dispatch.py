"""The reminder dispatcher through the real bot, with an injectable clock: restarts before,
during and after a due time (no duplicates, the 24-hour catch-up), digests, blocked users,
flood control, complete self-checks, reminders turned off."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from bot import reminders
from bot.services import services_of
from bot.store import KeyWrite, Newcomer, Store
from tests.fakebot import FakeBotAPI
from tests.store_fixtures import Clock
from tests.test_coordinator import (
    COORDINATOR,
    COORDINATOR_FAR,
    OFFICER,
    OFFICER_FAR,
    build,
    prepare,
)

CYCLE = 1  # the one cycle prepare() opens: 2027-05-03 .. 2027-09-30, all regions


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reminders_to(fake_api: FakeBotAPI, chat_id: int) -> list[str]:
    return [m.text or "" for m in fake_api.sent_messages(chat_id) if "Pengingat" in (m.text or "")]


def key(who: int, kind: str, day: str) -> str:
    return f"remind:{who}:{CYCLE}:{kind}:{day}"


async def status(app: Any, notification: str) -> str | None:
    store: Store = services_of(app).store
    return await store.notification_status(notification)


async def test_restarts_before_during_and_after_a_due_time(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    # WIT: 30 days before 2027-05-03 at 08:00 is 2027-04-02T23:00Z; WIB: 2027-04-03T01:00Z.
    clock = Clock(utc("2027-04-02T22:00"))
    await prepare(tmp_settings, fake_api, clock)
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    await reminders.dispatch(app)
    assert reminders_to(fake_api, OFFICER_FAR) == []  # an hour early
    assert await status(app, key(OFFICER_FAR, "before-30", "2027-04-03")) is None

    clock.now = utc("2027-04-02T23:30")  # 30 minutes late: the restart sends it
    app = await runner.restart()
    await reminders.dispatch(app)
    sent = reminders_to(fake_api, OFFICER_FAR)
    assert len(sent) == 1 and "dibuka dalam 30 hari" in sent[0]
    assert "Puskesmas Hamadi" in sent[0] and "1/" in sent[0]  # completion: one item answered
    assert await status(app, key(OFFICER_FAR, "before-30", "2027-04-03")) == "sent"
    assert reminders_to(fake_api, OFFICER) == []  # WIB is not due until 01:00Z

    clock.now = utc("2027-04-03T01:10")  # during: restart again, and run twice more
    app = await runner.restart()
    await reminders.dispatch(app)
    await reminders.dispatch(app)
    assert len(reminders_to(fake_api, OFFICER_FAR)) == 1  # never twice
    metro = reminders_to(fake_api, OFFICER)
    assert len(metro) == 1 and "Dukcapil Kota Metro" in metro[0]
    button = fake_api.sent_messages(OFFICER)[-1].reply_markup
    assert button and "Lanjutkan" in button["inline_keyboard"][0][0]["text"]

    # After: WIT's 14-days reminder (2027-04-18T23:00Z) is 25.5 hours late -> skipped;
    # WIB's (2027-04-19T01:00Z) is 23.5 hours late -> still sent.
    clock.now = utc("2027-04-20T00:30")
    app = await runner.restart()
    await reminders.dispatch(app)
    assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
    assert await status(app, key(OFFICER_FAR, "before-14", "2027-04-19")) == "skipped"
    assert len(reminders_to(fake_api, OFFICER)) == 2
    assert await status(app, key(OFFICER, "before-14", "2027-04-19")) == "sent"
    await runner.stop()


async def test_someone_joining_in_time_gets_that_days_reminder(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-04-03T10:00"))  # nine hours after the WIB 30-days reminder
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER)) == 1
        store: Store = services_of(app).store
        unit = (await store.resolve_unit("Puskesmas Yosodadi")).id
        late = await store.create_invite("officer", unit_id=unit, uses=1, days=30)
        clock.now = utc("2027-04-04T05:00")  # 28 hours after 08:00 WIB on April 3
        fake_api.user(777)
        await store.join(late.code, Newcomer(777, "Terlambat", "id"))
        await reminders.dispatch(app)
        assert reminders_to(fake_api, 777) == []
        assert await status(app, key(777, "before-30", "2027-04-03")) == "skipped"


async def test_monday_digest_for_coordinators_and_weekly_reminders(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-05-10T01:30"))  # Monday 08:30 WIB, 10:30 WIT; the window is open
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        await reminders.dispatch(app)
        coordinator = fake_api.sent_messages(COORDINATOR)
        texts = "\n".join(m.text or m.caption or "" for m in coordinator)
        assert "Ringkasan mingguan" in texts and "Dukcapil Kota Metro" in texts
        assert "Hamadi" not in texts
        assert sum(1 for m in coordinator if m.media) == 2  # the two charts
        far = "\n".join(m.text or "" for m in fake_api.sent_messages(COORDINATOR_FAR))
        assert "Puskesmas Hamadi" in far and "Metro" not in far
        assert await status(app, f"digest:{COORDINATOR}:region1:weekly:2027-05-10") == "sent"

        weekly = reminders_to(fake_api, OFFICER)
        assert len(weekly) == 1 and "sedang dibuka sampai 2027-09-30" in weekly[0]
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        # Last week's Monday is over 24 hours old: recorded as skipped. The day before
        # opening is beyond the eight-day lookback: not even looked at (no flood of records).
        assert await status(app, key(OFFICER, "weekly", "2027-05-03")) == "skipped"
        assert await status(app, key(OFFICER, "before-1", "2027-05-02")) is None
        before = len(fake_api.requests)
        await reminders.dispatch(app)
        assert len(fake_api.requests) == before  # nothing more to send


async def test_a_monday_that_closes_the_window_says_today_not_zero_days(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    # The window closes on Monday 2027-09-27: that Monday's reminder and digest said
    # "(0 hari lagi)" and "ditutup dalam 0 hari".
    clock = Clock(utc("2027-09-27T01:30"))  # Monday 08:30 WIB, 10:30 WIT
    await prepare(tmp_settings, fake_api, clock, closes=date(2027, 9, 27))
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        await reminders.dispatch(app)
        (weekly,) = reminders_to(fake_api, OFFICER)
        assert "ditutup hari ini (2027-09-27)" in weekly and "0 hari" not in weekly
        (far,) = reminders_to(fake_api, OFFICER_FAR)  # WIT: the same local Monday
        assert "ditutup hari ini (2027-09-27)" in far
        digest = "\n".join(m.text or "" for m in fake_api.sent_messages(COORDINATOR))
        assert "Jendela penilaian sedang dibuka: hari ini hari terakhir." in digest
        assert "0 hari" not in digest
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/bahasa")
        menu = await coordinator.wait_for(lambda m: bool(m.buttons))
        await coordinator.press(menu, "🇬🇧 English")
        await coordinator.wait_idle()
        await coordinator.send("/summary")
        summary = await coordinator.wait_text("Summary of")
        assert "The assessment window is open: today is its last day." in summary.text


async def test_blocked_user_is_marked_inactive_and_not_retried(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-04-03T01:30"))
    await prepare(tmp_settings, fake_api, clock)
    fake_api.block(OFFICER)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        await reminders.dispatch(app)
        store: Store = services_of(app).store
        person = await store.person(OFFICER)
        assert person is not None and person.active is False
        assert await status(app, key(OFFICER, "before-30", "2027-04-03")) == "failed"
        attempts = [r for r in fake_api.requests if r.params.get("chat_id") == OFFICER]
        assert len(attempts) == 1
        clock.now = utc("2027-04-19T01:30")  # the next reminder: not attempted
        await reminders.dispatch(app)
        assert [r for r in fake_api.requests if r.params.get("chat_id") == OFFICER] == attempts
        assert await status(app, key(OFFICER, "before-14", "2027-04-19")) is None


async def test_flood_control_delivers_exactly_once(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-04-03T00:30"))  # WIT due, WIB not yet
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        clock.now = utc("2027-04-03T01:30")
        fake_api.fail_next("sendMessage", 429, retry_after=1)
        await reminders.dispatch(app)
        assert fake_api.status_counts.get(429) == 1
        assert len(reminders_to(fake_api, OFFICER)) == 1  # retried after 1 s, delivered once
        assert await status(app, key(OFFICER, "before-30", "2027-04-03")) == "sent"

        # The reminder's button continues the self-check at the first unanswered item.
        user = fake_api.user(OFFICER)
        reminder = next(m for m in user.messages if "Pengingat" in m.text)
        user.skip_pending()
        await user.press(reminder, "▶ Lanjutkan pemeriksaan")
        question = await user.wait_for(lambda m: "Input" in m.text, timeout=10)
        assert question.buttons  # the answer options


async def test_complete_self_check_and_reminders_off_get_nothing(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-04-02T00:00"))
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store: Store = services_of(app).store
        officer = await store.person(OFFICER)
        assert officer is not None
        selfcheck = await store.current_selfcheck(officer)
        assert selfcheck is not None
        the_rubric = store.rubric(selfcheck.rubric_id)
        for answer_key in await store.checklist(selfcheck):
            item = the_rubric.item(answer_key.split("@")[0])
            assert item is not None
            await store.record_answer(
                KeyWrite(officer, selfcheck.id, answer_key), item.options[0].id
            )
        await store.set_reminders(OFFICER_FAR, False)
        clock.now = utc("2027-04-03T01:30")
        stats = await reminders.dispatch(app)
        assert reminders_to(fake_api, OFFICER) == []
        assert reminders_to(fake_api, OFFICER_FAR) == []
        assert stats["not_needed"] == 1
        assert await status(app, key(OFFICER, "before-30", "2027-04-03")) is None
        # /pengingat promised "Pengingat berikutnya: 2027-04-19" that would never come.
        user = fake_api.user(OFFICER)
        await user.send("/pengingat")
        shown = await user.wait_text("Pengingat:")
        assert "Pengingat berikutnya" not in shown.text
        assert "Pemeriksaan mandiri unit Anda sudah lengkap" in shown.text
        far = fake_api.user(OFFICER_FAR)  # incomplete (and off): on again, a date is named
        await far.send("/pengingat on")
        assert "Pengingat berikutnya: 2027-04-19." in (await far.wait_text("Pengingat:")).text


async def test_old_processed_update_ids_are_forgotten_hourly(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc("2027-04-02T00:00"))
    await prepare(tmp_settings, fake_api, clock)

    def update_ids() -> list[int]:
        with contextlib.closing(sqlite3.connect(tmp_settings.database)) as db:
            rows = db.execute("SELECT update_id FROM processed_updates ORDER BY update_id")
            return [row[0] for row in rows]

    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store: Store = services_of(app).store
        officer = await store.person(OFFICER)
        assert officer is not None
        selfcheck = await store.current_selfcheck(officer)
        assert selfcheck is not None
        first = (await store.checklist(selfcheck))[0]
        option = store.rubric(selfcheck.rubric_id).item(first.split("@")[0])
        assert option is not None
        await store.record_answer(
            KeyWrite(officer, selfcheck.id, first, update_id=900001), option.options[0].id
        )
        clock.now = utc("2027-04-09T12:00")  # a week and a half later
        await store.record_answer(
            KeyWrite(officer, selfcheck.id, first, update_id=900002), option.options[-1].id
        )
        assert {900001, 900002} <= set(update_ids())
        await reminders.dispatch(app)
        assert 900001 not in update_ids() and 900002 in update_ids()
        clock.now = utc("2027-04-16T11:30")  # prunes, but 900002 is not a week old yet
        await reminders.dispatch(app)
        assert 900002 in update_ids()
        clock.now = utc("2027-04-16T12:15")  # 900002 is a week old, the last prune 45 min
        await reminders.dispatch(app)
        assert 900002 in update_ids()
        clock.now = utc("2027-04-16T12:31")  # an hour since the last prune
        await reminders.dispatch(app)
        assert 900002 not in update_ids()
