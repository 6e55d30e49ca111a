"""Row types handed out by the store: frozen dataclasses, no behaviour."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import field
from datetime import date, datetime
from typing import Any, Literal

from bot.frozen import frozen
from rubric import Gap, NextCategory, Rubric, Score, Unverified

Role = Literal["officer", "coordinator", "admin"]
Pending = Literal["na_reason", "evidence", "product_name", "note"]
Verdict = Literal["accepted", "returned"]
Seen = Literal["none", "accepted", "returned"]
"""The verdict a reviewer's screen showed standing on an answer ("none": none stood)."""
VerdictRecorded = Literal["recorded", "changed", "same", "repeated"]
"""What `record_review` did: a first verdict on the answer, a changed one (accepted after a
return or the other way round), nothing (`same` verdict already stands, or a `repeated` update)."""
NotificationStatus = Literal["claimed", "sent", "skipped", "failed"]


@frozen
class Region:
    """A Pemda (province, regency or city): its coordinators see its units, and its time zone
    dates everything."""

    id: int
    name: str
    timezone: str


@frozen
class Unit:
    """A service unit, with its region's name and time zone (what every screen of it needs)."""

    id: int
    region_id: int
    name: str
    region: str
    timezone: str


@frozen
class Product:
    """A product (service) of the unit: product-scoped items are answered once per product."""

    id: int
    unit_id: int
    name: str


@frozen
class Person:
    telegram_id: int
    name: str
    language: str | None
    """"id" | "en" | None (not chosen yet)."""
    role: Role
    unit_id: int | None
    region_id: int | None
    reminders: bool
    active: bool
    app_language: str | None = None
    """Their Telegram app's language (`language_code`) as last seen: the language when they
    chose none, also for what no update of theirs starts (reminders, notices)."""


@frozen
class Cycle:
    id: int
    rubric_id: str
    year: int
    opens: date
    closes: date
    region_id: int | None
    """None: the cycle is for every region."""
    created_at: datetime
    """When it was opened (the officers' announcement and monthly reminders start there)."""


@frozen
class SelfCheck:
    id: int
    unit_id: int
    cycle: Cycle
    rubric_id: str
    accepting: bool
    """True from creation until 60 days after the cycle closes (at the time it was read)."""
    timezone: str = "Asia/Jakarta"
    """The unit's region's time zone (times on screen are shown in it)."""


@frozen
class SelfCheckPress:
    """What a button naming a self-check needs checked, read in one go."""

    selfcheck: SelfCheck
    current: bool
    """The unit's current self-check (a button on an older cycle's message is not)."""
    checklist: list[str]
    """Its askable keys in order, as `Store.checklist` returns them."""
    states: dict[str, AnswerState] | None = None
    """Its `Store.answer_states`, when asked for (`selfcheck_press(..., states=True)`)."""


@frozen
class PressContext:
    """Who pressed a button naming a self-check, and that self-check, read in one go."""

    person: Person | None
    """As stored now; None for a stranger."""
    press: SelfCheckPress | None = None
    """The self-check the button names, when the person is an active officer who may see it."""
    refused: Literal["forbidden", "not_found"] | None = None
    """Why `press` is None although the person is an active officer."""


@frozen
class Previous:
    """The unit's previous cycle's answer to a key, offered with `Masih berlaku`."""

    answer_id: int
    option_id: str
    note: str | None
    evidence_count: int
    by_name: str | None
    at: datetime
    returned: str | None = None
    """The comment of the review that returned this answer in its cycle, if one did."""


@frozen
class Origin:
    """The previous cycle's answer a carried answer (`Masih berlaku`) confirmed: whose it
    was and when it was given."""

    answer_id: int
    by_name: str | None
    at: datetime | None


@frozen
class AnswerState:
    key: str
    option_id: str | None
    """The latest answer, None when the key has evidence but no answer yet."""
    note: str | None
    by: int | None
    at: datetime | None
    evidence_count: int
    returned: str | None = None
    """A reviewer's comment when they returned the latest answer (until answered again)."""
    version: int = 0
    """The latest answer's id (0: never answered): what a press on its screen carries."""
    by_name: str | None = None
    """The name of who gave the latest answer."""
    carried_from: Origin | None = None
    """The previous cycle's answer the latest one carried forward (`Masih berlaku`); `by_name`
    and `at` above are then who confirmed it and when."""
    previous: Previous | None = None
    """The previous cycle's answer, while this key has none of its own yet."""

    @property
    def carried(self) -> bool:
        """The latest answer was carried forward from the previous cycle (`Masih berlaku`)."""
        return self.carried_from is not None


@frozen
class AnswerRow:
    """One row of answer history."""

    id: int
    key: str
    option_id: str
    note: str | None
    by: int
    at: datetime


@frozen
class EvidenceFile:
    """A file as Telegram describes it."""

    file_id: str
    file_unique_id: str
    kind: str
    """"photo" | "document" | "video" | ..."""
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    """Bytes, as Telegram tells them (None: not told). A file over the Bot API's download
    limit (`botapi.DOWNLOAD_LIMIT`) is kept as evidence but left out of evidence packs."""
    caption: str | None = None
    media_group_id: str | None = None


@frozen
class EvidenceRow:
    """A file sent as evidence for a key, by whom and when."""

    id: int
    selfcheck_id: int
    key: str
    file: EvidenceFile
    by: int
    at: datetime


