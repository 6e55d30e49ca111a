"""A province at full scale: 65 units of five kinds, named as Indonesian units are ("<kind>
Kabupaten <place> <suffix>", 80-100 characters, with parentheses, "&", emoji, "<b>" and
"$x$"), imported and invited through the command line, 200-odd officers, answers in a
third of the units; the coordinator's lists and charts through the real bot."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import rubric
from bot import charts, reports, texts
from bot.store import KeyWrite, Newcomer, Store
from bot.texts.html import BUTTON_LABEL_LIMIT, utf16_len
from conversations import packs as packs_module
from tests.cli_helpers import run, run_json
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import api_errors, join, press

NOW = datetime(2026, 6, 2, 1, 0, tzinfo=UTC)
"""A Tuesday, 08:00 in Jakarta: the window is open, no Monday digest or reminder is due."""
REGION = "Provinsi Lampung Raya"
KINDS = (
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Kabupaten {} & Sekitarnya",
     "Perizinan Berusaha;Izin Non-Berusaha"),
    ("Dinas Kependudukan dan Pencatatan Sipil (Dukcapil) Kabupaten {} — Layanan 🏛️ Terpadu",
     "KTP-el;Kartu Keluarga;Akta Kelahiran"),
    ("UPTD Puskesmas Rawat Inap {} (Unit Pelaksana Teknis Daerah) <b>Kesehatan</b> Masyarakat",
     "Rawat Jalan;Rawat Inap;Imunisasi;Kesehatan Ibu & Anak"),
    ("Rumah Sakit Umum Daerah (RSUD) dr. H. Abdul Moeloek {} — Instalasi Gawat Darurat",
     "IGD;Rawat Jalan"),
    ("Samsat {} (UPTD Wilayah Bapenda) Pajak Kendaraan Bermotor $x$ & Bea Balik Nama 🚗",
     "Pajak Kendaraan Bermotor;Balik Nama Kendaraan"),
)  # fmt: skip
PLACES = (
    "Lampung Selatan", "Lampung Tengah", "Lampung Utara", "Lampung Barat", "Lampung Timur",
    "Tulang Bawang", "Tulang Bawang Barat", "Tanggamus", "Way Kanan", "Pesawaran",
    "Pringsewu", "Mesuji", "Pesisir Barat",
)  # fmt: skip
NAMES = [kind.format(place) for place in PLACES for kind, _ in KINDS]


def clock() -> datetime:
    return NOW


@pytest.fixture
def province(tmp_settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, str]]:  # fmt: skip
    """The region imported, a cycle opened and invites made by the CLI: the coordinator's
    code, and each unit's officer code by the unit's name."""
    monkeypatch.setenv("SIAPNILAI_DATABASE", str(tmp_settings.database))
    table = tmp_path / "units.csv"
    with table.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["region", "unit", "timezone", "products"])
        for place in PLACES:
            for kind, products in KINDS:
                writer.writerow([REGION, kind.format(place), "Asia/Jakarta", products])
    # On the bot's clock: the invites and the cycle exist before the bot's "now".
    assert run(capsys, "units", "import", str(table), clock=clock)[0] == 0
    assert run(capsys, "cycle", "open", "ombudsman-2025",
               "--opens", "2026-05-04", "--closes", "2026-10-30", clock=clock)[0] == 0  # fmt: skip
    invite = run_json(capsys, "invite", "coordinator", "--region", REGION, "--bot", "SiapBot",
                      clock=clock)  # fmt: skip
    codes = {
        unit["unit"]: run_json(capsys, "invite", "officer", "--unit", str(unit["id"]),
                               "--bot", "SiapBot", clock=clock)["code"]
        for unit in run_json(capsys, "units", "list", clock=clock)
    }  # fmt: skip
    return str(invite["code"]), codes


async def officers_answer(settings: Any, codes: dict[str, str]) -> None:
    """Three or four officers a unit, and answers in a third of the units."""
    items = rubric.load_builtin("ombudsman-2025").asked_items()
    store = await Store.open(settings.database, clock=clock)
    try:
        person = 10_000
        for n, name in enumerate(NAMES):
            team = []
            for _ in range(3 + n % 2):
                person += 1
                team.append(await store.join(codes[name], Newcomer(person, f"Petugas {person}")))
            if n % 3:
                continue
            selfcheck = await store.current_selfcheck(team[0])
            assert selfcheck is not None
            for i, item in enumerate(items[: 3 + n % 7]):
                write = KeyWrite(team[i % len(team)], selfcheck.id, item.id)
                await store.record_answer(write, item.options[(n + i) % len(item.options)].id)
        assert person - 10_000 >= 200
    finally:
        await store.close()


async def every_page(user: SimUser, first: MessageView) -> list[MessageView]:
    """The list's pages, pressing ▶ until there is none."""
    pages, page = [first], first
    while texts.plain("btn.next_page", "id") in page.button_texts:
        page = await press(user, page, texts.plain("btn.next_page", "id"))
        pages.append(page)
    return pages


