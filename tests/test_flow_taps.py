"""Taps for a whole walk (issue 14): every positive answer on an evidence item used to cost a
`Nanti` press; the next question now stands under the evidence request, so answering it is
the way on. The counts are for ombudsman-2024 with one product (50 items), best answers."""

from __future__ import annotations

from typing import Any

from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    api_errors,
    edited,
    fixed_clock,
    is_question,
    open_check,
    option_labels,
    seed,
)

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)),)
TAPS_BEFORE = 88
"""Measured on the build before this change (50 answers + 38 `Nanti`)."""


async def test_the_whole_walk_costs_one_tap_per_item(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(961, "Rina")
        shown = await open_check(officer, world.codes["Dinas Sosial"])
        taps = 0
        for _ in range(200):
            if not is_question(shown) and not shown.buttons:
                break
            labels = shown.button_texts
            if "Nanti" in labels:
                label = "Nanti"
            elif option_labels(shown):
                label = option_labels(shown)[0]
            else:
                break
            await officer.press(shown, label)
            taps += 1
            shown = await edited(officer, shown)
            if "Semua butir sudah dijawab" in shown.text:
                break
        assert "Semua butir sudah dijawab" in shown.text
        print(f"taps for the walk: {taps} (before: {TAPS_BEFORE})")
        # One tap per item; the last evidence item, with nothing left to answer under it,
        # keeps its `Nanti`.
        assert taps == 51 < TAPS_BEFORE
    assert api_errors(fake_api) == []
