"""A fake Telegram Bot API server over real HTTP, with simulated users.

    async def test_walk(fake_api, tmp_settings, running_bot):
        async with running_bot(tmp_settings) as app:
            sari = fake_api.user(501, "Sari", language_code="id")
            await sari.send("/start CODE")
            welcome = await sari.wait_for()          # next bot message or edit in her chat
            await sari.press(welcome, "Ya")          # by button text or callback data
            edited = await sari.wait_for(lambda m: m.kind == "edit")

server.py holds the server (validation, flood control, files), users.py the simulated users,
views.py what tests look at, control.py the HTTP routes for other processes, runner.py the
Application runner behind the `running_bot` fixture.
"""

from tests.fakebot.server import DEFAULT_TOKEN, ApiError, Chat, FakeBotAPI, RecordedRequest
from tests.fakebot.users import SimUser
from tests.fakebot.views import (
    Button,
    CallbackAnswer,
    Document,
    MediaView,
    MessageView,
    Photo,
    Press,
)

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Button",
    "CallbackAnswer",
    "Chat",
    "Document",
    "FakeBotAPI",
    "MediaView",
    "MessageView",
    "Photo",
    "Press",
    "RecordedRequest",
    "SimUser",
]
