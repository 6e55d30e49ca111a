"""A deactivated officer comes back only with an invite made after the deactivation: the
unit's link they joined with (20 uses, 14 days) used to bring them straight back, so that
deactivating someone who left did nothing while that link lived."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import texts
from bot.services import services_of
from bot.store import ManagedBy
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import NOW, api_errors, join, seed


async def test_the_old_link_does_not_undo_a_deactivation(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(
        tmp_settings.database,
        units=(("Kota Metro", "Dinas Sosial", ()), ("Kota Metro", "Puskesmas Yosodadi", ())),
    )
    moments = [NOW]

    def clock() -> Any:
        return moments[-1]

    unit_code = world.codes["Dinas Sosial"]
    async with running_bot(tmp_settings, clock=clock) as app:
        store = services_of(app).store
        officer = fake_api.user(700, "Petugas", language_code="en")
        assert "Dinas Sosial" in (await join(officer, unit_code)).text
        moments.append(NOW + timedelta(hours=1))
        await store.deactivate_person(700, ManagedBy("cli:test"))

        moments.append(NOW + timedelta(hours=2))
        refused = await join(officer, unit_code)
        assert refused.text == texts.render("join.error.before_deactivation", "en")
        person = await store.person(700)
        assert person is not None and not person.active
        await officer.send("/check")
        assert "deactivated" in (await officer.wait_for()).text

        # Another unit's link (made before, too) takes them there, as it would anyone:
        # the deactivation was about their place, and that unit's people gave the link.
        other_unit = fake_api.user(702, "Pindahan", language_code="en")
        assert "Dinas Sosial" in (await join(other_unit, unit_code)).text
        moments.append(NOW + timedelta(hours=3))
        await store.deactivate_person(702, ManagedBy("cli:test"))
        moments.append(NOW + timedelta(hours=4))
        moved = await join(other_unit, world.codes["Puskesmas Yosodadi"])
        assert "Puskesmas Yosodadi" in moved.text
        person = await store.person(702)
        assert person is not None and person.active

        # A new invite, made after the deactivation, brings them back.
        fresh = await store.create_invite(
            "officer", unit_id=world.units["Dinas Sosial"], uses=1, days=7
        )
        assert "Dinas Sosial" in (await join(officer, fresh.code)).text
        person = await store.person(700)
        assert person is not None and person.active
        # Someone else still joins with the unit's link as before.
        other = fake_api.user(701, "Lain")
        assert "Dinas Sosial" in (await join(other, unit_code)).text
    assert texts.render("join.error.before_deactivation", "id").startswith("Akun Anda")
    assert api_errors(fake_api) == []
