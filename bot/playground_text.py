"""How `siapnilai try` shows the bot's messages in a terminal.

The fake Bot API has already parsed the bot's HTML into visible text plus entities (UTF-16
offsets, as Telegram counts them), so rendering is: style the entities (ANSI on a terminal,
nothing otherwise), show a link's address after its text, wrap, indent, and number the inline
buttons in reading order so that typing `3` can press the third one.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bot.frozen import frozen

INDENT = "  "

_STYLES = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
}
DIM = ("\x1b[2m", "\x1b[22m")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """`text` with control characters (an escape sequence in a product name, say) made
    harmless: one replacement character each, so entity offsets still line up."""
    return _CONTROL.sub("\ufffd", text)


@frozen
class Choice:
    """A numbered inline button: `data` is its callback data, `url` set for a link button."""

    number: int
    text: str
    data: str | None
    url: str | None


def choices(reply_markup: Mapping[str, Any] | None) -> list[list[Choice]]:
    """The inline keyboard's buttons, numbered from 1 left to right, top to bottom."""
    rows: list[list[Choice]] = []
    number = 0
    for row in (reply_markup or {}).get("inline_keyboard", []):
        line = []
        for button in row:
            number += 1
            line.append(
                Choice(
                    number,
                    safe(button.get("text", "")),
                    button.get("callback_data"),
                    button.get("url"),
                )
            )
        rows.append(line)
    return [row for row in rows if row]


def styled(text: str, entities: Iterable[Mapping[str, Any]], *, ansi: bool) -> str:
    """`text` with its entities shown: ANSI styles when `ansi`, a link's address in
    parentheses after its text (unless the text is the address), everything else plain."""
    text = safe(text)
    inserts: list[tuple[int, int, str]] = []  # (index, 0 closes before 1 opens, what)
    index_of = _utf16_index(text)
    for entity in entities:
        start = index_of(int(entity.get("offset", 0)))
        end = index_of(int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        kind = entity.get("type")
        if kind == "text_link" and entity.get("url") and entity["url"] != text[start:end]:
            inserts.append((end, 0, f" ({safe(str(entity['url']))})"))
        if ansi and kind in _STYLES:
            on, off = _STYLES[str(kind)]
            inserts.append((start, 1, on))
            inserts.append((end, 0, off))
    if not inserts:
        return text
    out = []
    last = 0
    for index, _, what in sorted(inserts, key=lambda i: (i[0], i[1])):
        out.append(text[last:index])
        out.append(what)
        last = index
    out.append(text[last:])
    return "".join(out)


def _utf16_index(text: str) -> Callable[[int], int]:
    """A function from a UTF-16 offset into `text` to the Python string index."""
    bounds = [0]
    for char in text:
        bounds.append(bounds[-1] + (2 if ord(char) > 0xFFFF else 1))

    def index(offset: int) -> int:
        # Entities never split a surrogate pair; bisect keeps a bad one from crashing.
        return min(bisect_left(bounds, offset), len(text))

    return index


def wrap(text: str, width: int) -> list[str]:
    """Lines of `text` wrapped to `width` (ANSI codes counted as text: lines with styles
    end a little early), indented; blank lines kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=max(width - len(INDENT), 20),
                initial_indent=INDENT,
                subsequent_indent=INDENT + " " * _hang(paragraph),
                break_long_words=False,
                break_on_hyphens=False,
                drop_whitespace=True,
            )
            or [INDENT]
        )
    return lines


def _hang(paragraph: str) -> int:
    """Columns to indent a paragraph's continuation lines: under the text of a list line
    ("• …", "❌ 7. …", "1. …"), else as far as the paragraph itself is indented."""
    marker = _MARKER.match(_plain(paragraph))
    return _columns(marker.group(0)) if marker else 0


_MARKER = re.compile(r"\s*(?:[^\w\s(\[\"'“]{1,3}\s+)?(?:\d{1,3}[.)]\s+)?")


def _columns(text: str) -> int:
    """Terminal columns of `text`: wide characters (most emoji) take two."""
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
        for c in text
        if c != "\ufe0f"
    )


def button_lines(rows: Sequence[Sequence[Choice]], width: int, *, ansi: bool) -> list[str]:
    """One line per keyboard row (`[1] Ya  [2] Sebagian`), a long row wrapped between buttons."""
    lines = []
    for row in rows:
        line = INDENT
        for choice in row:
            label = _label(choice, ansi=ansi)
            visible = len(f"[{choice.number}] {choice.text}")
            if line.strip() and len(_plain(line)) + 2 + visible > width:
                lines.append(line)
                line = INDENT
            line += ("  " if line.strip() else "") + label
        lines.append(line)
    return lines


def _label(choice: Choice, *, ansi: bool) -> str:
    number = f"[{choice.number}]"
    if ansi:
        number = f"\x1b[1m{number}\x1b[22m"
    suffix = " ↗" if choice.url else ""
    return f"{number} {choice.text}{suffix}"


def _plain(text: str) -> str:
    return _ANSI.sub("", text)


def media_line(media: Sequence[Any]) -> str | None:
    """`[photo: 1234 bytes]` / `[document: laporan.xlsx, 5678 bytes]`, or None."""
    if not media:
        return None
    item = media[-1]
    if item.kind == "document":
        return f"[document: {safe(item.file_name or 'file')}, {item.size} bytes]"
    return f"[{item.kind}: {item.size} bytes]"


def dim(text: str, *, ansi: bool) -> str:
    return f"{DIM[0]}{text}{DIM[1]}" if ansi else text
