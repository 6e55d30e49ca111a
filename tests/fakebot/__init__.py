"""A fake Telegram Bot API server over real HTTP, with simulated users.

The bot under test runs unmodified python-telegram-bot against it (`base_url=server.base_url`,
`base_file_url=server.file_url`). It keeps chats, messages and files, queues updates for
getUpdates or a webhook, answers Telegram's errors in Telegram's words, and parses formatted
texts with TDLib, the library Telegram's own Bot API server uses, so a text it accepts is a text
Telegram accepts.

    async def test_walk(fake_api, tmp_settings, running_bot):
        async with running_bot(tmp_settings) as app:
            sari = fake_api.user(501, "Sari", language_code="id")
            await sari.send("/start CODE")
            welcome = await sari.wait_for()          # next bot message or edit in her chat
            await sari.press(welcome, "Ya")          # by button text or callback data
            edited = await sari.wait_for(lambda m: m.kind == "edit")

Where each idea lives:
- server.py      FakeBotAPI: construction, start/stop, the test-facing API, HTTP dispatch
- state.py       what it holds: chats, stored messages and files, queued updates, requests
- methods.py     the Bot API methods (send, edit, delete, answerCallbackQuery, commands, ...)
- validation.py  request checks: parameter types, text/caption limits, keyboards, callback data
- entities.py    parse_mode -> (text, entities) through TDLib (`tdjson`), plus the fake's one
                 extra check (a bare `&` in HTML)
- updates.py     the update queue, getUpdates, offsets, redelivery, callback queries
- webhooks.py    setWebhook and the task that POSTs updates to the bot
- files.py       uploads, file ids, getFile and the download route
- flood.py       flood control (429 with retry_after), off until `enforce_rate`
- faults.py      injected failures (`fail_next`)
- errors.py      ApiError and the Bot API's error texts
- users.py       simulated users; views.py what tests look at; control.py HTTP routes for other
                 processes (`python -m tests.fakebot`); runner.py the Application runner behind
                 the `running_bot` fixture
"""

from tests.fakebot.server import DEFAULT_TOKEN, ApiError, Chat, FakeBotAPI, RecordedRequest
from tests.fakebot.users import SimUser
from tests.fakebot.views import (
    Again,
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
    "Again",
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
