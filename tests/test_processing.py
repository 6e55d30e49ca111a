"""The update processor: in order for each user, concurrent across users, bounded, tidy."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Chat, Message, Update, User

from bot.processing import Lane, PerUserUpdateProcessor, ordering_key


def _update(update_id: int, user_id: int) -> Update:
    user = User(id=user_id, first_name="U", is_bot=False)
    chat = Chat(id=user_id, type="private")
    message = Message(
        message_id=update_id,
        date=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
        chat=chat,
        from_user=user,
        text="x",
    )
    return Update(update_id=update_id, message=message)


def test_ordering_key_prefers_the_user() -> None:
    assert ordering_key(_update(1, 42)) == 42
    assert ordering_key("not an update") is None


async def test_each_users_updates_run_in_order_while_users_interleave() -> None:
    processor = PerUserUpdateProcessor(8)
    await processor.initialize()
    done: dict[int, list[int]] = {1: [], 2: [], 3: []}
    rng = random.Random(7)
    running = 0
    most = 0

    async def work(user_id: int, n: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(rng.random() / 200)
        done[user_id].append(n)
        running -= 1

    tasks = []
    for n in range(60):
        user_id = 1 + n % 3
        update = _update(n, user_id)
        # PTB starts one task per update, in arrival order, through process_update.
        tasks.append(asyncio.create_task(processor.process_update(update, work(user_id, n))))
    await asyncio.gather(*tasks)
    for user_id, seen in done.items():
        assert seen == sorted(seen) and len(seen) == 20, user_id
    assert most > 1  # different users really ran at the same time
    assert most <= 3  # ...but never two updates of one user
    assert processor.queued_users == 0  # idle users' locks are dropped
    await processor.shutdown()


async def test_work_is_bounded_and_a_busy_user_does_not_block_others() -> None:
    processor = PerUserUpdateProcessor(2)
    await processor.initialize()
    release = asyncio.Event()
    running = 0
    most = 0

    async def slow() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        running -= 1

    busy = [asyncio.create_task(processor.process_update(_update(n, 1), slow())) for n in range(50)]
    others = [
        asyncio.create_task(processor.process_update(_update(100 + n, 2 + n), slow()))
        for n in range(3)
    ]
    await asyncio.sleep(0.05)
    # User 1's backlog waits for its turn without holding working slots: one of user 1's
    # updates runs, plus one other user's; the bound of 2 holds.
    assert running == 2 == most
    finished = asyncio.Event()

    async def quick() -> None:
        finished.set()

    release.set()
    await asyncio.gather(*busy, *others)
    await processor.process_update(_update(999, 77), quick())
    assert finished.is_set()
    assert most == 2
    assert processor.queued_users == 0


async def test_a_failing_update_does_not_stall_the_users_queue() -> None:
    processor = PerUserUpdateProcessor(4)
    await processor.initialize()
    order: list[str] = []

    async def boom() -> None:
        order.append("boom")
        raise RuntimeError("handler bug")

    async def fine() -> None:
        order.append("fine")

    first = asyncio.create_task(processor.process_update(_update(1, 5), boom()))
    second = asyncio.create_task(processor.process_update(_update(2, 5), fine()))
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert order == ["boom", "fine"]
    assert processor.queued_users == 0


# -- lanes (admission control) -------------------------------------------------------------

SURVEY_USERS = 1000
"""In these tests, users from this id on are the lane's (as respondents are the survey's)."""


class Refusals:
    """A lane's `refuse`: records what was refused and why."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str]] = []

    async def __call__(self, update: object, why: str) -> None:
        assert isinstance(update, Update)
        self.seen.append((update.update_id, why))


def _lane(refusals: Refusals, **bounds: Any) -> Lane:
    def admits(update: object) -> bool:
        return isinstance(update, Update) and (ordering_key(update) or 0) >= SURVEY_USERS

    return Lane("survey", admits, refusals, **bounds)


