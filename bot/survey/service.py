"""The survey service: every rule of the citizens' survey, returning outcomes.

Respondents are anyone with the unit's link. The service decides who may answer (not the
unit's own officers nor its region's coordinators), which press counts (only the current
question of the respondent's own draft), when a response is complete and counted (once per
person, unit and period), and computes the results. The chat layer renders its outcomes;
the store only reads and writes.

Anonymity: a respondent is known to the store only as keyed hashes (HMAC-SHA256 with the
survey secret) — of the person, for the draft in progress, and of (person, unit, period),
for refusing a second response. Neither is stored with the counted answers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

import rubric
from bot import texts
from bot.frozen import frozen
from bot.ratelimit import RateLimit
from bot.refused import Refused
from bot.store import (
    Cycle,
    DraftAt,
    Person,
    Store,
    SurveyDraft,
    SurveyFacts,
    SurveyResponse,
    Unit,
)
from bot.survey import ikm as arithmetic
from bot.survey import skm
from bot.survey.questions import (
    MALADMINISTRATION,
    PROFILE,
    QUESTIONS,
    SKM_ELEMENTS,
    SUGGESTION_MAX,
    TOTAL,
    TRUST,
    Question,
    question,
)

__all__ = [
    "SEMESTER",
    "AlreadyAnswered",
    "Ask",
    "Cancelled",
    "Choose",
    "Done",
    "NotStarted",
    "NotWaiting",
    "Outcome",
    "Results",
    "SurveyService",
    "cycle_period",
    "has_ended",
    "measures",
    "parse_period",
    "period_words",
    "previous_semester",
    "region_measures",
    "region_results",
    "results_of",
    "rubric_measures",
    "semester",
    "survey_link",
]


PERIOD = re.compile(r"^(\d{4})(?:-S([12]))?$")
SEMESTER = re.compile(r"^20\d\d-S[12]$", re.IGNORECASE)
"""A semester as an officer may name it after /survei (`2026-S2`, years 2000-2099: `0000-S1`
would name a semester before it `-1-S2`); a bare number there is the unit's monthly users,
so a year is not accepted in chat."""
_SKIP_WORDS = frozenset(texts.plain("survey.skip", lang).casefold() for lang in ("id", "en"))
"""`Lewati` / `Skip` typed at the suggestion: the button's word, so a skip, not a text."""
SHOW_DETAILS_FROM = 5
"""The profile breakdown and the suggestions are shown only from this many responses on."""
DEFAULT_MINIMUM = 30
"""Responses needed when the unit's number of users is unknown (with it: Krejcie–Morgan)."""
SECRET_META = "survey_secret"

log = logging.getLogger(__name__)


def semester(moment: datetime, timezone: str) -> str:
    """The calendar semester of `moment` in the unit's zone: `2027-S1` (Jan–Jun) or `-S2`."""
    local = moment.astimezone(ZoneInfo(timezone)).date()
    return f"{local.year}-S{1 if local.month <= 6 else 2}"


def has_ended(period: str, now: datetime, timezone: str) -> bool:
    """Is `period` (`2026-S2`, `2026`, `2026-S2+2027-S1`) over at `now` in the unit's zone: a
    result sheet of it is final, not provisional, and no more responses can come."""
    last = period.rpartition("+")[2]
    return (last if "-S" in last else f"{last}-S2") < semester(now, timezone)


def period_words(period: str, lang: str) -> str:
    """A period as a citizen reads it: `2026-S1` is "Januari–Juni 2026"; a year as it is."""
    year, _, half = period.partition("-S")
    return texts.plain(f"survey.period.S{half}", lang, year=year) if half else period


def previous_semester(period: str) -> str:
    """The semester before `2027-S1` (`2026-S2`) or `2027-S2` (`2027-S1`)."""
    year, half = period.split("-S")
    return f"{year}-S1" if half == "2" else f"{int(year) - 1}-S2"


