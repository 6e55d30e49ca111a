"""A fake Telegram Bot API server over real HTTP (aiohttp), with Telegram's validation.

The bot under test talks to it through python-telegram-bot unmodified, with
`base_url=f"{server.url}/bot"` and `base_file_url=f"{server.url}/file/bot"`. Tests drive it through
simulated users (`server.user(...)`, see users.py); another process can drive it through the
`/_control/...` HTTP routes (see `__main__.py`).

This module holds FakeBotAPI itself: its state, lifecycle, the test-facing API and the HTTP
plumbing. The rest lives by idea beside it (see the package docstring).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientSession, web

from tests.fakebot.errors import (
    BLOCKED,
    CHAT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    bad_request,
)
from tests.fakebot.faults import Fault, Faults
from tests.fakebot.files import MAX_DOWNLOAD, MAX_PHOTO_UPLOAD, MAX_UPLOAD, FilesMixin
from tests.fakebot.flood import RATED_METHODS, FloodControl, TokenBucket
from tests.fakebot.methods import MethodsMixin, scope_key
from tests.fakebot.state import (
    CallbackRecord,
    Chat,
    PendingUpdate,
    RecordedRequest,
    StoredFile,
    StoredMessage,
    wait_event,
)
from tests.fakebot.updates import DEFAULT_UPDATE_TYPES, UpdatesMixin
from tests.fakebot.validation import MAX_CALLBACK_DATA, MAX_CAPTION, MAX_TEXT, coerce
from tests.fakebot.views import MessageView
from tests.fakebot.webhooks import WebhooksMixin

__all__ = [  # what this module exported before it was split; keep importing from here working
    "BLOCKED",
    "CHAT_NOT_FOUND",
    "DEFAULT_TOKEN",
    "MAX_CALLBACK_DATA",
    "MAX_CAPTION",
    "MAX_DOWNLOAD",
    "MAX_PHOTO_UPLOAD",
    "MAX_TEXT",
    "MAX_UPLOAD",
    "NOT_MODIFIED",
    "QUERY_TOO_OLD",
    "RATED_METHODS",
    "ApiError",
    "CallbackRecord",
    "Chat",
    "FakeBotAPI",
    "Fault",
    "PendingUpdate",
    "RecordedRequest",
    "StoredFile",
    "StoredMessage",
    "TokenBucket",
    "bad_request",
    "wait_event",
]

DEFAULT_TOKEN = "123456789:AAFakeTokenForSiapNilaiTests-0123456789"


class FakeBotAPI(UpdatesMixin, WebhooksMixin, FilesMixin, MethodsMixin):
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
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._queries: dict[str, CallbackRecord] = {}
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._media_groups = itertools.count(1)
        self.faults = Faults()
        self.flood = FloodControl()
        self.last_request_at = 0.0
        self.client_ports: set[int] = set()
        """The bot's connections (their local ports) that carried a method other than
        getUpdates: how many it opens to the Bot API."""
        self._held: dict[str, asyncio.Event] = {}
        self._cuts: dict[str, int] = {}
        self.latency = 0.0
        """Seconds each call but getUpdates takes before it is read: Telegram's round trip
        (~0.1-0.3 s from Indonesia), for tests of what waits behind what."""
        self.held = 0
        """Calls of a held method waiting for `release` now."""
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
        self._canonical = {
            name[len("_api_") :].lower(): name[len("_api_") :]
            for name in dir(self)
            if name.startswith("_api_")
        }
        """Method names are case-insensitive (as Telegram's): requests are recorded by the
        documented spelling, "editMessageText" for an "editmessagetext" call."""

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
        self.faults.add(method, status, retry_after, count, description)

    def hold(self, method: str) -> None:
        """Keep the answers to `method` until `release`: its calls stay open (in flight)."""
        self._held[method.lower()] = asyncio.Event()

    def cut_after(self, method: str, count: int = 1) -> None:
        """Carry out the next `count` calls of `method` (a message is delivered), then drop
        the connection before answering: the client cannot know whether it arrived."""
        self._cuts[method.lower()] = count

    def release(self, method: str) -> None:
        gate = self._held.pop(method.lower(), None)
        if gate is not None:
            gate.set()

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
        self.flood.configure(global_per_second, per_chat_per_second, per_group_per_minute, burst)

    @property
    def rate_limited(self) -> int:
        """429s answered by enforce_rate."""
        return self.flood.rate_limited

    def clear_rate(self) -> None:
        self.enforce_rate(None)

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
        return self.commands.get((scope_key(scope), language_code))

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

    # ---------------------------------------------------------------- HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        method = self._canonical.get(method.lower(), method)
        if request.match_info["token"] != self.token:
            return _reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        if self.latency and method.lower() != "getupdates":
            await asyncio.sleep(self.latency)
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return _error(exc)
        record = RecordedRequest(
            method,
            params,
            _file_summary(files),
            time.monotonic(),
            content_type=request.content_type,
        )
        name = method.lower()
        if name != "getupdates":
            self.last_request_at = record.at
            peer = request.transport.get_extra_info("peername") if request.transport else None
            if peer:
                self.client_ports.add(peer[1])
        self.method_counts[method] = self.method_counts.get(method, 0) + 1
        self._record(record)
        try:
            handler = self._methods.get(name)
            if handler is None:
                raise ApiError(404, "Not Found")
            self.faults.check(name)
            self.flood.check(name, params)
            gate = self._held.get(name)
            if gate is not None:
                self.held += 1
                try:
                    await gate.wait()
                finally:
                    self.held -= 1
            result = await handler(params, files)
            if self._cuts.get(name, 0) > 0 and request.transport is not None:
                self._cuts[name] -= 1
                request.transport.abort()
                raise ApiError(599, "the connection was cut after the call was carried out")
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
            params[key] = coerce(key, value)
        return params, files


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
