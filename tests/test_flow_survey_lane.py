"""The survey's lane through the fake Bot API: while survey presses are queued behind slow
survey work, an officer's press is handled first; a press beyond the lane's backlog is
answered "busy" and changes nothing; a too-fast respondent is answered "too fast"; and in
the end every respondent is counted once. Order and counts only: no timing is asserted (the
lane's slow work is a gate the test holds, its per-second clock one the test moves)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from bot import texts
from bot.processing import Lane
from bot.services import services_of
from bot.store import Store
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.fakebot.views import CallbackAnswer, Press
from tests.flow_helpers import api_errors, fixed_clock, is_question, open_check, seed

BASE = 7_420_000_000
PREFIX = "v1:sv:"


class Ticks:
    """The lane's monotonic clock, moved by the test: a second passes only when it says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def until(check: Callable[[], bool], what: str) -> None:
    """Wait (bounded) for a state of the running bot; the assertion is on the state."""
    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


def survey_button(message: MessageView, option: int) -> str:
    """The callback data of option `option` (1-based; 0 = Lewati) on a survey question."""
    for row in message.buttons:
        for b in row:
            if b.data and b.data.startswith(PREFIX) and b.data.endswith(f":{option}"):
                return b.data
    raise LookupError(f"no survey option {option} on {message.text[:60]!r}")


def step(message: MessageView) -> int:
    return int(message.text.split("/", 1)[0])


def _after(message_id: int, m: MessageView) -> bool:
    return m.message_id == message_id or m.kind == "message"


async def finish(user: SimUser, code: str, ticks: Ticks) -> str:
    """Resume the survey with the link and answer the rest (a second of the lane's clock
    between presses, as a person needs); the bot's last words."""
    ticks.now += 1
    user.skip_pending()
    await user.send(f"/start s-{code}")
    shown = await user.wait_for(lambda m: m.kind == "message")  # (not the old one's edit)
    while shown.text[:1].isdigit():
        ticks.now += 1
        option = 0 if step(shown) >= 18 else 1  # the profile and the suggestion skipped
        await user.press_data(shown.message_id, survey_button(shown, option))
        shown = await user.wait_for(partial(_after, shown.message_id))
    return shown.text


async def draft_step(store: Store, app: Any, user_id: int) -> int | None:
    respondent = await services_of(app).survey.respondent(user_id)
    draft = await store.survey_draft(respondent)
    return None if draft is None else draft.step


