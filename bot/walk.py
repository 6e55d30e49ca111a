"""A self-check as the officer walks it: its checklist and the latest answer per key.

The instrument's rules (order, next unanswered, at-risk) come from `rubric`; this model only
applies them to the answers the store holds.
"""

from __future__ import annotations

import rubric
from bot.frozen import frozen
from bot.store import AnswerState, Previous, SelfCheck
from rubric import NA, Item, Rubric


@frozen
class Walk:
    selfcheck: SelfCheck
    rubric: Rubric
    checklist: list[str]
    states: dict[str, AnswerState]

    def item(self, key: str) -> Item:
        found = self.rubric.item(rubric.split_key(key)[0])
        if found is None:
            raise KeyError(key)
        return found

    def answered(self, key: str) -> bool:
        state = self.states.get(key)
        return state is not None and state.option_id is not None

    def is_na(self, key: str) -> bool:
        """The key's answer is N/A (Tidak berlaku): its note is the reason."""
        state = self.states.get(key)
        return state is not None and state.option_id == NA

    @property
    def answered_count(self) -> int:
        return sum(1 for k in self.checklist if self.answered(k))

    def value(self, key: str) -> float | None:
        state = self.states.get(key)
        if state is None or state.option_id is None or state.option_id == NA:
            return None
        option = self.item(key).option(state.option_id)
        return None if option is None else option.value

    def offer(self, key: str) -> Previous | None:
        """The previous cycle's answer on offer for an unanswered key (`Masih berlaku`)."""
        state = self.states.get(key)
        return None if state is None or state.option_id is not None else state.previous

    def answered_by(self, key: str, telegram_id: int) -> bool:
        """The key's latest answer is `telegram_id`'s."""
        state = self.states.get(key)
        return state is not None and state.by == telegram_id

    def version(self, key: str) -> int:
        """The key's answer version (its latest answer's id, 0: never answered)."""
        state = self.states.get(key)
        return 0 if state is None else state.version

    def evidence_count(self, key: str) -> int:
        state = self.states.get(key)
        return 0 if state is None else state.evidence_count

    def at_risk(self, key: str) -> bool:
        return rubric.at_risk(self.item(key), self.value(key), self.evidence_count(key) > 0)

    def previous(self, key: str) -> str:
        at = self.checklist.index(key)
        return self.checklist[max(at - 1, 0)]

    def following(self, key: str) -> str:
        at = self.checklist.index(key)
        return self.checklist[(at + 1) % len(self.checklist)]

    def next_unanswered(self, after: str | None = None) -> str | None:
        answered = {k for k in self.checklist if self.answered(k)}
        return rubric.next_unanswered(self.checklist, answered, after)
