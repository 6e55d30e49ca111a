"""CLI verb: `siapnilai try` — a terminal playground on the project's fake Bot API and a
throw-away database, for someone who has no bot token (or no way to reach Telegram).

One process runs the fake Bot API from `tests/fakebot` and the real bot, built by the same
`build_application(settings)` as `siapnilai run`, pointed at the fake's URLs with its token.
The database lives in a temporary directory (deleted on exit), seeded with
`examples/units.csv` through the CLI's CSV reader and the store's import, an open cycle
(from today in WIB) and two invites. The person types as an officer who joins with
`/start CODE` (the real join path), or as the region's coordinator after `/as coordinator`.

The fake server is test code (it needs aiohttp, and `tests/` is not packaged), so `try` runs
from a checkout installed with `pip install -e '.[try]'`; anywhere else it says so and exits 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import struct
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from bot import playground_text as show
from bot.cli_common import CliError, cli_clock, cli_today
from bot.frozen import frozen
from bot.store import Clock, utc_now

ROOT = Path(__file__).resolve().parent.parent
UNITS_CSV = ROOT / "examples" / "units.csv"
UNIT = "Dinas PMPTSP Kota Metro"
RUBRIC = "ombudsman-2025"
WINDOW = timedelta(days=120)
ZONE = "Asia/Jakarta"
"""WIB: the cycle opens "today" in the zone of the example units."""
QUIET = 0.15
"""Seconds without a Bot API request about a chat, once the bot handles no update, before
its reply counts as complete."""
BUSY = 20.0
"""Longest wait for the bot to go quiet (a workbook or chart takes a while)."""
HELP = "/try-help"
OFFICER_ID, COORDINATOR_ID = 700_001, 700_002


def register(verbs: Any) -> None:
    parser = verbs.add_parser(
        "try",
        help="a terminal chat with the bot on a fake Telegram and a throw-away database",
        description="Chat with the real bot in this terminal, without a token: the fake Bot "
        "API of tests/fakebot and a temporary database seeded with examples/units.csv. "
        "Needs a checkout installed with: pip install -e '.[try]'",
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="the chat's language (default: id)"
    )
    parser.add_argument("--unit", default=UNIT, help=f"the officer's unit (default: {UNIT})")
    parser.set_defaults(handler=try_verb)


def try_verb(args: argparse.Namespace) -> int:
    fake = load_fake()
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the tests run PTB: timedelta periods
    _quiet_logs()
    try:
        return asyncio.run(
            play(fake, sys.stdin, sys.stdout, lang=args.lang, unit=args.unit, clock=cli_clock(args))
        )
    except KeyboardInterrupt:  # play() has cleaned up on its way out
        print("\nStopped: the bot and the fake Telegram are stopped, the database is deleted.")
        return 130


# -- the fake Bot API ----------------------------------------------------------------------------


@frozen
class Fake:
    """What `try` takes from tests/fakebot: its public surface only."""

    server_class: Any  # tests.fakebot.FakeBotAPI
    runner_class: Any  # tests.fakebot.runner.BotRunner


def load_fake() -> Fake:
    """Import the fake Bot API from this checkout's tests/, or a CliError saying what to do."""
    if not (ROOT / "tests" / "fakebot").is_dir():
        raise CliError(
            "`siapnilai try` runs from a SiapNilai checkout (it uses tests/fakebot): "
            "git clone the project, then pip install -e '.[try]' and run it there"
        )
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        raise CliError(
            f"`siapnilai try` needs aiohttp for the fake Bot API: pip install -e '.[try]' in {ROOT}"
        ) from None
    if sys.path[:1] != [str(ROOT)]:
        # `tests` is not packaged and the `siapnilai` script does not put the checkout on
        # sys.path; first, so that another project's `tests` in the cwd does not shadow it.
        with contextlib.suppress(ValueError):
            sys.path.remove(str(ROOT))
        sys.path.insert(0, str(ROOT))
    try:
        from tests.fakebot import FakeBotAPI
        from tests.fakebot.runner import BotRunner
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing and missing != "tests":  # a library the fake server needs (tdjson, …)
            raise CliError(
                f"`siapnilai try` needs {missing} for the fake Bot API: "
                f"pip install -e '.[try]' in {ROOT}"
            ) from None
        raise CliError(f"cannot import the fake Bot API from {ROOT / 'tests'}: {exc}") from None
    return Fake(FakeBotAPI, BotRunner)


