"""Issue 16 #5 (second part): a read-only database is one line naming the path (exit
status 2, no traceback) before the bot starts; a write the database refuses while running
(disk full) tells the officer the answer was NOT saved.

Root ignores file permissions, so the read-only cases make the file or its folder
immutable with `chattr +i` (skipped where that is not allowed) or, for other users, chmod."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.cli import main
from bot.store import dbcheck
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import fixed_clock, officer_state, open_check, option_labels, seed
from tests.test_cli_admin import create_database

UNITS = (("Kota Metro", "Dinas Kependudukan", ("KTP-el",)),)


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "siapnilai.db"
    create_database(db)
    monkeypatch.setenv("SIAPNILAI_DATABASE", str(db))
    monkeypatch.setenv("SIAPNILAI_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("SIAPNILAI_API_BASE_URL", "http://127.0.0.1:9/bot")
    return db


@pytest.mark.parametrize("what", ["file", "folder"])
def test_run_on_a_read_only_database_is_one_line(
    ready: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    target = ready if what == "file" else ready.parent
    with read_only(target):
        code = main(["run"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("siapnilai: error: "), err
    assert str(ready) in err and "Traceback" not in err
    assert "read-only" in err or "writable" in err


def test_the_error_lines() -> None:
    path = Path("/srv/siapnilai/siapnilai.db")
    line = dbcheck.describe(sqlite3.OperationalError("attempt to write a readonly database"), path)
    assert "read-only" in line and str(path) in line and "/srv/siapnilai" in line
    full = dbcheck.describe(sqlite3.OperationalError("database or disk is full"), path)
    assert "full" in full and str(path) in full
    assert "does not exist" in (dbcheck.probe(Path("/nonexistent-dir/x.db")) or "")


async def test_a_full_disk_while_running_says_not_saved(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(961, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        store, _, selfcheck = await officer_state(app, 961)
        real = store.record_answer

        async def full(*args: Any, **kwargs: Any) -> Any:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(store, "record_answer", full)
        await officer.press(first, option_labels(first)[0])
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert told.text == texts.plain("error.not_saved", "id").replace("<b>", "").replace(
            "</b>", ""
        )
        assert "TIDAK tersimpan" in told.text
        assert (await store.answer_set(selfcheck)).answers == {}
        monkeypatch.setattr(store, "record_answer", real)
