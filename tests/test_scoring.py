"""The scoring engine on small hand-built rubrics, with hand-computed numbers."""

from __future__ import annotations

from typing import Any

import pytest

from rubric import (
    NA,
    AnswerSet,
    Rubric,
    answer_key,
    gaps,
    next_category,
    score,
)

OMBUDSMAN_BANDS: list[dict[str, Any]] = [
    {"code": "A", "label": {"id": "Sangat Baik", "en": "Very good"}, "min": 88, "zone": "hijau"},
    {"code": "B", "label": {"id": "Baik", "en": "Good"}, "min": 78, "zone": "hijau"},
    {"code": "C", "label": {"id": "Cukup", "en": "Fair"}, "min": 54, "zone": "kuning"},
    {"code": "D", "label": {"id": "Buruk", "en": "Poor"}, "min": 32, "zone": "merah"},
    {"code": "E", "label": {"id": "Sangat Buruk", "en": "Very poor"}, "min": 0, "zone": "merah"},
]

INDEX_BANDS: list[dict[str, Any]] = [
    {"code": code, "label": {"id": code, "en": code}, "min": minimum}
    for code, minimum in [
        ("A", 4.51),
        ("A-", 4.01),
        ("B", 3.51),
        ("B-", 3.01),
        ("C", 2.51),
        ("C-", 2.01),
        ("D", 1.51),
        ("E", 1.01),
        ("F", 0),
    ]
]


def text(words: str) -> dict[str, str]:
    return {"id": words, "en": f"{words} (en)"}


def item(
    item_id: str,
    weight: float = 1,
    *,
    scope: str = "unit",
    na: bool = False,
    evidence: bool = False,
    values: list[float] | None = None,
) -> dict[str, Any]:
    """An item as YAML would give it; `values` builds custom levels l0, l1, ... best first."""
    data: dict[str, Any] = {
        "id": item_id,
        "question": text(f"question {item_id}"),
        "help": text("help"),
        "evidence_hint": text(f"evidence for {item_id}"),
        "weight": weight,
        "scope": scope,
        "na_allowed": na,
        "evidence_required": evidence,
    }
    if values is not None:
        data["options"] = [
            {"id": f"l{n}", "label": text(f"level {n}"), "value": v}
            for n, v in zip(range(len(values) - 1, -1, -1), values, strict=True)
        ]
    return data


def make_rubric(
    dimensions: list[tuple[str, float, list[dict[str, Any]]]],
    *,
    categories: list[dict[str, Any]] | None = None,
    display: str = "points",
    rubric_id: str = "test",
) -> Rubric:
    return Rubric.model_validate(
        {
            "id": rubric_id,
            "version": "1",
            "title": text("Test rubric"),
            "sources": ["tests"],
            "notes": text("made up"),
            "display": display,
            "dimensions": [
                {"id": dim_id, "title": text(dim_id), "weight": weight, "items": items}
                for dim_id, weight, items in dimensions
            ],
            "categories": categories or (INDEX_BANDS if display == "index" else OMBUDSMAN_BANDS),
        }
    )


def answers(
    values: dict[str, str] | None = None,
    products: list[str] | None = None,
    evidence: set[str] | None = None,
) -> AnswerSet:
    return AnswerSet(answers=values or {}, products=products or [], evidence=evidence or set())


@pytest.fixture
def small() -> Rubric:
    """Dimension a (60): a1 w1, a2 w3. Dimension b (40): b1 w1 (N/A allowed), b2 w1 per product."""
    return make_rubric(
        [
            ("a", 60, [item("a1"), item("a2", 3)]),
            ("b", 40, [item("b1", na=True), item("b2", scope="product", na=True)]),
        ]
    )


def points(result: Any) -> dict[str, float]:
    return {d.id: d.points for d in result.dimensions}


# -- score ------------------------------------------------------------------------------


def test_nothing_answered_scores_zero_in_the_bottom_category(small: Rubric) -> None:
    result = score(small, answers(products=["p"]))
    assert result.total == 0
    assert result.category.code == "E"
    assert result.zone == "merah"
    assert result.index is None
    assert (result.answered, result.askable, result.completion) == (0, 4, 0)


def test_dimension_points_are_weight_times_the_weighted_mean(small: Rubric) -> None:
    result = score(small, answers({"a1": "ya", "a2": "sebagian"}, products=["p"]))
    # a: 60 × (1×1 + 3×0.5) / 4 = 37.5; b: nothing answered
    assert points(result) == {"a": 37.5, "b": 0.0}
    assert result.total == 37.5
    assert result.category.code == "D"
    assert result.answered == 2


def test_na_leaves_the_denominator(small: Rubric) -> None:
    result = score(small, answers({"b1": NA, "b2@p": "ya"}, products=["p"]))
    # b: only b2 is applicable: 40 × 1 / 1
    assert points(result)["b"] == 40
    assert result.total == 40
    assert result.answered == 2  # N/A counts as answered


