"""Probes reuse the suite's fixtures (fake Bot API, running bot)."""

from tests.conftest import fake_api, running_bot, tmp_settings  # noqa: F401
