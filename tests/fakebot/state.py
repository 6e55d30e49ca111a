"""What the fake Telegram holds: chats, messages, files, queued updates, callback queries,
and the requests the bot made."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from tests.fakebot.views import MediaView, MessageView, Press


@dataclass
class RecordedRequest:
    """One request the bot made. `params` are parsed (JSON fields decoded, ids as int)."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str | None, str | None, int]]  # part -> (filename, type, size)
    at: float  # time.monotonic()
    status: int = 0
    description: str | None = None
    result: Any = None
    content_type: str = ""
    """How the parameters came: application/json, a form, or multipart/form-data."""

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # photo | document
    size: int
    data: bytes | None
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    file_path: str | None = None

    def content(self) -> bytes:
        return self.data if self.data is not None else bytes(self.size)

    def view(self) -> MediaView:
        return MediaView(
            kind=self.kind,
            file_id=self.file_id,
            file_unique_id=self.file_unique_id,
            size=self.size,
            data=self.data,
            file_name=self.file_name,
            mime_type=self.mime_type,
        )


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    date: int
    sender_id: int
    from_bot: bool
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    media: list[StoredFile] = field(default_factory=list)
    media_group_id: str | None = None
    reply_to: int | None = None
    parse_mode: str | None = None
    edit_date: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions
    deleted: bool = False

    def snapshot(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "entities": list(self.entities),
            "caption": self.caption,
            "reply_markup": self.reply_markup,
            "edit_date": self.edit_date,
        }


@dataclass
class PendingUpdate:
    update_id: int
    payload: dict[str, Any]
    chat_id: int | None
    kind: str
    created: float  # time.monotonic()
    forced: bool = False  # a redelivery: returned once whatever the offset
    delivered: bool = False


@dataclass
class CallbackRecord:
    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    press: Press
    answered: bool = False


async def wait_event(event: asyncio.Event, timeout: float) -> None:  # noqa: ASYNC109
    """Wait until `event` is set or `timeout` passes.

    Not `asyncio.wait_for`: on Python 3.11 it can swallow a cancellation that races with the
    event being set, which left a cancelled webhook task spinning forever.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            await event.wait()


class Chat:
    """A chat the bot can talk to: a simulated user's private chat, or a group."""

    def __init__(self, chat_id: int, kind: str, *, title: str | None = None) -> None:
        self.id = chat_id
        self.type = kind  # private | group | supergroup
        self.title = title
        self.user: Any = None  # SimUser for private chats
        self.known = True  # the user has started the bot
        self.blocked = False
        self.messages: dict[int, StoredMessage] = {}
        self.events: list[MessageView] = []
        self.actions: list[str] = []
        self.last_activity = 0.0
        self._next_id = 1
        self._changed = asyncio.Event()

    def next_message_id(self) -> int:
        mid = self._next_id
        self._next_id += 1
        return mid

    def notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, timeout: float) -> None:  # noqa: ASYNC109
        await wait_event(self._changed, timeout)

    def to_dict(self) -> dict[str, Any]:
        if self.type == "private" and self.user is not None:
            data: dict[str, Any] = {"id": self.id, "type": "private"}
            data.update(
                {k: v for k, v in self.user.to_dict().items() if k in ("first_name", "username")}
            )
            return data
        return {"id": self.id, "type": self.type, "title": self.title or f"Group {self.id}"}
