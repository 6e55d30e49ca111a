"""`siapnilai rubric ...` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import rubric
from tests import cli_helpers as cli
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "answers-sample.yaml"
DATA = Path(rubric.__file__).parent / "data"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one error line of a verb that must fail, without the `siapnilai: error: ` prefix."""
    return cli.fails(capsys, *argv).removeprefix("siapnilai: error: ").strip()


# -- list, show, check --------------------------------------------------------------------


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric", "list")
    assert code == 0
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [line.split()[0] for line in lines] == rubric.builtin_ids()
    assert "50 items" in next(line for line in lines if line.startswith("ombudsman-2024"))
    status = {line.split()[0]: line.split()[3] for line in lines}
    assert status["ombudsman-2024"] == "historical"
    assert status["pekppp-2024"] == "superseded"
    assert status["ombudsman-2025"] == status["pekppp-2025"] == "current"
    # the status note (what to use instead) is printed under a non-current rubric
    assert "ombudsman-2025" in out.split("ombudsman-2024", 1)[1].splitlines()[1]
    assert "inaccurate" in out


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_json(capsys, "rubric", "list")
    by_id = {entry["id"]: entry for entry in listed}
    assert set(by_id) == set(rubric.builtin_ids())
    assert by_id["pekppp-2024"]["display"] == "index"
    assert by_id["pekppp-2024"]["scale_max"] == 5
    assert by_id["ombudsman-2024"]["items"] == len(rubric.load_builtin("ombudsman-2024").items)
    assert set(by_id["ombudsman-2024"]["title"]) == {"id", "en"}


def test_show_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    shown = run_json(capsys, "rubric", "show", "ombudsman-2024")
    assert list(shown) == ["id", "title", "status", "scale_max", "dimensions", "categories"]
    assert shown["status"] == "historical"
    assert shown["id"] == "ombudsman-2024"
    assert set(shown["title"]) == {"id", "en"}
    assert shown["scale_max"] == 100
    dimension = shown["dimensions"][1]
    assert list(dimension) == ["id", "title", "weight", "items"]
    assert (dimension["id"], dimension["weight"]) == ("proses", 32.37)
    first = dimension["items"][0]
    assert list(first) == [
        "id",
        "weight",
        "scope",
        "na_allowed",
        "evidence_required",
        "source",
        "applies_to",
        "options",
    ]
    assert first["scope"] == "product"
    assert first["source"] == "officer"
    assert all(list(o) == ["id", "value", "level", "description"] for o in first["options"])
    assert first["options"][0]["value"] == 1
    assert [list(c) for c in shown["categories"]] == [["code", "label", "min", "zone"]] * 5
    assert [(c["code"], c["min"], c["zone"]) for c in shown["categories"]][:2] == [
        ("A", 88, "hijau"),
        ("B", 78, "hijau"),
    ]
    assert set(shown["categories"][0]["label"]) == {"id", "en"}
    total_items = sum(len(d["items"]) for d in shown["dimensions"])
    assert total_items == len(rubric.load_builtin("ombudsman-2024").items)


