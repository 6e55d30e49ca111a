"""The self-check service: every rule of opening, answering and moving through a self-check.

Each method takes the person (or their press, as the chat read it) and returns an outcome:
a `Refused` with its reason, or what to show next. The chat layer renders outcomes and calls
`shown` with the message it used, so that the chat state follows what is on screen. The store
only reads and writes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import rubric
from bot.frozen import frozen
from bot.refused import Refused
from bot.store import (
    NOTE_MAX,
    ChatState,
    Closed,
    Conflict,
    Cycle,
    Forbidden,
    Invalid,
    KeyWrite,
    NotFound,
    Pending,
    Person,
    Product,
    ScoreReport,
    SelfCheck,
    SelfCheckPress,
    Store,
)
from bot.walk import Walk
from rubric import NA, Item, MeasureValue, Option

SelfCheckRefusal = Literal[
    "forbidden",  # not the presser's unit
    "other_unit",  # a button of another unit's self-check (one they moved from, or forged)
    "invalid",  # a malformed or impossible choice
    "stale_cycle",  # a button (or prompt) of an earlier cycle
    "item_gone",  # the key the button names is no longer on the checklist
    "closed",  # the cycle no longer accepts answers
    "rejected",  # the store refused the answer (`detail` says why)
    "empty",  # an empty N/A reason
    "empty_note",  # an empty note
    "too_long",  # an N/A reason over NOTE_MAX
    "unexpected",  # text nobody asked for
    "unexpected_media",  # a file while no evidence is awaited
    "unsupported_media",  # neither a photo nor a document
    "bad_type",  # a document of a kind evidence cannot be (`detail`: its name)
    "product_name",  # a product name the store refuses (`detail`: the rule it breaks)
    "na_standing",  # N/A pressed again: their own N/A (with its reason) already stands
    "note_standing",  # `Ganti` of a note pressed again: the first press saved it
]


@frozen
class Press:
    """A button naming a self-check (and maybe a key), as the chat read it in one go."""

    person: Person
    found: SelfCheckPress | None
    """None when the person may not see the self-check (`refused`)."""
    refused: Literal["forbidden", "not_found"] | None
    key: str | None
    """The key the button names, resolved against the checklist; None if it names none
    (or one no longer on it: methods that need a key refuse with "item_gone")."""
    update_id: int
    message_id: int | None
    """The message the button is on (None when Telegram no longer says)."""
    version: int | None = None
    """The item's answer version the button's screen showed (None: the button has none)."""

    def key_write(self) -> KeyWrite:
        """What the press writes to its key: once per update, on the version its screen
        showed (a press that needs a key is checked to have one first)."""
        assert self.found is not None and self.key is not None
        selfcheck_id = self.found.selfcheck.id
        return KeyWrite(
            self.person, selfcheck_id, self.key, update_id=self.update_id, expected=self.version
        )


@dataclass(frozen=True, kw_only=True)
class _Remembered:
    """A screen a press leads to, and what the press's own unit of work wrote for it."""

    remembered: ChatState | None = None
    """The chat state the service already wrote for it (with the pressed message)."""
    keep_state: bool = False
    """A repeated update: its first delivery wrote the state; a duplicate must not move it."""


@frozen
class Question(_Remembered):
    """Show `key` (with `evidence`: ask for its files) in the pressed message or a new one."""

    walk: Walk
    key: str
    evidence: bool = False


@frozen
class Results:
    """The provisional score and ranked gaps of a self-check (/skor, /kekurangan)."""

    selfcheck: SelfCheck
    report: ScoreReport
    unit_name: str
    notes: dict[str, str] = field(default_factory=dict)
    """Key -> the note (📝 Catatan) on its current answer."""
    carried: int = 0
    """Answers carried forward from the previous cycle still standing (`Masih berlaku`)."""
    offered: int = 0
    """Keys the previous cycle answered: carried (confirmed) or still on offer."""


@frozen
class Finished(_Remembered):
    """Every key answered: the results."""

    walk: Walk
    results: Results


@frozen
class ItemList:
    walk: Walk
    page: int
    back_to: str | None
    """The question the officer came from (↩ back to it), if still on the checklist."""


