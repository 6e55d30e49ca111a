"""Joining journeys: opening an invite that would move a registered person asks first, and
only the confirm press (by that same person) redeems the code."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.services import services_of
from bot.store import Store
from bot.texts.commands import COMMANDS
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import NOW, api_errors, edited, fixed_clock, join, press, seed

UNITS = (
    ("Kota Metro", "Dinas Sosial", ("KTP-el",)),
    ("Kota Metro", "Puskesmas Yosodadi", ()),
    ("Lampung Utara", "Dukcapil Lampung Utara", ()),
)


async def _redemptions(database: Any, unit_id: int) -> int:
    """How many times an invite to `unit_id` was redeemed (the audit log of a second store)."""
    store = await Store.open(database, clock=fixed_clock)
    try:
        log = await store.audit_log(limit=1000)
    finally:
        await store.close()
    joins = ("person.join", "person.rejoin", "person.move")
    return sum(1 for e in log if e["action"] in joins and e["details"]["unit_id"] == unit_id)


async def test_coordinator_opening_an_officer_code_is_asked_first(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        coordinator = fake_api.user(901, "Koor")
        joined = await join(coordinator, world.codes["coordinator:Kota Metro"])
        assert "koordinator" in joined.text

        other_unit = world.codes["Dukcapil Lampung Utara"]
        far_unit = world.units["Dukcapil Lampung Utara"]
        ask = await join(coordinator, other_unit)
        assert ask.text == (
            "Anda sekarang koordinator Kota Metro. Kode ini menjadikan Anda petugas "
            "Dukcapil Lampung Utara (Lampung Utara). Pindah?"
        )
        assert ask.button_texts == ["Pindah", "Batal"]
        assert all(len(b.data.encode()) <= 64 for row in ask.buttons for b in row if b.data)
        person = await store.person(901)
        assert person is not None and person.role == "coordinator"

        # Someone else pressing the same data (the message forwarded, or data copied) is
        # refused and redeems nothing.
        intruder = fake_api.user(902, "Penyusup")
        await join(intruder, world.codes["Dinas Sosial"])
        pressed = await intruder.press_data(1, ask.button("Pindah").data or "")
        assert (await intruder.wait_answer(pressed)).text == texts.plain("cb.forbidden", "id")
        intruder_now = await store.person(902)
        assert intruder_now is not None and intruder_now.unit_id == world.units["Dinas Sosial"]

        # Batal: nothing changes, nothing is spent.
        await coordinator.press(ask, "Batal")
        kept = await edited(coordinator, ask)
        assert kept.text == texts.plain("join.kept", "id") and kept.buttons == []
        person = await store.person(901)
        assert person is not None and person.role == "coordinator"
    assert await _redemptions(tmp_settings.database, far_unit) == 0

    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        coordinator = fake_api.user(901, "Koor")
        # The restart's reminder dispatch may send this Monday's digest first: skip it.
        await coordinator.send(f"/start {other_unit}")
        ask = await coordinator.wait_for(lambda m: m.button_texts == ["Pindah", "Batal"])
        await coordinator.press(ask, "Pindah")
        # The question's own edit: the digest (a job) can still be sending its parts now.
        moved = await coordinator.wait_for(lambda m: m.message_id == ask.message_id)
        assert "petugas" in moved.text and "Dukcapil Lampung Utara" in moved.text
        person = await store.person(901)
        assert person is not None and person.role == "officer"
        assert person.unit_id == world.units["Dukcapil Lampung Utara"]
    assert await _redemptions(tmp_settings.database, far_unit) == 1
    assert api_errors(fake_api) == []


async def test_officer_opening_another_units_link_and_single_use_codes(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Lampung Utara",))
    store = await Store.open(tmp_settings.database, clock=fixed_clock)
    try:
        region = await store.resolve_region("Lampung Utara")
        once = await store.create_invite(
            "coordinator", region_id=region.id, uses=1, days=14, now=NOW
        )
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        officer = fake_api.user(911, "Petugas")
        await join(officer, world.codes["Dinas Sosial"])

        # Same place: the usual answer, no question.
        again = await join(officer, world.codes["Dinas Sosial"])
        assert again.text == texts.render("join.error.already_member", "id")
        assert again.buttons == []

        # Another unit of the same region: asked, and Batal keeps the officer where they are.
        ask = await join(officer, world.codes["Puskesmas Yosodadi"])
        assert "Anda sekarang petugas Dinas Sosial (Kota Metro)" in ask.text
        assert "petugas Puskesmas Yosodadi (Kota Metro)" in ask.text

        # A single-use coordinator code is not spent by merely opening it.
        ask_coordinator = await join(officer, once.code)
        assert "koordinator Lampung Utara" in ask_coordinator.text
        person = await store.person(911)
        assert person is not None and person.unit_id == world.units["Dinas Sosial"]
        await officer.press(ask_coordinator, "Pindah")
        became = await edited(officer, ask_coordinator)
        assert "koordinator" in became.text and "Lampung Utara" in became.text
        person = await store.person(911)
        assert person is not None and person.role == "coordinator"

        # The older question is still on screen: its code is re-checked when pressed.
        await officer.press(ask, "Pindah")
        moved = await edited(officer, ask)
        assert "Puskesmas Yosodadi" in moved.text
        person = await store.person(911)
        assert person is not None and person.unit_id == world.units["Puskesmas Yosodadi"]

        # Someone else opening the now used-up single-use code is told so, with a neutral hint.
        other = fake_api.user(912, "Lain")
        await join(other, world.codes["Dinas Sosial"])
        used = await join(other, once.code)
        assert used.text == texts.render("join.error.used_up", "id")
        assert "orang yang mengirimkannya" in used.text and used.buttons == []

        english = fake_api.user(913, "Officer", language_code="en")
        await join(english, world.codes["Dinas Sosial"])
        ask = await join(english, world.codes["Dukcapil Lampung Utara"])
        assert ask.text.startswith("You are now an officer of Dinas Sosial (Kota Metro).")
        assert ask.text.endswith("Switch?") and ask.button_texts == ["Switch", "Cancel"]
    assert api_errors(fake_api) == []


async def test_choosing_a_language_gives_the_chat_its_command_menu(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The menu followed only the Telegram app's language: an officer whose app is in
    Indonesian and who chose English read /check in every text and /periksa (described in
    Indonesian) in the menu; and back."""
    import json

    world = await seed(tmp_settings.database)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(741, "Jane", language_code="id")
        await join(officer, world.codes["Dinas Sosial"])
        chat = (json.dumps({"chat_id": 741, "type": "chat"}, sort_keys=True), "")
        for lang, button, check in (
            ("en", "🇬🇧 English", ("check", "Fill in or continue the self-check")),
            ("id", "🇮🇩 Bahasa Indonesia", ("periksa", "Isi atau lanjutkan pemeriksaan mandiri")),
        ):
            await officer.send("/bahasa")
            menu = await officer.wait_for(lambda m: m.kind == "message" and bool(m.buttons))
            await press(officer, menu, button)
            await officer.wait_idle()
            shown = [(c["command"], c["description"]) for c in fake_api.commands[chat]]
            assert check in shown, (lang, shown)
            assert {name for name, _ in shown} == {
                names[0 if lang == "id" else 1] for names, _ in COMMANDS
            }
    assert api_errors(fake_api) == []
