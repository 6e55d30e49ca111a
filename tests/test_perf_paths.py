"""How much store work a button press costs: round trips to the SQLite thread and write
units, counted (never timed). Each round trip costs ~50-100 µs of CPU on a quiet machine
and more under load; each write unit an fsync (synchronous=FULL). docs/benchmarks.md has
the figures; these tests keep the counts from creeping back up."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import aiosqlite.core
import pytest

import rubric
from bot.keyref import key_ref
from bot.services import services_of
from bot.store import ChatState, core
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    edited,
    fixed_clock,
    open_check,
    option_labels,
    press,
    seed,
    settled,
)
from tests.store_fixtures import Clock, open_store
from tests.store_fixtures import seed as seed_store


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts aiosqlite round trips ("hops") and committed write units ("writes": BEGIN
    IMMEDIATE ... COMMIT on the connection's thread, or an inline unit's COMMIT there)."""
    counts: Counter[str] = Counter()
    execute = aiosqlite.core.Connection._execute
    write_unit, commit = core._write_unit, core._commit

    async def hop(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        counts["hops"] += 1
        return await execute(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    def write(db: Any, fn: Any) -> Any:
        counts["writes"] += 1
        return write_unit(db, fn)

    def inline_commit(db: Any) -> None:
        counts["writes"] += 1
        commit(db)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", hop)
    monkeypatch.setattr(core, "_write_unit", write)
    monkeypatch.setattr(core, "_commit", inline_commit)
    return counts


async def test_an_answer_press_is_one_round_trip_and_one_write(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, counted: Counter[str]
) -> None:
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    the_rubric = rubric.load_builtin("ombudsman-2024")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(801, "Sari")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        await settled(app)
        counted.clear()
        label = the_rubric.items[0].options[-1].label.id  # the worst: no evidence prompt
        following = await press(officer, first, label)
        await settled(app)
        assert following.text != first.text and following.message_id == first.message_id
        # the presser with the press check (self-check, current?, checklist) in one read,
        # then the answer with the walk it leaves and the chat state for the message it
        # edits: one commit (the edit kept the message id: nothing more to write). Both
        # units run on the loop's thread; the commit (the fsync) is the one round trip.
        assert counted == Counter(hops=1, writes=1)
        store = services_of(app).store
        person = await store.person(801)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        states = await store.answer_states(selfcheck)
        assert states[the_rubric.items[0].id].option_id == the_rubric.items[0].options[-1].id
        checklist = await store.checklist(selfcheck)
        assert await store.chat_state(801) == ChatState(
            801, selfcheck.id, checklist[1], None, first.message_id, version=0
        )


async def test_answering_under_an_evidence_request_is_one_round_trip_and_one_write(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, counted: Counter[str]
) -> None:
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    the_rubric = rubric.load_builtin("ombudsman-2024")
    item = next(i for i in the_rubric.items if i.evidence_required and i.scope == "unit")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(802, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store = services_of(app).store
        person = await store.person(802)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        checklist = await store.checklist(selfcheck)
        await officer.press_data(
            first.message_id, cb.Open(sc=selfcheck.id, key=key_ref(item.id)).pack()
        )
        opened = await edited(officer, first)
        await settled(app)
        counted.clear()
        prompt = await press(officer, opened, item.options[0].label.id)  # the best: evidence
        await settled(app)
        # The evidence request stands above the next item's buttons (no `Nanti` needed).
        assert "Kirim bukti" in prompt.text and "Nanti" not in prompt.button_texts
        assert counted == Counter(hops=1, writes=1)  # the prompt was remembered with the answer
        assert await store.chat_state(802) == ChatState(
            802,
            selfcheck.id,
            item.id,
            "evidence",
            first.message_id,
            version=(await store.answer_states(selfcheck))[item.id].version,
        )
        counted.clear()
        following = await press(officer, prompt, option_labels(prompt)[-1])  # the next item
        await settled(app)
        assert following.text != prompt.text
        # the presser with the press check in one read; the answer and the chat state.
        assert counted == Counter(hops=1, writes=1)
        after = checklist[checklist.index(item.id) + 1]
        state = await store.chat_state(802)
        assert (state.key, state.pending) == (checklist[checklist.index(after) + 1], None)


async def test_a_skip_press_reads_the_walk_with_the_press(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, counted: Counter[str]
) -> None:
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(803, "Dewi")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        await settled(app)
        counted.clear()
        following = await press(officer, first, "Lewati ➡")
        await settled(app)
        assert following.text != first.text and following.message_id == first.message_id
        # the presser, the press check and the answer states in one read; the chat state
        # for the item now shown: one write (its commit the one round trip).
        assert counted == Counter(hops=1, writes=1)


async def test_checking_a_press_writes_nothing(tmp_path: Path, counted: Counter[str]) -> None:
    clock = Clock()
    store = await open_store(tmp_path / "x.db", clock)
    try:
        seeded = await seed_store(store, clock)
        selfcheck = await store.current_selfcheck(seeded.officer)
        assert selfcheck is not None
        counted.clear()
        found = await store.selfcheck_press(seeded.officer, selfcheck.id)
        assert found.current and found.checklist[0] == "sop"
        assert await store.current_selfcheck_id(seeded.officer) == selfcheck.id
        assert counted == Counter()  # two reads on the loop's thread: no round trip, no write
    finally:
        await store.close()


async def test_an_answer_press_runs_25_statements_and_two_bot_api_requests(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The statements of an answer press, counted: the presser is read once per unit of
    work, the unit's products and online flag in one statement, the checklist once in the
    write; with no earlier cycle, the carry-forward offer is one look-up and no answers of
    another self-check are read. And the press makes two Bot API requests: the answer and
    the edit (no keyboard to strip: the question stays in its message)."""
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    the_rubric = rubric.load_builtin("ombudsman-2024")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(804, "Tari")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        await settled(app)
        statements: list[str] = []
        store = services_of(app).store
        await store._on_thread(lambda db: db.set_trace_callback(statements.append))
        requests_before = len(fake_api.requests)
        following = await press(officer, first, the_rubric.items[0].options[-1].label.id)
        await settled(app)
        await store._on_thread(lambda db: db.set_trace_callback(None))
        assert following.message_id == first.message_id
        methods = sorted(  # the answer and the edit go out together: either may come first
            r.method for r in fake_api.requests[requests_before:] if r.method != "getUpdates"
        )
        assert methods == ["answerCallbackQuery", "editMessageText"]
        # read: BEGIN, person, self-check, region, cycles, current id, offer, ROLLBACK;
        # write: BEGIN IMMEDIATE, update id, person, self-check, offer, version, INSERT,
        # evidence counts, latest answers, returns, earlier self-check, chat state, COMMIT;
        # and each inline unit sets busy_timeout to 0 and back (never to wait on the loop).
        assert len(statements) == 25, statements
        assert sum(s.startswith("PRAGMA busy_timeout") for s in statements) == 4
        assert sum("FROM people WHERE" in s for s in statements) == 2
        assert sum("LEFT JOIN products" in s for s in statements) == 2
        assert sum("s.id != " in s for s in statements) == 1  # the earlier self-check: none
        assert sum("p.name AS by_name" in s for s in statements) == 1  # this cycle's only
