"""Benchmark: does a burst of citizens answering a unit's survey slow officers' presses?

`python -m bench.survey_burst [--respondents 1000] [--officers 10] [--presses 40]
[--retry 1.0] [--think 0] [--workers 4] [--per-second 3] [--no-lane]`

A survey link shared on social media can bring a thousand respondents at once. This runs,
over one Store (one connection, one lock, as in the bot), `--officers` officers pressing
answers (the store calls of an answer press: person, selfcheck_press,
record_answer) first alone, then while `--respondents` strangers each answer the
whole survey through `SurveyService` (open, 22 presses; every call of a respondent's
press); the officers keep pressing until the last respondent is done.

Every press goes through the bot's update processor as a Telegram update (the officers' as
a message, the respondents' as a survey button press or `/start s-` link), with the survey's
lane as the bot builds it from the default settings (bot/processing.py): 4 slots of its own,
a backlog of 100, 3 presses a person a second. A press the lane refuses ("busy", "too fast")
is pressed again `--retry` seconds later, as a person would. `--think S`: respondents at a
person's pace (each question read for S x U(0.5, 1.5) s) instead of flat out. `--no-lane`:
the processor without lanes, as the bot was before it (every update in the 32 common slots).
It prints the officers' press latency in the three phases (alone, during, alone again: the
officers' own answer history grows while they press through the burst), the survey's
responses per second, the refusals, and checks that every respondent was counted once.
The Telegram side (HTTP, PTB's polling) is not in it: `bench.updates` measures that.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._harness import pythonpath

pythonpath()

from telegram import CallbackQuery, Chat, Message, Update, User  # noqa: E402

import rubric  # noqa: E402
from bench import _seed  # noqa: E402
from bench._common import machine, percentile, table  # noqa: E402
from bot.processing import Lane, PerUserUpdateProcessor, Refusal  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import KeyWrite, Person, SelfCheck, Store  # noqa: E402
from bot.survey import Ask, Done, Outcome, SurveyService  # noqa: E402
from conversations import survey as survey_chat  # noqa: E402

MOMENT = datetime(2026, 12, 6, tzinfo=UTC)


class Processor:
    """The bot's update processor, fed Telegram updates by hand: `submit(update, work)`
    handles `work()` as the update's handling, and returns its result, or the refusal."""

    def __init__(
        self, lane: bool, retry: float, per_second: int | None = None, workers: int | None = None
    ) -> None:
        settings = Settings(_env_file=None)  # the defaults, as deployed
        self.lane = (
            Lane(
                "survey",
                survey_chat.in_lane,
                self._refused,
                workers=settings.survey_workers if workers is None else workers,
                backlog=settings.survey_backlog,
                per_second=settings.survey_presses_per_second if per_second is None else per_second,
            )
            if lane
            else None
        )
        self.processor = PerUserUpdateProcessor(lanes=[self.lane] if self.lane else [])
        self.retry = retry
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def _refused(self, update: object, why: Refusal) -> None:
        assert isinstance(update, Update)
        self._waiting.pop(update.update_id).set_result(why)

    def update_id(self) -> int:
        return next(self._ids)

    async def submit(self, update: Update, work: Callable[[], Awaitable[Any]]) -> Any:
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[update.update_id] = done

        async def handle() -> None:
            self._waiting.pop(update.update_id, None)
            done.set_result(await work())

        def ended(task: asyncio.Task[None]) -> None:
            self._tasks.discard(task)
            self._waiting.pop(update.update_id, None)
            if done.done():
                return
            failed = None if task.cancelled() else task.exception()
            if failed is not None:  # the work raised: say so rather than wait forever
                done.set_exception(failed)
            else:
                done.set_result("dropped")  # refused, not answered: the lane's replies ran out

        task = asyncio.create_task(self.processor.process_update(update, handle()))
        self._tasks.add(task)
        task.add_done_callback(ended)
        return await done

    async def until_admitted(
        self, make: Callable[[], Update], work: Callable[[], Awaitable[Any]]
    ) -> Any:
        """Press until the lane admits it (a refused press is pressed again `retry` later)."""
        while True:
            result = await self.submit(make(), work)
            if result not in ("busy", "rate", "dropped"):
                return result
            await asyncio.sleep(self.retry)


def _user(user_id: int) -> User:
    return User(id=user_id, first_name="U", is_bot=False)


def message(update_id: int, user_id: int, text: str) -> Update:
    chat = Chat(id=user_id, type="private")
    sent = Message(
        message_id=update_id, date=MOMENT, chat=chat, from_user=_user(user_id), text=text
    )
    return Update(update_id=update_id, message=sent)


def press(update_id: int, user_id: int, data: str) -> Update:
    query = CallbackQuery(str(update_id), _user(user_id), chat_instance="bench", data=data)
    return Update(update_id=update_id, callback_query=query)


async def officer(
    bot: Processor, store: Store, the_rubric: rubric.Rubric, person: Person,
    selfcheck: SelfCheck, keys: list[str], presses: int, first_id: int,
    until: asyncio.Future[object] | None = None,
) -> list[float]:  # fmt: skip
    """One officer's answer presses one after another (at least `presses`, and on until
    `until` is done), each an update through the processor; each press's latency in
    seconds, from its arrival to the end of its store work."""
    latencies: list[float] = []
    n = -1
    while (n := n + 1) < presses or (until is not None and not until.done()):
        key = keys[n % len(keys)]
        item = the_rubric.item(key.partition("@")[0])
        assert item is not None

        async def work(key: str = key, option: str = item.options[0].id, n: int = n) -> None:
            await store.person(person.telegram_id)
            found = await store.selfcheck_press(person, selfcheck.id)
            assert found.current
            write = KeyWrite(person, selfcheck.id, key, update_id=first_id + n)
            await store.record_answer(write, option, remember="next", message_id=1)

        started = time.perf_counter()
        await bot.submit(message(bot.update_id(), person.telegram_id, "press"), work)
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0)  # an officer's next press comes after a render and a reply
    return latencies


