"""The citizens' survey feeds the Opini Ombudsman: public trust and the users' perception of
maladministration are scored from the unit's own survey (issue 13 with the 2025 rubric)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.reports import region_summary
from bot.selfcheck import Results, SelfCheckService
from bot.store import Cycle, Newcomer, Store, UnitRow
from bot.survey import SurveyService, rubric_measures
from bot.survey.questions import MALADMINISTRATION, TRUST
from rubric import MeasureValue
from tests.survey_helpers import ALL_BEST, answer_all

NOW = datetime(2027, 2, 1, 3, 0, tzinfo=UTC)
OFFICER = 501
CLOCK = [NOW]
"""What the store reads as now: a test may move it (reset by the fixture)."""


@pytest.fixture
async def world(
    database: Path | str,
) -> AsyncIterator[tuple[Store, SurveyService, SelfCheckService]]:
    store, survey, selfchecks = await opened(database, NOW, (date(2027, 5, 3), date(2027, 9, 30)))
    try:
        yield store, survey, selfchecks
    finally:
        await store.close()


async def opened(
    database: Path | str, now: datetime, window: tuple[date, date]
) -> tuple[Store, SurveyService, SelfCheckService]:
    """A store (both kinds, conftest.py) at `now` with Dinas Sosial, an ombudsman-2025 cycle
    over `window` and its officer; the survey and the self-check services over it."""
    CLOCK[:] = [now]
    store = await Store.open(database, clock=lambda: CLOCK[0])
    await store.import_units([UnitRow(region="Kota Metro", unit="Dinas Sosial", line=1)])
    unit = await store.resolve_unit("Dinas Sosial")
    await store.open_cycle("ombudsman-2025", *window)
    invite = await store.create_invite("officer", unit_id=unit.id, uses=1, days=7)
    await store.join(invite.code, Newcomer(OFFICER, "Sari"))
    survey = SurveyService(store, b"test secret")
    return store, survey, SelfCheckService(store, survey.cycle_measures)


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
    assert measures == await survey.cycle_measures(
        unit.id, (await _score(store, selfchecks)).selfcheck.cycle
    )
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
    measures = await survey.cycle_measures(
        unit.id, (await _score(store, selfchecks)).selfcheck.cycle
    )
    assert measures["survey.kepercayaan"].value == 1.0
    assert measures["survey.maladministrasi"].value == 1.0  # everyone met all seven
    distrusted = await _score(store, selfchecks)
    trusting = SelfCheckService(store, _best)
    assert (await _score(store, trusting)).report.score.total > distrusted.report.score.total


async def test_every_view_of_the_region_scores_the_survey_as_skor_does(
    world: tuple[Store, SurveyService, SelfCheckService],
) -> None:
    """/ringkasan, both workbooks, the Monday digest and the unit page read the region's
    summary: it counted no survey, so a unit with public trust 26.67 of 30 in /skor was D
    there (the outside test of stop 22)."""
    store, survey, selfchecks = world
    unit = await store.resolve_unit("Dinas Sosial")
    code = await store.survey_code(unit.id)
    for respondent in range(30):
        await answer_all(survey, 30_000 + respondent, code, ALL_BEST)
    skor = (await _score(store, selfchecks)).report
    for only in (None, unit.id):  # the coordinator's region, the officer's own workbook
        summary = await region_summary(store, unit.region_id, NOW, unit_id=only)
        (shown,) = [u for u in summary.units if u.unit.id == unit.id]
        assert shown.score is not None and shown.verified is not None
        assert shown.score.total == skor.score.total >= 30
        assert shown.score.category == skor.score.category
        assert shown.verified.total == skor.verified.total
        assert "survey.kepercayaan" not in {g.measure for g in shown.gaps}


async def test_the_cycles_year_of_responses_feeds_it_across_the_semesters_end(
    world: tuple[Store, SurveyService, SelfCheckService],
) -> None:
    """Thirty responses in April still count on 1 July, in the middle of a May-September
    window (with the semester the points fell away overnight); last year's do not."""
    store, survey, selfchecks = world
    unit = await store.resolve_unit("Dinas Sosial")
    code = await store.survey_code(unit.id)
    CLOCK[0] = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    for respondent in range(30):
        await answer_all(survey, 40_000 + respondent, code, ALL_BEST)
    CLOCK[0] = datetime(2027, 4, 20, 3, 0, tzinfo=UTC)
    before = (await _score(store, selfchecks)).report.score.total  # 2026's do not count
    assert "survey.kepercayaan" in {
        g.measure for g in (await _score(store, selfchecks)).report.gaps
    }
    for respondent in range(30):
        await answer_all(survey, 50_000 + respondent, code, ALL_BEST)
    april = (await _score(store, selfchecks)).report.score.total
    assert april >= before + 30
    CLOCK[0] = datetime(2027, 6, 30, 16, 59, tzinfo=UTC)  # 23:59 in Kota Metro (WIB)
    assert (await _score(store, selfchecks)).report.score.total == april
    CLOCK[0] = datetime(2027, 6, 30, 17, 0, tzinfo=UTC)  # 1 July, 00:00 WIB
    assert (await _score(store, selfchecks)).report.score.total == april
    summary = await region_summary(store, unit.region_id, CLOCK[0])
    assert summary.units[0].score is not None and summary.units[0].score.total == april


async def _best(_unit: int, _cycle: Cycle) -> dict[str, MeasureValue]:
    return {
        "survey.kepercayaan": MeasureValue(value=4.0, responses=30),
        "survey.maladministrasi": MeasureValue(value=0.0, responses=30),
    }


async def test_a_january_window_counts_what_citizens_said_in_december(database: Path | str) -> None:
    """A window opening in January: a unit preparing runs its survey in December. Those 30
    responses fed nothing (the cycle read the calendar year of its opening): /skor said "30
    more needed" while /survei showed them. The cycle reads the year up to its closing
    semester; a window in the second half still reads its own calendar year only."""
    december = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    window = (date(2027, 1, 11), date(2027, 3, 31))
    store, survey, selfchecks = await opened(database, december, window)
    try:
        unit = await store.resolve_unit("Dinas Sosial")
        code = await store.survey_code(unit.id)
        for respondent in range(30):
            await answer_all(survey, 40_000 + respondent, code, ALL_BEST)
        assert (await survey.results(unit.id)).period == "2026-S2"
        for moment in (CLOCK[0], datetime(2027, 1, 12, 3, 0, tzinfo=UTC)):  # before, in it
            CLOCK[:] = [moment]
            found = await _score(store, selfchecks)
            counted = {m.id: m.counted for m in found.report.score.measures}
            assert counted == {"survey.maladministrasi": True, "survey.kepercayaan": True}
            assert found.report.score.total >= 30
            summary = await region_summary(store, unit.region_id, moment)
            (shown,) = summary.units
            assert shown.score is not None and shown.score.total == found.report.score.total
        # A window in the second half reads its calendar year: the December survey of 2026
        # is not counted again for a 2027 window from May to September.
        later = Cycle(9, "ombudsman-2025", 2027, date(2027, 5, 3), date(2027, 9, 30), None, NOW)
        assert await survey.cycle_measures(unit.id, later) == {}
    finally:
        await store.close()
