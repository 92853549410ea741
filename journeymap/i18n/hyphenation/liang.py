"""Liang's hyphenation (the algorithm of TeX) over the German patterns shipped beside this module.

Why not a library: Pyphen and PyHyphen carry the LGPL/GPL/MPL dictionaries of LibreOffice, and our
users install only permissive licences; the TeX patterns themselves are MIT (LICENSE-hyph-de-1996.txt),
and the algorithm is a dozen lines. Chromium could hyphenate with CSS `hyphens: auto`, but Debian's
build ships no hyphenation dictionaries, so the printed report would still split words anywhere.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

SOFT_HYPHEN = "\u00ad"
PATTERN_FILES = {"de": "hyph-de-1996.pat.txt.gz"}
LEFT_MIN, RIGHT_MIN = 2, 2          # the patterns' hyphenmins: no break leaves fewer letters on either side
SHORTEST = 6                        # shorter words fit any column; breaking them reads worse than not
WORD = re.compile(r"[^\W\d_]{%d,}" % SHORTEST)


@lru_cache(maxsize=4)
def _patterns(lang: str) -> tuple[dict[str, tuple[int, ...]], int]:
    """The language's patterns as letters -> inter-letter values ('ab3a' -> 'aba': (0, 0, 3, 0)), and the longest."""
    packed = files("journeymap.i18n.hyphenation").joinpath(PATTERN_FILES[lang]).read_bytes()
    patterns: dict[str, tuple[int, ...]] = {}
    for pattern in gzip.decompress(packed).decode("utf-8").split():
        letters = re.sub(r"\d", "", pattern)
        values = [0] * (len(letters) + 1)
        position = 0
        for char in pattern:
            if char.isdigit():
                values[position] = int(char)
            else:
                position += 1
        patterns[letters] = tuple(values)
    return patterns, max(map(len, patterns))


def breaks(word: str, lang: str) -> list[int]:
    """The positions inside the word where it may be broken (index of the first letter after the break)."""
    patterns, longest = _patterns(lang)
    work = f".{word.lower()}."
    if len(work) != len(word) + 2:          # a letter whose lower case is longer ('İ'): leave the word whole
        return []
    points = [0] * (len(work) + 1)
    for start in range(len(work)):
        for end in range(start + 1, min(len(work), start + longest) + 1):
            values = patterns.get(work[start:end])
            if values:
                for offset, value in enumerate(values):
                    points[start + offset] = max(points[start + offset], value)
    # points[i] sits before work[i]; the word's letter k is work[k + 1]
    return [k for k in range(LEFT_MIN, len(word) - RIGHT_MIN + 1) if points[k + 1] % 2]


def hyphenate(text: str, lang: str | None) -> str:
    """The text with soft hyphens where its long words may break; unchanged in a language without patterns."""
    if lang not in PATTERN_FILES or not text:
        return text
    return WORD.sub(lambda match: _soft(match.group(0), lang), text)


def _soft(word: str, lang: str) -> str:
    pieces, last = [], 0
    for position in breaks(word, lang):
        pieces.append(word[last:position])
        last = position
    pieces.append(word[last:])
    return SOFT_HYPHEN.join(pieces)
