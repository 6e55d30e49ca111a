"""Probe: an invite's expiry at the exact moment, its last use and one more, a revoked code,
a deactivated person coming back, in the store and as the CLI lists them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import InviteError, ManagedBy, Newcomer, Store, UnitRow
from tests.flow_helpers import NOW


async def test_probe(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite", clock=lambda: NOW)
    try:
        await store.import_units([UnitRow(region="R", unit="U", products=(), line=1)])
        unit = (await store.list_units())[0].unit.id
        inv = await store.create_invite("officer", unit_id=unit, uses=2, days=1, now=NOW)
        end = NOW + timedelta(days=1)
        just_before = end - timedelta(microseconds=1)
        assert (await store.join(inv.code, Newcomer(1, "a"), now=just_before)).unit_id == unit
        listing = await store.invites(unit_id=unit, pending_only=False)
        print("listing at NOW:", [(i.uses, i.pending) for i in listing])
        with pytest.raises(InviteError) as exc:
            await store.join(inv.code, Newcomer(2, "b"), now=end)
        print("at the exact end:", exc.value.reason)
        assert (await store.join(inv.code, Newcomer(2, "b"), now=NOW)).unit_id == unit
        with pytest.raises(InviteError) as exc:
            await store.join(inv.code, Newcomer(3, "c"), now=NOW)
        print("one more than the limit:", exc.value.reason)
        # deactivate 1, then 1 comes back with the same (used-up) code, and with a fresh one
        await store.deactivate_person(1, ManagedBy("cli:probe"))
        with pytest.raises(InviteError) as exc:
            await store.join(inv.code, Newcomer(1, "a"), now=NOW)
        print("deactivated, used-up code:", exc.value.reason)
        fresh = await store.create_invite("officer", unit_id=unit, uses=2, days=1, now=NOW)
        back = await store.join(fresh.code, Newcomer(1, "a"), now=NOW)
        print("deactivated, fresh code:", back.active, back.unit_id)
        await store.revoke_invite(2, ManagedBy("cli:probe"))
        with pytest.raises(InviteError) as exc:
            await store.join(fresh.code, Newcomer(4, "d"), now=NOW)
        print("revoked:", exc.value.reason)
        for i in await store.invites(unit_id=unit, pending_only=False):
            print(i)
    finally:
        await store.close()
