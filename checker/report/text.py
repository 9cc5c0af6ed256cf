"""``FILE:LINE:COLUMN: CODE message`` lines, one per problem and per conflicting claim."""

from __future__ import annotations

from checker.analysis import Analysis
from checker.problems import Severity


def clean(text: str) -> str:
    """Keep terminal output to printable text: control characters become escapes."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def render(analysis: Analysis) -> str:
    lines = []
    for p in analysis.findings:
        prefix = "" if p.severity is Severity.ERROR else "warning: "
        lines.append(f"{clean(p.file)}:{p.line}:{p.column}: {p.code} {prefix}{clean(p.message)}")
    s = analysis.summary()
    # The counts are of the lines above (discrepancy findings included), unlike the
    # JSON summary, which counts input problems only.
    errors = sum(p.severity is Severity.ERROR for p in analysis.findings)
    warnings = len(analysis.findings) - errors
    lines.append(
        f"{s['sources']} sources, {s['claims']} claims, {s['topics']} topics: "
        f"{s['discrepancies']} discrepancies ({s['open']} open, {s['resolved']} resolved, "
        f"{s['stale']} stale), {errors} errors, {warnings} warnings"
    )
    return "\n".join(lines) + "\n"
