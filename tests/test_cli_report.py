"""`siapnilai report REGION -o FILE.xlsx`: the same workbook as /unduh, from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot import cli, cli_report, reports
from bot.store import KeyWrite, Newcomer, Store, UnitRow
from tests.clocks import fixed

ROOT_PARSER = cli.build_parser


def build_parser() -> argparse.ArgumentParser:
    """bot.cli's parser, with `report` registered if the root does not register it yet."""
    parser = ROOT_PARSER()
    verbs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "report" not in verbs.choices:
        cli_report.register(verbs)
    return parser


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(cli, "build_parser", build_parser)
    return lambda argv: cli.main(argv, clock=fixed())


@pytest.fixture
async def database(tmp_path: Path) -> Path:
    path = tmp_path / "siapnilai.db"
    store = await Store.open(path, clock=fixed())
    try:
        await store.import_units(
            [
                UnitRow("Kota Metro", "Dukcapil Kota Metro", "Asia/Jakarta", ("KTP-el",)),
                UnitRow("Kota Metro", "Dinas Sosial Kota Metro", "Asia/Jakarta", ("SKTM",)),
                UnitRow("Kota Makassar", "Samsat Makassar", "Asia/Makassar", ("PKB",)),
            ]
        )
        await store.open_cycle("pekppp-2024", date(2027, 5, 3), date(2027, 9, 30))
    finally:
        await store.close()
    return path


def test_report_writes_the_region_workbook(
    run: Any, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "metro.xlsx"
    assert run(["report", "Kota Metro", "-o", str(out), "--database", str(database), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {"path": str(out), "units": 2, "bytes": out.stat().st_size}
    book = load_workbook(out)
    rows = list(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == ["Dinas Sosial Kota Metro", "Dukcapil Kota Metro"]
    assert "Kota Metro" in (book["Ringkasan"].oddHeader.left.text or "")
    assert book["Ringkasan"].freeze_panes == "B2"


def test_report_by_id_in_english(run: Any, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    args = ["report", "2", "-o", str(out), "--database", str(database), "--lang", "en"]
    assert run(args) == 0
    book = load_workbook(out)
    # Nothing was ever re-answered: no History sheet repeating the Answers sheet.
    assert book.sheetnames == ["Summary", "Dimensions", "Answers", "Gaps", "Items", "Notes"]
    assert [r[0] for r in book["Summary"].iter_rows(min_row=2, values_only=True)] == [
        "Samsat Makassar"
    ]


def test_unknown_region_is_a_one_line_error(
    run: Any, database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    assert run(["report", "Atlantis", "-o", str(out), "--database", str(database)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Atlantis" in err
    assert not out.exists()


def test_a_region_with_no_cycle_is_a_one_line_error(
    run: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No workbook whose notes list sheets it does not hold, as /unduh says it in chat."""

    async def units_only(path: Path) -> None:
        store = await Store.open(path, clock=fixed())
        try:
            await store.import_units([UnitRow("Kab Kosong", "Dinas Sosial", "Asia/Jakarta")])
        finally:
            await store.close()

    database = tmp_path / "empty.db"
    asyncio.run(units_only(database))
    out = tmp_path / "x.xlsx"
    assert run(["report", "Kab Kosong", "-o", str(out), "--database", str(database)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "siapnilai: error: no cycle for Kab Kosong yet: open one with `siapnilai cycle open`\n"
    )
    assert not out.exists()


def test_output_must_be_xlsx(run: Any, database: Path, tmp_path: Path) -> None:
    assert (
        run(["report", "Kota Metro", "-o", str(tmp_path / "x.csv"), "--database", str(database)])
        == 2
    )


@pytest.fixture
async def answered(database: Path) -> Path:
    """The database with one key of Dukcapil Kota Metro answered twice (a history row)."""
    store = await Store.open(database, clock=fixed())
    try:
        unit = await store.resolve_unit("Dukcapil Kota Metro")
        invite = await store.create_invite("officer", unit_id=unit.id, uses=1, days=1)
        officer = await store.join(invite.code, Newcomer(301, "Officer", "id"))
        selfcheck = await store.current_selfcheck(officer)
        assert selfcheck is not None
        item = next(i for i in store.rubric("pekppp-2024").items if i.scope == "unit")
        first, second = item.options[0].id, item.options[1].id
        await store.record_answer(KeyWrite(officer, selfcheck.id, item.id), first)
        await store.record_answer(KeyWrite(officer, selfcheck.id, item.id), second, note="=1+1")
    finally:
        await store.close()
    return database


def test_history_follows_the_limit_unless_asked(
    run: Any, answered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports.workbook, "HISTORY_LIMIT", 1)
    base = ["report", "Kota Metro", "--database", str(answered), "--lang", "en", "-o"]
    assert run([*base, str(tmp_path / "default.xlsx")]) == 0
    book = load_workbook(tmp_path / "default.xlsx")
    assert book.sheetnames == ["Summary", "Dimensions", "Answers", "Gaps", "Items", "Notes"]
    notes = " ".join(r[0] for r in book["Notes"].iter_rows(values_only=True))
    assert "History left out: 2 answers (more than 1)" in notes
    assert [r[6] for r in book["Answers"].iter_rows(min_row=2, values_only=True)] == ["=1+1"]

    assert run([*base, str(tmp_path / "full.xlsx"), "--history"]) == 0
    book = load_workbook(tmp_path / "full.xlsx")
    assert book.sheetnames == [
        "Summary", "Dimensions", "Answers", "Gaps", "Items", "History", "Notes"
    ]  # fmt: skip
    assert len(list(book["History"].iter_rows(min_row=2))) == 2

    monkeypatch.setattr(reports.workbook, "HISTORY_LIMIT", 100)
    assert run([*base, str(tmp_path / "none.xlsx"), "--no-history"]) == 0
    assert "History" not in load_workbook(tmp_path / "none.xlsx").sheetnames


def test_pages_writes_one_printable_page_per_unit(
    run: Any, answered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, pages = tmp_path / "metro.xlsx", tmp_path / "metro.pdf"
    args = ["report", "Kota Metro", "-o", str(out), "--pages", str(pages), "--json"]
    assert run([*args, "--database", str(answered)]) == 0
    assert json.loads(capsys.readouterr().out)["pages"] == str(pages)
    data = pages.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 2  # one page per unit of the region
    bad = ["report", "Kota Metro", "-o", str(out), "--pages", str(tmp_path / "x.png")]
    assert run([*bad, "--database", str(answered)]) == 2


async def test_unit_page_says_score_verified_gaps_or_not_started(answered: Path) -> None:
    from bot import reports
    from bot.reports.unit_pages import unit_page_lines

    store = await Store.open(answered, clock=fixed())
    try:
        region = await store.resolve_region("Kota Metro")
        summary = await reports.region_summary(store, region.id, fixed()())
    finally:
        await store.close()
    pages = {u.unit.name: unit_page_lines(summary, u, "id") for u in summary.units}
    started = pages["Dukcapil Kota Metro"]
    assert started[0] == ("title", "Dukcapil Kota Metro")
    assert any(text.startswith("Skor sementara:") for _, text in started)
    assert any(text.startswith("Terverifikasi oleh koordinator:") for _, text in started)
    assert sum(1 for style, _ in started if style == "gap") == 5
    assert pages["Dinas Sosial Kota Metro"][-1] == ("head", texts_not_started())


def texts_not_started() -> str:
    from bot.texts import plain

    return plain("pdf.not_started", "id")