def test_a_dimension_without_applicable_items_leaves_the_maximum(small: Rubric) -> None:
    result = score(small, answers({"a1": "ya", "a2": "ya", "b1": NA, "b2@p": NA}, products=["p"]))
    b = next(d for d in result.dimensions if d.id == "b")
    assert not b.applicable
    assert b.points == 0
    # 100 × 60 / 60
    assert result.total == 100
    assert result.category.code == "A"

    half = score(small, answers({"a1": "ya", "b1": NA, "b2@p": NA}, products=["p"]))
    # a: 60 × 1 / 4 = 15 of 60 -> 25 of 100
    assert half.total == 25


def test_every_item_na_scores_zero_and_is_complete() -> None:
    rubric = make_rubric([("a", 100, [item("a1", na=True), item("a2", na=True)])])
    everything_na = answers({"a1": NA, "a2": NA})
    result = score(rubric, everything_na)
    assert result.total == 0
    assert result.completion == 1
    assert result.category.code == "E"
    assert gaps(rubric, everything_na) == []
    path = next_category(rubric, everything_na)
    assert path is not None
    assert (path.code, path.reachable, path.keys) == ("D", False, ())


def test_product_items_are_averaged_over_products_not_na(small: Rubric) -> None:
    values = {"b2@p": "ya", "b2@q": NA, "b2@r": "tidak", "b1": "ya"}
    result = score(small, answers(values, products=["p", "q", "r"]))
    # b2 = mean(1, 0) = 0.5; b: 40 × (1 + 0.5) / 2 = 30
    assert points(result)["b"] == 30
    assert result.askable == 2 + 1 + 3


def test_a_product_item_na_for_every_product_is_na(small: Rubric) -> None:
    result = score(small, answers({"b1": "ya", "b2@p": NA, "b2@q": NA}, products=["p", "q"]))
    assert points(result)["b"] == 40


def test_without_products_a_product_item_is_one_unanswered_key(small: Rubric) -> None:
    unit_only = answers({"a1": "ya", "a2": "ya", "b1": "ya"})
    result = score(small, unit_only)
    # b2 still counts, worth 0: b = 40 × 1 / 2 = 20, not 40
    assert points(result)["b"] == 20
    assert result.total == 80
    assert (result.answered, result.askable) == (3, 4)
    [gap] = gaps(small, unit_only)
    assert (gap.key, gap.item_id, gap.product, gap.kind) == ("b2", "b2", None, "unanswered")
    assert gap.points == pytest.approx(20)
    with pytest.raises(ValueError, match="per product"):
        score(small, answers({"b2": "ya"}))


def test_the_category_is_read_from_the_total_as_shown() -> None:
    rubric = make_rubric([("a", 100, [item("a1", values=[1, 0.87995, 0.87994, 0])])])
    shown_88 = score(rubric, answers({"a1": "l2"}))
    assert shown_88.total == 88.0
    assert shown_88.category.code == "A"
    assert shown_88.total_exact < 88
    below = score(rubric, answers({"a1": "l1"}))
    assert below.total == 87.99
    assert below.category.code == "B"


def test_index_rubric_reads_bands_on_the_index() -> None:
    rubric = make_rubric([("a", 100, [item("a1", values=[1, 0.902, 0.9, 0])])], display="index")
    assert rubric.scale_max == 5
    top = score(rubric, answers({"a1": "l2"}))
    assert (top.total, top.index, top.category.code, top.zone) == (90.2, 4.51, "A", None)
    under = score(rubric, answers({"a1": "l1"}))
    assert (under.total, under.index, under.category.code) == (90.0, 4.5, "A-")
    nothing = score(rubric, answers())
    assert (nothing.index, nothing.category.code) == (0.0, "F")


def test_evidence_items_answered_without_evidence_are_at_risk_and_keep_their_value() -> None:
    rubric = make_rubric(
        [
            (
                "a",
                100,
                [
                    item("e1", evidence=True),
                    item("e2", evidence=True),
                    item("e3", evidence=True),
                    item("plain"),
                    item("ep", evidence=True, scope="product"),
                ],
            )
        ]
    )
    values = {
        "e1": "ya",
        "e2": "sebagian",
        "e3": "tidak",
        "plain": "ya",
        "ep@KTP": "ya",
        "ep@KK": "ya",
    }
    result = score(rubric, answers(values, products=["KTP", "KK"], evidence={"e1", "ep@KK"}))
    assert result.at_risk == ("e2", "ep@KTP")
    # values kept: (1 + 0.5 + 0 + 1 + 1) / 5
    assert result.total == 70


