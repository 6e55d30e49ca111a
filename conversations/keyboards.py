"""Inline keyboards, built from data. Labels are plain text (clipped); data is typed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.frozen import frozen
from bot.keyref import key_ref
from bot.texts.html import BUTTON_LABEL_LIMIT, button_label, clip_middle, told_apart, utf16_len
from conversations import callbacks as cb

Button = tuple[str, cb.CallbackData]

NOTE_WANTED = -2
"""`replace(wanted=...)` for a note kept as a draft."""
SHORT_LABEL = 14
"""Options with labels at most this long share one row (three at most)."""


def unit_label(
    name: str, region: str, limit: int = BUTTON_LABEL_LIMIT, among: Sequence[str] = ()
) -> str:
    """A unit's name on a button of its region's list (the message names the region): as
    it is when it fits; else without the region's name at its end, where names of one
    region are alike, then shortened keeping its start and its end (`clip_middle`): "UPTD
    Puskesmas Rawat Inap Kecamatan Sukarame Kota Bandar Lampung" and "… Kedaton …" were
    both "UPTD Puskesmas Rawat Inap Kec…". When that still reads like another name of the
    list (`among`: the names on it), the words that tell it apart are kept whole
    (`tell_apart`): a province's thirteen "Dinas Kependudukan dan Pencatatan Sipil
    (Dukcapil) Kabupaten <place> — Layanan Terpadu" were thirteen "Dinas Kependudukan
    d…n Terpadu" buttons."""
    limit = max(limit, 8)
    if name not in among:
        return clip_middle(_shown(name, region, limit), limit)
    return _labels(tuple(among), region, limit)[name]


@functools.lru_cache(maxsize=16)
def _labels(names: tuple[str, ...], region: str, limit: int) -> dict[str, str]:
    """Every name of a list as `unit_label` shows it (a list's buttons ask it once each;
    /tinjau's few limits, one per count's width, are a few entries)."""
    shown = [_shown(name, region, limit) for name in names]
    labels = told_apart(shown, limit, lambda name: clip_middle(name, limit))
    return dict(zip(names, labels, strict=True))


def _shown(name: str, region: str, limit: int) -> str:
    """The name to shorten: without its region's name at its end when it does not fit."""
    shown = " ".join(name.split())
    suffix = " " + " ".join(region.split())
    fits = utf16_len(shown) <= limit
    if not fits and region.strip() and shown.casefold().endswith(suffix.casefold()):
        rest = shown[: -len(suffix)].rstrip(" ,-–")
        shown = rest or shown
    return shown


def room_for_name(template: str) -> int:
    """What a button keeps for a unit's name beside the rest of its label (`template`: the
    label with an empty name)."""
    return BUTTON_LABEL_LIMIT - utf16_len(template)


def markup(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(button_label(label), callback_data=data.pack())
                for label, data in row
            ]
            for row in rows
            if row
        ]
    )


