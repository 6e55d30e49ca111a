"""/undang (/invite): people and invites in chat. A coordinator (their region) or an admin
(any region they name) picks a unit, sees its people and pending invites, creates an officer
invite (the code, the link and its QR code come back), revokes an invite, deactivates an
officer (once confirmed: `Ya, nonaktifkan` / `Batal`). Handlers: parse → one
`MembershipService` call → render; every press is checked by the service and the store
against the presser's region.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile
from telegram.ext import BaseHandler

from bot import texts
from bot.membership import PRESETS, Deactivation, MembershipRefusal, NewInvite, UnitPage
from bot.qr import qr_png
from bot.refused import Refused
from bot.services import BotContext
from bot.settings import local_moment
from bot.store import Unit
from bot.texts.html import Html, clip, fit
from conversations import callbacks as cb
from conversations.auth import CoordinatorPress, coordinator_press
from conversations.coordinator import UnitsOf, units_command
from conversations.keyboards import Button, markup, unit_label
from conversations.render import answer, edit_or_send, send_text

NAME_SHOWN = 30
PEOPLE_PER_PAGE = 20
INVITES_PER_PAGE = 10


@coordinator_press(cb.PeopleUnit)
async def on_unit(context: BotContext, pressed: CoordinatorPress[cb.PeopleUnit]) -> None:
    """A unit's people and pending invites, with what can be done."""
    outcome = await context.services.membership.unit_page(pressed.who.overseer, pressed.data.u)
    await show(context, pressed, outcome, None, new_message=True)


@coordinator_press(cb.PeoplePage)
async def on_page(context: BotContext, pressed: CoordinatorPress[cb.PeoplePage]) -> None:
    """◀ / ▶ between the pages of a unit's people and invites, in place."""
    outcome = await context.services.membership.unit_page(pressed.who.overseer, pressed.data.u)
    await show(context, pressed, outcome, None, page=pressed.data.p)


@coordinator_press(cb.NewInvite)
async def on_new(context: BotContext, pressed: CoordinatorPress[cb.NewInvite]) -> None:
    """A new officer invite: the code, the link and the QR code."""
    data = pressed.data
    membership = context.services.membership
    outcome = await membership.create(
        pressed.who.overseer, data.u, data.n, data.d, pressed.update_id
    )
    if isinstance(outcome, Refused):
        await show(context, pressed, outcome, None)
        return
    await answer(pressed.query)
    await send_invite(context, pressed.chat_id, outcome, pressed.who.lang)


@coordinator_press(cb.RevokeInvite)
async def on_revoke(context: BotContext, pressed: CoordinatorPress[cb.RevokeInvite]) -> None:
    """Revoke an invite; the unit's page is shown again as it is now."""
    outcome = await context.services.membership.revoke(pressed.who.overseer, pressed.data.i)
    await show(context, pressed, outcome, "mb.revoked", page=pressed.data.p)


@coordinator_press(cb.DeactivatePerson)
async def on_deactivate(
    context: BotContext, pressed: CoordinatorPress[cb.DeactivatePerson]
) -> None:
    """Ask to confirm an officer's deactivation (the page's message becomes the question)."""
    outcome = await context.services.membership.deactivation(pressed.who.overseer, pressed.data.t)
    if isinstance(outcome, Refused):
        await show(context, pressed, outcome, None)
        return
    await answer(pressed.query)
    text, keys = confirm_view(outcome, pressed.who.lang, pressed.data.p)
    await edit_or_send(context.bot, pressed.chat_id, pressed.message_id, text, keys)


@coordinator_press(cb.ConfirmDeactivate)
async def on_confirm_deactivate(
    context: BotContext, pressed: CoordinatorPress[cb.ConfirmDeactivate]
) -> None:
    """`Ya, nonaktifkan`: deactivate the officer; the unit's page is shown again as it is now."""
    manager, data = pressed.who.overseer, pressed.data
    outcome = await context.services.membership.deactivate(manager, data.t, data.u)
    await show(context, pressed, outcome, "mb.deactivated", page=data.p)


@coordinator_press(cb.KeepPerson)
async def on_keep(context: BotContext, pressed: CoordinatorPress[cb.KeepPerson]) -> None:
    """`Batal`: nothing changes; the unit's page again in the same message."""
    outcome = await context.services.membership.unit_page(pressed.who.overseer, pressed.data.u)
    await show(context, pressed, outcome, "mb.kept", page=pressed.data.p)


# -- rendering ---------------------------------------------------------------------------


async def show(
    context: BotContext,
    pressed: CoordinatorPress[Any],
    outcome: Refused[MembershipRefusal] | UnitPage,
    done: str | None,
    *,
    new_message: bool = False,
    page: int = 1,
) -> None:
    """Answer the press (with what was `done`, or why nothing changed) and show page `page`
    of the unit (the page the press came from: the last one if it is now past the end)."""
    lang = pressed.who.lang
    if isinstance(outcome, Refused):
        await answer(pressed.query, texts.plain(f"mb.refused.{outcome.reason}", lang))
        return
    said = f"mb.refused.{outcome.unchanged}" if outcome.unchanged else done
    await answer(pressed.query, texts.plain(said, lang) if said else None)
    text, keys = unit_view(outcome, lang, page)
    message_id = None if new_message else pressed.message_id
    await edit_or_send(context.bot, pressed.chat_id, message_id, text, keys)


