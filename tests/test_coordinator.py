"""Coordinator flows through the real bot and the fake Bot API: /ringkasan, /unduh, evidence
packs, /pengingat; scoping (a coordinator sees only their region, an officer only their unit)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import load_workbook
from telegram.ext import Application

from bot import texts
from bot.app import build_application
from bot.broadcast import Rates
from bot.services import services_of
from bot.store import EvidenceFile, KeyWrite, Newcomer, Store, UnitRow
from conversations import callbacks as cb
from conversations.packs import PackUnit
from conversations.unit_page import PageMenu, PageUnit
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, press
from tests.store_fixtures import Clock

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OFFICER, OFFICER_FAR, COORDINATOR, COORDINATOR_FAR = 501, 502, 601, 602
START = datetime(2027, 4, 6, 3, 0, tzinfo=UTC)  # a Tuesday, 10:00 WIB: no digest due


@dataclass
class World:
    metro: int
    jayapura: int
    dukcapil: int
    puskesmas: int
    hamadi: int
    big_file: str


def build(settings: Any, *, clock: Any = None) -> Application:  # type: ignore[type-arg]
    """The real application, with a broadcaster that does not space messages into one chat."""
    app = build_application(settings, clock=clock)
    app.bot_data.broadcast_rates = Rates(per_chat_interval=0)
    return app


async def prepare(
    settings: Any,
    fake_api: FakeBotAPI,
    clock: Clock,
    *,
    opens: date = date(2027, 5, 3),
    closes: date = date(2027, 9, 30),
    answers: bool = True,
) -> World:
    """Two regions (Kota Metro in WIB, Kota Jayapura in WIT), an all-regions cycle, people,
    and a few answers with evidence whose files live on the fake server."""
    store = await Store.open(settings.database, clock=clock)
    try:
        await store.import_units(
            [
                UnitRow("Kota Metro", "Dukcapil Kota Metro", "Asia/Jakarta", ("KTP-el",)),
                UnitRow("Kota Metro", "Puskesmas Yosodadi", "Asia/Jakarta", ("Rawat Jalan",)),
                UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura", ("Rawat Jalan",)),
            ]
        )
        metro = (await store.resolve_region("Kota Metro")).id
        jayapura = (await store.resolve_region("Kota Jayapura")).id
        dukcapil = (await store.resolve_unit("Dukcapil Kota Metro")).id
        puskesmas = (await store.resolve_unit("Puskesmas Yosodadi")).id
        hamadi = (await store.resolve_unit("Puskesmas Hamadi")).id
        await store.open_cycle("ombudsman-2024", opens, closes)
        people = {}
        for tg, role, target in (
            (OFFICER, "officer", dukcapil),
            (OFFICER_FAR, "officer", hamadi),
            (COORDINATOR, "coordinator", metro),
            (COORDINATOR_FAR, "coordinator", jayapura),
        ):
            invite = await store.create_invite(
                role,  # type: ignore[arg-type]
                unit_id=target if role == "officer" else None,
                region_id=target if role == "coordinator" else None,
                uses=1,
                days=30,
            )
            people[tg] = await store.join(invite.code, Newcomer(tg, f"Orang {tg}", "id"))
            fake_api.user(tg, f"Orang {tg}")
        big = fake_api.new_file("document", None, size=25 * 1024 * 1024, file_name="video.pdf")
        if answers:
            officer = people[OFFICER]
            sc = await store.current_selfcheck(officer)
            assert sc is not None
            keys = await store.checklist(sc)
            the_rubric = store.rubric(sc.rubric_id)
            evidence_keys = [k for k in keys if the_rubric.item(k.split("@")[0]).evidence_required]  # type: ignore[union-attr]
            for key in keys[:6]:
                item = the_rubric.item(key.split("@")[0])
                assert item is not None
                await store.record_answer(KeyWrite(officer, sc.id, key), item.options[0].id)
            photo = fake_api.new_file("photo", PNG_MAGIC + b"photo-bytes")
            doc = fake_api.new_file(
                "document", b"%PDF-1.4 sop", file_name="SOP <pelayanan>.pdf",
                mime_type="application/pdf",
            )  # fmt: skip
            for n, (stored, key) in enumerate(
                ((photo, evidence_keys[0]), (doc, evidence_keys[0]), (big, evidence_keys[1]))
            ):
                await store.attach_evidence(
                    KeyWrite(officer, sc.id, key),
                    EvidenceFile(
                        file_id=stored.file_id,
                        file_unique_id=stored.file_unique_id,
                        kind=stored.kind,
                        file_name=stored.file_name,
                        mime_type=stored.mime_type,
                        size=stored.size,
                        caption=f"bukti {n}",
                    ),
                )
            far = await store.current_selfcheck(people[OFFICER_FAR])
            assert far is not None
            first = (await store.checklist(far))[0]
            item = store.rubric(far.rubric_id).item(first.split("@")[0])
            assert item is not None
            await store.record_answer(
                KeyWrite(people[OFFICER_FAR], far.id, first), item.options[0].id
            )
    finally:
        await store.close()
    return World(metro, jayapura, dukcapil, puskesmas, hamadi, big.file_id)


def texts_of(user: Any) -> str:
    return "\n".join(m.text for m in user.messages)


async def summary_sent(user: Any) -> None:
    """Until the last part of a /ringkasan is in: its heat map, after the texts and the score
    chart. Each part is a request of its own, and a chart's upload under load can take longer
    than wait_idle's quiet gap, so a quiet gap may come before the last part."""
    await user.wait_for(lambda m: bool(m.media) and "Persentase" in m.text, timeout=60)


