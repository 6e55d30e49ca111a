"""The store: the one aiosqlite connection and every SQL statement of SiapNilai.

`Store` is composed from mixins, one per area (people and invites, self-checks,
notifications, admin, reporting), all sharing `StoreCore`'s connection, lock and helpers.
"""

from __future__ import annotations

from bot.store._admin import AdminMixin
from bot.store._delivery import DeliveryMixin
from bot.store._idempotent import (
    REMIND_ALL,
    REMIND_LAST_MONTH,
    REMIND_OFF,
    IdempotentMixin,
)
from bot.store._membership import ManagedBy, MembershipMixin
from bot.store._notifications import Notice, NotificationMixin
from bot.store._people import PRODUCT_NAME_MAX, Newcomer, PeopleMixin
from bot.store._reviews import COMMENT_MAX, ReviewMixin
from bot.store._rows import ANSWERING_GRACE, accepting, accepting_on, current_cycle
from bot.store._selfchecks import NOTE_MAX, KeyWrite, Recorded, SelfCheckMixin
from bot.store._survey import (
    DRAFT_LIFETIME,
    DraftAt,
    SurveyDraft,
    SurveyFacts,
    SurveyMixin,
    SurveyResponse,
)
from bot.store.core import Clock, StoreCore, migrate, utc_now
from bot.store.errors import (
    Ambiguous,
    Closed,
    Conflict,
    Forbidden,
    Invalid,
    InviteError,
    NotFound,
    Overlap,
    Repeated,
    StoreError,
)
from bot.store.limits import PRODUCTS_PER_UNIT
from bot.store.reporting import (
    AnswerLine,
    CoordinatorTarget,
    EvidenceLine,
    OfficerTarget,
    RegionSnapshot,
    ReminderTarget,
    ReminderTargets,
    ReportingMixin,
    UnitSnapshot,
)
from bot.store.schema import schema_version
from bot.store.types import (
    AnswerRow,
    AnswerState,
    ChatState,
    CreatedInvite,
    Cycle,
    EvidenceFile,
    EvidenceRow,
    ImportResult,
    InviteListing,
    Origin,
    Pending,
    Person,
    PersonListing,
    PressContext,
    Previous,
    Product,
    Region,
    Review,
    ReviewItem,
    Reviews,
    ReviewState,
    ReviewUnit,
    ScoreReport,
    Seen,
    SelfCheck,
    SelfCheckPress,
    Unit,
    UnitListing,
    UnitRow,
    Verdict,
    VerdictRecorded,
)


class Store(
    ReportingMixin,
    PeopleMixin,
    MembershipMixin,
    ReviewMixin,
    SelfCheckMixin,
    NotificationMixin,
    DeliveryMixin,
    IdempotentMixin,
    SurveyMixin,
    AdminMixin,
    StoreCore,
):
    """Open with `await Store.open(path)`, close with `await store.close()`."""


__all__ = [
    "ANSWERING_GRACE",
    "COMMENT_MAX",
    "DRAFT_LIFETIME",
    "NOTE_MAX",
    "PRODUCTS_PER_UNIT",
    "PRODUCT_NAME_MAX",
    "REMIND_ALL",
    "REMIND_LAST_MONTH",
    "REMIND_OFF",
    "Ambiguous",
    "AnswerLine",
    "AnswerRow",
    "AnswerState",
    "ChatState",
    "Clock",
    "Closed",
    "Conflict",
    "CoordinatorTarget",
    "CreatedInvite",
    "Cycle",
    "DraftAt",
    "EvidenceFile",
    "EvidenceLine",
    "EvidenceRow",
    "Forbidden",
    "ImportResult",
    "Invalid",
    "InviteError",
    "InviteListing",
    "KeyWrite",
    "ManagedBy",
    "Newcomer",
    "NotFound",
    "Notice",
    "OfficerTarget",
    "Origin",
    "Overlap",
    "Pending",
    "Person",
    "PersonListing",
    "PressContext",
    "Previous",
    "Product",
    "Recorded",
    "Region",
    "RegionSnapshot",
    "ReminderTarget",
    "ReminderTargets",
    "Repeated",
    "Review",
    "ReviewItem",
    "ReviewState",
    "ReviewUnit",
    "Reviews",
    "ScoreReport",
    "Seen",
    "SelfCheck",
    "SelfCheckPress",
    "Store",
    "StoreError",
    "SurveyDraft",
    "SurveyFacts",
    "SurveyResponse",
    "Unit",
    "UnitListing",
    "UnitRow",
    "UnitSnapshot",
    "Verdict",
    "VerdictRecorded",
    "accepting",
    "accepting_on",
    "current_cycle",
    "migrate",
    "schema_version",
    "utc_now",
]
