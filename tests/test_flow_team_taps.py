"""One officer's own quick taps on a team's self-check: a press that meets the officer's
own change (a double tap, a second option tapped before the screen moved on) is never
told as a colleague's change, nor made to look unsaved when it was saved."""

from __future__ import annotations

from typing import Any

from tests.fakebot import FakeBotAPI, SimUser
from tests.flow_helpers import api_errors, fixed_clock, officer_state, open_check, press, seed
from tests.test_flow_team import (
    LAKTASI,
    UNITS,
    _person,
    last_years_answer,
    open_item,
    setup,
    text_meets_a_change,
)


async def tap_twice(fake_api: FakeBotAPI, user: SimUser, message_id: int, *data: str) -> list[str]:
    """Press the buttons `data` of one message back to back, before the bot answers the
    first (a double tap); the answers the presses got, in order."""
    presses = [await user.press_data(message_id, d) for d in data]
    await fake_api.wait_idle(quiet=0.5)
    user.skip_pending()  # the tests read the screens the taps left, not each event
    return [(await user.wait_answer(p)).text or "" for p in presses]


async def test_a_double_tap_on_masih_berlaku_is_saved_once_and_says_so(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """The second tap of ↺ Masih berlaku met the answer the first one carried: it was told
    "Belum disimpan: butir ini baru diubah rekan Anda" (an officer alone in the unit), and
    the screen, already on item 2, went back to item 1 with that warning."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        budi = fake_api.user(901, "Budi")
        await open_check(budi, world.codes["Dinas Sosial"])
        key, _ = await last_years_answer(app, 901)
        store, _, selfcheck = await officer_state(app, 901)
        await budi.send("/periksa")
        question = await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        carry = question.button("↺ Masih berlaku").data
        assert carry is not None
        told = await tap_twice(fake_api, budi, question.message_id, carry, carry)
        assert told == ["Tersimpan: Semua paham", "Tersimpan: Semua paham"]
        shown = budi.message(question.message_id)
        assert shown.text.startswith("2/50"), shown.text[:200]
        assert not any("rekan Anda" in m.text for m in budi.events)
        history = await store.answer_history(selfcheck, key)
        assert [(h.option_id, h.by) for h in history] == [("l3", 901)]
    assert not_modified_aside(fake_api) == []


def not_modified_aside(fake_api: FakeBotAPI) -> list[tuple[str, str | None]]:
    """The refused Bot API requests, but the second tap's edit to the screen the first one
    already showed (Telegram: "message is not modified", taken as done)."""
    return [(m, why) for m, why in api_errors(fake_api) if "not modified" not in (why or "")]


async def test_a_second_option_tapped_before_the_screen_moved_on_is_told_as_ones_own(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Budi taps Semua paham, then Sedikit on the same screen before it moves on: the
    second tap writes nothing (his first answer stands, `Ganti` replaces it), and it was
    told "Butir ini baru diubah rekan Anda … oleh Budi": a colleague who does not exist.
    Emma, reading English, the same; a real colleague's change is still told as one."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        budi = fake_api.user(901, "Budi")
        emma = fake_api.user(903, "Emma", language_code="en")
        sari = fake_api.user(902, "Sari")
        for officer in (budi, emma, sari):
            await open_check(officer, world.codes["Dinas Sosial"])
        store, _, selfcheck = await officer_state(app, 901)
        key = (await store.checklist(selfcheck))[0]

        question = budi.messages[-1]
        first, second = (question.button(b).data or "" for b in ("Semua paham", "Sedikit"))
        told = await tap_twice(fake_api, budi, question.message_id, first, second)
        assert told == ["Tersimpan: Semua paham", "Belum disimpan: butir ini baru saja Anda ubah."]
        shown = budi.message(question.message_id)
        assert shown.text.startswith("⚠️ Butir ini baru saja Anda ubah"), shown.text[:200]
        assert "rekan Anda" not in shown.text
        assert "Sekarang: Semua paham — oleh Budi" in shown.text
        assert shown.button_texts[0] == "Ganti: Sedikit"
        history = await store.answer_history(selfcheck, key)
        assert [(h.option_id, h.by) for h in history] == [("l3", 901)]

        # Emma, in English, on her own screen of item 1 (now answered by Budi): her two
        # taps both meet Budi's change (a colleague's); her Replace, then an older button,
        # meets her own.
        question = emma.messages[-1]
        first, second = (question.button(b).data or "" for b in ("All understand", "Few"))
        told = await tap_twice(fake_api, emma, question.message_id, first, second)
        assert told == ["Not saved: a colleague just changed this item."] * 2  # both Budi's
        assert [h.by for h in await store.answer_history(selfcheck, key)] == [901]
        shown = emma.message(question.message_id)
        assert shown.text.startswith("⚠️ A colleague just changed this item")
        await emma.press(shown, "Replace: Few")
        await fake_api.wait_idle(quiet=0.5)
        assert [h.by for h in await store.answer_history(selfcheck, key)] == [901, 903]
        await emma.press_data(question.message_id, first)  # the older screen's button
        await fake_api.wait_idle(quiet=0.5)
        shown = emma.message(question.message_id)
        assert shown.text.startswith("⚠️ You changed this item a moment ago"), shown.text[:200]
        assert "Now: Few — by Emma" in shown.text
        assert [h.by for h in await store.answer_history(selfcheck, key)] == [901, 903]

        # Sari's screen still shows item 1 unanswered: that is a colleague's change.
        question = sari.messages[-1]
        press = await sari.press(question, "Sedikit")
        assert (await sari.wait_answer(press)).text == (
            "Belum disimpan: butir ini baru diubah rekan Anda."
        )
    assert not_modified_aside(fake_api) == []


async def test_tidak_berlaku_on_a_changed_item_asks_no_reason_that_could_only_clash(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """A double tap of `Ganti: Tidak berlaku` saved N/A and showed item 22, then the second
    tap asked "Mengapa butir ini tidak berlaku?" again for item 21 and left the chat waiting
    for that reason (at the old version) under item 22: the next text, an answer to 22,
    became a clashing reason for 21. And Tidak berlaku pressed on a screen a colleague had
    changed asked for the reason first, to refuse it after it was typed."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        na = ("Tidak berlaku", "Mengapa butir ini")
        changed = await text_meets_a_change(
            budi, sari, sc, LAKTASI, na, "Tidak", "Tidak ada ibu menyusui", "alasannya tetap"
        )
        replace = changed.button("Ganti: Tidak berlaku").data or ""
        told = await tap_twice(fake_api, budi, changed.message_id, replace, replace)
        assert told[1] == "Sudah tersimpan: Tidak berlaku, dengan alasan Anda."
        assert sum("Mengapa butir ini" in m.text for m in budi.messages) == 1
        history = await store.answer_history(selfcheck, LAKTASI)
        assert [(h.option_id, h.by) for h in history] == [("tidak", 902), ("na", 901)]
        state = await store.chat_state(901)
        assert state.pending is None and state.key != LAKTASI  # on item 22, no reason awaited

        # Sari's screen (item 21, showing her Tidak) is stale now: Tidak berlaku there is told
        # Budi's change at once, and its Ganti asks her reason, which then replaces his.
        s_screen = await open_item(sari, sari.messages[-1], sc, LAKTASI)
        live = next(m for m in reversed(budi.messages) if m.buttons)
        await press(budi, await open_item(budi, live, sc, LAKTASI), "Sebagian")
        shown = await press(sari, s_screen, "Tidak berlaku")
        assert "baru diubah rekan Anda" in shown.text
        assert "Sekarang: Sebagian — oleh Budi" in shown.text
        assert not any("Mengapa butir ini" in m.text for m in sari.messages)
        await sari.press(shown, "Ganti: Tidak berlaku")
        await sari.wait_text("Mengapa butir ini")
        await sari.send("Ruang dipakai gudang sejak Januari")
        await sari.wait_text("Tersimpan: Tidak berlaku")
        last = (await store.answer_history(selfcheck, LAKTASI))[-1]
        assert (last.option_id, last.by, last.note) == (
            "na",
            902,
            "Ruang dipakai gudang sejak Januari",
        )
    assert not_modified_aside(fake_api) == []


async def test_a_double_tap_of_ganti_catatan_saves_the_note_once_and_asks_nothing(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Budi's note met Sari's answer and was kept for `Ganti: 📝 Catatan`; a double tap of
    it saved the note, then the second tap asked "Tulis catatan …" again and left the chat
    waiting for a note at the version before his own: his next text met his own note."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        key = "input-jumlah-pelaksana"  # 8/50: Ya / Sebagian / Tidak
        await press(budi, await open_item(budi, budi.messages[-1], sc, key), "Sebagian")
        await budi.send("/periksa")
        await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        note = ("📝 Catatan", "Tulis catatan")
        changed = await text_meets_a_change(
            budi, sari, sc, key, note, "Ya", "SK sudah ditandatangani", "catatan Anda belum"
        )
        replace = changed.button("Ganti: 📝 Catatan").data or ""
        told = await tap_twice(fake_api, budi, changed.message_id, replace, replace)
        assert told[1] == "Sudah tersimpan: catatan Anda."
        assert sum("Tulis catatan" in m.text for m in budi.messages) == 1
        history = await store.answer_history(selfcheck, key)
        assert [(h.by, h.note) for h in history][1:] == [
            (902, None),
            (901, "SK sudah ditandatangani"),
        ]
        assert (await store.chat_state(901)).pending is None
    assert not_modified_aside(fake_api) == []


async def test_a_note_typed_while_a_colleague_marks_the_item_na_is_told_and_shown(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    """Budi typed a note on his Sebagian while Sari marked the item Tidak berlaku: he was
    told "Tombol ini tidak berlaku." (he had pressed nothing), his note vanished and he did
    not learn of Sari's N/A. He sees her change, and his note to copy; her reason stands."""
    world = await seed(tmp_settings.database, units=UNITS)
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store, sc, budi, sari = await setup(app, fake_api, world.codes["Dinas Sosial"])
        selfcheck = await store.selfcheck_for(await _person(store, 901), sc)
        await press(budi, await open_item(budi, budi.messages[-1], sc, LAKTASI), "Sebagian")
        await budi.send("/periksa")
        shown = await budi.wait_for(lambda m: m.kind == "message" and m.buttons)
        b_screen = await open_item(budi, shown, sc, LAKTASI)
        s_screen = await open_item(sari, sari.messages[-1], sc, LAKTASI)
        await budi.press(b_screen, "📝 Catatan")
        await budi.wait_text("Tulis catatan")
        await sari.press(s_screen, "Tidak berlaku")
        await sari.wait_text("Mengapa butir ini")
        await sari.send("Tidak ada ruang tertutup")
        await sari.wait_text("Tersimpan: Tidak berlaku")
        await budi.send("Ruang laktasi di lantai <2>, foto menyusul")
        told = await budi.wait_text("Tidak berlaku")
        assert "Tombol ini" not in told.text
        assert "baru diubah rekan Anda" in told.text
        assert "Ruang laktasi di lantai <2>, foto menyusul" in told.text  # his note, to copy
        assert "Sekarang: Tidak berlaku — oleh Sari" in told.text
        assert "Ganti: 📝 Catatan" not in told.button_texts  # a note cannot replace a reason
        history = await store.answer_history(selfcheck, LAKTASI)
        assert [(h.option_id, h.by, h.note) for h in history] == [
            ("sebagian", 901, None),
            ("na", 902, "Tidak ada ruang tertutup"),
        ]
        assert (await store.chat_state(901)).pending is None
    assert not_modified_aside(fake_api) == []
