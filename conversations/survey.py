"""The citizens' survey in chat: `/start s-<code>` for anyone, its buttons and the free-text
suggestion; `/survei` (`/survey`) for officers (link, QR code, A4 poster, results).

Handlers parse, make one call to `bot.survey.SurveyService` (which decides everything) and
render its outcome. A respondent's language is Telegram's language_code (Indonesian default),
kept with the response in progress.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from datetime import datetime
from fractions import Fraction
from typing import Annotated, Generic, TypeVar

from pydantic import Field, StringConstraints
from telegram import CallbackQuery, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.frozen import frozen
from bot.processing import Lane, Refusal
from bot.qr import qr_png
from bot.refused import Refused
from bot.selfcheck import Changed, Question, Shown
from bot.services import BotContext
from bot.settings import Settings
from bot.store import Store, Unit
from bot.survey import (
    SEMESTER,
    AlreadyAnswered,
    Ask,
    Choose,
    Done,
    NotStarted,
    NotWaiting,
    Outcome,
    Results,
    has_ended,
    period_words,
    previous_semester,
    region_results,
    semester,
    skm,
)
from bot.survey.questions import MALADMINISTRATION, PROFILE, TOTAL
from bot.survey.service import SHOW_DETAILS_FROM
from bot.texts.html import CAPTION_LIMIT, MESSAGE_LIMIT, Html, clip, fit
from conversations import command, keyboards
from conversations.auth import Caller, pressed_message_id, roles
from conversations.callbacks import VERSION, CallbackData, CallbackDataError
from conversations.questions import follows
from conversations.render import answer, drop_buttons, edit_or_send, send_text, update_lang
from rubric import Item

_Data = TypeVar("_Data", bound=CallbackData)
log = logging.getLogger(__name__)

SKIP = 0
"""The option number of `Lewati`."""
PUBLIC_LANG = "id"
"""The language of what the unit prints for its public (the poster, the result sheet)."""
SUGGESTIONS_SHOWN = 20
"""The officer's results list the latest suggestions, at most this many."""


class SurveyAnswer(CallbackData, prefix="sv"):
    """An option on a survey question: the draft's token, the question's step, the option
    (1-based; 0 = Lewati). Bounded: anything else fails to unpack."""

    t: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8}$")]
    s: Annotated[int, Field(ge=0, lt=TOTAL)]
    o: Annotated[int, Field(ge=0, le=9)]


class SurveyChoice(CallbackData, prefix="sw"):
    """Another unit's link came while a response was in progress: continue it (`go` 0) or
    start the survey of the unit whose code `c` is (`go` 1). `t` and `s` are the token and
    step of the response in progress as the choice showed it (a press is valid only while
    the presser's own draft is still there)."""

    t: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8}$")]
    s: Annotated[int, Field(ge=0, lt=TOTAL)]
    go: Annotated[int, Field(ge=0, le=1)]
    c: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{22}$")]


START = re.compile(r"^s-([A-Za-z0-9_-]{22})$")
"""`/start s-<code>`: a survey code is 22 characters; an invite code (32) never matches."""


def looks_like_survey_link(start_parameter: str) -> bool:
    """A /start parameter meant as a survey link but not a valid one (cut, or a letter
    changed): `s-…` of another length than an invite code's 32 characters."""
    return start_parameter[:2].lower() == "s-" and len(start_parameter) != 32


def survey_code(start_parameter: str) -> str | None:
    """The survey code in a /start parameter, None when it is not a survey link."""
    match = START.match(start_parameter)
    return None if match is None else match.group(1)


# -- the survey's lane (admission control, bot/processing.py) -----------------------------

PRESS_PREFIXES = tuple(f"{VERSION}:{kind.prefix}:" for kind in (SurveyAnswer, SurveyChoice))


def in_lane(update: object) -> bool:
    """The survey lane's updates: a press on a survey question (or on the choice between
    two units' surveys), and `/start s-<code>`
    (opening a unit's survey) — what a link shared on social media brings by the thousand.
    Decided from the update alone (no store): a respondent's free-text suggestion, one per
    response, stays in the common lane."""
    if not isinstance(update, Update):
        return False
    query = update.callback_query
    if query is not None:
        return (query.data or "").startswith(PRESS_PREFIXES)
    message = update.message
    if message is None or message.text is None:
        return False
    command, _, parameter = message.text.partition(" ")
    return command == "/start" and survey_code(parameter.strip()) is not None