async def test_summary_shows_only_the_coordinators_region(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        await user.send("/ringkasan")
        await user.wait_for(lambda m: bool(m.media) and "Persentase" in m.text, timeout=60)
        await user.wait_idle(timeout=30)
        text = texts_of(user)
        assert "Ringkasan Kota Metro" in text
        assert "Dukcapil Kota Metro" in text and "Puskesmas Yosodadi" in text
        assert "Hamadi" not in text and "Jayapura" not in text
        assert "dibuka dalam 27 hari" in text  # 2027-04-06 -> 2027-05-03
        # A unit that has answered nothing is "belum mulai", as the chart greys it: no 0.00, no E.
        line = next(ln for ln in text.splitlines() if "Puskesmas Yosodadi" in ln)
        assert line == "2. Puskesmas Yosodadi — belum mulai"
        assert "Dukcapil Kota Metro\n    " in text and "skor 0.00" not in text
        photos = [m for m in user.messages if m.media]
        assert len(photos) == 2
        assert all(m.media[0].data and m.media[0].data.startswith(PNG_MAGIC) for m in photos)
        assert all(len(m.text) <= 1024 for m in photos)

        far = fake_api.user(COORDINATOR_FAR)
        await far.send("/summary")
        await far.wait_for(lambda m: bool(m.media), timeout=60)
        await far.wait_idle(timeout=30)
        assert "Puskesmas Hamadi" in texts_of(far) and "Metro" not in texts_of(far)


async def test_officer_cannot_use_coordinator_commands(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(OFFICER)
        await user.send("/ringkasan")
        reply = await user.wait_for(timeout=10)
        assert "untuk koordinator" in reply.text
        await user.wait_idle()
        assert not any(m.media for m in user.messages)
        assert "Puskesmas Yosodadi" not in texts_of(user)


async def test_export_sends_the_region_workbook(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        await user.send("/unduh")
        message = await user.wait_for(lambda m: bool(m.media), timeout=60)
        document = message.media[0]
        assert document.file_name == "siapnilai-kota-metro-2027-04-06.xlsx"
        assert document.data is not None
        book = load_workbook(io.BytesIO(document.data))
        summary = book["Ringkasan"]
        units = sorted(row[0].value for row in summary.iter_rows(min_row=2))
        assert units == ["Dukcapil Kota Metro", "Puskesmas Yosodadi"]
        assert summary.freeze_panes == "B2" and summary.auto_filter.ref
        # The unit that has not started, as /ringkasan says it: no score, no category.
        header = [cell.value for cell in summary[1]]
        idle = next(r for r in summary.iter_rows(min_row=2, values_only=True) if "Yoso" in r[0])
        assert idle[header.index("Total")] is None and idle[header.index("Kategori")] is None
        assert idle[header.index("Kekurangan utama (poin)")] == "Belum mulai"
        for sheet in book.worksheets:
            assert "Puskesmas Hamadi" not in {row[0].value for row in sheet.iter_rows(min_row=2)}
        assert "Paket bukti" in message.button_texts[0]


async def test_officer_export_holds_only_their_unit(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(OFFICER)
        await user.send("/export")
        message = await user.wait_for(lambda m: bool(m.media), timeout=60)
        document = message.media[0]
        assert document.file_name == "siapnilai-kota-metro-dukcapil-kota-metro-2027-04-06.xlsx"
        book = load_workbook(io.BytesIO(document.data or b""))
        assert [r[0].value for r in book["Ringkasan"].iter_rows(min_row=2)] == [
            "Dukcapil Kota Metro"
        ]
        answers = {r[0].value for r in book["Jawaban"].iter_rows(min_row=2)}
        assert answers == {"Dukcapil Kota Metro"}


async def test_evidence_pack_from_the_export_button(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        await user.send("/unduh")
        export = await user.wait_for(lambda m: bool(m.media), timeout=60)
        await user.press(export, "📦 Paket bukti")
        menu = await user.wait_text("Pilih unit", timeout=10)
        assert menu.button_texts == ["Dukcapil Kota Metro", "Puskesmas Yosodadi"]
        await user.press(menu, "Dukcapil Kota Metro")
        pack = await user.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".zip"), timeout=60
        )
        done = await user.wait_text("Paket bukti", timeout=30)
        assert "2 berkas" in done.text or "2 berkas" in texts_of(user)
        archive = zipfile.ZipFile(io.BytesIO(pack.media[0].data or b""))
        names = archive.namelist()
        evidence = [n for n in names if "/" in n]
        assert len(evidence) == 2
        # <dimension>/<item>/<file>: both files belong to the first evidence item of Input.
        assert {n.rsplit("/", 1)[0] for n in evidence} == {
            "1. Input (kompetensi pelaksana dan sarana prasarana)/input-pengawasan-internal"
        }
        pdf = next(n for n in evidence if n.endswith(".pdf"))
        assert archive.read(pdf) == b"%PDF-1.4 sop"
        readme = archive.read("README.txt").decode()
        assert "video.pdf" in readme and "20 MB" in readme  # oversized: listed, not lost
        index = archive.read("INDEX.csv").decode("utf-8-sig")
        assert index.count("\n") == 4 and "too_big" in index and "Orang 501" in index
        assert world.big_file not in [
            r.params.get("file_id") for r in fake_api.requests_for("getFile")
        ]

        # A forged press for a unit of another region is refused.
        press = await user.press_data(menu.message_id, PackUnit(unit=world.hamadi).pack())
        answer = await user.wait_answer(press)
        assert answer.text and "bukan untuk Anda" in answer.text


async def test_officer_gets_their_own_pack_directly(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(OFFICER)
        await user.send("/unduh")
        export = await user.wait_for(lambda m: bool(m.media), timeout=60)
        await user.press(export, "📦 Paket bukti")
        pack = await user.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".zip"), timeout=60
        )
        assert "dukcapil-kota-metro" in (pack.media[0].file_name or "")


async def test_reminders_toggle(tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        user = fake_api.user(OFFICER)
        # /pengingat shows the state, the next reminder and the choices; a choice sets it.
        await user.send("/pengingat")
        shown = await user.wait_for(timeout=10)
        assert "Pengingat: semua" in shown.text and "Pengingat berikutnya: " in shown.text
        assert shown.button_texts == ["Hanya sebulan terakhir", "Mati"]
        off = await press(user, shown, "Mati")
        assert "Pengingat: mati" in off.text and off.button_texts == [
            "Semua",
            "Hanya sebulan terakhir",
        ]
        assert (await store.person(OFFICER)).reminders is False
        back = await press(user, off, "Semua")
        assert "Pengingat: semua" in back.text
        assert (await store.person(OFFICER)).reminders is True
        await user.send("/reminders off")
        await user.wait_for(timeout=10)
        assert (await store.person(OFFICER)).reminders is False

        # A coordinator is offered all or off (the last month is an officer's choice, about
        # their own window): that mode's button, forged, is refused and changes nothing.
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/pengingat")
        mine = await coordinator.wait_for(timeout=10)
        assert "Pengingat: aktif (ringkasan wilayah setiap Senin" in mine.text
        assert "bulanan" not in mine.text and mine.button_texts == ["Mati"]
        forged = await coordinator.press_data(mine.message_id, cb.ReminderMode(m=2).pack())
        assert (await coordinator.wait_answer(forged)).text == texts.plain("cb.invalid", "id")
        assert coordinator.message(mine.message_id).text == mine.text
        assert (await store.person(COORDINATOR)).reminders is True
        assert await store.set_reminder_mode_for_update(COORDINATOR, None, None) == 1  # all


async def test_admin_names_the_region(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900})})
    async with running_bot(settings, clock=clock, build=build):
        admin = fake_api.user(900, "Admin")
        await admin.send("/ringkasan")
        ask = await admin.wait_for(timeout=10)
        assert "Kota Jayapura" in ask.text and "Kota Metro" in ask.text
        await admin.send("/ringkasan Kota Jayapura")
        await admin.wait_text("Ringkasan Kota Jayapura", timeout=30)
        await summary_sent(admin)
        assert "Puskesmas Hamadi" in texts_of(admin)
        assert "Dukcapil" not in texts_of(admin)


