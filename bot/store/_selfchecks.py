"""Self-checks: the current cycle of a unit, its checklist, answers with history, evidence."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import KW_ONLY, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple, cast, get_args
from zoneinfo import ZoneInfo

import rubric
from bot.frozen import frozen
from bot.store import _rows
from bot.store._standing import current_reviews, file_moment
from bot.store.core import KeyMap, StoreCore, first_time, from_iso, iso, placeholders
from bot.store.errors import Closed, Conflict, Forbidden, Invalid, NotFound
from bot.store.types import (
    AnswerRow,
    AnswerState,
    ChatState,
    Cycle,
    EvidenceFile,
    EvidenceRow,
    Origin,
    Pending,
    Person,
    PressContext,
    Previous,
    Product,
    ScoreReport,
    SelfCheck,
    SelfCheckPress,
)

NOTE_MAX = 4000
"""Characters of an N/A reason or note (a Telegram message holds 4096)."""
CAPTION_MAX = 1024
PENDING = (None, *get_args(Pending))

_EVIDENCE_COLUMNS = (
    "id, selfcheck_id, key, file_id, file_unique_id, kind, file_name, mime_type, size, "
    "caption, media_group_id, by, at"
)


def cycle_now(db: sqlite3.Connection, unit_id: int, now: datetime) -> Cycle | None:
    """The unit's current cycle (`_rows.current_cycle`)."""
    region_id, timezone = _rows.region_of_unit(db, unit_id)
    rows = db.execute(
        f"SELECT {_rows.CYCLE_COLUMNS} FROM cycles WHERE region_id = ? OR region_id IS NULL",
        (region_id,),
    ).fetchall()
    today = now.astimezone(ZoneInfo(timezone)).date()
    return _rows.current_cycle((_rows.cycle_from(r) for r in rows), region_id, today)


KEY_MAPS_KEPT = 512
"""Checklists kept in memory (one per unit and product set at most; a few KB each)."""

_SELFCHECK_ID_SQL = "SELECT id FROM selfchecks WHERE unit_id = ? AND cycle_id = ?"
_CHAT_STATE_COLUMNS = (
    "telegram_id, selfcheck_id, key, pending, message_id, version, draft, ack_message_id, draft_for"
)
_CHAT_STATE_SQL = (
    f"INSERT INTO chat_state ({_CHAT_STATE_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(telegram_id) DO UPDATE SET "
    "selfcheck_id = excluded.selfcheck_id, key = excluded.key, "
    "pending = excluded.pending, message_id = excluded.message_id, "
    "version = excluded.version, draft = excluded.draft, "
    "ack_message_id = excluded.ack_message_id, draft_for = excluded.draft_for"
)
_VERSION_SQL = "SELECT COALESCE(MAX(id), 0) FROM answers WHERE selfcheck_id = ? AND key = ?"
Remember = Literal["next", "evidence"]
"""What an answer press shows next, for `record_answer(remember=...)`."""
_LATEST_SQL = (
    # The latest answer per key: the highest id (portable SQL: no bare columns with MAX()),
    # with the name of who gave it, and for a carried answer who gave the original and when.
    "SELECT a.key, a.option_id, a.note, a.by, a.at, a.carried_from, a.id, "
    "p.name AS by_name, o.at AS origin_at, op.name AS origin_name "
    "FROM answers a LEFT JOIN people p ON p.telegram_id = a.by "
    "LEFT JOIN answers o ON o.id = a.carried_from "
    "LEFT JOIN people op ON op.telegram_id = o.by "
    "WHERE a.id IN (SELECT MAX(id) FROM answers WHERE selfcheck_id = ? GROUP BY key)"
)


@frozen
class KeyWrite:
    """A write to one answer key of a self-check, by `person`, and its guards: a repeated
    `update_id` changes nothing; with `expected` (the answer version the person's screen
    showed) the write raises Conflict and changes nothing when the key was answered since."""

    person: Person
    selfcheck_id: int
    key: str
    _: KW_ONLY
    update_id: int | None = None
    expected: int | None = None

    @classmethod
    def awaited(cls, person: Person, state: ChatState, update_id: int | None) -> KeyWrite:
        """The write of what `state` waits for (a reason, a note, a file): its key, on the
        answer version its screen showed."""
        assert state.selfcheck_id is not None and state.key is not None
        return cls(
            person, state.selfcheck_id, state.key, update_id=update_id, expected=state.version
        )


class Recorded(NamedTuple):
    """What `record_answer` did: `written` False when nothing changed (a repeated update);
    `states` as the answer left them (when asked for); `remembered` the chat state it wrote."""

    written: bool
    states: dict[str, AnswerState] | None = None
    remembered: ChatState | None = None

    def __bool__(self) -> bool:
        # A tuple is always true: `if await store.record_answer(...)` would never fail.
        raise TypeError("Recorded has no truth value: ask .written")


