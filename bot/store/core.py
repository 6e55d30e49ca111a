"""The connection, units of work, migrations and the shared helpers of every store mixin.

One aiosqlite connection in autocommit mode. Every unit of work is
`BEGIN IMMEDIATE … COMMIT` under one asyncio.Lock, so two coroutines never interleave
statements, and another process (the CLI) waits on SQLite's write lock (busy_timeout).
Never await the network inside a unit of work.

Where a unit runs: by default all of it on aiosqlite's thread, in one round trip. A small
unit (a press's look-ups by person or self-check: `_run_read_inline`, `_run_write_inline`)
runs its statements on the event loop's thread instead and only its COMMIT (the fsync) on
the connection's thread. Each statement on another thread hands the GIL back and forth with
a busy loop (sqlite3 releases it around every step), which cost a press more than its SQL
(docs/benchmarks.md §8c). An inline unit never waits for a lock on the loop: when another
process holds SQLite's write lock it runs on the thread, as any unit.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

import aiosqlite

from bot.store import pg
from bot.store.errors import StoreError
from bot.store.schema import migrations
from rubric import Rubric

Clock = Callable[[], datetime]
RubricLoader = Callable[[str], Rubric]
Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
KeyMap = dict[str, tuple[str, int | None]]
"""Askable answer key -> (item id, product id or None), in checklist order."""

BUSY_TIMEOUT_MS = 5000
"""How long a unit on the connection's thread waits for another process's write lock."""
Work = Callable[[sqlite3.Connection], T]
"""A unit of work as one synchronous function of the plain sqlite3 connection."""


def on_connection_thread(
    conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any
) -> Awaitable[T]:
    """`fn(sqlite3_connection, *args)` on aiosqlite's own thread, in one round trip.

    Each `await` on an aiosqlite connection is a hop to its thread and back (a future, a
    wake-up of the event loop): a unit of work of ten statements was ten hops. This runs a
    whole unit in one. It relies on aiosqlite's private `Connection._execute(fn, *args)`
    (queue a callable on the connection's thread) and `Connection._conn` (the sqlite3
    connection), unchanged from 0.17 to 0.22; pyproject.toml pins aiosqlite below 0.23 and
    tests/test_store.py `test_aiosqlite_private_api_is_there` fails loudly if they go.
    """
    return conn._execute(fn, conn._conn, *args)  # type: ignore[no-untyped-call]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Timezone-aware datetime -> fixed-width UTC text, so text order is time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def to_date(text: str) -> date:
    return date.fromisoformat(text)


def migrate(path: str | Path, upto: int | None = None) -> list[int]:
    """Apply pending migrations to the database file, each in its own transaction.

    Returns the numbers applied. `upto` stops early (tests build old databases with it).
    Synchronous on purpose: it runs once, before the async connection opens.
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        steps = migrations()
        if current > len(steps):
            raise StoreError(
                f"{path} has schema version {current}, newer than this program's "
                f"{len(steps)}; upgrade SiapNilai"
            )
        applied: list[int] = []
        for number, file in steps:
            if number <= current or (upto is not None and number > upto):
                continue
            script = file.read_text(encoding="utf-8")
            try:
                # executescript runs statements in autocommit mode, so the transaction
                # is spelled out inside the script; user_version changes with it.
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"migration {file.name} failed: {exc}") from exc
            applied.append(number)
        return applied
    finally:
        conn.close()


