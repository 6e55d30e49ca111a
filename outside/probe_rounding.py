"""Two decimals everywhere: the total is rounded half up (87.995 -> 88.00), but are the
points per dimension in /skor rounded the same way? A unit whose points are all in one
dimension must show the same number twice."""

from __future__ import annotations

import rubric
from rubric import AnswerSet


def test_probe() -> None:
    r = rubric.load_builtin("ombudsman-2024")
    dim = r.dimensions[0]
    print("\n", dim.id, dim.weight)
    # every item of the first dimension at the option worth 0.5
    answers = {}
    for item in dim.items:
        half = next((o for o in item.options if o.value == 0.5), None)
        if half is not None and item.scope == "unit":
            answers[item.id] = half.id
    s = rubric.score(r, AnswerSet(answers=answers, products=["KTP-el"]))
    d = s.dimensions[0]
    print("total", s.total, "exact", s.total_exact, "dimension", d.points, f"{d.points:.2f}")
