"""/tinjau (/review): a coordinator (or admin) walks a unit's answered items with their
evidence, accepts each or returns it with a typed comment; the unit's officers are told.

Handlers: parse → one `ReviewService` call → render. Every press is checked by the service
and the store against the presser (a coordinator's region, or an admin).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from telegram import (
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot import texts
from bot.keyref import files_ref, key_ref
from bot.refused import Refused
from bot.review import (
    Accepted,
    AcceptedAfterReturn,
    AskComment,
    Done,
    ItemShown,
    Returned,
    ReviewRefusal,
    ScopeChoice,
    in_scope,
)
from bot.services import BotContext
from bot.store import COMMENT_MAX, EvidenceRow, Person, ReviewUnit, Seen
from bot.texts.html import Html, clip, fit
from conversations import callbacks as cb
from conversations import command, survey
from conversations.auth import Caller, CoordinatorPress, caller, coordinator_press
from conversations.coordinator import UnitsOf, units_command
from conversations.keyboards import Button, markup, room_for_name, unit_label
from conversations.questions import option_label
from conversations.render import answer, send_text
from rubric import Item, Rubric, needs_files

log = logging.getLogger(__name__)
SEEN: dict[Literal["n", "a", "r"], Seen] = {"n": "none", "a": "accepted", "r": "returned"}
"""A verdict button's `was`, as the review service takes it."""
SHORT: dict[Seen, Literal["n", "a", "r"]] = {seen: was for was, seen in SEEN.items()}
_Data = TypeVar("_Data", bound=cb.CallbackData)
ALBUM_MAX = 10
QUESTION_SHOWN = 300


# -- commands and presses ---------------------------------------------------------------


@coordinator_press(cb.ReviewUnit)
async def on_unit(context: BotContext, pressed: CoordinatorPress[cb.ReviewUnit]) -> None:
    """A unit chosen: which of its items to walk."""
    outcome = await context.services.reviews.choose_scope(pressed.who.overseer, pressed.data.u)
    await show(context, pressed, outcome)


@coordinator_press(cb.ReviewScope)
async def on_scope(context: BotContext, pressed: CoordinatorPress[cb.ReviewScope]) -> None:
    """Walk the chosen items from the first."""
    service, data = context.services.reviews, pressed.data
    outcome = await service.start(pressed.who.overseer, data.u, data.s, pressed.message_id)
    await show(context, pressed, outcome)


@coordinator_press(cb.ReviewVerdict)
async def on_verdict(context: BotContext, pressed: CoordinatorPress[cb.ReviewVerdict]) -> None:
    """`✅ Sesuai` records it and shows the next item; `↩ Kembalikan` asks for the comment."""
    data = pressed.data
    outcome = await context.services.reviews.verdict(
        pressed.who.overseer, data.sc, data.key, (data.ans, data.ev, SEEN[data.was]),
        data.v == "a", pressed.update_id, pressed.message_id,
    )  # fmt: skip
    await show(context, pressed, outcome)


@coordinator_press(cb.ReviewSkip)
async def on_skip(context: BotContext, pressed: CoordinatorPress[cb.ReviewSkip]) -> None:
    """`⏭ Lewati`: the next item, this one stays unreviewed."""
    data = pressed.data
    outcome = await context.services.reviews.skip(
        pressed.who.overseer, data.sc, data.key, pressed.message_id
    )
    await show(context, pressed, outcome)


async def comment_text(update: Update, context: BotContext, who: Caller, text: str) -> bool:
    """Free text from a reviewer: the comment of a return, if one awaits it (else False)."""
    if not who.has_role("coordinator", "admin") or update.effective_chat is None:
        return False
    reviewer = who.overseer
    outcome = await context.services.reviews.comment(reviewer, text, update.update_id)
    if outcome is None:
        return False
    chat_id = update.effective_chat.id
    if isinstance(outcome, Refused):
        await send_text(context.bot, chat_id, refusal(outcome, who.lang))
    else:
        await returned(context, chat_id, who, outcome)
    return True


# -- rendering ---------------------------------------------------------------------------


