"""A fake Telegram Bot API server over real HTTP, with simulated users (see server.py, users.py)."""

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