async def test_a_provinces_unit_lists_and_charts_tell_every_unit_apart(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, province: tuple[str, dict[str, str]]
) -> None:  # fmt: skip
    """Thirteen "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil) Kabupaten <place> —
    Layanan 🏛️ Terpadu" were thirteen "Dinas Kependudukan d…n 🏛️ Terpadu · 9 menunggu"
    buttons on /tinjau, thirteen "Dinas Kependudukan dan Pencat…ayanan 🏛️ Terpadu" on
    /undang and the evidence pack's list, and thirteen "Dinas Kependudukan dan /
    Pencatatan Sipil (Dukcapil) …" rows on both charts: the coordinator could not tell
    which unit they opened or which bar was whose. Each label keeps the words that tell
    it apart now, within Telegram's limits."""
    await officers_answer(tmp_settings, province[1])
    async with running_bot(tmp_settings, clock=clock):
        coordinator = fake_api.user(1, "Koordinator")
        await join(coordinator, province[0])
        lists: dict[str, list[str]] = {}
        for command in ("/tinjau", "/undang"):
            await coordinator.send(command)
            pages = await every_page(coordinator, await coordinator.wait_for())
            lists[command] = [
                b.text for page in pages for row in page.buttons for b in row
                if b.data and not b.text.startswith(("◀", "▶"))
            ]  # fmt: skip
        await coordinator.send("/unduh")
        export = await coordinator.wait_for(lambda m: bool(m.media))
        await coordinator.press(export, "📦 Paket bukti")
        menu = await coordinator.wait_for(lambda m: "paket bukti" in m.text)
        pages = await every_page(coordinator, menu)
        lists["pack"] = [b.text for p in pages for b in (r[0] for r in p.buttons)
                         if not b.text.startswith(("◀", "▶"))]  # fmt: skip
    for shown in lists.values():
        assert len(shown) == len(NAMES) and len(set(shown)) == len(NAMES), shown
        assert all(utf16_len(label) <= BUTTON_LABEL_LIMIT for label in shown)
    # /tinjau's button keeps the place of a unit whose name differs only there.
    assert any("Tulang Bawang Barat" in label and label.startswith("Dinas Kep")
               for label in lists["/tinjau"]), lists["/tinjau"]  # fmt: skip
    assert api_errors(fake_api) == []

    store = await Store.open(tmp_settings.database, clock=clock)
    try:
        region = await store.resolve_region(REGION)
        summary = await reports.region_summary(store, region.id, NOW)
    finally:
        await store.close()
    for rows in (reports.score_bars(summary), reports.heat_rows(summary)):
        drawn = [charts.drawn_label(row.label) for row in rows]
        assert len(set(drawn)) == len(NAMES), sorted(drawn)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_units_pack_and_page_has_a_file_name_of_its_own(lang: str) -> None:
    """A file name kept 40 characters of the unit's name: the province's thirteen Dukcapil
    packs were all "siapnilai-bukti-dinas-kependudukan-dan-pencatatan-sipil-2026-06-02.zip"
    and their unit pages all one name too, so each download replaced or shadowed the last."""
    day = NOW.date()
    packs = [packs_module.pack_name(name, day, lang) for name in NAMES]
    pages = [reports.workbook_name(REGION, day, name) for name in NAMES]  # .pdf, an officer's .xlsx
    for names in (packs, pages):
        assert len(set(names)) == len(NAMES), names
        assert all(len(name) <= 200 and name.isascii() for name in names)
    assert "tulang-bawang-barat" in packs[NAMES.index(KINDS[1][0].format("Tulang Bawang Barat"))]
    # Names past the 120 characters kept, alike at both ends: the cut middle was the part that
    # told them apart (rev26b), so a mark of the whole name keeps their files apart.
    long = [
        f"Dinas Kependudukan dan Pencatatan Sipil (Dukcapil) Kabupaten {place} — Unit Pelayanan "
        "Terpadu Administrasi Kependudukan Kantor Pusat"
        for place in ("Tulang Bawang Barat", "Pesisir Barat", "Mesuji")
    ]
    named = [packs_module.pack_name(name, day, lang) for name in long]
    assert len(set(named)) == 3 and all(len(n) <= 200 for n in named), named


