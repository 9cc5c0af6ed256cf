"""``FILE:LINE:COLUMN: CODE message`` lines, one per problem and per conflicting claim."""

from __future__ import annotations

from checker.problems import Severity
from checker.report.escape import clean
from checker.report.view import View, summary_line


def render(view: View) -> str:
    lines = []
    for finding in view.findings:
        p = finding.problem
        prefix = "" if p.severity is Severity.ERROR else "warning: "
        line = f"{clean(p.file)}:{p.line}:{p.column}: {p.code} {prefix}{clean(p.message)}"
        d = finding.discrepancy
        if d is not None and (likely := view.likely(d.id)) is not None:
            line += f"; likely {clean(likely.value)} ({likely.confidence:.2f})"
        lines.append(line)
    # The same counts as every other format: problems, and discrepancies by status (not
    # the lines above, which repeat a discrepancy once per conflicting claim).
    lines.append(summary_line(view.summary))
    return "\n".join(lines) + "\n"
