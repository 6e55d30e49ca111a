"""The store: the one aiosqlite connection and every SQL statement of SiapNilai.

`Store` is composed from mixins, one per area (people and invites, self-checks,
notifications, admin, reporting), all sharing `StoreCore`'s connection, lock and helpers.
"""

from __future__ import annotations

from bot.store._admin import AdminMixin
from bot.store._notifications import NotificationMixin
from bot.store._people import PeopleMixin
from bot.store._selfchecks import NOTE_MAX, SelfCheckMixin
from bot.store.core import Clock, StoreCore, migrate, schema_version, utc_now
from bot.store.errors import (
    Ambiguous,
    Closed,
    Forbidden,
    Invalid,
    InviteError,
    NotFound,
    StoreError,
)
from bot.store.reporting import ReportingMixin
from bot.store.types import (
    AnswerRow,
    AnswerState,
    ChatState,
    CreatedInvite,
    Cycle,
    EvidenceFile,
    EvidenceRow,
    ImportResult,
    Person,
    PressContext,
    Product,
    Region,
    ScoreReport,
    SelfCheck,
    SelfCheckPress,
    Unit,
    UnitListing,
    UnitRow,
)


class Store(
    ReportingMixin,
    PeopleMixin,
    SelfCheckMixin,
    NotificationMixin,
    AdminMixin,
    StoreCore,
):
    """Open with `await Store.open(path)`, close with `await store.close()`."""


__all__ = [
    "NOTE_MAX",
    "Ambiguous",
    "AnswerRow",
    "AnswerState",
    "ChatState",
    "Clock",
    "Closed",
    "CreatedInvite",
    "Cycle",
    "EvidenceFile",
    "EvidenceRow",
    "Forbidden",
    "ImportResult",
    "Invalid",
    "InviteError",
    "NotFound",
    "Person",
    "PressContext",
    "Product",
    "Region",
    "ScoreReport",
    "SelfCheck",
    "SelfCheckPress",
    "Store",
    "StoreError",
    "Unit",
    "UnitListing",
    "UnitRow",
    "migrate",
    "schema_version",
    "utc_now",
]