class Gated:
    """A processor with `lane`, whose survey updates wait at a gate the test opens."""

    def __init__(self, lane: Lane) -> None:
        self.processor = PerUserUpdateProcessor(4, lanes=[lane])
        self.release = asyncio.Event()
        self.handled: list[int] = []

    async def survey(self, n: int) -> None:
        await self.release.wait()
        self.handled.append(n)

    def start(self, n: int, user: int) -> asyncio.Task[None]:
        return asyncio.create_task(self.processor.process_update(_update(n, user), self.survey(n)))


async def test_a_lanes_backlog_waits_in_its_own_slots_while_others_pass() -> None:
    refusals = Refusals()
    lane = _lane(refusals, workers=2, backlog=10, per_second=0)
    processor = PerUserUpdateProcessor(2, lanes=[lane])
    await processor.initialize()
    release = asyncio.Event()
    order: list[str] = []

    async def survey(n: int) -> None:
        await release.wait()
        order.append(f"survey {n}")

    async def officer() -> None:
        order.append("officer")

    queued = [
        asyncio.create_task(processor.process_update(_update(n, SURVEY_USERS + n), survey(n)))
        for n in range(6)
    ]
    await asyncio.sleep(0)
    assert (lane.admitted, lane.running, lane.waiting) == (6, 2, 4)
    # The officer's update comes after six survey updates and is handled before any of them:
    # the lane's slots are taken, the common ones are free.
    await processor.process_update(_update(100, 7), officer())
    assert order == ["officer"]
    release.set()
    await asyncio.gather(*queued)
    assert sorted(order[1:]) == [f"survey {n}" for n in range(6)]
    assert lane.admitted == lane.running == 0 and refusals.seen == []
    assert processor.queued_users == 0


async def test_beyond_the_backlog_an_update_is_refused_busy_and_never_handled() -> None:
    refusals = Refusals()
    lane = _lane(refusals, workers=1, backlog=3, per_second=0)
    gated = Gated(lane)
    await gated.processor.initialize()
    tasks = [gated.start(n, SURVEY_USERS + n) for n in range(5)]
    await asyncio.sleep(0)
    await asyncio.gather(*tasks[3:])  # refused at once, without waiting for the backlog
    assert refusals.seen == [(3, "busy"), (4, "busy")]
    assert lane.refused == {"busy": 2, "rate": 0}
    gated.release.set()
    await asyncio.gather(*tasks[:3])
    assert gated.handled == [0, 1, 2]  # the refused ones never ran (and were closed, not leaked)
    # The backlog drained: the next update is admitted again.
    await gated.start(9, SURVEY_USERS + 9)
    assert gated.handled[-1] == 9 and len(refusals.seen) == 2


async def test_a_too_fast_user_is_refused_without_being_handled() -> None:
    refusals = Refusals()
    now = [100.0]
    lane = _lane(refusals, workers=2, backlog=50, per_second=3, clock=lambda: now[0])
    processor = PerUserUpdateProcessor(4, lanes=[lane])
    await processor.initialize()
    handled: list[int] = []

    async def survey(n: int) -> None:
        handled.append(n)

    user = SURVEY_USERS + 1
    for n in range(5):
        await processor.process_update(_update(n, user), survey(n))
    # Another person is not limited by the first one's presses.
    await processor.process_update(_update(5, SURVEY_USERS + 2), survey(5))
    assert handled == [0, 1, 2, 5]
    # Both were refused; only the first is answered: one answer a person a second.
    assert lane.refused["rate"] == 2 and lane.unanswered == 1
    assert refusals.seen == [(3, "rate")]
    now[0] += 0.5  # still within the second of the first three
    await processor.process_update(_update(6, user), survey(6))
    assert lane.refused["rate"] == 3 and lane.unanswered == 2
    now[0] += 0.6  # a second after them: admitted again
    await processor.process_update(_update(7, user), survey(7))
    assert handled == [0, 1, 2, 5, 7] and refusals.seen == [(3, "rate")]
    now[0] += 0.2
    for n in range(8, 11):
        await processor.process_update(_update(n, user), survey(n))
    assert handled[-2:] == [8, 9] and refusals.seen == [(3, "rate"), (10, "rate")]


