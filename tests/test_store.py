"""Contract tests of the store's chat-facing methods."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.store import (
    NOTE_MAX,
    ChatState,
    Closed,
    Conflict,
    EvidenceFile,
    Forbidden,
    Invalid,
    InviteError,
    KeyWrite,
    Newcomer,
    NotFound,
    Notice,
    Product,
    SelfCheck,
    Store,
    StoreError,
    schema_version,
)
from bot.store._people import CODE_PATTERN, hash_code
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Clock,
    Seeded,
    clock_fixture,
    in_transaction,
    make_person,
    seeded_fixture,
    store_fixture,
    writes_so_far,
)

PHOTO = EvidenceFile(file_id="AgAD-1", file_unique_id="uniq-1", kind="photo", size=1234)


async def one(store: Store, sql: str, params: tuple[object, ...] = ()) -> Any:
    row = await store._fetchone(sql, params)
    assert row is not None
    return row


async def selfcheck_of(s: Seeded) -> SelfCheck:
    sc = await s.store.current_selfcheck(s.officer)
    assert sc is not None
    return sc


# -- opening


@pytest.mark.sqlite_only("PRAGMAs and the WAL file")
async def test_open_sets_pragmas_and_schema(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    finally:
        conn.close()
    assert (await one(store, "PRAGMA foreign_keys"))[0] == 1
    assert (await one(store, "PRAGMA synchronous"))[0] == 2  # FULL
    assert (await one(store, "PRAGMA busy_timeout"))[0] == 5000


async def test_open_migrates_to_the_one_schema_version(store: Store) -> None:
    assert await store.stored_schema_version() == schema_version()


async def test_close_is_idempotent_and_final(tmp_path: Path) -> None:
    opened = await Store.open(tmp_path / "x.db")
    await opened.close()
    await opened.close()
    assert opened.closed
    with pytest.raises(Exception, match="closed"):
        await opened.get_meta("bot_username")


async def test_meta_roundtrip(store: Store) -> None:
    assert await store.get_meta("bot_username") is None
    await store.set_meta("bot_username", "siapnilai_bot")
    await store.set_meta("bot_username", "siap_bot")
    assert await store.get_meta("bot_username") == "siap_bot"


async def test_set_meta_once_keeps_the_first_value(store: Store) -> None:
    results = await asyncio.gather(*(store.set_meta_once("secret", f"v{n}") for n in range(5)))
    assert len(set(results)) == 1 and await store.get_meta("secret") == results[0]
    assert await store.set_meta_once("secret", "later") == results[0]


async def test_a_cancelled_caller_leaves_the_unit_of_work_whole(store: Store) -> None:
    """A unit of work runs on the connection's thread to its COMMIT or ROLLBACK even when
    the task awaiting it is cancelled: both rows or neither, never half."""
    started, release = threading.Event(), threading.Event()

    def work(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES ('half', 'done')")
        started.set()
        release.wait(5)
        db.execute("INSERT INTO meta (key, value) VALUES ('other', 'done')")

    task = asyncio.create_task(store._run_write(work))
    assert await asyncio.to_thread(started.wait, 5)
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await store.get_meta("half") == await store.get_meta("other") == "done"
    await store.set_meta("after", "ok")  # the connection is usable afterwards
    assert await store.get_meta("after") == "ok"


# -- invites and joining


async def test_invite_code_shape_and_hash_only(seeded: Seeded) -> None:
    invite = await seeded.store.create_invite("officer", unit_id=seeded.dukcapil, uses=3, days=2)
    assert CODE_PATTERN.match(invite.code)
    assert len(invite.code) >= 22  # >= 128 bits in base64url
    assert invite.expires_at == seeded.clock.now + timedelta(days=2)
    rows = await seeded.store._fetchall("SELECT * FROM invites")
    stored = [tuple(r) for r in rows]
    assert not any(invite.code in str(v) for row in stored for v in row)
    assert any(r["code_hash"] == hash_code(invite.code) for r in rows)


async def test_join_binds_officer_and_coordinator(seeded: Seeded) -> None:
    assert seeded.officer.role == "officer"
    assert seeded.officer.unit_id == seeded.dukcapil
    assert seeded.officer.region_id == seeded.metro
    assert seeded.officer.language is None
    assert seeded.officer.reminders and seeded.officer.active
    assert seeded.coordinator.role == "coordinator"
    assert seeded.coordinator.region_id == seeded.metro
    assert seeded.coordinator.unit_id is None
    assert await seeded.store.person(101) == seeded.officer
    assert await seeded.store.person(999) is None


async def test_join_errors(seeded: Seeded) -> None:
    store = seeded.store
    with pytest.raises(InviteError) as err:
        await store.join("nope", Newcomer(1, "x"))
    assert err.value.reason == "unknown"
    with pytest.raises(InviteError) as err:
        await store.join("A" * 32, Newcomer(1, "x"))
    assert err.value.reason == "unknown"

    invite = await store.create_invite("officer", unit_id=seeded.dukcapil, uses=1, days=1)
    seeded.clock.advance(days=1)
    with pytest.raises(InviteError) as err:
        await store.join(invite.code, Newcomer(1, "x"))
    assert err.value.reason == "expired"
    assert await store.person(1) is None


async def test_join_keeps_the_apps_language_and_a_later_join_without_one_keeps_it(
    seeded: Seeded,
) -> None:
    """Telegram's `language_code` at join is kept (reminders speak it while the person chose
    no language); a later join that says none leaves it."""
    store = seeded.store
    first = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=1, days=1)
    await store.join(first.code, Newcomer(21, "Ana", "en-US"))
    person = await store.person(21)
    assert person is not None and (person.language, person.app_language) == (None, "en-US")
    moved = await store.create_invite("officer", unit_id=seeded.dukcapil, uses=1, days=1)
    await store.join(moved.code, Newcomer(21, "Ana"))
    assert (await store.person(21)).app_language == "en-US"  # type: ignore[union-attr]


async def test_join_used_up_and_already_member(seeded: Seeded) -> None:
    store = seeded.store
    invite = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=2, days=1)
    await store.join(invite.code, Newcomer(11, "A"))
    with pytest.raises(InviteError) as err:
        await store.join(invite.code, Newcomer(11, "A"))  # same unit again: no use consumed
    assert err.value.reason == "already_member"
    await store.join(invite.code, Newcomer(12, "B"))
    with pytest.raises(InviteError) as err:
        await store.join(invite.code, Newcomer(13, "C"))
    assert err.value.reason == "used_up"
    row = await one(
        store, "SELECT uses, uses_max FROM invites WHERE code_hash = ?", (hash_code(invite.code),)
    )
    assert (row["uses"], row["uses_max"]) == (2, 2)


async def test_rejoining_elsewhere_moves_and_audits(seeded: Seeded) -> None:
    store = seeded.store
    await store.set_language(101, "en")
    moved = await make_person(store, 101, "officer", seeded.puskesmas)
    assert moved.unit_id == seeded.puskesmas
    assert moved.language == "en"  # preferences survive a move
    log = await store.audit_log()
    assert log[0]["action"] == "person.move"
    assert log[0]["details"]["from"]["unit_id"] == seeded.dukcapil
    # the moved officer no longer reaches the old unit's self-check
    old = await store.current_selfcheck(seeded.officer2)
    assert old is not None
    with pytest.raises(Forbidden):
        await store.selfcheck_for(moved, old.id)


async def test_racing_redemptions_of_the_last_use(seeded: Seeded) -> None:
    store = seeded.store
    invite = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=1, days=1)
    results = await asyncio.gather(
        *(store.join(invite.code, Newcomer(5000 + i, f"P{i}")) for i in range(20)),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, InviteError)]
    assert len(winners) == 1
    assert len(losers) == 19 and all(e.reason == "used_up" for e in losers)
    row = await one(store, "SELECT COUNT(*) FROM people WHERE telegram_id >= 5000")
    assert row[0] == 1


async def test_racing_redemptions_across_two_connections(seeded: Seeded) -> None:
    """Two processes' worth of connections: the SQL itself, not just the lock, decides."""
    store = seeded.store
    invite = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=1, days=1)
    other = await Store.open(store.database, clock=seeded.clock)
    try:
        results = await asyncio.gather(
            store.join(invite.code, Newcomer(7001, "A")),
            other.join(invite.code, Newcomer(7002, "B")),
            return_exceptions=True,
        )
    finally:
        await other.close()
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert sum(isinstance(r, InviteError) and r.reason == "used_up" for r in results) == 1


