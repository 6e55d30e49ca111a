"""Evidence: photos and documents for the item the officer is on (pending "evidence").

Each file is stored as soon as it arrives (idempotent on the update id and on the file), then
confirmed. An album arrives as one update per file sharing a `media_group_id`; it is
confirmed once, shortly after its last file (`ALBUM_WAIT`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, MessageHandler, filters

from bot import filetype, texts
from bot.botapi import DOWNLOAD_MB
from bot.evidence import Attached
from bot.refused import Refused
from bot.services import BotContext
from bot.store import ChatState, EvidenceFile
from bot.texts.html import Html, clip
from bot.walk import Walk
from conversations import callbacks as cb
from conversations import keyboards
from conversations.auth import Caller, Pressed, not_allowed, officer_press, refuse_press, roles
from conversations.filecheck import problem_of
from conversations.questions import evidence_view, follows, question_view
from conversations.render import answer, edit_or_send, send_text
from conversations.saved import mark_saved
from conversations.selfcheck import say_waiting
from conversations.show import reply, service_press

log = logging.getLogger(__name__)

ACK_QUESTION = 60
"""How much of the question the confirmation line names."""
ALBUM_WAIT = 1.0
"""Seconds of quiet after an album's last file before it is confirmed."""


def evidence_file(message: Message) -> EvidenceFile | None:
    """What Telegram tells us about the file in a message (the largest photo size)."""
    if message.photo:
        photo = message.photo[-1]
        return EvidenceFile(
            file_id=photo.file_id,
            file_unique_id=photo.file_unique_id,
            kind="photo",
            file_name=None,
            mime_type="image/jpeg",
            size=photo.file_size,
            caption=message.caption,
            media_group_id=message.media_group_id,
        )
    if message.document is not None:
        doc = message.document
        return EvidenceFile(
            file_id=doc.file_id,
            file_unique_id=doc.file_unique_id,
            kind="document",
            file_name=doc.file_name,
            mime_type=doc.mime_type,
            size=doc.file_size,
            caption=message.caption,
            media_group_id=message.media_group_id,
        )
    return None


@dataclass
class _Album:
    selfcheck_id: int
    key: str
    chat_id: int
    user_id: int
    lang: str
    added: int
    since: int
    """The first evidence id kept by this message or album (`↩ Batalkan` undoes from it)."""

    @classmethod
    def of(cls, kept: Attached, chat_id: int, who: Caller) -> _Album:
        return cls(
            kept.selfcheck_id,
            kept.key,
            chat_id,
            who.user_id,
            who.lang,
            int(kept.added),
            kept.evidence_id,
        )


@roles()
async def on_file(update: Update, context: BotContext, who: Caller) -> None:
    """A photo or document: evidence for the item the officer is on."""
    message, chat = update.effective_message, update.effective_chat
    if not who.is_officer:  # a coordinator's return comment awaited, or their commands
        refusal = not_allowed(who, ("officer",), pressed=False) or "officer_only"
        await say_waiting(update, context, who, nothing=refusal)
        return
    assert message is not None and chat is not None and who.person is not None
    file = evidence_file(message)
    if file is not None and await _refused_file(context, chat.id, who, file):
        return
    outcome = await context.services.evidence.attach(who.person, file, update.update_id)
    if not isinstance(outcome, Attached):
        await reply(context, chat.id, who, outcome)
        return
    mark_saved(update, context, clip(outcome.name, 80), "error.saved_file")
    if outcome.too_big:
        name, limit = clip(outcome.name, 80), DOWNLOAD_MB
        text = texts.render("evidence.big", who.lang, name=name, limit_mb=limit)
        await send_text(context.bot, chat.id, text)
    album = _Album.of(outcome, chat.id, who)
    if message.media_group_id is not None and context.job_queue is not None:
        _confirm_later(context, message.media_group_id, album)
        return
    await _confirm(context, album)


async def _refused_file(context: BotContext, chat_id: int, who: Caller, file: EvidenceFile) -> bool:
    """Judge a document by its name and first bytes, not its declared MIME type (a
    `laporan.pdf.exe` said to be a PDF); say why when it is not kept."""
    problem = await problem_of(context.bot, file)
    if problem is None:
        return False
    shown = clip(filetype.shown_name(file.file_name or file.kind), 80)
    text = texts.render(f"evidence.refused.{problem}", who.lang, name=shown)
    await send_text(context.bot, chat_id, text)
    return True


def _confirm_later(context: BotContext, media_group_id: str, album: _Album) -> None:
    assert context.job_queue is not None
    name = f"album:{album.chat_id}:{media_group_id}"
    for job in context.job_queue.get_jobs_by_name(name):
        earlier: _Album = job.data  # type: ignore[assignment]
        album.added += earlier.added
        # The album's first file kept (one user's updates are handled in order), not its
        # lowest id: a file sent again keeps its old id, kept after the new ones.
        album.since = earlier.since or album.since
        job.schedule_removal()
    context.job_queue.run_once(_album_quiet, ALBUM_WAIT, data=album, name=name)  # type: ignore[arg-type]


async def _album_quiet(context: BotContext) -> None:
    assert context.job is not None
    album: _Album = context.job.data  # type: ignore[assignment]
    await _confirm(context, album)


