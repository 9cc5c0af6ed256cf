"""One run of the checker: load, validate, build the graph, apply resolutions.

``analyse(paths)`` is what every command starts from; it returns an :class:`Analysis`
that the report formatters render without computing anything themselves.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.cache import Cache
from checker.claimset import ClaimSet
from checker.evidence import check_evidence
from checker.graph import ClaimGraph, Discrepancy, TopicGraph, TopicPart, value_text
from checker.incremental import analyse_incrementally
from checker.load import Limits
from checker.model import Claim, DiscrepancyKind, ReviewStatus, Verdict
from checker.pipeline import default_jobs, validate_paths
from checker.problems import Problem, Severity, problem, sort_problems
from checker.review import Review, Status, review
from checker.truth import Estimate, Likely, estimate


@dataclass
class SourceScore:
    """How one source's claims fared against the others."""

    source: str
    claims: int = 0
    corroborated: int = 0
    contradicted: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    """A problem the run reports. A discrepancy finding (one per conflicting claim of an
    unresolved discrepancy) carries its discrepancy and claim from the moment it is made,
    so no format looks them up again."""

    problem: Problem
    discrepancy: Discrepancy | None = None
    claim: Claim | None = None


@dataclass(frozen=True)
class Tally:
    """Counts over a whole claim set whose claims are not all at hand (a run assembled
    from stored topics, see checker.incremental): its claims, its topics, and per source
    (claims, corroborated claims)."""

    claims: int
    topics: int
    per_source: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, parts: dict[str, TopicPart]) -> Tally:
        per_source: dict[str, list[int]] = {}
        for part in parts.values():
            for source, claims, corroborated in part.counts:
                counts = per_source.setdefault(source, [0, 0])
                counts[0] += claims
                counts[1] += corroborated
        total = sum(n for n, _ in per_source.values())
        return cls(total, len(parts), {s: (n, m) for s, (n, m) in per_source.items()})


