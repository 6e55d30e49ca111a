"""The scoring engine: pure functions from a rubric and a set of answers to a score.

No I/O, no clock. The rules (SPEC.md "Scoring rules"):

- Each askable answer key has a value: the chosen option's value, 0 when unanswered, or
  N/A ("na", only where the item allows it).
- A unit item has one key, ITEM. A product item has one key per product, ITEM@PRODUCT; its
  value is the average over the products not marked N/A, and it is N/A when every product is.
- Dimension points = dimension weight × Σ(item weight × value) ÷ Σ(item weight), over the
  applicable (not N/A) items. A dimension with no applicable item leaves the maximum:
  total = 100 × Σ points ÷ Σ weights of the applicable dimensions.
- The total is rounded half up to two decimals; the category is read from the total as shown
  (87.995 -> 88.00 -> A). Index rubrics: index = shown total ÷ index_divisor, rounded to two
  decimals, and the bands are read on the index.
- An evidence-required key answered above 0 without evidence keeps its value and is *at risk*.
- A zero-weight item is asked, stored and counted in completion, but never moves a score and
  is never a gap.
- An item fed by a measure (`Item.measure`) is not answered: its value comes from
  `AnswerSet.measures` (read on the measure's range, reversed when lower is better). Until the
  measure is supplied with at least its `min_responses` it counts 0, and its gap says how many
  responses are missing. Measure-fed keys are not part of completion and never part of the
  path to the next category (officers cannot answer them).
- Items apply to all units, to face-to-face units only, or to units registered as online
  (`AnswerSet.online`); the others are not on the unit's checklist at all.
- A rubric's condition (e.g. "Tanpa Maladministrasi") is met when every item it names has
  a passing answer; unanswered leaves it undecided (None).

Rules decided here, where SPEC.md is silent:

- Every item N/A: there is nothing to score, so the total is 0 (bottom category) and the
  completion is 1 (every key is answered); `next_category` then says the next band is out of reach.
- A unit without products: each product item counts as one unanswered askable key, keyed by
  the bare item id, worth 0. Otherwise registering no product would drop those items from the
  denominator and inflate the score. The gap is listed under the item id (no product).
- Unknown keys (including ITEM for a product item when the unit has products, ITEM@X for an
  unknown product or for a unit item), unknown option ids, "na" on an item that does not allow
  it, and evidence on unknown keys raise `ValueError` with a message naming the key.
- Gap points are exact marginal effects on the unrounded 0-100 total: what answering that key
  with the best option would add, or for an at-risk key at full value, what losing it would
  cost (answered down to 0). A key both below full value and at risk is one gap of kind
  `below_full` (its points are what it adds) with `at_risk=True`. Fixing gaps never changes
  which items are applicable, so gap points add up exactly; that is why the greedy path (the
  largest gaps first) is the shortest path to the next category.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rubric import _walk
from rubric._models import NA, Band, Item, Measure, Rubric, Text, round2
from rubric._walk import answer_key


class MeasureValue(BaseModel):
    """A measure as supplied from outside: its value and how many responses it rests on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    responses: int | None = Field(default=None, ge=0)


class AnswerSet(BaseModel):
    """What a unit answered. Keys are ITEM_ID for unit items, ITEM_ID@PRODUCT for product items."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(default_factory=dict)
    """key -> option id, or "na"."""
    products: list[str] = Field(default_factory=list)
    evidence: set[str] = Field(default_factory=set)
    """Keys (ITEM_ID or ITEM_ID@PRODUCT) that have at least one piece of evidence."""
    measures: dict[str, MeasureValue] = Field(default_factory=dict)
    """Measure id -> value, for the rubric's measure-fed items (only measures it declares)."""
    online: bool = False
    """The unit is registered as serving online (PEKPPP form B items apply)."""


@dataclass(frozen=True)
class DimensionScore:
    """One dimension's share of the score."""

    id: str
    points: float
    """Points earned, on the 100-point scale (not rounded); 0 when not applicable."""
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
    """Points on the 100-point scale this gap would add (or, at risk, protect); not rounded."""
    at_risk: bool = False
    """True also for a below_full key answered above 0 without the required evidence."""
    measure: str | None = None
    """The measure feeding the item, when it is not answered by officers."""
    responses: int | None = None
    """The responses the measure rests on (0 when it is not supplied yet)."""
    responses_missing: int = 0
    """How many more responses the measure needs before it counts."""

    @property
    def source(self) -> str:
        """`officer`, or the name of the measure that feeds the item."""
        return self.measure or "officer"


