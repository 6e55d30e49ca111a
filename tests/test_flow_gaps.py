"""Journeys: a walk with gaps gives ranked gaps and the path; gap buttons; history is kept."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import openpyxl

import rubric
from bot.reports.unit_pages import unit_page_lines
from bot.reports.workbook import build_workbook, workbook_for
from bot.store import KeyWrite, ScoreReport
from conversations.results import path_text
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    NOW,
    api_errors,
    fixed_clock,
    is_question,
    join,
    officer_state,
    open_check,
    option_labels,
    position,
    press,
    seed,
    walk,
)
from tests.store_fixtures import Clock

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el", "Akta Kelahiran")),)


async def test_walk_with_gaps_ranks_them_and_shows_the_path(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(601, "Budi")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        assert position(first) == (1, 55)

        def choose(question: Any) -> str:
            n, _ = position(question)
            # Every third item gets the second-best option, every fifth the worst.
            options = option_labels(question)
            if n % 5 == 0:
                return options[-1]
            if n % 3 == 0:
                return options[1]
            return options[0]

        end = await walk(officer, first, choose)
        assert "Semua butir sudah dijawab" in end.text

        store, _, selfcheck = await officer_state(app, 601)
        answers = await store.answer_set(selfcheck)
        the_rubric = store.rubric("ombudsman-2024")
        expected_gaps = rubric.gaps(the_rubric, answers)
        expected_next = rubric.next_category(the_rubric, answers)
        expected_score = rubric.score(the_rubric, answers)
        assert expected_gaps and expected_next is not None

        assert f"Total: {expected_score.total:.2f} poin" in end.text
        assert f"Kategori: {expected_score.category.code}" in end.text

        await officer.send("/kekurangan")
        gaps = await officer.wait_for()
        lines = gaps.text.splitlines()
        assert lines[0].startswith(f"Kekurangan — Dinas Sosial ({len(expected_gaps)} butir)")
        top = expected_gaps[0]
        top_item = the_rubric.item(top.item_id)
        assert top_item is not None
        assert lines[2].startswith("1. ")
        assert f"+{top.points:.2f}" in lines[2]
        # Ranked: the points on the page never rise.
        shown_points = [
            float(line.rsplit("+", 1)[1].split(" ")[0])
            for line in lines
            if line[:1].isdigit() and "+" in line
        ]
        assert shown_points == sorted(shown_points, reverse=True)
        assert len(shown_points) == min(8, len(expected_gaps))
        if expected_next.reachable:
            assert f"Ke kategori {expected_next.code}" in gaps.text
            assert f"jawab penuh {len(expected_next.keys)} butir" in gaps.text
            after = expected_next.total_after or 0.0
            assert f"→ {after:.2f} poin" in gaps.text  # spelled as /skor spells a score
        else:
            assert f"Kategori {expected_next.code} tidak terjangkau" in gaps.text

        # The first gap's button opens that item; answering it fully keeps the history.
        opened = await press(officer, gaps, gaps.buttons[0][0].text)
        assert is_question(opened)
        checklist = await store.checklist(selfcheck)
        assert position(opened)[0] == checklist.index(top.key) + 1
        assert top_item.question.id in opened.text
        best = top_item.options[0].label.id
        await press(officer, opened, best)
        history = await store.answer_history(selfcheck, top.key)
        assert [row.option_id for row in history][-1] == top_item.options[0].id
        assert len(history) == 2

        # Paging through the gaps edits the message in place.
        if len(expected_gaps) > 8:
            await officer.send("/kekurangan")
            page1 = await officer.wait_for()
            page2 = await press(officer, page1, "▶")
            assert page2.message_id == page1.message_id
            assert "halaman 2/" in page2.text.splitlines()[0]
            assert page2.text.splitlines()[2].startswith("9. ")
    assert api_errors(fake_api) == []


def test_the_path_to_the_next_category_is_spelled_as_a_score() -> None:
    """PEKPPP's path names points and the index, as /skor does ("→ 24.50 poin (indeks
    1.23)"), not the index alone labelled as a total ("→ total 1.23")."""
    the_rubric = rubric.load_builtin("pekppp-2025")
    answers = rubric.AnswerSet(answers={}, products=[], evidence=set())
    nxt = rubric.next_category(the_rubric, answers)
    assert nxt is not None and nxt.reachable and nxt.total_after is not None
    report = ScoreReport(
        rubric.score(the_rubric, answers), rubric.gaps(the_rubric, answers), nxt, the_rubric
    )
    text = path_text(report, "id")
    index = the_rubric.to_display(nxt.total_after)
    assert f"→ {nxt.total_after:.2f} poin (indeks {index:.2f})" in text
    assert "total" not in text.split("\n", 1)[0]


