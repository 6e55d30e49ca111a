"""Settings: the time zone is one of Indonesia's three, by IANA name or WIB/WITA/WIT."""

from __future__ import annotations

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
