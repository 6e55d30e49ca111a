"""CLI verb: `siapnilai run` — run the bot (long polling, or a webhook with --webhook-url)."""

from __future__ import annotations

import argparse
import errno
import gc
import hashlib
import hmac
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from bot.cli_common import CliError, load_settings
from bot.store import dbcheck

UPDATES = ["message", "callback_query", "my_chat_member"]
"""Edited messages are not asked for: an edit must not re-run a command or re-record text."""


def register(verbs: Any) -> None:
    parser = verbs.add_parser("run", help="run the bot (long polling; --webhook-url for webhooks)")
    parser.add_argument("--webhook-url", help="public HTTPS URL Telegram posts updates to")
    parser.add_argument(
        "--port", type=int, help=f"port to listen on (with --webhook-url; default {PORT})"
    )
    parser.add_argument(
        "--listen", help=f"address to listen on (with --webhook-url; default {LISTEN})"
    )
    parser.set_defaults(handler=run)


PORT = 8443
LISTEN = "0.0.0.0"


def run(args: argparse.Namespace) -> int:
    if args.webhook_url is None:
        # Long polling listens on no port: --port or --listen alone would be ignored, and an
        # admin who meant a webhook would wait for updates that never come.
        given = [f"--{name}" for name in ("port", "listen") if getattr(args, name) is not None]
        if given:
            verb = "apply" if len(given) > 1 else "applies"
            raise CliError(
                f"{' and '.join(given)} only {verb} to a webhook: add --webhook-url URL "
                "(without it the bot uses long polling and listens on no port)"
            )
    args.port = PORT if args.port is None else args.port
    args.listen = LISTEN if args.listen is None else args.listen
    settings = load_settings()
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        raise CliError("SIAPNILAI_BOT_TOKEN is not set (put the token from BotFather in .env)")
    if args.webhook_url is not None:
        parts = urlsplit(args.webhook_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CliError(f"--webhook-url must be an http(s) URL, got {args.webhook_url!r}")
    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, got {args.port}")
    # read-only, full, unreachable: one line, no traceback
    problem = dbcheck.probe(settings.database)
    if problem is not None:
        raise CliError(problem)

    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    # httpx logs every getUpdates poll at INFO: noise, and it would print the token in URLs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs every run of the reminder job (every 5 minutes) at INFO.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

    # PTB is imported only when the bot really runs.
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application

    logging.getLogger("telegram.ext").addFilter(_ShortStartupFailures())
    application = build_application(settings)
    # The ~130,000 objects of the code just imported live as long as the process: kept out
    # of the collector's full passes, which then scan only what updates create (a full pass
    # over everything took tens of ms on the event loop; docs/benchmarks.md §8).
    gc.collect()
    gc.freeze()
    try:
        _serve(application, args, settings.bootstrap_retries, webhook_secret(settings))
    except InvalidToken:
        raise CliError(refused_token(settings.api_base_url)) from None
    except OSError as exc:
        # The webhook's port taken (another instance, another server) or not ours to open.
        if args.webhook_url is None or exc.errno not in LISTEN_ERRORS:
            raise
        raise CliError(
            f"cannot listen on {args.listen} port {args.port} for the webhook: {exc.strerror} "
            "(choose another --port, or stop what uses it)"
        ) from None
    except NetworkError as exc:
        print(
            f"siapnilai: error: cannot reach the Bot API at {settings.api_base_url}: {exc}",
            file=sys.stderr,
        )
        return 1
    return 0


LISTEN_ERRORS = frozenset({errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL})
"""Why a webhook's server cannot listen: said in one line (exit 2), not a traceback."""

TELEGRAM_API = "api.telegram.org"


def refused_token(api_base_url: str) -> str:
    """What to say when the Bot API refuses the token: BotFather is the place to look only when
    the Bot API is Telegram's; another server (a self-hosted one, the fake) is named, since the
    token must be the one that server expects."""
    if urlsplit(api_base_url).hostname == TELEGRAM_API:
        return "the Bot API refused the token (check SIAPNILAI_BOT_TOKEN against BotFather)"
    return (
        f"the Bot API at {api_base_url} refused the token (check that SIAPNILAI_BOT_TOKEN is "
        "the token that server expects)"
    )


class _ShortStartupFailures(logging.Filter):
    """PTB logs a failed start-up (no network, wrong token) with a long traceback before
    raising it; `run` says it in one line instead, so keep only PTB's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.exc_info
            and str(record.msg).startswith("%s")
            and "Aborting" in str(record.getMessage())
        ):
            record.exc_info = None
            record.exc_text = None
        return True


def webhook_secret(settings: Any) -> str:
    """The secret Telegram echoes with every webhook request: derived from the bot token, so
    that every instance behind one load balancer sets, and accepts, the same one (a random
    one per instance made each instance refuse the updates meant for the others). Anyone
    who could compute it holds the token already."""
    token = settings.bot_token.get_secret_value().encode()
    return hmac.new(token, b"siapnilai webhook secret", hashlib.sha256).hexdigest()


def _serve(application: Any, args: argparse.Namespace, retries: int, secret: str) -> None:
    if args.webhook_url is None:
        # A few retries ride out a network hiccup at start-up; a wrong token fails at once.
        application.run_polling(allowed_updates=UPDATES, bootstrap_retries=retries)
    else:
        path = urlsplit(args.webhook_url).path.lstrip("/")
        application.run_webhook(
            listen=args.listen,
            port=args.port,
            url_path=path,
            webhook_url=args.webhook_url,
            allowed_updates=UPDATES,
            # Telegram echoes it in a header; requests without it are refused, so nobody
            # who merely learns the URL can post updates.
            secret_token=secret,
            bootstrap_retries=retries,
        )
