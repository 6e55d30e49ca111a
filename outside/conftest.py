"""Throw-away probes (not part of the suite): reuse the suite's fixtures."""

from tests.conftest import *  # noqa: F403
