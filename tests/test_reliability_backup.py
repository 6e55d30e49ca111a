"""Issue 16 #5: `siapnilai backup` refuses every path of the live database's family."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import dbfamily
from tests.cli_helpers import fails, run_json
from tests.test_cli_admin import create_database, db, query  # noqa: F401


def refused(err: str) -> bool:
    return "live database" in err or "database itself" in err


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_backup_refuses_the_live_family(
    db: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    create_database(db)
    member = db.with_name(db.name + suffix)
    before = member.read_bytes() if member.exists() else None
    err = fails(capsys, "backup", str(member), "--force")
    assert refused(err)
    assert str(member) in err or "database itself" in err
    assert (member.read_bytes() if member.exists() else None) == before

    link = tmp_path / f"innocent{suffix}.db"
    link.symlink_to(member)
    assert refused(fails(capsys, "backup", str(link), "--force"))
    link.unlink()
    indirect = tmp_path / "sub" / ".." / (db.name + suffix)
    (tmp_path / "sub").mkdir()
    assert refused(fails(capsys, "backup", str(indirect), "--force"))


def test_backup_refuses_a_hard_link_and_a_symlinked_database(
    db: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    create_database(db)
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    assert refused(fails(capsys, "backup", str(hard), "--force"))
    # The database reached through a symlink: its real WAL is still refused.
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    assert dbfamily.clash(real_dir / "x", db) is None
    alias = tmp_path / "alias.db"
    alias.symlink_to(db)
    assert dbfamily.clash(Path(str(db) + "-wal"), alias) == Path(str(db) + "-wal")
    data = run_json(capsys, "backup", str(tmp_path / "fine.db"))
    assert query(Path(data["path"]), "PRAGMA integrity_check") == [("ok",)]
