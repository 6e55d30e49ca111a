"""The scoring engine: pure functions from a rubric and a set of answers to a score.

No I/O, no clock. See SPEC.md "Scoring rules"; the rules are restated on each function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rubric._models import Band, Rubric


class AnswerSet(BaseModel):
    """What a unit answered. Keys are ITEM_ID for unit items, ITEM_ID@PRODUCT for product items."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(default_factory=dict)
    """key -> option id, or "na"."""
    products: list[str] = Field(default_factory=list)
    evidence: set[str] = Field(default_factory=set)
    """Keys (ITEM_ID or ITEM_ID@PRODUCT) that have at least one piece of evidence."""


def answer_key(item_id: str, product: str | None = None) -> str:
    return f"{item_id}@{product}" if product else item_id


@dataclass(frozen=True)
class DimensionScore:
    id: str
    points: float
    """Points earned, on the 100-point scale (not rounded)."""
    weight: float
    applicable: bool
    """False when every item of the dimension is N/A."""
    answered: int
    askable: int


@dataclass(frozen=True)
class Gap:
    key: str
    """ITEM_ID or ITEM_ID@PRODUCT."""
    item_id: str
    product: str | None
    dimension_id: str
    kind: Literal["unanswered", "below_full", "at_risk"]
    points: float
    """Points on the 100-point scale this gap would add (or, at risk, protect)."""


@dataclass(frozen=True)
class NextCategory:
    code: str
    """The next category's code."""
    reachable: bool
    keys: tuple[str, ...] = ()
    """The fewest answer keys whose full answer lifts the total over the band's minimum."""
    total_after: float | None = None


@dataclass(frozen=True)
class Score:
    total: float
    """0-100, rounded to two decimals."""
    index: float | None
    """total / 20 rounded to two decimals, for index rubrics; else None."""
    category: Band
    dimensions: tuple[DimensionScore, ...]
    answered: int
    askable: int
    at_risk: tuple[str, ...] = field(default=())

    @property
    def zone(self) -> str | None:
        return self.category.zone

    @property
    def completion(self) -> float:
        """Share of askable answer keys answered (N/A counts as answered), 0-1."""
        return self.answered / self.askable if self.askable else 1.0


def score(rubric: Rubric, answers: AnswerSet) -> Score:
    raise NotImplementedError


def gaps(rubric: Rubric, answers: AnswerSet) -> list[Gap]:
    raise NotImplementedError


def next_category(rubric: Rubric, answers: AnswerSet) -> NextCategory | None:
    """None when already in the top category."""
    raise NotImplementedError
