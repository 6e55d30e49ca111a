"""`Store.register_product`: one product per name whatever its case or spacing, and which
rule a refused name broke."""

from __future__ import annotations

import asyncio

import pytest

from bot.store import Invalid
from tests.store_fixtures import (  # noqa: F401
    Seeded,
    clock_fixture,
    seeded_fixture,
    store_fixture,
)


async def test_a_name_differing_in_case_or_spacing_is_the_existing_product(seeded: Seeded) -> None:
    store = seeded.store
    before = {p.name for p in await store.products(seeded.officer)}
    added, was_added = await store.register_product(seeded.officer, "Kartu Keluarga")
    assert was_added and added.name == "Kartu Keluarga"
    again, was_added = await store.register_product(seeded.officer, "  kartu   KELUARGA ")
    assert not was_added and again == added
    assert {p.name for p in await store.products(seeded.officer)} == before | {"Kartu Keluarga"}


async def test_two_officers_adding_one_name_at_once_make_one_product(seeded: Seeded) -> None:
    store = seeded.store
    results = await asyncio.gather(
        store.register_product(seeded.officer, "Surat Pindah"),
        store.register_product(seeded.officer2, "surat pindah"),
    )
    assert sorted(added for _, added in results) == [False, True]
    assert results[0][0] == results[1][0]
    names = [p.name.casefold() for p in await store.products(seeded.officer)]
    assert names.count("surat pindah") == 1


@pytest.mark.parametrize(
    ("name", "detail"),
    [("   ", "empty"), ("x" * 101, "too_long"), ("KTP@el", "at_sign"), ("KTP\x07", "control")],
)
async def test_a_refused_name_says_which_rule(seeded: Seeded, name: str, detail: str) -> None:
    with pytest.raises(Invalid) as refused:
        await seeded.store.register_product(seeded.officer, name)
    assert refused.value.reason == "product_name" and refused.value.detail == detail