class StoreCore:
    """The connection and the unit-of-work helpers; the mixins add intention-named methods.

    One unit-of-work style: `await self._run_read(fn)` / `await self._run_write(fn)` run
    `fn(db)`, a plain synchronous function of the sqlite3 connection, on the connection's
    thread inside `BEGIN … ROLLBACK` / `BEGIN IMMEDIATE … COMMIT`, in one round trip
    (ROLLBACK if it raises). `await self._fetchall(sql, params)` / `self._fetchone` are for
    a single statement. All hold the store's lock: never call a store method inside `fn`.
    """

    def __init__(
        self,
        conn: aiosqlite.Connection | None,
        path: Path,
        clock: Clock,
        rubric_loader: RubricLoader | None,
        *,
        pg_backend: pg.PgBackend | None = None,
    ) -> None:
        self._conn: aiosqlite.Connection | None = conn
        self._pg: pg.PgBackend | None = pg_backend
        """Set on a PostgreSQL store (then `_conn` is None): bot/store/pg.py."""
        self._path = path
        self.database: str | Path = path if pg_backend is None else pg_backend.dsn
        """What `Store.open` was given: the file, or the postgresql:// URL."""
        self._clock = clock
        self._rubric_loader = rubric_loader
        self._rubrics: dict[str, Rubric] = {}
        self._key_maps: OrderedDict[tuple[str, tuple[tuple[int, str], ...], bool], KeyMap] = (
            OrderedDict()
        )
        """Checklists by (rubric id, the unit's products): see SelfCheckMixin._key_map."""
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        clock: Clock | None = None,
        rubric_loader: RubricLoader | None = None,
    ) -> Self:
        """Apply pending migrations, then open the one connection.

        `path` is a SQLite file, or a postgresql:// URL for the PostgreSQL store."""
        if pg.is_postgres(path):
            dsn = str(path)
            await asyncio.to_thread(pg.migrate, dsn)
            backend = await asyncio.to_thread(pg.PgBackend.connect, dsn)
            return cls(None, Path(), clock or utc_now, rubric_loader, pg_backend=backend)
        if str(path) in ("", ":memory:") or str(path).startswith("file:"):
            raise StoreError("the store needs a database file path (WAL, backups, crash safety)")
        path = Path(path)
        await asyncio.to_thread(migrate, path)
        # Used from two threads, never at once: every use holds `_lock` to its end.
        conn = await aiosqlite.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            conn.row_factory = aiosqlite.Row
            for pragma in (
                f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
                "PRAGMA foreign_keys = ON",
            ):
                await conn.execute(pragma)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path, clock or utc_now, rubric_loader)

    async def close(self) -> None:
        """Close the connection (an open aiosqlite connection keeps a thread alive)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            async with self._lock:
                await conn.close()
        backend, self._pg = self._pg, None
        if backend is not None:
            async with self._lock:
                await asyncio.to_thread(backend.close)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def path(self) -> Path:
        """The SQLite file. The PostgreSQL store has none (its URL is `database`): asking
        is a mistake, never a relative path that would open a stray SQLite file."""
        if self._pg is not None or self.database != self._path:
            raise StoreError("the PostgreSQL store has no file: use store.database")
        return self._path

    @property
    def closed(self) -> bool:
        return self._conn is None and self._pg is None

    @property
    def is_postgres(self) -> bool:
        return self._pg is not None

    def _connection(self) -> aiosqlite.Connection:
        if self._conn is None:
            if self._pg is not None:
                raise StoreError("this is the PostgreSQL store: no SQLite connection")
            raise StoreError("the store is closed")
        return self._conn

    def now(self) -> datetime:
        moment = self._clock()
        if moment.tzinfo is None:
            raise ValueError("the store's clock returned a naive datetime")
        return moment

    def rubric(self, rubric_id: str) -> Rubric:
        """The rubric by id, loaded once (rubric.load_builtin unless a loader was given)."""
        cached = self._rubrics.get(rubric_id)
        if cached is None:
            loader = self._rubric_loader
            if loader is None:
                import rubric as rubric_pkg

                loader = rubric_pkg.load_builtin
            cached = loader(rubric_id)
            self._rubrics[rubric_id] = cached
        return cached

    # -- units of work ---------------------------------------------------------------

    async def _run_write(self, fn: Work[T]) -> T:
        """One write unit of work in one round trip: BEGIN IMMEDIATE, fn, COMMIT; ROLLBACK
        if fn (or COMMIT) raises, and the exception reaches the caller."""
        async with self._lock:
            if self._pg is not None:
                return await self._pg.call(pg.write_unit, fn)
            return await self._hop(_write_unit, fn)

    async def _run_read(self, fn: Work[T]) -> T:
        """Several reads that see one consistent state, in one round trip."""
        async with self._lock:
            if self._pg is not None:
                return await self._pg.call(pg.read_unit, fn)
            return await self._hop(_read_unit, fn)

    async def _run_write_inline(self, fn: Work[T]) -> T:
        """`_run_write` for a small unit: BEGIN IMMEDIATE and fn on the event loop's thread,
        COMMIT (the fsync) on the connection's thread. When another process holds the write
        lock, the whole unit waits for it on the connection's thread instead."""
        if self._pg is not None:
            return await self._run_write(fn)
        async with self._lock:
            db = self._sqlite3()
            if not _begun_at_once(db, "BEGIN IMMEDIATE"):
                return await self._hop(_write_unit, fn)
            try:
                result = fn(db)
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            await self._hop(_commit)
            return result

    async def _run_read_inline(self, fn: Work[T]) -> T:
        """`_run_read` for a small unit, on the event loop's thread: no round trip. Should a
        read meet a lock (a WAL recovery, an exclusive checkpoint), it is done again on the
        connection's thread, which may wait."""
        if self._pg is not None:
            return await self._run_read(fn)
        async with self._lock:
            db = self._sqlite3()
            try:
                db.execute("PRAGMA busy_timeout = 0")
                db.execute("BEGIN")
                return fn(db)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return await self._hop(_read_unit, fn)

    async def _on_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(db, *args)` on the connection's thread, outside any unit of work (autocommit):
        for work that manages its own transactions (units import's staging)."""
        async with self._lock:
            if self._pg is not None:
                return await self._pg.call(fn, *args)
            return await self._hop(fn, *args)

    async def _fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._lock:
            if self._pg is not None:
                rows: list[Any] = await self._pg.call(pg.fetchall, sql, params)
                return rows
            return await self._hop(_fetchall, sql, params)

    async def _hop(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(db, *args)` on the connection's thread; the caller holds `_lock`, and keeps it
        until fn is done even if the caller is cancelled meanwhile (an inline unit must not
        start while the thread still works on the connection)."""
        work = asyncio.ensure_future(on_connection_thread(self._connection(), fn, *args))
        return await until_done(work)

    def _sqlite3(self) -> sqlite3.Connection:
        """The plain sqlite3 connection under aiosqlite (aiosqlite's private `_conn`, see
        `on_connection_thread`), for inline units; the caller holds `_lock`."""
        return self._connection()._conn

    async def _fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self._fetchall(sql, params)
        return rows[0] if rows else None

    # -- meta --------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        await self._run_write(
            lambda db: db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        )

    async def set_meta_once(self, key: str, value: str) -> str:
        """Keep `value` under `key` unless one is kept already; the kept one either way.
        (Instances starting at once agree on one value: the first to commit wins.)"""

        def work(db: sqlite3.Connection) -> str:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                (key, value),
            )
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return str(row[0])

        return await self._run_write(work)

    async def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest audit entries, newest first."""
        rows = await self._fetchall(
            "SELECT id, who, action, details, at FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            {
                "id": r["id"],
                "who": r["who"],
                "action": r["action"],
                "details": json.loads(r["details"]),
                "at": from_iso(r["at"]),
            }
            for r in rows
        ]

    async def stored_schema_version(self) -> int:
        """The database's schema version (SQLite's user_version; PostgreSQL's
        siapnilai_schema table): after `open`, `schema_version()` on both."""
        if self._pg is not None:
            row = await self._fetchone("SELECT max(version) FROM siapnilai_schema")
        else:
            row = await self._fetchone("PRAGMA user_version")
        return 0 if row is None or row[0] is None else int(row[0])

    async def integrity_check(self) -> str:
        if self._pg is not None:
            # PostgreSQL checks its pages itself (checksums, amcheck): nothing SQLite-like.
            await self._fetchone("SELECT 1")
            return "ok"
        row = await self._fetchone("PRAGMA integrity_check")
        return "" if row is None else str(row[0])


