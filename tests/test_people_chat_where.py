"""/undang: an invite's expiry reads in the unit's own time zone (it used to be the UTC date,
a day early from 17:00 WIB on)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.store import Newcomer, Store, UnitRow
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import api_errors, edited, join, unit_page

EVENING = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)
"""Already 3 March in WIB (01:30), WITA (02:30) and WIT (03:30)."""


def clock() -> datetime:
    return EVENING


async def seed_unit(
    database: Any, *, officers: int, invites: int, timezone: str = "Asia/Jakarta"
) -> tuple[int, str]:
    """One unit of Kota Metro with `officers` people and `invites` pending invites; the
    code of the region's coordinator invite."""
    store = await Store.open(database, clock=clock)
    try:
        await store.import_units([UnitRow(region="Kota Metro", unit="Dinas Sosial",
                                          timezone=timezone, line=1)])  # fmt: skip
        [listing] = await store.list_units()
        unit = listing.unit.id
        region = await store.resolve_region("Kota Metro")
        coordinator = await store.create_invite("coordinator", region_id=region.id, uses=5, days=14)
        if officers:
            bulk = await store.create_invite("officer", unit_id=unit, uses=1000, days=14)
            for n in range(officers):
                await store.join(bulk.code, Newcomer(10_000 + n, f"Petugas {n:03d}"))
        for _ in range(invites - (1 if officers else 0)):
            await store.create_invite("officer", unit_id=unit, uses=5, days=14)
    finally:
        await store.close()
    return unit, coordinator.code


async def to_page(user: SimUser, shown: MessageView, number: int) -> MessageView:
    for _ in range(number - 1):
        await user.press(shown, "▶")
        shown = await edited(user, shown)
    assert f"Halaman {number} dari" in shown.text
    return shown


async def after(user: SimUser, shown: MessageView, label: str) -> tuple[MessageView, str | None]:
    """Press `label` on `shown`: the message as it is then, and the press's answer."""
    pressed = await user.press(shown, label)
    answered = await user.wait_answer(pressed)
    return await edited(user, shown), answered.text


async def test_invite_expiry_is_the_units_local_time(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """At 18:30 UTC a 7-day invite ends 9 March 18:30 UTC: 10 March 02:30 in Makassar, which
    the coordinator reads (the UTC date 2026-03-09 was a day early)."""
    _, code = await seed_unit(
        tmp_settings.database, officers=0, invites=0, timezone="Asia/Makassar"
    )
    async with running_bot(tmp_settings, clock=clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, code)
        page = await unit_page(coordinator, "Dinas Sosial", "Tidak ada undangan")
        await coordinator.press(page, "➕ 1 orang · 7 hari")
        created = await coordinator.wait_text("Undangan petugas")
        assert "berlaku s.d. 2026-03-10 02:30 WITA." in created.text
        assert "2026-03-09" not in created.text
        await coordinator.wait_for(lambda m: bool(m.media))  # the QR code

        colleague = fake_api.user(902, "Coord", language_code="en")
        await join(colleague, code)
        page = await unit_page_en(colleague)
        assert "valid until 2026-03-10 02:30 WITA" in page.text
    assert api_errors(fake_api) == []


async def unit_page_en(coordinator: SimUser) -> MessageView:
    await coordinator.send("/invite")
    units = await coordinator.wait_text("People and invites")
    await coordinator.press(units, "Dinas Sosial")
    return await coordinator.wait_text("Invites still valid")
