"""Upgrading a live deployment: a database an earlier release made (tests/data/release_v5.sql,
made by release db93049's own store and survey service, schema 5, a blank survey secret) opened
by this release. Migrations apply once, nothing is lost, scores stay, reminders already sent
are not sent again, a counted survey respondent stays counted, and what was on screen or
waiting at the moment of the upgrade (a typed N/A reason, a file, a return's comment, the old
release's buttons) is handled without a crash and never lands on another item."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.store import Store, migrate, schema_version
from bot.survey import AlreadyAnswered, Ask, Done, SurveyService
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors
from tests.store_fixtures import Clock, query
from tests.survey_helpers import answer_all
from tests.test_migrations import restore_dump

DUMP = Path(__file__).parent / "data" / "release_v5.sql"
NOW = datetime(2026, 5, 4, 5, 0, tzinfo=UTC)  # Monday 12:00 WIB, three hours after the old run
"""The old release ran at 09:00 WIB on Monday 4 May 2026 (its window opened on 1 May)."""

NA_KEY = "input-ruang-laktasi"  # 901 was asked for an N/A reason on it
EVIDENCE_KEY = "input-paham-kelompok-rentan"  # 902 was asked for files for it
RETURN_KEY = "input-paham-maladministrasi"  # 801 pressed ↩ Kembalikan on it
SURVEY_CODE = "-I24bKJQXcSbv54GYc4mcI"
SENT = (
    "remind:901:1:before-1:2026-04-30",
    "remind:901:1:weekly:2026-05-04",
    "remind:902:1:before-1:2026-04-30",
    "remind:902:1:weekly:2026-05-04",
    "digest:801:region1:weekly:2026-05-04",
)


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "siapnilai.db"
    restore_dump(path, DUMP, 5)
    return path


async def kept_by_the_upgrade(store: Store) -> None:
    """The old release's self-check as it left it: the score release db93049 reported (its
    `store.score`), its answers and files, and the officer's N/A prompt still waiting."""
    officer = await store.person(901)
    assert officer is not None
    selfcheck = await store.current_selfcheck(officer)
    assert selfcheck is not None
    report = await store.score(selfcheck)
    assert report.score.total == pytest.approx(5.91)
    assert report.score.answered == 12
    assert len(await store.evidence(selfcheck)) == 3
    state = await store.chat_state(901)
    assert (state.key, state.pending, state.version) == (NA_KEY, "na_reason", None)