def test_show_json_index_rubric_has_minimums_on_the_index(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = run_json(capsys, "rubric", "show", "pekppp-2024")
    assert shown["scale_max"] == 5
    assert shown["categories"][0] == {
        "code": "A",
        "label": shown["categories"][0]["label"],
        "min": 4.51,
        "zone": None,
    }


def test_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric", "show", "ombudsman-2024")
    assert code == 0
    assert "proses-biaya [weight 1, per product, evidence required]" in out
    assert "A   from 88:" in out
    assert "weight 21.85" in out


def test_check_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric", "check", str(DATA / "pekppp-2024.yaml"))
    assert (code, out) == (
        0,
        f"ok: pekppp-2024 {len(rubric.load_builtin('pekppp-2024').items)} items\n",
    )
    checked = run_json(capsys, "rubric", "check", str(DATA / "ombudsman-2024.yaml"))
    assert checked == {"ok": True, "id": "ombudsman-2024", "items": 50}


def test_check_a_bad_file_names_file_item_and_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load((DATA / "ombudsman-2024.yaml").read_text(encoding="utf-8"))
    del data["dimensions"][1]["items"][3]["question"]["en"]
    item_id = data["dimensions"][1]["items"][3]["id"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert fails(capsys, "rubric", "check", str(bad)) == (
        f"{bad}: item {item_id}: missing English translation of question"
    )
    assert fails(capsys, "rubric", "check", str(bad), "--json").startswith(f"{bad}: item")
    assert fails(capsys, "rubric", "check", str(tmp_path / "none.yaml")).endswith(
        "none.yaml: no such file"
    )


def test_check_reports_every_problem_it_finds_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An author fixes a file in one go: every item's problem, then every rubric-wide one."""
    data = yaml.safe_load((DATA / "ombudsman-2024.yaml").read_text(encoding="utf-8"))
    first, second = data["dimensions"][0]["items"][0], data["dimensions"][2]["items"][1]
    del first["question"]["en"]
    second["weight"] = -1
    items = tmp_path / "items.yaml"
    items.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "rubric", "check", str(items))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("siapnilai: error: ") for line in lines)
    assert f"{items}: item {first['id']}: missing English translation of question" in lines[0]
    assert f"{items}: item {second['id']}: weight" in lines[1]

    data = yaml.safe_load((DATA / "ombudsman-2024.yaml").read_text(encoding="utf-8"))
    data["dimensions"][0]["weight"] += 1
    data["categories"][1]["code"] = data["categories"][0]["code"]
    data["categories"][-1]["min"] = 5
    del data["status_note"]
    whole = tmp_path / "whole.yaml"
    whole.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "rubric", "check", str(whole), "--json")
    assert (code, out) == (2, "")
    assert [line.removeprefix(f"siapnilai: error: {whole}: ") for line in err.splitlines()] == [
        "dimension weights add up to 101.00, not 100",
        f"duplicate category code {data['categories'][0]['code']}",
        f"the lowest category {data['categories'][-1]['code']} starts at 5, leaving a gap below "
        "it: it must start at 0",
        "a historical rubric needs a status_note saying what to use",
    ]


def test_unknown_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    assert fails(capsys, "rubric", "show", "ombudsman-1999").startswith(
        "unknown rubric 'ombudsman-1999' (built in: "
    )
    assert fails(capsys, "rubric", "score", "nope", str(SAMPLE)).startswith("unknown rubric")


def test_usage_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "invalid choice" in fails(capsys, "rubric", "frobnicate")
    assert "required" in fails(capsys, "rubric", "show")


# -- score --------------------------------------------------------------------------------


def engine(rubric_id: str, answers: dict[str, Any]) -> tuple[Any, Any, Any]:
    r = rubric.load_builtin(rubric_id)
    answer_set = rubric.AnswerSet(
        answers=answers.get("answers") or {},
        products=answers.get("products") or [],
        evidence=set(answers.get("evidence") or []),
    )
    return (
        rubric.score(r, answer_set),
        rubric.gaps(r, answer_set),
        rubric.next_category(r, answer_set),
    )


def test_score_the_sample_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "rubric", "score", "ombudsman-2024", str(SAMPLE))
    assert list(result) == [
        "total",
        "index",
        "category",
        "zone",
        "dimensions",
        "completion",
        "gaps",
        "next_category",
    ]
    expected, ranked, path = engine("ombudsman-2024", yaml.safe_load(SAMPLE.read_text("utf-8")))
    assert result["total"] == expected.total
    assert result["index"] is None
    assert result["category"] == expected.category.code
    assert result["zone"] == expected.zone
    assert list(result["dimensions"]) == ["input", "proses", "output", "pengaduan"]
    assert result["dimensions"] == {d.id: rubric.round2(d.points) for d in expected.dimensions}
    assert result["completion"] == round(expected.completion, 4)
    assert 0 < result["completion"] < 1
    assert result["gaps"] == [
        {"item": g.key, "points": rubric.round2(g.points), "source": "officer"} for g in ranked
    ]
    assert any("@" in g["item"] for g in result["gaps"])
    assert path is not None
    assert result["next_category"] == {"code": path.code, "items": list(path.keys)}
    assert result["next_category"]["items"]