Awaited = Literal["na_reason", "note"]
"""Texts a press can ask for: the reason for N/A, or the note (📝 Catatan) on the answer."""
_TYPED: dict[str, Awaited] = {"na_reason": "na_reason", "note": "note"}
"""`Changed.what` of a typed text, as the draft it leaves is remembered."""


@frozen
class AskText:
    """A press whose answer is the next text (the chat state says so): `what` it is, for
    `item` at its place `at`, "7/55"."""

    what: Awaited
    item: Item
    at: str


@frozen
class NoteSaved:
    then: Question


@frozen
class Saved:
    """An answer was recorded for `key` (`option` None: N/A); then show `then`."""

    option: Option | None
    then: Question | Finished
    key: str


@frozen
class Changed:
    """A colleague changed the item since the officer's screen showed it: nothing was
    written. Show the item as it is now (who answered, when), with `Ganti` for what the
    officer wanted (`wanted`: an option index, NA_WANTED for N/A with the reason kept as a
    draft, None for a file: it is sent again after looking)."""

    walk: Walk
    key: str
    wanted: int | None
    what: Literal["answer", "na_reason", "note", "note_na", "evidence", "album", "album_part"] = (
        "answer"
    )
    """What was not written: "album" for every file of an album, "album_part" for some of
    them (the chat layer gathers an album's files and tells the change once); "note_na" a
    note on an answer changed to N/A since (no `Ganti`: a note never replaces a reason)."""
    draft: str | None = None
    """The N/A reason or note typed on the stale screen, kept for `Ganti`."""
    files: int = 1
    """Files not kept ("album", "album_part")."""

    def made_by(self, telegram_id: int) -> bool:
        """Whether the change met is `telegram_id`'s own (the item's answer now is theirs:
        another tap, another screen), not a colleague's."""
        return self.walk.answered_by(self.key, telegram_id)


NA_WANTED = -1
"""`Changed.wanted` (and the answer press's option) for N/A."""


@frozen
class Waiting:
    """What a text was not: the prompt the chat state waits for ("question": an answer to
    the question on screen), the item's place "7/55", and the item (None: not known)."""

    what: Pending | Literal["question"]
    at: str
    item: Item | None


@frozen
class ProductAdded:
    """The product typed at the product prompt, saved (or found under that name)."""

    product: Product
    added: bool
    """False: a product of that name (ignoring case and spacing) was there already."""


@frozen
class NoCycle:
    """No cycle is open for the unit: nothing to answer yet."""


@frozen
class CycleClosed:
    """The cycle closed over 60 days ago: the self-check is read-only now."""

    selfcheck: SelfCheck


@frozen
class NeedsProduct:
    """The instrument asks per product and the unit has none: the next text is a name."""


@frozen
class Stay:
    """⬅ Kembali on the first item (`edge` "first"), or Lewati ➡ with no other item
    ("only"): the press leads to its own item. The chat layer says why nothing moved and
    shows `then`, the item as it stands (the screen may show a colleague's change or an
    older version; an edit that changes nothing is taken as done)."""

    edge: Literal["first", "only"]
    then: Question


Shown = Question | Finished
Outcome = (
    Refused[SelfCheckRefusal]
    | Shown
    | Stay
    | ItemList
    | AskText
    | Saved
    | NoCycle
    | CycleClosed
    | NeedsProduct
    | Changed
    | NoteSaved
)


Measures = Callable[[int, Cycle], Awaitable[Mapping[str, MeasureValue]]]
"""A unit id and its cycle -> the measures its rubric items may be fed (the citizens' survey
of the cycle's period)."""


