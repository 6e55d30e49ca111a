"""/undang on a big unit: its people and pending invites come a page at a time, so that the
page fits one message (4096 characters) and one keyboard (Telegram takes at most 100
buttons); before paging, a unit with about a hundred officers could not be managed in chat
("reply markup is too long", and the officer list cut off)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot import texts
from bot.store import Newcomer, Store
from conversations.callbacks import PeoplePage
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import NOW, api_errors, edited, fixed_clock, join, seed, unit_page

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
OFFICERS = 110
INVITES = 12


async def test_a_big_units_people_come_a_page_at_a_time(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, coordinators=("Kota Metro",))
    unit = world.units["Dinas Sosial"]
    store = await Store.open(tmp_settings.database, clock=fixed_clock)
    try:
        invite = await store.create_invite("officer", unit_id=unit, uses=1000, days=14, now=NOW)
        for n in range(OFFICERS):
            await store.join(invite.code, Newcomer(10_000 + n, f"Petugas {n:03d} " + "x" * 40))
        for _ in range(INVITES - 2):  # with the seed's and the one above: INVITES pending
            await store.create_invite("officer", unit_id=unit, uses=5, days=14, now=NOW)
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=fixed_clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        first = await unit_page(coordinator, "Dinas Sosial", "Petugas 000")
        assert "Halaman 1 dari 6" in first.text
        assert f"Orang ({OFFICERS})" in first.text and f"berlaku ({INVITES})" in first.text
        assert "Petugas 019" in first.text and "Petugas 020" not in first.text
        assert len(first.button_texts) <= 100
        assert first.button_texts[-1] == "▶"

        seen = {n for n in range(OFFICERS) if f"Petugas {n:03d}" in first.text}
        revokes = {b for b in first.button_texts if b.startswith("✖ Cabut")}
        shown = first
        for number in range(2, 7):
            await coordinator.press(shown, "▶")
            shown = await edited(coordinator, shown)
            assert f"Halaman {number} dari 6" in shown.text
            assert len(shown.button_texts) <= 100
            seen |= {n for n in range(OFFICERS) if f"Petugas {n:03d}" in shown.text}
            revokes |= {b for b in shown.button_texts if b.startswith("✖ Cabut")}
        assert seen == set(range(OFFICERS))  # every officer is on some page
        assert len(revokes) == INVITES  # and every pending invite
        assert "▶" not in shown.button_texts and shown.button_texts[-1] == "◀"
        # The last page's officer can be deactivated from there.
        assert f"🚫 Nonaktifkan Petugas {OFFICERS - 1:03d}" in " ".join(shown.button_texts)
        await coordinator.press(shown, "◀")
        back = await edited(coordinator, shown)
        assert "Halaman 5 dari 6" in back.text
    assert api_errors(fake_api) == []


async def test_a_page_press_is_checked_like_every_people_press(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A page button forged to another region's unit is refused and shows nothing of it, an
    officer's press is refused, and a page past the last shows the last page (here the only
    one: Telegram refuses the edit as unchanged)."""
    units = (("Kota Metro", "Dinas Sosial", ()), ("Kota Palu", "Dinas Palu", ()))
    world = await seed(tmp_settings.database, units=units, coordinators=("Kota Metro", "Kota Palu"))
    async with running_bot(tmp_settings, clock=fixed_clock):
        far = fake_api.user(902, "Koor Palu")
        await join(far, world.codes["coordinator:Kota Palu"])
        own = await unit_page(far, "Dinas Palu", "Orang")
        forged = PeoplePage(u=world.units["Dinas Sosial"], p=1).pack()
        pressed = await far.press_data(own.message_id, forged)
        assert (await far.wait_answer(pressed)).text == texts.plain("mb.refused.forbidden", "id")

        officer = fake_api.user(903, "Petugas")
        await join(officer, world.codes["Dinas Sosial"])
        pressed = await officer.press_data(own.message_id, forged)
        assert (await officer.wait_answer(pressed)).text == texts.plain("cb.forbidden", "id")

        past = PeoplePage(u=world.units["Dinas Palu"], p=99).pack()
        pressed = await far.press_data(own.message_id, past)
        await far.wait_answer(pressed)
        for _ in range(500):  # the edit follows the answer: wait for it, not a quiet gap
            if api_errors(fake_api):
                break
            await asyncio.sleep(0.01)
        assert all("Dinas Sosial" not in m.text for m in far.messages)
    assert api_errors(fake_api) == [("editMessageText", NOT_MODIFIED)]
