"""Reports on a real store: region scoping, the XLSX workbook, the evidence pack ZIP,
and a 300-unit region (split text, charts that still render)."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

import rubric
from bot import charts, reports, texts
from bot.store import (
    Cycle,
    EvidenceFile,
    KeyWrite,
    Region,
    RegionSnapshot,
    Store,
    Unit,
    UnitSnapshot,
)
from bot.texts.html import utf16_len
from conversations.summary_view import render_charts, summary_texts
from rubric import AnswerSet
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Seeded,
    clock_fixture,
    load_rubric,
    seeded_fixture,
    store_fixture,
)
from tests.test_charts import band

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OPENED = datetime(2026, 4, 1, tzinfo=UTC)
"""When the hand-built cycles below were created (before any of them opens)."""


async def answer_some(seeded: Seeded) -> int:
    """Dukcapil answers a few items with evidence; Puskesmas answers one."""
    store = seeded.store
    sc = await store.current_selfcheck(seeded.officer)
    assert sc is not None
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop"), "ya")
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "staff"), "tidak")  # changed later
    await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "staff"), "sebagian", note="two of <three>"
    )
    await store.record_answer(
        KeyWrite(seeded.officer, sc.id, "board@KTP-el"), "2", note='=HYPERLINK("http://x","y")'
    )
    for n, key in enumerate(("sop", "sop", "board@KTP-el")):
        await store.attach_evidence(
            KeyWrite(seeded.officer, sc.id, key),
            EvidenceFile(
                file_id=f"FILE-{n}",
                file_unique_id=f"U{n}",
                kind="photo" if n < 2 else "document",
                file_name=None if n < 2 else "papan <layanan>.pdf",
                mime_type="image/jpeg" if n < 2 else "application/pdf",
                size=1000 + n,
                caption=f"caption {n}",
            ),
        )
    other = await store.current_selfcheck(seeded.other_officer)
    assert other is not None
    await store.record_answer(KeyWrite(seeded.other_officer, other.id, "staff"), "tidak")
    far = await store.current_selfcheck(seeded.far_coordinator, unit_id=seeded.dukcapil_mks)
    assert far is not None
    return sc.id


def now_of(seeded: Seeded) -> datetime:
    return seeded.clock()


async def test_coordinator_overview_holds_only_the_region(seeded: Seeded) -> None:
    await answer_some(seeded)
    store = seeded.store
    region, unit = await store.report_scope(seeded.coordinator)
    assert (region, unit) == (seeded.metro, None)
    summary = await reports.region_summary(store, region, now_of(seeded))
    names = [u.unit.name for u in summary.units]
    assert sorted(names) == ["Dukcapil", "Puskesmas Yosodadi"]
    dukcapil = next(u for u in summary.units if u.unit.name == "Dukcapil")
    assert dukcapil.evidence_count == 3
    assert dukcapil.score is not None and 0 < dukcapil.completion < 1
    assert dukcapil.last_activity is not None
    assert summary.window is not None and summary.window.state == "before"
    text = "\n".join(summary_texts(summary, "id"))
    assert "Dukcapil" in text and "Puskesmas Yosodadi" in text
    assert "Makassar" not in text and "Hamadi" not in text


async def test_officer_scope_is_the_own_unit(seeded: Seeded) -> None:
    store = seeded.store
    region, unit = await store.report_scope(seeded.officer)
    assert (region, unit) == (seeded.metro, seeded.dukcapil)
    snapshot = await store.overview_for(seeded.officer)
    assert [u.unit.id for u in snapshot.units] == [seeded.dukcapil]
    with pytest.raises(Exception, match="scope"):
        await store.check_unit_access(seeded.officer, seeded.puskesmas)
    with pytest.raises(Exception, match="scope"):
        await store.check_unit_access(seeded.coordinator, seeded.dukcapil_mks)
    assert (await store.check_unit_access(seeded.coordinator, seeded.puskesmas)).id == (
        seeded.puskesmas
    )


async def test_workbook_opens_with_exactly_the_region_units(seeded: Seeded) -> None:
    await answer_some(seeded)
    store = seeded.store
    _, data = await reports.workbook_for(store, seeded.metro, now_of(seeded), lang="en")
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    # Re-answered, and small: History is included.
    assert book.sheetnames == [
        "Summary", "Dimensions", "Answers", "Gaps", "Items", "History", "Notes"
    ]  # fmt: skip
    summary = book["Summary"]
    assert summary.freeze_panes == "B2"
    assert summary.auto_filter.ref and summary.auto_filter.ref.startswith("A1:")
    header = [c.value for c in summary[1]]
    assert header[:2] == ["Unit", "Completion %"]  # the region is in the print header
    assert "Kota Metro" in (summary.oddHeader.left.text or "")
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    assert sorted(r[0] for r in rows) == ["Dukcapil", "Puskesmas Yosodadi"]
    # Claimed, then verified; no Index column for a points rubric.
    assert header[2:5] == ["Total", "Verified", "Category"]
    assert all(isinstance(r[3], float | int) for r in rows)
    at = header.index("Last activity (WIB)")
    assert all(isinstance(r[at], datetime) for r in rows if r[0] == "Dukcapil")
    assert summary.conditional_formatting  # zone and completion colours
    zone = next(r[header.index("Zone")] for r in rows if r[0] == "Dukcapil")
    assert zone in ("green", "yellow", "red")  # it was "merah" in an English workbook
    rules = [r.formula for cf in summary.conditional_formatting for r in cf.rules]
    assert [f'"{zone}"'] in rules  # the colour still finds the word
    assert summary.column_dimensions["A"].width >= 22  # names wrap in it
    dimensions = book["Dimensions"]
    header = [c.value for c in dimensions[1]]
    assert header[:2] == ["Unit", "Total"] and header[-2:][1].startswith("Output (max ")
    assert header[2].startswith("Input (max ")  # points per dimension, the maximum beside
    by_unit = {r[0]: r for r in dimensions.iter_rows(min_row=2, values_only=True)}
    assert set(by_unit) == {"Dukcapil", "Puskesmas Yosodadi"}

    answers = book["Answers"]
    assert answers.freeze_panes and answers.auto_filter.ref
    assert [c.value for c in answers[1]] == [
        "Unit", "Product", "Dimension", "Item", "Question", "Answer", "Note", "Evidence", "By",
        "When (WIB)"
    ]  # fmt: skip
    lines = [[c.value for c in row] for row in answers.iter_rows(min_row=2)]
    staff = next(r for r in lines if r[3] == "staff" and r[0] == "Dukcapil")
    assert staff[2] == "Input" and staff[5] == "Partly" and staff[6] == "two of <three>"
    assert staff[4] and staff[4] != "staff"  # the question beside the item id
    assert staff[8] == "Person 101"
    assert isinstance(staff[9], datetime)
    board = next(r for r in lines if r[3] == "board")
    assert board[1] == "KTP-el" and board[7] == 1  # product, evidence count
    assert all(r[0] in ("Dukcapil", "Puskesmas Yosodadi") for r in lines)

    items = {r[0]: r for r in book["Items"].iter_rows(min_row=2, values_only=True)}
    assert set(items) == {r[3] for r in lines} | {"sop", "staff", "board"} and len(items) >= 3
    assert items["board"][1] == "Output" and items["board"][2]  # dimension, question text

    history = [[c.value for c in row] for row in book["History"].iter_rows(min_row=2)]
    assert len(history) == len(lines) + 1  # the first answer to "staff" too
    assert [c.value for c in book["History"][1]] == [
        "Unit", "Product", "Item", "Answer", "Note", "By", "When (WIB)"
    ]  # fmt: skip
    assert [r[3] for r in history if r[2] == "staff" and r[0] == "Dukcapil"] == ["No", "Partly"]

    gaps = [[c.value for c in row] for row in book["Gaps"].iter_rows(min_row=2)]
    assert gaps and {g[0] for g in gaps} == {"Dukcapil", "Puskesmas Yosodadi"}
    assert all(isinstance(g[6], int | float) and g[6] > 0 for g in gaps)
    assert all(g[3] in items for g in gaps)

    notes = [r[0] for r in book["Notes"].iter_rows(values_only=True)]
    assert "Kota Metro" in notes[0] and any("History: 5 answers" in n for n in notes)


async def test_every_sheet_prints_landscape_one_page_wide_with_its_header(
    seeded: Seeded,
) -> None:
    """Read back: A4 landscape, fit to one page wide (any height), the header row repeated
    on every page, frozen panes; a unit that has not started is one row of Gaps."""
    await answer_some(seeded)
    _, data = await reports.workbook_for(seeded.store, seeded.metro, now_of(seeded), lang="id")
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title  # 1: default
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        if sheet.title != "Catatan":
            assert sheet.print_title_rows == "$1:$1", sheet.title
            assert sheet.freeze_panes, sheet.title
    summary = book["Ringkasan"]
    header = [c.value for c in summary[1]]
    assert "Indeks" not in header and "Zona" in header  # a points rubric with zones
    assert summary.row_dimensions[1].height >= 33  # wrapped headers shown whole

    # Kota Makassar: a unit with no answers yet is one row, not one per item.
    _, data = await reports.workbook_for(seeded.store, seeded.makassar, now_of(seeded))
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    gaps = list(book["Kekurangan"].iter_rows(min_row=2, values_only=True))
    not_started = [g for g in gaps if g[5] == "Belum mulai"]
    assert not_started and all(g[4].startswith("Belum mulai: ") for g in not_started)
    assert all(sum(1 for g in gaps if g[0] == u) == 1 for u in {g[0] for g in not_started})
    # On the summary its cells are empty, not 0 at the red end of the completion scale.
    rows = list(book["Ringkasan"].iter_rows(values_only=True))
    head = list(rows[0])
    idle = [r for r in rows[1:] if r[head.index("Kekurangan utama (poin)")] == "Belum mulai"]
    assert idle and all(r[head.index("Kelengkapan %")] is None for r in idle)
    assert all(r[head.index("Total")] is None for r in idle)


async def test_a_formula_in_a_note_stays_text(seeded: Seeded) -> None:
    """A note or name starting with "=" is written as a string cell: nothing runs in the
    coordinator's spreadsheet (no HYPERLINK, no formula injection)."""
    await answer_some(seeded)
    _, data = await reports.workbook_for(seeded.store, seeded.metro, now_of(seeded), lang="en")
    raw = reports.build_workbook(data)
    book = load_workbook(io.BytesIO(raw))
    cells = [row for row in book["Answers"].iter_rows(min_row=2) if row[3].value == "board"]
    note = cells[0][6]
    assert note.value == '=HYPERLINK("http://x","y")' and note.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"<f>" not in sheets and b"HYPERLINK" in everything


