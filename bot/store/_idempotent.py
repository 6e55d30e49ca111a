"""Writes tied to a Telegram update that must happen once even when the update is
redelivered (Telegram redelivers what the bot did not confirm before a crash)."""

from __future__ import annotations

import sqlite3

from bot.store.core import StoreCore, iso
from bot.store.errors import NotFound

REMIND_OFF, REMIND_ALL, REMIND_LAST_MONTH = 0, 1, 2
"""`people.reminders`: off; everything (the cycle's announcement, monthly reminders during
preparation, the last month's, the weekly ones); only from 30 days before the window."""


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
            row = db.execute(
                "SELECT reminders FROM people WHERE telegram_id = ?", (telegram_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"person {telegram_id}")
            current = int(row[0])
            if mode is None or mode == current:
                return current
            if update_id is not None:
                cursor = db.execute(
                    "INSERT INTO processed_updates (update_id, action, at) "
                    "VALUES (?, 'reminder_mode', ?) ON CONFLICT DO NOTHING",
                    (update_id, iso(now)),
                )
                if cursor.rowcount != 1:
                    return current
            db.execute("UPDATE people SET reminders = ? WHERE telegram_id = ?", (mode, telegram_id))
            return mode

        return await self._run_write(work)

    async def set_reminders_for_update(
        self, telegram_id: int, wanted: bool | None, update_id: int | None
    ) -> bool:
        """Set reminders on or off (`wanted`; None: the opposite of now) once per update.

        A redelivered update (same `update_id`) changes nothing and returns the state as it
        is, so "/pengingat" delivered twice leaves what the person was told. Returns the state.
        """
        now = self.now()

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT reminders FROM people WHERE telegram_id = ?", (telegram_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"person {telegram_id}")
            current = bool(row[0])
            if update_id is not None:
                cursor = db.execute(
                    "INSERT INTO processed_updates (update_id, action, at) "
                    "VALUES (?, 'reminders', ?) ON CONFLICT DO NOTHING",
                    (update_id, iso(now)),
                )
                if cursor.rowcount != 1:
                    return current
            new = (not current) if wanted is None else wanted
            if new != current:
                db.execute(
                    "UPDATE people SET reminders = ? WHERE telegram_id = ?", (int(new), telegram_id)
                )
            return new

        return await self._run_write(work)
