"""Loading rubrics: the shipped ones, and one-line errors naming file, item and problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import rubric
from rubric import RubricError, builtin_ids, load_builtin, load_file
from tests.test_rubric_models import base

SHIPPED = ["ombudsman-2021", "ombudsman-2024", "pekppp-2024"]


# -- the shipped rubrics ------------------------------------------------------------------


def test_the_three_rubrics_ship() -> None:
    assert set(SHIPPED) <= set(builtin_ids())
    assert builtin_ids() == sorted(builtin_ids())


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_every_shipped_rubric_loads_once(rubric_id: str) -> None:
    loaded = load_builtin(rubric_id)
    assert loaded.id == rubric_id
    assert load_builtin(rubric_id) is loaded
    assert loaded.items
    assert loaded.sources
    assert loaded.notes.id.strip()
    assert loaded.notes.en.strip()


def test_unknown_builtin_is_a_clear_error() -> None:
    with pytest.raises(RubricError, match=r"unknown rubric 'nope' \(built in: .*ombudsman-2024"):
        load_builtin("nope")
    with pytest.raises(RubricError, match="unknown rubric"):
        load_builtin("../pyproject")


def test_ombudsman_2024_weights_and_bands_are_the_spec_ones() -> None:
    r = load_builtin("ombudsman-2024")
    assert [(d.id, d.weight) for d in r.dimensions] == [
        ("input", 21.85),
        ("proses", 32.37),
        ("output", 24.24),
        ("pengaduan", 21.54),
    ]
    assert [(b.code, b.min, b.zone) for b in r.categories] == [
        ("A", 88, "hijau"),
        ("B", 78, "hijau"),
        ("C", 54, "kuning"),
        ("D", 32, "merah"),
        ("E", 0, "merah"),
    ]
    assert r.display == "points"


@pytest.mark.parametrize(
    ("published", "category"),
    [(88.11, "A"), (78.2, "B"), (52.68, "D"), (58.99, "C"), (49.85, "D")],
)
def test_ombudsman_2024_bands_match_published_results(published: float, category: str) -> None:
    assert load_builtin("ombudsman-2024").band_for(published).code == category


def test_ombudsman_2024_published_dimension_split() -> None:
    r = load_builtin("ombudsman-2024")
    split = {"input": 8.72, "proses": 10.76, "output": 20.76, "pengaduan": 9.61}
    weights = {d.id: d.weight for d in r.dimensions}
    assert all(points <= weights[dim] for dim, points in split.items())
    total = rubric.round2(sum(split.values()))
    assert total == 49.85
    band = r.band_for(total)
    assert (band.code, band.zone) == ("D", "merah")


def test_pekppp_2024_is_an_index_with_the_spec_aspects_and_bands() -> None:
    r = load_builtin("pekppp-2024")
    assert [d.weight for d in r.dimensions] == [24, 25, 18, 11, 10, 12]
    assert r.display == "index"
    assert r.index_divisor == 20
    assert r.scale_max == 5
    assert [(b.code, b.min, b.zone) for b in r.categories] == [
        ("A", 4.51, None),
        ("A-", 4.01, None),
        ("B", 3.51, None),
        ("B-", 3.01, None),
        ("C", 2.51, None),
        ("C-", 2.01, None),
        ("D", 1.51, None),
        ("E", 1.01, None),
        ("F", 0, None),
    ]


def test_ombudsman_2021_uses_the_zone_model() -> None:
    r = load_builtin("ombudsman-2021")
    assert [(b.min, b.zone) for b in r.categories] == [(81, "hijau"), (51, "kuning"), (0, "merah")]
    assert r.band_for(81).zone == "hijau"
    assert r.band_for(80.995).zone == "hijau"
    assert r.band_for(80.99).zone == "kuning"
    assert r.band_for(51).zone == "kuning"
    assert r.band_for(50.99).zone == "merah"


def test_shipped_files_load_the_same_through_load_file() -> None:
    data_dir = Path(rubric.__file__).parent / "data"
    for rubric_id in SHIPPED:
        assert load_file(data_dir / f"{rubric_id}.yaml") == load_builtin(rubric_id)


# -- error messages -----------------------------------------------------------------------


def write(tmp_path: Path, data: Any, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(base())
    change(data)
    return data


def first_item(d: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = d["dimensions"][0]["items"][1]
    return item


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: first_item(d)["question"].pop("en"),
            "item a2: missing English translation of question",
        ),
        (
            lambda d: first_item(d)["help"].pop("id"),
            "item a2: missing Indonesian translation of help",
        ),
        (
            lambda d: first_item(d)["evidence_hint"].update(en="  "),
            "item a2: blank English translation of evidence_hint",
        ),
        (
            lambda d: first_item(d).update(question="Apakah ada?"),
            "item a2: question needs both texts, as a mapping with `id` (Indonesian) "
            "and `en` (English)",
        ),
        (lambda d: first_item(d).update(colour="red"), "item a2: unknown field colour"),
        (lambda d: first_item(d).pop("weight"), "item a2: missing field weight"),
        (
            lambda d: first_item(d).update(
                options=[
                    {"id": "no", "label": {"id": "Tidak", "en": "No"}, "value": 0},
                    {"id": "yes", "label": {"id": "Ya", "en": "Yes"}, "value": 1},
                ]
            ),
            "item a2: options must be best first with strictly falling values, got [0.0, 1.0]",
        ),
        (
            lambda d: first_item(d).update(
                options=[
                    {"id": "yes", "label": {"id": "Ya", "en": "Yes"}, "value": 1},
                    {"id": "no", "label": {"id": "Tidak"}, "value": 0},
                ]
            ),
            "item a2, option no: missing English translation of label",
        ),
        (lambda d: first_item(d).update(id="a1"), "duplicate item id a1"),
        (
            lambda d: d["dimensions"][1].update(weight=30),
            "dimension weights add up to 90.00, not 100",
        ),
        (lambda d: d["dimensions"][1]["title"].pop("en"), "dimension b: missing English"),
        (
            lambda d: d["dimensions"][1].update(weight="heavy"),
            "dimension b: weight: Input should be a valid number",
        ),
        (
            lambda d: d["categories"][2].update(min=80),
            "category C (min 80) overlaps category B (min 78)",
        ),
        (
            lambda d: d["categories"][4].update(min=5),
            "the lowest category E starts at 5, leaving a gap below it",
        ),
        (lambda d: d["categories"][1]["label"].pop("id"), "category B: missing Indonesian"),
        (lambda d: d.pop("notes"), "missing field notes"),
        (lambda d: d.update(author="me"), "unknown field author"),
    ],
)
def test_invalid_files_fail_with_one_line_naming_file_item_and_problem(
    tmp_path: Path, change: Any, message: str
) -> None:
    path = write(tmp_path, broken(change))
    with pytest.raises(RubricError) as caught:
        load_file(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}")
    assert "\n" not in text


def test_several_problems_are_counted(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        first_item(d)["question"].pop("en")
        first_item(d)["help"].pop("en")

    with pytest.raises(RubricError) as caught:
        load_file(write(tmp_path, broken(change)))
    assert str(caught.value).endswith(
        "item a2: missing English translation of question (and 1 more problem)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\ntitle: [unclosed\nversion: 1\n", "YAML syntax error at line 3"),
        ("id: x\nid: y\n", "duplicate key 'id' at line 2"),
        ("", "a rubric file must be a YAML mapping, this one is empty"),
        ("- a\n- b\n", "a rubric file must be a YAML mapping, this one is a list"),
    ],
)
def test_yaml_problems_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RubricError) as caught:
        load_file(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_yaml_anchors_and_aliases_still_work(tmp_path: Path) -> None:
    data = base()
    levels = [
        {"id": "l1", "label": {"id": "Semua", "en": "All"}, "value": 1},
        {"id": "l0", "label": {"id": "Tidak ada", "en": "None"}, "value": 0},
    ]
    for it in data["dimensions"][0]["items"]:
        it["options"] = levels  # the same object twice: dumped as an anchor and an alias
    text = yaml.safe_dump(data)
    assert "&id001" in text
    assert "*id001" in text
    loaded = load_file(write(tmp_path, text))
    assert [[o.id for o in i.options] for i in loaded.items[:2]] == [["l1", "l0"]] * 2


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match=r"missing\.yaml: no such file"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(RubricError, match="is a directory"):
        load_file(tmp_path)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(RubricError, match="not UTF-8"):
        load_file(binary)


def test_parse_rubric_names_the_given_source() -> None:
    with pytest.raises(RubricError, match=r"^inline: duplicate key"):
        rubric.parse_rubric("a: 1\na: 2\n", source="inline")