async def refuse(update: object, why: Refusal) -> None:
    """A survey update the lane did not admit ("busy": its backlog is full; "rate": the
    person is too fast): answered at once and nothing else is done. The question stays on
    screen, so pressing again later works."""
    if not isinstance(update, Update):
        return
    lang = update_lang(update)
    key = "survey.busy" if why == "busy" else "survey.rate"
    if update.callback_query is not None:
        await answer(update.callback_query, texts.plain(key, lang))
        return
    chat = update.effective_chat
    if chat is not None:  # a link (a message): there is no query to answer
        text = texts.render("survey.busy_link" if why == "busy" else key, lang)
        await send_text(update.get_bot(), chat.id, text)


def lane(settings: Settings) -> Lane:
    """The survey's lane, as the settings bound it."""
    return Lane(
        "survey",
        in_lane,
        refuse,
        workers=settings.survey_workers,
        backlog=settings.survey_backlog,
        per_second=settings.survey_presses_per_second,
    )


# -- respondents ------------------------------------------------------------------------


async def start_survey(update: Update, context: BotContext, code: str) -> None:
    """`/start s-<code>` (joining routes it here): open or resume the unit's survey, or ask
    which to do when another unit's survey is in progress."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = update_lang(update)
    outcome = await context.services.survey.open(user.id, code, lang)
    if isinstance(outcome, Ask):
        await show_question(context, chat.id, outcome)
    elif isinstance(outcome, Choose):
        await _show_choice(context, chat.id, outcome, lang)
    else:
        await send_text(context.bot, chat.id, outcome_text(outcome, lang))


async def show_question(
    context: BotContext, chat_id: int, outcome: Ask, note: str | None = None
) -> None:
    """The question as a new message; the message that showed the survey before loses its
    buttons, and the new one is recorded as the survey's (one chat, one live keyboard)."""
    text, markup = question_view(outcome, outcome.draft.lang, note)
    sent = await send_text(context.bot, chat_id, text, markup)
    await drop_buttons(context.bot, chat_id, outcome.replaces)
    if sent is not None:
        await context.services.survey.shown(outcome.draft, sent.message_id)


async def _show_choice(context: BotContext, chat_id: int, outcome: Choose, lang: str) -> None:
    """Continue the survey in progress, or start the other unit's: the question's buttons
    give way to the choice's until the person presses one."""
    sent = await send_text(context.bot, chat_id, *choice_view(outcome, lang))
    await drop_buttons(context.bot, chat_id, outcome.draft.message_id)
    if sent is not None:
        await context.services.survey.shown(outcome.draft, sent.message_id)


def choice_view(outcome: Choose, lang: str) -> tuple[Html, InlineKeyboardMarkup]:
    draft = outcome.draft
    text = texts.render(
        "survey.choose",
        lang,
        current=outcome.unit_name,
        new=outcome.new_unit_name,
        answered=draft.step,
        total=TOTAL,
    )
    choice = functools.partial(SurveyChoice, t=draft.token, s=draft.step, c=outcome.code)
    rows = [
        [
            (
                texts.plain("survey.btn.continue", lang, unit=clip(outcome.unit_name, 40)),
                choice(go=0),
            )
        ],
        [
            (
                texts.plain("survey.btn.start", lang, unit=clip(outcome.new_unit_name, 40)),
                choice(go=1),
            )
        ],
    ]
    return text, keyboards.markup(rows)


@frozen
class _Press(Generic[_Data]):
    """A press on a survey button, its data unpacked (respondents are strangers: no person)."""

    user_id: int
    query: CallbackQuery
    chat_id: int
    message_id: int | None
    lang: str
    data: _Data


