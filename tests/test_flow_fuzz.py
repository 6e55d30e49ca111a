"""Random use: buttons on any message, stray text, files, commands and forged data, in any
order. The bot never reports an internal error and never makes a Bot API call Telegram would
refuse (apart from the harmless "not modified" / "query too old")."""

from __future__ import annotations

import random
from typing import Any

from bot import texts
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, officer_state, seed

COMMANDS = [
    "/periksa",
    "/skor",
    "/kekurangan",
    "/produk",
    "/bantuan",
    "/batal",
    "/bahasa",
    "/check",
    "/gaps",
    "/start",
    "/tidakada",
]
TEXTS = ["", "halo", 'Dinas <Sosial> & "PMPTSP" 🏛️', "x" * 3000, "/", "<b>tebal</b>", "KTP-el"]
HARMLESS = ("message is not modified", "query is too old")


async def test_random_use_never_breaks_the_bot(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),))
    rng = random.Random(20260301)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(991, "Acak")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/periksa")
        await officer.wait_for()
        for _ in range(100):
            roll = rng.random()
            with_buttons = [m for m in officer.messages[-6:] if m.buttons]
            if roll < 0.6 and with_buttons:
                message = rng.choice(with_buttons)
                button = rng.choice([b for row in message.buttons for b in row])
                await officer.press(message, button.text)
            elif roll < 0.7:
                await officer.send(rng.choice(COMMANDS))
            elif roll < 0.8:
                await officer.send(rng.choice(TEXTS) or "?")
            elif roll < 0.87:
                await officer.send_photo()
            elif roll < 0.92:
                await officer.send_document(
                    b"data",
                    rng.choice(["a.pdf", "b.exe", "c.xlsx"]),
                    rng.choice(["application/pdf", "application/x-msdownload"]),
                )
            else:
                target = rng.choice(officer.messages).message_id
                data = rng.choice(
                    [
                        "v1:a:1:00000000:0:0",
                        "v1:l:1:999",
                        "v1:g:1:-5",
                        "v1:o:2:abc",
                        "v1:m:1:zz:s",
                        "v1:lang:id",
                        "nonsense",
                        "v1:d:1:0",
                    ]
                )
                await officer.press_data(target, data)
            await officer.wait_idle(quiet=0.05)
        sorry = texts.render("error.generic", "id")
        assert all(m.text != sorry for m in officer.events)
        store, _, selfcheck = await officer_state(app, 991)
        assert await store.integrity_check() == "ok"
        assert await store.answer_states(selfcheck)  # the walk really moved
    refused = [(m, d) for m, d in api_errors(fake_api) if not any(h in str(d) for h in HARMLESS)]
    assert refused == []
