"""The region summary: every unit of a region scored by the rubric engine, and the gaps
they share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

import rubric
from bot.frozen import frozen
from bot.store import Cycle, Region, RegionSnapshot, Store, Unit, UnitSnapshot
from bot.survey import region_measures

TOP_GAPS = 3
COMMON_GAPS = 5

RubricOf = Callable[[str], rubric.Rubric]


# -- the summary ------------------------------------------------------------------------


@frozen
class UnitSummary:
    unit: Unit
    score: rubric.Score | None
    """None when the unit has no cycle."""
    gaps: tuple[rubric.Gap, ...]
    evidence_count: int
    last_activity: datetime | None
    products: tuple[str, ...] = ()
    verified: rubric.Score | None = None
    """The score counting evidence items only once a reviewer accepted them."""
    waiting: int = 0
    """Answered items in the review queue (`UnitSnapshot.waiting`)."""

    @property
    def started(self) -> bool:
        """The unit answered something in its current cycle. One that has not is "Belum
        mulai" wherever it is shown: no score yet, not a score (or a completion) of 0."""
        return self.score is not None and self.score.answered > 0

    @property
    def completion(self) -> float:
        return self.score.completion if self.score is not None else 0.0

    @property
    def complete(self) -> bool:
        """Every askable item answered: reminders are not needed (the dispatcher sends none,
        and /pengingat names none)."""
        return self.completion >= 1.0

    @property
    def percent(self) -> int:
        """The completion as a whole percent, as /skor shows it (`rubric.Score.percent`)."""
        return self.score.percent if self.score is not None else 0

    @property
    def shown(self) -> float | None:
        """The total on the rubric's display scale (the index for PEKPPP)."""
        if self.score is None:
            return None
        return self.score.index if self.score.index is not None else self.score.total

    @property
    def category(self) -> str | None:
        return self.score.category.code if self.score is not None else None

    @property
    def zone(self) -> str | None:
        return self.score.zone if self.score is not None else None


@frozen
class CommonGap:
    item_id: str
    dimension_id: str
    units: int
    """How many units of the region have this item as a gap."""
    of: int


@frozen
class Window:
    state: Literal["before", "open", "closed"]
    days: int
    """Days until it opens (before), until it closes (open), since it closed (closed)."""


@frozen
class Averages:
    """The region's averages, of the units that have started (`UnitSummary.started`)."""

    units: int
    """How many units they are of."""
    completion: float
    total: float
    index: float | None
    """The average index (index rubrics), else None."""


@frozen
class RegionSummary:
    region: Region
    today: date
    """Today in the region's time zone."""
    cycle: Cycle | None
    rubric: rubric.Rubric | None
    units: tuple[UnitSummary, ...]
    """By provisional score, highest first; units without a score last."""
    common_gaps: tuple[CommonGap, ...] = ()
    window: Window | None = None

    @property
    def complete_units(self) -> int:
        return sum(1 for u in self.units if u.complete)

    @property
    def waiting(self) -> tuple[int, int]:
        """Items waiting for a review in the region, and the units they are in."""
        return sum(u.waiting for u in self.units), sum(1 for u in self.units if u.waiting)

    @property
    def averages(self) -> Averages | None:
        """Completion and score averaged over the same units: those that have started. One
        that has not has no score (it is "Belum mulai", not 0.00), so it is no 0 % in the
        completion either. None when no unit has started."""
        scores = [u.score for u in self.units if u.score is not None and u.started]
        if not scores:
            return None
        indexes = [s.index for s in scores if s.index is not None]
        return Averages(
            len(scores),
            sum(s.completion for s in scores) / len(scores),
            sum(s.total for s in scores) / len(scores),
            sum(indexes) / len(indexes) if indexes else None,
        )


def window_of(cycle: Cycle, today: date) -> Window:
    if today < cycle.opens:
        return Window("before", (cycle.opens - today).days)
    if today <= cycle.closes:
        return Window("open", (cycle.closes - today).days)
    return Window("closed", (today - cycle.closes).days)


