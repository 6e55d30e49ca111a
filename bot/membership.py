"""People and invites in chat (/undang, /invite): a coordinator creates officer invites for
their region's units, lists a unit's people and pending invites, revokes an invite and
deactivates an officer; an admin (SIAPNILAI_ADMINS) does the same in any region. Returns
outcomes; the chat layer words them. The store checks the region again on every write.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace
from typing import Literal

from bot.frozen import frozen
from bot.refused import Refused
from bot.report_access import NoScope, Overseer, PickRegion, RegionUnits, ReportAccess, Scope
from bot.store import (
    CreatedInvite,
    Forbidden,
    Invalid,
    InviteListing,
    ManagedBy,
    NotFound,
    PersonListing,
    Repeated,
    Store,
    Unit,
)

INVITE_USES = (1, 1000)
INVITE_DAYS = (1, 90)
PRESETS: tuple[tuple[int, int], ...] = ((1, 7), (5, 14), (20, 30))
"""(uses, days) offered as buttons: one person, a small team, a whole unit."""

MembershipRefusal = Literal[
    "forbidden", "not_found", "not_pending", "inactive", "moved", "bad_numbers", "repeated"
]


Manager = Overseer
"""Who manages people and invites (a coordinator of the region, or an admin)."""


@frozen
class UnitPage:
    unit: Unit
    people: list[PersonListing]
    invites: list[InviteListing]
    unchanged: MembershipRefusal | None = None
    """Why a confirmed change changed nothing (already inactive, moved elsewhere): the page
    is shown as it is now, with the reason."""


@frozen
class Deactivation:
    """A deactivation to confirm: the officer as they are now, and their unit."""

    person: PersonListing
    unit: Unit


@frozen
class NewInvite:
    """An invite made for the unit: its code is shown once."""

    unit: Unit
    invite: CreatedInvite


class MembershipService:
    def __init__(self, store: Store, access: ReportAccess) -> None:
        self.store = store
        self.access = access

    def may_manage(self, who: Manager) -> bool:
        person = who.person
        coordinator = person is not None and person.active and person.role == "coordinator"
        return who.is_admin or coordinator

    async def units(self, who: Manager, asked: str) -> RegionUnits[Unit] | NoScope | PickRegion:
        """/undang: the units of the manager's region (an admin names one)."""
        if not self.may_manage(who):
            return NoScope()
        found = await self.access.overseen_region(who, asked)
        if not isinstance(found, Scope):
            return found
        listing = await self.store.list_units(found.region_id)
        units = [u.unit for u in listing]
        return RegionUnits(found.region_id, units, found.other_asked)

    async def unit_page(self, who: Manager, unit_id: int) -> Refused[MembershipRefusal] | UnitPage:
        """A unit's people and pending invites, if the manager may manage it."""
        unit = await self._unit(who, unit_id)
        if isinstance(unit, Refused):
            return unit
        people = await self.store.people(unit_id=unit.id)
        invites = await self.store.invites(unit_id=unit.id)
        return UnitPage(unit, people, invites)

    async def create(
        self, who: Manager, unit_id: int, uses: int, days: int, update_id: int | None = None
    ) -> Refused[MembershipRefusal] | NewInvite:
        """A new officer invite for the unit: the code comes back once (a redelivered press,
        the same `update_id`, makes no second one)."""
        if not (
            INVITE_USES[0] <= uses <= INVITE_USES[1] and INVITE_DAYS[0] <= days <= INVITE_DAYS[1]
        ):
            return Refused("bad_numbers")
        unit = await self._unit(who, unit_id)
        if isinstance(unit, Refused):
            return unit
        try:
            created = await self.store.create_invite(
                "officer",
                unit_id=unit.id,
                uses=uses,
                days=days,
                who=who.telegram_id,
                update_id=update_id,
            )
        except Repeated:
            return Refused("repeated")
        return NewInvite(unit, created)

    async def revoke(self, who: Manager, invite_id: int) -> Refused[MembershipRefusal] | UnitPage:
        """Revoke an invite; then the unit's page as it is now."""
        if not self.may_manage(who):
            return Refused("forbidden")
        revoking = self.store.revoke_invite(invite_id, ManagedBy(who.telegram_id, who.region))
        return await self._then_page(who, revoking, "not_pending")

    async def deactivation(
        self, who: Manager, telegram_id: int
    ) -> Refused[MembershipRefusal] | Deactivation:
        """The first press on an officer's deactivate button: who would lose access, to be
        confirmed; nothing changes yet."""
        if not self.may_manage(who) or telegram_id == who.telegram_id:
            return Refused("forbidden")
        try:
            person = await self.store.managed_person(
                telegram_id, ManagedBy(who.telegram_id, who.region)
            )
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("not_found")
        if person.deactivated_at is not None:  # not one who only blocked the bot: they may be
            return Refused("inactive")
        unit = None if person.unit_id is None else await self._unit(who, person.unit_id)
        return Deactivation(person, unit) if isinstance(unit, Unit) else Refused("not_found")

    async def deactivate(
        self, who: Manager, telegram_id: int, unit_id: int
    ) -> Refused[MembershipRefusal] | UnitPage:
        """The confirmed deactivation of an officer of `unit_id` (the unit the confirmation
        showed); then that unit's page as it is now. Someone already inactive or moved
        elsewhere since is left alone (the page says why)."""
        if telegram_id == who.telegram_id:
            return Refused("forbidden")
        unit = await self._unit(who, unit_id)
        if isinstance(unit, Refused):
            return unit
        deactivating = self.store.deactivate_person(
            telegram_id, ManagedBy(who.telegram_id, who.region), unit_id=unit.id
        )
        return await self._then_page(who, deactivating, "inactive", unit_id=unit.id)

    async def _then_page(
        self,
        who: Manager,
        change: Awaitable[InviteListing | PersonListing],
        invalid: MembershipRefusal,
        *,
        unit_id: int | None = None,
    ) -> Refused[MembershipRefusal] | UnitPage:
        """Make the store's change (its refusals worded, `invalid` for an Invalid one); then
        the page of the unit of what it changed. With `unit_id`, an Invalid change (nothing
        to do any more) shows that unit's page with the reason."""
        try:
            changed = await change
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("not_found")
        except Invalid as exc:
            reason: MembershipRefusal = "moved" if exc.reason == "moved" else invalid
            if unit_id is None:
                return Refused(reason)
            page = await self.unit_page(who, unit_id)
            return page if isinstance(page, Refused) else replace(page, unchanged=reason)
        if changed.unit_id is None:  # a coordinator invite: no unit page to show
            return Refused("not_found")
        return await self.unit_page(who, changed.unit_id)

    async def _unit(self, who: Manager, unit_id: int) -> Refused[MembershipRefusal] | Unit:
        if not self.may_manage(who):
            return Refused("forbidden")
        try:
            await self.store.unit_in_region(unit_id, who.region)
            return await self.store.unit(unit_id)
        except Forbidden:
            return Refused("forbidden")
        except NotFound:
            return Refused("not_found")
