"""Issue 16 #11: when answering the button or editing the message fails after the answer
was stored, the officer is told it was saved (not "Maaf, terjadi kesalahan")."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from bot.keyref import key_ref
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import fixed_clock, officer_state, open_check, option_labels, seed

UNITS = (("Kota Metro", "Dinas Kependudukan", ("KTP-el",)),)
GENERIC = texts.plain("error.generic", "id")


@pytest.mark.parametrize("method", ["answerCallbackQuery", "editMessageText"])
async def test_saved_but_the_screen_failed(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, method: str
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(941, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        label = option_labels(first)[0]
        fake_api.fail_next(method, 500)
        await officer.press(first, label)
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert "sudah tersimpan" in told.text and label in told.text
        assert "/periksa" in told.text and GENERIC not in told.text
        store, _, selfcheck = await officer_state(app, 941)
        answers = await store.answer_set(selfcheck)
        assert len(answers.answers) == 1  # stored once


async def test_a_failure_before_saving_still_says_sorry(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(942, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        store, _, _ = await officer_state(app, 942)

        async def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the store broke")

        monkeypatch.setattr(store, "record_answer", broken)
        await officer.press(first, option_labels(first)[0])
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert told.text == GENERIC


async def test_a_file_saved_but_not_confirmed_is_said_saved(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(943, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        store, _, selfcheck = await officer_state(app, 943)
        checklist = await store.checklist(selfcheck)
        the_rubric = store.rubric(selfcheck.rubric_id)
        key = next(
            k
            for k in checklist
            if the_rubric.item(k.partition("@")[0]).evidence_required  # type: ignore[union-attr]
        )
        target = cb.AddEvidence(sc=selfcheck.id, key=key_ref(key)).pack()
        await officer.press_data(first.message_id, target)
        await officer.wait_for(lambda m: "Kirim bukti" in m.text)
        fake_api.fail_next("sendMessage", 500)  # the confirmation
        await officer.send_photo()
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert "sudah tersimpan sebagai bukti" in told.text and GENERIC not in told.text
        assert len(await store.evidence(selfcheck, key)) == 1


async def test_a_typed_answer_or_note_saved_but_not_confirmed_is_said_saved(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """An answer typed as its label, then a note, each stored with their reply failing: the
    officer hears it was saved. "Maaf, coba lagi" made them type the label again, and that
    answered the next item, which they had never seen."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(944, "Petugas")
        first = await open_check(officer, world.codes["Dinas Kependudukan"])
        label = option_labels(first)[0]
        fake_api.fail_next("sendMessage", 500)  # "Tersimpan: …"
        await officer.send(label)
        told = await officer.wait_for(lambda m: m.kind == "message", timeout=10)
        assert "sudah tersimpan" in told.text and label in told.text
        assert GENERIC not in told.text
        store, _, selfcheck = await officer_state(app, 944)
        assert len((await store.answer_set(selfcheck)).answers) == 1

        await officer.send("/periksa")
        second = await officer.wait_for(lambda m: m.kind == "message" and bool(m.buttons))
        await officer.press(second, texts.plain("btn.back", "id"))
        again = await officer.wait_for(
            lambda m: m.message_id == second.message_id and "📝 Catatan" in m.button_texts
        )
        await officer.press(again, "📝 Catatan")
        await officer.wait_text("Tulis catatan")
        fake_api.fail_next("sendMessage", 500)  # "📝 Catatan tersimpan."
        await officer.send("SOP ada di lemari arsip")
        noted = await officer.wait_text("Catatan Anda sudah tersimpan", timeout=10)
        assert GENERIC not in noted.text and "/periksa" in noted.text
        history = await store.answer_history(selfcheck, (await store.checklist(selfcheck))[0])
        assert history[-1].note == "SOP ada di lemari arsip"