def cycle_period(cycle: Cycle) -> str:
    """The survey period whose responses feed a cycle's score: a year, the two semesters
    ending with the one its window closes in. A window closing in July-December reads that
    calendar year: what citizens said in April still counts in a September window (with the
    semester, the points fell away on 1 July, in the middle of the fieldwork). A window closing
    in January-June reads the semester before too (`2026-S2+2027-S1`): a unit preparing in
    December for a January window had its responses counted for nothing."""
    year = cycle.closes.year
    return str(year) if cycle.closes.month > 6 else f"{year - 1}-S2+{year}-S1"


def parse_period(text: str) -> str:
    """`2027`, `2027-S1`, `2027-s2` -> the canonical form; ValueError otherwise."""
    match = PERIOD.match(text.strip().upper())
    if match is None:
        raise ValueError(f"period {text!r}: use a year (2027) or a semester (2027-S1, 2027-S2)")
    year, half = match.groups()
    return year if half is None else f"{year}-S{half}"


def survey_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start=s-{code}"


# -- outcomes --------------------------------------------------------------------------


SurveyRefusal = Literal[
    "unknown_code",  # no unit has this survey code
    "member",  # the unit's own officer or its region's coordinator (`detail`: the unit's name)
    "rate",  # too many presses or texts at once
    "stale",  # a press on a question that has passed, or of another draft
    "gone",  # a press on a survey question with no response in progress (a day unanswered)
    "invalid",  # no such option, or `Lewati` on a question that may not be skipped
    "too_long",  # a suggestion over SUGGESTION_MAX (`detail`: the limit)
    "empty",  # a blank suggestion
    "choice_stale",  # a press on "continue / start the other unit" that no longer applies
    "busy_link",  # a link whose opening kept racing the person's other updates: open it again
]


@frozen
class AlreadyAnswered:
    """This person's response for the unit and period was already counted."""

    unit_name: str
    period: str


@frozen
class Ask:
    """Show question `draft.step` (its `n/N` is step + 1 of TOTAL)."""

    draft: SurveyDraft
    question: Question
    unit_name: str = ""
    """Set when the survey is opened (the welcome line names the unit)."""
    resumed: bool = False
    replaces: int | None = None
    """A message that showed this person's survey before: its buttons go (one chat, one
    live question keyboard)."""


@frozen
class Choose:
    """Another unit's link while a response is in progress with at least one answer: the
    person chooses to continue it or to start the new unit's survey (which discards it).
    Nothing changes until they press; the choice names `draft` as it is (token, step)."""

    draft: SurveyDraft
    unit_name: str
    """The unit of the response in progress."""
    new_unit_name: str
    code: str
    """The new unit's survey code."""


@frozen
class Cancelled:
    """`/batal` dropped the response in progress: nothing of it was counted."""

    unit_name: str
    lang: str
    message_id: int | None
    """The message that showed its question (its buttons can go)."""


@frozen
class Done:
    counted: bool
    """False: a response of this person for this unit and period was already counted."""
    lang: str
    message_id: int | None = None
    """The message that showed the last question (its buttons can go)."""


@frozen
class NotStarted:
    """The press to start the other unit's survey, when that survey may not start for this
    person: the one in progress goes on, unchanged, in the choice's place."""

    why: Refused[SurveyRefusal] | AlreadyAnswered
    """Why the other unit's survey did not start (answered already, one of its people)."""
    then: Ask
    """The response in progress at its current question, shown where the choice was."""


@frozen
class NotWaiting:
    """Text from someone with no survey asking for a suggestion: not ours."""


Outcome = Refused[SurveyRefusal] | AlreadyAnswered | Ask | Choose | NotStarted | Done | NotWaiting


