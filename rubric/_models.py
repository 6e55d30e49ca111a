"""Pydantic models of an assessment rubric: the instrument as data.

A rubric has dimensions with weights on a 100-point scale, items with answer options
(best first, values in [0, 1]) and category bands on the rubric's display scale
(100 points, or an index 0-5 for PEKPPP). Validation lives here so that a rubric that
loads is a rubric the scoring engine can trust.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
NA = "na"
"""The answer id for "Tidak berlaku" (not applicable)."""

_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,39}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in both languages; both are required and non-empty."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


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
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate option ids {ids}")
        if NA in ids:
            raise ValueError(f"option id {NA!r} is reserved for 'Tidak berlaku'; use na_allowed")
        values = [o.value for o in options]
        if any(a <= b for a, b in zip(values, values[1:], strict=False)):
            raise ValueError(f"options must be best first with strictly falling values, got {values}")
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

    code: str = Field(min_length=1, max_length=4)
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
    index_divisor: float = 20.0
    """index = total / index_divisor, used when display == "index"."""
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    categories: tuple[Band, ...] = Field(min_length=1)
    """Category bands, highest first; the last one must start at 0."""

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
        return tuple(item for dim in self.dimensions for item in dim.items)

    def item(self, item_id: str) -> Item | None:
        return self._index().get(item_id)

    def dimension_of(self, item_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if any(i.id == item_id for i in d.items)), None)

    def _index(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    def to_display(self, total: float) -> float:
        return total / self.index_divisor if self.display == "index" else total

    def band_for(self, display_value: float) -> Band:
        """The category of a value on the display scale, read as shown (two decimals)."""
        shown = round(display_value + 1e-9, 2)
        for band in self.categories:
            if shown >= band.min - 1e-9:
                return band
        return self.categories[-1]

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [i.id for i in self.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate item ids: {', '.join(dupes)}")
        dim_ids = [d.id for d in self.dimensions]
        if len(set(dim_ids)) != len(dim_ids):
            raise ValueError(f"duplicate dimension ids: {dim_ids}")
        weight_sum = sum(d.weight for d in self.dimensions)
        if not math.isclose(weight_sum, self.points_max, abs_tol=0.005):
            raise ValueError(
                f"dimension weights add up to {weight_sum:.2f}, not {self.points_max:.0f}"
            )
        mins = [b.min for b in self.categories]
        codes = [b.code for b in self.categories]
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate category codes: {codes}")
        if any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
            raise ValueError(f"categories must be highest first without overlap, got minimums {mins}")
        if mins[-1] != 0:
            raise ValueError(f"the lowest category must start at 0 (no gap below it), got {mins[-1]}")
        if mins[0] > self.scale_max:
            raise ValueError(f"category {codes[0]} starts above the scale maximum {self.scale_max}")
        if self.display == "points":
            zoned = [b.zone is not None for b in self.categories]
            if not all(zoned):
                raise ValueError("every category of a points rubric needs a zone")
        return self
