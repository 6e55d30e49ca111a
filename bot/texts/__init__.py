"""The text catalogue: every word the bot says, in Indonesian (default) and English.

`render(key, lang, **values)` returns HTML: the template is trusted, every value is escaped
(unless it is already `Html`). `plain(key, lang, **values)` is for button labels and
callback-query answers, which have no parse mode. Catalogues: `bot/texts/id.py`, `en.py`,
plus the coordinator's `coordinator_id.py` / `coordinator_en.py` and the citizens' survey's
`survey_id.py` / `survey_en.py`, merged (same keys in both
languages; a key missing in English falls back to Indonesian).
"""

from __future__ import annotations

import importlib
import string
from functools import cache
from typing import Literal

from bot.texts.html import Html, esc
from rubric import round2

Lang = Literal["id", "en"]
DEFAULT_LANG: Lang = "id"
_PARTS = {
    "id": ("id", "coordinator_id", "survey_id", "review_id", "people_id"),
    "en": ("en", "coordinator_en", "survey_en", "review_en", "people_en"),
}


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module_name in _PARTS[lang]:
        try:
            module = importlib.import_module(f"bot.texts.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.texts.{module_name}":
                raise
            continue
        texts: dict[str, str] = module.TEXTS
        clash = merged.keys() & texts.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(texts)
    return merged


def template(key: str, lang: str) -> str:
    found = catalogue("en").get(key) if lang == "en" else None
    if found is None:
        found = catalogue(DEFAULT_LANG).get(key)
    if found is None:
        raise KeyError(f"no text {key!r}")
    return found


def render(key: str, lang: str, /, **values: object) -> Html:
    """The HTML text `key` in `lang`, with every value escaped."""
    return Html(template(key, lang).format_map({k: esc(v) for k, v in values.items()}))


def plain(key: str, lang: str, /, **values: object) -> str:
    """The text `key` without parse mode (button labels, callback answers, command menus)."""
    return template(key, lang).format_map({k: str(v) for k, v in values.items()})


def score(total: float | None, index: float | None, lang: str) -> str:
    """A score, spelled one way everywhere (/skor, /ringkasan, the digest, reminders, the
    workbook, the unit pages, the CLI): points with two decimals, and for index rubrics
    (PEKPPP) the index in brackets: "81.20 poin", "17.04 poin (indeks 0.85)"; "–" for none.
    Plain text: `render` escapes it like any value."""
    if total is None:
        return "–"
    if index is None:
        return plain("score.points", lang, total=points(total))
    return plain("score.points_index", lang, total=points(total), index=points(index))


def points(value: float) -> str:
    """Points with two decimals, rounded half up as the total is (`rubric.round2`): a
    dimension holding all of a unit's 5.385 points reads 5.39, as its total does, not the
    5.38 that formatting the float gives."""
    return f"{round2(value):.2f}"


def count(noun: str, n: int, lang: str) -> str:
    """`n` with its noun: "1 file" / "3 files" ("3 berkas": Indonesian plurals don't change).

    Nouns: the `n.<noun>.one` / `n.<noun>.other` keys of the catalogues."""
    return plain(f"n.{noun}.{'one' if n == 1 else 'other'}", lang, n=n)


def decimal(value: object, lang: str) -> str:
    """A decimal number as the survey's texts write it: a comma in Indonesian ("82,35", as
    Permen PANRB 14/2017's reports do), a point in English."""
    text = str(value)
    return text.replace(".", ",") if lang == "id" else text


def placeholders(key: str, lang: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template(key, lang)) if name}


def lang_of(chosen: str | None, language_code: str | None) -> Lang:
    """A person's choice, else Telegram's language_code (en* -> English), else Indonesian."""
    if chosen == "en":
        return "en"
    if chosen == "id":
        return "id"
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG
