"""How the bot's HTTP client talks to the Bot API: one send budget, and no wasted import.

`SendBudget` is PTB's `AIORateLimiter` applied only to the requests that put a new message
into a chat (`BUDGETED`): reminders, digests, packs and an interactive reply that sends a
message share one overall budget (Telegram's ~30 messages a second) and PTB's group limit,
while a button press's `answerCallbackQuery` and `editMessage*`, `getUpdates` and the rest
go straight through, never queued behind a broadcast. Flood-control errors still reach the
caller (`max_retries=0`): the broadcaster resends. PTB logs each of those at ERROR with a
traceback before raising it; `SendBudget` drops that one record (`PassedOn`), since the caller
handles the error and the broadcaster logs its own wait.

`edit_text()`: editMessageText without reading the edited message back into PTB objects.

`skip_failed_sniffio_import()`: httpcore runs `import sniffio` for every request to learn
which async library runs it; without sniffio installed (anyio 4.12+ no longer needs it)
that is a failed import, a search of every `sys.path` entry, each time (6-10 % of a bare
bot's CPU under load, docs/benchmarks.md §8). Recording the module as absent once makes
the failure immediate; httpcore then assumes asyncio, which is what runs it.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]

DOWNLOAD_MB = 20
"""The Bot API's getFile serves files up to 20 MB: a bot cannot read a bigger one (it is
listed in an evidence pack, not inside it, and its first bytes are never checked)."""
DOWNLOAD_LIMIT = DOWNLOAD_MB * 1024 * 1024

BUDGETED = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendInvoice",
        "sendPaidMedia",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)
"""Bot API methods that send a new message: the ones Telegram's ~30/s limit counts."""


class PassedOn(logging.Filter):
    """Drops PTB's "Rate limit hit after maximum of 0 retries" record: with no retries the
    budget only passes flood control on, and the caller (the broadcaster) resends and logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno >= logging.ERROR and str(record.msg).startswith("Rate limit hit")
        )


_PTB_LIMITER_LOG = logging.getLogger("telegram.ext.AIORateLimiter")


class SendBudget(AIORateLimiter):
    """`AIORateLimiter` for `BUDGETED` methods only; every other request runs at once.
    `per_second` 0: no overall budget (PTB's group limit stays)."""

    def __init__(self, per_second: float, *, period: float = 1.0) -> None:
        # aiolimiter's bucket holds per_second * period messages: `period` only matters
        # for rates under one a second (one message every 1 / per_second seconds).
        super().__init__(
            overall_max_rate=per_second * period, overall_time_period=period, max_retries=0
        )
        self.per_second = per_second
        if not any(isinstance(f, PassedOn) for f in _PTB_LIMITER_LOG.filters):
            _PTB_LIMITER_LOG.addFilter(PassedOn())

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint not in BUDGETED:
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def budget_of(bot: Any) -> float:
    """Messages a second the bot's send budget allows; 0 when it has none (the broadcaster
    then paces itself)."""
    limiter = getattr(bot, "rate_limiter", None)
    return limiter.per_second if isinstance(limiter, SendBudget) else 0.0


def skip_failed_sniffio_import() -> None:
    """See the module docstring; does nothing when sniffio is installed."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]  # import fails at once


RAW_EDIT = "editmessagetext"
"""editMessageText as `edit_text` asks for it: the Bot API's method names are case-insensitive,
and PTB's do_api_request warns when a name is one of its typed methods' (a nudge towards
`edit_message_text`, whose result this call means to skip)."""


async def edit_text(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """`bot.edit_message_text` with the bot's defaults, minus building the edited `Message`
    from Telegram's answer (nobody reads it): on a press that is the biggest object the bot
    gets back (the question's entities and keyboard), ~0.2 ms of a press under load
    (docs/benchmarks.md). Errors (BadRequest, RetryAfter...) are raised as by the method."""
    kwargs: JSONDict = {"chat_id": chat_id, "message_id": message_id, "text": text}
    defaults = getattr(bot, "defaults", None)
    if defaults is not None:
        kwargs["parse_mode"] = defaults.parse_mode
        kwargs["link_preview_options"] = defaults.link_preview_options
    if markup is not None:
        kwargs["reply_markup"] = markup
    await bot.do_api_request(RAW_EDIT, api_kwargs=kwargs)
