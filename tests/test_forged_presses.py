"""Every kind of button, forged to reach another unit's or another region's data, pressed
by people who have no business there: nothing is written, nothing of the other unit is
shown, and every press gets an answer (a refusal, or the presser's own page: a page of
units forged to another region shows the presser's region). The table names every callback
kind, so a new kind of button is not done until it is here (or said to act on its presser
alone)."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import conversations
from bot.keyref import files_ref, key_ref
from bot.services import services_of
from bot.store import KeyWrite, Newcomer, Store
from conversations import callbacks as cb
from conversations.packs import PackMenu, PackUnit
from conversations.survey import SurveyAnswer, SurveyChoice
from conversations.unit_page import PageMenu, PageUnit
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors
from tests.store_fixtures import Clock
from tests.test_coordinator import COORDINATOR_FAR, OFFICER, OFFICER_FAR, START, build, prepare

SAME_REGION_OFFICER = 503  # an officer of Puskesmas Yosodadi: Kota Metro, like the victim
VICTIM_UNIT = "Dukcapil Kota Metro"

# Kinds that act on the presser alone: forging them reaches nobody else's data.
ON_THE_PRESSER = {
    cb.AddProduct: "adds a product to the presser's own unit, whose name they type next",
    cb.ReminderMode: "the presser's own reminder mode",
    cb.StartCheck: "opens the presser's own self-check",
    cb.SetLanguage: "the presser's own language",
    cb.CancelJoin: "keeps the presser where they are",
    SurveyAnswer: "moves the presser's own survey response (found by who presses)",
    SurveyChoice: "the presser's own response in progress, or a new one of their own",
}


@dataclass(frozen=True)
class Victim:
    """What the forged buttons aim at: Dukcapil Kota Metro's self-check, an answered item
    with files, its officer and a pending invite of the unit."""

    region: int
    unit: int
    selfcheck: int
    key: str
    answer: int
    files: tuple[int, ...]
    invite: int
    invite_code: str


def forged(v: Victim) -> dict[type[cb.CallbackData], cb.CallbackData]:
    ref = key_ref(v.key)
    first = v.files[0]
    return {
        cb.Answer: cb.Answer(sc=v.selfcheck, key=ref, opt=1, v=v.answer),
        cb.Note: cb.Note(sc=v.selfcheck, key=ref, v=v.answer, d=0),
        cb.Carry: cb.Carry(sc=v.selfcheck, key=ref, v=v.answer),
        cb.Open: cb.Open(sc=v.selfcheck, key=ref),
        cb.Move: cb.Move(sc=v.selfcheck, key=ref, to="s"),
        cb.ListPage: cb.ListPage(sc=v.selfcheck, page=1),
        cb.AddEvidence: cb.AddEvidence(sc=v.selfcheck, key=ref),
        cb.EvidenceDone: cb.EvidenceDone(sc=v.selfcheck, key=ref),
        cb.UndoEvidence: cb.UndoEvidence(sc=v.selfcheck, key=ref, since=first),
        cb.GapsPage: cb.GapsPage(sc=v.selfcheck, page=1),
        cb.ConfirmJoin: cb.ConfirmJoin(code=v.invite_code, tag="forged0"),
        cb.ReviewUnits: cb.ReviewUnits(r=v.region, p=1),
        cb.PeopleUnits: cb.PeopleUnits(r=v.region, p=1),
        cb.ReviewUnit: cb.ReviewUnit(u=v.unit),
        cb.ReviewScope: cb.ReviewScope(u=v.unit, s="a"),
        cb.ReviewVerdict: cb.ReviewVerdict(
            sc=v.selfcheck, key=ref, ans=v.answer, ev=files_ref(v.files), v="a", was="n"
        ),
        cb.ReviewSkip: cb.ReviewSkip(sc=v.selfcheck, key=ref),
        cb.PeopleUnit: cb.PeopleUnit(u=v.unit),
        cb.PeoplePage: cb.PeoplePage(u=v.unit, p=1),
        cb.NewInvite: cb.NewInvite(u=v.unit, n=1, d=7),
        cb.RevokeInvite: cb.RevokeInvite(i=v.invite),
        cb.DeactivatePerson: cb.DeactivatePerson(t=OFFICER),
        cb.ConfirmDeactivate: cb.ConfirmDeactivate(u=v.unit, t=OFFICER),
        cb.KeepPerson: cb.KeepPerson(u=v.unit),
        PackMenu: PackMenu(region=v.region, page=1),
        PackUnit: PackUnit(unit=v.unit),
        PageMenu: PageMenu(region=v.region, page=1),
        PageUnit: PageUnit(unit=v.unit),
    }


def kinds() -> set[type[cb.CallbackData]]:
    """Every callback kind a button can carry: each registers its prefix when its module is
    imported, so every module of the chat layer is imported first."""
    for module in pkgutil.iter_modules(conversations.__path__):
        importlib.import_module(f"conversations.{module.name}")
    registered = cb.CallbackData._registry.values()
    return {k for k in registered if k.__module__.startswith("conversations.")}  # not tests


def test_every_kind_of_button_is_forged_below_or_acts_on_its_presser_alone() -> None:
    sample = Victim(1, 1, 1, "input-sop", 1, (1,), 1, "abcd")
    listed = set(forged(sample)) | set(ON_THE_PRESSER)
    assert len(kinds()) >= 35
    assert kinds() <= listed, sorted(k.__name__ for k in kinds() - listed)
    assert not set(forged(sample)) & set(ON_THE_PRESSER)


async def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a forged press could change about someone else: answers, files, verdicts,
    invites, people, products, chat states of others."""
    tables = ("answers", "evidence", "reviews", "invites", "people", "products", "review_state")
    return {
        name: sorted(tuple(row) for row in await store._fetchall(f"SELECT * FROM {name}", ()))
        for name in tables
    }


