"""Invite codes as people really paste them after /start: the whole link, a full stop or
quotes from the sentence it came in, zero-width characters from a chat app. Before, each
was "Kode undangan ini tidak dikenal" though the code in it was valid."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from bot.joining import start_parameter
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed

CODE = "Ab3_x-9" * 4 + "Zz12"


@pytest.mark.parametrize(
    "given",
    [
        CODE,
        f"{CODE}.",
        f"«{CODE}»",
        f'"{CODE}",',
        f"\u200b{CODE}\u200b",
        f"\ufeff{CODE}",
        f"https://t.me/siapnilai_bot?start={CODE}",
        f"t.me/SiapNilai_Bot?start={CODE}.",
        f"HTTPS://telegram.me/siapnilai_bot/?start={CODE}",
    ],
)
def test_the_code_in_what_was_pasted(given: str) -> None:
    assert start_parameter(given) == CODE


def test_what_is_no_code_stays_as_it_is() -> None:
    assert start_parameter("s-abc") == "s-abc"
    assert start_parameter("https://example.com/?start=x") == "https://example.com/?start=x"
    assert start_parameter(f"Tautan: https://t.me/siapnilai_bot?start={CODE}, ya") == CODE
    assert start_parameter("...") == ""


async def test_pasted_links_and_codes_join(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database)
    code = world.codes["Dinas Sosial"]
    link = f"https://t.me/{fake_api.bot_username}?start={code}"
    pasted = [link, f"{code}.", f"\u200b{code}\u200b", f"“{code}”", f"{code} terima kasih"]
    async with running_bot(tmp_settings, clock=fixed_clock):
        for n, given in enumerate(pasted):
            user = fake_api.user(600 + n, f"Orang {n}")
            joined = await join(user, given)
            assert joined.text.startswith(f"Selamat datang, Orang {n}!"), (given, joined.text)
        wrong = fake_api.user(690, "Salah")
        told = await join(wrong, code.swapcase())  # a code's letters are its own
        assert told.text == texts.render("join.error.unknown", "id")
    assert api_errors(fake_api) == []


async def test_a_code_or_link_sent_as_text_joins_a_stranger(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database)
    code = world.codes["Dinas Sosial"]
    async with running_bot(tmp_settings, clock=fixed_clock):
        bare = fake_api.user(610, "Kode")
        await bare.send(f"{code}.")
        assert (await bare.wait_for()).text.startswith("Selamat datang, Kode!")
        linked = fake_api.user(611, "Tautan")
        await linked.send(f"Ini tautannya: https://t.me/{fake_api.bot_username}?start={code}")
        assert (await linked.wait_for()).text.startswith("Selamat datang, Tautan!")
        # Other text from a stranger gets the explanation, as before.
        other = fake_api.user(612, "Lain")
        await other.send("halo, saya mau daftar")
        assert (await other.wait_for()).text == texts.render("unregistered", "id")
        # From someone registered, such a text is free text as before: here a product name.
        await bare.send("/periksa")
        asked = await bare.wait_for()
        assert "Tulis nama produk layanan" in asked.text
        await bare.send("A" * 32)
        added = await bare.wait_for()
        assert "A" * 32 in added.text
    assert api_errors(fake_api) == []
