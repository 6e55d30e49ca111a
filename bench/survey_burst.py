"""Benchmark: does a burst of citizens answering a unit's survey slow officers' presses?

`python -m bench.survey_burst [--respondents 1000] [--officers 10] [--presses 40]`

A survey link shared on social media can bring a thousand respondents at once. This runs,
over one Store (one connection, one lock, as in the bot), `--officers` officers pressing
answers (the store calls of an answer press: person, selfcheck_press,
record_answer_and_states) first alone, then while `--respondents` strangers each answer the
whole survey through `SurveyService` (open, 22 presses; every call of a respondent's
press); the officers keep pressing until the last respondent is done.
It prints the officers' press latency in both phases, the survey's responses per second, and
checks that every respondent was counted once. The Telegram side (HTTP, PTB) is not in it:
`bench.updates` measures that.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench._harness import pythonpath

pythonpath()

import rubric  # noqa: E402
from bench import _seed  # noqa: E402
from bench._common import machine, percentile, table  # noqa: E402
from bot.store import Person, SelfCheck, Store  # noqa: E402
from bot.survey import Ask, Done, SurveyService  # noqa: E402


async def officer(
    store: Store, the_rubric: rubric.Rubric, person: Person, selfcheck: SelfCheck,
    keys: list[str], presses: int, first_id: int, until: asyncio.Future[object] | None = None,
) -> list[float]:  # fmt: skip
    """One officer's answer presses one after another (at least `presses`, and on until
    `until` is done); each press's latency in seconds."""
    latencies: list[float] = []
    n = -1
    while (n := n + 1) < presses or (until is not None and not until.done()):
        key = keys[n % len(keys)]
        item = the_rubric.item(key.partition("@")[0])
        assert item is not None
        started = time.perf_counter()
        await store.person(person.telegram_id)
        press = await store.selfcheck_press(person, selfcheck.id)
        assert press.current
        await store.record_answer_and_states(
            person, selfcheck.id, key, item.options[0].id, update_id=first_id + n,
            remember="next", message_id=1,
        )  # fmt: skip
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0)  # an officer's next press comes after a render and a reply
    return latencies


async def respondent(service: SurveyService, user_id: int, code: str) -> bool:
    """One stranger answers the whole survey (the first option, profile skipped)."""
    outcome = await service.open(user_id, code, "id")
    while isinstance(outcome, Ask):
        asked, draft = outcome.question, outcome.draft
        option = 0 if asked.skippable else 1
        outcome = await service.answer(user_id, draft.token, draft.step, option, 1)
    return isinstance(outcome, Done) and outcome.counted


async def officers_phase(store, the_rubric, work, presses, first_id, until=None):  # type: ignore[no-untyped-def]
    runs = await asyncio.gather(
        *(
            officer(
                store, the_rubric, person, selfcheck, keys, presses, first_id + i * 10**6, until
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

            quiet = await officers_phase(store, the_rubric, work, args.presses, 1_000_000)
            started = time.perf_counter()
            burst_task = asyncio.gather(
                *(respondent(service, 7_000_000_000 + i, code) for i in range(args.respondents))
            )
            busy = await officers_phase(
                store, the_rubric, work, args.presses, 100_000_000, burst_task
            )
            counted = await burst_task
            elapsed = time.perf_counter() - started
            results = await service.results(world.officers[0].unit_id)
        finally:
            await store.close()
    assert all(counted) and results.responses == args.respondents, (
        sum(counted),
        results.responses,
    )
    rows = [
        ("officers alone", len(quiet), *_ms(quiet)),
        (f"during {args.respondents} respondents", len(busy), *_ms(busy)),
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
    print(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
