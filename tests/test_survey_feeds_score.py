"""The citizens' survey feeds the Opini Ombudsman: public trust and the users' perception of
maladministration are scored from the unit's own survey (issue 13 with the 2025 rubric)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.selfcheck import Results, SelfCheckService
from bot.store import Newcomer, Store, UnitRow
from bot.survey import SurveyService, rubric_measures
from bot.survey.questions import MALADMINISTRATION, TRUST
from rubric import MeasureValue
from tests.survey_helpers import ALL_BEST, answer_all

NOW = datetime(2027, 2, 1, 3, 0, tzinfo=UTC)
OFFICER = 501


@pytest.fixture
async def world(
    database: Path | str,
) -> AsyncIterator[tuple[Store, SurveyService, SelfCheckService]]:
    store = await Store.open(database, clock=lambda: NOW)  # both stores (conftest.py)
    await store.import_units([UnitRow(region="Kota Metro", unit="Dinas Sosial", line=1)])
    unit = await store.resolve_unit("Dinas Sosial")
    await store.open_cycle("ombudsman-2025", date(2027, 5, 3), date(2027, 9, 30))
    invite = await store.create_invite("officer", unit_id=unit.id, uses=1, days=7)
    await store.join(invite.code, Newcomer(OFFICER, "Sari"))
    survey = SurveyService(store, b"test secret")
    try:
        yield store, survey, SelfCheckService(store, survey.rubric_measures)
    finally:
        await store.close()


async def _score(store: Store, selfchecks: SelfCheckService) -> Results:
    person = await store.person(OFFICER)
    assert person is not None
    found = await selfchecks.results(person)
    assert isinstance(found, Results)
    return found


async def test_thirty_trusting_respondents_add_the_public_trust_points(
    world: tuple[Store, SurveyService, SelfCheckService],
) -> None:
    store, survey, selfchecks = world
    unit = await store.resolve_unit("Dinas Sosial")
    code = await store.survey_code(unit.id)
    before = await _score(store, selfchecks)
    for respondent in range(29):
        await answer_all(survey, 10_000 + respondent, code, ALL_BEST)
    short = await _score(store, selfchecks)
    # 29 responses: below the rubric's minimum of 30, the survey items still count 0.
    assert short.report.score.total == before.report.score.total
    missing = {g.measure for g in short.report.gaps}
    assert missing >= {"survey.kepercayaan", "survey.maladministrasi"}

    await answer_all(survey, 10_029, code, ALL_BEST)
    measures = rubric_measures(await survey.results(unit.id))
    assert measures == await survey.rubric_measures(unit.id)
    assert measures["survey.kepercayaan"].value == 4.0  # everyone "sangat percaya"
    assert measures["survey.maladministrasi"].value == 0.0  # nobody met maladministration
    assert measures["survey.kepercayaan"].responses == 30
    after = await _score(store, selfchecks)
    # Public trust is 30 of the Opini's 100 points; the perception items add to Proses.
    assert after.report.score.total >= before.report.score.total + 30
    assert "survey.kepercayaan" not in {g.measure for g in after.report.gaps}


async def test_a_distrustful_public_scores_lower_than_a_trusting_one(
    world: tuple[Store, SurveyService, SelfCheckService],
) -> None:
    store, survey, selfchecks = world
    unit = await store.resolve_unit("Dinas Sosial")
    code = await store.survey_code(unit.id)
    worst = {**ALL_BEST, TRUST: 4, **{q: 2 for q in MALADMINISTRATION}}
    for respondent in range(30):
        await answer_all(survey, 20_000 + respondent, code, worst)
    measures = await survey.rubric_measures(unit.id)
    assert measures["survey.kepercayaan"].value == 1.0
    assert measures["survey.maladministrasi"].value == 1.0  # everyone met all seven
    distrusted = await _score(store, selfchecks)
    trusting = SelfCheckService(store, _best)
    assert (await _score(store, trusting)).report.score.total > distrusted.report.score.total


async def _best(_unit: int) -> dict[str, MeasureValue]:
    return {
        "survey.kepercayaan": MeasureValue(value=4.0, responses=30),
        "survey.maladministrasi": MeasureValue(value=0.0, responses=30),
    }