async def test_awkward_text_survives_the_fast_rows(seeded: Seeded) -> None:
    """The long sheets' rows are written as SpreadsheetML by reports, not XlsxWriter:
    markup characters, control characters and non-Latin text come back."""
    sc = await answer_some(seeded)
    note = "<b>Tom & Jerry</b>  日本"
    await seeded.store.record_answer(KeyWrite(seeded.officer, sc, "sop"), "tidak", note=note)
    await seeded.store.record_answer(KeyWrite(seeded.officer, sc, "staff"), "ya", note="bell\x07")
    _, data = await reports.workbook_for(seeded.store, seeded.metro, now_of(seeded), lang="en")
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    rows = list(book["Answers"].iter_rows(min_row=2, values_only=True))
    answers = {r[3]: r for r in rows if r[0] == "Dukcapil"}
    assert answers["sop"][6] == note and answers["sop"][7] == 2  # two photos
    assert answers["staff"][6] == "bell_x0007_"  # Excel shows it as the control character
    assert isinstance(answers["sop"][9], datetime)
    history = list(book["History"].iter_rows(min_row=2, values_only=True))
    assert len(history) == 7 and {note, "bell_x0007_"} <= {r[4] for r in history}
    assert book["Answers"].max_row == len(rows) + 1 == len(data.answers) + 1


def test_fast_rows_escape_like_xlsxwriter() -> None:
    sheet = reports.BulkSheet(1, [[" edge ", "_x0041_", "a\x00b", None, 46000.25]], 5, 4)
    xml = reports.rows_xml(sheet, 7)
    assert '<c r="A2" t="inlineStr"><is><t xml:space="preserve"> edge </t></is></c>' in xml
    assert "<t>_x005F_x0041_</t>" in xml and "<t>a_x0000_b</t>" in xml
    assert '<c r="E2" s="7"><v>46000.25</v></c>' in xml and 'r="D2"' not in xml


