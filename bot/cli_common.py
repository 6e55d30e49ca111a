"""Helpers shared by the CLI verb modules."""

from __future__ import annotations

import json
import sys
from typing import Any


class CliError(Exception):
    """Bad input: printed as one line on stderr, exit status 2."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
