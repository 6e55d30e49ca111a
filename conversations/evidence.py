"""Evidence: photos and documents for the item the officer is on (pending "evidence").

Each file is stored as soon as it arrives (idempotent on the update id and on the file), then
confirmed. An album arrives as one update per file sharing a `media_group_id`; it is
confirmed once, shortly after its last file (`ALBUM_WAIT`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Literal

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, MessageHandler, filters

from bot import filetype, texts
from bot.botapi import DOWNLOAD_MB
from bot.evidence import Attached, Filed
from bot.refused import Refused
from bot.selfcheck import Changed, Outcome, SelfCheckRefusal, SelfCheckService, Waiting
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
from conversations.selfcheck import for_role, say_waiting, waiting_text
from conversations.show import reply, service_press, show

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


@dataclass
class _Told:
    """What one message, or one album (its files arrive as separate updates), led to, told
    once: the files kept (one confirmation line), the files a colleague's change refused
    (one screen saying how many), and each other refusal once (not once per file)."""

    chat_id: int
    who: Caller
    album: bool
    kept: _Album | None = None
    changed: Changed | None = None
    refused: set[str] = field(default_factory=set)
    """The refused files' unique ids: a file sent twice is counted once."""
    said: list[Refused[SelfCheckRefusal] | Waiting] = field(default_factory=list)

    @classmethod
    def of(cls, outcome: Filed, file: EvidenceFile | None, chat_id: int, who: Caller) -> _Told:
        told = cls(chat_id, who, file is not None and file.media_group_id is not None)
        if isinstance(outcome, Attached):
            told.kept = _Album.of(outcome, chat_id, who)
        elif isinstance(outcome, Changed):
            told.changed, told.refused = outcome, {file.file_unique_id if file else ""}
        else:
            told.said.append(outcome)
        return told

    def after(self, earlier: _Told) -> None:
        """Take in what the album's earlier files led to."""
        if earlier.kept is not None and self.kept is not None:
            self.kept.added += earlier.kept.added
            # The album's first file kept (one user's updates are handled in order), not its
            # lowest id: a file sent again keeps its old id, kept after the new ones.
            self.kept.since = earlier.kept.since or self.kept.since
        self.kept = self.kept or earlier.kept
        self.changed = self.changed or earlier.changed
        self.refused |= earlier.refused
        self.said = earlier.said + [s for s in self.said if s not in earlier.said]


@roles()
async def on_file(update: Update, context: BotContext, who: Caller) -> None:
    """A photo or document: evidence for the item the officer is on."""
    message, chat = update.effective_message, update.effective_chat
    if not who.is_officer:  # a coordinator's return comment awaited, or their own hint
        refusal = not_allowed(who, ("officer",), pressed=False) or "officer_only"
        if refusal.startswith("officer_only"):  # registered, no officer: a file is no command
            refusal = for_role("media.unexpected", who)
        await say_waiting(update, context, who, nothing=refusal)
        return
    assert message is not None and chat is not None and who.person is not None
    file = evidence_file(message)
    if file is not None and await _refused_file(context, chat.id, who, file):
        return
    outcome = await context.services.evidence.attach(who.person, file, update.update_id)
    if isinstance(outcome, Attached):
        mark_saved(update, context, clip(outcome.name, 80), "error.saved_file")
        await _too_big(context, chat.id, who, outcome)
    told = _Told.of(outcome, file, chat.id, who)
    if message.media_group_id is not None and context.job_queue is not None:
        _tell_later(context, message.media_group_id, told)
        return
    await _tell(context, told)


async def _too_big(context: BotContext, chat_id: int, who: Caller, kept: Attached) -> None:
    if kept.too_big:
        name, limit = clip(kept.name, 80), DOWNLOAD_MB
        text = texts.render("evidence.big", who.lang, name=name, limit_mb=limit)
        await send_text(context.bot, chat_id, text)


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


def _tell_later(context: BotContext, media_group_id: str, told: _Told) -> None:
    assert context.job_queue is not None
    name = f"album:{told.chat_id}:{media_group_id}"
    for job in context.job_queue.get_jobs_by_name(name):
        told.after(job.data)  # type: ignore[arg-type]
        job.schedule_removal()
    context.job_queue.run_once(_album_quiet, ALBUM_WAIT, data=told, name=name)  # type: ignore[arg-type]


async def _album_quiet(context: BotContext) -> None:
    assert context.job is not None
    told: _Told = context.job.data  # type: ignore[assignment]
    await _tell(context, told)


async def _tell(context: BotContext, told: _Told) -> None:
    """Say what a message or an album led to: each refusal once, a colleague's change with
    how many files it refused, then the confirmation of the files kept."""
    chat_id, who = told.chat_id, told.who
    for said in told.said:
        if isinstance(said, Waiting):  # a text is awaited (an N/A reason...): say which
            await send_text(context.bot, chat_id, waiting_text(said, who.lang))
        else:
            await reply(context, chat_id, who, said)
    if told.changed is not None:
        changed = told.changed
        if told.album:  # the album's files are told together: how many were not kept
            what: Literal["album", "album_part"] = "album" if told.kept is None else "album_part"
            changed = replace(changed, what=what, files=len(told.refused))
        await show(context, chat_id, who, changed, None)
    if told.kept is not None:
        await _confirm(context, told.kept)


async def _confirm(context: BotContext, album: _Album) -> None:
    """One short line under the files, edited as more arrive ("📎 3 berkas untuk 7/55"),
    with `↩ Batalkan` (and `Selesai` on an evidence prompt); the question or prompt above is
    edited in place so that its count and its at-risk line are current."""
    service = context.services.evidence
    found = await service.confirmation(album.user_id, album.selfcheck_id, album.key)
    if found is None:
        return
    state, walk = found.prompt, found.walk
    line = confirmation_text(album, walk)
    if not found.on_key:  # moved on (after `Nanti`, or the file came twice): name the item
        await send_text(context.bot, album.chat_id, line)
        return
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


def confirmation_text(album: _Album, walk: Walk) -> Html:
    files = texts.count("file", walk.evidence_count(album.key), album.lang)
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
    walk, awaited = (None, None) if awaiting is None else (awaiting.walk, awaiting.prompt.key)
    received = walk is not None and awaited is not None and walk.evidence_count(awaited) > 0
    key = "evidence.text_instead.done" if received else "evidence.text_instead.later"
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


@service_press(cb.AddEvidence, states=True)
async def on_add(service: SelfCheckService, pressed: Pressed[cb.AddEvidence]) -> Outcome:
    """Tambah bukti: wait for files for this item."""
    return await service.add_evidence(pressed.press)


# The press reads the answer states too: the next item is known without another read.
@service_press(cb.EvidenceDone, states=True)
async def on_done(service: SelfCheckService, pressed: Pressed[cb.EvidenceDone]) -> Outcome:
    """Nanti / Selesai: stop waiting for files and go on to the next unanswered item."""
    return await service.evidence_done(pressed.press)


# New messages only: an edited caption is not a new piece of evidence.
FILES = (
    filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & (filters.PHOTO | filters.Document.ALL)
)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [MessageHandler(FILES, on_file), on_add, on_undo, on_done]
