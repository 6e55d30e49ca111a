"""Migrations: numbered steps tracked by PRAGMA user_version, an old database upgraded in place."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import KeyWrite, Store, StoreError, migrate, schema, schema_version
from tests.store_fixtures import TINY, Clock, open_store

V1_DUMP = Path(__file__).parent / "data" / "schema_v1.sql"


def restore_dump(path: Path, dump: Path, version: int) -> None:
    """A database as an older release left it: its schema and data (`dump`), at `version`."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(dump.read_text(encoding="utf-8"))
        conn.execute(f"PRAGMA user_version = {int(version)}")
    finally:
        conn.close()


def restore_v1(path: Path) -> None:
    restore_dump(path, V1_DUMP, 1)


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows}
    finally:
        conn.close()


def test_migrations_are_numbered_without_gaps() -> None:
    steps = schema.migrations()
    assert [n for n, _ in steps] == list(range(1, len(steps) + 1))
    assert len(steps) >= 2
    assert schema_version() == len(steps)


def test_fresh_database_gets_every_step(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    assert migrate(path) == list(range(1, schema_version() + 1))
    assert user_version(path) == schema_version()
    assert migrate(path) == []  # applying again changes nothing
    assert {"answers", "evidence", "audit_log", "meta"} <= tables(path)


def test_the_first_step_alone_is_the_v1_schema(tmp_path: Path) -> None:
    """The shipped v1 dump and 0001_initial.sql describe the same tables."""
    by_step, by_dump = tmp_path / "step.db", tmp_path / "dump.db"
    migrate(by_step, upto=1)
    restore_v1(by_dump)
    assert tables(by_step) == tables(by_dump)
    assert "audit_log" not in tables(by_step)


async def test_v1_database_upgrades_in_place_with_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    restore_v1(path)
    clock = Clock(datetime(2026, 6, 1, 3, 0, tzinfo=UTC))
    store = await open_store(path, clock)
    try:
        assert user_version(path) == schema_version()
        officer = await store.person(101)
        assert officer is not None
        assert (officer.name, officer.language, officer.unit_id) == ("Sri Wahyuni", "id", 1)
        coordinator = await store.person(201)
        assert coordinator is not None and not coordinator.reminders
        assert await store.get_meta("bot_username") == "siapnilai_bot"

        selfcheck = await store.current_selfcheck(officer)
        assert selfcheck is not None and selfcheck.id == 1 and selfcheck.rubric_id == TINY
        answers = await store.answer_set(selfcheck)
        assert answers.answers == {"staff": "ya", "sop": "na", "board@KTP-el": "2"}
        assert answers.products == ["KTP-el", "Akta Kelahiran"]
        assert answers.evidence == {"board@KTP-el"}
        assert [a.option_id for a in await store.answer_history(selfcheck, "staff")] == [
            "tidak",
            "ya",
        ]
        assert (await store.chat_state(101)).key == "board@Akta Kelahiran"
        assert await store.notification_status("101:1:weekly:2025-01-13") == "sent"
        # an update applied under v1 is still known after the upgrade
        assert not (
            await store.record_answer(KeyWrite(officer, 1, "staff", update_id=900), "tidak")
        ).written
        # and the new schema works: writes land in history and in the new audit log
        assert (
            await store.record_answer(KeyWrite(officer, 1, "staff", update_id=1000), "sebagian")
        ).written
        await store.add_product(officer, "Kartu Keluarga")
        assert (await store.audit_log())[0]["action"] == "product.add"
        assert await store.integrity_check() == "ok"
    finally:
        await store.close()


async def test_failed_step_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, steps)
    n = schema_version() + 1
    (steps / f"{n:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n"
    )
    path = tmp_path / "x.db"
    restore_v1(path)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", steps)
    with pytest.raises(StoreError, match="broken"):
        await Store.open(path)
    # the good steps before it were applied and kept; the broken one left nothing behind
    assert user_version(path) == n - 1
    assert "half_done" not in tables(path)
    assert "audit_log" in tables(path)


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    migrate(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        await Store.open(path)


def test_gap_in_numbering_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, steps)
    (steps / f"{schema_version() + 2:04d}_far.sql").write_text("SELECT 1;\n")  # one skipped
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", steps)
    with pytest.raises(StoreError, match="without gaps"):
        schema.migrations()
