"""How an item, a dimension or an option is named in a report."""

from __future__ import annotations

import rubric
from bot.texts import plain, points
from bot.texts.html import clip_words


def item_label(the_rubric: rubric.Rubric, item_id: str, lang: str, limit: int = 90) -> str:
    """The item's question, shortened at a word boundary to `limit` characters."""
    item = the_rubric.item(item_id)
    text = item.question.get(lang) if item is not None else item_id
    return clip_words(text, limit)


def dimension_title(the_rubric: rubric.Rubric, dimension_id: str, lang: str) -> str:
    found = next((d for d in the_rubric.dimensions if d.id == dimension_id), None)
    return found.title.get(lang) if found is not None else dimension_id


def category_label(score: rubric.Score, lang: str) -> str:
    """The category as /skor, the workbook and the unit page spell it: its code and its
    label with the condition's when met ("D — Kualitas Rendah Tanpa Maladministrasi")."""
    return plain("score.category_label", lang, code=score.category.code, label=score.label(lang))


def gap_points(gap: rubric.Gap, lang: str) -> str:
    """A gap's points wherever a unit's top gaps are listed (/ringkasan, the digest, the
    workbook, the unit page): "+5.67 poin" to gain, or "4.24 poin berisiko: bukti belum ada"
    for an item answered in full whose evidence is missing (nothing to gain: points to keep)."""
    key = "gaps.points_at_risk" if gap.kind == "at_risk" else "gaps.points_gain"
    return plain(key, lang, points=points(gap.points))


def option_label(the_rubric: rubric.Rubric, item_id: str, option_id: str, lang: str) -> str:
    if option_id == rubric.NA:
        return "N/A" if lang == "en" else "Tidak berlaku"
    item = the_rubric.item(item_id)
    option = item.option(option_id) if item is not None else None
    return option.label.get(lang) if option is not None else option_id
