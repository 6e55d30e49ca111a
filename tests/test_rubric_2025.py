"""Today's instruments: ombudsman-2025 (the Opini, PO 61/2025) and pekppp-2025 (F-02), and the
engine features they need: levels, zero-weight items, measure-fed items, online-only items,
parts and the "Tanpa Maladministrasi" condition. Published results are reproduced here.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rubric
from rubric import AnswerSet, MeasureValue, Rubric

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OMB = rubric.load_builtin("ombudsman-2025")
PEK = rubric.load_builtin("pekppp-2025")

# F-02 form A, in F-02's order: (aspect, weight inside the aspect), domain.md §8.2.
F02: list[tuple[str, str, int]] = [
    ("kebijakan", "k01-standar-pelayanan", 17),
    ("kebijakan", "k02-pelibatan-masyarakat", 14),
    ("kebijakan", "k03-publikasi-sp", 7),
    ("kebijakan", "k04-peninjauan-sp", 14),
    ("kebijakan", "k05-maklumat", 10),
    ("kebijakan", "k06-skm", 17),
    ("kebijakan", "k07-publikasi-skm", 7),
    ("kebijakan", "k08-tindak-lanjut-skm", 7),
    ("kebijakan", "k09-kecepatan-tl-skm", 7),
    ("sdm", "s10-waktu-pelayanan", 10),
    ("sdm", "s11-kode-etik", 20),
    ("sdm", "s12-motivasi-kerja", 20),
    ("sdm", "s13-kriteria-penghargaan", 20),
    ("sdm", "s14-budaya-pelayanan", 30),
    ("sarpras", "p15-parkir", 15),
    ("sarpras", "p16-ruang-tunggu", 23),
    ("sarpras", "p17-toilet", 20),
    ("sarpras", "p18-kelompok-rentan", 20),
    ("sarpras", "p19-penunjang", 11),
    ("sarpras", "p20-front-office", 11),
    ("sipp", "i21-sipp-informasi", 30),
    ("sipp", "i22-sipp-operasional", 20),
    ("sipp", "i23-kualitas-sipp", 20),
    ("sipp", "i24-pemutakhiran", 30),
    ("konsultasi", "c25-sarana-tatap-muka", 20),
    ("konsultasi", "c26-media-pengaduan", 25),
    ("konsultasi", "c27-akuntabilitas", 25),
    ("konsultasi", "c28-tindak-lanjut-pengaduan", 30),
    ("inovasi", "n29-inovasi", 50),
    ("inovasi", "n30-sumber-daya-inovasi", 50),
]
ASPECTS = {"kebijakan": 24, "sdm": 25, "sarpras": 18, "sipp": 11, "konsultasi": 10, "inovasi": 12}


def levels(changed: dict[str, int], default: int = 5, *, online: bool = False) -> AnswerSet:
    """Every scored PEKPPP indicator at `default`, except `changed` (item -> level)."""
    answers = {
        item.id: f"l{changed.get(item.id, default)}"
        for item in PEK.asked_items(online)
        if item.weight > 0
    }
    return AnswerSet(answers=answers, online=online)


# -- pekppp-2025: F-02 item for item ---------------------------------------------------------


def test_pekppp_2025_has_the_30_scored_f02_indicators_in_order_with_their_weights() -> None:
    scored = [
        (PEK.dimension_of(i.id).id, i.id, i.weight)  # type: ignore[union-attr]
        for i in PEK.asked_items(online=False)
        if i.weight > 0
    ]
    assert scored == F02
    assert {d.id: d.weight for d in PEK.dimensions} == {**ASPECTS, "tambahan": 0}


@pytest.mark.parametrize("online", [False, True])
def test_pekppp_2025_indicator_weights_sum_to_100_in_every_aspect(online: bool) -> None:
    for dim in PEK.dimensions:
        if dim.weight == 0:
            continue
        expected = 86 if online and dim.id == "kebijakan" else 100  # form B drops k04 (14)
        assert sum(i.weight for i in dim.items if i.applies(online)) == expected, dim.id


def test_form_b_swaps_what_f02_form_b_swaps() -> None:
    face = [i.id for i in PEK.asked_items(online=False)]
    online = [i.id for i in PEK.asked_items(online=True)]
    assert len(face) == 31 and len(online) == 30
    assert sorted(set(face) - set(online)) == [
        "c25-sarana-tatap-muka",
        "c26-media-pengaduan",
        "k04-peninjauan-sp",
        "p15-parkir",
        "p16-ruang-tunggu",
        "p17-toilet",
        "p18-kelompok-rentan",
        "p19-penunjang",
        "p20-front-office",
        "s10-waktu-pelayanan",
    ]
    assert sorted(set(online) - set(face)) == [
        "ce25-media-daring",
        "ce26-kecepatan-respons",
        "pe1-akses-mudah",
        "pe2-interaksi",
        "pe3-keamanan",
        "pe4-tampilan",
        "pe5-media-pendukung",
        "pe6-penyimpanan-data",
        "se10-waktu-layanan-daring",
    ]
    # the replacements stand where F-02 puts the indicators they replace
    assert online.index("se10-waktu-layanan-daring") == face.index("s10-waktu-pelayanan") - 1


def test_every_f02_indicator_has_six_described_levels_worth_level_over_five() -> None:
    for item in PEK.items:
        assert [o.level for o in item.options] == [5, 4, 3, 2, 1, 0], item.id
        assert [o.value for o in item.options] == [1.0, 0.8, 0.6, 0.4, 0.2, 0.0], item.id
        assert all(o.description is not None for o in item.options), item.id
        assert len({o.description.id for o in item.options if o.description}) == 6, item.id


def test_the_queue_system_is_shown_but_weighs_nothing() -> None:
    queue = PEK.item("x31-sistem-antrean")
    assert queue is not None and queue.weight == 0
    assert queue in PEK.asked_items(online=False)
    assert PEK.dimension("tambahan").weight == 0  # type: ignore[union-attr]
    full = rubric.score(PEK, levels({}))
    for option in ("l5", "l0"):
        answers = levels({})
        answers.answers["x31-sistem-antrean"] = option
        assert rubric.score(PEK, answers).total_exact == full.total_exact
    assert all(g.item_id != "x31-sistem-antrean" for g in rubric.gaps(PEK, levels({}, 3)))


def test_online_units_get_the_electronic_sarpras_instead_of_the_physical_one() -> None:
    physical = {i.id for i in PEK.dimension("sarpras").items if i.applies_to == "in_person"}  # type: ignore[union-attr]
    electronic = {i.id for i in PEK.dimension("sarpras").items if i.applies_to == "online"}  # type: ignore[union-attr]
    assert len(physical) == len(electronic) == 6
    offline_ids = {i.id for i in PEK.asked_items(online=False)}
    online_ids = {i.id for i in PEK.asked_items(online=True)}
    assert physical <= offline_ids and not electronic & offline_ids
    assert electronic <= online_ids and not physical & online_ids
    assert rubric.score(PEK, levels({}, online=True)).index == 5.0
    with pytest.raises(ValueError, match="applies to online units only"):
        rubric.score(PEK, AnswerSet(answers={"pe1-akses-mudah": "l5"}))
    with pytest.raises(ValueError, match="applies to face-to-face units only"):
        rubric.score(PEK, AnswerSet(answers={"p15-parkir": "l5"}, online=True))


def test_index_is_the_t15_formula() -> None:
    """IPP = Σ aspect weight × Σ(indicator weight × level) / 10 000."""
    chosen = {item_id: (n * 7) % 6 for n, (_, item_id, _) in enumerate(F02)}
    expected = sum(ASPECTS[a] * w * chosen[i] for a, i, w in F02) / 10_000
    result = rubric.score(PEK, levels(chosen))
    assert result.index == rubric.round2(rubric.round2(expected * 20) / 20)
    assert math.isclose(result.total_exact / 20, expected)


# -- Published PEKPPP 2025 results (KepmenPANRB 3/2026, T16; Madiun T17) ---------------------


@pytest.mark.parametrize(
    ("who", "changed", "default", "index", "code"),
    [
        ("BPS", {"k06-skm": 4, "p17-toilet": 4}, 5, 4.92, "A"),
        (
            "Jawa Timur",
            {"s14-budaya-pelayanan": 3, "n29-inovasi": 4, "p17-toilet": 4},
            5,
            4.75,
            "A",
        ),
        (
            "Sumedang",
            {
                "s14-budaya-pelayanan": 3,
                "n29-inovasi": 4,
                "p17-toilet": 4,
                "i24-pemutakhiran": 4,
            },
            5,
            4.72,
            "A",
        ),
        (
            "Jambi",
            {
                "s14-budaya-pelayanan": 2,
                "n29-inovasi": 3,
                "n30-sumber-daya-inovasi": 3,
                "s11-kode-etik": 3,
                "s12-motivasi-kerja": 3,
                "s13-kriteria-penghargaan": 3,
                "k01-standar-pelayanan": 3,
                "k04-peninjauan-sp": 3,
                "i24-pemutakhiran": 4,
                "c25-sarana-tatap-muka": 4,
            },
            5,
            4.03,
            "A-",
        ),
        (
            "Bungo",
            {"s14-budaya-pelayanan": 3, "n29-inovasi": 3, "k01-standar-pelayanan": 3},
            2,
            2.18,
            "C-",
        ),
    ],
)
def test_published_pekppp_2025_results_are_reproduced(
    who: str, changed: dict[str, int], default: int, index: float, code: str
) -> None:
    result = rubric.score(PEK, levels(changed, default))
    assert (result.index, result.category.code) == (index, code), who


def test_madiun_reports_its_index_times_twenty() -> None:
    # 94.75 = IPP × 20 (T17): the engine reads 94.75 as 4.74, category A.
    assert rubric.round2(94.75 / PEK.index_divisor) == 4.74
    assert PEK.band_for(4.74).code == "A"


# -- ombudsman-2025: the Opini ---------------------------------------------------------------

WEIGHTS_2023 = {"input": 21.85, "proses": 32.37, "output": 24.24, "pengaduan": 21.54}


def test_the_70_points_are_the_2023_weights_scaled_and_sum_exactly_70() -> None:
    four = {d.id: d.weight for d in OMB.dimensions if d.id != "kepercayaan"}
    assert set(four) == set(WEIGHTS_2023)
    assert round(sum(four.values()), 2) == 70.00
    for dim_id, weight in four.items():
        assert abs(weight - WEIGHTS_2023[dim_id] * 0.7) < 0.01, dim_id
    assert OMB.dimension("kepercayaan").weight == 30  # type: ignore[union-attr]
    assert [(p.id, p.dimensions) for p in OMB.parts] == [
        ("dimensi", ("input", "proses", "output", "pengaduan")),
        ("kepercayaan", ("kepercayaan",)),
    ]
    for lang in ("id", "en"):
        notes = OMB.notes.get(lang)
        assert ("perkiraan kami" if lang == "id" else "our estimate") in notes
        assert "T8" in notes and "S17" in notes


def test_opini_bands_and_labels_without_zones() -> None:
    assert [(b.code, b.min, b.label.id, b.zone) for b in OMB.categories] == [
        ("A", 88, "Kualitas Tertinggi", None),
        ("B", 78, "Kualitas Tinggi", None),
        ("C", 54, "Kualitas Sedang", None),
        ("D", 32, "Kualitas Rendah", None),
        ("E", 0, "Kualitas Terendah", None),
    ]


def test_the_ikm_options_name_the_skm_bands_as_the_survey_does() -> None:
    """Output's IKM item reads the unit's SKM band (domain §8.3: A Sangat Baik 88.31-100,
    B Baik 76.61-88.30, C Kurang Baik 65.00-76.60, D Tidak Baik 25.00-64.99). Its English
    called C "not good" where the survey's results call it "Fair" (and "not good" is what
    Tidak Baik says), and D named no band at all: an officer reading both saw two scales."""
    from bot.survey.ikm import BANDS

    item = OMB.item("output-ikm")
    assert item is not None
    assert [o.id for o in item.options] == ["a", "b", "c", "d"]
    ranges = ["88,31-100", "76,61-88,30", "65,00-76,60", "di bawah 65,00"]
    for option, (_, letter, label_id, label_en), shown in zip(
        item.options, BANDS, ranges, strict=True
    ):
        assert option.label.id.startswith(letter) and option.description is not None
        assert shown in option.description.id and f", {label_id}" in option.description.id
        assert f"({label_en.lower()}" in option.description.en.lower()
    assert "not good" not in str(item.options[2].description)


def test_citizen_items_are_measure_fed_and_not_asked() -> None:
    fed = {i.id: i.measure for i in OMB.items if i.measure}
    assert fed == {
        "proses-persepsi-pengguna": "survey.maladministrasi",
        "kepercayaan-masyarakat": "survey.kepercayaan",
    }
    asked = {i.id for i in OMB.asked_items()}
    assert not asked & set(fed)
    assert all(m.min_responses == 30 for m in OMB.measures)


def officer_best(follow_up: str = "semua") -> dict[str, str]:
    answers = {i.id: i.options[0].id for i in OMB.asked_items()}
    answers["pengaduan-tindak-lanjut-ombudsman"] = follow_up
    return answers


def test_without_the_survey_the_30_points_count_zero_and_the_gap_says_what_is_missing() -> None:
    result = rubric.score(OMB, AnswerSet(answers=officer_best()))
    assert result.completion == 1.0  # officers answered all they can
    assert result.total == pytest.approx(70 - 22.66 / 2, abs=0.01)
    by_item = {g.item_id: g for g in rubric.gaps(OMB, AnswerSet(answers=officer_best()))}
    trust = by_item["kepercayaan-masyarakat"]
    assert (trust.kind, trust.measure, trust.responses_missing, trust.source) == (
        "unanswered",
        "survey.kepercayaan",
        30,
        "survey.kepercayaan",
    )
    assert trust.points == pytest.approx(30)
    partial = AnswerSet(
        answers=officer_best(), measures={"survey.kepercayaan": MeasureValue(value=4, responses=12)}
    )
    gap = next(g for g in rubric.gaps(OMB, partial) if g.item_id == "kepercayaan-masyarakat")
    assert gap.responses_missing == 18 and gap.points == pytest.approx(30)
    status = {m.id: m for m in rubric.score(OMB, partial).measures}["survey.kepercayaan"]
    assert (status.responses, status.counted, status.responses_missing) == (12, False, 18)
    # Officers cannot answer a survey: their answers never name a measure-fed item; the way
    # up is through the survey, and the path says so (tested below).
    path = rubric.next_category(OMB, AnswerSet(answers=officer_best()))
    assert path is not None and path.code == "B" and path.keys == ()


def trusting(mean: float, answers: dict[str, str] | None = None) -> AnswerSet:
    """The officers' `answers` (default: all best) and 30 survey responses of trust `mean`."""
    return AnswerSet(
        answers=officer_best() if answers is None else answers,
        measures={"survey.kepercayaan": MeasureValue(value=mean, responses=30)},
    )