async def respondent(
    bot: Processor, service: SurveyService, user_id: int, code: str, think: float = 0.0
) -> bool:
    """One stranger answers the whole survey (the first option, profile skipped), each press
    an update through the processor, pressed again when the lane refuses it; with `think`,
    reading each question for think x U(0.5, 1.5) seconds first (0: flat out)."""
    pace = random.Random(user_id)
    outcome: Outcome = await bot.until_admitted(
        lambda: message(bot.update_id(), user_id, f"/start s-{code}"),
        lambda: service.open(user_id, code, "id"),
    )
    while isinstance(outcome, Ask):
        if think:
            await asyncio.sleep(think * pace.uniform(0.5, 1.5))
        draft = outcome.draft
        option = 0 if outcome.question.skippable else 1
        data = f"v1:sv:{draft.token}:{draft.step}:{option}"
        outcome = await bot.until_admitted(
            lambda data=data: press(bot.update_id(), user_id, data),  # type: ignore[misc]
            lambda draft=draft, option=option: service.answer(  # type: ignore[misc]
                user_id, draft.token, draft.step, option, 1
            ),
        )
    return isinstance(outcome, Done) and outcome.counted


async def officers_phase(bot, store, the_rubric, work, presses, first_id, until=None):  # type: ignore[no-untyped-def]
    runs = await asyncio.gather(
        *(
            officer(
                bot,
                store,
                the_rubric,
                person,
                selfcheck,
                keys,
                presses,
                first_id + i * 10**6,
                until,
            )
            for i, (person, selfcheck, keys) in enumerate(work)
        )
    )
    return [latency for run in runs for latency in run]


async def run(args: argparse.Namespace) -> str:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        path = Path(tmp) / "survey.db"
        world = await _seed.seed_units_and_officers(path, units=max(args.officers, 1), now=now)
        store = await Store.open(path, clock=lambda: now)
        try:
            the_rubric = rubric.load_builtin(_seed.RUBRIC)
            work = []
            for o in world.officers[: args.officers]:
                assert o.person is not None
                selfcheck = await store.current_selfcheck(o.person)
                assert selfcheck is not None
                work.append((o.person, selfcheck, _seed.checklist(the_rubric, o.products)))
            service = SurveyService(store, b"bench")
            service.rate.events = 10_000
            code = await store.survey_code(world.officers[0].unit_id)
            bot = Processor(
                lane=not args.no_lane,
                retry=args.retry,
                per_second=args.per_second,
                workers=args.workers,
            )
            await bot.processor.initialize()

            quiet = await officers_phase(bot, store, the_rubric, work, args.presses, 1_000_000)
            started = time.perf_counter()
            burst_task = asyncio.gather(
                *(
                    respondent(bot, service, 7_000_000_000 + i, code, args.think)
                    for i in range(args.respondents)
                )
            )
            busy = await officers_phase(
                bot, store, the_rubric, work, args.presses, 100_000_000, burst_task
            )
            counted = await burst_task
            elapsed = time.perf_counter() - started
            # Officers alone again: their own answer history grew during the burst (every
            # press appends a row), so this row tells that cost from the burst's.
            after = await officers_phase(bot, store, the_rubric, work, args.presses, 200_000_000)
            results = await service.results(world.officers[0].unit_id)
        finally:
            await store.close()
    assert all(counted) and results.responses == args.respondents, (
        sum(counted),
        results.responses,
    )
    refused = bot.lane.refused if bot.lane is not None else {"busy": 0, "rate": 0}
    lane = (
        "survey lane: none (--no-lane: every update in the 32 common slots)"
        if bot.lane is None
        else f"survey lane: {bot.lane.workers} slots, backlog {bot.lane.backlog}, "
        f"{bot.lane.per_second}/s a person; refused {refused['busy']} busy, "
        f"{refused['rate']} too fast, {bot.lane.unanswered} of them unanswered (pressed again "
        f"after {args.retry:g} s)"
    )
    rows = [
        ("officers alone", len(quiet), *_ms(quiet)),
        (f"during {args.respondents} respondents", len(busy), *_ms(busy)),
        ("officers alone, after the burst", len(after), *_ms(after)),
    ]
    return "\n".join(
        [
            machine(),
            "",
            table(["officers' answer press", "presses", "p50 ms", "p95 ms", "max ms"], rows),
            "",
            f"survey: {args.respondents} responses counted in {elapsed:.2f} s "
            f"({args.respondents / elapsed:.1f} responses/s, "
            f"{args.respondents * 22 / elapsed:.0f} survey presses/s)",
            lane,
        ]
    )


def _ms(values: list[float]) -> tuple[float, float, float]:
    return (
        percentile(values, 50) * 1000,
        percentile(values, 95) * 1000,
        max(values) * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--officers", type=int, default=10)
    parser.add_argument("--presses", type=int, default=40, help="answer presses per officer")
    parser.add_argument(
        "--retry", type=float, default=1.0, help="seconds before a refused press is pressed again"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a respondent reads each question (0: flat out, the default)",
    )
    parser.add_argument("--workers", type=int, default=None, help="the lane's slots")
    parser.add_argument(
        "--per-second", type=int, default=None, help="the lane's presses a person a second"
    )
    parser.add_argument(
        "--no-lane", action="store_true", help="the processor without the survey lane (before)"
    )
    print(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
