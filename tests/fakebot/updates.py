"""The update queue: what users do becomes updates, fetched by getUpdates (or pushed by the
webhook, see webhooks.py), confirmed by the offset, redelivered on demand; callback queries."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import TYPE_CHECKING, Any

from tests.fakebot.errors import ApiError
from tests.fakebot.state import CallbackRecord, Chat, PendingUpdate, StoredMessage, wait_event
from tests.fakebot.views import Press

DEFAULT_UPDATE_TYPES = frozenset(
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


class UpdatesMixin:
    """The updates part of FakeBotAPI."""

    chats: dict[int, Chat]
    users: dict[int, Any]
    bot_id: int
    webhook: dict[str, Any] | None
    _closing: bool
    _pending: list[PendingUpdate]
    _by_update_id: dict[int, PendingUpdate]
    _update_ids: itertools.count[int]
    _confirmed_below: int
    _updates_changed: asyncio.Event
    _poll_generation: int
    _allowed_updates: frozenset[str]
    _queries: dict[str, CallbackRecord]
    _query_ids: itertools.count[int]

    if TYPE_CHECKING:  # the rest of FakeBotAPI, for the type checker

        def message_json(self, message: StoredMessage) -> dict[str, Any]: ...

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

    @property
    def pending_updates(self) -> int:
        return sum(1 for u in self._pending if not u.delivered)

    def enqueue(self, kind: str, payload: dict[str, Any], chat_id: int | None) -> PendingUpdate:
        update_id = next(self._update_ids)
        pending = PendingUpdate(
            update_id, {"update_id": update_id, kind: payload}, chat_id, kind, time.monotonic()
        )
        self._pending.append(pending)
        self._by_update_id[update_id] = pending
        self._wake_pollers()
        return pending

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

    def _wake_pollers(self) -> None:
        event, self._updates_changed = self._updates_changed, asyncio.Event()
        event.set()

    async def _wait_updates(self, timeout: float) -> None:  # noqa: ASYNC109
        await wait_event(self._updates_changed, timeout)

    def _drop_pending(self) -> None:
        if self._pending:
            self._confirmed_below = max(u.update_id for u in self._pending) + 1
        self._pending.clear()

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
            self._allowed_updates = frozenset(p["allowed_updates"]) or DEFAULT_UPDATE_TYPES
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