class SelfCheckMixin(StoreCore):
    async def current_selfcheck(
        self, person: Person, now: datetime | None = None, unit_id: int | None = None
    ) -> SelfCheck | None:
        """The self-check of the person's unit (or `unit_id`, for coordinators) in its
        current cycle, created on first use; None when the unit has no cycle."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> SelfCheck | None:
            found = _current(db, person, unit_id, now)
            if found is None:
                return None
            target, cycle, selfcheck_id = found
            if selfcheck_id is None:
                db.execute(
                    "INSERT INTO selfchecks (unit_id, cycle_id, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(unit_id, cycle_id) DO NOTHING",
                    (target, cycle.id, iso(now)),
                )
                row = db.execute(_SELFCHECK_ID_SQL, (target, cycle.id)).fetchone()
                assert row is not None
                selfcheck_id = row["id"]
            return _rows.read_selfcheck(db, selfcheck_id, now)

        return await self._run_write_inline(work)

    async def current_selfcheck_id(
        self, person: Person, now: datetime | None = None, unit_id: int | None = None
    ) -> int | None:
        """The id of the self-check `current_selfcheck` would return, read only: None when
        the unit has no cycle or its self-check row does not exist yet. For checking that a
        button names the current self-check without a write transaction per press."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> int | None:
            found = _current(db, person, unit_id, now)
            return None if found is None else found[2]

        return await self._run_read_inline(work)

    async def selfcheck_for(
        self, person: Person, selfcheck_id: int, now: datetime | None = None
    ) -> SelfCheck:
        """A self-check by id (e.g. from callback data), if the person may see it."""
        now = now or self.now()
        return await self._run_read_inline(
            lambda db: _visible_selfcheck(db, person, selfcheck_id, now)
        )

    async def selfcheck_press(
        self,
        person: Person,
        selfcheck_id: int,
        now: datetime | None = None,
        *,
        states: bool = False,
    ) -> SelfCheckPress:
        """`selfcheck_for`, whether it is the unit's current self-check (as
        `current_selfcheck_id`) and its `checklist`, in one read: what a press re-checks.
        With `states`, also its `answer_states` (what a press that shows the walk needs)."""
        now = now or self.now()
        return await self._run_read_inline(
            lambda db: self._press(db, _rows.live_person(db, person), selfcheck_id, now, states)
        )

    async def press_context(
        self,
        telegram_id: int,
        selfcheck_id: int | None,
        *,
        states: bool = False,
    ) -> PressContext:
        """The person as stored and, for an active officer, `selfcheck_press` of the
        self-check a button names, in one read (a press costs one round trip before its
        write). Forbidden / NotFound come back as `refused`, not raised."""
        now = self.now()

        def work(db: sqlite3.Connection) -> PressContext:
            person = _rows.read_person(db, telegram_id)
            if selfcheck_id is None or person is None or not person.active:
                return PressContext(person)
            if person.role != "officer" or person.unit_id is None:
                return PressContext(person, refused="forbidden")
            try:
                return PressContext(person, self._press(db, person, selfcheck_id, now, states))
            except Forbidden:
                return PressContext(person, refused="forbidden")
            except NotFound:
                return PressContext(person, refused="not_found")

        return await self._run_read_inline(work)

    def _press(
        self, db: sqlite3.Connection, live: Person, selfcheck_id: int, now: datetime, states: bool
    ) -> SelfCheckPress:
        """`live`: the person as read in this unit of work (not read again)."""
        selfcheck = _visible_selfcheck(db, live, selfcheck_id, now, live=True)
        found = _current(db, live, None, now, live=True)
        keys = self._key_map(db, selfcheck)
        return SelfCheckPress(
            selfcheck=selfcheck,
            current=found is not None and found[2] == selfcheck.id,
            checklist=list(keys),
            states=_states(*self._state_rows(db, selfcheck, keys)) if states else None,
        )

    async def checklist(self, selfcheck: SelfCheck) -> list[str]:
        """Askable answer keys in order: item-major, product items once per product."""
        return list(await self._run_read_inline(lambda db: self._key_map(db, selfcheck)))

    async def answer_set(self, selfcheck: SelfCheck) -> rubric.AnswerSet:
        """What the scoring engine needs: the latest answer per askable key, products, evidence."""

        return await self._run_read_inline(lambda db: self._answer_set(db, selfcheck))

    def _answer_set(self, db: sqlite3.Connection, selfcheck: SelfCheck) -> rubric.AnswerSet:
        products, online = _rows.offer_of(db, selfcheck.unit_id)
        keys = self._key_map_for(selfcheck.rubric_id, products, online)
        latest = _latest_answers(db, selfcheck.id)
        evidence = db.execute(
            "SELECT DISTINCT key FROM evidence WHERE selfcheck_id = ? AND removed_at IS NULL",
            (selfcheck.id,),
        ).fetchall()
        return rubric.AnswerSet(
            answers={k: row["option_id"] for k, row in latest.items() if k in keys},
            products=[p.name for p in products],
            evidence={r["key"] for r in evidence if r["key"] in keys},
            online=online,
        )

    async def answer_states(self, selfcheck: SelfCheck) -> dict[str, AnswerState]:
        """Per askable key that has an answer or evidence: the latest answer and evidence count."""
        return _states(*await self._run_read_inline(lambda db: self._state_rows(db, selfcheck)))

    async def applied_elsewhere(self, update_id: int, selfcheck_id: int, key: str) -> bool:
        """Whether the update was applied already, and not as an answer of `key`: Telegram
        delivering again a text that was an N/A reason or a note, now that another item is
        on screen."""
        row = await self._fetchone(
            "SELECT EXISTS (SELECT 1 FROM processed_updates WHERE update_id = ?) AND NOT "
            "EXISTS (SELECT 1 FROM answers WHERE selfcheck_id = ? AND key = ? AND update_id = ?)",
            (update_id, selfcheck_id, key, update_id),
        )
        return row is not None and bool(row[0])

    async def kept_by_update(self, write: KeyWrite) -> str | None:
        """The key of `write`'s self-check that the person's file sent in `write.update_id`
        was kept for (None: it kept none there): Telegram delivering the file again once
        another item is on screen. Read within the self-check (its index) and the person's
        own files: update ids are Telegram's, and another chat's may be the same."""
        row = await self._fetchone(
            "SELECT key FROM evidence WHERE selfcheck_id = ? AND by = ? AND update_id = ?",
            (write.selfcheck_id, _telegram_id(write.person), write.update_id),
        )
        return None if row is None else str(row["key"])

    async def answer_history(self, selfcheck: SelfCheck, key: str) -> list[AnswerRow]:
        """Every answer ever given for a key, oldest first."""
        rows = await self._fetchall(
            "SELECT id, key, option_id, note, by, at FROM answers "
            "WHERE selfcheck_id = ? AND key = ? ORDER BY id",
            (selfcheck.id, key),
        )
        return [_rows.build(AnswerRow, r, at=from_iso(r["at"])) for r in rows]

    async def next_key(self, selfcheck: SelfCheck, after: str | None = None) -> str | None:
        """The first unanswered key after `after` (wrapping to the start); None when all done."""

        def work(db: sqlite3.Connection) -> tuple[list[str], set[str]]:
            keys = list(self._key_map(db, selfcheck))
            answered = {
                r[0]
                for r in db.execute(
                    "SELECT DISTINCT key FROM answers WHERE selfcheck_id = ?", (selfcheck.id,)
                ).fetchall()
            }
            return keys, answered

        keys, answered = await self._run_read_inline(work)
        return rubric.next_unanswered(keys, answered, after)

    async def record_answer(
        self,
        write: KeyWrite,
        option_id: str,
        *,
        states: bool = False,
        note: str | None = None,
        now: datetime | None = None,
        remember: Remember | None = None,
        message_id: int | None = None,
    ) -> Recorded:
        """Append an answer to the history of `write.key`, in one unit of work. Nothing
        changes (`written` False) when its `update_id` was already applied; Conflict (nothing
        written) when the key was answered since the version `expected`. Raises Forbidden,
        NotFound, Invalid(reason) or Closed (the whole unit rolls back).

        With `states`, the unit also reads `answer_states` of that self-check as the answer
        left it (what a press does next: show where the officer is now); for a repeated
        update, the states as they are. With `remember` (states included), it also writes
        the person's chat state for what the press shows next in the message `message_id`,
        so that a press is one commit:
        - "evidence": the evidence prompt for the key (pending "evidence");
        - "next": the first unanswered key after it, wrapping (as `next_key`), or, when
          every key is answered, the self-check alone (no key, no message: the results).
        A repeated update writes no chat state (`remembered` None).
        """
        now = now or self.now()
        record = _Record(write, option_id, _clean_note(note))
        if remember not in (None, "next", "evidence"):
            raise Invalid("remember", f"unknown remember {remember!r}")
        who, key = _telegram_id(write.person), write.key

        def work(db: sqlite3.Connection) -> tuple[bool, _StateRows | None, ChatState | None]:
            written = self._record(db, record, now)
            if not states and remember is None:
                return written is not None, None, None
            if written is None:  # a repeated update: what it showed, if the person may see it
                selfcheck = _visible_selfcheck(db, write.person, write.selfcheck_id, now)
                return False, self._state_rows(db, selfcheck), None
            selfcheck, checklist = written
            rows = self._state_rows(db, selfcheck, checklist)
            state: ChatState | None = None
            keys, latest, *_ = rows
            if remember == "evidence":
                version = latest[key]["id"]
                state = ChatState(who, selfcheck.id, key, "evidence", message_id, version)
            elif remember == "next":
                following = rubric.next_unanswered(list(keys), latest, key)
                state = (
                    ChatState(who, selfcheck.id)
                    if following is None
                    else ChatState(
                        who, selfcheck.id, following, None, message_id, _version(latest, following)
                    )
                )
            if state is not None:
                _write_chat_state(db, state)
            return True, rows, state

        written, rows, state = await self._run_write_inline(work)
        return Recorded(written, None if rows is None else _states(*rows), state)

    async def attach_evidence(
        self, write: KeyWrite, file: EvidenceFile, *, now: datetime | None = None
    ) -> int:
        """Keep a file as evidence for `write.key`: the evidence row's id, 0 (nothing
        changed) for a repeated update or a file already attached to that key. Conflict
        (nothing kept) when the key was answered since the version `expected`. A file
        removed (undone) earlier is kept again."""
        now = now or self.now()
        if not file.file_id or not file.file_unique_id or not file.kind:
            raise Invalid("file", "a file needs file_id, file_unique_id and kind")
        key, update_id = write.key, write.update_id

        def work(db: sqlite3.Connection) -> int:
            if not first_time(db, update_id, "evidence", now):
                return 0
            selfcheck, keys = self._writable(db, write, now)
            item_id, product_id = keys[key]
            _check_version(db, selfcheck.id, key, write.expected)
            caption = file.caption[:CAPTION_MAX] if file.caption else None
            cursor = db.execute(
                "INSERT INTO evidence (selfcheck_id, key, item_id, product_id, file_id, "
                "file_unique_id, kind, file_name, mime_type, size, caption, media_group_id, "
                "by, at, update_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                # A file undone earlier and sent again is kept again, as sent now (in the
                # album it came in now: its undo takes it) and by whom.
                "ON CONFLICT(selfcheck_id, key, file_unique_id) DO UPDATE SET "
                "removed_at = NULL, removed_by = NULL, by = excluded.by, at = excluded.at, "
                "update_id = excluded.update_id, media_group_id = excluded.media_group_id "
                "WHERE evidence.removed_at IS NOT NULL",
                (
                    selfcheck.id,
                    key,
                    item_id,
                    product_id,
                    file.file_id,
                    file.file_unique_id,
                    file.kind,
                    file.file_name,
                    file.mime_type,
                    file.size,
                    caption,
                    file.media_group_id,
                    _telegram_id(write.person),
                    file_moment(db, selfcheck.id, key, now),
                    update_id,
                ),
            )
            if cursor.rowcount != 1:
                return 0
            row = db.execute(
                "SELECT id FROM evidence WHERE selfcheck_id = ? AND key = ? AND file_unique_id = ?",
                (selfcheck.id, key, file.file_unique_id),
            ).fetchone()
            return int(row["id"])

        return await self._run_write_inline(work)

    async def album_write(
        self, write: KeyWrite, media_group_id: str, *, now: datetime | None = None
    ) -> KeyWrite:
        """The write every file of one album is judged by: the item and answer version the
        album's first file to arrive was sent on. The pin is kept even when that file is
        refused, so a colleague's change refuses the whole album, and files handled at once
        agree (one unit of work inserts the pin or reads it)."""
        now = now or self.now()
        who = _telegram_id(write.person)

        def work(db: sqlite3.Connection) -> KeyWrite:
            db.execute(
                "INSERT INTO albums (telegram_id, media_group_id, selfcheck_id, key, version, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (who, media_group_id, write.selfcheck_id, write.key, write.expected, iso(now)),
            )
            row = db.execute(
                "SELECT selfcheck_id, key, version FROM albums "
                "WHERE telegram_id = ? AND media_group_id = ?",
                (who, media_group_id),
            ).fetchone()
            pinned = (row["selfcheck_id"], row["key"], row["version"])
            return replace(write, selfcheck_id=pinned[0], key=pinned[1], expected=pinned[2])

        return await self._run_write_inline(work)

    async def remove_evidence(
        self,
        person: Person,
        selfcheck_id: int,
        key: str,
        since: int,
        *,
        now: datetime | None = None,
    ) -> int:
        """Undo: the files `person` kept for `key` in the message or album of file `since`
        (itself, and its album's others kept from it on, in the order files were kept, not
        by id) are marked removed (the rows stay, as history). Files the person sent later,
        confirmed on a line of their own, stay. Returns how many; 0 when already undone.
        Raises Forbidden, NotFound, Invalid or Closed as a write does."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> int:
            selfcheck, _ = self._writable(db, KeyWrite(person, selfcheck_id, key), now)
            # The batch is the files kept from `since` on, in the order they were kept (the
            # time, then the id for files kept at the same moment). Not by id alone: a file
            # kept again keeps its old id, so ids would reach back into earlier batches and
            # miss such a file sent in this one. Only that batch: `since` and the files of its
            # album (a later message's files have their own line, and its own `↩ Batalkan`).
            cursor = db.execute(
                "UPDATE evidence SET removed_at = ?, removed_by = ? WHERE selfcheck_id = ? "
                "AND key = ? AND by = ? AND removed_at IS NULL "
                "AND (at, id) >= (SELECT e.at, e.id FROM evidence e WHERE e.id = ?) "
                "AND (id = ? OR media_group_id = "
                "(SELECT e.media_group_id FROM evidence e WHERE e.id = ?))",
                (
                    file_moment(db, selfcheck.id, key, now),
                    _telegram_id(person),
                    selfcheck.id,
                    key,
                    _telegram_id(person),
                    since,
                    since,
                    since,
                ),
            )
            return cursor.rowcount

        return await self._run_write_inline(work)

    async def evidence(self, selfcheck: SelfCheck, key: str | None = None) -> list[EvidenceRow]:
        """Evidence of a self-check (or of one key), oldest first."""
        if key is None:
            rows = await self._fetchall(
                f"SELECT {_EVIDENCE_COLUMNS} FROM evidence "
                "WHERE selfcheck_id = ? AND removed_at IS NULL ORDER BY id",
                (selfcheck.id,),
            )
        else:
            rows = await self._fetchall(
                f"SELECT {_EVIDENCE_COLUMNS} FROM evidence "
                "WHERE selfcheck_id = ? AND key = ? AND removed_at IS NULL ORDER BY id",
                (selfcheck.id, key),
            )
        return [evidence_from(r) for r in rows]

    async def score(
        self, selfcheck: SelfCheck, measures: Mapping[str, rubric.MeasureValue] | None = None
    ) -> ScoreReport:
        """Score, ranked gaps and the path to the next category, by the rubric engine, with
        the `measures` (the unit's survey) for the items the rubric declares as measure-fed;
        and the verified score, the answers not verified yet and the returned items."""
        answers, reviews = await self._run_read_inline(
            lambda db: (self._answer_set(db, selfcheck), current_reviews(db, selfcheck.id))
        )
        the_rubric = self.rubric(selfcheck.rubric_id)
        answers = rubric.with_measures(the_rubric, answers, measures)
        accepted, returned = reviews.accepted, reviews.returned
        return ScoreReport(
            score=rubric.score(the_rubric, answers),
            gaps=rubric.gaps(the_rubric, answers),
            next_category=rubric.next_category(the_rubric, answers),
            rubric=the_rubric,
            verified=rubric.score(
                the_rubric, rubric.verified_answers(the_rubric, answers, accepted, returned)
            ),
            unverified=rubric.unverified(the_rubric, answers, accepted, returned),
            returned={k: reviews.standing[k].comment or "" for k in returned},
        )

    # -- conversation state ------------------------------------------------------------

    async def chat_state(self, telegram_id: int) -> ChatState:
        return await self._run_read_inline(lambda db: _read_chat_state(db, telegram_id))

    async def put_chat_state(self, state: ChatState) -> ChatState:
        """Replace the person's conversation state (all fields at once) with `state`; returns
        the state it replaced (whose message may need its buttons removed)."""
        before, _ = await self._put_chat_state(state, None)
        return before

    async def swap_chat_state(self, expected: ChatState, state: ChatState) -> bool:
        """`put_chat_state` only while the person's state is still `expected` (a
        compare-and-set for writers outside the person's turn, such as the album's
        confirmation job): False, nothing written, when an update of theirs moved it."""
        _, written = await self._put_chat_state(state, expected)
        return written

    async def _put_chat_state(
        self, state: ChatState, expected: ChatState | None
    ) -> tuple[ChatState, bool]:
        """The state replaced, and whether `state` was written (only over `expected`)."""
        if state.pending not in PENDING:
            raise Invalid("pending", f"unknown pending state {state.pending!r}")

        def work(db: sqlite3.Connection) -> tuple[ChatState, bool]:
            before = _read_chat_state(db, state.telegram_id)
            if expected is not None and before != expected:
                return before, False
            _write_chat_state(db, state)
            return before, True

        try:
            return await self._run_write_inline(work)
        except sqlite3.IntegrityError:
            raise NotFound(f"self-check {state.selfcheck_id}") from None

    async def set_chat_state(
        self,
        telegram_id: int,
        *,
        selfcheck_id: int | None = None,
        key: str | None = None,
        pending: str | None = None,
        message_id: int | None = None,
        version: int | None = None,
        draft: str | None = None,
        ack_message_id: int | None = None,
    ) -> ChatState:
        """`put_chat_state` of a state given field by field (a field not given: empty)."""
        waiting = cast(Pending | None, pending)  # any text: put_chat_state checks it
        return await self.put_chat_state(
            ChatState(
                telegram_id, selfcheck_id, key, waiting, message_id, version, draft, ack_message_id
            )
        )

    # -- helpers (on the connection's thread) ------------------------------------------

    def _record(
        self, db: sqlite3.Connection, record: _Record, now: datetime
    ) -> tuple[SelfCheck, KeyMap] | None:
        """Append one answer: the self-check and its checklist; None (nothing written) when
        `update_id` was already applied; Conflict (nothing written) when the key's version
        is not the one expected."""
        write, option_id, note = record.write, record.option_id, record.note
        key = write.key
        if not first_time(db, write.update_id, "answer", now):
            return None
        selfcheck, keys = self._writable(db, write, now)
        item_id, product_id = keys[key]
        try:
            _check_version(db, selfcheck.id, key, write.expected)
        except Conflict:
            if not _holds(db, selfcheck.id, key, (option_id, note, _telegram_id(write.person))):
                raise
            # Their own answer, pressed again on the screen it left behind (a retry after an
            # outage): nothing clashes and nothing needs writing.
            return selfcheck, keys
        item = self.rubric(selfcheck.rubric_id).item(item_id)
        assert item is not None
        if option_id == rubric.NA:
            if not item.na_allowed:
                raise Invalid("na_not_allowed", f"{item_id} cannot be answered N/A")
            if note is None:
                raise Invalid("na_needs_reason", "N/A needs a written reason")
        elif item.option(option_id) is None:
            raise Invalid("unknown_option", f"{option_id!r} is not an option of {item_id}")
        _insert_answer(db, selfcheck.id, (item_id, product_id), record, now)
        return selfcheck, keys

    def _state_rows(
        self, db: sqlite3.Connection, selfcheck: SelfCheck, keys: KeyMap | None = None
    ) -> _StateRows:
        """What answer_states is made of: the checklist (`keys` if just read), latest
        answers, evidence counts, returned items' comments, and the previous cycle's answers
        on offer."""
        counts = _evidence_counts(db, selfcheck.id)
        if keys is None:
            keys = self._key_map(db, selfcheck)
        latest = _latest_answers(db, selfcheck.id)
        return (
            keys,
            latest,
            counts,
            _returned(db, selfcheck.id, latest),
            self._previous(db, selfcheck),
        )

    def _previous_selfcheck(self, db: sqlite3.Connection, selfcheck: SelfCheck) -> int | None:
        """The unit's self-check of the latest earlier cycle of this rubric (or of one it
        carries from) that has answers, if any: a year in which an officer only looked (a
        self-check made by /skor, empty) must not hide the year before's answers and files."""
        ids = (selfcheck.rubric_id, *self.rubric(selfcheck.rubric_id).carries_from)
        row = db.execute(
            "SELECT s.id FROM selfchecks s JOIN cycles c ON c.id = s.cycle_id "
            f"WHERE s.unit_id = ? AND s.id != ? AND c.rubric_id IN ({placeholders(ids)}) "
            "AND c.opens < ? AND EXISTS (SELECT 1 FROM answers a WHERE a.selfcheck_id = s.id) "
            "ORDER BY c.opens DESC, s.id DESC LIMIT 1",
            (selfcheck.unit_id, selfcheck.id, *ids, selfcheck.cycle.opens.isoformat()),
        ).fetchone()
        return None if row is None else int(row["id"])

    def _previous(self, db: sqlite3.Connection, selfcheck: SelfCheck) -> dict[str, Previous]:
        """Key -> the previous cycle's answer, for keys whose item and option this rubric
        still has (`Masih berlaku` offers them)."""
        earlier = self._previous_selfcheck(db, selfcheck)
        if earlier is None:
            return {}
        the_rubric = self.rubric(selfcheck.rubric_id)
        counts = _evidence_counts(db, earlier)
        found: dict[str, Previous] = {}
        latest = _latest_answers(db, earlier)
        returned = _returned(db, earlier, latest)
        for key, row in latest.items():
            item = the_rubric.item(rubric.split_key(key)[0])
            option = row["option_id"]
            if item is None or not (
                item.option(option) is not None or (option == rubric.NA and item.na_allowed)
            ):
                continue
            found[key] = Previous(
                answer_id=row["id"],
                option_id=option,
                note=row["note"],
                evidence_count=counts.get(key, 0),
                by_name=row["by_name"],
                at=from_iso(row["at"]),
                returned=returned.get(key),
            )
        return found

    async def carry_forward(self, write: KeyWrite, *, now: datetime | None = None) -> bool:
        """`Masih berlaku`: the previous cycle's answer to `write.key`, with its note,
        becomes this cycle's (history records where it came from) and its files are
        referenced (same Telegram file ids, rows naming the originals; nothing is copied).
        False for a repeated update; Conflict as for `record_answer`;
        Invalid("nothing_to_carry")."""
        now = now or self.now()
        key = write.key

        def work(db: sqlite3.Connection) -> bool:
            if not first_time(db, write.update_id, "carry", now):
                return False
            selfcheck, keys = self._writable(db, write, now)
            item_id, product_id = keys[key]
            earlier = self._previous_selfcheck(db, selfcheck)
            previous = self._previous(db, selfcheck).get(key)
            try:
                _check_version(db, selfcheck.id, key, write.expected)
            except Conflict:
                if previous is None or not _holds(
                    db,
                    selfcheck.id,
                    key,
                    (previous.option_id, previous.note, _telegram_id(write.person)),
                    previous.answer_id,
                ):
                    raise
                # Their own carry of that answer, pressed again (a double tap, an older
                # screen): nothing clashes and nothing needs writing.
                return False
            if earlier is None or previous is None:
                raise Invalid("nothing_to_carry", f"no earlier answer to carry for {key!r}")
            carried = _Record(write, previous.option_id, previous.note, previous.answer_id)
            _insert_answer(db, selfcheck.id, (item_id, product_id), carried, now)
            db.execute(
                "INSERT INTO evidence (selfcheck_id, key, item_id, product_id, file_id, "
                "file_unique_id, kind, file_name, mime_type, size, caption, media_group_id, by, "
                "at, carried_from) SELECT ?, key, ?, ?, file_id, file_unique_id, kind, "
                "file_name, mime_type, size, caption, media_group_id, by, at, id FROM evidence "
                "WHERE selfcheck_id = ? AND key = ? AND removed_at IS NULL ORDER BY id "
                "ON CONFLICT DO NOTHING",
                (selfcheck.id, item_id, product_id, earlier, key),
            )
            return True

        return await self._run_write_inline(work)

    def _key_map(self, db: sqlite3.Connection, selfcheck: SelfCheck) -> KeyMap:
        """Askable key -> (item id, product id), in checklist order. Shared: do not mutate."""
        return self._key_map_for(selfcheck.rubric_id, *_rows.offer_of(db, selfcheck.unit_id))

    def _key_map_for(self, rubric_id: str, products: list[Product], online: bool = False) -> KeyMap:
        # Built from the rubric's models once per (rubric, products, online): a rubric never
        # changes once loaded, and a unit's new product makes a new cache key. Only the items
        # officers answer (not those fed by a measure) that apply to the unit are on it.
        cache_key = (rubric_id, tuple((p.id, p.name) for p in products), online)
        keys = self._key_maps.get(cache_key)
        if keys is not None:
            self._key_maps.move_to_end(cache_key)
            return keys
        product_ids = {p.name: p.id for p in products}
        keys = {
            e.key: (e.item.id, None if e.product is None else product_ids[e.product])
            for e in rubric.checklist(self.rubric(rubric_id), list(product_ids), online)
        }
        self._key_maps[cache_key] = keys
        if len(self._key_maps) > KEY_MAPS_KEPT:
            self._key_maps.popitem(last=False)
        return keys

    def _writable(
        self, db: sqlite3.Connection, write: KeyWrite, now: datetime
    ) -> tuple[SelfCheck, KeyMap]:
        """The self-check whose `write.key` its person may write now, and its checklist."""
        fresh = _rows.live_person(db, write.person)
        selfcheck = _rows.read_selfcheck(db, write.selfcheck_id, now)
        _rows.may_touch_unit(db, fresh, selfcheck.unit_id, write=True)
        if not selfcheck.accepting:
            raise Closed(f"cycle {selfcheck.cycle.id} no longer accepts answers")
        keys = self._key_map(db, selfcheck)
        if write.key not in keys:
            raise Invalid("unknown_key", f"{write.key!r} is not on this checklist")
        return selfcheck, keys


