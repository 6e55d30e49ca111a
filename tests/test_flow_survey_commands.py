"""A citizen mid-survey, through the fake Bot API: /batal (/cancel) cancels the survey,
/start shows it again, and text, files, stickers and other commands get "answer with the
buttons" — never the reply meant for uninvited people. An officer answering another unit's
survey keeps their own /start and /batal (their own prompts first, then the survey)."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed
from tests.test_flow_survey import respond
from tests.test_flow_survey_switch import UNITS, A, B, codes, draft_of, live_keyboards, open_link
from tests.test_flow_team import send_sticker


async def test_commands_files_and_text_mid_survey_get_the_surveys_answer(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    unregistered = texts.plain("unregistered", "id")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, _ = await codes(app, world)
        citizen = fake_api.user(7_400_000_005, "Warga", language_code=None)
        fourth = await respond(citizen, code_a, good=True, stop_after=3)

        # /start without a code: the survey in progress, its current question again.
        await citizen.send("/start")
        shown = await citizen.wait_for(lambda m: m.kind == "message")
        assert shown.text.startswith("4/22 · ") and "sedang mengisi survei" in shown.text
        assert A in shown.text and "/batal" in shown.text
        assert await live_keyboards(app, citizen) == [shown.message_id]
        assert fourth.message_id not in await live_keyboards(app, citizen)
        # A photo, a document, a sticker, typed text, another command: answer with the buttons.
        asks = (
            citizen.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64),
            citizen.send_document(b"%PDF-1.4 x"),
            send_sticker(fake_api, citizen),
            citizen.send("sangat puas"),
            citizen.send("/skor"),
            citizen.send("/bantuan"),
        )
        for ask in asks:
            await ask
            told = await citizen.wait_for(lambda m: m.kind == "message")
            assert told.text.startswith("4/22 · ") and "tombol" in told.text, told.text
            assert unregistered not in told.text
            assert await live_keyboards(app, citizen) == [told.message_id]
        draft = await draft_of(app, citizen)
        assert draft is not None and draft.step == 3

        # /batal: the survey is cancelled, nothing recorded, and how to start again.
        await citizen.send("/batal")
        cancelled = await citizen.wait_for(lambda m: m.kind == "message")
        assert cancelled.text == texts.plain("survey.cancelled", "id", unit=A)
        assert "tidak dicatat" in cancelled.text and "kode QR" in cancelled.text
        assert await live_keyboards(app, citizen) == [] and await draft_of(app, citizen) is None
        # Without a survey, a stranger's /batal and /start are as before.
        for command in ("/batal", "/start"):
            await citizen.send(command)
            assert (await citizen.wait_for()).text == unregistered
        assert (await services_of(app).survey.results(world.units[A])).responses == 0

        # /cancel in English, and the survey starts again from its link.
        english = fake_api.user(7_400_000_006, "Visitor", language_code="en")
        await respond(english, code_a, good=True, stop_after=1)
        await english.send("/cancel")
        told = await english.wait_for(lambda m: m.kind == "message")
        assert told.text == texts.plain("survey.cancelled", "en", unit=A)
        assert "scan" in told.text and await draft_of(app, english) is None
        assert (await open_link(english, code_a)).text.startswith("1/22 · ")
    assert api_errors(fake_api) == []


async def test_an_officer_taking_another_units_survey_keeps_their_own_commands(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """An officer of unit A is a citizen at unit B. Their /start is the officer's welcome and
    their /batal leaves a pending prompt of their own flows first; a second /batal, with
    nothing of theirs pending, cancels the survey."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        _, code_b = await codes(app, world)
        officer = fake_api.user(7_400_000_007, "Sari", language_code=None)
        await join(officer, world.codes[A])
        await respond(officer, code_b, good=True, stop_after=2)
        await officer.send("/start")
        assert "Selamat datang" in (await officer.wait_for(lambda m: m.kind == "message")).text

        await services_of(app).store.set_chat_state(officer.id, pending="product_name")
        await officer.send("/batal")
        first = await officer.wait_for(lambda m: m.kind == "message")
        assert first.text.startswith(texts.plain("cancel.done", "id"))
        assert B in first.text  # and told their survey is still open
        assert await draft_of(app, officer) is not None
        await officer.send("/batal")
        second = await officer.wait_for(lambda m: m.kind == "message")
        assert second.text == texts.plain("survey.cancelled", "id", unit=B)
        assert await draft_of(app, officer) is None
        await officer.send("/batal")
        assert (await officer.wait_for()).text == texts.plain("cancel.nothing", "id")
    assert api_errors(fake_api) == []


async def test_a_file_at_the_suggestion_question_says_to_write_it(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """At the last question text is the answer: the reminder says to write it or skip."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        code_a, _ = await codes(app, world)
        citizen = fake_api.user(7_400_000_008, "Visitor", language_code="en")
        last = await respond(citizen, code_a, good=True, stop_after=21)
        assert last.text.startswith("22/22 · ")
        await citizen.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
        told = await citizen.wait_for(lambda m: m.kind == "message")
        assert told.text.startswith("22/22 · ") and "Write your suggestion" in told.text
        assert told.button_texts == ["Skip"]
        await citizen.send("More chairs, please")
        thanks = await citizen.wait_for(lambda m: m.kind == "message")
        assert thanks.text == texts.plain("survey.thanks", "en")
        assert await live_keyboards(app, citizen) == []
        # A "thank you" after the survey: the citizen is told it counted and how to answer
        # again, not only that the bot is for invited officers.
        await citizen.send("Thank you!")
        after = await citizen.wait_for(lambda m: m.kind == "message")
        assert after.text == texts.plain("unregistered", "en")
        assert "scan the QR code" in after.text and "already counted" in after.text
        results = await services_of(app).survey.results(world.units[A])
        assert results.responses == 1
    assert api_errors(fake_api) == []


async def test_an_officers_own_prompt_takes_their_text_before_a_survey_suggestion(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """An officer of unit A at the last question of unit B's survey, asked for a product
    name in their own flow: the text is the product, not B's suggestion (it was taken as
    the suggestion, and the survey counted, found by the stop's helper)."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        _, code_b = await codes(app, world)
        officer = fake_api.user(7_400_000_009, "Sari", language_code=None)
        await join(officer, world.codes[A])
        last = await respond(officer, code_b, good=True, stop_after=21)
        assert last.text.startswith("22/22 · ")
        store = services_of(app).store
        await store.set_chat_state(officer.id, pending="product_name")
        await officer.send("Akta Kematian")
        told = await officer.wait_for(lambda m: m.kind == "message")
        assert told.text.startswith("Produk Akta Kematian ditambahkan.")
        draft = await draft_of(app, officer)
        assert draft is not None and draft.step == 21  # still at the suggestion question
        assert (await services_of(app).survey.results(world.units[B])).responses == 0
        await officer.send("Kursi tunggu lebih banyak")  # nothing of theirs pending now
        thanks = await officer.wait_for(lambda m: m.kind == "message" and "Terima" in m.text)
        assert thanks.text == texts.plain("survey.thanks", "id")
        assert (await services_of(app).survey.results(world.units[B])).responses == 1
    assert api_errors(fake_api) == []
