"""Journeys inside the checklist: N/A with a reason, evidence (photo, document, album, refused
types, big files), back/skip/jump via the list, products asked first."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import rubric
from bot.keyref import key_ref
from bot.selfcheck import Waiting
from bot.store import NOTE_MAX
from conversations import callbacks as cb
from conversations.selfcheck import waiting_text
from tests.fakebot import Document, FakeBotAPI, Photo
from tests.flow_helpers import (
    api_errors,
    fixed_clock,
    is_question,
    officer_state,
    open_check,
    option_labels,
    position,
    press,
    seed,
)

UNITS = (("Kota Metro", "Dinas Sosial", ("KTP-el",)),)
RUBRIC = "ombudsman-2024"


def _keys() -> list[str]:
    """The checklist of a unit with the one product KTP-el."""
    keys = []
    for item in rubric.load_builtin(RUBRIC).items:
        keys.append(rubric.answer_key(item.id, "KTP-el" if item.scope == "product" else None))
    return keys


async def _jump(officer: Any, question: Any, selfcheck_id: int, key: str) -> Any:
    """Open `key` by pressing the list (Daftar) and paging to the item's button."""
    checklist = _keys()
    listing = await press(officer, question, "Daftar")
    assert listing.message_id == question.message_id
    assert listing.text.startswith("Daftar butir (")
    page = checklist.index(key) // 10 + 1
    shown = int(listing.text.split("halaman ")[1].split("/")[0])
    assert shown == checklist.index(checklist[position(question)[0] - 1]) // 10 + 1
    for _ in range(abs(page - shown)):
        listing = await press(officer, listing, "▶" if page > shown else "◀")
    target = cb.Open(sc=selfcheck_id, key=key_ref(key)).pack()
    return await press(officer, listing, target)


