"""Who is talking to the bot, and what they may do.

`caller(update, context)` reads the person from the store (never trusts the update alone).
Handlers that need a registered person are wrapped with `@registered` (anyone registered,
admins included) or `@roles("officer")`, `@roles("coordinator", "admin")`; the wrapped
handler receives the `Caller` as a third argument. Strangers get the short explanation and
nothing else — unless they are answering a unit's citizens' survey: then any message of
theirs shows its current question again (`refuse_caller`); the wrong role gets a one-line
refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any, Generic, TypeVar

from telegram import CallbackQuery, Update, User
from telegram.ext import CallbackQueryHandler

from bot import texts
from bot.frozen import frozen
from bot.keyref import resolve_key
from bot.refused import Refused
from bot.report_access import Overseer
from bot.selfcheck import Press, SelfCheckRefusal
from bot.services import BotContext, Services
from bot.store import Person, PressContext, Store
from conversations.callbacks import CallbackData, CallbackDataError
from conversations.render import answer, send_text

Role = str  # "officer" | "coordinator" | "admin"
_Data = TypeVar("_Data", bound=CallbackData)


@frozen
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

    @property
    def overseer(self) -> Overseer:
        """The caller as /tinjau and /undang see them (a coordinator, or an admin)."""
        return Overseer(self.user_id, self.person, self.is_admin)

    def has_role(self, *allowed: Role) -> bool:
        return self.role in allowed or ("admin" in allowed and self.is_admin)


async def caller(update: Update, context: BotContext) -> Caller | None:
    """The person behind an update, read fresh from the store; None without a user."""
    user = update.effective_user
    if user is None:
        return None
    store = context.services.store
    person = await store.person(user.id)
    if person is not None and not person.active:
        person = await back_again(store, user.id)
    code = user.language_code
    if person is not None and code and person.app_language != code[:35]:
        # Written only when it changed: reminders and notices speak the app's language too.
        await store.set_app_language(user.id, code)
        person = replace(person, app_language=code[:35])
    return caller_from(user, context.services, person)


async def back_again(store: Store, telegram_id: int) -> Person | None:
    """Marked inactive when they blocked the bot; writing to it again means they are back."""
    await store.mark_active(telegram_id)
    return await store.person(telegram_id)


def caller_from(user: User, services: Services, person: Person | None) -> Caller:
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
ButtonHandler = CallbackQueryHandler[BotContext, None]
"""A press decorator's result: the handler registered for its callback data's pattern."""
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


async def refuse_caller(update: Update, context: BotContext, who: Caller, key: str) -> None:
    """`refuse` for a message or press of `who`; a message from someone not registered who is
    answering a citizens' survey is answered by the survey instead (its current question,
    and how to answer it), never with the text for uninvited people."""
    from conversations import survey  # here: the survey flow imports this module

    if not who.registered and await survey.remind(update, context):
        return
    await refuse(update, context, who.lang, key)


def roles(*allowed: Role) -> Callable[[CallerHandler], Handler]:
    """Run the handler only for registered people with one of `allowed` roles (no roles: any)."""

    def decorate(handler: CallerHandler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: BotContext) -> None:
            who = await caller(update, context)
            if who is None:
                return
            problem = not_allowed(who, allowed, pressed=update.callback_query is not None)
            if problem is not None:
                await refuse_caller(update, context, who, problem)
                return
            await handler(update, context, who)

        return wrapper

    return decorate


registered = roles()
"""Any registered person (officer, coordinator, admin)."""


def not_allowed(who: Caller, allowed: tuple[Role, ...], *, pressed: bool) -> str | None:
    """The text key refusing `who` (a stranger, or the wrong role), None when allowed."""
    if not who.registered:
        if who.person is not None:  # deactivated by a coordinator or admin: say so
            return "cb.deactivated" if pressed else "deactivated"
        return "cb.not_registered" if pressed else "unregistered"
    if allowed and not who.has_role(*allowed):
        if pressed:
            return "cb.forbidden"
        if "officer" in allowed and "coordinator" in allowed:  # an admin, e.g. /pengingat
            return "members_only"
        if "officer" in allowed:  # say what a coordinator or an admin can do instead
            if who.is_coordinator:
                return "officer_only_coordinator"
            return "officer_only_admin" if who.is_admin else "officer_only"
        return "coordinator_only"
    return None


@frozen
class ButtonPress(Generic[_Data]):
    """A press its decorator let through: who, the typed data, the chat, the query to answer."""

    who: Caller
    data: _Data
    chat_id: int
    query: CallbackQuery


@frozen
class Pressed(ButtonPress[_Data]):
    """An officer's press on a self-check button, with the press as read (`press`)."""

    press: Press