@dataclass(frozen=True)
class MeasureStatus:
    id: str
    label: Text
    supplied: bool
    responses: int | None
    min_responses: int
    counted: bool
    """True when the measure is supplied with enough responses to count."""
    fraction: float
    """Its value on [0, 1] as scored (0 while it does not count)."""

    @property
    def responses_missing(self) -> int:
        return max(self.min_responses - (self.responses or 0), 0)


@dataclass(frozen=True)
class PartScore:
    id: str
    title: Text
    points: float
    """Points of its applicable dimensions (not rounded)."""
    weight: float
    """The sum of its dimensions' weights."""


@dataclass(frozen=True)
class ConditionResult:
    id: str
    title: Text
    label: Text
    met: bool | None
    """None while an item it names is unanswered."""


@dataclass(frozen=True)
class NextCategory:
    code: str
    """The next category's code."""
    reachable: bool
    keys: tuple[str, ...] = ()
    """The fewest answer keys whose full answer lifts the total over the band's minimum."""
    total_after: float | None = None
    """The total as shown (two decimals) once those keys are fully answered."""
    survey: tuple[str, ...] = ()
    """Measure-fed keys (the unit's survey) that must be at their best too: only when no
    answer of the officers alone reaches the category (e.g. the Opini's public trust, 30
    points). Empty when the officers' answers suffice."""
    survey_points: float = 0.0
    """With `survey`: the points (on the 0-100 total, two decimals, rounded up) the survey
    must add at least once `keys` are fully answered."""


@dataclass(frozen=True)
class Score:
    total: float
    """0-100, rounded to two decimals."""
    index: float | None
    """total / index_divisor rounded to two decimals, for index rubrics; else None."""
    category: Band
    dimensions: tuple[DimensionScore, ...]
    answered: int
    askable: int
    at_risk: tuple[str, ...] = field(default=())
    """Keys answered above 0 without the evidence their item requires, in checklist order."""
    total_exact: float = 0.0
    """The unrounded total, as computed by score()."""
    parts: tuple[PartScore, ...] = ()
    condition: ConditionResult | None = None
    measures: tuple[MeasureStatus, ...] = ()

    def label(self, lang: str) -> str:
        """The category's label, with the condition's label when it is met
        ("Kualitas Sedang Tanpa Maladministrasi")."""
        text = self.category.label.get(lang)
        if self.condition is not None and self.condition.met:
            text = f"{text} {self.condition.label.get(lang)}"
        return text

    @property
    def zone(self) -> str | None:
        return self.category.zone

    @property
    def completion(self) -> float:
        """Share of askable answer keys answered (N/A counts as answered), 0-1."""
        return self.answered / self.askable if self.askable else 1.0

    @property
    def percent(self) -> int:
        """The completion as a whole percent, rounded down (100 only when complete), from
        the counts: 29 of 50 is 58, where flooring the float 0.58 × 100 gave 57."""
        return 100 * self.answered // self.askable if self.askable else 100


def with_measures(
    rubric: Rubric, answers: AnswerSet, measures: Mapping[str, MeasureValue] | None
) -> AnswerSet:
    """`answers` fed the `measures` this rubric declares (a survey's others are another
    instrument's); `answers` itself when there are none."""
    fed = {k: v for k, v in (measures or {}).items() if rubric.measure(k) is not None}
    return answers.model_copy(update={"measures": fed}) if fed else answers