def audit_row(
    db: sqlite3.Connection, who: int | str, action: str, details: dict[str, Any], now: datetime
) -> None:
    """One audit_log entry, inside the caller's unit of work."""
    db.execute(
        "INSERT INTO audit_log (who, action, details, at) VALUES (?, ?, ?, ?)",
        (str(who), action, json.dumps(details, ensure_ascii=False, default=str), iso(now)),
    )


def first_time(db: sqlite3.Connection, update_id: int | None, action: str, now: datetime) -> bool:
    """Record, inside the caller's unit of work, that this update did `action`; False when
    it already had (Telegram redelivered it). No update id: always the first time."""
    if update_id is None:
        return True
    cursor = db.execute(
        "INSERT INTO processed_updates (update_id, action, at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (update_id, action, iso(now)),
    )
    return cursor.rowcount == 1


def _write_unit(db: sqlite3.Connection, fn: Work[T]) -> T:
    # Runs on the connection's thread: once queued, the unit runs to its COMMIT or ROLLBACK
    # even if the awaiting task is cancelled, and the next unit is queued behind it.
    db.execute("BEGIN IMMEDIATE")
    try:
        result = fn(db)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return result


def _commit(db: sqlite3.Connection) -> None:
    """An inline unit's end, on the connection's thread: COMMIT (ROLLBACK if it fails)."""
    try:
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _fetchall(db: sqlite3.Connection, sql: str, params: Params) -> list[Any]:
    return db.execute(sql, params).fetchall()


def _begun_at_once(db: sqlite3.Connection, begin: str) -> bool:
    """`begin` without waiting for another process's lock: False if it would have to."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute(begin)
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return True


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


async def until_done(work: asyncio.Future[T]) -> T:
    """`work`'s result, awaited to its end even if the awaiting task is cancelled meanwhile;
    the cancellation is passed on once it is done."""
    cancelled = False
    while not work.done():
        try:
            await asyncio.wait({work})
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        if not work.cancelled():
            work.exception()  # retrieved: the caller was cancelled, not failed
        raise asyncio.CancelledError
    return work.result()


def _read_unit(db: sqlite3.Connection, fn: Work[T]) -> T:
    db.execute("BEGIN")
    try:
        return fn(db)
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")


def placeholders(values: Iterable[Any]) -> str:
    """ "?, ?, ?" for an IN (...) list; the values still go in as parameters."""
    return ", ".join("?" for _ in values)