@dataclass
class Analysis:
    claimset: ClaimSet
    graph: ClaimGraph
    discrepancies: list[Discrepancy]
    review: Review
    problems: list[Problem]
    # the problems and one finding per conflicting claim of an unresolved discrepancy, sorted
    findings: list[Finding] = field(default_factory=list)
    # The files reported on when files were named alone (see checker.scope); None: all.
    scope: frozenset[str] | None = None
    truth: Estimate = field(default_factory=Estimate)
    # Set when the claim set's claims are not at hand (claimset.claims is empty, the
    # graph holds the claims of discrepancies): the counts over all of them.
    tally: Tally | None = None

    def likely(self, discrepancy_id: str) -> Likely | None:
        """The value judged most likely true (§8.4), or None where nothing tells them apart."""
        return self.truth.likely.get(discrepancy_id)

    def status(self, discrepancy: Discrepancy) -> Status:
        return self.review.statuses[discrepancy.id]

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def exit_code(self) -> int:
        """0 when nothing fails; 1 for any error problem or unresolved/stale discrepancy."""
        failing = any(s.fails for s in self.review.statuses.values())
        return 1 if self.errors or failing else 0

    @property
    def acknowledged(self) -> int:
        """Open discrepancies a reviewer acknowledged (verdict ``open``): counted in
        ``open`` too, as the contract's status says, and shown apart in every format."""
        return sum(
            s.status is ReviewStatus.OPEN and s.resolution is not None
            for s in self.review.statuses.values()
        )

    def _claims(self) -> list[Claim]:
        claims = self.claimset.claims
        scope = self.scope
        return claims if scope is None else [c for c in claims if c.span.file in scope]

    def _sources(self) -> list[str]:
        scope = self.scope
        return sorted(
            sid for sid, s in self.claimset.sources.items() if scope is None or s.file in scope
        )

    def summary(self) -> dict[str, int]:
        statuses = [s.status for s in self.review.statuses.values()]
        if self.tally is not None and self.scope is None:
            claims, topics = self.tally.claims, self.tally.topics
        else:
            every = self._claims()
            claims, topics = len(every), len({c.topic for c in every})
        return {
            "sources": len(self._sources()),
            "claims": claims,
            "topics": topics,
            "discrepancies": len(self.discrepancies),
            "open": statuses.count(ReviewStatus.OPEN),
            "acknowledged": self.acknowledged,
            "resolved": statuses.count(ReviewStatus.RESOLVED),
            "stale": statuses.count(ReviewStatus.STALE),
            "errors": self.errors,
            "warnings": self.warnings,
        }

    def scorecard(self) -> list[SourceScore]:
        """Per source: claims corroborated by another source, contradicted, rejected."""
        scores = {sid: SourceScore(sid) for sid in self._sources()}
        contradicted = {c for d in self.discrepancies for c in d.conflicting_claims()}
        rejected = {c for ids in self.review.rejected.values() for c in ids}
        if self.tally is not None and self.scope is None:
            by_id = self.graph.claims  # holds every claim of a discrepancy
            for source, (claims, corroborated_claims) in self.tally.per_source.items():
                scores[source].claims = claims
                scores[source].corroborated = corroborated_claims
            for claim_id in contradicted:
                scores[by_id[claim_id].source].contradicted += 1
            for claim_id in rejected:
                scores[by_id[claim_id].source].rejected += 1
            return list(scores.values())
        corroborated = self.graph.corroborated()
        for claim in self._claims():
            score = scores[claim.source]
            score.claims += 1
            score.corroborated += claim.id in corroborated
            score.contradicted += claim.id in contradicted
            score.rejected += claim.id in rejected
        return list(scores.values())

    def focused(self, files: frozenset[str]) -> Analysis:
        """The same run reported for ``files`` only: their problems, the discrepancies
        one of their claims takes part in (with all its claims), their sources."""
        if self.tally is not None:
            raise ValueError("a run assembled from stored topics cannot be focused")
        claims = self.graph.claims
        kept = [
            d
            for d in self.discrepancies
            if any(claims[c].span.file in files for e in d.values for c in e.claims)
        ]
        ids = {d.id for d in kept}
        sources = {sid for sid, s in self.claimset.sources.items() if s.file in files}
        review = Review(
            {i: s for i, s in self.review.statuses.items() if i in ids},
            {s: c for s, c in self.review.rejected.items() if s in sources},
            [p for p in self.review.problems if p.file in files],
        )
        problems = [p for p in self.problems if p.file in files]
        analysis = Analysis(
            self.claimset, self.graph, kept, review, problems, scope=files, truth=self.truth
        )
        analysis.findings = _sorted(problems, _findings(analysis))
        return analysis


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a run builds millions of objects and no cycles
    worth collecting, and the collector's repeated full passes over them doubled the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def analyse(
    paths: list[str],
    limits: Limits | None = None,
    cache: Cache | None = None,
    jobs: int | None = None,
    *,
    assembled: bool = False,
) -> Analysis:
    """Check the claim set under ``paths``; never raises on bad input.

    ``cache`` reuses the validated result of files whose bytes, and registry, have not
    changed since a former run; with ``assembled`` also what a former run concluded on
    each topic none of whose claims changed (checker.incremental): the analysis then
    holds only the claims of discrepancies (its claim set none), which is all the reports
    of the whole set read (not ``focused``, ``show`` or the networkx graph);
    ``jobs`` bounds the worker processes for large sets (default: the CPU count).
    """
    with gc_paused():
        if cache is not None and assembled:
            found = analyse_incrementally(paths, limits or Limits(), cache, jobs or default_jobs())
            if found is not None:
                claimset, parts = found
                settings = claimset.settings
                graph = TopicGraph(parts.values(), claimset.properties, settings.fuzzy_threshold)
                return _conclude(claimset, graph, Tally.of(parts))
        claimset = validate_paths(paths, limits, cache, jobs)
        return analyse_claimset(claimset)


