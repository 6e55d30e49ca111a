"""People and invites as a coordinator (or admin) manages them: list a unit's people and
pending invites, revoke an invite, deactivate a person. Every change is audited.

`ManagedBy.region` is the region the manager may touch (a coordinator's); None for an admin
or the CLI. The store checks it inside the unit of work, so a forged button cannot widen it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.frozen import frozen
from bot.store import _rows
from bot.store.core import StoreCore, audit_row, from_iso, iso
from bot.store.errors import Forbidden, Invalid, NotFound
from bot.store.types import InviteListing, PersonListing

_INVITE_SQL = (
    "SELECT i.id, i.role, i.unit_id, i.uses, i.uses_max, i.expires_at, "
    "i.created_at, i.revoked_at, COALESCE(u.name, '') AS unit, "
    "COALESCE(r.name, ru.name, '') AS region, COALESCE(i.region_id, u.region_id) AS region_id "
    "FROM invites i LEFT JOIN units u ON u.id = i.unit_id "
    "LEFT JOIN regions r ON r.id = i.region_id LEFT JOIN regions ru ON ru.id = u.region_id"
)
_PEOPLE_SQL = (
    "SELECT p.telegram_id, p.name, p.role, p.unit_id, p.active, p.joined_at, "
    "p.deactivated_at, COALESCE(u.name, '') AS unit, COALESCE(r.name, ru.name, '') AS region, "
    "COALESCE(p.region_id, u.region_id) AS region_id "
    "FROM people p LEFT JOIN units u ON u.id = p.unit_id "
    "LEFT JOIN regions r ON r.id = p.region_id LEFT JOIN regions ru ON ru.id = u.region_id"
)


@frozen
class ManagedBy:
    """Who makes a change to people or invites: `who` as the audit names them (a Telegram
    id, or "cli:<os user>"), and `region`, the one region they may touch (None: any)."""

    who: int | str
    region: int | None = None


def _when(text: str | None) -> datetime | None:
    return None if text is None else from_iso(text)


def _invite(row: sqlite3.Row, now: datetime) -> InviteListing:
    expires, revoked = from_iso(row["expires_at"]), _when(row["revoked_at"])
    return _rows.build(
        InviteListing,
        row,
        expires_at=expires,
        created_at=from_iso(row["created_at"]),
        revoked_at=revoked,
        pending=revoked is None and expires > now and row["uses"] < row["uses_max"],
    )


def _person(row: sqlite3.Row) -> PersonListing:
    return _rows.build(
        PersonListing,
        row,
        active=bool(row["active"]),
        joined_at=from_iso(row["joined_at"]),
        deactivated_at=_when(row["deactivated_at"]),
    )


def _where(
    region_id: int | None, unit_id: int | None, region_col: str, unit_col: str
) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if region_id is not None:
        clauses.append(f"{region_col} = ?")
        params.append(region_id)
    if unit_id is not None:
        clauses.append(f"{unit_col} = ?")
        params.append(unit_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _managed(
    db: sqlite3.Connection, sql: str, key: int, scope_region: int | None, what: str
) -> sqlite3.Row:
    """The invite or person row `key` names, if the manager may touch it: NotFound when
    there is none; Forbidden outside `scope_region` (a coordinator manages officers and
    officer invites of their region alone)."""
    row: sqlite3.Row | None = db.execute(sql, (key,)).fetchone()
    if row is None:
        raise NotFound(f"no {what} {key}")
    if scope_region is not None and (row["region_id"] != scope_region or row["role"] != "officer"):
        raise Forbidden(f"{what} {key} is outside the manager's region")
    return row


_ONE_INVITE = f"{_INVITE_SQL} WHERE i.id = ?"
_ONE_PERSON = f"{_PEOPLE_SQL} WHERE p.telegram_id = ?"


def _still_in(db: sqlite3.Connection, telegram_id: int, unit_id: int, scope: int | None) -> None:
    """Invalid("moved") unless the person is still in `unit_id`; Forbidden when they are in
    another region than the manager's `scope` now (NotFound when there is no such person)."""
    row: sqlite3.Row | None = db.execute(_ONE_PERSON, (telegram_id,)).fetchone()
    if row is None:
        raise NotFound(f"no person {telegram_id}")
    if row["unit_id"] == unit_id:
        return
    if scope is not None and row["region_id"] != scope:
        raise Forbidden(f"person {telegram_id} is outside the manager's region")
    raise Invalid("moved", f"person {telegram_id} is no longer in unit {unit_id}")


