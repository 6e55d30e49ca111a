"""/undang keeps the coordinator where they were: revoking an invite or deactivating an
officer shows the page they pressed on again (it used to jump back to page 1), or the last
page once that one is past the end; and an invite's expiry reads in the unit's own time zone
(it used to be the UTC date, a day early from 17:00 WIB on)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.store import Newcomer, Store, UnitRow
from conversations.callbacks import RevokeInvite
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


async def test_revoke_and_deactivate_stay_on_the_page_pressed(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    _, code = await seed_unit(tmp_settings.database, officers=70, invites=12)  # 4 pages
    async with running_bot(tmp_settings, clock=clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, code)
        first = await unit_page(coordinator, "Dinas Sosial", "Petugas 000")
        assert "Halaman 1 dari 4" in first.text

        second = await to_page(coordinator, first, 2)
        revoke = next(b for b in second.button_texts if b.startswith("✖ Cabut"))
        shown, said = await after(coordinator, second, revoke)
        assert said == "Undangan dicabut."
        assert "Halaman 2 dari 4" in shown.text and "Petugas 020" in shown.text
        assert revoke not in shown.button_texts

        third = await to_page(coordinator, await _back_to_first(coordinator, shown), 3)
        pressed = await coordinator.press(third, "🚫 Nonaktifkan Petugas 045")
        asked = await edited(coordinator, third)
        assert asked.button_texts == ["Ya, nonaktifkan", "Batal"]
        await coordinator.wait_answer(pressed)
        shown, said = await after(coordinator, asked, "Batal")
        assert said == "Baik, tidak ada yang berubah."
        assert "Halaman 3 dari 4" in shown.text and "Petugas 045" in shown.text

        pressed = await coordinator.press(shown, "🚫 Nonaktifkan Petugas 045")
        asked = await edited(coordinator, shown)
        await coordinator.wait_answer(pressed)
        shown, said = await after(coordinator, asked, "Ya, nonaktifkan")
        assert said == "Dinonaktifkan."
        assert "Halaman 3 dari 4" in shown.text
        assert "Petugas 045 · petugas · nonaktif" in shown.text
    assert api_errors(fake_api) == []


async def test_a_page_past_the_end_after_a_revoke_shows_the_last_one(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """11 invites make 2 pages; revoking the one on page 2 leaves 1 page: that one shows.
    A revoke button from before pages were remembered (`v1:pr:ID`) still works (page 1)."""
    _, code = await seed_unit(tmp_settings.database, officers=0, invites=11)
    async with running_bot(tmp_settings, clock=clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, code)
        first = await unit_page(coordinator, "Dinas Sosial", "Halaman 1 dari 2")
        second = await to_page(coordinator, first, 2)
        [revoke] = [b for b in second.button_texts if b.startswith("✖ Cabut")]
        shown, said = await after(coordinator, second, revoke)
        assert said == "Undangan dicabut."
        assert "Halaman" not in shown.text and "masih berlaku (10)" in shown.text

        oldest = int(shown.text.split("#")[1].split()[0])
        old_style = RevokeInvite(i=oldest).pack().rsplit(":", 1)[0]
        assert old_style == f"v1:pr:{oldest}"
        pressed = await coordinator.press_data(shown.message_id, old_style)
        assert (await coordinator.wait_answer(pressed)).text == "Undangan dicabut."
        again = await edited(coordinator, shown)
        assert "masih berlaku (9)" in again.text and f"#{oldest} " not in again.text
    assert api_errors(fake_api) == []


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


async def _back_to_first(user: SimUser, shown: MessageView) -> MessageView:
    while "Halaman 1 dari" not in shown.text:
        await user.press(shown, "◀")
        shown = await edited(user, shown)
    return shown


async def test_an_officer_with_a_telegram_id_past_31_bits_can_be_deactivated(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Telegram ids have up to 52 bits (most accounts made since 2021 are past 2**31); the
    deactivate button carried one and was refused as a forged number ("out of bounds")."""
    big = 6_123_456_789
    _, code = await seed_unit(tmp_settings.database, officers=0, invites=0)
    store = await Store.open(tmp_settings.database, clock=clock)
    try:
        [listing] = await store.list_units()
        invite = await store.create_invite("officer", unit_id=listing.unit.id, uses=1, days=14)
        await store.join(invite.code, Newcomer(big, "Rina"))
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, code)
        page = await unit_page(coordinator, "Dinas Sosial", "Rina")
        pressed = await coordinator.press(page, "🚫 Nonaktifkan Rina")
        asked = await edited(coordinator, page)
        await coordinator.wait_answer(pressed)
        shown, said = await after(coordinator, asked, "Ya, nonaktifkan")
        assert said == "Dinonaktifkan."
        assert "Rina · petugas · nonaktif" in shown.text
    assert api_errors(fake_api) == []
