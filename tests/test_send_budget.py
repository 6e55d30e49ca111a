"""The one send budget (bot/botapi.py): new messages share it, a press's answer and edit
never wait behind it. Counted in requests the fake Bot API received, never timed."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, RetryAfter
from telegram.ext import ExtBot

from bot.botapi import BUDGETED, SendBudget, budget_of, edit_text
from bot.broadcast import Delivery, TextPart, broadcaster_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import bot_for, fixed_clock, open_check, option_labels, press, seed


@pytest.fixture
async def hourly_bot(fake_api: FakeBotAPI) -> AsyncIterator[ExtBot[Any]]:
    """A bot allowed one new message an hour: a second send waits; nothing else should."""
    async with bot_for(fake_api, rate_limiter=SendBudget(1 / 3600, period=3600)) as the_bot:
        yield the_bot


async def test_a_send_waits_for_the_budget_and_an_edit_does_not(
    fake_api: FakeBotAPI, hourly_bot: ExtBot[Any]
) -> None:
    fake_api.user(501)
    first = await hourly_bot.send_message(501, "satu")
    waiting = asyncio.create_task(hourly_bot.send_message(501, "dua"))
    await asyncio.sleep(0)  # the second send is now inside the budget, waiting
    await hourly_bot.edit_message_text("satu, diubah", chat_id=501, message_id=first.message_id)
    await hourly_bot.get_me()
    try:
        assert not waiting.done()
        assert len(fake_api.requests_for("sendMessage")) == 1
        assert len(fake_api.requests_for("editMessageText")) == 1
        assert [m.text for m in fake_api.sent_messages(501)] == ["satu, diubah"]
    finally:
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting


def test_the_budget_counts_every_method_that_sends_a_new_message() -> None:
    assert {"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage"} <= BUDGETED
    assert not {"answerCallbackQuery", "editMessageText", "editMessageReplyMarkup"} & BUDGETED
    assert not {"getUpdates", "getMe", "deleteMessage", "setMyCommands"} & BUDGETED


async def test_the_application_has_one_budget_and_the_broadcaster_leans_on_it(
    tmp_settings: Any, running_bot: Any
) -> None:
    assert tmp_settings.send_per_second == 30  # the default: Telegram's ~30 messages/s
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        assert budget_of(app.bot) == 30
        assert broadcaster_of(app).rates.overall_per_second == 0  # paced by the budget
    unbudgeted = tmp_settings.model_copy(update={"send_per_second": 0})
    async with running_bot(unbudgeted, clock=fixed_clock) as app:
        assert budget_of(app.bot) == 0
        assert broadcaster_of(app).rates.overall_per_second == 29  # paces itself


@pytest.mark.parametrize("latency", [0.0, 0.25])
async def test_a_press_is_answered_while_a_broadcast_waits_for_the_budget(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, latency: float
) -> None:
    """With Telegram a quarter second away, 30 messages a second keep ~8 requests in flight:
    the broadcast takes at most half the bot's connections, so the press's answer and edit
    never queue behind it (with all 8 connections of the old default busy, the press was
    answered after ~5 s)."""
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    fake_api.latency = latency
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(801, "Sari")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        audience = list(range(10_000, 10_300))
        for uid in audience:
            fake_api.user(uid)
        sends_before = len(fake_api.requests_for("sendMessage"))
        deliveries = [Delivery(uid, (TextPart(f"pengingat {uid}"),)) for uid in audience]
        broadcast = asyncio.create_task(broadcaster_of(app).send_all(deliveries))
        try:
            # 300 messages at 30/s: the budget is spent at once, the rest queue for ~9 s.
            for _ in range(1000):
                if len(fake_api.requests_for("sendMessage")) - sends_before >= 30:
                    break
                await asyncio.sleep(0.01)
            following = await press(officer, first, option_labels(first)[-1])
            broadcast_sent = len(fake_api.requests_for("sendMessage")) - sends_before
            assert following.message_id == first.message_id  # the press's reply, an edit
            assert not broadcast.done() and broadcast_sent < len(audience)
            assert len(fake_api.requests_for("answerCallbackQuery")) == 1
        finally:
            broadcast.cancel()
            with pytest.raises(asyncio.CancelledError):
                await broadcast


async def test_flood_control_passed_on_is_not_logged_as_an_error(
    fake_api: FakeBotAPI, hourly_bot: ExtBot[Any], caplog: pytest.LogCaptureFixture
) -> None:
    """The budget passes a 429 on to the caller (who resends); PTB's ERROR record with a
    traceback for it is dropped, other records of that logger are not."""
    fake_api.user(502)
    fake_api.fail_next("sendMessage", 429, retry_after=1, count=1)
    with caplog.at_level(logging.INFO, logger="telegram.ext.AIORateLimiter"):
        with pytest.raises(RetryAfter):
            await hourly_bot.send_message(502, "satu")
        logging.getLogger("telegram.ext.AIORateLimiter").error("something else")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["something else"]
    assert fake_api.status_counts.get(429) == 1


async def test_edit_text_edits_with_the_defaults_and_fails_as_the_typed_method(
    fake_api: FakeBotAPI,
) -> None:
    """`edit_text` (a press's edit, not read back into a Message): the bot's parse mode and
    link previews go with it, the keyboard replaces the old one, errors are PTB's own, and
    PTB warns of nothing."""
    fake_api.user(503)
    async with bot_for(fake_api) as the_bot:
        sent = await the_bot.send_message(503, "satu")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="v1:x")]])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no nudge towards the typed method either
            await edit_text(the_bot, 503, sent.message_id, "<b>dua</b> &amp; tiga", markup)
        params = fake_api.requests_for("editMessageText")[-1].params
        assert params["parse_mode"] == "HTML"
        assert params["link_preview_options"] == {"is_disabled": True}
        shown = fake_api.chat(503).events[-1]
        assert shown.kind == "edit" and shown.text == "dua & tiga"
        assert [[b.text for b in row] for row in shown.buttons] == [["Ya"]]
        with pytest.raises(BadRequest, match="not modified"):
            await edit_text(the_bot, 503, sent.message_id, "<b>dua</b> &amp; tiga", markup)
        with pytest.raises(BadRequest, match="not found"):
            await edit_text(the_bot, 503, 999, "empat", None)
