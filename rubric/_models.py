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
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
NA = "na"
"""The answer id for "Tidak berlaku" (not applicable)."""

_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,39}$"


def round2(value: float) -> float:
    """Round half up to two decimals, the way totals are shown (87.995 -> 88.00).

    The tiny epsilon absorbs binary noise from weighted sums (87.99499999999 is 87.995).
    """
    return math.floor(value * 100 + 0.5 + 1e-6) / 100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_CITATION = re.compile(r"\s*\(S\d+(?:\s*[–-]\s*S\d+)?(?:,\s*S\d+(?:\s*[–-]\s*S\d+)?)*\)")


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
    weight: float = Field(gt=0)
    scope: Literal["unit", "product"] = "unit"
    options: tuple[Option, ...] = Field(default_factory=default_options)
    na_allowed: bool = False

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
    weight: float = Field(gt=0)
    items: tuple[Item, ...] = Field(min_length=1)


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
    sources: tuple[str, ...] = Field(min_length=1)
    notes: Text
    """Which numbers are official and which are our estimate."""
    display: Literal["points", "index"] = "points"
    index_divisor: float = Field(default=20.0, gt=0)
    """index = total / index_divisor, used when display == "index"."""
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    categories: tuple[Band, ...] = Field(min_length=1)
    """Category bands, highest first; the last one must start at 0."""

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
        ids = [item.id for dim in self.dimensions for item in dim.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate item id {', '.join(dupes)}")
        dim_ids = [d.id for d in self.dimensions]
        dupes = sorted({i for i in dim_ids if dim_ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate dimension id {', '.join(dupes)}")
        weight_sum = sum(d.weight for d in self.dimensions)
        if not math.isclose(weight_sum, self.points_max, abs_tol=0.005):
            raise ValueError(
                f"dimension weights add up to {weight_sum:.2f}, not {self.points_max:.0f}"
            )
        mins = [b.min for b in self.categories]
        codes = [b.code for b in self.categories]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate category code {', '.join(dupes)}")
        for upper, lower in itertools.pairwise(self.categories):
            if lower.min >= upper.min:
                raise ValueError(
                    f"category {lower.code} (min {lower.min:g}) overlaps category {upper.code} "
                    f"(min {upper.min:g}): list categories highest first with falling minimums"
                )
        if mins[-1] != 0:
            raise ValueError(
                f"the lowest category {codes[-1]} starts at {mins[-1]:g}, leaving a gap below it: "
                "it must start at 0"
            )
        if mins[0] > self.scale_max:
            raise ValueError(f"category {codes[0]} starts above the scale maximum {self.scale_max}")
        if self.display == "points":
            unzoned = [b.code for b in self.categories if b.zone is None]
            if unzoned:
                raise ValueError(
                    f"category {', '.join(unzoned)} has no zone (every category of a points "
                    "rubric needs one)"
                )
        return self
