"""The evidence service: which files count as evidence, keeping them for the item the
officer is on, and what a confirmation shows. Returns outcomes; the chat layer words them."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import PurePosixPath

from bot.botapi import DOWNLOAD_LIMIT
from bot.frozen import frozen
from bot.refused import Refused
from bot.selfcheck import Changed, Press, SelfCheckRefusal, SelfCheckService, Waiting
from bot.store import (
    ChatState,
    Closed,
    Conflict,
    EvidenceFile,
    Forbidden,
    Invalid,
    KeyWrite,
    NotFound,
    Person,
)
from bot.walk import Walk

log = logging.getLogger(__name__)

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


@frozen
class Attached:
    """A file kept (`added` False: it was already there, or the update came twice)."""

    selfcheck_id: int
    key: str
    added: bool
    name: str
    too_big: bool
    """Over the download limit: listed in the pack, not inside it."""
    evidence_id: int = 0
    """The kept file's row (0: nothing added): `↩ Batalkan` undoes from there on."""


@frozen
class Undone:
    removed: int
    walk: Walk
    key: str
    state: ChatState
    """The chat state now (its `message_id` shows the question, to refresh)."""


@frozen
class Confirmation:
    """The walk as it is now (the files each key holds: `walk.evidence_count`) and the
    chat state; `on_key` False: the officer moved on from the item (the confirmation then
    names it)."""

    walk: Walk
    prompt: ChatState
    on_key: bool = True


Filed = Refused[SelfCheckRefusal] | Attached | Changed | Waiting
"""What a file sent in chat led to."""


class EvidenceService:
    def __init__(self, selfchecks: SelfCheckService) -> None:
        self.selfchecks = selfchecks
        self.store = selfchecks.store

    async def attach(self, person: Person, file: EvidenceFile | None, update_id: int) -> Filed:
        """A photo or document sent while the chat state awaits evidence for a key, or while
        a question is on screen (the person meant it as evidence for that question). The
        files of one album are judged alike, on the item and answer version its first file
        was sent on (`album_write`). While a text is awaited (an N/A reason, a note, a
        product's name), what it waits for."""
        store = self.store
        state = await store.chat_state(person.telegram_id)
        if state.pending not in ("evidence", None) and state.selfcheck_id is not None:
            return await self.selfchecks.waiting_for(person) or Refused("unexpected_media")
        if state.pending not in ("evidence", None) or state.selfcheck_id is None or not state.key:
            return Refused("unexpected_media")
        if not await self.selfchecks.still_current(person, state.selfcheck_id):
            await store.set_chat_state(person.telegram_id)
            return Refused("stale_cycle")
        if file is None:
            return Refused("unsupported_media")
        name = file.file_name or file.kind
        if not accepted(file):
            return Refused("bad_type", name)
        write = KeyWrite.awaited(person, state, update_id)
        try:
            if file.media_group_id is not None:
                write = await store.album_write(write, file.media_group_id)
            evidence_id = await store.attach_evidence(write, file)
        except Conflict:
            selfcheck = await store.selfcheck_for(person, write.selfcheck_id)
            walk = await self.selfchecks.walk(selfcheck)
            return Changed(walk, write.key, None, "evidence")
        except (Closed, Invalid, Forbidden, NotFound) as exc:
            log.info("evidence refused for %s: %s", person.telegram_id, exc)
            await store.set_chat_state(person.telegram_id)
            return Refused("closed" if isinstance(exc, Closed) else "item_gone")
        too_big = file.size is not None and file.size > DOWNLOAD_LIMIT
        key = write.key
        if not evidence_id:  # nothing added: a file sent again, or the update came twice
            key = await store.kept_by_update(write) or key  # for which item
        return Attached(write.selfcheck_id, key, bool(evidence_id), name, too_big, evidence_id)

    async def undo(self, press: Press, since: int) -> Refused[SelfCheckRefusal] | Undone:
        """`↩ Batalkan` under a confirmation: the presser's files it confirmed (those kept
        since file `since`, the first it confirmed) are removed; the question shows the
        count left."""
        found = self.selfchecks.check(press)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        try:
            removed = await self.store.remove_evidence(
                press.person, found.selfcheck.id, press.key, since
            )
        except Closed:
            return Refused("closed")
        except (Invalid, Forbidden, NotFound):
            return Refused("item_gone")
        walk = await self.selfchecks.walk(found.selfcheck, found.checklist)
        state = await self.store.chat_state(press.person.telegram_id)
        return Undone(removed, walk, press.key, state)

    async def confirmation(
        self, telegram_id: int, selfcheck_id: int, key: str
    ) -> Confirmation | None:
        """What a confirmation of files for `key` shows (None: the person is gone)."""
        store = self.store
        person = await store.person(telegram_id)
        if person is None:
            return None
        selfcheck = await store.selfcheck_for(person, selfcheck_id)
        state = await store.chat_state(telegram_id)
        on_key = (
            state.pending in ("evidence", None)
            and state.selfcheck_id == selfcheck_id
            and state.key == key
        )
        return Confirmation(await self.selfchecks.walk(selfcheck), state, on_key)

    async def acked(self, state: ChatState, ack_message_id: int) -> None:
        """The one-line confirmation of files for the state's key is `ack_message_id`: the
        next files edit it rather than send another. Only while the state is still `state`:
        an album's confirmation is sent by a job, outside the person's turn, and a press of
        theirs meanwhile (the next question, a prompt) is never undone by it."""
        await self.store.swap_chat_state(state, replace(state, ack_message_id=ack_message_id))

    async def awaiting(self, person: Person) -> Refused[SelfCheckRefusal] | Confirmation | None:
        """The files awaited (text was sent instead), as a confirmation would count them:
        the walk (what stands under the request, and the files the key holds) and the state
        naming the key; None when no key is awaited."""
        store = self.store
        state = await store.chat_state(person.telegram_id)
        if state.selfcheck_id is None or state.key is None:
            return None
        try:
            selfcheck = await store.selfcheck_for(person, state.selfcheck_id)
        except (Forbidden, NotFound):
            await store.set_chat_state(person.telegram_id)
            return Refused("stale_cycle")
        return Confirmation(await self.selfchecks.walk(selfcheck), state)
