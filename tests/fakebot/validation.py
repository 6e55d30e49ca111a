"""What the fake checks in a request before acting on it, with Telegram's limits and wording:
parameter types, formatted texts (parsed by TDLib, see entities.py), inline keyboards."""

from __future__ import annotations

import json
from typing import Any

from tests.fakebot import entities
from tests.fakebot.errors import bad_request

MAX_TEXT = 4096  # UTF-16 units, after entity parsing
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_ANSWER_TEXT = 200

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
CHAT_ACTIONS = frozenset(
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


def coerce(key: str, value: Any) -> Any:
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


def formatted(
    params: dict[str, Any], key: str, entities_key: str, limit: int, *, required: bool
) -> tuple[str | None, list[dict[str, Any]]]:
    """The text (or caption) `key` of a request and its entities, as Telegram would store them."""
    raw = params.get(key)
    if raw is None or raw == "":
        if required:
            raise bad_request("message text is empty")
        return None, []
    parse_mode = params.get("parse_mode")
    if not entities.known_parse_mode(parse_mode):
        raise bad_request("unsupported parse_mode")
    try:
        text, found = entities.parse(str(raw), parse_mode)
    except entities.EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    if not parse_mode and isinstance(params.get(entities_key), list):
        found = params[entities_key]
    if required and not text.strip():
        raise bad_request("message text is empty")
    if entities.utf16_len(text) > limit:
        raise bad_request("message is too long" if key == "text" else "message caption is too long")
    return text, found


def markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The request's reply_markup, checked; None when absent or an empty inline keyboard."""
    if "reply_markup" not in params:
        return None
    markup: Any = params["reply_markup"]
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        total = 0
        for row in rows:
            for button in row:
                check_button(button)
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


def check_button(button: Any) -> None:
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
