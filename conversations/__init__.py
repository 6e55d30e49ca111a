"""The chat surface: one module per flow; `register` is the one place handlers are added.

Every command has an Indonesian and an English name (`COMMANDS`); `command(name)` gives
both names for a `CommandHandler`.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.processing import Lane
from bot.settings import Settings
from bot.texts.commands import COMMANDS


def command(name: str) -> list[str]:
    """Both names of a command, given either one: command("unduh") -> ["unduh", "export"]."""
    for names, _ in COMMANDS:
        if name in names:
            return sorted(set(names), key=names.index)
    raise KeyError(f"unknown command {name!r}")


def lanes(settings: Settings) -> list[Lane]:
    """The update processor's lanes (bot/processing.py): updates that come in bursts and
    must not take the officers' slots. One so far: the citizens' survey."""
    from conversations import survey

    return [survey.lane(settings)]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Imported here: flow modules import this package for `command`, so importing them at
    # the top would be circular.
    from conversations import (
        coordinator,
        errors,
        evidence,
        joining,
        packs,
        people,
        preferences,
        private_only,
        products,
        reminders,
        results,
        review,
        selfcheck,
        survey,
        unit_page,
    )

    # Group 0, first match wins. Order matters only where filters overlap:
    # 1. commands (each module's CommandHandlers), before any text handler;
    # 2. callback queries with their own patterns, the catch-all for unknown/garbage data last;
    # 3. files (evidence) and free text (pending prompts) after commands;
    # 4. the unknown-command and anything-else fallbacks at the very end.
    # Group -2, before everything: a group chat gets one line and nothing else.
    application.add_handlers(private_only.handlers(), group=private_only.GROUP)
    # A survey's free-text suggestion is looked at first, in its own earlier group: when the
    # writer's survey is not waiting for one, the text falls through to group 0 untouched.
    application.add_handlers(survey.early_handlers(), group=-1)
    # A command or another flow's button drops a return left waiting for its comment before
    # it runs (any command, /batal aside: the next text must not become the comment hours
    # later).
    application.add_handlers(review.early_handlers(), group=-1)
    for handlers in (
        joining.handlers(),
        selfcheck.handlers(),
        results.handlers(),
        products.handlers(),
        survey.handlers(),
        preferences.handlers(),
        coordinator.handlers(),
        packs.handlers(),
        unit_page.handlers(),
        review.handlers(),
        people.handlers(),
        reminders.handlers(),
        evidence.handlers(),
        preferences.fallbacks(),  # free text, unknown commands, stale buttons: must stay last
    ):
        application.add_handlers(handlers)
    application.add_error_handler(errors.on_error)
    # Scheduled messages are worded here too: the dispatcher (bot.reminders) decides what
    # is due, claims it, and asks this module for the words.
    application.bot_data.render_reminders = reminders