@frozen
class Results:
    unit: Unit
    period: str
    responses: int
    ikm: arithmetic.Ikm | None
    maladministration: dict[str, Fraction]
    """Share of respondents reporting each kind of maladministration."""
    trust_mean: Fraction | None
    trust_share_high: Fraction | None
    """Share answering one of the two highest options."""
    profile: dict[str, dict[int, int]] = field(default_factory=dict)
    """Per profile question: option number -> count (0 = skipped); empty below 5 responses."""
    suggestions: list[str] = field(default_factory=list)
    """Empty below 5 responses."""
    population: int | None = None
    needed: int = DEFAULT_MINIMUM

    @property
    def shows_reports(self) -> bool:
        """Enough responses (SHOW_DETAILS_FROM) that the unit's own views (/survei, the
        result sheet) show the maladministration reported and the trust: with one or two,
        an officer who watched a citizen scan would read that citizen's answers ("asked for
        payment: yes"). Scores count them only from the minimum sample anyway."""
        return self.responses >= SHOW_DETAILS_FROM

    @property
    def trust_shown(self) -> Decimal | None:
        """The trust mean with two decimals, rounded half up from the exact fraction (as the
        IKM is): every view says the same number (3.125 is 3.13, not the float's 3.12)."""
        return None if self.trust_mean is None else arithmetic.round2(self.trust_mean)

    def to_json(self) -> dict[str, object]:
        """The `siapnilai survey results --json` shape (SPEC)."""
        mean, high = self.trust_shown, self.trust_share_high
        return {
            "unit": self.unit.name,
            "period": self.period,
            "responses": self.responses,
            "ikm": None if self.ikm is None else float(self.ikm.value),
            "category": None if self.ikm is None else self.ikm.category,
            "elements": {}
            if self.ikm is None
            else {e.id: float(e.nrr2) for e in self.ikm.elements},
            "maladministration": {k: share(v) for k, v in self.maladministration.items()},
            "trust": {
                "mean": None if mean is None else float(mean),
                "share_high": None if high is None else share(high),
            },
        }


def share(value: Fraction) -> float:
    """A share as a float with four decimals."""
    return round(float(value), 4)


def results_of(
    unit: Unit, period: str, rows: list[SurveyResponse], population: int | None = None
) -> Results:
    """The aggregates of counted responses (pure)."""
    n = len(rows)
    mal = (
        {m: Fraction(sum(1 for r in rows if r.answers.get(m) == 2), n) for m in MALADMINISTRATION}
        if n
        else {}
    )
    trust = [question_value(TRUST, r.answers[TRUST]) for r in rows if TRUST in r.answers]
    details = n >= SHOW_DETAILS_FROM
    profile: dict[str, dict[int, int]] = {}
    if details:
        for p in PROFILE:
            counts: dict[int, int] = {}
            for r in rows:
                option = r.answers.get(p, 0)
                counts[option] = counts.get(option, 0) + 1
            profile[p] = dict(sorted(counts.items()))
    return Results(
        unit=unit,
        period=period,
        responses=n,
        ikm=arithmetic.ikm(
            [{e: question_value(e, r.answers[e]) for e in SKM_ELEMENTS} for r in rows]
        ),
        maladministration=mal,
        trust_mean=Fraction(sum(trust), len(trust)) if trust else None,
        trust_share_high=Fraction(sum(1 for t in trust if t >= 3), len(trust)) if trust else None,
        profile=profile,
        suggestions=[r.suggestion for r in rows if r.suggestion] if details else [],
        population=population,
        needed=DEFAULT_MINIMUM if population is None else arithmetic.krejcie_morgan(population),
    )


def question_value(question_id: str, option: int) -> int:
    return next(q for q in QUESTIONS if q.id == question_id).value(option)


def measures(results: Results) -> dict[str, float]:
    """What the rubric engine consumes for a unit and period, each in [0, 1] except the counts.

    - `survey.ikm`: IKM ÷ 100 (the regulation's scale is 25–100);
    - `survey.trust`: the trust mean mapped from 1..4 to 0..1;
    - `survey.trust_high`: share answering "percaya" or "sangat percaya";
    - `survey.maladministration_free`: 1 − the mean share reporting maladministration over
      the seven questions (1 = nobody reported any);
    - `survey.responses`, `survey.needed`: counted responses and the minimum (Krejcie–Morgan
      for the unit's monthly users when known, else 30). Below it the gap says "collect N more".
    The value measures are absent when there is no response.
    """
    found: dict[str, float] = {
        "survey.responses": float(results.responses),
        "survey.needed": float(results.needed),
    }
    if results.ikm is not None:
        found["survey.ikm"] = float(results.ikm.exact / 100)
    if results.trust_mean is not None and results.trust_share_high is not None:
        found["survey.trust"] = float((results.trust_mean - 1) / 3)
        found["survey.trust_high"] = float(results.trust_share_high)
    if results.maladministration:
        mean = sum(results.maladministration.values(), Fraction(0)) / len(results.maladministration)
        found["survey.maladministration_free"] = float(1 - mean)
    return found


