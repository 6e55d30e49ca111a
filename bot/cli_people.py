"""CLI verbs for people and invites: `invite list`, `invite revoke ID`, `people list`,
`people deactivate TELEGRAM_ID`, each with `--json`. The same store methods as /undang in
chat, without a region limit (the CLI is the server admin); every change is audited as
`cli:<os user>`.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from bot.cli_common import (
    CLI_ZONE,
    CliError,
    load_settings,
    name_arg,
    print_json,
    printable,
    who,
    with_store,
)
from bot.settings import local_moment
from bot.store import Invalid, InviteListing, ManagedBy, PersonListing, Store

Listing = TypeVar("Listing", InviteListing, PersonListing)


def add_invite_verbs(roles: Any, common: argparse.ArgumentParser) -> None:
    """`invite list` and `invite revoke`, beside `invite officer|coordinator`."""
    listing = roles.add_parser("list", parents=[common], help="list invites (pending by default)")
    listing.add_argument("--region", type=name_arg, help="only this region (id or name)")
    listing.add_argument(
        "--unit", type=name_arg, help="only this unit (id, unique name, or REGION/UNIT)"
    )
    listing.add_argument(
        "--all", action="store_true", help="also revoked, expired and used-up invites"
    )
    listing.set_defaults(handler=invite_list)
    revoke = roles.add_parser("revoke", parents=[common], help="revoke an invite by its id")
    revoke.add_argument("invite_id", type=int, metavar="ID")
    revoke.set_defaults(handler=invite_revoke)


def register(verbs: Any, common: argparse.ArgumentParser) -> None:
    people = verbs.add_parser("people", help="people: list, deactivate")
    people_verbs = people.add_subparsers(
        dest="people_verb", required=True, parser_class=type(people)
    )
    listing = people_verbs.add_parser("list", parents=[common], help="list people")
    listing.add_argument("--region", type=name_arg, help="only this region (id or name)")
    listing.add_argument(
        "--unit", type=name_arg, help="only this unit (id, unique name, or REGION/UNIT)"
    )
    listing.set_defaults(handler=people_list)
    off = people_verbs.add_parser(
        "deactivate", parents=[common], help="deactivate a person (a new invite brings them back)"
    )
    off.add_argument("telegram_id", type=int, metavar="TELEGRAM_ID")
    off.set_defaults(handler=people_deactivate)


_PLACE_IDS = ("region_id", "unit_id")


def listing_json(listing: InviteListing | PersonListing) -> dict[str, Any]:
    """An invite or a person in JSON (the shape scripts read): the listing's fields in order,
    without the ids of its place; an empty unit or region is null, and every moment is ISO
    8601 to the second."""
    out: dict[str, Any] = {}
    for f in fields(listing):
        value = getattr(listing, f.name)
        if f.name in _PLACE_IDS:
            continue
        if f.name in ("region", "unit"):
            value = value or None
        elif isinstance(value, datetime):
            value = value.isoformat(timespec="seconds")
        out[f.name] = value
    return out


def _invite_line(invite: InviteListing, timezone: str) -> str:
    """One invite, its expiry in its region's time (`timezone`)."""
    where = f"{invite.region}/{invite.unit}" if invite.unit else invite.region
    state = "pending" if invite.pending else ("revoked" if invite.revoked_at else "closed")
    expires = local_moment(invite.expires_at, timezone)
    return (
        f"{invite.id:>5}  {invite.role:<11} {where}  used {invite.uses}/{invite.uses_max}  "
        f"expires {expires}  {state}"
    )


def _person_line(p: PersonListing) -> str:
    where = f"{p.region}/{p.unit}" if p.unit else p.region or "-"
    state = "" if p.active else "  (inactive)"
    if not p.active and p.deactivated_at is None:  # blocked the bot: not deactivated
        state = "  (not receiving the bot's messages; not deactivated)"
    return f"{p.telegram_id:>12}  {p.role:<11} {where}  {printable(p.name)}{state}"


def _show_list(
    args: argparse.Namespace,
    fetch: Callable[[Store, int | None, int | None], Awaitable[list[Listing]]],
    empty: str,
    line: Callable[[Listing], str],
) -> int:
    """A listing verb: the rows of --region / --unit (both optional) from `fetch`, as JSON
    with --json, else a line a row (or `empty`)."""

    async def work(store: Store) -> list[Listing]:
        region = None if args.region is None else await store.resolve_region(args.region)
        unit = None if args.unit is None else await store.resolve_unit(args.unit)
        if region is not None and unit is not None and unit.region_id != region.id:
            # Nothing can match: say why rather than "nobody" (a mistyped option, not news).
            raise CliError(f"--unit {unit.region}/{unit.name} is not in --region {region.name}")
        region_id = None if region is None else region.id
        unit_id = None if unit is None else unit.id
        return await fetch(store, region_id, unit_id)

    rows = with_store(args, load_settings(), work)
    if args.json:
        print_json([listing_json(row) for row in rows])
    else:
        print("\n".join(line(row) for row in rows) if rows else empty)
    return 0


def _change(
    args: argparse.Namespace,
    change: Callable[[Store], Awaitable[Listing]],
    nothing_to_do: str,
    said: Callable[[Listing], str],
) -> int:
    """A changing verb: the store's change (`nothing_to_do` when it refuses as Invalid), then
    what changed, as JSON with --json."""

    async def work(store: Store) -> Listing:
        try:
            return await change(store)
        except Invalid as exc:
            raise CliError(nothing_to_do) from exc

    changed = with_store(args, load_settings(), work)
    if args.json:
        print_json(listing_json(changed))
    else:
        print(said(changed))
    return 0


def invite_list(args: argparse.Namespace) -> int:
    zones: dict[int | None, str] = {}

    async def fetch(store: Store, region_id: int | None, unit_id: int | None) -> list[Any]:
        zones.update((r.id, r.timezone) for r in await store.regions())
        return await store.invites(region_id=region_id, unit_id=unit_id, pending_only=not args.all)

    return _show_list(
        args,
        fetch,
        "No pending invites." if not args.all else "No invites.",
        lambda invite: _invite_line(invite, zones.get(invite.region_id, CLI_ZONE)),
    )


def invite_revoke(args: argparse.Namespace) -> int:
    return _change(
        args,
        lambda store: store.revoke_invite(args.invite_id, ManagedBy(who())),
        f"invite {args.invite_id} is no longer pending: nothing to revoke",
        lambda invite: f"Revoked invite {invite.id}: it redeems no more.",
    )


def people_list(args: argparse.Namespace) -> int:
    return _show_list(
        args,
        lambda store, region_id, unit_id: store.people(region_id=region_id, unit_id=unit_id),
        "Nobody yet.",
        _person_line,
    )


def people_deactivate(args: argparse.Namespace) -> int:
    return _change(
        args,
        lambda store: store.deactivate_person(args.telegram_id, ManagedBy(who())),
        f"person {args.telegram_id} is already deactivated",
        lambda p: (
            f"Deactivated {printable(p.name)} ({p.telegram_id}); a new invite brings them back."
        ),
    )
