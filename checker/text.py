"""Text folding and similarity: the sole user of rapidfuzz.

Folding (contract 7): NFKC, typographic dashes to ``-``, curly quotes and apostrophes to
``'`` and ``"``, runs of whitespace to one space; :func:`normalise` adds case-folding.
Similarity is the contract's fuzzy score, ``token_sort_ratio`` with rapidfuzz's default
processor, for names and ``text`` values alike; :func:`best_passage` aligns a quote
inside an archived text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process, utils

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_FOLD = str.maketrans(
    {
        **{c: "-" for c in _DASHES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: '"' for c in _DOUBLE_QUOTES},
    }
)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, typographic dashes and quotes folded, whitespace runs to one space; case kept."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip()


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The comparison form of a name or text value: :func:`fold` plus case-folding."""
    return fold(text).casefold()


def text_score(a: str, b: str) -> float:
    """The contract's fuzzy score (0-100) of two strings."""
    return float(fuzz.token_sort_ratio(fold(a), fold(b), processor=utils.default_process))


def scores_at_least(query: str, choices: list[str], cutoff: float) -> list[tuple[str, float, int]]:
    """Every choice whose fuzzy score against ``query`` reaches ``cutoff``, as (choice,
    score, index), in no particular order. ``query`` and ``choices`` are taken as already
    folded (registry aliases are folded once, when indexed)."""
    return [
        (choice, float(score), index)
        for choice, score, index in process.extract(
            query,
            choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=cutoff,
            limit=None,
        )
    ]


def best_name(text: str, names: list[str], cutoff: float) -> tuple[int, float] | None:
    """The index and score of the name in ``names`` closest to ``text`` by the contract's
    fuzzy score, if it reaches ``cutoff``; used to find registered names in an article."""
    found = process.extractOne(
        text, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
        score_cutoff=cutoff,
    )  # fmt: skip
    return None if found is None else (found[2], float(found[1]))


def best_passage(needle: str, haystack: str, cutoff: float) -> tuple[float, int, int] | None:
    """Where ``needle`` aligns best inside ``haystack``, if it scores ``cutoff`` or more.

    Returns (score 0-100, start, end) of the passage in ``haystack``, by rapidfuzz's
    partial-ratio alignment; used to find a claim's quote in its source's archived text.
    """
    found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=cutoff)
    if found is None:
        return None
    return float(found.score), found.dest_start, found.dest_end