async def test_a_big_history_is_left_out_and_the_notes_say_so(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    await answer_some(seeded)
    store, now = seeded.store, now_of(seeded)
    monkeypatch.setattr(reports.workbook, "HISTORY_LIMIT", 3)
    _, data = await reports.workbook_for(store, seeded.metro, now, lang="en")
    assert data.history == [] and data.history_rows == 5 and data.history_left_out
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    assert book.sheetnames == ["Summary", "Dimensions", "Answers", "Gaps", "Items", "Notes"]
    notes = " ".join(r[0] for r in book["Notes"].iter_rows(values_only=True))
    assert "History left out: 5 answers (more than 3)" in notes
    assert f"siapnilai report {seeded.metro} -o FILE.xlsx --history" in notes
    # Asked for explicitly (the CLI's --history), it is there whatever its size.
    _, full = await reports.workbook_for(store, seeded.metro, now, history=True)
    assert len(full.history) == 5
    _, none = await reports.workbook_for(store, seeded.metro, now, history=False)
    assert none.history == [] and not none.history_left_out


async def test_officer_workbook_has_only_their_unit(seeded: Seeded) -> None:
    await answer_some(seeded)
    region, unit = await seeded.store.report_scope(seeded.officer)
    _, data = await reports.workbook_for(seeded.store, region, now_of(seeded), unit_id=unit)
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    assert book.sheetnames == [
        "Ringkasan", "Dimensi", "Jawaban", "Kekurangan", "Butir", "Riwayat", "Catatan"
    ]  # fmt: skip
    for title in ("Ringkasan", "Jawaban", "Kekurangan", "Riwayat"):
        units = {row[0].value for row in book[title].iter_rows(min_row=2)}
        assert units <= {"Kota Metro", "Dukcapil"}, title
    assert {row[1].value for row in book["Kekurangan"].iter_rows(min_row=2)} == {
        None,
        "KTP-el",
        "Akta Kelahiran",
    }
    assert [r[0].value for r in book["Ringkasan"].iter_rows(min_row=2)] == ["Dukcapil"]


def test_workbook_name_is_safe() -> None:
    name = reports.workbook_name("Kota Metro / Lampung", date(2027, 5, 3))
    assert name == "siapnilai-kota-metro-lampung-2027-05-03.xlsx"


async def test_evidence_pack_holds_every_file_under_its_item(seeded: Seeded) -> None:
    await answer_some(seeded)
    store = seeded.store
    lines = await store.evidence_lines(seeded.dukcapil, now_of(seeded))
    assert len(lines) == 3
    the_rubric = load_rubric(TINY)
    files = reports.plan_pack(lines, the_rubric, "id")
    fetched: list[str] = []

    async def fetch(file_id: str) -> bytes:
        fetched.append(file_id)
        return f"content of {file_id}".encode()

    parts = [
        part
        async for part in reports.build_pack(
            files,
            fetch,
            base_name="pack",
            readme=lambda report: f"{len(report.included)} included",
            the_rubric=the_rubric,
            lang="id",
            timezone="Asia/Jakarta",
        )
    ]
    assert [p.filename for p in parts] == ["pack.zip"]
    archive = zipfile.ZipFile(io.BytesIO(parts[0].data))
    names = sorted(archive.namelist())
    assert names == [
        "1. Input/sop/001-photo-1.jpg",
        "1. Input/sop/002-photo-2.jpg",
        "2. Output/board @KTP-el/003-papan _layanan_.pdf",
        "INDEX.csv",
        "README.txt",
    ]
    assert archive.read("1. Input/sop/001-photo-1.jpg") == b"content of FILE-0"
    index = list(csv.DictReader(io.StringIO(archive.read("INDEX.csv").decode("utf-8-sig"))))
    assert [r["status"] for r in index] == ["included"] * 3
    assert index[0]["by"] == "Person 101" and index[2]["caption"] == "caption 2"


async def test_oversized_and_failed_files_are_listed_not_lost(seeded: Seeded) -> None:
    await answer_some(seeded)
    lines = await seeded.store.evidence_lines(seeded.dukcapil, now_of(seeded))
    the_rubric = load_rubric(TINY)
    files = reports.plan_pack(lines, the_rubric, "en")

    async def fetch(file_id: str) -> bytes:
        if file_id == "FILE-1":
            raise OSError("connection reset")
        return b"x" * 100

    report = reports.PackReport()
    parts = [
        part
        async for part in reports.build_pack(
            files,
            fetch,
            base_name="pack",
            readme=lambda r: "\n".join(
                [f"too big: {f.path}" for f in r.too_big]
                + [f"failed: {f.path}" for f, _ in r.failed]
            ),
            the_rubric=the_rubric,
            lang="en",
            timezone="Asia/Jakarta",
            download_limit=1001,  # FILE-1 (1001 bytes) fits, FILE-2 (1002) is too big
            report=report,
        )
    ]
    archive = zipfile.ZipFile(io.BytesIO(parts[-1].data))
    readme = archive.read("README.txt").decode()
    assert "too big: 2. Output/board @KTP-el/003-papan _layanan_.pdf" in readme
    assert "failed: 1. Input/sop/002-photo-2.jpg" in readme
    index = list(csv.DictReader(io.StringIO(archive.read("INDEX.csv").decode("utf-8-sig"))))
    assert [r["status"].split(":")[0] for r in index] == ["included", "failed", "too_big"]
    assert len(report.included) == 1


async def test_pack_splits_into_parts_under_the_limit(seeded: Seeded) -> None:
    await answer_some(seeded)
    lines = await seeded.store.evidence_lines(seeded.dukcapil, now_of(seeded))
    the_rubric = load_rubric(TINY)
    files = reports.plan_pack(lines, the_rubric, "id")

    async def fetch(file_id: str) -> bytes:
        return bytes(range(256)) * 16  # 4 KB of poorly compressible bytes per file

    parts = [
        part
        async for part in reports.build_pack(
            files,
            fetch,
            base_name="pack",
            readme=lambda r: "readme",
            the_rubric=the_rubric,
            lang="id",
            timezone="Asia/Jakarta",
            part_limit=6000,
        )
    ]
    assert [p.filename for p in parts] == ["pack-1.zip", "pack-2.zip", "pack-3.zip"]
    assert all(len(p.data) <= 6000 for p in parts)
    members = [n for p in parts for n in zipfile.ZipFile(io.BytesIO(p.data)).namelist()]
    assert sum(1 for n in members if "/" in n) == 3  # every file, exactly once
    assert "README.txt" in zipfile.ZipFile(io.BytesIO(parts[-1].data)).namelist()


# -- a region with 300 units (generated data, not timed) ---------------------------------------


def big_region(units: int = 300) -> reports.RegionSummary:
    the_rubric = load_rubric("ombudsman-2024")
    region = Region(1, "Provinsi Besar", "Asia/Makassar")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    items = [i for i in the_rubric.items if i.scope == "unit"]
    snapshots = []
    for n in range(units):
        answered = {
            item.id: item.options[(n + k) % 2].id
            for k, item in enumerate(items[: (n * 7) % len(items)])
        }
        snapshots.append(
            UnitSnapshot(
                unit=Unit(
                    n + 1,
                    1,
                    f"Unit Layanan Nomor {n:03d} Kabupaten Contoh",
                    region.name,
                    region.timezone,
                ),
                cycle=cycle,
                selfcheck_id=n + 1,
                answers=AnswerSet(answers=answered, products=["KTP-el"]),
                evidence_count=n % 5,
                last_activity=datetime(2027, 4, 1, tzinfo=UTC),
            )
        )
    snapshot = RegionSnapshot(region, tuple(snapshots))
    return reports.summarize(snapshot, load_rubric, datetime(2027, 4, 5, 1, tzinfo=UTC))


def test_three_hundred_units_split_under_the_limit_and_charts_render() -> None:
    summary = big_region()
    pieces = summary_texts(summary, "id")
    assert len(pieces) > 1
    assert all(utf16_len(p) <= 4096 for p in pieces)
    joined = "\n".join(pieces)
    assert all(f"Nomor {n:03d}" in joined for n in range(300))
    photos = render_charts(summary, "id")
    assert len(photos) == 2  # constant size: 30 highest + 30 lowest; the 60 lowest
    assert all(p.photo.startswith(PNG_MAGIC) for p in photos)
    assert all(p.caption is not None and len(p.caption) <= 1024 for p in photos)
    assert photos[0].caption and "A ≥ 88" in photos[0].caption
    assert "30 unit terbawah" in photos[0].caption


def test_a_unit_that_has_not_started_is_said_so_not_scored() -> None:
    """A unit that answered nothing: the chart greys it (`started`), the text says so in the
    full and the compact form, in both languages, instead of "0.00 poin · E merah"."""
    for units in (5, 300):
        summary = big_region(units)
        idle = {u.unit.name for u in summary.units if not u.started}
        assert idle and len(idle) < units
        for lang, said in (("id", "belum mulai"), ("en", "not started")):
            lines = "\n".join(summary_texts(summary, lang)).splitlines()
            for rank, unit in enumerate(summary.units, start=1):
                line = next(ln for ln in lines if f"<b>{unit.unit.name}</b>" in ln)
                if unit.unit.name in idle:
                    assert line == f"{rank}. <b>{unit.unit.name}</b> — {said}"
                else:
                    assert said not in line and rank <= units - len(idle)
        # The average score is of the units that have started: none of them counts as 0.
        totals = [u.score.total for u in summary.units if u.score and u.started]
        average = texts.score(sum(totals) / len(totals), None, "id")
        assert f"rata-rata skor {average}" in summary_texts(summary, "id")[0]


def test_both_averages_count_the_units_that_have_started() -> None:
    """The region's average score left out the units that have not started, its average
    completion counted them as 0 %: two units at 50 % and one idle read "rata-rata
    kelengkapan 33%" beside an average score of the two. Both are of the units that have
    started now, and the line says how many those are (none started: it says that)."""
    the_rubric = rubric.load_builtin("ombudsman-2025")
    asked = the_rubric.asked_items()
    half = len(asked) // 2
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)

    def region_of(*answered: dict[str, str]) -> reports.RegionSummary:
        snapshot = RegionSnapshot(region, tuple(UnitSnapshot(
            Unit(n, 1, f"Unit {n}", "Kota Metro", "Asia/Jakarta"), cycle, n,
            AnswerSet(answers=answers), 0, None,
        ) for n, answers in enumerate(answered, start=1)))  # fmt: skip
        return reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))

    best = {item.id: item.options[0].id for item in asked[:half]}
    worst = {item.id: item.options[-1].id for item in asked[half : 2 * half]}
    summary = region_of(best, worst, {})
    started = [u for u in summary.units if u.started]
    assert len(started) == 2 and all(0.4 < u.completion < 0.6 for u in started)
    completion = math.floor(100 * sum(u.completion for u in started) / 2)
    assert started[0].score is not None and started[1].score is not None
    average = texts.score((started[0].score.total + started[1].score.total) / 2, None, "id")
    first = summary_texts(summary, "id")[0]
    assert (f"dari 2 unit yang sudah mulai: rata-rata kelengkapan {completion}% · "
            f"rata-rata skor {average}") in first  # fmt: skip
    english = summary_texts(summary, "en")[0]
    assert f"of the 2 units that have started: average completion {completion}%" in english

    everyone = summary_texts(region_of(best, worst), "id")[0]
    line = next(ln for ln in everyone.splitlines() if "selesai mengisi" in ln)
    assert line.endswith(f" · rata-rata kelengkapan {completion}% · rata-rata skor {average}")
    assert "sudah mulai" not in line  # all started: nothing to say about it

    idle = summary_texts(region_of({}, {}), "id")[0]
    assert "belum ada yang mulai mengisi" in idle and "rata-rata" not in idle
    assert "none has started" in summary_texts(region_of({}, {}), "en")[0]


