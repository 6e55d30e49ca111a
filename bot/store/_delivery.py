"""Why a notification ended as it did: every give-up, retry and unconfirmed claim is
recorded in the audit log (action `notification.*`, details {"key", "reason", …}) in the
same unit of work that changes the notification row."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from bot.store._notifications import Notice, finish_row
from bot.store.core import StoreCore, audit_row, iso


class DeliveryMixin(StoreCore):
    async def finish_notification_because(
        self, key: str, status: str, reason: str, now: datetime | None = None
    ) -> None:
        """Finish a claimed notification as `status` and record why."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> None:
            finish_row(db, key, status, now)
            audit_row(db, "bot", f"notification.{status}", {"key": key, "reason": reason}, now)

        await self._run_write(work)

    async def give_up_notification(
        self, notice: Notice, reason: str, now: datetime | None = None
    ) -> bool:
        """Record a notification that could not even be prepared as failed, with why.

        False when someone else already claimed it (nothing changes)."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "INSERT INTO notifications "
                "(key, telegram_id, kind, due_at, status, claimed_at, finished_at) "
                "VALUES (?, ?, ?, ?, 'failed', ?, ?) ON CONFLICT(key) DO NOTHING",
                (*notice.columns(), iso(now), iso(now)),
            )
            if cursor.rowcount != 1:
                return False
            audit_row(db, "bot", "notification.failed", {"key": notice.key, "reason": reason}, now)
            return True

        return await self._run_write(work)

    async def release_for_retry(
        self, key: str, reason: str, attempt: int, retry_at: datetime, now: datetime | None = None
    ) -> None:
        """A transient failure: nothing was delivered, so the claim is dropped (a later run
        claims it again) and the failure recorded."""
        now = now or self.now()
        details: dict[str, Any] = {
            "key": key,
            "reason": reason,
            "attempt": attempt,
            "retry_at": iso(retry_at),
        }

        def work(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM notifications WHERE key = ? AND status = 'claimed'", (key,))
            audit_row(db, "bot", "notification.retry", details, now)

        await self._run_write(work)

    async def settle_stale_claims(
        self, older_than: timedelta = timedelta(minutes=10), now: datetime | None = None
    ) -> int:
        """Claims a crashed process left open: the message may have been sent (the crash came
        between sending and recording). At most once: they are never sent again; each is
        finished as `failed` with the reason "unconfirmed". Returns how many."""
        now = now or self.now()
        before = iso(now - older_than)

        def work(db: sqlite3.Connection) -> int:
            keys = [
                row[0]
                for row in db.execute(
                    "SELECT key FROM notifications WHERE status = 'claimed' AND claimed_at < ?",
                    (before,),
                )
            ]
            for key in keys:
                db.execute(
                    "UPDATE notifications SET status = 'failed', finished_at = ? WHERE key = ?",
                    (iso(now), key),
                )
                reason = "unconfirmed: claimed but never recorded (a crash); not sent again"
                details = {"key": key, "reason": reason}
                audit_row(db, "bot", "notification.unconfirmed", details, now)
            return len(keys)

        return await self._run_write(work)