async def test_admin_exports_a_region_and_opens_its_packs(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900})})
    async with running_bot(settings, clock=clock, build=build):
        admin = fake_api.user(900, "Admin")
        await admin.send("/unduh Kota Jayapura")
        export = await admin.wait_for(lambda m: bool(m.media), timeout=60)
        assert export.media[0].file_name == "siapnilai-kota-jayapura-2027-04-06.xlsx"
        await admin.press(export, "📦 Paket bukti")
        menu = await admin.wait_text("Pilih unit", timeout=10)
        assert menu.button_texts == ["Puskesmas Hamadi"]
        await admin.press(menu, "Puskesmas Hamadi")
        empty = await admin.wait_text("belum punya bukti", timeout=10)
        assert "Puskesmas Hamadi" in empty.text


async def test_a_pack_over_the_upload_limit_comes_in_parts(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any, monkeypatch: Any
) -> None:
    from bot import reports

    monkeypatch.setattr(reports, "UPLOAD_LIMIT", 300)  # each file gets its own archive
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(OFFICER)
        await user.send("/unduh")
        export = await user.wait_for(lambda m: bool(m.media), timeout=60)
        await user.press(export, "📦 Paket bukti")
        await user.wait_text("2 berkas dalam 2 arsip", timeout=60)
        zips = [m for m in user.messages if m.media and m.media[0].file_name.endswith(".zip")]
        names = [m.media[0].file_name for m in zips]
        assert [n.rsplit("-", 1)[1] for n in names] == ["1.zip", "2.zip"]
        members = [
            name
            for m in zips
            for name in zipfile.ZipFile(io.BytesIO(m.media[0].data or b"")).namelist()
            if "/" in name
        ]
        assert len(members) == len(set(members)) == 2