class SelfCheckService:
    def __init__(self, store: Store, measures: Measures | None = None) -> None:
        self.store = store
        self.measures = measures

    # -- opening ---------------------------------------------------------------------

    async def open(self, person: Person) -> Outcome:
        """/periksa: the unit's current self-check at its first unanswered key."""
        selfcheck = await self.store.current_selfcheck(person)
        if selfcheck is None:
            return NoCycle()
        if not selfcheck.accepting:
            return CycleClosed(selfcheck)
        the_rubric = self.store.rubric(selfcheck.rubric_id)
        if any(i.scope == "product" for i in the_rubric.items) and not await self.store.products(
            person
        ):
            await self.store.set_chat_state(
                person.telegram_id, selfcheck_id=selfcheck.id, pending="product_name"
            )
            return NeedsProduct()
        return await self.next_after(selfcheck, None)

    async def next_after(self, selfcheck: SelfCheck, after: str | None) -> Shown:
        """The first unanswered key after `after`, or the results when all are answered."""
        return await self._next(await self.walk(selfcheck), after)

    async def walk(self, selfcheck: SelfCheck, checklist: list[str] | None = None) -> Walk:
        store = self.store
        return Walk(
            selfcheck,
            store.rubric(selfcheck.rubric_id),
            checklist if checklist is not None else await store.checklist(selfcheck),
            await store.answer_states(selfcheck),
        )

    # -- presses ---------------------------------------------------------------------

    def check(
        self, press: Press, *, key: bool = True, accepting: bool = False
    ) -> Refused[SelfCheckRefusal] | SelfCheckPress:
        """Whether a press may act: the presser's unit, the current cycle, a key still there
        (and, for a press that writes, a cycle that still accepts answers)."""
        found = press.found
        if press.refused == "forbidden":
            return Refused("other_unit")
        if found is None:
            return Refused("invalid")
        if not found.current:
            return Refused("stale_cycle")
        if key and press.key is None:
            return Refused("item_gone")
        if accepting and not found.selfcheck.accepting:
            return Refused("closed")
        return found

    async def answer(self, press: Press, option: int) -> Outcome:
        """An option (index) or N/A (-1) pressed on the question `press.key`. N/A asks for
        the reason, or records the one typed on a stale screen (`Ganti` after a `Changed`)."""
        found = self.check(press, accepting=True)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        selfcheck = found.selfcheck
        item = self._walk(found).item(press.key)
        chosen: Option | None = None
        reason: str | None = None
        if option == NA_WANTED:
            if not item.na_allowed:
                return Refused("invalid")
            reason = await self._draft(press, selfcheck, "na_reason")
            if reason is None:
                return await self._na_met(press, found) or await self._ask_text(
                    press, found, "na_reason"
                )
        elif 0 <= option < len(item.options):
            chosen = item.options[option]
        else:
            return Refused("invalid")
        evidence = chosen is not None and item.evidence_required and chosen.value > 0
        try:
            # The answer, the walk it leaves and the chat state for what the pressed message
            # shows next, in one unit of work: one commit per press. A crash before the edit
            # leaves the state on the next item; /periksa goes on from there.
            recorded, states, remembered = await self.store.record_answer(
                press.key_write(),
                NA if chosen is None else chosen.id,
                note=reason,
                remember="evidence" if evidence else "next",
                message_id=press.message_id,
            )
        except Conflict:
            return Changed(await self.walk(selfcheck, found.checklist), press.key, option)
        except (Closed, Invalid) as exc:
            return _refusal(exc)
        assert states is not None  # `remember` reads them
        walk = Walk(selfcheck, self.store.rubric(selfcheck.rubric_id), found.checklist, states)
        then: Shown
        if evidence:
            then = Question(walk, press.key, True, remembered=remembered, keep_state=not recorded)
        else:
            then = await self._next(walk, press.key, remembered, keep_state=not recorded)
        return Saved(chosen, then, press.key)

    async def ask_note(self, press: Press, draft: bool = False) -> Outcome:
        """📝 Catatan: the next text is a note on the current answer (at the version the
        screen showed). `draft` (`Ganti` after a colleague's change): save the note typed
        on the stale screen at once."""
        found = self.check(press, accepting=True)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        selfcheck = found.selfcheck
        walk = await self._walk_read(found)
        if walk.is_na(press.key):
            # N/A's note is its reason: asked for as one, in the open, not replaced by a note.
            return await self._ask_text(press, found, "na_reason")
        note = await self._draft(press, selfcheck, "note") if draft else None
        if note is not None:
            return await self._save_note(
                press.person, selfcheck, press.key, note, press.update_id, press.version
            )
        state = walk.states.get(press.key)
        if draft and _own_since(walk, press) and state is not None and state.note:
            # `Ganti` pressed again (a double tap): its note was saved by the first press.
            return Refused("note_standing")
        return await self._ask_text(press, found, "note")

    async def _na_met(
        self, press: Press, found: SelfCheckPress
    ) -> Refused[SelfCheckRefusal] | Changed | None:
        """N/A pressed on a screen the item changed since (None: it did not): no reason is
        asked for a write that could only clash. Their own N/A standing (a second tap of
        `Ganti: Tidak berlaku`, an older screen) is done: said, nothing moves; anything
        else is the change, with `Ganti: Tidak berlaku`."""
        assert press.key is not None
        if press.version is None:
            return None
        walk = await self.walk(found.selfcheck, found.checklist)
        if walk.version(press.key) == press.version:
            return None
        if _own_since(walk, press) and walk.is_na(press.key):
            return Refused("na_standing")
        return Changed(walk, press.key, NA_WANTED)

    async def _draft(self, press: Press, selfcheck: SelfCheck, what: Awaited) -> str | None:
        """The text typed as `what` for the pressed key on a screen a colleague's change made
        stale (`Changed` keeps it in the chat state for `Ganti`), if it is still there. A note
        kept so is never taken for an N/A reason, nor a reason for a note."""
        state = await self.store.chat_state(press.person.telegram_id)
        if state.key != press.key or state.selfcheck_id != selfcheck.id:
            return None
        return state.draft if state.draft and state.draft_for == what else None

    async def _ask_text(self, press: Press, found: SelfCheckPress, what: Awaited) -> AskText:
        """The next text is `what` for the pressed key, at the version the screen showed."""
        assert press.key is not None
        await self.store.set_chat_state(
            press.person.telegram_id,
            selfcheck_id=found.selfcheck.id,
            key=press.key,
            pending=what,
            message_id=press.message_id,
            version=press.version,
        )
        at = f"{found.checklist.index(press.key) + 1}/{len(found.checklist)}"
        return AskText(what, self._walk(found).item(press.key), at)

    async def note(self, person: Person, text: str, update_id: int) -> Outcome:
        """The note on an answer, written as text (pending "note")."""
        found = await self._awaited_text(person, text, "note", "empty_note")
        if isinstance(found, Refused):
            return found
        note, state = found
        assert state.selfcheck_id is not None and state.key is not None
        selfcheck = await self.store.selfcheck_for(person, state.selfcheck_id)
        return await self._save_note(person, selfcheck, state.key, note, update_id, state.version)

    async def _awaited_text(
        self, person: Person, text: str, pending: Pending, empty: SelfCheckRefusal
    ) -> Refused[SelfCheckRefusal] | tuple[str, ChatState]:
        """Text the chat state waits for (`pending`), trimmed and checked: the text and the
        state, or why not (the state is cleared when it no longer waits or the cycle moved)."""
        store = self.store
        cleaned = text.strip()
        if not cleaned:
            return Refused(empty)
        if len(cleaned) > NOTE_MAX:
            return Refused("too_long")
        state = await store.chat_state(person.telegram_id)
        if state.pending != pending or state.selfcheck_id is None or state.key is None:
            await store.set_chat_state(person.telegram_id)
            return Refused("unexpected")
        if not await self.still_current(person, state.selfcheck_id):
            await store.set_chat_state(person.telegram_id)
            return Refused("stale_cycle")
        return cleaned, state

    async def _save_note(
        self,
        person: Person,
        selfcheck: SelfCheck,
        key: str,
        note: str,
        update_id: int,
        version: int | None,
    ) -> Outcome:
        """The current answer again, with the note: one more row of history. A colleague's
        change since the screen (`version`) writes nothing and keeps the note for `Ganti`.
        An N/A answer takes none: its note is its reason, which a note would replace (a
        change to N/A since the screen is shown, with the note to copy; an old button)."""
        current = (await self.store.answer_states(selfcheck)).get(key)
        if current is None or current.option_id in (None, NA):
            await self.store.set_chat_state(person.telegram_id)
            if current is not None and version is not None and current.version != version:
                return Changed(await self.walk(selfcheck), key, None, "note_na", note)
            return Refused("invalid")
        try:
            await self.store.record_answer(
                KeyWrite(person, selfcheck.id, key, update_id=update_id, expected=version),
                current.option_id,
                note=note,
            )
        except Conflict:
            return Changed(await self.walk(selfcheck), key, None, "note", note)
        except (Closed, Invalid) as exc:
            await self.store.set_chat_state(person.telegram_id)
            return _refusal(exc)
        return NoteSaved(Question(await self.walk(selfcheck), key))

    async def carry(self, press: Press) -> Outcome:
        """`Masih berlaku`: the previous cycle's answer, note and files stand for this cycle
        (at the version the screen showed); then the next unanswered key."""
        found = self.check(press, accepting=True)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        selfcheck = found.selfcheck
        try:
            await self.store.carry_forward(press.key_write())
        except Conflict:
            return Changed(await self.walk(selfcheck, found.checklist), press.key, None)
        except (Closed, Invalid) as exc:
            return _refusal(exc)
        walk = await self.walk(selfcheck, found.checklist)
        state = walk.states.get(press.key)
        option = None if state is None else walk.item(press.key).option(state.option_id or "")
        return Saved(option, await self._next(walk, press.key), press.key)

    async def move(self, press: Press, back: bool) -> Outcome:
        """⬅ Kembali (`back`) / Lewati ➡: the previous key, or the next unanswered one."""
        found = self.check(press)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        walk = await self._walk_read(found)
        if back:
            previous = walk.previous(press.key)
            there = Question(walk, previous)
            return Stay("first", there) if previous == press.key else there
        following = walk.next_unanswered(press.key)
        if following is None or following == press.key:
            following = walk.following(press.key)
        there = Question(walk, following)
        return Stay("only", there) if following == press.key else there

    async def open_item(self, press: Press) -> Outcome:
        """One key, from Daftar, a gap, or after evidence."""
        found = self.check(press)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        return Question(await self._walk_read(found), press.key)

    async def item_list(self, press: Press, page: int) -> Outcome:
        """Daftar: a page of the item list, leading back to the question the officer was on."""
        found = self.check(press, key=False)
        if isinstance(found, Refused):
            return found
        walk = await self._walk_read(found)
        state = await self.store.chat_state(press.person.telegram_id)
        came_from = state.key if state.selfcheck_id == walk.selfcheck.id else None
        return ItemList(walk, page, came_from if came_from in walk.checklist else None)

    async def add_evidence(self, press: Press) -> Outcome:
        """Tambah bukti: wait for files for `press.key`."""
        found = self.check(press, accepting=True)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        return Question(await self._walk_read(found), press.key, True)

    async def evidence_done(self, press: Press) -> Outcome:
        """Nanti / Selesai: stop waiting for files; the next unanswered key (from the press's
        own read of the answer states when it made one, as the handler asks)."""
        found = self.check(press)
        if isinstance(found, Refused):
            return found
        assert press.key is not None
        return await self._next(await self._walk_read(found), press.key)

    async def gaps(self, press: Press) -> Refused[SelfCheckRefusal] | Results:
        """A page of the gaps: the self-check the button names, scored now."""
        found = self.check(press, key=False)
        if isinstance(found, Refused):
            return found
        return await self._results(found.selfcheck)

    async def results(self, person: Person) -> NoCycle | Results:
        """/skor, /kekurangan: the unit's current self-check, scored now."""
        selfcheck = await self.store.current_selfcheck(person)
        if selfcheck is None:
            return NoCycle()
        return await self._results(selfcheck)

    async def _results(self, selfcheck: SelfCheck) -> Results:
        measures = self.measures
        fed = await measures(selfcheck.unit_id, selfcheck.cycle) if measures else None
        report = await self.store.score(selfcheck, fed)
        unit = await self.store.unit(selfcheck.unit_id)
        states = await self.store.answer_states(selfcheck)
        notes = {k: s.note for k, s in states.items() if s.note and s.option_id != NA}
        carried = sum(1 for s in states.values() if s.carried)
        offered = carried + sum(1 for s in states.values() if s.previous is not None)
        return Results(selfcheck, report, unit.name, notes, carried, offered)

    # -- text --------------------------------------------------------------------------

    async def na_reason(self, person: Person, text: str, update_id: int) -> Outcome:
        """The reason for an N/A answer, written as text (pending "na_reason")."""
        store = self.store
        found = await self._awaited_text(person, text, "na_reason", "empty")
        if isinstance(found, Refused):
            return found
        reason, state = found
        assert state.selfcheck_id is not None and state.key is not None
        try:
            await store.record_answer(
                KeyWrite.awaited(person, state, update_id),
                NA,
                note=reason,
            )
        except Conflict:
            return await self._changed_text(person, state, reason, NA_WANTED, "na_reason")
        except (Closed, Invalid) as exc:
            await store.set_chat_state(person.telegram_id)
            return _refusal(exc)
        selfcheck = await store.selfcheck_for(person, state.selfcheck_id)
        return Saved(None, await self.next_after(selfcheck, state.key), state.key)

    async def _changed_text(
        self,
        person: Person,
        state: ChatState,
        draft: str,
        wanted: int,
        what: Literal["na_reason", "note"],
    ) -> Changed:
        """Text typed for an item a colleague changed meanwhile: show the item as it is now;
        the text is kept as a draft for `Ganti` (`shown` writes it)."""
        assert state.selfcheck_id is not None and state.key is not None
        selfcheck = await self.store.selfcheck_for(person, state.selfcheck_id)
        return Changed(await self.walk(selfcheck), state.key, wanted, what, draft)

    async def typed(self, person: Person, text: str, update_id: int) -> Outcome | None:
        """Text while a question is on screen and nothing else is awaited: an option's label
        (either language, any case) or N/A answers it, at the version the screen showed, as
        the button would. None when the text names no option (or no question is shown)."""
        store = self.store
        state = await store.chat_state(person.telegram_id)
        if state.pending is not None or state.selfcheck_id is None or state.key is None:
            return None
        found = await store.press_context(person.telegram_id, state.selfcheck_id)
        if found.press is None or state.key not in found.press.checklist:
            return None
        option = rubric.typed_option(self._walk(found.press).item(state.key), text)
        if option is None:
            return None
        if await store.applied_elsewhere(update_id, state.selfcheck_id, state.key):
            return None  # a reason or note delivered again: never this item's answer
        press = Press(
            person,
            found.press,
            found.refused,
            state.key,
            update_id,
            state.message_id,
            state.version,
        )
        return await self.answer(press, NA_WANTED if option == rubric.TYPED_NA else option)

    async def waiting_for(self, person: Person) -> Waiting | None:
        """What the bot waits for from this person (a prompt, or an answer to the question on
        screen), the position "7/55" it is about and its item; None when nothing."""
        store = self.store
        state = await store.chat_state(person.telegram_id)
        if state.selfcheck_id is None or (state.key is None and state.pending is None):
            return None
        if state.key is None:
            return Waiting(state.pending or "question", "", None)
        try:
            selfcheck = await store.selfcheck_for(person, state.selfcheck_id)
            checklist = await store.checklist(selfcheck)
        except (Forbidden, NotFound):
            return None
        if state.key not in checklist:
            return Waiting(state.pending or "question", "", None)
        at = f"{checklist.index(state.key) + 1}/{len(checklist)}"
        item = store.rubric(selfcheck.rubric_id).item(state.key.partition("@")[0])
        return Waiting(state.pending or "question", at, item)

    async def add_product(
        self, person: Person, text: str
    ) -> Refused[SelfCheckRefusal] | ProductAdded:
        """The name of a new product, written as text (pending "product_name"); the prompt
        is over once a product is there (`detail` of "product_name": the broken rule)."""
        store = self.store
        try:
            product, added = await store.register_product(person, text)
        except Invalid as exc:
            return Refused("product_name", exc.detail or "other")
        except Forbidden:
            await store.set_chat_state(person.telegram_id)
            return Refused("forbidden")
        # The prompt is over; the question on screen stays as it was (its item, the answer
        # version it showed, its message): a typed answer or a file after this is checked
        # against that version like any other, never written over a colleague's blind.
        state = await store.chat_state(person.telegram_id)
        await store.put_chat_state(replace(state, pending=None))
        return ProductAdded(product, added)

    async def ask_product_name(self, telegram_id: int) -> None:
        """➕ Tambah produk: the next text is a new product's name (pending "product_name");
        the question on screen keeps its item, version and message meanwhile."""
        state = await self.store.chat_state(telegram_id)
        await self.store.put_chat_state(replace(state, pending="product_name"))

    async def cancel(self, telegram_id: int) -> bool:
        """/batal: stop waiting for a prompt (an N/A reason, a note, files) and for the answer
        or files of the question on screen; its buttons still work. False: nothing waited.
        The message stays named, so the next question shown takes its buttons off."""
        state = await self.store.chat_state(telegram_id)
        if state.pending is None and state.key is None:
            return False
        await self.store.set_chat_state(
            telegram_id, selfcheck_id=state.selfcheck_id, message_id=state.message_id
        )
        return True

    async def still_current(self, person: Person, selfcheck_id: int) -> bool:
        """Whether a self-check remembered in the chat state is still the unit's current one
        (a prompt left open across a new cycle must not write into the old one)."""
        return await self.store.current_selfcheck_id(person) == selfcheck_id

    # -- what was shown ----------------------------------------------------------------

    async def shown(
        self, telegram_id: int, outcome: Shown | Changed, message_id: int | None
    ) -> int | None:
        """Remember what is on screen now (the database is the conversation state): the key
        and the answer version its buttons carry, unless the service's own unit of work
        already wrote it or the update was a repeat. A draft (`Changed` of a typed text)
        stays for `Ganti`. Returns the message that showed the previous question when it is
        another one: its buttons are superseded (one chat, one live question)."""
        selfcheck_id = outcome.walk.selfcheck.id
        if isinstance(outcome, Finished):
            state = ChatState(telegram_id, selfcheck_id)
        elif isinstance(outcome, Changed):
            version = outcome.walk.version(outcome.key)
            typed_for = _TYPED.get(outcome.what) if outcome.draft else None
            state = ChatState(
                telegram_id, selfcheck_id, outcome.key, None, message_id, version, outcome.draft,
                draft_for=typed_for,
            )  # fmt: skip
        else:
            pending: Pending | None = "evidence" if outcome.evidence else None
            version = outcome.walk.version(outcome.key)
            state = ChatState(telegram_id, selfcheck_id, outcome.key, pending, message_id, version)
            if outcome.keep_state or state == outcome.remembered:
                return None
        before = await self.store.put_chat_state(state)
        superseded = before.message_id
        if before.pending == "evidence" and before.ack_message_id is not None:
            superseded = before.ack_message_id  # after files the prompt's way on is there
        if superseded is None or superseded == message_id:
            return None
        return superseded

    # -- helpers -----------------------------------------------------------------------

    async def _walk_read(self, found: SelfCheckPress) -> Walk:
        """The walk of a press: from the press's own read when it had the states."""
        if found.states is not None:
            return self._walk(found)
        return await self.walk(found.selfcheck, found.checklist)

    def _walk(self, found: SelfCheckPress) -> Walk:
        """The walk from the press's own read (no answer states if it read none: fine for
        looking up items; `_walk_read` when the states matter)."""
        the_rubric = self.store.rubric(found.selfcheck.rubric_id)
        return Walk(found.selfcheck, the_rubric, found.checklist, found.states or {})

    async def _next(
        self,
        walk: Walk,
        after: str | None,
        remembered: ChatState | None = None,
        *,
        keep_state: bool = False,
    ) -> Shown:
        following = walk.next_unanswered(after)
        if following is not None:
            return Question(walk, following, remembered=remembered, keep_state=keep_state)
        results = await self._results(walk.selfcheck)
        return Finished(walk, results, remembered=remembered, keep_state=keep_state)


def _own_since(walk: Walk, press: Press) -> bool:
    """Whether the item changed since the press's screen and its answer now is the
    presser's own (another tap, another screen of theirs)."""
    assert press.key is not None
    changed = press.version is not None and walk.version(press.key) != press.version
    return changed and walk.answered_by(press.key, press.person.telegram_id)


def _refusal(exc: Closed | Invalid) -> Refused[SelfCheckRefusal]:
    if isinstance(exc, Closed):
        return Refused("closed")
    return Refused("rejected", exc.reason)
