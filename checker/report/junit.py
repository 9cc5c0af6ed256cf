"""JUnit XML (``--format junit``) for CI systems that show test results.

Two suites. ``discrepancies``: one test case per discrepancy, named by its id; it fails
when the discrepancy fails the run (open, or stale); a resolved one passes; an open one
that does not fail (``plan-vs-actual`` by default, or acknowledged ``open`` by a
reviewer) passes with a warning in ``system-out``. ``files``: one test case per claim
file; it fails listing the file's error problems; warnings go to ``system-out``.

Built with ElementTree: attributes keep insertion order, and every attribute and text
goes through :func:`xml_text`, which makes characters XML 1.0 forbids (and the other
controls) visible escapes, so any input gives a well-formed, deterministic document.
``time`` is on every suite and test case, as strict consumers require; claimcheck does not
time its checks one by one, and the output has no clock in it, so it is ``0``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.model import ReviewStatus
from checker.problems import Problem, Severity
from checker.report.escape import visible
from checker.report.view import Item, View

TIME = "0"


def xml_text(text: str) -> str:
    """Text or an attribute value that XML 1.0 accepts, nothing silently dropped."""
    return visible(text)


def _make(tag: str, attrs: dict[str, str]) -> ET.Element:
    return ET.Element(tag, {k: xml_text(v) for k, v in attrs.items()})


def _problem_line(p: Problem) -> str:
    return f"{p.file}:{p.line}:{p.column}: {p.code} {p.severity.value}: {p.message}"


def _element(parent: ET.Element, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
    child = _make(tag, attrs)
    parent.append(child)
    if text is not None:
        child.text = xml_text(text)


def _describe(view: View, item: Item) -> str:
    d, status = item.discrepancy, item.status
    lines = [f"{d.id}: {d.kind}, {status.status}"]
    for value in item.values:
        # claim ids and where each value is written, not the item's rows: a CI log needs
        # no quotes, and a row per claim cost a third of the format's time on big sets
        spans = (view.claim(c).value_span for c in value.claims)
        where = ", ".join(
            f"{c} ({s.file}:{s.line})" for c, s in zip(value.claims, spans, strict=True)
        )
        lines.append(f"  {value.label}: {where}")
    # Pairs of values, not of claims: every claim of one conflicts with every claim of
    # the other, and the list stays as short as the values.
    for a, b in item.conflicts:
        lines.append(f"  conflict: {a.label} vs {b.label}")
    if status.resolution is not None:
        r = status.resolution
        lines.append(f"  resolution: {r.verdict} by {r.reviewer} on {r.date}: {r.rationale}")
    return "\n".join(lines) + "\n"


def _suite(root: ET.Element, name: str, cases: list[ET.Element]) -> None:
    failures = sum(case.find("failure") is not None for case in cases)
    suite = _make(
        "testsuite",
        {
            "name": name,
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": "0",
            "time": TIME,
        },
    )
    root.append(suite)
    suite.extend(cases)


def _discrepancy_cases(view: View) -> list[ET.Element]:
    cases = []
    for item in view.items:
        d, status = item.discrepancy, item.status
        case = _make(
            "testcase", {"classname": "claimcheck.discrepancies", "name": d.id, "time": TIME}
        )
        detail = _describe(view, item)
        if status.fails:
            message = f"{status.status} {d.kind}: values " + ", ".join(d.value_texts())
            _element(case, "failure", {"type": d.kind, "message": message}, detail)
        elif status.status is not ReviewStatus.RESOLVED:
            _element(case, "system-out", {}, f"warning: open {d.kind} (does not fail)\n{detail}")
        else:
            _element(case, "system-out", {}, detail)
        cases.append(case)
    return cases


def _file_cases(view: View) -> list[ET.Element]:
    by_file: dict[str, list[Problem]] = {f: [] for f in view.files}
    for p in view.problems:
        by_file.setdefault(p.file, []).append(p)
    cases = []
    for file in sorted(by_file):
        case = _make("testcase", {"classname": "claimcheck.files", "name": file, "time": TIME})
        errors = [p for p in by_file[file] if p.severity is Severity.ERROR]
        warnings = [p for p in by_file[file] if p.severity is not Severity.ERROR]
        if errors:
            first = errors[0]
            message = f"{len(errors)} error(s); first: {first.code} {first.message}"
            text = "".join(_problem_line(p) + "\n" for p in errors)
            _element(case, "failure", {"type": first.code, "message": message}, text)
        if warnings:
            _element(case, "system-out", {}, "".join(_problem_line(p) + "\n" for p in warnings))
        cases.append(case)
    return cases


def render(view: View) -> str:
    discrepancies = _discrepancy_cases(view)
    files = _file_cases(view)
    all_cases = discrepancies + files
    root = _make(
        "testsuites",
        {
            "name": "claimcheck",
            "tests": str(len(all_cases)),
            "failures": str(sum(c.find("failure") is not None for c in all_cases)),
            "errors": "0",
            "time": TIME,
        },
    )
    _suite(root, "discrepancies", discrepancies)
    _suite(root, "files", files)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
