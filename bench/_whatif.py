"""Run `siapnilai` with a measuring or experimental patch, to size a proposed change
before anyone edits the code: `python -m bench._whatif PATCH[,PATCH] -- run`.

Patches (none of them changes a file):
- `count-hops`: count aiosqlite round trips (each `await` on the connection's thread);
  SIGUSR1 resets the count, and the count is printed to stderr at exit as
  `whatif: N aiosqlite round trips`.
- `sync-normal`: the store's connection runs with `synchronous = NORMAL` instead of FULL.
"""

from __future__ import annotations

import atexit
import signal
import sys


def count_hops() -> None:
    import aiosqlite.core

    counter = {"n": 0}
    original = aiosqlite.core.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        counter["n"] += 1
        return await original(self, fn, *args, **kwargs)

    aiosqlite.core.Connection._execute = counted  # type: ignore[method-assign]
    signal.signal(signal.SIGUSR1, lambda *_: counter.update(n=0))
    atexit.register(lambda: print(f"whatif: {counter['n']} aiosqlite round trips", file=sys.stderr))


def sync_normal() -> None:
    from bot.store import core

    original = core.StoreCore.open.__func__  # type: ignore[attr-defined]

    async def opened(cls, path, **kwargs):  # type: ignore[no-untyped-def]
        store = await original(cls, path, **kwargs)
        await store._connection().execute("PRAGMA synchronous = NORMAL")
        return store

    core.StoreCore.open = classmethod(opened)  # type: ignore[method-assign,assignment]


PATCHES = {"count-hops": count_hops, "sync-normal": sync_normal}


def main() -> int:
    argv = sys.argv[1:]
    if not argv or "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    for name in ",".join(argv[:split]).split(","):
        if name:
            PATCHES[name]()
    from bot.cli import main as siapnilai

    return siapnilai(argv[split + 1 :])


if __name__ == "__main__":
    raise SystemExit(main())
