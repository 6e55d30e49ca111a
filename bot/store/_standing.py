"""Which reviews stand: the one rule behind the verified score (/skor, /ringkasan, the
digest, the workbook), the review queue and the returned items an officer sees."""

from __future__ import annotations

import sqlite3

from bot.store import _rows
from bot.store.core import from_iso, placeholders
from bot.store.types import Review, Reviews


def reviews_of(db: sqlite3.Connection, sc_ids: list[int]) -> dict[int, Reviews]:
    """Per self-check, the reviews that stand now and the keys ever judged (the one rule:
    /skor, the queue, /ringkasan, the digest and the workbook all read it from here).

    The latest review of a key stands while it judges the key's latest answer; an acceptance
    also only while no file of the key was kept or undone at or after the moment it was
    recorded (it covered the files there were; a change at the same recorded moment counts
    as after it). A return stands until the key is answered again."""
    if not sc_ids:
        return {}
    marks = placeholders(sc_ids)
    latest = {
        (r[0], r[1]): r[2]
        for r in db.execute(
            f"SELECT selfcheck_id, key, MAX(id) FROM answers WHERE selfcheck_id IN ({marks}) "
            "GROUP BY selfcheck_id, key",
            sc_ids,
        )
    }
    changed = {
        (r[0], r[1]): max(r[2], r[3] or "")
        for r in db.execute(
            "SELECT selfcheck_id, key, MAX(at), MAX(removed_at) FROM evidence "
            f"WHERE selfcheck_id IN ({marks}) GROUP BY selfcheck_id, key",
            sc_ids,
        )
    }
    standing: dict[int, dict[str, Review]] = {sc: {} for sc in sc_ids}
    judged: dict[int, set[str]] = {sc: set() for sc in sc_ids}
    for row in db.execute(
        "SELECT selfcheck_id, key, answer_id, verdict, comment, by, at FROM reviews WHERE id IN "
        f"(SELECT MAX(id) FROM reviews WHERE selfcheck_id IN ({marks}) "
        "GROUP BY selfcheck_id, key)",
        sc_ids,
    ):
        sc, key = row["selfcheck_id"], row["key"]
        judged[sc].add(key)
        if latest.get((sc, key)) != row["answer_id"]:
            continue  # answered again since
        if row["verdict"] == "accepted" and changed.get((sc, key), "") >= row["at"]:
            continue  # files kept or undone since the acceptance
        standing[sc][key] = _rows.build(Review, row, at=from_iso(row["at"]))
    return {sc: Reviews(standing[sc], frozenset(judged[sc])) for sc in sc_ids}


def current_reviews(db: sqlite3.Connection, selfcheck_id: int) -> Reviews:
    """One self-check's `reviews_of`."""
    return reviews_of(db, [selfcheck_id])[selfcheck_id]
