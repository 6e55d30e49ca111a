"""Escaping and fitting HTML text to Telegram's limits (parse mode HTML everywhere).

`esc` is the one way user or data strings enter a message. `split` cuts a long HTML text
into messages under the limit, at line boundaries when it can, never inside a tag or an
entity, closing and reopening tags that span a cut. Lengths are counted in UTF-16 code
units, as Telegram counts them.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
BUTTON_LABEL_LIMIT = 48
ELLIPSIS = "…"


class Html(str):
    """A string that is already safe HTML (a rendered text); `esc` leaves it alone."""

    __slots__ = ()


def esc(value: object) -> str:
    if isinstance(value, Html):
        return value
    return html.escape(str(value), quote=False)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """Shorten plain (unescaped) text to `limit` UTF-16 units, ending with an ellipsis."""
    if utf16_len(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        size = utf16_len(ch)
        if used + size > limit - 1:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip() + ELLIPSIS


def clip_middle(text: str, limit: int) -> str:
    """Shorten a name to `limit` UTF-16 units keeping its start and its end, the ellipsis
    in between: units of one region often share a long start and differ at the end
    ("Samsat Bandar Lampung (UPTD Wilayah I Bapenda)" and "… Wilayah II …"), and `clip`
    made their buttons the same."""
    text = " ".join(text.split())
    if utf16_len(text) <= limit:
        return text
    tail_room = (limit - 1) * 2 // 5
    tail: list[str] = []
    used = 0
    for ch in reversed(text):
        size = utf16_len(ch)
        if used + size > tail_room:
            break
        tail.append(ch)
        used += size
    end = "".join(reversed(tail)).lstrip()
    head = clip(text, limit - utf16_len(end))[:-1].rstrip()
    return f"{head}{ELLIPSIS}{end}"


def _shared_words(words: list[str], other: list[str]) -> tuple[int, int]:
    """How many words `words` shares with `other` at its start, and then at its end."""
    start = 0
    while start < min(len(words), len(other)) and words[start] == other[start]:
        start += 1
    end = 0
    while (
        end < min(len(words), len(other)) - start
        and words[len(words) - 1 - end] == other[len(other) - 1 - end]
    ):
        end += 1
    return start, end


def tell_apart(text: str, rivals: Sequence[str], limit: int) -> str:
    """`text` in `limit` UTF-16 units, telling it apart from `rivals` (names that would be
    shortened to the same label): the words where it differs from them kept whole, the
    words it shares with them before and after shortened around them. Units of a province
    are named "<kind> Kabupaten <place> <suffix>": "Dinas Kependudukan dan Pencatatan Sipil
    (Dukcapil) Kabupaten Pesawaran — Layanan Terpadu" and "… Tulang Bawang …" both read
    "Dinas Kependudukan d…n Terpadu" under `clip_middle`, and read "Dinas Kepend…
    Pesawaran …" and "Dinas Kepend… Tulang Bawang …" here."""
    words = text.split()
    if not rivals or not words:
        return clip_middle(text, limit)
    shared = [_shared_words(words, rival.split()) for rival in rivals]
    # What the whole group shares: the place names differ in length ("Lampung Barat",
    # "Lampung Selatan", "Mesuji"), so the middle keeps every word of one.
    start, end = min(s for s, _ in shared), min(e for _, e in shared)
    start = min(start, len(words) - 1)  # a name that is a rival's start keeps its last word
    end = min(end, len(words) - start - 1)
    middle = " ".join(words[start : len(words) - end])
    after = f" {ELLIPSIS}" if end else ""
    room = limit - utf16_len(middle) - utf16_len(after) - 1
    if not start:
        head = ""
    elif room >= 4:
        head = clip(" ".join(words[:start]), room) + " "
    else:
        head = f"{ELLIPSIS} "
    label = f"{head}{middle}{after}"
    return label if utf16_len(label) <= limit else clip_middle(f"{ELLIPSIS} {middle}", limit)


