"""Evidence: photos and documents for the item the officer is on (pending "evidence").

Each file is stored as soon as it arrives (idempotent on the update id and on the file), then
confirmed. An album arrives as one update per file sharing a `media_group_id`; it is
confirmed once, shortly after its last file (`ALBUM_WAIT`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot import texts
from bot.services import BotContext
from bot.store import Closed, EvidenceFile, Forbidden, Invalid, NotFound
from bot.texts.html import MESSAGE_LIMIT, Html, clip, fit
from conversations import callbacks as cb
from conversations.auth import Caller, Pressed, officer_press, roles
from conversations.questions import EVIDENCE_FULL_MB, evidence_view
from conversations.render import send_text
from conversations.show import reply_to_press

log = logging.getLogger(__name__)

ALBUM_WAIT = 1.0
"""Seconds of quiet after an album's last file before it is confirmed."""
CONFIRM_ROOM = 400
"""Characters kept free under the question for the confirmation line."""
FULL_BYTES = EVIDENCE_FULL_MB * 1024 * 1024
ACCEPTED_MIME = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/rtf",
    }
)
ACCEPTED_MIME_PREFIXES = (
    "image/",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)
ACCEPTED_SUFFIXES = frozenset(
    {
        *(".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff"),
        *(".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf"),
    }
)


def accepted(file: EvidenceFile) -> bool:
    if file.kind == "photo":
        return True
    mime = (file.mime_type or "").lower()
    if mime in ACCEPTED_MIME or mime.startswith(ACCEPTED_MIME_PREFIXES):
        return True
    return PurePosixPath(file.file_name or "").suffix.lower() in ACCEPTED_SUFFIXES


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
    message = update.effective_message
    chat = update.effective_chat
    assert message is not None and chat is not None and who.person is not None
    store = context.services.store
    state = await store.chat_state(who.user_id)
    if state.pending != "evidence" or state.selfcheck_id is None or state.key is None:
        await send_text(context.bot, chat.id, texts.render("media.unexpected", who.lang))
        return
    if not await context.services.selfchecks.still_current(who.person, state.selfcheck_id):
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("cb.stale_cycle", who.lang))
        return
    file = evidence_file(message)
    if file is None:
        await send_text(context.bot, chat.id, texts.render("evidence.unsupported_media", who.lang))
        return
    name = file.file_name or file.kind
    if not accepted(file):
        await send_text(
            context.bot, chat.id, texts.render("evidence.bad_type", who.lang, name=clip(name, 80))
        )
        return
    try:
        added = await store.attach_evidence(
            who.person, state.selfcheck_id, state.key, file, update_id=update.update_id
        )
    except Closed:
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("cb.closed", who.lang))
        return
    except (Invalid, Forbidden, NotFound) as exc:
        log.info("evidence refused for %s: %s", who.user_id, exc)
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("cb.item_gone", who.lang))
        return
    if file.size is not None and file.size > FULL_BYTES:
        await send_text(
            context.bot,
            chat.id,
            texts.render("evidence.big", who.lang, name=clip(name, 80), limit_mb=EVIDENCE_FULL_MB),
        )
    album = _Album(state.selfcheck_id, state.key, chat.id, who.user_id, who.lang, int(added))
    if file.media_group_id is not None and context.job_queue is not None:
        _confirm_later(context, file.media_group_id, album)
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
    store = context.services.store
    person = await store.person(album.user_id)
    if person is None:
        return
    selfcheck = await store.selfcheck_for(person, album.selfcheck_id)
    count = len(await store.evidence(selfcheck, album.key))
    total = texts.count("file", count, album.lang)
    if album.added:
        said = texts.render(
            "evidence.saved",
            album.lang,
            added=texts.count("file", album.added, album.lang),
            total=total,
        )
    else:  # a file sent twice, or Telegram delivering the same update again
        said = texts.render("evidence.duplicate", album.lang, total=total)
    state = await store.chat_state(album.user_id)
    if not (
        state.pending == "evidence"
        and state.selfcheck_id == album.selfcheck_id
        and state.key == album.key
    ):
        # The officer has moved on (an album confirmed after `Nanti`): just confirm.
        await send_text(context.bot, album.chat_id, said)
        return
    walk = await context.services.selfchecks.walk(selfcheck)
    view, markup = evidence_view(walk, album.key, album.lang, received=True)
    said = Html(said + "\n" + texts.render("evidence.more", album.lang))
    text = Html(fit(view, MESSAGE_LIMIT - CONFIRM_ROOM) + "\n\n" + said)
    sent = await send_text(context.bot, album.chat_id, text, markup)
    if sent is None:
        return
    await store.set_chat_state(
        album.user_id,
        selfcheck_id=album.selfcheck_id,
        key=album.key,
        pending="evidence",
        message_id=sent.message_id,
    )
    if state.message_id is not None and state.message_id != sent.message_id:
        try:
            await context.bot.edit_message_reply_markup(
                album.chat_id, state.message_id, reply_markup=None
            )
        except BadRequest as exc:  # already without buttons, or too old to edit
            log.info("evidence prompt %s keeps its buttons: %s", state.message_id, exc.message)


async def evidence_text(update: Update, context: BotContext, who: Caller) -> None:
    """Text while files are awaited: say what is expected (pending "evidence"), naming the
    one button the evidence prompt shows now (`Nanti` before any file, `Selesai` after)."""
    chat = update.effective_chat
    assert chat is not None and who.person is not None
    store = context.services.store
    state = await store.chat_state(who.user_id)
    received = False
    if state.selfcheck_id is not None and state.key is not None:
        try:
            selfcheck = await store.selfcheck_for(who.person, state.selfcheck_id)
            received = bool(await store.evidence(selfcheck, state.key))
        except (Forbidden, NotFound):
            await store.set_chat_state(who.user_id)
            await send_text(context.bot, chat.id, texts.render("cb.stale_cycle", who.lang))
            return
    key = "evidence.text_instead.done" if received else "evidence.text_instead.later"
    # No button here: a second copy would outlive the prompt's change from `Nanti` to `Selesai`.
    await send_text(context.bot, chat.id, texts.render(key, who.lang))


@officer_press(cb.AddEvidence)
async def on_add(update: Update, context: BotContext, pressed: Pressed[cb.AddEvidence]) -> None:
    """Tambah bukti: wait for files for this item."""
    outcome = await context.services.selfchecks.add_evidence(pressed.press)
    await reply_to_press(context, pressed, outcome)


# The press reads the answer states too: the next item is known without another read.
@officer_press(cb.EvidenceDone, states=True)
async def on_done(update: Update, context: BotContext, pressed: Pressed[cb.EvidenceDone]) -> None:
    """Nanti / Selesai: stop waiting for files and go on to the next unanswered item."""
    outcome = await context.services.selfchecks.evidence_done(pressed.press)
    await reply_to_press(context, pressed, outcome)


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