# -- people


async def test_preferences(seeded: Seeded) -> None:
    store = seeded.store
    await store.set_language(101, "en")
    await store.set_reminders(101, False)
    person = await store.person(101)
    assert person is not None and person.language == "en" and not person.reminders
    with pytest.raises(Invalid):
        await store.set_language(101, "fr")
    with pytest.raises(NotFound):
        await store.set_reminders(424242, True)


async def test_inactive_person_is_forbidden_until_active(seeded: Seeded) -> None:
    store = seeded.store
    await store.mark_inactive(101)
    with pytest.raises(Forbidden):
        await store.current_selfcheck(seeded.officer)
    await store.mark_active(101)
    assert await store.current_selfcheck(seeded.officer) is not None


async def test_inactive_person_rejoins_with_a_code(seeded: Seeded) -> None:
    store = seeded.store
    await store.mark_inactive(101)
    again = await make_person(store, 101, "officer", seeded.dukcapil)  # no already_member
    assert again.active and again.unit_id == seeded.dukcapil
    assert (await store.audit_log())[0]["action"] == "person.rejoin"


# -- products


async def test_products(seeded: Seeded) -> None:
    store = seeded.store
    names = [p.name for p in await store.products(seeded.officer)]
    assert names == ["KTP-el", "Akta Kelahiran"]
    added = await store.add_product(seeded.officer, "  Kartu   Keluarga ")
    assert added.name == "Kartu Keluarga" and added.unit_id == seeded.dukcapil
    assert await store.add_product(seeded.officer, "Kartu Keluarga") == added
    for bad in ("", "   ", "a@b", "x" * 101, "tab\x00"):
        with pytest.raises(Invalid) as err:
            await store.add_product(seeded.officer, bad)
        assert err.value.reason == "product_name"
    with pytest.raises(Forbidden):
        await store.add_product(seeded.coordinator, "Anything")
    coordinator_view = await store.products(seeded.coordinator, unit_id=seeded.dukcapil)
    assert [p.name for p in coordinator_view][-1] == "Kartu Keluarga"
    with pytest.raises(Forbidden):
        await store.products(seeded.far_coordinator, unit_id=seeded.dukcapil)
    with pytest.raises(Forbidden):
        await store.products(seeded.other_officer, unit_id=seeded.dukcapil)


# -- cycles and self-checks