async def test_a_busy_refusal_does_not_count_towards_the_rate() -> None:
    """Only admitted updates count: someone refused "busy" three times within a second is
    admitted once the backlog drains, not refused again as "too fast"."""
    refusals = Refusals()
    lane = _lane(refusals, workers=1, backlog=1, per_second=3, clock=lambda: 100.0)
    gated = Gated(lane)
    await gated.processor.initialize()
    first = gated.start(0, SURVEY_USERS)
    await asyncio.sleep(0)
    user = SURVEY_USERS + 1
    for n in range(1, 4):
        await gated.start(n, user)
    assert lane.refused == {"busy": 3, "rate": 0} and refusals.seen == [(1, "busy")]
    gated.release.set()
    await first
    await gated.start(4, user)
    assert gated.handled == [0, 4] and lane.refused == {"busy": 3, "rate": 0}


async def test_refusals_answered_at_once_are_bounded_the_rest_dropped() -> None:
    """A flood beyond the backlog does not turn into a flood of answers (each one a Bot API
    request from the bot's shared budget): at most `replies` are in flight, the rest dropped."""
    answering = asyncio.Event()
    answered: list[int] = []

    async def slow_refusal(update: object, why: str) -> None:
        assert isinstance(update, Update)
        await answering.wait()
        answered.append(update.update_id)

    def admits(update: object) -> bool:
        return True

    lane = Lane("survey", admits, slow_refusal, workers=1, backlog=1, per_second=0, replies=2)
    processor = PerUserUpdateProcessor(4, lanes=[lane])
    await processor.initialize()
    release = asyncio.Event()
    first = asyncio.create_task(processor.process_update(_update(0, 1), release.wait()))
    await asyncio.sleep(0)
    flood = [
        asyncio.create_task(processor.process_update(_update(n, 100 + n), release.wait()))
        for n in range(1, 11)
    ]
    await asyncio.sleep(0)
    assert lane.refused["busy"] == 10
    assert (lane.replying, lane.unanswered) == (2, 8)
    answering.set()
    await asyncio.gather(*flood)
    assert sorted(answered) == [1, 2] and lane.replying == 0
    # Answers in flight done: the next refused update is answered again.
    await processor.process_update(_update(11, 111), release.wait())
    assert answered[-1] == 11 and lane.unanswered == 8
    release.set()
    await first


async def _full(
    refuse: Any,
) -> tuple[Lane, PerUserUpdateProcessor, asyncio.Event, asyncio.Task[None]]:
    """A lane of one slot and a backlog of one, taken by an update that waits for the
    returned event: the next update is refused "busy" by `refuse`."""
    lane = Lane("survey", lambda update: True, refuse, workers=1, backlog=1, per_second=0)
    processor = PerUserUpdateProcessor(2, lanes=[lane])
    await processor.initialize()
    release = asyncio.Event()
    first = asyncio.create_task(processor.process_update(_update(1, 1), release.wait()))
    await asyncio.sleep(0)
    return lane, processor, release, first


async def test_a_refusal_that_fails_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    async def broken(update: object, why: str) -> None:
        raise RuntimeError("network down")

    lane, processor, release, first = await _full(broken)

    async def never() -> None:
        raise AssertionError("a refused update must not run")

    with caplog.at_level(logging.WARNING, logger="bot.processing"):
        await processor.process_update(_update(2, 2), never())  # refused: no exception
    assert lane.refused["busy"] == 1
    assert [r.getMessage() for r in caplog.records] == [
        "could not refuse an update of lane survey (busy)"
    ]
    assert lane.replying == 0  # a failed answer frees its place
    release.set()
    await first


async def test_a_refusal_cancelled_while_answering_frees_its_place() -> None:
    """Shutdown cancels an answer in flight: the lane's count of answers being sent goes
    back down, so the lane does not stop answering refusals."""
    stuck = asyncio.Event()

    async def hanging(update: object, why: str) -> None:
        await stuck.wait()

    lane, processor, release, first = await _full(hanging)
    refusing = asyncio.create_task(processor.process_update(_update(2, 2), release.wait()))
    await asyncio.sleep(0)
    assert lane.replying == 1
    refusing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await refusing
    assert lane.replying == 0
    release.set()
    await first
