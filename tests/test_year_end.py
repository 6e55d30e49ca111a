"""The turn of the year 2026 -> 2027, played through the real bot and the fake Bot API with
an injected clock, mostly from Jayapura (WIT, UTC+9), whose New Year comes nine hours before
UTC's and two before Jakarta's: the survey's semesters, carry-forward,
reminders, and the dates on what officers and coordinators download."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import reminders, texts
from bot.services import services_of
from bot.store import Store, UnitRow
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, join
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Clock,
    Seeded,
    clock_fixture,
    query,
    seeded_fixture,
    store_fixture,
)
from tests.survey_helpers import answer_all, pdf_words
from tests.test_coordinator import (
    COORDINATOR,
    COORDINATOR_FAR,
    OFFICER,
    OFFICER_FAR,
    build,
    evidence_pack_name,
    prepare,
)
from tests.test_flow_survey import answer_question, respond

BASE = 7_420_000_000
HAMADI_OFFICER = BASE + 1


def wit(text: str) -> datetime:
    """A wall-clock time in Jayapura (UTC+9, no daylight saving), as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Asia/Jayapura")).astimezone(UTC)


OMBUDSMAN_2027 = ("ombudsman-2025", date(2027, 5, 3), date(2027, 9, 30))


async def jayapura(database: Path, clock: Clock) -> tuple[int, str]:
    """Kota Jayapura (WIT) with one unit and the every-region 2027 Ombudsman cycle; (unit id,
    officer code)."""
    store = await Store.open(database, clock=clock)
    try:
        await store.import_units([UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura")])
        unit = (await store.resolve_unit("Puskesmas Hamadi")).id
        invite = await store.create_invite("officer", unit_id=unit, uses=5, days=60)
        await store.open_cycle(*OMBUDSMAN_2027)
        return unit, invite.code
    finally:
        await store.close()


def pdf_text(tmp_path: Path, data: bytes) -> str:
    (tmp_path / "sheet.pdf").write_bytes(data)
    return pdf_words(tmp_path / "sheet.pdf")


async def test_on_new_years_morning_survei_shows_the_semester_that_just_ended(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, tmp_path: Path
) -> None:
    """A citizen who began at 23:58 WIT on 31 December and finished at 00:02 counts for
    July–December 2026, the semester they began in. The officer who sent /survei a few
    minutes later read only "Belum ada jawaban untuk periode 2027-S1" and got no result sheet:
    the results of the semester that had just ended, the ones to publish, were nowhere in the
    chat. Now /survei says the new semester has no answer yet and shows the one before with
    its sheet; `/survei 2026-S2` asks for a semester by name later on."""
    clock = Clock(wit("2026-12-20T10:00"))
    unit, officer_code = await jayapura(tmp_settings.database, clock)
    async with running_bot(tmp_settings, clock=clock) as app:
        services = services_of(app)
        code = await services.store.survey_code(unit)
        for n in range(5):
            await answer_all(services.survey, BASE + 100 + n, code)
        clock.now = wit("2026-12-31T23:58")
        citizen = fake_api.user(BASE + 200, "Warga")
        last = await respond(citizen, code, good=True, stop_after=21)
        assert last.text.startswith("22/22 · ")
        clock.now = wit("2027-01-01T00:02")
        await answer_question(citizen, last, 0)
        assert citizen.message(last.message_id).text == texts.plain("survey.thanks", "id")
        assert (await services.survey.results(unit, "2026-S2")).responses == 6
        assert (await services.survey.results(unit)).period == "2027-S1"

        clock.now = wit("2027-01-01T00:05")
        officer = fake_api.user(HAMADI_OFFICER, "Petugas Hamadi")
        await join(officer, officer_code)
        await officer.send("/survei")
        shown = await officer.wait_text("https://t.me/")
        assert "belum ada jawaban untuk periode Januari–Juni 2027" in shown.text
        assert "Hasil 2026-S2" in shown.text
        assert "6 jawaban" in shown.text
        # It has ended: nothing more can be collected for it.
        assert "sudah berakhir dengan 6 dari minimal 30 jawaban" in shown.text
        assert "Kumpulkan" not in shown.text
        assert "/survei 2026-S1" in shown.text  # the one before that, by name
        sheet = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").startswith("hasil-survei")
        )
        assert sheet.media[0].file_name == "hasil-survei-2026-S2.pdf"
        printed = pdf_text(tmp_path, sheet.media[0].data or b"")
        assert "periode Juli–Desember 2026" in printed
        assert "Periode ini berakhir dengan 6 dari minimal 30 responden" in printed

        # Later in January, with answers of the new semester: the old one by its name.
        await answer_all(services.survey, BASE + 300, code)
        await officer.send("/survei")
        shown = await officer.wait_text("https://t.me/")
        assert "Hasil 2027-S1" in shown.text and "/survei 2026-S2" in shown.text
        assert "Kumpulkan 29 jawaban lagi" in shown.text  # this one is still running
        await officer.send("/survei 2026-s2")
        shown = await officer.wait_text("Hasil 2026-S2")
        assert "6 jawaban" in shown.text and "sudah berakhir" in shown.text
        sheet = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").startswith("hasil-survei")
        )
        assert sheet.media[0].file_name == "hasil-survei-2026-S2.pdf"
        await officer.send("/survei 0000-S1")  # no such semester: the usage, nothing else
        await officer.wait_text("/survei 1200")
    assert api_errors(fake_api) == []


