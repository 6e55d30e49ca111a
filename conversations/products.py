"""/produk: the unit's service products (product items are asked once per product)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import texts
from bot.refused import Refused
from bot.selfcheck import SelfCheckRefusal
from bot.services import BotContext
from bot.store import PRODUCT_NAME_MAX, PRODUCTS_PER_UNIT
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import command, keyboards
from conversations.auth import Caller, roles
from conversations.render import answer, send_text
from conversations.selfcheck import open_check

log = logging.getLogger(__name__)


async def _products_text(context: BotContext, who: Caller) -> tuple[Html, bool]:
    store = context.services.store
    assert who.person is not None and who.person.unit_id is not None
    unit = await store.unit(who.person.unit_id)
    products = await store.products(who.person)
    lines = [texts.render("products.title", who.lang, unit=unit.name)]
    if products:
        lines.extend(texts.render("products.line", who.lang, name=p.name) for p in products)
    else:
        lines.append(texts.render("products.empty", who.lang))
    return Html("\n".join(lines)), bool(products)


@roles("officer")
async def on_products(update: Update, context: BotContext, who: Caller) -> None:
    """/produk: list the unit's products with an add button."""
    assert update.effective_chat is not None
    text, has_any = await _products_text(context, who)
    await send_text(
        context.bot,
        update.effective_chat.id,
        text,
        keyboards.products(who.lang, can_start=has_any),
    )


@roles("officer")
async def on_add(update: Update, context: BotContext, who: Caller) -> None:
    """➕ Tambah produk: ask for the name as text."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await answer(query)
    await ask_name(context, update.effective_chat.id, who)


async def ask_name(context: BotContext, chat_id: int, who: Caller) -> None:
    await context.services.selfchecks.ask_product_name(who.user_id)
    await send_text(context.bot, chat_id, texts.render("products.ask_name", who.lang))


async def product_name_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """The name of a new product, written as text (pending "product_name")."""
    assert update.effective_chat is not None and who.person is not None
    chat_id = update.effective_chat.id
    outcome = await context.services.selfchecks.add_product(who.person, text)
    if isinstance(outcome, Refused):
        await send_text(context.bot, chat_id, refusal_text(outcome, who.lang))
        return
    listing, _ = await _products_text(context, who)
    key = "products.added" if outcome.added else "products.exists"
    said = texts.render(key, who.lang, name=outcome.product.name)
    markup = keyboards.products(who.lang, can_start=True)
    await send_text(context.bot, chat_id, Html(said + "\n\n" + listing), markup)


def refusal_text(refused: Refused[SelfCheckRefusal], lang: str) -> Html:
    if refused.reason == "forbidden":
        return texts.render("officer_only", lang)
    # Each broken rule has its own text; the store's message is English, for logs.
    key = f"products.invalid.{refused.detail}"
    return texts.render(key, lang, limit=PRODUCT_NAME_MAX, most=PRODUCTS_PER_UNIT)


@roles("officer")
async def on_start_check(update: Update, context: BotContext, who: Caller) -> None:
    """▶ Mulai pemeriksaan: the same as /periksa."""
    query = update.callback_query
    assert query is not None
    await answer(query)
    await open_check(update, context, who)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("produk"), on_products),
        CallbackQueryHandler(on_add, pattern=cb.AddProduct.pattern()),
        CallbackQueryHandler(on_start_check, pattern=cb.StartCheck.pattern()),
    ]
