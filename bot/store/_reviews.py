"""Reviews: a coordinator's verdict on an answer (accepted / returned with a comment).

A review names the answer it judged. It counts while that answer is the key's latest: an
officer answering again puts the key back in the review queue. Nothing is updated or
deleted; every review stays in history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Container, Sequence
from datetime import datetime

from bot.store import _rows
from bot.store._selfchecks import SelfCheckMixin, _evidence_counts, _latest_answers, cycle_now
from bot.store._standing import current_reviews, verdict_moment
from bot.store.core import audit_row, first_time, from_iso
from bot.store.errors import Forbidden, Invalid, NotFound
from bot.store.types import (
    AnswerRow,
    Person,
    Review,
    ReviewItem,
    ReviewState,
    ReviewUnit,
    Seen,
    SelfCheck,
    Unit,
    Verdict,
    VerdictRecorded,
    queue_size,
)

COMMENT_MAX = 1000
"""Characters of a return comment."""


def may_review(db: sqlite3.Connection, telegram_id: int, is_admin: bool, unit_id: int) -> Unit:
    """The unit, if the reviewer may review it: its region's coordinator, or an admin."""
    unit = _rows.read_unit(db, unit_id)
    if is_admin:
        return unit
    person = _rows.live_person(db, telegram_id)
    if person.role == "admin":
        return unit
    if person.role != "coordinator" or person.region_id != unit.region_id:
        raise Forbidden("a unit outside the reviewer's region")
    return unit