def test_score_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rubric", "score", "ombudsman-2024", str(SAMPLE))
    assert (code, err) == (0, "")
    expected, ranked, path = engine("ombudsman-2024", yaml.safe_load(SAMPLE.read_text("utf-8")))
    assert f"Total: {expected.total:.2f} poin\n" in out  # as /skor spells it
    assert f"Kategori (category): {expected.category.code}," in out
    assert f"zona {expected.zone}" in out
    assert "Dimensi (dimensions):" in out
    assert f"{expected.answered}/{expected.askable} answered" in out
    assert ranked[0].key in out
    assert path is not None
    assert f"Kategori berikutnya (next category): {path.code} with {len(path.keys)} item" in out


def test_score_an_index_rubric_from_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = rubric.load_builtin("pekppp-2024")
    answers = {item.id: item.options[0].id for item in r.items[:20]}
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"answers": answers, "products": [], "evidence": []}), "utf-8")
    result = run_json(capsys, "rubric", "score", "pekppp-2024", str(file))
    expected, _, _ = engine("pekppp-2024", {"answers": answers})
    assert result["total"] == expected.total
    assert result["index"] == expected.index == round(expected.total / 20 + 1e-9, 2)
    assert result["zone"] is None
    assert result["category"] == expected.category.code
    code, out, _ = run(capsys, "rubric", "score", "pekppp-2024", str(file))
    assert code == 0
    assert f"Total: {expected.total:.2f} poin (indeks {expected.index:.2f})\n" in out


def test_score_in_the_top_category_has_no_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = rubric.load_builtin("ombudsman-2021")
    keys = [item.id for item in r.items if item.scope == "unit"]
    products = ["KTP-el"]
    keys += [rubric.answer_key(item.id, "KTP-el") for item in r.items if item.scope == "product"]
    best = {
        key: next(i for i in r.items if i.id == key.partition("@")[0]).options[0].id for key in keys
    }
    file = tmp_path / "all.yaml"
    file.write_text(
        yaml.safe_dump({"answers": best, "products": products, "evidence": keys}), "utf-8"
    )
    result = run_json(capsys, "rubric", "score", "ombudsman-2021", str(file))
    assert (result["total"], result["zone"]) == (100, "hijau")
    assert result["category"] == r.categories[0].code
    assert result["completion"] == 1
    assert result["gaps"] == []
    assert result["next_category"] is None


def test_na_answers_are_accepted_where_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = rubric.load_builtin("ombudsman-2024")
    na_items = [i.id for i in r.items if i.na_allowed and i.scope == "unit"]
    assert na_items, "ombudsman-2024 has items that allow N/A"
    file = tmp_path / "na.yaml"
    file.write_text(yaml.safe_dump({"answers": dict.fromkeys(na_items, "na")}), "utf-8")
    result = run_json(capsys, "rubric", "score", "ombudsman-2024", str(file))
    assert result["total"] == 0
    assert result["completion"] == round(len(na_items) / (len(r.items)), 4)


