"""The rate-limited broadcaster: limits, flood control (429), blocked users, bad requests."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot
from telegram.ext import ExtBot

from bot.app import DEFAULTS
from bot.broadcast import Broadcaster, Delivery, PhotoPart, RateLimiter, Rates, Result, TextPart
from tests.fakebot import FakeBotAPI

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class FakeTime:
    """A monotonic clock that only moves when someone sleeps: no real waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)


@pytest.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with ExtBot(
        fake_api.token,
        base_url=fake_api.base_url,
        base_file_url=fake_api.file_url,
        defaults=DEFAULTS,  # as the application's bot: HTML without saying so at each call
    ) as the_bot:
        yield the_bot


def texts_in(server: FakeBotAPI, chat_id: int) -> list[str | None]:
    return [m.text for m in server.sent_messages(chat_id)]


# -- the limiter alone --------------------------------------------------------------------


async def test_overall_rate_spaces_slots() -> None:
    time = FakeTime()
    limiter = RateLimiter(Rates(overall_per_second=20, per_chat_interval=0), time.clock, time.sleep)
    slots = [await limiter.acquire(chat) for chat in range(1, 41)]
    # 40 messages at 20/s: the last one 1.95 s after the first, evenly spaced.
    assert slots[-1] - slots[0] == pytest.approx(39 / 20)
    assert {round(b - a, 9) for a, b in itertools.pairwise(slots)} == {0.05}
    assert time.now == pytest.approx(slots[-1])


async def test_one_message_per_second_into_one_chat() -> None:
    time = FakeTime()
    limiter = RateLimiter(Rates(overall_per_second=1000), time.clock, time.sleep)
    first = await limiter.acquire(5)
    other = await limiter.acquire(6)
    second = await limiter.acquire(5)
    assert second - first == pytest.approx(1.0)
    assert other - first == pytest.approx(0.001)  # another chat is not held up


async def test_twenty_per_minute_into_a_group() -> None:
    time = FakeTime()
    limiter = RateLimiter(
        Rates(overall_per_second=1000, per_chat_interval=0), time.clock, time.sleep
    )
    slots = [await limiter.acquire(-100) for _ in range(41)]
    assert slots[19] - slots[0] < 1
    assert slots[20] - slots[0] == pytest.approx(60.0)  # the 21st waits for the first to age
    assert slots[40] - slots[0] == pytest.approx(120.0)
    for i in range(len(slots) - 20):
        assert slots[i + 20] - slots[i] >= 60.0 - 1e-9


async def test_pause_holds_everyone_back() -> None:
    time = FakeTime()
    limiter = RateLimiter(Rates(per_chat_interval=0), time.clock, time.sleep)
    limiter.pause(3.0)
    await limiter.acquire(1)
    assert time.now >= 1003.0


# -- against the fake Bot API ---------------------------------------------------------------