class ReviewMixin(SelfCheckMixin):
    async def review_units(
        self, telegram_id: int, is_admin: bool, region_id: int, now: datetime | None = None
    ) -> list[ReviewUnit]:
        """The region's units with their current self-check and how many answered items with
        evidence wait for a review, most waiting first (if the reviewer may see the region)."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> list[ReviewUnit]:
            if not is_admin:
                person = _rows.live_person(db, telegram_id)
                if person.role != "admin" and (
                    person.role != "coordinator" or person.region_id != region_id
                ):
                    raise Forbidden("another region")
            rows = db.execute(
                "SELECT id FROM units WHERE region_id = ? ORDER BY name", (region_id,)
            ).fetchall()
            found: list[ReviewUnit] = []
            for row in rows:
                unit = _rows.read_unit(db, row["id"])
                cycle = cycle_now(db, unit.id, now)
                sc = (
                    None
                    if cycle is None
                    else db.execute(
                        "SELECT id FROM selfchecks WHERE unit_id = ? AND cycle_id = ?",
                        (unit.id, cycle.id),
                    ).fetchone()
                )
                if cycle is None or sc is None:
                    found.append(ReviewUnit(unit, None, 0))
                    continue
                keys = self._key_map_for(cycle.rubric_id, *_rows.offer_of(db, unit.id))
                found.append(ReviewUnit(unit, sc["id"], _waiting(db, sc["id"], keys)))
            found.sort(key=lambda u: (-u.waiting, u.unit.name.casefold()))
            return found

        return await self._run_read(work)

    async def review_selfcheck(
        self, telegram_id: int, is_admin: bool, unit_id: int, now: datetime | None = None
    ) -> int | None:
        """The id of the unit's current self-check (None: no cycle or nothing started), if
        the reviewer may review the unit."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> int | None:
            may_review(db, telegram_id, is_admin, unit_id)
            cycle = cycle_now(db, unit_id, now)
            if cycle is None:
                return None
            row = db.execute(
                "SELECT id FROM selfchecks WHERE unit_id = ? AND cycle_id = ?", (unit_id, cycle.id)
            ).fetchone()
            return None if row is None else int(row["id"])

        return await self._run_read(work)

    async def review_items(
        self, telegram_id: int, is_admin: bool, selfcheck_id: int, now: datetime | None = None
    ) -> tuple[SelfCheck, Unit, list[ReviewItem]]:
        """The self-check, its unit and every answered key with its evidence count, the
        answerer's name and its current review, in checklist order (if the reviewer may)."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> tuple[SelfCheck, Unit, list[ReviewItem]]:
            selfcheck = _rows.read_selfcheck(db, selfcheck_id, now)
            unit = may_review(db, telegram_id, is_admin, selfcheck.unit_id)
            keys = self._key_map(db, selfcheck)
            answers = _latest_answers(db, selfcheck.id)
            files = _kept_files(db, selfcheck.id)
            names = {
                r["telegram_id"]: r["name"]
                for r in db.execute(
                    "SELECT telegram_id, name FROM people WHERE unit_id = ?", (unit.id,)
                )
            }
            reviews = current_reviews(db, selfcheck.id)
            items = [
                ReviewItem(
                    answer=_rows.build(AnswerRow, row, at=from_iso(row["at"])),
                    by_name=names.get(row["by"], str(row["by"])),
                    evidence_count=len(files.get(key, ())),
                    review=reviews.standing.get(key),
                    judged=key in reviews.judged,
                    evidence_ids=files.get(key, ()),
                )
                for key in keys
                if (row := answers.get(key)) is not None
            ]
            return selfcheck, unit, items

        return await self._run_read(work)

    async def record_review(
        self,
        telegram_id: int,
        is_admin: bool,
        selfcheck_id: int,
        key: str,
        answer_id: int,
        verdict: Verdict,
        comment: str | None = None,
        update_id: int | None = None,
        *,
        files: Sequence[int] | None = None,
        over: Seen | None = None,
        now: datetime | None = None,
    ) -> VerdictRecorded:
        """Record a verdict on the answer `answer_id` of `key`: "recorded" (no verdict stood
        on it), "changed" (the other verdict stood: a return now accepted, or the other way
        round); nothing written for the "same" verdict standing already or a "repeated"
        update. Invalid("stale") when the key was answered again meanwhile,
        Invalid("files_changed") when `files` (the evidence ids the reviewer was shown) are
        not the key's kept files any more, Invalid("review_changed") when a colleague's verdict
        stands that is not `over` (what the reviewer's screen showed; None: not checked): it
        is never overturned unseen (one's own verdict one knows), Invalid("needs_comment")
        for a return without a comment. Files and verdict are checked in the write's unit of
        work: what changed after the screen was read but before the write is never covered."""
        now = now or self.now()
        cleaned = (comment or "").strip() or None
        if verdict == "returned" and cleaned is None:
            raise Invalid("needs_comment", "a returned item needs a comment")
        if cleaned is not None and len(cleaned) > COMMENT_MAX:
            raise Invalid("comment_too_long", f"a comment has at most {COMMENT_MAX} characters")

        def work(db: sqlite3.Connection) -> VerdictRecorded:
            if not first_time(db, update_id, "review", now):
                return "repeated"
            selfcheck = _rows.read_selfcheck(db, selfcheck_id, now)
            may_review(db, telegram_id, is_admin, selfcheck.unit_id)
            row = db.execute(
                "SELECT MAX(id) FROM answers WHERE selfcheck_id = ? AND key = ?",
                (selfcheck_id, key),
            ).fetchone()
            if row is None or row[0] is None:
                raise NotFound(f"no answer for {key!r}")
            if row[0] != answer_id:
                raise Invalid("stale", "the item was answered again")
            if files is not None and set(_kept_files(db, selfcheck_id).get(key, ())) != set(files):
                raise Invalid("files_changed", "the item's files changed since it was shown")
            standing = current_reviews(db, selfcheck_id).standing.get(key)
            if standing is not None and standing.verdict == verdict:
                return "same"
            colleagues = None if standing is None or standing.by == telegram_id else standing
            if over is not None and colleagues is not None and colleagues.verdict != over:
                raise Invalid("review_changed", "a colleague's verdict since it was shown")
            db.execute(
                "INSERT INTO reviews (selfcheck_id, key, answer_id, verdict, comment, by, at, "
                "update_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    selfcheck_id,
                    key,
                    answer_id,
                    verdict,
                    cleaned,
                    telegram_id,
                    verdict_moment(db, selfcheck_id, key, now),
                    update_id,
                ),
            )
            details = {"selfcheck": selfcheck_id, "key": key, "answer": answer_id}
            audit_row(db, telegram_id, f"review.{verdict}", details, now)
            return "recorded" if standing is None else "changed"

        return await self._run_write(work)

    async def review_history(self, selfcheck_id: int, key: str | None = None) -> list[Review]:
        """Every review of a self-check (or one key), oldest first."""
        sql = "SELECT key, answer_id, verdict, comment, by, at FROM reviews WHERE selfcheck_id = ?"
        params: tuple[object, ...] = (selfcheck_id,)
        if key is not None:
            sql += " AND key = ?"
            params = (selfcheck_id, key)
        rows = await self._fetchall(sql + " ORDER BY id", params)
        return [_rows.build(Review, r, at=from_iso(r["at"])) for r in rows]

    async def unit_officers(self, unit_id: int) -> list[Person]:
        """The unit's active officers."""
        rows = await self._fetchall(
            f"SELECT {_rows.PERSON_COLUMNS} FROM people "
            "WHERE unit_id = ? AND role = 'officer' AND active = 1 ORDER BY telegram_id",
            (unit_id,),
        )
        return [_rows.person_from(r) for r in rows]

    # -- where a reviewer is --------------------------------------------------------------

    async def review_state(self, telegram_id: int) -> ReviewState:
        row = await self._fetchone(
            "SELECT telegram_id, selfcheck_id, scope, key, return_answer, message_id, "
            "return_over FROM review_state WHERE telegram_id = ?",
            (telegram_id,),
        )
        return ReviewState(telegram_id) if row is None else _rows.build(ReviewState, row)

    async def set_review_state(self, state: ReviewState) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO review_state (telegram_id, selfcheck_id, scope, key, return_answer, "
                "message_id, return_over) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(telegram_id) DO UPDATE SET "
                "selfcheck_id = excluded.selfcheck_id, scope = excluded.scope, "
                "key = excluded.key, return_answer = excluded.return_answer, "
                "message_id = excluded.message_id, return_over = excluded.return_over",
                (
                    state.telegram_id,
                    state.selfcheck_id,
                    state.scope,
                    state.key,
                    state.return_answer,
                    state.message_id,
                    state.return_over,
                ),
            )

        await self._run_write(work)


def _kept_files(db: sqlite3.Connection, selfcheck_id: int) -> dict[str, tuple[int, ...]]:
    """Key -> the ids of the files kept (not undone) for it, oldest first."""
    found: dict[str, list[int]] = {}
    for row in db.execute(
        "SELECT key, id FROM evidence WHERE selfcheck_id = ? AND removed_at IS NULL ORDER BY id",
        (selfcheck_id,),
    ):
        found.setdefault(row["key"], []).append(int(row["id"]))
    return {key: tuple(ids) for key, ids in found.items()}


def _waiting(db: sqlite3.Connection, selfcheck_id: int, keys: Container[str]) -> int:
    """Answered askable keys (`keys`: the checklist) in the review queue (`queue_size`)."""
    answered = [key for key in _latest_answers(db, selfcheck_id) if key in keys]
    return queue_size(
        answered, _evidence_counts(db, selfcheck_id), current_reviews(db, selfcheck_id)
    )
