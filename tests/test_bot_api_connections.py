"""The bot keeps to a few kept-alive Bot API connections (`SIAPNILAI_BOT_API_CONNECTIONS`,
bot/bothttp.py): presses beyond them wait for a free one rather than opening more, and none
is lost. Counted in connections the fake Bot API saw, never timed."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.fakebot import FakeBotAPI
from tests.flow_helpers import edited, fixed_clock, open_check, option_labels, press, seed


async def test_presses_share_a_few_connections_and_wait_for_a_free_one(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    assert tmp_settings.bot_api_connections == 24  # the default
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    settings = tmp_settings.model_copy(update={"bot_api_connections": 3})
    async with running_bot(settings, clock=fixed_clock):
        officers = [fake_api.user(900 + i, f"Petugas {i}") for i in range(8)]
        firsts = [await open_check(o, world.codes["Dinas Sosial"]) for o in officers]
        fake_api.hold("answerCallbackQuery")  # every press's first request stays in flight
        pressing = [
            asyncio.create_task(press(o, first, option_labels(first)[0]))
            for o, first in zip(officers, firsts, strict=True)
        ]
        for _ in range(500):
            if fake_api.held >= 3:
                break
            await asyncio.sleep(0.01)
        assert fake_api.held == 3  # the other five wait for a free connection (ports below)
        fake_api.release("answerCallbackQuery")
        shown = await asyncio.gather(*pressing)
    assert [s.message_id for s in shown] == [f.message_id for f in firsts]  # each edited
    assert len(fake_api.requests_for("answerCallbackQuery")) == 8
    assert len(fake_api.client_ports) == 3


async def test_the_next_question_does_not_wait_for_the_presss_answer(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The answer (the toast) and the edit go out together: with Telegram slow to take the
    answer, the officer still sees the next question."""
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(920, "Sari")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        fake_api.hold("answerCallbackQuery")
        pressed = await officer.press(first, option_labels(first)[-1])
        following = await edited(officer, first)  # while the answer is still held
        assert following.text != first.text and pressed.answer is None
        fake_api.release("answerCallbackQuery")
        toast = await officer.wait_answer(pressed)
    assert toast.text is not None and "Tersimpan" in toast.text
