"""A fake Telegram Bot API server over real HTTP (aiohttp), with Telegram's validation.

The bot under test talks to it through python-telegram-bot unmodified, with
`base_url=f"{server.url}/bot"` and `base_file_url=f"{server.url}/file/bot"`. Tests drive it through
simulated users (`server.user(...)`, see users.py); another process can drive it through the
`/_control/...` HTTP routes (see `__main__.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from tests.fakebot.entities import EntityParseError, parse, utf16_len
from tests.fakebot.views import CallbackAnswer, MediaView, MessageView, Press

DEFAULT_TOKEN = "123456789:AAFakeTokenForSiapNilaiTests-0123456789"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
CHAT_NOT_FOUND = "Bad Request: chat not found"

# Methods that count against flood limits.
RATED_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
        "copymessage",
        "forwardmessage",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "media",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
    }
)
_INT_PARAMS = frozenset(
    {"message_id", "offset", "limit", "reply_to_message_id", "cache_time", "message_thread_id"}
)
_BOOL_PARAMS = frozenset(
    {"show_alert", "drop_pending_updates", "disable_notification", "protect_content"}
)
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "callback_game",
    "pay",
    "copy_text",
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
        "pre_checkout_query",
        "shipping_query",
        "poll",
        "poll_answer",
        "chat_join_request",
    }
)


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


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


class TokenBucket:
    def __init__(self, rate: float, capacity: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = time.monotonic()

    def take(self, now: float) -> float:
        """Take one token; return 0, or the seconds until one is available (nothing taken)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class Fault:
    method: str | None  # lower-case method, None = any except getUpdates
    status: int
    description: str
    parameters: dict[str, Any] | None
    count: int


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


def _photo_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG/JPEG/GIF/WEBP/BMP, or None when the bytes are not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"BM") and len(data) >= 26:
        return int.from_bytes(data[18:22], "little"), abs(
            int.from_bytes(data[22:26], "little", signed=True)
        )
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(
                    data[i + 5 : i + 7], "big"
                )
            i += 2 + length
        return 800, 600
    return None


