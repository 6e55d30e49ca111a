"""People and invites in chat (/undang) through the real bot and the fake Bot API: a
coordinator creates an officer invite (code, link, QR code), sees it used, revokes it,
deactivates an officer; a coordinator of another region, an officer and forged presses are
refused; an admin manages any region they name."""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from conversations import callbacks as cb
from tests.fakebot import FakeBotAPI
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
        press = await coordinator.press(page, "🚫 Nonaktifkan Orang 501")
        assert (await coordinator.wait_answer(press)).text == "Dinonaktifkan."
        officer = fake_api.user(OFFICER)
        await officer.send("/skor")
        # Told they were deactivated (not "you are not registered"), and the way back.
        told = (await officer.wait_for()).text
        assert "sudah dinonaktifkan" in told and "undangan baru" in told
        gone = await store.person(OFFICER)
        assert gone is not None and not gone.active  # writing again did not bring them back
        actions = [entry["action"] for entry in await store.audit_log()]
        assert {"invite.create", "invite.revoke", "person.deactivate"} <= set(actions)


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
        press = await officer.press_data(1, cb.NewInvite(u=world.hamadi, n=5, d=14).pack())
        assert (await officer.wait_answer(press)).text == "Tombol ini bukan untuk Anda."

        assert await store.invites(pending_only=False) == before  # nothing created or revoked
        person = await store.person(OFFICER)
        assert person is not None and person.active


async def test_admin_manages_the_region_they_name(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock, answers=False)
    settings = tmp_settings.model_copy(update={"admins": frozenset({900})})
    async with running_bot(settings, clock=clock, build=build):
        admin = fake_api.user(900, "Admin")
        await admin.send("/undang")
        assert "/undang Kota" in (await admin.wait_for()).text  # name the region
        await admin.send("/undang kota jayapura")
        units = await admin.wait_text("Kota Jayapura")
        press = await admin.press(units, "Puskesmas Hamadi")
        await admin.wait_answer(press)
        page = await admin.wait_text("Puskesmas Hamadi")
        press = await admin.press(page, "🚫 Nonaktifkan Orang 502")
        assert (await admin.wait_answer(press)).text == "Dinonaktifkan."
        assert world.hamadi


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