def test_score_chart_is_a_png_with_bands() -> None:
    bands = [band("A", 88, "hijau"), band("C", 54, "kuning"), band("E", 0, "merah")]
    images = charts.score_chart(
        "t", [charts.Bar("x", 90, "A"), charts.Bar("y", 10, "E")], bands, 100
    )
    assert len(images) == 1 and images[0].startswith(PNG_MAGIC)
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(images[0]), format="png")
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100


def test_charts_keep_both_edges_of_a_big_region() -> None:
    rows = list(range(400))
    shown, left_out = charts.shown_rows(rows)
    assert shown == [*range(30), *range(370, 400)] and left_out == 340
    assert charts.shown_rows(rows[:100]) == (rows[:100], 0)


async def test_store_helper_for_other_regions(store: Store) -> None:
    # An empty database: an unknown region is NotFound, not a crash.
    with pytest.raises(Exception, match="region"):
        await store.overview(12345)


def test_region_without_a_cycle_says_so() -> None:
    region = Region(9, "Kabupaten Baru", "Asia/Jakarta")
    unit = Unit(1, 9, "Dinas Baru", region.name, region.timezone)
    snapshot = RegionSnapshot(region, (UnitSnapshot(unit, None, None, AnswerSet(), 0, None),))
    summary = reports.summarize(snapshot, load_rubric, datetime(2027, 1, 1, tzinfo=UTC))
    assert summary.cycle is None and summary.window is None
    text = "\n".join(summary_texts(summary, "en"))
    assert "no assessment cycle" in text
    assert render_charts(summary, "en") == []


async def test_latest_answers_match_the_history(seeded: Seeded) -> None:
    """The latest-answer query (a GROUP BY, not a subquery per row) returns, for every key,
    the last answer of the full history, in the same order."""
    await answer_some(seeded)
    store = seeded.store
    now = now_of(seeded)
    history = await store.answer_lines(seeded.metro, history=True, now=now)
    latest = await store.answer_lines(seeded.metro, now=now)
    assert len(history) == len(latest) + 1 == await store.answer_count(seeded.metro, now=now)
    assert reports.latest_answers(history) == latest  # what workbook_for derives
    staff = next(line for line in latest if line.key == "staff" and line.unit == "Dukcapil")
    assert staff.option_id == "sebagian" and staff.evidence_count == 0
    sop = next(line for line in latest if line.key == "sop")
    assert sop.evidence_count == 2
    own = await store.answer_lines(seeded.metro, unit_id=seeded.puskesmas, now=now)
    assert [line.unit for line in own] == ["Puskesmas Yosodadi"]
    assert await store.answer_count(seeded.metro, unit_id=seeded.puskesmas, now=now) == 1