async def test_summary_of_a_one_unit_pekppp_region_reads_plainly(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """Cycle year before its title, the zone after the time, points with the index in
    brackets (gaps are points too), and the totals line even for a single unit."""
    from tests.flow_helpers import fixed_clock, open_check, option_labels, press, seed

    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),),
        rubric_id="pekppp-2024",
        coordinators=("Kota Metro",),
    )
    async with running_bot(tmp_settings, clock=fixed_clock, build=build):
        officer = fake_api.user(OFFICER)
        question = await open_check(officer, world.codes["Dinas Sosial"])
        await press(officer, question, option_labels(question)[0])
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send(f"/start {world.codes['coordinator:Kota Metro']}")
        await coordinator.wait_for()
        await coordinator.send("/ringkasan")
        await coordinator.wait_for(lambda m: bool(m.media) and "Persentase" in m.text, timeout=60)
        await coordinator.wait_idle(timeout=30)
        text = texts_of(coordinator)
    assert "Siklus 2026: " in text and "2023–2024 2026" not in text
    assert "aktivitas terakhir 2026-03-02 08:00 WIB" in text  # NOW is 01:00 UTC
    assert "1 unit · 0 selesai mengisi" in text
    unit_line = next(line for line in text.splitlines() if "% terisi" in line)
    assert " poin (indeks " in unit_line
    total = float(unit_line.split("skor ")[1].split(" poin")[0])
    index = float(unit_line.split("(indeks ")[1].split(")")[0])
    assert abs(total / 20 - index) < 0.006 and total > index
    assert "poin)" in next(line for line in text.splitlines() if "Kekurangan utama" in line)


