"""Restart mid-walk: `python -m bot run` killed with SIGKILL, started again, continues exactly
where the officer was; no confirmed answer is lost and the redelivered update changes nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import rubric
from bot.store import Store
from tests.fakebot import FakeBotAPI
from tests.fakebot.runner import bot_env
from tests.flow_helpers import is_question, option_labels, position, press, seed

ROOT = Path(__file__).resolve().parent.parent


async def _start(settings: Any, server: FakeBotAPI, cwd: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, **bot_env(settings), "PYTHONPATH": str(ROOT)}
    env.pop("SIAPNILAI_ADMINS", None)
    commands_before = len(server.requests_for("setMyCommands"))
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    for _ in range(300):  # the menus are registered once the store is open
        if len(server.requests_for("setMyCommands")) >= commands_before + 2:
            return child
        if child.returncode is not None:
            assert child.stderr is not None
            raise AssertionError((await child.stderr.read()).decode())
        await asyncio.sleep(0.05)
    await _kill(child)
    raise AssertionError("the bot did not start")


async def _kill(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        child.send_signal(signal.SIGKILL)
    await child.wait()


async def test_kill_9_mid_walk_loses_nothing_and_resumes(
    fake_api: FakeBotAPI, tmp_settings: Any, tmp_path: Path
) -> None:
    today = datetime.now(UTC)
    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),),
        now=today,
        window=((today - timedelta(days=10)).date(), (today + timedelta(days=100)).date()),
    )
    the_rubric = rubric.load_builtin("ombudsman-2024")
    child = await _start(tmp_settings, fake_api, tmp_path)
    try:
        officer = fake_api.user(901, "Tahan")
        await officer.send(f"/start {world.codes['Dinas Sosial']}")
        await officer.wait_for()
        await officer.send("/periksa")
        question = await officer.wait_for()
        answered: list[str] = []
        while len(answered) < 6:
            if not is_question(question):
                raise AssertionError(question.text[:200])
            if "Nanti" in question.button_texts:
                question = await press(officer, question, "Nanti")
                continue
            label = option_labels(question)[0]
            answered.append(label)
            pressed = await officer.press(question, label)
            confirmed = await officer.wait_answer(pressed)
            assert confirmed.text == f"Tersimpan: {label}"
            if len(answered) < 6:
                question = await officer.wait_for(
                    lambda m, at=pressed.message_id: m.message_id == at
                )
        # The sixth answer was confirmed; kill the bot before anything else happens.
        await _kill(child)
        last_press = pressed
    finally:
        await _kill(child)

    store = await Store.open(tmp_settings.database)
    try:
        person = await store.person(901)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        answers = await store.answer_set(selfcheck)
        keys = await store.checklist(selfcheck)
    finally:
        await store.close()
    assert sorted(answers.answers, key=keys.index) == keys[:6]

    child = await _start(tmp_settings, fake_api, tmp_path)
    try:
        # Telegram redelivers the unconfirmed last press; nothing is written twice.
        await officer.wait_idle(timeout=10)
        await officer.send("/periksa")
        resumed = await officer.wait_for(lambda m: m.kind == "message" and is_question(m))
        assert position(resumed) == (7, len(keys))
        # The question from before the crash loses its buttons (one chat, one live question);
        # a press on it that was already on its way still works.
        old = await officer.wait_for(
            lambda m: m.message_id == last_press.message_id and not m.buttons
        )
        before = officer.history(old.message_id)[-1]["reply_markup"]["inline_keyboard"]
        back = next(b["callback_data"] for row in before for b in row if b["text"] == "⬅ Kembali")
        await officer.press_data(old.message_id, back)
        # (Reminders may arrive as new messages meanwhile: wait for the edit itself.)
        moved = await officer.wait_for(lambda m: m.message_id == old.message_id)
        assert position(moved)[0] == position(old)[0] - 1
        item = the_rubric.item(keys[position(moved)[0] - 1].partition("@")[0])
        assert item is not None and item.question.id in moved.text
        assert "Jawaban saat ini:" in moved.text
    finally:
        await _kill(child)

    store = await Store.open(tmp_settings.database)
    try:
        person = await store.person(901)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        for key in keys[:6]:
            assert len(await store.answer_history(selfcheck, key)) == 1
        assert await store.integrity_check() == "ok"
    finally:
        await store.close()
