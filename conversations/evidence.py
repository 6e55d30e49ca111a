"""Evidence: photos and documents for the item the officer is on (pending "evidence").

Each file is stored as soon as it arrives (idempotent on the update id and on the file), then
confirmed. An album arrives as one update per file sharing a `media_group_id`; it is
confirmed once, shortly after its last file (`ALBUM_WAIT`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot import texts
from bot.evidence import EVIDENCE_FULL_MB, Attached
from bot.selfcheck import Refused
from bot.services import BotContext
from bot.store import EvidenceFile
from bot.texts.html import MESSAGE_LIMIT, Html, clip, fit
from conversations import callbacks as cb
from conversations.auth import Caller, roles
from conversations.questions import evidence_view
from conversations.render import drop_buttons, send_text
from conversations.show import reply, service_press

log = logging.getLogger(__name__)

ALBUM_WAIT = 1.0
"""Seconds of quiet after an album's last file before it is confirmed."""
CONFIRM_ROOM = 400
"""Characters kept free under the question for the confirmation line."""


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


@roles("officer")
async def on_file(update: Update, context: BotContext, who: Caller) -> None:
    """A photo or document: evidence for the item the officer is on."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None and who.person is not None
    file = evidence_file(message)
    outcome = await context.services.evidence.attach(who.person, file, update.update_id)
    if not isinstance(outcome, Attached):
        await reply(context, chat.id, who, outcome)
        return
    if outcome.too_big:
        name, limit = clip(outcome.name, 80), EVIDENCE_FULL_MB
        text = texts.render("evidence.big", who.lang, name=name, limit_mb=limit)
        await send_text(context.bot, chat.id, text)
    album = _Album(
        outcome.selfcheck_id, outcome.key, chat.id, who.user_id, who.lang, int(outcome.added)
    )
    if message.media_group_id is not None and context.job_queue is not None:
        _confirm_later(context, message.media_group_id, album)
        return
    await _confirm(context, album)


def _confirm_later(context: BotContext, media_group_id: str, album: _Album) -> None:
    assert context.job_queue is not None
    name = f"album:{album.chat_id}:{media_group_id}"
    for job in context.job_queue.get_jobs_by_name(name):
        earlier: _Album = job.data  # type: ignore[assignment]
        album.added += earlier.added
        job.schedule_removal()
    context.job_queue.run_once(_album_quiet, ALBUM_WAIT, data=album, name=name)  # type: ignore[arg-type]


async def _album_quiet(context: BotContext) -> None:
    assert context.job is not None
    album: _Album = context.job.data  # type: ignore[assignment]
    await _confirm(context, album)


async def _confirm(context: BotContext, album: _Album) -> None:
    """Confirm what arrived in a new message below the files (the officer sees it, and gets
    notified), with the prompt's view and `Selesai`; the earlier prompt loses its `Nanti`, so
    one way on is on screen rather than a `Nanti` above and a `Selesai` below."""
    service = context.services.evidence
    found = await service.confirmation(album.user_id, album.selfcheck_id, album.key)
    if found is None:
        return
    said = confirmation_text(album, found.count)
    if found.walk is None:  # moved on (an album confirmed after `Nanti`): just confirm
        await send_text(context.bot, album.chat_id, said)
        return
    view, markup = evidence_view(found.walk, album.key, album.lang, received=True)
    said = Html(said + "\n" + texts.render("evidence.more", album.lang))
    text = Html(fit(view, MESSAGE_LIMIT - CONFIRM_ROOM) + "\n\n" + said)
    sent = await send_text(context.bot, album.chat_id, text, markup)
    if sent is None:
        return
    await service.prompt_moved(album.user_id, album.selfcheck_id, album.key, sent.message_id)
    if found.prompt.message_id not in (None, sent.message_id):
        await drop_buttons(context.bot, album.chat_id, found.prompt.message_id)


def confirmation_text(album: _Album, count: int) -> Html:
    total = texts.count("file", count, album.lang)
    if not album.added:  # a file sent twice, or Telegram delivering the same update again
        return texts.render("evidence.duplicate", album.lang, total=total)
    added = texts.count("file", album.added, album.lang)
    return texts.render("evidence.saved", album.lang, added=added, total=total)


async def evidence_text(update: Update, context: BotContext, who: Caller) -> None:
    """Text while files are awaited: say what is expected (pending "evidence"), naming the
    one button the evidence prompt shows now (`Nanti` before any file, `Selesai` after)."""
    assert update.effective_chat is not None and who.person is not None
    received = await context.services.evidence.received(who.person)
    if isinstance(received, Refused):
        await reply(context, update.effective_chat.id, who, received)
        return
    key = "evidence.text_instead.done" if received else "evidence.text_instead.later"
    # No button here: a second copy would outlive the prompt's change from `Nanti` to `Selesai`.
    await send_text(context.bot, update.effective_chat.id, texts.render(key, who.lang))


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
    return [
        MessageHandler(FILES, on_file),
        CallbackQueryHandler(on_add, pattern=cb.AddEvidence.pattern()),
        CallbackQueryHandler(on_done, pattern=cb.EvidenceDone.pattern()),
    ]
