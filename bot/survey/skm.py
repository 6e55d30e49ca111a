"""What the unit's own survey says about PEKPPP F-02's SKM indicator: a suggested level the
officer confirms (pure).

F-02 asks whether the unit runs its Survei Kepuasan Masyarakat per Permen PANRB 14/2017
(`pekppp-2025` item `k06-skm`, domain §8.2–8.3). Its levels: 0 no SKM; 1 an SKM that is not
per the rule (not the nine elements, or too few respondents); 2 per the rule, not published;
3 + published on print/boards; 4 + print and electronic media; 5 + followed up. The survey
knows the facts of levels 1 and 2 — that an SKM runs this period, that it asks all nine
elements on the 1–4 scale, how many responded against the Krejcie–Morgan sample for the
unit's monthly users (30 while they are not given) — and nothing of publication or
follow-up, which decide 3–5: those the officer confirms. It never suggests 0 either: a unit
may run its SKM on paper, and no response here proves none ran.

Only the items in `SUGGESTED` get a suggestion: the level descriptions of another rubric's
SKM indicator would have to be read first (tests/test_survey_skm.py holds this one's).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.survey.ikm import Ikm
from bot.survey.questions import SKM_ELEMENTS

SUGGESTED: frozenset[tuple[str, str]] = frozenset({("pekppp-2025", "k06-skm")})
"""(rubric id, item id) of the indicators whose levels the survey's facts decide in part."""

RUNS = 1
"""The level of an SKM that runs but is not per the rule (here: too few respondents)."""
PER_THE_RULE = 2
"""The level of an SKM per the rule, not (yet known to be) published."""


@dataclass(frozen=True)
class Facts:
    """The survey of a unit for a period, as the SKM indicator reads it."""

    period: str
    responses: int
    needed: int
    """The minimum sample: Krejcie–Morgan for the unit's monthly users, else 30."""
    population: int | None
    """The unit's monthly users, when an officer gave them."""
    ikm: Ikm | None
    """None without responses."""

    @property
    def elements(self) -> int:
        """The SKM elements every counted response answered (the survey asks all nine)."""
        return 0 if self.ikm is None else len(self.ikm.elements)


@dataclass(frozen=True)
class Suggestion:
    """The survey's suggestion for the SKM indicator: `level` (None: the survey suggests
    none, having no response), the facts it rests on, and the responses still `missing`
    to reach the minimum sample (0 once reached)."""

    level: int | None
    facts: Facts
    missing: int

    @property
    def per_the_rule(self) -> bool:
        return self.level == PER_THE_RULE


def suggests(rubric_id: str, item_id: str) -> bool:
    return (rubric_id, item_id) in SUGGESTED


def suggest(facts: Facts) -> Suggestion:
    """Level 2 when all nine elements were asked and the sample reaches the minimum; level 1
    when the survey runs below it (or without all nine); no level without responses."""
    missing = max(0, facts.needed - facts.responses)
    if facts.responses == 0:
        return Suggestion(None, facts, missing)
    complete = facts.elements == len(SKM_ELEMENTS)
    level = PER_THE_RULE if complete and missing == 0 else RUNS
    return Suggestion(level, facts, missing)