def _current(
    db: sqlite3.Connection,
    person: Person,
    unit_id: int | None,
    now: datetime,
    *,
    live: bool = False,
) -> tuple[int, Cycle, int | None] | None:
    """(unit, its current cycle, the self-check's id if the row exists), or None without
    a unit or a cycle; checks the person may read the unit (`live`: `person` was read in
    this unit of work)."""
    fresh = person if live else _rows.live_person(db, person)
    target = unit_id if unit_id is not None else fresh.unit_id
    if target is None:
        return None
    _rows.may_touch_unit(db, fresh, target, write=False)
    cycle = cycle_now(db, target, now)
    if cycle is None:
        return None
    row = db.execute(_SELFCHECK_ID_SQL, (target, cycle.id)).fetchone()
    return target, cycle, None if row is None else row["id"]


def _visible_selfcheck(
    db: sqlite3.Connection, person: Person, selfcheck_id: int, now: datetime, *, live: bool = False
) -> SelfCheck:
    fresh = person if live else _rows.live_person(db, person)
    selfcheck = _rows.read_selfcheck(db, selfcheck_id, now)
    _rows.may_touch_unit(db, fresh, selfcheck.unit_id, write=False)
    return selfcheck


@frozen
class _Record:
    """One answer to append (`carried_from`: the previous cycle's answer it confirms)."""

    write: KeyWrite
    option_id: str
    note: str | None
    carried_from: int | None = None


