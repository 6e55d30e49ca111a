"""Properties of the scoring engine over random small rubrics and random answers."""

from __future__ import annotations

import itertools
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rubric import NA, AnswerSet, Rubric, answer_key, gaps, next_category, score
from tests.test_scoring import INDEX_BANDS, item, make_rubric

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEVELS = [None, [1, 0.67, 0.33, 0], [1, 0.25, 0]]


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    dimension_count = draw(st.integers(1, 4))
    raw = [draw(st.integers(1, 60)) for _ in range(dimension_count)]
    weights = [round(100 * w / sum(raw), 2) for w in raw]
    weights[-1] = round(100 - sum(weights[:-1]), 2)
    if weights[-1] <= 0:
        weights = [round(100 / dimension_count, 2)] * dimension_count
        weights[-1] = round(100 - sum(weights[:-1]), 2)
    dimensions: list[tuple[str, float, list[dict[str, Any]]]] = []
    for d, weight in enumerate(weights):
        items = [
            item(
                f"d{d}-i{i}",
                draw(st.sampled_from([0.5, 1, 2, 3])),
                scope=draw(st.sampled_from(["unit", "unit", "product"])),
                na=draw(st.booleans()),
                evidence=draw(st.booleans()),
                values=draw(st.sampled_from(LEVELS)),
            )
            for i in range(draw(st.integers(1, 4)))
        ]
        dimensions.append((f"d{d}", weight, items))
    display = draw(st.sampled_from(["points", "index"]))
    return make_rubric(
        dimensions, display=display, categories=INDEX_BANDS if display == "index" else None
    )


def keys_of(rubric: Rubric, products: list[str], *, placeholders: bool = False) -> list[str]:
    """Answerable keys; with `placeholders`, also the bare id of a product item without products."""
    keys: list[str] = []
    for it in rubric.items:
        if it.scope == "unit" or (placeholders and not products):
            keys.append(it.id)
        else:
            keys.extend(answer_key(it.id, p) for p in products)
    return keys


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rubric, AnswerSet]:
    rubric = draw(rubrics())
    products = draw(st.lists(st.sampled_from(["KTP", "KK", "Akta"]), max_size=3, unique=True))
    values: dict[str, str] = {}
    for key in keys_of(rubric, products):
        it = rubric.item(key.partition("@")[0])
        assert it is not None
        choices = [None, *[o.id for o in it.options], *([NA] if it.na_allowed else [])]
        chosen = draw(st.sampled_from(choices))
        if chosen is not None:
            values[key] = chosen
    evidence = draw(st.sets(st.sampled_from(keys_of(rubric, products) or ["-"])))
    evidence.discard("-")
    return rubric, AnswerSet(answers=values, products=products, evidence=evidence)


def with_answer(rubric: Rubric, answers: AnswerSet, key: str, option_id: str) -> AnswerSet:
    """The answers with `key` set.

    A placeholder key (a product item of a unit without products) is answered by registering
    one product "P" first: its other product items then stay unanswered, worth 0 as before.
    """
    item_id, _, product = key.partition("@")
    it = rubric.item(item_id)
    assert it is not None
    if it.scope == "product" and not product:
        assert answers.products in ([], ["P"])
        return answers.model_copy(
            update={"products": ["P"], "answers": {**answers.answers, f"{item_id}@P": option_id}}
        )
    return answers.model_copy(update={"answers": {**answers.answers, key: option_id}})


def best(rubric: Rubric, key: str) -> str:
    it = rubric.item(key.partition("@")[0])
    assert it is not None
    return it.options[0].id


@SETTINGS
@given(cases())
def test_total_stays_within_the_scale(case: tuple[Rubric, AnswerSet]) -> None:
    rubric, answers = case
    result = score(rubric, answers)
    assert 0 <= result.total <= 100
    assert 0 <= result.completion <= 1
    if result.index is not None:
        assert 0 <= result.index <= rubric.scale_max
    for d in result.dimensions:
        assert -1e-9 <= d.points <= d.weight + 1e-9


@SETTINGS
@given(cases(), st.data())
def test_improving_an_answer_never_lowers_the_total(
    case: tuple[Rubric, AnswerSet], data: st.DataObject
) -> None:
    rubric, answers = case
    before = score(rubric, answers)
    candidates = [
        key for key in keys_of(rubric, answers.products) if answers.answers.get(key) != NA
    ]
    if not candidates:
        return
    key = data.draw(st.sampled_from(candidates))
    it = rubric.item(key.partition("@")[0])
    assert it is not None
    current = it.option(answers.answers.get(key, ""))
    current_value = current.value if current else 0.0
    better = [o.id for o in it.options if o.value >= current_value]
    after = score(rubric, with_answer(rubric, answers, key, data.draw(st.sampled_from(better))))
    assert after.total_exact >= before.total_exact - 1e-9
    assert after.total >= before.total
    assert rubric.categories.index(after.category) <= rubric.categories.index(before.category)


