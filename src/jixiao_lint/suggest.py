"""Did-you-mean: the closest known word by edit distance, counting a swap of neighbours as one edit
(`scroe` → `score`, not `core`)."""

from __future__ import annotations

from typing import Iterable


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, options: Iterable[str], max_ratio: float = 0.4) -> str | None:
    """The option nearest to `word`, if it is near enough (distance at most max_ratio of the length)."""
    best: tuple[int, str] | None = None
    for option in options:
        distance = edit_distance(word.lower(), option.lower())
        if best is None or distance < best[0]:
            best = (distance, option)
    if best is None or best[0] > max(1, round(max_ratio * max(len(word), len(best[1])))):
        return None
    return best[1]