def _insert_answer(
    db: sqlite3.Connection,
    selfcheck_id: int,
    item: tuple[str, int | None],
    record: _Record,
    now: datetime,
) -> None:
    """Append `record` to the history of its key (`item`: the item and product it asks)."""
    write = record.write
    db.execute(
        "INSERT INTO answers (selfcheck_id, key, item_id, product_id, option_id, note, "
        "by, at, update_id, carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            selfcheck_id,
            write.key,
            *item,
            record.option_id,
            record.note,
            _telegram_id(write.person),
            iso(now),
            write.update_id,
            record.carried_from,
        ),
    )


def _evidence_counts(db: sqlite3.Connection, selfcheck_id: int) -> dict[str, int]:
    """Key -> files kept (not removed) for it."""
    return {
        r["key"]: r["n"]
        for r in db.execute(
            "SELECT key, COUNT(*) AS n FROM evidence "
            "WHERE selfcheck_id = ? AND removed_at IS NULL GROUP BY key",
            (selfcheck_id,),
        ).fetchall()
    }


def _check_version(
    db: sqlite3.Connection, selfcheck_id: int, key: str, expected: int | None
) -> None:
    """Raise Conflict when the key's answer version is not `expected` (None: no check)."""
    if expected is None:
        return
    version = int(db.execute(_VERSION_SQL, (selfcheck_id, key)).fetchone()[0])
    if version != expected:
        raise Conflict(version)


