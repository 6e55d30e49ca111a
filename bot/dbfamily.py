"""The files that make up a live SQLite database (pure apart from reading the file system):
the database itself and its `-wal`, `-shm` and `-journal` companions. A backup (or anything
else that writes a file) must never land on one of them: replacing the WAL of a running
database silently drops every answer not yet checkpointed."""

from __future__ import annotations

import os
from pathlib import Path

SUFFIXES = ("", "-wal", "-shm", "-journal")


def family(database: Path) -> list[Path]:
    """Every path of the database's family, as given and with symlinks resolved."""
    found: list[Path] = []
    for base in (Path(os.path.abspath(database)), database.resolve()):
        for suffix in SUFFIXES:
            path = base.with_name(base.name + suffix)
            if path not in found:
                found.append(path)
    return found


def clash(dest: Path, database: Path) -> Path | None:
    """The member of `database`'s family that writing `dest` would replace, or None.

    `dest` is compared as given, with symlinks resolved, and (when both exist) by
    device and inode, which also catches hard links."""
    members = family(database)
    for candidate in (Path(os.path.abspath(dest)), dest.resolve()):
        if candidate in members:
            return candidate
    try:
        target = dest.stat()
    except OSError:
        return None
    for member in members:
        try:
            if os.path.samestat(target, member.stat()):
                return member
        except OSError:
            continue
    return None
