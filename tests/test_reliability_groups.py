"""Issue 16 #7: people are served only in private chats. In a group every command answers
one line ("open a private chat with me") and posts no data."""

from __future__ import annotations

import asyncio
from typing import Any

from bot import texts
from conversations.private_only import for_this_bot
from tests.fakebot import FakeBotAPI
from tests.fakebot.server import StoredMessage
from tests.flow_helpers import fixed_clock, officer_state, open_check, seed
from tests.store_fixtures import Clock
from tests.test_coordinator import COORDINATOR, OFFICER, START, build, prepare

GROUP = -100777


def group_send(fake_api: FakeBotAPI, user_id: int, text: str) -> None:
    """`user_id` writes `text` into the group (built from the fake server's own parts)."""
    chat = fake_api.group(GROUP, "Kantor Dukcapil", supergroup=True)
    command = text.split(maxsplit=1)[0]
    message = StoredMessage(
        chat_id=GROUP,
        message_id=chat.next_message_id(),
        date=fake_api.now(),
        sender_id=user_id,
        from_bot=False,
        text=text,
        entities=[{"type": "bot_command", "offset": 0, "length": len(command)}]
        if text.startswith("/")
        else [],
    )
    chat.messages[message.message_id] = message
    fake_api.enqueue("message", fake_api.message_json(message), GROUP)


async def bot_lines(fake_api: FakeBotAPI, count: int) -> list[Any]:
    for _ in range(200):
        if len(fake_api.sent_messages(GROUP)) >= count:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # anything more would arrive now
    return fake_api.sent_messages(GROUP)


async def test_commands_in_a_group_get_one_line_and_no_data(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = app.bot_data.services.store
        invite = await store.create_invite("officer", unit_id=1, uses=1, days=30)
        asked = [
            (COORDINATOR, "/unduh"),
            (COORDINATOR, "/ringkasan"),
            (OFFICER, "/skor"),
            (OFFICER, "/kekurangan"),
            (OFFICER, "/produk"),
            (OFFICER, "/periksa"),
            (OFFICER, "/pengingat"),
            (999, f"/start {invite.code}"),
            (COORDINATOR, "/unduh@SomeOtherBot"),
        ]
        fake_api.user(999, "Tamu")
        reminders_before = (await store.person(OFFICER)).reminders
        for who, text in asked:
            group_send(fake_api, who, text)
        group_send(fake_api, OFFICER, "halo semua")
        sent = await bot_lines(fake_api, len(asked) - 1)
        assert "sendDocument" not in fake_api.method_counts  # no workbook in the group
        assert "sendPhoto" not in fake_api.method_counts
        assert all(not m.media and not m.reply_markup for m in sent)
        assert await store.person(999) is None  # the invite was not redeemed in the group
        assert (await store.person(OFFICER)).reminders == reminders_before
        line = texts.plain("private_only", "id", bot=app.bot.username)
        assert [m.text for m in sent] == [line] * (len(asked) - 1)


def test_commands_for_another_bot_are_left_alone() -> None:
    assert for_this_bot("/unduh", "SiapNilaiBot")
    assert for_this_bot("/unduh@siapnilaibot x", "SiapNilaiBot")
    assert not for_this_bot("/unduh@OtherBot", "SiapNilaiBot")


async def handled(user: Any) -> None:
    """Return once the bot has handled `user`'s updates so far: one person's updates are
    handled in order, so the reply to a private /bantuan sent now comes after them."""
    await user.send("/bantuan")
    await user.wait_for(lambda m: m.kind == "message" and m.chat_id == user.id)


async def test_a_group_line_that_cannot_be_sent_still_posts_no_data_and_redeems_nothing(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """When the one line cannot be sent (the bot may not write there for a moment: no rights,
    flood control, a network fault), the command still ends there. It fell through to the
    flows instead: the group got the officer's score and the invite was redeemed in it."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = app.bot_data.services.store
        invite = await store.create_invite("officer", unit_id=1, uses=1, days=30)
        fake_api.user(999, "Tamu")
        for who, text in ((OFFICER, "/skor"), (999, f"/start {invite.code}")):
            fake_api.fail_next(
                "sendMessage",
                400,
                description="Bad Request: not enough rights to send text messages to the chat",
            )
            group_send(fake_api, who, text)
            await handled(fake_api.user(who))
        assert fake_api.sent_messages(GROUP) == []
        assert await store.person(999) is None


async def test_a_press_in_a_group_whose_answer_fails_changes_nothing(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A press made in a group (data copied from one's own private question) is answered with
    the one line and nothing else, also when that answer fails: it went on to the flows."""
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(501, "Sari")
        question = await open_check(officer, world.codes["Dinas Sosial"])
        data = question.buttons[0][0].data
        assert data is not None
        fake_api.group(GROUP, "Kantor Dinas Sosial")
        fake_api.fail_next("answerCallbackQuery", 400, description="Bad Request: injected")
        fake_api.register_query(501, None, GROUP, 1, data)
        await handled(officer)
        store, _, selfcheck = await officer_state(app, 501)
        assert await store.answer_states(selfcheck) == {}
        assert fake_api.sent_messages(GROUP) == []
