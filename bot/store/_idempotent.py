"""Writes tied to a Telegram update that must happen once even when the update is
redelivered (Telegram redelivers what the bot did not confirm before a crash)."""

from __future__ import annotations

import sqlite3

from bot.store.core import StoreCore, first_time
from bot.store.errors import NotFound

REMIND_OFF, REMIND_ALL, REMIND_LAST_MONTH = 0, 1, 2
"""`people.reminders`: off; everything (the cycle's announcement, monthly reminders during
preparation, the last month's, the weekly ones); only from 30 days before the window."""


def _reminders(db: sqlite3.Connection, telegram_id: int) -> int:
    row = db.execute(
        "SELECT reminders FROM people WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"person {telegram_id}")
    return int(row[0])


def _set_reminders(db: sqlite3.Connection, telegram_id: int, mode: int) -> None:
    db.execute("UPDATE people SET reminders = ? WHERE telegram_id = ?", (mode, telegram_id))


class IdempotentMixin(StoreCore):
    async def set_reminder_mode_for_update(
        self, telegram_id: int, mode: int | None, update_id: int | None
    ) -> int:
        """Set the reminder mode (REMIND_*) once per update; None only reads it. A
        redelivered update changes nothing and returns the mode as it is."""
        if mode not in (None, REMIND_OFF, REMIND_ALL, REMIND_LAST_MONTH):
            raise ValueError(f"unknown reminder mode {mode!r}")
        now = self.now()

        def work(db: sqlite3.Connection) -> int:
            current = _reminders(db, telegram_id)
            if mode is None or mode == current:
                return current
            if not first_time(db, update_id, "reminder_mode", now):
                return current
            _set_reminders(db, telegram_id, mode)
            return mode

        return await self._run_write_inline(work)