# -- bad answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "products", "evidence", "message"),
    [
        ({"zz": "ya"}, [], set(), "answer zz: unknown item 'zz' in rubric test"),
        ({"a1": "maybe"}, [], set(), "answer a1: unknown option 'maybe' for item a1"),
        ({"a1": NA}, [], set(), "answer a1: item a1 cannot be answered N/A"),
        ({"a1@p": "ya"}, ["p"], set(), "answer a1@p: item a1 is asked once per unit"),
        ({"b2": "ya"}, ["p"], set(), "answer b2: item b2 is asked per product; use b2@PRODUCT"),
        ({"b2@x": "ya"}, ["p"], set(), "answer b2@x: unknown product 'x'"),
        ({}, [], {"nope"}, "evidence nope: unknown item 'nope'"),
        ({}, ["p", "p"], set(), "product 'p' is listed twice"),
        ({}, [" "], set(), "a product name is blank"),
    ],
)
def test_bad_answers_raise_a_clear_value_error(
    small: Rubric,
    values: dict[str, str],
    products: list[str],
    evidence: set[str],
    message: str,
) -> None:
    with pytest.raises(ValueError) as caught:
        score(small, answers(values, products, evidence))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_answer_key() -> None:
    assert answer_key("b2", "KTP-el") == "b2@KTP-el"
    assert answer_key("a1") == "a1"


# -- gaps -------------------------------------------------------------------------------


def test_gaps_are_ranked_by_points_with_ties_in_checklist_order(small: Rubric) -> None:
    given = answers({"a1": "sebagian", "b1": "ya"}, products=["p", "q"])
    found = gaps(small, given)
    assert [(g.key, g.kind) for g in found] == [
        ("a2", "unanswered"),  # 60 × 3/4 = 45
        ("b2@p", "unanswered"),  # 40 × 1/2 × 1/2 = 10
        ("b2@q", "unanswered"),  # the same: checklist order
        ("a1", "below_full"),  # 60 × 1/4 × 0.5 = 7.5
    ]
    assert [g.points for g in found] == pytest.approx([45, 10, 10, 7.5])
    assert [g.dimension_id for g in found] == ["a", "b", "b", "a"]
    assert [g.product for g in found] == [None, "p", "q", None]


def test_gap_points_scale_with_na_dimensions() -> None:
    rubric = make_rubric([("a", 60, [item("a1"), item("a2")]), ("b", 40, [item("b1", na=True)])])
    [gap] = gaps(rubric, answers({"a1": "ya", "b1": NA}))
    # a2 is worth half of a; with b N/A, a is the whole 100
    assert gap.points == pytest.approx(50)


def test_at_risk_gaps_show_the_points_they_protect() -> None:
    rubric = make_rubric(
        [("a", 100, [item("e1", 1, evidence=True), item("e2", 3, evidence=True), item("x", 4)])]
    )
    found = gaps(rubric, answers({"e1": "ya", "e2": "sebagian", "x": "ya"}))
    assert [(g.key, g.kind, g.at_risk) for g in found] == [
        ("e2", "below_full", True),
        ("e1", "at_risk", True),
    ]
    assert [g.points for g in found] == pytest.approx([18.75, 12.5])


def test_fully_answered_with_evidence_has_no_gaps(small: Rubric) -> None:
    full = answers({"a1": "ya", "a2": "ya", "b1": "ya", "b2@p": "ya"}, products=["p"])
    assert gaps(small, full) == []
    assert next_category(small, full) is None
    assert score(small, full).category.code == "A"


# -- next category ----------------------------------------------------------------------


def test_next_category_takes_the_fewest_keys(small: Rubric) -> None:
    # a1 ya, a2 sebagian: a = 60 × 2.5/4 = 37.5 -> D; C needs 54
    given = answers({"a1": "ya", "a2": "sebagian", "b1": "tidak"}, products=["p"])
    path = next_category(small, given)
    assert path is not None
    assert path.code == "C"
    assert path.reachable
    # a2 to ya adds 22.5 (60.0 -> C) alone
    assert path.keys == ("a2",)
    assert path.total_after == 60.0
    after = score(small, answers({**given.answers, "a2": "ya"}, products=["p"]))
    assert after.category.code == "C"


def test_next_category_needs_several_keys_when_one_is_not_enough() -> None:
    rubric = make_rubric([("a", 100, [item(f"i{n}") for n in range(10)])])
    given = answers({f"i{n}": "ya" for n in range(5)})  # 50 -> D
    path = next_category(rubric, given)
    assert path is not None
    assert (path.code, path.keys, path.total_after) == ("C", ("i5",), 60.0)
    given = answers({f"i{n}": "ya" for n in range(8)})  # 80 -> B; A needs 88 = 9 of 10
    path = next_category(rubric, given)
    assert path is not None
    assert (path.code, path.keys) == ("A", ("i8",))


def test_at_risk_keys_are_not_in_the_path() -> None:
    rubric = make_rubric([("a", 100, [item("e1", evidence=True), item("x1"), item("x2")])])
    given = answers({"e1": "ya"})  # 33.33 -> D
    path = next_category(rubric, given)
    assert path is not None
    assert path.keys == ("x1",)  # 66.67 -> C; e1 is already at full value
