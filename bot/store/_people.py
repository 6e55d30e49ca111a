"""People, invites and joining, service products."""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import unicodedata
from datetime import datetime, timedelta
from typing import Literal

from bot.filetype import BIDI
from bot.frozen import frozen
from bot.store import _rows
from bot.store.core import StoreCore, audit_row, first_time, from_iso, iso
from bot.store.errors import Forbidden, Invalid, InviteError, NotFound, Repeated
from bot.store.limits import check_product_room
from bot.store.types import CreatedInvite, Person, Product, Role

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
"""What a code can look like: the Telegram deep-link alphabet, at most 64 characters."""
PRODUCT_NAME_MAX = 100


@frozen
class Newcomer:
    """Who redeems an invite, as Telegram describes them (`language_code`: their app's
    language, e.g. "id" or "en-US", if Telegram says)."""

    telegram_id: int
    name: str
    language_code: str | None = None


def shown_name(name: str) -> str:
    """A Telegram name as others read it here (people lists, answers' authors, workbooks):
    one line of at most 200 characters, without control characters (an ESC starts a
    terminal's escape sequence) or bidirectional controls (an override reverses what
    follows it on the line, e.g. the role after the name in /undang)."""
    one_line = " ".join(name.split())
    return "".join(c for c in one_line if c not in BIDI and unicodedata.category(c) != "Cc")[:200]


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def _well_formed(code: str) -> str:
    """The code without surrounding spaces; InviteError("unknown") when no invite could have it."""
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise InviteError("unknown")
    return code


def new_code() -> str:
    """192 random bits as 32 characters of A–Z a–z 0–9 _ - (a valid deep-link payload)."""
    return secrets.token_urlsafe(24)


HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))
"""Hyphens a word processor or a phone writes for "-" (NFKC keeps them apart): "KTP‑el"
with a non-breaking hyphen is "KTP-el" to a reader."""


def clean_product_name(name: str) -> str:
    """Trim and collapse spaces, and write look-alike letters the one way (NFKC: a full-width
    "ＫＴＰ" is "KTP"; the hyphens of HYPHENS are "-"); refuse what would break answer keys
    or messages, or names nobody could tell apart from nothing ("." or "-")."""
    cleaned = " ".join(unicodedata.normalize("NFKC", name).translate(HYPHENS).split())
    if not cleaned:
        raise Invalid("product_name", "a product needs a name", "empty")
    if not any(ch.isalnum() for ch in cleaned):
        raise Invalid("product_name", "a product name needs a letter or a digit", "no_letters")
    if len(cleaned) > PRODUCT_NAME_MAX:
        raise Invalid(
            "product_name",
            f"a product name has at most {PRODUCT_NAME_MAX} characters",
            "too_long",
        )
    if "@" in cleaned:
        raise Invalid("product_name", "a product name cannot contain '@'", "at_sign")
    if any(not ch.isprintable() for ch in cleaned):
        raise Invalid("product_name", "a product name cannot contain control characters", "control")
    return cleaned


