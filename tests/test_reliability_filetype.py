"""Issue 16 #6: evidence file types are judged by the name's extension and the first bytes,
not by the declared MIME type; renamed executables and RTL-spoofed names are refused."""

from __future__ import annotations

from typing import Any

import pytest

from bot import filetype
from bot.keyref import key_ref
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import fixed_clock, officer_state, open_check, seed

UNITS = (("Kota Metro", "Dinas Kependudukan", ("KTP-el",)),)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
RLO = "\u202e"


@pytest.mark.parametrize(
    ("name", "head", "problem"),
    [
        ("laporan.pdf", PDF, None),
        ("Laporan v1.2.PDF", PDF, None),
        ("foto.png", PNG, None),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", None),
        ("maklumat.docx", b"PK\x03\x04\x14\x00", None),
        ("rekap.xlsx", b"PK\x03\x04\x14\x00", None),
        ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),
        ("laporan.pdf.exe", PDF, "double_extension"),
        ("laporan.exe.pdf", PDF, "double_extension"),
        (f"laporan{RLO}fdp.exe", b"MZ\x90\x00", "bidi"),
        (f"laporan{RLO}xcod.pdf", PDF, "bidi"),
        ("laporan.pdf", b"MZ\x90\x00", "content"),
        ("foto.png", PDF, "content"),
        ("maklumat.docx", PDF, "content"),
        ("catatan.txt", b"hello", "extension"),
        ("tanpa-ekstensi", PDF, "extension"),
        ("besar.pdf", None, None),  # over 20 MB: the name decides (it never enters a pack)
        ("besar.exe", None, "double_extension"),
        ("besar.txt", None, "extension"),
    ],
)
def test_verdict(name: str, head: bytes | None, problem: str | None) -> None:
    assert filetype.verdict(name, head) == problem


def test_shown_name_reveals_the_order() -> None:
    assert filetype.shown_name(f"laporan{RLO}fdp.exe") == "laporan?fdp.exe"


async def test_renamed_and_spoofed_files_are_refused_in_the_chat(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(951, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        store, _, selfcheck = await officer_state(app, 951)
        the_rubric = store.rubric(selfcheck.rubric_id)
        key = next(
            k
            for k in await store.checklist(selfcheck)
            if the_rubric.item(k.partition("@")[0]).evidence_required  # type: ignore[union-attr]
        )
        target = cb.AddEvidence(sc=selfcheck.id, key=key_ref(key)).pack()
        await officer.press_data(first.message_id, target)
        await officer.wait_for(lambda m: "Kirim bukti" in m.text)

        def new(m: Any) -> bool:
            return m.kind == "message"

        await officer.send_document(PDF, "laporan.pdf.exe", "application/pdf")
        refused = await officer.wait_for(new, timeout=10)
        assert "laporan.pdf.exe" in refused.text and "tidak diterima" in refused.text
        assert "ekstensi program" in refused.text

        await officer.send_document(b"MZ\x90\x00", f"laporan{RLO}fdp.exe", "application/pdf")
        spoofed = await officer.wait_for(new, timeout=10)
        assert "laporan?fdp.exe" in spoofed.text and RLO not in spoofed.text
        assert "membalik arah" in spoofed.text

        await officer.send_document(b"MZ\x90\x00", "laporan.pdf", "application/pdf")
        fake = await officer.wait_for(new, timeout=10)
        assert "isinya bukan" in fake.text

        assert await store.evidence(selfcheck, key) == []
        await officer.send_document(PDF, "laporan.pdf", "application/pdf")
        kept = await officer.wait_for(new, timeout=10)
        assert kept.text.startswith("📎 1 berkas untuk butir")
        assert len(await store.evidence(selfcheck, key)) == 1


async def test_a_file_that_cannot_be_read_is_not_kept_and_said_so(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(952, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        store, _, selfcheck = await officer_state(app, 952)
        the_rubric = store.rubric(selfcheck.rubric_id)
        key = next(
            k
            for k in await store.checklist(selfcheck)
            if the_rubric.item(k.partition("@")[0]).evidence_required  # type: ignore[union-attr]
        )
        target = cb.AddEvidence(sc=selfcheck.id, key=key_ref(key)).pack()
        await officer.press_data(first.message_id, target)
        await officer.wait_for(lambda m: "Kirim bukti" in m.text)
        fake_api.fail_next("getFile", 500)
        await officer.send_document(PDF, "laporan.pdf", "application/pdf")
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert "belum disimpan" in told.text and "Kirim lagi" in told.text
        assert await store.evidence(selfcheck, key) == []
