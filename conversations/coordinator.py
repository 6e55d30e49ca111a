"""Coordinator flows: /ringkasan, /unduh, evidence packs (being written)."""

from __future__ import annotations

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return []
