"""Benchmark 5: answers per second the store sustains (synchronous=FULL, as the bot runs
it), and the database size per 1,000 completed self-checks.

`python -m bench.store_rate [--answers 2000] [--writers 32] [--selfchecks 200]`

- sequential: one officer records `--answers` answers one after another
  (`Store.record_answer` with an update id, as a button press does);
- concurrent: `--writers` officers of different units record answers at the same time
  (`asyncio.gather` over one Store: one connection, one lock, as in the bot);
- the same two with `synchronous=NORMAL` on the store's connection, for comparison only
  (SiapNilai runs FULL: a confirmed answer survives a power cut);
- a press: the store calls one press makes in the bot, sequentially: an answer press
  (press_context, record_answer remembering the chat state) and, after
  a positive answer on an evidence item, the `Nanti` press
  (press_context(states=True), set_chat_state): presses/s the store alone allows.
- size: `--selfchecks` units complete their checklist through the API (every key answered,
  a fifth re-answered, evidence on half of the positive evidence items, each answer with
  its update id); the file growth, checkpointed, scaled to 1,000.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench._harness import pythonpath

pythonpath()

import rubric  # noqa: E402
from bench import _seed  # noqa: E402
from bench._common import machine, table  # noqa: E402
from bot.store import EvidenceFile, KeyWrite, Store  # noqa: E402


async def _prepare(path: Path, units: int, now: datetime):  # type: ignore[no-untyped-def]
    world = await _seed.seed_units_and_officers(path, units=units, now=now)
    store = await Store.open(path, clock=lambda: now)
    the_rubric = rubric.load_builtin(_seed.RUBRIC)
    work = []
    for officer in world.officers:
        assert officer.person is not None
        selfcheck = await store.current_selfcheck(officer.person)
        assert selfcheck is not None
        keys = _seed.checklist(the_rubric, officer.products)
        work.append((officer.person, selfcheck, keys))
    return store, world, the_rubric, work


class Ids:
    def __init__(self) -> None:
        self.next = 10_000

    def __call__(self) -> int:
        self.next += 1
        return self.next


async def answers_per_second(
    store: Store, the_rubric: rubric.Rubric, work: list, total: int, writers: int, ids: Ids
) -> float:
    per_writer = max(1, total // writers)

    async def writer(person, selfcheck, keys) -> None:  # type: ignore[no-untyped-def]
        rng = random.Random(person.telegram_id)
        for n in range(per_writer):
            key = keys[n % len(keys)]
            item = the_rubric.item(key.partition("@")[0])
            assert item is not None
            option = item.options[rng.randrange(len(item.options))]
            await store.record_answer(
                KeyWrite(person, selfcheck.id, key, update_id=ids()), option.id
            )

    started = time.perf_counter()
    await asyncio.gather(*(writer(*work[i]) for i in range(writers)))
    return per_writer * writers / (time.perf_counter() - started)


async def presses_per_second(
    store: Store, the_rubric: rubric.Rubric, work: list, count: int, ids: Ids
) -> float:
    """The store calls of the presses one officer makes in the bot: an answer press is
    `press_context` (the presser and the press in one read, auth.officer_press) and
    `record_answer` remembering what is shown next (bot.selfcheck answer; the
    edit keeps the message id, so no `set_chat_state`). A positive answer on an evidence
    item asks for evidence, and the officer then presses `Nanti`:
    `press_context(states=True)` and `set_chat_state` (bot.selfcheck evidence_done).
    Presses of both kinds count. The last officer's self-check: the sequential run put all
    its answers in the first one's, whose history a real self-check never reaches."""
    person, selfcheck, keys = work[-1]
    message_id = 1
    presses = 0
    started = time.perf_counter()
    for n in range(count):
        key = keys[n % len(keys)]
        item = the_rubric.item(key.partition("@")[0])
        assert item is not None
        option = item.options[0]
        evidence = item.evidence_required and option.value > 0
        found = await store.press_context(person.telegram_id, selfcheck.id)
        assert found.press is not None and found.press.current
        await store.record_answer(
            KeyWrite(person, selfcheck.id, key, update_id=ids()),
            option.id,
            remember="evidence" if evidence else "next",
            message_id=message_id,
        )
        presses += 1
        if evidence:  # Nanti
            found = await store.press_context(person.telegram_id, selfcheck.id, states=True)
            assert found.press is not None and found.press.states is not None
            following = keys[(n + 1) % len(keys)]
            await store.set_chat_state(
                person.telegram_id, selfcheck_id=selfcheck.id, key=following, message_id=message_id
            )
            presses += 1
    return presses / (time.perf_counter() - started)


