"""`invite list|revoke` and `people list|deactivate` through the real entry point."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import InviteError, Newcomer, Store
from tests.cli_helpers import fails, run, run_json
from tests.clocks import EVENING, fixed
from tests.test_cli_admin import db, query, units  # noqa: F401

MICROS = EVENING.replace(microsecond=123456)


def redeem(path: Path, code: str, telegram_id: int, name: str) -> None:
    async def work() -> None:
        store = await Store.open(path, clock=fixed())
        try:
            await store.join(code, Newcomer(telegram_id, name))
        finally:
            await store.close()

    asyncio.run(work())


def test_invite_list_and_revoke(units: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    first = run_json(capsys, "invite", "officer", "--unit", "Puskesmas Hamadi", "--uses", "2")
    run_json(capsys, "invite", "coordinator", "--region", "Kota Metro")
    listed = run_json(capsys, "invite", "list")
    assert [i["role"] for i in listed] == ["coordinator", "officer"]  # newest first
    assert listed[1]["unit"] == "Puskesmas Hamadi" and listed[1]["uses_max"] == 2
    assert all(i["pending"] for i in listed) and "code" not in listed[0]
    assert list(listed[0]) == [  # the keys scripts read, in this order: no id of a place, no code
        "id", "role", "region", "unit", "uses", "uses_max",
        "expires_at", "created_at", "revoked_at", "pending",
    ]  # fmt: skip
    only = run_json(capsys, "invite", "list", "--unit", "Puskesmas Hamadi")
    assert [i["id"] for i in only] == [listed[1]["id"]]

    capsys.readouterr()
    assert main(["invite", "revoke", str(listed[1]["id"])], clock=fixed(MICROS)) == 0
    assert "Revoked invite" in capsys.readouterr().out
    assert run_json(capsys, "invite", "list", "--unit", "Puskesmas Hamadi") == []
    every = run_json(capsys, "invite", "list", "--all")
    revoked = {i["id"]: i for i in every}[listed[1]["id"]]
    assert revoked["pending"] is False
    assert revoked["revoked_at"] == "2026-12-02T18:30:00+00:00"
    with pytest.raises(InviteError, match="revoked"):
        redeem(units, first["code"], 42, "Ani")
    assert "no longer pending" in fails(capsys, "invite", "revoke", str(listed[1]["id"]))
    assert "no invite 999" in fails(capsys, "invite", "revoke", "999")
    assert query(units, "SELECT action FROM audit_log WHERE action = 'invite.revoke'") == [
        ("invite.revoke",)
    ]


async def _block(path: Path, telegram_id: int) -> None:
    store = await Store.open(path, clock=fixed())
    try:
        await store.mark_inactive(telegram_id)
    finally:
        await store.close()


def test_people_list_and_deactivate(units: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    invite = run_json(capsys, "invite", "officer", "--unit", "Puskesmas Hamadi")
    redeem(units, invite["code"], 42, "Ani")
    redeem(units, invite["code"], 43, "Budi")
    people = run_json(capsys, "people", "list")
    assert [(p["telegram_id"], p["unit"], p["active"]) for p in people] == [
        (42, "Puskesmas Hamadi", True),
        (43, "Puskesmas Hamadi", True),
    ]
    assert list(people[0]) == [
        "telegram_id", "name", "role", "region", "unit", "active", "joined_at", "deactivated_at",
    ]  # fmt: skip
    assert people[0]["joined_at"].endswith("+00:00") and people[0]["deactivated_at"] is None
    assert run_json(capsys, "people", "list", "--region", "Kota Metro") == []
    # At a moment with microseconds, as the wall clock has: every time field is to the
    # second, like joined_at (deactivated_at and revoked_at once carried the microseconds).
    capsys.readouterr()
    assert main(["people", "deactivate", "43", "--json"], clock=fixed(MICROS)) == 0
    off = json.loads(capsys.readouterr().out)
    assert off["active"] is False and off["deactivated_at"] == "2026-12-02T18:30:00+00:00"
    code, out, _ = run(capsys, "people", "list")
    assert code == 0 and "Budi  (inactive)" in out
    assert "already deactivated" in fails(capsys, "people", "deactivate", "43")
    assert "no person 7" in fails(capsys, "people", "deactivate", "7")
    # Ani blocked the bot: not deactivated, and `people deactivate` still applies to her.
    asyncio.run(_block(units, 42))
    code, out, _ = run(capsys, "people", "list")
    assert "Ani  (not receiving the bot's messages; not deactivated)" in out
    assert run_json(capsys, "people", "deactivate", "42")["deactivated_at"] is not None
    huge = "9" * 25  # past SQLite's integers: one line and exit 2, not a traceback
    assert "too large" in fails(capsys, "people", "deactivate", huge)
    assert "too large" in fails(capsys, "invite", "revoke", huge)


def test_a_unit_outside_the_region_given_is_an_error_not_nobody(
    units: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--unit` of one region with `--region` of another can match nothing: one line saying
    so (it printed "Nobody yet." / "No pending invites.", as if the unit were empty)."""
    run_json(capsys, "invite", "officer", "--unit", "Puskesmas Hamadi")
    for verb in ("invite", "people"):
        err = fails(capsys, verb, "list", "--unit", "Puskesmas Hamadi", "--region", "Kota Metro")
        assert err == (
            "siapnilai: error: --unit Kota Jayapura/Puskesmas Hamadi is not in --region "
            "Kota Metro\n"
        )
    both = ("--unit", "Puskesmas Hamadi", "--region", "kota jayapura")
    assert len(run_json(capsys, "invite", "list", *both)) == 1


def test_a_name_cannot_drive_the_admins_terminal(
    units: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Telegram name is the person's own text: its escape sequences (ESC [2J clears the
    screen) and a right-to-left override (which reorders the rest of the line) reached the
    admin's terminal as they were; now each shows as "?". --json keeps the name. (Names are
    kept without them since; a name stored before that is what this guards.)"""
    name = "Rina\x1b[2J\u202egnp.exe"
    invite = run_json(capsys, "invite", "officer", "--unit", "Puskesmas Hamadi")
    redeem(units, invite["code"], 42, "Rina")
    older = sqlite3.connect(units)  # the name as an older version kept it
    older.execute("UPDATE people SET name = ? WHERE telegram_id = 42", (name,))
    older.commit()
    older.close()
    code, out, _ = run(capsys, "people", "list")
    assert code == 0 and "Rina?[2J?gnp.exe" in out
    assert "\x1b" not in out and "\u202e" not in out
    code, out, _ = run(capsys, "people", "deactivate", "42")
    assert out == "Deactivated Rina?[2J?gnp.exe (42); a new invite brings them back.\n"
    [listed] = run_json(capsys, "people", "list")
    assert listed["name"] == name
