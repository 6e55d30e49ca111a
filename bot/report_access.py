"""Who may report on what: the scope of /ringkasan and /unduh, and who may build which
evidence pack or unit page. Returns outcomes; the chat layer words them.

A coordinator reports on their region, an officer on their own unit (/unduh and the pack
only), an admin on any region they name (`/ringkasan kota metro`, any case and spacing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from bot import reports
from bot.frozen import frozen
from bot.reports import RegionSummary
from bot.store import (
    Ambiguous,
    Cycle,
    EvidenceLine,
    Forbidden,
    NotFound,
    Person,
    Region,
    Store,
    Unit,
)
from rubric import Rubric


@frozen
class Overseer:
    """Who acts on a region's units in /tinjau and /undang: the stored person (None for an
    admin who never joined) and whether they are listed in SIAPNILAI_ADMINS."""

    telegram_id: int
    person: Person | None
    is_admin: bool

    @property
    def region(self) -> int | None:
        """The one region a coordinator oversees; None for an admin (any region)."""
        if self.is_admin and (self.person is None or self.person.role != "coordinator"):
            return None
        person = self.person
        return person.region_id if person is not None and person.region_id is not None else -1


@frozen
class Scope:
    region_id: int
    unit_id: int | None
    """An officer's own unit; None: the whole region."""
    other_asked: bool = False
    """A coordinator or officer named another region: they get their own, and are told so."""


@frozen
class NoScope:
    """Neither a coordinator with a region nor an officer with a unit."""


@frozen
class PickRegion:
    """An admin must name a region (`asked` named none, or none that exists)."""

    regions: list[Region]
    asked: str


U = TypeVar("U")


@frozen
class RegionUnits(Generic[U]):
    """The units of the region an overseer acts on (/tinjau, /undang)."""

    region_id: int
    units: list[U]
    other_asked: bool = False
    """A coordinator named another region: they get their own, and are told so."""


@frozen
class PackPlan:
    """What an evidence pack of `unit` holds (`files` empty: nothing to pack)."""

    unit: Unit
    lines: list[EvidenceLine]
    cycle: Cycle | None
    rubric: Rubric | None
    now: datetime


class ReportAccess:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def scope(
        self, person: Person | None, is_admin: bool, asked: str
    ) -> Scope | NoScope | PickRegion:
        """The region (and unit) a report covers, read fresh from the store."""
        if person is not None and person.active and person.role in ("coordinator", "officer"):
            try:
                region_id, unit_id = await self.store.report_scope(person)
            except (Forbidden, NotFound):
                return NoScope()
            name = " ".join(asked.split()).casefold()
            own = " ".join((await self.store.region(region_id)).name.split()).casefold()
            return Scope(region_id, unit_id, other_asked=bool(name) and name != own)
        if not is_admin:
            return NoScope()
        name = " ".join(asked.split())
        regions = await self.store.regions()
        if name:
            wanted = name.casefold()
            matches = [r for r in regions if " ".join(r.name.split()).casefold() == wanted]
            if len(matches) == 1:
                return Scope(matches[0].id, None)
            try:
                return Scope((await self.store.resolve_region(name)).id, None)
            except (NotFound, Ambiguous):  # the admin picks among them
                pass
        return PickRegion(regions, name)

    async def overseen_region(self, who: Overseer, asked: str) -> Scope | NoScope | PickRegion:
        """The one region `who` acts on in /tinjau and /undang: a Scope with no unit."""
        found = await self.scope(who.person, who.is_admin, asked)
        if isinstance(found, Scope) and found.unit_id is not None:
            return NoScope()
        return found

    def may_list(self, person: Person | None, is_admin: bool, region_id: int) -> bool:
        """Whether a region's unit menu (evidence pack, unit page) may be shown: to an active
        coordinator of that region, or an admin."""
        return is_admin or (
            person is not None
            and person.active
            and person.role == "coordinator"
            and person.region_id == region_id
        )

    async def pack_units(self, region_id: int) -> tuple[str, list[tuple[str, int]]]:
        """The region's name and (name, id) of its units, in the overview's order (one read)."""
        listing = await self.store.overview(region_id)
        return listing.region.name, [(s.unit.name, s.unit.id) for s in listing.units]

    async def pack_unit(self, person: Person | None, is_admin: bool, unit_id: int) -> Unit | None:
        """The unit, if the presser may build its pack (None: forbidden or gone)."""
        try:
            if person is not None and person.active and person.role in ("coordinator", "officer"):
                return await self.store.check_unit_access(person, unit_id)
            if is_admin:
                return await self.store.unit(unit_id)
        except (Forbidden, NotFound):
            return None
        return None

    async def unit_page(
        self, person: Person | None, is_admin: bool, unit_id: int, now: datetime
    ) -> RegionSummary | None:
        """The summary of one unit (its page of `reports.unit_pages_pdf`), if the presser may
        see it: its officers, its region's coordinator, an admin (None: forbidden or gone)."""
        unit = await self.pack_unit(person, is_admin, unit_id)
        if unit is None:
            return None
        return await reports.region_summary(self.store, unit.region_id, now, unit_id=unit.id)

    async def pack_plan(self, unit_id: int, now: datetime) -> PackPlan:
        """The unit's evidence of its current cycle, and the rubric to file it by."""
        store = self.store
        unit = await store.unit(unit_id)
        lines = await store.evidence_lines(unit_id, now)
        if not lines:
            return PackPlan(unit, [], None, None, now)
        snapshot = await store.overview(unit.region_id, unit_id=unit_id, now=now)
        cycle = snapshot.units[0].cycle if snapshot.units else None
        assert cycle is not None  # evidence exists, so the unit has a current cycle
        return PackPlan(unit, lines, cycle, store.rubric(cycle.rubric_id), now)