@pytest.mark.parametrize(
    ("zone", "change"),
    [
        ("Asia/Jakarta", "2026-03-29T00:00:07"),
        ("Asia/Jayapura", "2026-03-29T00:00:07"),
        ("UTC", "2026-03-29T00:00:07"),
        ("Europe/Berlin", "2026-03-29T00:00:07"),  # changes at 01:00 UTC
        ("America/St_Johns", "2026-03-08T04:00:07"),  # changes at 05:30 UTC, mid-hour
    ],
)
def test_excel_clock_matches_the_local_wall_time(zone: str, change: str) -> None:
    """Serial day numbers as XlsxWriter's write_datetime would write the local time, also
    across a daylight-saving change (none in Indonesia, but the clock must not assume it)."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    clock = reports.ExcelClock(tz)
    start = datetime.fromisoformat(change).replace(tzinfo=UTC)
    for minutes in range(0, 240, 13):
        moment = start + timedelta(minutes=minutes)
        local = moment.astimezone(tz).replace(tzinfo=None)
        expected = (local - datetime(1899, 12, 30)).total_seconds() / 86400
        assert clock(moment) == pytest.approx(expected, abs=1e-9)
    assert clock(datetime(2026, 1, 1, tzinfo=UTC)) == pytest.approx(
        46023
        + (
            tz.utcoffset(datetime(2026, 1, 1)).total_seconds() / 86400  # type: ignore[union-attr]
        )
    )


def test_chart_data_puts_who_needs_help_first() -> None:
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    the_rubric = load_rubric(TINY)
    cycle = Cycle(1, the_rubric.id, 2026, date(2026, 5, 1), date(2026, 9, 30), None, OPENED)

    def unit(n: int, answers: dict[str, str]) -> UnitSnapshot:
        return UnitSnapshot(
            Unit(n, 1, f"Unit {n}", "Kota Metro", "Asia/Jakarta"), cycle, n,
            AnswerSet(answers=answers), 0, None,
        )  # fmt: skip

    snapshot = RegionSnapshot(
        region, (unit(1, {"sop": "ya"}), unit(2, {}), unit(3, {"sop": "tidak"}))
    )
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2026, 6, 1, tzinfo=UTC))
    bars = {b.label: b for b in reports.score_bars(summary)}
    assert bars["Unit 2"].started is False and bars["Unit 1"].started
    assert [r.label for r in reports.heat_rows(summary)] == ["Unit 2", "Unit 3", "Unit 1"]


def one_unit(rubric_id: str, answered: int) -> reports.RegionSummary:
    """The summary of a region of one unit (Dukcapil, Kota Metro) that answered the first
    `answered` items of `rubric_id` in full, on 2027-06-01 in a May–September window."""
    the_rubric = rubric.load_builtin(rubric_id)
    answers = {item.id: item.options[0].id for item in the_rubric.asked_items()[:answered]}
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    snapshot = RegionSnapshot(region, (UnitSnapshot(
        Unit(1, 1, "Dukcapil", "Kota Metro", "Asia/Jakarta"), cycle, 1,
        AnswerSet(answers=answers), 0, None,
    ),))  # fmt: skip
    return reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))


def test_pekppp_is_spelled_the_same_in_the_reminder_and_the_summary() -> None:
    """One number, one spelling: "X poin (indeks Y)" in the reminder, /ringkasan, the digest."""
    from bot.reminders import Occurrence
    from conversations.reminders import reminder_text
    from conversations.summary_view import unit_score_text

    the_rubric = rubric.load_builtin("pekppp-2025")
    summary = one_unit("pekppp-2025", 1)
    cycle = summary.cycle
    assert cycle is not None
    unit = summary.units[0]
    spelled = unit_score_text(unit, "id")
    assert "poin (indeks" in spelled
    entry = Occurrence(datetime(2027, 6, 7, 1, tzinfo=UTC), "weekly", date(2027, 6, 7))
    assert spelled in reminder_text(entry, cycle, the_rubric, unit, "id")
    assert spelled in "\n".join(summary_texts(summary, "id"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_one_score_reads_the_same_in_skor_reminder_digest_pdf_and_cli(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same PEKPPP score: /skor's first line, the reminder, /ringkasan and the digest
    (the same text under a heading), the unit's PDF page and `siapnilai rubric score` all
    say "X poin (indeks Y)", never "X / 100" nor the index alone."""
    import json

    from bot.cli import main
    from bot.reminders import Occurrence
    from bot.reports.unit_pages import unit_page_lines
    from bot.store import ScoreReport
    from bot.texts import score as spell
    from conversations.reminders import reminder_text
    from conversations.results import score_text

    the_rubric = rubric.load_builtin("pekppp-2025")
    summary = one_unit("pekppp-2025", 6)
    answers = {item.id: item.options[0].id for item in the_rubric.asked_items()[:6]}
    cycle = summary.cycle
    assert cycle is not None
    unit = summary.units[0]
    assert unit.score is not None and unit.score.index is not None
    total, index = unit.score.total, unit.score.index
    word = {"id": ("poin", "indeks"), "en": ("points", "index")}[lang]
    spelled = spell(total, index, lang)
    assert spelled == f"{total:.2f} {word[0]} ({word[1]} {index:.2f})" and 0 < total < 100

    report = ScoreReport(unit.score, [], None, the_rubric)
    assert score_text(report, "Dukcapil", lang).splitlines()[0] == f"Total: <b>{spelled}</b>"
    entry = Occurrence(datetime(2027, 6, 7, 1, tzinfo=UTC), "weekly", date(2027, 6, 7))
    assert spelled in reminder_text(entry, cycle, the_rubric, unit, lang)
    assert spelled in "\n".join(summary_texts(summary, lang))
    page = "\n".join(text for _, text in unit_page_lines(summary, unit, lang))
    assert spelled in page and "/ 100" not in page

    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    assert main(["rubric", "score", the_rubric.id, str(file)]) == 0
    out = capsys.readouterr().out
    assert f"Total: {spell(total, index, 'id')}\n" in out  # the CLI speaks Indonesian
    assert "/ 100" not in out and "Indeks (index)" not in out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_opini_reads_one_way_in_skor_the_workbook_and_the_unit_page(lang: str) -> None:
    """Ombudsman 2025 with its condition met: /skor, the workbook's summary, the unit's PDF
    page and the officer's reminder all give the category with "Tanpa Maladministrasi";
    /skor's breakdown is the two parts (70 + 30) with the four dimensions under the first,
    trust once."""
    from bot.reminders import Occurrence
    from bot.reports.unit_pages import unit_page_lines
    from bot.store import ScoreReport
    from conversations.reminders import reminder_text
    from conversations.results import score_text

    the_rubric = rubric.load_builtin("ombudsman-2025")
    condition = the_rubric.condition
    assert condition is not None
    answers = {item.id: item.options[0].id for item in the_rubric.asked_items()}
    answers |= dict.fromkeys(condition.items, condition.passing[0])
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    snapshot = RegionSnapshot(region, (UnitSnapshot(
        Unit(1, 1, "Dinas Sosial", "Kota Metro", "Asia/Jakarta"), cycle, 1,
        AnswerSet(answers=answers), 0, None,
    ),))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    unit = summary.units[0]
    assert unit.score is not None and unit.score.condition is not None
    assert unit.score.condition.met
    with_condition = {"id": "Tanpa Maladministrasi", "en": "without maladministration"}[lang]
    category = f"{unit.score.category.code} — {unit.score.label(lang)}"
    assert category.endswith(with_condition)

    skor = score_text(ScoreReport(unit.score, [], None, the_rubric), "Dinas Sosial", lang)
    assert f"<b>{category}</b>" in skor
    page = "\n".join(text for _, text in unit_page_lines(summary, unit, lang))
    assert category in page
    entry = Occurrence(datetime(2027, 6, 7, 1, tzinfo=UTC), "weekly", date(2027, 6, 7))
    assert category in reminder_text(entry, cycle, the_rubric, unit, lang)
    at = datetime(2027, 6, 1, tzinfo=UTC)
    data = reports.WorkbookData(summary, [], generated_at=at, lang=lang)
    sheet = load_workbook(io.BytesIO(reports.build_workbook(data))).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index({"id": "Kategori", "en": "Category"}[lang])] == category

    lines = skor.splitlines()
    parts = [line for line in lines if line.startswith("• ")]
    assert [p.split(":")[0] for p in parts] == [
        f"• {part.title.get(lang)}" for part in the_rubric.parts
    ]
    total = sum(float(p.split(": ")[1].split(" / ")[0]) for p in parts)
    assert total == pytest.approx(unit.score.total, abs=0.011)
    under = lines[lines.index(parts[0]) + 1 : lines.index(parts[1])]
    titles = [d.title.get(lang) for d in the_rubric.dimensions if d.id != "kepercayaan"]
    assert [u.split("◦ ")[1].split(":")[0] for u in under] == titles
    trust = next(d.title.get(lang) for d in the_rubric.dimensions if d.id == "kepercayaan")
    assert trust not in skor  # only as its part, once


