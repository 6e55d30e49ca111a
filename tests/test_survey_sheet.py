"""The one-page result sheet to publish (bot/survey/poster.py), read back as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import texts
from bot.store import SurveyResponse, Unit
from bot.survey.poster import result_sheet_pdf
from bot.survey.questions import QUESTIONS
from bot.survey.service import results_of
from tests.survey_helpers import pdf_words, words

UNIT = Unit(1, 1, "Dinas Sosial", "Kota Metro", "Asia/Jakarta")
BEST = {q.id: 1 for q in QUESTIONS if q.options}


def sheet_text(tmp_path: Path, responses: int, population: int | None, lang: str) -> str:
    rows = [SurveyResponse("2026-S1", "2026-03-02", BEST, None) for _ in range(responses)]
    results = results_of(UNIT, "2026-S1", rows, population)
    pdf = tmp_path / f"sheet-{responses}-{lang}.pdf"
    pdf.write_bytes(result_sheet_pdf(results, lambda k, **v: texts.plain(k, lang, **v), lang))
    return pdf_words(pdf)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_sheet_below_the_minimum_sample_says_so(tmp_path: Path, lang: str) -> None:
    """Six responses gave a sheet "IKM 100,00 · A · 6 responden" fit to pin up, with nothing
    saying that the regulation's sample is 30 (as /survei and the CLI say): a unit could
    publish it as its SKM. The sheet now says the results are provisional, and how many
    respondents are needed; with the minimum reached (or the unit's own Krejcie–Morgan
    minimum), it does not."""
    line = texts.plain("survey.sheet.below", lang, responses=6, needed=30)
    assert " ".join(line.split()) in sheet_text(tmp_path, 6, None, lang)
    first_words = " ".join(line.split()[:2])
    assert first_words not in sheet_text(tmp_path, 30, None, lang)
    assert first_words not in sheet_text(tmp_path, 0, None, lang)  # "no responses yet" instead
    needed_for_100 = texts.plain("survey.sheet.below", lang, responses=30, needed=80)
    assert " ".join(needed_for_100.split()) in sheet_text(tmp_path, 30, 100, lang)


@pytest.mark.parametrize(
    ("lang", "period", "said"),
    [
        ("id", "2026-S2", "periode Juli–Desember 2026"),
        ("en", "2027-S1", "period January–June 2027"),
        ("id", "2026", "periode 2026"),
    ],
)
def test_the_sheet_names_its_period_as_citizens_read_it(
    tmp_path: Path, lang: str, period: str, said: str
) -> None:
    """The sheet a unit pins up in January for July–December printed "periode 2026-S2", a
    code its public never saw (the survey tells a citizen "Juli–Desember 2026"). A semester
    is now in words; a year stays a year."""
    rows = [SurveyResponse("2026-S2", "2026-12-31", BEST, None) for _ in range(3)]
    results = results_of(UNIT, period, rows, None)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(result_sheet_pdf(results, lambda k, **v: texts.plain(k, lang, **v), lang))
    printed = pdf_words(pdf)
    assert said in printed and "-S" not in printed


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_sheet_of_an_ended_period_below_the_minimum_is_not_provisional(
    tmp_path: Path, lang: str
) -> None:
    """Printed in January for July–December with 6 respondents, the sheet said "Baru 6 dari
    minimal 30 … hasil ini sementara": provisional, more to come, of a period that was over.
    It now says the period ended short of the sample; a running one stays provisional."""
    rows = [SurveyResponse("2026-S2", "2026-12-31", BEST, None) for _ in range(6)]
    results = results_of(UNIT, "2026-S2", rows, None)
    pdf = tmp_path / "sheet.pdf"
    say = lambda k, **v: texts.plain(k, lang, **v)  # noqa: E731
    pdf.write_bytes(result_sheet_pdf(results, say, lang, ended=True))
    printed = pdf_words(pdf)
    assert words(texts.plain("survey.sheet.short", lang, responses=6, needed=30)) in printed
    assert words(texts.plain("survey.sheet.below", lang, responses=6, needed=30)) not in printed


def test_a_period_has_ended_once_its_last_semester_is_over_in_the_units_zone() -> None:
    from datetime import UTC, datetime

    from bot.survey import has_ended

    eve = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 01:30 WIT on 1 January, 23:30 in WIB
    assert has_ended("2026-S2", eve, "Asia/Jayapura")
    assert not has_ended("2026-S2", eve, "Asia/Jakarta")
    assert has_ended("2026", eve, "Asia/Jayapura") and not has_ended("2026", eve, "Asia/Jakarta")
    assert has_ended("2026-S1", eve, "Asia/Jakarta")
    assert not has_ended("2026-S2+2027-S1", eve, "Asia/Jayapura")