def score(rubric: Rubric, answers: AnswerSet) -> Score:
    """Score the answers: total, index, category, points per dimension, completion, at risk."""
    keys = _read(rubric, answers)
    dimensions = _dimension_points(rubric, keys, {})
    exact = _total(rubric, dimensions)
    total, index, band = _shown(rubric, exact)
    asked = [k for k in keys if k.measure is None]
    return Score(
        total=total,
        index=index,
        category=band,
        dimensions=tuple(
            DimensionScore(
                id=dim.id,
                points=points if points is not None else 0.0,
                weight=dim.weight,
                applicable=points is not None,
                answered=sum(1 for k in asked if k.dimension == position and k.answered),
                askable=sum(1 for k in asked if k.dimension == position),
            )
            for position, (dim, points) in enumerate(
                zip(rubric.dimensions, dimensions, strict=True)
            )
        ),
        answered=sum(1 for k in asked if k.answered),
        askable=len(asked),
        at_risk=tuple(k.key for k in keys if k.at_risk),
        total_exact=exact,
        parts=_parts(rubric, dimensions),
        condition=_condition(rubric, answers),
        measures=tuple(_measure_status(m, answers) for m in rubric.measures),
    )


def gaps(rubric: Rubric, answers: AnswerSet) -> list[Gap]:
    """Every key below full value or at risk, ranked by the points it would add or protect.

    Ties keep checklist order.
    """
    return _gaps(rubric, _read(rubric, answers))


def next_category(rubric: Rubric, answers: AnswerSet) -> NextCategory | None:
    """The fewest keys whose full answer lifts the shown total into the next category.

    None when already in the top category. Greedy by gap points is optimal because the gains
    are additive; the result is checked by recomputing the total with those keys at full value.
    """
    keys = _read(rubric, answers)
    _, _, band = _shown(rubric, _total(rubric, _dimension_points(rubric, keys, {})))
    target = rubric.band_above(band)
    if target is None:
        return None
    ranked = [g for g in _gaps(rubric, keys) if g.kind != "at_risk"]
    answerable = [g.key for g in ranked if g.measure is None]
    surveyed = [g.key for g in ranked if g.measure is not None]
    # The officers' own answers first; when they cannot reach it, the fewest survey-fed items
    # at their best (largest first), then again the fewest answers on top of them. Measures
    # are not answers, but saying "out of reach" when the survey would reach it misleads.
    for count in range(len(surveyed) + 1):
        fixed = dict.fromkeys(surveyed[:count], 1.0)
        found = _greedy(rubric, keys, target, answerable, fixed)
        if found is not None:
            chosen, after = found
            needed = 0.0
            if fixed:
                before = _total(rubric, _dimension_points(rubric, keys, dict.fromkeys(chosen, 1.0)))
                needed = math.ceil(round((_target_total(rubric, target) - before) * 100, 6)) / 100
            return NextCategory(
                code=target.code,
                reachable=True,
                keys=chosen,
                total_after=after,
                survey=tuple(fixed),
                survey_points=needed,
            )
    return NextCategory(code=target.code, reachable=False)


def _target_total(rubric: Rubric, target: Band) -> float:
    """The least exact 0-100 total whose shown value reaches `target` (to the cent)."""
    least = target.min * rubric.index_divisor if rubric.display == "index" else target.min
    return least - 0.005


def _greedy(
    rubric: Rubric, keys: list[_Key], target: Band, ranked: list[str], fixed: dict[str, float]
) -> tuple[tuple[str, ...], float] | None:
    """The fewest of `ranked` (largest gaps first) at full value that, with `fixed`, lift the
    shown total (or index) to `target`: (those keys, the total then), or None."""
    chosen: dict[str, float] = {}
    for key in [None, *ranked]:
        if key is not None:
            chosen[key] = 1.0
        after, after_index, _ = _shown(
            rubric, _total(rubric, _dimension_points(rubric, keys, {**fixed, **chosen}))
        )
        shown = after_index if after_index is not None else after
        if shown >= target.min - 1e-9 and (chosen or fixed):
            return tuple(chosen), after
    return None


# -- internals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unverified:
    """An answer a reviewer has not accepted yet, on an item that requires evidence."""

    key: str
    item_id: str
    product: str | None
    points: float
    """Points on the 100-point scale the claimed answer is worth and the verified score lacks."""


def needs_files(item: Item | None, option_id: str) -> bool:
    """Whether the verified score counts this answer only with a file and a reviewer's
    acceptance: any answer of an item that requires evidence, N/A aside."""
    return item is not None and item.evidence_required and option_id != NA