def test_when_only_the_survey_reaches_the_next_opini_the_path_says_what_it_must_add() -> None:
    # Every officer item at its best is 58.67 (Sedang); Tinggi needs 78: out of the officers'
    # reach, but not out of reach: public trust is worth 30 points. Saying "out of reach"
    # told a unit to give up on what its survey can still bring.
    path = rubric.next_category(OMB, AnswerSet(answers=officer_best()))
    assert path is not None
    assert (path.code, path.reachable, path.keys) == ("B", True, ())
    assert path.survey == ("kepercayaan-masyarakat",)
    assert path.survey_points == pytest.approx(19.33)
    # Exactly enough: trust worth 19.33 of its 30 points reaches 78.00; a cent less does not.
    enough = rubric.score(OMB, trusting(1 + 3 * 19.33 / 30))
    assert (enough.total, enough.category.code) == (78.0, "B")
    short = rubric.score(OMB, trusting(1 + 3 * 19.32 / 30))
    assert (short.total, short.category.code) == (77.99, "C")


def test_with_answers_missing_the_survey_path_names_the_fewest_answers_too() -> None:
    # Officers 47.00 (the four Output items and two Pengaduan ones unanswered; nobody reported
    # maladministration), trust 7.50 of 30: 54.50, Sedang. Their answers alone reach 77.50,
    # the survey alone 77.00: Tinggi (78) needs one answer (the largest gap) and the survey.
    answers = officer_best()
    for item_id in ("output-ikm", "output-ipp", "output-spm", "output-data-kinerja"):
        del answers[item_id]
    del answers["pengaduan-kanal"], answers["pengaduan-sp4n-lapor"]

    def unit(trust: float, given: dict[str, str]) -> AnswerSet:
        return AnswerSet(
            answers=given,
            measures={
                "survey.maladministrasi": MeasureValue(value=0, responses=30),
                "survey.kepercayaan": MeasureValue(value=trust, responses=30),
            },
        )

    now = unit(1.75, answers)
    assert (rubric.score(OMB, now).total, rubric.score(OMB, now).category.code) == (54.5, "C")
    path = rubric.next_category(OMB, now)
    assert path is not None and (path.code, path.reachable) == ("B", True)
    assert path.keys == ("output-ikm",) and path.survey == ("kepercayaan-masyarakat",)
    # With output-ikm answered (58.74), the survey must add 19.26 (trust 26.76 of 30).
    assert path.survey_points == pytest.approx(19.26)
    answered = {**answers, "output-ikm": "a"}
    assert rubric.score(OMB, unit(1 + 3 * (7.5 + 19.26) / 30, answered)).total == 78.0
    assert rubric.score(OMB, unit(1 + 3 * (7.5 + 19.25) / 30, answered)).total == 77.99
    assert rubric.score(OMB, unit(4, answers)).category.code == "C"  # survey alone: no


