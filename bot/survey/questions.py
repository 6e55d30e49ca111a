"""The questionnaire as data: ids, option counts and values, in the order it is asked.

Wording lives in the text catalogues (`survey.q.<ID>` and `survey.o.<ID>.<n>`); this module
only says what is asked and what each answer is worth, so the arithmetic and the store never
depend on a language.
"""

from __future__ import annotations

from typing import Literal

from bot.frozen import frozen

Part = Literal["skm", "mal", "trust", "profile", "suggestion"]

SKM_ELEMENTS: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
"""The nine elements (unsur) of Permen PANRB 14/2017, in the regulation's order: persyaratan;
sistem, mekanisme dan prosedur; waktu penyelesaian; biaya/tarif; produk spesifikasi jenis
pelayanan; kompetensi pelaksana; perilaku pelaksana; sarana dan prasarana; penanganan
pengaduan, saran dan masukan."""

MALADMINISTRATION: tuple[str, ...] = (
    "waktu",  # the time: as promised, or slow (penundaan berlarut)
    "prosedur",  # the procedure: easy, or complicated / not followed
    "persyaratan",  # the requirements: easy to meet, or hard / beyond the standard
    "biaya",  # the fee: as stated, or more (pungli)
    "produk",  # the product: as applied for, or not
    "imbalan",  # asked for a payment or gift (permintaan imbalan)
    "diskriminasi",  # treated differently from others (diskriminasi)
)
"""The users' perception of maladministration: the 2025 questions (domain §8.1, Lampung
office) plus the earlier Inperma indicators of asked-for payment and discrimination. Option 1
is "no maladministration", option 2 "maladministration"; a share is of option 2."""

TRUST = "kepercayaan"
PROFILE: tuple[str, ...] = ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")
PROFILE_OPTIONS: dict[str, int] = {"usia": 5, "jenis_kelamin": 2, "pendidikan": 6, "pekerjaan": 5}
SUGGESTION = "saran"
SUGGESTION_MAX = 1000
"""Characters kept of a suggestion (a longer one is refused with its length)."""


@frozen
class Question:
    id: str
    part: Part
    options: int
    """How many option buttons (0: the free-text suggestion)."""
    skippable: bool = False

    def value(self, option: int) -> int:
        """What option `option` (1 = first button) is worth: SKM and trust 4..1, best first;
        maladministration 0 (none) or 1 (reported); profile the option number itself."""
        if not 1 <= option <= self.options:
            raise ValueError(f"{self.id}: no option {option}")
        if self.part in ("skm", "trust"):
            return 5 - option
        if self.part == "mal":
            return option - 1
        return option


QUESTIONS: tuple[Question, ...] = (
    *(Question(e, "skm", 4) for e in SKM_ELEMENTS),
    *(Question(m, "mal", 2) for m in MALADMINISTRATION),
    Question(TRUST, "trust", 4),
    *(Question(p, "profile", PROFILE_OPTIONS[p], skippable=True) for p in PROFILE),
    Question(SUGGESTION, "suggestion", 0, skippable=True),
)
TOTAL = len(QUESTIONS)
REQUIRED = sum(1 for q in QUESTIONS if not q.skippable)


def question(step: int) -> Question:
    """The question at 0-based `step` (IndexError past the end)."""
    if not 0 <= step < TOTAL:
        raise IndexError(step)
    return QUESTIONS[step]