async def _confirm(context: BotContext, album: _Album) -> None:
    """One short line under the files, edited as more arrive ("📎 3 berkas untuk 7/55"),
    with `↩ Batalkan` (and `Selesai` on an evidence prompt); the question or prompt above is
    edited in place so that its count and its at-risk line are current."""
    service = context.services.evidence
    found = await service.confirmation(album.user_id, album.selfcheck_id, album.key)
    if found is None:
        return
    if found.walk is None:  # moved on (an album confirmed after `Nanti`): just confirm
        await send_text(context.bot, album.chat_id, confirmation_text(album, found.count))
        return
    state, walk = found.prompt, found.walk
    line = confirmation_text(album, found.count, walk)
    prompt = state.pending == "evidence" and follows(walk, album.key) is None
    markup = keyboards.evidence_ack(album.selfcheck_id, album.key, album.since, album.lang, prompt)
    ack = await edit_or_send(context.bot, album.chat_id, state.ack_message_id, line, markup)
    if ack is not None and ack != state.ack_message_id:
        await service.acked(state, ack)
    if album.added:  # a file sent again changes nothing above
        await refresh(context, album.chat_id, walk, album.key, album.lang, state)


async def refresh(
    context: BotContext, chat_id: int, walk: Walk, key: str, lang: str, state: ChatState
) -> None:
    """Edit the question (or evidence prompt) on screen so its evidence lines are current;
    an evidence prompt's way on is on the confirmation line."""
    if state.message_id is None or state.key != key:
        return
    markup: InlineKeyboardMarkup | None
    if state.pending == "evidence":
        if follows(walk, key) is not None:
            return  # the next question stands there: nothing about this item to refresh
        text, _ = evidence_view(walk, key, lang, received=True)
        markup = None  # `Selesai` is on the confirmation line
    else:
        text, markup = question_view(walk, key, lang)
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat_id, message_id=state.message_id, reply_markup=markup
        )
    except BadRequest as exc:  # unchanged, or too old to edit: the line below says it
        log.info("question %s not refreshed: %s", state.message_id, exc.message)


def confirmation_text(album: _Album, count: int, walk: Walk | None = None) -> Html:
    files = texts.count("file", count, album.lang)
    if walk is None:
        key = "evidence.saved" if album.added else "evidence.duplicate"
        added = texts.count("file", album.added, album.lang)
        return texts.render(key, album.lang, added=added, total=files)
    n, total = walk.checklist.index(album.key) + 1, len(walk.checklist)
    question = clip(walk.item(album.key).question.get(album.lang), ACK_QUESTION)
    key = "evidence.ack" if album.added else "evidence.ack_duplicate"
    return texts.render(key, album.lang, files=files, n=n, total=total, question=question)


async def evidence_text(update: Update, context: BotContext, who: Caller) -> None:
    """Text while files are awaited: say what is expected (pending "evidence"), naming the
    one button the evidence prompt shows now (`Nanti` before any file, `Selesai` after)."""
    assert update.effective_chat is not None and who.person is not None
    awaiting = await context.services.evidence.awaiting(who.person)
    if isinstance(awaiting, Refused):
        await reply(context, update.effective_chat.id, who, awaiting)
        return
    received = awaiting is not None and awaiting.count > 0
    key = "evidence.text_instead.done" if received else "evidence.text_instead.later"
    walk, awaited = (None, None) if awaiting is None else (awaiting.walk, awaiting.prompt.key)
    if walk is not None and awaited is not None and follows(walk, awaited) is not None:
        key = "evidence.text_instead.next"  # no Nanti / Selesai: answering it goes on
    # No button here: a second copy would outlive the prompt's change from `Nanti` to `Selesai`.
    await send_text(context.bot, update.effective_chat.id, texts.render(key, who.lang))


@officer_press(cb.UndoEvidence)
async def on_undo(update: Update, context: BotContext, pressed: Pressed[cb.UndoEvidence]) -> None:
    """`↩ Batalkan` under a confirmation: the files it confirmed are removed."""
    outcome = await context.services.evidence.undo(pressed.press, pressed.data.since)
    if isinstance(outcome, Refused):
        await refuse_press(pressed, outcome)
        return
    lang, walk, key = pressed.who.lang, outcome.walk, outcome.key
    files = texts.count("file", outcome.removed, lang)
    await answer(pressed.query, texts.plain("cb.undone", lang, files=files))
    left = texts.count("file", walk.evidence_count(key), lang)
    n, total = walk.checklist.index(key) + 1, len(walk.checklist)
    line = texts.render("evidence.undone", lang, files=files, left=left, n=n, total=total)
    prompt = outcome.state.pending == "evidence" and outcome.state.key == key
    prompt = prompt and follows(walk, key) is None
    markup = keyboards.evidence_ack(walk.selfcheck.id, key, 0, lang, prompt)
    await edit_or_send(context.bot, pressed.chat_id, pressed.press.message_id, line, markup)
    await refresh(context, pressed.chat_id, walk, key, lang, outcome.state)


on_add = service_press(
    cb.AddEvidence,
    lambda service, pressed: service.add_evidence(pressed.press),
    "Tambah bukti: wait for files for this item.",
    states=True,
)
# The press reads the answer states too: the next item is known without another read.
on_done = service_press(
    cb.EvidenceDone,
    lambda service, pressed: service.evidence_done(pressed.press),
    "Nanti / Selesai: stop waiting for files and go on to the next unanswered item.",
    states=True,
)


# New messages only: an edited caption is not a new piece of evidence.
FILES = (
    filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & (filters.PHOTO | filters.Document.ALL)
)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [MessageHandler(FILES, on_file), on_add, on_undo, on_done]
