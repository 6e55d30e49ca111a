"""The shipped rubrics carry the published numbers and every indicator the instruments name.

These tests pin the content of rubric/data/*.yaml: official dimension weights, the PEKPPP
Kebijakan sub-weights, the Ombudsman indicator lists, the category bands, and the limits the
chat needs (question length, ids short enough for callback data).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

import rubric
from rubric import Rubric

DATA = Path(rubric.__file__).parent / "data"
SHIPPED = ("ombudsman-2024", "pekppp-2024", "ombudsman-2021", "ombudsman-2025", "pekppp-2025")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


def load(rubric_id: str) -> Rubric:
    """Through the package loader once it exists, else straight through the model."""
    loader = getattr(rubric, "load_builtin", None)
    if loader is not None:
        return loader(rubric_id)
    with (DATA / f"{rubric_id}.yaml").open(encoding="utf-8") as fh:
        return Rubric.model_validate(yaml.safe_load(fh))


def test_every_shipped_rubric_loads_under_its_file_name() -> None:
    for rubric_id in SHIPPED:
        assert (DATA / f"{rubric_id}.yaml").is_file()
        assert load(rubric_id).id == rubric_id


# --- Official numbers -------------------------------------------------------------------------

DIMENSION_WEIGHTS = {
    "ombudsman-2024": {"input": 21.85, "proses": 32.37, "output": 24.24, "pengaduan": 21.54},
    "pekppp-2024": {
        "kebijakan": 24,
        "sdm": 25,
        "sarpras": 18,
        "sipp": 11,
        "konsultasi": 10,
        "inovasi": 12,
    },
}


@pytest.mark.parametrize("rubric_id", sorted(DIMENSION_WEIGHTS))
def test_dimension_weights_are_the_published_ones(rubric_id: str) -> None:
    r = load(rubric_id)
    assert {d.id: d.weight for d in r.dimensions} == pytest.approx(DIMENSION_WEIGHTS[rubric_id])
    assert [d.id for d in r.dimensions] == list(DIMENSION_WEIGHTS[rubric_id])


def test_ombudsman_2021_weights_sum_to_100_and_are_called_estimates() -> None:
    r = load("ombudsman-2021")
    assert math.isclose(sum(d.weight for d in r.dimensions), 100)
    assert "perkiraan kami" in r.notes.id
    assert "our estimate" in r.notes.en


KEBIJAKAN = {
    "kebijakan-sp": 17,
    "kebijakan-fkp": 14,
    "kebijakan-publikasi-sp": 7,
    "kebijakan-reviu-sp": 14,
    "kebijakan-maklumat": 10,
    "kebijakan-skm": 17,
    "kebijakan-skm-publikasi": 7,
    "kebijakan-skm-tindak-lanjut": 7,
    "kebijakan-skm-kecepatan": 7,
}


def test_pekppp_kebijakan_sub_weights_are_17_14_7_14_10_17_7_7_7() -> None:
    dim = next(d for d in load("pekppp-2024").dimensions if d.id == "kebijakan")
    total = sum(i.weight for i in dim.items)
    relative = {i.id: 100 * i.weight / total for i in dim.items}
    assert relative == pytest.approx(KEBIJAKAN)
    assert [round(relative[i.id]) for i in dim.items] == [17, 14, 7, 14, 10, 17, 7, 7, 7]


def test_pekppp_sp_indicator_has_the_s43_levels() -> None:
    item = load("pekppp-2024").item("kebijakan-sp")
    assert item is not None
    labels = [o.label.id for o in item.options]
    assert labels[-1] == "Tidak ada SP"
    assert labels[-2] == "Belum 14 komponen"
    assert [o.value for o in item.options] == pytest.approx([1, 0.67, 0.33, 0])


# --- Indicators -------------------------------------------------------------------------------

# domain.md section 2, Ombudsman 2023-24, indicator -> the items that represent it.
OMBUDSMAN_2024 = {
    "proses": {
        "persyaratan": ["proses-persyaratan"],
        "sistem, mekanisme dan prosedur": ["proses-prosedur"],
        "jangka waktu": ["proses-jangka-waktu"],
        "biaya/tarif": ["proses-biaya"],
        "produk pelayanan": ["proses-produk"],
        "maklumat (publikasi dan substansi)": [
            "proses-maklumat-publikasi",
            "proses-maklumat-substansi",
        ],
        "pelayanan khusus": ["proses-pelayanan-khusus"],
        "visi-misi": ["proses-visi-misi"],
        "moto": ["proses-moto"],
        "atribut": ["proses-atribut"],
        "pelayanan terpadu": ["proses-pelayanan-terpadu"],
    },
    "input": {
        "kompetensi: 14 komponen SP": ["input-paham-komponen-sp"],
        "kompetensi: tugas dan kewenangan": ["input-paham-tugas"],
        "kompetensi: Ombudsman": ["input-paham-ombudsman"],
        "kompetensi: maladministrasi": ["input-paham-maladministrasi"],
        "kompetensi: rekomendasi Ombudsman": ["input-paham-rekomendasi"],
        "kompetensi: kelompok rentan": ["input-paham-kelompok-rentan"],
        "pengawasan internal": ["input-pengawasan-internal"],
        "jumlah pelaksana (ABK)": ["input-jumlah-pelaksana"],
        "penjaminan mutu": ["input-jaminan-mutu"],
        "kompensasi": ["input-kompensasi"],
        "jaminan keamanan dan keselamatan": ["input-jaminan-keamanan"],
        "instrumen evaluasi kinerja": ["input-evaluasi-kinerja"],
        "dasar hukum SP": ["input-dasar-hukum-sp"],
        "sarana bagi pengguna": ["input-ruang-tunggu", "input-toilet", "input-parkir"],
        "sarana bagi pengguna berkebutuhan khusus": [
            "input-ramp",
            "input-kursi-roda",
            "input-toilet-difabel",
            "input-ruang-laktasi",
            "input-loket-prioritas",
            "input-guiding-block",
        ],
        "penyuluhan": ["input-penyuluhan"],
    },
    "output": {
        "penundaan berlarut": ["output-tepat-waktu"],
        "permintaan imbalan": ["output-tanpa-imbalan"],
        "penyimpangan prosedur": ["output-sesuai-prosedur"],
        "tidak kompeten": ["output-petugas-kompeten"],
        "tidak patut": ["output-perilaku-patut"],
        "diskriminasi": ["output-tanpa-diskriminasi"],
        "IKM/SKM": ["output-skm"],
    },
    "pengaduan": {
        "sarana pengaduan": ["pengaduan-sarana"],
        "SOP": ["pengaduan-sop"],
        "SK petugas": ["pengaduan-sk-petugas"],
        "nomor resmi aktif": ["pengaduan-nomor-resmi"],
        "SP4N-LAPOR!": ["pengaduan-lapor"],
        "rekap": ["pengaduan-rekap"],
        "waktu penyelesaian vs SOP": ["pengaduan-tepat-waktu"],
        "pembinaan pengelola pengaduan": ["pengaduan-pembinaan"],
    },
}


@pytest.mark.parametrize("dimension_id", sorted(OMBUDSMAN_2024))
def test_ombudsman_2024_has_every_indicator_in_its_dimension(dimension_id: str) -> None:
    r = load("ombudsman-2024")
    dim = next(d for d in r.dimensions if d.id == dimension_id)
    present = {i.id for i in dim.items}
    for indicator, item_ids in OMBUDSMAN_2024[dimension_id].items():
        missing = [i for i in item_ids if i not in present]
        assert not missing, f"{dimension_id} indicator {indicator!r} lacks items {missing}"


def test_proses_has_all_eleven_indicators() -> None:
    assert len(OMBUDSMAN_2024["proses"]) == 11


def test_maklumat_interview_and_output_items_are_ombudsman_shaped() -> None:
    r = load("ombudsman-2024")
    # Kompetensi is asked by interview on the 0-3 interval Ombudsman uses.
    for item_id in OMBUDSMAN_2024["input"]["kompetensi: 14 komponen SP"]:
        item = r.item(item_id)
        assert item is not None
        assert [o.id for o in item.options] == ["l3", "l2", "l1", "l0"]
    number = r.item("pengaduan-nomor-resmi")
    assert number is not None
    personal = number.option("pribadi")
    assert personal is not None and 0 < personal.value < 1


OMBUDSMAN_2021_VARIABLES = {
    "standar pelayanan": ["sp-persyaratan", "sp-prosedur", "sp-jangka-waktu", "sp-biaya"],
    "maklumat pelayanan": ["sp-maklumat"],
    "sistem informasi pelayanan publik": ["info-sistem-informasi"],
    "SDM": ["sdm-petugas-siaga"],
    "unit pengaduan": ["pengaduan-unit"],
    "sarana berkebutuhan khusus": ["sarana-ramp", "sarana-kursi-roda", "sarana-loket-khusus"],
    "visi-misi-moto": ["info-visi-misi-moto"],
    "ISO 9001": ["info-iso-9001"],
    "atribut": ["sdm-atribut"],
    "pelayanan terpadu": ["info-pelayanan-terpadu"],
}


def test_ombudsman_2021_has_the_2015_variables() -> None:
    r = load("ombudsman-2021")
    for variable, item_ids in OMBUDSMAN_2021_VARIABLES.items():
        for item_id in item_ids:
            assert r.item(item_id) is not None, f"{variable}: {item_id} missing"
    iso = r.item("info-iso-9001")
    assert iso is not None and iso.na_allowed


PEKPPP_ASPECT_ITEMS = {
    "sdm": ["sdm-jam-layanan", "sdm-kode-etik", "sdm-motivasi", "sdm-penghargaan-sanksi"],
    "sarpras": ["sarpras-parkir", "sarpras-ruang-tunggu", "sarpras-toilet", "sarpras-ramp"],
    "sipp": ["sipp-sippn", "sipp-website", "sipp-pembaruan"],
    "konsultasi": ["konsultasi-lapor", "konsultasi-sop-petugas", "konsultasi-nomor-aktif"],
    "inovasi": ["inovasi-proposal", "inovasi-sk", "inovasi-implementasi", "inovasi-anggaran"],
}


def test_pekppp_aspects_cover_what_the_sources_name() -> None:
    r = load("pekppp-2024")
    for aspect, item_ids in PEKPPP_ASPECT_ITEMS.items():
        dim = r.dimension_of(item_ids[0])
        assert dim is not None and dim.id == aspect
        assert {i.id for i in dim.items} >= set(item_ids)


# --- Bands ------------------------------------------------------------------------------------

BANDS = {
    "ombudsman-2024": [
        ("A", 88, "hijau"),
        ("B", 78, "hijau"),
        ("C", 54, "kuning"),
        ("D", 32, "merah"),
        ("E", 0, "merah"),
    ],
    "pekppp-2024": [
        ("A", 4.51, None),
        ("A-", 4.01, None),
        ("B", 3.51, None),
        ("B-", 3.01, None),
        ("C", 2.51, None),
        ("C-", 2.01, None),
        ("D", 1.51, None),
        ("E", 1.01, None),
        ("F", 0, None),
    ],
    "ombudsman-2021": [("H", 81, "hijau"), ("K", 51, "kuning"), ("M", 0, "merah")],
    "ombudsman-2025": [
        ("A", 88, None),
        ("B", 78, None),
        ("C", 54, None),
        ("D", 32, None),
        ("E", 0, None),
    ],
}
BANDS["pekppp-2025"] = BANDS["pekppp-2024"]


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_bands_are_as_published(rubric_id: str) -> None:
    r = load(rubric_id)
    assert [(b.code, b.min, b.zone) for b in r.categories] == BANDS[rubric_id]


@pytest.mark.parametrize(
    ("rubric_id", "shown", "code"),
    [
        # Published Ombudsman 2023-24 results (domain.md section 2).
        ("ombudsman-2024", 88.11, "A"),
        ("ombudsman-2024", 78.2, "B"),
        ("ombudsman-2024", 58.99, "C"),
        ("ombudsman-2024", 52.68, "D"),
        ("ombudsman-2024", 49.85, "D"),
        ("ombudsman-2024", 87.99, "B"),
        # Jawa Barat, PEKPPP 2024: IPP 4.76.
        ("pekppp-2024", 4.76, "A"),
        ("pekppp-2024", 4.50, "A-"),
        ("pekppp-2024", 1.00, "F"),
        # Kota Magelang 2021: 68.27, zona kuning.
        ("ombudsman-2021", 68.27, "K"),
        ("ombudsman-2021", 80.99, "K"),
        ("ombudsman-2021", 81.0, "H"),
    ],
)
def test_published_results_fall_in_their_published_category(
    rubric_id: str, shown: float, code: str
) -> None:
    assert load(rubric_id).band_for(shown).code == code


def test_pekppp_is_shown_as_an_index_out_of_five() -> None:
    r = load("pekppp-2024")
    assert r.display == "index"
    assert r.scale_max == pytest.approx(5.0)


# --- Shape the chat relies on -----------------------------------------------------------------

PRODUCT_ITEMS = {
    "ombudsman-2024": {
        "proses-persyaratan",
        "proses-prosedur",
        "proses-jangka-waktu",
        "proses-biaya",
        "proses-produk",
    },
    "ombudsman-2021": {"sp-persyaratan", "sp-prosedur", "sp-jangka-waktu", "sp-biaya", "sp-produk"},
}


@pytest.mark.parametrize("rubric_id", sorted(PRODUCT_ITEMS))
def test_service_delivery_components_are_asked_per_product(rubric_id: str) -> None:
    r = load(rubric_id)
    assert {i.id for i in r.items if i.scope == "product"} == PRODUCT_ITEMS[rubric_id]


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_texts_fit_the_chat_and_ids_fit_callback_data(rubric_id: str) -> None:
    r = load(rubric_id)
    for item in r.items:
        assert ID_RE.match(item.id), item.id
        assert len(item.id) <= 40
        for lang in ("id", "en"):
            assert len(item.question.get(lang)) <= 300, item.id
            assert len(item.help.get(lang)) <= 400, item.id
        assert item.question.id != item.question.en, f"{item.id} is not translated"
        assert item.help.id != item.help.en, f"{item.id} help is not translated"
        for option in item.options:
            assert len(option.id) <= 16, (item.id, option.id)


@pytest.mark.parametrize(
    ("rubric_id", "low", "high"),
    [("ombudsman-2024", 35, 50), ("pekppp-2024", 30, 45), ("ombudsman-2021", 20, 30)],
)
def test_checklists_are_a_workable_length(rubric_id: str, low: int, high: int) -> None:
    assert low <= len(load(rubric_id).items) <= high


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_documents_and_photos_are_marked_as_evidence(rubric_id: str) -> None:
    r = load(rubric_id)
    evidence = [i for i in r.items if i.evidence_required]
    assert len(evidence) >= len(r.items) // 2
    product_items = [i for i in r.items if i.scope == "product"]
    assert all(i.evidence_required for i in product_items)


def test_free_services_still_answer_the_fee_item() -> None:
    # "Gratis" must be displayed too, so the fee item can never be skipped as not applicable.
    for rubric_id, item_id in (("ombudsman-2024", "proses-biaya"), ("ombudsman-2021", "sp-biaya")):
        item = load(rubric_id).item(item_id)
        assert item is not None and not item.na_allowed


@pytest.mark.parametrize(
    ("rubric_id", "cited"),
    [
        ("ombudsman-2024", ("S17", "S18")),
        ("pekppp-2024", ("S43", "S56", "S60")),
        ("ombudsman-2021", ("S9", "S11")),
    ],
)
def test_notes_say_where_the_numbers_come_from(rubric_id: str, cited: tuple[str, ...]) -> None:
    r = load(rubric_id)
    for source in cited:
        assert source in r.notes.id and source in r.notes.en
        assert any(s.startswith(f"{source} ") for s in r.sources), source


SINGULAR_S = {"access", "address", "business", "process", "status", "class", "bus"}


def english_texts(node: object) -> list[str]:
    """Every English text of a rubric file, as written in it."""
    if isinstance(node, dict):
        found = [node["en"]] if isinstance(node.get("en"), str) else []
        return found + [t for value in node.values() for t in english_texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in english_texts(value)]
    return []


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_english_says_one_of_a_thing_in_the_singular(rubric_id: str) -> None:
    """Eleven PEKPPP 2025 levels said "+ 1 forms": the Indonesian "1 bentuk" has no
    plural, and the translation copied the "2 forms" above it. Two more said "1 media"
    (one medium, as pekppp-2024 says)."""
    data = yaml.safe_load((DATA / f"{rubric_id}.yaml").read_text(encoding="utf-8"))
    texts = english_texts(data)
    assert len(texts) > 50  # the walk finds the texts
    one = re.compile(r"(?<![\d.,])\b1 ([a-z]+s|media)\b")
    plural = [(t, m) for t in texts for m in one.findall(t) if m not in SINGULAR_S]
    assert plural == []


_MARKER = re.compile(r"(?<![A-Za-z0-9])([ST])(\d+)(?:\s*[–-]\s*([ST])(\d+))?(?![0-9])")


def cited_sources(node: object) -> set[str]:
    """Every source marker ("S21", "T13", a range "S26–S30") in a rubric file's texts (both
    languages, notes and item texts; not its `sources` list)."""
    if isinstance(node, dict):
        return {m for key, value in node.items() if key != "sources" for m in cited_sources(value)}
    if isinstance(node, list):
        return {m for value in node for m in cited_sources(value)}
    if not isinstance(node, str):
        return set()
    found: set[str] = set()
    for kind, first, _, last in _MARKER.findall(node):
        found.update(f"{kind}{n}" for n in range(int(first), int(last or first) + 1))
    return found


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_every_source_a_rubric_cites_is_one_of_its_sources(rubric_id: str) -> None:
    """SPEC: each rubric names its sources. ombudsman-2024 cited S12 and S13 (the
    commissioners naming lactation rooms, wheelchairs, special counters), S66 (guiding
    blocks) and S29-S30 (published scores behind the bands, domain §2) without listing them,
    so `rubric show` gave a reader no way to follow those markers."""
    data = yaml.safe_load((DATA / f"{rubric_id}.yaml").read_text(encoding="utf-8"))
    listed = {s.split()[0] for s in load(rubric_id).sources}
    cited = cited_sources(data)
    assert cited  # the walk finds the markers
    assert sorted(cited - listed) == []


@pytest.mark.parametrize("rubric_id", SHIPPED)
def test_no_rubric_sends_readers_to_an_instrument_that_is_no_longer_current(
    rubric_id: str,
) -> None:
    """ombudsman-2021's notes said "to prepare for the current assessment use ombudsman-2024",
    which is itself historical since PO 61/2025 replaced the compliance assessment with the
    Opini Ombudsman (domain §8.1): the notes must name a current rubric, as the status note
    does."""
    r = load(rubric_id)
    old = {other for other in SHIPPED if load(other).status != "current"}
    for text in (r.notes, r.status_note):
        if text is None:
            continue
        for lang in ("id", "en"):
            for sentence in re.split(r"(?<=[.;])\s+", text.get(lang)):
                if re.search(r"\b(gunakan|use)\b", sentence):
                    named = set(re.findall(r"\b(?:ombudsman|pekppp)-\d{4}\b", sentence))
                    assert not named & old, sentence