class PeopleMixin(StoreCore):
    async def person(self, telegram_id: int) -> Person | None:
        """The person with this Telegram id, active or not; None for strangers."""
        return await self._run_read_inline(lambda db: _rows.read_person(db, telegram_id))

    async def invite_place(
        self, code: str, now: datetime | None = None
    ) -> tuple[Role, int | None, int | None]:
        """(role, unit_id, region_id) the code would give its redeemer, without redeeming it
        (the chat asks before a code moves someone); InviteError as `join` would raise it,
        except already_member, which depends on who asks."""
        now = now or self.now()
        code = _well_formed(code)

        def work(db: sqlite3.Connection) -> tuple[Role, int | None, int | None]:
            invite, place = _live_invite(db, code, now)
            if invite["uses"] >= invite["uses_max"]:
                raise InviteError("used_up")
            return place

        return await self._run_read_inline(work)

    async def join(self, code: str, newcomer: Newcomer, now: datetime | None = None) -> Person:
        """Redeem an invite atomically and bind the newcomer to its unit or region.

        An officer re-joining with a valid code for another unit is moved (audited);
        a code for where the person already is raises already_member without using it up.
        Someone a coordinator or admin deactivated comes back to where they were only with
        an invite made after that (before_deactivation otherwise): the link they joined
        with, often a unit's 20-use link, must not undo the deactivation. (Another place's
        link, given to them by its own people, takes them there as it would anyone.)
        """
        now = now or self.now()
        code = _well_formed(code)
        telegram_id, language_code = newcomer.telegram_id, newcomer.language_code
        name = shown_name(newcomer.name) or str(telegram_id)

        def work(db: sqlite3.Connection) -> Person:
            invite, (role, unit_id, region_id) = _live_invite(db, code, now)
            before = _rows.read_person(db, telegram_id)
            deactivated = db.execute(
                "SELECT deactivated_at FROM people WHERE telegram_id = ?", (telegram_id,)
            ).fetchone()
            if (
                before is not None
                and deactivated is not None
                and deactivated["deactivated_at"] is not None
                and from_iso(invite["created_at"]) < from_iso(deactivated["deactivated_at"])
                and (before.role, before.unit_id, before.region_id) == (role, unit_id, region_id)
            ):
                raise InviteError("before_deactivation")
            if (
                before is not None
                and before.active
                and before.role == role
                and before.unit_id == unit_id
                and before.region_id == region_id
            ):
                raise InviteError("already_member")
            # The one statement that decides a race for the last use.
            cursor = db.execute(
                "UPDATE invites SET uses = uses + 1 "
                "WHERE id = ? AND uses < uses_max AND expires_at > ?",
                (invite["id"], iso(now)),
            )
            if cursor.rowcount != 1:
                raise InviteError("used_up")
            db.execute(
                "INSERT INTO people (telegram_id, name, role, unit_id, region_id, joined_at, "
                "app_language) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(telegram_id) DO UPDATE SET name = excluded.name, "
                "role = excluded.role, unit_id = excluded.unit_id, "
                "region_id = excluded.region_id, active = 1, deactivated_at = NULL, "
                "joined_at = excluded.joined_at, "
                "app_language = COALESCE(excluded.app_language, people.app_language)",
                (telegram_id, name, role, unit_id, region_id, iso(now), language_code),
            )
            # Where they were in a checklist belongs to the old binding.
            db.execute("DELETE FROM chat_state WHERE telegram_id = ?", (telegram_id,))
            db.execute(
                "INSERT INTO redemptions (invite_id, telegram_id, at) VALUES (?, ?, ?)",
                (invite["id"], telegram_id, iso(now)),
            )
            details: dict[str, object] = {
                "invite_id": invite["id"],
                "role": role,
                "unit_id": unit_id,
                "region_id": region_id,
                "language_code": language_code,
            }
            action = "person.join"
            if before is not None:
                same_place = (before.role, before.unit_id, before.region_id) == (
                    role,
                    unit_id,
                    region_id,
                )
                action = "person.rejoin" if same_place else "person.move"
                details["from"] = {
                    "role": before.role,
                    "unit_id": before.unit_id,
                    "region_id": before.region_id,
                    "active": before.active,
                }
            audit_row(db, telegram_id, action, details, now)
            person = _rows.read_person(db, telegram_id)
            assert person is not None
            return person

        return await self._run_write_inline(work)

    async def create_invite(
        self,
        role: Literal["officer", "coordinator"],
        *,
        unit_id: int | None = None,
        region_id: int | None = None,
        uses: int,
        days: int,
        now: datetime | None = None,
        who: int | str = "cli",
        update_id: int | None = None,
    ) -> CreatedInvite:
        """A new invite code; only its hash is stored, so show the code now or never.
        Repeated when the Telegram update `update_id` already made one (a redelivered
        press): a second live code nobody asked for is not made."""
        now = now or self.now()
        if role == "officer":
            if unit_id is None or region_id is not None:
                raise Invalid("invite", "an officer invite names a unit")
        elif role == "coordinator":
            if region_id is None or unit_id is not None:
                raise Invalid("invite", "a coordinator invite names a region")
        else:
            raise Invalid("invite", f"unknown role {role!r}")
        if uses < 1:
            raise Invalid("invite", "--uses must be at least 1")
        if days < 1:
            raise Invalid("invite", "--days must be at least 1")
        code = new_code()
        expires_at = now + timedelta(days=days)

        def work(db: sqlite3.Connection) -> int | None:
            table, key = ("units", unit_id) if role == "officer" else ("regions", region_id)
            cursor = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (key,))
            if cursor.fetchone() is None:
                raise NotFound(f"{table[:-1]} {key}")
            if not first_time(db, update_id, "invite", now):
                raise Repeated(f"update {update_id} already made an invite")
            cursor = db.execute(
                "INSERT INTO invites (code_hash, role, unit_id, region_id, uses_max, "
                "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (hash_code(code), role, unit_id, region_id, uses, iso(expires_at), iso(now)),
            )
            audit_row(
                db,
                who,
                "invite.create",
                {
                    "invite_id": cursor.lastrowid,
                    "role": role,
                    "unit_id": unit_id,
                    "region_id": region_id,
                    "uses": uses,
                    "expires_at": iso(expires_at),
                },
                now,
            )
            return cursor.lastrowid

        await self._run_write_inline(work)
        return CreatedInvite(
            code=code,
            role=role,
            expires_at=expires_at,
            unit_id=unit_id,
            region_id=region_id,
            uses=uses,
        )

    async def set_language(self, telegram_id: int, lang: str | None) -> None:
        if lang not in ("id", "en", None):
            raise Invalid("language", f"unknown language {lang!r}")
        await self._update_person(telegram_id, "language", lang)

    async def set_reminders(self, telegram_id: int, on: bool) -> None:
        await self._update_person(telegram_id, "reminders", int(on))

    async def mark_inactive(self, telegram_id: int) -> None:
        """The person blocked the bot (or left): no more reminders, no access."""
        await self._update_person(telegram_id, "active", 0)

    async def set_app_language(self, telegram_id: int, language_code: str) -> None:
        """Remember the person's Telegram app language as last seen (`language_code`, at
        most 35 characters as IETF tags go): the language of what no update of theirs
        starts, while they chose none."""
        await self._update_person(telegram_id, "app_language", language_code[:35])

    async def mark_active(self, telegram_id: int) -> None:
        """The person is back (e.g. wrote to the bot after blocking it); one a coordinator
        or admin deactivated stays inactive until a new invite brings them back."""
        now = self.now()

        def work(db: sqlite3.Connection) -> None:
            row = db.execute(
                "SELECT active, deactivated_at FROM people WHERE telegram_id = ?", (telegram_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"person {telegram_id}")
            if row["active"] or row["deactivated_at"] is not None:
                return
            db.execute("UPDATE people SET active = 1 WHERE telegram_id = ?", (telegram_id,))
            audit_row(db, telegram_id, "person.active", {"active": True}, now)

        await self._run_write_inline(work)

    async def _update_person(self, telegram_id: int, column: str, value: object) -> None:
        assert column in ("language", "reminders", "active", "app_language")
        now = self.now()

        def work(db: sqlite3.Connection) -> None:
            cursor = db.execute(
                f"UPDATE people SET {column} = ? WHERE telegram_id = ?", (value, telegram_id)
            )
            if cursor.rowcount != 1:
                raise NotFound(f"person {telegram_id}")
            if column == "active":
                audit_row(db, telegram_id, "person.active", {"active": bool(value)}, now)

        await self._run_write_inline(work)

    # -- products ----------------------------------------------------------------------

    async def products(self, person: Person, unit_id: int | None = None) -> list[Product]:
        """The products of the person's unit (or, for coordinators, of `unit_id`)."""

        def work(db: sqlite3.Connection) -> list[Product]:
            fresh = _rows.live_person(db, person)
            target = unit_id if unit_id is not None else fresh.unit_id
            if target is None:
                raise Forbidden("no unit")
            _rows.may_touch_unit(db, fresh, target, write=False)
            return _rows.products_of(db, target)

        return await self._run_read_inline(work)

    async def add_product(self, person: Person, name: str) -> Product:
        """Register a service product of the officer's unit; an existing name is returned as is."""
        product, _ = await self.register_product(person, name)
        return product

    async def register_product(self, person: Person, name: str) -> tuple[Product, bool]:
        """`add_product`, saying whether it was added (True) or the unit already had it.

        A name that differs from an existing one only in case or spacing ("ktp-el" beside
        "KTP-el") is that product: checked inside the unit of work, so two officers adding it
        at once still get one product. Invalid("product_name") says which rule in `detail`.
        """
        cleaned = clean_product_name(name)
        now = self.now()

        def work(db: sqlite3.Connection) -> tuple[Product, bool]:
            fresh = _rows.live_person(db, person)
            if fresh.role != "officer" or fresh.unit_id is None:
                raise Forbidden("only officers add products")
            known = _rows.products_of(db, fresh.unit_id)
            for existing in known:
                if existing.name.casefold() == cleaned.casefold():
                    return existing, False
            check_product_room(len(known))
            cursor = db.execute(
                "INSERT INTO products (unit_id, name, created_at) VALUES (?, ?, ?)",
                (fresh.unit_id, cleaned, iso(now)),
            )
            audit_row(
                db,
                fresh.telegram_id,
                "product.add",
                {"unit_id": fresh.unit_id, "name": cleaned},
                now,
            )
            assert cursor.lastrowid is not None
            return Product(id=cursor.lastrowid, unit_id=fresh.unit_id, name=cleaned), True

        return await self._run_write_inline(work)


def _live_invite(
    db: sqlite3.Connection, code: str, now: datetime
) -> tuple[sqlite3.Row, tuple[Role, int | None, int | None]]:
    """The invite row of a known, unexpired code and where it puts its redeemer."""
    invite = db.execute(
        "SELECT id, role, unit_id, region_id, uses, uses_max, expires_at, revoked_at, "
        "created_at FROM invites WHERE code_hash = ?",
        (hash_code(code),),
    ).fetchone()
    if invite is None:
        raise InviteError("unknown")
    if invite["revoked_at"] is not None:
        raise InviteError("revoked")
    if from_iso(invite["expires_at"]) <= now:
        raise InviteError("expired")
    role, unit_id, region_id = invite["role"], invite["unit_id"], invite["region_id"]
    if role == "officer":
        region_id, _ = _rows.region_of_unit(db, unit_id)
    return invite, (role, unit_id, region_id)