def summarize_unit(
    snapshot: UnitSnapshot,
    the_rubric: rubric.Rubric | None,
    measures: Mapping[str, rubric.MeasureValue] | None = None,
) -> UnitSummary:
    """One unit scored as its /skor scores it: its answers, fed the `measures` of its survey."""
    if snapshot.cycle is None or the_rubric is None:
        return UnitSummary(snapshot.unit, None, (), 0, None)
    answers = rubric.with_measures(the_rubric, snapshot.answers, measures)
    result = rubric.score(the_rubric, answers)
    ranked = rubric.gaps(the_rubric, answers)
    return UnitSummary(
        unit=snapshot.unit,
        score=result,
        gaps=tuple(ranked),
        evidence_count=snapshot.evidence_count,
        last_activity=snapshot.last_activity,
        products=tuple(snapshot.answers.products),
        verified=rubric.score(
            the_rubric,
            rubric.verified_answers(
                the_rubric, answers, snapshot.reviews.accepted, snapshot.reviews.returned
            ),
        ),
        waiting=snapshot.waiting,
    )


def summarize(
    snapshot: RegionSnapshot,
    rubric_of: RubricOf,
    now: datetime,
    measures: Mapping[int, Mapping[str, rubric.MeasureValue]] | None = None,
) -> RegionSummary:
    """The region summary: every unit scored (fed its survey's `measures`, by unit id), the
    common gaps, the window."""
    today = now.astimezone(ZoneInfo(snapshot.region.timezone)).date()
    cycle = next((u.cycle for u in snapshot.units if u.cycle is not None), None)
    the_rubric = rubric_of(cycle.rubric_id) if cycle is not None else None
    fed = measures or {}
    scored = (summarize_unit(u, the_rubric, fed.get(u.unit.id)) for u in snapshot.units)
    units = tuple(sorted(scored, key=_board_order))
    return RegionSummary(
        region=snapshot.region,
        today=today,
        cycle=cycle,
        rubric=the_rubric,
        units=units,
        common_gaps=common_gaps(units),
        window=window_of(cycle, today) if cycle is not None else None,
    )


def _board_order(unit: UnitSummary) -> tuple[bool, float, str]:
    """Highest score first, then the units that have not started (a unit of 0.00 answered
    something; one that has not was filed among the zeros by name)."""
    return (not unit.started, -(unit.shown or 0.0), unit.unit.name)


def common_gaps(units: Sequence[UnitSummary], limit: int = COMMON_GAPS) -> tuple[CommonGap, ...]:
    """The items most units miss (any gap kind), most units first, then most points, among
    the units that have started: one that has not misses every item, and with none started
    the list read "7/7 unit" for five arbitrary items."""
    scored = [u for u in units if u.score is not None and u.started]
    counts: dict[str, int] = {}
    points: dict[str, float] = {}
    dimension: dict[str, str] = {}
    for unit in scored:
        seen = set()
        for gap in unit.gaps:
            points[gap.item_id] = points.get(gap.item_id, 0.0) + gap.points
            dimension[gap.item_id] = gap.dimension_id
            if gap.item_id not in seen:
                seen.add(gap.item_id)
                counts[gap.item_id] = counts.get(gap.item_id, 0) + 1
    ranked = sorted(counts, key=lambda i: (-counts[i], -points[i], i))[:limit]
    return tuple(CommonGap(i, dimension[i], counts[i], len(scored)) for i in ranked)


async def region_summary(
    store: Store, region_id: int, now: datetime, *, unit_id: int | None = None
) -> RegionSummary:
    """The region's summary, each unit scored as /skor scores it (its survey too)."""
    snapshot = await store.overview(region_id, unit_id=unit_id, now=now)
    cycle = next((u.cycle for u in snapshot.units if u.cycle is not None), None)
    measures = None
    if cycle is not None and store.rubric(cycle.rubric_id).measures:
        measures = await region_measures(store, region_id, cycle, unit_id)
    return summarize(snapshot, store.rubric, now, measures)