async def test_points_are_rounded_half_up_everywhere_as_the_total_is(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A unit whose 5.385 points all sit in Pengaduan: /skor said "Total: 5.39 poin" and, two
    lines below, "Pengaduan: 5.38 / 21.54" (the float formatted, not rounded half up); the
    coordinator's workbook and the unit page said 5.38 too."""
    world = await seed(tmp_settings.database)
    chosen = {
        "pengaduan-sarana": "sebagian",
        "pengaduan-sop": "tidak",
        "pengaduan-nomor-resmi": "tidak-aktif",
        "pengaduan-lapor": "ya",
        "pengaduan-tepat-waktu": "sebagian",
        "pengaduan-pembinaan": "tidak",
    }
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(801, "Sari")
        await join(officer, world.codes["Dinas Sosial"])
        store, person, selfcheck = await officer_state(app, 801)
        for key, option in chosen.items():
            await store.record_answer(KeyWrite(person, selfcheck.id, key), option)
        exact = rubric.score(store.rubric("ombudsman-2024"), rubric.AnswerSet(answers=chosen))
        assert f"{exact.total_exact:.2f}" == "5.38" and exact.total == 5.39  # the trap
        await officer.send("/skor")
        report = await officer.wait_for()
        assert "Total: 5.39 poin" in report.text
        assert "Pengaduan (pengelolaan pengaduan): 5.39 / 21.54" in report.text
        assert "5.38" not in report.text

        region_id = (await store.resolve_region("Kota Metro")).id
        summary, data = await workbook_for(store, region_id, NOW)
        book = openpyxl.load_workbook(io.BytesIO(build_workbook(data)))
        cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert 5.39 in cells and 5.38 not in cells
        page = unit_page_lines(summary, summary.units[0], "id")
        assert any("5.39 / 21.54" in text for _, text in page)
        assert not any("5.38" in text for _, text in page)


async def test_completion_percent_is_counted_not_floored_from_a_float(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """29 of 50 items is 58 %: /skor said 57 % (the float 0.58 × 100 is 57.99…, floored) while
    /ringkasan said 58 %."""
    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ("KTP-el",)),),
        coordinators=("Kota Metro",),
    )
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(811, "Sari")
        await join(officer, world.codes["Dinas Sosial"])
        store, person, selfcheck = await officer_state(app, 811)
        keys = await store.checklist(selfcheck)
        the_rubric = store.rubric(selfcheck.rubric_id)
        n = next(n for n in range(len(keys)) if (n / len(keys)) * 100 < 100 * n // len(keys))
        assert (n, len(keys)) == (29, 50)  # the unit this seed makes
        for key in keys[:n]:
            item = the_rubric.item(key.split("@")[0])
            assert item is not None
            await store.record_answer(KeyWrite(person, selfcheck.id, key), item.options[0].id)
        await officer.send("/skor")
        report = await officer.wait_for()
        assert "Kelengkapan: 29/50 butir (58%)" in report.text

        coordinator = fake_api.user(812, "Koord")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send("/ringkasan")
        summary = await coordinator.wait_text("Ringkasan")
        assert "58% terisi" in summary.text
        region_id = (await store.resolve_region("Kota Metro")).id
        shown, _ = await workbook_for(store, region_id, NOW)
        page = unit_page_lines(shown, shown.units[0], "id")
        assert any("29/50" in text and "58" in text for _, text in page)


async def test_the_regions_average_score_is_rounded_half_up_too(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Units at 1.35 and 8.08 points average 4.715: /ringkasan said "rata-rata skor 4.71
    poin" (the float formatted), where the rule the totals follow gives 4.72."""
    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ()), ("Kota Metro", "Dukcapil", ())),
        coordinators=("Kota Metro",),
    )
    low = {
        "pengaduan-sarana": "sebagian",
        "pengaduan-sop": "tidak",
        "pengaduan-sk-petugas": "tidak",
    }
    high = {"pengaduan-sarana": "ya", "pengaduan-sop": "ya", "pengaduan-sk-petugas": "ya"}
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        for tg, unit, chosen in ((821, "Dinas Sosial", low), (822, "Dukcapil", high)):
            officer = fake_api.user(tg, f"Petugas {tg}")
            await join(officer, world.codes[unit])
            store, person, selfcheck = await officer_state(app, tg)
            for key, option in chosen.items():
                await store.record_answer(KeyWrite(person, selfcheck.id, key), option)
        coordinator = fake_api.user(823, "Koord")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send("/ringkasan")
        summary = await coordinator.wait_text("Ringkasan")
        assert "skor 1.35 poin" in summary.text and "skor 8.08 poin" in summary.text
        assert "rata-rata skor 4.72 poin" in summary.text