# At least one product: without one, a product item cannot be answered at all.
@SETTINGS
@given(rubrics(), st.lists(st.sampled_from(["KTP", "KK"]), min_size=1, max_size=2, unique=True))
def test_all_best_answers_give_the_maximum_and_the_top_category(
    rubric: Rubric, products: list[str]
) -> None:
    keys = keys_of(rubric, products)
    all_best = AnswerSet(
        answers={key: best(rubric, key) for key in keys}, products=products, evidence=set(keys)
    )
    result = score(rubric, all_best)
    assert result.total == 100
    assert result.category == rubric.categories[0]
    assert result.completion == 1
    assert gaps(rubric, all_best) == []
    assert next_category(rubric, all_best) is None


@SETTINGS
@given(cases(), st.data())
def test_na_on_an_item_never_changes_other_dimensions(
    case: tuple[Rubric, AnswerSet], data: st.DataObject
) -> None:
    rubric, answers = case
    allowing = [it for it in rubric.items if it.na_allowed]
    if not allowing:
        return
    target = data.draw(st.sampled_from(allowing))
    if target.scope == "product" and answers.products:
        keys = [answer_key(target.id, p) for p in answers.products]
        keys = data.draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    elif target.scope == "product":
        return  # no products: nothing to mark N/A
    else:
        keys = [target.id]
    marked = answers.model_copy(update={"answers": {**answers.answers, **dict.fromkeys(keys, NA)}})
    dimension = rubric.dimension_of(target.id)
    assert dimension is not None
    before = {d.id: d.points for d in score(rubric, answers).dimensions}
    after = {d.id: d.points for d in score(rubric, marked).dimensions}
    for dim_id, points in before.items():
        if dim_id != dimension.id:
            assert after[dim_id] == points


@SETTINGS
@given(cases())
def test_the_path_really_reaches_the_next_category_and_is_shortest(
    case: tuple[Rubric, AnswerSet],
) -> None:
    rubric, answers = case
    result = score(rubric, answers)
    path = next_category(rubric, answers)
    if result.category == rubric.categories[0]:
        assert path is None
        return
    assert path is not None
    target = rubric.band_above(result.category)
    assert target is not None
    assert path.code == target.code
    if not path.reachable:
        # only when nothing can be gained at all
        assert all(g.kind == "at_risk" for g in gaps(rubric, answers))
        return
    applied = answers
    for key in path.keys:
        applied = with_answer(rubric, applied, key, best(rubric, key))
    after = score(rubric, applied)
    shown = after.index if after.index is not None else after.total
    assert shown >= target.min
    assert after.total == path.total_after
    # one key fewer, even the best ones, does not reach it
    shorter = answers
    for key in path.keys[:-1]:
        shorter = with_answer(rubric, shorter, key, best(rubric, key))
    short = score(rubric, shorter)
    assert (short.index if short.index is not None else short.total) < target.min


@SETTINGS
@given(cases())
def test_gap_points_are_the_real_effect_of_fixing_that_one_key(
    case: tuple[Rubric, AnswerSet],
) -> None:
    rubric, answers = case
    before = score(rubric, answers).total_exact
    for gap in gaps(rubric, answers):
        assert gap.points > 0
        if gap.kind == "at_risk":
            it = rubric.item(gap.item_id)
            assert it is not None
            lost = score(rubric, with_answer(rubric, answers, gap.key, it.options[-1].id))
            assert math.isclose(before - lost.total_exact, gap.points, abs_tol=1e-9)
        else:
            fixed = score(rubric, with_answer(rubric, answers, gap.key, best(rubric, gap.key)))
            assert math.isclose(fixed.total_exact - before, gap.points, abs_tol=1e-9)


@SETTINGS
@given(cases())
def test_gaps_are_ranked_and_cover_every_key_below_full_or_at_risk(
    case: tuple[Rubric, AnswerSet],
) -> None:
    rubric, answers = case
    found = gaps(rubric, answers)
    assert all(a.points >= b.points - 1e-9 for a, b in itertools.pairwise(found))
    result = score(rubric, answers)
    assert set(result.at_risk) <= {g.key for g in found}
    below_full = {
        key
        for key in keys_of(rubric, answers.products, placeholders=True)
        if answers.answers.get(key) not in (NA, best(rubric, key))
    }
    assert {g.key for g in found if g.kind != "at_risk"} == below_full
