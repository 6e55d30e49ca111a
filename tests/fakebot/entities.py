"""Telegram's formatting parsers: HTML, MarkdownV2 and legacy Markdown to (text, entities).

Modelled on tdlib's `parse_html` / `parse_markdown_v2` (td/telegram/MessageEntity.cpp), which
the Bot API server uses; error texts follow tdlib's wording. One deliberate difference: a bare
`&` that does not start a valid entity is an error here (tdlib keeps it literally), because the
Bot API documentation requires escaping it and the bot under test must never rely on leniency.
Offsets and lengths of entities are in UTF-16 code units, like Telegram's.
"""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_SPACE = " \t\r\n\f\v"


class EntityParseError(ValueError):
    """The text cannot be parsed; str(error) is tdlib's message (without the Bot API prefix)."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Accumulates visible text and tracks its length in UTF-16 units."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.utf16 = 0

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.utf16 += utf16_len(chunk)

    def text(self) -> str:
        return "".join(self.parts)


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(text, i)
    if not match:
        return None
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[tuple[str, str, int]] = []  # tag, argument, utf16 start
    entities: list[Entity] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                raise EntityParseError(
                    f"Character '&' at byte offset {_byte_offset(text, i)} is not a part of an "
                    'HTML entity and must be escaped as "&amp;"'
                )
            out.add(decoded[0])
            i = decoded[1]
            continue
        if c != "<":
            j = i
            while j < n and text[j] not in "<&":
                j += 1
            out.add(text[i:j])
            i = j
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            j = i + 1
            while j < n and text[j] not in _SPACE and text[j] != ">":
                j += 1
            end_name = text[i + 1 : j].lower()
            while j < n and text[j] in _SPACE:
                j += 1
            if j >= n or text[j] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(text, begin)}"
                )
            tag, argument, start = stack.pop()
            if end_name and end_name != tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{tag}>", found "</{end_name}>"'
                )
            _close_html(tag, argument, start, out.utf16, entities)
            i = j + 1
            continue
        j = i
        while j < n and text[j] not in _SPACE and text[j] != ">":
            j += 1
        if j >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        tag = text[i:j].lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        argument, i = _html_attributes(text, j, tag, begin)
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        stack.append((tag, argument, out.utf16))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        entity.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out.text(), entities


def _html_attributes(text: str, i: int, tag: str, begin: int) -> tuple[str, int]:
    n = len(text)
    argument = ""
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] == ">":
            return argument, i + 1
        name_start = i
        while i < n and text[i] not in _SPACE and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        while i < n and text[i] in _SPACE:
            i += 1
        if i < n and text[i] == "=":
            i += 1
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                )
            if text[i] in "'\"":
                quote = text[i]
                i += 1
                chunk: list[str] = []
                while i < n and text[i] != quote:
                    if text[i] == "&" and (decoded := _decode_entity(text, i)):
                        chunk.append(decoded[0])
                        i = decoded[1]
                        continue
                    chunk.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(text, name_start)}"
                    )
                i += 1
                value = "".join(chunk)
            else:
                start = i
                while i < n and (text[i].isalnum() or text[i] in ".-"):
                    i += 1
                if i < n and text[i] not in _SPACE and text[i] != ">":
                    raise EntityParseError(
                        f"Unexpected end of name token at byte offset {_byte_offset(text, start)}"
                    )
                value = text[start:i].lower()
        elif tag == "blockquote" and name == "expandable":
            value = ""
        else:
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte '
                f"offset {_byte_offset(text, begin)}"
            )
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[3:]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
        elif tag == "blockquote" and name == "expandable":
            argument = "1"


def _close_html(tag: str, argument: str, start: int, end: int, entities: list[Entity]) -> None:
    length = end - start
    if length <= 0:
        return
    kind = _HTML_TAGS[tag]
    entity: Entity = {"type": kind, "offset": start, "length": length}
    if kind == "text_link":
        if not argument:
            return  # tdlib drops a link without href
        entity["url"] = argument
    elif kind == "blockquote" and argument:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = argument
    elif kind == "code" and argument:
        entity["_language"] = argument  # taken by an enclosing <pre> of the same span
    elif kind == "pre":
        for inner in [e for e in entities if e["type"] == "code"]:
            if inner["offset"] == start and inner["length"] == length:
                entities.remove(inner)
                if inner.get("_language"):
                    entity["language"] = inner["_language"]
    entities.append(entity)


_MD2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MD2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    entities: list[Entity] = []
    stack: list[tuple[str, int, int, str]] = []  # type, utf16 start, byte offset, argument
    quote_start: int | None = None
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if c == "\\" and i + 1 < n and 0 < ord(text[i + 1]) < 127:
            out.add(text[i + 1])
            i += 2
            continue
        top = stack[-1][0] if stack else None
        if top in ("code", "pre"):
            end = "```" if top == "pre" else "`"
            if text.startswith(end, i):
                kind, start, _, argument = stack.pop()
                _close_md(kind, start, out.utf16, argument, entities)
                i += len(end)
                continue
            out.add(c)
            i += 1
            continue
        if c == "\n" and quote_start is not None and not text.startswith(">", i + 1):
            _close_md("blockquote", quote_start, out.utf16, "", entities)
            quote_start = None
        if c not in _MD2_RESERVED:
            out.add(c)
            i += 1
            continue
        if c == ">" and at_line_start:
            if quote_start is None:
                quote_start = out.utf16
            i += 1
            continue
        closing = {
            "bold": c == "*",
            "italic": c == "_" and not text.startswith("__", i),
            "underline": text.startswith("__", i),
            "strikethrough": c == "~",
            "spoiler": text.startswith("||", i),
            "text_link": c == "]",
        }
        if top is not None and closing.get(top, False):
            kind, start, begin, argument = stack.pop()
            i += 2 if kind in ("underline", "spoiler") else 1
            if kind == "text_link":
                if not text.startswith("(", i):
                    argument = ""
                else:
                    j = i + 1
                    url: list[str] = []
                    while j < n and text[j] != ")":
                        if text[j] == "\\" and j + 1 < n:
                            j += 1
                        url.append(text[j])
                        j += 1
                    if j >= n:
                        raise EntityParseError(
                            f"Can't find end of a URL at byte offset {_byte_offset(text, i)}"
                        )
                    argument = "".join(url)
                    i = j + 1
            _close_md(kind, start, out.utf16, argument, entities)
            continue
        begin = _byte_offset(text, i)
        if c == "_" and text.startswith("__", i):
            stack.append(("underline", out.utf16, begin, ""))
            i += 2
        elif c == "_":
            stack.append(("italic", out.utf16, begin, ""))
            i += 1
        elif c == "*":
            stack.append(("bold", out.utf16, begin, ""))
            i += 1
        elif c == "~":
            stack.append(("strikethrough", out.utf16, begin, ""))
            i += 1
        elif c == "|" and text.startswith("||", i):
            stack.append(("spoiler", out.utf16, begin, ""))
            i += 2
        elif c == "[":
            stack.append(("text_link", out.utf16, begin, ""))
            i += 1
        elif c == "`" and text.startswith("```", i):
            j = i + 3
            line_end = text.find("\n", j)
            language = ""
            if line_end != -1 and text.find("```", j) > line_end:
                language = text[j:line_end]
                j = line_end + 1
            stack.append(("pre", out.utf16, begin, language))
            i = j
        elif c == "`":
            stack.append(("code", out.utf16, begin, ""))
            i += 1
        else:
            raise EntityParseError(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
    if quote_start is not None:
        _close_md("blockquote", quote_start, out.utf16, "", entities)
    if stack:
        kind, _, begin, _ = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MD2_NAMES[kind]} entity at byte offset {begin}"
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out.text(), entities


def _close_md(kind: str, start: int, end: int, argument: str, entities: list[Entity]) -> None:
    if end <= start:
        return
    entity: Entity = {"type": kind, "offset": start, "length": end - start}
    if kind == "text_link":
        if not argument:
            return
        entity["url"] = argument
    elif kind == "pre" and argument:
        entity["language"] = argument
    entities.append(entity)


_LEGACY = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """The legacy `Markdown` mode: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out = _Builder()
    entities: list[Entity] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            out.add(c)
            i += 1
            continue
        begin = _byte_offset(text, i)
        if text.startswith("```", i):
            end = text.find("```", i + 3)
            if end == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {begin}"
                )
            start = out.utf16
            out.add(text[i + 3 : end])
            _close_md("pre", start, out.utf16, "", entities)
            i = end + 3
            continue
        if c == "[":
            close = text.find("](", i)
            end = text.find(")", close + 2) if close != -1 else -1
            if close == -1 or end == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {begin}"
                )
            start = out.utf16
            out.add(text[i + 1 : close])
            _close_md("text_link", start, out.utf16, text[close + 2 : end], entities)
            i = end + 1
            continue
        end = text.find(c, i + 1)
        if end == -1:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        start = out.utf16
        out.add(text[i + 1 : end])
        _close_md(_LEGACY[c], start, out.utf16, "", entities)
        i = end + 1
    return out.text(), entities


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Parse `text` in `parse_mode` (None = plain). Raises EntityParseError."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise EntityParseError(f"Unsupported parse_mode {parse_mode!r}")
