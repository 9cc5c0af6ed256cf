"""What every output format shows of one run: the view model, built once per run.

A :class:`View` wraps one :class:`Analysis`. Its parts -- the summary, the findings, one
:class:`Item` per discrepancy with its value entries and claims, the source scorecard with
each source's trust, the suspected copying, the rejected claims, the problems, and one
:class:`Topic` for ``claimcheck show`` -- are each computed on first use and then kept, so
a format pays only for what it shows and all formats show the same facts. Every formatter
(text, JSON, Markdown, HTML, SARIF, JUnit, GitHub annotations, the terminal ``show`` and
``trust``) is a function of a View: this module looks things up (labels, sources, rejected
claims, staleness) and each formatter only decides how things look. Nothing here escapes
text: each formatter escapes for its own output language.

The truth estimate (contract 8.4) is here too: a discrepancy's likely value and the
beliefs behind it on :class:`Item`, each source's trust on :class:`SourceRow` and
:class:`TrustRow`, the pairs of dependent sources on :class:`View`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from checker.analysis import Analysis, Finding, SourceScore
from checker.errors import ClaimcheckError
from checker.graph import Discrepancy, topic_of, value_text
from checker.model import (
    Claim,
    Entity,
    Property,
    PropertyType,
    Resolution,
    ReviewStatus,
    Source,
    Verdict,
)
from checker.problems import Problem
from checker.review import Status, find, known_topics, staleness, topic_hint
from checker.truth import Dependency, Likely, ValueBelief


class UnknownTopic(ClaimcheckError, LookupError):
    """The topic is about no claim of the set; the message says so in one line."""


@dataclass(frozen=True, slots=True)
class Value:
    """One value entry of a discrepancy: its text, its ``as_of`` where the property is
    time-varying and its claims share one, and its claims."""

    index: int  # the entry's position in the discrepancy's values (conflicts refer to it)
    text: str
    as_of: str | None
    claims: tuple[str, ...]
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


@dataclass(frozen=True)
class Item:
    """A discrepancy as the reports show it. Its claims (:attr:`rows`) are looked up on
    first use: the JSON report and the findings formats list claim ids only."""

    discrepancy: Discrepancy
    status: Status
    subject_label: str
    property_label: str
    property_type: PropertyType | None  # None: the property is not registered
    values: tuple[Value, ...]
    likely: Likely | None  # the value judged most likely true (contract 8.4)
    beliefs: tuple[ValueBelief, ...]  # each value's probability and its votes
    rows_of: Callable[[Item], tuple[tuple[Row, ...], ...]] = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.discrepancy.id

    @cached_property
    def rows_by_entry(self) -> tuple[tuple[Row, ...], ...]:
        """The claims, one tuple per value entry, each in id order."""
        return self.rows_of(self)

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every claim, by value entry."""
        return tuple(row for rows in self.rows_by_entry for row in rows)

    @property
    def conflicts(self) -> tuple[tuple[Value, Value], ...]:
        """The conflicting pairs of value entries: every claim of one conflicts with every
        claim of the other."""
        return tuple((self.values[i], self.values[j]) for i, j in self.discrepancy.conflicts)

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({row.claim.source for row in self.rows}))

    @cached_property
    def value_sources(self) -> tuple[tuple[str, ...], ...]:
        """Per value entry, the sources of its claims, sorted."""
        return tuple(
            tuple(sorted({row.claim.source for row in rows})) for rows in self.rows_by_entry
        )

    @cached_property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({row.language for row in self.rows if row.language}))

    @property
    def accepted(self) -> str | None:
        """The value an ``accept`` verdict judged right, or None."""
        resolution = self.status.resolution
        if resolution is None or resolution.verdict is not Verdict.ACCEPT:
            return None
        return resolution.value

    @property
    def new_values(self) -> tuple[str, ...]:
        """For a stale resolution: the values the reviewer did not see, sorted."""
        resolution = self.status.resolution
        return () if resolution is None else tuple(staleness(resolution, self.discrepancy)[0])

    @property
    def gone_values(self) -> tuple[str, ...]:
        """For a stale resolution: the values the reviewer saw that are gone, sorted."""
        resolution = self.status.resolution
        return () if resolution is None else tuple(staleness(resolution, self.discrepancy)[1])

    @property
    def status_label(self) -> str:
        """``open``, ``resolved``, ``stale``, or ``open (acknowledged)``/``open (warning)``."""
        status = self.status
        if status.status is not ReviewStatus.OPEN or status.fails:
            return status.status
        return "open (acknowledged)" if status.resolution else "open (warning)"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source of the scorecard: how its claims fared, the source itself, its trust."""

    score: SourceScore
    source: Source
    trust: float


@dataclass(frozen=True, slots=True)
class TrustRow:
    """A source ranked by trust, with what the trust rests on (``claimcheck trust``)."""

    rank: int
    source: str
    trust: float
    claims: int
    corroborated: int
    contradicted: int
    likely_false: int
    partners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The claims of one topic that state one value, as ``show`` lists them."""

    text: str  # the value text
    label: str  # as people read it (with its ``as of`` in a time-varying discrepancy)
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic (or period) as ``claimcheck show`` presents it: its discrepancy when it
    has one, its claims grouped by value, and the resolution written for it."""

    id: str
    subject: str
    entity: Entity | None
    prop: Property | None
    item: Item | None
    groups: tuple[Group, ...]
    resolution: Resolution | None


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


class _Rows:
    """Looks up the claims of a view's items (see :attr:`Item.rows_by_entry`)."""

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    @cached_property
    def rejected(self) -> set[str]:
        return {c for ids in self._analysis.review.rejected.values() for c in ids}

    def __call__(self, item: Item) -> tuple[tuple[Row, ...], ...]:
        by_id = self._analysis.graph.claims
        sources = self._analysis.claimset.sources
        rejected = self.rejected
        return tuple(
            tuple(
                Row(
                    label,
                    v.text,
                    v.index,
                    c,
                    sources.get(c.source),
                    c.id in rejected,
                    v.conflicting,
                )
                for c in map(by_id.__getitem__, v.claims)
            )
            for v, label in ((v, v.label) for v in item.values)
        )


