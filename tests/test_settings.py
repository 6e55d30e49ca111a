"""Settings: the time zone is one of Indonesia's three, by IANA name or WIB/WITA/WIT."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, indonesian_zone


@pytest.mark.parametrize(
    ("given", "zone"),
    [
        ("Asia/Jakarta", "Asia/Jakarta"),
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        (" WIT ", "Asia/Jayapura"),
        ("asia/makassar", "Asia/Makassar"),
    ],
)
def test_indonesian_zones_and_aliases(given: str, zone: str) -> None:
    assert indonesian_zone(given) == zone
    assert Settings(_env_file=None, timezone=given).timezone == zone


@pytest.mark.parametrize("given", ["Europe/Paris", "UTC", "Asia/Singapore", "Mars/Olympus", ""])
def test_other_zones_are_refused(given: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, timezone=given)
    [error] = caught.value.errors()
    assert error["loc"] == ("timezone",)
    assert f"time zone {given!r} is not one of Asia/Jakarta (WIB)" in error["msg"]


def test_environment_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIAPNILAI_TIMEZONE", "WITA")
    assert Settings(_env_file=None).timezone == "Asia/Makassar"
    assert Settings(_env_file=None, timezone="Asia/Jakarta").timezone == "Asia/Jakarta"


ROOT = Path(__file__).resolve().parent.parent


def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SIAPNILAI_"):
            monkeypatch.delenv(name)


def test_env_example_names_every_setting_and_changes_no_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """README tells a new admin to copy .env.example to .env: the copy must set what the
    defaults are (a stale `SIAPNILAI_SEND_PER_SECOND=0` silently turned the send budget off),
    and name every setting there is."""
    _clean_environment(monkeypatch)
    example = ROOT / ".env.example"
    named = {
        line.split("=", 1)[0].strip()
        for line in example.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert named == {f"SIAPNILAI_{name.upper()}" for name in Settings.model_fields}
    copied = Settings(_env_file=example)
    defaults = Settings(_env_file=None)
    for name in Settings.model_fields:
        if name != "bot_token":
            assert getattr(copied, name) == getattr(defaults, name), name


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_survey_secret_is_no_secret(
    blank: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`SIAPNILAI_SURVEY_SECRET=` as .env.example has it: no secret, so the bot makes a
    random one, rather than keying the respondents' hashes with the empty string (anyone
    holding the database could then try every Telegram id)."""
    _clean_environment(monkeypatch)
    env = tmp_path / ".env"
    env.write_text(f"SIAPNILAI_SURVEY_SECRET={blank}\nSIAPNILAI_BOT_TOKEN={blank}\n")
    settings = Settings(_env_file=env)
    assert settings.survey_secret is None
    assert settings.bot_token is None
