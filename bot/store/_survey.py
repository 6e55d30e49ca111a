"""The citizens' survey: unit codes, responses in progress, complete responses, voters.

No statement here stores a Telegram id with answers. A respondent's draft is keyed by a keyed
hash of the person (the service computes it); a counted response is stored apart from the
keyed hash of (person, unit, period) that refuses a second one. The service owns every rule:
these methods read, and write with compare-and-set (a press on a stale step changes nothing).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from bot.frozen import frozen
from bot.store._rows import unit_from
from bot.store.core import StoreCore, from_iso, iso
from bot.store.types import Unit

DRAFT_LIFETIME = timedelta(days=1)
"""A response in progress can be resumed for a day after its last answer."""


def new_survey_code() -> str:
    """132 random bits as 22 characters of A–Z a–z 0–9 _ - (`s-<code>` is 24 of the 64
    characters Telegram allows in a start parameter)."""
    return secrets.token_urlsafe(17)[:22]


@frozen
class DraftAt:
    """The draft a survey button names: the respondent's, the one with `token`, at `step`.
    A write that takes it changes nothing unless the live draft is still that one (the
    compare of a compare-and-set: a press of another draft, or of a passed question)."""

    respondent: str
    token: str
    step: int


@frozen
class SurveyDraft:
    respondent: str
    unit_id: int
    period: str
    token: str
    """Random per draft: a button of an earlier draft names another token."""
    step: int
    answers: dict[str, int]
    lang: str
    message_id: int | None
    updated_at: datetime

    @property
    def at(self) -> DraftAt:
        """This draft as its buttons name it (its question now)."""
        return DraftAt(respondent=self.respondent, token=self.token, step=self.step)


@frozen
class SurveyFacts:
    """What opening a unit's survey depends on, read in one go."""

    member: bool
    """The person is an officer of the unit or a coordinator of its region."""
    voted: bool
    """A response of this person for this unit and period is already counted."""
    draft: SurveyDraft | None
    """The person's response in progress (any unit), if not expired."""


@frozen
class SurveyResponse:
    period: str
    day: str
    answers: dict[str, int]
    suggestion: str | None


Completed = Literal["counted", "duplicate", "stale"]


def _draft_from(row: sqlite3.Row) -> SurveyDraft:
    return SurveyDraft(
        respondent=row["respondent"],
        unit_id=row["unit_id"],
        period=row["period"],
        token=row["token"],
        step=row["step"],
        answers={k: int(v) for k, v in json.loads(row["answers"]).items()},
        lang=row["lang"],
        message_id=row["message_id"],
        updated_at=from_iso(row["updated_at"]),
    )


def _response_from(row: sqlite3.Row) -> SurveyResponse:
    return SurveyResponse(
        row["period"],
        row["day"],
        {k: int(v) for k, v in json.loads(row["answers"]).items()},
        row["suggestion"],
    )


def _draft(db: sqlite3.Connection, respondent: str, now: datetime) -> SurveyDraft | None:
    row = db.execute(
        "SELECT * FROM survey_drafts WHERE respondent = ? AND updated_at > ?",
        (respondent, iso(now - DRAFT_LIFETIME)),
    ).fetchone()
    return None if row is None else _draft_from(row)


def _taken_draft(db: sqlite3.Connection, at: DraftAt, now: datetime) -> SurveyDraft | None:
    """The respondent's live draft if it is the one `at` names, else None."""
    found = _draft(db, at.respondent, now)
    return found if found is not None and found.at == at else None


def _move_draft(
    db: sqlite3.Connection,
    draft: SurveyDraft,
    step: int,
    answers: dict[str, int],
    message_id: int | None,
    now: datetime,
) -> SurveyDraft:
    """The draft at `step` with `answers`, shown in `message_id` (the set of the
    compare-and-set); as it is now."""
    db.execute(
        "UPDATE survey_drafts SET step = ?, answers = ?, message_id = ?, updated_at = ? "
        "WHERE respondent = ?",
        (step, json.dumps(answers, sort_keys=True), message_id, iso(now), draft.respondent),
    )
    return replace(draft, step=step, answers=answers, message_id=message_id, updated_at=now)


