"""`siapnilai run`: a clear exit without a token, bad options refused, webhook mode works."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.cli_run import refused_token
from tests.cli_helpers import fails
from tests.fakebot import FakeBotAPI
from tests.fakebot.runner import bot_env
from tests.flow_helpers import NOW

ROOT = Path(__file__).resolve().parent.parent


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIAPNILAI_")}
    return {**env, **extra, "PYTHONPATH": str(ROOT), "PTB_TIMEDELTA": "1"}


async def _run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode is not None
    return child.returncode, err.decode()


async def test_missing_token_is_one_clear_line_and_status_2(tmp_path: Path) -> None:
    code, err = await _run(["run"], _env({}), tmp_path)
    assert code == 2
    assert err.strip().splitlines() == [
        "siapnilai: error: SIAPNILAI_BOT_TOKEN is not set (put the token from BotFather in .env)"
    ]


async def test_bad_options_are_refused(tmp_path: Path) -> None:
    env = _env({"SIAPNILAI_BOT_TOKEN": "123:abc"})
    code, err = await _run(["run", "--webhook-url", "ftp://example.org/hook"], env, tmp_path)
    assert code == 2 and "--webhook-url must be an http(s) URL" in err
    code, err = await _run(
        ["run", "--port", "0", "--webhook-url", "https://x.org/h"], env, tmp_path
    )
    assert code == 2 and "--port" in err
    code, err = await _run(["run"], _env({"SIAPNILAI_ADMINS": "ten"}), tmp_path)
    assert code == 2 and "SIAPNILAI_ADMINS" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (["--port", "8080"], "--port"),
        (["--listen", "127.0.0.1"], "--listen"),
        (["--port", "8080", "--listen", "127.0.0.1"], "--port and --listen"),
    ],
)
def test_port_or_listen_without_a_webhook_url_is_refused(
    given: list[str],
    named: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long polling listens on no port: `run --port 8080` was silently polling instead, and
    an admin who meant a webhook waited for updates that never came."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIAPNILAI_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("SIAPNILAI_DATABASE", str(tmp_path / "never.db"))
    err = fails(capsys, "run", *given)
    verb = "apply" if " and " in named else "applies"
    assert err == (
        f"siapnilai: error: {named} only {verb} to a webhook: add --webhook-url URL (without it "
        "the bot uses long polling and listens on no port)\n"
    )
    assert not (tmp_path / "never.db").exists()


async def test_a_refused_token_is_one_clear_line_and_status_2(
    fake_api: FakeBotAPI, tmp_settings: Any, tmp_path: Path
) -> None:
    env = _env({**bot_env(tmp_settings), "SIAPNILAI_BOT_TOKEN": "999:not-the-bots-token"})
    code, err = await _run(["run"], env, tmp_path)
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"siapnilai: error: the Bot API at {fake_api.base_url} refused the token (check that "
        "SIAPNILAI_BOT_TOKEN is the token that server expects)"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("base_url", "names"),
    [
        ("https://api.telegram.org/bot", "against BotFather"),
        ("http://127.0.0.1:8081/bot", "the Bot API at http://127.0.0.1:8081/bot refused"),
        ("https://botapi.pemda.example/bot", "the Bot API at https://botapi.pemda.example/bot"),
    ],
)
def test_the_refused_token_hint_points_at_the_server_it_tried(base_url: str, names: str) -> None:
    message = refused_token(base_url)
    assert names in message
    assert ("BotFather" in message) == base_url.startswith("https://api.telegram.org/")


async def test_an_unreachable_bot_api_is_one_clear_line_and_status_1(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    base = f"http://127.0.0.1:{port}/bot"
    env = _env(
        {
            "SIAPNILAI_BOT_TOKEN": "123:abc",
            "SIAPNILAI_API_BASE_URL": base,
            "SIAPNILAI_BOOTSTRAP_RETRIES": "0",  # no back-off to wait through
        }
    )
    code, err = await _run(["run"], env, tmp_path)
    assert code == 1
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith(f"siapnilai: error: cannot reach the Bot API at {base}: ")
    )
    assert "Traceback" not in err


async def test_a_webhook_port_in_use_is_one_clear_line_and_status_2(
    fake_api: FakeBotAPI, tmp_settings: Any, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["run", "--webhook-url", "https://x.org/hook", "--port", str(port)]
        code, err = await _run(args, _env(bot_env(tmp_settings)), tmp_path)
    assert code == 2, err
    assert "Traceback" not in err
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith(f"siapnilai: error: cannot listen on 0.0.0.0 port {port} for the webhook: ")
    )


async def test_webhook_mode_serves_users(
    fake_api: FakeBotAPI, tmp_settings: Any, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/telegram-hook"
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--webhook-url",
        url,
        "--port",
        str(port),
        "--listen",
        "127.0.0.1",
        cwd=tmp_path,
        env=_env(bot_env(tmp_settings)),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            if fake_api.webhook is not None:
                break
            await asyncio.sleep(0.05)
        assert fake_api.webhook is not None
        assert fake_api.webhook["url"] == url
        assert fake_api.webhook["secret_token"]
        stranger = fake_api.user(950, "Web")
        await stranger.send("/start")
        reply = await stranger.wait_for(timeout=15)
        assert reply.text == texts.render("unregistered", "id")
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
        await asyncio.wait_for(child.wait(), 30)


def test_build_application_needs_a_token_and_wires_the_services(tmp_path: Path) -> None:
    from bot.app import build_application
    from bot.processing import PerUserUpdateProcessor
    from bot.services import BotContext, services_of
    from bot.settings import Settings

    with pytest.raises(ValueError, match="SIAPNILAI_BOT_TOKEN"):
        build_application(Settings(_env_file=None, database=tmp_path / "x.db"))  # type: ignore[call-arg]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token="123:abc",
        database=tmp_path / "x.db",
        api_base_url="http://127.0.0.1:9/bot",
        api_file_url="http://127.0.0.1:9/file/bot",
    )
    app = build_application(settings, clock=lambda: NOW)
    services = services_of(app)
    assert services.settings is settings and services.now() == NOW
    assert not services.store_open  # opened in post_init, not at build time
    assert isinstance(app.update_processor, PerUserUpdateProcessor)
    assert app.context_types.context is BotContext
    assert app.bot.base_url == "http://127.0.0.1:9/bot123:abc"
    assert app.bot.base_file_url == "http://127.0.0.1:9/file/bot123:abc"
    assert app.error_handlers  # the error handler is installed


def test_every_instance_derives_the_same_webhook_secret() -> None:
    """Instances behind one load balancer must set and accept one secret (Telegram keeps the
    last setWebhook's): it is derived from the token, not drawn at random per process."""
    from pydantic import SecretStr

    from bot.cli_run import webhook_secret
    from bot.settings import Settings

    one = Settings(_env_file=None, bot_token=SecretStr("123:abc"))
    other = Settings(_env_file=None, bot_token=SecretStr("123:abc"))
    third = Settings(_env_file=None, bot_token=SecretStr("456:def"))
    assert webhook_secret(one) == webhook_secret(other) != webhook_secret(third)
    assert "abc" not in webhook_secret(one) and len(webhook_secret(one)) == 64
