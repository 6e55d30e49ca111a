"""`siapnilai try`: the terminal playground, driven through its stdin as a person would type.

The in-process session runs on a fixed clock (so the open cycle's dates are known and nothing
depends on the hour); the subprocess run checks the real entry point, exit status, and that
nothing is left in the temporary directory or the working directory.
"""

from __future__ import annotations

import asyncio
import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import rubric
from bot import cli_try
from bot import playground_text as show

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
"""Tuesday 10:00 in Jakarta: no Monday reminder, and the cycle opens 2026-03-03."""


def _presses_to_first_evidence_item() -> int:
    """How many questions the officer answers before the first one that asks for evidence."""
    items = rubric.load_builtin(cli_try.RUBRIC).items
    return next(n for n, item in enumerate(items) if item.evidence_required)


async def _session(lines: list[str], tmp_path: Path, **options: Any) -> tuple[str, list[Path]]:
    workdirs: list[Path] = []
    out = io.StringIO()
    status = await cli_try.play(
        cli_try.load_fake(),
        io.StringIO("".join(f"{line}\n" for line in lines)),
        out,
        clock=lambda: NOW,
        on_workdir=workdirs.append,
        **options,
    )
    assert status == 0
    return out.getvalue(), workdirs


def _after(output: str, typed: str) -> str:
    """What was printed after the echoed input `typed`, up to the next input."""
    start = output.index(f"› {typed}\n") + len(f"› {typed}\n")
    following = re.search(r"^(officer|coordinator) › ", output[start:], re.M)
    return output[start : start + following.start()] if following else output[start:]


async def test_a_session_walks_presses_sends_a_photo_and_switches_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    walk = ["1"] * _presses_to_first_evidence_item()
    output, workdirs = await _session(
        [
            "/try-help",
            "/periksa",
            *walk,
            "1",  # answer the evidence item: the next item, the file asked for above its buttons
            "/photo papan SOP",
            "9",  # the confirmation line has one button (↩ Batalkan)
            "/as coordinator",
            "/ringkasan",
            "/unduh",
            "/as officer",
            "/skor",
        ],
        tmp_path,
    )

    intro = output.splitlines()[0]
    assert intro.startswith("SiapNilai playground") and "/try-help" in intro
    # The officer joined through a real invite: /start CODE, answered by the welcome.
    joined = re.search(r"^officer › /start (\S+)$", output, re.M)
    assert joined is not None
    assert "Dinas PMPTSP Kota Metro" in _after(output, f"/start {joined.group(1)}")
    # The playground's help, and the cycle opened "today" by the injected clock.
    assert "/as coordinator" in _after(output, "/try-help")
    assert "ombudsman-2025: 2026-03-03 to 2026-07-01" in _after(output, "/try-help")

    question = _after(output, "/periksa")
    assert "1/" in question and "[1] " in question and "[2] " in question
    assert "<b>" not in output and "&amp;" not in output and "\x1b[" not in output
    first_press = output.index("→ [1] ")
    assert "(edited)" in output[first_press:] and "2/" in output[first_press:]

    photo = _after(output, "/photo papan SOP")
    assert "(sends a photo" in photo and "caption 'papan SOP'" in photo
    assert "📎 1 berkas untuk butir" in photo
    assert "No button [9]: choose 1 to 1 (to send 9 as text: /say 9)" in _after(output, "9")

    assert "Now writing as Budi, coordinator of Kota Metro" in output
    assert re.search(r"^coordinator › /start \S+$", output, re.M)
    summary = _after(output, "/ringkasan")
    assert "Kota Metro" in summary and "[photo: " in summary
    assert re.search(r"\[document: \S+\.xlsx, \d+ bytes\]", _after(output, "/unduh"))

    assert "Total:" in _after(output, "/skor")
    assert output.rstrip().endswith("the database is deleted.")
    assert workdirs and not workdirs[0].exists()
    assert list(cwd.iterdir()) == []


async def test_english_and_a_number_with_no_buttons_is_text(tmp_path: Path) -> None:
    output, _ = await _session(["42", "/as someone", "/help"], tmp_path, lang="en")
    assert "Welcome, Sari! You are registered as an officer of Dinas PMPTSP Kota Metro" in output
    assert "No button" not in output  # no message had buttons: 42 went to the bot as text
    assert re.search(r"^── bot #\d+", _after(output, "42"), re.M)
    assert "Choose: /as officer, /as coordinator" in _after(output, "/as someone")
    assert "/check" in _after(output, "/help")  # /help is the bot's, not the playground's