def verified_answers(
    rubric: Rubric, answers: AnswerSet, accepted: Set[str], returned: Set[str]
) -> AnswerSet:
    """The answers as verified (scored as unanswered, 0, until then):
    - a key a reviewer `returned` counts only once answered again (the caller passes the
      returns that stand: on the key's latest answer), N/A included;
    - a key of an item that requires evidence counts only while a reviewer's acceptance
      stands (`accepted`) and the key has evidence; N/A stays N/A."""
    kept: dict[str, str] = {}
    for key, option_id in answers.answers.items():
        if key in returned:
            continue
        item = rubric.item(_walk.split_key(key)[0])
        if not needs_files(item, option_id) or (key in accepted and key in answers.evidence):
            kept[key] = option_id
    return answers.model_copy(update={"answers": kept})


def unverified(
    rubric: Rubric, answers: AnswerSet, accepted: Set[str], returned: Set[str]
) -> list[Unverified]:
    """Answers above 0 the verified score does not count yet, most points at stake first
    (ties keep checklist order)."""
    verified = verified_answers(rubric, answers, accepted, returned)
    pending = answers.answers.keys() - verified.answers.keys()
    found: list[Unverified] = []
    for gap in gaps(rubric, verified):
        if gap.key not in pending:
            continue
        item = rubric.item(gap.item_id)
        option = None if item is None else item.option(answers.answers[gap.key])
        value = 0.0 if option is None else option.value
        if value > 0:
            found.append(Unverified(gap.key, gap.item_id, gap.product, gap.points * value))
    found.sort(key=lambda u: -u.points)
    return found


def _gaps(rubric: Rubric, keys: list[_Key]) -> list[Gap]:
    weights = _key_weights(rubric, keys)
    found: list[Gap] = []
    for k in keys:
        if k.value is None or k.item.weight == 0:
            continue
        kind: Literal["unanswered", "below_full", "at_risk"]
        if not k.answered:
            kind, points = "unanswered", weights[k.key]
        elif k.value < 1.0:
            kind, points = "below_full", (1.0 - k.value) * weights[k.key]
        elif k.at_risk:
            kind, points = "at_risk", k.value * weights[k.key]
        else:
            continue
        found.append(
            Gap(
                key=k.key,
                item_id=k.item.id,
                product=k.product,
                dimension_id=rubric.dimensions[k.dimension].id,
                kind=kind,
                points=points,
                at_risk=k.at_risk,
                measure=k.measure.id if k.measure else None,
                responses=k.responses,
                responses_missing=max(k.measure.min_responses - (k.responses or 0), 0)
                if k.measure
                else 0,
            )
        )
    # Rounded for the sort so that equal gaps with float noise keep checklist order.
    order = {k.key: position for position, k in enumerate(keys)}
    found.sort(key=lambda g: (-round(g.points, 9), order[g.key]))
    return found


@dataclass(frozen=True)
class _Key:
    key: str
    item: Item
    dimension: int
    """Position of the item's dimension in rubric.dimensions."""
    product: str | None
    value: float | None
    """The option's value, 0 when unanswered, None for N/A."""
    answered: bool
    at_risk: bool
    measure: Measure | None = None
    responses: int | None = None


def _read(rubric: Rubric, answers: AnswerSet) -> list[_Key]:
    """The askable keys in checklist order with their values; raises ValueError on bad input."""
    products = _products(answers.products)
    slots = _slots(rubric, products, answers.online)
    for name in answers.measures:
        if rubric.measure(name) is None:
            names = ", ".join(m.id for m in rubric.measures) or "none"
            raise ValueError(
                f"measure {name}: not a measure of rubric {rubric.id} (known: {names})"
            )
    for key in answers.answers:
        _check_key(rubric, key, slots, products, "answer")
    for key in sorted(answers.evidence):
        _check_key(rubric, key, slots, products, "evidence")

    keys: list[_Key] = []
    for key, slot in slots.items():
        if slot.item.measure is not None:
            keys.append(_measured_key(rubric, key, slot, answers))
            continue
        chosen = None if slot.placeholder else answers.answers.get(key)
        value: float | None
        if chosen is None:
            value = 0.0
        elif chosen == NA:
            if not slot.item.na_allowed:
                raise ValueError(f"answer {key}: item {slot.item.id} cannot be answered N/A")
            value = None
        else:
            option = slot.item.option(chosen)
            if option is None:
                known = [o.id for o in slot.item.options] + ([NA] if slot.item.na_allowed else [])
                raise ValueError(
                    f"answer {key}: unknown option {chosen!r} for item {slot.item.id} "
                    f"(options: {', '.join(known)})"
                )
            value = option.value
        at_risk = _walk.at_risk(slot.item, value, key in answers.evidence)
        keys.append(
            _Key(key, slot.item, slot.dimension, slot.product, value, chosen is not None, at_risk)
        )
    return keys


