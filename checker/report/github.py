"""GitHub Actions workflow commands (``--format github``): one annotation per finding.

``::error file=F,line=L,col=C,title=T::message``, escaped as the runner expects: in the
message ``%``, CR and LF; in properties also ``:`` and ``,``.

GitHub shows only the first 10 error and 10 warning annotations of a step, so the
most important come first: errors before warnings; among them discrepancy findings
(the first claim of every discrepancy before the second of any), then file and YAML
errors (CC0xx), then schema errors (CC1xx), then the rest. A plain summary line ends
the output.
"""

from __future__ import annotations

from checker.analysis import Finding
from checker.problems import Severity
from checker.report.escape import clean
from checker.report.view import View, summary_line

SHOWN_PER_LEVEL = 10

_GROUP_RANK = {"CC3": 0, "CC0": 1, "CC1": 2}


def escape_data(text: str) -> str:
    """Escape as the runner expects; other control characters (terminal escapes, bidi
    overrides) become visible escapes such as ``\x1b`` so they cannot act on the log."""
    return clean(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _order(findings: list[Finding]) -> list[Finding]:
    turn: dict[str, int] = {}  # a discrepancy's n-th claim goes after every (n-1)-th
    keyed = []
    for item in findings:
        p = item.problem
        nth = 0
        if item.discrepancy is not None:
            nth = turn.get(item.discrepancy.id, 0)
            turn[item.discrepancy.id] = nth + 1
        rank = _GROUP_RANK.get(p.code[:3], 3)
        keyed.append(((p.severity is not Severity.ERROR, rank, nth), item))
    keyed.sort(key=lambda pair: pair[0])  # stable: file order within equal keys
    return [item for _, item in keyed]


def annotation(item: Finding) -> str:
    p = item.problem
    title = f"{p.code} {item.discrepancy.kind}" if item.discrepancy else p.code
    props = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", p.file),
            ("line", str(p.line)),
            ("col", str(p.column)),
            ("title", title),
        )
    )
    return f"::{p.severity.value} {props}::{escape_data(p.message)}"


def render(view: View) -> str:
    ordered = _order(view.findings)
    lines = [annotation(item) for item in ordered]
    errors = sum(item.problem.severity is Severity.ERROR for item in ordered)
    warnings = len(ordered) - errors
    summary = f"claimcheck: {summary_line(view.summary)}"
    if errors > SHOWN_PER_LEVEL or warnings > SHOWN_PER_LEVEL:
        summary += (
            f" ({errors} error and {warnings} warning annotations; GitHub shows the first "
            f"{SHOWN_PER_LEVEL} of each; run claimcheck check for the full list)"
        )
    lines.append(summary)
    return "\n".join(lines) + "\n"
