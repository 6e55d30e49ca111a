"""Probe: odd inputs from a real client; prints what the bot answers to each (run with -s)."""

from __future__ import annotations

from typing import Any

from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed


async def _say(user: Any, text: str) -> None:
    before = len(user.events)
    await user.send(text)
    await user.wait_idle(quiet=0.4)
    got = user.events[before:]
    print(f"\n>>> {text[:80]!r} ({len(text)} chars)")
    for m in got:
        print(f"  <{m.kind}> {m.text[:300]!r} {m.button_texts}")
    if not got:
        print("  (no reply)")


async def test_probe(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    world = await seed(tmp_settings.database)
    code = world.codes["Dinas Sosial"]
    async with running_bot(tmp_settings, clock=fixed_clock):
        stranger = fake_api.user(500, "Asing")
        for text in [
            code,
            f"https://t.me/{fake_api.bot_username}?start={code}",
            f"/start https://t.me/{fake_api.bot_username}?start={code}",
            f"/start {code.lower()}",
            f"/start {code}.",
            f"/start {code}\u200b",
            f"/start \u200b{code}",
            f"/start@{fake_api.bot_username} {code}x",
            f"/start@OtherBot {code}",
            "/start " + "A" * 5000,
            "/foo",
            "/periksa",
        ]:
            await _say(stranger, text)
        officer = fake_api.user(501, "Petugas")
        await join(officer, code)
        for text in [
            "/foo",
            "/PERIKSA",
            f"/skor@{fake_api.bot_username}",
            "/skor@OtherBot",
            "x" * 5000,
            "\u202eRTL\u0000\u200b😀",
            "/produk",
            "/produk " + "Z" * 5000,
            "/pengingat",
        ]:
            await _say(officer, text)
        # edit the /pengingat message: does it toggle again?
        last_cmd = [
            m for m in officer.chat.messages.values() if not m.from_bot and m.text == "/pengingat"
        ][-1]
        before = len(officer.events)
        await officer.edit(last_cmd.message_id, "/pengingat ")
        await officer.wait_idle(quiet=0.4)
        print("\n>>> edit /pengingat")
        for m in officer.events[before:]:
            print(f"  <{m.kind}> {m.text[:300]!r} {m.button_texts}")
    print("API errors:", api_errors(fake_api))
