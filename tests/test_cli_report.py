"""`siapnilai report REGION -o FILE.xlsx`: the same workbook as /unduh, from the command line."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot import cli, cli_report
from bot.store import Store, UnitRow

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
    return cli.main


@pytest.fixture
async def database(tmp_path: Path) -> Path:
    path = tmp_path / "siapnilai.db"
    store = await Store.open(path)
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
    assert sorted(r[1] for r in rows) == ["Dinas Sosial Kota Metro", "Dukcapil Kota Metro"]
    assert {r[2] for r in rows} == {"pekppp-2024"}
    assert book["Ringkasan"].freeze_panes == "C2"


def test_report_by_id_in_english(run: Any, database: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    args = ["report", "2", "-o", str(out), "--database", str(database), "--lang", "en"]
    assert run(args) == 0
    book = load_workbook(out)
    # Nothing was ever re-answered: no History sheet repeating the Answers sheet.
    assert book.sheetnames == ["Summary", "Answers", "Gaps"]
    assert [r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)] == [
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


def test_output_must_be_xlsx(run: Any, database: Path, tmp_path: Path) -> None:
    assert (
        run(["report", "Kota Metro", "-o", str(tmp_path / "x.csv"), "--database", str(database)])
        == 2
    )
