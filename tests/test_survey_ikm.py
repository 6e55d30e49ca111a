"""The SKM arithmetic (Permen PANRB 14/2017): exact NRR and IKM, bands, Krejcie–Morgan."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.survey.ikm import band, ikm, krejcie_morgan, round2
from bot.survey.questions import QUESTIONS, SKM_ELEMENTS, TOTAL

answer = st.integers(min_value=1, max_value=4)
response = st.fixed_dictionaries({e: answer for e in SKM_ELEMENTS})
responses = st.lists(response, min_size=1, max_size=60)


def test_published_example_is_computed_exactly() -> None:
    """domain §8.3: 29 respondents, answers totalling 955 -> 91.48 exactly (a spreadsheet
    that rounds the weight 1/9 to 0.111 reported 90.56)."""
    rows = [{e: 4 for e in SKM_ELEMENTS} for _ in range(29)]  # 29 × 9 × 4 = 1044
    lowered = 1044 - 955
    for row in rows:  # take 89 points off, one answer at a time
        for e in SKM_ELEMENTS:
            if lowered and row[e] > 1:
                step = min(row[e] - 1, lowered)
                row[e] -= step
                lowered -= step
    assert sum(sum(r.values()) for r in rows) == 955
    result = ikm(rows)
    assert result is not None
    assert result.exact == Fraction(25 * 955, 29 * 9)
    assert result.value == Decimal("91.48")
    assert result.category == "A" and result.label("id") == "Sangat Baik"


def test_nrr_is_sum_over_respondents() -> None:
    rows = [{**{e: 4 for e in SKM_ELEMENTS}, "U4": v} for v in (1, 2, 2)]
    result = ikm(rows)
    assert result is not None
    u4 = next(e for e in result.elements if e.id == "U4")
    assert (u4.total, u4.nrr, u4.nrr2) == (5, Fraction(5, 3), Decimal("1.67"))
    assert u4.converted == Decimal("41.67") and u4.category == "D"
    assert next(e for e in result.elements if e.id == "U1").category == "A"


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_bands_at_their_edges(value: str, letter: str, label: str) -> None:
    assert band(Decimal(value))[:2] == (letter, label)


def test_half_up_rounding_from_the_exact_fraction() -> None:
    assert round2(Fraction(88305, 1000)) == Decimal("88.31")  # a float would say 88.30
    assert round2(Fraction(1, 3)) == Decimal("0.33")


def test_no_response_no_index() -> None:
    assert ikm([]) is None
    with pytest.raises(ValueError):
        ikm([{**{e: 4 for e in SKM_ELEMENTS}, "U9": 5}])


@given(responses)
def test_ikm_is_25_times_the_mean_answer_and_within_25_100(rows: list[dict[str, int]]) -> None:
    result = ikm(rows)
    assert result is not None
    total = sum(sum(r.values()) for r in rows)
    assert result.exact == Fraction(25 * total, 9 * len(rows))
    assert 25 <= result.exact <= 100
    assert result.category == band(result.value)[0]
    assert all(1 <= e.nrr <= 4 for e in result.elements)


@given(responses, st.data())
def test_a_better_answer_never_lowers_the_ikm(
    rows: list[dict[str, int]], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(rows) - 1))
    element = data.draw(st.sampled_from(SKM_ELEMENTS))
    before = ikm(rows)
    better = [dict(r) for r in rows]
    better[i][element] = min(4, better[i][element] + 1)
    after = ikm(better)
    assert before is not None and after is not None
    assert after.exact >= before.exact
    assert after.value >= before.value


@given(response, st.integers(1, 20))
def test_repeating_the_same_responses_changes_nothing(row: dict[str, int], times: int) -> None:
    one, many = ikm([row]), ikm([row] * times)
    assert one is not None and many is not None and one.exact == many.exact


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (10_000, 370),
        (100_000, 383),
        (1_000_000, 384),
    ],
)
def test_krejcie_morgan_table(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


@given(st.integers(1, 2_000_000))
def test_krejcie_morgan_is_monotone_and_bounded(population: int) -> None:
    s = krejcie_morgan(population)
    assert 1 <= s <= min(population, 384)
    assert krejcie_morgan(population + 1) >= s


def test_questionnaire_shape() -> None:
    """Nine SKM elements of four options, seven maladministration questions, trust, four
    skippable profile questions and the suggestion, in that order."""
    parts = [q.part for q in QUESTIONS]
    assert parts == ["skm"] * 9 + ["mal"] * 7 + ["trust"] + ["profile"] * 4 + ["suggestion"]
    assert TOTAL == 22
    assert [QUESTIONS[0].value(n) for n in (1, 2, 3, 4)] == [4, 3, 2, 1]
    assert [QUESTIONS[9].value(n) for n in (1, 2)] == [0, 1]
    assert all(q.skippable == (q.part in ("profile", "suggestion")) for q in QUESTIONS)