async def test_admin_region_names_ignore_case_and_unknown_ones_are_named(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900, 901})})
    async with running_bot(settings, clock=clock, build=build):
        admin = fake_api.user(900, "Admin")
        await admin.send("/ringkasan kota  METRO")
        await admin.wait_text("Ringkasan Kota Metro", timeout=30)
        await summary_sent(admin)
        assert "Puskesmas Yosodadi" in texts_of(admin)
        admin.skip_pending()

        await admin.send("/ringkasan Nowhere")
        unknown = await admin.wait_for(timeout=10)
        assert unknown.text.startswith("Wilayah Nowhere tidak ditemukan.")
        assert "Kota Jayapura" in unknown.text and "Kota Metro" in unknown.text

        await admin.send("/unduh")
        export = await admin.wait_for(timeout=10)
        assert "/unduh WILAYAH" in export.text and "/ringkasan" not in export.text
        await admin.send("/unduh kota jayapura")
        document = await admin.wait_for(lambda m: bool(m.media), timeout=60)
        assert document.media[0].file_name == "siapnilai-kota-jayapura-2027-04-06.xlsx"

        english = fake_api.user(901, "Admin", language_code="en")
        await english.send("/export")
        assert "/export REGION" in (await english.wait_for(timeout=10)).text
        await english.send("/summary Atlantis")
        missing = await english.wait_for(timeout=10)
        assert missing.text.startswith("There is no region named Atlantis.")
        assert "/summary REGION" in missing.text


async def evidence_pack_name(user: Any, command: str, pack: str, menu: str, unit: str) -> str:
    """The file name of `unit`'s evidence pack, asked for as a coordinator does: `command`
    (/unduh), the workbook's `pack` button, then the unit in the menu (its text `menu`)."""
    await user.send(command)
    export = await user.wait_for(lambda m: bool(m.media), timeout=60)
    await user.press(export, pack)
    await user.press(await user.wait_text(menu, timeout=10), unit)
    zipped = await user.wait_for(
        lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".zip"), timeout=60
    )
    return zipped.media[0].file_name or ""


