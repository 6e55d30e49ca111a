"""Probe: `siapnilai backup` (a separate process) while an officer answers through the running
bot: every backup opens, passes integrity_check, and holds a prefix of the answers."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from tests.fakebot import FakeBotAPI
from tests.fakebot.runner import bot_env
from tests.flow_helpers import fixed_clock, is_question, open_check, option_labels, press, seed

ROOT = Path(__file__).resolve().parent.parent


async def test_probe(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, tmp_path: Path
) -> None:
    world = await seed(tmp_settings.database, units=(("Kota Metro", "Dinas Sosial", ("KTP",)),))
    env = {**os.environ, **bot_env(tmp_settings), "PYTHONPATH": str(ROOT)}
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(700, "Petugas")
        shown = await open_check(officer, world.codes["Dinas Sosial"])
        backups: list[Path] = []

        async def backups_loop() -> None:
            for n in range(6):
                dest = tmp_path / f"b{n}.db"
                child = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "backup", str(dest), env=env,
                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                )  # fmt: skip
                out, err = await child.communicate()
                print("backup", n, child.returncode, out.decode().strip(), err.decode().strip())
                backups.append(dest)

        task = asyncio.create_task(backups_loop())
        answered = 0
        while not task.done() and is_question(shown) and answered < 40:
            labels = shown.button_texts
            if "Nanti" in labels:
                shown = await press(officer, shown, "Nanti")
                continue
            shown = await press(officer, shown, option_labels(shown)[0])
            answered += 1
        await task
        print("answered", answered)
    for dest in backups:
        db = sqlite3.connect(dest)
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        count = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        print(dest.name, ok, count)
        db.close()
