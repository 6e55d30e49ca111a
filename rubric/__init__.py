"""SiapNilai's assessment instruments as data, and the pure scoring engine."""

from rubric._models import LANGS, NA, Band, Dimension, Item, Lang, Option, Rubric, Text
from rubric._scoring import (
    AnswerSet,
    DimensionScore,
    Gap,
    NextCategory,
    Score,
    answer_key,
    gaps,
    next_category,
    score,
)

__all__ = [
    "LANGS",
    "NA",
    "AnswerSet",
    "Band",
    "Dimension",
    "DimensionScore",
    "Gap",
    "Item",
    "Lang",
    "NextCategory",
    "Option",
    "Rubric",
    "Score",
    "Text",
    "answer_key",
    "gaps",
    "next_category",
    "score",
]
