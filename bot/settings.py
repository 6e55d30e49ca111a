"""The one settings model: environment variables prefixed SIAPNILAI_, also read from `.env`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
"""Indonesia's three time zones (SPEC: a region is in one of them), by their usual names."""
ZONES_TEXT = "Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)"


def zone_alias(timezone: str) -> str:
    """WIB, WITA or WIT for one of Indonesia's zones (the name itself for any other), as
    people write a time: "01:30 WIB"."""
    return next((alias for alias, zone in ZONES.items() if zone == timezone), timezone)


def local_moment(moment: datetime, timezone: str) -> str:
    """A moment as the region's people read it: "2026-12-17 01:30 WIB" (chat, workbook and
    the CLI's human output alike; JSON keeps UTC ISO 8601)."""
    local = moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    return f"{local} {zone_alias(timezone)}"


DATABASE_SCHEMES = ("postgresql://", "postgres://")


def database_setting(value: object) -> Path | str:
    """SIAPNILAI_DATABASE / --database: a postgresql:// URL stays text (the PostgreSQL store);
    anything else is the SQLite file's path."""
    if isinstance(value, Path):
        return value
    text = str(value).strip()
    if text.startswith(DATABASE_SCHEMES):
        return text
    return Path(text)


Database = Annotated[Path | str, BeforeValidator(database_setting)]
"""A SQLite file (Path) or a PostgreSQL URL (str)."""


def indonesian_zone(name: str) -> str:
    """The IANA name of one of Indonesia's zones, given it or its alias (WIB, WITA, WIT),
    in any case; ValueError for anything else."""
    wanted = name.strip().upper()
    for alias, zone in ZONES.items():
        if wanted in (alias, zone.upper()):
            return zone
    raise ValueError(f"time zone {name!r} is not one of {ZONES_TEXT}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SIAPNILAI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr | None = None
    database: Database = Path("siapnilai.db")
    """The SQLite file, or postgresql://user:password@host/dbname for PostgreSQL
    (docs/deploying.md)."""
    api_base_url: str = "https://api.telegram.org/bot"
    api_file_url: str = "https://api.telegram.org/file/bot"
    admins: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    timezone: str = "Asia/Jakarta"
    bootstrap_retries: int = Field(default=3, ge=-1)
    """How often `run` retries reaching the Bot API at start-up (-1: forever, 0: never)."""
    send_per_second: float = Field(default=30, ge=0)
    """The one budget of new messages a second (Telegram's ~30/s), shared by broadcasts and
    replies (bot/botapi.py `SendBudget`); a press's answer and edits never wait for it. 0:
    none, and broadcasts pace themselves at 29/s (bot.broadcast)."""
    bot_api_connections: int = Field(default=24, ge=1, le=256)
    """Kept-alive connections to the Bot API at most (bot/bothttp.py; getUpdates has its
    own). Broadcasts use at most half (bot.broadcast `broadcaster_of`), so that presses find
    one while reminders go out; with Telegram ~0.25 s away, 30 messages a second keep ~8 in
    flight. A request finding all busy waits for one (bot/app.py `POOL_WAIT`)."""
    survey_workers: int = Field(default=4, ge=1, le=64)
    """Survey updates (presses, `/start s-` links) handled at once, in their own lane
    (bot/processing.py): a burst of respondents never takes the officers' slots."""
    survey_backlog: int = Field(default=100, ge=1)
    """Survey updates admitted and not finished, at most; beyond it a press is answered
    "busy, try again" with no store work (docs/survey.md, "A burst of respondents")."""
    survey_presses_per_second: int = Field(default=3, ge=0)
    """Survey updates of one person admitted per second (0: no limit); more are answered
    "too fast" with no store work."""
    survey_secret: SecretStr | None = None
    """Key of the survey's keyed hashes (docs/survey.md); without it, one is made and kept in
    the database, which protects less against someone who holds a copy of the database."""

    @field_validator("bot_token", "survey_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`SIAPNILAI_SURVEY_SECRET=` (as .env.example has it) is no secret at all: the survey
        then makes its own, rather than keying its hashes with the empty string."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError(
                    f"SIAPNILAI_ADMINS must be comma-separated Telegram user ids, got {value!r}"
                ) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _indonesian_zone(cls, value: str) -> str:
        return indonesian_zone(value)