async def test_current_selfcheck_is_created_once(seeded: Seeded) -> None:
    store = seeded.store
    first = await store.current_selfcheck(seeded.officer)
    second = await store.current_selfcheck(seeded.officer2)
    assert first is not None and first == second
    assert first.rubric_id == TINY and first.unit_id == seeded.dukcapil
    assert first.accepting
    assert first.cycle.opens == date(2026, 5, 1) and first.cycle.year == 2026
    rows = await store._fetchall("SELECT * FROM selfchecks")
    assert len(rows) == 1


async def test_no_cycle_means_no_selfcheck(tmp_path: Path, clock: Clock) -> None:
    from tests.store_fixtures import SAMPLE_ROWS, open_store

    store = await open_store(tmp_path / "x.db", clock)
    try:
        await store.import_units(SAMPLE_ROWS)
        unit = await store.resolve_unit("Puskesmas Hamadi")
        person = await make_person(store, 1, "officer", unit.id)
        assert await store.current_selfcheck(person) is None
    finally:
        await store.close()


async def test_current_cycle_prefers_region_then_latest(seeded: Seeded) -> None:
    store = seeded.store
    # Next year's national cycle (windows never overlap in one scope) opens
    # latest; a region's own cycle overlapping the national ones still wins in the region.
    national_later = await store.open_cycle(TINY, date(2027, 6, 1), date(2027, 9, 30))
    regional = await store.open_cycle(TINY, date(2026, 4, 1), date(2026, 8, 30), seeded.metro)
    sc = await store.current_selfcheck(seeded.officer)
    assert sc is not None and sc.cycle == regional
    mks_officer = await make_person(store, 301, "officer", seeded.dukcapil_mks)
    sc_mks = await store.current_selfcheck(mks_officer)
    assert sc_mks is not None and sc_mks.cycle == national_later
    # Two years on the regional cycle no longer accepts answers; a new national one wins.
    seeded.clock.now = seeded.clock.now.replace(year=2028)
    newer = await store.open_cycle(TINY, date(2028, 5, 1), date(2028, 9, 30))
    sc = await store.current_selfcheck(seeded.officer)
    assert sc is not None and sc.cycle == newer


async def test_open_cycle_validation(seeded: Seeded) -> None:
    store = seeded.store
    with pytest.raises(Invalid):
        await store.open_cycle(TINY, date(2026, 5, 1), date(2026, 5, 1))
    with pytest.raises(Invalid) as err:
        await store.open_cycle("no-such-rubric", date(2026, 5, 1), date(2026, 6, 1))
    assert err.value.reason == "rubric"
    with pytest.raises(NotFound):
        await store.open_cycle(TINY, date(2026, 5, 1), date(2026, 6, 1), region_id=9999)


async def test_selfcheck_access(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert await store.selfcheck_for(seeded.officer2, sc.id) == sc
    assert await store.selfcheck_for(seeded.coordinator, sc.id) == sc
    for outsider in (seeded.other_officer, seeded.far_coordinator):
        with pytest.raises(Forbidden):
            await store.selfcheck_for(outsider, sc.id)
    with pytest.raises(NotFound):
        await store.selfcheck_for(seeded.officer, 9999)
    # a coordinator opens a unit's self-check of their region, not another region's
    assert await store.current_selfcheck(seeded.coordinator, unit_id=seeded.dukcapil) == sc
    assert await store.current_selfcheck(seeded.coordinator) is None
    with pytest.raises(Forbidden):
        await store.current_selfcheck(seeded.far_coordinator, unit_id=seeded.dukcapil)
    with pytest.raises(Forbidden):
        await store.current_selfcheck(seeded.officer, unit_id=seeded.puskesmas)


async def test_checklist_is_item_major_with_products(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert await store.checklist(sc) == ["sop", "staff", "board@KTP-el", "board@Akta Kelahiran"]
    await store.add_product(seeded.officer, "KK")
    assert (await store.checklist(sc))[-1] == "board@KK"
    jayapura = await store.resolve_unit("Puskesmas Hamadi")
    lonely = await make_person(store, 401, "officer", jayapura.id)
    sc2 = await store.current_selfcheck(lonely)
    assert sc2 is not None
    assert await store.checklist(sc2) == ["sop", "staff"]  # no products yet: none asked


async def test_a_unit_is_registered_online_once_and_audited(seeded: Seeded) -> None:
    store = seeded.store
    assert await store.set_unit_online(seeded.dukcapil, True)
    assert not await store.set_unit_online(seeded.dukcapil, True)  # already: nothing changes
    online = {u.unit.id: u.online for u in await store.list_units()}
    assert online[seeded.dukcapil] and not online[seeded.puskesmas]
    with pytest.raises(NotFound):
        await store.set_unit_online(99_999, True)
    rows = await store._fetchall("SELECT action FROM audit_log WHERE action = 'unit.online'")
    assert [tuple(r) for r in rows] == [("unit.online",)]
    assert await store.set_unit_online(seeded.dukcapil, False)


# -- answers


async def test_record_answer_keeps_history_latest_counts(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert (await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff"), "tidak")).written
    seeded.clock.advance(minutes=5)
    assert (await store.record_answer(KeyWrite(seeded.officer2, sc.id, "staff"), "ya")).written
    assert (await store.record_answer(KeyWrite(seeded.officer, sc.id, "board@KTP-el"), "2")).written
    answers = await store.answer_set(sc)
    assert answers.answers == {"staff": "ya", "board@KTP-el": "2"}
    assert answers.products == ["KTP-el", "Akta Kelahiran"]
    history = await store.answer_history(sc, "staff")
    assert [(h.option_id, h.by) for h in history] == [("tidak", 101), ("ya", 102)]
    states = await store.answer_states(sc)
    assert states["staff"].option_id == "ya" and states["staff"].by == 102
    assert states["staff"].at == seeded.clock.now
    assert set(states) == {"staff", "board@KTP-el"}
    row = await one(store, "SELECT product_id FROM answers WHERE key = 'board@KTP-el'")
    products = await store.products(seeded.officer)
    assert row["product_id"] == products[0].id


async def test_record_answer_validation(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    cases = [
        ("nope", "ya", None, "unknown_key"),
        ("board", "3", None, "unknown_key"),  # a product item needs its product
        ("board@Nope", "3", None, "unknown_key"),
        ("staff@KTP-el", "ya", None, "unknown_key"),
        ("staff", "maybe", None, "unknown_option"),
        ("board@KTP-el", "ya", None, "unknown_option"),  # levels item: 3/2/1/0
        ("staff", "na", "reason", "na_not_allowed"),
        ("sop", "na", None, "na_needs_reason"),
        ("sop", "na", "   ", "na_needs_reason"),
        ("sop", "ya", "x" * (NOTE_MAX + 1), "note_too_long"),
    ]
    for key, option, note, reason in cases:
        with pytest.raises(Invalid) as err:
            await store.record_answer(KeyWrite(seeded.officer, sc.id, key), option, note=note)
        assert err.value.reason == reason, (key, option)
    assert (
        await store.record_answer(
            KeyWrite(seeded.officer, sc.id, "sop"), "na", note=" closed office "
        )
    ).written
    states = await store.answer_states(sc)
    assert states["sop"].option_id == "na" and states["sop"].note == "closed office"
    assert (await one(store, "SELECT COUNT(*) FROM answers"))[0] == 1


async def test_record_answer_permissions(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    for outsider in (seeded.other_officer, seeded.coordinator, seeded.far_coordinator):
        with pytest.raises(Forbidden):
            await store.record_answer(KeyWrite(outsider, sc.id, "staff"), "ya")
    with pytest.raises(NotFound):
        await store.record_answer(KeyWrite(seeded.officer, 9999, "staff"), "ya")
    assert (await one(store, "SELECT COUNT(*) FROM answers"))[0] == 0


async def test_record_answer_is_idempotent_on_update_id(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert (
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=77), "ya")
    ).written is True
    assert (
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=77), "ya")
    ).written is False
    assert (
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=77), "tidak")
    ).written is False
    assert len(await store.answer_history(sc, "staff")) == 1
    # an update that failed validation is not marked as processed
    with pytest.raises(Invalid):
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=78), "bad")
    assert (
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=78), "tidak")
    ).written


