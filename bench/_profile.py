"""Summarise a py-spy folded-stack file (`py-spy record --format raw`): where the CPU goes.

`python -m bench._profile FILE [--top 40] [--match bot/,conversations/]`
Prints the share of on-CPU samples per thread, the functions with the most inclusive
samples (a function counted once per stack), and the most self samples.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]*)(?::(?P<line>\d+))?\)$")


def short(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['func']} ({path})"


def summarise(text: str, top: int, match: tuple[str, ...]) -> str:
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        threads[frames[0].split(" (")[0]] += n
        names = [short(f) for f in frames[1:]] or ["?"]
        for name in set(names):
            inclusive[name] += n
        own[names[-1]] += n
    out = [f"{total} samples"]
    out += [f"  thread {name}: {100 * n / total:.1f}%" for name, n in threads.most_common(5)]
    out.append("inclusive (top):")
    shown = 0
    for name, n in inclusive.most_common():
        if match and not any(m in name for m in match):
            continue
        out.append(f"  {100 * n / total:5.1f}%  {name}")
        shown += 1
        if shown >= top:
            break
    out.append("self (top):")
    out += [f"  {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top // 2)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._profile", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="comma-separated path fragments")
    args = parser.parse_args(argv)
    match = tuple(m for m in args.match.split(",") if m)
    print(summarise(args.file.read_text(), args.top, match))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