@frozen
class ChatState:
    telegram_id: int
    selfcheck_id: int | None = None
    key: str | None = None
    pending: Pending | None = None
    message_id: int | None = None
    version: int | None = None
    """The answer version of `key` the screen showed (None: not known)."""
    draft: str | None = None
    """An N/A reason or note typed on a stale screen, kept for `Ganti`."""
    ack_message_id: int | None = None
    """The one-line evidence confirmation, edited as files arrive."""
    draft_for: Literal["na_reason", "note"] | None = None
    """What `draft` was typed for: only that press's `Ganti` uses it."""


@frozen
class ScoreReport:
    score: Score
    gaps: list[Gap]
    """Ranked, as rubric.gaps returns them."""
    next_category: NextCategory | None
    rubric: Rubric
    verified: Score | None = None
    """The score counting an evidence-required item only once a reviewer accepted it."""
    unverified: list[Unverified] = field(default_factory=list)
    """Answers the verified score does not count yet, most points at stake first."""
    returned: dict[str, str] = field(default_factory=dict)
    """Key -> the reviewer's comment, for keys returned and not answered again since."""


@frozen
class CreatedInvite:
    code: str
    """The plain code: shown once, stored only as a hash."""
    role: Literal["officer", "coordinator"]
    expires_at: datetime
    unit_id: int | None = None
    region_id: int | None = None
    uses: int = 1


@frozen
class UnitRow:
    """One row of a units import."""

    region: str
    unit: str
    timezone: str | None = None
    products: tuple[str, ...] = ()
    line: int = 0
    online: bool | None = None
    """Registered as serving online (PEKPPP form B); None leaves the unit as it is."""


@frozen
class ImportResult:
    regions_added: int = 0
    units_added: int = 0
    products_added: int = 0
    timezones_updated: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    online_updated: int = 0
    respelled: tuple[tuple[str, str, str, int], ...] = ()
    """("region" | "unit" | "product", a name as a row wrote it, the name it was taken as,
    the first such row): the same name but for case."""


@frozen
class UnitListing:
    """A unit as `units list` shows it: its products and whether it serves online."""

    unit: Unit
    products: tuple[str, ...]
    online: bool = False


@frozen
class Review:
    """A reviewer's verdict on one answer of a key."""

    key: str
    answer_id: int
    verdict: Verdict
    comment: str | None
    by: int
    at: datetime


@frozen
class Reviews:
    """A self-check's reviews as they stand now (`bot.store._standing.reviews_of`)."""

    standing: dict[str, Review] = field(default_factory=dict)
    """Per key, the latest review while it stands: it judged the key's latest answer and,
    for an acceptance, no file of the key was kept or undone since."""
    judged: frozenset[str] = frozenset()
    """Keys a reviewer ever judged (any answer, standing or not)."""

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset(k for k, r in self.standing.items() if r.verdict == "accepted")

    @property
    def returned(self) -> frozenset[str]:
        return frozenset(k for k, r in self.standing.items() if r.verdict == "returned")


def in_queue(evidence_count: int, review: Review | None, judged: bool) -> bool:
    """In the review queue: no review stands for the key's latest answer, and the key has
    files or a reviewer judged it before (answering again, or changing the files under an
    acceptance, brings it back)."""
    return review is None and (evidence_count > 0 or judged)


def queue_size(answered: Iterable[str], with_files: Container[str], reviews: Reviews) -> int:
    """How many of the `answered` keys are in the review queue (`in_queue`): what /tinjau's
    unit buttons, /ringkasan and the Monday digest count."""
    return sum(
        in_queue(int(key in with_files), reviews.standing.get(key), key in reviews.judged)
        for key in answered
    )


@frozen
class ReviewItem:
    """An answered key as a reviewer sees it."""

    answer: AnswerRow
    """The key's latest answer."""
    by_name: str
    evidence_count: int
    review: Review | None
    """The review that stands for this answer (None: none since it was last answered, or
    its files changed since the acceptance)."""
    judged: bool = False
    """A reviewer judged the key before (an earlier answer, or these files before a change)."""
    evidence_ids: tuple[int, ...] = ()
    """The files kept for the key (evidence row ids, oldest first): what a reviewer is shown."""

    @property
    def waiting(self) -> bool:
        """In the review queue (`in_queue`)."""
        return in_queue(self.evidence_count, self.review, self.judged)


@frozen
class ReviewUnit:
    unit: Unit
    selfcheck_id: int | None
    """Its current self-check, None when there is none yet."""
    waiting: int


@frozen
class ReviewState:
    """Where a reviewer is in /tinjau."""

    telegram_id: int
    selfcheck_id: int | None = None
    scope: str = "queue"
    """"queue" (waiting items), "all", or "dim:<dimension id>"."""
    key: str | None = None
    return_answer: int | None = None
    """While a return awaits its typed comment: the answer being returned."""
    message_id: int | None = None
    return_over: Seen | None = None
    """While a return awaits its comment: the verdict it was pressed over (None: unknown,
    a return pressed before migration 0010)."""


@frozen
class InviteListing:
    """An invite as a manager sees it (never its code: only the hash is stored)."""

    id: int
    role: str
    region_id: int | None
    region: str
    unit_id: int | None
    unit: str
    uses: int
    uses_max: int
    expires_at: datetime
    created_at: datetime
    revoked_at: datetime | None
    pending: bool
    """Not revoked, not expired, not used up."""


@frozen
class PersonListing:
    telegram_id: int
    name: str
    role: str
    region_id: int | None
    region: str
    unit_id: int | None
    unit: str
    active: bool
    joined_at: datetime
    deactivated_at: datetime | None
