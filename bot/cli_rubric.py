"""CLI verb: `siapnilai rubric list | show ID | check FILE | score ID ANSWERS_FILE`.

A thin shell over the `rubric` package: parse arguments, call the loader or the scoring
engine, print plain text or (with --json) the shapes in SPEC.md. Bad input raises CliError.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

import rubric
from bot import texts
from bot.cli_common import CliError, error, print_json, read_text

_SCORE_HELP = """\
ANSWERS_FILE is YAML or JSON (by the .json suffix):
  answers:  {ITEM_ID: OPTION_ID or "na"}   product items are keyed ITEM_ID@PRODUCT;
            an empty answer counts as unanswered
  products: [PRODUCT, ...]                 the unit's service products
  evidence: [KEY, ...]                     answer keys that have evidence
  measures: {MEASURE_ID: {value: V, responses: N}}   values of measure-fed items
            (e.g. the unit's survey); see `siapnilai rubric show ID` for each measure
  online:   true                           the unit is registered as serving online

--json prints {"total", "index", "category", "zone", "dimensions", "completion", "gaps",
"next_category"}: total on 0-100 with two decimals; index (total / 20, two decimals) for
index rubrics, else null; zone null where the rubric has none; dimensions {ID: points}
with two decimals (null for a dimension whose every item is N/A); completion the share of
answer keys answered, 0-1 with four decimals; gaps [{"item": KEY, "points": P}] ranked by
the points each would add (or, answered without required evidence, protect);
next_category {"code", "items": [KEY, ...]} (items empty when it is out of reach), null in
the top category; when only the survey can reach it, also "survey" [KEY, ...] (its
measure-fed items) and "survey_points" (what the survey must add at least). Rubrics
with parts add "parts" {ID: points}; with a condition, "condition" {"id", "met"} (met
null while unanswered) and "label" (the category's label with the condition's when met);
with measures, "measures" {ID: {"responses", "responses_missing", "counted"}}. Each gap
also names its "source" ("officer" or the measure) and, for a measure, "responses_missing".
"""


def register(verbs: Any) -> None:
    parser = verbs.add_parser("rubric", help="list, show, check and score assessment rubrics")
    commands = parser.add_subparsers(dest="rubric_command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list the built-in rubrics")
    listing.set_defaults(handler=list_rubrics)

    show = commands.add_parser("show", help="show a built-in rubric's dimensions and items")
    show.add_argument("rubric_id", metavar="ID", help="a rubric id from `siapnilai rubric list`")
    show.set_defaults(handler=show_rubric)

    check = commands.add_parser("check", help="validate a rubric YAML file")
    check.add_argument("file", metavar="FILE", help="a rubric YAML file")
    check.set_defaults(handler=check_rubric)

    scoring = commands.add_parser(
        "score",
        help="score a file of answers against a built-in rubric",
        description="Score a file of answers: total, category, zone, points per dimension, "
        "completion, ranked gaps and the path to the next category.",
        epilog=_SCORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scoring.add_argument("rubric_id", metavar="ID", help="a rubric id from `siapnilai rubric list`")
    scoring.add_argument("answers_file", metavar="ANSWERS_FILE", help="answers, YAML or JSON")
    scoring.set_defaults(handler=score_answers)

    for sub in (listing, show, check, scoring):
        sub.add_argument("--json", action="store_true", help="print JSON")


def list_rubrics(args: argparse.Namespace) -> int:
    rubrics = [_builtin(rubric_id) for rubric_id in rubric.builtin_ids()]
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "version": r.version,
                    "title": r.title.model_dump(),
                    "display": r.display,
                    "scale_max": r.scale_max,
                    "items": len(r.items),
                    "status": r.status,
                    "status_note": r.status_note.model_dump() if r.status_note else None,
                    "last_year": r.last_year,
                }
                for r in rubrics
            ]
        )
        return 0
    width = max((len(r.id) for r in rubrics), default=0)
    for r in rubrics:
        print(
            f"{r.id:<{width}}  {len(r.items):>3} items  {r.status:<10}  {r.title.id} ({r.title.en})"
        )
        if r.status_note is not None:
            print(f"{'':<{width}}  {r.status_note.en}")
    return 0


def show_rubric(args: argparse.Namespace) -> int:
    r = _builtin(args.rubric_id)
    if args.json:
        print_json(_rubric_json(r))
        return 0
    print(f"{r.id} (version {r.version})")
    print(f"{r.title.id}\n{r.title.en}")
    print(f"Scale: {_scale(r)}")
    print(f"Status: {r.status}" + (f" (last used {r.last_year})" if r.last_year else ""))
    if r.status_note is not None:
        print(f"  {r.status_note.id}\n  ({r.status_note.en})")
    print(f"Catatan: {r.notes.id}")
    print(f"Notes: {r.notes.en}")
    for part in r.parts:
        weight = sum(d.weight for d in r.dimensions if d.id in part.dimensions)
        print(f"Part {part.id}: {part.title.id} ({part.title.en}), {weight:g} points")
    if r.condition is not None:
        c = r.condition
        print(
            f"Condition {c.id}: {c.title.id} ({c.title.en}); met adds "
            f'"{c.label.id}" when {", ".join(c.items)} is {" or ".join(c.passing)}'
        )
    for m in r.measures:
        print(
            f"Measure {m.id}: {m.label.id} ({m.label.en}); value {m.min:g}-{m.max:g}, "
            f"{m.better} is better, counts from {m.min_responses} responses"
        )
        print(f"  {m.description.en}")
    for dim in r.dimensions:
        print(f"\n{dim.title.id} ({dim.title.en}): weight {dim.weight:g}")
        for item in dim.items:
            flags = [f"weight {item.weight:g}"]
            if item.measure is not None:
                flags.append(f"from measure {item.measure}")
            if item.applies_to != "all":
                flags.append(f"{item.applies_to} units only")
            if item.scope == "product":
                flags.append("per product")
            if item.na_allowed:
                flags.append("N/A allowed")
            if item.evidence_required:
                flags.append("evidence required")
            options = " / ".join(f"{o.id}={o.value:g}" for o in item.options)
            print(f"  {item.id} [{', '.join(flags)}]")
            print(f"      {item.question.id}")
            print(f"      ({item.question.en})")
            if item.measure is None:
                print(f"      options: {options}")
            for o in item.options:
                if o.description is not None and item.measure is None:
                    print(f"        {o.id}: {o.description.id}")
    print("\nCategories:")
    for band in r.categories:
        zone = f", zona {band.zone}" if band.zone else ""
        print(f"  {band.code:<3} from {band.min:g}: {band.label.id} ({band.label.en}){zone}")
    return 0


def check_rubric(args: argparse.Namespace) -> int:
    """Every problem found, one line each (an author fixes them in one go), exit 2."""
    try:
        r = rubric.load_file(args.file)
    except rubric.RubricError as exc:
        for problem in exc.problems:
            error(problem)
        return 2
    if args.json:
        print_json({"ok": True, "id": r.id, "items": len(r.items)})
    else:
        print(f"ok: {r.id} {len(r.items)} items")
    return 0


def score_answers(args: argparse.Namespace) -> int:
    r = _builtin(args.rubric_id)
    answers = _read_answers(Path(args.answers_file))
    try:
        result = rubric.score(r, answers)
        ranked = rubric.gaps(r, answers)
        path = rubric.next_category(r, answers)
    except ValueError as exc:
        raise CliError(f"{args.answers_file}: {exc}") from None
    if args.json:
        print_json(_score_json(result, ranked, path))
    else:
        _print_score(r, result, ranked, path)
    return 0


# -- reading ----------------------------------------------------------------------------


def _builtin(rubric_id: str) -> rubric.Rubric:
    try:
        return rubric.load_builtin(rubric_id)
    except rubric.RubricError as exc:
        raise CliError(str(exc)) from None


def _read_answers(path: Path) -> rubric.AnswerSet:
    text = read_text(path)
    data = _parse(path, text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CliError(f"{path}: expected a mapping with answers, products and evidence")
    fields = {"answers", "products", "evidence", "measures", "online"}
    unknown = sorted(str(k) for k in data if k not in fields)
    if unknown:
        raise CliError(
            f"{path}: unknown field {', '.join(unknown)} "
            "(expected answers, products, evidence, measures, online)"
        )
    online = data.get("online", False)
    if not isinstance(online, bool):
        raise CliError(f"{path}: online must be true or false")
    answers: dict[str, str] = {}
    raw_answers = data.get("answers") or {}
    if not isinstance(raw_answers, dict):
        raise CliError(f"{path}: answers must be a mapping of answer key to option id")
    for key, option in raw_answers.items():
        if option is None:
            continue  # an empty line in a template: not answered yet
        if isinstance(option, bool) or not isinstance(option, str | int):
            raise CliError(
                f"{path}: answer {key}: expected an option id, got {option!r} "
                "(quote it: YAML reads yes/no/on/off as true/false)"
            )
        answers[str(key)] = str(option)
    return rubric.AnswerSet(
        answers=answers,
        products=_strings(path, data, "products"),
        evidence=set(_strings(path, data, "evidence")),
        measures=_measures(path, data.get("measures")),
        online=online,
    )


def _measures(path: Path, raw: object) -> dict[str, rubric.MeasureValue]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CliError(f"{path}: measures must be a mapping of measure id to {{value, responses}}")
    measures: dict[str, rubric.MeasureValue] = {}
    for name, entry in raw.items():
        if isinstance(entry, bool) or not isinstance(entry, dict | int | float):
            raise CliError(f"{path}: measure {name}: expected {{value: V, responses: N}}")
        if not isinstance(entry, dict):
            entry = {"value": entry}
        try:
            measures[str(name)] = rubric.MeasureValue.model_validate(entry)
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise CliError(f"{path}: measure {name}: {where}: {problem['msg']}") from None
    return measures


def _parse(path: Path, text: str) -> object:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CliError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        raise CliError(f"{path}: invalid YAML{line}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise CliError(f"{path}: invalid YAML: {exc}") from None


def _strings(path: Path, data: dict[Any, Any], field: str) -> list[str]:
    value = data.get(field) or []
    if not isinstance(value, list) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value
    ):
        raise CliError(f"{path}: {field} must be a list of names")
    return [str(v) for v in value]


# -- output -----------------------------------------------------------------------------


def _rubric_json(r: rubric.Rubric) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": r.id,
        "title": r.title.model_dump(),
        "status": r.status,
        "scale_max": r.scale_max,
        "dimensions": [
            {
                "id": dim.id,
                "title": dim.title.model_dump(),
                "weight": dim.weight,
                "items": [
                    {
                        "id": item.id,
                        "weight": item.weight,
                        "scope": item.scope,
                        "na_allowed": item.na_allowed,
                        "evidence_required": item.evidence_required,
                        "source": item.measure or "officer",
                        "applies_to": item.applies_to,
                        "options": [
                            {
                                "id": o.id,
                                "value": o.value,
                                "level": o.level,
                                "description": o.description.model_dump()
                                if o.description
                                else None,
                            }
                            for o in item.options
                        ]
                        if item.measure is None
                        else [],
                    }
                    for item in dim.items
                ],
            }
            for dim in r.dimensions
        ],
        "categories": [
            {"code": b.code, "label": b.label.model_dump(), "min": b.min, "zone": b.zone}
            for b in r.categories
        ],
    }
    parts: list[dict[str, Any]] = [
        {
            "id": part.id,
            "kind": "points",
            "title": part.title.model_dump(),
            "dimensions": list(part.dimensions),
            "weight": sum(d.weight for d in r.dimensions if d.id in part.dimensions),
        }
        for part in r.parts
    ]
    if r.condition is not None:
        parts.append(
            {
                "id": r.condition.id,
                "kind": "condition",
                "title": r.condition.title.model_dump(),
                "label": r.condition.label.model_dump(),
                "items": list(r.condition.items),
                "passing": list(r.condition.passing),
            }
        )
    if parts:
        result["parts"] = parts
    if r.measures:
        result["measures"] = [m.model_dump() for m in r.measures]  # every field, as declared
    return result


def _path_json(path: rubric.NextCategory) -> dict[str, Any]:
    out: dict[str, Any] = {"code": path.code, "items": list(path.keys) if path.reachable else []}
    if path.survey:
        out["survey"] = list(path.survey)
        out["survey_points"] = path.survey_points
    return out


def _score_json(
    result: rubric.Score, ranked: list[rubric.Gap], path: rubric.NextCategory | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "total": result.total,
        "index": result.index,
        "category": result.category.code,
        "zone": result.zone,
        "dimensions": {
            d.id: rubric.round2(d.points) if d.applicable else None for d in result.dimensions
        },
        "completion": round(result.completion, 4),
        "gaps": [_gap_json(g) for g in ranked],
        "next_category": None if path is None else _path_json(path),
    }
    if result.parts:
        out["parts"] = {p.id: rubric.round2(p.points) for p in result.parts}
    if result.condition is not None:
        out["condition"] = {"id": result.condition.id, "met": result.condition.met}
        out["label"] = result.label("id")
    if result.measures:
        out["measures"] = {
            m.id: {
                "responses": m.responses,
                "responses_missing": m.responses_missing,
                "counted": m.counted,
            }
            for m in result.measures
        }
    return out


def _gap_json(g: rubric.Gap) -> dict[str, Any]:
    out: dict[str, Any] = {"item": g.key, "points": rubric.round2(g.points), "source": g.source}
    if g.measure is not None:
        out["responses_missing"] = g.responses_missing
    return out


def _scale(r: rubric.Rubric) -> str:
    if r.display == "index":
        return f"index 0-{r.scale_max:g} (total on 0-100 divided by {r.index_divisor:g})"
    return f"points 0-{r.scale_max:g}"


def _print_score(
    r: rubric.Rubric,
    result: rubric.Score,
    ranked: list[rubric.Gap],
    path: rubric.NextCategory | None,
) -> None:
    print(f"{r.title.id} ({r.title.en})")
    print(f"Total: {texts.score(result.total, result.index, 'id')}")  # as /skor spells it
    band = result.category
    zone = f", zona {band.zone}" if band.zone else ""
    print(f"Kategori (category): {band.code}, {result.label('id')} ({result.label('en')}){zone}")
    if result.condition is not None:
        state = {True: "ya (yes)", False: "tidak (no)", None: "belum dijawab (not answered)"}
        print(
            f"{result.condition.label.id} ({result.condition.title.en}): "
            f"{state[result.condition.met]}"
        )
    for part in result.parts:
        print(f"Bagian (part) {part.title.id}: {rubric.round2(part.points):.2f} / {part.weight:g}")
    for m in result.measures:
        if m.counted:
            status = f"{m.responses} responses, counted"
        else:
            status = (
                f"{m.responses or 0}/{m.min_responses} responses, "
                f"{m.responses_missing} more needed before it counts"
            )
        print(f"Ukuran (measure) {m.id}: {status}")
    print(
        f"Kelengkapan (completion): {result.answered}/{result.askable} answered "
        f"({result.completion:.0%})"
    )
    print("Dimensi (dimensions):")
    for d in result.dimensions:
        dim = r.dimension(d.id)
        title = dim.title.id if dim else d.id
        if d.weight == 0:
            print(f"  {'':>6}   {'':<6} {title}: recorded, not scored")
            continue
        points = f"{rubric.round2(d.points):6.2f}" if d.applicable else "   n/a"
        print(f"  {points} / {d.weight:<6g} {title}")
    if result.at_risk:
        print(f"Berisiko (at risk, no evidence yet): {', '.join(result.at_risk)}")
    if ranked:
        print("Kekurangan (gaps), ranked by points to gain or protect:")
        width = max(len(g.key) for g in ranked)
        for g in ranked:
            item = r.item(g.item_id)
            hint = item.evidence_hint.id if item else ""
            kind = "at risk" if g.kind == "at_risk" else g.kind.replace("_", " ")
            sign = "±" if g.kind == "at_risk" else "+"
            if g.measure is not None:
                hint = f"[{g.measure}] " + (
                    f"{g.responses_missing} more responses needed"
                    if g.responses_missing
                    else "from the survey"
                )
            print(f"  {sign}{rubric.round2(g.points):5.2f}  {g.key:<{width}}  {kind:<10}  {hint}")
    if path is None:
        print("Kategori berikutnya (next category): already in the top category")
    elif not path.reachable:
        print(f"Kategori berikutnya (next category): {path.code} is out of reach")
    elif path.survey:
        count = len(path.keys)
        print(
            f"Kategori berikutnya (next category): {path.code} only with the survey "
            f"({', '.join(path.survey)}) adding at least {path.survey_points:.2f} points"
            + (
                f", and {count} item{'s' if count != 1 else ''} fully answered: "
                f"{', '.join(path.keys)}"
                if count
                else ""
            )
        )
    else:
        count = len(path.keys)
        print(
            f"Kategori berikutnya (next category): {path.code} with {count} "
            f"item{'s' if count != 1 else ''} fully answered "
            f"(total then {path.total_after:.2f}): {', '.join(path.keys)}"
        )
