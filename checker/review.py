"""Reviewer resolutions: matching them to discrepancies, staleness, rejected claims.

A resolution attaches to a discrepancy by its topic id. It is *stale* when the
discrepancy's distinct values are no longer those the reviewer saw (``values_seen``):
a new source brought a new value, or a value disappeared. Writing resolutions files
(``claimcheck resolve``) lives in :mod:`checker.resolutions_file`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.graph import ClaimGraph, Discrepancy, topic_of
from checker.model import DiscrepancyKind, Resolution, ReviewStatus, Span, Verdict
from checker.problems import Problem, problem

RESOLVING_VERDICTS = (Verdict.ACCEPT, Verdict.DISTINCT, Verdict.SCOPED)


@dataclass(frozen=True, slots=True)
class Status:
    """A discrepancy's review state: ``open``, ``resolved`` or ``stale``.

    ``resolution`` is the resolution that applies (an ``open`` verdict or a stale one
    included); ``fails`` says whether it makes ``claimcheck check`` exit 1.
    """

    status: ReviewStatus
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


def staleness(resolution: Resolution, discrepancy: Discrepancy) -> tuple[list[str], list[str]]:
    """The values that appeared since the review, and those that went away."""
    seen, now = set(resolution.values_seen), set(discrepancy.value_texts())
    return sorted(now - seen), sorted(seen - now)


def known_topics(graph: ClaimGraph) -> set[str]:
    """Every topic some claim is about (claims left out of comparison included)."""
    return graph.topics()


def periods(discrepancies: Iterable[Discrepancy]) -> dict[str, list[str]]:
    """Per time-varying topic, the ids of its discrepancies (``topic@T``), sorted."""
    found: dict[str, list[str]] = {}
    for d in discrepancies:
        if d.period is not None:
            found.setdefault(d.topic, []).append(d.id)
    for ids in found.values():
        ids.sort()
    return found


def find(discrepancies: list[Discrepancy], name: str) -> Discrepancy | list[str] | None:
    """The discrepancy ``name`` means: its id, or a time-varying topic's only period.

    For a time-varying topic with several periods, the list of their ids; None when
    ``name`` names no discrepancy.
    """
    by_id = {d.id: d for d in discrepancies}
    if name in by_id:
        return by_id[name]
    ids = periods(discrepancies).get(name, [])
    if len(ids) == 1:
        return by_id[ids[0]]
    return ids or None


def topic_hint(topic: str, topics: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` naming the closest known topic, or nothing when none is close."""
    close = difflib.get_close_matches(topic, sorted(topics), n=1, cutoff=0.85)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
    by_topic = periods(discrepancies)
    topics = known_topics(graph)
    first_of: dict[str, Resolution] = {}
    chosen: dict[str, Resolution] = {}
    impossible: set[str] = set()  # topics whose accept value is not among its values
    rejected: dict[str, set[str]] = {}  # source -> claim ids
    for resolution in resolutions:
        topic = resolution.topic
        where = resolution.topic_span or resolution.span
        named = by_topic.get(topic, [])
        if topic not in by_id and len(named) > 1:
            result.problems.append(
                problem(
                    "CC405",
                    where,
                    f"topic {topic!r} is time-varying and has {len(named)} discrepancies, one "
                    "per period; name one of them: " + ", ".join(named),
                )
            )
            continue
        if topic not in by_id and named:
            topic = named[0]  # written for the topic as a whole: its only period
        if topic in first_of:
            first = first_of[topic].span
            result.problems.append(
                problem(
                    "CC404",
                    where,
                    f"topic {topic!r} is already resolved at {first.file}:{first.line}",
                )
            )
            continue
        first_of[topic] = resolution
        discrepancy = by_id.get(topic)
        if discrepancy is None:
            if topic_of(topic) in topics:
                result.problems.append(
                    problem(
                        "CC403",
                        where,
                        f"resolution no longer needed: topic {topic!r} has no discrepancy",
                    )
                )
            else:
                result.problems.append(
                    problem(
                        "CC401",
                        where,
                        f"resolution names unknown topic {topic!r}" + topic_hint(topic, topics),
                    )
                )
            continue
        if (
            resolution.verdict is Verdict.ACCEPT
            and resolution.value not in discrepancy.value_texts()
        ):
            value_where: Span = resolution.value_span or resolution.span
            result.problems.append(
                problem(
                    "CC402",
                    value_where,
                    f"accepted value {resolution.value!r} is not among the values of {topic!r}: "
                    + ", ".join(discrepancy.value_texts()),
                )
            )
            impossible.add(topic)
        chosen[topic] = resolution
    for discrepancy in discrepancies:
        found = chosen.get(discrepancy.id)
        soft = discrepancy.kind is DiscrepancyKind.PLAN_VS_ACTUAL and not plan_vs_actual_fails
        if found is not None and is_stale(found, discrepancy):
            # A stale resolution stays attached so the reviewer sees what they decided.
            status = Status(ReviewStatus.STALE, found, True)
        elif found is None or discrepancy.id in impossible:
            status = Status(ReviewStatus.OPEN, None, not soft)
        elif found.verdict in RESOLVING_VERDICTS:
            status = Status(ReviewStatus.RESOLVED, found, False)
            if found.verdict is Verdict.ACCEPT:
                _reject(graph, discrepancy, str(found.value), rejected)
        else:  # "open": acknowledged by a reviewer, still open, fails nothing
            status = Status(ReviewStatus.OPEN, found, False)
        result.statuses[discrepancy.id] = status
    result.rejected = {source: sorted(ids) for source, ids in rejected.items()}
    return result


def _reject(
    graph: ClaimGraph, discrepancy: Discrepancy, accepted: str, rejected: dict[str, set[str]]
) -> None:
    """Claims that conflict with a claim stating the accepted value are rejected."""
    values = discrepancy.values
    for i, j in discrepancy.conflicts:
        for winner, loser in ((values[i], values[j]), (values[j], values[i])):
            if winner.value == accepted and loser.value != accepted:
                for claim_id in loser.claims:
                    rejected.setdefault(graph.claims[claim_id].source, set()).add(claim_id)
