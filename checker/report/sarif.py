"""SARIF 2.1.0 for GitHub code scanning (``--format sarif``).

One run; ``tool.driver.rules`` is the problem catalogue; one result per input problem
and per conflicting claim of every unresolved discrepancy, the latter with
``relatedLocations`` at the discrepancy's other claims. ``partialFingerprints`` come
from ids (discrepancy and claim), never from line numbers, so an alert survives edits
elsewhere in the file and GitHub keeps its history.

:func:`located_findings` pairs each finding with its discrepancy and claim; the GitHub
and JUnit formats use it too.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.analysis import Analysis
from checker.graph import Discrepancy, value_text
from checker.model import Claim, Span
from checker.problems import RULES, Problem

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/claimgraph/"
FINGERPRINT_KEY = "claimcheck/v1"
SRCROOT = "%SRCROOT%"
# GitHub code scanning accepts at most 1,000 related locations per result.
MAX_RELATED = 100


@dataclass(frozen=True, slots=True)
class Located:
    """A finding; for a discrepancy finding also its discrepancy and claim."""

    finding: Problem
    discrepancy: Discrepancy | None = None
    claim: Claim | None = None


def located_findings(analysis: Analysis) -> list[Located]:
    """``analysis.findings`` in order, each discrepancy finding tied to its claim."""
    by_span: dict[Span, tuple[Discrepancy, Claim]] = {}
    for discrepancy in analysis.discrepancies:
        for pair in discrepancy.claim_pairs():
            for claim_id in pair:
                claim = analysis.graph.claims[claim_id]
                by_span[claim.value_span] = (discrepancy, claim)
    located = []
    for finding in analysis.findings:
        hit = by_span.get(finding.span) if finding.code.startswith("CC3") else None
        located.append(Located(finding, *hit) if hit else Located(finding))
    return located


def artifact_location(file: str) -> dict[str, str]:
    """A relative POSIX URI under ``%SRCROOT%``, or a ``file:`` URI for absolute paths."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    posix = path.as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def physical_location(span: Span) -> dict[str, Any]:
    return {
        "artifactLocation": artifact_location(span.file),
        "region": {"startLine": span.line, "startColumn": span.column},
    }


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.description},
            "defaultConfiguration": {"level": rule.severity.value},
        }
        for rule in RULES.values()
    ]


def _related(analysis: Analysis, item: Located) -> list[dict[str, Any]]:
    """The discrepancy's other claims: conflicting ones first, then the rest, by id."""
    assert item.discrepancy is not None and item.claim is not None
    own = item.claim.id
    opponents = {b if a == own else a for a, b in item.discrepancy.claim_pairs() if own in (a, b)}
    others = {c for entry in item.discrepancy.values for c in entry.claims} - {own}
    ordered = sorted(others, key=lambda c: (c not in opponents, c))[:MAX_RELATED]
    related = []
    for index, claim_id in enumerate(ordered, start=1):
        claim = analysis.graph.claims[claim_id]
        how = "conflicts" if claim_id in opponents else "also on this topic"
        related.append(
            {
                "id": index,
                "physicalLocation": physical_location(claim.value_span),
                "message": {"text": f"{claim_id} says {value_text(claim)!r} ({how})"},
            }
        )
    return related


def document(analysis: Analysis) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rule_index = {code: index for index, code in enumerate(RULES)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for item in located_findings(analysis):
        p = item.finding
        result: dict[str, Any] = {
            "ruleId": p.code,
            "ruleIndex": rule_index[p.code],
            "level": p.severity.value,
            "message": {"text": p.message},
            "locations": [{"physicalLocation": physical_location(p.span)}],
        }
        if item.discrepancy is not None and item.claim is not None:
            result["relatedLocations"] = _related(analysis, item)
            fingerprint = _fingerprint("discrepancy", item.discrepancy.id, item.claim.id)
            result["properties"] = {
                "discrepancy": item.discrepancy.id,
                "kind": item.discrepancy.kind,
                "claim": item.claim.id,
            }
        else:
            # Identical problems in one file are told apart by their order, not their line.
            key = (p.code, p.file, p.message)
            seen[key] += 1
            fingerprint = _fingerprint("problem", *key, str(seen[key]))
        result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
        results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": _rules(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(analysis: Analysis) -> str:
    return json.dumps(document(analysis), ensure_ascii=False, indent=2) + "\n"