async def test_a_message_that_comes_while_waiting_for_input_is_printed(tmp_path: Path) -> None:
    """A reminder arrives while nobody types: it is shown, and its button can be pressed."""
    import aiohttp

    from tests.fakebot import FakeBotAPI
    from tests.fakebot.runner import BotRunner

    servers: list[FakeBotAPI] = []

    def server(**options: Any) -> FakeBotAPI:
        servers.append(FakeBotAPI(**options))
        return servers[-1]

    read, write = os.pipe()
    out = io.StringIO()
    stdin, typing = os.fdopen(read), os.fdopen(write, "w")
    session = asyncio.ensure_future(
        cli_try.play(cli_try.Fake(server, BotRunner), stdin, out, clock=lambda: NOW)
    )
    try:
        await _until(lambda: "Dinas PMPTSP Kota Metro." in out.getvalue())
        api = servers[0]
        async with aiohttp.ClientSession() as http:
            await http.post(
                f"{api.base_url}{api.token}/sendMessage",
                json={
                    "chat_id": cli_try.OFFICER_ID,
                    "text": "<b>Pengingat</b> &amp; jadwal",
                    "parse_mode": "HTML",
                    "reply_markup": {"inline_keyboard": [[{"text": "Buka", "callback_data": "x"}]]},
                },
            )
        await _until(lambda: "Pengingat & jadwal" in out.getvalue())
        assert "[1] Buka" in out.getvalue()
        typing.write("1\n")
        typing.flush()
        await _until(lambda: "→ [1] Buka" in out.getvalue())
        typing.close()  # Ctrl-D
        assert await asyncio.wait_for(session, 10) == 0
    finally:
        typing.close()
        stdin.close()
    assert out.getvalue().rstrip().endswith("the database is deleted.")


async def _until(condition: Any, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not condition():  # noqa: ASYNC110 (the condition is printed text: no event)
            await asyncio.sleep(0.02)


def test_in_a_terminal_it_prompts_styles_and_quits_on_ctrl_d(tmp_path: Path) -> None:
    """The real command in a pseudo-terminal: readline prompts, ANSI styles, Ctrl-D quits
    with status 0, and neither the temporary directory nor the working directory keeps a file
    (nor does the environment's real database setting get used)."""
    temp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "PYTHONPATH": str(ROOT),
        "TERM": "dumb",
        "COLUMNS": "90",
        "SIAPNILAI_BOT_TOKEN": "999:real-token-must-not-be-used",
        "SIAPNILAI_DATABASE": str(cwd / "real.db"),
    }
    env.pop("NO_COLOR", None)
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "try"],
        stdin=child,
        stdout=child,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
    )
    os.close(child)
    try:
        screen = _read_until(main, lambda text: text.count("officer › ") >= 2)
        assert screen.startswith("SiapNilai playground")
        assert "\x1b[1m" in screen  # the welcome's bold unit name, styled for a terminal
        os.write(main, b"/bantuan\n")
        screen += _read_until(main, lambda text: "officer › " in text.split("/bantuan")[-1])
        assert "── bot #" in screen.split("/bantuan")[-1]
        os.write(main, b"\x04")  # Ctrl-D
        screen += _read_until(main, lambda text: False)  # until the process closes the pty
        assert process.wait(timeout=20) == 0, process.stderr.read() if process.stderr else ""
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
    assert "the database is deleted." in screen.split("officer › ")[-1]
    assert list(temp.iterdir()) == [] and list(cwd.iterdir()) == []


def _read_until(fd: int, done: Any, timeout: float = 20.0) -> str:
    """Read the pseudo-terminal until `done(text so far)` or the other side closes it."""
    data = b""
    deadline = time.monotonic() + timeout
    while not done(data.decode(errors="replace")):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"the terminal showed: {data.decode(errors='replace')[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace")


def test_without_aiohttp_it_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setitem(sys.modules, "aiohttp", None)  # import aiohttp raises ImportError
    assert main(["try"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "needs aiohttp" in error and "pip install -e '.[try]'" in error


def test_without_a_library_the_fake_server_imports_it_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    for name in [m for m in sys.modules if m.startswith("tests.fakebot")]:
        monkeypatch.delitem(sys.modules, name)  # imported afresh, restored afterwards
    import aiohttp

    monkeypatch.delattr(aiohttp, "web")  # aiohttp is there, a part of it is not
    monkeypatch.setitem(sys.modules, "aiohttp.web", None)
    assert main(["try"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("siapnilai: error: `siapnilai try` needs aiohttp for the fake Bot API")
    assert error.count("\n") == 1 and "pip install -e '.[try]'" in error


def test_text_is_plain_with_links_and_styles_only_on_a_terminal() -> None:
    text = "🟢 Skor 8.27 — lihat panduan"
    entities = [
        {"type": "bold", "offset": 3, "length": 9},  # "Skor 8.27", after a 2-unit emoji
        {"type": "text_link", "offset": 21, "length": 7, "url": "https://example.org/p"},
    ]
    assert show.styled(text, entities, ansi=False) == (
        "🟢 Skor 8.27 — lihat panduan (https://example.org/p)"
    )
    assert show.styled(text, entities, ansi=True).startswith("🟢 \x1b[1mSkor 8.27\x1b[22m —")
    # An escape sequence inside the bot's text (a product name, say) cannot drive the terminal.
    assert show.styled(
        "KTP\x1b[2J-el", [{"type": "bold", "offset": 5, "length": 4}], ansi=False
    ) == ("KTP\ufffd[2J-el")


def test_buttons_are_numbered_in_reading_order() -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "Ya", "callback_data": "a"}, {"text": "Sebagian", "callback_data": "b"}],
            [{"text": "Panduan", "url": "https://example.org"}],
        ]
    }
    rows = show.choices(markup)
    assert [(c.number, c.text, c.data) for row in rows for c in row] == [
        (1, "Ya", "a"),
        (2, "Sebagian", "b"),
        (3, "Panduan", None),
    ]
    assert show.button_lines(rows, 80, ansi=False) == ["  [1] Ya  [2] Sebagian", "  [3] Panduan ↗"]