async def test_sends_every_part_in_order(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(11)
    time = FakeTime()
    sender = Broadcaster(bot, Rates(), clock=time.clock, sleep=time.sleep)
    result = await sender.send(
        Delivery(11, (TextPart("<b>one</b>"), TextPart("two"), PhotoPart(PNG, "chart")))
    )
    assert result.outcome == "sent" and result.sent_parts == 3
    assert texts_in(fake_api, 11)[:2] == ["one", "two"]
    assert fake_api.sent_messages(11)[2].caption == "chart"
    # One message a second into one chat: two waits of about a second, and no real waiting.
    assert sum(time.sleeps) == pytest.approx(2.0, abs=0.01)


async def test_retry_after_is_honoured_and_the_message_arrives_exactly_once(
    fake_api: FakeBotAPI, bot: Bot
) -> None:
    for uid in (21, 22, 23):
        fake_api.user(uid)
    fake_api.fail_next("sendMessage", 429, retry_after=1, count=2)
    time = FakeTime()
    sender = Broadcaster(
        bot, Rates(per_chat_interval=0, workers=1), clock=time.clock, sleep=time.sleep
    )
    results = await sender.send_all(
        [Delivery(uid, (TextPart(f"hello {uid}"),), tag=str(uid)) for uid in (21, 22, 23)]
    )
    assert [r.outcome for r in results] == ["sent", "sent", "sent"]
    for uid in (21, 22, 23):
        assert texts_in(fake_api, uid) == [f"hello {uid}"]
    assert fake_api.status_counts.get(429) == 2
    # The sender waited out retry_after (1 s) each time before resending.
    assert sum(s for s in time.sleeps if s >= 0.9) >= 2.0


async def test_blocked_user_and_bad_chat(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.user(31)
    fake_api.user(32)
    fake_api.block(31)
    time = FakeTime()
    sender = Broadcaster(bot, Rates(per_chat_interval=0), clock=time.clock, sleep=time.sleep)
    results = await sender.send_all(
        [
            Delivery(31, (TextPart("a"), TextPart("b"))),
            Delivery(999_999, (TextPart("nobody"),)),  # chat not found: 400
            Delivery(32, (TextPart("fine"),)),
        ]
    )
    assert [r.outcome for r in results] == ["blocked", "failed", "sent"]
    assert results[0].sent_parts == 0
    assert len(fake_api.requests_for("sendMessage")) == 3  # the blocked chat was tried once


async def test_before_and_after_hooks_claim_and_record(fake_api: FakeBotAPI, bot: Bot) -> None:
    for uid in (41, 42):
        fake_api.user(uid)
    claimed: list[str] = []
    finished: list[tuple[str, str]] = []

    async def before(delivery: Delivery) -> bool:
        claimed.append(delivery.tag)
        return delivery.tag != "taken"

    async def after(result: Result) -> None:
        finished.append((result.delivery.tag, result.outcome))

    time = FakeTime()
    sender = Broadcaster(bot, Rates(per_chat_interval=0), clock=time.clock, sleep=time.sleep)
    results = await sender.send_all(
        [Delivery(41, (TextPart("x"),), "mine"), Delivery(42, (TextPart("y"),), "taken")],
        before=before,
        after=after,
    )
    assert [r.outcome for r in results] == ["sent", "skipped"]
    assert sorted(claimed) == ["mine", "taken"]
    assert finished == [("mine", "sent")]
    assert texts_in(fake_api, 42) == []


async def test_stays_under_an_enforced_rate_without_429s(fake_api: FakeBotAPI, bot: Bot) -> None:
    # Real time here (the server's buckets use it), but few messages: about two seconds.
    users = list(range(100, 160))
    for uid in users:
        fake_api.user(uid)
    fake_api.enforce_rate(global_per_second=30)
    sender = Broadcaster(bot, Rates(overall_per_second=29, per_chat_interval=0))
    results = await sender.send_all([Delivery(u, (TextPart(f"m{u}"),)) for u in users])
    assert all(r.outcome == "sent" for r in results)
    assert fake_api.rate_limited == 0
    assert sorted(len(texts_in(fake_api, u)) for u in users) == [1] * len(users)


async def test_too_fast_sender_recovers_from_429s_without_losing_or_duplicating(
    fake_api: FakeBotAPI, bot: Bot
) -> None:
    users = list(range(200, 215))
    for uid in users:
        fake_api.user(uid)
    fake_api.enforce_rate(global_per_second=10, burst=5)
    # Deliberately faster than the server allows: the 429s must be absorbed.
    time_spent: list[Any] = []
    sender = Broadcaster(bot, Rates(overall_per_second=1000, per_chat_interval=0, max_retries=10))
    results = await sender.send_all([Delivery(u, (TextPart(f"m{u}"),)) for u in users])
    time_spent.append(fake_api.rate_limited)
    assert fake_api.rate_limited > 0
    assert all(r.outcome == "sent" for r in results)
    assert [texts_in(fake_api, u) for u in users] == [[f"m{u}"] for u in users]


async def test_unspaced_reply_goes_out_back_to_back_but_still_spaces_the_next(
    fake_api: FakeBotAPI, bot: Bot
) -> None:
    fake_api.user(51)
    time = FakeTime()
    sender = Broadcaster(bot, Rates(overall_per_second=1000), clock=time.clock, sleep=time.sleep)
    reply = Delivery(51, (TextPart("a"), TextPart("b"), TextPart("c")), spaced=False)
    assert (await sender.send(reply)).outcome == "sent"
    assert sum(time.sleeps) < 0.01  # no per-chat second between the parts
    await sender.send(Delivery(51, (TextPart("d"),)))
    assert sum(time.sleeps) == pytest.approx(1.0, abs=0.01)  # a spaced one waits its second
    assert texts_in(fake_api, 51) == ["a", "b", "c", "d"]
