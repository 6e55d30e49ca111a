"""The rubric models: what a valid rubric is, and the lookups the engine and the bot use."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from pydantic import ValidationError

from rubric import Item, Rubric, Text, builtin_ids, load_builtin, round2
from rubric._models import default_options
from tests.test_scoring import OMBUDSMAN_BANDS, item, make_rubric, text


def base() -> dict[str, Any]:
    return {
        "id": "test",
        "version": "1",
        "title": text("Test"),
        "sources": ["tests"],
        "notes": text("made up"),
        "dimensions": [
            {"id": "a", "title": text("a"), "weight": 60, "items": [item("a1"), item("a2")]},
            {"id": "b", "title": text("b"), "weight": 40, "items": [item("b1", scope="product")]},
        ],
        "categories": copy.deepcopy(OMBUDSMAN_BANDS),
    }


def test_a_valid_rubric_loads_with_checklist_order_and_lookups() -> None:
    rubric = Rubric.model_validate(base())
    assert [i.id for i in rubric.items] == ["a1", "a2", "b1"]
    b1 = rubric.item("b1")
    assert b1 is not None
    assert b1.scope == "product"
    assert rubric.item("zz") is None
    dimension = rubric.dimension_of("a2")
    assert dimension is not None
    assert dimension.id == "a"
    assert rubric.dimension_of("zz") is None
    b = rubric.dimension("b")
    assert b is not None
    assert b.weight == 40
    assert rubric.scale_max == 100
    assert rubric.to_display(87.5) == 87.5


def test_default_options_are_ya_sebagian_tidak() -> None:
    options = default_options()
    assert [(o.id, o.label.id, o.label.en, o.value) for o in options] == [
        ("ya", "Ya", "Yes", 1.0),
        ("sebagian", "Sebagian", "Partly", 0.5),
        ("tidak", "Tidak", "No", 0.0),
    ]
    assert Item.model_validate(item("x")).options == options


def test_round2_rounds_half_up_as_shown() -> None:
    assert round2(87.995) == 88.0
    assert round2(87.99499) == 87.99
    assert round2(49.849999999999994) == 49.85
    assert round2(4.5095) == 4.51
    assert round2(0) == 0


def test_bands_are_read_as_shown_and_know_the_band_above() -> None:
    rubric = Rubric.model_validate(base())
    assert rubric.band_for(87.996).code == "A"
    assert rubric.band_for(87.994).code == "B"
    assert rubric.band_for(88).code == "A"
    assert rubric.band_for(31.99).code == "E"
    assert rubric.band_for(0).code == "E"
    assert rubric.band_for(100).code == "A"
    e = rubric.band_for(0)
    d = rubric.band_above(e)
    assert d is not None
    assert d.code == "D"
    assert rubric.band_above(rubric.band_for(100)) is None


def test_an_index_rubric_has_its_scale_on_the_index() -> None:
    data = base()
    data["display"] = "index"
    data["categories"] = [
        {"code": "A", "label": text("A"), "min": 4.51},
        {"code": "F", "label": text("F"), "min": 0},
    ]
    rubric = Rubric.model_validate(data)
    assert rubric.scale_max == 5
    assert rubric.to_display(90.2) == pytest.approx(4.51)
    assert rubric.band_for(4.509999).code == "A"
    assert rubric.band_for(4.5).code == "F"


def test_text_needs_both_languages_and_no_blank_ones() -> None:
    assert Text(id="Ya", en="Yes").get("en") == "Yes"
    assert Text(id="Ya", en="Yes").get("id") == "Ya"
    with pytest.raises(ValidationError):
        Text.model_validate({"id": "Ya"})
    with pytest.raises(ValidationError):
        Text(id="Ya", en="   ")
    with pytest.raises(ValidationError):
        Text(id="", en="Yes")


def mutated(change: Any) -> dict[str, Any]:
    data = base()
    change(data)
    return data


def options(*values: float) -> list[dict[str, Any]]:
    return [{"id": f"o{n}", "label": text(f"o{n}"), "value": v} for n, v in enumerate(values)]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["dimensions"][0]["items"][0].update(options=options(0, 0.5, 1)),
            "options must be best first",
        ),
        (
            lambda d: d["dimensions"][0]["items"][0].update(options=options(1, 1, 0)),
            "options must be best first",
        ),
        (
            lambda d: d["dimensions"][0]["items"][0].update(options=options(0.9, 0)),
            "the best option must be worth 1",
        ),
        (lambda d: d["dimensions"][0]["items"][0].update(options=options(1)), "at least two"),
        (
            lambda d: d["dimensions"][0]["items"][0].update(options=options(1, 1.5)),
            "less than or equal to 1",
        ),
        (
            lambda d: d["dimensions"][0]["items"][0].update(
                options=[*options(1), {"id": "na", "label": text("na"), "value": 0}]
            ),
            "reserved",
        ),
        (
            lambda d: d["dimensions"][0]["items"][0].update(
                options=[*options(1, 0.5), {"id": "o0", "label": text("x"), "value": 0}]
            ),
            "duplicate option id o0",
        ),
        (lambda d: d["dimensions"][1]["items"][0].update(id="a1"), "duplicate item id a1"),
        (lambda d: d["dimensions"][1].update(id="a"), "duplicate dimension id a"),
        (lambda d: d["dimensions"][1].update(weight=39), "add up to 99.00, not 100"),
        (lambda d: d["dimensions"][0]["items"][0].update(weight=-1), "greater than or equal to 0"),
        (
            lambda d: [i.update(weight=0) for i in d["dimensions"][0]["items"]],
            "could never score",
        ),
        (lambda d: d["dimensions"][0].update(items=[]), "at least 1 item"),
        (lambda d: d["categories"][2].update(min=80), "category C (min 80) overlaps category B"),
        (lambda d: d["categories"][4].update(min=10), "leaving a gap below it"),
        (lambda d: d["categories"][1].update(code="A"), "duplicate category code A"),
        (lambda d: d["categories"][0].update(zone=None), "category A has no zone"),
        (lambda d: d["categories"][0].update(min=120), "above the scale maximum"),
        (lambda d: d.update(colour="red"), "Extra inputs are not permitted"),
        (lambda d: d["dimensions"][0]["items"][0].update(id="A 1"), "should match pattern"),
        (lambda d: d["dimensions"][0]["items"][0].update(scope="desk"), "'unit' or 'product'"),
    ],
)
def test_invalid_rubrics_are_refused(change: Any, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Rubric.model_validate(mutated(change))
    assert problem in str(caught.value)


def test_make_rubric_helper_builds_valid_rubrics() -> None:
    rubric = make_rubric([("a", 100, [item("x", values=[1, 0.5, 0])])])
    x = rubric.item("x")
    assert x is not None
    assert [o.id for o in x.options] == ["l2", "l1", "l0"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "Ombudsman menemukan kepala dinas yang tidak tahu (S21). Kaitkan.",
            "Ombudsman menemukan kepala dinas yang tidak tahu. Kaitkan.",
        ),
        ("Bands (S17, S18) and levels (S26–S30), then (S3, S5, S6).", "Bands and levels, then."),
        (
            "A Standar Pelayanan (SP) stays; so does (Samsat).",
            "A Standar Pelayanan (SP) stays; so does (Samsat).",
        ),
    ],
)
def test_shown_text_drops_source_markers_only(raw: str, shown: str) -> None:
    text = Text(id=raw, en=raw)
    assert text.shown("id") == shown and text.shown("en") == shown
    assert text.get("id") == raw  # the data keeps them


def test_no_builtin_item_shows_a_source_marker_to_officers() -> None:
    for rubric_id in builtin_ids():
        for shown_item in load_builtin(rubric_id).items:
            for field in (shown_item.question, shown_item.help, shown_item.evidence_hint):
                if field is None:
                    continue
                for lang in ("id", "en"):
                    assert not re.search(r"\(S\d", field.shown(lang)), (rubric_id, shown_item.id)