def analyse_claimset(claimset: ClaimSet) -> Analysis:
    settings = claimset.settings
    graph = ClaimGraph(claimset.claims, claimset.properties, settings.fuzzy_threshold)
    return _conclude(claimset, graph)


def _conclude(claimset: ClaimSet, graph: ClaimGraph, tally: Tally | None = None) -> Analysis:
    """Discrepancies, review, problems, truth estimate and findings of a claim graph."""
    settings = claimset.settings
    discrepancies = graph.discrepancies()
    result = review(
        graph,
        discrepancies,
        claimset.resolutions,
        plan_vs_actual_fails=settings.plan_vs_actual is Severity.ERROR,
    )
    evidence = check_evidence(claimset)  # quotes against archived texts; free without any
    problems = sort_problems(claimset.problems + evidence + graph.problems + result.problems)
    accepted = {
        d.id: str(status.resolution.value)
        for d in discrepancies
        if (status := result.statuses[d.id]).resolution is not None
        and status.resolution.verdict is Verdict.ACCEPT
        and status.resolution.value in d.value_texts()
    }
    truth = estimate(graph, discrepancies, accepted, claimset.sources)
    analysis = Analysis(claimset, graph, discrepancies, result, problems, truth=truth, tally=tally)
    analysis.findings = _sorted(problems, _findings(analysis))
    return analysis


_KIND_CODES = {
    DiscrepancyKind.CONFLICT: "CC301",
    DiscrepancyKind.SELF_CONTRADICTION: "CC302",
    DiscrepancyKind.PLAN_VS_ACTUAL: "CC303",
}


def _sorted(problems: list[Problem], findings: list[Finding]) -> list[Finding]:
    """Problems and discrepancy findings in :func:`sort_problems` order, each once."""
    by_problem = {f.problem: f for f in findings}
    for p in problems:
        by_problem.setdefault(p, Finding(p))
    return [by_problem[p] for p in sort_problems(list(by_problem))]


def _findings(analysis: Analysis) -> list[Finding]:
    """One finding per conflicting claim of every discrepancy that is not resolved."""
    found = []
    claims = analysis.graph.claims
    for discrepancy in analysis.discrepancies:
        status = analysis.status(discrepancy)
        if status.status is ReviewStatus.RESOLVED:
            continue
        entries = discrepancy.values
        # Per conflicting entry, what its claims are told: the first three opposing
        # claims by id with their values, and how many more there are.
        against: dict[int, str] = {}
        for index, others in discrepancy.opponents().items():
            total = sum(len(entries[j].claims) for j in others)
            if total > 64:  # each entry's claims are sorted: merge, do not sort them all
                first = list(itertools.islice(heapq.merge(*(entries[j].claims for j in others)), 3))
            else:
                first = sorted(c for j in others for c in entries[j].claims)[:3]
            against[index] = _opponents_text([claims[c] for c in first], total)
        conflicting = sorted((c, i) for i in against for c in entries[i].claims)
        if status.status is ReviewStatus.STALE:
            code, what = "CC304", "stale resolution"
        elif status.resolution is not None:
            code, what = "CC305", "acknowledged"
        else:
            code, what = _KIND_CODES[discrepancy.kind], discrepancy.kind
        severity = Severity.ERROR if status.fails else Severity.WARNING
        for claim_id, index in conflicting:
            claim = claims[claim_id]
            finding = problem(
                code,
                claim.value_span,
                f"{what} on {discrepancy.id}: {claim.id} says {value_text(claim)!r}, "
                f"but {against[index]}",
                severity,
            )
            found.append(Finding(finding, discrepancy, claim))
    return found


def _opponents_text(shown: list[Claim], total: int) -> str:
    """``shown``: the first opposing claims by id (three at most) of ``total``."""
    listed = ", ".join(f"{value_text(o)!r} ({o.id})" for o in shown)
    if total > len(shown):
        listed += f" and {total - len(shown)} more"
    return listed