def test_pekppp_and_ombudsman_2024_keep_their_points_per_dimension() -> None:
    from bot.store import ScoreReport
    from conversations.results import score_text

    for rubric_id in ("pekppp-2025", "ombudsman-2024"):
        the_rubric = rubric.load_builtin(rubric_id)
        asked = [i for i in the_rubric.asked_items() if i.scope == "unit" and i.applies_to == "all"]
        answers = AnswerSet(answers={i.id: i.options[0].id for i in asked})
        score = rubric.score(the_rubric, answers)
        text = score_text(ScoreReport(score, [], None, the_rubric), "Dukcapil", "id")
        assert "<b>Poin per dimensi</b>" in text and "Poin per bagian" not in text
        shown = [d for d in score.dimensions if d.weight > 0]
        bullets = [line for line in text.splitlines() if line.startswith("• ")]
        assert len(bullets) == len(shown) and "◦" not in text


def _column_widths(sheet: object) -> list[float]:
    """The widths (characters) of the columns with a header, read back with openpyxl (which
    groups neighbouring columns of one width as min..max)."""
    from openpyxl.utils import get_column_letter

    used = sheet.max_column  # type: ignore[attr-defined]
    widths = dict.fromkeys(range(1, used + 1), 8.43)  # Excel's default width
    for dim in sheet.column_dimensions.values():  # type: ignore[attr-defined]
        for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            if c in widths and dim.width:
                widths[c] = dim.width
    assert get_column_letter(used)
    return list(widths.values())