def test_a_name_with_emoji_prints_without_boxes_over_its_letters() -> None:
    """The font of the unit page and the charts (DejaVu Sans) has no emoji: "Layanan 🏛️
    Terpadu" printed as "Layanan ▯▯rpadu" on the unit's page, an empty box drawn over the
    next letters (matplotlib warned "Glyph 127963 missing"). What the font cannot draw is
    left out of what is drawn; the name reads "Layanan Terpadu"."""
    import warnings

    from bot.store import Cycle, Region, RegionSnapshot, Unit, UnitSnapshot
    from conversations.summary_view import render_charts
    from rubric import AnswerSet

    the_rubric = rubric.load_builtin("ombudsman-2025")
    first = the_rubric.asked_items()[0]
    region = Region(1, REGION, "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2026, NOW.date(), NOW.date(), None, NOW)
    snapshot = RegionSnapshot(region, tuple(
        UnitSnapshot(Unit(n, 1, name, REGION, "Asia/Jakarta"), cycle, n,
                     AnswerSet(answers={first.id: first.options[0].id}), 0, None)
        for n, name in enumerate((NAMES[1], NAMES[4], "Puskesmas 👩‍⚕️ Sehat"), start=1)
    ))  # fmt: skip
    summary = reports.summarize(snapshot, lambda _: the_rubric, NOW)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        pages = reports.unit_pages_pdf(summary, "id")
        photos = render_charts(summary, "id")
    assert pages.startswith(b"%PDF") and len(photos) == 2
    from bot.reports.unit_pages import unit_page_figure

    dukcapil = next(u for u in summary.units if u.unit.name == NAMES[1])
    drawn = " ".join(t.get_text() for t in unit_page_figure(summary, dukcapil, "id").texts)
    assert "Kabupaten Lampung Selatan — Layanan Terpadu" in drawn
    assert {row.label for row in reports.score_bars(summary)} >= {"Puskesmas 👩‍⚕️ Sehat"}


def province_summary(units: int) -> reports.RegionSummary:
    """The province's first `units` units: the first 30 have answered (a few items each),
    the others nothing."""
    from bot.store import Cycle, Region, RegionSnapshot, Unit, UnitSnapshot
    from rubric import AnswerSet

    the_rubric = rubric.load_builtin("ombudsman-2025")
    items = the_rubric.asked_items()
    region = Region(1, REGION, "Asia/Jakarta")
    cycle = Cycle(1, the_rubric.id, 2026, NOW.date(), NOW.date(), None, NOW)

    def answers(n: int) -> AnswerSet:
        if n > 30:
            return AnswerSet()
        return AnswerSet(answers={i.id: i.options[(n + k) % len(i.options)].id
                                  for k, i in enumerate(items[: 1 + n % 9])})  # fmt: skip

    snapshot = RegionSnapshot(region, tuple(
        UnitSnapshot(Unit(n, 1, name, REGION, "Asia/Jakarta"), cycle, n, answers(n), 0, None)
        for n, name in enumerate(NAMES[:units], start=1)
    ))  # fmt: skip
    return reports.summarize(snapshot, lambda _: the_rubric, NOW)


def drawn_rows(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The row labels each chart is drawn with ("score", "heat"), filled as they are drawn."""
    drawn: dict[str, list[str]] = {}
    score_chart, heatmap_chart = charts.score_chart, charts.heatmap_chart

    def score_rows(title: str, bars: Any, *args: Any, **kwargs: Any) -> list[bytes]:
        drawn["score"] = [bar.label for bar in bars]
        return score_chart(title, bars, *args, **kwargs)

    def heat_rows(title: str, columns: Any, rows: Any, *args: Any) -> list[bytes]:
        drawn["heat"] = [row.label for row in rows]
        return heatmap_chart(title, columns, rows, *args)

    monkeypatch.setattr(charts, "score_chart", score_rows)
    monkeypatch.setattr(charts, "heatmap_chart", heat_rows)
    return drawn


def test_a_province_where_most_units_have_not_started_gets_charts_of_the_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """35 of 65 units had not started: both charts began with 35 grey "belum mulai" rows,
    the 30 scores below them, in a picture 2,263 pixels high (twice a phone screen, where
    Telegram shrinks it to fit and every label becomes unreadable). More than a few units
    that have not started are one grey row saying how many; the text lists them all."""
    import html
    import io

    import matplotlib.image

    from conversations.summary_view import render_charts, summary_texts

    summary = province_summary(len(NAMES))
    assert sum(1 for u in summary.units if not u.started) == 35
    drawn = drawn_rows(monkeypatch)
    for lang, said in (
        ("id", "35 unit (daftarnya di teks)"),
        ("en", "35 units (listed in the text)"),
    ):
        score, heat = render_charts(summary, lang)
        for photo in (score, heat):
            pixels = matplotlib.image.imread(io.BytesIO(photo.photo), format="png")
            assert pixels.shape[0] <= 1280, pixels.shape  # 31 rows: the scores and one grey
        assert drawn["score"][0] == drawn["heat"][0] == said
        assert len(drawn["score"]) == len(drawn["heat"]) == 31
        text = "\n".join(summary_texts(summary, lang))
        assert all(f"<b>{html.escape(u.unit.name, quote=False)}</b> — " in text
                   for u in summary.units)  # every unit is in the text  # fmt: skip


@pytest.mark.parametrize("idle", [5, 6])
def test_up_to_five_units_that_have_not_started_keep_a_row_each(
    monkeypatch: pytest.MonkeyPatch, idle: int
) -> None:
    """Five units that have not started are five grey rows of their own; a sixth makes them
    one row saying how many (`IDLE_ROWS`)."""
    from conversations.summary_view import render_charts

    summary = province_summary(30 + idle)
    assert sum(1 for u in summary.units if not u.started) == idle
    drawn = drawn_rows(monkeypatch)
    render_charts(summary, "id")
    if idle == 5:
        assert len(drawn["score"]) == len(drawn["heat"]) == 30 + idle
        assert not any("daftarnya di teks" in label for label in drawn["score"])
    else:
        assert len(drawn["score"]) == len(drawn["heat"]) == 31
        assert drawn["score"][0] == drawn["heat"][0] == f"{idle} unit (daftarnya di teks)"