def test_a_dimension_that_is_all_na_is_null_in_json() -> None:
    from bot.cli_rubric import _score_json
    from tests.test_scoring import item, make_rubric

    small = make_rubric([("a", 70, [item("a1")]), ("b", 30, [item("b1", na=True)])])
    answers = rubric.AnswerSet(answers={"a1": "ya", "b1": "na"})
    shaped = _score_json(
        rubric.score(small, answers),
        rubric.gaps(small, answers),
        rubric.next_category(small, answers),
    )
    assert shaped["dimensions"] == {"a": 70.0, "b": None}
    assert shaped["total"] == 100
    assert shaped["next_category"] is None


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("answers: {nope: ya}\n", "a.yaml", "answer nope: unknown item 'nope'"),
        (
            "answers: {output-skm: maybe}\n",
            "a.yaml",
            "answer output-skm: unknown option 'maybe' for item output-skm",
        ),
        (
            "answers: {output-skm: na}\n",
            "a.yaml",
            "answer output-skm: item output-skm cannot be answered N/A",
        ),
        (
            "answers: {proses-biaya: l3}\nproducts: [KTP]\n",
            "a.yaml",
            "answer proses-biaya: item proses-biaya is asked per product; use proses-biaya@PRODUCT",
        ),
        ("answers: {output-skm: yes}\n", "a.yaml", "answer output-skm: expected an option id"),
        ("answers: [1, 2]\n", "a.yaml", "answers must be a mapping"),
        (
            "answer: {}\n",
            "a.yaml",
            "unknown field answer (expected answers, products, evidence, measures, online)",
        ),
        ("products: KTP\n", "a.yaml", "products must be a list of names"),
        ("answers: {a: [\n", "a.yaml", "invalid YAML at line 2"),
        ('{"answers": {', "a.json", "invalid JSON at line 1"),
        ("- 1\n", "a.yaml", "expected a mapping with answers, products and evidence"),
        ("evidence: [ghost]\n", "a.yaml", "evidence ghost: unknown item 'ghost'"),
    ],
)
def test_bad_answer_files_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, name: str, message: str
) -> None:
    file = tmp_path / name
    file.write_text(content, "utf-8")
    error = fails(capsys, "rubric", "score", "ombudsman-2024", str(file))
    assert error.startswith(f"{file}: {message}")


def test_missing_answers_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.yaml"
    assert fails(capsys, "rubric", "score", "ombudsman-2024", str(missing), "--json") == (
        f"{missing}: no such file"
    )


def test_score_help_documents_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric", "score", "--help")
    assert code == 0
    assert "completion the share" in out
    assert "ITEM_ID@PRODUCT" in out


def test_python_dash_m_bot_rubric_list() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "rubric", "list", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == rubric.builtin_ids()


# -- today's instruments -----------------------------------------------------------------------


def test_show_json_names_each_items_source_and_each_levels_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = run_json(capsys, "rubric", "show", "ombudsman-2025")
    items = {i["id"]: i for d in shown["dimensions"] for i in d["items"]}
    assert items["kepercayaan-masyarakat"]["source"] == "survey.kepercayaan"
    assert items["kepercayaan-masyarakat"]["options"] == []
    assert items["input-kompensasi"]["source"] == "officer"
    assert [p["id"] for p in shown["parts"]] == ["dimensi", "kepercayaan", "tanpa-maladministrasi"]
    assert [p["kind"] for p in shown["parts"]] == ["points", "points", "condition"]
    assert [p.get("weight") for p in shown["parts"][:2]] == [pytest.approx(70), 30]
    assert shown["parts"][2]["label"]["id"] == "Tanpa Maladministrasi"
    assert {m["id"]: m["min_responses"] for m in shown["measures"]} == {
        "survey.maladministrasi": 30,
        "survey.kepercayaan": 30,
    }
    assert list(shown["measures"][0]) == [
        "id", "label", "description", "min", "max", "better", "min_responses",
    ]  # fmt: skip
    assert set(shown["measures"][0]["label"]) == {"id", "en"}
    f02 = run_json(capsys, "rubric", "show", "pekppp-2025")
    assert "parts" not in f02 and "measures" not in f02
    sp = f02["dimensions"][0]["items"][0]
    assert [o["level"] for o in sp["options"]] == [5, 4, 3, 2, 1, 0]
    assert sp["options"][-1]["description"] == {"id": "Tidak ada SP.", "en": "No SP."}
    applies = {i["id"]: i["applies_to"] for i in f02["dimensions"][2]["items"]}
    assert applies["p15-parkir"] == "in_person" and applies["pe1-akses-mudah"] == "online"


