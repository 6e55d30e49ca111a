"""`siapnilai survey results --json` through the real CLI with an injected clock: the JSON's
shape as SPEC names it, IKM near a band edge, and the semester boundary in WIT (the last
second of June and the first of July, unit time)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Store, UnitRow
from bot.survey import SurveyService
from bot.survey.questions import QUESTIONS, SKM_ELEMENTS
from tests.survey_helpers import answer_all

CLOCK = [datetime(2027, 6, 30, 14, 59, 59, tzinfo=UTC)]  # 23:59:59 WIT on 30 June


async def seed(db: Path) -> None:
    store = await Store.open(db, clock=lambda: CLOCK[0])
    try:
        await store.import_units(
            [
                UnitRow(
                    region="Kota Jayapura",
                    unit="Puskesmas Hamadi",
                    timezone="Asia/Jayapura",
                    line=1,
                )
            ]
        )
        unit = await store.resolve_unit("Puskesmas Hamadi")
        survey = SurveyService(store, b"s")
        code = await store.survey_code(unit.id)
        # 5 respondents: elements answered 4,4,4,4,3 ... chosen to land close to 88.31
        opts = {q.id: 1 for q in QUESTIONS if q.options}
        for n in range(5):
            mixed = dict(opts)
            for i, element in enumerate(SKM_ELEMENTS):
                if (n * 9 + i) % 7 == 0:
                    mixed[element] = 2  # second option: value 3
            await answer_all(survey, 70_000 + n, code, mixed)
        CLOCK[0] = datetime(2027, 6, 30, 15, 0, 0, tzinfo=UTC)  # 00:00 WIT on 1 July
        await answer_all(survey, 80_000, code, opts)
    finally:
        await store.close()


def test_probe(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    import asyncio

    db = tmp_path / "s.db"
    asyncio.run(seed(db))
    monkeypatch.setenv("SIAPNILAI_DATABASE", str(db))
    shown: list[str] = []
    for period in ("2027-S1", "2027-S2", "2027"):
        code = main(
            ["survey", "results", "Puskesmas Hamadi", "--period", period, "--json"],
            clock=lambda: CLOCK[0],
        )
        out = capsys.readouterr()
        shown.append(f"\n{period} exit={code}\n{out.out}{out.err}")
        if code == 0:
            shown.append(str(list(json.loads(out.out))))
    code = main(["survey", "results", "Puskesmas Hamadi"], clock=lambda: CLOCK[0])
    out = capsys.readouterr()
    shown.append(f"\ntext exit={code}\n{out.out}{out.err}")
    code = main(
        ["survey", "results", "Puskesmas Hamadi", "--period", "2027-S3"], clock=lambda: CLOCK[0]
    )
    out = capsys.readouterr()
    shown.append(f"\nbad period exit={code}\n{out.out}{out.err}")
    import sys

    sys.__stdout__.write("\n".join(shown))
