"""A citizen at the counter, through the fake Bot API: a second unit's link while a survey is
unfinished asks which to do and loses nothing until they choose (the choice checked like
every survey press); the same link again resumes; one chat keeps one live survey keyboard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot import texts
from bot.services import services_of
from bot.store import Store, SurveyDraft
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import api_errors, fixed_clock, seed
from tests.flow_helpers import settled as bot_settled
from tests.test_flow_survey import answer_question, respond, step_of

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
A, B = "Dinas Sosial", "Puskesmas <Yosodadi> & Co"  # B's name is escaped in every text
UNITS = (("Kota Metro", A, ()), ("Kota Metro", B, ()))


async def open_link(user: SimUser, code: str) -> MessageView:
    await user.send(f"/start s-{code}")
    return await user.wait_for(lambda m: m.kind == "message")


async def settled(app: Any, user: SimUser) -> None:
    """Until the bot is done with the user's updates: fetched (`wait_idle`), then answered
    and finished (`flow_helpers.settled`)."""
    await user.wait_idle()
    await bot_settled(app)


async def live_keyboards(app: Any, user: SimUser) -> list[int]:
    """The bot's messages in the chat that still carry buttons, once the bot is done: one
    chat, one live keyboard."""
    await settled(app, user)
    return [m.message_id for m in user.messages if m.buttons]


async def draft_of(app: Any, user: SimUser) -> SurveyDraft | None:
    services = services_of(app)
    await settled(app, user)
    return await services.store.survey_draft(await services.survey.respondent(user.id))


async def codes(app: Any, world: Any) -> tuple[str, str]:
    store: Store = services_of(app).store
    return await store.survey_code(world.units[A]), await store.survey_code(world.units[B])


async def test_another_units_link_mid_survey_asks_and_continuing_keeps_every_answer(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, code_b = await codes(app, world)
        citizen = fake_api.user(7_400_000_001, "Warga", language_code=None)
        sixth = await respond(citizen, code_a, good=True, stop_after=5)
        assert sixth.text.startswith("6/22 · ")
        before = await draft_of(app, citizen)
        assert before is not None and before.step == 5

        choice = await open_link(citizen, code_b)
        assert A in choice.text and B in choice.text and "5 dari 22" in choice.text
        assert choice.button_texts == [
            texts.plain("survey.btn.continue", "id", unit=A),
            texts.plain("survey.btn.start", "id", unit=B),
        ]
        # Nothing is lost until they choose, and only the choice has live buttons.
        assert await live_keyboards(app, citizen) == [choice.message_id]
        assert await draft_of(app, citizen) == replace(before, message_id=choice.message_id)

        await citizen.press(choice, texts.plain("survey.btn.continue", "id", unit=A))
        back = await citizen.wait_for(lambda m: m.message_id == choice.message_id)
        assert back.text.startswith("6/22 · ") and "Melanjutkan" in back.text
        assert await live_keyboards(app, citizen) == [choice.message_id]
        kept = await draft_of(app, citizen)
        assert kept is not None and (kept.token, kept.step, kept.answers) == (
            before.token,
            5,
            before.answers,
        )
        # On to the end: counted for unit A, with the five answers given before the detour.
        assert "Terima kasih" in (await respond(citizen, code_a, good=True)).text
        results = await services_of(app).survey.results(world.units[A])
        assert results.responses == 1
        assert (await services_of(app).survey.results(world.units[B])).responses == 0
        # With nothing unfinished, B's link starts B at once.
        assert (await open_link(citizen, code_b)).text.startswith("1/22 · ")
    assert api_errors(fake_api) == []


async def test_starting_the_other_unit_is_checked_like_every_survey_press(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, code_b = await codes(app, world)
        citizen = fake_api.user(7_400_000_002, "Visitor", language_code="en")
        third = await respond(citizen, code_a, good=True, stop_after=2)
        choice = await open_link(citizen, code_b)
        assert "2 of 22" in choice.text and "Which one" in choice.text
        start = choice.button(texts.plain("survey.btn.start", "en", unit=B)).data or ""
        go_on = choice.button(texts.plain("survey.btn.continue", "en", unit=A)).data or ""
        before = await draft_of(app, citizen)

        # Someone else pressing the citizen's choice changes nothing: it names their draft.
        intruder = fake_api.user(7_400_000_003, "Intruder", language_code="en")
        for data in (start, go_on):
            press = await intruder.press_data(choice.message_id, data)
            assert (await intruder.wait_answer(press)).text == texts.plain(
                "survey.choice_stale", "en"
            )
        # Forged: garbage, another draft's token, an unknown code.
        token = start.split(":")[2]
        for data, key in (
            ("v1:sw:" + "A" * 50, "cb.invalid"),
            ("v1:sw:AAAAAAAA:2:1:" + code_b, "survey.choice_stale"),
            (f"v1:sw:{token}:2:7:{code_b}", "survey.invalid"),
            (f"v1:sw:{token}:2:1:" + "x" * 22, "survey.unknown_code"),
        ):
            press = await citizen.press_data(choice.message_id, data)
            assert (await citizen.wait_answer(press)).text == texts.plain(key, "en"), data
        assert await draft_of(app, citizen) == before

        await citizen.press(choice, texts.plain("survey.btn.start", "en", unit=B))
        first = await citizen.wait_for(lambda m: m.message_id == choice.message_id)
        assert first.text.startswith("1/22 · ") and B in first.text
        started = await draft_of(app, citizen)
        assert started is not None and started.step == 0 and started.answers == {}
        assert started.unit_id == world.units[B]
        # Telegram delivering the press again, or the old choice and A's old question pressed
        # now: nothing changes twice.
        fake_api.redeliver(citizen.presses[-1].update_id)
        await fake_api.wait_idle()
        for data in (go_on, third.buttons[0][0].data or ""):
            press = await citizen.press_data(choice.message_id, data)
            assert (await citizen.wait_answer(press)).text != ""
        assert await draft_of(app, citizen) == started
        assert await live_keyboards(app, citizen) == [choice.message_id]
        second = await answer_question(citizen, first, 1)
        assert second.text.startswith("2/22 · ")
    # The redelivered press's query was answered the first time; Telegram refuses a second.
    assert [e for e in api_errors(fake_api) if e[0] != "answerCallbackQuery"] == []


async def test_nothing_answered_yet_switches_at_once_and_the_same_link_resumes(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A survey with no answer loses nothing: B's link starts B without a question. The same
    unit's link again resumes at the current question, and the earlier question's buttons go."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, code_b = await codes(app, world)
        citizen = fake_api.user(7_400_000_004, "Warga", language_code=None)
        first_a = await open_link(citizen, code_a)
        first_b = await open_link(citizen, code_b)
        assert first_b.text.startswith("1/22 · ") and B in first_b.text
        assert await live_keyboards(app, citizen) == [first_b.message_id]
        second = await answer_question(citizen, first_b, 2)
        assert (step_of(second), await live_keyboards(app, citizen)) == (2, [first_b.message_id])

        again = await open_link(citizen, code_b)
        assert again.text.startswith("2/22 · ") and "Melanjutkan" in again.text
        assert await live_keyboards(app, citizen) == [again.message_id]
        draft = await draft_of(app, citizen)
        assert draft is not None and draft.answers == {"U1": 2}
        # The question shown again is the live one; the first one's buttons are stale.
        assert step_of(await answer_question(citizen, again, 1)) == 3
        assert first_a.message_id not in await live_keyboards(app, citizen)
    assert api_errors(fake_api) == []


async def test_a_start_the_other_unit_may_not_make_keeps_the_survey_in_progress_on_screen(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Between the choice and the press the citizen became one of B's officers: B's survey
    may not start for them. The choice's message then says why and shows A's survey where it
    stood, with its buttons (they were taken off A's question for the choice's); nothing of A
    is lost, and a second delivery of the press changes nothing."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, code_b = await codes(app, world)
        citizen = fake_api.user(7_400_000_005, "Warga", language_code=None)
        await respond(citizen, code_a, good=True, stop_after=2)
        choice = await open_link(citizen, code_b)
        before = await draft_of(app, citizen)
        await citizen.send(f"/start {world.codes[B]}")  # an officer's invite to B
        await citizen.wait_for(lambda m: m.message_id > choice.message_id)

        await citizen.press(choice, texts.plain("survey.btn.start", "id", unit=B))
        shown = await citizen.wait_for(
            lambda m: m.message_id == choice.message_id and "3/22 · " in m.text
        )
        why, question = shown.text.split("\n\n", 1)
        assert why.startswith("Terima kasih sudah mencoba!") and f"koordinator {B}," in why
        assert question.startswith("3/22 · ") and "Melanjutkan survei Dinas Sosial" in question
        assert await live_keyboards(app, citizen) == [choice.message_id]
        assert await draft_of(app, citizen) == replace(before, message_id=choice.message_id)

        fake_api.redeliver(citizen.presses[-1].update_id)
        await settled(app, citizen)
        assert await live_keyboards(app, citizen) == [choice.message_id]
        assert await draft_of(app, citizen) == replace(before, message_id=choice.message_id)
        # A goes on from its third question.
        assert step_of(await answer_question(citizen, shown, 1)) == 4
    # The redelivered press: its query was answered the first time, and its edit would show
    # what is on screen already; Telegram refuses both, and the user sees nothing of it.
    assert [e for e in api_errors(fake_api) if e[0] != "answerCallbackQuery"] == [
        ("editMessageText", NOT_MODIFIED)
    ]