async def show(context: BotContext, pressed: CoordinatorPress[Any], outcome: object) -> None:
    """Answer the press and show what the service decided."""
    lang, chat_id = pressed.who.lang, pressed.chat_id
    if isinstance(outcome, Refused):
        await answer(pressed.query, texts.plain(f"rv.refused.{outcome.reason}", lang,
                                                limit=COMMENT_MAX))  # fmt: skip
        return
    await answer(pressed.query, texts.plain("rv.accepted", lang) if isinstance(outcome, Accepted)
                 else None)  # fmt: skip
    if isinstance(outcome, Accepted):
        if outcome.told is not None:
            await tell_accepted(context, outcome.told)
        outcome = outcome.then
    if isinstance(outcome, ScopeChoice):
        await send_text(context.bot, chat_id, *scope_choice(outcome, lang))
    elif isinstance(outcome, AskComment):
        question = clip(question_of(outcome.rubric, outcome.item.answer.key, lang), QUESTION_SHOWN)
        text = texts.render("rv.ask_comment", lang, limit=COMMENT_MAX, question=question)
        await send_text(context.bot, chat_id, text)
    elif isinstance(outcome, (ItemShown, Done)):
        await next_view(context, chat_id, lang, outcome)


async def next_view(context: BotContext, chat_id: int, lang: str, shown: ItemShown | Done) -> None:
    if isinstance(shown, Done):
        text = texts.render("rv.done", lang, unit=shown.unit.name, reviewed=shown.reviewed)
        await send_text(context.bot, chat_id, text)
        return
    await send_album(context, chat_id, shown.evidence)
    await send_text(context.bot, chat_id, *item_view(shown, lang))


async def returned(context: BotContext, chat_id: int, who: Caller, outcome: Returned) -> None:
    """Tell each officer of the unit (one message per returned item), then the reviewer."""
    told = 0
    for officer in outcome.officers:
        told += await notify_officer(context, officer, outcome)
    officers = texts.count("person", told, who.lang)
    text = texts.render("rv.returned", who.lang, unit=outcome.unit.name, officers=officers)
    await send_text(context.bot, chat_id, text)
    await next_view(context, chat_id, who.lang, outcome.then)


async def tell_accepted(context: BotContext, told: AcceptedAfterReturn) -> None:
    """A return overturned: each officer who was told to fix the item hears it is accepted."""
    for officer in told.officers:
        await notify_officer(context, officer, told, "rv.notify_accepted")


async def notify_officer(
    context: BotContext,
    officer: Person,
    outcome: Returned | AcceptedAfterReturn,
    text_key: str = "rv.notify",
) -> int:
    """One message to `officer` about the item (`text_key`: a return with its comment, or
    the acceptance that overturns one), with a button that opens it. 1 if it was sent."""
    lang = texts.lang_of(officer.language, officer.app_language)
    question = question_of(outcome.rubric, outcome.key, lang)
    product = outcome.key.partition("@")[2]
    suffix = texts.render("gaps.line_product", lang, product=product) if product else ""
    comment = outcome.comment if isinstance(outcome, Returned) else ""
    by = texts.plain("rv.by_admin" if outcome.by_admin else "rv.by_coordinator", lang)
    text = texts.render(text_key, lang, question=clip(question, QUESTION_SHOWN),
                        product=Html(suffix), comment=comment, by=by)  # fmt: skip
    button = cb.Open(sc=outcome.selfcheck.id, key=key_ref(outcome.key))
    keys = markup([[(texts.plain("rv.open_item", lang), button)]])
    try:
        await send_text(context.bot, officer.telegram_id, text, keys)
    except TelegramError as exc:
        log.info("could not tell officer %s of a review: %s", officer.telegram_id, exc)
        return 0
    return 1


async def send_album(context: BotContext, chat_id: int, evidence: list[EvidenceRow]) -> None:
    """The item's evidence files: photos and videos in albums, documents in albums (Telegram
    does not mix them), ten at most per album, a single file on its own."""
    visual = [e for e in evidence if e.file.kind in ("photo", "video")]
    documents = [e for e in evidence if e.file.kind not in ("photo", "video")]
    for group in (visual, documents):
        for start in range(0, len(group), ALBUM_MAX):
            await _send_files(context, chat_id, group[start : start + ALBUM_MAX])


async def _send_files(context: BotContext, chat_id: int, files: list[EvidenceRow]) -> None:
    if len(files) == 1:
        one = files[0].file
        if one.kind == "photo":
            await context.bot.send_photo(chat_id, one.file_id)
        elif one.kind == "video":
            await context.bot.send_video(chat_id, one.file_id)
        else:
            await context.bot.send_document(chat_id, one.file_id)
        return
    media: list[InputMediaPhoto | InputMediaVideo | InputMediaDocument] = []
    for row in files:
        if row.file.kind == "photo":
            media.append(InputMediaPhoto(row.file.file_id))
        elif row.file.kind == "video":
            media.append(InputMediaVideo(row.file.file_id))
        else:
            media.append(InputMediaDocument(row.file.file_id))
    await context.bot.send_media_group(chat_id, media)


