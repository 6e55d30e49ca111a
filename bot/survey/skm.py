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

The survey speaks for the current semester, or for the one before when only that one ran
an SKM per the rule (`latest`): the regulation asks for an SKM at least once a year (domain
§8.3), so one completed in March still answers F-02 in July.

Which levels those are is the rubric's to say, since its level texts decide it: an item
declares them under `survey_suggests` (`runs`, `per_the_rule`; `pekppp-2025`'s `k06-skm`: 1
and 2), and only such an item gets a suggestion.
"""

from __future__ import annotations

from bot.frozen import frozen
from bot.survey.ikm import Ikm
from bot.survey.questions import SKM_ELEMENTS
from rubric import SurveyLevels


@frozen
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


@frozen
class Suggestion:
    """The survey's suggestion for the SKM indicator: `level` (None: the survey suggests
    none, having no response), whether that is the level of an SKM `per_the_rule`, the
    facts it rests on, and the responses still `missing` to reach the minimum sample (0
    once reached)."""

    level: int | None
    per_the_rule: bool
    facts: Facts
    missing: int


def suggest(facts: Facts, levels: SurveyLevels) -> Suggestion:
    """The item's `per_the_rule` level when all nine elements were asked and the sample
    reaches the minimum; its `runs` level when the survey runs below it (or without all
    nine); no level without responses."""
    missing = max(0, facts.needed - facts.responses)
    if facts.responses == 0:
        return Suggestion(None, False, facts, missing)
    complete = facts.elements == len(SKM_ELEMENTS) and missing == 0
    level = levels.per_the_rule if complete else levels.runs
    return Suggestion(level, complete, facts, missing)


def latest(current: Suggestion, before: Suggestion) -> Suggestion:
    """The current semester's suggestion, or the semester before's when only that one ran
    an SKM per the rule: the regulation asks for one at least once a year (domain §8.3), so
    it still stands. One below the rule does not carry over: the responses still to collect
    go to the current semester, whose suggestion says how many."""
    return before if before.per_the_rule and not current.per_the_rule else current
