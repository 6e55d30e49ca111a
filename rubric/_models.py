"""Pydantic models of an assessment rubric: the instrument as data.

A rubric has dimensions with weights on a 100-point scale, items with answer options
(best first, values in [0, 1]) and category bands on the rubric's display scale
(100 points, or an index 0-5 for PEKPPP). Validation lives here so that a rubric that
loads is a rubric the scoring engine can trust.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
NA = "na"
"""The answer id for "Tidak berlaku" (not applicable)."""

_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,39}$"


class Problems(ValueError):
    """Every problem a rubric-wide check found, in order (the loader reports each on its own
    line); the message is the first."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def round2(value: float) -> float:
    """Round half up to two decimals, the way totals are shown (87.995 -> 88.00).

    The tiny epsilon absorbs binary noise from weighted sums (87.99499999999 is 87.995).
    """
    return math.floor(value * 100 + 0.5 + 1e-6) / 100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_CITATION = re.compile(
    r"\s*\([ST]\d+(?:\s*[–-]\s*[ST]\d+)?(?:,\s*[ST]\d+(?:\s*[–-]\s*[ST]\d+)?)*\)"
)


class Text(_Strict):
    """A text in both languages; both are required and non-empty."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("id", "en")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("blank text")
        return text

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def shown(self, lang: str) -> str:
        """The text for officers: without the source markers like "(S21)" or "(S17, S18)"
        that tie it to the rubric's `sources` (kept in the data for reviewers)."""
        return _CITATION.sub("", self.get(lang))