def unit_buttons(units: Sequence[Unit], lang: str) -> list[Button]:
    """/undang's list: each unit named as /tinjau names it (`unit_label`), told apart from
    the others on the list."""
    names = [unit.name for unit in units]
    return [(unit_label(unit.name, unit.region, among=names), cb.PeopleUnit(u=unit.id))
            for unit in units]  # fmt: skip


def unit_view(page: UnitPage, lang: str, number: int = 1) -> tuple[Html, InlineKeyboardMarkup]:
    """Page `number` (clamped) of the unit's people and invites: at most PEOPLE_PER_PAGE
    people and INVITES_PER_PAGE invites, each with its button, so that the text and the
    keyboard (Telegram takes at most 100 buttons) fit however big the unit grows."""
    unit = page.unit
    pages = max(
        1, -(-len(page.people) // PEOPLE_PER_PAGE), -(-len(page.invites) // INVITES_PER_PAGE)
    )
    number = min(max(1, number), pages)
    people = page.people[(number - 1) * PEOPLE_PER_PAGE : number * PEOPLE_PER_PAGE]
    invites = page.invites[(number - 1) * INVITES_PER_PAGE : number * INVITES_PER_PAGE]
    lines: list[str] = [texts.render("mb.unit_title", lang, unit=unit.name, region=unit.region)]
    if pages > 1:
        lines.append(texts.render("mb.page", lang, page=number, pages=pages))
    lines += ["", texts.render("mb.people_title", lang, n=len(page.people))]
    if not page.people:
        lines.append(texts.render("mb.no_people", lang))
    for person in people:
        inactive = Html("")
        if person.deactivated_at is not None:
            inactive = texts.render("mb.inactive", lang)
        elif not person.active:  # blocked the bot (or left Telegram): not deactivated
            inactive = texts.render("mb.unreachable", lang)
        role = texts.plain(f"role.{person.role}", lang)
        lines.append(texts.render("mb.person", lang, name=clip(person.name, 60), role=role,
                                  inactive=inactive))  # fmt: skip
    lines += ["", texts.render("mb.invites_title", lang, n=len(page.invites))]
    if not page.invites:
        lines.append(texts.render("mb.no_invites", lang))
    for invite in invites:
        expires = local_moment(invite.expires_at, unit.timezone)
        lines.append(texts.render("mb.invite", lang, id=invite.id, uses=invite.uses,
                                  uses_max=invite.uses_max, expires=expires))  # fmt: skip
    rows: list[list[Button]] = [
        [(_preset(n, d, lang), cb.NewInvite(u=unit.id, n=n, d=d))] for n, d in PRESETS
    ]
    for invite in invites:
        revoke = cb.RevokeInvite(i=invite.id, p=number)
        rows.append([(texts.plain("mb.revoke", lang, id=invite.id), revoke)])
    for person in people:
        if person.deactivated_at is None and person.role == "officer":
            label = texts.plain("mb.deactivate", lang, name=clip(person.name, NAME_SHOWN))
            rows.append([(label, cb.DeactivatePerson(t=person.telegram_id, p=number))])
    pager: list[Button] = []
    if number > 1:
        pager.append((texts.plain("btn.prev_page", lang), cb.PeoplePage(u=unit.id, p=number - 1)))
    if number < pages:
        pager.append((texts.plain("btn.next_page", lang), cb.PeoplePage(u=unit.id, p=number + 1)))
    rows.append(pager)
    return Html(fit("\n".join(lines))), markup(rows)


def confirm_view(
    asked: Deactivation, lang: str, page: int = 1
) -> tuple[Html, InlineKeyboardMarkup]:
    """The deactivation to confirm; either answer returns to page `page` of the unit."""
    person, unit = asked.person, asked.unit
    text = texts.render("mb.confirm_deactivate", lang, name=clip(person.name, 60), unit=unit.name)
    confirm = cb.ConfirmDeactivate(u=unit.id, t=person.telegram_id, p=page)
    keys: list[Button] = [
        (texts.plain("mb.yes_deactivate", lang), confirm),
        (texts.plain("btn.keep", lang), cb.KeepPerson(u=unit.id, p=page)),
    ]
    return Html(fit(text)), markup([keys])


async def send_invite(context: BotContext, chat_id: int, new: NewInvite, lang: str) -> None:
    """The code and link as text, then the link's QR code as a photo (when the bot knows
    its username; without it there is no link to encode)."""
    invite, username = new.invite, context.bot.username
    expires = local_moment(invite.expires_at, new.unit.timezone)
    values: dict[str, object] = {"unit": new.unit.name, "uses": invite.uses,
                                 "expires": expires, "code": invite.code}  # fmt: skip
    if not username:
        await send_text(context.bot, chat_id, texts.render("mb.created_no_link", lang, **values))
        return
    link = f"https://t.me/{username}?start={invite.code}"
    await send_text(context.bot, chat_id, texts.render("mb.created", lang, link=link, **values))
    png = qr_png(link, scale=8)
    await context.bot.send_photo(chat_id, InputFile(png, filename=f"undangan-{invite.code}.png"))


def _units(context: BotContext) -> UnitsOf[Unit]:
    return context.services.membership.units


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    listing = units_command(("mb", "undang"), _units, unit_buttons, cb.PeopleUnits)
    return [
        *listing,
        *(on_unit, on_page, on_new, on_revoke, on_deactivate, on_confirm_deactivate, on_keep),
    ]


def _preset(people: int, days: int, lang: str) -> str:
    """The label of a new-invite button: "➕ 1 person · 7 days"."""
    people_, days_ = texts.count("member", people, lang), texts.count("day", days, lang)
    return texts.plain("mb.new", lang, people=people_, days=days_)
