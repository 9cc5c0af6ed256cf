"""What the reports for people show, gathered once from an :class:`Analysis`.

The Markdown and HTML formatters both list each discrepancy's claims with their sources,
quotes and review state; this module looks those up (labels, sources, rejected claims)
so that each formatter only decides how things look. Nothing here escapes text: each
formatter escapes for its own output language.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.analysis import Analysis
from checker.graph import Discrepancy
from checker.model import Claim, Source
from checker.resolve import Status


@dataclass(frozen=True, slots=True)
class Row:
    """One claim of a discrepancy, with the value entry it belongs to."""

    value: str
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

    @property
    def id(self) -> str:
        return self.discrepancy.id

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({row.claim.source for row in self.rows}))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({row.language for row in self.rows if row.language}))

    @property
    def new_values(self) -> tuple[str, ...]:
        """For a stale resolution: the values the reviewer did not see."""
        resolution = self.status.resolution
        if resolution is None:
            return ()
        seen = set(resolution.values_seen)
        return tuple(v for v in self.discrepancy.value_texts() if v not in seen)

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


def items(analysis: Analysis) -> list[Item]:
    """Every discrepancy of the analysis, in its order, with its claims looked up."""
    claimset = analysis.claimset
    rejected = {c for ids in analysis.review.rejected.values() for c in ids}
    found = []
    for d in analysis.discrepancies:
        conflicting = {c for pair in d.claim_pairs() for c in pair}
        rows = []
        for entry in d.values:
            for claim_id in entry.claims:
                claim = analysis.graph.claims[claim_id]
                rows.append(
                    Row(
                        entry.value,
                        claim,
                        claimset.sources.get(claim.source),
                        claim_id in rejected,
                        claim_id in conflicting,
                    )
                )
        entity = claimset.entities.get(d.subject)
        prop = claimset.properties.get(d.property)
        subject_label = entity.label if entity else (rows[0].claim.subject_name or d.subject)
        found.append(
            Item(
                d,
                analysis.status(d),
                subject_label,
                prop.label if prop else d.property,
                prop.type if prop else "",
                tuple(rows),
            )
        )
    return found
