"""Entities, properties, alias normalisation and fuzzy name resolution.

The sole user of rapidfuzz. Resolution order (contract 1.2): exact id; exact alias or
label after normalisation; the id again, spelt with other case, spaces or hyphens; fuzzy
match over labels and aliases (never ids) at or above ``fuzzy_threshold``. Properties
that do not resolve are errors, subjects and entity values become ad-hoc entities.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of resolving one name.

    ``how`` is ``id``, ``exact``, ``fuzzy``, ``ambiguous`` or ``none``; for fuzzy and
    ambiguous matches ``matched`` names the alias (or ids) and ``score`` its score.
    """

    id: str | None
    how: str
    score: float = 100.0
    matched: str = ""
    candidates: tuple[str, ...] = ()


class Names:
    """An alias index over one kind of registry entry (entities or properties)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.ids: set[str] = set()
        self._loose_ids: dict[str, set[str]] = {}  # id_key(id) -> ids
        self._exact: dict[str, set[str]] = {}
        self._choices: list[str] = []
        self._owners: list[str] = []
        self._cache: dict[str, Match] = {}

    def add(self, entry_id: str, names: tuple[str, ...]) -> list[tuple[str, str]]:
        """Index an entry's label and aliases; returns (name, other id) for shared aliases."""
        self.ids.add(entry_id)
        self._loose_ids.setdefault(id_key(entry_id), set()).add(entry_id)
        shared: list[tuple[str, str]] = []
        # An id is matched as an id (step 1, and by id_key below), never as an alias: it
        # takes no part in exact-alias or fuzzy matching (contract 1.2).
        for name in dict.fromkeys(names):
            key = normalise(name)
            if not key:
                continue
            owners = self._exact.setdefault(key, set())
            for other in sorted(owners - {entry_id}):
                shared.append((name, other))
            if entry_id not in owners:
                owners.add(entry_id)
                self._choices.append(fold(name))
                self._owners.append(entry_id)
        return shared

    def resolve(self, name: str) -> Match:
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = self._resolve(name)
        return found

    def _resolve(self, name: str) -> Match:
        if name in self.ids:
            return Match(name, "id")
        key = normalise(name)
        owners = self._exact.get(key)
        if owners:
            if len(owners) == 1:
                return Match(next(iter(owners)), "exact", matched=name)
            return Match(None, "ambiguous", matched=name, candidates=tuple(sorted(owners)))
        # A name that differs from an id only by case, spaces, hyphens or underscores
        # (``Crimea Annexation``) is that id, not an approximate match.
        loose = self._loose_ids.get(id_key(name))
        if loose and len(loose) == 1:
            return Match(next(iter(loose)), "id")
        if not key or not self._choices:
            return Match(None, "none")
        results = process.extract(
            fold(name),
            self._choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=self.threshold,
            limit=None,
        )
        if not results:
            return Match(None, "none")
        best = max(score for _, score, _ in results)
        top = sorted({self._owners[i] for _, score, i in results if score == best})
        alias = min(choice for choice, score, _ in results if score == best)
        if len(top) > 1:
            return Match(None, "ambiguous", best, alias, tuple(top))
        return Match(top[0], "fuzzy", best, alias)


_ID_GAPS = re.compile(r"[\s_-]+")


def id_key(name: str) -> str:
    """A name as an id would spell it: normalised, runs of spaces, hyphens and
    underscores one hyphen (``Crimea  Annexation`` -> ``crimea-annexation``)."""
    return _ID_GAPS.sub("-", normalise(name)).strip("-")


def adhoc_id(name: str) -> str:
    """The key of an unregistered entity: NFKC, case-folded, whitespace collapsed."""
    return normalise(name)


def best_passage(needle: str, haystack: str, cutoff: float) -> tuple[float, int, int] | None:
    """Where ``needle`` aligns best inside ``haystack``, if it scores ``cutoff`` or more.

    Returns (score 0-100, start, end) of the passage in ``haystack``, by rapidfuzz's
    partial-ratio alignment; used to find a claim's quote in its source's archived text.
    """
    found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=cutoff)
    if found is None:
        return None
    return float(found.score), found.dest_start, found.dest_end


def best_name(text: str, names: list[str], cutoff: float) -> tuple[int, float] | None:
    """The index and score of the name in ``names`` closest to ``text`` by the contract's
    fuzzy score, if it reaches ``cutoff``; used to find registered names in an article."""
    found = process.extractOne(
        text, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
        score_cutoff=cutoff,
    )  # fmt: skip
    return None if found is None else (found[2], float(found[1]))
