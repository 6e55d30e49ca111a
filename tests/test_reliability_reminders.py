"""Issue 16, reminders: one bad row never stops the others (a unit name that is matplotlib
math, a renderer that raises), transient Bot API failures are retried within the 24-hour
window, permanent ones are given up with a recorded reason, and a claim left open by a
crash is never re-sent (at most once)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot import charts, reminders
from bot.store import Notice, Store, UnitRow
from tests.fakebot import FakeBotAPI
from tests.store_fixtures import Clock
from tests.test_charts import band
from tests.test_coordinator import COORDINATOR, OFFICER, OFFICER_FAR, build, prepare
from tests.test_reminders_dispatch import key, reminders_to, status, utc

HOSTILE = "UPTD Samsat $\\foo$"
MONDAY = "2027-05-10T01:30"  # 08:30 WIB, 10:30 WIT: weekly reminders and the digest are due


async def add_hostile_unit(settings: Any, clock: Clock) -> None:
    store = await Store.open(settings.database, clock=clock)
    try:
        await store.import_units([UnitRow("Kota Metro", HOSTILE, "Asia/Jakarta", ("SIM",))])
    finally:
        await store.close()


async def reasons(app: Any, notification: str) -> list[str]:
    store: Store = app.bot_data.services.store
    log = await store.audit_log(limit=1000)
    found = []
    for entry in log:
        details = entry["details"]
        details = json.loads(details) if isinstance(details, str) else details
        if details.get("key") == notification:
            found.append(f"{entry['action']}: {details.get('reason', '')}")
    return found


async def test_a_math_unit_name_neither_stops_reminders_nor_the_summary(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc(MONDAY))
    await prepare(tmp_settings, fake_api, clock)
    await add_hostile_unit(tmp_settings, clock)
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER)) == 1
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        digest = fake_api.sent_messages(COORDINATOR)
        assert sum(1 for m in digest if m.media) == 2  # both charts, the hostile name in them
        assert await status(app, f"digest:{COORDINATOR}:region1:weekly:2027-05-10") == "sent"

        user = fake_api.user(COORDINATOR)
        before = len(user.messages)
        await user.send("/ringkasan")
        for _ in range(600):  # the digest's charts came before: wait for the reply's two
            if sum(1 for m in user.messages[before:] if m.media) >= 2:
                break
            await asyncio.sleep(0.1)
        await user.wait_idle(timeout=30)
        replies = "\n".join(m.text for m in user.messages[before:])
        assert "UPTD Samsat $\\foo$" in replies and "Maaf" not in replies


def test_chart_labels_are_plain_text() -> None:
    bands = [band("A", 80, "hijau"), band("B", 0, "merah")]
    bars = [charts.Bar(HOSTILE, 50.0, "B"), charts.Bar("$x^2$ \\alpha_", 90.0, "A")]
    assert charts.score_chart("Kota $\\bar$", bars, bands, 100)[0].startswith(b"\x89PNG")
    rows = [charts.HeatRow(HOSTILE, (0.5, None)), charts.HeatRow("$\\frac$", (1.0, 0.0))]
    assert charts.heatmap_chart("$\\x$", ["D1 $\\y$", "D2"], rows)[0].startswith(b"\x89PNG")


async def test_one_failing_render_does_not_stop_the_others(
    tmp_settings: Any,
    fake_api: FakeBotAPI,
    running_bot: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> list[bytes]:
        raise ValueError("a renderer bug")

    monkeypatch.setattr(charts, "score_chart", broken)
    caplog.set_level(logging.INFO, logger="bot.reminders")
    clock = Clock(utc(MONDAY))
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        stats = await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER)) == 1
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        digest = f"digest:{COORDINATOR}:region1:weekly:2027-05-10"
        assert await status(app, digest) == "failed"
        assert any("a renderer bug" in r for r in await reasons(app, digest))
        assert stats["sent"] >= 2 and stats["failed"] >= 1
        # The log line names what was tried, only the non-zero counts; a run that tries
        # nothing (everything already recorded) says nothing.
        tally = [r.getMessage() for r in caplog.records if r.getMessage().startswith("reminders: ")]
        assert tally == [f"reminders: {dict(+stats)}"] and "unconfirmed" not in tally[0]
        caplog.clear()
        again = await reminders.dispatch(app)
        assert again.total() == 0
        assert not any(r.getMessage().startswith("reminders: ") for r in caplog.records)


ONLY_FAR_DUE = "2027-04-02T23:30"  # WIT's 30-days reminder is 30 minutes late; WIB's not due


async def test_three_500s_then_success_is_retried_and_sent_once(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc(ONLY_FAR_DUE))
    await prepare(tmp_settings, fake_api, clock)
    fake_api.fail_next("sendMessage", 500, count=3)
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        notification = key(OFFICER_FAR, "before-30", "2027-04-03")
        stats = await reminders.dispatch(app)
        assert reminders_to(fake_api, OFFICER_FAR) == []
        assert stats["retrying"] == 1 and stats["failed"] == 0
        assert await status(app, notification) is None  # released, not given up
        assert any("retry: transient" in r for r in await reasons(app, notification))

        clock.now = utc("2027-04-02T23:32")  # before the backoff: not tried yet
        await reminders.dispatch(app)
        assert reminders_to(fake_api, OFFICER_FAR) == []
        clock.now = utc("2027-04-02T23:36")
        await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        assert await status(app, notification) == "sent"
        await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1


async def test_a_permanent_failure_is_given_up_with_its_reason(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc(ONLY_FAR_DUE))
    await prepare(tmp_settings, fake_api, clock)
    fake_api.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        notification = key(OFFICER_FAR, "before-30", "2027-04-03")
        await reminders.dispatch(app)
        assert await status(app, notification) == "failed"
        assert any("chat not found" in r.lower() for r in await reasons(app, notification))
        clock.now = utc("2027-04-03T00:30")
        await reminders.dispatch(app)
        assert reminders_to(fake_api, OFFICER_FAR) == []
        assert len(fake_api.requests_for("sendMessage")) == 1


class Killed(BaseException):
    """The process dies here (as SIGKILL would: nothing after it runs)."""


async def test_a_crash_between_send_and_record_never_sends_twice(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc(ONLY_FAR_DUE))
    await prepare(tmp_settings, fake_api, clock)
    runner = running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False)
    app = await runner.start()
    store: Store = app.bot_data.services.store

    async def killed(*args: Any, **kwargs: Any) -> None:
        raise Killed

    store.finish_notification = killed  # type: ignore[method-assign]
    with pytest.raises(Killed):
        await reminders.dispatch(app)
    assert len(reminders_to(fake_api, OFFICER_FAR)) == 1  # sent, never recorded
    notification = key(OFFICER_FAR, "before-30", "2027-04-03")
    assert await status(app, notification) == "claimed"

    for minutes in ("23:35", "23:45", "23:59"):  # restarts, before and after a stale claim
        clock.now = utc(f"2027-04-02T{minutes}")
        app = await runner.restart()
        await reminders.dispatch(app)
    assert len(reminders_to(fake_api, OFFICER_FAR)) == 1  # at most once
    assert await status(app, notification) == "failed"
    assert any("unconfirmed" in r for r in await reasons(app, notification))
    await runner.stop()


def test_retries_stay_inside_the_24_hour_window() -> None:
    from bot import delivery_faults

    due = utc("2027-04-02T23:00")
    deadline = due + reminders.CATCH_UP
    assert delivery_faults.retry_at(1, due, deadline) == utc("2027-04-02T23:05")
    assert delivery_faults.retry_at(3, due, deadline) == utc("2027-04-02T23:20")
    assert delivery_faults.backoff(20) == delivery_faults.MAX_BACKOFF
    assert delivery_faults.retry_at(1, utc("2027-04-03T22:56"), deadline) is None


async def test_a_failing_claim_stops_nobody_else(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(utc(MONDAY))
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        store: Store = app.bot_data.services.store
        real = store.claim_notification

        async def flaky(notice: Notice, *args: Any, **kwargs: Any) -> bool:
            if notice.key.startswith(f"remind:{OFFICER}:"):
                raise RuntimeError("database is locked")
            return await real(notice, *args, **kwargs)

        store.claim_notification = flaky  # type: ignore[method-assign]
        await reminders.dispatch(app)
        assert reminders_to(fake_api, OFFICER) == []  # not claimed: not sent
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
        store.claim_notification = real  # type: ignore[method-assign]
        await reminders.dispatch(app)  # the next run sends it
        assert len(reminders_to(fake_api, OFFICER)) == 1


def test_faults_are_classified() -> None:
    import httpx
    from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

    from bot.delivery_faults import classify

    def caused(exc: BaseException, cause: BaseException) -> BaseException:
        exc.__cause__ = cause
        return exc

    assert classify(RetryAfter(3)) == "transient"
    assert classify(NetworkError("Bad Gateway")) == "transient"
    assert classify(NetworkError("Internal Server Error (500)")) == "transient"
    assert classify(caused(TimedOut(), httpx.ConnectTimeout("x"))) == "transient"
    assert classify(TimedOut("Pool timeout: All connections … not sent")) == "transient"
    assert classify(caused(TimedOut(), httpx.ReadTimeout("x"))) == "unconfirmed"
    assert classify(Forbidden("Forbidden: bot was blocked by the user")) == "permanent"
    assert classify(Forbidden("Forbidden: user is deactivated")) == "permanent"
    assert classify(BadRequest("Chat not found")) == "permanent"


async def test_a_reminder_whose_connection_is_cut_after_sending_is_never_sent_again(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """Telegram took the message, then the connection dropped before its answer: it may have
    arrived, so it is recorded as failed and neither resent at once nor by a later run (the
    broadcaster resent every network error at once: the officer got it twice)."""
    clock = Clock(utc(ONLY_FAR_DUE))
    await prepare(tmp_settings, fake_api, clock)
    fake_api.cut_after("sendMessage")
    async with running_bot(tmp_settings, clock=clock, build=build, startup_dispatch=False) as app:
        notification = key(OFFICER_FAR, "before-30", "2027-04-03")
        stats = await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1  # delivered, unanswered
        assert (stats["failed"], stats["retrying"]) == (1, 0)
        assert await status(app, notification) == "failed"
        for later in ("2027-04-02T23:40", "2027-04-03T06:00"):
            clock.now = utc(later)
            await reminders.dispatch(app)
        assert len(reminders_to(fake_api, OFFICER_FAR)) == 1
