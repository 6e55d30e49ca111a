"""`siapnilai survey link | poster | qr | results | users` through the real entry point."""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import texts
from bot.cli import main
from bot.store import Store
from bot.survey import SurveyService
from tests.cli_helpers import fails, run, run_json
from tests.clocks import EVENING, fixed
from tests.fakebot import FakeBotAPI
from tests.survey_helpers import ALL_BEST, answer_all, pdf_words, words

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "units.csv"
UNIT = "Samsat Bandar Lampung (UPTD Wilayah I Bapenda)"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "siapnilai.db"
    monkeypatch.setenv("SIAPNILAI_DATABASE", str(path))
    monkeypatch.delenv("SIAPNILAI_TIMEZONE", raising=False)
    assert main(["units", "import", str(SAMPLE)], clock=fixed()) == 0
    return path


NEW_YEAR = datetime(2027, 1, 5, 3, 0, tzinfo=UTC)
"""A clock after 2026-S2 has ended (in WIB too)."""


def test_link_json_shape_and_a_stable_code(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, "survey", "link", "1", "--bot", "SiapNilaiBot")
    assert set(first) == {"unit", "code", "link"}
    assert first["unit"] == UNIT
    assert first["link"] == f"https://t.me/SiapNilaiBot?start=s-{first['code']}"
    assert len(f"s-{first['code']}") <= 64
    again = run_json(capsys, "survey", "link", UNIT, "--bot", "@SiapNilaiBot")
    assert again == first
    assert "the bot's username is not known" in fails(capsys, "survey", "link", "1")
    assert "a bot's username is" in fails(capsys, "survey", "link", "1", "--bot", "a b")
    # One rule and one option for every verb that prints a t.me link (invite's is the same).
    named = run_json(capsys, "survey", "link", "1", "--bot-username", "SiapNilaiBot")
    assert named == first
    assert "ending in 'bot'" in fails(capsys, "survey", "link", "1", "--bot", "SiapNilai")
    assert "no unit" in fails(capsys, "survey", "link", "nowhere", "--bot", "SiapNilaiBot")