async def test_na_needs_a_reason_and_is_shown(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    the_rubric = rubric.load_builtin(RUBRIC)
    na_item = next(i for i in the_rubric.items if i.na_allowed)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(701, "Rina")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        assert "Tidak berlaku" not in first.button_texts or the_rubric.items[0].na_allowed
        store, _, selfcheck = await officer_state(app, 701)
        question = await _jump(officer, first, selfcheck.id, na_item.id)
        assert na_item.question.id in question.text
        assert "Tidak berlaku" in question.button_texts

        await officer.press(question, "Tidak berlaku")
        prompt = await officer.wait_for()
        assert "tidak berlaku" in prompt.text and "alasan" in prompt.text
        assert await store.answer_history(selfcheck, na_item.id) == []

        # Too long: refused with the limit, nothing stored, still waiting for the reason.
        await officer.send("x" * (NOTE_MAX + 1))
        refused = await officer.wait_for()
        assert str(NOTE_MAX) in refused.text
        assert await store.answer_history(selfcheck, na_item.id) == []

        reason = 'Gedung sewaan <lantai 2> & "tanpa" ruang 🚫 ' * 5
        await officer.send(reason)
        saved = await officer.wait_for()
        assert "Tidak berlaku" in saved.text
        following = await officer.wait_for()
        assert is_question(following)
        history = await store.answer_history(selfcheck, na_item.id)
        assert [(h.option_id, h.note) for h in history] == [(rubric.NA, reason.strip())]

        back = await press(officer, following, "⬅ Kembali")
        assert na_item.question.id in back.text
        assert 'Jawaban saat ini: Tidak berlaku — Gedung sewaan <lantai 2> & "tanpa"' in back.text

        # Text that is no answer, with the question on screen: the bot names what it waits
        # for there.
        await officer.send("ini bukan jawaban")
        waiting = (await officer.wait_for()).text
        assert "Saya menunggu jawaban butir" in waiting
        # Its example is the item's own first option, not a "Ya" the item may not have.
        assert f"(misalnya {na_item.options[0].label.id})" in waiting  # the text as shown

        # /batal leaves a pending reason prompt without writing anything, and ends the wait
        # for that question too ("Ketik /periksa untuk melanjutkan"): no text is taken now.
        await officer.press(back, "Tidak berlaku")
        await officer.wait_for()
        await officer.send("/batal")
        assert "Dibatalkan" in (await officer.wait_for()).text
        await officer.send("ini bukan alasan")
        assert "tidak sedang menunggu teks" in (await officer.wait_for()).text
        await officer.send("Ya")
        assert "tidak sedang menunggu teks" in (await officer.wait_for()).text
        assert len(await store.answer_history(selfcheck, na_item.id)) == 1
    assert api_errors(fake_api) == []


def _new_message(message: Any) -> bool:
    """A message the bot sent (not an edit of an older one)."""
    return bool(message.kind == "message")


async def test_evidence_photo_document_album_and_limits(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    the_rubric = rubric.load_builtin(RUBRIC)
    keys = _keys()
    key = next(k for k in keys if the_rubric.item(k.partition("@")[0]).evidence_required)  # type: ignore[union-attr]
    item = the_rubric.item(key.partition("@")[0])
    assert item is not None
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(702, "Dewi")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 702)
        from tests.test_flow_evidence import answer_all_but

        await answer_all_but(app, 702, key)  # the last item left: the Nanti / Selesai prompt
        question = await _jump(officer, first, selfcheck.id, key)
        prompt = await press(officer, question, option_labels(question)[0])
        assert prompt.message_id == question.message_id
        assert "Kirim bukti" in prompt.text and "20 MB" in prompt.text
        assert prompt.button_texts == ["Nanti"]

        await officer.send_photo(caption="Papan <SOP> & alur")
        confirm = await officer.wait_for(_new_message)
        assert confirm.text.startswith("📎 1 berkas untuk butir")
        assert confirm.button_texts == ["↩ Batalkan", "Selesai"]
        # The confirmation is one short new line below the photo; the prompt lost its Nanti.
        assert confirm.message_id != prompt.message_id
        # The prompt is edited after the confirmation's id is written (fsync'd): under load
        # later than wait_idle's quiet gap, so wait for that edit itself.
        above = await officer.wait_for(lambda m: m.message_id == prompt.message_id)
        assert "Bukti tersimpan: 1 berkas" in above.text and above.buttons == []
        old = next(m for m in fake_api.sent_messages(702) if m.message_id == prompt.message_id)
        assert not old.reply_markup

        await officer.send_document(b"%PDF-1.4 sop", "SOP pelayanan.pdf", "application/pdf")

        def _ack(m: Any) -> bool:
            return bool(m.message_id == confirm.message_id)

        assert (await officer.wait_for(_ack)).text.startswith("📎 2 berkas")

        await officer.send_album(
            [
                Photo(caption="depan"),
                Photo(),
                Document(
                    b"PK\x03\x04",
                    "maklumat.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
            ]
        )
        album = await officer.wait_for(_ack)
        assert album.text.startswith("📎 5 berkas")

        await officer.send_document(b"MZ", "setup.exe", "application/x-msdownload")
        refused = await officer.wait_for(_new_message)
        assert "setup.exe" in refused.text and "tidak diterima" in refused.text

        await officer.send_document(
            None, "video-layanan.mp4.pdf", "application/pdf", size=25 * 1024 * 1024
        )
        big = await officer.wait_for(_new_message)
        assert "lebih dari 20 MB" in big.text
        latest = await officer.wait_for(_ack)
        assert latest.text.startswith("📎 6 berkas")
        assert latest.button_texts == ["↩ Batalkan", "Selesai"]

        rows = await store.evidence(selfcheck, key)
        assert len(rows) == 6
        assert {r.file.kind for r in rows} == {"photo", "document"}
        assert rows[0].file.caption == "Papan <SOP> & alur"
        assert len({r.file.media_group_id for r in rows[2:5]}) == 1 and rows[2].file.media_group_id

        done = await press(officer, latest, "Selesai")
        assert "Semua butir sudah dijawab" in done.text  # it was the last item left

        # Evidence can be added later from the item itself.
        await officer.press_data(done.message_id, cb.Open(sc=selfcheck.id, key=key_ref(key)).pack())
        again = await officer.wait_for(lambda m: m.message_id == done.message_id)
        assert "Bukti tersimpan: 6 berkas" in again.text
        prompt = await press(officer, again, "📎 Tambah bukti")
        assert "Kirim bukti" in prompt.text and prompt.button_texts == ["Selesai"]
        await officer.send_photo()
        assert (await officer.wait_for(_new_message)).text.startswith("📎 7 berkas")
        await officer.send("/batal")
        assert "Dibatalkan" in (await officer.wait_for(_new_message)).text
        # /batal ends the wait for files: a photo now is not taken for the item.
        await officer.send_photo()
        refused = await officer.wait_for(_new_message)
        assert refused.text.startswith("Saya tidak sedang menunggu berkas")
        assert len(await store.evidence(selfcheck, key)) == 7
    assert api_errors(fake_api) == []


async def test_back_on_the_first_item_says_so_and_shows_the_item_as_it_stands(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """⬅ Kembali on item 1 leads to item 1: the press is answered ("this is the first item")
    and the item is shown as it stands. On a screen that already shows it, Telegram refuses
    the edit ("message is not modified") and that is taken as done: the screen stays as it
    is and nothing is logged as a failure."""
    caplog.set_level(logging.DEBUG)
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(704, "Dewi")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        await officer.wait_idle()
        pressed = await officer.press(first, "⬅ Kembali")
        assert (await officer.wait_answer(pressed)).text == "Ini butir pertama."
        await officer.wait_idle()
        shown = officer.message(first.message_id)
        assert shown.version == first.version and shown.text == first.text  # not edited
        store, _, selfcheck = await officer_state(app, 704)
        assert await store.answer_states(selfcheck) == {}
        # The screen still works: its first option answers item 1 and moves on.
        assert position(await press(officer, shown, option_labels(shown)[0]))[0] == 2

        # A colleague in English opens at item 2, goes back to item 1, and back once more.
        colleague = fake_api.user(705, "Eka", language_code="en")
        second = await open_check(colleague, world.codes["Dinas Sosial"])
        assert position(second)[0] == 2
        first = await press(colleague, second, "⬅ Back")
        assert position(first)[0] == 1
        pressed = await colleague.press(first, "⬅ Back")
        assert (await colleague.wait_answer(pressed)).text == "This is the first item."
        await colleague.wait_idle()
        assert colleague.message(first.message_id).version == first.version
    refused = api_errors(fake_api)
    assert refused and all(
        method == "editMessageText" and "not modified" in (why or "") for method, why in refused
    )
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_back_skip_and_list(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    keys = _keys()
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(703, "Agus")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 703)
        assert position(first) == (1, len(keys))
        # Skip moves on without answering (back on the first item: the test above).
        assert position(await press(officer, first, "Lewati ➡")) == (2, len(keys))
        second = officer.message(first.message_id)
        assert position(await press(officer, second, "Lewati ➡")) == (3, len(keys))
        third = officer.message(first.message_id)
        assert position(await press(officer, third, "⬅ Kembali")) == (2, len(keys))
        assert await store.answer_states(selfcheck) == {}

        # Answer item 2; the list marks it, and jumping to the last page works.
        second = officer.message(first.message_id)
        options = option_labels(second)
        await press(officer, second, options[0])
        shown = officer.message(first.message_id)
        listing = await press(officer, shown, "Daftar")
        assert "(1/" in listing.text.splitlines()[0]
        assert any(t.startswith("✅ 2.") for t in listing.button_texts)
        assert any(t.startswith("❌ 1.") for t in listing.button_texts)
        # The list leads back to the question the officer came from (item 3, after item 2).
        assert listing.buttons[-1][0].text == "↩ Kembali ke pertanyaan"
        back = await press(officer, listing, "↩ Kembali ke pertanyaan")
        assert position(back) == (3, len(keys))
        listing = await press(officer, back, "Daftar")
        pages = (len(keys) + 9) // 10
        for _ in range(pages - 1):
            listing = await press(officer, listing, "▶")
        assert f"halaman {pages}/{pages}" in listing.text.splitlines()[0]
        last = await press(officer, listing, listing.buttons[-3][0].text)
        assert position(last) == (len(keys), len(keys))
        # Skip from the last item wraps to the first unanswered one (item 1).
        assert position(await press(officer, last, "Lewati ➡")) == (1, len(keys))
        # /periksa later opens at the first unanswered item too.
        await officer.send("/periksa")
        reopened = await officer.wait_for()
        assert position(reopened) == (1, len(keys))
        assert reopened.message_id != first.message_id
        # A press on the old message still works (it is edited, nothing crashes).
        older = officer.message(first.message_id)
        moved = await press(officer, older, "Lewati ➡")
        assert moved.message_id == first.message_id and is_question(moved)
    assert api_errors(fake_api) == []


async def test_products_are_asked_first(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        officer = fake_api.user(704, "Tono")
        await officer.send(f"/start {world.codes['Dinas Sosial']}")
        await officer.wait_for()
        await officer.send("/produk")
        listing = await officer.wait_for()
        assert "Belum ada produk" in listing.text
        assert listing.button_texts == ["➕ Tambah produk"]
        await officer.press(listing, "➕ Tambah produk")
        assert "nama produk" in (await officer.wait_for()).text.lower()
        await officer.send("Akta@Kelahiran")
        assert "tidak bisa dipakai" in (await officer.wait_for()).text
        await officer.send("Akta Kelahiran")
        added = await officer.wait_for()
        assert "Akta Kelahiran" in added.text
        store, person, _ = await officer_state(app, 704)
        assert [p.name for p in await store.products(person)] == ["Akta Kelahiran"]
        await officer.press(added, "▶ Mulai pemeriksaan")
        question = await officer.wait_for()
        assert position(question)[1] == 50
    assert api_errors(fake_api) == []


async def test_the_list_text_tells_alike_questions_apart(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, units=UNITS)
    items = rubric.load_builtin(RUBRIC).items
    # Items 1 and 4 start with the same 44 characters, all a button label can hold.
    assert items[0].question.id[:44] == items[3].question.id[:44]
    async with running_bot(tmp_settings, clock=fixed_clock):
        officer = fake_api.user(705, "Lia")
        first = await open_check(officer, world.codes["Dinas Sosial"])
        listing = await press(officer, first, "Daftar")
        lines = listing.text.splitlines()
        one = next(line for line in lines if " 1. " in line)
        four = next(line for line in lines if " 4. " in line)
        assert one != four and len(one) > 60
        labels = [b.text for row in listing.buttons for b in row]
        assert all(len(label) <= 64 for label in labels)
    assert api_errors(fake_api) == []


def test_the_waiting_hint_gives_the_items_own_option_as_example() -> None:
    """A levelled item (PEKPPP F-02) has no "Ya": the hint names a label it has."""
    item = rubric.load_builtin("pekppp-2025").item("k06-skm")
    assert item is not None
    text = waiting_text(Waiting("question", "6/50", item), "id")
    assert "(misalnya <i>Tingkat 5</i>)" in text
    assert "(e.g. <i>Level 5</i>)" in waiting_text(Waiting("question", "6/50", item), "en")
    assert "(misalnya <i>Ya</i>)" in waiting_text(Waiting("question", "", None), "id")