async def _survey_press(update: Update, kind: type[_Data]) -> _Press[_Data] | None:
    """The press unpacked as `kind`; None when it is none (answered "invalid" if forged)."""
    user, query, chat = update.effective_user, update.callback_query, update.effective_chat
    if user is None or query is None or chat is None:
        return None
    lang = update_lang(update)
    try:
        data = kind.unpack(query.data or "")
    except CallbackDataError:
        await answer(query, texts.plain("survey.invalid", lang))
        return None
    return _Press(user.id, query, chat.id, pressed_message_id(update), lang, data)


async def on_answer(update: Update, context: BotContext) -> None:
    """A press on a survey question: only the current question of one's own draft counts."""
    press = await _survey_press(update, SurveyAnswer)
    if press is None:
        return
    data = press.data
    outcome = await context.services.survey.answer(
        press.user_id, data.t, data.s, data.o, press.message_id
    )
    await _pressed(context, press.query, press.chat_id, press.message_id, outcome, press.lang)


async def on_choice(update: Update, context: BotContext) -> None:
    """A press on "continue / start the other unit": checked like every survey press."""
    press = await _survey_press(update, SurveyChoice)
    if press is None:
        return
    data, lang, message_id = press.data, press.lang, press.message_id
    outcome = await context.services.survey.choose(
        press.user_id, data.t, data.s, data.c, start=data.go == 1, lang=lang, message_id=message_id
    )
    await _pressed(context, press.query, press.chat_id, message_id, outcome, lang)


async def _pressed(
    context: BotContext,
    query: CallbackQuery,
    chat_id: int,
    message_id: int | None,
    outcome: Outcome,
    lang: str,
) -> None:
    """A survey press's outcome: a refusal as the press's answer, else the pressed message
    edited in place (the next question, or the last words)."""
    if isinstance(outcome, Refused):
        await answer(query, texts.plain(f"survey.{outcome.reason}", lang))
        # A question left on screen (a day unanswered) loses its dead buttons, and a
        # message says so and how to start again. A second tap on a question just answered
        # (its buttons already gone) gets only the toast.
        gone = outcome.reason == "gone" and _has_buttons(query)
        if gone and await drop_buttons(context.bot, chat_id, message_id):
            await send_text(context.bot, chat_id, texts.render("survey.gone.message", lang))
        return
    await answer(query)
    if isinstance(outcome, NotStarted):  # why, then the survey in progress where it was
        asked_in = outcome.then.draft.lang
        text, markup = question_view(
            outcome.then, asked_in, above=outcome_text(outcome.why, asked_in)
        )
        await edit_or_send(context.bot, chat_id, message_id, text, markup)
        return
    if isinstance(outcome, Ask):
        text, markup = question_view(outcome, outcome.draft.lang)
        await edit_or_send(context.bot, chat_id, message_id, text, markup)
        return
    await edit_or_send(context.bot, chat_id, message_id, outcome_text(outcome, lang))


def _has_buttons(query: CallbackQuery) -> bool:
    """The pressed message still shows buttons (as Telegram sent it with the press)."""
    message = query.message
    return isinstance(message, Message) and message.reply_markup is not None


async def remind(update: Update, context: BotContext) -> bool:
    """A message from someone not registered (a command, text that is not the awaited
    suggestion, a file, a sticker): when they are answering a survey, its current question
    again with how to answer it (True); False without a survey in progress."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or update.callback_query is not None:
        return False
    outcome = await context.services.survey.in_progress(user.id)
    if outcome is None:
        return False
    at_suggestion = outcome.question.part == "suggestion"  # text answers it, or Lewati
    note = "survey.in_progress.suggestion" if at_suggestion else "survey.in_progress"
    await show_question(context, chat.id, outcome, note)
    return True


async def cancel(update: Update, context: BotContext) -> bool:
    """/batal mid-survey: the response in progress is dropped, uncounted, and the person told
    how to start again; False when there was none."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return False
    outcome = await context.services.survey.cancel(user.id)
    if outcome is None:
        return False
    await drop_buttons(context.bot, chat.id, outcome.message_id)
    text = texts.render("survey.cancelled", outcome.lang, unit=outcome.unit_name)
    await send_text(context.bot, chat.id, text)
    return True


async def still_open(context: BotContext, user_id: int, lang: str) -> Html | None:
    """ "Your survey of X stays open" for someone whose /batal left a prompt of their own
    flows (an officer answering another unit's survey); None without a survey."""
    outcome = await context.services.survey.in_progress(user_id)
    if outcome is None:
        return None
    return texts.render("survey.still_open", lang, unit=outcome.unit_name)