def paged(
    buttons: Sequence[Button],
    page: int,
    per_page: int,
    lang: str,
    other_page: Callable[[int], cb.CallbackData] | None,
) -> InlineKeyboardMarkup:
    """Page `page` (1-based, clamped) of `buttons`, one a row, with ◀ / ▶ (`other_page(n)`)
    to the pages beside it."""
    last = max(1, -(-len(buttons) // per_page))
    page = min(max(1, page), last)
    rows: list[list[Button]] = [[b] for b in buttons[(page - 1) * per_page : page * per_page]]
    pager: list[Button] = []
    if other_page is not None and page > 1:
        pager.append((texts.plain("btn.prev_page", lang), other_page(page - 1)))
    if other_page is not None and page < last:
        pager.append((texts.plain("btn.next_page", lang), other_page(page + 1)))
    return markup([*rows, pager] if pager else rows)


@frozen
class QuestionButtons:
    selfcheck_id: int
    key: str
    option_labels: tuple[str, ...]
    """Best first, in the reader's language."""
    na_allowed: bool
    evidence_item: bool
    accepting: bool
    list_page: int = 1
    """The page of the item list (Daftar) that shows this item."""
    version: int = 0
    """The item's answer version on screen: every answer button carries it."""
    answered: bool = False
    """An answer stands: it can take a note (📝 Catatan; on N/A, the note is the reason)."""
    carry: bool = False
    """The previous cycle's answer is on offer (`Masih berlaku`)."""


@functools.lru_cache(maxsize=2048)
def question(view: QuestionButtons, lang: str) -> InlineKeyboardMarkup:
    """The buttons under a question. Built once per (view, lang): a markup is immutable, and
    the same question is shown again and again (each press of a walk shows one)."""
    ref = key_ref(view.key)
    sc = view.selfcheck_id
    rows: list[list[Button]] = []
    if view.accepting and view.carry:
        carry = cb.Carry(sc=sc, key=ref, v=view.version)
        rows.append([(texts.plain("btn.carry", lang), carry)])
    if view.accepting:
        options: list[Button] = [
            (label, cb.Answer(sc=sc, key=ref, opt=i, v=view.version))
            for i, label in enumerate(view.option_labels)
        ]
        if len(options) <= 3 and all(len(label) <= SHORT_LABEL for label, _ in options):
            rows.append(options)
        else:
            rows.extend([option] for option in options)
        extra: list[Button] = []
        if view.na_allowed:
            na = cb.Answer(sc=sc, key=ref, opt=cb.NA_OPTION, v=view.version)
            extra.append((texts.plain("btn.na", lang), na))
        if view.evidence_item:
            extra.append((texts.plain("btn.add_evidence", lang), cb.AddEvidence(sc=sc, key=ref)))
        if view.answered:
            note = cb.Note(sc=sc, key=ref, v=view.version, d=0)
            extra.append((texts.plain("btn.note", lang), note))
        rows.append(extra)
    rows.append(
        [
            (texts.plain("btn.back", lang), cb.Move(sc=sc, key=ref, to="b")),
            (texts.plain("btn.skip", lang), cb.Move(sc=sc, key=ref, to="s")),
            (texts.plain("btn.list", lang), cb.ListPage(sc=sc, page=view.list_page)),
        ]
    )
    return markup(rows)


def replace(view: QuestionButtons, wanted: int, label: str, lang: str) -> InlineKeyboardMarkup:
    """After a colleague's change: `Ganti` (what the officer wanted, at the version now on
    screen) above the question's own buttons."""
    ref = key_ref(view.key)
    data: cb.CallbackData = cb.Answer(sc=view.selfcheck_id, key=ref, opt=wanted, v=view.version)
    if wanted == NOTE_WANTED:
        data = cb.Note(sc=view.selfcheck_id, key=ref, v=view.version, d=1)
    row: list[Button] = [(texts.plain("btn.replace", lang, answer=label), data)]
    return InlineKeyboardMarkup(
        [*markup([row]).inline_keyboard, *question(view, lang).inline_keyboard]
    )


def evidence_prompt(
    selfcheck_id: int, key: str, lang: str, *, received: bool
) -> InlineKeyboardMarkup:
    """`Nanti` before any file arrived, `Selesai` after."""
    label = texts.plain("btn.done" if received else "btn.later", lang)
    return markup([[(label, cb.EvidenceDone(sc=selfcheck_id, key=key_ref(key)))]])


def evidence_ack(
    selfcheck_id: int, key: str, since: int, lang: str, prompt: bool
) -> InlineKeyboardMarkup | None:
    """Under the one-line confirmation of files: `↩ Batalkan`, and on an evidence prompt the
    way on (`Selesai`)."""
    ref = key_ref(key)
    row: list[Button] = []
    if since:
        row.append(
            (texts.plain("btn.undo", lang), cb.UndoEvidence(sc=selfcheck_id, key=ref, since=since))
        )
    if prompt:
        row.append((texts.plain("btn.done", lang), cb.EvidenceDone(sc=selfcheck_id, key=ref)))
    return markup([row]) if row else None


def _pager(
    page: int, pages: int, lang: str, make: type[cb.ListPage] | type[cb.GapsPage], sc: int
) -> list[Button]:
    row: list[Button] = []
    if page > 1:
        row.append((texts.plain("btn.prev_page", lang), make(sc=sc, page=page - 1)))
    if page < pages:
        row.append((texts.plain("btn.next_page", lang), make(sc=sc, page=page + 1)))
    return row


def item_list(
    selfcheck_id: int,
    entries: Sequence[tuple[str, str]],
    page: int,
    pages: int,
    lang: str,
    back_to: str | None = None,
) -> InlineKeyboardMarkup:
    """One button per (label, key) on this page, then the pager, then (when the officer came
    from a question) a way back to that question."""
    rows: list[list[Button]] = [
        [(label, cb.Open(sc=selfcheck_id, key=key_ref(key)))] for label, key in entries
    ]
    rows.append(_pager(page, pages, lang, cb.ListPage, selfcheck_id))
    if back_to is not None:
        back = cb.Open(sc=selfcheck_id, key=key_ref(back_to))
        rows.append([(texts.plain("btn.to_question", lang), back)])
    return markup(rows)


def gap_list(
    selfcheck_id: int, entries: Sequence[tuple[str, str]], page: int, pages: int, lang: str
) -> InlineKeyboardMarkup:
    rows: list[list[Button]] = [
        [(label, cb.Open(sc=selfcheck_id, key=key_ref(key)))] for label, key in entries
    ]
    rows.append(_pager(page, pages, lang, cb.GapsPage, selfcheck_id))
    return markup(rows)


def finished(selfcheck_id: int, lang: str) -> InlineKeyboardMarkup:
    """Under the results at the end of the walk: the gaps, and the list to review answers."""
    return markup(
        [
            [
                (texts.plain("btn.gaps", lang), cb.GapsPage(sc=selfcheck_id, page=1)),
                (texts.plain("btn.list", lang), cb.ListPage(sc=selfcheck_id, page=1)),
            ]
        ]
    )


def languages() -> InlineKeyboardMarkup:
    return markup(
        [
            [
                ("🇮🇩 Bahasa Indonesia", cb.SetLanguage(lang="id")),
                ("🇬🇧 English", cb.SetLanguage(lang="en")),
            ]
        ]
    )


def products(lang: str, *, can_start: bool) -> InlineKeyboardMarkup:
    row: list[Button] = [(texts.plain("btn.add_product", lang), cb.AddProduct())]
    if can_start:
        row.append((texts.plain("btn.start_check", lang), cb.StartCheck()))
    return markup([row])
