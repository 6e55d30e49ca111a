"""SiapNilai's assessment instruments as data, and the pure scoring engine."""

from rubric._loader import RubricError, builtin_ids, load_builtin, load_file, parse_rubric
from rubric._models import LANGS, NA, Band, Dimension, Item, Lang, Option, Rubric, Text, round2
from rubric._scoring import (
    AnswerSet,
    DimensionScore,
    Gap,
    NextCategory,
    Score,
    gaps,
    next_category,
    score,
)
from rubric._walk import (
    TYPED_NA,
    Entry,
    answer_key,
    at_risk,
    checklist,
    next_unanswered,
    split_key,
    typed_option,
)

__all__ = [
    "LANGS",
    "NA",
    "TYPED_NA",
    "AnswerSet",
    "Band",
    "Dimension",
    "DimensionScore",
    "Entry",
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
    "at_risk",
    "builtin_ids",
    "checklist",
    "gaps",
    "load_builtin",
    "load_file",
    "next_category",
    "next_unanswered",
    "parse_rubric",
    "round2",
    "score",
    "split_key",
    "typed_option",
]
