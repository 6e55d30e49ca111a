"""Child process of tests/test_crash.py: record answers and evidence in a loop until killed.

Prints `a<N>` after answer N is confirmed (record_answer returned) and `e<N>` after
evidence N, one line each, flushed: exactly what the bot would have confirmed to an officer.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.store import EvidenceFile, KeyWrite
from tests.store_fixtures import open_store

OPTIONS = {"sop": "ya", "staff": "sebagian", "board": "2"}


async def main(path: Path, start: int) -> None:
    store = await open_store(path)
    try:
        person = await store.person(101)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        keys = await store.checklist(selfcheck)
        n = start
        while True:
            key = keys[n % len(keys)]
            option = OPTIONS[key.split("@")[0]]
            await store.record_answer(KeyWrite(person, selfcheck.id, key, update_id=n), option)
            print(f"a{n}", flush=True)
            if n % 3 == 0:
                file = EvidenceFile(f"file-{n}", f"uniq-{n}", "photo", size=n)
                await store.attach_evidence(KeyWrite(person, selfcheck.id, key, update_id=n), file)
                print(f"e{n}", flush=True)
            n += 1
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
