"""The citizens' survey at the counter (SKM per Permen PANRB 14/2017, maladministration,
trust): the questionnaire as data (`questions`), the exact arithmetic (`ikm`), the service
(`service`) and the printable QR poster (`poster`)."""

from __future__ import annotations

from bot.survey.service import *  # noqa: F403  (what the service exports: its __all__)