def unit_buttons(units: Sequence[ReviewUnit], lang: str) -> list[Button]:
    """/tinjau's list: each unit's name told apart from the others' (`unit_label`)."""
    names = [listed.unit.name for listed in units]
    return [unit_button(listed, lang, names) for listed in units]


def unit_button(listed: ReviewUnit, lang: str, among: Sequence[str] = ()) -> Button:
    key = "rv.unit_button" if listed.selfcheck_id is not None else "rv.unit_button_none"
    # The name clipped so that the count or "belum mulai" after it fits the button's 48.
    room = room_for_name(texts.plain(key, lang, unit="", waiting=listed.waiting))
    name = unit_label(listed.unit.name, listed.unit.region, room, among)
    label = texts.plain(key, lang, unit=name, waiting=listed.waiting)
    return label, cb.ReviewUnit(u=listed.unit.id)


def scope_choice(choice: ScopeChoice, lang: str) -> tuple[Html, Any]:
    items, the_rubric, unit_id = choice.items, choice.rubric, choice.unit.id
    verdicts = [i.review.verdict for i in items if i.review is not None]
    answered = texts.count("item", len(items), lang)  # "1 item", "3 items"
    text = texts.render("rv.scope_title", lang, unit=choice.unit.name, answered=answered,
                        waiting=sum(1 for i in items if i.waiting),
                        accepted=verdicts.count("accepted"),
                        returned=verdicts.count("returned"))  # fmt: skip
    rows: list[list[Button]] = [
        [(texts.plain("rv.scope.queue", lang, n=sum(1 for i in items if i.waiting)),
          cb.ReviewScope(u=unit_id, s="q"))],
        [(texts.plain("rv.scope.all", lang, n=len(items)), cb.ReviewScope(u=unit_id, s="a"))],
    ]  # fmt: skip
    for n, dim in enumerate(the_rubric.dimensions):
        count = sum(1 for i in items if in_scope(i, f"dim:{dim.id}", the_rubric))
        if count:
            label = texts.plain("rv.scope.dim", lang, dimension=clip(dim.title.get(lang), 40),
                                n=count)  # fmt: skip
            rows.append([(label, cb.ReviewScope(u=unit_id, s=f"d{n}"))])
    return text, markup(rows)


def item_view(shown: ItemShown, lang: str) -> tuple[Html, Any]:
    the_rubric, item = shown.rubric, shown.item
    rubric_item = the_rubric.item(item_id(item.answer.key))
    dimension = the_rubric.dimension_of(item_id(item.answer.key))
    scope_name = (dimension.title.get(lang) if shown.scope.startswith("dim:") and dimension
                  else texts.plain(f"rv.scope_name.{shown.scope}", lang))  # fmt: skip
    lines = [texts.render("rv.header", lang, unit=shown.unit.name, n=shown.position,
                          total=shown.total, scope=scope_name)]  # fmt: skip
    if dimension is not None:
        lines.append(texts.render("rv.dimension", lang, dimension=dimension.title.get(lang)))
    product = item.answer.key.partition("@")[2]
    if product:
        lines.append(texts.render("q.product", lang, product=product))
    if rubric_item is not None:
        lines.append(texts.render("q.question", lang, question=rubric_item.question.get(lang)))
        answer_text = option_label(rubric_item, item.answer.option_id, lang)
    else:
        answer_text = item.answer.option_id
    lines.append(texts.render("rv.answer", lang, answer=answer_text))
    if item.answer.note:
        lines.append(texts.render("rv.note", lang, note=clip(item.answer.note, 600)))
    # The day in the region's time, as every other view dates an answer: the UTC date put
    # an answer of 1 January before 09:00 WIT in the year before.
    day = item.answer.at.astimezone(ZoneInfo(shown.unit.timezone)).date().isoformat()
    lines.append(texts.render("rv.by", lang, name=item.by_name, date=day))
    hint = rubric_item.evidence_hint.shown(lang) if rubric_item is not None else ""
    files = texts.count("file", item.evidence_count, lang)
    key = "rv.evidence" if item.evidence_count else "rv.evidence_none"
    if (
        not item.evidence_count
        and rubric_item is not None
        and counts_only_with_files(rubric_item, item.answer.option_id)
    ):
        # An acceptance of it scores nothing verified (rubric.verified_answers): say so
        # before the press, or the coordinator believes the unit verified.
        key = "rv.evidence_required_none"
    lines.append(texts.render(key, lang, files=files, hint=clip(hint, 300)))
    if item.review is not None:
        lines.append(texts.render(f"rv.status.{item.review.verdict}", lang,
                                  comment=item.review.comment or ""))  # fmt: skip
    ref, ev = key_ref(item.answer.key), files_ref(item.evidence_ids)
    was: Literal["n", "a", "r"] = "n" if item.review is None else SHORT[item.review.verdict]
    verdict = functools.partial(
        cb.ReviewVerdict, sc=shown.selfcheck.id, key=ref, ans=item.answer.id, ev=ev, was=was
    )
    keys = markup([
        [(texts.plain("rv.accept", lang), verdict(v="a")),
         (texts.plain("rv.return", lang), verdict(v="r"))],
        [(texts.plain("rv.skip", lang), cb.ReviewSkip(sc=shown.selfcheck.id, key=ref))],
    ])  # fmt: skip
    return Html(fit("\n".join(lines))), keys