def told_apart(
    names: Sequence[str],
    limit: int,
    first: Callable[[str], str] = lambda name: name,
    seen: Callable[[str], str] = lambda label: label,
) -> list[str]:
    """Each name's label: `first(name)`, or where two read the same (`seen`: a label as the
    reader sees it, e.g. wrapped on a chart) `tell_apart` against the names it reads like,
    again until none do (each round widens the words kept; a few rounds at most)."""
    labels = [first(name) for name in names]
    rivals: list[set[str]] = [set() for _ in names]
    for _ in range(4):
        alike: defaultdict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            alike[seen(label)].append(i)
        clashes = [group for group in alike.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for i in group:
                rivals[i].update(names[j] for j in group if names[j] != names[i])
                labels[i] = tell_apart(names[i], sorted(rivals[i]), limit)
    return labels


def clip_words(text: str, limit: int) -> str:
    """`clip` at a word boundary: whole words (spaces collapsed) and an ellipsis, so that
    a question is never cut mid-word; a first word longer than `limit` is clipped as is."""
    text = " ".join(text.split())
    if utf16_len(text) <= limit:
        return text
    cut = clip(text, limit)[:-1]
    if " " in cut and not text[len(cut) : len(cut) + 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + ELLIPSIS


def button_label(text: str, limit: int = BUTTON_LABEL_LIMIT) -> str:
    """A button label: one line, clipped. Labels are plain text (no parse mode)."""
    one_line = " ".join(text.split())
    return clip(one_line, limit) or "…"


_TOKEN = re.compile(r"<[^>]*>|&[#A-Za-z0-9]+;|[\s\S]", re.UNICODE)
_TAG_NAME = re.compile(r"^</?\s*([A-Za-z0-9-]+)")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _tag_name(token: str) -> str:
    match = _TAG_NAME.match(token)
    return match.group(1).lower() if match else ""


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut HTML `text` into pieces of at most `limit` UTF-16 units each.

    Prefers line boundaries; a single line longer than the limit is cut between
    characters (never inside a tag or an entity). Tags open at a cut are closed at the
    end of the piece and reopened at the start of the next one.
    """
    if utf16_len(text) <= limit:
        return [text] if text.strip() else []
    pieces: list[str] = []
    current: list[str] = []
    current_len = 0
    open_tags: list[str] = []  # opening tag tokens, outermost first
    # Reserve room for closing tags: their length is bounded by the open tags' names.
    last_newline = -1  # index in `current` just after the last newline
    open_at_newline: list[str] = []

    def closing(tags: list[str]) -> str:
        return "".join(f"</{_tag_name(t)}>" for t in reversed(tags))

    def flush(upto: int, tags_at_cut: list[str]) -> None:
        nonlocal current, current_len, last_newline
        head = "".join(current[:upto])
        rest = current[upto:]
        piece = head + closing(tags_at_cut)
        if piece.strip():
            pieces.append(piece.rstrip("\n") if piece.endswith("\n") else piece)
        reopened = list(tags_at_cut)
        current = reopened + rest
        current_len = sum(utf16_len(t) for t in current)
        last_newline = -1

    for token in _tokens(text):
        size = utf16_len(token)
        reserve = utf16_len(closing(open_tags)) + 16
        if current_len + size + reserve > limit and current:
            if last_newline > 0 and last_newline >= len(current) // 3:
                flush(last_newline, open_at_newline)
            else:
                flush(len(current), open_tags)
        current.append(token)
        current_len += size
        if token.startswith("<") and token.endswith(">") and len(token) > 1:
            name = _tag_name(token)
            if token.startswith("</"):
                for i in range(len(open_tags) - 1, -1, -1):
                    if _tag_name(open_tags[i]) == name:
                        del open_tags[i]
                        break
            elif not token.endswith("/>"):
                open_tags.append(token)
        elif token == "\n":
            last_newline = len(current)
            open_at_newline = list(open_tags)
    tail = "".join(current)
    if tail.strip():
        pieces.append(tail)
    return pieces


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """The first piece of `text` that fits one message, marked with an ellipsis if cut."""
    pieces = split(text, limit - 2)
    if not pieces:
        return text
    if len(pieces) == 1:
        return pieces[0]
    return pieces[0] + "\n" + ELLIPSIS


# Sending ------------------------------------------------------------------------------
