"""No test and no CLI verb reads the wall clock as a date.

`date.today()` in a test next to a CLI that says "today" in WIB made CI red from 17:00 to 24:00
UTC every day. Tests take their dates from an injected clock (tests/clocks.py, flow_helpers.NOW,
store_fixtures.Clock); the CLI takes its clock from `bot.cli.main(clock=...)`. This check reads
the source, so it catches the mistake at any hour, in a second.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

WALL_CLOCK = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
}
"""Calls that read the machine's date (time.time() is fine for durations and event stamps)."""

ALLOWED = {
    # A Telegram Message needs some date; the processor under test never reads it.
    ("tests/test_processing.py", "datetime.now"),
    # A real bot process runs on the real clock; its window is relative to now, ±10/100 days.
    ("tests/test_flow_restart.py", "datetime.now"),
}


def wall_clock_calls(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        if (name, node.func.attr) in WALL_CLOCK:
            found.append((node.lineno, f"{name}.{node.func.attr}"))
    return found


def checked_files() -> list[Path]:
    files = sorted((ROOT / "tests").rglob("*.py")) + sorted((ROOT / "bot").glob("cli*.py"))
    return [f for f in files if f.name != Path(__file__).name]


@pytest.mark.parametrize("path", checked_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_wall_clock_date(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    calls = [
        f"{relative}:{line}: {call}()"
        for line, call in wall_clock_calls(path)
        if (relative, call) not in ALLOWED
    ]
    assert not calls, "read the date from an injected clock instead:\n" + "\n".join(calls)


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime as dt\nfrom datetime import date, datetime\n"
        "a = date.today()\nb = datetime.now(tz)\nc = dt.datetime.utcnow()\nd = time.time()\n"
    )
    assert wall_clock_calls(sample) == [
        (3, "date.today"),
        (4, "datetime.now"),
        (5, "datetime.utcnow"),
    ]