async def test_what_record_answer_did_is_not_a_truth_value(seeded: Seeded) -> None:
    """`assert await store.record_answer(...)` would pass for a repeated update too (a tuple
    is always true): it raises instead, so that such a check cannot pass unseen."""
    store = seeded.store
    sc = await selfcheck_of(seeded)
    repeated = KeyWrite(seeded.officer, sc.id, "staff", update_id=79)
    await store.record_answer(repeated, "ya")
    done = await store.record_answer(repeated, "ya")
    assert done.written is False and done.states is None and done.remembered is None
    with pytest.raises(TypeError, match="written"):
        bool(done)


async def test_cycle_closes_sixty_days_after(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    # closes 2026-09-30; 60 days later is 2026-11-29, still open at 23:00 Jakarta time
    seeded.clock.now = seeded.clock.now.replace(year=2026, month=11, day=29, hour=15)
    assert (await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff"), "ya")).written
    seeded.clock.now = seeded.clock.now.replace(hour=17)  # 00:00 on the 30th in Jakarta
    with pytest.raises(Closed):
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff"), "tidak")
    later = await store.selfcheck_for(seeded.officer, sc.id)
    assert not later.accepting


async def test_next_key(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert await store.next_key(sc) == "sop"
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop"), "ya")
    assert await store.next_key(sc) == "staff"
    assert await store.next_key(sc, after="staff") == "board@KTP-el"
    assert await store.next_key(sc, after="board@Akta Kelahiran") == "staff"  # wraps
    assert await store.next_key(sc, after="gone@Old") == "staff"  # stale key: from the start
    for key, option in [("staff", "ya"), ("board@KTP-el", "3"), ("board@Akta Kelahiran", "0")]:
        await store.record_answer(KeyWrite(seeded.officer, sc.id, key), option)
    assert await store.next_key(sc) is None


async def test_concurrent_answers_for_one_unit(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    keys = await store.checklist(sc)
    options = {"sop": "ya", "staff": "tidak", "board@KTP-el": "1", "board@Akta Kelahiran": "2"}

    async def answer(i: int) -> bool:
        person = seeded.officer if i % 2 else seeded.officer2
        key = keys[i % len(keys)]
        return (
            await store.record_answer(
                KeyWrite(person, sc.id, key, update_id=10_000 + i), options[key]
            )
        ).written

    results = await asyncio.gather(*(answer(i) for i in range(50)))
    assert all(results)
    total = await one(store, "SELECT COUNT(*) FROM answers WHERE selfcheck_id = ?", (sc.id,))
    assert total[0] == 50
    for key in keys:
        history = await store.answer_history(sc, key)
        assert len(history) == sum(1 for i in range(50) if keys[i % len(keys)] == key)
        assert [h.id for h in history] == sorted(h.id for h in history)
    assert (await store.answer_set(sc)).answers == options
    assert await store.integrity_check() == "ok"


# -- evidence


async def test_attach_evidence(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert await store.attach_evidence(KeyWrite(seeded.officer, sc.id, "sop", update_id=5), PHOTO)
    assert not await store.attach_evidence(
        KeyWrite(seeded.officer, sc.id, "sop", update_id=5), PHOTO
    )
    assert not await store.attach_evidence(
        KeyWrite(seeded.officer, sc.id, "sop", update_id=6), PHOTO
    )
    doc = EvidenceFile(
        "BQAD", "uniq-2", "document", "sop.pdf", "application/pdf", 99, "SOP 2026", "album-1"
    )
    assert await store.attach_evidence(KeyWrite(seeded.officer2, sc.id, "sop"), doc)
    assert await store.attach_evidence(KeyWrite(seeded.officer, sc.id, "board@KTP-el"), PHOTO)
    rows = await store.evidence(sc, "sop")
    assert [r.file for r in rows] == [PHOTO, doc]
    assert rows[1].by == 102
    assert len(await store.evidence(sc)) == 3
    answers = await store.answer_set(sc)
    assert answers.evidence == {"sop", "board@KTP-el"}
    states = await store.answer_states(sc)
    assert states["sop"].evidence_count == 2 and states["sop"].option_id is None
    with pytest.raises(Forbidden):
        await store.attach_evidence(KeyWrite(seeded.coordinator, sc.id, "sop"), PHOTO)
    with pytest.raises(Invalid):
        await store.attach_evidence(KeyWrite(seeded.officer, sc.id, "nope"), PHOTO)
    with pytest.raises(Invalid):
        await store.attach_evidence(
            KeyWrite(seeded.officer, sc.id, "sop"), EvidenceFile("", "", "photo")
        )


# -- score


async def test_score_goes_through_the_engine(seeded: Seeded) -> None:
    import rubric

    store = seeded.store
    sc = await selfcheck_of(seeded)
    for key, option in [
        ("sop", "ya"),
        ("staff", "ya"),
        ("board@KTP-el", "3"),
        ("board@Akta Kelahiran", "3"),
    ]:
        await store.record_answer(KeyWrite(seeded.officer, sc.id, key), option)
    try:
        report = await store.score(sc)
    except NotImplementedError:
        pytest.skip("the rubric engine is not written yet")
    expected = rubric.score(report.rubric, await store.answer_set(sc))
    assert report.score == expected
    assert report.rubric.id == TINY
    assert report.score.total == pytest.approx(100.0)
    assert report.score.at_risk == ("sop",)  # evidence item without evidence
    assert [g.key for g in report.gaps] == ["sop"]


# -- conversation state


async def test_chat_state(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    empty = await store.chat_state(101)
    assert (empty.selfcheck_id, empty.key, empty.pending, empty.message_id) == (None,) * 4
    await store.set_chat_state(
        101, selfcheck_id=sc.id, key="sop", pending="evidence", message_id=42
    )
    state = await store.chat_state(101)
    assert (state.selfcheck_id, state.key, state.pending, state.message_id) == (
        sc.id,
        "sop",
        "evidence",
        42,
    )
    await store.set_chat_state(101, selfcheck_id=sc.id, key="staff")
    state = await store.chat_state(101)
    assert (state.key, state.pending, state.message_id) == ("staff", None, None)
    with pytest.raises(Invalid):
        await store.set_chat_state(101, pending="dancing")


# -- notifications


async def test_claim_notification_exactly_once(seeded: Seeded) -> None:
    store = seeded.store
    due = seeded.clock.now
    claims = await asyncio.gather(
        *(
            store.claim_notification(Notice("101:1:weekly:2026-03-02", 101, "weekly", due))
            for _ in range(10)
        )
    )
    assert claims.count(True) == 1
    assert await store.notification_status("101:1:weekly:2026-03-02") == "claimed"
    await store.finish_notification("101:1:weekly:2026-03-02", "sent")
    assert await store.notification_status("101:1:weekly:2026-03-02") == "sent"
    assert not await store.claim_notification(Notice("101:1:weekly:2026-03-02", 101, "weekly", due))
    with pytest.raises(Invalid):
        await store.finish_notification("101:1:weekly:2026-03-02", "claimed")
    with pytest.raises(NotFound):
        await store.finish_notification("missing", "sent")


async def test_stale_claims_are_released(seeded: Seeded) -> None:
    store = seeded.store
    assert await store.claim_notification(Notice("k", 101, "weekly", seeded.clock.now))
    assert await store.release_stale_claims(timedelta(minutes=10)) == 0
    seeded.clock.advance(minutes=11)
    assert await store.release_stale_claims(timedelta(minutes=10)) == 1
    assert await store.claim_notification(Notice("k", 101, "weekly", seeded.clock.now))


async def test_concurrent_answers_from_two_connections(seeded: Seeded) -> None:
    """As if the bot and a second process wrote at once: BEGIN IMMEDIATE + busy_timeout."""
    store = seeded.store
    sc = await selfcheck_of(seeded)
    other = await Store.open(store.database, clock=seeded.clock, rubric_loader=store.rubric)
    try:
        results = await asyncio.gather(
            *(
                (store if i % 2 else other).record_answer(
                    KeyWrite(seeded.officer, sc.id, "staff", update_id=i),
                    "ya" if i % 3 else "tidak",
                )
                for i in range(40)
            )
        )
    finally:
        await other.close()
    assert all(r.written for r in results)
    history = await store.answer_history(sc, "staff")
    assert len(history) == 40


async def test_move_forgets_chat_state(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    await store.set_chat_state(101, selfcheck_id=sc.id, key="sop", pending="evidence")
    await make_person(store, 101, "officer", seeded.puskesmas)
    assert (await store.chat_state(101)).selfcheck_id is None
    with pytest.raises(NotFound):
        await store.set_chat_state(101, selfcheck_id=9999, key="sop")


async def test_memory_database_is_refused() -> None:
    with pytest.raises(StoreError, match="file"):
        await Store.open(":memory:")


async def test_prune_processed_updates(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert (
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff", update_id=1), "ya")
    ).written
    assert await store.prune_processed_updates() == 0
    seeded.clock.advance(days=8)
    assert await store.prune_processed_updates() == 1
    assert len(await store.answer_history(sc, "staff")) == 1  # answers stay


# -- units of work in one round trip


@pytest.mark.sqlite_only("aiosqlite's private API")
async def test_aiosqlite_private_api_is_there(store: Store) -> None:
    """The store runs each unit of work on aiosqlite's thread through its private
    `Connection._execute` and `Connection._conn` (bot.store.core.on_connection_thread);
    if aiosqlite renames them, this fails before anything else does."""
    import threading

    import aiosqlite

    from bot.store.core import on_connection_thread

    conn = store._connection()
    assert isinstance(conn, aiosqlite.Connection)
    assert callable(getattr(aiosqlite.Connection, "_execute", None))
    assert isinstance(conn._conn, sqlite3.Connection)

    def probe(db: sqlite3.Connection, x: int) -> tuple[int, int, bool]:
        return x + db.execute("SELECT 1").fetchone()[0], threading.get_ident(), db is conn._conn

    result, thread, same = await on_connection_thread(conn, probe, 41)
    assert (result, same) == (42, True)
    assert thread != threading.get_ident()  # the connection's thread, not the event loop's


async def test_write_unit_that_raises_rolls_back_fully(store: Store) -> None:
    def work(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES ('one', '1')")
        db.execute("INSERT INTO meta (key, value) VALUES ('two', '2')")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await store._run_write(work)
    assert await store.get_meta("one") is None and await store.get_meta("two") is None
    assert not in_transaction(store)
    # A failing statement inside: the same, and the connection is usable afterwards.
    with pytest.raises(sqlite3.IntegrityError):
        await store._run_write(
            lambda db: db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)", [("k", "1"), ("k", "2")]
            )
        )
    assert await store.get_meta("k") is None
    assert await store._run_write(lambda db: db.execute("SELECT 7").fetchone()[0]) == 7
    await store.set_meta("k", "3")
    assert await store.get_meta("k") == "3"


async def test_write_unit_commits_and_read_unit_never_keeps_a_write(store: Store) -> None:
    await store._run_write(lambda db: db.execute("INSERT INTO meta VALUES ('w', 'x')"))
    assert await store.get_meta("w") == "x"

    # A read unit ends in ROLLBACK: even a statement that writes leaves nothing behind
    # (PostgreSQL's read units are READ ONLY: it refuses the statement outright).
    def write_in_a_read(db: sqlite3.Connection) -> str:
        db.execute("INSERT INTO meta VALUES ('r', 'y')")
        return str(db.execute("SELECT value FROM meta WHERE key = 'r'").fetchone()[0])

    if store.is_postgres:
        with pytest.raises(sqlite3.DatabaseError, match="read-only"):
            await store._run_read(write_in_a_read)
    else:
        assert await store._run_read(write_in_a_read) == "y"
    assert await store.get_meta("r") is None
    assert not in_transaction(store)


async def test_current_selfcheck_id_agrees_and_never_writes(seeded: Seeded) -> None:
    store = seeded.store
    changes = await writes_so_far(store)
    # Not created yet: None, and asking does not create it.
    assert await store.current_selfcheck_id(seeded.officer) is None
    assert await writes_so_far(store) == changes
    assert (await one(store, "SELECT COUNT(*) FROM selfchecks"))[0] == 0
    sc = await selfcheck_of(seeded)
    changes = await writes_so_far(store)
    assert await store.current_selfcheck_id(seeded.officer) == sc.id
    assert await store.current_selfcheck_id(seeded.officer2) == sc.id
    assert await store.current_selfcheck_id(seeded.coordinator, unit_id=seeded.dukcapil) == sc.id
    assert await store.current_selfcheck_id(seeded.coordinator) is None
    with pytest.raises(Forbidden):
        await store.current_selfcheck_id(seeded.far_coordinator, unit_id=seeded.dukcapil)
    with pytest.raises(Forbidden):
        await store.current_selfcheck_id(seeded.officer, unit_id=seeded.puskesmas)
    assert await writes_so_far(store) == changes
    # A new regional cycle: the old self-check is no longer current, before and after the
    # new one is created, and both methods agree.
    await store.open_cycle(TINY, date(2026, 4, 1), date(2026, 8, 30), seeded.metro)
    assert await store.current_selfcheck_id(seeded.officer) is None
    newer = await selfcheck_of(seeded)
    assert newer.id != sc.id
    assert await store.current_selfcheck_id(seeded.officer) == newer.id
    # Inactive people are refused, as everywhere.
    await store.mark_inactive(seeded.officer.telegram_id)
    with pytest.raises(Forbidden):
        await store.current_selfcheck_id(seeded.officer)


async def test_checklist_is_built_once_per_rubric_and_products(seeded: Seeded) -> None:
    from bot.store._selfchecks import KEY_MAPS_KEPT

    store = seeded.store
    sc = await selfcheck_of(seeded)
    products = await store.products(seeded.officer)
    first = store._key_map_for(sc.rubric_id, products)
    assert store._key_map_for(sc.rubric_id, products) is first
    assert list(first) == await store.checklist(sc)
    assert first["board@KTP-el"] == ("board", products[0].id)
    # A new product is a new cache key: the checklist grows, the old map is untouched.
    await store.add_product(seeded.officer, "KK")
    assert (await store.checklist(sc))[-1] == "board@KK"
    assert "board@KK" not in first
    # Bounded: the oldest maps go first.
    for n in range(KEY_MAPS_KEPT + 5):
        store._key_map_for(sc.rubric_id, [Product(id=10_000 + n, unit_id=1, name=f"P{n}")])
    assert len(store._key_maps) == KEY_MAPS_KEPT
    assert store._key_map_for(sc.rubric_id, products) is not first  # evicted, rebuilt
    assert store._key_map_for(sc.rubric_id, products) == first


async def test_selfcheck_press_agrees_with_the_three_calls(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    changes = await writes_so_far(store)
    found = await store.selfcheck_press(seeded.officer2, sc.id)
    assert found.selfcheck == await store.selfcheck_for(seeded.officer2, sc.id)
    assert found.current is True
    assert found.checklist == await store.checklist(sc)
    assert await writes_so_far(store) == changes  # a read: nothing written
    for outsider in (seeded.other_officer, seeded.far_coordinator):
        with pytest.raises(Forbidden):
            await store.selfcheck_press(outsider, sc.id)
    with pytest.raises(NotFound):
        await store.selfcheck_press(seeded.officer, 9999)
    # A newer cycle: the old self-check is still readable, but no longer current, whether
    # the new one's row exists yet or not.
    await store.open_cycle(TINY, date(2026, 4, 1), date(2026, 8, 30), seeded.metro)
    assert (await store.selfcheck_press(seeded.officer, sc.id)).current is False
    newer = await selfcheck_of(seeded)
    assert (await store.selfcheck_press(seeded.officer, sc.id)).current is False
    assert (await store.selfcheck_press(seeded.officer, newer.id)).current is True
    await store.mark_inactive(seeded.officer.telegram_id)
    with pytest.raises(Forbidden):
        await store.selfcheck_press(seeded.officer, newer.id)


async def test_record_answer_is_record_answer_then_answer_states(
    seeded: Seeded,
) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    await store.attach_evidence(KeyWrite(seeded.officer, sc.id, "sop"), PHOTO)
    recorded, states, written = await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "staff", update_id=90), "ya", states=True
    )
    assert recorded is True and written is None  # no `remember`: the chat state is left alone
    assert await store.chat_state(seeded.officer.telegram_id) == ChatState(101)
    assert states == await store.answer_states(sc)
    assert states["staff"].option_id == "ya" and states["staff"].by == seeded.officer.telegram_id
    assert states["sop"].option_id is None and states["sop"].evidence_count == 1
    # A repeated update changes nothing and still says where the walk is.
    recorded, again, written = await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "staff", update_id=90), "tidak", states=True
    )
    assert recorded is False and again == states and written is None
    assert len(await store.answer_history(sc, "staff")) == 1
    # Refused answers roll the whole unit back: the update id is not marked as processed.
    with pytest.raises(Invalid):
        await store.record_answer(
            KeyWrite(seeded.officer, sc.id, "staff", update_id=91), "bad", states=True
        )
    with pytest.raises(Forbidden):
        await store.record_answer(
            KeyWrite(seeded.other_officer, sc.id, "staff", update_id=92), "ya", states=True
        )
    assert (await one(store, "SELECT COUNT(*) FROM processed_updates WHERE update_id > 90"))[0] == 0
    recorded, states, _ = await store.record_answer(
        KeyWrite(seeded.officer2, sc.id, "staff", update_id=91), "tidak", states=True
    )
    assert recorded is True and states["staff"].option_id == "tidak"
    assert states["staff"].by == seeded.officer2.telegram_id


async def test_an_answer_remembers_what_its_press_shows_next(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    me = seeded.officer.telegram_id
    # An evidence item answered positively: the evidence prompt, in the pressed message.
    _, _, written = await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "sop", update_id=70),
        "ya",
        remember="evidence",
        message_id=55,
    )
    assert written == ChatState(me, sc.id, "sop", "evidence", 55, version=1)
    assert await store.chat_state(me) == written
    # Otherwise the next unanswered item, in the same message.
    _, _, written = await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "sop", update_id=71),
        "tidak",
        remember="next",
        message_id=55,
    )
    assert written == ChatState(me, sc.id, "staff", None, 55, version=0)
    assert await store.chat_state(me) == written
    # A repeated update moves nothing, the chat state included.
    recorded, _, written = await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "sop", update_id=70),
        "ya",
        remember="evidence",
        message_id=99,
    )
    assert recorded is False and written is None
    assert await store.chat_state(me) == ChatState(me, sc.id, "staff", None, 55, version=0)
    # A refused answer rolls the chat state back with it.
    with pytest.raises(Invalid):
        await store.record_answer(
            KeyWrite(seeded.officer, sc.id, "staff", update_id=72),
            "bad",
            remember="next",
            message_id=56,
        )
    assert await store.chat_state(me) == ChatState(me, sc.id, "staff", None, 55, version=0)
    # Everything answered: the self-check alone (the results replace the question).
    for n, (key, option) in enumerate(
        [("staff", "ya"), ("board@KTP-el", "3"), ("board@Akta Kelahiran", "0")]
    ):
        _, _, written = await store.record_answer(
            KeyWrite(seeded.officer, sc.id, key, update_id=80 + n),
            option,
            remember="next",
            message_id=57,
        )
    assert written == ChatState(me, sc.id)
    assert await store.chat_state(me) == written


