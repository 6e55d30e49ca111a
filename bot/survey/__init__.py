"""The citizens' survey at the counter (SKM per Permen PANRB 14/2017, maladministration,
trust): the questionnaire as data (`questions`), the exact arithmetic (`ikm`), the service
(`service`) and the printable QR poster (`poster`)."""

from __future__ import annotations

from bot.ratelimit import RateLimit
from bot.survey.service import (
    SEMESTER,
    AlreadyAnswered,
    Ask,
    Cancelled,
    Choose,
    Done,
    NotStarted,
    NotWaiting,
    Outcome,
    Results,
    SurveyService,
    cycle_period,
    has_ended,
    measures,
    parse_period,
    previous_semester,
    region_measures,
    region_results,
    results_of,
    rubric_measures,
    semester,
    survey_link,
)

__all__ = [
    "SEMESTER",
    "AlreadyAnswered",
    "Ask",
    "Cancelled",
    "Choose",
    "Done",
    "NotStarted",
    "NotWaiting",
    "Outcome",
    "RateLimit",
    "Results",
    "SurveyService",
    "cycle_period",
    "has_ended",
    "measures",
    "parse_period",
    "previous_semester",
    "region_measures",
    "region_results",
    "results_of",
    "rubric_measures",
    "semester",
    "survey_link",
]
