"""Reviewer resolutions: matching them to discrepancies, staleness, rejected claims.

Writing resolutions files (``claimcheck resolve``) lives in :mod:`checker.resolve_write`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.graph import ClaimGraph, Discrepancy
from checker.model import Relation, Resolution
from checker.problems import Problem, problem

RESOLVING_VERDICTS = ("accept", "distinct", "scoped")


@dataclass(frozen=True, slots=True)
class Status:
    """A discrepancy's review state: ``open``, ``resolved`` or ``stale``."""

    status: str
    resolution: Resolution | None = None
    fails: bool = True


@dataclass
class Review:
    statuses: dict[str, Status] = field(default_factory=dict)
    rejected: dict[str, list[str]] = field(default_factory=dict)  # source -> claim ids
    problems: list[Problem] = field(default_factory=list)


def is_stale(resolution: Resolution, discrepancy: Discrepancy) -> bool:
    """Stale when the discrepancy's distinct values differ from those the reviewer saw."""
    return set(resolution.values_seen) != set(discrepancy.value_texts())


def review(
    graph: ClaimGraph,
    discrepancies: list[Discrepancy],
    resolutions: list[Resolution],
    *,
    plan_vs_actual_fails: bool = False,
) -> Review:
    """Apply resolutions to discrepancies; report unknown topics and impossible values."""
    result = Review()
    by_id = {d.id: d for d in discrepancies}
    known_topics = set(graph.topics())
    chosen: dict[str, Resolution] = {}
    for resolution in resolutions:
        topic = resolution.topic
        if topic in chosen:
            first = chosen[topic].span
            result.problems.append(
                problem(
                    "CC404",
                    resolution.span,
                    f"topic {topic!r} is already resolved at {first.file}:{first.line}",
                )
            )
            continue
        discrepancy = by_id.get(topic)
        if discrepancy is None:
            if topic in known_topics:
                result.problems.append(
                    problem(
                        "CC403",
                        resolution.span,
                        f"resolution no longer needed: topic {topic!r} has no discrepancy",
                    )
                )
            else:
                result.problems.append(
                    problem("CC401", resolution.span, f"resolution names unknown topic {topic!r}")
                )
            continue
        if resolution.verdict == "accept" and resolution.value not in discrepancy.value_texts():
            result.problems.append(
                problem(
                    "CC402",
                    resolution.span,
                    f"accepted value {resolution.value!r} is not among the values of {topic!r}: "
                    + ", ".join(discrepancy.value_texts()),
                )
            )
            continue
        chosen[topic] = resolution
    for discrepancy in discrepancies:
        found = chosen.get(discrepancy.id)
        soft = discrepancy.kind == "plan-vs-actual" and not plan_vs_actual_fails
        if found is None:
            status = Status("open", None, not soft)
        elif is_stale(found, discrepancy):
            status = Status("stale", found, True)
        elif found.verdict in RESOLVING_VERDICTS:
            status = Status("resolved", found, False)
            if found.verdict == "accept":
                _reject(graph, discrepancy, str(found.value), result.rejected)
        else:
            status = Status("open", found, False)
        result.statuses[discrepancy.id] = status
    for ids in result.rejected.values():
        ids.sort()
    return result


def _reject(
    graph: ClaimGraph, discrepancy: Discrepancy, accepted: str, rejected: dict[str, list[str]]
) -> None:
    """Claims whose values conflict with the accepted value are rejected."""
    entry = next(e for e in discrepancy.values if e.value == accepted)
    holders = set(entry.claims)
    for a, b in discrepancy.conflicts:
        for loser, winner in ((a, b), (b, a)):
            if (
                winner in holders
                and loser not in holders
                and graph.relation(loser, winner) is Relation.CONFLICTS
            ):
                source = graph.claims[loser].source
                ids = rejected.setdefault(source, [])
                if loser not in ids:
                    ids.append(loser)
