"""One definition of every count, the same number in every output format."""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker.analysis import analyse
from checker.report import github, html, json_report, markdown, text
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, write_set


def _source(sid: str, value: str, extra: str = "") -> str:
    return (
        f"source:\n  id: {sid}\n  title: T {sid}\n  language: en\n{extra}claims:\n"
        f"  - id: start\n    subject: Japan–NATO partnership\n    property: start date\n"
        f"    value: {value}\n    quote: 'since {value}'\n"
        f"  - id: other\n    subject: Japan\n    property: motto\n    value: m {sid}\n"
        f"    quote: 'm'\n    tolerance: 3\n"
    )


RESOLUTIONS = """\
resolutions:
  - topic: japan-nato-partnership/start-date
    verdict: open
    reviewer: R
    date: 2026-01-01
    rationale: unsure
    values_seen: ["1990", "2004"]
"""


def _numbers(analysis_text: str) -> dict[str, int]:
    """The counts of a text summary line, by name."""
    found = dict(
        (name.rstrip("s").replace("discrepancie", "discrepancy"), int(n))
        for n, name in re.findall(r"(\d+) ([a-z]+)", analysis_text)
    )
    acknowledged = re.search(r"\((\d+) acknowledged\)", analysis_text)
    found["acknowledged"] = int(acknowledged.group(1)) if acknowledged else 0
    return found


def test_every_format_counts_the_same(tmp_path: Path) -> None:
    """Text, GitHub, JSON, Markdown and HTML give one count of errors, warnings, statuses."""
    root = write_set(
        tmp_path / "set",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": _source("a", "1990"),
            "b.yaml": _source("b", "2004", "  published: 2025-13\n"),
            "resolutions.yaml": RESOLUTIONS,
        },
    )
    analysis = analyse([str(root)])
    summary = json.loads(json_report.render(View(analysis)))["summary"]
    assert summary["errors"] == 3  # two unknown keys (tolerance), a bad date
    assert summary["warnings"] == 0
    assert (summary["open"], summary["acknowledged"]) == (2, 1)
    line = _numbers(text.render(View(analysis)).splitlines()[-1])
    gh = _numbers(github.render(View(analysis)).splitlines()[-1])
    for name, short in (
        ("sources", "source"),
        ("claims", "claim"),
        ("discrepancies", "discrepancy"),
        ("open", "open"),
        ("acknowledged", "acknowledged"),
        ("errors", "error"),
        ("warnings", "warning"),
    ):
        assert line[short] == gh[short] == summary[name], name
    table = markdown.render(View(analysis)).split("\n\n")[2].splitlines()
    header = [c.strip() for c in table[0].strip("|").split("|")]
    cells = [int(c) for c in table[2].strip("|").split("|")]
    assert dict(zip(header, cells, strict=True)) == summary
    page = html.render(View(analysis))
    figures = dict(re.findall(r"<dt>([a-z]+)</dt><dd>(\d+)</dd>", page))
    assert {k: int(v) for k, v in figures.items()} == summary


def test_acknowledged_is_not_shown_as_failing() -> None:
    """The bundled set passes: its acknowledged discrepancies are not red in HTML."""
    page = (REPO / "reports/claims.html").read_text(encoding="utf-8")
    assert "Passes: nothing fails." in page
    open_figure = re.search(r'<div class="([a-z]*)"><dt>open</dt><dd>(\d+)</dd>', page)
    assert open_figure is not None
    assert open_figure.group(2) == "2"
    assert open_figure.group(1) != "bad"
    assert "<dt>acknowledged</dt><dd>2</dd>" in page
    assert "open (acknowledged)" in page
