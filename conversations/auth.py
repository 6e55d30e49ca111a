"""Who is talking to the bot, and what they may do.

`caller(update, context)` reads the person from the store (never trusts the update alone).
Handlers that need a registered person are wrapped with `@registered` (anyone registered,
admins included) or `@roles("officer")`, `@roles("coordinator", "admin")`; the wrapped
handler receives the `Caller` as a third argument. Strangers get the short explanation and
nothing else; the wrong role gets a one-line refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Update

from bot.services import BotContext
from bot.store import AnswerState, Forbidden, NotFound, Person, SelfCheck
from conversations import texts
from conversations.callbacks import CallbackData, CallbackDataError, resolve_key
from conversations.render import answer, send_text

Role = str  # "officer" | "coordinator" | "admin"
_Data = TypeVar("_Data", bound=CallbackData)


@dataclass(frozen=True)
class Caller:
    user_id: int
    first_name: str
    lang: texts.Lang
    person: Person | None
    """The stored person, None for strangers and for admins who never joined."""
    is_admin: bool
    """Listed in SIAPNILAI_ADMINS (or stored with role admin)."""

    @property
    def registered(self) -> bool:
        return self.is_admin or (self.person is not None and self.person.active)

    @property
    def role(self) -> Role | None:
        if self.person is not None and self.person.active:
            return self.person.role
        return "admin" if self.is_admin else None

    @property
    def is_officer(self) -> bool:
        return (
            self.role == "officer" and self.person is not None and self.person.unit_id is not None
        )

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    def has_role(self, *allowed: Role) -> bool:
        return self.role in allowed or ("admin" in allowed and self.is_admin)


async def caller(update: Update, context: BotContext) -> Caller | None:
    """The person behind an update, read fresh from the store; None without a user."""
    user = update.effective_user
    if user is None:
        return None
    services = context.services
    person = await services.store.person(user.id)
    if person is not None and not person.active:
        # Marked inactive when they blocked the bot; writing to it again means they are back.
        await services.store.mark_active(user.id)
        person = await services.store.person(user.id)
    is_admin = services.is_admin(user.id) or (person is not None and person.role == "admin")
    chosen = person.language if person is not None else None
    return Caller(
        user_id=user.id,
        first_name=user.first_name or "",
        lang=texts.lang_of(chosen, user.language_code),
        person=person,
        is_admin=is_admin,
    )


Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
CallerHandler = Callable[[Update, BotContext, Caller], Coroutine[Any, Any, None]]


async def refuse(update: Update, context: BotContext, lang: str, key: str) -> None:
    """Say `key` to whoever pressed or wrote (a callback answer or a message)."""
    query = update.callback_query
    if query is not None:
        await answer(query, texts.plain(key, lang))
        return
    chat = update.effective_chat
    if chat is not None:
        await send_text(context.bot, chat.id, texts.render(key, lang))


def roles(*allowed: Role) -> Callable[[CallerHandler], Handler]:
    """Run the handler only for registered people with one of `allowed` roles (no roles: any)."""

    def decorate(handler: CallerHandler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: BotContext) -> None:
            who = await caller(update, context)
            if who is None:
                return
            if not who.registered:
                key = "cb.not_registered" if update.callback_query else "unregistered"
                await refuse(update, context, who.lang, key)
                return
            if allowed and not who.has_role(*allowed):
                key = "officer_only" if "officer" in allowed else "coordinator_only"
                if update.callback_query is not None:
                    key = "cb.forbidden"
                await refuse(update, context, who.lang, key)
                return
            await handler(update, context, who)

        return wrapper

    return decorate


registered = roles()
"""Any registered person (officer, coordinator, admin)."""


@dataclass(frozen=True)
class Press:
    """A button press that passed every check against the store."""

    who: Caller
    person: Person
    selfcheck: SelfCheck
    checklist: list[str]
    key: str | None
    """The answer key the button names, resolved against the current checklist."""
    states: dict[str, AnswerState] | None = None
    """The self-check's answer states, when `check_press(..., states=True)` asked for them."""


async def check_press(
    update: Update,
    context: BotContext,
    who: Caller,
    selfcheck_id: int,
    ref: str | None = None,
    *,
    states: bool = False,
) -> Press | None:
    """Re-check a self-check button against the store; answer the query and return None if
    it is not the presser's unit, not the unit's current cycle, or names a key that is gone.
    `states`: also read the answer states in the same round trip (`Press.states`)."""
    store = context.services.store
    problem: str | None = None
    person = who.person
    if person is None or not who.is_officer:
        problem = "cb.forbidden"
    else:
        try:
            # One read, no write lock: the self-check, whether it is current, its checklist.
            found = await store.selfcheck_press(person, selfcheck_id, states=states)
        except Forbidden:
            problem = "cb.forbidden"
        except NotFound:
            problem = "cb.invalid"
        else:
            if not found.current:
                problem = "cb.stale_cycle"
            else:
                key = None if ref is None else resolve_key(ref, found.checklist)
                if ref is not None and key is None:
                    problem = "cb.item_gone"
                else:
                    return Press(who, person, found.selfcheck, found.checklist, key, found.states)
    await refuse(update, context, who.lang, problem)
    return None


async def parse_press(
    update: Update, context: BotContext, who: Caller, kind: type[_Data]
) -> _Data | None:
    """The button's data as `kind`; malformed data is answered "not valid" and gives None."""
    query = update.callback_query
    assert query is not None
    try:
        return kind.unpack(query.data or "")
    except CallbackDataError:
        await refuse(update, context, who.lang, "cb.invalid")
        return None


async def still_current(context: BotContext, who: Caller, selfcheck_id: int) -> bool:
    """Whether a self-check remembered in the chat state is still the unit's current one (a
    prompt left open across a new cycle must not write into the old one)."""
    if who.person is None:
        return False
    return await context.services.store.current_selfcheck_id(who.person) == selfcheck_id
