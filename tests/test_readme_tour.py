"""README's tour, as a new admin types it: every `siapnilai` line of its shell blocks runs, in
order, on one fresh database, and succeeds (`try`, the interactive playground, aside).

A line that cannot work as written (an invite id the tour never made, a verb missing its
UNIT) is a broken promise to the reader, found here rather than by them."""

from __future__ import annotations

import asyncio
import re
import shlex
import shutil
from pathlib import Path

import pytest

from bot.store import Store
from bot.store._people import Newcomer
from tests.cli_helpers import run
from tests.clocks import fixed

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def tour_lines() -> list[list[str]]:
    """Every `siapnilai ...` command of README's shell blocks, split as the shell would."""
    found = []
    for block in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        for line in block.replace("\\\n", " ").splitlines():
            argv = shlex.split(line, comments=True)
            if argv[:1] == ["siapnilai"] and argv[1:2] != ["try"]:
                found.append(argv[1:])
    return found


async def _join(database: Path, code: str, telegram_id: int) -> None:
    store = await Store.open(database, clock=fixed())
    try:
        await store.join(code, Newcomer(telegram_id, "Sari"))
    finally:
        await store.close()


def test_every_command_of_the_readme_tour_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SIAPNILAI_BOT_TOKEN", raising=False)
    monkeypatch.setenv("SIAPNILAI_DATABASE", "tour.db")
    lines = tour_lines()
    assert ["units", "import", "examples/units.csv"] in lines
    officer_code = None
    for argv in lines:
        if argv[:2] == ["people", "deactivate"] and officer_code is not None:
            # The tour's officer has opened their invite by now (in Telegram).
            asyncio.run(_join(tmp_path / "tour.db", officer_code, int(argv[2])))
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        if argv[:2] == ["invite", "officer"]:
            officer_code = re.search(r"^code: (\S+)$", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
