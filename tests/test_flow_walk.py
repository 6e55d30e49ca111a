"""Journeys: join with a deep link, walk the whole checklist, see the score and the gaps."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import rubric
from bot import texts
from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import (
    CLOSES,
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


async def test_join_walk_best_options_reaches_top_category(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(501, "Sari")
        welcome = await join(officer, world.codes["Dinas Sosial"])
        assert "Dinas Sosial" in welcome.text and "/periksa" in welcome.text

        await officer.send("/periksa")
        ask = await officer.wait_for()
        assert "produk" in ask.text.lower()
        await officer.send("KTP-el")
        added = await officer.wait_for()
        assert "KTP-el" in added.text
        await officer.press(added, "▶ Mulai pemeriksaan")
        first = await officer.wait_for()
        assert position(first) == (1, 50)
        first_item = rubric.load_builtin("ombudsman-2024").items[0]
        assert first.buttons[0][0].text == first_item.options[0].label.id
        assert first_item.question.id in first.text
        assert [b.text for b in first.buttons[-1]] == ["⬅ Kembali", "Lewati ➡", "Daftar"]

        end = await walk(officer, first, lambda q: q.buttons[0][0].text)
        assert "Semua butir sudah dijawab" in end.text
        # The rubric's source markers ("(S21)") are for reviewers, never shown to officers.
        shown = [e.text for e in officer.events if e.text]
        assert len(shown) > 50 and not any(re.search(r"\(S\d", text) for text in shown)
        assert "Total: 100.00 poin" in end.text
        assert "Kategori: A" in end.text
        assert end.button_texts == ["Lihat kekurangan", "Daftar"]

        store = services_of(app).store
        person = await store.person(501)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        answers = await store.answer_set(selfcheck)
        assert len(answers.answers) == 50
        the_rubric = store.rubric("ombudsman-2024")
        assert all(
            answers.answers[key] == the_rubric.item(key.partition("@")[0]).options[0].id
            for key in answers.answers
        )
        assert rubric.score(the_rubric, answers).category.code == "A"

        await officer.send("/skor")
        report = await officer.wait_for()
        assert report.text.splitlines()[0] == "Total: 100.00 poin"
        assert "Kategori: A" in report.text
        assert "Kelengkapan: 50/50 butir (100%)" in report.text
        # Everything is answered at full value, but nothing has evidence: all at risk.
        gaps = await press(officer, end, "Lihat kekurangan")
        assert gaps.message_id == end.message_id
        at_risk = sum(1 for i in the_rubric.items if i.evidence_required)  # one product
        assert f"({at_risk} butir)" in gaps.text.splitlines()[0]
        assert "berisiko: bukti belum ada" in gaps.text
        assert "sudah di kategori tertinggi" in gaps.text
    assert api_errors(fake_api) == []
    assert not is_question(report)


async def test_pekppp_shows_the_index_and_no_zone(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, rubric_id="pekppp-2024")
    the_rubric = rubric.load_builtin("pekppp-2024")
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(502, "Indah")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        assert position(first) == (1, len(the_rubric.items))
        end = await walk(officer, first, lambda q: option_labels(q)[0])
        lines = end.text.splitlines()
        assert lines[2:4] == [
            "Total: 100.00 poin (indeks 5.00)",
            f"Kategori: {the_rubric.categories[0].code} — {the_rubric.categories[0].label.id}",
        ]
        assert "Zona" not in end.text
        await officer.send("/kekurangan")
        gaps = await officer.wait_for()
        assert "sudah di kategori tertinggi" in gaps.text
    assert api_errors(fake_api) == []


async def test_a_closed_cycle_shows_answers_but_takes_none(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database)
    now = [NOW]
    async with running_bot(tmp_settings, clock=lambda: now[0]) as app:
        officer = fake_api.user(503, "Telat")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/produk")
        await officer.press(await officer.wait_for(), "➕ Tambah produk")
        await officer.wait_for()
        await officer.send("KTP-el")
        await officer.wait_for()
        await officer.send("/periksa")
        question = await officer.wait_for()
        assert is_question(question)
        # 60 days after the window closes, answers stop.
        now[0] = datetime.combine(CLOSES + timedelta(days=61), time(1), tzinfo=UTC)
        pressed = await officer.press(question, option_labels(question)[0])
        assert (await officer.wait_answer(pressed)).text == texts.plain("cb.closed", "id")
        _, _, selfcheck = await officer_state(app, 503)
        assert not selfcheck.accepting
        assert await services_of(app).store.answer_states(selfcheck) == {}
        await officer.send("/periksa")
        closed = (await officer.wait_for()).text
        assert "sudah ditutup" in closed
        year, checked = selfcheck.cycle.year, services_of(app).store.rubric(selfcheck.rubric_id)
        assert f"Siklus penilaian {checked.cycle_name(year, 'id')} sudah ditutup" in closed
        assert f"({year})" not in closed  # not the instrument's title and then the year
        await officer.send("/skor")
        assert (await officer.wait_for()).text.startswith("Total: 0.00 poin")
    assert api_errors(fake_api) == []
