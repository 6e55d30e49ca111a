"""A text as Telegram keeps it once parsed: the plain text and its format spans, so an HTML
text the bot is about to show can be compared with a message as Telegram returned it (an
edit that changes nothing is one Telegram refuses: "message is not modified").

Only the formats the catalogue uses are understood (bold, italic, underline, strikethrough,
code); anything else makes the comparison unsure (None), and an unsure comparison is never
taken for "the same". Offsets are in UTF-16 code units, as Telegram counts them. Adjacent or
overlapping spans of one format are merged on both sides: Telegram may join or cut them.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser

from bot.texts.html import utf16_len

Span = tuple[str, int, int]
"""(format, start, end) in UTF-16 code units."""
Parsed = tuple[str, frozenset[Span]]

_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
}
_FORMATS = frozenset(_TAGS.values())
_DETECTED = frozenset(
    {"url", "mention", "hashtag", "cashtag", "bot_command", "email", "phone_number"}
)
"""Entities Telegram finds in plain text by itself: no tag of ours makes them."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.at = 0
        self.open: list[tuple[str, str, int]] = []
        self.spans: list[Span] = []
        self.unsure = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = _TAGS.get(tag)
        if kind is None or attrs:
            self.unsure = True
            return
        self.open.append((tag, kind, self.at))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.unsure = True

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            self.unsure = True
            return
        _, kind, start = self.open.pop()
        self.spans.append((kind, start, self.at))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.at += utf16_len(data)


def from_html(text: str) -> Parsed | None:
    """`text` (HTML as the bot sends it) as Telegram would keep it; None when unsure."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.unsure or parser.open:
        return None
    return "".join(parser.parts), _merged(parser.spans)


def from_entities(text: str, entities: Iterable[tuple[str, int, int]]) -> Parsed | None:
    """A message's text and its entities (type, offset, length); None when it has a format
    `from_html` does not know."""
    spans: list[Span] = []
    for kind, offset, length in entities:
        if kind in _DETECTED:
            continue
        if kind not in _FORMATS:
            return None
        spans.append((kind, offset, offset + length))
    return text, _merged(spans)


def _merged(spans: Iterable[Span]) -> frozenset[Span]:
    merged: list[Span] = []
    last: Span | None = None
    for kind, start, end in sorted(s for s in spans if s[2] > s[1]):
        if last is not None and kind == last[0] and start <= last[2]:
            last = (kind, last[1], max(end, last[2]))
            continue
        if last is not None:
            merged.append(last)
        last = (kind, start, end)
    if last is not None:
        merged.append(last)
    return frozenset(merged)