class Option(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    label: Text
    value: float = Field(ge=0.0, le=1.0)
    description: Text | None = None
    level: int | None = Field(default=None, ge=0)
    """The level number for items declared with `levels` (value = level / top level)."""


class Level(_Strict):
    """One level of a levelled item (F-02's 0-5): what the unit must show to reach it."""

    level: int = Field(ge=0, le=20)
    description: Text
    label: Text | None = None
    """The button label; "Tingkat N" / "Level N" when not given."""


class SurveyLevels(_Strict):
    """The levels of an SKM indicator (F-02) that the unit's own survey can speak for, which
    the rubric's level texts decide: `runs`, an SKM that runs but is not per the rule (too
    few respondents, not all nine elements); `per_the_rule`, one per the rule, not yet known
    to be published. Publication and follow-up (the levels above) the officer confirms."""

    runs: int = Field(ge=1)
    per_the_rule: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> SurveyLevels:
        if self.per_the_rule <= self.runs:
            raise ValueError("survey_suggests: per_the_rule is a higher level than runs")
        return self


def _level_options(levels: list[Level]) -> list[Option]:
    """Levels (highest first, down to 0) as options: ids lN, value N / top level."""
    numbers = [level.level for level in levels]
    top = numbers[0] if numbers else 0
    if numbers != list(range(top, -1, -1)) or top < 1:
        raise ValueError(
            f"levels must run from the top level down to 0 without gaps, got {numbers}"
        )
    return [
        Option(
            id=f"l{level.level}",
            label=level.label or Text(id=f"Tingkat {level.level}", en=f"Level {level.level}"),
            value=level.level / top,
            description=level.description,
            level=level.level,
        )
        for level in levels
    ]


class Measure(_Strict):
    """A value supplied from outside the officer's answers (e.g. the unit's survey), which
    feeds the items that name it. Its value is read on [min, max] and mapped to [0, 1]
    (reversed when lower is better); below `min_responses` it counts 0."""

    id: str = Field(pattern=_ID_PATTERN)
    label: Text
    """What it is, for officers ("Survei kepercayaan masyarakat unit")."""
    description: Text
    """What the value means, for whoever supplies it."""
    min: float = 0.0
    max: float = 1.0
    better: Literal["higher", "lower"] = "higher"
    min_responses: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _range(self) -> Measure:
        if not self.max > self.min:
            raise ValueError(f"max ({self.max:g}) must be above min ({self.min:g})")
        return self

    def fraction(self, value: float) -> float:
        """The value on [0, 1], best = 1; raises ValueError outside [min, max]."""
        if not self.min - 1e-9 <= value <= self.max + 1e-9:
            raise ValueError(
                f"measure {self.id}: value {value:g} is outside {self.min:g}-{self.max:g}"
            )
        share = min(max((value - self.min) / (self.max - self.min), 0.0), 1.0)
        return share if self.better == "higher" else 1.0 - share


def default_options() -> tuple[Option, ...]:
    """Ya 1 · Sebagian 0.5 · Tidak 0, the default option set."""
    return (
        Option(id="ya", label=Text(id="Ya", en="Yes"), value=1.0),
        Option(id="sebagian", label=Text(id="Sebagian", en="Partly"), value=0.5),
        Option(id="tidak", label=Text(id="Tidak", en="No"), value=0.0),
    )


class Item(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    question: Text
    help: Text
    evidence_hint: Text
    evidence_required: bool = False
    weight: float = Field(ge=0)
    """Relative weight in the dimension; 0 = shown and stored, never moving a score."""
    scope: Literal["unit", "product"] = "unit"
    options: tuple[Option, ...] = Field(default_factory=default_options)
    na_allowed: bool = False
    measure: str | None = None
    """The id of a rubric measure that gives this item its value; it is not asked."""
    survey_suggests: SurveyLevels | None = None
    """The unit's survey suggests one of these levels for the officer to confirm (SKM)."""
    applies_to: Literal["all", "in_person", "online"] = "all"
    """Which units get the item: all, only face-to-face units, or only units registered
    as online (PEKPPP form B)."""

    @model_validator(mode="before")
    @classmethod
    def _levels(cls, data: object) -> object:
        if isinstance(data, dict) and "levels" in data:
            data = dict(data)
            if "options" in data:
                raise ValueError("give either levels or options, not both")
            raw = data.pop("levels")
            if not isinstance(raw, list):
                raise ValueError("levels must be a list, highest level first")
            data["options"] = _level_options([Level.model_validate(level) for level in raw])
        return data

    @model_validator(mode="after")
    def _measured(self) -> Item:
        if self.measure is not None:
            if self.scope != "unit":
                raise ValueError("an item fed by a measure is asked once per unit (scope unit)")
            if self.na_allowed or self.evidence_required:
                raise ValueError(
                    "an item fed by a measure is not answered: no na_allowed, no evidence_required"
                )
        if self.survey_suggests is not None:
            levels = {o.level for o in self.options}
            wanted = (self.survey_suggests.runs, self.survey_suggests.per_the_rule)
            if self.measure is not None or not set(wanted) <= levels:
                raise ValueError(
                    "survey_suggests names levels of an asked, levelled item "
                    f"(levels {sorted(x for x in levels if x is not None)}, wanted {wanted})"
                )
        if self.weight == 0 and self.evidence_required:
            raise ValueError("a zero-weight item moves no score: it cannot require evidence")
        return self

    @property
    def asked(self) -> bool:
        """True when officers answer it (False for an item fed by a measure)."""
        return self.measure is None

    def applies(self, online: bool) -> bool:
        """Whether the item is on the checklist of a unit that is (or is not) online."""
        return self.applies_to == "all" or (self.applies_to == "online") == online

    @field_validator("options")
    @classmethod
    def _best_first(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        if len(options) < 2:
            raise ValueError("an item needs at least two options")
        ids = [o.id for o in options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate option id {', '.join(dupes)}")
        if NA in ids:
            raise ValueError(f"option id {NA!r} is reserved for 'Tidak berlaku'; use na_allowed")
        values = [o.value for o in options]
        if any(a <= b for a, b in itertools.pairwise(values)):
            raise ValueError(
                f"options must be best first with strictly falling values, got {values}"
            )
        if values[0] != 1.0:
            raise ValueError(f"the best option must be worth 1, got {values[0]}")
        return options

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Dimension(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    title: Text
    weight: float = Field(ge=0)
    """0 for an information-only group (F-02's "Informasi Tambahan"): its items must weigh 0."""
    items: tuple[Item, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _some_weight(self) -> Dimension:
        if self.weight == 0:
            if any(i.weight > 0 for i in self.items):
                raise ValueError("a zero-weight dimension is information only: its items weigh 0")
            return self
        for online in (False, True):
            present = [i for i in self.items if i.applies(online)]
            if present and not any(i.weight > 0 for i in present):
                kind = "online" if online else "face-to-face"
                raise ValueError(
                    f"every item a {kind} unit gets weighs 0: the dimension could never score"
                )
        return self


class Part(_Strict):
    """A named group of dimensions reported together (the Opini's 70-point dimensions and
    its 30-point public trust)."""

    id: str = Field(pattern=_ID_PATTERN)
    title: Text
    dimensions: tuple[str, ...] = Field(min_length=1)


class Condition(_Strict):
    """A part that scores nothing but qualifies the category ("Tanpa Maladministrasi"):
    met when every listed item has one of its passing answers ("na" may pass)."""

    id: str = Field(pattern=_ID_PATTERN)
    title: Text
    label: Text
    """Appended to the category's label when the condition is met."""
    items: tuple[str, ...] = Field(min_length=1)
    passing: tuple[str, ...] = Field(min_length=1)
    """Option ids (or "na") that meet the condition, for every listed item."""


class Band(_Strict):
    """A category: totals (on the display scale) at or above `min` fall in it."""

    code: str = Field(min_length=1, max_length=12)
    label: Text
    min: float = Field(ge=0)
    zone: Literal["hijau", "kuning", "merah"] | None = None


class Rubric(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    version: str
    title: Text
    name: Text | None = None
    """The assessment's name without the years its title carries (a cycle names itself by
    it and its own year); None: the title."""
    sources: tuple[str, ...] = Field(min_length=1)
    notes: Text
    """Which numbers are official and which are our estimate."""
    display: Literal["points", "index"] = "points"
    index_divisor: float = Field(default=20.0, gt=0)
    """index = total / index_divisor, used when display == "index"."""
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    categories: tuple[Band, ...] = Field(min_length=1)
    """Category bands, highest first; the last one must start at 0."""
    status: Literal["current", "historical", "superseded"] = "current"
    status_note: Text | None = None
    """Why a rubric is historical or superseded, and what to use instead."""
    last_year: int | None = Field(default=None, ge=2000, le=2100)
    """The last assessment year the instrument was used for (cycles after it warn)."""
    measures: tuple[Measure, ...] = ()
    parts: tuple[Part, ...] = ()
    condition: Condition | None = None
    carries_from: tuple[str, ...] = ()
    """Earlier rubrics whose answers to items of the same id (and options of the same id) a
    unit's new cycle of this one offers to carry forward (`Masih berlaku`); a cycle of the
    same rubric always does."""

    def cycle_name(self, year: int, lang: str) -> str:
        """A cycle of this rubric as its notices name it: the assessment's name and the
        cycle's year ("Penilaian Kepatuhan … Ombudsman RI 2027"), not the instrument's
        title with its own years."""
        if self.name is None:
            return f"{self.title.get(lang)} · {year}"
        return f"{self.name.get(lang)} {year}"

    _items: tuple[Item, ...] = PrivateAttr(default=())
    _by_id: dict[str, Item] = PrivateAttr(default_factory=dict)
    _dim_of: dict[str, Dimension] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        # Lookups the scoring engine and the bot do on every message: built once.
        self._items = tuple(item for dim in self.dimensions for item in dim.items)
        self._by_id = {item.id: item for item in self._items}
        self._dim_of = {item.id: dim for dim in self.dimensions for item in dim.items}

    @property
    def points_max(self) -> float:
        return 100.0

    @property
    def scale_max(self) -> float:
        """The maximum on the display scale (100 points, or the index maximum)."""
        return self.points_max / self.index_divisor if self.display == "index" else self.points_max

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in checklist order (dimension by dimension)."""
        return self._items

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def dimension_of(self, item_id: str) -> Dimension | None:
        return self._dim_of.get(item_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def asked_items(self, online: bool = False) -> tuple[Item, ...]:
        """The items officers of a unit answer, in checklist order: not fed by a measure,
        and applying to the unit (online or face-to-face)."""
        return tuple(i for i in self._items if i.asked and i.applies(online))

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def to_display(self, total: float) -> float:
        return total / self.index_divisor if self.display == "index" else total

    def band_for(self, display_value: float) -> Band:
        """The category of a value on the display scale, read as shown (two decimals)."""
        shown = round2(display_value)
        for band in self.categories:
            if shown >= band.min - 1e-9:
                return band
        return self.categories[-1]

    def band_above(self, band: Band) -> Band | None:
        """The next higher category, or None for the top one."""
        codes = [b.code for b in self.categories]
        position = codes.index(band.code)
        return self.categories[position - 1] if position > 0 else None

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems = [*self._structure_problems(), *self._extra_problems()]
        if problems:
            raise Problems(problems)
        return self

    def _structure_problems(self) -> Iterator[str]:
        """Ids are unique, weights add up, categories fall and cover the scale."""
        ids = [item.id for dim in self.dimensions for item in dim.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            yield f"duplicate item id {', '.join(dupes)}"
        dim_ids = [d.id for d in self.dimensions]
        dupes = sorted({i for i in dim_ids if dim_ids.count(i) > 1})
        if dupes:
            yield f"duplicate dimension id {', '.join(dupes)}"
        weight_sum = sum(d.weight for d in self.dimensions)
        if not math.isclose(weight_sum, self.points_max, abs_tol=0.005):
            yield f"dimension weights add up to {weight_sum:.2f}, not {self.points_max:.0f}"
        mins = [b.min for b in self.categories]
        codes = [b.code for b in self.categories]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            yield f"duplicate category code {', '.join(dupes)}"
        for upper, lower in itertools.pairwise(self.categories):
            if lower.min >= upper.min:
                yield (
                    f"category {lower.code} (min {lower.min:g}) overlaps category {upper.code} "
                    f"(min {upper.min:g}): list categories highest first with falling minimums"
                )
        if mins[-1] != 0:
            yield (
                f"the lowest category {codes[-1]} starts at {mins[-1]:g}, leaving a gap below it: "
                "it must start at 0"
            )
        if mins[0] > self.scale_max:
            yield f"category {codes[0]} starts above the scale maximum {self.scale_max}"
        unzoned = [b.code for b in self.categories if b.zone is None]
        if self.display == "points" and unzoned and len(unzoned) < len(self.categories):
            yield (
                f"category {', '.join(unzoned)} has no zone (give every category of a points "
                "rubric a zone, or none: the Opini has no zones)"
            )

    def _extra_problems(self) -> Iterator[str]:
        """Status, measures, parts and the condition refer to things that exist."""
        if self.status != "current" and self.status_note is None:
            yield f"a {self.status} rubric needs a status_note saying what to use"
        items = {item.id: item for dim in self.dimensions for item in dim.items}
        measure_ids = [m.id for m in self.measures]
        dupes = sorted({i for i in measure_ids if measure_ids.count(i) > 1})
        if dupes:
            yield f"duplicate measure id {', '.join(dupes)}"
        used = {item.measure for item in items.values() if item.measure is not None}
        unknown = sorted(used - set(measure_ids))
        if unknown:
            yield f"item measure {', '.join(unknown)} is not declared under measures"
        unused = [m for m in measure_ids if m not in used]
        if unused:
            yield f"measure {', '.join(unused)} is declared but no item uses it"
        if self.parts:
            named = [d for part in self.parts for d in part.dimensions]
            dim_ids = [d.id for d in self.dimensions]
            wrong = sorted(set(named) - set(dim_ids))
            if wrong:
                yield f"part names unknown dimension {', '.join(wrong)}"
            elif sorted(named) != sorted(dim_ids):
                yield "parts must name every dimension exactly once"
        if self.condition is not None:
            for item_id in self.condition.items:
                item = items.get(item_id)
                if item is None:
                    yield f"condition names unknown item {item_id}"
                    continue
                if not item.asked or item.scope != "unit":
                    yield f"condition item {item_id} must be asked once per unit"
                known = {o.id for o in item.options} | ({NA} if item.na_allowed else set())
                bad = sorted(set(self.condition.passing) - known)
                if bad:
                    yield f"condition passes on {', '.join(bad)}, not an answer of item {item_id}"
