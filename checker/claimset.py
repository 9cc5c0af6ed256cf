"""The validated claim set, the part of it one file contributes, and how they join.

:func:`checker.validate.validate_file` makes a :class:`FileResult` of one file from that
file and the registry alone; :func:`merge` joins the results, in file order, into the
:class:`ClaimSet` every later step reads, applying the one rule that looks across files:
a source id used by two files. (Its own module, so evidence, analysis and draft need not
import the validator for a type.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker.model import Claim, Entity, Property, Resolution, Settings, Source, Span
from checker.problems import Problem, problem


@dataclass
class ClaimSet:
    """Everything validated from a set of files, with the problems found on the way."""

    files: list[str] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    resolutions: list[Resolution] = field(default_factory=list)
    resolution_files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    claim_count: int = 0  # claims written, including those dropped for problems
    # Archived texts that passed the containment check: source id -> (resolved path,
    # span of the text: value). Read by checker.evidence, never here.
    texts: dict[str, tuple[Path, Span]] = field(default_factory=dict)


@dataclass
class FileResult:
    """What one source or resolutions file contributes to the claim set, validated
    against the registry: a function of the file and the registry only."""

    problems: list[Problem] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    resolution_files: list[str] = field(default_factory=list)
    texts: dict[str, tuple[Path, Span]] = field(default_factory=dict)
    claim_count: int = 0


def merge(cs: ClaimSet, results: Iterable[FileResult]) -> ClaimSet:
    """Add files' results to ``cs`` in file order; a source id already taken by an
    earlier file is an error (CC107) and the later source's claims are left out."""
    for result in results:
        cs.problems.extend(result.problems)
        cs.claim_count += result.claim_count
        dropped: set[str] = set()
        for source in result.sources:
            first = cs.sources.get(source.id)
            if first is not None:
                cs.problems.append(duplicate_source(source, first))
                dropped.add(source.id)
            else:
                cs.sources[source.id] = source
        cs.claims.extend(c for c in result.claims if c.source not in dropped)
        cs.texts.update((sid, t) for sid, t in result.texts.items() if sid not in dropped)
        cs.resolutions.extend(result.resolutions)
        cs.resolution_files.extend(result.resolution_files)
    return cs


def duplicate_source(source: Source, first: Source) -> Problem:
    where = first.span
    return problem(
        "CC107",
        source.span,
        f"source id {source.id!r} is already used by {where.file}:{where.line}",
    )
