"""Fixed clocks for tests: nothing in the suite may depend on the hour it runs at.

`EVENING` is the awkward hour on purpose: 18:30 UTC on 2 December 2026 is already 3 December in
WIB, WITA and WIT, so a test that mixes the machine's date with the CLI's WIB date fails every
time instead of seven hours a day.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Clock

EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)


def fixed(moment: datetime = EVENING) -> Clock:
    """A clock that always says `moment`."""
    return lambda: moment
