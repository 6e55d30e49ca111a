"""The SKM arithmetic of Permen PANRB 14/2017, pure and exact (fractions, no floats).

NRR per element = sum of the answers (1..4) ÷ respondents; IKM = 25 × the mean of the nine
NRRs (the regulation's weight 1/9 taken exactly: spreadsheets that round it to 0.111 report
slightly less). Shown with two decimals, rounded half up. Bands (domain §8.3): A Sangat Baik
88.31–100, B Baik 76.61–88.30, C Kurang Baik 65.00–76.60, D Tidak Baik 25.00–64.99; an
element's NRR × 25 takes the same band. The sample size for a population comes from
Krejcie & Morgan (1970), the table the regulation points to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from bot.frozen import frozen
from bot.survey.questions import SKM_ELEMENTS

BANDS: tuple[tuple[Decimal, str, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik", "Very good"),
    (Decimal("76.61"), "B", "Baik", "Good"),
    (Decimal("65.00"), "C", "Kurang Baik", "Fair"),
    (Decimal("0"), "D", "Tidak Baik", "Poor"),
)


def round2(value: Fraction) -> Decimal:
    """Two decimals, half up, from the exact fraction (no binary float on the way)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band(ikm: Decimal) -> tuple[str, str, str]:
    """(letter, Indonesian label, English label) of a two-decimal IKM value."""
    for floor, letter, label_id, label_en in BANDS:
        if ikm >= floor:
            return letter, label_id, label_en
    return BANDS[-1][1:]


class _Banded:
    """A two-decimal value on the IKM scale and its band: the IKM and an element's NRR × 25
    take the same bands (domain §8.3)."""

    def _on_scale(self) -> Decimal:
        raise NotImplementedError

    @property
    def category(self) -> str:
        return band(self._on_scale())[0]

    def label(self, lang: str) -> str:
        _, label_id, label_en = band(self._on_scale())
        return label_en if lang == "en" else label_id


@frozen
class Element(_Banded):
    id: str
    total: int
    nrr: Fraction

    @property
    def nrr2(self) -> Decimal:
        return round2(self.nrr)

    @property
    def converted(self) -> Decimal:
        """NRR × 25 (the element on the IKM scale), two decimals."""
        return round2(self.nrr * 25)

    def _on_scale(self) -> Decimal:
        return self.converted


@frozen
class Ikm(_Banded):
    respondents: int
    elements: tuple[Element, ...]
    exact: Fraction

    @property
    def value(self) -> Decimal:
        return round2(self.exact)

    def _on_scale(self) -> Decimal:
        return self.value


def ikm(answers: Iterable[Mapping[str, int]]) -> Ikm | None:
    """The IKM of complete responses (each maps every element id to 1..4); None for none."""
    rows: Sequence[Mapping[str, int]] = list(answers)
    if not rows:
        return None
    n = len(rows)
    elements = []
    for element in SKM_ELEMENTS:
        total = 0
        for row in rows:
            value = row[element]
            if not 1 <= value <= 4:
                raise ValueError(f"{element}={value}: an SKM answer is 1..4")
            total += value
        elements.append(Element(element, total, Fraction(total, n)))
    exact = 25 * sum((e.nrr for e in elements), Fraction(0)) / len(SKM_ELEMENTS)
    return Ikm(n, tuple(elements), exact)


def krejcie_morgan(population: int) -> int:
    """The sample size for `population` (95% confidence, ±5%, P = 0.5): the formula behind
    Krejcie & Morgan's table, s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded to the nearest
    whole respondent as the published table is (N = 500 -> 217, N = 100 000 -> 383)."""
    if population < 1:
        raise ValueError("population must be at least 1")
    chi2, p, d = Fraction(3841, 1000), Fraction(1, 2), Fraction(5, 100)
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, math.floor(s + Fraction(1, 2)))