def test_a_measure_fed_item_cannot_be_answered_and_unknown_measures_are_refused() -> None:
    with pytest.raises(ValueError, match="takes its value from the measure"):
        rubric.score(OMB, AnswerSet(answers={"kepercayaan-masyarakat": "ya"}))
    with pytest.raises(ValueError, match="not a measure of rubric"):
        rubric.score(OMB, AnswerSet(measures={"survey.ikm": MeasureValue(value=80)}))
    with pytest.raises(ValueError, match="outside 1-4"):
        rubric.score(
            OMB, AnswerSet(measures={"survey.kepercayaan": MeasureValue(value=5, responses=40)})
        )
    with pytest.raises(ValueError, match="number of responses"):
        rubric.score(OMB, AnswerSet(measures={"survey.kepercayaan": MeasureValue(value=3)}))


@pytest.mark.parametrize(
    ("answer", "met", "label"),
    [
        ("semua", True, "Kualitas Tertinggi Tanpa Maladministrasi"),
        ("na", True, "Kualitas Tertinggi Tanpa Maladministrasi"),
        ("sebagian", False, "Kualitas Tertinggi"),
        (None, None, "Kualitas Tertinggi"),
    ],
)
def test_tanpa_maladministrasi_is_reported_next_to_the_category(
    answer: str | None, met: bool | None, label: str
) -> None:
    answers = officer_best()
    if answer is None:
        del answers["pengaduan-tindak-lanjut-ombudsman"]
    else:
        answers["pengaduan-tindak-lanjut-ombudsman"] = answer
    survey = {
        "survey.kepercayaan": MeasureValue(value=4, responses=30),
        "survey.maladministrasi": MeasureValue(value=0, responses=30),
    }
    result = rubric.score(OMB, AnswerSet(answers=answers, measures=survey))
    assert result.condition is not None and result.condition.met is met
    assert result.category.code == "A"
    assert result.label("id") == label


