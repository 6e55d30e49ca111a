"""HTTP control routes, so another process (a load generator) can drive the fake server.

All bodies and answers are JSON. Times are `time.time()` seconds.
- POST /_control/users          {"users": [{"id", "first_name"?, "language_code"?}, ...]}
- POST /_control/user_message   {"user_id", "text", "first_name"?, "language_code"?}
                                -> {"message_id", "update_id", "at"}
- POST /_control/press          {"user_id", "message_id", "button"} (text or callback data)
                                or {"user_id", "message_id", "data"} (raw) -> {"query_id", ...}
- GET  /_control/messages?chat_id=N&after=K   bot events in the chat from index K
- GET  /_control/wait?chat_id=N&after=K&timeout=S   long poll for the event at index K
- POST /_control/rate           {"global_per_second", "per_chat_per_second"?, ...} ({} = off)
- POST /_control/block          {"user_id"}
- POST /_control/fail_next      {"method", "status"?, "retry_after"?, "count"?}
- GET  /_control/stats          counts per method and status, 429s, messages per chat
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakebot.views import MessageView

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotAPI


def add_control_routes(app: web.Application, server: FakeBotAPI) -> None:
    async def users(request: web.Request) -> web.Response:
        body = await request.json()
        for item in body.get("users", []):
            server.user(
                int(item["id"]),
                item.get("first_name", "User"),
                language_code=item.get("language_code", "id"),
                username=item.get("username"),
            )
        return web.json_response({"ok": True, "users": len(server.users)})

    async def user_message(request: web.Request) -> web.Response:
        body = await request.json()
        user = server.user(
            int(body["user_id"]),
            body.get("first_name", "User"),
            language_code=body.get("language_code", "id"),
        )
        at = time.time()
        view = await user.send(body["text"])
        update_id = server._pending[-1].update_id if server._pending else None
        return web.json_response({"message_id": view.message_id, "update_id": update_id, "at": at})

    async def press(request: web.Request) -> web.Response:
        body = await request.json()
        user = server.user(int(body["user_id"]))
        at = time.time()
        try:
            if "data" in body:
                result = await user.press_data(int(body["message_id"]), body["data"])
            else:
                result = await user.press(int(body["message_id"]), body["button"])
        except LookupError as exc:
            return web.json_response({"error": str(exc)}, status=404)
        return web.json_response(
            {"query_id": result.query_id, "update_id": result.update_id, "at": at}
        )

    async def messages(request: web.Request) -> web.Response:
        chat = server.chats.get(int(request.query["chat_id"]))
        after = int(request.query.get("after", 0))
        events = chat.events[after:] if chat else []
        return web.json_response({"events": [_event(e, after + i) for i, e in enumerate(events)]})

    async def wait(request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        after = int(request.query.get("after", 0))
        deadline = time.monotonic() + float(request.query.get("timeout", 10))
        chat = server.chats.get(chat_id)
        if chat is None:
            return web.json_response({"error": "no such chat"}, status=404)
        while len(chat.events) <= after:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return web.json_response({"events": []})
            await chat.wait_change(remaining)
        return web.json_response(
            {"events": [_event(e, after + i) for i, e in enumerate(chat.events[after:])]}
        )

    async def rate(request: web.Request) -> web.Response:
        body = await request.json()
        server.enforce_rate(
            body.get("global_per_second"),
            body.get("per_chat_per_second"),
            body.get("per_group_per_minute"),
            burst=body.get("burst"),
        )
        return web.json_response({"ok": True})

    async def block(request: web.Request) -> web.Response:
        body = await request.json()
        server.block(int(body["user_id"]))
        return web.json_response({"ok": True})

    async def fail_next(request: web.Request) -> web.Response:
        body = await request.json()
        server.fail_next(
            body.get("method"),
            int(body.get("status", 429)),
            retry_after=int(body.get("retry_after", 1)),
            count=int(body.get("count", 1)),
        )
        return web.json_response({"ok": True})

    async def stats(request: web.Request) -> web.Response:
        per_chat = {
            str(chat_id): sum(1 for m in chat.messages.values() if m.from_bot)
            for chat_id, chat in server.chats.items()
        }
        return web.json_response(
            {
                "methods": server.method_counts,
                "statuses": {str(k): v for k, v in server.status_counts.items()},
                "rate_limited": server.rate_limited,
                "pending_updates": server.pending_updates,
                "bot_messages_per_chat": per_chat,
            }
        )

    app.router.add_post("/_control/users", users)
    app.router.add_post("/_control/user_message", user_message)
    app.router.add_post("/_control/press", press)
    app.router.add_get("/_control/messages", messages)
    app.router.add_get("/_control/wait", wait)
    app.router.add_post("/_control/rate", rate)
    app.router.add_post("/_control/block", block)
    app.router.add_post("/_control/fail_next", fail_next)
    app.router.add_get("/_control/stats", stats)


def _event(view: MessageView, index: int) -> dict[str, Any]:
    return {
        "index": index,
        "kind": view.kind,
        "message_id": view.message_id,
        "text": view.text,
        "buttons": [[list(b) for b in row] for row in view.buttons],
        "media": [m.kind for m in view.media],
        "version": view.version,
        "at": view.at,
    }
