"""Typed callback data: compact, versioned, at most 64 bytes, and nothing else unpacks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.keyref import key_ref, resolve_key
from conversations import callbacks as cb

BIG = 2**31 - 1
KEY = key_ref("proses-persyaratan@" + "Akta Kelahiran <baru> 🚀" * 4)
EVERY_KIND = [
    cb.Answer(sc=BIG, key=KEY, opt=cb.NA_OPTION, v=BIG),
    cb.Answer(sc=BIG, key=KEY, opt=12, v=0),
    cb.Open(sc=BIG, key=KEY),
    cb.Move(sc=BIG, key=KEY, to="b"),
    cb.Move(sc=BIG, key=KEY, to="s"),
    cb.ListPage(sc=BIG, page=9999),
    cb.AddEvidence(sc=BIG, key=KEY),
    cb.EvidenceDone(sc=BIG, key=KEY),
    cb.GapsPage(sc=BIG, page=9999),
    cb.AddProduct(),
    cb.StartCheck(),
    cb.SetLanguage(lang="en"),
]


@pytest.mark.parametrize("data", EVERY_KIND, ids=lambda d: type(d).__name__)
def test_round_trip_within_64_bytes(data: cb.CallbackData) -> None:
    packed = data.pack()
    assert packed.startswith("v1:")
    assert len(packed.encode()) <= 64
    assert cb.unpack(packed) == data
    assert type(data).unpack(packed) == data
    assert type(data).pattern().match(packed)
    others = [type(d) for d in EVERY_KIND if type(d) is not type(data)]
    assert not any(kind.pattern().match(packed) for kind in others)


def test_key_refs_are_short_stable_and_resolved_against_the_checklist() -> None:
    checklist = ["a", "b@KTP-el", "b@Akta"]
    assert key_ref("b@KTP-el") == key_ref("b@KTP-el")
    assert len(key_ref("x" * 500)) == 8
    assert resolve_key(key_ref("b@Akta"), checklist) == "b@Akta"
    assert resolve_key(key_ref("gone"), checklist) is None
    assert resolve_key("zz", checklist) is None


@pytest.mark.parametrize(
    "data",
    [
        "",
        "garbage",
        "v1",
        "v1:",
        "v2:a:1:00000000:0",
        "v1:zz:1",
        "v1:a:1:00000000",
        "v1:a:1:00000000:0:0:extra",
        "v1:a:one:00000000:0:0",
        "v1:a:1:00000000:zero:0",
        "v1:m:1:00000000:x",
        "v1:lang:fr",
        "v1:a:" + "9" * 80,
    ],
)
def test_malformed_data_is_refused(data: str) -> None:
    with pytest.raises(cb.CallbackDataError):
        cb.unpack(data)


def test_the_64_byte_limit_and_separators_are_checked_at_pack_time() -> None:
    class Wide(cb.CallbackData, prefix="test-wide"):
        text: str

    assert Wide(text="ok").pack() == "v1:test-wide:ok"
    with pytest.raises(ValueError, match="64 bytes"):
        Wide(text="é" * 40).pack()
    with pytest.raises(ValueError, match="contains"):
        Wide(text="a:b").pack()
    with pytest.raises(ValueError, match="taken"):

        class Clash(cb.CallbackData, prefix="a"):
            pass


def test_a_wrong_kind_is_refused() -> None:
    with pytest.raises(cb.CallbackDataError):
        cb.Open.unpack(cb.ListPage(sc=1, page=1).pack())


@given(st.text(max_size=80))
def test_anything_either_unpacks_or_raises_callback_data_error(data: str) -> None:
    try:
        parsed = cb.unpack(data)
    except cb.CallbackDataError:
        return
    assert parsed.pack() == data or cb.unpack(parsed.pack()) == parsed


def test_join_confirmation_fits_and_is_bound_to_the_opener() -> None:
    from bot.store._people import new_code
    from conversations.joining import join_tag

    code = new_code()
    assert len(code) == 32
    data = cb.ConfirmJoin(code=code, tag=join_tag(12345678901, code))
    packed = data.pack()
    assert len(packed.encode()) <= cb.MAX_BYTES
    assert cb.unpack(packed) == data and cb.ConfirmJoin.pattern().match(packed)
    assert join_tag(12345678901, code) != join_tag(12345678902, code)
    assert join_tag(12345678901, code) != join_tag(12345678901, new_code())
    assert cb.unpack(cb.CancelJoin().pack()) == cb.CancelJoin()


def test_a_field_with_a_default_may_be_missing_from_an_older_button() -> None:
    """A button sent before a field was added (still on someone's screen) unpacks with the
    default; the field comes last in every kind that has one, so nothing else shifts."""
    assert cb.unpack("v1:pr:7") == cb.RevokeInvite(i=7, p=1)
    assert cb.unpack("v1:pr:7:3") == cb.RevokeInvite(i=7, p=3)
    assert cb.RevokeInvite.pattern().match("v1:pr:7") is not None
    assert cb.RevokeInvite.pattern().match("v1:pr:7:3") is not None
    assert cb.RevokeInvite.pattern().match("v1:pr:7:3:4") is None
    for data in ("v1:pr", "v1:pr:7:3:4", "v1:pxy:5"):
        with pytest.raises(cb.CallbackDataError):
            cb.unpack(data)
    for kind in cb.CallbackData._registry.values():
        required = [info.is_required() for info in kind.model_fields.values()]
        assert required == sorted(required, reverse=True), kind.__name__


def test_a_telegram_id_may_have_52_bits_and_nothing_else_more_than_31() -> None:
    big = 6_123_456_789  # an account made after 2021
    assert cb.unpack(cb.DeactivatePerson(t=big).pack()) == cb.DeactivatePerson(t=big)
    assert cb.unpack(f"v1:pxy:3:{big}:2") == cb.ConfirmDeactivate(u=3, t=big, p=2)
    for data in (f"v1:px:{2**52 + 1}", f"v1:pxy:{big}:{big}:1", f"v1:px:7:{big}"):
        with pytest.raises(cb.CallbackDataError):
            cb.unpack(data)
