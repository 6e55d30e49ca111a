"""SIAPNILAI_DATABASE=postgresql://… selects the PostgreSQL store (the contract tests of
tests/test_store*.py run on both stores through conftest.py's `database` fixture); here what
is PostgreSQL's own: the setting, the CLI, backups, migrations, the SQL translation."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.settings import Settings
from bot.store import Store, pg, schema_version
from tests.clocks import fixed
from tests.store_fixtures import SAMPLE_ROWS, Clock, open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "units.csv"


# -- the setting ---------------------------------------------------------------------------------


def test_a_url_selects_postgresql_and_a_path_keeps_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://siapnilai:secret@db.example:5432/siapnilai"
    monkeypatch.setenv("SIAPNILAI_DATABASE", url)
    assert Settings(_env_file=None).database == url  # kept as text: the // survives
    monkeypatch.setenv("SIAPNILAI_DATABASE", "data/siapnilai.db")
    assert Settings(_env_file=None).database == Path("data/siapnilai.db")
    monkeypatch.delenv("SIAPNILAI_DATABASE")
    assert Settings(_env_file=None).database == Path("siapnilai.db")
    assert pg.is_postgres("postgres://x/y") and not pg.is_postgres(Path("postgres.db"))
    assert pg.redact(url) == "postgresql://siapnilai:***@db.example:5432/siapnilai"


def test_translation_of_the_store_sql() -> None:
    assert pg.translate("SELECT a FROM t WHERE b = ? AND c LIKE '50%?'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '50%%?'"
    )
    assert pg.translate("INSERT INTO answers (key) VALUES (?)").endswith(" RETURNING id")
    assert not pg.translate("INSERT INTO meta (key) VALUES (?)").endswith("RETURNING id")
    assert pg.translate("DROP TABLE IF EXISTS temp.import_units") == (
        "DROP TABLE IF EXISTS pg_temp.import_units"
    )


def test_every_postgres_migration_has_its_sqlite_twin() -> None:
    from bot.store.core import migrations

    sqlite_names = [p.name for _, p in migrations()]
    pg_names = [p.name for _, p in pg.migrations()]
    # Numbered alike: the same schema version on both. A new SQLite migration needs its twin
    # in bot/migrations/postgres/ (INTEGER -> BIGINT, INTEGER PRIMARY KEY -> BIGINT GENERATED
    # BY DEFAULT AS IDENTITY PRIMARY KEY, no WITHOUT ROWID; see the existing twins).
    assert pg_names == sqlite_names


# -- against a server ---------------------------------------------------------------------------


async def test_migrations_are_applied_once_and_a_newer_database_is_refused(
    pg_server: Any,
) -> None:
    url = pg_server.create_database("migrations_once")
    assert pg.migrate(url, upto=2) == [1, 2]
    assert pg.migrate(url) == list(range(3, schema_version() + 1))
    assert pg.migrate(url) == []
    store = await open_store(url, Clock())
    try:
        assert await store.stored_schema_version() == schema_version()
        assert store.is_postgres and store.database == url
    finally:
        await store.close()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE siapnilai_schema SET version = 999")
    with pytest.raises(Exception, match="newer than this program"):
        await Store.open(url)


async def test_a_wrong_server_is_one_clear_error(pg_server: Any) -> None:
    from bot.store import StoreError, dbcheck

    url = f"postgresql://postgres:hunter2@/nosuchdb?host={pg_server.folder}&port={pg_server.port}"
    with pytest.raises(StoreError, match="cannot connect") as raised:
        await Store.open(url)
    assert "hunter2" not in str(raised.value)
    problem = dbcheck.probe(url)
    assert problem is not None and "nosuchdb" in problem and "hunter2" not in problem


async def test_import_stages_in_temp_tables_on_postgresql(pg_database: str) -> None:
    store = await open_store(pg_database, Clock())
    try:
        first = await store.import_units(SAMPLE_ROWS)
        again = await store.import_units(SAMPLE_ROWS)
        listing = await store.list_units()
    finally:
        await store.close()
    assert (first.regions_added, first.units_added, first.products_added) == (3, 4, 4)
    assert (again.regions_added, again.units_added, again.products_added) == (0, 0, 0)
    assert [u.unit for u in listing if u.region == "Kota Metro"] == [
        "Dukcapil",
        "Puskesmas Yosodadi",
    ]


@pytest.fixture
def pg_env(pg_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIAPNILAI_DATABASE", pg_database)
    monkeypatch.delenv("SIAPNILAI_TIMEZONE", raising=False)
    return pg_database


def test_the_cli_runs_on_postgresql(pg_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "import", str(SAMPLE)], clock=fixed()) == 0
    capsys.readouterr()
    assert main(["units", "list", "--json"], clock=fixed()) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == len(SAMPLE.read_text(encoding="utf-8").splitlines()) - 1  # 19
    # --database takes a URL too
    assert main(["units", "list", "--json", "--database", pg_env], clock=fixed()) == 0
    assert json.loads(capsys.readouterr().out) == listed


def test_backup_on_postgresql_says_pg_dump(
    pg_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(["backup", str(tmp_path / "copy.db")], clock=fixed()))
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == ""
    assert err.count("\n") == 1 and "pg_dump" in err, err
    assert not (tmp_path / "copy.db").exists()


async def test_store_backup_refuses_on_postgresql(pg_database: str, tmp_path: Path) -> None:
    from bot.store import Invalid

    store = await open_store(pg_database, Clock())
    try:
        with pytest.raises(Invalid, match="pg_dump"):
            await store.backup(tmp_path / "x.db")
    finally:
        await store.close()


def test_integrity_errors_reach_the_store_as_sqlite_ones(pg_database: str) -> None:
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as raw:
        db = pg.PgConnection(raw)
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("k", "v"))
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("k", "w"))
        row = db.execute("SELECT key, value FROM meta").fetchone()
        assert row is not None and row["value"] == "v" and row[0] == "k"
        assert list(row) == ["k", "v"] and row.keys() == ["key", "value"]


async def test_a_lost_connection_fails_one_unit_not_every_unit_after(pg_database: str) -> None:
    """The server restarts (here: the store's session is terminated): the unit in flight
    fails with a database error, the next one reconnects and works."""
    import psycopg

    store = await open_store(pg_database, Clock())
    try:
        await store.set_meta("before", "1")
        with psycopg.connect(pg_database, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        with pytest.raises(sqlite3.Error):
            await store.set_meta("during", "2")
        await store.set_meta("after", "3")
        assert await store.get_meta("before") == "1" and await store.get_meta("after") == "3"
        assert await store.get_meta("during") is None
    finally:
        await store.close()
