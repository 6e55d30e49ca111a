"""The survey service over a real store: periods, drafts that expire, duplicates, results
and the measures the rubric engine consumes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from bot.refused import Refused
from bot.store import Store, UnitRow
from bot.survey import (
    AlreadyAnswered,
    Ask,
    Cancelled,
    Choose,
    Done,
    NotWaiting,
    SurveyService,
    measures,
    parse_period,
    region_results,
    semester,
)
from bot.survey.questions import MALADMINISTRATION, SKM_ELEMENTS, TRUST
from bot.survey.service import workbook_rows
from tests.survey_helpers import ALL_BEST, answer_all

START = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)  # 17:00 in Jakarta, the last day of S1


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def world(database: Path | str) -> AsyncIterator[tuple[Store, Clock, SurveyService, str]]:
    clock = Clock()
    store = await Store.open(database, clock=clock)  # both stores (conftest.py)
    await store.import_units(
        [
            UnitRow(region="Kota Metro", unit="Dinas Sosial", line=1),
            UnitRow(region="Kota Jayapura", unit="Puskesmas Hamadi", timezone="WIT", line=2),
        ]
    )
    unit = await store.resolve_unit("Dinas Sosial")
    service = SurveyService(store, b"test secret")
    try:
        yield store, clock, service, await store.survey_code(unit.id)
    finally:
        await store.close()


def test_semesters_follow_the_units_zone() -> None:
    evening = datetime(2026, 6, 30, 16, 30, tzinfo=UTC)  # 23:30 WIB, 01:30 WIT on 1 July
    assert semester(evening, "Asia/Jakarta") == "2026-S1"
    assert semester(evening, "Asia/Jayapura") == "2026-S2"
    assert semester(datetime(2027, 1, 1, tzinfo=UTC), "Asia/Jakarta") == "2027-S1"
    assert [parse_period(p) for p in ("2027", "2027-s2", " 2027-S1 ")] == [
        "2027",
        "2027-S2",
        "2027-S1",
    ]
    for bad in ("27", "2027-S3", "2027-1", "S1", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


async def test_code_is_stable_and_long(world: tuple[Store, Clock, SurveyService, str]) -> None:
    store, _, service, code = world
    unit = await store.resolve_unit("Dinas Sosial")
    assert await store.survey_code(unit.id) == code
    assert len(code) == 22 and all(c.isalnum() or c in "-_" for c in code)
    _, same, link = await service.link(unit.id, "SiapNilaiBot")
    assert same == code and link == f"https://t.me/SiapNilaiBot?start=s-{code}"
    assert isinstance(await service.open(1, "nope", "id"), Refused)


async def test_a_draft_resumes_for_a_day_then_is_forgotten(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    store, clock, service, code = world
    stopped = await answer_all(service, 7, code, stop_after=4)
    assert isinstance(stopped, Ask) and stopped.draft.step == 4
    clock.now += timedelta(hours=23)
    again = await service.open(7, code, "id")
    assert isinstance(again, Ask) and again.resumed and again.draft.step == 4
    clock.now += timedelta(hours=23, minutes=59)
    # Forgotten: a press on its question says the survey is gone, not "answer the one below".
    assert await service.answer(7, stopped.draft.token, 4, 1, None) == Refused("gone")
    fresh = await service.open(7, code, "id")
    assert isinstance(fresh, Ask) and not fresh.resumed and fresh.draft.step == 0
    assert fresh.draft.token != stopped.draft.token
    stale = await service.answer(7, stopped.draft.token, 4, 1, None)
    assert stale == Refused("stale")
    assert (await service.results((await store.resolve_unit("Dinas Sosial")).id)).responses == 0


async def test_one_response_per_person_unit_and_semester(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    store, clock, service, code = world
    unit = await store.resolve_unit("Dinas Sosial")
    assert await answer_all(service, 7, code, ALL_BEST) == Done(True, "id", 1)
    assert await service.open(7, code, "id") == AlreadyAnswered("Dinas Sosial", "2026-S1")
    # A draft that reaches the end after the same person was counted (two devices, or a
    # race) is thanked and stores nothing.
    stopped = await answer_all(service, 8, code, ALL_BEST, stop_after=21)
    assert isinstance(stopped, Ask)
    voter = await service._hash("voter", 8, unit.id, "2026-S1")
    await store._run_write(
        lambda db: db.execute(
            "INSERT INTO survey_voters (unit_id, period, voter) VALUES (?, ?, ?)",
            (unit.id, "2026-S1", voter),
        )
    )
    done = await service.answer(8, stopped.draft.token, 21, 0, None)
    assert isinstance(done, Done) and not done.counted
    assert (await service.results(unit.id)).responses == 1
    # The next semester is a new period.
    clock.now += timedelta(days=1)
    assert isinstance(await answer_all(service, 7, code, ALL_BEST), Done)
    assert (await service.results(unit.id)).responses == 1  # 2026-S2
    assert (await service.results(unit.id, "2026")).responses == 2
    assert (await service.results(unit.id, "2026-S1")).responses == 1


async def test_an_upgrade_from_a_blank_secret_keeps_its_respondents_counted(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """Releases before 2026-12 keyed the hashes with the empty string when
    SIAPNILAI_SURVEY_SECRET was left blank (as .env.example had it); blank now means unset.
    A database that holds hashes and no kept key keeps the empty one: with a new random key
    a citizen who answered before the upgrade answered, and was counted, again. A database
    with no hash yet gets a random key."""
    store, _, _, code = world
    unit = await store.resolve_unit("Dinas Sosial")
    before = SurveyService(store, b"")  # the earlier release: SecretStr("") -> key b""
    assert isinstance(await answer_all(before, 5555, code, ALL_BEST), Done)
    await answer_all(before, 5556, code, ALL_BEST, stop_after=3)  # a draft in progress
    after = SurveyService(store, None)  # blank is unset now: the key comes from the store
    assert await after.open(5555, code, "id") == AlreadyAnswered("Dinas Sosial", "2026-S1")
    resumed = await after.open(5556, code, "id")
    assert isinstance(resumed, Ask) and resumed.draft.step == 3
    assert (await after.results(unit.id)).responses == 1
    assert await store.get_meta("survey_secret") == ""


async def test_a_database_without_hashes_makes_a_random_survey_key(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    store, _, _, code = world
    service = SurveyService(store, None)  # no configured secret
    assert isinstance(await answer_all(service, 7, code), Done)
    kept = await store.get_meta("survey_secret")
    assert kept is not None and len(kept) == 64


async def test_results_details_and_measures(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    store, _, service, code = world
    unit = await store.resolve_unit("Dinas Sosial")
    worst = {
        **{e: 4 for e in SKM_ELEMENTS},
        "waktu": 2,
        "prosedur": 2,
        "persyaratan": 2,
        "biaya": 2,
        "produk": 2,
        "imbalan": 2,
        "diskriminasi": 2,
        "kepercayaan": 4,
    }
    for user in range(1, 5):
        await answer_all(service, user, code, ALL_BEST, suggestion=f"saran {user}")
    results = await service.results(unit.id)
    assert results.responses == 4 and results.profile == {} and results.suggestions == []
    await answer_all(service, 5, code, worst)
    results = await service.results(unit.id)
    assert results.ikm is not None and results.ikm.exact == Fraction(25 * (4 * 4 + 1), 5 * 1)
    assert results.ikm.value == 85 and results.ikm.category == "B"
    assert results.suggestions == ["saran 1", "saran 2", "saran 3", "saran 4"]
    assert results.profile["usia"] == {0: 1, 1: 4}
    assert results.maladministration["biaya"] == Fraction(1, 5)
    assert (results.trust_mean, results.trust_share_high) == (Fraction(17, 5), Fraction(4, 5))
    found = measures(results)
    assert found == {
        "survey.responses": 5.0,
        "survey.needed": 30.0,
        "survey.ikm": 0.85,
        "survey.trust": pytest.approx((17 / 5 - 1) / 3),
        "survey.trust_high": 0.8,
        "survey.maladministration_free": pytest.approx(0.8),
    }
    await store.set_survey_population(unit.id, 100)
    assert (await service.measures(unit.id))["survey.needed"] == 80.0
    assert measures(await service.results(unit.id, "2031")) == {
        "survey.responses": 0.0,
        "survey.needed": 80.0,
    }


async def test_suggestions_are_bounded_and_only_at_their_question(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    _, _, service, code = world
    assert isinstance(await service.suggestion(9, "hello", None), NotWaiting)
    await answer_all(service, 9, code, stop_after=3)
    assert isinstance(await service.suggestion(9, "too early", None), NotWaiting)
    await answer_all(service, 9, code, ALL_BEST, stop_after=21)
    assert await service.suggestion(9, "   ", None) == Refused("empty")
    assert await service.suggestion(9, "x" * 1001, None) == Refused("too_long", detail="1000")
    done = await service.suggestion(9, "  lebih   banyak kursi ", None)
    assert isinstance(done, Done) and done.counted


async def test_the_skip_word_typed_at_the_suggestion_is_a_skip(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """ "Lewati" (or "skip") typed instead of pressed skips, as the button would: it is not
    stored as a suggestion."""
    store, _, service, code = world
    for user, word in ((9, " Lewati "), (10, "SKIP")):
        await answer_all(service, user, code, ALL_BEST, stop_after=21)
        done = await service.suggestion(user, word, None)
        assert isinstance(done, Done) and done.counted
    unit = await store.survey_unit(code)
    assert unit is not None
    period = (await service.results(unit.id)).period
    stored = await store.survey_responses(unit.id, period)
    assert len(stored) == 2 and [r.suggestion for r in stored] == [None, None]


async def test_a_press_moves_the_draft_once_and_a_stale_or_forged_one_changes_nothing(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """A press before the last question is one unit of work (check and move): the same press
    twice moves the draft once; a press of another step, another draft's token, or an option
    the question does not have writes nothing."""
    store, _, service, code = world
    opened = await service.open(9, code, "id")
    assert isinstance(opened, Ask) and opened.draft.step == 0
    token = opened.draft.token
    moved = await service.answer(9, token, 0, 2, 41)
    assert isinstance(moved, Ask) and moved.draft.step == 1
    assert moved.draft.answers == {"U1": 2} and moved.draft.message_id == 41
    assert await service.answer(9, token, 0, 2, 41) == Refused("stale")  # pressed twice
    assert await service.answer(9, "A" * 8, 1, 1, 41) == Refused("stale")  # another draft
    assert await service.answer(9, token, 1, 5, 41) == Refused("invalid")  # no option 5
    assert await service.answer(9, token, 1, 0, 41) == Refused("invalid")  # not skippable
    assert await service.answer(9, token, 99, 1, 41) == Refused("stale")
    kept = await store.survey_draft(await service.respondent(9))
    assert kept is not None and (kept.step, kept.answers, kept.token) == (1, {"U1": 2}, token)


async def test_another_units_link_asks_and_only_the_draft_it_named_is_replaced(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """A response in progress is never replaced by another unit's link alone: `open` asks
    (`Choose`), and only a press naming the presser's own draft as it is (token and step)
    continues it or replaces it — once."""
    store, _, service, code = world
    other = await store.survey_code((await store.resolve_unit("Puskesmas Hamadi")).id)
    opened = await service.open(9, code, "id")
    assert isinstance(opened, Ask)
    token = opened.draft.token
    assert isinstance(await service.answer(9, token, 0, 1, 41), Ask)
    assert isinstance(await service.answer(9, token, 1, 1, 41), Ask)
    respondent = await service.respondent(9)
    before = await store.survey_draft(respondent)

    asked = await service.open(9, other, "en")
    assert isinstance(asked, Choose) and asked.draft == before
    assert (asked.unit_name, asked.new_unit_name, asked.code) == (
        "Dinas Sosial",
        "Puskesmas Hamadi",
        other,
    )
    assert await store.survey_draft(respondent) == before
    stale = Refused("choice_stale")
    for user, wrong_token, step in ((9, "A" * 8, 2), (9, token, 1), (10, token, 2)):
        for start in (True, False):
            refused = await service.choose(
                user, wrong_token, step, other, start=start, lang="en", message_id=50
            )
            assert refused == stale
    assert await service.choose(
        9, token, 2, "x" * 22, start=True, lang="en", message_id=50
    ) == Refused("unknown_code")
    assert await store.survey_draft(respondent) == before

    kept = await service.choose(9, token, 2, other, start=False, lang="en", message_id=50)
    assert isinstance(kept, Ask) and kept.resumed and kept.draft.step == 2
    assert kept.draft.answers == {"U1": 1, "U2": 1} and kept.draft.message_id == 50
    began = await service.choose(9, token, 2, other, start=True, lang="en", message_id=50)
    assert isinstance(began, Ask) and began.draft.step == 0 and began.draft.lang == "en"
    assert began.unit_name == "Puskesmas Hamadi" and began.replaces == 50
    again = await service.choose(9, token, 2, other, start=True, lang="en", message_id=50)
    assert again == stale  # delivered twice: replaced once
    assert await store.survey_draft(respondent) == began.draft

    cancelled = await service.cancel(9)
    assert cancelled == Cancelled("Puskesmas Hamadi", "en", 50)
    assert await service.cancel(9) is None and await store.survey_draft(respondent) is None
    assert (await service.results((await store.resolve_unit("Dinas Sosial")).id)).responses == 0


async def test_the_same_link_opened_twice_at_once_starts_one_draft(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """A QR code scanned twice (two updates of one person handled at once): both read "no
    draft", one writes it, and the other reads again and resumes it, instead of answering a
    link with "this question has passed"."""
    store, _, service, code = world
    first, second = await asyncio.gather(service.open(7, code, "id"), service.open(7, code, "id"))
    assert isinstance(first, Ask) and isinstance(second, Ask)
    assert first.draft.token == second.draft.token and first.draft.step == 0
    assert await store.survey_draft(await service.respondent(7)) == first.draft


async def test_a_draft_replaces_only_a_draft_of_its_own_respondent(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """The store's compare-and-set reads the draft `replacing` names: naming another
    respondent's would check theirs and overwrite this one's unchecked, so it is refused."""
    store, _, service, code = world
    mine = await service.open(7, code, "id")
    theirs = await service.open(8, code, "id")
    assert isinstance(mine, Ask) and isinstance(theirs, Ask)
    fresh = replace(mine.draft, token="another", step=0)
    with pytest.raises(ValueError, match="same respondent"):
        await store.put_survey_draft(fresh, replacing=theirs.draft.at)
    assert await store.survey_draft(mine.draft.respondent) == mine.draft  # untouched
    assert await store.put_survey_draft(fresh, replacing=mine.draft.at)  # its own: replaced
    assert await store.survey_draft(mine.draft.respondent) == replace(fresh, message_id=None)


async def test_the_trust_mean_reads_the_same_half_up_in_chat_sheet_and_json(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """Mean trust 25/8 = 3.125: the JSON said 3.13 (half up from the fraction) while /survei
    and the printed results sheet said 3,12 (the float formatted half to even)."""
    from decimal import Decimal

    from conversations.survey import results_text

    store, _, service, code = world
    for respondent in range(8):
        trust = 1 if respondent == 0 else 2  # one "sangat percaya" (4), seven "percaya" (3)
        await answer_all(service, 60_000 + respondent, code, {**ALL_BEST, TRUST: trust})
    unit = await store.resolve_unit("Dinas Sosial")
    results = await service.results(unit.id)
    assert results.trust_mean == Fraction(25, 8)
    assert results.to_json()["trust"] == {"mean": 3.13, "share_high": 1.0}
    assert "rata-rata 3,13 dari 4" in results_text(results, "id")
    assert "mean 3.13 of 4" in results_text(results, "en")
    assert results.trust_shown == Decimal("3.13")  # what the results sheet prints too


def test_the_result_sheet_says_one_respondent_in_the_singular() -> None:
    """The published sheet of a period with one response read "1 respondents"."""
    from bot import texts
    from bot.store import Unit
    from bot.survey.poster import result_sheet_pdf
    from bot.survey.service import Results

    unit = Unit(id=1, region_id=1, name="Dinas Sosial", region="Kota Metro", timezone="UTC")
    for lang, one in (("en", "1 respondent"), ("id", "1 responden")):
        said: list[str] = []

        def say(key: str, lang: str = lang, said: list[str] = said, **values: object) -> str:
            said.append(text := texts.plain(key, lang, **values))
            return text

        results = Results(unit, "2026-S1", 1, None, {}, None, None)
        assert result_sheet_pdf(results, say, lang).startswith(b"%PDF")
        sub = next(s for s in said if s.startswith("Kota Metro · "))  # the period in words
        assert sub.endswith(f" · {one}"), sub


async def test_the_regions_view_reads_the_units_monthly_users_as_its_own_does(
    world: tuple[Store, Clock, SurveyService, str],
) -> None:
    """The officer's /survei said "minimal 291" for 1,200 monthly users while the
    coordinator's workbook (`Minimal`) said 30 for the same unit: the region's read left
    the users out. One number in both places, and in the workbook's row."""
    store, clock, service, code = world
    unit = await store.resolve_unit("Dinas Sosial")
    await answer_all(service, 7, code, ALL_BEST)
    await store.set_survey_population(unit.id, 1200)
    own = await service.results(unit.id)
    (region,) = await region_results(store, unit.region_id, clock.now)
    assert own.needed == region.needed == 291
    assert region.population == own.population == 1200
    assert region.responses == own.responses == 1
    columns, rows = workbook_rows([region])
    assert rows[0][3:5] == [1, 291]
    # One response: its IKM, not its maladministration and trust (that citizen's answers).
    reports = [
        i
        for i, (key, _) in enumerate(columns)
        if key.startswith(("survey.m.", "survey.xlsx.trust"))
    ]
    assert len(reports) == len(MALADMINISTRATION) + 2
    assert all(rows[0][i] is None for i in reports)
    assert rows[0][5] == 100.0
    for n in range(4):
        await answer_all(service, 100 + n, code, ALL_BEST)
    _, rows = workbook_rows(list(await region_results(store, unit.region_id, clock.now)))
    assert all(rows[0][i] is not None for i in reports)
    # Without the users given, 30 everywhere.
    await store.set_survey_population(unit.id, None)
    (region,) = await region_results(store, unit.region_id, clock.now)
    assert region.needed == (await service.results(unit.id)).needed == 30