def _holds(
    db: sqlite3.Connection,
    selfcheck_id: int,
    key: str,
    answer: tuple[Any, ...],
    carried_from: int | None = None,
) -> bool:
    """Whether the key's latest answer is exactly `answer` (option, note, by), and with
    `carried_from`, the carry of that earlier answer."""
    row = db.execute(
        "SELECT option_id, note, by, carried_from FROM answers WHERE id = ("
        "SELECT MAX(id) FROM answers WHERE selfcheck_id = ? AND key = ?)",
        (selfcheck_id, key),
    ).fetchone()
    if row is None or tuple(row)[:3] != answer:
        return False
    return carried_from is None or row[3] == carried_from


def _version(latest: dict[str, sqlite3.Row], key: str) -> int:
    row = latest.get(key)
    return 0 if row is None else int(row["id"])


def _read_chat_state(db: sqlite3.Connection, telegram_id: int) -> ChatState:
    row = db.execute(
        f"SELECT {_CHAT_STATE_COLUMNS} FROM chat_state WHERE telegram_id = ?", (telegram_id,)
    ).fetchone()
    return ChatState(telegram_id) if row is None else _rows.build(ChatState, row)


def _write_chat_state(db: sqlite3.Connection, state: ChatState) -> None:
    """Replace the person's conversation state, inside the caller's unit of work."""
    db.execute(
        _CHAT_STATE_SQL,
        (
            state.telegram_id,
            state.selfcheck_id,
            state.key,
            state.pending,
            state.message_id,
            state.version,
            state.draft,
            state.ack_message_id,
            state.draft_for,
        ),
    )


