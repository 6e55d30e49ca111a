"""Issue 16 #10: a redelivered /pengingat sets, never flips; a huge number in a button is
refused as invalid data (no OverflowError); a unit has at most 30 products."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.services import services_of
from bot.store.limits import PRODUCTS_PER_UNIT
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, open_check, press, seed
from tests.store_fixtures import Clock
from tests.test_coordinator import OFFICER, START, build, prepare

UNITS = (("Kota Metro", "Dinas Kependudukan", ("KTP-el",)),)


async def test_a_redelivered_pengingat_changes_nothing(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        user = fake_api.user(OFFICER)
        await user.send("/pengingat off")
        assert "Pengingat: mati" in (await user.wait_for(timeout=10)).text
        update_id = max(i for i, u in fake_api._by_update_id.items() if u.chat_id == OFFICER)
        await user.send("/pengingat on")
        assert "Pengingat: semua" in (await user.wait_for(timeout=10)).text
        fake_api.redeliver(update_id)  # the old "off", delivered again, sets nothing twice
        again = await user.wait_for(timeout=10)
        assert "Pengingat: semua" in again.text  # told the truth: still on
        assert (await store.person(OFFICER)).reminders is True  # type: ignore[union-attr]
        await user.send("/pengingat")  # alone: shows the state, changes nothing
        assert "Pengingat: semua" in (await user.wait_for(timeout=10)).text
        assert (await store.person(OFFICER)).reminders is True  # type: ignore[union-attr]


def test_huge_numbers_in_callback_data_are_invalid() -> None:
    for data in (
        "v1:a:99999999999999999999:abcd1234:1:0",
        "v1:a:1:abcd1234:99999999999999999999:0",
        "v1:a:1:abcd1234:1:99999999999999999999",
        "v1:l:1:-99999999999999999999",
        "v1:l:1:-2",
        "v1:pku:1:9223372036854775808",
    ):
        try:
            cb.unpack(data)
        except cb.CallbackDataError:
            continue
        raise AssertionError(f"accepted {data!r}")
    assert cb.unpack("v1:a:7:abcd1234:-1:3") == cb.Answer(sc=7, key="abcd1234", opt=-1, v=3)


async def test_a_huge_number_in_a_button_gets_a_clear_answer(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(931, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        ref = first.buttons[0][0].data.split(":")[3]  # type: ignore[union-attr]
        for data in (
            f"v1:a:99999999999999999999:{ref}:0:0",
            f"v1:a:1:{ref}:99999999999999999999:0",
            f"v1:a:1:{ref}:0:99999999999999999999",
            "v1:l:1:99999999999999999999",
            "v1:pku:99999999999999999999",
        ):
            pressed = await officer.press_data(first.message_id, data)
            answer = await officer.wait_answer(pressed)
            assert answer.text == texts.plain("cb.invalid", "id"), data
        await officer.wait_idle(timeout=10)
        assert not [m for m in officer.messages if "Maaf" in m.text]
        assert api_errors(fake_api) == []


async def test_a_unit_has_at_most_30_products(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        officer = fake_api.user(932, "Petugas")
        await join(officer, world.codes["Dinas Kependudukan"])
        person = await store.person(932)
        assert person is not None
        for n in range(PRODUCTS_PER_UNIT - 1):  # KTP-el is the first
            await store.register_product(person, f"Produk {n}")
        await officer.send("/produk")
        listing = await officer.wait_for()
        await press(officer, listing, texts.plain("btn.add_product", "id"))
        await officer.send("Satu lagi")
        refused = await officer.wait_for()
        wanted = texts.plain("products.invalid.too_many", "id", most=PRODUCTS_PER_UNIT)
        assert refused.text == wanted
        assert "tidak ada yang ditambahkan" in refused.text
        assert len(await store.products(person)) == PRODUCTS_PER_UNIT
        again, added = await store.register_product(person, "ktp-EL")  # an existing name
        assert again.name == "KTP-el" and added is False