class View:
    """Everything the formats show about one run; each part computed once, on first use."""

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis
        # What an item looks its claims up with: not a method of the view, whose items
        # would then hold the view in a cycle that only a collection of the whole run's
        # objects frees (0.3 to 1 s at 100k claims when the command returned).
        self._rows_of = _Rows(analysis)

    # -- the run as a whole

    @cached_property
    def summary(self) -> dict[str, int]:
        return self._analysis.summary()

    @property
    def exit_code(self) -> int:
        return self._analysis.exit_code

    @property
    def problems(self) -> list[Problem]:
        """The problems in the claim files, sorted."""
        return self._analysis.problems

    @property
    def findings(self) -> list[Finding]:
        """The problems and one finding per conflicting claim of an unresolved
        discrepancy (which carries its discrepancy and claim), sorted."""
        return self._analysis.findings

    @property
    def files(self) -> list[str]:
        """The claim files read."""
        return self._analysis.claimset.files

    @cached_property
    def rejected(self) -> dict[str, list[str]]:
        """Per source (sorted), its claims rejected by an accepted value (sorted)."""
        return dict(sorted(self._analysis.review.rejected.items()))

    def claim(self, claim_id: str) -> Claim:
        return self._analysis.graph.claims[claim_id]

    # -- discrepancies

    @cached_property
    def items(self) -> list[Item]:
        """Every discrepancy of the run, in its order, with its claims looked up."""
        return [self._item(d) for d in self._analysis.discrepancies]

    @property
    def _rejected_claims(self) -> set[str]:
        return self._rows_of.rejected

    def _item(self, d: Discrepancy) -> Item:
        analysis = self._analysis
        opponents = d.opponents()
        values = tuple(
            Value(index, entry.value, entry.as_of, entry.claims, index in opponents)
            for index, entry in enumerate(d.values)
        )
        entity = analysis.claimset.entities.get(d.subject)
        prop = analysis.claimset.properties.get(d.property)
        first = analysis.graph.claims[d.values[0].claims[0]]
        return Item(
            d,
            analysis.status(d),
            entity.label if entity else (first.subject_name or d.subject),
            prop.label if prop else d.property,
            prop.type if prop else None,
            values,
            analysis.likely(d.id),
            analysis.truth.beliefs.get(d.id, ()),
            self._rows_of,
        )

    def likely(self, discrepancy_id: str) -> Likely | None:
        """The value judged most likely true (§8.4), or None where nothing tells them apart."""
        return self._analysis.likely(discrepancy_id)

    # -- sources, trust and copying

    @cached_property
    def sources(self) -> list[SourceRow]:
        """The source scorecard, by source id, each with its estimated trust."""
        sources = self._analysis.claimset.sources
        trust = self._analysis.truth.trust
        return [
            SourceRow(score, sources[score.source], trust.get(score.source, 0.0))
            for score in self._analysis.scorecard()
        ]

    @property
    def dependencies(self) -> list[Dependency]:
        """Pairs of sources that probably copy, sorted."""
        return self._analysis.truth.dependencies

    @cached_property
    def trust_rows(self) -> list[TrustRow]:
        """Every source reported on, most trusted first (ties by id)."""
        scores = {row.score.source: row.score for row in self.sources}
        found: list[TrustRow] = []
        for entry in self._analysis.truth.sources:
            score = scores.get(entry.source)
            if score is None:  # a source outside the files reported on
                continue
            found.append(
                TrustRow(
                    len(found) + 1,
                    entry.source,
                    entry.trust,
                    score.claims,
                    score.corroborated,
                    score.contradicted,
                    entry.likely_false,
                    entry.partners,
                )
            )
        return found

    # -- one topic (claimcheck show)

    def topic(self, name: str) -> Topic:
        """The topic or period ``name`` names; UnknownTopic when no claim is about it, or
        when it names a time-varying topic with several periods."""
        analysis = self._analysis
        topics = known_topics(analysis.graph)
        found = find(analysis.discrepancies, name)
        if isinstance(found, list):
            raise UnknownTopic(
                f"topic {name!r} has {len(found)} discrepancies, one per period; "
                "show one of them: " + ", ".join(found)
            )
        if found is None and topic_of(name) not in topics:
            raise UnknownTopic(f"unknown topic {name!r}" + topic_hint(name, topics))
        subject, _, prop_id = topic_of(name).rpartition("/")
        entity = analysis.claimset.entities.get(subject)
        prop = analysis.claimset.properties.get(prop_id)
        if found is not None:
            item = self._item(found)
            groups = tuple(
                Group(value.text, value.label, rows)
                for value, rows in zip(item.values, item.rows_by_entry, strict=True)
            )
            return Topic(found.id, subject, entity, prop, item, groups, item.status.resolution)
        by_value: dict[str, list[Claim]] = {}
        for claim in analysis.graph.topic_claims(topic_of(name)):
            by_value.setdefault(value_text(claim), []).append(claim)
        sources = analysis.claimset.sources
        groups = tuple(
            Group(
                text,
                text,
                tuple(
                    Row(
                        text,
                        text,
                        index,
                        claim,
                        sources.get(claim.source),
                        claim.id in self._rejected_claims,
                        False,
                    )
                    for claim in claims
                ),
            )
            for index, (text, claims) in enumerate(sorted(by_value.items()))
        )
        resolution = next((r for r in analysis.claimset.resolutions if r.topic == name), None)
        return Topic(name, subject, entity, prop, None, groups, resolution)