def score_at(target: float, follow_up: str) -> rubric.Score:
    """Officers' answers fixed, the trust survey chosen so the Opini total is `target`."""
    answers = officer_best(follow_up)
    for item in OMB.dimension("input").items:  # type: ignore[union-attr]
        answers[item.id] = item.options[-1].id
    base = {"survey.maladministrasi": MeasureValue(value=1, responses=30)}
    floor = rubric.score(
        OMB,
        AnswerSet(
            answers=answers,
            measures={**base, "survey.kepercayaan": MeasureValue(value=1, responses=30)},
        ),
    ).total_exact
    mean = 1 + 3 * (target - floor) / 30
    assert 1 <= mean <= 4
    trust = MeasureValue(value=mean, responses=30)
    return rubric.score(
        OMB, AnswerSet(answers=answers, measures={**base, "survey.kepercayaan": trust})
    )


@pytest.mark.parametrize(
    ("total", "follow_up", "label"),
    [
        # Maluku Utara 2025 (T11)
        (53.38, "sebagian", "Kualitas Rendah"),
        (57.61, "semua", "Kualitas Sedang Tanpa Maladministrasi"),
        (62.57, "semua", "Kualitas Sedang Tanpa Maladministrasi"),
        (65.98, "na", "Kualitas Sedang Tanpa Maladministrasi"),
        (69.63, "sebagian", "Kualitas Sedang"),
    ],
)
def test_published_2025_opini_are_reproduced(total: float, follow_up: str, label: str) -> None:
    result = score_at(total, follow_up)
    assert result.total == total
    assert result.label("id") == label
    assert result.zone is None


