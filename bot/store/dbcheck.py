"""Can the bot write its database? Asked once before `siapnilai run` starts, so that a
read-only file or folder, or a full disk, is one line naming the path instead of a
traceback from deep inside the start-up. `describe` maps a SQLite error to that line."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def describe(exc: BaseException, path: Path) -> str:
    """One line saying what is wrong with the database at `path` (pure)."""
    text = str(exc).lower()
    folder = path.parent
    if "readonly" in text or "read-only" in text:
        return (
            f"the database {path} is read-only: the bot must be able to write the file and "
            f"its folder {folder} (it keeps -wal and -shm files there)"
        )
    if "disk is full" in text or "disk full" in text:
        return f"the disk holding the database {path} is full: free some space"
    if "unable to open" in text or isinstance(exc, PermissionError):
        return (
            f"cannot open the database {path} for writing: check that the file and its "
            f"folder {folder} exist and are writable"
        )
    if isinstance(exc, OSError) and exc.strerror:
        return f"the database {path}: {exc.strerror}"
    return f"the database {path}: {exc}"


def probe(path: Path | str) -> str | None:
    """None when the database at `path` can be written; else `describe`'s line.

    A postgresql:// URL (text): None when a connection can be made, else one line naming
    the server (without the password).

    Writes nothing that stays: a schema change inside a transaction that is rolled back
    (it still needs the journal or WAL, and the file, to be writable)."""
    if not isinstance(path, Path):
        return _probe_postgres(path)
    if not path.parent.is_dir():
        return f"the folder {path.parent} of the database {path} does not exist"
    if not path.exists():
        return None  # created (and its folder checked) by whatever makes the database
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    except sqlite3.Error as exc:
        return describe(exc, path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE siapnilai_write_probe (x)")
        conn.execute("ROLLBACK")
    except (sqlite3.Error, OSError) as exc:
        return describe(exc, path)
    finally:
        conn.close()
    return None


def _probe_postgres(dsn: str) -> str | None:
    from bot.store.pg import redact

    try:
        import psycopg
    except ImportError:
        return (
            "SIAPNILAI_DATABASE is a PostgreSQL URL but psycopg is not installed: "
            "pip install 'siapnilai[postgres]'"
        )
    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"cannot connect to the database {redact(dsn)}: {first}"
    return None