# -- the throw-away world ------------------------------------------------------------------------


@dataclass
class Persona:
    role: str  # "officer" | "coordinator"
    user: Any  # tests.fakebot.SimUser
    code: str
    where: str
    joined: bool = False
    buttons_at: int | None = None
    """The message whose buttons were shown last in this persona's chat."""
    seen: int = 0
    """How many of the chat's events are printed."""
    texts: dict[int, str] = field(default_factory=dict)
    """Message id -> text as last printed (an edit that only changes buttons says just that)."""


@frozen
class Seeded:
    unit: str
    region: str
    officer_code: str
    coordinator_code: str
    opens: str
    closes: str


async def seed(database: Path, *, unit_name: str, clock: Clock) -> Seeded:
    """The example units (the CLI's CSV reader, the store's import), an open cycle and two
    single-use invites, as an admin would make them with `units import`, `cycle open` and
    `invite`."""
    from bot.store import Store, StoreError
    from bot.units_csv import read_units_csv

    rows = read_units_csv(UNITS_CSV)
    store = await Store.open(database, clock=clock)
    try:
        await store.import_units(rows, default_timezone=ZONE, who="try")
        try:
            unit = await store.resolve_unit(unit_name)
        except StoreError as exc:
            names = ", ".join(u.unit.name for u in await store.list_units())
            raise CliError(f"--unit: {exc}; the example units are: {names}") from None
        today = cli_today(clock())
        await store.open_cycle(RUBRIC, today, today + WINDOW, who="try")
        officer = await store.create_invite("officer", unit_id=unit.id, uses=1, days=1, who="try")
        coordinator = await store.create_invite(
            "coordinator", region_id=unit.region_id, uses=1, days=1, who="try"
        )
    finally:
        await store.close()
    return Seeded(
        unit.name,
        unit.region,
        officer.code,
        coordinator.code,
        today.isoformat(),
        (today + WINDOW).isoformat(),
    )


# -- the session ---------------------------------------------------------------------------------


async def play(
    fake: Fake,
    stdin: TextIO,
    stdout: TextIO,
    *,
    lang: str = "id",
    unit: str = UNIT,
    clock: Clock = utc_now,
    on_workdir: Callable[[Path], None] | None = None,
) -> int:
    """Run the playground until stdin ends; everything it made is gone when it returns.

    `clock` is the bot's and the store's clock (and so "today" for the cycle); `on_workdir`
    is told the temporary directory (tests check that it is gone afterwards).
    """
    from bot.settings import Settings

    workdir = Path(tempfile.mkdtemp(prefix="siapnilai-try-"))
    if on_workdir is not None:
        on_workdir(workdir)
    server = fake.server_class(clock=lambda: clock().timestamp())
    runner = None
    try:
        world = await seed(workdir / "siapnilai.db", unit_name=unit, clock=clock)
        await server.start()
        settings = Settings(
            _env_file=None,  # a .env here holds a real token and admins: not for the playground
            bot_token=server.token,
            database=workdir / "siapnilai.db",
            api_base_url=server.base_url,
            api_file_url=server.file_url,
            admins=frozenset(),
            timezone=ZONE,
        )
        runner = fake.runner_class(settings, clock=clock)
        await runner.start()
        app = runner.app
        session = Session(server, world, stdin, stdout, lang=lang, busy=lambda: _busy(app))
        await session.run()
    finally:
        if runner is not None:
            await runner.stop()
        await server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