def rubric_measures(results: Results) -> dict[str, rubric.MeasureValue]:
    """The survey's answers as the measures the instruments declare (`ombudsman-2025`): the
    users' perception of maladministration (`survey.maladministrasi`, the mean share reporting
    it over the seven questions, lower is better) and public trust (`survey.kepercayaan`, the
    mean answer 1..4), each with the responses it rests on. The rubric counts an item 0 until
    its `min_responses` and says how many are missing."""
    found: dict[str, rubric.MeasureValue] = {}
    n = results.responses
    if results.maladministration:
        mean = sum(results.maladministration.values(), Fraction(0)) / len(results.maladministration)
        found["survey.maladministrasi"] = rubric.MeasureValue(value=float(mean), responses=n)
    if results.trust_mean is not None:
        found["survey.kepercayaan"] = rubric.MeasureValue(
            value=float(results.trust_mean), responses=n
        )
    return found


async def region_results(
    store: Store, region_id: int, now: datetime, unit_id: int | None = None
) -> list[Results]:
    """The current semester's results of every unit of a region that runs the survey (has
    a code): what a coordinator sees in /ringkasan and the workbook. A unit with no response
    yet this semester shows the one before, when that has some (its `period` says so), as
    the officers' /survei does (`SurveyService.officer_results`): on 1 January every unit
    read "no responses yet" and the workbook's survey rows were empty."""
    region = await store.region(region_id)
    period = semester(now, region.timezone)
    found = await _period_results(store, region_id, period, unit_id)
    if all(r.responses for r in found):
        return found
    before = {
        r.unit.id: r
        for r in await _period_results(store, region_id, previous_semester(period), unit_id)
    }
    return [shown_semester(r, before.get(r.unit.id)) for r in found]


def shown_semester(current: Results, before: Results | None) -> Results:
    """The semester to show of a unit: the current one, unless it has no response yet (1
    January, 1 July) and the one before has some: those are the results to publish."""
    if current.responses or before is None or not before.responses:
        return current
    return before


async def region_measures(
    store: Store, region_id: int, cycle: Cycle, unit_id: int | None = None
) -> dict[int, dict[str, rubric.MeasureValue]]:
    """Unit id -> the rubric's measures from the survey of `cycle`'s period, for every unit
    of a region that runs the survey, in one read: the region's summary scores each unit as
    its /skor does (`SurveyService.cycle_measures`)."""
    found = await _period_results(store, region_id, cycle_period(cycle), unit_id)
    return {r.unit.id: rubric_measures(r) for r in found}


async def _period_results(
    store: Store, region_id: int, period: str, unit_id: int | None
) -> list[Results]:
    return [
        results_of(unit, period, rows, population)
        for unit, rows, population in await store.survey_region(region_id, period, unit_id)
    ]