async def test_migrations_apply_once_and_nothing_is_lost(old_db: Path) -> None:
    before = {
        table: query(old_db, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("answers", "evidence", "reviews", "people", "invites", "survey_voters")
    }
    assert migrate(old_db) == list(range(6, schema_version() + 1))
    assert migrate(old_db) == []
    for table, old in before.items():
        new = query(old_db, f"SELECT * FROM {table} ORDER BY 1")
        assert [r[: len(o)] for r, o in zip(new, old, strict=True)] == old, table
    clock: Clock = Clock(NOW)
    store = await Store.open(old_db, clock=clock)
    try:
        await kept_by_the_upgrade(store)
        # A counted respondent (hashed with the old blank secret) is refused a second time.
        survey = SurveyService(store, None)
        again = await survey.open(5001, SURVEY_CODE, "id")
        assert isinstance(again, AlreadyAnswered)
        # 5010 had answered three questions: resumed there, counted once at the end.
        resumed = await survey.open(5010, SURVEY_CODE, "id")
        assert isinstance(resumed, Ask) and resumed.draft.step == 3
        responses = query(old_db, "SELECT COUNT(*) FROM survey_responses")
        assert isinstance(await answer_all(survey, 5010, SURVEY_CODE), Done)
        assert query(old_db, "SELECT COUNT(*) FROM survey_responses") == [(responses[0][0] + 1,)]
    finally:
        await store.close()


async def _answered(user: Any, press: Any) -> str:
    answer = await user.wait_answer(press)
    return str(answer.text or "")


def _old_files_on(server: FakeBotAPI, path: Path) -> None:
    """The files the old release kept are Telegram's: the fake Bot API knows them too."""
    for (file_id,) in query(path, "SELECT file_id FROM evidence"):
        made = server.new_file("document", b"%PDF-1.4 old", file_name="sop.pdf")
        server.files[file_id] = dataclasses.replace(made, file_id=file_id)


async def test_what_was_waiting_and_on_screen_after_the_upgrade(
    old_db: Path, fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    _old_files_on(fake_api, old_db)
    settings = tmp_settings.model_copy(update={"database": old_db})
    invalid = texts.plain("cb.invalid", "id")
    # Their chats exist before the bot starts: a reminder its start-up run sent again would
    # reach them (a chat made later would have turned it away as "chat not found").
    officer = fake_api.user(901, "Sri Wahyuni")
    colleague = fake_api.user(902, "Budi")
    coordinator = fake_api.user(801, "Koordinator")
    async with running_bot(settings, clock=lambda: NOW) as app:
        # Reminders and the digest the old release sent this morning are not sent again.
        for user in (officer, colleague, coordinator):
            assert not [m for m in user.chat.events if m.from_bot], user
        store: Store = app.bot_data.services.store
        for key in SENT:
            assert await store.notification_status(key) == "sent", key

        # 801 had pressed ↩ Kembalikan and was asked for the comment: it returns that item.
        await coordinator.send("Lampirkan SK penetapan")
        reply = await coordinator.wait_text("Dikembalikan ke Dinas Sosial")
        latest = "SELECT key, verdict, comment FROM reviews ORDER BY id DESC LIMIT 1"
        assert query(old_db, latest) == [(RETURN_KEY, "returned", "Lampirkan SK penetapan")]
        notice = await officer.wait_text("dikembalikan oleh koordinator")

        # The old release's buttons still on screen: "not valid", nothing written.
        answers = query(old_db, "SELECT COUNT(*) FROM answers")
        for data in (
            "v1:a:1:input-paham-tugas:0",  # an answer button without the answer version
            "v1:o:1:input-paham-tugas",  # buttons that named the key itself, not its key_ref
            "v1:e:1:input-paham-tugas",
            "v1:d:1:input-paham-tugas",
            "v1:m:1:input-paham-tugas:s",
        ):
            press = await officer.press_data(notice.message_id, data)
            assert await _answered(officer, press) == invalid, data
        assert query(old_db, "SELECT COUNT(*) FROM answers") == answers
        verdicts = query(old_db, "SELECT COUNT(*) FROM reviews")
        # A verdict button without the files and the standing verdict it was shown over.
        press = await coordinator.press_data(reply.message_id, "v1:rv:1:input-paham-tugas:2:r")
        assert await _answered(coordinator, press) == invalid
        assert query(old_db, "SELECT COUNT(*) FROM reviews") == verdicts
        # The old one-tap deactivation now asks first.
        await coordinator.press_data(reply.message_id, "v1:px:902")
        asked = await coordinator.wait_text("Budi")
        assert "Ya, nonaktifkan" in asked.button_texts
        assert query(old_db, "SELECT active FROM people WHERE telegram_id = 902") == [(1,)]

        # 901 was asked for an N/A reason: the text typed now is that reason, for that item.
        await officer.send("Kantor tidak punya ruang laktasi")
        await officer.wait_text("Tersimpan: Tidak berlaku.")
        latest = "SELECT key, option_id, note, by FROM answers ORDER BY id DESC LIMIT 1"
        assert query(old_db, latest) == [(NA_KEY, "na", "Kantor tidak punya ruang laktasi", 901)]
        # 902 was asked for files: a file sent now is kept for that item.
        await colleague.send_document(b"%PDF-1.4 data", "daftar-rentan.pdf")
        await colleague.wait_text("1 berkas untuk butir 6/50")
        assert query(
            old_db, "SELECT key, file_name, by FROM evidence ORDER BY id DESC LIMIT 1"
        ) == [(EVIDENCE_KEY, "daftar-rentan.pdf", 902)]
        for user in (officer, colleague, coordinator):
            assert "Maaf" not in " ".join(m.text for m in user.chat.events if m.from_bot)
    # The old release's messages are not on the fake server: editing them is "not found"
    # here (Telegram has them); nothing else may fail.
    assert [e for e in api_errors(fake_api) if "message to edit not found" not in e[1]] == []


async def test_a_postgresql_database_of_the_old_release_upgrades_too(pg_server: Any) -> None:
    """The same rows in a PostgreSQL database at schema 5: the translated steps 6-10 apply
    once, the rows stay, the score is the old release's, the waiting prompts are kept."""
    import psycopg

    from bot.store import pg

    dsn = pg_server.create_database("siapnilai_upgrade_v5")
    assert pg.migrate(dsn, upto=5) == [1, 2, 3, 4, 5]
    inserts = [
        line
        for line in DUMP.read_text(encoding="utf-8").splitlines()
        if line.startswith("INSERT INTO ") and not line.startswith('INSERT INTO "sqlite_sequence"')
    ]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # rows in dump order
        for line in inserts:
            conn.execute(line.encode())
        for (table,) in conn.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE column_name = 'id' AND is_identity = 'YES'"
        ).fetchall():
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
    assert pg.migrate(dsn) == list(range(6, schema_version() + 1))
    assert pg.migrate(dsn) == []
    store = await Store.open(dsn, clock=lambda: NOW)
    try:
        await kept_by_the_upgrade(store)
        review = await store.review_state(801)
        assert (review.key, review.return_over) == (RETURN_KEY, None)
        for key in SENT:
            assert await store.notification_status(key) == "sent", key
        again = await SurveyService(store, None).open(5001, SURVEY_CODE, "id")
        assert isinstance(again, AlreadyAnswered)
    finally:
        await store.close()