def pdf_pages(data: bytes) -> int:
    """Page objects of a PDF (`/Type /Page`, not the `/Pages` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


async def test_unit_page_pdf_from_the_export_button(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A coordinator chooses one of the region's units and gets its one-page summary as a
    PDF document (escaped caption); an officer gets their own unit's at once, in English
    too; a forged press for a unit of another region, or another unit of the officer's
    region, is refused and sends nothing."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        await user.send("/unduh")
        export = await user.wait_for(lambda m: bool(m.media), timeout=60)
        assert export.button_texts == ["📦 Paket bukti", "📄 Halaman unit (PDF)"]
        await user.press(export, "📄 Halaman unit (PDF)")
        menu = await user.wait_text("halaman ringkasnya", timeout=10)
        assert menu.button_texts == ["Dukcapil Kota Metro", "Puskesmas Yosodadi"]
        await user.press(menu, "Dukcapil Kota Metro")
        sent = await user.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".pdf"), timeout=60
        )
        page = sent.media[0]
        assert page.file_name == "siapnilai-kota-metro-dukcapil-kota-metro-2027-04-06.pdf"
        assert page.data is not None and page.data.startswith(b"%PDF")
        assert pdf_pages(page.data) == 1
        assert "SiapNilai · Dukcapil Kota Metro · 2027-04-06".encode("utf-16-be") in page.data
        assert sent.text.startswith("📄 Halaman ringkas Dukcapil Kota Metro · Kota Metro")

        # Forged presses: a unit of another region (coordinator), another unit (officer).
        before = len([m for m in user.messages if m.media])
        press = await user.press_data(menu.message_id, PageUnit(unit=world.hamadi).pack())
        answer = await user.wait_answer(press)
        assert answer.text and "bukan untuk Anda" in answer.text
        officer = fake_api.user(OFFICER)
        officer.language_code = "en"
        await officer.send("/export")
        own = await officer.wait_for(lambda m: bool(m.media), timeout=60)
        assert own.button_texts == ["📦 Evidence pack", "📄 Unit page (PDF)"]
        press = await officer.press_data(own.message_id, PageUnit(unit=world.puskesmas).pack())
        assert "not for you" in ((await officer.wait_answer(press)).text or "")
        press = await officer.press_data(
            own.message_id, PageMenu(region=world.metro, page=1).pack()
        )
        assert (await officer.wait_answer(press)).text  # a coordinator's menu: refused
        await officer.press(own, "📄 Unit page (PDF)")
        mine = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".pdf"), timeout=60
        )
        assert mine.media[0].file_name == "siapnilai-kota-metro-dukcapil-kota-metro-2027-04-06.pdf"
        assert mine.text.startswith("📄 One-page summary of Dukcapil Kota Metro")
        assert pdf_pages(mine.media[0].data or b"") == 1
        assert len([m for m in user.messages if m.media]) == before
        pdfs = [m for m in officer.messages if m.media and m.media[0].file_name.endswith(".pdf")]
        assert len(pdfs) == 1
    assert api_errors(fake_api) == []


def test_unit_page_caption_and_file_name_escape_the_names() -> None:
    """A unit or region name with HTML in it is escaped in the caption (HTML parse mode) and
    reduced to a safe file name."""
    from bot.reports import RegionSummary, UnitSummary
    from bot.store import Region, Unit
    from conversations.unit_page import page_caption

    unit = Unit(7, 3, "Dinas <b>A&B</b>", "Kota <X>", "Asia/Jakarta")
    units = (UnitSummary(unit, None, (), 0, None),)
    summary = RegionSummary(
        Region(3, "Kota <X>", "Asia/Jakarta"), date(2027, 4, 6), None, None, units
    )
    for lang, words in (("id", "Halaman ringkas"), ("en", "One-page summary of")):
        name, caption = page_caption(summary, lang)
        assert name == "siapnilai-kota-x-dinas-b-a-b-b-2027-04-06.pdf"
        assert caption == (
            f"📄 {words} <b>Dinas &lt;b&gt;A&amp;B&lt;/b&gt;</b> · Kota &lt;X&gt; · 2027-04-06"
        )


def test_unit_buttons_tell_the_units_of_a_region_apart() -> None:
    """Units of one region share long starts and end alike (the region's name): /tinjau's
    buttons (clipped at 30 before the count), the evidence-pack and unit-page menus and
    /undang's list (48) cut the two Samsat offices of Provinsi Lampung, and every Puskesmas
    of Kota Bandar Lampung, to one label; a coordinator could not tell which unit they were
    opening. The region's name (the message names it) leaves the button, and a long name
    keeps its end."""
    from bot.store import ReviewUnit, Unit
    from bot.texts.html import BUTTON_LABEL_LIMIT, clip_middle, utf16_len
    from conversations.keyboards import markup
    from conversations.packs import unit_menu
    from conversations.people import unit_buttons as people_unit_buttons
    from conversations.review import unit_button

    regions = {
        "Provinsi Lampung": [
            "Samsat Bandar Lampung (UPTD Wilayah I Bapenda)",
            "Samsat Bandar Lampung (UPTD Wilayah II Bapenda)",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Lampung",
            "Dinas Sosial Provinsi Lampung",
        ],
        "Kota Bandar Lampung": [
            "UPTD Puskesmas Rawat Inap Kecamatan Sukarame Kota Bandar Lampung",
            "UPTD Puskesmas Rawat Inap Kecamatan Kedaton Kota Bandar Lampung",
            "UPTD Puskesmas Rawat Inap Kecamatan Tanjung Karang Barat Kota Bandar Lampung",
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bandar Lampung",
        ],
        "Kabupaten Lampung Utara": [  # alike for their first 48 characters and more
            "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lampung Utara (MPP Kotabumi)",
            "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Lampung Utara (MPP Bukit Kemuning)",
        ],
    }
    for region, names in regions.items():
        units = [Unit(n, 1, name, region, "Asia/Jakarta") for n, name in enumerate(names)]
        for lang, waiting in (("id", " · 12 menunggu"), ("en", " · 12 waiting")):
            review = [unit_button(ReviewUnit(u, u.id, 12), lang)[0] for u in units]
            assert len(set(review)) == len(names), review
            assert all(label.endswith(waiting) for label in review)
            assert all(utf16_len(label) <= BUTTON_LABEL_LIMIT for label in review), review
        menu = unit_menu([(u.name, u.id) for u in units], 1, "id", region=region)
        labels = [b.text for row in menu.inline_keyboard for b in row if b.callback_data]
        assert len(set(labels[: len(names)])) == len(names), labels
        assert all(region not in label for label in labels if utf16_len(label) > 40), labels
        people = markup([[b] for b in people_unit_buttons(units, "id")])  # /undang's list
        shown = [b.text for row in people.inline_keyboard for b in row]
        assert len(set(shown)) == len(names), shown
    sosial = unit_button(
        ReviewUnit(
            Unit(9, 1, "Dinas Sosial Provinsi Lampung", "Provinsi Lampung", "Asia/Jakarta"), 9, 0
        ),
        "id",
    )[0]
    assert sosial == "Dinas Sosial Provinsi Lampung · 0 menunggu"  # it fits: as it is
    alone = Unit(9, 1, "Kota Metro", "Kota Metro", "Asia/Jakarta")  # nothing but the region
    assert unit_button(ReviewUnit(alone, 9, 0), "id")[0] == "Kota Metro · 0 menunggu"
    assert clip_middle("Puskesmas Yosodadi", 30) == "Puskesmas Yosodadi"  # short: as it is
    assert utf16_len(clip_middle("🏥" * 40, 30)) <= 30


async def test_an_english_readers_evidence_pack_is_named_in_english(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """The ZIP reached an English coordinator as "siapnilai-bukti-….zip"."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock)
    async with running_bot(tmp_settings, clock=clock, build=build):
        user = fake_api.user(COORDINATOR)
        user.language_code = "en-US"
        name = await evidence_pack_name(
            user, "/export", "📦 Evidence pack", "Choose", "Dukcapil Kota Metro"
        )
        assert name.startswith("siapnilai-evidence-dukcapil-kota-metro-"), name
    assert api_errors(fake_api) == []


async def test_an_admin_is_told_who_reminders_are_for(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """/pengingat is for officers and coordinators: an admin who is neither was told it is
    for officers only, as though coordinators had none."""
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900, 901})})
    async with running_bot(settings, clock=clock, build=build):
        admin = fake_api.user(900, "Admin")
        await admin.send("/pengingat")
        said = await admin.wait_for(timeout=10)
        assert said.text == "Perintah ini untuk petugas unit layanan dan koordinator wilayah."
        english = fake_api.user(901, "Admin", language_code="en")
        await english.send("/reminders")
        said = await english.wait_for(timeout=10)
        assert said.text == "This command is for service-unit officers and regional coordinators."
        assert api_errors(fake_api) == []