def workbook_rows(
    found: Sequence[Results],
) -> tuple[list[tuple[str, float]], list[list[str | int | float | None]]]:
    """The coordinator workbook's survey sheet: (columns as (text key, width), rows), one row
    per unit — aggregates only (no suggestion: user text stays out of spreadsheets), and the
    maladministration reported and the trust only from SHOW_DETAILS_FROM responses, as the
    unit's own views (`Results.shows_reports`): with 3, "asked for payment 100%" named what
    the citizen a coordinator saw at the counter had said."""
    columns: list[tuple[str, float]] = [
        ("xlsx.col.region", 22),
        ("xlsx.col.unit", 42),
        ("survey.xlsx.period", 10),
        ("survey.xlsx.responses", 11),
        ("survey.xlsx.needed", 10),
        ("survey.xlsx.ikm", 9),
        ("xlsx.col.category", 10),
        *((f"={e}", 7) for e in SKM_ELEMENTS),
        *((f"survey.m.{m}", 14) for m in MALADMINISTRATION),
        ("survey.xlsx.trust_mean", 11),
        ("survey.xlsx.trust_high", 11),
    ]
    rows: list[list[str | int | float | None]] = []
    for r in found:
        ikm = r.ikm
        rows.append(
            [
                r.unit.region,
                r.unit.name,
                r.period,
                r.responses,
                r.needed,
                None if ikm is None else float(ikm.value),
                None if ikm is None else ikm.category,
                *(
                    (None,) * len(SKM_ELEMENTS)
                    if ikm is None
                    else (float(e.nrr2) for e in ikm.elements)
                ),
                *(
                    share(r.maladministration[m]) if ikm and r.shows_reports else None
                    for m in MALADMINISTRATION
                ),
                *(
                    (None, None)
                    if r.trust_mean is None or r.trust_share_high is None or not r.shows_reports
                    else (float(arithmetic.round2(r.trust_mean)), share(r.trust_share_high))
                ),
            ]
        )
    return columns, rows


# -- the service ---------------------------------------------------------------------------


