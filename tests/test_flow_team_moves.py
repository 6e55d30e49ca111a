"""An officer who moves to another unit of the region (its invite, `Pindah`) in the middle
of a walk: the old unit's buttons still on their screen write nothing there, and say why."""

from __future__ import annotations

from typing import Any

from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, officer_state, open_check, seed

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)), ("Kota Metro", "Dukcapil", ("KTP-el",)))


async def test_an_officer_who_moved_is_told_the_old_units_buttons_are_another_units(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Budi moved from Dinas Sosial to Dukcapil with the first question of Dinas Sosial
    still on screen; its buttons answered "Tombol ini bukan untuk Anda." (his own message,
    which the bot itself sent him), in both languages."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        budi = fake_api.user(901, "Budi")
        emma = fake_api.user(903, "Emma", language_code="en")
        for officer, move in ((budi, "Pindah"), (emma, "Switch")):
            question = await open_check(officer, world.codes["Dinas Sosial"])
            store, _, old = await officer_state(app, officer.id)
            await officer.send(f"/start {world.codes['Dukcapil']}")
            asked = await officer.wait_for(lambda m, move=move: move in m.button_texts)
            await officer.press(asked, move)
            await officer.wait_for(lambda m: "Dukcapil" in m.text)
            pressed = await officer.press(question, question.button_texts[0])
            told = (await officer.wait_answer(pressed)).text
            if officer is budi:
                assert told == (
                    "Tombol ini milik pemeriksaan mandiri unit lain, bukan unit Anda sekarang. "
                    "Ketik /periksa."
                )
            else:
                assert told == (
                    "This button belongs to another unit's self-check, not your unit's now. "
                    "Type /check."
                )
            first = (await store.checklist(old))[0]
            assert await store.answer_history(old, first) == []  # nothing written there
    assert api_errors(fake_api) == []
