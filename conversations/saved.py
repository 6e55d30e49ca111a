"""Saved, and told so: once a handler has stored what the person sent, a failure of what
follows (answering the button, editing the message) must not read "Maaf, terjadi kesalahan"
(they would answer again). The handler marks the update as saved; the error handler then
says it was saved and how to go on.

The mark lives in the chat's `chat_data`, one slot per chat (the latest update), so it
never grows."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.selfcheck import NoteSaved, Saved

_KEY = "saved_update"


def mark_saved(update: Any, context: Any, what: str, text: str = "error.saved") -> None:
    """Record that `update` stored `what` (e.g. the chosen answer's label); `text` is the
    key of the message that says so (its `{answer}` is `what`)."""
    chat_data = getattr(context, "chat_data", None)
    if chat_data is not None and getattr(update, "update_id", None) is not None:
        chat_data[_KEY] = (update.update_id, what, text)


def mark_if_saved(update: Any, context: Any, outcome: object, lang: str) -> None:
    """`mark_saved` for a self-check outcome that stored an answer, an N/A reason or a note
    (pressed or typed)."""
    if isinstance(outcome, NoteSaved):
        mark_saved(update, context, "", "error.saved_note")
    if not isinstance(outcome, Saved):
        return
    what = outcome.option.label.get(lang) if outcome.option is not None else None
    mark_saved(update, context, what or texts.plain("option.na", lang))


def saved_by(update: Any, context: Any) -> tuple[str, str] | None:
    """(text key, what) if `update`'s handler marked it saved (and forget the mark)."""
    chat_data = getattr(context, "chat_data", None)
    if chat_data is None:
        return None
    mark = chat_data.get(_KEY)
    if mark is None or mark[0] != getattr(update, "update_id", None):
        return None
    del chat_data[_KEY]
    return str(mark[2]), str(mark[1])


def storage_failure(exc: BaseException | None) -> bool:
    """Whether `exc` is the database refusing a write (disk full, read-only, I/O error):
    then whatever the update wanted to store was NOT stored, and the person must hear so."""
    import sqlite3

    if not isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        return False
    text = str(exc).lower()
    return any(
        phrase in text
        for phrase in ("disk is full", "readonly", "read-only", "disk i/o error", "unable to open")
    )