class SurveyService:
    def __init__(
        self, store: Store, secret: bytes | None = None, rate: RateLimit | None = None
    ) -> None:
        self.store = store
        self._secret = secret
        self.rate = rate or RateLimit()

    async def _key(self) -> bytes:
        """The HMAC key: the configured secret, else one made once and kept in meta. A
        database that already holds hashes without a kept key was keyed with the empty
        string (releases before 2026-12 took `SIAPNILAI_SURVEY_SECRET=`, as .env.example had
        it, for a key): that one is kept, or every earlier respondent could answer again."""
        if self._secret is None:
            kept = await self.store.get_meta(SECRET_META)
            if kept is None:
                made = "" if await self.store.survey_hashed() else secrets.token_hex(32)
                # set once: instances starting at once must agree on one key
                kept = await self.store.set_meta_once(SECRET_META, made)
            if not kept:
                log.warning(
                    "the survey's hashes are keyed with the empty string (an earlier release's "
                    "blank SIAPNILAI_SURVEY_SECRET); set a secret when a semester starts "
                    "(docs/survey.md)"
                )
            self._secret = kept.encode()
        return self._secret

    async def _hash(self, *parts: object) -> str:
        message = ":".join(str(p) for p in parts).encode()
        return hmac.new(await self._key(), message, hashlib.sha256).hexdigest()[:40]

    async def respondent(self, user_id: int) -> str:
        return await self._hash("respondent", user_id)

    # -- officers --------------------------------------------------------------------

    async def link(self, unit_id: int, bot_username: str) -> tuple[Unit, str, str]:
        """(unit, code, link) of the unit's survey."""
        unit = await self.store.unit(unit_id)
        code = await self.store.survey_code(unit_id)
        return unit, code, survey_link(bot_username, code)

    async def results(self, unit_id: int, period: str | None = None) -> Results:
        """Results for a period (default: the current semester in the unit's zone)."""
        unit = await self.store.unit(unit_id)
        chosen = period or semester(self.store.now(), unit.timezone)
        rows = await self.store.survey_responses(unit_id, chosen)
        population = await self.store.survey_population(unit_id)
        return results_of(unit, chosen, rows, population)

    async def officer_results(
        self, unit_id: int, period: str | None = None
    ) -> tuple[Results, Results | None]:
        """What /survei shows: (the results shown, the current semester's when they are not
        those). The semester asked for, else the current one; but while the current semester
        has no response yet (1 January, 1 July) and the one before has some, that one: its
        results are the ones to publish, and the chat showed nothing of them any more."""
        current = await self.results(unit_id, period)
        if period is not None or current.responses:
            return current, None
        before = await self.results(unit_id, previous_semester(current.period))
        shown = shown_semester(current, before)
        return (shown, None if shown is current else current)

    async def cycle_measures(self, unit_id: int, cycle: Cycle) -> dict[str, rubric.MeasureValue]:
        """The survey of the cycle's period (`cycle_period`) as the rubric's measures (see
        `rubric_measures`)."""
        return rubric_measures(await self.results(unit_id, cycle_period(cycle)))

    async def skm_suggestion(self, unit_id: int, item: rubric.Item) -> skm.Suggestion | None:
        """The level the unit's survey suggests for a rubric item (F-02's SKM indicator,
        `bot.survey.skm`), for the officer to confirm: this semester's, or the semester
        before's when only that one was per the rule (`skm.latest`, an SKM a year); None,
        without reading the store, for an item that declares no `survey_suggests`."""
        levels = item.survey_suggests
        if levels is None:
            return None
        current = skm.suggest(self._facts(await self.results(unit_id)), levels)
        if current.per_the_rule:
            return current
        earlier = previous_semester(current.facts.period)
        before = skm.suggest(self._facts(await self.results(unit_id, earlier)), levels)
        return skm.latest(current, before)

    @staticmethod
    def _facts(results: Results) -> skm.Facts:
        return skm.Facts(
            results.period, results.responses, results.needed, results.population, results.ikm
        )

    async def set_users(self, person: Person, users: int) -> tuple[int, int] | None:
        """An officer gives the unit's monthly number of users (0 forgets it); the minimum
        responses it asks for and the number it replaced (0: none), None when the number is
        out of bounds (1..10,000,000)."""
        if person.role != "officer" or person.unit_id is None:
            return None
        if not 0 <= users <= 10_000_000:
            return None
        before = await self.store.survey_population(person.unit_id)
        await self.store.set_survey_population(person.unit_id, users or None)
        return (arithmetic.krejcie_morgan(users) if users else DEFAULT_MINIMUM), before or 0

    async def measures(self, unit_id: int, period: str | None = None) -> dict[str, float]:
        return measures(await self.results(unit_id, period))

    # -- respondents -----------------------------------------------------------------

    async def open(self, user_id: int, code: str, lang: str) -> Outcome:
        """`/start s-<code>`: start (or resume) the unit's survey for anyone. A response in
        progress for another unit is never replaced silently: with an answer in it, the
        person is asked (`Choose`); with none, there is nothing to lose and the new one
        starts."""
        if not self.rate.allow(user_id):
            return Refused("rate")
        unit = await self.store.survey_unit(code) if len(code) <= 64 else None
        if unit is None:
            return Refused("unknown_code")
        for _ in range(3):  # read again when their other update moved the draft meanwhile
            opened = await self._open(user_id, unit, code, lang)
            if opened is not None:
                return opened
        return Refused("busy_link")

    async def _open(self, user_id: int, unit: Unit, code: str, lang: str) -> Outcome | None:
        """`open` once the unit is known; None when the person's draft changed between the
        read and the write (the same link scanned twice at once): nothing was written."""
        found = await self._entry(user_id, unit)
        if not isinstance(found, SurveyFacts):
            return found
        draft = found.draft
        if draft is not None and draft.unit_id == unit.id:
            # Resumed even across a semester's end: it counts for the period it began in.
            resumed = draft.step > 0
            return Ask(draft, question(draft.step), unit.name, resumed, draft.message_id)
        if draft is not None and draft.step > 0:
            current = await self.store.unit(draft.unit_id)
            return Choose(draft, current.name, unit.name, code)
        return await self._begin(user_id, unit, lang, draft, None)

    async def choose(
        self,
        user_id: int,
        token: str,
        step: int,
        code: str,
        *,
        start: bool,
        lang: str,
        message_id: int | None,
    ) -> Outcome:
        """A press on the choice `open` asked for: continue the response in progress, or
        start the survey of the unit `code` names in its place. Only while the presser's own
        draft is still the one the choice named (token and step); a press of someone else,
        of an older choice, or a second delivery of one is refused "choice_stale"."""
        if not self.rate.allow(user_id):
            return Refused("rate")
        if not start:
            return await self._continue(user_id, token, step, message_id)
        unit = await self.store.survey_unit(code)
        if unit is None:
            return Refused("unknown_code")
        found = await self._entry(user_id, unit)
        if not isinstance(found, SurveyFacts):
            # The draft in progress is kept, and shown again: its question lost its buttons
            # to the choice's, and the choice is answered.
            kept = await self._continue(user_id, token, step, message_id)
            return kept if isinstance(kept, Refused) else NotStarted(found, kept)
        draft = found.draft
        if draft is None or (draft.token, draft.step) != (token, step):
            return Refused("choice_stale")
        if draft.unit_id == unit.id:  # forged to name its own unit: resume, never restart
            return await self._continue(user_id, token, step, message_id)
        begun = await self._begin(user_id, unit, lang, draft, message_id)
        return Refused("choice_stale") if begun is None else begun

    async def _entry(
        self, user_id: int, unit: Unit
    ) -> SurveyFacts | Refused[SurveyRefusal] | AlreadyAnswered:
        """What opening `unit`'s survey depends on; the refusal when it may not start."""
        now = self.store.now()
        period = semester(now, unit.timezone)
        facts = await self.store.survey_facts(
            user_id,
            unit,
            period=period,
            voter=await self._hash("voter", user_id, unit.id, period),
            respondent=await self.respondent(user_id),
            now=now,
        )
        if facts.member:
            return Refused("member", unit.name)
        if facts.voted:
            return AlreadyAnswered(unit.name, period)
        return facts

    async def _begin(
        self,
        user_id: int,
        unit: Unit,
        lang: str,
        replacing: SurveyDraft | None,
        message_id: int | None,
    ) -> Ask | None:
        """A new draft of `unit`'s survey at its first question, in place of `replacing`
        (compare-and-set: None when that draft moved meanwhile)."""
        now = self.store.now()
        draft = SurveyDraft(
            respondent=await self.respondent(user_id),
            unit_id=unit.id,
            period=semester(now, unit.timezone),
            token=secrets.token_urlsafe(6),
            step=0,
            answers={},
            lang=lang,
            message_id=message_id,
            updated_at=now,
        )
        was = None if replacing is None else replacing.at
        if not await self.store.put_survey_draft(draft, replacing=was):
            return None
        earlier = None if replacing is None else replacing.message_id
        return Ask(draft, question(0), unit.name, replaces=earlier)

    async def _continue(
        self, user_id: int, token: str, step: int, message_id: int | None
    ) -> Ask | Refused[SurveyRefusal]:
        at = DraftAt(await self.respondent(user_id), token, step)
        draft = await self.store.show_survey_draft(at, message_id=message_id)
        if draft is None:
            return Refused("choice_stale")
        unit = await self.store.unit(draft.unit_id)
        return Ask(draft, question(draft.step), unit.name, resumed=True)

    async def in_progress(self, user_id: int) -> Ask | None:
        """The person's response in progress as its current question (`replaces`: the
        message showing it now), None without one: what a respondent who writes, sends a
        file or a command mid-survey is shown again."""
        draft = await self.store.survey_draft(await self.respondent(user_id))
        if draft is None:
            return None
        unit = await self.store.unit(draft.unit_id)
        return Ask(draft, question(draft.step), unit.name, True, draft.message_id)

    async def shown(self, draft: SurveyDraft, message_id: int) -> None:
        """The message now showing `draft`'s live buttons (a question or the choice), so
        the next one shown can take them off; nothing when the draft moved meanwhile."""
        await self.store.show_survey_draft(draft.at, message_id=message_id)

    async def cancel(self, user_id: int) -> Cancelled | None:
        """`/batal` mid-survey: the response in progress is dropped, uncounted; None when
        there was none."""
        dropped = await self.store.drop_survey_draft(await self.respondent(user_id))
        if dropped is None:
            return None
        unit = await self.store.unit(dropped.unit_id)
        return Cancelled(unit.name, dropped.lang, dropped.message_id)

    async def answer(
        self, user_id: int, token: str, step: int, option: int, message_id: int | None
    ) -> Outcome:
        """A button on a survey question: only the current question of one's own draft
        counts; option 0 is `Lewati` (skippable questions only). A press before the last
        question is one unit of work (check and move, compare-and-set), so a burst of
        presses holds the store's lock once each."""
        if not self.rate.allow(user_id):
            return Refused("rate")
        if not 0 <= step < TOTAL:
            return Refused("stale")
        asked = question(step)
        if option == 0 and not asked.skippable:
            return Refused("invalid")
        if option != 0 and not 1 <= option <= asked.options:
            return Refused("invalid")
        now = self.store.now()
        respondent = await self.respondent(user_id)
        if step + 1 < TOTAL:
            moved = await self.store.answer_survey_draft(
                DraftAt(respondent, token, step),
                answer=(asked.id, option) if option else None,
                message_id=message_id,
                now=now,
            )
            if moved is None:
                return await self._passed(respondent, now)
            return Ask(moved, question(step + 1))
        draft = await self.store.survey_draft(respondent, now=now)
        if draft is None:
            return Refused("gone")
        if draft.token != token or draft.step != step:
            return Refused("stale")
        answers = dict(draft.answers)
        if option:
            answers[asked.id] = option
        return await self._advance(user_id, draft, answers, None, message_id, now)

    async def _passed(self, respondent: str, now: datetime) -> Refused[SurveyRefusal]:
        """Why a press on a survey question changed nothing: its question has passed in the
        response in progress ("stale": the current one is on screen), or there is no response
        in progress at all ("gone": forgotten a day after its last answer, cancelled, or
        already counted), so there is nothing "below" to answer and the person must open the
        unit's link again. Read only on this path: a press that counts pays nothing for it."""
        live = await self.store.survey_draft(respondent, now=now)
        return Refused("stale" if live is not None else "gone")

    async def suggestion(self, user_id: int, text: str, message_id: int | None) -> Outcome:
        """Free text: the suggestion, when the respondent's draft is at that question and the
        writer has no prompt of their own open (an officer's N/A reason or note, a product
        name, a coordinator's return comment: those take their text first)."""
        respondent = await self.respondent(user_id)
        now = self.store.now()
        draft = await self.store.survey_draft(respondent, now=now)
        if draft is None or question(draft.step).part != "suggestion":
            return NotWaiting()
        if await self._own_prompt(user_id):
            return NotWaiting()
        if not self.rate.allow(user_id):
            return Refused("rate")
        cleaned = " ".join(text.split())
        if not cleaned:
            return Refused("empty")
        if len(cleaned) > SUGGESTION_MAX:
            return Refused("too_long", str(SUGGESTION_MAX))
        if cleaned.casefold() in _SKIP_WORDS:  # the button's word, typed: skipped, not a suggestion
            return await self._advance(user_id, draft, dict(draft.answers), None, message_id, now)
        return await self._advance(user_id, draft, dict(draft.answers), cleaned, message_id, now)

    async def _own_prompt(self, user_id: int) -> bool:
        """A prompt of the writer's own flows waits for their text."""
        if (await self.store.chat_state(user_id)).pending is not None:
            return True
        return (await self.store.review_state(user_id)).return_answer is not None

    async def _advance(
        self,
        user_id: int,
        draft: SurveyDraft,
        answers: dict[str, int],
        suggestion: str | None,
        message_id: int | None,
        now: datetime,
    ) -> Outcome:
        following = draft.step + 1
        if following < TOTAL:
            advanced = await self.store.advance_survey_draft(
                draft.at,
                to_step=following,
                answers=answers,
                message_id=message_id,
                now=now,
            )
            if not advanced:
                return Refused("stale")
            moved = replace(draft, step=following, answers=answers, updated_at=now)
            return Ask(moved, question(following))
        unit = await self.store.unit(draft.unit_id)
        completed = await self.store.complete_survey(
            draft.at,
            voter=await self._hash("voter", user_id, draft.unit_id, draft.period),
            answers=answers,
            suggestion=suggestion,
            day=now.astimezone(ZoneInfo(unit.timezone)).date().isoformat(),
            now=now,
        )
        if completed == "stale":
            return Refused("stale")
        return Done(counted=completed == "counted", lang=draft.lang, message_id=draft.message_id)
