"""Helpers shared by the CLI verb modules."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.filetype import BIDI
from bot.settings import Settings, database_setting
from bot.store import Clock, Store, StoreError, utc_now

T = TypeVar("T")


CLI_ZONE = "Asia/Jakarta"
"""WIB, the westernmost of the zones: where "today" starts last. The CLI's dates are WIB dates."""


def cli_clock(args: argparse.Namespace) -> Clock:
    """The one clock of the command line: `main(clock=...)` sets it; the wall clock otherwise."""
    clock: Clock = getattr(args, "clock", None) or utc_now
    return clock


def cli_today(now: datetime) -> date:
    """The CLI's "today" for `now`: the date in WIB. Tests that run the CLI as a process compute
    their dates with this same function, so they agree with it at every hour."""
    return now.astimezone(ZoneInfo(CLI_ZONE)).date()


class CliError(Exception):
    """Bad input: printed as one line on stderr, exit status 2."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def error(message: str) -> None:
    """One error line on stderr; the verb then exits with status 2. A message that brings
    lines of its own (a driver's "connection refused" and its hint on the next line) is
    joined into one: scripts and the contract read one line."""
    print(f"siapnilai: error: {one_line(message)}", file=sys.stderr)


def one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def warn(message: str) -> None:
    """One line on stderr that does not change the exit status."""
    print(f"siapnilai: warning: {one_line(message)}", file=sys.stderr)


def printable(text: str) -> str:
    """Text from outside (a Telegram name) as a terminal line may show it: control characters
    (ESC starts a terminal's escape sequences) and bidirectional overrides (which reorder
    the rest of the line) become a visible "?". --json keeps the text as it is."""
    return "".join("?" if unicodedata.category(c) == "Cc" or c in BIDI else c for c in text)


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 row`, `2 rows` (`words` for an irregular plural)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


class _DotenvLines(logging.Handler):
    """python-dotenv's "could not parse statement starting at line N", caught to be said as
    the CLI says things (it printed its own line, outside the one-line contract)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[object] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.args[0] if isinstance(record.args, tuple) else "?")


_SAID_ENV_LINES: set[object] = set()


def load_settings() -> Settings:
    """Settings from the environment and `.env`; a bad one is a CliError naming it, and a
    `.env` line that is not NAME=value one warning (once a process; the line is ignored)."""
    dotenv_log = logging.getLogger("dotenv.main")
    caught, propagate = _DotenvLines(), dotenv_log.propagate
    dotenv_log.addHandler(caught)
    dotenv_log.propagate = False
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise CliError(f"bad setting {where}: {message}") from None
    finally:
        dotenv_log.removeHandler(caught)
        dotenv_log.propagate = propagate
        for line in caught.lines:
            if line not in _SAID_ENV_LINES:
                _SAID_ENV_LINES.add(line)
                warn(f".env line {line} is not NAME=value: it is ignored")


def who() -> str:
    """The audit log's name for this command line: `cli:<os user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def database_path(args: argparse.Namespace, settings: Settings) -> Path | str:
    """--database, else SIAPNILAI_DATABASE: a SQLite file, or a postgresql:// URL (text)."""
    given = getattr(args, "database", None)
    return database_setting(given) if given is not None else settings.database


def database_arg(text: str) -> Path | str:
    """argparse type of --database: a file path, or a postgresql:// URL kept as text."""
    return database_setting(text)


