"""Typed callback data: one small frozen model per button kind.

Wire format: ``v1:<prefix>:<field>:<field>...`` (at most 64 bytes, checked at pack time).
A field added to a kind later has a default and comes last: a button sent before it (still
on someone's screen) lacks it and unpacks with the default.
Fields are compact: a self-check id, a short hash of an answer key (`key_ref`), an option
index, a page number. Nothing here is trusted: handlers re-check every press against the
store (the presser's unit and role, the self-check is theirs and current, the key and the
option still exist).

Other flows define their own kinds by subclassing `CallbackData` with a new `prefix`
and registering a handler with `Kind.pattern()` (the press decorators of
`conversations.auth` register theirs for the kind they unpack).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from conversations.bounds import TelegramId, out_of_bounds

VERSION = "v1"
MAX_BYTES = 64
_SEP = ":"


class CallbackDataError(ValueError):
    """Data that is not ours, not this version, or malformed."""


class CallbackData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    prefix: ClassVar[str]
    _registry: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is None:
            return
        if _SEP in prefix or not prefix:
            raise ValueError(f"bad callback prefix {prefix!r}")
        if prefix in CallbackData._registry:
            raise ValueError(f"callback prefix {prefix!r} is taken")
        cls.prefix = prefix
        CallbackData._registry[prefix] = cls

    def pack(self) -> str:
        parts = [VERSION, self.prefix]
        for name in type(self).model_fields:
            value = getattr(self, name)
            text = str(value)
            if _SEP in text:
                raise ValueError(f"callback field {name}={text!r} contains {_SEP!r}")
            parts.append(text)
        data = _SEP.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data {data!r} is over {MAX_BYTES} bytes")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self:
        parsed = unpack(data)
        if not isinstance(parsed, cls):
            raise CallbackDataError(f"not a {cls.__name__}: {data!r}")
        return parsed

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        """Matches this kind's data with the right number of fields (values are checked by
        `unpack`)."""
        fields = "".join(
            rf"{_SEP}[^{_SEP}]*" if info.is_required() else rf"(?:{_SEP}[^{_SEP}]*)?"
            for info in cls.model_fields.values()
        )
        return re.compile(rf"^{VERSION}{_SEP}{re.escape(cls.prefix)}{fields}$")


def kind_of(data: object) -> type[CallbackData] | None:
    """The kind a button's data names by its prefix, unchecked (None: not ours). Enough to
    route a press; `unpack` checks its fields."""
    parts = data.split(_SEP, 2) if isinstance(data, str) else []
    return CallbackData._registry.get(parts[1]) if len(parts) > 1 and parts[0] == VERSION else None


def unpack(data: str | None) -> CallbackData:
    """Parse any of our callback data; raises `CallbackDataError` for anything else."""
    if not data or len(data.encode()) > MAX_BYTES:
        raise CallbackDataError("empty or oversized callback data")
    parts = data.split(_SEP)
    if len(parts) < 2 or parts[0] != VERSION:
        raise CallbackDataError(f"unknown version in {data!r}")
    kind = CallbackData._registry.get(parts[1])
    if kind is None:
        raise CallbackDataError(f"unknown kind in {data!r}")
    names = list(kind.model_fields)
    values = parts[2:]
    required = sum(1 for info in kind.model_fields.values() if info.is_required())
    # Fields with a default come last and may be missing: a button sent before they were
    # added (still on someone's screen) keeps working, with the default.
    if not required <= len(values) <= len(names):
        raise CallbackDataError(f"wrong field count in {data!r}")
    try:
        parsed = kind.model_validate(dict(zip(names[: len(values)], values, strict=True)))
    except ValidationError as exc:
        raise CallbackDataError(f"invalid {kind.__name__}: {data!r}") from exc
    if out_of_bounds(parsed):  # a forged huge number never reaches the store
        raise CallbackDataError(f"number out of bounds in {data!r}")
    return parsed


NA_OPTION = -1
"""The option index that means "Tidak berlaku" (N/A)."""


# Self-check ---------------------------------------------------------------------------


class ItemPress(CallbackData):
    """A button about one item of one self-check: `sc` the self-check, `key` the `key_ref`
    of its answer key (resolved against the current checklist on press). Releases before
    the reference put the key itself there (`v1:o:1:input-paham-tugas`): such a button,
    still on a screen after an upgrade, is not ours any more ("Tombol ini tidak berlaku"),
    never "no longer on the list" about an item that is there."""

    sc: int
    key: str = Field(pattern=r"^[0-9a-f]{8}$")


class Answer(ItemPress, prefix="a"):
    """Answer an item: option index into the item's options, or NA_OPTION. `v` is the
    item's answer version the screen showed (optimistic concurrency: a press on a stale
    screen writes nothing; `Ganti` is this button with the current version)."""

    opt: int
    v: int


class Note(ItemPress, prefix="n"):
    """📝 Catatan on the current answer (`v`: its version on screen); `d` 1: `Ganti` after a
    colleague's change, saving the note typed on the stale screen."""

    v: int
    d: int


