"""What the reports show, gathered once from an :class:`Analysis`: the view model.

:func:`build` gives a :class:`Report` (summary, one :class:`Item` per discrepancy with its
value entries and claims, the source scorecard, rejected claims, problems); the JSON
report is that model written out, and the Markdown and HTML formatters lay out its
items. This module looks things up (labels, sources, rejected claims) so that each
formatter only decides how things look. Nothing here escapes text: each formatter
escapes for its own output language.

The truth estimate (contract 8.4) is here too, so every format shows the same: a
discrepancy's likely value on :class:`Item`, each source's trust and the pairs of
dependent sources on :class:`Report`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.analysis import Analysis, SourceScore
from checker.graph import Discrepancy
from checker.model import Claim, Source
from checker.problems import Problem
from checker.review import Status, staleness
from checker.truth import Dependency, Likely


@dataclass(frozen=True, slots=True)
class Value:
    """One value entry of a discrepancy: its text, its ``as_of`` where the property is
    time-varying and its claims share one, its claims and their sources."""

    index: int  # the entry's position in the discrepancy's values (conflicts refer to it)
    text: str
    as_of: str | None
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    conflicting: bool  # its claims conflict with those of another entry

    @property
    def label(self) -> str:
        """The text as people read it: with ``(as of T)`` where the entry has a time."""
        return self.text if self.as_of is None else f"{self.text} (as of {self.as_of})"


@dataclass(frozen=True, slots=True)
class Row:
    """One claim of a discrepancy, with the value entry it belongs to: ``value`` is that
    entry's label, ``text`` its value text, ``entry`` its index."""

    value: str
    text: str
    entry: int
    claim: Claim
    source: Source | None
    rejected: bool
    conflicting: bool

    @property
    def language(self) -> str:
        return self.source.language if self.source else ""


@dataclass(frozen=True, slots=True)
class Item:
    """A discrepancy as the reports show it."""

    discrepancy: Discrepancy
    status: Status
    subject_label: str
    property_label: str
    property_type: str
    rows: tuple[Row, ...]
    values: tuple[Value, ...]
    likely: Likely | None = None  # the value judged most likely true (contract 8.4)

    @property
    def id(self) -> str:
        return self.discrepancy.id

    @property
    def conflicts(self) -> tuple[tuple[Value, Value], ...]:
        """The conflicting pairs of value entries: every claim of one conflicts with every
        claim of the other."""
        return tuple((self.values[i], self.values[j]) for i, j in self.discrepancy.conflicts)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({row.claim.source for row in self.rows}))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({row.language for row in self.rows if row.language}))

    @property
    def accepted(self) -> str | None:
        """The value an ``accept`` verdict judged right, or None."""
        resolution = self.status.resolution
        if resolution is None or resolution.verdict != "accept":
            return None
        return resolution.value

    @property
    def new_values(self) -> tuple[str, ...]:
        """For a stale resolution: the values the reviewer did not see, sorted."""
        resolution = self.status.resolution
        return () if resolution is None else tuple(staleness(resolution, self.discrepancy)[0])

    @property
    def status_label(self) -> str:
        """``open``, ``resolved``, ``stale``, or ``open (acknowledged)``/``open (warning)``."""
        status = self.status
        if status.status != "open" or status.fails:
            return status.status
        return "open (acknowledged)" if status.resolution else "open (warning)"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 source``, ``2 sources``; ``many`` for irregular plurals."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def summary_line(summary: dict[str, int]) -> str:
    """The run in one sentence, the same counts in every format.

    ``errors`` and ``warnings`` count problems in the claim files (the JSON ``problems``);
    discrepancies are counted by status, acknowledged ones inside ``open``.
    """
    s = summary
    acknowledged = f" ({s['acknowledged']} acknowledged)" if s.get("acknowledged") else ""
    return (
        f"{plural(s['sources'], 'source')}, {plural(s['claims'], 'claim')}, "
        f"{plural(s['topics'], 'topic')}: "
        f"{plural(s['discrepancies'], 'discrepancy', 'discrepancies')}: "
        f"{s['open']} open{acknowledged}, {s['resolved']} resolved, {s['stale']} stale; "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}"
    )


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the reports show about one run."""

    summary: dict[str, int]
    items: list[Item]
    sources: list[SourceScore]
    trust: dict[str, float]  # source -> estimated trust (contract 8.4)
    dependencies: list[Dependency]  # pairs of sources that probably copy, sorted
    rejected: dict[str, list[str]]  # source -> its rejected claims, both sorted
    problems: list[Problem]


def build(analysis: Analysis, *, claims: bool = True) -> Report:
    """The view model of a run; ``claims=False`` leaves out what only reports listing
    each claim need (the items' rows, the values' sources)."""
    return Report(
        analysis.summary(),
        items(analysis, claims=claims),
        analysis.scorecard(),
        analysis.truth.trust,
        analysis.truth.dependencies,
        {source: ids for source, ids in sorted(analysis.review.rejected.items())},
        analysis.problems,
    )


def items(analysis: Analysis, *, claims: bool = True) -> list[Item]:
    """Every discrepancy of the analysis, in its order, with its claims looked up
    (without ``claims``: no rows and no sources per value, for the JSON report)."""
    claimset = analysis.claimset
    by_id = analysis.graph.claims
    rejected = {c for ids in analysis.review.rejected.values() for c in ids}
    found = []
    for d in analysis.discrepancies:
        opponents = d.opponents()
        rows = []
        values = []
        for index, entry in enumerate(d.values):
            value = Value(
                index,
                entry.value,
                entry.as_of,
                entry.claims,
                tuple(sorted({by_id[c].source for c in entry.claims})) if claims else (),
                index in opponents,
            )
            values.append(value)
            if not claims:
                continue
            for claim_id in entry.claims:
                claim = by_id[claim_id]
                rows.append(
                    Row(
                        value.label,
                        value.text,
                        index,
                        claim,
                        claimset.sources.get(claim.source),
                        claim_id in rejected,
                        value.conflicting,
                    )
                )
        entity = claimset.entities.get(d.subject)
        prop = claimset.properties.get(d.property)
        first = by_id[d.values[0].claims[0]]
        subject_label = entity.label if entity else (first.subject_name or d.subject)
        found.append(
            Item(
                d,
                analysis.status(d),
                subject_label,
                prop.label if prop else d.property,
                prop.type if prop else "",
                tuple(rows),
                tuple(values),
                analysis.likely(d.id),
            )
        )
    return found