def counts_only_with_files(item: Item, option_id: str) -> bool:
    """An answer worth points that the verified score counts only with a file as well as
    an acceptance (`rubric.needs_files`): warn before an acceptance that adds nothing."""
    option = item.option(option_id) if needs_files(item, option_id) else None
    return option is not None and option.value > 0


def refusal(outcome: Refused[ReviewRefusal], lang: str) -> Html:
    return texts.render(f"rv.refused.{outcome.reason}", lang, limit=COMMENT_MAX)


def item_id(key: str) -> str:
    return key.partition("@")[0]


def question_of(the_rubric: Rubric, key: str, lang: str) -> str:
    item = the_rubric.item(item_id(key))
    return item.question.get(lang) if item is not None else key


def _units(context: BotContext) -> UnitsOf[ReviewUnit]:
    return context.services.reviews.units


NOT_DROPPING: tuple[type[cb.CallbackData], ...] = (cb.ReviewScope, cb.ItemPress)
"""Presses that leave a return waiting for its comment: choosing what to walk, a verdict
and ⏭ (item presses: showing another item clears it), and the self-check walk's item
presses, which only officers make (a reviewer walks no checklist) and which must cost no
read. Another unit or page of /tinjau's list is moving on: it drops the return."""


async def drop_waiting_return(update: Update, context: BotContext) -> None:
    """Another command or another flow's button while a return waits for its comment: drop
    the return (nothing recorded) and say so, once; the command or press then runs as usual,
    in its own group. Left waiting, the reviewer's next text, hours later and about anything
    ("terima kasih"), became the comment: the item was returned and its officers told."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or not await context.services.reviews.cancel(user.id):
        return
    who = await caller(update, context)
    if who is not None:
        await send_text(context.bot, chat.id, texts.render("rv.cancelled_by_other", who.lang))


async def on_other_command(update: Update, context: BotContext) -> None:
    """A command other than /batal (`drop_waiting_return`)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    if name in command("batal") or name == "start":
        return  # /batal cancels it itself, and says so; /start (a survey link) costs no read
    await drop_waiting_return(update, context)


async def on_other_press(update: Update, context: BotContext) -> None:
    """A press of another flow's button (`drop_waiting_return`): a /ringkasan or /unduh menu,
    a people page, an older message's button. The survey's presses, which come in bursts in
    their own lane, cost no read (as /start)."""
    query = update.callback_query
    kind = cb.kind_of(query.data) if query is not None else None
    if query is None or (kind and issubclass(kind, NOT_DROPPING)) or survey.in_lane(update):
        return
    await drop_waiting_return(update, context)


def early_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Registered in a group before the others: any command, and any press of another flow's
    button, looks here first (see `drop_waiting_return`), then goes on to its own handler."""
    private_command = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.COMMAND
    return [MessageHandler(private_command, on_other_command), CallbackQueryHandler(on_other_press)]


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    listing = units_command(("rv", "tinjau"), _units, unit_buttons, cb.ReviewUnits)
    return [*listing, on_unit, on_scope, on_verdict, on_skip]