# -- ombudsman-2024: published 2023-24 results ------------------------------------------------


def by_parts(rubric_id: str) -> Rubric:
    """The shipped rubric's dimensions and bands, each dimension fed by one measure of its
    points: what a published breakdown gives us."""
    path = Path(rubric.__file__).parent / "data" / f"{rubric_id}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    measures = []
    for dim in data["dimensions"]:
        first = dim["items"][0]
        dim["items"] = [
            {
                "id": f"{dim['id']}-points",
                "question": first["question"],
                "help": first["help"],
                "evidence_hint": first["evidence_hint"],
                "weight": 1,
                "measure": f"points.{dim['id']}",
            }
        ]
        measures.append(
            {
                "id": f"points.{dim['id']}",
                "label": {"id": dim["id"], "en": dim["id"]},
                "description": {"id": "poin", "en": "points"},
                "min": 0,
                "max": dim["weight"],
            }
        )
    data["measures"] = measures
    return Rubric.model_validate(data)


OMB_2024 = by_parts("ombudsman-2024")


def parts(values: dict[str, float]) -> AnswerSet:
    return AnswerSet(measures={f"points.{k}": MeasureValue(value=v) for k, v in values.items()})


def test_dinas_pendidikan_maluku_tenggara_2023_with_the_sources_rounding_gap() -> None:
    # Published: 52.86 D = 5.83 + 16.42 + 22.14 + 8.46, whose shown parts sum to 52.85:
    # the source rounds each part. Parts that round to those and sum to 52.86 exist.
    exact = {"input": 5.834, "proses": 16.424, "output": 22.144, "pengaduan": 8.458}
    result = rubric.score(OMB_2024, parts(exact))
    shown = [rubric.round2(d.points) for d in result.dimensions]
    assert shown == [5.83, 16.42, 22.14, 8.46]
    assert rubric.round2(sum(shown)) == 52.85
    assert (result.total, result.category.code, result.zone) == (52.86, "D", "merah")