async def test_link_asks_the_bot_api_for_the_username_before_the_bot_has_run(
    db: Path, fake_api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the token set and no name learned yet, the link asks getMe once and keeps the
    answer as the bot does at start-up; with no way to ask, the error says what to do."""
    monkeypatch.setenv("SIAPNILAI_BOT_TOKEN", fake_api.token)
    monkeypatch.setenv("SIAPNILAI_API_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("SIAPNILAI_API_FILE_URL", fake_api.file_url)
    code, out, _ = await asyncio.to_thread(_cli, "survey", "link", "1", "--json")
    assert code == 0
    assert json.loads(out)["link"].startswith(f"https://t.me/{fake_api.bot_username}?start=s-")
    assert fake_api.requests_for("getMe")
    store = await Store.open(db)
    try:
        assert await store.get_meta("bot_username") == fake_api.bot_username
    finally:
        await store.close()

    monkeypatch.setenv("SIAPNILAI_BOT_TOKEN", "123:wrong")
    asked = len(fake_api.requests_for("getMe"))
    code, out, _ = await asyncio.to_thread(_cli, "invite", "officer", "--unit", "1")
    assert code == 0  # the stored name serves: nothing asked again
    assert f"https://t.me/{fake_api.bot_username}?start=" in out
    assert len(fake_api.requests_for("getMe")) == asked


async def test_link_with_a_token_the_bot_api_refuses(
    db: Path, fake_api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIAPNILAI_BOT_TOKEN", "123:wrong")
    monkeypatch.setenv("SIAPNILAI_API_BASE_URL", fake_api.base_url)
    code, out, err = await asyncio.to_thread(_cli, "survey", "link", "1")
    assert (code, out) == (2, "")
    warning, error = err.splitlines()
    assert warning.startswith("siapnilai: warning: could not ask the Bot API")
    assert error == (
        "siapnilai: error: the bot's username is not known yet: the Bot API did not give it "
        "(see the warning; check SIAPNILAI_BOT_TOKEN); start the bot once, or pass "
        "--bot-username NAME"
    )


def _cli(*argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one verb run in this thread (the test's loop serves the
    fake Bot API meanwhile)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv), clock=fixed())
    return code, out.getvalue(), err.getvalue()


def test_poster_and_qr_are_real_files(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    poster, qr = tmp_path / "poster.pdf", tmp_path / "qr.png"
    code, out, err = run(
        capsys, "survey", "poster", "1", "--bot", "SiapNilaiBot", "-o", str(poster)
    )
    assert code == 0, err
    assert poster.read_bytes().startswith(b"%PDF") and "poster of" in out
    code, _, err = run(capsys, "survey", "qr", "1", "--bot", "SiapNilaiBot", "-o", str(qr))
    assert code == 0, err
    assert qr.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "must end in .pdf" in fails(
        capsys, "survey", "poster", "1", "--bot", "SiapNilaiBot", "-o", str(tmp_path / "p.png")
    )
    # Every verb that prints data takes --json (SPEC), these too: the file, whose, its size.
    written = run_json(capsys, "survey", "qr", "1", "--bot", "SiapNilaiBot", "-o", str(qr))
    assert written["path"] == str(qr) and written["bytes"] == qr.stat().st_size
    assert written["link"].startswith("https://t.me/SiapNilaiBot?start=s-") and written["unit"]


def test_results_json_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = run_json(capsys, "survey", "results", "1")
    assert empty == {
        "unit": UNIT,
        "period": "2026-S2",  # EVENING is 3 December in WIB
        "responses": 0,
        "ikm": None,
        "category": None,
        "elements": {},
        "maladministration": {},
        "trust": {"mean": None, "share_high": None},
    }

    async def answer() -> None:
        store = await Store.open(db, clock=fixed())
        try:
            service = SurveyService(store)
            code = await store.survey_code(1)
            await answer_all(service, 11, code, ALL_BEST)
            await answer_all(service, 12, code, {**ALL_BEST, "U1": 4, "biaya": 2})
        finally:
            await store.close()

    asyncio.run(answer())
    data = run_json(capsys, "survey", "results", "1", "--period", "2026")
    assert list(data) == [
        "unit",
        "period",
        "responses",
        "ikm",
        "category",
        "elements",
        "maladministration",
        "trust",
    ]
    # 17 answers of 4 and one of 1: 25 × 69 / 18 = 95.83.
    assert (data["period"], data["responses"], data["ikm"], data["category"]) == (
        "2026",
        2,
        95.83,
        "A",
    )
    assert data["elements"]["U1"] == 2.5 and data["elements"]["U9"] == 4.0
    assert list(data["elements"]) == [f"U{i}" for i in range(1, 10)]
    assert data["maladministration"]["biaya"] == 0.5 and data["maladministration"]["waktu"] == 0
    assert data["trust"] == {"mean": 4.0, "share_high": 1.0}
    code, out, _ = run(capsys, "survey", "results", "1")
    assert code == 0 and "IKM: 95.83 A (Very good)" in out
    assert run_json(capsys, "survey", "results", "1", "--period", "2026-S1")["responses"] == 0
    assert "use a year" in fails(capsys, "survey", "results", "1", "--period", "26")
    sheet = Path("sheet.pdf")
    code, out, err = run(capsys, "survey", "sheet", "1", "--period", "2026", "-o", str(sheet))
    assert code == 0 and "results of" in out, err
    assert sheet.read_bytes().startswith(b"%PDF")
    assert EVENING.year == 2026
    # The semester's sheet: provisional while it runs, ended short once it is over (the CLI's
    # clock decides, as the chat's does).
    below = words(texts.plain("survey.sheet.below", "id", responses=2, needed=30))
    short = words(texts.plain("survey.sheet.short", "id", responses=2, needed=30))
    for clock, said, unsaid in ((fixed(), below, short), (fixed(NEW_YEAR), short, below)):
        argv = ["survey", "sheet", "1", "--period", "2026-S2", "-o", str(sheet)]
        assert main(argv, clock=clock) == 0
        printed = pdf_words(sheet)
        assert said in printed and unsaid not in printed


def test_users_sets_the_sample_size(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "survey", "users", "1", "1000")
    assert code == 0 and "278 responses needed" in out
    code, out, _ = run(capsys, "survey", "users", "1", "0")
    assert code == 0 and "30 responses needed" in out
    assert "positive" in fails(capsys, "survey", "users", "1", "-5")
    assert run_json(capsys, "survey", "users", "1", "1000")["needed"] == 278