PressHandler = Callable[[Update, BotContext, "Pressed[_Data]"], Coroutine[Any, Any, None]]


def officer_press(
    kind: type[_Data], *, states: bool = False
) -> Callable[[PressHandler[_Data]], ButtonHandler]:
    """Unpack the button's data as `kind`, read the presser and the self-check it names in one
    round trip (`states`: with its answer states), refuse strangers, other roles and malformed
    data, and hand the handler a `Pressed`. The self-check service makes every other check.
    The result is registered for `kind`'s pattern: the data class is named once."""

    def decorate(handler: PressHandler[_Data]) -> ButtonHandler:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: BotContext) -> None:
            user, query, chat = update.effective_user, update.callback_query, update.effective_chat
            if user is None or query is None or chat is None:
                return
            data = _unpacked(kind, query.data)
            who, found = await _read_press(user, context, getattr(data, "sc", None), states)
            problem = not_allowed(who, ("officer",), pressed=True)
            if problem is not None or data is None or found.person is None:
                await answer(query, texts.plain(problem or "cb.invalid", who.lang))
                return
            press = _press(update, found, found.person, data)
            await handler(update, context, Pressed(who, data, chat.id, query, press))

        return CallbackQueryHandler(wrapper, pattern=kind.pattern())

    return decorate


def _unpacked(kind: type[_Data], data: str | None) -> _Data | None:
    try:
        return kind.unpack(data or "")
    except CallbackDataError:
        return None


async def _read_press(
    user: User, context: BotContext, selfcheck_id: int | None, states: bool
) -> tuple[Caller, PressContext]:
    """The presser and the self-check the button names, in one read (two when an inactive
    person comes back)."""
    store = context.services.store
    found = await store.press_context(user.id, selfcheck_id, states=states)
    person = found.person
    if person is not None and not person.active:
        person = await back_again(store, user.id)
        found = await store.press_context(user.id, selfcheck_id, states=states)
    return caller_from(user, context.services, person), found


def _press(update: Update, found: PressContext, person: Person, data: CallbackData) -> Press:
    checklist = [] if found.press is None else found.press.checklist
    ref: str | None = getattr(data, "key", None)
    return Press(
        person=person,
        found=found.press,
        refused=found.refused,
        key=None if ref is None else resolve_key(ref, checklist),
        update_id=update.update_id,
        message_id=pressed_message_id(update),
        version=getattr(data, "v", None),
    )


async def refuse_press(pressed: Pressed[Any], refused: Refused[SelfCheckRefusal]) -> None:
    """Say why the service refused a press, as the callback's answer."""
    lang = pressed.who.lang
    await answer(pressed.query, texts.plain(f"cb.{refused.reason}", lang, reason=refused.detail))


def pressed_message_id(update: Update) -> int | None:
    query = update.callback_query
    if query is None or query.message is None or not query.message.is_accessible:
        return None
    return query.message.message_id


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


@frozen
class CoordinatorPress(ButtonPress[_Data]):
    """A coordinator's (or admin's) press, with the message pressed and the update's id."""

    message_id: int | None
    update_id: int


CoordinatorHandler = Callable[[BotContext, "CoordinatorPress[_Data]"], Coroutine[Any, Any, None]]


def coordinator_press(
    kind: type[_Data],
) -> Callable[[CoordinatorHandler[_Data]], ButtonHandler]:
    """`officer_press` for coordinators and admins (review, people and invites): unpack the
    button as `kind`, read the presser fresh, refuse anyone else and malformed data, and hand
    the handler a `CoordinatorPress`. The service checks the region of what the button names.
    The result is registered for `kind`'s pattern, as `officer_press`'s is."""

    def decorate(handler: CoordinatorHandler[_Data]) -> ButtonHandler:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: BotContext) -> None:
            query, chat = update.callback_query, update.effective_chat
            who = await caller(update, context)
            if who is None or query is None or chat is None:
                return
            data = _unpacked(kind, query.data)
            problem = not_allowed(who, ("coordinator", "admin"), pressed=True)
            if problem is not None or data is None:
                await answer(query, texts.plain(problem or "cb.invalid", who.lang))
                return
            message_id = pressed_message_id(update)
            pressed = CoordinatorPress(who, data, chat.id, query, message_id, update.update_id)
            await handler(context, pressed)

        return CallbackQueryHandler(wrapper, pattern=kind.pattern())

    return decorate