def test_puskesmas_watdek_2023() -> None:
    result = rubric.score(
        OMB_2024, parts({"input": 8.72, "proses": 10.76, "output": 20.76, "pengaduan": 9.61})
    )
    assert (result.total, result.category.code) == (49.85, "D")


@pytest.mark.parametrize(
    ("total", "code"),
    [
        (55.09, "C"),  # Puskesmas Kolser 2023
        (59.85, "C"),  # DPMPTSP Maluku Tenggara
        (62.06, "C"),
        (71.08, "C"),
        (74.82, "C"),
        (94.85, "A"),  # Kemlu 2023
        (94.11, "A"),
        (97.18, "A"),
        (97.44, "A"),
        (98.17, "A"),
        (91.82, "A"),  # TTU 2024
        (89.62, "A"),
    ],
)
def test_published_2023_2024_totals_fall_in_their_category(total: float, code: str) -> None:
    share = total / 100
    result = rubric.score(OMB_2024, parts({d.id: d.weight * share for d in OMB_2024.dimensions}))
    assert (result.total, result.category.code) == (total, code)


def test_kabupaten_maluku_tenggara_is_the_mean_of_its_seven_loci() -> None:
    loci = [52.86, 49.85, 55.09, 59.85, 62.06, 71.08, 74.82]
    mean = rubric.round2(sum(loci) / len(loci))
    assert mean == 60.80
    assert OMB_2024.band_for(mean).code == "C"


