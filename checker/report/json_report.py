"""The machine-readable report of contract sections 6 and 8.3 (``--format json``).

Version 2: a discrepancy's ``values`` are its value entries (``as_of`` where the property
is time-varying and the entry's claims share one) and ``conflicts`` are sorted index
pairs into them, so the report grows with the claims, not with their pairs. Written from
the view model (:mod:`checker.report.view`), like every other report.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checker.analysis import Analysis
from checker.model import Resolution
from checker.problems import Problem
from checker.report.view import Item, Value, build
from checker.truth import Dependency, Likely

VERSION = 2


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
        "history": [
            {
                "verdict": p.verdict,
                "value": p.value,
                "reviewer": p.reviewer,
                "date": p.date,
                "rationale": p.rationale,
                "evidence": list(p.evidence),
                "values_seen": list(p.values_seen),
            }
            for p in r.history
        ],
        "file": r.span.file,
        "line": r.span.line,
    }
    return out


def likely_dict(likely: Likely | None) -> dict[str, Any] | None:
    if likely is None:
        return None
    return {"value": likely.value, "confidence": round(likely.confidence, 3)}


def dependency_dict(dep: Dependency) -> dict[str, Any]:
    return {
        "sources": list(dep.sources),
        "probability": round(dep.probability, 3),
        "shared_false": dep.shared_false,
    }


def value_dict(value: Value) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value.text, "claims": list(value.claims)}
    if value.as_of is not None:
        out["as_of"] = value.as_of
    return out


def discrepancy_dict(item: Item) -> dict[str, Any]:
    d, status = item.discrepancy, item.status
    return {
        "id": d.id,
        "subject": d.subject,
        "property": d.property,
        "kind": d.kind,
        "status": status.status,
        "values": [value_dict(v) for v in item.values],
        "conflicts": [list(pair) for pair in d.conflicts],
        "resolution": resolution_dict(status.resolution) if status.resolution else None,
        "likely": likely_dict(item.likely),
    }


def document(analysis: Analysis) -> dict[str, Any]:
    """The report as plain data (also the input of ``--baseline``)."""
    report = build(analysis, claims=False)  # the JSON lists claim ids, nothing more
    return {
        "version": VERSION,
        "summary": report.summary,
        "problems": [problem_dict(p) for p in report.problems],
        "discrepancies": [discrepancy_dict(item) for item in report.items],
        "rejected": report.rejected,
        "sources": [
            {**vars(score), "trust": round(report.trust.get(score.source, 0.0), 3)}
            for score in report.sources
        ],
        "dependencies": [dependency_dict(dep) for dep in report.dependencies],
    }


# A pair of integers (a conflict's value indexes) as json.dumps(indent=2) writes it. JSON
# strings hold no raw line breaks, so this matches layout only, never text.
_INDEX_PAIR = re.compile(r"\[\n\s+(\d+),\n\s+(\d+)\n\s+\]")


def render(analysis: Analysis) -> str:
    """Indented JSON, with each index pair of ``conflicts`` on one line (``[0, 1]``)."""
    text = json.dumps(document(analysis), ensure_ascii=False, indent=2)
    return _INDEX_PAIR.sub(r"[\1, \2]", text) + "\n"