async def size_per_thousand(path: Path, selfchecks: int, now: datetime) -> tuple[float, float]:
    """(MB before, MB per 1,000 completed self-checks)."""
    store, _, the_rubric, work = await _prepare(path, selfchecks, now)
    await store.close()
    before = path.stat().st_size  # noqa: ASYNC240
    store = await _seed.open_store(path, clock=lambda: now, fast=True)  # size, not speed
    rng = random.Random(3)
    ids = Ids()
    try:
        for person, selfcheck, keys in work:
            for key in keys + rng.sample(keys, len(keys) // 5):
                item = the_rubric.item(key.partition("@")[0])
                assert item is not None
                option = item.options[_seed.pick_option(rng, item)]
                await store.record_answer(
                    KeyWrite(person, selfcheck.id, key, update_id=ids()), option.id
                )
                if item.evidence_required and option.value > 0 and rng.random() < 0.5:
                    uid = f"U{ids():012d}"
                    await store.attach_evidence(
                        KeyWrite(person, selfcheck.id, key, update_id=ids()),
                        EvidenceFile(
                            f"AgACAgUAAxkBAAIBZmV{uid}",
                            uid,
                            "photo",
                            size=rng.randint(80_000, 2_500_000),
                            caption="Foto papan informasi",
                        ),
                    )
            score = await store.score(selfcheck)
            assert score.score.completion == 1.0, score.score.completion
    finally:
        await store.close()
    grown = path.stat().st_size - before  # noqa: ASYNC240
    return before / 1e6, grown / 1e6 * 1000 / selfchecks


async def run(args: argparse.Namespace) -> str:
    now = datetime.now(UTC)
    rows = []
    with tempfile.TemporaryDirectory(prefix="siapnilai-bench-") as tmp:
        for sync in ("FULL", "NORMAL"):
            path = Path(tmp) / f"rate-{sync}.db"
            store, _, the_rubric, work = await _prepare(path, max(args.writers, 1), now)
            try:
                await store._connection().execute(f"PRAGMA synchronous = {sync}")
                ids = Ids()
                seq = await answers_per_second(store, the_rubric, work, args.answers, 1, ids)
                conc = await answers_per_second(
                    store, the_rubric, work, args.answers, args.writers, ids
                )
                press = await presses_per_second(
                    store, the_rubric, work, max(1, args.answers // 10), ids
                )
            finally:
                await store.close()
            label = sync + ("" if sync == "FULL" else " (comparison only)")
            rows.append([label, f"{seq:.0f}", f"{conc:.0f}", f"{press:.0f}"])
        before_mb, per_thousand = await size_per_thousand(
            Path(tmp) / "size.db", args.selfchecks, now
        )
    return "\n".join(
        [
            f"answers={args.answers} writers={args.writers} selfchecks={args.selfchecks}",
            table(
                [
                    "synchronous",
                    "answers/s sequential",
                    f"answers/s {args.writers} concurrent",
                    "presses/s (store calls only: answers and Nanti)",
                ],
                rows,
            ),
            f"database: {before_mb:.2f} MB with {args.selfchecks} units and officers, "
            f"+{per_thousand:.1f} MB per 1,000 completed self-checks (ombudsman-2024, "
            "answers + a fifth re-answered + evidence rows + processed update ids)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_rate", description=__doc__)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--selfchecks", type=int, default=200)
    args = parser.parse_args(argv)
    print(machine())
    print(asyncio.run(run(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