async def test_the_store_and_the_walk_agree_on_the_next_key(seeded: Seeded) -> None:
    """The chat skips its own chat-state write when the store remembered what it shows: the
    store's next key must be the walk's, for unit and product items, N/A, re-answers,
    wrap-around and a finished checklist (and `next_key` agrees with both)."""
    from bot.walk import Walk

    store = seeded.store
    sc = await selfcheck_of(seeded)
    checklist = await store.checklist(sc)
    assert checklist == ["sop", "staff", "board@KTP-el", "board@Akta Kelahiran"]
    presses = [
        (seeded.officer, "board@Akta Kelahiran", "2", None, "sop"),  # the last: wraps
        (seeded.officer2, "staff", "tidak", None, "board@KTP-el"),  # another officer's answer
        (seeded.officer, "sop", "na", "Tidak ada layanan", "board@KTP-el"),  # N/A
        (seeded.officer, "staff", "ya", None, "board@KTP-el"),  # a re-answer
        (seeded.officer, "board@Akta Kelahiran", "3", None, "board@KTP-el"),  # wraps past
        (seeded.officer, "board@KTP-el", "0", None, None),  # all answered
        (seeded.officer, "sop", "ya", None, None),  # still all answered
    ]
    for n, (person, key, option, note, expected) in enumerate(presses):
        recorded, states, written = await store.record_answer(
            KeyWrite(person, sc.id, key, update_id=100 + n),
            option,
            note=note,
            remember="next",
            message_id=7,
        )
        assert recorded and written is not None
        walk = Walk(sc, store.rubric(sc.rubric_id), checklist, states)
        assert written.key == walk.next_unanswered(key) == expected, (key, states)
        assert await store.next_key(sc, after=key) == expected
        assert written.message_id == (None if expected is None else 7)