def test_a_six_unit_pekppp_summary_prints_near_full_size_on_a4_landscape() -> None:
    """Read back: every sheet A4 landscape, fit to one page wide; the Summary's columns sum
    to what A4 landscape holds at >= 85 % (Excel: a column of width w is 7w + 5 pixels of
    Calibri 11, 96 per inch; LibreOffice with Carlito rendered it at 91 %), so seven
    dimension columns no longer halve it: the points per dimension have their own sheet,
    with the full dimension names as wrapped headers."""
    the_rubric = rubric.load_builtin("pekppp-2025")
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    items = the_rubric.asked_items()
    units = []
    for n in range(6):
        answers = {i.id: i.options[n % len(i.options)].id for i in items[: len(items) * n // 5]}
        unit = Unit(n + 1, 1, f"Dinas Kependudukan dan Pencatatan Sipil {n}", "Kota Metro",
                    "Asia/Jakarta")  # fmt: skip
        units.append(UnitSnapshot(unit, cycle, n + 1, AnswerSet(answers=answers), n, None))
    summary = reports.summarize(
        RegionSnapshot(region, tuple(units)), lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC)
    )
    data = reports.WorkbookData(summary, [], generated_at=datetime(2027, 6, 1, tzinfo=UTC))
    book = load_workbook(io.BytesIO(reports.build_workbook(data)))
    assert book.sheetnames[:2] == ["Ringkasan", "Dimensi"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    summary_sheet = book["Ringkasan"]
    margins = summary_sheet.page_margins
    printable = (11.69 - margins.left - margins.right) * 96
    for title in ("Ringkasan", "Dimensi"):
        pixels = sum(7 * w + 5 for w in _column_widths(book[title]))
        assert printable / pixels >= 0.85, (title, printable / pixels)
    # The instrument as a checklist: above 80 %, every id on one line, the rows as tall as
    # their wrapped question or hint (no text runs into the row below).
    items_sheet = book["Butir"]
    widths = _column_widths(items_sheet)
    assert printable / sum(7 * w + 5 for w in widths) >= 0.8
    assert widths[0] > max(len(i.id) for i in the_rubric.items)
    for row in items_sheet.iter_rows(min_row=2):
        question, hint = str(row[2].value), str(row[6].value)
        lines = max(len(question) / (widths[2] * 1.1), len(hint) / (widths[6] * 1.1))
        height = items_sheet.row_dimensions[row[0].row].height
        assert height is not None and height >= 15 * lines, (row[0].value, height, lines)
    header = [c.value for c in summary_sheet[1]]
    assert header[:6] == ["Unit", "Kelengkapan %", "Total", "Indeks", "Terverifikasi",
                          "Indeks terverifikasi"]  # fmt: skip
    assert not any("Kebijakan" in str(h) for h in header)
    dimensions = [c.value for c in book["Dimensi"][1]]
    assert dimensions[2:] == [
        "Kebijakan Pelayanan (maks 24)",
        "Profesionalisme SDM (maks 25)",
        "Sarana Prasarana (maks 18)",
        "Sistem Informasi Pelayanan Publik (maks 11)",
        "Konsultasi dan Pengaduan (maks 10)",
        "Inovasi (maks 12)",
    ]  # fmt: skip  (Informasi Tambahan weighs nothing: not a column)
    assert book["Dimensi"].row_dimensions[1].height >= 15 * 4  # wrapped, shown whole
    # A header word never breaks: every column is at least as wide as its longest word.
    for title in ("Ringkasan", "Dimensi"):
        sheet = book[title]
        for width, cell in zip(_column_widths(sheet), sheet[1], strict=True):
            assert width >= max(len(w) for w in str(cell.value).split()), (title, cell.value)
    rows = list(summary_sheet.iter_rows(min_row=2, values_only=True))
    first = next(r for r in rows if r[0].endswith(" 1"))
    assert isinstance(first[2], float) and first[3] == round(first[2] / 20 + 1e-9, 2)
    assert "Kota Metro" in (summary_sheet.oddHeader.left.text or "")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_unit_page_keeps_every_line_on_the_paper(lang: str) -> None:
    """The printed unit page wrapped its lines at a character count, so the 12 pt bold score
    line of an opini ("Skor sementara: 58.67 poin · kategori C — Kualitas Sedang Tanpa
    Maladministrasi") and a long unit name at 16 pt ran off the right edge of the A4 page."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bot.reports.unit_pages import LEFT, unit_page_figure

    the_rubric = rubric.load_builtin("ombudsman-2025")
    condition = the_rubric.condition
    assert condition is not None
    answers = {item.id: item.options[0].id for item in the_rubric.asked_items()[:9]}
    answers |= dict.fromkeys(condition.items, condition.passing[0])
    name = "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN LAMPUNG UTARA (MPP) =1+1 $x$"
    region = Region(1, "Kabupaten Lampung Utara", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    snapshot = RegionSnapshot(region, (UnitSnapshot(
        Unit(1, 1, name, region.name, "Asia/Jakarta"), cycle, 1,
        AnswerSet(answers=answers), 0, None,
    ),))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    fig = unit_page_figure(summary, summary.units[0], lang)
    renderer = FigureCanvasAgg(fig).get_renderer()
    paper = fig.bbox
    drawn = [t for t in fig.texts if t.get_text()]
    assert (
        "".join(t.get_text() for t in drawn).replace(" ", "").startswith(name.replace(" ", ""))
    )  # the whole name, as typed (no math from the dollar signs)
    for text in drawn:
        box = text.get_window_extent(renderer)
        assert box.x1 <= paper.x1 * (1 - LEFT / 2), (text.get_text(), box.x1, paper.x1)
    spelled = " ".join(t.get_text() for t in drawn)
    assert {"id": "Tanpa Maladministrasi", "en": "without maladministration"}[lang] in spelled


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_full_answer_without_evidence_is_at_risk_not_points_to_gain(lang: str) -> None:
    """A unit at 100.00 whose evidence is missing: /ringkasan (and the digest), the workbook's
    top gaps and the unit page listed its items as "(+6.00 poin)", as if it could still gain
    six points over 100; they are points at risk, as /kekurangan and the Gaps sheet say."""
    from bot.reports.unit_pages import unit_page_lines

    the_rubric = rubric.load_builtin("pekppp-2025")
    answers = {item.id: item.options[0].id for item in the_rubric.asked_items()}
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    snapshot = RegionSnapshot(region, (UnitSnapshot(
        Unit(1, 1, "Dinas Sosial", "Kota Metro", "Asia/Jakarta"), cycle, 1,
        AnswerSet(answers=answers), 0, None,
    ),))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    unit = summary.units[0]
    assert unit.score is not None and unit.score.total == 100
    assert unit.gaps and all(g.kind == "at_risk" for g in unit.gaps)
    first = f"{unit.gaps[0].points:.2f}"
    # One wording wherever top gaps are listed (chat and reports wrote it apart, differently).
    at_risk = {"id": "poin berisiko: bukti belum ada", "en": "points at risk: evidence missing"}
    said = f"({first} {at_risk[lang]})"

    text = "\n".join(summary_texts(summary, lang))
    gap_line = next(x for x in text.splitlines() if "Kekurangan utama" in x or "Top gaps" in x)
    assert "(+" not in gap_line and said in gap_line
    at = datetime(2027, 6, 1, tzinfo=UTC)
    data = reports.WorkbookData(summary, [], generated_at=at, lang=lang)
    sheet = load_workbook(io.BytesIO(reports.build_workbook(data))).worksheets[0]
    top = str(sheet.cell(row=2, column=sheet.max_column).value)
    assert "(+" not in top and said in top
    page = [text for style, text in unit_page_lines(summary, unit, lang) if style == "gap"]
    assert page and all("(+" not in line and line.endswith(f" {at_risk[lang]})") for line in page)


def test_workbook_scores_read_as_skor_spells_them() -> None:
    """The workbook's scores had Excel's General format: a verified 5.10 read "5.1" and a
    total of 0.00 read "0" beside /skor's and /ringkasan's two decimals; its completion was
    52.9 where /skor, /ringkasan and the unit page say 52% (9 of 17, rounded down)."""
    summary = one_unit("ombudsman-2025", 9)
    asked = len(rubric.load_builtin("ombudsman-2025").asked_items())
    unit = summary.units[0]
    assert unit.score is not None and unit.percent == 100 * 9 // asked
    at = datetime(2027, 6, 1, tzinfo=UTC)
    book = load_workbook(
        io.BytesIO(reports.build_workbook(reports.WorkbookData(summary, [], generated_at=at)))
    )
    sheet = book["Ringkasan"]
    header = [c.value for c in sheet[1]]
    row = {name: sheet.cell(row=2, column=n) for n, name in enumerate(header, start=1)}
    assert row["Kelengkapan %"].value == unit.percent
    for name in ("Total", "Terverifikasi"):
        assert row[name].number_format == "0.00", name
    dimensions = book["Dimensi"]
    assert all(c.number_format == "0.00" for c in dimensions[2][1:] if c.value is not None)


def test_the_gaps_sheet_spells_points_as_every_other_place() -> None:
    """The Gaps sheet's points had Excel's General format: a gap worth 30.00 read "30" and
    1.50 read "1.5", where the summary sheet, /kekurangan and /ringkasan say 30.00 and 1.50.
    Its rows are spliced in (xlsx_rows), so they carry the summary's score style themselves."""
    summary = one_unit("ombudsman-2025", 9)
    at = datetime(2027, 6, 1, tzinfo=UTC)
    for lang, title, points in (("id", "Kekurangan", "Poin"), ("en", "Gaps", "Points")):
        data = reports.WorkbookData(summary, [], generated_at=at, lang=lang)
        book = load_workbook(io.BytesIO(reports.build_workbook(data)))
        sheet = book[title]
        column = [c.value for c in sheet[1]].index(points)
        cells = [row[column] for row in sheet.iter_rows(min_row=2)]
        assert len(cells) == len(summary.units[0].gaps) > 1
        assert all(isinstance(c.value, float | int) for c in cells)
        assert {c.number_format for c in cells} == {"0.00"}
        first = book.worksheets[0]
        total = first.cell(row=2, column=[c.value for c in first[1]].index("Total") + 1)
        assert total.number_format == "0.00"  # the summary's Total: the same format


def test_units_that_have_not_started_come_after_every_score() -> None:
    """/ringkasan, the digest and the workbook list units "highest score first"; a unit that
    has not started was sorted as a 0 by name, so "Belum mulai" stood between scored units."""
    the_rubric = rubric.load_builtin("ombudsman-2025")
    worst = {item.id: item.options[-1].id for item in the_rubric.asked_items()[:3]}
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)

    def unit(n: int, name: str, answers: dict[str, str]) -> UnitSnapshot:
        return UnitSnapshot(
            Unit(n, 1, name, "Kota Metro", "Asia/Jakarta"), cycle, n, AnswerSet(answers=answers),
            0, None,
        )  # fmt: skip

    snapshot = RegionSnapshot(
        region, (unit(1, "Puskesmas Yosodadi", worst), unit(2, "Puskesmas Iringmulyo", {}))
    )
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    assert [u.unit.name for u in summary.units] == ["Puskesmas Yosodadi", "Puskesmas Iringmulyo"]
    text = "\n".join(summary_texts(summary, "id"))
    assert text.index("Puskesmas Yosodadi") < text.index("Puskesmas Iringmulyo</b> — belum mulai")


def test_the_charts_draw_the_texts_order_from_the_bottom_tied_units_too() -> None:
    """The charts put who needs help most on top, so they read from the bottom up as the text
    reads down ("highest score first"). The score chart sorted the bars itself, and tied
    units stood the text's way round from the top: read upwards, /ringkasan's 2. Alpha and
    3. Bapenda (both 2.59) were Bapenda, then Alpha. Both charts now draw the summary's one
    order, reversed: the text's last unit on top, its first at the bottom."""
    from matplotlib.text import Text

    the_rubric = rubric.load_builtin("pekppp-2025")
    asked = the_rubric.asked_items()
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)

    def unit(n: int, name: str, answered: int) -> UnitSnapshot:
        answers = {item.id: item.options[0].id for item in asked[:answered]}
        return UnitSnapshot(
            Unit(n, 1, name, "Kota Metro", "Asia/Jakarta"), cycle, n, AnswerSet(answers=answers),
            0, None,
        )  # fmt: skip

    snapshot = RegionSnapshot(region, (
        unit(1, "Dukcapil", len(asked)), unit(2, "Bapenda", 20), unit(3, "Alpha Samsat", 20),
        unit(4, "Kecamatan Pusat", 2), unit(5, "Kecamatan Barat", 2), unit(6, "Iringmulyo", 0),
    ))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    text = [u.unit.name for u in summary.units]
    assert text == ["Dukcapil", "Alpha Samsat", "Bapenda", "Kecamatan Barat", "Kecamatan Pusat",
                    "Iringmulyo"]  # fmt: skip
    upwards = text[::-1]
    bars = reports.score_bars(summary)
    assert [b.label for b in bars] == upwards
    assert [r.label for r in reports.heat_rows(summary)] == upwards
    fig = charts.score_figure("t", bars, the_rubric.categories, the_rubric.scale_max)
    ax = fig.axes[0]
    labels = {t.get_text(): t.get_position()[1] for t in ax.findobj(Text) if t.get_text() in text}
    assert ax.yaxis_inverted()  # y grows downwards: row 0 is the top
    assert sorted(labels, key=labels.__getitem__) == upwards