class Session:
    """The terminal chat: reads lines, sends them as the current persona, prints replies."""

    def __init__(
        self,
        server: Any,
        world: Seeded,
        stdin: TextIO,
        stdout: TextIO,
        *,
        lang: str,
        busy: Callable[[], bool],
    ) -> None:
        self.server = server
        self.world = world
        self.stdin = stdin
        self.out = stdout
        self.lang = lang
        self.busy = busy
        self._blank = True  # the last line printed was empty
        self.interactive = _isatty(stdin) and _isatty(stdout)
        self.ansi = _isatty(stdout) and not os.environ.get("NO_COLOR")
        self.width = min(shutil.get_terminal_size((88, 24)).columns, 100)
        officer = server.user(OFFICER_ID, "Sari", language_code=lang)
        coordinator = server.user(COORDINATOR_ID, "Budi", language_code=lang)
        self.personas = {
            "officer": Persona("officer", officer, world.officer_code, world.unit),
            "coordinator": Persona(
                "coordinator", coordinator, world.coordinator_code, world.region
            ),
        }
        self.current = self.personas["officer"]

    @property
    def commands(self) -> str:
        from bot.texts.commands import COMMANDS

        which = 1 if self.lang == "en" else 0
        return " ".join(f"/{names[which]}" for names, _ in COMMANDS)

    @property
    def prompt(self) -> str:
        return f"{self.current.role} › "

    async def run(self) -> None:
        self.say(
            f"SiapNilai playground (fake Telegram, throw-away database): you are Sari, officer "
            f"of {self.world.unit}. Type as in Telegram; a number presses a button; "
            f"{HELP} lists the playground's commands; Ctrl-D quits."
        )
        await self.join(self.current)
        while True:
            line = await self.read()
            if line is None:
                break
            await self.handle(line.strip())
        await self.settle()
        self.flush()
        self.gap()
        self.note("Bye: the bot and the fake Telegram are stopped, the database is deleted.")

    # -- input

    async def read(self) -> str | None:
        """The next line; bot messages that arrive meanwhile (reminders) are printed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()
        interactive = self.interactive

        def reader(prompt: str) -> None:
            try:
                line: str | None = (
                    _input(prompt, self.out) if interactive else self.stdin.readline()
                )
                if line == "" and not interactive:
                    line = None
            except EOFError:
                line = None
            except Exception:  # a closed stdin: quit as on Ctrl-D
                line = None
            with contextlib.suppress(RuntimeError):  # the loop closed (Ctrl-C)
                loop.call_soon_threadsafe(_settle_future, future, line)

        # A daemon thread, not the executor: a Ctrl-C must not wait for a line.
        self.gap()
        threading.Thread(target=reader, args=(self.prompt,), daemon=True).start()
        while not future.done():
            changed = [
                asyncio.ensure_future(p.user.chat.wait_change(3600)) for p in self.personas.values()
            ]
            await asyncio.wait([future, *changed], return_when=asyncio.FIRST_COMPLETED)
            for task in changed:
                task.cancel()
            if not future.done():
                await self.settle()
                if self.pending():
                    if interactive:
                        self.say("")  # end the prompt's line; the reply comes below it
                        self._blank = False
                    self.flush()
                    self.gap()
                    if interactive:
                        self.out.write(self.prompt)
                        self.out.flush()
        line = future.result()
        if interactive:
            # The terminal shows the prompt and what was typed (Ctrl-D: no line end yet).
            if line is None:
                self.out.write("\n")
            self._blank = False
        if line is not None:
            line = line.rstrip("\n")
            if not interactive:
                self.say(f"{self.prompt}{line}")
        return line

    async def handle(self, line: str) -> None:
        if not line:
            return
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        if command == HELP:
            self.help()
        elif command == "/as":
            await self.switch(rest)
        elif command == "/photo":
            await self.send_photo(rest)
        elif command == "/pdf":
            await self.send_pdf(rest)
        elif command == "/say":
            if not rest:
                self.note("Usage: /say TEXT (sends TEXT to the bot as it is, e.g. /say 3)")
                return
            await self.current.user.send(rest)
            await self.settle()
            self.flush()
        elif line.isdigit() and self.current.buttons_at is not None:
            await self.press(int(line))
        else:
            await self.current.user.send(line)
            await self.settle()
            self.flush()

    def help(self) -> None:
        self.say(
            "Playground commands (everything else goes to the bot as a message):\n"
            "  3                  press button [3] of the latest message with buttons\n"
            "  /as coordinator    write as Budi, coordinator of the region (/as officer: back)\n"
            "  /photo [caption]   send a sample photo (evidence)\n"
            "  /pdf [caption]     send a sample PDF (evidence)\n"
            "  /say TEXT          send TEXT as it is (e.g. a number)\n"
            f"  {HELP:<18} this list\n"
            "  Ctrl-D             quit (nothing is kept)\n"
            f"The bot's own commands: {self.commands}.\n"
            f"Cycle {RUBRIC}: {self.world.opens} to {self.world.closes}."
        )

    async def join(self, persona: Persona) -> None:
        """Redeem the persona's invite with `/start CODE`, shown as if typed."""
        self.note(
            f"{persona.user.first_name} opens the invite for {persona.role}s of {persona.where}:"
        )
        self.say(f"{persona.role} › /start {persona.code}")
        await persona.user.send(f"/start {persona.code}")
        persona.joined = True
        await self.settle()
        self.flush()

    async def switch(self, role: str) -> None:
        persona = self.personas.get(role.lower())
        if persona is None:
            self.note(f"You are {self.current.role}. Choose: /as officer, /as coordinator")
            return
        self.current = persona
        name = persona.user.first_name
        self.note(f"Now writing as {name}, {persona.role} of {persona.where}.")
        if not persona.joined:
            await self.join(persona)

    async def press(self, number: int) -> None:
        persona = self.current
        assert persona.buttons_at is not None
        message = persona.user.message(persona.buttons_at)
        buttons = [c for row in show.choices(message.reply_markup) for c in row]
        if not buttons:
            self.note(
                f"Message #{message.message_id} has no buttons any more; "
                f"to send {number} as text: /say {number}"
            )
            return
        if not 1 <= number <= len(buttons):
            self.note(
                f"No button [{number}]: choose 1 to {len(buttons)} "
                f"(to send {number} as text: /say {number})"
            )
            return
        choice = buttons[number - 1]
        if choice.data is None:
            self.note(f"[{number}] {choice.text} opens {choice.url}")
            return
        self.note(f"→ [{number}] {choice.text}")
        pressed = await persona.user.press(message, choice.data)
        await self.settle()
        answer = pressed.answer
        if answer is not None and answer.text:
            kind = "alert" if answer.show_alert else "popup"
            self.say(show.dim(f"  ({kind}) ", ansi=self.ansi) + answer.text)
        self.flush()

    async def send_photo(self, caption: str) -> None:
        data = sample_png()
        self.note(f"(sends a photo, {len(data)} bytes{_with(caption)})")
        await self.current.user.send_photo(data, caption or None)
        await self.settle()
        self.flush()

    async def send_pdf(self, caption: str) -> None:
        data = sample_pdf()
        self.note(f"(sends contoh-sop.pdf, {len(data)} bytes{_with(caption)})")
        await self.current.user.send_document(
            data, "contoh-sop.pdf", "application/pdf", caption or None
        )
        await self.settle()
        self.flush()

    # -- output

    async def settle(self) -> None:
        """Until the bot has fetched every update, had QUIET seconds to queue it, finished
        handling it (a summary with charts takes a while without a word to the Bot API),
        and said nothing more in any chat for QUIET seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY
        fetched_at: float | None = None
        while loop.time() < deadline:
            if any(p.user.pending_updates for p in self.personas.values()):
                fetched_at = None
            elif fetched_at is None:
                fetched_at = loop.time()
            elif loop.time() - fetched_at >= QUIET and not self.busy():
                for persona in self.personas.values():
                    with contextlib.suppress(TimeoutError):
                        await persona.user.wait_idle(
                            quiet=QUIET, timeout=max(deadline - loop.time(), QUIET)
                        )
                if not self.busy() and not any(
                    p.user.pending_updates for p in self.personas.values()
                ):
                    return
            await asyncio.sleep(0.02)

    def pending(self) -> bool:
        return any(len(p.user.events) > p.seen for p in self.personas.values())

    def flush(self) -> None:
        """Print the bot's new messages, edits and deletions in every chat, oldest first."""
        new: list[tuple[float, int, Persona, Any]] = []
        for persona in self.personas.values():
            events = persona.user.events
            new.extend((e.at, i, persona, e) for i, e in enumerate(events[persona.seen :]))
            persona.seen = len(events)
        for _, _, persona, event in sorted(new, key=lambda n: (n[0], n[1])):
            self.show(persona, event)

    def show(self, persona: Persona, event: Any) -> None:
        who = (
            "bot"
            if persona is self.current
            else f"bot → {persona.user.first_name} ({persona.role})"
        )
        number = f"#{event.message_id}"
        if event.kind == "delete":
            self.note(f"{who} deleted message {number}")
            persona.texts.pop(event.message_id, None)
            return
        rows = show.choices(event.reply_markup)
        if rows:
            persona.buttons_at = event.message_id
        text = show.styled(event.text, event.entities, ansi=self.ansi)
        if event.kind == "edit" and persona.texts.get(event.message_id) == text and not event.media:
            what = "buttons now:" if rows else "buttons removed"
            self.say(show.dim(f"{who} {number}: {what}", ansi=self.ansi))
            self.say("\n".join(show.button_lines(rows, self.width, ansi=self.ansi)))
            return
        persona.texts[event.message_id] = text
        edited = " (edited)" if event.kind == "edit" else ""
        lines = [show.dim(f"── {who} {number}{edited}", ansi=self.ansi)]
        media = show.media_line(event.media)
        if media:
            lines.append(show.INDENT + media)
        if text:
            lines.extend(show.wrap(text, self.width))
        lines.extend(show.button_lines(rows, self.width, ansi=self.ansi))
        self.gap()
        self.say("\n".join(lines))

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()
        self._blank = not text

    def gap(self) -> None:
        """An empty line, unless the last one was."""
        if not self._blank:
            self.say("")

    def note(self, text: str) -> None:
        self.say(show.dim(text, ansi=self.ansi))


