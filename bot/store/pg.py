"""The PostgreSQL backend of the one store contract (SIAPNILAI_DATABASE=postgresql://…).

Every unit of work of the store is a plain synchronous function `fn(db)` of a connection
with sqlite3's surface. Here `PgConnection` gives them that surface over one psycopg 3
connection: `execute(sql, params)` returns a cursor with `fetchone/fetchall/rowcount/
lastrowid`, rows answer by name and by position, `?` placeholders become `%s`, `temp.` tables
become `pg_temp.`, an INSERT into a table with an `id` gets `RETURNING id` (lastrowid), and
psycopg's integrity errors are raised as sqlite3.IntegrityError (what the store catches).
The SQL itself is portable (no INSERT OR, no bare columns beside MAX()).

Transactions: a write unit is `BEGIN; SELECT pg_advisory_xact_lock(WRITE_LOCK); fn; COMMIT`:
every write unit of every instance runs one at a time, exactly like SQLite's
`BEGIN IMMEDIATE` (read committed after the lock sees everything committed before it), so
the read-check-write units of the store stay correct across instances without retry loops.
A read unit is one REPEATABLE READ READ ONLY transaction: one consistent snapshot.
Units run on one thread per store (a single-worker executor), like aiosqlite's.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

from bot.store.errors import StoreError
from bot.store.schema import migrations, postgres_sql

T = TypeVar("T")

SCHEMES = ("postgresql://", "postgres://")

WRITE_LOCK = 0x5149_4E00  # "SIN\0": the advisory lock every write unit takes (BEGIN IMMEDIATE)
MIGRATE_LOCK = 0x5149_4E01
"""Advisory lock keys (pg_advisory_*(bigint)); other keys are in bot/store/leases.py."""

ID_TABLES = frozenset(
    {
        "regions", "units", "products", "invites", "redemptions", "cycles", "selfchecks",
        "answers", "evidence", "notifications", "audit_log", "survey_responses",
    }
)  # fmt: skip
"""Tables whose primary key is an identity `id`: an INSERT into one returns it (lastrowid)."""

_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_TEMP = re.compile(r"\btemp\.", re.IGNORECASE)


PG_BACKUP = "the database is PostgreSQL: back it up with pg_dump (docs/deploying.md)"


def is_postgres(database: object) -> bool:
    """True for a postgresql:// (or postgres://) URL, False for a file path."""
    return str(database).startswith(SCHEMES)


def redact(dsn: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", dsn)


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """The store's SQLite-flavoured statement as PostgreSQL runs it (see the module doc)."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    text = _TEMP.sub("pg_temp.", "".join(out))
    insert = _INSERT_INTO.match(text)
    if insert and insert.group(1).lower() in ID_TABLES and "RETURNING" not in text.upper():
        text = f"{text.rstrip().rstrip(';')} RETURNING id"
    return text


def _params(params: Sequence[Any] | dict[str, Any]) -> tuple[Any, ...]:
    if isinstance(params, dict):
        raise StoreError("named parameters are not used by the store")
    # SQLite stores booleans as 0/1 in INTEGER columns; PostgreSQL would refuse a boolean.
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


class Row:
    """A row by position (`row[0]`) and by name (`row["key"]`), like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return tuple(self._values) == tuple(other._values)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._values))

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