# -- properties: weight 0 and measures -------------------------------------------------------

PEK_IDS = [i.id for i in PEK.asked_items(online=False)]


@st.composite
def pekppp_answers(draw: st.DrawFn) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(PEK_IDS), unique=True))
    return {i: f"l{draw(st.integers(0, 5))}" for i in chosen}


@SETTINGS
@given(pekppp_answers(), st.sampled_from([None, "l0", "l1", "l2", "l3", "l4", "l5"]))
def test_a_zero_weight_answer_never_moves_a_score(
    answers: dict[str, str], queue: str | None
) -> None:
    without = dict(answers)
    without.pop("x31-sistem-antrean", None)
    with_queue = dict(without)
    if queue is not None:
        with_queue["x31-sistem-antrean"] = queue
    a, b = AnswerSet(answers=without), AnswerSet(answers=with_queue)
    left, right = rubric.score(PEK, a), rubric.score(PEK, b)
    assert left.total_exact == right.total_exact
    assert [d.points for d in left.dimensions] == [d.points for d in right.dimensions]
    assert [(g.key, g.points) for g in rubric.gaps(PEK, a)] == [
        (g.key, g.points) for g in rubric.gaps(PEK, b)
    ]
    assert rubric.next_category(PEK, a) == rubric.next_category(PEK, b)


OMB_IDS = [i.id for i in OMB.asked_items()]


@st.composite
def opini_cases(draw: st.DrawFn) -> tuple[dict[str, str], float, float, int]:
    chosen = draw(st.lists(st.sampled_from(OMB_IDS), unique=True))
    answers = {}
    for item_id in chosen:
        item = OMB.item(item_id)
        assert item is not None
        answers[item_id] = draw(st.sampled_from([o.id for o in item.options]))
    low = draw(st.floats(1, 4))
    high = draw(st.floats(low, 4))
    responses = draw(st.integers(0, 80))
    return answers, low, high, responses


@SETTINGS
@given(opini_cases())
def test_measures_count_only_from_their_minimum_and_more_trust_never_lowers_the_score(
    case: tuple[dict[str, str], float, float, int],
) -> None:
    answers, low, high, responses = case

    def total(value: float | None, n: int) -> float:
        measures = (
            {} if value is None else {"survey.kepercayaan": MeasureValue(value=value, responses=n)}
        )
        return rubric.score(OMB, AnswerSet(answers=answers, measures=measures)).total_exact

    missing = total(None, 0)
    if responses < 30:
        # Below the minimum a measure counts exactly like no measure at all.
        assert total(high, responses) == missing
    else:
        assert missing <= total(low, responses) <= total(high, responses) + 1e-9
        # and its points are 30 × the value's share of the 1-4 range
        assert total(high, responses) - missing == pytest.approx(30 * (high - 1) / 3)
    # Officers' completion never depends on the survey.
    plain = rubric.score(OMB, AnswerSet(answers=answers))
    fed = rubric.score(
        OMB,
        AnswerSet(
            answers=answers,
            measures={"survey.kepercayaan": MeasureValue(value=high, responses=responses)},
        ),
    )
    assert (plain.answered, plain.askable) == (fed.answered, fed.askable)
