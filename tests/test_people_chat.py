"""People and invites in chat (/undang) through the real bot and the fake Bot API: a
coordinator creates an officer invite (code, link, QR code), sees it used, revokes it,
deactivates an officer once they confirm it; a coordinator of another region, an officer and
forged presses are refused; an admin manages any region they name."""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from bot.store import Newcomer
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors
from tests.flow_helpers import press as press_and_see
from tests.store_fixtures import Clock
from tests.test_coordinator import (
    COORDINATOR,
    COORDINATOR_FAR,
    OFFICER,
    OFFICER_FAR,
    START,
    build,
    prepare,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def ask_to_deactivate(user: Any, page: Any, label: str) -> Any:
    """Press a person's deactivate button; the confirmation that replaces the page."""
    pressed = await user.press(page, label)
    asked = await user.wait_for(lambda m: len(m.buttons) == 1 and len(m.buttons[0]) == 2)
    await user.wait_answer(pressed)
    return asked


async def test_invite_use_revoke_and_deactivate_in_chat(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/undang")
        units = await coordinator.wait_text("Orang dan undangan · Kota Metro")
        assert units.button_texts == ["Dukcapil Kota Metro", "Puskesmas Yosodadi"]
        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("Undangan yang masih berlaku")
        assert "Orang 501 · petugas" in page.text and "Tidak ada undangan" in page.text
        assert "🚫 Nonaktifkan Orang 501" in page.button_texts

        await coordinator.press(page, "➕ 5 orang · 14 hari")
        created = await coordinator.wait_text("Undangan petugas")
        code = created.text.split("Kode: ")[1].split()[0]
        assert f"https://t.me/siapnilai_test_bot?start={code}" in created.text
        qr = await coordinator.wait_for(lambda m: bool(m.media))
        assert qr.media[0].data is not None and qr.media[0].data.startswith(PNG_MAGIC)

        newcomer = fake_api.user(777, "Budi")
        await newcomer.send(f"/start {code}")
        await newcomer.wait_for()
        joined = await store.person(777)
        assert joined is not None and joined.unit_id == world.dukcapil

        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("dipakai 1/5")
        invite_id = int(page.text.split("#")[1].split()[0])
        press = await coordinator.press(page, f"✖ Cabut #{invite_id}")
        assert (await coordinator.wait_answer(press)).text == "Undangan dicabut."
        late = fake_api.user(778, "Citra")
        await late.send(f"/start {code}")
        assert "sudah dicabut" in (await late.wait_for()).text
        assert await store.person(778) is None

        page = coordinator.message(page.message_id)
        asked = await ask_to_deactivate(coordinator, page, "🚫 Nonaktifkan Orang 501")
        assert "Nonaktifkan Orang 501 (Dukcapil Kota Metro)?" in asked.text
        assert "kehilangan akses sampai mendapat undangan baru" in asked.text
        assert asked.button_texts == ["Ya, nonaktifkan", "Batal"]
        still = await store.person(OFFICER)
        assert still is not None and still.active  # the first press changes nothing
        press = await coordinator.press(asked, "Ya, nonaktifkan")
        assert (await coordinator.wait_answer(press)).text == "Dinonaktifkan."
        officer = fake_api.user(OFFICER)
        await officer.send("/skor")
        # Told they were deactivated (not "you are not registered"), and the way back.
        told = (await officer.wait_for()).text
        assert "sudah dinonaktifkan" in told and "undangan baru" in told
        # /start (Telegram's Start button, no code) says the same, not "only for the invited".
        await officer.send("/start")
        assert (await officer.wait_for()).text == told
        gone = await store.person(OFFICER)
        assert gone is not None and not gone.active  # writing again did not bring them back
        actions = [entry["action"] for entry in await store.audit_log()]
        assert {"invite.create", "invite.revoke", "person.deactivate"} <= set(actions)


async def test_deactivation_waits_for_the_confirmation_and_is_checked_again(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/undang")
        units = await coordinator.wait_text("Orang dan undangan · Kota Metro")
        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("Undangan yang masih berlaku")

        # Batal: the page again, in the same message; nobody was deactivated.
        asked = await ask_to_deactivate(coordinator, page, "🚫 Nonaktifkan Orang 501")
        assert asked.message_id == page.message_id and "Ya, nonaktifkan" in asked.button_texts
        pressed = await coordinator.press(asked, "Batal")
        assert (await coordinator.wait_answer(pressed)).text == "Baik, tidak ada yang berubah."
        page = await coordinator.wait_for(lambda m: m.message_id == page.message_id)
        assert "🚫 Nonaktifkan Orang 501" in page.button_texts
        person = await store.person(OFFICER)
        assert person is not None and person.active

        # Confirmed twice (a double tap): deactivated once, the second press told so.
        asked = await ask_to_deactivate(coordinator, page, "🚫 Nonaktifkan Orang 501")
        confirm = cb.ConfirmDeactivate(u=world.dukcapil, t=OFFICER).pack()
        first = await coordinator.press_data(asked.message_id, confirm)
        second = await coordinator.press_data(asked.message_id, confirm)
        assert (await coordinator.wait_answer(first)).text == "Dinonaktifkan."
        assert (await coordinator.wait_answer(second)).text == "Orang ini sudah nonaktif."
        await coordinator.wait_idle()
        shown = coordinator.message(asked.message_id)
        assert "nonaktif" in shown.text and "🚫 Nonaktifkan Orang 501" not in shown.button_texts
        log = [e for e in await store.audit_log() if e["action"] == "person.deactivate"]
        assert len(log) == 1

        # Someone who moved to another unit after the question was asked stays active.
        invite = await store.create_invite("officer", unit_id=world.dukcapil, uses=1, days=9)
        await store.join(invite.code, Newcomer(777, "Budi", "id"))
        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("Budi · petugas")
        asked = await ask_to_deactivate(coordinator, page, "🚫 Nonaktifkan Budi")
        invite = await store.create_invite("officer", unit_id=world.puskesmas, uses=1, days=9)
        await store.join(invite.code, Newcomer(777, "Budi", "id"))
        pressed = await coordinator.press(asked, "Ya, nonaktifkan")
        told = (await coordinator.wait_answer(pressed)).text
        assert told == "Orang ini sudah tidak di unit ini; tidak ada yang berubah."
        moved = await store.person(777)
        assert moved is not None and moved.active and moved.unit_id == world.puskesmas

        # One who only blocked the bot (not deactivated) still can be, from a button shown
        # before: the question is asked (it was refused "already inactive").
        await store.mark_inactive(777)
        ask = cb.DeactivatePerson(t=777).pack()
        pressed = await coordinator.press_data(asked.message_id, ask)
        await coordinator.wait_answer(pressed)
        question = await coordinator.wait_text("Nonaktifkan Budi (Puskesmas Yosodadi)?")
        pressed = await coordinator.press(question, "Ya, nonaktifkan")
        assert (await coordinator.wait_answer(pressed)).text == "Dinonaktifkan."
        await coordinator.wait_idle()
        (gone,) = [p for p in await store.people() if p.telegram_id == 777]
        assert gone.deactivated_at is not None
        # Only the double tap's page, already on screen, was refused as "not modified".
        assert [d for _, d in api_errors(fake_api) if "not modified" not in str(d)] == []


async def test_the_confirmation_in_english(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build):
        coordinator = fake_api.user(COORDINATOR, language_code="en")
        await coordinator.send("/bahasa")
        menu = await coordinator.wait_for()
        await press_and_see(coordinator, menu, "🇬🇧 English")
        await coordinator.send("/invite")
        units = await coordinator.wait_text("People and invites · Kota Metro")
        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("Invites still valid")
        presets = [label for label in page.button_texts if label.startswith("➕")]
        assert presets == [
            "➕ 1 person · 7 days",  # it was "1 people"
            "➕ 5 people · 14 days",
            "➕ 20 people · 30 days",
        ]
        asked = await ask_to_deactivate(coordinator, page, "🚫 Deactivate Orang 501")
        assert asked.text == (
            "🚫 Deactivate Orang 501 (Dukcapil Kota Metro)?\nThey lose access until a new invite."
        )
        assert asked.button_texts == ["Yes, deactivate", "Cancel"]
        pressed = await coordinator.press(asked, "Cancel")
        assert (await coordinator.wait_answer(pressed)).text == "OK, nothing changed."


async def test_other_region_officer_and_forged_presses_are_refused(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        before = await store.invites(pending_only=False)
        far = fake_api.user(COORDINATOR_FAR)
        await far.send("/invite")
        units = await far.wait_text("Kota Jayapura")
        assert units.button_texts == ["Puskesmas Hamadi"]
        for data in (
            cb.PeopleUnit(u=world.dukcapil),
            cb.NewInvite(u=world.dukcapil, n=5, d=14),
            cb.DeactivatePerson(t=OFFICER),
            cb.DeactivatePerson(t=COORDINATOR),
            cb.ConfirmDeactivate(u=world.dukcapil, t=OFFICER),
            cb.ConfirmDeactivate(u=world.hamadi, t=OFFICER),  # their unit, not their officer
            cb.KeepPerson(u=world.dukcapil),
        ):
            press = await far.press_data(units.message_id, data.pack())
            assert (await far.wait_answer(press)).text == "Itu di luar wilayah Anda.", data
        press = await far.press_data(
            units.message_id, cb.NewInvite(u=world.hamadi, n=0, d=14).pack()
        )
        assert (await far.wait_answer(press)).text == "Jumlah orang atau hari tidak valid."
        press = await far.press_data(units.message_id, "v1:pn:1:x:2")
        assert (await far.wait_answer(press)).text == "Tombol ini tidak berlaku."

        officer = fake_api.user(OFFICER_FAR)
        await officer.send("/undang")
        assert "untuk koordinator wilayah dan admin" in (await officer.wait_for()).text
        for data in (
            cb.NewInvite(u=world.hamadi, n=5, d=14),
            cb.ConfirmDeactivate(u=world.hamadi, t=OFFICER_FAR),  # deactivating themself
        ):
            press = await officer.press_data(1, data.pack())
            assert (await officer.wait_answer(press)).text == "Tombol ini bukan untuk Anda."

        assert await store.invites(pending_only=False) == before  # nothing created or revoked
        for telegram_id in (OFFICER, OFFICER_FAR):
            person = await store.person(telegram_id)
            assert person is not None and person.active


async def test_admin_manages_the_region_they_name(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900})})
    async with running_bot(settings, clock=clock, build=build) as app:
        admin = fake_api.user(900, "Admin")
        await admin.send("/undang")
        assert "/undang Kota" in (await admin.wait_for()).text  # name the region
        await admin.send("/undang kota jayapura")
        units = await admin.wait_text("Kota Jayapura")
        press = await admin.press(units, "Puskesmas Hamadi")
        await admin.wait_answer(press)
        page = await admin.wait_text("Puskesmas Hamadi")
        asked = await ask_to_deactivate(admin, page, "🚫 Nonaktifkan Orang 502")
        press = await admin.press(asked, "Ya, nonaktifkan")
        assert (await admin.wait_answer(press)).text == "Dinonaktifkan."
        gone = await services_of(app).store.person(OFFICER_FAR)
        assert gone is not None and not gone.active and gone.unit_id == world.hamadi


async def test_coordinators_are_told_what_they_can_see_and_do(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build):
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/ringkasan Kota Jayapura")
        told = await coordinator.wait_text("hanya dapat melihat wilayah Anda sendiri")
        assert "Kota Metro" in told.text
        summary = await coordinator.wait_text("Ringkasan")
        assert "Kota Metro" in summary.text and "Hamadi" not in summary.text
        await coordinator.wait_idle(timeout=30)
        await coordinator.send("/skor")
        refusal = await coordinator.wait_text("untuk petugas unit layanan")
        assert "/ringkasan" in refusal.text and "/tinjau" in refusal.text
        assert "/undang" in refusal.text
        await coordinator.send("/undang Kota Jayapura")
        units = await coordinator.wait_text("hanya dapat melihat wilayah Anda sendiri")
        assert units.button_texts == ["Dukcapil Kota Metro", "Puskesmas Yosodadi"]
        await coordinator.send("/tinjau Kota Jayapura")
        units = await coordinator.wait_text("hanya dapat melihat wilayah Anda sendiri")
        assert all("Hamadi" not in label for label in units.button_texts)
        officer = fake_api.user(OFFICER)
        await officer.send("/ringkasan")
        assert "untuk koordinator" in (await officer.wait_for()).text


async def test_a_name_cannot_reorder_or_escape_the_people_list(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    """A Telegram name is the person's own text: a right-to-left override in it reversed
    what followed it on /undang's line (the role, "· petugas"), and an ESC reached the
    admin's terminal through `people list`. The name is kept without such characters."""
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        invite = await store.create_invite("officer", unit_id=world.dukcapil, uses=1, days=1)
        newcomer = fake_api.user(779, "Dewi\u202e\u2066 Lestari\x1b[2J\u200f")
        await newcomer.send(f"/start {invite.code}")
        await newcomer.wait_for()
        joined = await store.person(779)
        assert joined is not None and joined.name == "Dewi Lestari[2J"
        coordinator = fake_api.user(COORDINATOR)
        await coordinator.send("/undang")
        units = await coordinator.wait_text("Orang dan undangan · Kota Metro")
        await coordinator.press(units, "Dukcapil Kota Metro")
        page = await coordinator.wait_text("Undangan yang masih berlaku")
        assert "Dewi Lestari[2J · petugas" in page.text
        assert "🚫 Nonaktifkan Dewi Lestari[2J" in page.button_texts
    assert api_errors(fake_api) == []
