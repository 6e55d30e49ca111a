"""/produk journeys: bad names get a reason in the reader's language, a name that differs
only in case or spacing is the product that already exists."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, press, seed

UNITS = (("Kota Metro", "Dinas Kependudukan", ("KTP-el",)),)


async def _ask_name(user: Any) -> None:
    await user.send("/produk")
    listing = await user.wait_for()
    asked = await press(user, listing, texts.plain("btn.add_product", "id"))
    assert asked.text == texts.plain("products.ask_name", "id").replace("<i>", "").replace(
        "</i>", ""
    )


async def test_bad_and_duplicate_names(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        officer = fake_api.user(921, "Petugas")
        await join(officer, world.codes["Dinas Kependudukan"])
        person = await store.person(921)
        assert person is not None
        await _ask_name(officer)

        await officer.send("x" * 300)
        too_long = await officer.wait_for()
        assert too_long.text == (
            "Nama produk tidak bisa dipakai: paling banyak 100 karakter. Tulis nama yang lebih "
            "pendek, atau /batal."
        )
        await officer.send("   ")
        blank = await officer.wait_for()
        assert blank.text == (
            "Nama produk tidak bisa dipakai: namanya kosong. Tulis namanya, atau /batal."
        )
        await officer.send("KTP@el")
        assert "@" in (await officer.wait_for()).text
        await officer.send(" - . ")
        assert (await officer.wait_for()).text == (
            "Nama produk tidak bisa dipakai: perlu setidaknya satu huruf atau angka. Tulis nama "
            "lain, atau /batal."
        )
        for reply in officer.messages[-4:]:
            assert "characters" not in reply.text and "product name" not in reply.text

        # Still waiting for the name: the same name in another case is the existing product.
        await officer.send("  ktp-el  ")
        same = await officer.wait_for()
        assert same.text.startswith("Produk KTP-el sudah ada; tidak ada yang ditambahkan.")
        assert "ditambahkan." not in same.text.replace("tidak ada yang ditambahkan.", "")
        assert [p.name for p in await store.products(person)] == ["KTP-el"]

        await _ask_name(officer)
        await officer.send("ＫＴＰ-el")  # full-width letters: the same name to a reader
        wide = await officer.wait_for()
        assert wide.text.startswith("Produk KTP-el sudah ada; tidak ada yang ditambahkan.")

        await _ask_name(officer)
        await officer.send("KTP-el")
        exact = await officer.wait_for()
        assert "sudah ada" in exact.text and "Produk KTP-el ditambahkan" not in exact.text
        assert [p.name for p in await store.products(person)] == ["KTP-el"]

        await _ask_name(officer)
        await officer.send("Akta  Kelahiran")
        added = await officer.wait_for()
        assert added.text.startswith("Produk Akta Kelahiran ditambahkan.")
        assert sorted(p.name for p in await store.products(person)) == [
            "Akta Kelahiran",
            "KTP-el",
        ]

        english = fake_api.user(922, "Officer", language_code="en")
        await join(english, world.codes["Dinas Kependudukan"])
        await english.send("/products")
        listing = await english.wait_for()
        await press(english, listing, texts.plain("btn.add_product", "en"))
        await english.send("y" * 101)
        assert (await english.wait_for()).text == (
            "That product name can't be used: a name has at most 100 characters. Write a "
            "shorter name, or /cancel."
        )
        await english.send("AKTA KELAHIRAN")
        assert (await english.wait_for()).text.startswith(
            "Product Akta Kelahiran already exists; nothing was added."
        )
    assert api_errors(fake_api) == []
