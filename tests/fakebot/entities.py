"""Formatted text the way Telegram's Bot API server reads it: TDLib's own parser, offline.

The Bot API server turns `parse_mode` into TDLib's `parseTextEntities` request (HTML ->
textParseModeHTML, MarkdownV2 -> textParseModeMarkdown version 2, the legacy Markdown ->
version 1) and answers TDLib's error as "Bad Request: can't parse entities: ...". We run the same
request through `tdjson.td_execute` (the PyPI package `tdjson` ships libtdjson): synchronous,
no client, no network, no files.

On top of TDLib, one check Telegram does not make (`strict_html_escaping`): in HTML, a `&` that
does not start one of the entities TDLib decodes (`&lt;` `&gt;` `&amp;` `&quot;` `&#NN;`
`&#xNN;`) is refused. Telegram would show it as typed, but the Bot API documentation requires
escaping it, and a bot that leaves `&` unescaped also leaves user text unescaped, which a `<`
in that text breaks. Offsets and lengths of entities are in UTF-16 code units, like Telegram's.
"""

from __future__ import annotations

import json
import re
from typing import Any

import tdjson

Entity = dict[str, Any]

_MODES: dict[str, dict[str, Any]] = {
    "html": {"@type": "textParseModeHTML"},
    "markdownv2": {"@type": "textParseModeMarkdown", "version": 2},
    "markdown": {"@type": "textParseModeMarkdown", "version": 1},
}
# TDLib textEntityType -> Bot API MessageEntity.type (parseTextEntities makes only these).
_TYPES = {
    "textEntityTypeBold": "bold",
    "textEntityTypeItalic": "italic",
    "textEntityTypeUnderline": "underline",
    "textEntityTypeStrikethrough": "strikethrough",
    "textEntityTypeSpoiler": "spoiler",
    "textEntityTypeCode": "code",
    "textEntityTypePre": "pre",
    "textEntityTypePreCode": "pre",
    "textEntityTypeTextUrl": "text_link",
    "textEntityTypeMentionName": "text_mention",
    "textEntityTypeCustomEmoji": "custom_emoji",
    "textEntityTypeBlockQuote": "blockquote",
    "textEntityTypeExpandableBlockQuote": "expandable_blockquote",
    "textEntityTypeDateTime": "date_time",
}
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_TAG_RE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")

strict_html_escaping = True  # the one check above TDLib's; tests may turn it off


class EntityParseError(ValueError):
    """TDLib refused the text; str(error) is its message after "Can't parse entities: "."""


def _execute(request: dict[str, Any]) -> dict[str, Any]:
    answer = tdjson.td_execute(json.dumps(request, ensure_ascii=False).encode("utf-8", "replace"))
    if answer is None:
        raise RuntimeError(f"TDLib answered nothing to {request['@type']}")
    result: dict[str, Any] = json.loads(answer)
    return result


# Silence TDLib before anything else: its default verbosity writes to stderr.
_execute({"@type": "setLogVerbosityLevel", "new_verbosity_level": 0})
TDLIB_VERSION: str = _execute({"@type": "getOption", "name": "version"}).get("value", "?")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def known_parse_mode(parse_mode: str | None) -> bool:
    return not parse_mode or parse_mode.lower() in _MODES


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """`text` in `parse_mode` (None or "" = plain) -> (text, Bot API entities).

    Raises EntityParseError with TDLib's message, or ValueError for an unknown parse mode
    (check `known_parse_mode` first).
    """
    if not parse_mode:
        return text, []
    mode = _MODES.get(parse_mode.lower())
    if mode is None:
        raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    answer = _execute({"@type": "parseTextEntities", "text": text, "parse_mode": mode})
    if answer.get("@type") == "error":
        message = str(answer.get("message", ""))
        prefix = "Can't parse entities: "
        raise EntityParseError(message.removeprefix(prefix))
    if strict_html_escaping and mode["@type"] == "textParseModeHTML":
        _check_ampersands(text)
    entities = [e for e in map(_bot_api_entity, answer.get("entities", [])) if e is not None]
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return str(answer.get("text", "")), entities


def _bot_api_entity(td: dict[str, Any]) -> Entity | None:
    kind: dict[str, Any] = td["type"]
    name = _TYPES.get(kind["@type"])
    if name is None:
        return None
    entity: Entity = {"type": name, "offset": td["offset"], "length": td["length"]}
    if kind["@type"] == "textEntityTypePreCode" and kind.get("language"):
        entity["language"] = kind["language"]
    elif name == "text_link":
        entity["url"] = kind["url"]
    elif name == "text_mention":
        entity["user"] = {"id": kind["user_id"], "is_bot": False, "first_name": ""}
    elif name == "custom_emoji":
        entity["custom_emoji_id"] = str(kind["custom_emoji_id"])
    elif name == "date_time":
        entity["unix_time"] = kind.get("unix_time", 0)
    return entity


def _check_ampersands(text: str) -> None:
    """A bare `&` outside tags (TDLib accepted the text, so tags are well formed)."""
    position = 0
    for tag in [*_TAG_RE.finditer(text), None]:
        end = tag.start() if tag else len(text)
        start = text.find("&", position, end)
        while start != -1:
            if not _ENTITY_RE.match(text, start):
                offset = len(text[:start].encode("utf-8"))
                raise EntityParseError(
                    f"Character '&' at byte offset {offset} is not a part of an HTML entity and "
                    'must be escaped as "&amp;" (a check of the fake Bot API; Telegram would '
                    "show it as typed)"
                )
            start = text.find("&", start + 1, end)
        if tag:
            position = tag.end()
