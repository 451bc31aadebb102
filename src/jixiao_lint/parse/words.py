"""The words of an indicator name, and its head: the word that says what it counts and which way is better.

Chinese names are head-final, but a word found by its characters alone is not always a word of the
name: 矛盾纠纷调处成功率 ends in the characters 功率 (power), while its words are 矛盾 纠纷 调处 成功率 —
it counts a ratio. So a name is first cut into words, and a lexicon's word is its head only where it
begins and ends on a cut:

    cuts("调处成功率", dictionary)       {0, 2, 5}: 调处 | 成功率
    head("调处成功率", {"功率", "率"})    "率"  (功率 begins inside 成功率; 率 is a suffix, see below)
    head("发电机额定功率", {"功率", "率"})  "功率"
    head("产品不合格率", {"合格率", "不合格率"})  "不合格率"

The cut covers the name with as few characters outside the dictionary as it can, and among those
cuts takes the one of most words: 成功|率 beats 成|功率 because 成 alone is no word, and 发生|次数 beats
发生次数 in one piece, so that the head of 火灾发生次数 is still 次数 (a count of times) for the unit check
while the polarity lexicon's 发生次数, which begins and ends on cuts, is the head it reads. A
one-character word of a vocabulary (率, a bound suffix) is the head of the word it ends, whatever that
word is.

Why not jieba itself: on this project's machines `import jieba` takes 0.8–1.0 s (it imports
pkg_resources) and its dictionary 4 s more to load, where a whole pre-commit run on one form has 0.1 s.
The names of these forms use a few hundred words, and what decides a head is whether a lexicon word is
covered by a longer word: the dictionary is the lexicons' own words plus rules/lexicons/words.yaml.
"""

from __future__ import annotations

from typing import Collection

def cuts(text: str, dictionary: Collection[str], longest: int) -> frozenset[int]:
    """The positions between the words of `text` (0 and len(text) included): the route through the text
    with the fewest characters no dictionary word covers, and of those the one with most words."""
    size = len(text)
    # best[i]: (characters left uncovered, −words) of the best route through text[i:], and the length
    # of its first step; computed from the end, as jieba computes its route
    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (size + 1)
    for start in range(size - 1, -1, -1):
        choice = None
        for length in range(min(longest, size - start), 0, -1):  # longest first: ties keep the long word
            if text[start:start + length] in dictionary:
                after = best[start + length]
                if choice is None or (after[0], after[1] - 1) < choice[:2]:
                    choice = (after[0], after[1] - 1, length)
        after = best[start + 1]
        if choice is None or (after[0] + 1, after[1]) < choice[:2]:  # one character, no word
            choice = (after[0] + 1, after[1], 1)
        best[start] = choice
    positions, at = [0], 0
    while at < size:
        at += best[at][2]
        positions.append(at)
    return frozenset(positions)


def head(text: str, vocabulary: Collection[str], longest: int, word_cuts: frozenset[int]) -> tuple[str, int] | None:
    """The word of `vocabulary` that ends last in `text` on a cut, the longest of those ending there, with
    the position where it ends; None when no such word is in the text."""
    for end in range(len(text), 0, -1):
        if end not in word_cuts:
            continue
        for length in range(min(longest, end), 0, -1):
            word = text[end - length:end]
            if word in vocabulary and (length == 1 or end - length in word_cuts):
                return word, end
    return None
