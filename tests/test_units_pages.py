"""/tinjau and /undang in a region of many units: the unit buttons come a page at a time
(a keyboard of a hundred-odd units is refused by Telegram: "reply markup is too long"),
with ⬅ / ➡ between pages, and a page press lists only what the presser may see."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from conversations import callbacks as cb
from conversations.coordinator import UNITS_PAGE
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, press, seed

UNITS = (
    *(("Kota Metro", f"Puskesmas {n:03d}", ()) for n in range(1, 46)),
    ("Lampung Utara", "Dukcapil Lampung Utara", ()),
)
NEXT, PREVIOUS = texts.plain("btn.next_page", "id"), texts.plain("btn.prev_page", "id")


def unit_buttons(message: Any) -> list[str]:
    return [t for t in message.button_texts if t.startswith("Puskesmas")]


@pytest.mark.parametrize(
    ("command", "page_kind"), [("/tinjau", cb.ReviewUnits), ("/undang", cb.PeopleUnits)]
)
async def test_many_units_come_a_page_at_a_time(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, command: str, page_kind: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock):
        coordinator = fake_api.user(701, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send(command)
        first = await coordinator.wait_for()
        shown = unit_buttons(first)
        assert len(shown) == UNITS_PAGE and shown[0].startswith("Puskesmas 001")
        if command == "/tinjau":  # a cycle, and nobody has opened it yet: not "no cycle"
            assert shown[0] == "Puskesmas 001 · belum mulai"
        assert first.button_texts[-1] == NEXT
        second = await press(coordinator, first, NEXT)
        assert second.message_id == first.message_id  # the same message, edited
        assert unit_buttons(second)[0].startswith(f"Puskesmas {UNITS_PAGE + 1:03d}")
        assert second.button_texts[-2:] == [PREVIOUS, NEXT]
        third = await press(coordinator, second, NEXT)
        assert (
            len(unit_buttons(third)) == 45 - 2 * UNITS_PAGE and third.button_texts[-1] == PREVIOUS
        )
        # A page of another region, forged: the coordinator's own region, as ever.
        other = world.units["Dukcapil Lampung Utara"]
        region_of_other = await _region_of(tmp_settings, other)
        forged = page_kind(r=region_of_other, p=1).pack()
        pressed = await coordinator.press_data(first.message_id, forged)
        await coordinator.wait_answer(pressed)
        again = await coordinator.wait_for(lambda m: m.message_id == first.message_id)
        assert unit_buttons(again)[0].startswith("Puskesmas 001")
        assert "Dukcapil" not in " ".join(again.button_texts)
    assert api_errors(fake_api) == []


async def _region_of(settings: Any, unit_id: int) -> int:
    from bot.store import Store

    store = await Store.open(settings.database)
    try:
        return (await store.unit(unit_id)).region_id
    finally:
        await store.close()
