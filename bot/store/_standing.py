"""Which reviews stand: the one rule behind the verified score (/skor, /ringkasan, the
digest, the workbook), the review queue and the returned items an officer sees."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.store import _rows
from bot.store.core import from_iso, iso, placeholders
from bot.store.types import Review, Reviews

# The latest review per key (portable SQL: no bare columns beside MAX()), with when a file of
# its key was last kept and last undone (the evidence index covers the lookups).
_LATEST_REVIEWS_SQL = (
    "SELECT r.selfcheck_id, r.key, r.answer_id, r.verdict, r.comment, r.by, r.at, "
    "(SELECT MAX(e.at) FROM evidence e WHERE e.selfcheck_id = r.selfcheck_id "
    "AND e.key = r.key) AS kept_at, "
    "(SELECT MAX(e.removed_at) FROM evidence e WHERE e.selfcheck_id = r.selfcheck_id "
    "AND e.key = r.key) AS undone_at "
    "FROM reviews r WHERE r.id IN (SELECT MAX(id) FROM reviews WHERE selfcheck_id IN ({marks}) "
    "GROUP BY selfcheck_id, key)"
)


def reviews_of(
    db: sqlite3.Connection,
    sc_ids: list[int],
    latest: Mapping[tuple[int, str], int] | None = None,
) -> dict[int, Reviews]:
    """Per self-check, the reviews that stand now and the keys ever judged (the one rule:
    /skor, the queue, /ringkasan, the digest and the workbook all read it from here).
    `latest`: (self-check, key) -> the key's latest answer id, when the caller has read it.

    The latest review of a key stands while it judges the key's latest answer; an acceptance
    also only while no file of the key was kept or undone at or after the moment it was
    recorded (it covered the files there were; a change at the same recorded moment counts
    as after it). A return stands until the key is answered again."""
    if not sc_ids:
        return {}
    marks = placeholders(sc_ids)
    if latest is None:
        latest = {
            (r[0], r[1]): r[2]
            for r in db.execute(
                f"SELECT selfcheck_id, key, MAX(id) FROM answers WHERE selfcheck_id IN ({marks}) "
                "GROUP BY selfcheck_id, key",
                sc_ids,
            )
        }
    standing: dict[int, dict[str, Review]] = {sc: {} for sc in sc_ids}
    judged: dict[int, set[str]] = {sc: set() for sc in sc_ids}
    for row in db.execute(_LATEST_REVIEWS_SQL.format(marks=marks), sc_ids):
        sc, key = row["selfcheck_id"], row["key"]
        judged[sc].add(key)
        if latest.get((sc, key)) != row["answer_id"]:
            continue  # answered again since
        changed = max(row["kept_at"] or "", row["undone_at"] or "")
        if row["verdict"] == "accepted" and changed >= row["at"]:
            continue  # a file kept or undone since the acceptance
        standing[sc][key] = _rows.build(Review, row, at=from_iso(row["at"]))
    return {sc: Reviews(standing[sc], frozenset(judged[sc])) for sc in sc_ids}


def current_reviews(
    db: sqlite3.Connection, selfcheck_id: int, latest: Mapping[str, int] | None = None
) -> Reviews:
    """One self-check's `reviews_of` (`latest`: key -> latest answer id, if read already)."""
    known = None if latest is None else {(selfcheck_id, k): v for k, v in latest.items()}
    return reviews_of(db, [selfcheck_id], known)[selfcheck_id]


# Several instances (PostgreSQL) each read their own clock, and the rule above compares a
# file's moment with an acceptance's. Writes are serialised (BEGIN IMMEDIATE, the advisory
# lock), so the order they commit in is the truth: each write below is recorded no earlier
# than what it follows, whatever the clock of the instance that makes it says.
_TICK = timedelta(microseconds=1)


def file_moment(db: sqlite3.Connection, selfcheck_id: int, key: str, now: datetime) -> str:
    """When to record a file of `key` kept or undone now: `now`, but never before the key's
    latest verdict (a moment equal to it counts as after it, so the change voids it) nor
    before its latest file change (`↩ Batalkan` takes the files kept from one on, in the
    order they were kept: an earlier, confirmed file must never sort after a later one)."""
    row = db.execute(
        "SELECT (SELECT MAX(at) FROM reviews WHERE selfcheck_id = ? AND key = ?), "
        "MAX(at), MAX(removed_at) FROM evidence WHERE selfcheck_id = ? AND key = ?",
        (selfcheck_id, key, selfcheck_id, key),
    ).fetchone()
    return max(iso(now), row[0] or "", row[1] or "", row[2] or "")


def verdict_moment(db: sqlite3.Connection, selfcheck_id: int, key: str, now: datetime) -> str:
    """When to record a verdict on `key` given now: `now`, but after every file change of
    the key recorded so far (the verdict covers them), by a microsecond if need be."""
    row = db.execute(
        "SELECT MAX(at), MAX(removed_at) FROM evidence WHERE selfcheck_id = ? AND key = ?",
        (selfcheck_id, key),
    ).fetchone()
    changed = max(row[0] or "", row[1] or "")
    return iso(now) if changed < iso(now) else iso(from_iso(changed) + _TICK)
