"""Running `siapnilai` in-process for the CLI tests: on the fixed test clock, with its exit
code, standard output and standard error."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.cli import main
from bot.store import Clock
from tests.clocks import fixed


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, clock: Clock | None = None
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one verb, on `clock` (default: the fixed test clock);
    argparse's usage errors count as exit codes."""
    capsys.readouterr()
    try:
        code = main(list(argv), clock=clock or fixed())
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, clock: Clock | None = None) -> Any:
    code, out, err = run(capsys, *argv, "--json", clock=clock)
    assert code == 0, err
    return json.loads(out)


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a verb that must fail with exit 2, nothing on stdout and exactly one line on
    stderr; return that line."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "", (code, out, err)
    assert err.count("\n") == 1 and err.startswith("siapnilai: error: "), err
    return err