class MembershipMixin(StoreCore):
    async def invites(
        self,
        *,
        region_id: int | None = None,
        unit_id: int | None = None,
        pending_only: bool = True,
        now: datetime | None = None,
    ) -> list[InviteListing]:
        """Invites (of a region or unit), newest first; pending only (not revoked, expired or
        used up) unless `pending_only` is False."""
        now = now or self.now()
        where, params = _where(
            region_id, unit_id, "COALESCE(i.region_id, u.region_id)", "i.unit_id"
        )
        rows = await self._fetchall(f"{_INVITE_SQL}{where} ORDER BY i.id DESC", params)
        found = [_invite(r, now) for r in rows]
        return [i for i in found if i.pending] if pending_only else found

    async def people(
        self, *, region_id: int | None = None, unit_id: int | None = None
    ) -> list[PersonListing]:
        """People (of a region, its units included, or of a unit), by region, unit, name."""
        where, params = _where(
            region_id, unit_id, "COALESCE(p.region_id, u.region_id)", "p.unit_id"
        )
        rows = await self._fetchall(
            f"{_PEOPLE_SQL}{where} ORDER BY region, unit, p.role, p.name", params
        )
        return [_person(r) for r in rows]

    async def revoke_invite(
        self, invite_id: int, by: ManagedBy, *, now: datetime | None = None
    ) -> InviteListing:
        """Revoke an invite: it redeems no more. Forbidden outside `by.region` (and, for a
        coordinator, a coordinator invite); Invalid("not_pending") when it already was
        revoked, expired or used up."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> InviteListing:
            invite = _invite(_managed(db, _ONE_INVITE, invite_id, by.region, "invite"), now)
            if not invite.pending:
                raise Invalid("not_pending", f"invite {invite_id} is no longer pending")
            db.execute("UPDATE invites SET revoked_at = ? WHERE id = ?", (iso(now), invite_id))
            audit_row(db, by.who, "invite.revoke", {"invite_id": invite_id}, now)
            return _invite(db.execute(_ONE_INVITE, (invite_id,)).fetchone(), now)

        return await self._run_write(work)

    async def managed_person(self, telegram_id: int, by: ManagedBy) -> PersonListing:
        """A person as the manager may see them before changing them: NotFound, or Forbidden
        outside `by.region` (a coordinator manages the officers of their region alone)."""

        def work(db: sqlite3.Connection) -> PersonListing:
            return _person(_managed(db, _ONE_PERSON, telegram_id, by.region, "person"))

        return await self._run_read(work)

    async def deactivate_person(
        self,
        telegram_id: int,
        by: ManagedBy,
        *,
        unit_id: int | None = None,
        now: datetime | None = None,
    ) -> PersonListing:
        """Deactivate a person: no access, no reminders, and writing to the bot does not bring
        them back (a new invite does). With `by.region` (a coordinator): only the officers
        of that region's units. With `unit_id` (the unit a confirmation showed them in):
        Invalid("moved") when they have left it since (Forbidden when for another region).
        Invalid("inactive") when already inactive."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> PersonListing:
            if unit_id is not None:
                _still_in(db, telegram_id, unit_id, by.region)
            row = _managed(db, _ONE_PERSON, telegram_id, by.region, "person")
            if not row["active"] and row["deactivated_at"] is not None:
                raise Invalid("inactive", f"person {telegram_id} is already deactivated")
            db.execute(
                "UPDATE people SET active = 0, deactivated_at = ? WHERE telegram_id = ?",
                (iso(now), telegram_id),
            )
            db.execute("DELETE FROM chat_state WHERE telegram_id = ?", (telegram_id,))
            audit_row(db, by.who, "person.deactivate", {"telegram_id": telegram_id}, now)
            return _person(db.execute(_ONE_PERSON, (telegram_id,)).fetchone())

        return await self._run_write(work)

    async def unit_in_region(self, unit_id: int, region_id: int | None) -> None:
        """NotFound / Forbidden unless the unit exists (in `region_id`, when given)."""

        def work(db: sqlite3.Connection) -> None:
            unit = _rows.read_unit(db, unit_id)
            if region_id is not None and unit.region_id != region_id:
                raise Forbidden("a unit of another region")

        await self._run_read(work)
