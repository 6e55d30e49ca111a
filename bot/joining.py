"""The joining service: what an invite code would do to the person opening it, redeeming it,
and where a person is (for the welcome). Returns outcomes; the chat layer words them.

A registered person whose code would change their role, unit or region is asked first: invite
links get forwarded in groups, and opening one must not silently move anybody or spend a
coordinator's single-use code. `Store.join` checks everything again when the code is redeemed.
"""

from __future__ import annotations

import re

from bot.frozen import frozen
from bot.refused import Refused
from bot.store import InviteError, Newcomer, Person, Store
from bot.store.errors import InviteReason

_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me)/[A-Za-z0-9_]+/?\?start=([A-Za-z0-9_-]*)",
    re.IGNORECASE,
)
_AROUND = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff.,;:!?\"'`()[]<>«»“”‘’"
"""What a copied code or link brings along (quotes, a full stop, zero-width characters from
a chat app) and never belongs to one: a deep-link payload is only A-Z a-z 0-9 _ -."""


PASTED = re.compile(
    r"(?:t\.me|telegram\.me)/[A-Za-z0-9_]+/?\?start=|^\W*[A-Za-z0-9_-]{32}\W*$", re.IGNORECASE
)
"""A text message that is a pasted invite (or survey) link, or an invite code alone (32
characters): what someone who got a code but not the link sends."""


def start_parameter(given: str) -> str:
    """The payload in what was given after /start (or pasted as text): itself, or, when it
    holds an invite or survey link (`https://t.me/<bot>?start=<code>`), the link's payload;
    without the punctuation and invisible characters copying brings along."""
    link = _LINK.search(given)
    return link.group(1) if link else given.strip(_AROUND)


@frozen
class Place:
    """Where a person is, or where a code would put them, with the names to say it."""

    role: str
    unit_id: int | None
    region_id: int | None
    unit: str = ""
    region: str = ""


@frozen
class Redeem:
    """Nobody to ask: redeem the code now."""


@frozen
class AskMove:
    """The code would move a registered person: ask before redeeming it."""

    now: Place
    then: Place


@frozen
class Joined:
    """The code redeemed: the person as they are now, and where it put them."""

    person: Person
    place: Place


class JoiningService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def open_code(
        self, person: Person | None, code: str
    ) -> Refused[InviteReason] | Redeem | AskMove:
        """What opening `code` means for `person` (as stored now; None: a stranger)."""
        if person is None or not person.active:
            return Redeem()
        current = Place(person.role, person.unit_id, person.region_id)
        try:
            target = Place(*await self.store.invite_place(code))
        except InviteError as exc:
            return Refused(exc.reason)
        if target == current:
            return Refused("already_member")
        return AskMove(await self.named(current), await self.named(target))

    async def redeem(
        self, code: str, telegram_id: int, name: str, language_code: str | None
    ) -> Refused[InviteReason] | Joined:
        try:
            person = await self.store.join(code, Newcomer(telegram_id, name, language_code))
        except InviteError as exc:
            return Refused(exc.reason)
        return Joined(person, await self.place_of(person))

    async def place_of(self, person: Person) -> Place:
        return await self.named(Place(person.role, person.unit_id, person.region_id))

    async def named(self, place: Place) -> Place:
        """`place` with its unit's and region's names (an officer's unit, a coordinator's
        region; an admin has neither)."""
        if place.role == "officer" and place.unit_id is not None:
            unit = await self.store.unit(place.unit_id)
            return Place(place.role, place.unit_id, place.region_id, unit.name, unit.region)
        if place.region_id is not None:
            region = await self.store.region(place.region_id)
            return Place(place.role, place.unit_id, place.region_id, region=region.name)
        return place
