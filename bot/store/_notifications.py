"""Exactly-once notifications: claim a key before sending, finish it after."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.frozen import frozen
from bot.store.core import StoreCore, iso
from bot.store.errors import Invalid, NotFound
from bot.store.types import NotificationStatus

FINISHED = ("sent", "skipped", "failed")


@frozen
class Notice:
    """A notification to one person: `key` names it once and for all (claimed once),
    `kind` says what it is ("remind:weekly", …), `due_at` when it was due."""

    key: str
    telegram_id: int
    kind: str
    due_at: datetime

    def columns(self) -> tuple[str, int, str, str]:
        """Its row's (key, telegram_id, kind, due_at), as stored."""
        return self.key, self.telegram_id, self.kind, iso(self.due_at)


class NotificationMixin(StoreCore):
    async def claim_notification(self, notice: Notice, now: datetime | None = None) -> bool:
        """True only for the one caller that claims `notice.key`; everyone after gets False."""
        now = now or self.now()
        params = (*notice.columns(), iso(now))

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "INSERT INTO notifications (key, telegram_id, kind, due_at, status, claimed_at) "
                "VALUES (?, ?, ?, ?, 'claimed', ?) ON CONFLICT(key) DO NOTHING",
                params,
            )
            return cursor.rowcount == 1

        return await self._run_write(work)

    async def finish_notification(
        self, key: str, status: NotificationStatus, now: datetime | None = None
    ) -> None:
        if status not in FINISHED:
            raise Invalid("status", f"a notification finishes as one of {FINISHED}")
        now = now or self.now()

        await self._run_write(lambda db: finish_row(db, key, status, now))

    async def notification_status(self, key: str) -> NotificationStatus | None:
        row = await self._fetchone("SELECT status FROM notifications WHERE key = ?", (key,))
        return None if row is None else row["status"]

    async def release_stale_claims(
        self, older_than: timedelta = timedelta(minutes=10), now: datetime | None = None
    ) -> int:
        """Forget claims a crashed process never finished, so they can be claimed again.

        Returns how many were released. A crash between sending and finishing can then
        send twice; that is the price of not losing a reminder.
        """
        now = now or self.now()
        before = iso(now - older_than)
        return await self._run_write(
            lambda db: (
                db.execute(
                    "DELETE FROM notifications WHERE status = 'claimed' AND claimed_at < ?",
                    (before,),
                ).rowcount
            )
        )

    async def prune_processed_updates(
        self, older_than: timedelta = timedelta(days=7), now: datetime | None = None
    ) -> int:
        """Forget update ids older than Telegram would ever redeliver (it keeps 24 hours),
        and the albums' pins (`album_write`) of the same age."""
        now = now or self.now()
        before = iso(now - older_than)

        def work(db: sqlite3.Connection) -> int:
            db.execute("DELETE FROM albums WHERE at < ?", (before,))
            return int(db.execute("DELETE FROM processed_updates WHERE at < ?", (before,)).rowcount)

        return await self._run_write(work)


def finish_row(db: sqlite3.Connection, key: str, status: str, now: datetime) -> None:
    """Finish the claimed notification `key` as `status` (NotFound when nothing claimed it)."""
    cursor = db.execute(
        "UPDATE notifications SET status = ?, finished_at = ? WHERE key = ?",
        (status, iso(now), key),
    )
    if cursor.rowcount != 1:
        raise NotFound(f"notification {key!r}")