async def the_victim(settings: Any, clock: Clock, metro: int, dukcapil: int) -> Victim:
    store = await Store.open(settings.database, clock=clock)
    try:
        puskesmas = await store.resolve_unit("Puskesmas Yosodadi")
        invite = await store.create_invite("officer", unit_id=puskesmas.id, uses=1, days=30)
        await store.join(invite.code, Newcomer(SAME_REGION_OFFICER, "Orang 503", "id"))
        pending = await store.create_invite("officer", unit_id=dukcapil, uses=3, days=30)
        officer = await store.person(OFFICER)
        assert officer is not None
        sc = await store.current_selfcheck(officer)
        assert sc is not None
        rows = await store.evidence(sc)
        key = rows[0].key
        item = store.rubric(sc.rubric_id).item(key.split("@")[0])
        assert item is not None
        await store.record_answer(
            KeyWrite(officer, sc.id, key), item.options[0].id, note="catatan SOP"
        )
        answer = (await store.answer_history(sc, key))[-1].id
        files = tuple(r.id for r in rows if r.key == key)
        listed = await store.invites(unit_id=dukcapil, pending_only=True)
        invite_id = max(i.id for i in listed)
        return Victim(metro, dukcapil, sc.id, key, answer, files, invite_id, pending.code)
    finally:
        await store.close()


async def test_forged_buttons_reach_nothing_of_another_unit(
    tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any
) -> None:
    clock = Clock(START)
    world = await prepare(tmp_settings, fake_api, clock)
    victim = await the_victim(tmp_settings, clock, world.metro, world.dukcapil)
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store = services_of(app).store
        before = await snapshot(store)
        presses = forged(victim)
        attackers = {
            "an officer of another region": fake_api.user(OFFICER_FAR),
            "an officer of another unit of the region": fake_api.user(SAME_REGION_OFFICER),
            "a coordinator of another region": fake_api.user(COORDINATOR_FAR),
        }
        for who, user in attackers.items():
            await user.send("/bantuan")  # a message of the bot to press on
            shown = await user.wait_for()
            for kind, data in presses.items():
                pressed = await user.press_data(shown.message_id, data.pack())
                await user.wait_answer(pressed, timeout=10)  # answered, refusal or not
                await user.wait_idle(quiet=0.05)
                assert await snapshot(store) == before, (who, kind.__name__)
            seen = "\n".join(
                [m.text for m in user.events] + [b for m in user.events for b in m.button_texts]
            )
            assert VICTIM_UNIT not in seen and "Orang 501" not in seen, who
            assert "bukti 0" not in seen and "SOP" not in seen, who  # the files' captions/names
    assert api_errors(fake_api) == []
