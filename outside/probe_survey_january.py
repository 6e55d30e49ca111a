"""A cycle whose window opens in early January: the unit runs its survey in December while
preparing. Do the December responses feed the cycle's public-trust points in /skor?"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.selfcheck import Results, SelfCheckService
from bot.store import Newcomer, Store, UnitRow
from bot.survey import SurveyService
from tests.survey_helpers import ALL_BEST, answer_all

CLOCK = [datetime(2026, 12, 1, 3, 0, tzinfo=UTC)]


async def test_probe(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite", clock=lambda: CLOCK[0])
    await store.import_units([UnitRow(region="Kota Metro", unit="Dinas Sosial", line=1)])
    unit = await store.resolve_unit("Dinas Sosial")
    await store.open_cycle("ombudsman-2025", date(2027, 1, 11), date(2027, 3, 31))
    invite = await store.create_invite("officer", unit_id=unit.id, uses=1, days=7)
    await store.join(invite.code, Newcomer(501, "Sari"))
    survey = SurveyService(store, b"secret")
    selfchecks = SelfCheckService(store, survey.cycle_measures)
    code = await store.survey_code(unit.id)
    for respondent in range(35):
        await answer_all(survey, 20_000 + respondent, code, ALL_BEST)
    person = await store.person(501)
    assert person is not None
    found = await selfchecks.results(person)
    assert isinstance(found, Results)
    print("\n/survei results (current semester):", (await survey.results(unit.id)).to_json())
    print("/skor measures:", found.report.score.measures)
    print("total", found.report.score.total)
    CLOCK[0] = datetime(2027, 1, 12, 3, 0, tzinfo=UTC)
    found = await selfchecks.results(person)
    assert isinstance(found, Results)
    print("in the window:", found.report.score.measures, found.report.score.total)
    await store.close()
