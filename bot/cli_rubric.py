"""CLI verbs: rubric (being written)."""

from __future__ import annotations

import argparse
from typing import Any


def register(verbs: Any) -> None:
    del verbs
