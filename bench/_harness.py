"""Run a bot as its own process against an in-process fake Bot API, and time replies.

`Server` is the fake Bot API of tests/fakebot with one addition: it notes when each reply
request (sendMessage / editMessageText, by chat) arrives, so a press's latency is
"the update is enqueued at the server" -> "the bot's reply request for that chat arrives".
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench._common import ROOT, bot_env
from tests.fakebot import FakeBotAPI
from tests.fakebot.server import RecordedRequest

REPLY_METHODS = frozenset({"sendmessage", "editmessagetext"})
SIAPNILAI = (sys.executable, "-m", "bot", "run")
ECHO = (sys.executable, str(ROOT / "bench" / "_baseline" / "echo_bot.py"))


class Server(FakeBotAPI):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(record_limit=2000, **kwargs)  # type: ignore[arg-type]
        self.replies: dict[int, list[float]] = defaultdict(list)
        self.first_get_updates: float | None = None

    def _record(self, record: RecordedRequest) -> None:
        super()._record(record)
        name = record.method.lower()
        if name in REPLY_METHODS and isinstance(record.params.get("chat_id"), int):
            self.replies[record.params["chat_id"]].append(record.at)
        elif name == "getupdates" and self.first_get_updates is None:
            self.first_get_updates = record.at

    def created(self, update_id: int) -> float:
        """When update `update_id` was enqueued (time.monotonic())."""
        return self._by_update_id[update_id].created

    def reply_after(self, chat_id: int, moment: float) -> float | None:
        for at in self.replies.get(chat_id, ()):
            if at >= moment:
                return at
        return None


class BotProcess:
    """`python -m bot run` (or the echo bot) pointed at `server`, stopped with SIGINT."""

    def __init__(
        self,
        command: Sequence[str],
        server: FakeBotAPI,
        database: Path,
        log: Path,
        extra_env: dict[str, str] | None = None,
    ):
        self.command = tuple(command)
        self.extra_env = dict(extra_env or {})
        self.server = server
        self.database = database
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        env = bot_env(self.server.base_url, self.server.file_url, self.server.token, self.database)
        env.update(self.extra_env)
        self.started_at = time.monotonic()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.command, cwd=self.database.parent, env=env, stdout=out, stderr=out
            )

    async def wait_polling(self, timeout: float = 60.0) -> float:  # noqa: ASYNC109
        """Until the bot's first getUpdates; returns seconds since start()."""
        deadline = time.monotonic() + timeout
        while self.server.method_counts.get("getUpdates", 0) == 0:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the bot exited early:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no getUpdates within {timeout}s:\n{self.tail()}")
            await asyncio.sleep(0.005)
        first = getattr(self.server, "first_get_updates", None) or time.monotonic()
        return first - self.started_at

    async def stop(self, timeout: float = 20.0) -> None:  # noqa: ASYNC109
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def pythonpath() -> None:
    """Let `python -m bench.x` import the project from a checkout."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PTB_TIMEDELTA", "1")
