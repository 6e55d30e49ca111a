"""Review (/tinjau, /review): a coordinator checks a unit's evidence before the assessors
come, accepts an answer or returns it with a comment. Returns outcomes; the chat layer words
them and tells the unit's officers.

A reviewer is a coordinator (their region's units) or an admin (any unit); the store checks
it again on every read and write. The walk goes through one of three scopes: the queue
(answered items with evidence and no review of their latest answer), every answered item,
or the answered items of one dimension.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import rubric
from bot import keyref
from bot.frozen import frozen
from bot.refused import Refused
from bot.report_access import NoScope, Overseer, PickRegion, RegionUnits, ReportAccess, Scope
from bot.store import (
    COMMENT_MAX,
    EvidenceRow,
    Forbidden,
    Invalid,
    NotFound,
    Person,
    ReviewItem,
    ReviewState,
    ReviewUnit,
    Seen,
    SelfCheck,
    Store,
    Unit,
    VerdictRecorded,
)
from rubric import Rubric

ReviewRefusal = Literal[
    "forbidden",  # not a coordinator or admin, or a unit of another region
    "not_found",  # the unit or self-check is gone
    "no_selfcheck",  # the unit has no self-check in its current cycle
    "stale",  # the item was answered again since it was shown
    "files_changed",  # files kept or undone for the item since it was shown
    "review_changed",  # a colleague's verdict on the item since it was shown: nothing recorded
    "already_accepted",  # ✅ again on an answer whose acceptance stands: nothing recorded
    "already_returned",  # ↩ again on an answer whose return stands: nothing recorded
    "item_gone",  # the key is no longer answered / on the checklist
    "no_return",  # a comment while no return awaits one
    "empty",  # a blank comment
    "too_long",  # a comment over COMMENT_MAX
]


Reviewer = Overseer
"""Who reviews (a coordinator of the region, or an admin)."""


@frozen
class ScopeChoice:
    """Which items of the unit to walk: the queue, all answered, or one dimension."""

    unit: Unit
    selfcheck: SelfCheck
    rubric: Rubric
    items: list[ReviewItem]


@frozen
class ItemShown:
    unit: Unit
    selfcheck: SelfCheck
    rubric: Rubric
    item: ReviewItem
    position: int
    total: int
    scope: str
    evidence: list[EvidenceRow]


@frozen
class Done:
    """Nothing (left) to review in this scope."""

    unit: Unit
    scope: str
    reviewed: int


Shown = ItemShown | Done
"""What the walk shows next: an item of the scope, or that none is left."""


@frozen
class AskComment:
    """A return press: the next text is the comment."""

    item: ReviewItem
    rubric: Rubric


@frozen
class Returned:
    """A return recorded: tell `officers` (in their language), then show `then`."""

    unit: Unit
    selfcheck: SelfCheck
    rubric: Rubric
    key: str
    comment: str
    officers: list[Person]
    then: Shown
    by_admin: bool = False
    """Made by an admin (not as the region's coordinator): the officers are told who."""


@frozen
class Accepted:
    """An acceptance recorded; `told` when it overturns a return the officers were told of
    (tell them it is accepted now), then show `then`."""

    then: Shown
    told: AcceptedAfterReturn | None = None


@frozen
class AcceptedAfterReturn:
    """A return overturned: `officers` were told to fix `key`; tell them it is accepted."""

    unit: Unit
    selfcheck: SelfCheck
    rubric: Rubric
    key: str
    officers: list[Person]
    by_admin: bool = False
    """Accepted by an admin (not as the region's coordinator): the officers are told who."""


Outcome = (
    Refused[ReviewRefusal]
    | RegionUnits[ReviewUnit]
    | ScopeChoice
    | Shown
    | AskComment
    | Returned
    | Accepted
)


Read = tuple[SelfCheck, Unit, list[ReviewItem]]
"""A self-check under review, its unit and its answered items (Store.review_items)."""


def in_scope(item: ReviewItem, scope: str, the_rubric: Rubric) -> bool:
    if scope == "queue":
        return item.waiting
    if scope.startswith("dim:"):
        dimension = the_rubric.dimension_of(rubric.split_key(item.answer.key)[0])
        return dimension is not None and dimension.id == scope[4:]
    return True


def as_admin(who: Reviewer, unit: Unit) -> bool:
    """Whether `who` judges `unit` as an admin: not the coordinator of its region (an admin
    who is also that region's coordinator acts as its coordinator)."""
    return who.is_admin and who.region != unit.region_id


def scope_named(code: str, the_rubric: Rubric) -> str:
    """A button's scope code as a scope: "queue", "all" or "dim:<dimension id>"."""
    if code == "a":
        return "all"
    if code.startswith("d") and code[1:].isdigit() and int(code[1:]) < len(the_rubric.dimensions):
        return f"dim:{the_rubric.dimensions[int(code[1:])].id}"
    return "queue"


class ReviewService:
    def __init__(self, store: Store, access: ReportAccess) -> None:
        self.store = store
        self.access = access

    async def units(
        self, who: Reviewer, asked: str
    ) -> RegionUnits[ReviewUnit] | NoScope | PickRegion:
        """/tinjau: the units of the reviewer's region (an admin names one), most waiting first."""
        person = who.person
        if person is not None and person.active and person.role == "officer":
            return NoScope()
        found = await self.access.overseen_region(who, asked)
        if not isinstance(found, Scope):
            return found
        await self.cancel(who.telegram_id)  # a return left waiting for its comment is dropped
        units = await self.store.review_units(who.telegram_id, who.is_admin, found.region_id)
        return RegionUnits(found.region_id, units, found.other_asked)

    async def choose_scope(
        self, who: Reviewer, unit_id: int
    ) -> Refused[ReviewRefusal] | ScopeChoice:
        """A unit pressed: its current self-check and answered items, to choose a scope."""
        read = await self._current(who, unit_id)
        if isinstance(read, Refused):
            return read
        selfcheck, unit, items = read
        return ScopeChoice(unit, selfcheck, self.store.rubric(selfcheck.rubric_id), items)

    async def start(
        self, who: Reviewer, unit_id: int, code: str, message_id: int | None
    ) -> Refused[ReviewRefusal] | Shown:
        """Walk the unit's items from the first: `code` "q" the queue, "a" all answered,
        "d<n>" the rubric's n-th dimension (anything else: the queue)."""
        read = await self._current(who, unit_id)
        if isinstance(read, Refused):
            return read
        selfcheck = read[0]
        scope = scope_named(code, self.store.rubric(selfcheck.rubric_id))
        return await self._next(who, selfcheck.id, scope, None, message_id)

    async def skip(
        self, who: Reviewer, selfcheck_id: int, key_ref: str, message_id: int | None
    ) -> Refused[ReviewRefusal] | Shown:
        """`Lewati`: the next item in the reviewer's scope."""
        state = await self.store.review_state(who.telegram_id)
        if state.selfcheck_id != selfcheck_id:
            return Refused("item_gone")
        return await self._next(who, selfcheck_id, state.scope, key_ref, message_id)

    async def verdict(
        self,
        who: Reviewer,
        selfcheck_id: int,
        key_ref: str,
        shown: tuple[int, str, Seen],
        accept: bool,
        update_id: int,
        message_id: int | None,
    ) -> Refused[ReviewRefusal] | Accepted | AskComment:
        """`✅ Sesuai` records the acceptance and moves on; `↩ Kembalikan` asks for a comment.
        `shown`: the answer id, the `keyref.files_ref` of the files and the verdict standing
        that the press was shown with; a verdict on anything else is refused (an acceptance
        covers what was seen, and a colleague's verdict is never overturned unseen)."""
        answer_id, files, seen = shown
        read = await self._read(who, selfcheck_id)
        if isinstance(read, Refused):
            return read
        selfcheck, unit, items = read
        item = next((i for i in items if keyref.key_ref(i.answer.key) == key_ref), None)
        if item is None:
            return Refused("item_gone")
        if item.answer.id != answer_id:
            return Refused("stale")
        if keyref.files_ref(item.evidence_ids) != files:
            return Refused("files_changed")
        standing = None if item.review is None else item.review.verdict
        if standing == ("accepted" if accept else "returned"):
            # Pressed again (a second tap, an older message): nothing new to record.
            return Refused("already_accepted" if accept else "already_returned")
        if item.review is not None and item.review.by != who.telegram_id and standing != seen:
            return Refused("review_changed")  # a colleague's, since the screen: never unseen
        state = await self.store.review_state(who.telegram_id)
        scope = state.scope if state.selfcheck_id == selfcheck_id else "queue"
        if not accept:
            await self.store.set_review_state(
                ReviewState(who.telegram_id, selfcheck_id, scope, item.answer.key, answer_id,
                            message_id, return_over=seen)
            )  # fmt: skip
            return AskComment(item, self.store.rubric(selfcheck.rubric_id))
        done = await self._record(who, selfcheck_id, item, "accepted", None, update_id, seen)
        if isinstance(done, Refused):
            return done
        if done in ("same", "repeated"):
            return Refused("already_accepted")
        then = await self._next(who, selfcheck_id, scope, key_ref, message_id)
        if isinstance(then, Refused):
            return then
        if done != "changed":
            return Accepted(then)
        officers = await self.store.unit_officers(unit.id)
        the_rubric = self.store.rubric(selfcheck.rubric_id)
        return Accepted(then, AcceptedAfterReturn(unit, selfcheck, the_rubric, item.answer.key,
                                                  officers, as_admin(who, unit)))  # fmt: skip

    async def awaits_comment(self, who: Reviewer) -> bool:
        """A return by `who` waits for its typed comment."""
        return (await self.store.review_state(who.telegram_id)).return_answer is not None

    async def comment(
        self, who: Reviewer, text: str, update_id: int
    ) -> Refused[ReviewRefusal] | Returned | None:
        """The typed comment of a return. None: no return awaits a comment (not ours)."""
        state = await self.store.review_state(who.telegram_id)
        if state.return_answer is None or state.selfcheck_id is None or state.key is None:
            return None
        comment = text.strip()
        if not comment:
            return Refused("empty")
        if len(comment) > COMMENT_MAX:
            return Refused("too_long")
        try:
            selfcheck, unit, items = await self.store.review_items(
                who.telegram_id, who.is_admin, state.selfcheck_id
            )
        except (Forbidden, NotFound):
            await self._clear_return(state)
            return Refused("forbidden")
        item = next((i for i in items if i.answer.key == state.key), None)
        if item is None or item.answer.id != state.return_answer:
            await self._clear_return(state)
            return Refused("stale")
        done = await self._record(
            who, selfcheck.id, item, "returned", comment, update_id, state.return_over
        )
        if done == Refused("review_changed"):  # the return is over: nothing to comment on
            await self._clear_return(state)
        if isinstance(done, Refused):
            return done
        await self._clear_return(state)
        if done in ("same", "repeated"):
            return Refused("already_returned")
        ref = keyref.key_ref(item.answer.key)
        then = await self._next(who, selfcheck.id, state.scope, ref, None)
        if isinstance(then, Refused):
            return then
        officers = await self.store.unit_officers(unit.id)
        the_rubric = self.store.rubric(selfcheck.rubric_id)
        return Returned(unit, selfcheck, the_rubric, item.answer.key, comment, officers, then,
                        as_admin(who, unit))  # fmt: skip

    async def cancel(self, telegram_id: int) -> bool:
        """/batal while a comment is awaited: forget the return. True if one was awaited."""
        state = await self.store.review_state(telegram_id)
        if state.return_answer is None:
            return False
        await self._clear_return(state)
        return True

    # -- helpers -----------------------------------------------------------------------

    async def _record(
        self,
        who: Reviewer,
        selfcheck_id: int,
        item: ReviewItem,
        verdict: Literal["accepted", "returned"],
        comment: str | None,
        update_id: int,
        over: Seen | None,
    ) -> Refused[ReviewRefusal] | VerdictRecorded:
        try:
            return await self.store.record_review(
                who.telegram_id, who.is_admin, selfcheck_id, item.answer.key, item.answer.id,
                verdict, comment, update_id, files=item.evidence_ids, over=over,
            )  # fmt: skip
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("item_gone")
        except Invalid as exc:
            if exc.reason == "files_changed":  # a file kept since the screen was read
                return Refused("files_changed")
            if exc.reason == "review_changed":  # a colleague's verdict since it was shown
                return Refused("review_changed")
            return Refused("stale" if exc.reason == "stale" else "empty")

    async def _clear_return(self, state: ReviewState) -> None:
        await self.store.set_review_state(replace(state, return_answer=None))

    async def _current(self, who: Reviewer, unit_id: int) -> Refused[ReviewRefusal] | Read:
        """The unit's current self-check, its unit and answered items, if `who` may review."""
        try:
            found = await self.store.review_selfcheck(who.telegram_id, who.is_admin, unit_id)
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("not_found")
        return Refused("no_selfcheck") if found is None else await self._read(who, found)

    async def _read(self, who: Reviewer, selfcheck_id: int) -> Refused[ReviewRefusal] | Read:
        """The self-check, its unit and answered items, if `who` may review them."""
        try:
            return await self.store.review_items(who.telegram_id, who.is_admin, selfcheck_id)
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("not_found")

    async def _next(
        self,
        who: Reviewer,
        selfcheck_id: int,
        scope: str,
        after_ref: str | None,
        message_id: int | None,
    ) -> Refused[ReviewRefusal] | Shown:
        """The first item in `scope` after `after_ref` (the queue wraps round; the others end)."""
        read = await self._read(who, selfcheck_id)
        if isinstance(read, Refused):
            return read
        selfcheck, unit, items = read
        the_rubric = self.store.rubric(selfcheck.rubric_id)
        chosen = [i for i in items if in_scope(i, scope, the_rubric)]
        keys = [i.answer.key for i in chosen]
        after = (
            None
            if after_ref is None
            else keyref.resolve_key(after_ref, (i.answer.key for i in items))
        )
        following = _following(items, chosen, after, wrap=scope == "queue")
        reviewed = sum(1 for i in items if i.review is not None)
        if following is None:
            await self.store.set_review_state(ReviewState(who.telegram_id, selfcheck.id, scope))
            return Done(unit, scope, reviewed)
        await self.store.set_review_state(
            ReviewState(
                who.telegram_id, selfcheck.id, scope, following.answer.key, None, message_id
            )
        )
        evidence = await self.store.evidence(selfcheck, following.answer.key)
        position = keys.index(following.answer.key) + 1
        return ItemShown(
            unit, selfcheck, the_rubric, following, position, len(keys), scope, evidence
        )


def _following(
    items: list[ReviewItem], chosen: list[ReviewItem], after: str | None, *, wrap: bool
) -> ReviewItem | None:
    """The first of `chosen` after the key `after` in checklist order (`items`)."""
    if not chosen:
        return None
    if after is None:
        return chosen[0]
    order = [i.answer.key for i in items]
    at = order.index(after)
    later = [i for i in chosen if order.index(i.answer.key) > at]
    if later:
        return later[0]
    if not wrap:
        return None
    earlier = [i for i in chosen if i.answer.key != after]
    return earlier[0] if earlier else None
