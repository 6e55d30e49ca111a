"""The self-check's views: a question, the evidence prompt, the item list, built from a `Walk`."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot import texts
from bot.botapi import DOWNLOAD_MB
from bot.store import AnswerState, Previous, SelfCheck
from bot.texts.html import MESSAGE_LIMIT, Html, clip, esc, fit
from bot.walk import Walk
from conversations import keyboards
from rubric import NA, Item, Rubric, split_key

NOTE_SHOWN = 300
"""How much of an N/A reason the question message shows."""
NAME_SHOWN = 40
"""How much of a colleague's name the question shows."""
LIST_PAGE_SIZE = 10
LIST_LABEL = 44
LIST_TEXT_LABEL = 160
"""The list's text shows more of each question than its buttons can: items that start alike
("Apakah pimpinan dan petugas dapat menyebutkan …") stay distinguishable."""


def mark(walk: Walk, key: str) -> str:
    """✅ answered in full, ⏳ partly or at risk, ❌ unanswered."""
    if not walk.answered(key):
        return "❌"
    value = walk.value(key)
    if (value is not None and value < 1) or walk.at_risk(key):
        return "⏳"
    return "✅"


def option_label(item: Item, option_id: str, lang: str) -> str:
    if option_id == NA:
        return texts.plain("option.na", lang)
    option = item.option(option_id)
    return option.label.get(lang) if option is not None else option_id


def question_text(walk: Walk, key: str, lang: str) -> Html:
    item = walk.item(key)
    _, product = split_key(key)
    dimension = walk.rubric.dimension_of(item.id)
    lines: list[str] = [
        texts.render(
            "q.header",
            lang,
            n=walk.checklist.index(key) + 1,
            total=len(walk.checklist),
            dimension=dimension.title.get(lang) if dimension else "",
        )
    ]
    if product:
        lines.append(texts.render("q.product", lang, product=product))
    lines.append(texts.render("q.question", lang, question=item.question.get(lang)))
    lines.append(texts.render("q.help", lang, help=item.help.shown(lang)))
    described = [o for o in item.options if o.description is not None]
    for option in described:
        assert option.description is not None
        lines.append(f"• <b>{esc(option.label.get(lang))}</b>: {esc(option.description.get(lang))}")
    lines.append(texts.render("q.evidence_hint", lang, hint=item.evidence_hint.shown(lang)))
    state = walk.states.get(key)
    if state is None or state.option_id is None:
        lines.append(texts.render("q.unanswered", lang))
        if state is not None and state.previous is not None:
            lines.append(previous_text(walk, item, state.previous, lang))
    elif state.option_id == NA:
        lines.append(texts.render("q.current_na", lang, reason=clip(state.note or "", NOTE_SHOWN)))
    else:
        lines.append(
            texts.render("q.current", lang, answer=option_label(item, state.option_id, lang))
        )
        if state.note:
            lines.append(texts.render("q.note", lang, note=clip(state.note, NOTE_SHOWN)))
    if state is not None and state.option_id is not None:
        lines.append(answered_by(walk, state, lang))
    if state is not None and state.evidence_count:
        lines.append(texts.render("q.evidence_count", lang, count=state.evidence_count))
    if walk.at_risk(key):
        lines.append(texts.render("q.at_risk", lang))
    if state is not None and state.returned is not None:
        lines.append(texts.render("q.returned", lang, comment=clip(state.returned, NOTE_SHOWN)))
    if not walk.selfcheck.accepting:
        lines.append(texts.render("q.closed_note", lang))
    return Html(fit("\n".join(lines)))


def previous_text(walk: Walk, item: Item, previous: Previous, lang: str) -> Html:
    """What the previous cycle answered, offered with `Masih berlaku`."""
    lines = [
        texts.render(
            "q.previous",
            lang,
            answer=option_label(item, previous.option_id, lang),
            name=clip(previous.by_name or "?", NAME_SHOWN),
            at=local_time(previous.at, walk.selfcheck.timezone),
        )
    ]
    if previous.note:
        lines.append(texts.render("q.previous_note", lang, note=clip(previous.note, NOTE_SHOWN)))
    if previous.evidence_count:
        files = texts.count("file", previous.evidence_count, lang)
        lines.append(texts.render("q.previous_files", lang, files=files))
    if previous.returned is not None:
        comment = clip(previous.returned or "–", NOTE_SHOWN)
        lines.append(texts.render("q.previous_returned", lang, comment=comment))
    return Html("\n".join(lines))


def answered_by(walk: Walk, state: AnswerState, lang: str) -> Html:
    """ "Dijawab oleh Budi, 2 Mar 09:59"; for a carried answer also whose it was and when."""
    timezone = walk.selfcheck.timezone
    name, at = clip(state.by_name or "?", NAME_SHOWN), local_time(state.at, timezone)
    origin = state.carried_from
    if origin is None:
        return texts.render("q.answered_by", lang, name=name, at=at)
    return texts.render(
        "q.carried_by",
        lang,
        name=name,
        at=at,
        origin_name=clip(origin.by_name or "?", NAME_SHOWN),
        origin_at=local_time(origin.at, timezone),
    )


