"""Simulated Telegram users: they write to the bot, press its buttons and read its replies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from tests.fakebot.server import StoredFile, StoredMessage
from tests.fakebot.views import Again, CallbackAnswer, Document, MessageView, Photo, Press

if TYPE_CHECKING:
    from tests.fakebot.server import Chat, FakeBotAPI

Predicate = Callable[[MessageView], bool]


class SimUser:
    """A person in a private chat with the bot. Get one with `server.user(user_id, ...)`."""

    def __init__(
        self,
        server: FakeBotAPI,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None,
        username: str | None,
        last_name: str | None,
    ) -> None:
        self.server = server
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.presses: list[Press] = []
        self._cursor = 0  # index into chat.events of the next event wait_for looks at

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.first_name!r})"

    @property
    def chat(self) -> Chat:
        return self.server.chats[self.id]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    # ------------------------------------------------------------ writing to the bot

    async def send(
        self,
        text: str,
        *,
        reply_to: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> MessageView:
        """Send a text message; a leading /command gets its bot_command entity, as on Telegram."""
        if entities is None:
            entities = []
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                entities.append(
                    {
                        "type": "bot_command",
                        "offset": 0,
                        "length": len(command.encode("utf-16-le")) // 2,
                    }
                )
        message = self._message(text=text, entities=entities, reply_to=reply_to)
        return await self._deliver(message)

    async def send_photo(
        self, data: bytes | None = None, caption: str | None = None, *, size: int | None = None
    ) -> MessageView:
        return await self._deliver(self._media_message(Photo(data, caption, size)))

    async def send_document(
        self,
        data: bytes | None = None,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        *,
        size: int | None = None,
    ) -> MessageView:
        """Send a document; `data=None, size=N` declares a file (e.g. over 20 MB) with no bytes."""
        return await self._deliver(
            self._media_message(Document(data, file_name, mime_type, caption, size))
        )

    async def send_album(
        self, items: Iterable[bytes | Photo | Document | Again]
    ) -> list[MessageView]:
        """Send an album: one update per item, consecutive, sharing a media_group_id."""
        group_id = f"{next(self.server._media_groups) + 10**17}"
        views = []
        for item in items:
            media = Photo(item) if isinstance(item, bytes | bytearray) else item
            message = self._media_message(media)
            message.media_group_id = group_id
            views.append(await self._deliver(message))
        return views

    async def edit(self, message_id: int, text: str) -> MessageView:
        """Edit one of one's own text messages (an `edited_message` update)."""
        message = self.chat.messages[message_id]
        if message.from_bot:
            raise ValueError("a user can only edit their own messages")
        message.history.append(message.snapshot())
        message.text = text
        message.edit_date = self.server.now()
        self.server.enqueue("edited_message", self.server.message_json(message), self.id)
        await asyncio.sleep(0)
        return self.server.view(message)

    async def press(self, message: MessageView | int, button: str) -> Press:
        """Press the inline button whose text or callback data is `button` on the message as it is
        now; raises LookupError when the message has no such button."""
        message_id = message if isinstance(message, int) else message.message_id
        stored = self.chat.messages.get(message_id)
        if stored is None or stored.deleted:
            raise LookupError(f"message {message_id} does not exist in chat {self.id}")
        current = self.server.view(stored)
        found = current.button(button)
        if found.data is None:
            raise LookupError(f"button {button!r} is a URL button, it cannot be pressed")
        return await self._press(stored, message_id, found.data)

    async def press_data(self, message_id: int, data: str) -> Press:
        """A press with arbitrary callback data on message `message_id` (forged or stale)."""
        stored = self.chat.messages.get(message_id)
        return await self._press(stored, message_id, data)

    async def _press(self, stored: StoredMessage | None, message_id: int, data: str) -> Press:
        press = self.server.register_query(self.id, stored, self.id, message_id, data)
        self.presses.append(press)
        await asyncio.sleep(0)
        return press

    def block(self) -> None:
        self.server.block(self.id)

    def unblock(self) -> None:
        self.server.unblock(self.id)

    # ------------------------------------------------------------ reading the bot

    async def wait_for(
        self,
        predicate: Predicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> MessageView:
        """The next bot message, edit or deletion in this chat (matching `predicate`).

        Events are consumed in order: those before the match are skipped for later calls.
        """
        chat = self.chat
        deadline = time.monotonic() + timeout
        while True:
            while self._cursor < len(chat.events):
                event = chat.events[self._cursor]
                self._cursor += 1
                if event.from_bot and (predicate is None or predicate(event)):
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(e.kind, e.message_id, e.text[:60]) for e in chat.events[-5:]]
                raise TimeoutError(
                    f"{self!r}: no matching bot message within {timeout}s; last events: {seen}"
                )
            await chat.wait_change(remaining)

    async def wait_text(self, fragment: str, timeout: float = 5.0) -> MessageView:  # noqa: ASYNC109
        """The next message or edit whose text contains `fragment`."""
        return await self.wait_for(lambda m: fragment in m.text and m.kind != "delete", timeout)

    async def wait_answer(self, press: Press, timeout: float = 5.0) -> CallbackAnswer:  # noqa: ASYNC109
        """The bot's answerCallbackQuery for `press`."""
        deadline = time.monotonic() + timeout
        while press.answer is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"callback query {press.query_id} ({press.data}) not answered")
            await self.chat.wait_change(remaining)
        return press.answer

    def skip_pending(self) -> None:
        """Forget the events so far: the next wait_for sees only newer ones."""
        self._cursor = len(self.chat.events)

    @property
    def events(self) -> list[MessageView]:
        return list(self.chat.events)

    @property
    def messages(self) -> list[MessageView]:
        """The bot's messages in this chat as they are now (deleted ones left out), oldest first."""
        return [
            self.server.view(m) for m in self.chat.messages.values() if m.from_bot and not m.deleted
        ]

    @property
    def last_message(self) -> MessageView | None:
        messages = self.messages
        return messages[-1] if messages else None

    def message(self, message_id: int) -> MessageView:
        """Message `message_id` in this chat as it is now."""
        return self.server.view(self.chat.messages[message_id])

    def history(self, message_id: int) -> list[dict[str, Any]]:
        """Earlier versions of a message (text, entities, caption, reply_markup, edit_date)."""
        return list(self.chat.messages[message_id].history)

    @property
    def pending_updates(self) -> int:
        return sum(1 for u in self.server._pending if u.chat_id == self.id and not u.delivered)

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until the bot fetched this user's updates and made no request about this chat (or
        answered none of its queries) for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            mine = [u for u in self.server._pending if u.chat_id == self.id]
            last = max([self.chat.last_activity] + [u.created for u in mine])
            if not any(not u.delivered for u in mine) and now - last >= quiet:
                return
            if now >= deadline:
                raise TimeoutError(f"{self!r}: bot still busy after {timeout}s")
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------ plumbing

    def _message(self, **fields: Any) -> StoredMessage:
        chat = self.chat
        chat.known = True
        message = StoredMessage(
            chat_id=self.id,
            message_id=chat.next_message_id(),
            date=self.server.now(),
            sender_id=self.id,
            from_bot=False,
            **fields,
        )
        chat.messages[message.message_id] = message
        return message

    def _media_message(self, media: Photo | Document | Again) -> StoredMessage:
        if isinstance(media, Again):
            files = list(self.chat.messages[media.message_id].media)
        elif isinstance(media, Photo):
            data = media.data if media.data is not None or media.size else _TINY_PNG
            stored: StoredFile = self.server.new_file("photo", data, size=media.size)
            thumb = self.server.new_file("photo", data, size=media.size)
            thumb.width, thumb.height = 90, 90 * max(stored.height, 1) // max(stored.width, 1)
            files = [thumb, stored]
        else:
            stored = self.server.new_file(
                "document",
                media.data,
                size=media.size,
                file_name=media.file_name,
                mime_type=media.mime_type,
            )
            files = [stored]
        return self._message(caption=media.caption, media=files)

    async def _deliver(self, message: StoredMessage) -> MessageView:
        self.server.enqueue("message", self.server.message_json(message), self.id)
        await asyncio.sleep(0)
        return self.server.view(message)


# A valid 1x1 PNG, used when a test sends a photo without caring about its bytes.
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)