class SurveyMixin(StoreCore):
    async def survey_hashed(self) -> bool:
        """Whether any keyed hash of a respondent is stored (a voter, or a draft)."""
        row = await self._fetchone(
            "SELECT (EXISTS (SELECT 1 FROM survey_voters) "
            "OR EXISTS (SELECT 1 FROM survey_drafts)) AS hashed",
            (),
        )
        return row is not None and bool(row["hashed"])

    async def survey_code(self, unit_id: int, *, now: datetime | None = None) -> str:
        """The unit's public survey code, made on first use."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> str:
            row = db.execute(
                "SELECT code FROM survey_codes WHERE unit_id = ?", (unit_id,)
            ).fetchone()
            if row is not None:
                return str(row["code"])
            code = new_survey_code()
            db.execute(
                "INSERT INTO survey_codes (unit_id, code, created_at) VALUES (?, ?, ?)",
                (unit_id, code, iso(moment)),
            )
            return code

        return await self._run_write(work)

    async def survey_unit(self, code: str) -> Unit | None:
        """The unit whose survey code is `code`, None for an unknown code."""
        row = await self._fetchone(
            "SELECT u.id, u.region_id, u.name, r.name AS region, r.timezone "
            "FROM survey_codes s JOIN units u ON u.id = s.unit_id "
            "JOIN regions r ON r.id = u.region_id WHERE s.code = ?",
            (code,),
        )
        return None if row is None else unit_from(row)

    async def survey_facts(
        self,
        telegram_id: int,
        unit: Unit,
        *,
        period: str,
        voter: str,
        respondent: str,
        now: datetime | None = None,
    ) -> SurveyFacts:
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> SurveyFacts:
            person = db.execute(
                "SELECT role, unit_id, region_id FROM people WHERE telegram_id = ? AND active = 1",
                (telegram_id,),
            ).fetchone()
            member = person is not None and (
                (person["role"] == "officer" and person["unit_id"] == unit.id)
                or (person["role"] == "coordinator" and person["region_id"] == unit.region_id)
            )
            voted = (
                db.execute(
                    "SELECT 1 FROM survey_voters WHERE unit_id = ? AND period = ? AND voter = ?",
                    (unit.id, period, voter),
                ).fetchone()
                is not None
            )
            return SurveyFacts(bool(member), voted, _draft(db, respondent, moment))

        return await self._run_read(work)

    async def survey_draft(
        self, respondent: str, *, now: datetime | None = None
    ) -> SurveyDraft | None:
        moment = now or self.now()
        return await self._run_read_inline(lambda db: _draft(db, respondent, moment))

    async def put_survey_draft(
        self, draft: SurveyDraft, *, replacing: DraftAt | None = None
    ) -> bool:
        """Start the respondent's draft; expired drafts are swept on the way. A
        compare-and-set (False, nothing written, when what it expects changed): `replacing`,
        only in place of the draft it names, live and at that step; None, only when the
        respondent has no live draft (the same link opened twice at once starts one)."""
        if replacing is not None and replacing.respondent != draft.respondent:
            raise ValueError("a draft replaces only a draft of the same respondent")

        def work(db: sqlite3.Connection) -> bool:
            if replacing is None:
                if _draft(db, draft.respondent, draft.updated_at) is not None:
                    return False
            elif _taken_draft(db, replacing, draft.updated_at) is None:
                return False
            db.execute(
                "DELETE FROM survey_drafts WHERE updated_at <= ?",
                (iso(draft.updated_at - DRAFT_LIFETIME),),
            )
            db.execute(
                "INSERT INTO survey_drafts (respondent, unit_id, period, token, step, "
                "answers, lang, message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(respondent) DO UPDATE SET unit_id = excluded.unit_id, "
                "period = excluded.period, token = excluded.token, step = excluded.step, "
                "answers = excluded.answers, lang = excluded.lang, "
                "message_id = excluded.message_id, updated_at = excluded.updated_at",
                (
                    draft.respondent,
                    draft.unit_id,
                    draft.period,
                    draft.token,
                    draft.step,
                    json.dumps(draft.answers, sort_keys=True),
                    draft.lang,
                    draft.message_id,
                    iso(draft.updated_at),
                ),
            )
            return True

        return await self._run_write_inline(work)

    async def show_survey_draft(
        self, at: DraftAt, *, message_id: int | None, now: datetime | None = None
    ) -> SurveyDraft | None:
        """Record that `message_id` now shows the draft's live buttons, when the respondent's
        live draft is the one `at` names (the draft as it is now); None, nothing written,
        otherwise. Its lifetime still runs from its last answer."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> SurveyDraft | None:
            draft = _taken_draft(db, at, moment)
            if draft is None:
                return None
            db.execute(
                "UPDATE survey_drafts SET message_id = ? WHERE respondent = ?",
                (message_id, at.respondent),
            )
            return replace(draft, message_id=message_id)

        return await self._run_write_inline(work)

    async def advance_survey_draft(
        self,
        at: DraftAt,
        *,
        to_step: int,
        answers: dict[str, int],
        message_id: int | None,
        now: datetime | None = None,
    ) -> bool:
        """Move the draft `at` names to `to_step` with `answers`; False (nothing written)
        when the draft is gone, expired, another one, or no longer at `at.step`."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> bool:
            draft = _taken_draft(db, at, moment)
            if draft is None:
                return False
            _move_draft(db, draft, to_step, answers, message_id, moment)
            return True

        return await self._run_write_inline(work)

    async def answer_survey_draft(
        self,
        at: DraftAt,
        *,
        answer: tuple[str, int] | None,
        message_id: int | None,
        now: datetime | None = None,
    ) -> SurveyDraft | None:
        """A survey press in one unit of work (the press of a burst holds the store's lock
        once): when the respondent's live draft is the one `at` names, add `answer`
        (question id, option; None for `Lewati`) and move it to the next step; the draft
        as it is now, or None (nothing written) when the press is stale."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> SurveyDraft | None:
            draft = _taken_draft(db, at, moment)
            if draft is None:
                return None
            answers = dict(draft.answers)
            if answer is not None:
                answers[answer[0]] = answer[1]
            return _move_draft(db, draft, at.step + 1, answers, message_id, moment)

        return await self._run_write_inline(work)

    async def drop_survey_draft(
        self, respondent: str, *, now: datetime | None = None
    ) -> SurveyDraft | None:
        """Forget the respondent's response in progress (`/batal`): the live draft it was,
        None when there was none. Nothing of it was counted, so nothing else changes."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> SurveyDraft | None:
            draft = _draft(db, respondent, moment)
            db.execute("DELETE FROM survey_drafts WHERE respondent = ?", (respondent,))
            return draft

        return await self._run_write_inline(work)

    async def complete_survey(
        self,
        at: DraftAt,
        *,
        answers: dict[str, int],
        suggestion: str | None,
        voter: str,
        day: str,
        now: datetime | None = None,
    ) -> Completed:
        """Count the draft as a response, in one commit: the voter hash first (a second
        response of the same person, unit and period is "duplicate" and stores nothing), then
        the answers, then the draft is deleted. "stale" when the live draft is not the one `at`
        names."""
        moment = now or self.now()

        def work(db: sqlite3.Connection) -> Completed:
            draft = _taken_draft(db, at, moment)
            if draft is None:
                return "stale"
            db.execute("DELETE FROM survey_drafts WHERE respondent = ?", (at.respondent,))
            added = db.execute(
                "INSERT INTO survey_voters (unit_id, period, voter) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (draft.unit_id, draft.period, voter),
            ).rowcount
            if not added:
                return "duplicate"
            db.execute(
                "INSERT INTO survey_responses (unit_id, period, day, answers, suggestion) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    draft.unit_id,
                    draft.period,
                    day,
                    json.dumps(answers, sort_keys=True),
                    suggestion,
                ),
            )
            return "counted"

        return await self._run_write_inline(work)

    async def survey_responses(self, unit_id: int, period: str) -> list[SurveyResponse]:
        """Counted responses of a unit for a semester (`2027-S1`), a whole year (`2027`) or
        two semesters in a row (`2026-S2+2027-S1`)."""
        periods = semesters(period)
        rows = await self._fetchall(
            "SELECT period, day, answers, suggestion FROM survey_responses "
            "WHERE unit_id = ? AND period IN (?, ?) ORDER BY id",
            (unit_id, *periods),
        )
        return [_response_from(r) for r in rows]

    async def survey_region(
        self, region_id: int, period: str, unit_id: int | None = None
    ) -> list[tuple[Unit, list[SurveyResponse], int | None]]:
        """Every unit of the region that has a survey (a code), with its counted responses
        for the `period` (as `survey_responses` reads it) and its monthly users (None when
        not given: the minimum sample is then 30), in one read (for the coordinator's
        summary)."""
        periods = semesters(period)

        def work(db: sqlite3.Connection) -> list[tuple[Unit, list[SurveyResponse], int | None]]:
            units = db.execute(
                "SELECT u.id, u.region_id, u.name, r.name AS region, r.timezone, p.users "
                "FROM survey_codes c JOIN units u ON u.id = c.unit_id "
                "JOIN regions r ON r.id = u.region_id "
                "LEFT JOIN survey_population p ON p.unit_id = u.id "
                "WHERE u.region_id = ? AND (CAST(? AS INTEGER) IS NULL OR u.id = ?) "
                "ORDER BY u.name",
                (region_id, unit_id, unit_id),
            ).fetchall()
            found: dict[int, list[SurveyResponse]] = {row["id"]: [] for row in units}
            rows = db.execute(
                "SELECT s.unit_id, s.period, s.day, s.answers, s.suggestion "
                "FROM survey_responses s JOIN units u ON u.id = s.unit_id "
                "WHERE u.region_id = ? AND s.period IN (?, ?) ORDER BY s.id",
                (region_id, *periods),
            ).fetchall()
            for r in rows:
                if r["unit_id"] in found:
                    found[r["unit_id"]].append(_response_from(r))
            return [
                (
                    unit_from(row),
                    found[row["id"]],
                    None if row["users"] is None else int(row["users"]),
                )
                for row in units
            ]

        return await self._run_read(work)

    async def survey_population(self, unit_id: int) -> int | None:
        row = await self._fetchone(
            "SELECT users FROM survey_population WHERE unit_id = ?", (unit_id,)
        )
        return None if row is None else int(row["users"])

    async def set_survey_population(self, unit_id: int, users: int | None) -> None:
        """The unit's monthly number of users (None forgets it)."""

        def work(db: sqlite3.Connection) -> None:
            if users is None:
                db.execute("DELETE FROM survey_population WHERE unit_id = ?", (unit_id,))
            else:
                db.execute(
                    "INSERT INTO survey_population (unit_id, users) VALUES (?, ?) "
                    "ON CONFLICT(unit_id) DO UPDATE SET users = excluded.users",
                    (unit_id, users),
                )

        await self._run_write(work)


def semesters(period: str) -> tuple[str, str]:
    """The two stored semesters a period reads: `2027-S1` itself (twice), `2027` both of its
    semesters, `2026-S2+2027-S1` those two."""
    if "+" in period:
        first, _, second = period.partition("+")
        return first, second
    return (period, period) if "-" in period else (f"{period}-S1", f"{period}-S2")