def name_arg(text: str) -> str:
    """argparse type of --region and --unit: an id or a name, never blank. A blank one
    (`--region "$REGION"` with the variable unset) used to mean none at all, so that
    `cycle open ... --region ""` opened a cycle for every region."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give an id or a name")
    return text


DATABASE_HELP = "SQLite file or postgresql:// URL (default: SIAPNILAI_DATABASE)"

BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def add_bot_username(parser: argparse.ArgumentParser, what: str) -> None:
    """`--bot-username NAME` (`--bot` for short) on a verb that prints a t.me link."""
    parser.add_argument(
        "--bot-username",
        "--bot",
        dest="bot_username",
        metavar="NAME",
        help=f"{what} for this bot (default: the name the bot learned, or asked with the token)",
    )


def checked_username(text: str) -> str:
    """A bot's username as BotFather gave it (5-32 letters, digits or _, ending in "bot"),
    without its @; CliError otherwise."""
    name = text.strip().removeprefix("@")
    if not BOT_USERNAME.fullmatch(name) or not name.lower().endswith("bot"):
        raise CliError(
            f"--bot-username {text!r}: a bot's username is 5-32 letters, digits or _, "
            "ending in 'bot' (as BotFather gave it)"
        )
    return name


def no_username(settings: Settings) -> str:
    """Why a verb has no t.me link to print, and the ways to give it one (with a token set,
    `bot_username` asked the Bot API and has already warned why it got no answer)."""
    if settings.bot_token is not None and settings.bot_token.get_secret_value().strip():
        return (
            "the bot's username is not known yet: the Bot API did not give it (see the "
            "warning; check SIAPNILAI_BOT_TOKEN); start the bot once, or pass --bot-username NAME"
        )
    return (
        "the bot's username is not known yet: set SIAPNILAI_BOT_TOKEN, start the bot once, "
        "or pass --bot-username NAME"
    )


async def bot_username(store: Store, settings: Settings, given: str | None) -> str | None:
    """The bot's username for t.me links: `given` (--bot-username), else the one the bot stored
    when it last started, else the Bot API's answer to getMe with SIAPNILAI_BOT_TOKEN (stored
    as the bot stores it); None when none of these can say."""
    if given is not None:
        return checked_username(given)
    known = await store.get_meta("bot_username")
    token = settings.bot_token.get_secret_value().strip() if settings.bot_token else ""
    if known or not token:
        return known
    from telegram import Bot
    from telegram.error import TelegramError

    from bot.bothttp import AiohttpRequest

    try:
        async with Bot(
            token,
            base_url=settings.api_base_url,
            base_file_url=settings.api_file_url,
            request=AiohttpRequest(1),
            get_updates_request=AiohttpRequest(1),
        ) as telegram:
            asked = telegram.username
    except TelegramError as exc:  # a wrong token, or no way to the Bot API from here
        warn(f"could not ask the Bot API for the bot's username: {exc}")
        return None
    await store.set_meta("bot_username", asked)
    return asked


def with_store(
    args: argparse.Namespace,
    settings: Settings,
    work: Callable[[Store], Awaitable[T]],
    *,
    create: bool = False,
) -> T:
    """Open the store (applying migrations), run `work`, close; store errors become CliError.

    Only `create` (units import) may make a new database: anywhere else a missing file is a
    mistyped SIAPNILAI_DATABASE or --database, and an empty database would hide that.
    """
    path = database_path(args, settings)
    if not create and isinstance(path, Path) and not path.exists():
        raise CliError(f"no database at {path}: import units first, or set SIAPNILAI_DATABASE")

    async def main() -> T:
        store = await Store.open(path, clock=cli_clock(args))
        try:
            return await work(store)
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except sqlite3.Error as exc:
        raise CliError(f"database {_shown(path)}: {exc}") from None
    except OverflowError:  # an id past SQLite's 64-bit integers: no row can have it
        raise CliError(f"a number is too large (at most {2**63 - 1})") from None
    except OSError as exc:
        raise CliError(f"{exc.filename or path}: {exc.strerror}") from None


def check_output(output: Path, suffix: str) -> None:
    """Refuse an output path the CLI cannot write: wrong ending, or a folder that is not there
    (checked before the work, so a long report does not fail at the end)."""
    if output.suffix.lower() != suffix:
        raise CliError(f"{output}: the output file must end in {suffix}")
    if output.parent and not output.parent.exists():
        raise CliError(f"{output.parent}: no such directory")


def write_output(output: Path, data: bytes) -> None:
    """Write `data` to `output` whole or not at all (a partial file, then a rename)."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, output)
    except OSError as exc:
        raise CliError(f"{output}: {exc.strerror}") from None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A text file the user named; any problem is one CliError line naming the file."""
    try:
        return read_bytes(path).decode(encoding)
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text") from None


def read_bytes(path: Path) -> bytes:
    """A file the user named, read once (it may be a pipe: `/dev/stdin`); any problem is one
    CliError line naming the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror})") from None


def _shown(database: Path | str) -> str:
    """The database as a message may show it: a URL without its password."""
    if isinstance(database, Path):
        return str(database)
    from bot.store.pg import redact

    return redact(database)