async def on_text(update: Update, context: BotContext) -> None:
    """Free text: the suggestion when the writer's survey is at that question; otherwise
    not ours (the other handlers see it)."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None or message.text is None:
        return
    outcome = await context.services.survey.suggestion(user.id, message.text, None)
    if isinstance(outcome, NotWaiting):
        return
    lang = update_lang(update)
    try:
        if isinstance(outcome, Done):
            await drop_buttons(context.bot, chat.id, outcome.message_id)
            lang = texts.lang_of(outcome.lang, None)
        await send_text(context.bot, chat.id, outcome_text(outcome, lang))
    except Exception as exc:  # the text was the survey's: it must not go on to group 0
        log.warning("the reply to a survey suggestion in chat %s failed: %s", chat.id, exc)
    raise ApplicationHandlerStop


def question_view(
    outcome: Ask, lang: str, note_key: str | None = None, above: Html | None = None
) -> tuple[Html, InlineKeyboardMarkup]:
    """A survey question with its buttons; under it the welcome (`survey.intro`), the
    resumption line, or `note_key`, naming the unit; `above` it, a reply to what was
    asked first (why another unit's survey did not start)."""
    asked, draft = outcome.question, outcome.draft
    note: Html | str = ""
    if outcome.unit_name:
        key = note_key or ("survey.resumed" if outcome.resumed else "survey.intro")
        note = texts.render(key, lang, unit=outcome.unit_name)
    text = texts.render(
        "survey.question",
        lang,
        n=draft.step + 1,
        total=TOTAL,
        section=texts.plain(f"survey.section.{asked.part}", lang),
        question=texts.plain(f"survey.q.{asked.id}", lang),
        note=Html(note),
    )
    if above is not None:
        text = Html(f"{above}\n\n{text}")
    options = [*range(1, asked.options + 1), *([SKIP] if asked.skippable else [])]
    rows = [
        [(option_label(asked.id, n, lang), SurveyAnswer(t=draft.token, s=draft.step, o=n))]
        for n in options
    ]
    return text, keyboards.markup(rows)


def outcome_text(outcome: Outcome, lang: str) -> Html:
    if isinstance(outcome, Done):
        return texts.render("survey.thanks" if outcome.counted else "survey.thanks_duplicate", lang)
    if isinstance(outcome, AlreadyAnswered):
        period = period_words(outcome.period, lang)
        return texts.render("survey.already", lang, unit=outcome.unit_name, period=period)
    if isinstance(outcome, Refused):
        # `detail` is what the reason's text names: the unit of a "member", a limit's number.
        named = {"member": "unit", "too_long": "limit"}.get(outcome.reason)
        values = {named: outcome.detail} if named else {}
        return texts.render(f"survey.{outcome.reason}", lang, **values)
    raise TypeError(f"no text for {outcome!r}")


# -- officers ---------------------------------------------------------------------------


@roles("officer")
async def on_survey(update: Update, context: BotContext, who: Caller) -> None:
    """/survei: the unit's survey link, its QR code, the A4 poster, the current results and,
    once there are responses, the one-page result sheet to publish."""
    chat = update.effective_chat
    assert chat is not None and who.person is not None and who.person.unit_id is not None
    service = context.services.survey
    if context.args and await _semester(update, context, who, context.args[0]):
        return
    if context.args:  # `/survei 1200`: the unit's monthly users, for the sample size
        await send_text(context.bot, chat.id, await _set_users(context, who, context.args[0]))
        return
    unit, _code, link = await service.link(who.person.unit_id, context.bot.username)
    results, current = await service.officer_results(unit.id)
    text = officer_text(unit.name, link, results, who.lang, current)
    await send_text(context.bot, chat.id, text)
    await _send_kit(context, chat.id, who.lang, unit, link, results, ended=current is not None)


async def _set_users(context: BotContext, who: Caller, given: str) -> Html:
    """`/survei 1200`: keep the unit's monthly users; the reply. A number that reads as a
    year (`/survei 2026`, meant as that year's results?) is kept too, and the reply says how
    to ask for a year's semesters and how to put back the number it replaced."""
    assert who.person is not None
    given = given.replace(".", "").replace(",", "")
    number = given.isascii() and given.isdecimal()  # not "²" or "١٢": int() refuses them
    kept = await context.services.survey.set_users(who.person, int(given)) if number else None
    if kept is None:
        return texts.render("survey.users.bad", who.lang)
    needed, before = kept
    text = texts.render("survey.users.set", who.lang, needed=needed)
    if SEMESTER.match(f"{given}-S1") is None:
        return text
    hint = texts.render("survey.users.year", who.lang, year=given, before=before)
    return Html(text + "\n" + hint)


async def _semester(update: Update, context: BotContext, who: Caller, period: str) -> bool:
    """`/survei 2026-S2`: that semester's results and, with responses, its result sheet (the
    semester that has just ended is the one to publish). False for any other argument."""
    if SEMESTER.match(period) is None:
        return False
    assert update.effective_chat is not None and who.person is not None
    unit_id = who.person.unit_id
    assert unit_id is not None
    results, _ = await context.services.survey.officer_results(unit_id, period.upper())
    chat_id = update.effective_chat.id
    ended = has_ended(results.period, context.services.now(), results.unit.timezone)
    await send_text(context.bot, chat_id, results_text(results, who.lang, ended=ended))
    await _send_sheet(context, chat_id, who.lang, results.unit, results, ended)
    return True


def officer_text(
    unit_name: str, link: str, results: Results, lang: str, current: Results | None = None
) -> Html:
    """The survey's link and results for the unit's officers (with a hint to give the monthly
    number of users, for the sample size, until they have). `current`: the new semester,
    without a response yet, when `results` are of the one before (`officer_results`); a line
    names the semester before by the argument that shows it later."""
    hint = "" if results.population else "\n" + texts.render("survey.users.hint", lang)
    new = (
        ""
        if current is None
        else texts.render(
            "survey.results.new_semester", lang, period=period_words(current.period, lang)
        )
        + "\n"
    )
    other = texts.render("survey.results.other", lang, period=previous_semester(results.period))
    return Html(
        texts.render("survey.officer", lang, unit=unit_name, link=link)
        + "\n\n"
        + new
        + results_text(results, lang, ended=current is not None)
        + "\n"
        + other
        + hint
    )


def _kit(unit: Unit, link: str, lang: str) -> tuple[bytes, bytes]:
    """The QR code (PNG) and the A4 poster (PDF). Run in a thread: the first call imports
    the poster's libraries (matplotlib, segno, fpdf2), which the bot does not load at
    start-up (they cost ~70 MB of RSS and nothing a press needs)."""
    from bot.survey.poster import poster_pdf, poster_text

    return qr_png(link), poster_pdf(poster_text(unit, link, lang))


def _sheet(results: Results, lang: str, ended: bool) -> bytes:
    """The one-page result sheet (PDF); in a thread, like `_kit`."""
    from bot.survey.poster import result_sheet_pdf

    return result_sheet_pdf(
        results, lambda key, **v: texts.plain(key, lang, **v), lang, ended=ended
    )


async def _send_kit(
    context: BotContext,
    chat_id: int,
    lang: str,
    unit: Unit,
    link: str,
    results: Results,
    *,
    ended: bool,
) -> None:
    """The QR code, the printable poster and, with responses, the result sheet. The poster
    and the sheet are for the unit's public, at the counter and on its notice board: in
    Indonesian whatever the officer's Telegram language (the captions are in theirs); the
    CLI's `--lang en` makes English ones."""
    qr, pdf = await asyncio.to_thread(_kit, unit, link, PUBLIC_LANG)
    await context.bot.send_photo(chat_id, qr, caption=_caption("survey.qr.caption", lang, unit))
    caption = _caption("survey.poster.caption", lang, unit)
    await context.bot.send_document(
        chat_id, InputFile(pdf, filename=texts.plain("survey.poster.file", lang)), caption=caption
    )
    await _send_sheet(context, chat_id, lang, unit, results, ended)


async def _send_sheet(
    context: BotContext, chat_id: int, lang: str, unit: Unit, results: Results, ended: bool
) -> None:
    """The period's one-page result sheet, once it has responses (`ended`: final)."""
    if not results.responses:
        return
    sheet = await asyncio.to_thread(_sheet, results, PUBLIC_LANG, ended)
    caption = _caption("survey.sheet.caption", lang, unit, period=results.period)
    name = texts.plain("survey.sheet.file", lang, period=results.period)
    await context.bot.send_document(chat_id, InputFile(sheet, filename=name), caption=caption)


def _caption(key: str, lang: str, unit: Unit, **values: object) -> str:
    """A caption naming the unit, escaped for HTML like every text (a unit may be named
    "Dinas <b>Sosial & Co") and fitted to Telegram's 1,024 characters without cutting a
    tag or an entity."""
    return fit(texts.render(key, lang, unit=unit.name, **values), CAPTION_LIMIT)


# -- the survey's suggestion on the self-check's SKM question ---------------------------


async def with_suggestion(
    context: BotContext, outcome: Shown | Changed, text: Html, lang: str
) -> Html:
    """A self-check screen's `text`, with the level the unit's survey suggests for the
    question it shows when the survey has one (F-02's SKM indicator, bot/survey/skm.py).
    The officer confirms by pressing the level: nothing is answered for them."""
    walk = outcome.walk
    key: str | None = outcome.key if isinstance(outcome, Question | Changed) else None
    if isinstance(outcome, Question) and outcome.evidence:
        key = follows(walk, outcome.key)  # the next question stands under the evidence request
    if key is None or not walk.selfcheck.accepting:
        return text
    item = walk.item(key)
    selfcheck = walk.selfcheck
    found = await context.services.survey.skm_suggestion(selfcheck.unit_id, item)
    if found is None:
        return text
    line = suggestion_text(found, item, lang)
    return Html(fit(text, MESSAGE_LIMIT - len(line) - 2) + "\n\n" + line)


def suggestion_text(suggestion: skm.Suggestion, item: Item, lang: str) -> Html:
    """ "Saran dari survei: Tingkat 2 — …" with the facts it rests on (IKM, responses,
    period) and what the officer must still confirm; "kumpulkan N respons lagi" below the
    minimum sample."""
    facts = suggestion.facts
    values: dict[str, object] = {
        "period": facts.period,
        "responses": texts.count("response", facts.responses, lang),
        "needed": facts.needed,
        "missing": suggestion.missing,
        "elements": facts.elements,
    }
    if suggestion.level is None or facts.ikm is None:
        line = texts.render("survey.skm.none", lang, **values)
    else:
        option = next(o for o in item.options if o.level == suggestion.level)
        values.update(
            level=option.label.get(lang),
            ikm=texts.decimal(facts.ikm.value, lang),
            category=facts.ikm.category,
        )
        key = "survey.skm.rule" if suggestion.per_the_rule else "survey.skm.below"
        line = texts.render(key, lang, **values)
    if facts.population is None:
        line = Html(line + " " + texts.render("survey.skm.population", lang, needed=facts.needed))
    return line


def percent(value: Fraction, lang: str) -> str:
    return texts.decimal(f"{float(value * 100):.0f}", lang) + "%"


def results_text(results: Results, lang: str, *, ended: bool = False) -> Html:
    """The results as officers see them: aggregates only; the profile and the suggestions
    (escaped, without any identity) only from SHOW_DETAILS_FROM responses. A semester that
    has `ended` below its minimum sample says so, not "collect N more": none can be."""
    lines: list[str] = [
        texts.render(
            "survey.results.head",
            lang,
            period=results.period,
            responses=texts.count("response", results.responses, lang),
            needed=results.needed,
        )
    ]
    if results.ikm is None:
        lines.append(texts.render("survey.results.none", lang, period=results.period))
        return Html("\n".join(lines))
    if results.responses < results.needed:
        lines.append(
            texts.render(
                "survey.results.short" if ended else "survey.results.more",
                lang,
                more=results.needed - results.responses,
                needed=results.needed,
                responses=results.responses,
            )
        )
    ikm = results.ikm
    lines.append(
        texts.render(
            "survey.results.ikm",
            lang,
            ikm=texts.decimal(ikm.value, lang),
            category=ikm.category,
            label=ikm.label(lang),
        )
    )
    for element in ikm.elements:
        lines.append(
            texts.render(
                "survey.results.element",
                lang,
                id=element.id,
                name=texts.plain(f"survey.e.{element.id}", lang),
                nrr=texts.decimal(element.nrr2, lang),
                category=element.category,
            )
        )
    lines.append("")
    if not results.shows_reports:
        lines.append(texts.render("survey.results.reports_later", lang, n=SHOW_DETAILS_FROM))
        lines.append(texts.render("survey.results.details_later", lang, n=SHOW_DETAILS_FROM))
        return Html("\n".join(lines))
    lines.append(texts.render("survey.results.mal_head", lang))
    for kind in MALADMINISTRATION:
        lines.append(
            texts.render(
                "survey.results.mal",
                lang,
                name=texts.plain(f"survey.m.{kind}", lang),
                share=percent(results.maladministration[kind], lang),
            )
        )
    if results.trust_mean is not None and results.trust_share_high is not None:
        lines.append("")
        lines.append(
            texts.render(
                "survey.results.trust",
                lang,
                mean=texts.decimal(results.trust_shown, lang),
                share=percent(results.trust_share_high, lang),
            )
        )
    lines.append("")
    if not results.profile:
        lines.append(texts.render("survey.results.details_later", lang, n=SHOW_DETAILS_FROM))
        return Html("\n".join(lines))
    lines.append(texts.render("survey.results.profile_head", lang))
    for kind in PROFILE:
        counts = " · ".join(
            f"{option_label(kind, option, lang)} {n}" for option, n in results.profile[kind].items()
        )
        lines.append(
            texts.render(
                "survey.results.profile",
                lang,
                name=texts.plain(f"survey.p.{kind}", lang),
                counts=counts,
            )
        )
    if results.suggestions:
        shown = results.suggestions[-SUGGESTIONS_SHOWN:]
        n = len(results.suggestions)
        lines.append("")
        if n > len(shown):  # say that the list is not all of them
            head = texts.render("survey.results.suggestions_some", lang, n=n, shown=len(shown))
        else:
            head = texts.render("survey.results.suggestions_head", lang, n=n)
        lines.append(head)
        lines.extend(texts.render("survey.results.suggestion", lang, text=s) for s in shown)
    return Html("\n".join(lines))


async def region_text(
    store: Store, region_id: int, now: datetime, lang: str, unit_id: int | None = None
) -> Html | None:
    """The coordinator's survey lines for /ringkasan: each unit that runs the survey, its IKM
    and responses this semester; None when no unit of the region runs it."""
    found = await region_results(store, region_id, now, unit_id)
    if not found:
        return None
    period = semester(now, found[0].unit.timezone)
    lines = [texts.render("survey.region.head", lang, period=period)]
    for results in found:
        responses = texts.count("response", results.responses, lang)
        if results.ikm is None:
            lines.append(texts.render("survey.region.none", lang, unit=results.unit.name))
            continue
        # the semester before, named, while this one has no response yet (`region_results`)
        key = "survey.region.unit" if results.period == period else "survey.region.unit_before"
        lines.append(
            texts.render(
                key,
                lang,
                unit=results.unit.name,
                ikm=texts.decimal(results.ikm.value, lang),
                category=results.ikm.category,
                responses=responses,
                period=results.period,
            )
        )
    return Html("\n".join(lines))


def option_label(question_id: str, option: int, lang: str) -> str:
    if option == SKIP:
        return texts.plain("survey.skip", lang)
    return texts.plain(f"survey.o.{question_id}.{option}", lang)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("survei"), on_survey),
        CallbackQueryHandler(on_answer, pattern=SurveyAnswer.pattern()),
        CallbackQueryHandler(on_choice, pattern=SurveyChoice.pattern()),
    ]


def early_handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Registered in a group before the others: a suggestion is free text, and only this
    module knows whether the writer's survey is waiting for one (else the text falls
    through to the usual handlers)."""
    private_text = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT
    return [MessageHandler(private_text & ~filters.COMMAND, on_text)]