def local_time(moment: datetime | None, timezone: str) -> str:
    """A moment as people read it where the unit is: "2026-03-02 09:59"."""
    if moment is None:
        return "?"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def changed_view(
    walk: Walk,
    key: str,
    wanted: int | None,
    what: str,
    lang: str,
    files: int = 1,
    *,
    own: bool = False,
    draft: str | None = None,
) -> tuple[Html, InlineKeyboardMarkup]:
    """A colleague changed the item since the officer's screen showed it (`own`: the
    officer did, with another tap or on another screen): what it is now, and `Ganti` for
    what the officer wanted (`files`: how many of an album were not kept; `draft`: the
    text typed, shown when no `Ganti` can save it)."""
    item = walk.item(key)
    state = walk.states.get(key)
    now = texts.render("changed.none", lang)
    if state is not None and state.option_id is not None:
        now = texts.render(
            "changed.now",
            lang,
            answer=option_label(item, state.option_id, lang),
            name=clip(state.by_name or "?", NAME_SHOWN),
            at=local_time(state.at, walk.selfcheck.timezone),
        )
    refused = texts.count("file", files, lang)
    head_key = f"changed.own.{what}" if own else f"changed.{what}"
    note = clip(draft or "", NOTE_SHOWN)
    head = Html(texts.render(head_key, lang, files=refused, note=note) + "\n" + now)
    text, markup = question_view(walk, key, lang)
    text = Html(fit(head + "\n\n" + text))
    if what == "note" and state is not None and state.option_id is not None:
        wanted = keyboards.NOTE_WANTED
    if wanted is None or not walk.selfcheck.accepting:
        return text, markup
    label = (
        texts.plain("btn.note", lang)
        if wanted == keyboards.NOTE_WANTED
        else texts.plain("option.na", lang)
        if wanted < 0
        else item.options[wanted].label.get(lang)
        if wanted < len(item.options)
        else "?"
    )
    return text, keyboards.replace(_buttons(walk, key, lang), wanted, label, lang)


def question_view(walk: Walk, key: str, lang: str) -> tuple[Html, InlineKeyboardMarkup]:
    return question_text(walk, key, lang), keyboards.question(_buttons(walk, key, lang), lang)


def _buttons(walk: Walk, key: str, lang: str) -> keyboards.QuestionButtons:
    item = walk.item(key)
    return keyboards.QuestionButtons(
        selfcheck_id=walk.selfcheck.id,
        key=key,
        option_labels=tuple(o.label.get(lang) for o in item.options),
        na_allowed=item.na_allowed,
        evidence_item=item.evidence_required,
        accepting=walk.selfcheck.accepting,
        list_page=list_page_of(walk, key),
        version=walk.version(key),
        answered=walk.answered(key),
        carry=walk.offer(key) is not None,
    )


def follows(walk: Walk, key: str) -> str | None:
    """The next unanswered key after `key` (another one), shown under its evidence request:
    answering it is the way on, no `Nanti` needed. None: nothing else is left to answer."""
    following = walk.next_unanswered(key)
    return None if following is None or following == key else following


def evidence_view(
    walk: Walk, key: str, lang: str, *, received: bool
) -> tuple[Html, InlineKeyboardMarkup]:
    """The request for `key`'s files. With another question left, the request stands under
    that question, above its buttons (answering it is the way on); otherwise `Nanti` /
    `Selesai`."""
    item = walk.item(key)
    following = follows(walk, key)
    if following is not None:
        n, total = walk.checklist.index(key) + 1, len(walk.checklist)
        head = texts.render(
            "evidence.ask_short",
            lang,
            n=n,
            total=total,
            question=clip(item.question.get(lang), 80),
            hint=clip(item.evidence_hint.shown(lang), 160),
        )
        text, markup = question_view(walk, following, lang)
        # The request right above the buttons, where the eye goes after a press.
        return Html(fit(text, MESSAGE_LIMIT - len(head) - 2) + "\n\n" + head), markup
    text = Html(
        fit(
            question_text(walk, key, lang)
            + "\n\n"
            + texts.render(
                "evidence.ask", lang, limit_mb=DOWNLOAD_MB, hint=item.evidence_hint.shown(lang)
            )
        )
    )
    return text, keyboards.evidence_prompt(walk.selfcheck.id, key, lang, received=received)


def list_pages(walk: Walk) -> int:
    return max(1, math.ceil(len(walk.checklist) / LIST_PAGE_SIZE))


def list_view(
    walk: Walk, page: int, lang: str, back_to: str | None = None
) -> tuple[Html, InlineKeyboardMarkup]:
    pages = list_pages(walk)
    page = min(max(page, 1), pages)
    keys = walk.checklist[(page - 1) * LIST_PAGE_SIZE : page * LIST_PAGE_SIZE]
    lines: list[str] = [
        texts.render(
            "list.title",
            lang,
            answered=walk.answered_count,
            total=len(walk.checklist),
            page=page,
            pages=pages,
        ),
        texts.render("list.legend", lang),
    ]
    entries: list[tuple[str, str]] = []
    current_dimension = None
    for key in keys:
        item = walk.item(key)
        dimension = walk.rubric.dimension_of(item.id)
        if dimension is not None and dimension.id != current_dimension:
            current_dimension = dimension.id
            lines.append("")
            lines.append(texts.render("list.dimension", lang, dimension=dimension.title.get(lang)))
        lines.append(esc(_item_label(walk, key, lang, LIST_TEXT_LABEL)))
        entries.append((_item_label(walk, key, lang), key))
    return Html(fit("\n".join(lines))), keyboards.item_list(
        walk.selfcheck.id, entries, page, pages, lang, back_to
    )


def _item_label(walk: Walk, key: str, lang: str, width: int = LIST_LABEL) -> str:
    item = walk.item(key)
    _, product = split_key(key)
    n = walk.checklist.index(key) + 1
    name = item.question.get(lang)
    if product:
        name = f"[{clip(product, 20)}] {name}"
    return f"{mark(walk, key)} {n}. {clip(name, width)}"


def list_page_of(walk: Walk, key: str) -> int:
    return walk.checklist.index(key) // LIST_PAGE_SIZE + 1


def cycle_name(the_rubric: Rubric, selfcheck: SelfCheck, lang: str) -> str:
    return the_rubric.cycle_name(selfcheck.cycle.year, lang)