def test_the_heat_map_shows_the_scored_dimensions_only() -> None:
    """F-02's Informasi Tambahan weighs 0: /skor, the unit page and the workbook leave it
    out, but the heat map drew it as a column of dashes beside the six aspects."""
    the_rubric = rubric.load_builtin("pekppp-2025")
    summary = one_unit("pekppp-2025", 5)
    scored = [d.title.get("id") for d in the_rubric.dimensions if d.weight > 0]
    assert len(scored) == 6 and len(the_rubric.dimensions) == 7
    assert reports.heat_columns(summary, "id") == scored
    (row,) = reports.heat_rows(summary)
    assert len(row.shares) == 6 and None not in row.shares


def test_the_dimension_column_holds_the_longest_title() -> None:
    """The Answers and Gaps sheets' Dimension column was 16 wide: beside the item id,
    "Sistem Informasi Pelayanan Publik" printed as "Sistem Informasi Pel"."""
    the_rubric = rubric.load_builtin("pekppp-2025")
    longest = max(len(d.title.get("id")) for d in the_rubric.dimensions)
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    snapshot = RegionSnapshot(region, (UnitSnapshot(
        Unit(1, 1, "Dukcapil", "Kota Metro", "Asia/Jakarta"), cycle, 1, AnswerSet(), 0, None,
    ),))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    at = datetime(2027, 6, 1, tzinfo=UTC)
    book = load_workbook(
        io.BytesIO(reports.build_workbook(reports.WorkbookData(summary, [], generated_at=at)))
    )
    for name in ("Jawaban", "Kekurangan"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        letter = chr(ord("A") + header.index("Dimensi"))
        assert sheet.column_dimensions[letter].width >= longest, name


def test_items_most_units_miss_are_counted_among_units_that_have_started() -> None:
    """A unit that has not started misses every item: counted, it made "7/7 unit" of five
    arbitrary items in a region where no one had started, and diluted every count after."""
    the_rubric = rubric.load_builtin("ombudsman-2025")
    items = the_rubric.asked_items()
    best = {item.id: item.options[0].id for item in items}
    region = Region(1, "Kota Metro", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)

    def unit(n: int, answers: dict[str, str]) -> UnitSnapshot:
        return UnitSnapshot(
            Unit(n, 1, f"Unit {n}", "Kota Metro", "Asia/Jakarta"), cycle, n,
            AnswerSet(answers=answers), 0, None,
        )  # fmt: skip

    now = datetime(2027, 6, 1, tzinfo=UTC)
    idle = reports.summarize(
        RegionSnapshot(region, tuple(unit(n, {}) for n in range(1, 6))), lambda _: the_rubric, now
    )
    assert idle.common_gaps == ()
    assert "Butir yang paling banyak" not in "\n".join(summary_texts(idle, "id"))
    missing = items[0].id  # the one item both started units leave out
    started = {k: v for k, v in best.items() if k != missing}
    mixed = reports.summarize(
        RegionSnapshot(region, (unit(1, started), unit(2, started), unit(3, {}), unit(4, {}))),
        lambda _: the_rubric,
        now,
    )
    first = mixed.common_gaps[0]
    assert (first.units, first.of) == (2, 2)
    text = "\n".join(summary_texts(mixed, "id"))
    assert "— 2 dari 2 unit yang sudah mulai" in text and "/4 unit" not in text


def test_chart_rows_tell_long_named_units_of_a_region_apart() -> None:
    """A chart row shows a name on two lines of 30 characters: every "UPTD Puskesmas Rawat
    Inap Kecamatan Tanjung Karang … Kota Bandar Lampung" read the same. Such a name leaves
    its region's name (the chart's title says it) before it is cut; a name that fits stays."""
    from bot import charts

    the_rubric = rubric.load_builtin("ombudsman-2025")
    first = the_rubric.asked_items()[0]
    region = Region(1, "Kota Bandar Lampung", "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2027, date(2027, 5, 3), date(2027, 9, 30), None, OPENED)
    names = [
        "UPTD Puskesmas Rawat Inap Kecamatan Tanjung Karang Barat Kota Bandar Lampung",
        "UPTD Puskesmas Rawat Inap Kecamatan Tanjung Karang Timur Kota Bandar Lampung",
        "Dinas Sosial Kota Bandar Lampung",
    ]
    snapshot = RegionSnapshot(region, tuple(
        UnitSnapshot(Unit(n, 1, name, region.name, "Asia/Jakarta"), cycle, n,
                     AnswerSet(answers={first.id: first.options[0].id}), 0, None)
        for n, name in enumerate(names, start=1)
    ))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, datetime(2027, 6, 1, tzinfo=UTC))
    for rows in (reports.score_bars(summary), reports.heat_rows(summary)):
        drawn = {charts.drawn_label(row.label) for row in rows}
        assert len(drawn) == len(names), drawn
        assert "Dinas Sosial Kota Bandar Lampung" in {row.label for row in rows}


def test_a_file_outside_the_rubric_goes_to_a_folder_in_the_readers_language() -> None:
    """Its folder was "0. lainnya" in an English reader's pack too."""
    from bot.store import EvidenceFile, EvidenceRow
    from bot.store.reporting import EvidenceLine

    file = EvidenceFile("f", "u", "photo")
    row = EvidenceRow(1, 1, "gone-item", file, 7, datetime(2027, 1, 1, tzinfo=UTC))
    line = EvidenceLine(row=row, unit="Dukcapil", item_id="gone-item", product=None, by_name="A")
    the_rubric = rubric.load_builtin("ombudsman-2025")
    assert reports.plan_pack([line], the_rubric, "en")[0].folder == "0. other/gone-item"
    assert reports.plan_pack([line], the_rubric, "id")[0].folder == "0. lainnya/gone-item"


async def test_a_history_of_one_answer_is_said_in_the_singular(seeded: Seeded) -> None:
    """The Notes sheet of a workbook whose history holds one answer read "1 answers"."""
    import dataclasses

    await answer_some(seeded)
    for lang, one in (("en", "History: 1 answer,"), ("id", "Riwayat: 1 jawaban,")):
        _, data = await reports.workbook_for(seeded.store, seeded.metro, now_of(seeded), lang=lang)
        data = dataclasses.replace(data, history=data.history[:1])
        book = load_workbook(io.BytesIO(reports.build_workbook(data)))
        notes = [r[0] for r in book[book.sheetnames[-1]].iter_rows(values_only=True)]
        assert any(n and n.startswith(one) for n in notes), notes