async def test_review_dates_an_answer_of_new_years_morning_in_the_regions_time(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """An answer given at 08:30 WIT on 1 January 2027 (23:30 UTC on 31 December) read in
    /tinjau "Dijawab oleh … · 2026-12-31": the UTC date, last year's, where every other view
    dates it in the region's time. Now it says 2027-01-01."""
    clock = Clock(wit("2027-01-01T08:30"))
    await prepare(tmp_settings, fake_api, clock)  # Hamadi's officer answers its first item now
    async with running_bot(tmp_settings, clock=clock, build=build):
        coordinator = fake_api.user(COORDINATOR_FAR)
        await coordinator.send("/tinjau")
        units = await coordinator.wait_text("Tinjau · Kota Jayapura")
        await coordinator.press(units, next(t for t in units.button_texts if "Hamadi" in t))
        scopes = await coordinator.wait_text("Puskesmas Hamadi")
        await coordinator.press(scopes, "Semua yang dijawab (1)")
        item = await coordinator.wait_text("Dijawab oleh")
        assert "Dijawab oleh Orang 502 · 2027-01-01" in item.text
    assert api_errors(fake_api) == []


async def test_new_years_morning_downloads_carry_the_regions_date(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """At 06:30 WIB on 1 January 2027 (23:30 UTC on 31 December) the coordinator's workbook
    was named …-2027-01-01.xlsx but the evidence pack beside it …-2026-12-31.zip: the UTC
    date, last year's. Both now carry the region's date."""
    morning = datetime.fromisoformat("2027-01-01T06:30").replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    clock = Clock(morning.astimezone(UTC))  # the bot's clock says UTC, as utc_now does
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        name = await evidence_pack_name(
            user, "/unduh", "📦 Paket bukti", "Pilih unit", "Dukcapil Kota Metro"
        )
        workbook = next(m for m in user.messages if m.media and m.media[0].file_name)
        assert workbook.media[0].file_name == "siapnilai-kota-metro-2027-01-01.xlsx"
        assert name.startswith("siapnilai-bukti-dukcapil-kota-metro-2027-01-01"), name
    assert api_errors(fake_api) == []


async def test_on_new_years_morning_the_coordinator_sees_the_semester_that_just_ended(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """/ringkasan's survey lines and the workbook's *Survei warga* sheet read the current
    semester only: on 1 January every unit said "belum ada jawaban" and the sheet's rows were
    empty, the year's second half gone from both. A unit with no response yet this semester
    now shows the one before, named; a unit with new responses shows those."""
    import io

    import openpyxl

    clock = Clock(wit("2026-12-20T10:00"))
    unit, _ = await jayapura(tmp_settings.database, clock)
    async with running_bot(tmp_settings, clock=clock) as app:
        services = services_of(app)
        store = services.store
        code = await store.survey_code(unit)
        for n in range(3):
            await answer_all(services.survey, BASE + 400 + n, code)
        region = (await store.resolve_region("Kota Jayapura")).id
        invite = await store.create_invite("coordinator", region_id=region, uses=1, days=30)
        coordinator = fake_api.user(BASE + 500, "Koordinator")
        await join(coordinator, invite.code)

        clock.now = wit("2027-01-01T00:05")
        await coordinator.send("/ringkasan")
        lines = await coordinator.wait_text("Survei warga")
        assert "Survei warga (2027-S1)" in lines.text
        assert "Puskesmas Hamadi: IKM 100,00 (A) · 3 jawaban · 2026-S2" in lines.text
        await coordinator.send("/unduh")
        book = await coordinator.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".xlsx"), timeout=30
        )
        sheet = openpyxl.load_workbook(io.BytesIO(book.media[0].data or b""))["Survei warga"]
        row = [c.value for c in next(sheet.iter_rows(min_row=2))]
        assert row[:6] == ["Kota Jayapura", "Puskesmas Hamadi", "2026-S2", 3, 30, 100.0]

        await answer_all(services.survey, BASE + 450, code)  # the new semester's first
        await coordinator.send("/ringkasan")
        lines = await coordinator.wait_text("Survei warga")
        assert "Puskesmas Hamadi: IKM 100,00 (A) · 1 jawaban\n" in lines.text + "\n"
    assert api_errors(fake_api) == []


async def test_reminders_and_digests_across_new_year_come_once_each_with_the_right_days(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A window across the year boundary (14 December 2026 to 15 January 2027), officers and
    coordinators in WIB and WIT, the dispatcher run every 30 minutes from Sunday 27 December
    to Tuesday 5 January: each Monday's reminder and digest arrives once, at 08:00 local,
    with the days left counted to 15 January. The bot is down over the second Monday's
    08:00 (Sunday 20:00 to Monday 03:00 UTC): what fell due meanwhile goes out once, in the
    start-up run when it is back, late but not lost."""
    clock = Clock(datetime(2026, 12, 10, 3, 0, tzinfo=UTC))
    await prepare(tmp_settings, fake_api, clock, opens=date(2026, 12, 14), closes=date(2027, 1, 15))
    clock.now = datetime(2026, 12, 27, 0, 0, tzinfo=UTC)
    down, back = datetime(2027, 1, 3, 20, tzinfo=UTC), datetime(2027, 1, 4, 3, tzinfo=UTC)
    runner = running_bot(tmp_settings, clock=clock, build=build)
    app = await runner.start()
    try:
        while clock.now < datetime(2027, 1, 5, tzinfo=UTC):
            if clock.now == down:
                await runner.stop()
            elif clock.now == back:
                app = await runner.start()  # its start-up run sends what is due
            elif not down < clock.now < back:
                await reminders.dispatch(app)
            clock.now += timedelta(minutes=30)
    finally:
        await runner.stop()

    def weekly(chat: int) -> list[str]:
        return [
            m.text
            for m in fake_api.sent_messages(chat)
            if "Pengingat mingguan" in (m.text or "") or "Ringkasan mingguan" in (m.text or "")
        ]

    for officer in (OFFICER, OFFICER_FAR):
        got = weekly(officer)
        assert len(got) == 2, got
        assert "sampai 2027-01-15 (18 hari lagi)" in got[0]  # Monday 28 December
        assert "sampai 2027-01-15 (11 hari lagi)" in got[1]  # Monday 4 January
    for coordinator in (COORDINATOR, COORDINATOR_FAR):
        assert len(weekly(coordinator)) == 2
    # Each at 08:00 local (Jakarta 01:00 UTC, Jayapura 23:00 UTC the day before), sent in
    # the run that found it due: none late, none skipped, none twice.
    rows = query(
        tmp_settings.database,
        "SELECT key, status, due_at, claimed_at FROM notifications WHERE key LIKE '%weekly%' "
        "AND due_at > '2026-12-26' ORDER BY key",  # (the 21st's, a week before, is skipped)
    )
    assert {(key.split(":")[1], key.rsplit(":", 1)[1], status) for key, status, _, _ in rows} == {
        (str(who), day, "sent")
        for who in (OFFICER, OFFICER_FAR, COORDINATOR, COORDINATOR_FAR)
        for day in ("2026-12-28", "2027-01-04")
    }
    for key, _, due_at, claimed_at in rows:
        far = key.split(":")[1] in (str(OFFICER_FAR), str(COORDINATOR_FAR))
        assert due_at[11:16] == ("23:00" if far else "01:00"), key
        claimed = datetime.fromisoformat(claimed_at)
        if key.endswith("2027-01-04"):  # due while the bot was down: sent as it came back
            assert claimed == back, key
        else:
            late = claimed - datetime.fromisoformat(due_at)
            assert timedelta(0) <= late < timedelta(minutes=30), key


async def test_the_2027_checklist_offers_the_answers_of_the_last_year_that_has_some(
    seeded: Seeded,
) -> None:
    """Dukcapil answered in 2025; in 2026 an officer only looked (/skor made its self-check,
    empty). The 2027 checklist offered nothing to carry: the previous cycle was 2026's,
    answer or not, and the 2025 answers with their files were out of reach. The offer now
    comes from the latest earlier self-check that has answers."""
    from bot.store import KeyWrite

    store, clock, officer = seeded.store, seeded.clock, seeded.officer
    then = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
    # Kota Metro's own 2025 cycle: current in 2025 over the every-region 2026 one (SPEC's
    # most specific), out of the way once it stopped taking answers.
    await store.open_cycle(TINY, date(2025, 5, 1), date(2025, 9, 30), seeded.metro, now=then)
    old = await store.current_selfcheck(officer, now=then)
    assert old is not None and old.cycle.year == 2025
    key = (await store.checklist(old))[0]
    item = store.rubric(TINY).item(key.split("@")[0])
    assert item is not None
    await store.record_answer(
        KeyWrite(officer, old.id, key), item.options[0].id, note="SK 2025", now=then
    )
    looked = await store.current_selfcheck(officer)  # March 2026: the 2026 cycle, no answer
    assert looked is not None and looked.cycle.year == 2026
    await store.open_cycle(TINY, date(2027, 5, 1), date(2027, 9, 30))
    clock.now = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 2026's has stopped taking answers
    new = await store.current_selfcheck(officer)
    assert new is not None and new.cycle.year == 2027
    offered = (await store.answer_states(new)).get(key)
    assert offered is not None and offered.previous is not None
    assert offered.previous.note == "SK 2025"
    assert await store.carry_forward(KeyWrite(officer, new.id, key))
    assert (await store.answer_states(new))[key].carried
