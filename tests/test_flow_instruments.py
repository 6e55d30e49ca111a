"""Journeys with today's instruments: a cycle of ombudsman-2025 or pekppp-2025 is walked in the
chat; survey-fed items are never asked, and /skor and /kekurangan say what they still need."""

from __future__ import annotations

from typing import Any

import rubric
from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    api_errors,
    fixed_clock,
    is_question,
    join,
    open_check,
    option_labels,
    position,
    press,
    seed,
    walk,
)


async def test_an_opini_cycle_is_walked_and_the_survey_part_shows_what_is_missing(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, rubric_id="ombudsman-2025")
    the_rubric = rubric.load_builtin("ombudsman-2025")
    asked = the_rubric.asked_items()
    fed = {i.question.id for i in the_rubric.items if i.measure}
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(601, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        assert position(first) == (1, len(asked))
        seen: list[str] = []

        def best(question: Any) -> str:
            seen.append(question.text)
            return option_labels(question)[0]

        end = await walk(officer, first, best)
        assert not any(q in text for q in fed for text in seen)  # never asked of officers
        assert "Semua butir sudah dijawab" in end.text
        # All officers' answers at best: 70 points less the users' half of Proses; no survey.
        assert "Total: 58.67 poin" in end.text
        assert "Kategori: C — Kualitas Sedang Tanpa Maladministrasi" in end.text
        assert "Zona" not in end.text
        assert "✅ Tanpa Maladministrasi: ya" in end.text
        assert "Empat dimensi (70 poin): 58.67 / 70.00" in end.text
        assert f"Kelengkapan: {len(asked)}/{len(asked)} butir (100%)" in end.text
        assert (
            "📊 Survei kepercayaan masyarakat terhadap unit: 0/30 tanggapan, perlu 30 lagi"
            in end.text
        )

        await officer.send("/kekurangan")
        gaps = await officer.wait_for()
        assert "Kepercayaan masyarakat terhadap unit (dari survei unit)" in gaps.text
        assert "+30.00" in gaps.text
        assert "📊 Dari Survei kepercayaan masyarakat terhadap unit: perlu 30 tanggapan lagi" in (
            gaps.text
        )
        # Tinggi (78) is beyond the officers' 58.67 but not beyond the survey's 30 points:
        # the path says what the survey must add instead of "out of reach".
        assert "tidak terjangkau" not in gaps.text
        assert (
            "Ke kategori B: jawaban petugas saja tidak cukup; survei masyarakat "
            "(Survei kepercayaan masyarakat terhadap unit) harus menambah sedikitnya 19.33 poin."
        ) in gaps.text
        # Survey-fed gaps have no button to open them (officers cannot answer them).
        assert not any("Kepercayaan" in label for label in gaps.button_texts)

        await officer.send("/bahasa")
        menu = await officer.wait_for()
        await press(officer, menu, "🇬🇧 English")
        await officer.send("/score")
        report = await officer.wait_for()
        assert "Category: C — Medium quality without maladministration" in report.text
        assert "30 more needed before it counts" in report.text
        await officer.send("/gaps")
        gaps = await officer.wait_for()
        assert "the citizens' survey (" in gaps.text and "must add at least 19.33 points." in (
            gaps.text
        )

        store = services_of(app).store
        person = await store.person(601)
        selfcheck = await store.current_selfcheck(person)
        checklist = await store.checklist(selfcheck)
        assert "kepercayaan-masyarakat" not in checklist
        assert len(checklist) == len(asked)
    assert api_errors(fake_api) == []


async def test_an_online_unit_walks_f02_levels_with_electronic_sarpras(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(
        tmp_settings.database,
        rubric_id="pekppp-2025",
        units=(("Kota Metro", "Dinas Sosial", ()), ("Kota Metro", "Dukcapil Daring", ())),
    )
    the_rubric = rubric.load_builtin("pekppp-2025")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        assert await store.set_unit_online(world.units["Dukcapil Daring"], True)

        officer = fake_api.user(602, "Dewi")
        first = await open_check(officer, world.codes["Dukcapil Daring"])
        asked = len(the_rubric.asked_items(online=True))
        assert position(first) == (1, asked) == (1, 30)
        sp = the_rubric.items[0]
        assert option_labels(first) == [f"Tingkat {n}" for n in range(5, -1, -1)]
        for option in sp.options:  # each level is described, in the officer's words
            assert option.description is not None and option.description.id in first.text
        # Level 4, then the evidence prompt (later), then the next indicator at level 5.
        # Level 4, then the next indicator with the evidence request above its buttons
        # (answering it is the way on), then level 5.
        shown = await press(officer, first, "Tingkat 4")
        assert "Kirim bukti untuk butir 1/30" in shown.text
        assert position(shown) == (2, asked)
        shown = await press(officer, shown, "Tingkat 5")
        assert position(shown) == (3, asked)

        await officer.send("/skor")
        report = await officer.wait_for()
        # Form B has no k04: Kebijakan's weights sum to 86, so the aspect gives
        # 24 × (17 × 0.8 + 14 × 1) / 86 = 7.70 points -> index 0.39
        assert report.text.splitlines()[0] == "Total: 7.70 poin (indeks 0.39)"
        assert "Informasi Tambahan" not in report.text  # weighs nothing: not a score line

        person = await store.person(602)
        checklist = await store.checklist(await store.current_selfcheck(person))
        assert "pe1-akses-mudah" in checklist and "p15-parkir" not in checklist
        assert checklist[-1] == "x31-sistem-antrean"  # shown, weighing 0

        # A face-to-face colleague unit gets the physical Sarpras.
        other = fake_api.user(603, "Budi")
        await open_check(other, world.codes["Dinas Sosial"])
        person = await store.person(603)
        checklist = await store.checklist(await store.current_selfcheck(person))
        assert "p15-parkir" in checklist and "pe1-akses-mudah" not in checklist
        answers = await store.answer_set(await store.current_selfcheck(await store.person(602)))
        assert answers.online and answers.answers == {
            "k01-standar-pelayanan": "l4",
            "k02-pelibatan-masyarakat": "l5",
        }
    assert api_errors(fake_api) == []
    assert is_question(first)


async def test_help_names_the_assessments_the_bot_prepares_for_by_their_current_names(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The officer's help said the bot prepares for "penilaian kepatuhan" (the compliance
    assessment): the Ombudsman's name up to 2024. Since 2025 it is the Penilaian
    Maladministrasi, reported as the Opini Ombudsman (PO 61/2025, domain §8.1), and PEKPPP is
    KemenPANRB's evaluation (domain §4): the help names both."""
    world = await seed(tmp_settings.database, rubric_id="ombudsman-2025")
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(603, "Rina")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/bantuan")
        shown = await officer.wait_for()
        assert "/periksa" in shown.text
        assert "kepatuhan" not in shown.text
        assert "Opini Ombudsman RI" in shown.text and "PEKPPP KemenPANRB" in shown.text

        await officer.send("/bahasa")
        menu = await officer.wait_for()
        await press(officer, menu, "🇬🇧 English")
        await officer.send("/help")
        shown = await officer.wait_for()
        assert "/check" in shown.text
        assert "compliance" not in shown.text
        assert "Ombudsman RI Opinion" in shown.text and "KemenPANRB's PEKPPP" in shown.text
        assert api_errors(fake_api) == []


async def test_an_english_score_line_of_the_condition_starts_with_a_capital(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The condition's English label is written to follow the category ("Highest quality
    without maladministration"); at the head of its own /score line it read "❔ without
    maladministration: not answered"."""
    world = await seed(tmp_settings.database, rubric_id="ombudsman-2025")
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(611, "Jane", language_code="en-US")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/score")
        score = await officer.wait_text("Provisional score")
        assert "\n❔ Without maladministration: not answered — " in score.text, score.text
        assert "without maladministration:" not in score.text
    assert api_errors(fake_api) == []
