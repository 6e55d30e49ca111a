"""Issue 16 #2: no cell of a CSV we write starts a formula (OWASP), read back with csv."""

from __future__ import annotations

import csv
import io
import zipfile

from bot import csvsafe, reports
from bot.store import EvidenceFile, KeyWrite
from tests.store_fixtures import (  # noqa: F401
    TINY,
    Seeded,
    clock_fixture,
    load_rubric,
    seeded_fixture,
    store_fixture,
)

HOSTILE = [
    '=HYPERLINK("http://x","y").pdf',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    " =1",
    "\uff1dSUM(1)",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d")


def test_neutralise() -> None:
    assert csvsafe.neutralise("=1+1") == "'=1+1"
    assert csvsafe.neutralise("plain = fine") == "plain = fine"
    assert csvsafe.neutralise(12) == 12
    out = io.StringIO()
    csvsafe.writer(out).writerow(['=A1,"x"', "ok", 3])
    assert out.getvalue().strip() == '"\'=A1,""x""","ok","3"'


async def test_evidence_pack_index_holds_no_formula(seeded: Seeded) -> None:
    store = seeded.store
    sc = await store.current_selfcheck(seeded.officer)
    assert sc is not None
    await store.record_answer(KeyWrite(seeded.officer, sc.id, "sop"), "ya")
    for n, name in enumerate(HOSTILE):
        await store.attach_evidence(
            KeyWrite(seeded.officer, sc.id, "sop"),
            EvidenceFile(
                file_id=f"F{n}",
                file_unique_id=f"U{n}",
                kind="document",
                file_name=name,
                mime_type="application/pdf",
                size=10,
                caption=name,
            ),
        )
    lines = await store.evidence_lines(seeded.dukcapil, seeded.clock())
    the_rubric = load_rubric(TINY)
    files = reports.plan_pack(lines, the_rubric, "en")

    async def fetch(file_id: str) -> bytes:
        return b"%PDF-1.4"

    parts = [
        part
        async for part in reports.build_pack(
            files,
            fetch,
            base_name="pack",
            readme=lambda report: "readme",
            the_rubric=the_rubric,
            lang="en",
            timezone="Asia/Jakarta",
        )
    ]
    archive = zipfile.ZipFile(io.BytesIO(parts[-1].data))
    rows = list(csv.reader(io.StringIO(archive.read("INDEX.csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert len(rows) == len(HOSTILE) + 1
    assert not [c for c in cells if c.lstrip(" ").startswith(TRIGGERS)]
    names = {row[6] for row in rows[1:]}
    assert names == {"'" + h for h in HOSTILE}  # kept readable, never run
