"""The machine-readable report of contract section 6 (``--format json``)."""

from __future__ import annotations

import json
from typing import Any

from checker.analysis import Analysis
from checker.model import Resolution
from checker.problems import Problem
from checker.truth import Likely

VERSION = 1


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "code": p.code,
        "severity": p.severity.value,
        "message": p.message,
        "file": p.file,
        "line": p.line,
        "column": p.column,
    }


def resolution_dict(r: Resolution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "verdict": r.verdict,
        "value": r.value,
        "reviewer": r.reviewer,
        "date": r.date,
        "rationale": r.rationale,
        "evidence": list(r.evidence),
        "values_seen": list(r.values_seen),
        "file": r.span.file,
        "line": r.span.line,
    }
    return out


def likely_dict(likely: Likely | None) -> dict[str, Any] | None:
    if likely is None:
        return None
    return {"value": likely.value, "confidence": round(likely.confidence, 3)}


def document(analysis: Analysis) -> dict[str, Any]:
    """The report as plain data (also the input of ``--baseline``)."""
    discrepancies = []
    for d in analysis.discrepancies:
        status = analysis.status(d)
        discrepancies.append(
            {
                "id": d.id,
                "subject": d.subject,
                "property": d.property,
                "kind": d.kind,
                "status": status.status,
                "values": [{"value": e.value, "claims": list(e.claims)} for e in d.values],
                "conflicts": [list(pair) for pair in d.claim_pairs()],
                "resolution": resolution_dict(status.resolution) if status.resolution else None,
                "likely": likely_dict(analysis.likely(d.id)),
            }
        )
    return {
        "version": VERSION,
        "summary": analysis.summary(),
        "problems": [problem_dict(p) for p in analysis.problems],
        "discrepancies": discrepancies,
        "rejected": {source: ids for source, ids in sorted(analysis.review.rejected.items())},
        "sources": [
            {**vars(score), "trust": round(analysis.truth.trust.get(score.source, 0.0), 3)}
            for score in analysis.scorecard()
        ],
        "dependencies": [
            {
                "sources": list(dep.sources),
                "probability": round(dep.probability, 3),
                "shared_false": dep.shared_false,
            }
            for dep in analysis.truth.dependencies
        ],
    }


def render(analysis: Analysis) -> str:
    return json.dumps(document(analysis), ensure_ascii=False, indent=2) + "\n"
