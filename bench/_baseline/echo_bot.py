"""The baseline: a bare python-telegram-bot echo bot, default settings (sequential updates).

A button press is answered (answerCallbackQuery) and its message edited to echo the data,
with a keyboard shaped like a SiapNilai question (three options, one extra row, three
navigation buttons); a text message is answered with a new message and that keyboard.
Configured like `siapnilai run`: SIAPNILAI_BOT_TOKEN, SIAPNILAI_API_BASE_URL,
SIAPNILAI_API_FILE_URL; `python bench/_baseline/echo_bot.py`.
"""

import html
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters


def keyboard(n):
    row = lambda *names: [InlineKeyboardButton(f"{x} {n}", callback_data=f"echo:{x}:{n}") for x in names]
    return InlineKeyboardMarkup([row("Ya", "Sebagian", "Tidak"), row("Bukti"), row("Kembali", "Lewati", "Daftar")])


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer(f"OK {query.data}")
    n = int(query.data.rsplit(":", 1)[1]) + 1
    await query.edit_message_text(
        f"<b>{n}/30</b> · you pressed <code>{html.escape(query.data)}</code>",
        parse_mode="HTML",
        reply_markup=keyboard(n),
    )


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(
        f"<b>1/30</b> · {html.escape(update.effective_message.text)}",
        parse_mode="HTML",
        reply_markup=keyboard(0),
    )


def skip_failed_sniffio_import():
    """BENCH_ECHO_NO_SNIFFIO=1 (bench.updates --echo-no-sniffio): the same two lines as
    bot/botapi.py, so that the baseline does not pay httpcore's failed `import sniffio`
    per request either (a fairer ratio; the default baseline stays a bare bot)."""
    import importlib.util
    import sys

    if importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None


def main() -> None:
    if os.environ.get("BENCH_ECHO_NO_SNIFFIO") == "1":
        skip_failed_sniffio_import()
    builder = (
        ApplicationBuilder()
        .token(os.environ["SIAPNILAI_BOT_TOKEN"])
        .base_url(os.environ["SIAPNILAI_API_BASE_URL"])
        .base_file_url(os.environ["SIAPNILAI_API_FILE_URL"])
    )
    if os.environ.get("BENCH_ECHO_AIOHTTP") == "1":
        # bench.updates --echo-aiohttp: the same Bot API client as SiapNilai (bot/bothttp.py),
        # to compare like with like; the default baseline stays a bare PTB bot on httpx.
        from bot.bothttp import AiohttpRequest

        builder = builder.request(AiohttpRequest(8)).get_updates_request(AiohttpRequest(1))
    application = builder.build()
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.run_polling(allowed_updates=["message", "callback_query", "my_chat_member"])


if __name__ == "__main__":
    main()
