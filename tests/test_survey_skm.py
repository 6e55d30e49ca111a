"""The survey's suggested level for PEKPPP F-02's SKM indicator (bot/survey/skm.py, pure), and
the level descriptions it relies on."""

from __future__ import annotations

import pytest

import rubric
from bot.survey import ikm, skm
from bot.survey.questions import SKM_ELEMENTS


def facts(responses: int, needed: int = 30, population: int | None = None) -> skm.Facts:
    rows = [dict.fromkeys(SKM_ELEMENTS, 3)] * responses
    return skm.Facts("2026-S1", responses, needed, population, ikm.ikm(rows))


def test_no_response_suggests_no_level_and_says_how_many_to_collect() -> None:
    found = skm.suggest(facts(0))
    assert (found.level, found.missing, found.facts.elements) == (None, 30, 0)


@pytest.mark.parametrize(
    ("responses", "needed", "level", "missing"),
    [
        (1, 30, 1, 29),
        (29, 30, 1, 1),
        (30, 30, 2, 0),
        (31, 30, 2, 0),
        (79, 80, 1, 1),
        (80, 80, 2, 0),
    ],
)
def test_the_sample_against_the_minimum_decides_level_1_or_2(
    responses: int, needed: int, level: int, missing: int
) -> None:
    found = skm.suggest(facts(responses, needed))
    assert (found.level, found.missing) == (level, missing)
    assert found.per_the_rule == (level == 2)
    assert found.facts.elements == 9


def test_without_all_nine_elements_the_survey_is_not_per_the_rule() -> None:
    full = facts(40).ikm
    assert full is not None
    eight = ikm.Ikm(40, full.elements[:8], full.exact)
    found = skm.suggest(skm.Facts("2026-S1", 40, 30, None, eight))
    assert found.level == 1 and found.missing == 0


def test_only_the_skm_indicator_of_pekppp_2025_gets_a_suggestion() -> None:
    assert skm.suggests("pekppp-2025", "k06-skm")
    assert not skm.suggests("pekppp-2025", "k07-publikasi-skm")  # publication: not known
    assert not skm.suggests("pekppp-2024", "k06-skm")


def test_the_levels_the_rule_suggests_mean_what_it_assumes() -> None:
    """If the rubric's level texts change, the rule must be read again."""
    item = rubric.load_builtin("pekppp-2025").item("k06-skm")
    assert item is not None
    described = {o.level: o.description.get("id") for o in item.options if o.description}
    assert described[skm.PER_THE_RULE] == "Sesuai aturan, belum dipublikasikan."
    assert "belum sesuai aturan" in described[skm.RUNS] and "sampel kurang" in described[skm.RUNS]
    assert all("dipublikasikan" in described[n] for n in (3, 4, 5))  # the officer's to confirm
