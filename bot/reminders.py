"""Reminders and weekly digests (being written)."""

from __future__ import annotations

from typing import Any


def install(application: Any) -> None:
    """Schedule the notification dispatcher on the application's JobQueue."""
    del application
