"""Probe: an admin (SIAPNILAI_ADMINS) using /undang with and without a region, odd region
names; a coordinator deactivated (as the CLI does) pressing their old /undang page; a
deactivated officer writing and coming back with a fresh invite."""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from bot.store import ManagedBy
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed


async def _say(user: Any, text: str) -> list[Any]:
    before = len(user.events)
    await user.send(text)
    await user.wait_idle(quiet=0.4)
    got = user.events[before:]
    print(f"\n>>> {user.first_name}: {text[:80]!r}")
    for m in got:
        print(f"  <{m.kind}> {m.text[:200]!r} {m.button_texts}")
    return list(got)


async def test_probe(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ()), ("Lampung Utara", "Dukcapil", ())),
        coordinators=("Kota Metro",),
    )
    settings = tmp_settings.model_copy(update={"admins": frozenset({42})})
    async with running_bot(settings, clock=fixed_clock) as app:
        store = services_of(app).store
        admin = fake_api.user(42, "Admin")
        await _say(admin, "/undang")
        await _say(admin, "/undang nope")
        await _say(admin, "/undang <b>x</b>")
        got = await _say(admin, "/undang Lampung Utara")
        await admin.press(got[-1], "Dukcapil")
        await admin.wait_idle(quiet=0.4)
        print("  page:", admin.events[-1].text[:200], admin.events[-1].button_texts)
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        got = await _say(coordinator, "/undang")
        await coordinator.press(got[-1], "Dinas Sosial")
        await coordinator.wait_idle(quiet=0.4)
        page = coordinator.events[-1]
        await store.deactivate_person(901, ManagedBy("cli:probe"))
        pressed = await coordinator.press(page, page.button_texts[0])
        print("  deactivated coordinator press:", (await coordinator.wait_answer(pressed)).text)
        await _say(coordinator, "/undang")
        await _say(coordinator, "/ringkasan")
        await _say(coordinator, "/start")
        await _say(coordinator, "hello")
        officer = fake_api.user(700, "Petugas")
        await join(officer, world.codes["Dinas Sosial"])
        await store.deactivate_person(700, ManagedBy("cli:probe"))
        await _say(officer, "/periksa")
        await _say(officer, "/start")
        await _say(officer, f"/start {world.codes['Dinas Sosial']}")
        await _say(officer, "/periksa")
    print("API errors:", api_errors(fake_api))