async def test_after_the_answering_grace_skor_and_kekurangan_say_it_is_closed(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """One second after closes + 60 days (region time) answers are refused, but /kekurangan
    still showed the way up ("Ke kategori D: jawab penuh 5 butir berikut") and /skor read as
    if answering went on."""
    world = await seed(tmp_settings.database)  # window 2026-05-01..2026-09-30, WIB
    clock = Clock(NOW)
    async with running_bot(tmp_settings, clock=clock) as app:
        officer = fake_api.user(831, "Sari")
        await join(officer, world.codes["Dinas Sosial"])
        store, person, selfcheck = await officer_state(app, 831)
        keys = await store.checklist(selfcheck)
        item = store.rubric(selfcheck.rubric_id).item(keys[0].split("@")[0])
        assert item is not None
        await store.record_answer(KeyWrite(person, selfcheck.id, keys[0]), item.options[0].id)
        clock.now = datetime(2026, 11, 29, 16, 59, 59, tzinfo=UTC)  # 23:59:59 WIB, the last
        await officer.send("/kekurangan")
        assert "Ke kategori D" in (await officer.wait_text("Kekurangan")).text
        clock.now = datetime(2026, 11, 29, 17, 0, 0, tzinfo=UTC)  # one second later
        await officer.send("/kekurangan")
        gaps = await officer.wait_text("Kekurangan")
        assert "Ke kategori" not in gaps.text
        assert "Siklus sudah ditutup; jawaban hanya bisa dilihat." in gaps.text
        await officer.send("/skor")
        report = await officer.wait_text("Total")
        assert report.text.endswith("Siklus sudah ditutup; jawaban hanya bisa dilihat.")


def test_the_survey_path_with_answers_names_them_in_both_languages() -> None:
    """ombudsman-2025 at 54.50 (officers 47.00, trust 7.50): Tinggi needs one answer and the
    survey; the path names both (the rubric's own test checks the arithmetic)."""
    the_rubric = rubric.load_builtin("ombudsman-2025")
    answers = {i.id: i.options[0].id for i in the_rubric.asked_items()}
    answers["pengaduan-tindak-lanjut-ombudsman"] = "semua"
    for item_id in ("output-ikm", "output-ipp", "output-spm", "output-data-kinerja"):
        del answers[item_id]
    del answers["pengaduan-kanal"], answers["pengaduan-sp4n-lapor"]
    given = rubric.AnswerSet(
        answers=answers,
        measures={
            "survey.maladministrasi": rubric.MeasureValue(value=0, responses=30),
            "survey.kepercayaan": rubric.MeasureValue(value=1.75, responses=30),
        },
    )
    nxt = rubric.next_category(the_rubric, given)
    report = ScoreReport(
        rubric.score(the_rubric, given), rubric.gaps(the_rubric, given), nxt, the_rubric
    )
    indonesian = path_text(report, "id")
    assert indonesian.startswith(
        "<b>Ke kategori B</b>: jawaban petugas saja tidak cukup; survei masyarakat "
        "(Survei kepercayaan masyarakat terhadap unit) harus menambah sedikitnya 19.26 poin, "
        "dan 1 butir berikut dijawab penuh:\n• "
    )
    english = path_text(report, "en")
    assert "(Public-trust survey of the unit) must add at least 19.26 points, with 1 item " in (
        english
    )
    assert english.count("\n• ") == 1