@dataclass(frozen=True)
class _Slot:
    item: Item
    dimension: int
    product: str | None
    placeholder: bool
    """A product item of a unit without products: one key, never answerable, worth 0."""


def _measured_key(rubric: Rubric, key: str, slot: _Slot, answers: AnswerSet) -> _Key:
    measure = rubric.measure(slot.item.measure or "")
    assert measure is not None  # the model checks every item's measure is declared
    status = _measure_status(measure, answers)
    return _Key(
        key,
        slot.item,
        slot.dimension,
        None,
        status.fraction,
        status.counted,
        False,
        measure,
        status.responses if status.supplied else 0,
    )


def _measure_status(measure: Measure, answers: AnswerSet) -> MeasureStatus:
    supplied = answers.measures.get(measure.id)
    if supplied is None:
        return MeasureStatus(
            measure.id, measure.label, False, None, measure.min_responses, False, 0.0
        )
    fraction = measure.fraction(supplied.value)
    if measure.min_responses and supplied.responses is None:
        raise ValueError(
            f"measure {measure.id}: give its number of responses "
            f"(it counts from {measure.min_responses})"
        )
    counted = (supplied.responses or 0) >= measure.min_responses
    return MeasureStatus(
        measure.id,
        measure.label,
        True,
        supplied.responses,
        measure.min_responses,
        counted,
        fraction if counted else 0.0,
    )


def _parts(rubric: Rubric, dimensions: list[float | None]) -> tuple[PartScore, ...]:
    points = {d.id: p for d, p in zip(rubric.dimensions, dimensions, strict=True)}
    weights = {d.id: d.weight for d in rubric.dimensions}
    return tuple(
        PartScore(
            id=part.id,
            title=part.title,
            points=sum(points[d] or 0.0 for d in part.dimensions),
            weight=sum(weights[d] for d in part.dimensions),
        )
        for part in rubric.parts
    )


def _condition(rubric: Rubric, answers: AnswerSet) -> ConditionResult | None:
    condition = rubric.condition
    if condition is None:
        return None
    chosen = [answers.answers.get(item_id) for item_id in condition.items]
    met: bool | None
    if any(c is not None and c not in condition.passing for c in chosen):
        met = False
    elif any(c is None for c in chosen):
        met = None
    else:
        met = True
    return ConditionResult(condition.id, condition.title, condition.label, met)


def _slots(rubric: Rubric, products: list[str], online: bool = False) -> dict[str, _Slot]:
    """Askable key -> where it belongs, in checklist order (item-major)."""
    slots: dict[str, _Slot] = {}
    for position, dim in enumerate(rubric.dimensions):
        for item in dim.items:
            if not item.applies(online):
                continue
            if item.scope == "unit":
                slots[item.id] = _Slot(item, position, None, placeholder=False)
            elif not products:
                slots[item.id] = _Slot(item, position, None, placeholder=True)
            else:
                for product in products:
                    slots[answer_key(item.id, product)] = _Slot(
                        item, position, product, placeholder=False
                    )
    return slots


def _products(products: list[str]) -> list[str]:
    seen: set[str] = set()
    for product in products:
        if not product.strip():
            raise ValueError("a product name is blank")
        if product in seen:
            raise ValueError(f"product {product!r} is listed twice")
        seen.add(product)
    return list(products)


