"""The citizens' survey through the fake Bot API: officers get the link, QR and poster;
30 strangers answer; duplicates, the unit's own officer and half-finished responses are not
counted; a half-finished one resumes; nothing in the survey tables names a Telegram user."""

from __future__ import annotations

import asyncio
import io
import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot import texts
from bot.services import services_of
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import NOW, api_errors, fixed_clock, join, seed
from tests.survey_helpers import answer_all

UNITS = (
    ("Kota Metro", "Dinas Sosial", ()),
    ("Kota Metro", "Puskesmas Yosodadi", ()),
    ("Lampung Utara", "Dukcapil Lampung Utara", ()),
)
BASE = 7_310_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SURVEY_TABLES = ("survey_responses", "survey_voters", "survey_drafts", "survey_codes")


async def officer_survey(server: FakeBotAPI, officer: SimUser) -> tuple[str, list[MessageView]]:
    """/survei: (the survey code, [text, QR photo, poster document])."""
    await officer.send("/survei")
    text = await officer.wait_text("https://t.me/")
    photo = await officer.wait_for(lambda m: bool(m.media) and m.media[0].kind == "photo")
    poster = await officer.wait_for(lambda m: bool(m.media) and m.media[0].kind == "document")
    link = next(w for w in text.text.split() if w.startswith("https://t.me/"))
    assert link.startswith(f"https://t.me/{server.bot_username}?start=s-")
    return link.split("start=s-", 1)[1], [text, photo, poster]


def label(question: MessageView, option: int) -> str:
    """The label of option `option` (1-based; 0 = Lewati/Skip) on a survey question."""
    for row in question.buttons:
        for b in row:
            if b.data and b.data.startswith("v1:sv:") and b.data.endswith(f":{option}"):
                return b.text
    raise LookupError(f"no option {option} on {question.text[:80]!r}")


def new_message(m: MessageView) -> bool:
    return m.kind == "message"


def step_of(question: MessageView) -> int:
    return int(question.text.split("/", 1)[0])


async def answer_question(user: SimUser, question: MessageView, option: int) -> MessageView:
    await user.press(question, label(question, option))
    return await user.wait_for(lambda m: m.message_id == question.message_id or m.kind == "message")


def plan(good: bool) -> dict[int, int]:
    """Option per question number (1..22): a "good" respondent answers the best option on
    all nine SKM elements; the others the second option (value 3) except U4, the worst
    (value 1). Maladministration: good ones report none, the others a slow service (waktu)
    and an asked-for payment (imbalan). Trust: best / third option. Profile: skipped by the
    others."""
    chosen = {n: (1 if good else 2) for n in range(1, 10)}
    if not good:
        chosen[4] = 4
    chosen.update({n: 1 for n in range(10, 17)})
    if not good:
        chosen[10] = 2  # waktu
        chosen[15] = 2  # imbalan
    chosen[17] = 1 if good else 3
    chosen.update({n: (2 if good else 0) for n in range(18, 22)})
    return chosen


async def respond(
    user: SimUser, code: str, *, good: bool, suggestion: str | None = None, stop_after: int = 99
) -> MessageView:
    """Answer the whole survey (or stop after `stop_after` questions); the last message."""
    await user.send(f"/start s-{code}")
    shown = await user.wait_for(new_message)  # (an earlier question may lose its buttons)
    chosen = plan(good)
    while shown.text[:1].isdigit():
        n = step_of(shown)
        if n > stop_after:
            return shown
        if n == 22:
            if suggestion is None:
                return await answer_question(user, shown, 0)
            await user.send(suggestion)
            return await user.wait_text(texts.plain("survey.thanks", "id")[:20])
        shown = await answer_question(user, shown, chosen[n])
    return shown


def survey_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(database)
    try:
        return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in SURVEY_TABLES}
    finally:
        conn.close()


