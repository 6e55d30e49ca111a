"""The survey's suggestion on PEKPPP F-02's SKM question, through the fake Bot API: the level
the unit's own survey supports, with the facts it rests on, shown on that question (also when
it stands under an evidence request); "collect N more" below the minimum sample; the officer
confirms by pressing the level, stored as any answer; the score and /skor do not change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.services import services_of
from tests.fakebot import FakeBotAPI, MessageView, SimUser
from tests.flow_helpers import api_errors, fixed_clock, open_check, position, press, seed
from tests.survey_helpers import answer_all

UNITS = (
    ("Kota Metro", "Dinas Sosial", ()),
    ("Kota Metro", "Puskesmas Yosodadi", ()),
)
SKM = 6
"""k06-skm is the sixth question of pekppp-2025 for a face-to-face unit."""
BASE = 7_530_000_000


async def to_question(officer: SimUser, shown: MessageView, n: int, skip: str) -> MessageView:
    while position(shown)[0] < n:
        shown = await press(officer, shown, skip)
    assert position(shown)[0] == n, shown.text[:80]
    return shown


def bold(message: MessageView) -> list[str]:
    """The bold parts of a message, as Telegram's entities mark them (UTF-16 offsets)."""
    units = message.text.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.entities
        if e["type"] == "bold"
    ]


def suggestion_of(message: MessageView) -> str:
    return message.text.split("💡 ", 1)[1] if "💡 " in message.text else ""


async def test_the_skm_question_suggests_the_level_the_survey_supports(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS, rubric_id="pekppp-2025")
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        services = services_of(app)
        store = services.store
        unit = world.units["Dinas Sosial"]
        code = await store.survey_code(unit)
        for i in range(32):  # every element answered at its best: IKM 100
            await answer_all(services.survey, BASE + i, code)
        period = (await services.survey.results(unit)).period

        officer = fake_api.user(800, "Petugas")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        assert suggestion_of(first) == ""  # the other questions have none
        fifth = await to_question(officer, first, SKM - 1, "Lewati ➡")
        assert suggestion_of(fifth) == ""
        # Item 5 at its top level asks for its files, with the SKM question under the
        # request: the suggestion stands there too.
        under_request = await press(officer, fifth, "Tingkat 5")
        assert position(under_request)[0] == SKM
        assert suggestion_of(under_request) == (
            f"Saran dari survei: Tingkat 2 — SKM unit ini sesuai aturan: 9 unsur, 32 jawaban "
            f"(minimal 30), IKM 100,00 (A), periode {period}. Tingkat 3–5 juga menuntut hasil "
            "yang dipublikasikan dan ditindaklanjuti; survei tidak dapat mengetahuinya. "
            "Pastikan sendiri, lalu tekan tingkatnya. Minimal 30 dipakai karena jumlah "
            "pengguna per bulan belum diisi; isi dengan /survei 1200 (contoh) untuk sampel "
            "menurut tabel Krejcie–Morgan."
        )
        assert "Saran dari survei: Tingkat 2" in bold(under_request)
        person = await store.person(800)
        assert person is not None
        selfcheck = await store.current_selfcheck(person)
        assert selfcheck is not None
        unanswered = (await store.answer_states(selfcheck)).get("k06-skm")
        assert unanswered is None or unanswered.option_id is None  # shown, not answered

        # The officer confirms by pressing the level: stored as any answer.
        confirm = await officer.press(under_request, "Tingkat 2")
        assert (await officer.wait_answer(confirm)).text == "Tersimpan: Tingkat 2"
        seventh = await officer.wait_for(lambda m: m.message_id == under_request.message_id)
        assert position(seventh)[0] == SKM + 1 and suggestion_of(seventh) == ""
        states = await store.answer_states(selfcheck)
        assert states["k06-skm"].option_id == "l2"

        # With the unit's monthly users (100: Krejcie–Morgan asks 80), 32 responses fall
        # short: level 1, and how many more to collect.
        await store.set_survey_population(unit, 100)
        back = await press(officer, seventh, "⬅ Kembali")
        assert position(back)[0] == SKM
        assert suggestion_of(back) == (
            "Saran dari survei: Tingkat 1 — SKM berjalan dengan 9 unsur, tetapi baru 32 jawaban "
            f"dari minimal 80 (IKM 100,00 (A), periode {period}). Kumpulkan 48 jawaban lagi "
            "untuk SKM sesuai aturan (Tingkat 2 ke atas). Bila unit menjalankan SKM dengan cara "
            "lain, pilih tingkatnya sendiri."
        )
        assert "Jawaban saat ini: Tingkat 2" in back.text  # the officer's answer stands

        # The score and /skor know nothing of the suggestion: the answer is the officer's.
        await officer.send("/skor")
        score = await officer.wait_text("Skor")
        assert "Saran dari survei" not in score.text and "💡" not in score.text

        # A unit without responses: "collect N more responses", in the officer's language.
        other = fake_api.user(801, "Nurse", language_code="en")
        opened = await open_check(other, world.codes["Puskesmas Yosodadi"])
        skm = await to_question(other, opened, SKM, "Skip ➡")
        assert suggestion_of(skm) == (
            f"The unit's survey has no responses for {period} yet: collect 30 more responses "
            "(link and QR code: /survey). If the unit runs its SKM another way, choose the "
            "level yourself. The minimum of 30 is used because the monthly number of users is "
            "not given; give it with /survey 1200 (for example) for the Krejcie–Morgan sample."
        )
    assert api_errors(fake_api) == []


async def test_an_skm_per_the_rule_last_semester_is_still_suggested_in_the_next(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """An SKM is due at least once a year (Permen PANRB 14/2017, domain §8.3). The suggestion
    read only the current semester: a unit whose 32 users answered in March was told in July
    that its survey had no responses and to collect 30 more. Now the semester before still
    stands when it was per the rule, and is named; a year on, it no longer does."""
    window = (date(2026, 5, 1), date(2027, 3, 31))  # answering stays open into 2027
    world = await seed(tmp_settings.database, units=UNITS, rubric_id="pekppp-2025", window=window)
    now = [datetime(2026, 3, 2, 1, 0, tzinfo=UTC)]
    async with running_bot(tmp_settings, clock=lambda: now[0]) as app:
        services = services_of(app)
        unit = world.units["Dinas Sosial"]
        code = await services.store.survey_code(unit)
        for i in range(32):
            await answer_all(services.survey, BASE + 100 + i, code)
        officer = fake_api.user(802, "Petugas")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        before = await to_question(officer, first, SKM - 1, "Lewati ➡")

        now[0] = datetime(2026, 7, 15, 1, 0, tzinfo=UTC)  # 2026-S2 in WIB
        skm = await press(officer, before, "Lewati ➡")
        assert position(skm)[0] == SKM
        assert suggestion_of(skm).startswith(
            "Saran dari survei: Tingkat 2 — SKM unit ini sesuai aturan: 9 unsur, 32 jawaban "
            "(minimal 30), IKM 100,00 (A), periode 2026-S1."
        ), suggestion_of(skm)

        now[0] = datetime(2027, 1, 15, 1, 0, tzinfo=UTC)  # 2027-S1: March 2026 is too old
        back = await press(officer, skm, "⬅ Kembali")
        again = await press(officer, back, "Lewati ➡")
        assert position(again)[0] == SKM
        assert suggestion_of(again).startswith(
            "Survei unit belum punya jawaban periode 2027-S1: kumpulkan 30 jawaban lagi"
        ), suggestion_of(again)
    assert api_errors(fake_api) == []
