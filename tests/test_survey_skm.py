"""The survey's suggested level for PEKPPP F-02's SKM indicator (bot/survey/skm.py, pure), and
the level descriptions it relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import rubric
from bot.survey import ikm, skm
from bot.survey.questions import SKM_ELEMENTS

SKM = rubric.load_builtin("pekppp-2025").item("k06-skm")
assert SKM is not None and SKM.survey_suggests is not None
LEVELS = SKM.survey_suggests


def facts(responses: int, needed: int = 30, population: int | None = None) -> skm.Facts:
    rows = [dict.fromkeys(SKM_ELEMENTS, 3)] * responses
    return skm.Facts("2026-S1", responses, needed, population, ikm.ikm(rows))


def test_no_response_suggests_no_level_and_says_how_many_to_collect() -> None:
    found = skm.suggest(facts(0), LEVELS)
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
    found = skm.suggest(facts(responses, needed), LEVELS)
    assert (found.level, found.missing) == (level, missing)
    assert found.per_the_rule == (level == 2)
    assert found.facts.elements == 9


def test_without_all_nine_elements_the_survey_is_not_per_the_rule() -> None:
    full = facts(40).ikm
    assert full is not None
    eight = ikm.Ikm(40, full.elements[:8], full.exact)
    found = skm.suggest(skm.Facts("2026-S1", 40, 30, None, eight), LEVELS)
    assert found.level == 1 and found.missing == 0


def test_only_the_skm_indicator_of_pekppp_2025_declares_survey_levels() -> None:
    suggested = {
        (rubric_id, item.id)
        for rubric_id in rubric.builtin_ids()
        for item in rubric.load_builtin(rubric_id).items
        if item.survey_suggests is not None
    }
    assert suggested == {("pekppp-2025", "k06-skm")}  # publication (k07) is not the survey's
    assert (LEVELS.runs, LEVELS.per_the_rule) == (1, 2)


@pytest.mark.parametrize(
    ("levels", "why"),
    [
        ("runs: 1\n      per_the_rule: 7", "wanted (1, 7)"),
        ("runs: 2\n      per_the_rule: 1", "higher level than runs"),
    ],
)
def test_survey_levels_must_be_levels_of_the_item_in_order(levels: str, why: str) -> None:
    text = (Path(rubric.__file__).parent / "data" / "pekppp-2025.yaml").read_text()
    broken = text.replace("runs: 1\n      per_the_rule: 2", levels, 1)
    assert broken != text
    with pytest.raises(rubric.RubricError, match=re.escape(why)):
        rubric.parse_rubric(broken, source="pekppp-2025.yaml")


def _item(**fields: object) -> dict[str, object]:
    text = {"id": "Teks", "en": "Text"}
    return {"id": "x", "question": text, "help": text, "evidence_hint": text, "weight": 1,
            "survey_suggests": {"runs": 1, "per_the_rule": 2}, **fields}  # fmt: skip


@pytest.mark.parametrize(
    "fields",
    [
        {},  # plain options (Ya / Sebagian / Tidak): no levels to suggest
        {  # fed by a measure: never asked, so nothing to suggest to an officer
            "measure": "survey.skm",
            "levels": [
                {"level": n, "description": {"id": "Teks", "en": "Text"}} for n in (2, 1, 0)
            ],
        },
    ],
)
def test_survey_levels_need_an_asked_levelled_item(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="survey_suggests names levels"):
        rubric.Item.model_validate(_item(**fields))
    levels = [{"level": n, "description": {"id": "Teks", "en": "Text"}} for n in (2, 1, 0)]
    assert rubric.Item.model_validate(_item(levels=levels)).survey_suggests == LEVELS


def test_the_levels_the_rule_suggests_mean_what_it_assumes() -> None:
    """If the rubric's level texts change, the rule must be read again."""
    item = rubric.load_builtin("pekppp-2025").item("k06-skm")
    assert item is not None
    described = {o.level: o.description.get("id") for o in item.options if o.description}
    assert described[LEVELS.per_the_rule] == "Sesuai aturan, belum dipublikasikan."
    assert (
        "belum sesuai aturan" in described[LEVELS.runs]
        and "sampel kurang" in described[LEVELS.runs]
    )
    assert all("dipublikasikan" in described[n] for n in (3, 4, 5))  # the officer's to confirm


def test_an_skm_per_the_rule_in_the_semester_before_still_stands() -> None:
    """Permen PANRB 14/2017 asks for an SKM at least once a year (domain §8.3): one completed
    per the rule in January-June still answers F-02 in July. Only a per-the-rule SKM carries
    over: below the rule, the responses still to collect go to the current semester."""

    def at(period: str, responses: int) -> skm.Suggestion:
        rows = [dict.fromkeys(SKM_ELEMENTS, 3)] * responses
        return skm.suggest(skm.Facts(period, responses, 30, None, ikm.ikm(rows)), LEVELS)

    chosen = skm.latest(at("2026-S2", 0), at("2026-S1", 40))
    assert (chosen.level, chosen.facts.period, chosen.per_the_rule) == (2, "2026-S1", True)
    chosen = skm.latest(at("2026-S2", 12), at("2026-S1", 40))
    assert (chosen.level, chosen.facts.period) == (2, "2026-S1")
    # The current semester wins whenever it is per the rule too, or the one before is not.
    assert skm.latest(at("2026-S2", 31), at("2026-S1", 40)).facts.period == "2026-S2"
    chosen = skm.latest(at("2026-S2", 0), at("2026-S1", 12))
    assert (chosen.level, chosen.facts.period, chosen.missing) == (None, "2026-S2", 30)
    chosen = skm.latest(at("2026-S2", 5), at("2026-S1", 12))
    assert (chosen.level, chosen.facts.period, chosen.missing) == (1, "2026-S2", 25)
