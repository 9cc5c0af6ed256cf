"""Time-varying topics: one discrepancy per period (contract 8.2), named ``topic@T``,
in the commands that take a discrepancy id (``show``, ``resolve``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.analysis import analyse
from checker.report.view import View
from tests.helpers import run_cli

CASE = Path(__file__).parent / "cases" / "time-varying-periods" / "set"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "set"
    shutil.copytree(CASE, target)
    (target / "resolutions.yaml").unlink()
    return target


def test_periods_are_split_by_conflicts_and_named_by_earliest_as_of(root: Path) -> None:
    """Two periods of conflicting claims are two discrepancies; each value entry keeps
    its as_of, and conflicts are index pairs into the entries."""
    analysis = analyse([str(root)])
    found = {d.id: d for d in analysis.discrepancies}
    assert sorted(found) == ["vienna/population@2000", "vienna/population@2010"]
    first = found["vienna/population@2000"]
    assert first.topic == "vienna/population" and first.period == "2000"
    assert [(e.value, e.as_of, e.claims) for e in first.values] == [
        ("1700000", "2000", ("b/c1",)),
        ("1800000", "2000", ("a/c1",)),
        ("1800000", "2000-06", ("c/c1",)),
    ]
    assert first.conflicts == ((0, 1), (0, 2))
    assert first.value_texts() == ("1700000", "1800000")


def test_adding_an_agreeing_claim_keeps_the_ids(root: Path) -> None:
    """A claim agreeing with a period's value, dated later within it, changes no id."""
    before = [d.id for d in analyse([str(root)]).discrepancies]
    (root / "d.yaml").write_text(
        "source: {id: d, title: D, language: en}\n"
        "claims:\n"
        "  - {id: c1, subject: Vienna, property: population, value: 1900000,\n"
        "     quote: q, as_of: 2010-05}\n",
        encoding="utf-8",
    )
    analysis = analyse([str(root)])
    assert [d.id for d in analysis.discrepancies] == before
    assert "d/c1" in analysis.discrepancies[1].conflicting_claims()


def test_show_names_the_periods_of_a_bare_topic(root: Path) -> None:
    """`show TOPIC` of a time-varying topic with several periods lists their ids."""
    result = run_cli("show", "vienna/population", str(root))
    assert result.exit_code == 2
    assert "vienna/population@2000, vienna/population@2010" in result.stderr
    shown = run_cli("show", "vienna/population@2010", str(root))
    assert shown.exit_code == 0
    assert shown.stdout.startswith("vienna/population@2010\n")
    assert "1900000" in shown.stdout and "1700000" not in shown.stdout


def test_resolve_needs_a_period(root: Path) -> None:
    """`resolve TOPIC` of several periods refuses and lists them; a period id works."""
    args = ["--verdict", "open", "--reviewer", "R", "--rationale", "why", str(root)]
    refused = run_cli("resolve", "vienna/population", *args)
    assert refused.exit_code == 2
    listed = "vienna/population@2000, vienna/population@2010"
    assert f"resolve one of them: {listed}" in refused.stderr
    assert not (root / "resolutions.yaml").exists()
    done = run_cli("resolve", "vienna/population@2000", *args)
    assert done.exit_code == 0, done.stderr
    text = (root / "resolutions.yaml").read_text(encoding="utf-8")
    assert 'topic: "vienna/population@2000"' in text
    statuses = analyse([str(root)]).review.statuses
    assert statuses["vienna/population@2000"].resolution is not None


def test_every_format_shows_periods_and_value_times() -> None:
    """Human and CI formats name the period ids and each value's as_of; Markdown writes
    a period id where it can be copied (no zero-width joiner after its @)."""
    from checker.report import html, junit, markdown, sarif

    analysis = analyse([str(CASE)])
    md = markdown.render(View(analysis))
    assert "### 1. `vienna/population@2000`" in md
    assert "**1800000 \\(as of 2000-06\\)**" in md
    assert '  v0["1700000 #40;as of 2000#41;<br/>b"]' in md
    assert "  v0 -. conflicts .- v2" in md
    page = html.render(View(analysis))
    assert "<h4>1800000 (as of 2000-06)</h4>" in page
    assert "<title>conflict: 1700000 (as of 2000) / 1800000 (as of 2000-06)</title>" in page
    xml = junit.render(View(analysis))
    assert "  conflict: 1700000 (as of 2000) vs 1800000 (as of 2000-06)\n" in xml
    log = sarif.document(View(analysis))
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CC301"]
    by_claim = {r["properties"]["claim"]: r for r in results}
    assert sorted(by_claim) == ["a/c1", "b/c1", "c/c1"]
    related = [x["message"]["text"] for x in by_claim["b/c1"]["relatedLocations"]]
    assert related == ["a/c1 says '1800000' (conflicts)", "c/c1 says '1800000' (conflicts)"]
    related = [x["message"]["text"] for x in by_claim["a/c1"]["relatedLocations"]]
    assert related == [
        "b/c1 says '1700000' (conflicts)",
        "c/c1 says '1800000' (also on this topic)",
    ]


def test_an_earlier_conflicting_claim_renames_the_period(root: Path) -> None:
    """A claim dated before the period that conflicts with one of its values (while
    agreeing with another) moves the period's start, so its id."""
    (root / "d.yaml").write_text(
        "source: {id: d, title: D, language: en}\n"
        "claims:\n"
        "  - {id: c1, subject: Vienna, property: population, value: 1800000,\n"
        '     quote: q, as_of: "1999..2000"}\n',
        encoding="utf-8",
    )
    ids = [d.id for d in analyse([str(root)]).discrepancies]
    assert ids == ["vienna/population@1999..2000", "vienna/population@2010"]
