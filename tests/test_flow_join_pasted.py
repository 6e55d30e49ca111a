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
