"""`Store.invite_place`: where a code would put its redeemer, without redeeming it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store import InviteError, Newcomer
from tests.store_fixtures import (  # noqa: F401
    Seeded,
    clock_fixture,
    seeded_fixture,
    store_fixture,
)


async def uses(seeded: Seeded, code_hash: str) -> int:
    row = await seeded.store._fetchone("SELECT uses FROM invites WHERE code_hash = ?", (code_hash,))
    assert row is not None
    return int(row["uses"])


async def test_places_of_officer_and_coordinator_codes_and_nothing_is_spent(
    seeded: Seeded,
) -> None:
    from bot.store._people import hash_code

    store = seeded.store
    officer = await store.create_invite("officer", unit_id=seeded.dukcapil_mks, uses=1, days=1)
    coordinator = await store.create_invite("coordinator", region_id=seeded.metro, uses=1, days=1)
    assert await store.invite_place(officer.code) == (
        "officer",
        seeded.dukcapil_mks,
        seeded.makassar,
    )
    assert await store.invite_place(f"  {coordinator.code} ") == ("coordinator", None, seeded.metro)
    assert await uses(seeded, hash_code(officer.code)) == 0
    # Asking twice changes nothing; the code still redeems once.
    assert await store.invite_place(officer.code) == (
        "officer",
        seeded.dukcapil_mks,
        seeded.makassar,
    )
    person = await store.join(officer.code, Newcomer(7001, "Baru"))
    assert (person.unit_id, person.region_id) == (seeded.dukcapil_mks, seeded.makassar)


async def test_unknown_expired_and_used_up_codes_are_refused_as_join_would(
    seeded: Seeded,
) -> None:
    store = seeded.store
    once = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=1, days=1)
    await store.join(once.code, Newcomer(7002, "Pertama"))
    with pytest.raises(InviteError) as used_up:
        await store.invite_place(once.code)
    assert used_up.value.reason == "used_up"
    soon = await store.create_invite("officer", unit_id=seeded.puskesmas, uses=5, days=1)
    seeded.clock.advance(days=2)
    with pytest.raises(InviteError) as expired:
        await store.invite_place(soon.code, now=seeded.clock.now + timedelta(seconds=1))
    assert expired.value.reason == "expired"
    for bad in ("", "short", "x" * 40, "bad code with spaces!!"):
        with pytest.raises(InviteError) as unknown:
            await store.invite_place(bad)
        assert unknown.value.reason == "unknown"
