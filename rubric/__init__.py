"""SiapNilai's assessment instruments as data, and the pure scoring engine."""

from rubric._loader import RubricError, builtin_ids, load_builtin, load_file, parse_rubric
from rubric._models import LANGS, NA, Band, Dimension, Item, Lang, Option, Rubric, Text, round2
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
    "RubricError",
    "Score",
    "Text",
    "answer_key",
    "builtin_ids",
    "gaps",
    "load_builtin",
    "load_file",
    "next_category",
    "parse_rubric",
    "round2",
    "score",
]