_StateRows = tuple[
    KeyMap, dict[str, sqlite3.Row], dict[str, int], dict[str, str], dict[str, "Previous"]
]


def _returned(
    db: sqlite3.Connection, selfcheck_id: int, latest: dict[str, sqlite3.Row]
) -> dict[str, str]:
    """Key -> the comment of a return that stands (on the key's latest answer, `latest`)."""
    answer_ids = {key: int(row["id"]) for key, row in latest.items()}
    standing = current_reviews(db, selfcheck_id, answer_ids).standing
    return {k: r.comment or "" for k, r in standing.items() if r.verdict == "returned"}


def _states(
    keys: KeyMap,
    latest: dict[str, sqlite3.Row],
    counts: dict[str, int],
    returned: dict[str, str] | None = None,
    previous: dict[str, Previous] | None = None,
) -> dict[str, AnswerState]:
    states: dict[str, AnswerState] = {}
    previous = previous or {}
    returned = returned or {}
    for key in keys:
        row = latest.get(key)
        if row is None and key not in counts and key not in previous:
            continue
        states[key] = AnswerState(
            key=key,
            option_id=None if row is None else row["option_id"],
            note=None if row is None else row["note"],
            by=None if row is None else row["by"],
            at=None if row is None else from_iso(row["at"]),
            evidence_count=counts.get(key, 0),
            version=0 if row is None else row["id"],
            by_name=None if row is None else row["by_name"],
            carried_from=_origin(row),
            previous=previous.get(key) if row is None else None,
            returned=returned.get(key),
        )
    return states


def _origin(row: sqlite3.Row | None) -> Origin | None:
    """For an answer carried forward: the previous cycle's answer it confirmed."""
    if row is None or row["carried_from"] is None:
        return None
    at = row["origin_at"]
    return Origin(row["carried_from"], row["origin_name"], None if at is None else from_iso(at))


def _latest_answers(db: sqlite3.Connection, selfcheck_id: int) -> dict[str, sqlite3.Row]:
    return {r["key"]: r for r in db.execute(_LATEST_SQL, (selfcheck_id,)).fetchall()}


def _telegram_id(person: Person | int) -> int:
    return person if isinstance(person, int) else person.telegram_id


def evidence_from(row: sqlite3.Row) -> EvidenceRow:
    return _rows.build(
        EvidenceRow, row, file=_rows.build(EvidenceFile, row), at=from_iso(row["at"])
    )


def _clean_note(note: str | None) -> str | None:
    """A note or N/A reason as stored: trimmed, None when blank, at most NOTE_MAX characters."""
    cleaned = (note or "").strip() or None
    if cleaned is not None and len(cleaned) > NOTE_MAX:
        raise Invalid("note_too_long", f"a note has at most {NOTE_MAX} characters")
    return cleaned