def _check_key(
    rubric: Rubric, key: str, slots: Mapping[str, _Slot], products: list[str], what: str
) -> None:
    slot = slots.get(key)
    if slot is not None and not slot.placeholder and slot.item.measure is None:
        return
    item_id, _, product = key.partition("@")
    item = rubric.item(item_id)
    if item is None:
        raise ValueError(f"{what} {key}: unknown item {item_id!r} in rubric {rubric.id}")
    if item.measure is not None:
        raise ValueError(
            f"{what} {key}: item {item_id} takes its value from the measure {item.measure}; "
            "it is not answered"
        )
    if slot is None and item.applies_to != "all":
        kind = "online units" if item.applies_to == "online" else "face-to-face units"
        raise ValueError(f"{what} {key}: item {item_id} applies to {kind} only")
    if item.scope == "unit":
        raise ValueError(f"{what} {key}: item {item_id} is asked once per unit; use {item_id}")
    if not products:
        raise ValueError(f"{what} {key}: item {item_id} is asked per product; register a product")
    if not product:
        raise ValueError(
            f"{what} {key}: item {item_id} is asked per product; use {item_id}@PRODUCT"
        )
    raise ValueError(f"{what} {key}: unknown product {product!r}")


def _item_values(keys: list[_Key], override: Mapping[str, float]) -> dict[str, float | None]:
    """Item id -> value (product keys averaged over those not N/A), None when N/A."""
    collected: dict[str, list[float | None]] = {}
    for k in keys:
        value = override.get(k.key, k.value) if k.value is not None else None
        collected.setdefault(k.item.id, []).append(value)
    result: dict[str, float | None] = {}
    for item_id, values in collected.items():
        applicable = [v for v in values if v is not None]
        result[item_id] = sum(applicable) / len(applicable) if applicable else None
    return result


def _dimension_points(
    rubric: Rubric, keys: list[_Key], override: Mapping[str, float]
) -> list[float | None]:
    """Points per dimension (None when no item of it is applicable)."""
    values = _item_values(keys, override)
    points: list[float | None] = []
    for dim in rubric.dimensions:
        earned = weight = 0.0
        for item in dim.items:
            value = values.get(item.id)  # absent: not on this unit's checklist
            if value is not None:
                earned += item.weight * value
                weight += item.weight
        points.append(dim.weight * (earned / weight) if weight else None)
    return points


def _total(rubric: Rubric, dimensions: list[float | None]) -> float:
    """0-100 from the points of the applicable dimensions; 0 when none is applicable."""
    earned = sum(points for points in dimensions if points is not None)
    possible = sum(
        dim.weight
        for dim, points in zip(rubric.dimensions, dimensions, strict=True)
        if points is not None
    )
    return rubric.points_max * earned / possible if possible else 0.0


def _key_weights(rubric: Rubric, keys: list[_Key]) -> dict[str, float]:
    """Points on the total that one applicable key is worth at full value (value 1 vs 0).

    The total is linear in each key's value while applicability stays the same:
    100 / Σ applicable dimension weights × dimension weight × item weight
    ÷ Σ applicable item weights of the dimension ÷ the item's applicable keys.
    """
    per_item: dict[str, int] = {}
    for k in keys:
        if k.value is not None:
            per_item[k.item.id] = per_item.get(k.item.id, 0) + 1
    # A zero-weight key is worth nothing; a dimension whose applicable items all weigh 0
    # scores nothing either (it is not applicable, as in _dimension_points).
    item_weight_sums = [
        sum(item.weight for item in dim.items if item.id in per_item) for dim in rubric.dimensions
    ]
    possible = sum(
        dim.weight
        for dim, weight in zip(rubric.dimensions, item_weight_sums, strict=True)
        if weight
    )
    return {
        k.key: rubric.points_max
        / possible
        * rubric.dimensions[k.dimension].weight
        * k.item.weight
        / item_weight_sums[k.dimension]
        / per_item[k.item.id]
        if k.item.weight > 0
        else 0.0
        for k in keys
        if k.value is not None
    }


def _shown(rubric: Rubric, exact: float) -> tuple[float, float | None, Band]:
    """The total as shown, the index where the rubric has one, and the category read from them."""
    total = round2(exact)
    if rubric.display == "index":
        index = round2(total / rubric.index_divisor)
        return total, index, rubric.band_for(index)
    return total, None, rubric.band_for(total)
