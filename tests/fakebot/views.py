"""What tests look at: immutable snapshots of bot messages, and inputs for simulated users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Button(NamedTuple):
    """An inline button as the user sees it: `data` is its callback_data (None for URL buttons)."""

    text: str
    data: str | None


@dataclass(frozen=True)
class MediaView:
    kind: str  # "photo" | "document"
    file_id: str
    file_unique_id: str
    size: int
    data: bytes | None
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class MessageView:
    """One state of a message in a chat.

    `kind` says what happened when this view was taken: "message" (sent), "edit" (edited),
    "delete" (deleted), or "current" (a look at the present state). `text` is the visible text
    (the caption for media), after entity parsing.
    """

    chat_id: int
    message_id: int
    kind: str
    text: str
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    media: tuple[MediaView, ...]
    from_bot: bool
    version: int  # 0 when never edited, +1 per edit
    date: int
    media_group_id: str | None = None
    parse_mode: str | None = None
    at: float = 0.0  # time.time() when this view was taken
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def buttons(self) -> list[list[Button]]:
        markup = self.reply_markup or {}
        return [
            [Button(b.get("text", ""), b.get("callback_data")) for b in row]
            for row in markup.get("inline_keyboard", [])
        ]

    @property
    def button_texts(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]

    def button(self, label: str) -> Button:
        """The button whose text or callback data equals `label` (LookupError if none)."""
        for row in self.buttons:
            for b in row:
                if label in (b.text, b.data):
                    return b
        raise LookupError(f"no button {label!r} in message {self.message_id}: {self.button_texts}")

    def button_url(self, label: str) -> str | None:
        for row in (self.reply_markup or {}).get("inline_keyboard", []):
            for b in row:
                if b.get("text") == label:
                    url = b.get("url")
                    return str(url) if url is not None else None
        raise LookupError(f"no button {label!r} in message {self.message_id}")

    @property
    def caption(self) -> str:
        return self.text if self.media else ""


@dataclass(frozen=True)
class Photo:
    """A photo a simulated user sends (bytes, or only a declared size)."""

    data: bytes | None = None
    caption: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Again:
    """The file(s) of an earlier message of this chat, sent again: the same file_unique_id,
    as Telegram gives a photo forwarded or picked again from the phone's recent files."""

    message_id: int
    caption: str | None = None


@dataclass(frozen=True)
class Document:
    """A document a simulated user sends; `size` alone (data=None) models a huge file."""

    data: bytes | None = None
    file_name: str = "document.pdf"
    mime_type: str = "application/pdf"
    caption: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class Press:
    """A callback query a simulated user made; `answer` is filled when the bot answers it."""

    query_id: str
    update_id: int
    chat_id: int
    message_id: int
    data: str
    answer: CallbackAnswer | None = None
