"""Entities, properties, alias normalisation and fuzzy name resolution.

Resolution order (contract 1.2): exact id; exact alias or label after normalisation; the
id again, spelt with other case, spaces or hyphens; fuzzy match over labels and aliases
(never ids) at or above ``fuzzy_threshold``, scored by :mod:`checker.text`. Properties
that do not resolve are errors, subjects and entity values become ad-hoc entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.model import MatchMethod
from checker.text import fold, normalise, scores_at_least


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of resolving one name.

    ``how`` says how it matched; for fuzzy and ambiguous matches ``matched`` names the
    alias (or ids) and ``score`` its score.
    """

    id: str | None
    how: MatchMethod
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
            return Match(name, MatchMethod.ID)
        key = normalise(name)
        owners = self._exact.get(key)
        if owners:
            if len(owners) == 1:
                return Match(next(iter(owners)), MatchMethod.EXACT, matched=name)
            return Match(
                None, MatchMethod.AMBIGUOUS, matched=name, candidates=tuple(sorted(owners))
            )
        # A name that differs from an id only by case, spaces, hyphens or underscores
        # (``Crimea Annexation``) is that id, not an approximate match.
        loose = self._loose_ids.get(id_key(name))
        if loose and len(loose) == 1:
            return Match(next(iter(loose)), MatchMethod.ID)
        if not key or not self._choices:
            return Match(None, MatchMethod.NONE)
        results = scores_at_least(fold(name), self._choices, self.threshold)
        if not results:
            return Match(None, MatchMethod.NONE)
        best = max(score for _, score, _ in results)
        top = sorted({self._owners[i] for _, score, i in results if score == best})
        alias = min(choice for choice, score, _ in results if score == best)
        if len(top) > 1:
            return Match(None, MatchMethod.AMBIGUOUS, best, alias, tuple(top))
        return Match(top[0], MatchMethod.FUZZY, best, alias)


_ID_GAPS = re.compile(r"[\s_-]+")


def id_key(name: str) -> str:
    """A name as an id would spell it: normalised, runs of spaces, hyphens and
    underscores one hyphen (``Crimea  Annexation`` -> ``crimea-annexation``)."""
    return _ID_GAPS.sub("-", normalise(name)).strip("-")


def adhoc_id(name: str) -> str:
    """The key of an unregistered entity: NFKC, case-folded, whitespace collapsed."""
    return normalise(name)