def _input(prompt: str, out: TextIO) -> str:
    """A line typed at the terminal, with line editing and history where readline exists
    (without it, `input` would write the prompt to stderr)."""
    try:
        import readline  # noqa: F401  (importing it is what makes input() use it)
    except ImportError:
        out.write(prompt)
        out.flush()
        return input()
    return input(prompt)


def _busy(app: Any) -> bool:
    """Whether the bot has updates queued or in hand (PTB's public counters)."""
    return bool(app.update_queue.qsize() or app.update_processor.current_concurrent_updates)


def _settle_future(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():
        future.set_result(line)


def _with(caption: str) -> str:
    return f", caption {caption!r}" if caption else ""


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _quiet_logs() -> None:
    """The bot's warnings and errors, one line each on stderr; its chatter is not for the chat."""
    if not logging.getLogger().handlers:
        logging.basicConfig(format="siapnilai: %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


# -- sample evidence -----------------------------------------------------------------------------


def sample_png(width: int = 320, height: int = 240) -> bytes:
    """A valid PNG made now: a left-to-right blue gradient (rows repeat, so it is small)."""
    row = bytearray([0])  # filter: none
    for x in range(width):
        row += bytes((40, 110 + 60 * x // width, 160 + 90 * x // width))
    raw = bytes(row) * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def sample_pdf() -> bytes:
    """A one-page PDF that says what it is, with a correct cross-reference table."""
    text = b"BT /F1 18 Tf 72 720 Td (Contoh SOP pelayanan - SiapNilai playground) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
