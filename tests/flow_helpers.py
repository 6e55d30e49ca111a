"""Helpers for the chat journey tests: seed a database, recognise the bot's messages, walk."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from telegram.ext import ExtBot

from bot.app import DEFAULTS
from bot.store import Store, UnitRow
from tests.fakebot import FakeBotAPI, MessageView, SimUser

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
"""Monday 08:00 in Jakarta, two months before the 2026 window opens."""
OPENS, CLOSES = date(2026, 5, 1), date(2026, 9, 30)
QUESTION = re.compile(r"^(\d+)/(\d+) · ")


def fixed_clock() -> datetime:
    return NOW


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    """unit name -> id"""
    codes: dict[str, str] = field(default_factory=dict)
    """unit name (or "coordinator:REGION") -> invite code"""
    cycles: list[int] = field(default_factory=list)


async def seed(
    database: Path,
    *,
    units: tuple[tuple[str, str, tuple[str, ...]], ...] = (("Kota Metro", "Dinas Sosial", ()),),
    rubric_id: str = "ombudsman-2024",
    coordinators: tuple[str, ...] = (),
    now: datetime = NOW,
    window: tuple[date, date] | None = (OPENS, CLOSES),
) -> World:
    """Regions and units (region, unit, products), one all-regions cycle (none when `window`
    is None), invite codes."""
    world = World()
    store = await Store.open(database, clock=lambda: now)
    try:
        await store.import_units(
            [UnitRow(region=r, unit=u, products=p, line=n) for n, (r, u, p) in enumerate(units, 1)]
        )
        for listing in await store.list_units():
            world.units[listing.unit.name] = listing.unit.id
            invite = await store.create_invite(
                "officer", unit_id=listing.unit.id, uses=20, days=14, now=now
            )
            world.codes[listing.unit.name] = invite.code
        for region_name in coordinators:
            region = await store.resolve_region(region_name)
            invite = await store.create_invite(
                "coordinator", region_id=region.id, uses=5, days=14, now=now
            )
            world.codes[f"coordinator:{region_name}"] = invite.code
        if window is not None:
            cycle = await store.open_cycle(rubric_id, *window, now=now)
            world.cycles.append(cycle.id)
    finally:
        await store.close()
    return world


def is_question(message: MessageView) -> bool:
    return QUESTION.match(message.text) is not None


def position(message: MessageView) -> tuple[int, int]:
    match = QUESTION.match(message.text)
    assert match is not None, message.text[:200]
    return int(match.group(1)), int(match.group(2))


async def edited(user: SimUser, message: MessageView | int, timeout: float = 5.0) -> MessageView:  # noqa: ASYNC109
    """The next edit of `message` (or a fresh message) in the user's chat."""
    message_id = message if isinstance(message, int) else message.message_id
    return await user.wait_for(
        lambda m: (m.message_id == message_id and m.kind == "edit") or m.kind == "message",
        timeout,
    )


async def press(user: SimUser, message: MessageView, label: str) -> MessageView:
    """Press a button on `message` and return what the bot shows next (an edit or a message),
    once the press is answered too (the bot sends the answer and the edit together)."""
    pressed = await user.press(message, label)
    shown = await edited(user, message)
    await user.wait_answer(pressed)
    return shown


async def join(user: SimUser, code: str) -> MessageView:
    await user.send(f"/start {code}")
    return await user.wait_for()


async def unit_page(coordinator: SimUser, unit: str, shows: str) -> MessageView:
    """/undang, then `unit`'s button: the unit's people and invites page (`shows`: a text
    on it to wait for)."""
    await coordinator.send("/undang")
    units = await coordinator.wait_for()
    await coordinator.press(units, unit)
    return await coordinator.wait_for(lambda m: shows in m.text)


def api_errors(server: FakeBotAPI) -> list[tuple[str, str | None]]:
    """Every Bot API request the bot made that the fake server refused (polling aside: a
    poll cut short when the runner stops is the runner's business, not the bot's)."""
    return [
        (r.method, r.description) for r in server.requests if not r.ok and r.method != "getUpdates"
    ]


async def walk(
    user: SimUser,
    first: MessageView,
    choose: Callable[[MessageView], str],
    *,
    on_evidence: Callable[[MessageView], Any] | None = None,
    limit: int = 500,
) -> MessageView:
    """Answer questions from `first` on, pressing `choose(question)`, until no question follows.

    On an evidence prompt, press `Nanti`/`Later` (or call `on_evidence`, which must return the
    next message). Returns the first message that is neither a question nor an evidence prompt.
    """
    shown = first
    for _ in range(limit):
        if not is_question(shown):
            return shown
        labels = shown.button_texts
        if "Nanti" in labels or "Later" in labels or "Selesai" in labels or "Done" in labels:
            if on_evidence is not None:
                shown = await on_evidence(shown)
            else:
                shown = await press(user, shown, "Nanti" if "Nanti" in labels else "Later")
            continue
        shown = await press(user, shown, choose(shown))
    raise AssertionError("the walk did not end")


async def open_check(user: SimUser, code: str) -> MessageView:
    """Join with `code`, send /periksa, and return the first question."""
    await join(user, code)
    await user.send("/periksa")
    first = await user.wait_for()
    assert is_question(first), first.text[:300]
    return first


async def officer_state(app: Any, telegram_id: int) -> tuple[Any, Any, Any]:
    """(store, person, current self-check) as the running bot's store sees them."""
    from bot.services import services_of

    store = services_of(app).store
    person = await store.person(telegram_id)
    assert person is not None
    selfcheck = await store.current_selfcheck(person)
    assert selfcheck is not None
    return store, person, selfcheck


def option_labels(question: MessageView) -> list[str]:
    """The answer options on a question, best first (N/A left out)."""
    return [
        b.text
        for row in question.buttons
        for b in row
        if b.data and b.data.startswith("v1:a:") and b.data.split(":")[4] != "-1"
    ]


def bot_for(server: FakeBotAPI, **options: Any) -> ExtBot[Any]:
    """A bot (as the application's: HTML, no link previews) talking to the fake Bot API;
    `options` as for ExtBot (a rate limiter, a request...). Use it as `async with`."""
    return ExtBot(
        server.token,
        base_url=server.base_url,
        base_file_url=server.file_url,
        defaults=DEFAULTS,
        **options,
    )


async def settled(app: Any) -> None:
    """Until the bot has finished every update it took (a reply can go out before a
    press's last write, and a survey shown anew is recorded after it is sent)."""
    for _ in range(1000):
        if app.update_processor.current_concurrent_updates == 0:
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the bot never finished its updates")
