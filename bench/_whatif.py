"""Run `siapnilai` with a measuring or experimental patch, to size a proposed change
before anyone edits the code: `python -m bench._whatif PATCH[,PATCH] -- run`.

Patches (none of them changes a file):
- `count-hops`: count aiosqlite round trips (each `await` on the connection's thread);
  SIGUSR1 resets the count, and the count is printed to stderr at exit as
  `whatif: N aiosqlite round trips`.
- `sync-normal`: the store's connection runs with `synchronous = NORMAL` instead of FULL.
- `direct-sqlite`: every aiosqlite call runs on the event loop's thread, with no hop to
  the connection's thread: the lower bound of what the store's round trips cost (not a
  proposal: a slow disk would then stall every chat).
- `gc-stats`: count the collector's passes per generation and the time they took, printed
  at exit as `whatif: gc passes by generation ...` (bench.updates shows the line).
- `serial`: one update at a time (the per-user processor's concurrency 1, as the bare PTB
  bot runs), to size what working on 32 updates at once costs in CPU.
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


def direct_sqlite() -> None:
    import aiosqlite
    import aiosqlite.core

    connect = aiosqlite.connect

    def connect_shared(*args, **kwargs):  # type: ignore[no-untyped-def]
        return connect(*args, check_same_thread=False, **kwargs)

    async def direct(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    aiosqlite.connect = connect_shared  # type: ignore[assignment]
    aiosqlite.core.Connection._execute = direct  # type: ignore[method-assign]


def gc_stats() -> None:
    import gc
    import time

    passes = [0, 0, 0]
    spent = [0.0, 0.0, 0.0]
    began = [0.0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            passes[info["generation"]] += 1
            spent[info["generation"]] += time.perf_counter() - began[0]

    gc.callbacks.append(watch)
    atexit.register(
        lambda: print(
            "whatif: gc passes by generation "
            + ", ".join(f"{n} ({1000 * t:.0f} ms)" for n, t in zip(passes, spent, strict=True)),
            file=sys.stderr,
        )
    )


def serial() -> None:
    from bot import processing

    processing.PerUserUpdateProcessor.__init__.__defaults__ = (1, ())  # concurrency, lanes


PATCHES = {
    "direct-sqlite": direct_sqlite,
    "count-hops": count_hops,
    "sync-normal": sync_normal,
    "serial": serial,
    "gc-stats": gc_stats,
}


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