def test_show_prints_status_notes_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rubric", "show", "pekppp-2024")
    assert code == 0
    assert "Status: superseded (last used 2024)" in out
    assert "tidak akurat" in out and "inaccurate" in out
    code, out, _ = run(capsys, "rubric", "show", "ombudsman-2025")
    assert "Catatan: Resmi:" in out and "Notes: Official:" in out
    assert "from measure survey.kepercayaan" in out


def test_score_reads_measures_and_the_online_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_json(
        capsys,
        "rubric",
        "score",
        "ombudsman-2025",
        str(ROOT / "examples" / "answers-ombudsman-2025.yaml"),
    )
    assert (result["total"], result["category"], result["zone"]) == (49.40, "D", None)
    assert result["label"] == "Kualitas Rendah Tanpa Maladministrasi"
    assert result["condition"] == {"id": "tanpa-maladministrasi", "met": True}
    assert result["parts"] == {"dimensi": 49.40, "kepercayaan": 0.0}
    assert result["measures"]["survey.kepercayaan"] == {
        "responses": 18,
        "responses_missing": 12,
        "counted": False,
    }
    assert result["gaps"][0] == {
        "item": "kepercayaan-masyarakat",
        "points": 30.0,
        "source": "survey.kepercayaan",
        "responses_missing": 12,
    }
    assert "kepercayaan-masyarakat" not in result["next_category"]["items"]

    f02 = run_json(
        capsys,
        "rubric",
        "score",
        "pekppp-2025",
        str(ROOT / "examples" / "answers-pekppp-2025.yaml"),
    )
    assert (f02["index"], f02["category"]) == (3.17, "B-")
    online = tmp_path / "online.yaml"
    online.write_text("online: true\nanswers: {pe6-penyimpanan-data: l5}\n", "utf-8")
    assert (
        run_json(capsys, "rubric", "score", "pekppp-2025", str(online))["total"] == 2.88
    )  # 18 × 16 %
    online.write_text("answers: {pe6-penyimpanan-data: l5}\n", "utf-8")
    assert "applies to online units only" in fails(
        capsys, "rubric", "score", "pekppp-2025", str(online)
    )
    for text, problem in [
        ("measures: {survey.ikm: {value: 1}}\n", "not a measure of rubric ombudsman-2025"),
        ("measures: {survey.kepercayaan: {value: 9, responses: 40}}\n", "outside 1-4"),
        ("measures: {survey.kepercayaan: yes}\n", "expected {value: V, responses: N}"),
        ("answers: {kepercayaan-masyarakat: ya}\n", "takes its value from the measure"),
        ("online: maybe\n", "online must be true or false"),
    ]:
        bad = tmp_path / "bad.yaml"
        bad.write_text(text, "utf-8")
        assert problem in fails(capsys, "rubric", "score", "ombudsman-2025", str(bad)), text


def test_score_names_what_the_survey_must_add_when_answers_alone_fall_short(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r = rubric.load_builtin("ombudsman-2025")
    best = {i.id: i.options[0].id for i in r.asked_items()}
    answers = tmp_path / "opini.yaml"
    answers.write_text(yaml.safe_dump({"answers": best}), "utf-8")
    result = run_json(capsys, "rubric", "score", "ombudsman-2025", str(answers))
    assert result["total"] == 58.67
    assert result["next_category"] == {
        "code": "B",
        "items": [],
        "survey": ["kepercayaan-masyarakat"],
        "survey_points": 19.33,
    }
    code, out, _ = run(capsys, "rubric", "score", "ombudsman-2025", str(answers))
    assert code == 0
    assert (
        "next category): B only with the survey (kepercayaan-masyarakat) adding at least "
        "19.33 points"
    ) in out
    assert "out of reach" not in out