async def test_selfcheck_press_reads_the_states_when_asked(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    await store.attach_evidence(KeyWrite(seeded.officer, sc.id, "sop"), PHOTO)
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff"), "ya")
    assert (await store.selfcheck_press(seeded.officer, sc.id)).states is None
    found = await store.selfcheck_press(seeded.officer, sc.id, states=True)
    assert found.states == await store.answer_states(sc)
    assert found.states is not None and found.states["sop"].evidence_count == 1
    assert found.checklist == await store.checklist(sc) and found.current


async def test_a_note_of_note_max_characters_is_kept(seeded: Seeded) -> None:
    store = seeded.store
    sc = await selfcheck_of(seeded)
    assert NOTE_MAX == 4000
    note = "é" * NOTE_MAX
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop"), "na", note=note)
    assert (await store.answer_states(sc))["sop"].note == note
    with pytest.raises(Invalid):
        await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop"), "na", note=note + "x")


async def test_a_stale_version_writes_nothing(seeded: Seeded) -> None:
    """Optimistic concurrency: an answer, or a file, made on a screen that showed an older
    version of the item is refused with the version it has now; nothing is written."""
    store = seeded.store
    sc = await selfcheck_of(seeded)
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop", update_id=1, expected=0), "ya")
    version = (await store.answer_states(sc))["sop"].version
    assert version > 0
    with pytest.raises(Conflict) as raised:
        await store.record_answer(
            KeyWrite(seeded.officer2, sc.id, "sop", update_id=2, expected=0), "tidak"
        )
    assert raised.value.version == version
    file = EvidenceFile(file_id="f", file_unique_id="u", kind="photo")
    with pytest.raises(Conflict):
        await store.attach_evidence(
            KeyWrite(seeded.officer2, sc.id, "sop", update_id=3, expected=0), file
        )
    state = (await store.answer_states(sc))["sop"]
    assert (state.option_id, state.evidence_count, state.version) == ("ya", 0, version)
    assert state.by_name is not None
    # The update that met the conflict was not marked done: pressing again (Ganti) works.
    await store.record_answer(
        KeyWrite(seeded.officer2, sc.id, "sop", update_id=2, expected=version), "tidak"
    )
    assert (await store.answer_states(sc))["sop"].option_id == "tidak"


async def test_ones_own_answer_pressed_again_on_its_old_screen_is_no_conflict(
    seeded: Seeded,
) -> None:
    """A retry after an outage (the first press was applied, its reply never came): the same
    person, the same option and note on the screen the answer left behind writes nothing and
    clashes with nothing; another option, or a colleague, still meets the conflict."""
    store = seeded.store
    sc = await selfcheck_of(seeded)
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop", update_id=1, expected=0), "ya")
    version = (await store.answer_states(sc))["sop"].version
    assert (
        await store.record_answer(
            KeyWrite(seeded.officer, sc.id, "sop", update_id=2, expected=0), "ya"
        )
    ).written
    assert [h.option_id for h in await store.answer_history(sc, "sop")] == ["ya"]
    assert (await store.answer_states(sc))["sop"].version == version
    with pytest.raises(Conflict):
        await store.record_answer(
            KeyWrite(seeded.officer, sc.id, "sop", update_id=3, expected=0), "tidak"
        )
    with pytest.raises(Conflict):
        await store.record_answer(
            KeyWrite(seeded.officer2, sc.id, "sop", update_id=4, expected=0), "ya"
        )