class FakeBotAPI:
    """The fake server. Start with `await server.start()`, stop with `await server.stop()`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "siapnilai_test_bot",
        bot_name: str = "SiapNilai Test",
        callback_timeout: float = 15.0,
        auto_chats: bool = False,
        record_limit: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.callback_timeout = callback_timeout
        self.auto_chats = auto_chats  # accept any positive chat id as a started private chat
        self.clock = clock  # for message dates
        self.requests: list[RecordedRequest] = []
        self.record_limit = record_limit
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, Any] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.method_counts: dict[str, int] = {}
        self.status_counts: dict[int, int] = {}
        self._pending: list[PendingUpdate] = []
        self._by_update_id: dict[int, PendingUpdate] = {}
        self._update_ids = itertools.count(1000)
        self._confirmed_below = 0
        self._updates_changed = asyncio.Event()
        self._poll_generation = 0
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._queries: dict[str, CallbackRecord] = {}
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._media_groups = itertools.count(1)
        self._faults: list[Fault] = []
        self._global_bucket: TokenBucket | None = None
        self._chat_rate: float | None = None
        self._group_rate: float | None = None
        self._chat_buckets: dict[int, TokenBucket] = {}
        self.rate_limited = 0  # 429s answered by enforce_rate
        self.last_request_at = 0.0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._http: ClientSession | None = None
        self.host = "127.0.0.1"
        self.port = 0
        self._methods: dict[str, Callable[..., Awaitable[Any]]] = {
            name[len("_api_") :].lower(): getattr(self, name)
            for name in dir(self)
            if name.startswith("_api_")
        }

    # ---------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.url}/file/bot"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        from tests.fakebot.control import add_control_routes

        add_control_routes(app, self)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotAPI:
        self._closing = False
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.host = host
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self._closing = True
        self.webhook = None
        self._wake_pollers()
        if self._webhook_task:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._http:
            await self._http.close()
            self._http = None
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- test-facing API

    def user(
        self,
        user_id: int,
        first_name: str = "Sari",
        *,
        language_code: str | None = "id",
        username: str | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> Any:
        """The simulated user `user_id` (created on first call; later calls return the same)."""
        from tests.fakebot.users import SimUser

        if user_id in self.users:
            return self.users[user_id]
        user = SimUser(
            self,
            user_id,
            first_name,
            language_code=language_code,
            username=username,
            last_name=last_name,
        )
        self.users[user_id] = user
        chat = Chat(user_id, "private")
        chat.user = user
        chat.known = started
        self.chats[user_id] = chat
        return user

    def group(self, chat_id: int, title: str = "Group", *, supergroup: bool = False) -> Chat:
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat(
                chat_id, "supergroup" if supergroup else "group", title=title
            )
        return self.chats[chat_id]

    def chat(self, chat_id: int) -> Chat:
        return self.chats[chat_id]

    def block(self, user_id: int, *, notify: bool = False) -> None:
        """The user blocks the bot: every send or edit to them answers 403. With `notify`, the
        bot also gets the `my_chat_member` update (status "kicked") Telegram sends then."""
        chat = self._chat_for_user(user_id)
        chat.blocked = True
        if notify:
            self._member_update(chat, "member", "kicked")

    def unblock(self, user_id: int, *, notify: bool = False) -> None:
        chat = self._chat_for_user(user_id)
        chat.blocked = False
        if notify:
            self._member_update(chat, "kicked", "member")

    def _member_update(self, chat: Chat, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"user": self.bot_user(), "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        payload = {
            "chat": chat.to_dict(),
            "from": chat.user.to_dict(),
            "date": self.now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        self.enqueue("my_chat_member", payload, chat.id)

    def fail_next(
        self,
        method: str | None,
        status: int = 429,
        *,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `count` calls of `method` (None: any but getUpdates) with an error."""
        parameters = None
        if status == 429:
            parameters = {"retry_after": retry_after}
            description = description or f"Too Many Requests: retry after {retry_after}"
        elif description is None:
            description = {
                400: "Bad Request: injected failure",
                403: BLOCKED,
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, "Injected failure")
        self._faults.append(
            Fault(method.lower() if method else None, status, description, parameters, count)
        )

    def enforce_rate(
        self,
        global_per_second: float | None = 30,
        per_chat_per_second: float | None = None,
        per_group_per_minute: float | None = None,
        *,
        burst: float | None = None,
    ) -> None:
        """Flood control on sending methods: token buckets over the actual request times.

        Beyond the rate a call is answered 429 with `retry_after` = whole seconds until a token
        is free (at least 1). `burst` is the bucket size (default: one second's worth).
        """
        self._global_bucket = (
            TokenBucket(global_per_second, burst or global_per_second)
            if global_per_second
            else None
        )
        self._chat_rate = per_chat_per_second
        self._group_rate = per_group_per_minute
        self._chat_buckets.clear()

    def clear_rate(self) -> None:
        self.enforce_rate(None)

    def redeliver(self, update_id: int) -> dict[str, Any]:
        """Deliver update `update_id` again (same id), as Telegram does after a crash."""
        original = self._by_update_id[update_id]
        copy = PendingUpdate(
            update_id,
            json.loads(json.dumps(original.payload)),
            original.chat_id,
            original.kind,
            time.monotonic(),
            forced=True,
        )
        self._pending.append(copy)
        self._wake_pollers()
        return copy.payload

    def requests_for(self, method: str) -> list[RecordedRequest]:
        name = method.lower()
        return [r for r in self.requests if r.method.lower() == name]

    def sent_messages(self, chat_id: int) -> list[StoredMessage]:
        """Bot messages in a chat, oldest first (deleted ones included, flagged)."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages.values() if m.from_bot]

    def commands_for(self, scope: dict[str, Any] | None = None, language_code: str = "") -> Any:
        return self.commands.get((_scope_key(scope), language_code))

    @property
    def pending_updates(self) -> int:
        return sum(1 for u in self._pending if not u.delivered)

    async def wait_idle(
        self,
        quiet: float = 0.2,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> None:
        """Until all updates are fetched and no request but getUpdates came for `quiet` s."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            undelivered = [u for u in self._pending if not u.delivered]
            last = max([self.last_request_at] + [u.created for u in self._pending])
            if not undelivered and now - last >= quiet:
                return
            if now >= deadline:
                raise TimeoutError(f"bot not idle after {timeout}s")
            await asyncio.sleep(min(0.05, max(0.0, quiet - (now - last))) or 0.02)

    # ---------------------------------------------------------------- user-side plumbing

    def _chat_for_user(self, user_id: int) -> Chat:
        if user_id not in self.chats:
            self.user(user_id)
        return self.chats[user_id]

    def now(self) -> int:
        return int(self.clock())

    def enqueue(self, kind: str, payload: dict[str, Any], chat_id: int | None) -> PendingUpdate:
        update_id = next(self._update_ids)
        pending = PendingUpdate(
            update_id, {"update_id": update_id, kind: payload}, chat_id, kind, time.monotonic()
        )
        self._pending.append(pending)
        self._by_update_id[update_id] = pending
        self._wake_pollers()
        return pending

    def new_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        n = next(self._file_ids)
        size = size if size is not None else len(data or b"")
        unique = hashlib.sha1(f"{kind}:{n}".encode()).hexdigest()[:16]
        stored = StoredFile(
            file_id=f"{kind[:3].upper()}-{n:06d}-{unique}",
            file_unique_id=f"U{unique}",
            kind=kind,
            size=size,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        if kind == "photo":
            stored.width, stored.height = (_photo_dimensions(data) if data else None) or (1280, 960)
        self.files[stored.file_id] = stored
        return stored

    def register_query(
        self, user_id: int, message: StoredMessage | None, chat_id: int, message_id: int, data: str
    ) -> Press:
        query_id = f"{next(self._query_ids)}{user_id}"
        payload: dict[str, Any] = {
            "id": query_id,
            "from": self.users[user_id].to_dict(),
            "chat_instance": str(abs(hash((chat_id, self.bot_id))) % 10**18),
            "data": data,
        }
        if message is not None and not message.deleted:
            payload["message"] = self.message_json(message)
        else:  # InaccessibleMessage
            payload["message"] = {
                "chat": self.chats[chat_id].to_dict(),
                "message_id": message_id,
                "date": 0,
            }
        pending = self.enqueue("callback_query", payload, chat_id)
        press = Press(query_id, pending.update_id, chat_id, message_id, data)
        self._queries[query_id] = CallbackRecord(
            query_id, user_id, chat_id, message_id, data, time.monotonic(), press
        )
        return press

    def message_json(self, message: StoredMessage) -> dict[str, Any]:
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_dict(),
        }
        if message.from_bot:
            data["from"] = self.bot_user()
        else:
            data["from"] = self.users[message.sender_id].to_dict()
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.caption is not None:
            data["caption"] = message.caption
            if message.caption_entities:
                data["caption_entities"] = message.caption_entities
        if message.media:
            first = message.media[0]
            if first.kind == "photo":
                data["photo"] = [self._photo_size(f) for f in message.media]
            else:
                data["document"] = {
                    k: v
                    for k, v in {
                        "file_id": first.file_id,
                        "file_unique_id": first.file_unique_id,
                        "file_name": first.file_name,
                        "mime_type": first.mime_type,
                        "file_size": first.size,
                    }.items()
                    if v is not None
                }
        if message.media_group_id:
            data["media_group_id"] = message.media_group_id
        if message.reply_markup and message.reply_markup.get("inline_keyboard"):
            data["reply_markup"] = message.reply_markup
        if message.edit_date:
            data["edit_date"] = message.edit_date
        if message.reply_to and (original := chat.messages.get(message.reply_to)):
            data["reply_to_message"] = self.message_json(
                StoredMessage(**{**original.__dict__, "reply_to": None})
            )
        return data

    @staticmethod
    def _photo_size(f: StoredFile) -> dict[str, Any]:
        return {
            "file_id": f.file_id,
            "file_unique_id": f.file_unique_id,
            "width": f.width,
            "height": f.height,
            "file_size": f.size,
        }

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def view(self, message: StoredMessage, kind: str = "current") -> MessageView:
        text = message.text if message.text is not None else (message.caption or "")
        entities = message.entities if message.text is not None else message.caption_entities
        return MessageView(
            chat_id=message.chat_id,
            message_id=message.message_id,
            kind=kind,
            text=text,
            entities=tuple(entities),
            reply_markup=json.loads(json.dumps(message.reply_markup))
            if message.reply_markup
            else None,
            media=tuple(f.view() for f in message.media[-1:]),
            from_bot=message.from_bot,
            version=len(message.history),
            date=message.date,
            media_group_id=message.media_group_id,
            parse_mode=message.parse_mode,
            at=time.time(),
            raw=self.message_json(message),
        )

    def _emit(self, chat: Chat, message: StoredMessage, kind: str) -> None:
        chat.events.append(self.view(message, kind))
        chat.notify()

    def _wake_pollers(self) -> None:
        event, self._updates_changed = self._updates_changed, asyncio.Event()
        event.set()

    # ---------------------------------------------------------------- HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return _error(exc)
        record = RecordedRequest(method, params, _file_summary(files), time.monotonic())
        name = method.lower()
        if name != "getupdates":
            self.last_request_at = record.at
        self.method_counts[method] = self.method_counts.get(method, 0) + 1
        self._record(record)
        try:
            handler = self._methods.get(name)
            if handler is None:
                raise ApiError(404, "Not Found")
            self._inject_fault(name)
            self._enforce_rate(name, params)
            result = await handler(params, files)
        except ApiError as exc:
            record.status, record.description = exc.status, exc.description
            self.status_counts[exc.status] = self.status_counts.get(exc.status, 0) + 1
            return _error(exc)
        record.status, record.result = 200, result
        self.status_counts[200] = self.status_counts.get(200, 0) + 1
        return _reply(200, {"ok": True, "result": result})

    def _record(self, record: RecordedRequest) -> None:
        self.requests.append(record)
        if self.record_limit and len(self.requests) > self.record_limit * 3 // 2:
            del self.requests[: len(self.requests) - self.record_limit]  # amortised trimming

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, Any], dict[str, tuple[str | None, str | None, bytes]]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str | None, str | None, bytes]] = {}
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                raw.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.content_type, value.file.read())
                else:
                    raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            params[key] = _coerce(key, value)
        return params, files

    def _inject_fault(self, name: str) -> None:
        for fault in self._faults:
            if fault.method == name or (fault.method is None and name != "getupdates"):
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                raise ApiError(fault.status, fault.description, fault.parameters)

    def _enforce_rate(self, name: str, params: dict[str, Any]) -> None:
        if name not in RATED_METHODS:
            return
        now = time.monotonic()
        waits: list[float] = []
        if self._global_bucket:
            wait = self._global_bucket.take(now)
            if wait:
                waits.append(wait)
        chat_id = params.get("chat_id")
        if not waits and isinstance(chat_id, int):
            rate = None
            if chat_id < 0 and self._group_rate:
                rate, capacity = self._group_rate / 60.0, self._group_rate
            elif self._chat_rate:
                rate, capacity = self._chat_rate, max(1.0, self._chat_rate)
            if rate:
                bucket = self._chat_buckets.setdefault(chat_id, TokenBucket(rate, capacity))
                wait = bucket.take(now)
                if wait:
                    waits.append(wait)
                    if self._global_bucket:  # give back the global token taken above
                        self._global_bucket.tokens += 1
        if waits:
            self.rate_limited += 1
            retry = max(1, math.ceil(max(waits)))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(
                    body=stored.content(),
                    content_type=stored.mime_type or "application/octet-stream",
                )
        return web.Response(status=404, text="Not Found")

    # ---------------------------------------------------------------- validation helpers

    def _target_chat(self, params: dict[str, Any], *, sending: bool = True) -> Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat: Chat | None = None
        if isinstance(chat_id, int):
            chat = self.chats.get(chat_id)
            if chat is None and self.auto_chats and chat_id > 0:
                self.user(chat_id, f"User {chat_id}")
                chat = self.chats[chat_id]
        elif isinstance(chat_id, str) and chat_id.startswith("@"):
            for candidate in self.chats.values():
                if candidate.user is not None and candidate.user.username == chat_id[1:]:
                    chat = candidate
        if chat is None or not chat.known:
            raise ApiError(400, CHAT_NOT_FOUND)
        if sending and chat.blocked:
            raise ApiError(403, BLOCKED)
        chat.last_activity = time.monotonic()
        return chat

    def _formatted(
        self, params: dict[str, Any], key: str, entities_key: str, limit: int, *, required: bool
    ) -> tuple[str | None, list[dict[str, Any]]]:
        raw = params.get(key)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return None, []
        try:
            text, entities = parse(str(raw), params.get("parse_mode"))
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
        if not params.get("parse_mode") and isinstance(params.get(entities_key), list):
            entities = params[entities_key]
        if required and not text.strip():
            raise bad_request("message text is empty")
        if utf16_len(text) > limit:
            raise bad_request(
                "message is too long" if key == "text" else "message caption is too long"
            )
        return text, entities

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        if "reply_markup" not in params:
            return None
        markup = params["reply_markup"]
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request(
                    'field "inline_keyboard" of the InlineKeyboardMarkup should be '
                    "an Array of Arrays"
                )
            total = 0
            for row in rows:
                for button in row:
                    _check_button(button)
                    total += 1
            if total > 100:
                raise bad_request("reply markup is too long")
            return markup if total else None
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request(
                    'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
                )
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else (button or {}).get("text")
                    if not isinstance(text, str) or not text:
                        raise bad_request("can't parse keyboard button: Text must be non-empty")
            return markup
        if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
            return markup
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _bot_message(self, chat: Chat, params: dict[str, Any], **fields: Any) -> StoredMessage:
        reply_to = params.get("reply_to_message_id")
        if isinstance(params.get("reply_parameters"), dict):
            reply_to = params["reply_parameters"].get("message_id")
        if reply_to is not None and reply_to not in chat.messages:
            allow = (params.get("reply_parameters") or {}).get("allow_sending_without_reply")
            if not allow:
                raise bad_request("message to be replied not found")
            reply_to = None
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id(),
            date=self.now(),
            sender_id=self.bot_id,
            from_bot=True,
            reply_to=reply_to,
            parse_mode=params.get("parse_mode"),
            **fields,
        )
        chat.messages[message.message_id] = message
        self._emit(chat, message, "message")
        return message

    def _edit_target(self, params: dict[str, Any]) -> tuple[Chat, StoredMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _upload(
        self,
        kind: str,
        value: Any,
        files: dict[str, tuple[str | None, str | None, bytes]],
        part: str,
    ) -> StoredFile:
        """The file for a media parameter: an uploaded part, attach://name, or a file_id."""
        if isinstance(value, str) and value.startswith("attach://"):
            part = value[len("attach://") :]
            value = None
        if value in (None, "") and part in files:
            filename, content_type, data = files[part]
            if not data:
                raise bad_request("file must be non-empty")
            limit = MAX_PHOTO_UPLOAD if kind == "photo" else MAX_UPLOAD
            if len(data) > limit:
                raise ApiError(413, "Request Entity Too Large")
            if kind == "photo" and _photo_dimensions(data) is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            return self.new_file(
                kind,
                data,
                file_name=filename if kind == "document" else None,
                mime_type=content_type if kind == "document" else None,
            )
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self.new_file(kind, None, size=0, file_name=value.rsplit("/", 1)[-1])
        if value in (None, ""):
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    # ---------------------------------------------------------------- Bot API methods

    async def _api_getMe(self, p: dict[str, Any], files: Any) -> Any:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_logOut(self, p: dict[str, Any], files: Any) -> Any:
        return True

    async def _api_close(self, p: dict[str, Any], files: Any) -> Any:
        return True

    async def _api_getUpdates(self, p: dict[str, Any], files: Any) -> Any:
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.get("offset")
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        timeout = float(p.get("timeout") or 0)
        if isinstance(p.get("allowed_updates"), list):
            self._allowed_updates = frozenset(p["allowed_updates"]) or _DEFAULT_UPDATE_TYPES
        if isinstance(offset, int) and offset > self._confirmed_below:
            self._confirmed_below = offset
            self._pending = [u for u in self._pending if u.forced or u.update_id >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # an older long poll still waiting gets 409, as on Telegram
        deadline = time.monotonic() + timeout
        while True:
            self._pending = [
                u for u in self._pending if u.kind in self._allowed_updates or u.delivered
            ]
            ready = [u for u in self._pending if u.forced or u.update_id >= self._confirmed_below][
                :limit
            ]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closing:
                break
            await wait_event(self._updates_changed, remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
        result = []
        for update in ready:
            update.delivered = True
            result.append(update.payload)
            if update.chat_id in self.chats:
                # A user's wait_idle counts from the delivery too: a redelivered update is
                # dropped from the queue at once, before the bot has handled it.
                self.chats[update.chat_id].last_activity = time.monotonic()
            if update.forced:
                self._pending.remove(update)
        return result

    async def _api_setWebhook(self, p: dict[str, Any], files: Any) -> Any:
        url = p.get("url") or ""
        if not url:
            return await self._api_deleteWebhook(p, files)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if p.get("drop_pending_updates"):
            self._drop_pending()
        if isinstance(p.get("allowed_updates"), list):
            self._allowed_updates = frozenset(p["allowed_updates"]) or _DEFAULT_UPDATE_TYPES
        self.webhook = {"url": url, "secret_token": p.get("secret_token")}
        self._wake_pollers()
        if self._webhook_task is None:
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    async def _api_deleteWebhook(self, p: dict[str, Any], files: Any) -> Any:
        self.webhook = None
        if self._webhook_task:
            self._webhook_task.cancel()
            self._webhook_task = None
        if p.get("drop_pending_updates"):
            self._drop_pending()
        return True

    async def _api_getWebhookInfo(self, p: dict[str, Any], files: Any) -> Any:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
        }

    def _drop_pending(self) -> None:
        if self._pending:
            self._confirmed_below = max(u.update_id for u in self._pending) + 1
        self._pending.clear()

    async def _deliver_webhook(self) -> None:
        if self._http is None:
            self._http = ClientSession(timeout=ClientTimeout(total=30))
        while self.webhook:
            ready = [u for u in self._pending if u.kind in self._allowed_updates]
            if not ready:
                await self._wait_updates(1.0)
                continue
            update = ready[0]
            headers = {}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
            try:
                async with self._http.post(
                    self.webhook["url"], json=update.payload, headers=headers
                ) as response:
                    ok = 200 <= response.status < 300
            except (TimeoutError, OSError, Exception):
                ok = False
            if ok:
                update.delivered = True
                if update in self._pending:
                    self._pending.remove(update)
            else:
                await asyncio.sleep(0.2)

    async def _wait_updates(self, timeout: float) -> None:  # noqa: ASYNC109
        await wait_event(self._updates_changed, timeout)

    async def _api_setMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not (1 <= len(name) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in name
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not (1 <= len(description) <= 256):
                raise bad_request("command description must be non-empty")
        key = (_scope_key(p.get("scope")), p.get("language_code") or "")
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _api_getMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        key = (_scope_key(p.get("scope")), p.get("language_code") or "")
        return self.commands.get(key, [])

    async def _api_deleteMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        self.commands.pop((_scope_key(p.get("scope")), p.get("language_code") or ""), None)
        return True

    async def _api_getChat(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p, sending=False)
        return {
            **chat.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

    async def _api_sendMessage(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        text, entities = self._formatted(p, "text", "entities", MAX_TEXT, required=True)
        markup = self._markup(p)
        message = self._bot_message(chat, p, text=text, entities=entities, reply_markup=markup)
        return self.message_json(message)

    async def _api_sendPhoto(self, p: dict[str, Any], files: Any) -> Any:
        return await self._send_media(p, files, "photo")

    async def _api_sendDocument(self, p: dict[str, Any], files: Any) -> Any:
        return await self._send_media(p, files, "document")

    async def _send_media(self, p: dict[str, Any], files: Any, kind: str) -> Any:
        chat = self._target_chat(p)
        caption, caption_entities = self._formatted(
            p, "caption", "caption_entities", MAX_CAPTION, required=False
        )
        markup = self._markup(p)
        stored = self._upload(kind, p.get(kind), files, kind)
        message = self._bot_message(
            chat,
            p,
            caption=caption,
            caption_entities=caption_entities,
            reply_markup=markup,
            media=[stored],
        )
        return self.message_json(message)

    async def _api_sendMediaGroup(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        media = p.get("media")
        if not isinstance(media, list):
            raise bad_request("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise bad_request("Too few media in the group" if len(media) < 2 else "Too many media")
        kinds = {m.get("type") for m in media if isinstance(m, dict)}
        if not kinds <= {"photo", "video", "document", "audio"} or (
            len(kinds) != 1 and ("document" in kinds or "audio" in kinds)
        ):
            raise bad_request("MEDIA_INVALID")
        prepared = []
        for item in media:
            caption, caption_entities = self._formatted(
                item, "caption", "caption_entities", MAX_CAPTION, required=False
            )
            kind = "photo" if item["type"] in ("photo", "video") else "document"
            prepared.append(
                (self._upload(kind, item.get("media"), files, ""), caption, caption_entities)
            )
        group_id = f"{next(self._media_groups):018d}"
        results = []
        for stored, caption, caption_entities in prepared:
            message = self._bot_message(
                chat,
                p,
                caption=caption,
                caption_entities=caption_entities,
                media=[stored],
                media_group_id=group_id,
            )
            results.append(self.message_json(message))
        return results

    async def _api_sendChatAction(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        if p.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(p["action"])
        return True

    async def _api_editMessageText(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._formatted(p, "text", "entities", MAX_TEXT, required=True)
        markup = self._markup(p)
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.parse_mode = p.get("parse_mode")
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_editMessageCaption(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        if not message.media:
            raise bad_request("there is no caption in the message to edit")
        caption, entities = self._formatted(
            p, "caption", "caption_entities", MAX_CAPTION, required=False
        )
        markup = self._markup(p)
        if (
            caption == message.caption
            and entities == message.caption_entities
            and markup == message.reply_markup
        ):
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.caption, message.caption_entities, message.reply_markup = caption, entities, markup
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_editMessageReplyMarkup(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        markup = self._markup(p)
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.reply_markup = markup
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_deleteMessage(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p, sending=False)
        message = chat.messages.get(p.get("message_id"))  # type: ignore[arg-type]
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        self._emit(chat, message, "delete")
        return True

    async def _api_answerCallbackQuery(self, p: dict[str, Any], files: Any) -> Any:
        record = self._queries.get(str(p.get("callback_query_id", "")))
        if record is None or record.answered:
            raise ApiError(400, QUERY_TOO_OLD)
        if time.monotonic() - record.created > self.callback_timeout:
            raise ApiError(400, QUERY_TOO_OLD)
        text = p.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        record.press.answer = CallbackAnswer(
            record.query_id, text, bool(p.get("show_alert")), p.get("url")
        )
        chat = self.chats.get(record.chat_id)
        if chat is not None:
            chat.last_activity = time.monotonic()
            chat.notify()
        return True

    async def _api_getFile(self, p: dict[str, Any], files: Any) -> Any:
        stored = self.files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        if stored.file_path is None:
            extension = {"photo": "jpg"}.get(stored.kind) or (
                stored.file_name.rsplit(".", 1)[-1]
                if stored.file_name and "." in stored.file_name
                else "bin"
            )
            stored.file_path = (
                f"{stored.kind}s/file_{len(self.files)}_{stored.file_unique_id}.{extension}"
            )
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }


def _scope_key(scope: Any) -> str:
    if not scope:
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True)


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None
    if key in ("chat_id", "user_id", "from_chat_id") or key in _INT_PARAMS:
        stripped = value.lstrip("-")
        if stripped.isdigit():
            return int(value)
        if key in _INT_PARAMS:
            raise bad_request(f"invalid {key} specified")
        return value
    if key == "timeout":
        try:
            return float(value)
        except ValueError:
            return 0.0
    if key in _BOOL_PARAMS:
        return value.lower() in ("true", "1")
    return value


def _check_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [k for k in _BUTTON_ACTIONS if k in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request("can't parse inline keyboard button: only one action field is allowed")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not data or len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://")):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _file_summary(
    files: dict[str, tuple[str | None, str | None, bytes]],
) -> dict[str, tuple[str | None, str | None, int]]:
    return {k: (name, kind, len(data)) for k, (name, kind, data) in files.items()}


def _reply(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


def _error(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": exc.status,
        "description": exc.description,
    }
    if exc.parameters:
        body["parameters"] = exc.parameters
    return _reply(exc.status, body)
