"""Loading rubrics from YAML, with one-line errors a rubric author can act on.

Every failure raises `RubricError` whose message names the file, the item (or dimension,
category, option) and the problem, e.g.

    ombudsman-2024.yaml: item proses-biaya: missing English translation of question

Checks beyond the models: YAML syntax (with the line), duplicate keys inside one YAML
mapping (PyYAML would silently keep the last one), and that a built-in file's `id`
matches its file name.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from rubric._models import Problems, Rubric

_DATA_PACKAGE = "rubric"
_DATA_DIR = "data"
_SUFFIX = ".yaml"
_LANGUAGE = {"id": "Indonesian", "en": "English"}


class RubricError(Exception):
    """A rubric that cannot be loaded; the message is one line naming file, item and problem
    (and how many more there are). `problems` holds every problem found, one line each."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


def load_file(path: str | os.PathLike[str]) -> Rubric:
    """Load and validate a rubric from a YAML file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise RubricError(f"{file}: is a directory, not a rubric file") from None
    except UnicodeDecodeError:
        raise RubricError(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise RubricError(f"{file}: cannot read ({exc.strerror})") from None
    return parse_rubric(text, source=str(file))


def parse_rubric(text: str, *, source: str) -> Rubric:
    """Validate a rubric from YAML text; `source` names it in error messages."""
    data = _parse_yaml(text, source)
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = _describe(exc, data, source)
        message = problems[0]
        if len(problems) > 1:
            more = len(problems) - 1
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise RubricError(message, problems) from None


def builtin_ids() -> list[str]:
    """Ids of the rubrics shipped in the package, sorted."""
    return list(_builtin_ids())


def load_builtin(rubric_id: str) -> Rubric:
    """A shipped rubric by id; loaded once and cached (rubrics are immutable)."""
    if rubric_id not in _builtin_ids():
        known = ", ".join(_builtin_ids()) or "none"
        raise RubricError(f"unknown rubric {rubric_id!r} (built in: {known})")
    return _load_builtin(rubric_id)


@functools.cache
def _builtin_ids() -> tuple[str, ...]:
    data = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR)
    return tuple(
        sorted(
            entry.name.removesuffix(_SUFFIX)
            for entry in data.iterdir()
            if entry.name.endswith(_SUFFIX) and entry.is_file()
        )
    )


@functools.cache
def _load_builtin(rubric_id: str) -> Rubric:
    name = f"{rubric_id}{_SUFFIX}"
    entry = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR).joinpath(name)
    rubric = parse_rubric(entry.read_text(encoding="utf-8"), source=name)
    if rubric.id != rubric_id:
        raise RubricError(f"{name}: id is {rubric.id!r} but the file is named {name}")
    return rubric


# -- YAML ------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated inside one mapping."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key; construct_mapping reports it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node, deep=True))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str, source: str) -> object:
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and mark:
            raise RubricError(f"{source}: {problem} at line {mark.line + 1}") from None
        raise RubricError(f"{source}: YAML syntax error{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise RubricError(f"{source}: YAML syntax error: {exc}") from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise RubricError(f"{source}: a rubric file must be a YAML mapping, this one is {kind}")
    return data


# -- pydantic errors -> one line --------------------------------------------------------

_TEXT_FIELDS = {"title", "notes", "question", "help", "evidence_hint", "label", "description"}


def _describe(exc: ValidationError, data: object, source: str) -> list[str]:
    """One line per problem: pydantic's errors, and each problem of a rubric-wide check."""
    lines = []
    for error in exc.errors(include_url=False):
        subject, rest = _subject(error["loc"], data)
        found = error.get("ctx", {}).get("error")
        problems = found.problems if isinstance(found, Problems) else [_problem(error, rest)]
        lines += [f"{source}: {subject}: {p}" if subject else f"{source}: {p}" for p in problems]
    return lines


def _subject(loc: Sequence[int | str], data: object) -> tuple[str, list[str]]:
    """Split a pydantic location into the thing it names and the field path inside it.

    ("dimensions", 1, "items", 3, "question", "en") -> ("item proses-biaya", ["question", "en"])
    """
    names: list[str] = []
    node: object = data
    position = 0
    subject = ""
    while position < len(loc):
        part = loc[position]
        nxt = loc[position + 1] if position + 1 < len(loc) else None
        kind = {"dimensions": "dimension", "items": "item", "categories": "category"}.get(str(part))
        if part == "options" and isinstance(nxt, int):
            kind = "option"
        if kind and isinstance(nxt, int):
            element = _child(_child(node, part), nxt)
            label = _label(element, "code" if kind == "category" else "id")
            named = f"{kind} {label}" if label else f"{kind} #{nxt + 1}"
            # The deepest thing named wins (an item over its dimension); an option is added.
            subject = f"{subject}, {named}" if kind == "option" else named
            node = element
            position += 2
            continue
        names.append(str(part))
        node = _child(node, part)
        position += 1
    return subject, names


def _child(node: object, key: int | str) -> object:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _label(node: object, field: str) -> str:
    if isinstance(node, dict):
        value = node.get(field)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
    return ""


def _problem(error: ErrorDetails, path: list[str]) -> str:
    kind = error["type"]
    field = ".".join(path)
    message = error["msg"].removeprefix("Value error, ")
    if len(path) >= 2 and path[-1] in _LANGUAGE and path[-2] in _TEXT_FIELDS:
        language, text_field = _LANGUAGE[path[-1]], ".".join(path[:-1])
        if kind == "missing":
            return f"missing {language} translation of {text_field}"
        if kind in {"string_too_short", "value_error"}:
            return f"blank {language} translation of {text_field}"
    if path and path[-1] in _TEXT_FIELDS and kind in {"model_type", "dict_type"}:
        return f"{field} needs both texts, as a mapping with `id` (Indonesian) and `en` (English)"
    if kind == "missing":
        return f"missing field {field}"
    if kind == "extra_forbidden":
        return f"unknown field {field}"
    if kind == "string_pattern_mismatch":
        return (
            f"{field} {error['input']!r} must be 1-40 lowercase letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    if kind == "value_error" and (not path or path[-1] == "options"):
        return message
    if field:
        return f"{field}: {message}"
    return message
