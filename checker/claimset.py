"""The validated claim set: what every step after validation reads (its own module, so
evidence, analysis and draft need not import the validator for a type)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.model import Claim, Entity, Property, Resolution, Settings, Source, Span
from checker.problems import Problem


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
