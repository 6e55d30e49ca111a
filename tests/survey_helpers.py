"""Answering the citizens' survey through the service (no chat): for service and CLI tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.survey import Ask, Done, Outcome, SurveyService
from bot.survey.questions import QUESTIONS, TOTAL


async def answer_all(
    service: SurveyService,
    user_id: int,
    code: str,
    options: dict[str, int] | None = None,
    *,
    stop_after: int = TOTAL,
    suggestion: str | None = None,
) -> Outcome:
    """Open the survey and answer each question with `options[id]` (default: the first
    option; skippable ones skipped); stop after `stop_after` questions. The last outcome."""
    chosen = options or {}
    outcome = await service.open(user_id, code, "id")
    while isinstance(outcome, Ask) and outcome.draft.step < stop_after:
        asked = outcome.question
        if asked.part == "suggestion" and suggestion is not None:
            outcome = await service.suggestion(user_id, suggestion, None)
            continue
        option = chosen.get(asked.id, 0 if asked.skippable else 1)
        outcome = await service.answer(user_id, outcome.draft.token, outcome.draft.step, option, 1)
    # Answered to the end: Done; stopped early: still asking.
    assert isinstance(outcome, Done) if stop_after >= TOTAL else isinstance(outcome, Ask), outcome
    return outcome


ALL_BEST = {q.id: 1 for q in QUESTIONS if q.options}


def pdf_words(pdf: Path) -> str:
    """The words of a PDF as pdftotext reads them, spaces folded (skips without poppler)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def words(text: str) -> str:
    """`text` with its spaces folded, as `pdf_words` reads a page."""
    return " ".join(text.split())