async def test_the_kit_of_a_unit_named_with_html_characters(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Captions are escaped like every text: a unit named with `<` and `&` gets its QR code
    and poster (Telegram refused the captions, and the officer got neither)."""
    name = "Dinas <b>Sosial</b> & Co"
    world = await seed(tmp_settings.database, units=(("Kota Metro", name, ()),))
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(505, "Petugas")
        await join(officer, world.codes[name])
        _, (text, photo, poster) = await officer_survey(fake_api, officer)
        assert name in text.text
        assert photo.caption == texts.plain("survey.qr.caption", "id", unit=name)
        assert poster.caption == texts.plain("survey.poster.caption", "id", unit=name)
    assert api_errors(fake_api) == []


async def test_thirty_respondents_give_the_hand_computed_ikm(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, tmp_path: Path
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        unit_id = world.units["Dinas Sosial"]
        officer = fake_api.user(500, "Petugas")
        await join(officer, world.codes["Dinas Sosial"])
        code, (text, photo, poster) = await officer_survey(fake_api, officer)
        assert await store.survey_unit(code) is not None
        assert len(f"s-{code}") <= 64 and len(code) >= 22
        assert "Dinas Sosial" in text.text and "Belum ada jawaban" in text.text
        assert photo.media[0].data and photo.media[0].data.startswith(PNG_MAGIC)
        pdf = poster.media[0].data or b""
        assert pdf.startswith(b"%PDF") and poster.media[0].file_name == "poster-survei.pdf"
        (tmp_path / "poster.pdf").write_bytes(pdf)

        # 20 answer the best everywhere, 10 the second option with the worst fee; 5 of
        # them write a suggestion (one with markup, which must come back escaped).
        # Ten-digit ids, as Telegram's are, so the anonymity check below can't mistake a year.
        people = [fake_api.user(BASE + i, f"Warga {i}", language_code=None) for i in range(30)]
        notes = {BASE + 20: "Antrean <b>panjang</b> & lama", BASE + 21: "Ruang tunggu panas"}
        for batch in (people[:15], people[15:]):
            done = await asyncio.gather(
                *(
                    respond(p, code, good=p.id < BASE + 20, suggestion=notes.get(p.id))
                    for p in batch
                )
            )
            assert all("Terima kasih" in m.text for m in done), [m.text for m in done]

        # By hand: 20 × 4 + 10 × 3 = 110 on eight elements, 20 × 4 + 10 × 1 = 90 on U4;
        # 970 points over 30 respondents and 9 elements: IKM = 25 × 970 / 270 = 89.81 (A).
        results = await services_of(app).survey.results(unit_id)
        data = results.to_json()
        assert data["responses"] == 30
        assert data["ikm"] == 89.81 and data["category"] == "A"
        assert data["elements"] == {**{f"U{i}": 3.67 for i in range(1, 10)}, "U4": 3.0}
        mal = data["maladministration"]
        assert mal["waktu"] == mal["imbalan"] == round(10 / 30, 4) and mal["biaya"] == 0.0
        assert data["trust"] == {"mean": round((20 * 4 + 10 * 2) / 30, 2), "share_high": 0.6667}

        # A second response in the same period is thanked and not counted.
        again = people[0]
        await again.send(f"/start s-{code}")
        # ... saying the semester in words a citizen reads ("2026-S1" is the software's).
        assert results.period == "2026-S1"
        assert (await again.wait_for()).text == texts.plain(
            "survey.already", "id", unit="Dinas Sosial", period="Januari–Juni 2026"
        )
        # The unit's own officer and its region's coordinator are told kindly, not counted.
        await officer.send(f"/start s-{code}")
        member = (await officer.wait_for()).text
        assert "tidak dihitung" in member and "Dinas Sosial" in member
        coordinator = fake_api.user(501, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send(f"/start s-{code}")
        assert "tidak dihitung" in (await coordinator.wait_for()).text
        # The coordinator sees each unit that runs the survey in /ringkasan.
        await coordinator.send("/ringkasan")
        region = await coordinator.wait_text("Survei warga")
        assert f"Survei warga ({results.period})\nDinas Sosial: IKM 89,81 (A) · 30 jawaban" in (
            region.text
        )
        assert "Puskesmas Yosodadi: IKM" not in region.text  # it has no survey yet
        # ... and in the workbook, on its own sheet (aggregates only).
        await coordinator.send("/unduh")
        book = await coordinator.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").endswith(".xlsx"), timeout=30
        )
        sheet = openpyxl.load_workbook(io.BytesIO(book.media[0].data or b""))["Survei warga"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0][:7] == [
            "Wilayah",
            "Unit",
            "Periode",
            "Jawaban",
            "Minimal",
            "IKM",
            "Kategori",
        ]
        assert rows[1][:7] == ["Kota Metro", "Dinas Sosial", results.period, 30, 30, 89.81, "A"]
        assert rows[1][7:16] == [3.67, 3.67, 3.67, 3.0, 3.67, 3.67, 3.67, 3.67, 3.67]
        assert len(rows) == 2
        # An officer of another unit is a citizen here.
        other = fake_api.user(BASE + 99, "Petugas lain")
        await join(other, world.codes["Dukcapil Lampung Utara"])
        stopped = await respond(other, code, good=True, stop_after=5)
        assert stopped.text.startswith("6/22 · ")
        assert (await services_of(app).survey.results(unit_id)).responses == 30

        # Officers see the results: IKM, per element, maladministration, trust, profile
        # (≥5 responses) and the suggestions, escaped, without any identity.
        await officer.send("/survei")
        shown = await officer.wait_text("IKM")
        assert "IKM: 89,81 — A (Sangat Baik)" in shown.text
        assert "U4 Biaya/tarif: 3,00 (C)" in shown.text
        assert "Diminta imbalan: 33%" in shown.text
        assert "Antrean <b>panjang</b> & lama" in shown.text  # shown as text, not markup
        assert not any(e.get("type") == "bold" and e["length"] == 7 for e in shown.entities)
        assert "Warga" not in shown.text and str(BASE)[:6] not in shown.text
        assert "Laki-laki" in shown.text or "Perempuan" in shown.text

        assert "/survei 1200" in shown.text
        # ... and, with responses, the one-page result sheet to publish.
        sheet = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").startswith("hasil-survei")
        )
        (tmp_path / "sheet.pdf").write_bytes(sheet.media[0].data or b"")
        assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
        # The unit's monthly users set the minimum (Krejcie–Morgan).
        await officer.send("/survei 1.200")
        assert (await officer.wait_text("Tersimpan")).text.endswith(": 291.")
        # A year is taken as users too, and the reply says how to ask for a year's results.
        await officer.send("/survei 2026")
        told = await officer.wait_text("Tersimpan")
        assert "/survei 2026-S1" in told.text and "/survei 2026-S2" in told.text
        assert "/survei 1200 mengembalikan yang sebelumnya" in told.text  # the number replaced
        await officer.send("/survei 1.200")
        told = await officer.wait_text("Tersimpan")
        assert told.text.endswith(": 291.") and "-S1" not in told.text
        await officer.send("/survei banyak")
        assert "sebagai angka" in (await officer.wait_for(lambda m: m.kind == "message")).text
        await officer.send("/survei ²")  # a digit to str.isdigit, not to int(): a clear reply
        assert "sebagai angka" in (await officer.wait_for(lambda m: m.kind == "message")).text

        # The half-finished response resumes where it stopped, and then counts.
        await other.send(f"/start s-{code}")
        resumed = await other.wait_for(new_message)
        assert resumed.text.startswith("6/22 · ") and "Melanjutkan" in resumed.text
        assert "Terima kasih" in (await respond(other, code, good=True)).text
        assert (await services_of(app).survey.results(unit_id)).responses == 31
        assert api_errors(fake_api) == []

    # Anonymity: no survey table holds a Telegram id, and the voter table has no time.
    rows = survey_rows(tmp_settings.database)
    ids = {str(p.id) for p in people} | {str(BASE + 99), "500", "501"}
    for table, content in rows.items():
        for row in content:
            for value in row:
                assert not any(i in str(value) for i in ids if len(i) == 10), (table, row)
                assert str(value) not in ids, (table, row)
    assert len(rows["survey_responses"]) == 31 and len(rows["survey_voters"]) == 31
    assert rows["survey_drafts"] == []
    conn = sqlite3.connect(tmp_settings.database)
    try:
        voter_columns = [r[1] for r in conn.execute("PRAGMA table_info(survey_voters)")]
        response_columns = [r[1] for r in conn.execute("PRAGMA table_info(survey_responses)")]
    finally:
        conn.close()
    assert voter_columns == ["unit_id", "period", "voter"]
    assert "telegram_id" not in response_columns

    # The poster is a real one-page A4 PDF that renders.
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    await asyncio.to_thread(
        subprocess.run,
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "poster.pdf"), str(tmp_path / "page")],
        check=True,
    )
    page = tmp_path / "page-1.png"
    assert page.read_bytes().startswith(PNG_MAGIC)
    assert not (tmp_path / "page-2.png").exists()
    await asyncio.to_thread(
        subprocess.run,
        ["pdftotext", str(tmp_path / "sheet.pdf"), str(tmp_path / "sheet.txt")],
        check=True,
    )
    sheet_text = (tmp_path / "sheet.txt").read_text(encoding="utf-8")
    assert "89,81" in sheet_text and "Sangat Baik" in sheet_text and "Dinas Sosial" in sheet_text
    assert "Antrean" not in sheet_text  # aggregates only: no suggestion on a public sheet


async def test_stale_forged_and_english_presses(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        code = await store.survey_code(world.units["Puskesmas Yosodadi"])
        visitor = fake_api.user(3000, "Visitor", language_code="en")
        await visitor.send(f"/start s-{code}")
        first = await visitor.wait_for()
        assert first.text.startswith("1/22 · Satisfaction")
        assert "Anonymous" in first.text
        assert first.button_texts == ["Very well", "Well", "Not quite", "Not at all"]
        old_data = first.button("Very well").data or ""
        second = await answer_question(visitor, first, 1)
        assert second.text.startswith("2/22 · ")

        # The first question's button again (stale): refused, nothing moves.
        press = await visitor.press_data(first.message_id, old_data)
        assert (await visitor.wait_answer(press)).text == texts.plain("survey.stale", "en")
        # Forged: another draft's token; an option the question does not have; garbage.
        token = old_data.split(":")[2]
        for data, key in (
            ("v1:sv:AAAAAAAA:1:1", "survey.stale"),
            (f"v1:sv:{token}:1:7", "survey.invalid"),
            (f"v1:sv:{token}:1:0", "survey.invalid"),  # Lewati on a required question
            ("v1:sv:x:99999999999999999999:1", "survey.invalid"),
            ("v1:sv:" + "A" * 60, "cb.invalid"),
        ):
            press = await visitor.press_data(first.message_id, data)
            expected = texts.plain(key, "en")
            assert (await visitor.wait_answer(press)).text == expected, data
        # Telegram delivering the first real press again (after a crash) changes nothing.
        fake_api.redeliver(visitor.presses[0].update_id)
        await fake_api.wait_idle()
        draft = await store.survey_draft(await services_of(app).survey.respondent(3000))
        assert draft is not None and draft.step == 1 and draft.answers == {"U1": 1}

        # Someone else pressing the visitor's current button changes nothing either.
        intruder = fake_api.user(3001, "Intruder", language_code="en")
        await intruder.send("/start")
        await intruder.wait_for()
        press = await intruder.press_data(1, second.button("Easy").data or "")
        assert (await intruder.wait_answer(press)).text == texts.plain("survey.gone", "en")
        assert (await store.survey_draft(draft.respondent)) == draft

        # An unknown code is said plainly; a stranger's /start without one is unchanged.
        await intruder.send("/start s-" + "x" * 22)
        assert (await intruder.wait_for()).text == texts.plain("survey.unknown_code", "en")
        # Only `s-` + 22 characters is a survey link: an invite code that happens to start
        # with "s-" (32 characters) is still an invite code.
        await intruder.send("/start s-" + "x" * 30)
        assert (await intruder.wait_for()).text == texts.plain("join.error.unknown", "en")
        # A survey link cut short, or one letter too many, or "S-": a survey link, unknown
        # (it was answered as an unknown invite code).
        for cut in ("s-short", "S-" + "x" * 22, "s-" + "x" * 23):
            await intruder.send(f"/start {cut}")
            assert (await intruder.wait_for()).text == texts.plain("survey.unknown_code", "en")
        # The redelivered press's query was answered the first time; Telegram refuses a
        # second answer, and the bot logs that and goes on.
        assert api_errors(fake_api) == [
            (
                "answerCallbackQuery",
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        ]


async def test_rate_limit_and_suggestion_limits(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        services = services_of(app)
        services.survey.rate.events = 5
        code = await services.store.survey_code(world.units["Dinas Sosial"])
        user = fake_api.user(4000, "Cepat")
        for _ in range(5):
            await user.send(f"/start s-{code}")
            assert (await user.wait_for(new_message)).text.startswith("1/22")
        await user.send(f"/start s-{code}")
        assert (await user.wait_for(new_message)).text == texts.plain("survey.rate", "id")
        await user.wait_idle()  # each question shown again took the buttons off the one before
        assert [bool(m.buttons) for m in user.messages] == [False] * 4 + [True, False]

        services.survey.rate.events = 1000
        shown = await respond(user, code, good=True, stop_after=21)
        assert shown.text.startswith("22/22 · Saran")
        await user.send("x" * 1001)
        assert "terlalu panjang (paling banyak 1000 karakter)" in (await user.wait_for()).text
        # Text that is not a suggestion (no survey waiting) still reaches the usual handlers.
        other = fake_api.user(4001, "Lain")
        await other.send("halo")
        assert "Terima kasih" not in (await other.wait_for()).text
        await user.send("Tambah kursi")
        thanks = await user.wait_for(lambda m: m.kind == "message")
        assert thanks.text == texts.plain("survey.thanks", "id")
        # The suggestion question lost its Lewati button: it can't be pressed after the fact.
        assert user.chat.messages[shown.message_id].reply_markup in (None, {})
        assert (await services.survey.results(world.units["Dinas Sosial"])).responses == 1


async def test_the_results_name_the_maladministration_as_the_question_asks_it(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The survey asks about "permintaan imbalan" (Inperma's asking for a reward, domain
    §8.1) as "money, goods or another favour"; the English results called it "Asked for a
    favour", which reads as harmless. They now say what was asked."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        services = services_of(app)
        unit = world.units["Dinas Sosial"]
        code = await services.store.survey_code(unit)
        for i in range(5):
            await answer_all(services.survey, BASE + 500 + i, code, {"imbalan": 2 if i else 1})
        officer = fake_api.user(BASE + 600, "Officer", language_code="en")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/survey")
        shown = await officer.wait_text("IKM")
        assert "Asked for payment or a favour: 80%" in shown.text, shown.text
    assert api_errors(fake_api) == []


async def test_an_english_officers_poster_file_is_named_in_english(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The poster reached an English officer as "poster-survei.pdf"."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(506, "Jane", language_code="en-US")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/survey")
        poster = await officer.wait_for(lambda m: bool(m.media) and m.media[0].kind == "document")
        assert poster.media[0].file_name == "survey-poster.pdf"
    assert api_errors(fake_api) == []


async def test_a_question_left_a_day_says_the_survey_is_gone_and_how_to_start_again(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A citizen who comes back the next day and presses the question still on screen: the
    response was forgotten, so "this question has passed, answer the latest one below"
    pointed at nothing and the buttons stayed, dead. Now the question loses its buttons and
    a message says the survey is no longer open and how to start again; a second fast tap
    on the last question (already thanked) gets only the toast, never that message."""
    world = await seed(tmp_settings.database, units=UNITS)
    now = [NOW]
    async with running_bot(tmp_settings, clock=lambda: now[0]) as app:
        code = await services_of(app).store.survey_code(world.units["Dinas Sosial"])
        citizen = fake_api.user(BASE + 1, "Warga", language_code="en")
        stopped = await respond(citizen, code, good=True, stop_after=3)
        assert stopped.text.startswith("4/22 · ") and stopped.buttons
        now[0] = NOW + timedelta(hours=25)
        press = await citizen.press(stopped, label(stopped, 1))
        assert (await citizen.wait_answer(press)).text == texts.plain("survey.gone", "en")
        told = await citizen.wait_for(new_message)
        assert told.text == texts.plain("survey.gone.message", "en")
        assert citizen.message(stopped.message_id).buttons == []
        # The link starts it again from the first question.
        await citizen.send(f"/start s-{code}")
        assert (await citizen.wait_for(new_message)).text.startswith("1/22 · ")

        # Indonesian, and a second tap on the last question once it is answered.
        other = fake_api.user(BASE + 2, "Warga 2", language_code=None)
        last = await respond(other, code, good=True, stop_after=21)
        assert last.text.startswith("22/22 · ")
        skip = last.button(texts.plain("survey.skip", "id")).data or ""
        await answer_question(other, last, 0)
        assert other.message(last.message_id).text == texts.plain("survey.thanks", "id")
        press = await other.press_data(last.message_id, skip)
        assert (await other.wait_answer(press)).text == texts.plain("survey.gone", "id")
        await other.wait_idle()
        assert other.last_message is not None
        assert other.last_message.text == texts.plain("survey.thanks", "id")
    assert api_errors(fake_api) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_officers_results_say_when_not_every_suggestion_is_listed(lang: str) -> None:
    """25 suggestions were headed "Saran (25)" over a list of 20: the officer took it for
    all of them. The head says how many are shown; with 20 or fewer, the plain head."""
    from bot.store import SurveyResponse, Unit
    from bot.survey.questions import QUESTIONS
    from bot.survey.service import results_of
    from conversations.survey import results_text

    unit = Unit(1, 1, "Dinas Sosial", "Kota Metro", "Asia/Jakarta")
    best = {q.id: 1 for q in QUESTIONS if q.options}

    def shown(n: int) -> str:
        rows = [SurveyResponse("2026-S1", "2026-03-02", best, f"saran {i}") for i in range(n)]
        return results_text(results_of(unit, "2026-S1", rows), lang)

    many = shown(25)
    assert texts.render("survey.results.suggestions_some", lang, n=25, shown=20) in many
    assert "saran 5\n" in many and "saran 4\n" not in many and many.endswith("saran 24")
    assert texts.render("survey.results.suggestions_head", lang, n=20) in shown(20)


async def test_an_english_speaking_officer_prints_the_indonesian_poster_and_sheet(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, tmp_path: Path
) -> None:
    """An officer whose phone is in English got an English poster and result sheet to pin
    up for Indonesian citizens at the counter. What the public reads is in Indonesian; the
    officer's chat (captions, results) stays in English."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(505, "Officer", language_code="en")
        await join(officer, world.codes["Dinas Sosial"])
        code = await services_of(app).store.survey_code(world.units["Dinas Sosial"])
        await answer_all(services_of(app).survey, BASE + 1, code)
        _, (text, _photo, poster) = await officer_survey(fake_api, officer)
        assert "Survey link" in text.text
        assert poster.caption == texts.plain("survey.poster.caption", "en", unit="Dinas Sosial")
        # Printed in Indonesian, named for the officer who saves it (in English).
        sheet = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").startswith("survey-results")
        )

    def read(pdf: bytes, name: str) -> str:
        (tmp_path / name).write_bytes(pdf)
        subprocess.run(["pdftotext", str(tmp_path / name)], check=True)
        return " ".join((tmp_path / name).with_suffix(".txt").read_text("utf-8").split())

    printed = read(poster.media[0].data or b"", "poster.pdf")
    assert texts.plain("survey.poster.heading", "id") in printed
    assert texts.plain("survey.poster.heading", "en") not in printed
    published = read(sheet.media[0].data or b"", "sheet.pdf")
    assert texts.plain("survey.sheet.heading", "id") in published
    assert "Sangat Baik" in published


async def test_one_citizens_report_cannot_be_read_off_the_units_results(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, tmp_path: Path
) -> None:
    """An officer who watched one citizen scan at the counter read that citizen's answers
    off /survei and the result sheet: "Diminta imbalan: 100%". The maladministration shares
    and trust show only from SHOW_DETAILS_FROM (5) responses; the IKM still shows."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        services = services_of(app)
        code = await services.store.survey_code(world.units["Dinas Sosial"])
        await answer_all(services.survey, BASE + 700, code, {"imbalan": 2})
        officer = fake_api.user(BASE + 800, "Officer")
        await join(officer, world.codes["Dinas Sosial"])
        await officer.send("/survei")
        shown = await officer.wait_text("IKM")
        assert "Diminta imbalan" not in shown.text and "Kepercayaan" not in shown.text
        assert "Laporan maladministrasi dan kepercayaan tampil setelah ada minimal 5" in shown.text
        sheet = await officer.wait_for(
            lambda m: bool(m.media) and (m.media[0].file_name or "").startswith("hasil-survei")
        )
        (tmp_path / "sheet.pdf").write_bytes(sheet.media[0].data or b"")
        pdftotext = ["pdftotext", str(tmp_path / "sheet.pdf")]
        await asyncio.to_thread(subprocess.run, pdftotext, check=True)
        printed = " ".join((tmp_path / "sheet.txt").read_text("utf-8").split())
        assert "Diminta imbalan" not in printed and "IKM" in printed
        assert texts.plain("survey.sheet.reports_later", "id", n=5) in printed

        for i in range(4):
            await answer_all(services.survey, BASE + 701 + i, code)
        await officer.wait_idle()
        await officer.send("/survei")
        shown = await officer.wait_text("Diminta imbalan")
        assert "Diminta imbalan: 20%" in shown.text
    assert api_errors(fake_api) == []


async def test_a_suggestion_whose_thanks_fails_to_send_goes_no_further(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The suggestion is kept even when its thanks cannot be sent; the text then went on to
    the usual handlers too, which told the citizen the bot is only for invited officers (and
    would have taken it as the answer to an officer's own pending prompt)."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        services = services_of(app)
        code = await services.store.survey_code(world.units["Dinas Sosial"])
        citizen = fake_api.user(4100, "Warga")
        shown = await respond(citizen, code, good=True, stop_after=21)
        assert shown.text.startswith("22/22 · Saran")
        await citizen.wait_idle()
        before = len(citizen.messages)
        fake_api.fail_next("sendMessage", 400, description="Bad Request: injected")
        await citizen.send("Tambah kursi")
        await citizen.wait_idle(quiet=0.5)
        assert [m.text[:40] for m in citizen.messages[before:]] == []
        assert (await services.survey.results(world.units["Dinas Sosial"])).responses == 1