class Cursor:
    """What `PgConnection.execute` returns: sqlite3.Cursor's surface that the store uses."""

    def __init__(self, cursor: Any, returning_id: bool) -> None:
        self._cursor = cursor
        self._returning_id = returning_id
        self._ids: list[Any] | None = None
        description = cursor.description
        self._index = {} if description is None else {c.name: i for i, c in enumerate(description)}

    @property
    def rowcount(self) -> int:
        count: int = self._cursor.rowcount
        return count

    @property
    def lastrowid(self) -> int | None:
        if not self._returning_id:
            return None
        if self._ids is None:
            self._ids = [r[0] for r in self._cursor.fetchall()]
        return self._ids[-1] if self._ids else None

    def _wrap(self, values: Sequence[Any] | None) -> Row | None:
        return None if values is None else Row(self._index, values)

    def fetchone(self) -> Row | None:
        if self._cursor.description is None:
            return None
        return self._wrap(self._cursor.fetchone())

    def fetchall(self) -> list[Row]:
        if self._cursor.description is None:
            return []
        index = self._index
        return [Row(index, v) for v in self._cursor.fetchall()]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PgConnection:
    """The sqlite3.Connection surface the store's units of work use, over psycopg 3."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.dialect = "postgresql"

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        status = self._conn.info.transaction_status
        return bool(status != TransactionStatus.IDLE)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        import psycopg

        text = translate(sql)
        cursor = self._conn.cursor()
        try:
            if params:
                cursor.execute(text, _params(params))
            else:
                cursor.execute(text.replace("%%", "%"))
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc
        except psycopg.errors.OperationalError as exc:
            raise sqlite3.OperationalError(str(exc)) from exc
        except psycopg.Error as exc:
            raise sqlite3.DatabaseError(f"{exc} [{text}]") from exc
        return Cursor(cursor, text.endswith(" RETURNING id"))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        import psycopg

        text = translate(sql)
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(text, [_params(r) for r in rows])
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc


class PgBackend:
    """One psycopg connection (autocommit; transactions spelled out) and its one thread."""

    def __init__(self, conn: Any, dsn: str) -> None:
        self.conn = conn
        self.db = PgConnection(conn)
        self.dsn = dsn
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="siapnilai-pg")

    @classmethod
    def connect(cls, dsn: str) -> PgBackend:
        import psycopg

        try:
            conn = psycopg.connect(dsn, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {redact(dsn)}: {exc}") from None
        return cls(conn, dsn)

    def call(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """`fn(db, *args)` on the backend's thread (reconnecting first if the server closed
        the connection: a restarted server fails the unit in flight, not every unit after)."""
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._thread, self._on_thread, fn, args)

    def _on_thread(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        if self.conn.closed or self.conn.broken:
            import psycopg

            try:
                self.conn = psycopg.connect(self.dsn, autocommit=True)
            except psycopg.Error as exc:
                raise sqlite3.OperationalError(f"cannot reconnect to {redact(self.dsn)}") from exc
            self.db = PgConnection(self.conn)
        return fn(self.db, *args)

    def close(self) -> None:
        self._thread.shutdown(wait=True)
        self.conn.close()


def write_unit(db: PgConnection, fn: Callable[[Any], T]) -> T:
    """BEGIN, the global write lock (as SQLite's BEGIN IMMEDIATE), fn, COMMIT; ROLLBACK on
    any exception."""
    db.execute("BEGIN")
    try:
        db.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        result = fn(db)
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise
    return result


def _rollback(db: PgConnection) -> None:
    """ROLLBACK if a transaction is open; a broken connection has none left to end (the
    original error is what the caller must see)."""
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def read_unit(db: PgConnection, fn: Callable[[Any], T]) -> T:
    db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        return fn(db)
    finally:
        _rollback(db)


def fetchall(db: PgConnection, sql: str, params: Sequence[Any]) -> list[Row]:
    return db.execute(sql, params).fetchall()


# -- migrations ------------------------------------------------------------------------------


def schema_version_of(conn: Any) -> int:
    """The database's schema version (0: empty); the table holds what SQLite's user_version
    holds."""
    conn.execute("CREATE TABLE IF NOT EXISTS siapnilai_schema (version BIGINT NOT NULL)")
    row = conn.execute("SELECT max(version) FROM siapnilai_schema").fetchone()
    return 0 if row is None or row[0] is None else int(row[0])


def require_psycopg() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            "a postgresql:// database needs psycopg: pip install 'siapnilai[postgres]'"
        ) from None


def migrate(dsn: str, upto: int | None = None) -> list[int]:
    """Apply pending migrations, each in its own transaction, under an advisory lock so two
    instances starting at once do not both apply one. Returns the numbers applied."""
    require_psycopg()
    import psycopg

    try:
        conn = psycopg.connect(dsn, autocommit=True)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to {redact(dsn)}: {exc}") from None
    try:
        steps = migrations()
        applied: list[int] = []
        with conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
            conn.execute("CREATE TABLE IF NOT EXISTS siapnilai_schema (version BIGINT NOT NULL)")
        for number, file in steps:
            if upto is not None and number > upto:
                break
            try:
                with conn.transaction():
                    conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
                    current = schema_version_of(conn)
                    if current > len(steps):
                        raise StoreError(
                            f"the database has schema version {current}, newer than this "
                            f"program's {len(steps)}; upgrade SiapNilai"
                        )
                    if number <= current:
                        continue
                    conn.execute(postgres_sql(file))
                    conn.execute("DELETE FROM siapnilai_schema")
                    conn.execute("INSERT INTO siapnilai_schema (version) VALUES (%s)", (number,))
            except psycopg.Error as exc:
                raise StoreError(f"migration {file.name} (PostgreSQL) failed: {exc}") from exc
            applied.append(number)
        return applied
    finally:
        conn.close()