async def test_a_survey_burst_waits_in_its_lane_and_officers_go_first(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_settings.model_copy(
        update={"survey_workers": 2, "survey_backlog": 4, "survey_presses_per_second": 3}
    )
    world = await seed(settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    async with running_bot(settings, clock=fixed_clock) as app:
        services = services_of(app)
        store = services.store
        lane: Lane = app.update_processor.lanes["survey"]
        ticks = Ticks()
        lane.clock = ticks
        code = await store.survey_code(world.units["Dinas Sosial"])
        officer = fake_api.user(600, "Petugas")
        question = await open_check(officer, world.codes["Dinas Sosial"])

        # Six people open the survey (one update each: within their rate).
        people = [fake_api.user(BASE + i, f"Warga {i}", language_code=None) for i in range(6)]
        first: dict[int, MessageView] = {}
        for person in people:
            await person.send(f"/start s-{code}")
            first[person.id] = await person.wait_for()
            assert first[person.id].text.startswith("1/22 · ")
        # (a link's update ends after its question is sent: it records the message shown)
        await until(lambda: lane.admitted == 0, "the six links handled")

        # The survey's work turns slow: its presses enter the service and wait there.
        gate = asyncio.Event()
        entered: list[int] = []
        answer = services.survey.answer

        async def slow_answer(user_id: int, *args: Any) -> Any:
            entered.append(user_id)
            await gate.wait()
            return await answer(user_id, *args)

        monkeypatch.setattr(services.survey, "answer", slow_answer)
        queued: list[Press] = []
        for person in people[:4]:
            queued.append(
                await person.press_data(
                    first[person.id].message_id, survey_button(first[person.id], 1)
                )
            )
        await until(lambda: lane.admitted == 4 and len(entered) == 2, "4 survey presses admitted")
        assert (lane.running, lane.waiting) == (2, 2)

        # The lane's backlog is full: a fifth press is answered at once, and changes nothing.
        late = people[4]
        busy = await late.press_data(first[late.id].message_id, survey_button(first[late.id], 1))
        assert (await late.wait_answer(busy)).text == texts.plain("survey.busy", "id")
        assert await draft_step(store, app, late.id) == 0
        assert late.message(first[late.id].message_id).text.startswith("1/22 · ")
        # So is a link opened meanwhile (in a message: a link has no query to answer).
        await people[5].send(f"/start s-{code}")
        assert (await people[5].wait_for()).text == texts.plain("survey.busy_link", "id")

        # The officer presses after all of them and is answered before any of them.
        officer_press = await officer.press(question, question.button_texts[0])
        saved: CallbackAnswer = await officer.wait_answer(officer_press)
        assert saved.text is not None and saved.text.startswith("Tersimpan")
        following = await officer.wait_for(lambda m: m.message_id == question.message_id)
        assert is_question(following) and following.text != question.text
        assert [p.answer for p in queued] == [None] * 4
        assert lane.admitted == 4 and len(entered) == 2

        # The slow work ends: the queued presses are answered, each moved its respondent once.
        gate.set()
        for person, press in zip(people[:4], queued, strict=True):
            assert (await person.wait_answer(press)).text is None
            assert await draft_step(store, app, person.id) == 1
        monkeypatch.setattr(services.survey, "answer", answer)
        assert lane.refused == {"busy": 2, "rate": 0}
        # A press is answered before its question is edited: its update, and its place in
        # the lane, end after that edit. Wait for them, or the presses below may find the
        # backlog still full (they did with the Bot API a quarter second slow).
        await until(lambda: lane.admitted == 0, "the queued presses handled")

        # Too fast: four presses of one person within a second of the lane's clock. Three are
        # admitted (the first answers, the next two find the question passed), the fourth is
        # answered "too fast" without any work.
        fast = people[5]
        ticks.now += 1
        data = survey_button(first[fast.id], 1)
        presses = [await fast.press_data(first[fast.id].message_id, data) for _ in range(4)]
        answers = [(await fast.wait_answer(p)).text for p in presses]
        stale, rate = texts.plain("survey.stale", "id"), texts.plain("survey.rate", "id")
        assert answers == [None, stale, stale, rate]
        assert await draft_step(store, app, fast.id) == 1
        assert lane.refused == {"busy": 2, "rate": 1}

        # A link is held to the same rate, in a message: of five within a second three are
        # admitted (each shows the question again), the fourth is answered "too fast", the
        # fifth not at all (one answer a person a second).
        ticks.now += 1
        before = len(fast.events)
        for _ in range(5):
            await fast.send(f"/start s-{code}")
        await until(lambda: lane.unanswered == 1 and lane.admitted == 0, "the links handled")
        await fast.wait_idle()
        said = [e.text for e in fast.events[before:] if e.from_bot and e.kind == "message"]
        assert len(said) == 4 and said.count(texts.plain("survey.rate", "id")) == 1
        assert sum(t.startswith("2/22 · ") for t in said) == 3
        assert lane.refused == {"busy": 2, "rate": 3}

        # Everyone finishes: six responses, each counted once, nothing left in progress.
        for person in people:
            assert "Terima kasih" in await finish(person, code, ticks)
        results = await services.survey.results(world.units["Dinas Sosial"])
        assert results.responses == 6
        assert [await draft_step(store, app, p.id) for p in people] == [None] * 6
        assert lane.admitted == 0
    assert api_errors(fake_api) == []