class Carry(ItemPress, prefix="k"):
    """`Masih berlaku`: keep the previous cycle's answer, note and files (`v`: the version
    on screen)."""

    v: int


class Open(ItemPress, prefix="o"):
    """Show an item's question (from the list, a gap, or after evidence)."""


class Move(ItemPress, prefix="m"):
    """Back to the previous item or skip to the next unanswered one."""

    to: Literal["b", "s"]


class ListPage(CallbackData, prefix="l"):
    """A page of the item list (Daftar)."""

    sc: int
    page: int


class AddEvidence(ItemPress, prefix="e"):
    """`📎 Tambah bukti`: files for the item are awaited."""


class EvidenceDone(ItemPress, prefix="d"):
    """`Nanti` / `Selesai`: leave the evidence prompt and go on."""


class UndoEvidence(ItemPress, prefix="u"):
    """`↩ Batalkan` under a confirmation: remove the presser's files for the key kept since
    file `since` (the first the confirmation counted)."""

    since: int


class GapsPage(CallbackData, prefix="g"):
    sc: int
    page: int


# Products and preferences -------------------------------------------------------------


class AddProduct(CallbackData, prefix="pa"):
    pass


class ReminderMode(CallbackData, prefix="rm"):
    """/pengingat's choices: 1 all, 2 only the last month, 0 off."""

    m: int


class StartCheck(CallbackData, prefix="c"):
    """Open the self-check (`/periksa`) from a button."""


class SetLanguage(CallbackData, prefix="lang"):
    lang: Literal["id", "en"]


# Joining ------------------------------------------------------------------------------


class ConfirmJoin(CallbackData, prefix="jy"):
    """`Pindah`: redeem an invite code that moves the presser. `tag` binds the button to the
    person who opened the code (`joining.join_tag`); the code is checked again on press."""

    code: str
    tag: str


class CancelJoin(CallbackData, prefix="jn"):
    """`Batal`: keep the current role and place; nothing is redeemed."""


# Review (/tinjau), people and invites (/undang) ---------------------------------------


class UnitPress(CallbackData):
    """A coordinator's (or admin's) button about one unit `u` (checked against their
    region on press)."""

    u: int


class UnitsPage(CallbackData):
    """Another page of a region's unit buttons under /tinjau or /undang: `r` the region
    listed, `p` the page (1-based)."""

    r: int
    p: int


class ReviewUnits(UnitsPage, prefix="rul"):
    """A page of /tinjau's units."""


class PeopleUnits(UnitsPage, prefix="pul"):
    """A page of /undang's units."""


class ReviewUnit(UnitPress, prefix="ru"):
    """A unit chosen for review: show which of its items to walk."""


class ReviewScope(UnitPress, prefix="rq"):
    """Walk a unit's items: `s` is "q" (waiting), "a" (all answered) or "d<n>" (dimension n)."""

    s: str


class ReviewVerdict(ItemPress, prefix="rv"):
    """`✅ Sesuai` (v="a") or `↩ Kembalikan` (v="r") on the answer `ans` of a key, shown with
    the files `ev` (`keyref.files_ref`) and the verdict `was` standing then ("n" none, "a"
    accepted, "r" returned)."""

    ans: int
    ev: str
    v: Literal["a", "r"]
    was: Literal["n", "a", "r"]


class ReviewSkip(ItemPress, prefix="rs"):
    """`⏭ Lewati`: the next item; this one stays unreviewed."""


class PeopleUnit(UnitPress, prefix="pu"):
    """A unit's people and pending invites."""


class PeoplePage(UnitPress, prefix="pup"):
    """Page `p` (1-based) of unit `u`'s people and pending invites: a unit can have more of
    them than one message's text and keyboard hold."""

    p: int


class NewInvite(UnitPress, prefix="pn"):
    """A new officer invite for unit `u`: `n` uses, valid `d` days."""

    n: int
    d: int


class RevokeInvite(CallbackData, prefix="pr"):
    """`✖ Cabut #i`: revoke invite `i`; the unit's page `p` is shown again (buttons made
    before pages were remembered carry no `p`: page 1)."""

    i: int
    p: int = 1


class DeactivatePerson(CallbackData, prefix="px"):
    """`🚫 Nonaktifkan NAME`: ask to confirm the deactivation of the officer `t`, pressed on
    page `p` of the unit's people (where the confirmation's answer returns)."""

    t: TelegramId
    p: int = 1


class ConfirmDeactivate(UnitPress, prefix="pxy"):
    """`Ya, nonaktifkan`: deactivate the officer `t` of unit `u` (the unit the confirmation
    showed them in; checked again on press); then the unit's page `p` again."""

    t: TelegramId
    p: int = 1


class KeepPerson(UnitPress, prefix="pxn"):
    """`Batal` under a deactivation's confirmation: unit `u`'s page `p` again, nothing
    changed."""

    p: int = 1
