"""Re-resolving keeps the earlier reviewer's words; a resolve's diff is only its entry."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

from test_resolutions_file import REGISTRY, TODAY, source

from checker.analysis import analyse
from checker.report import html, markdown
from checker.report.show import render as render_show
from checker.report.view import View
from tests.helpers import REPO, run_cli, write_set


def _set(tmp_path: Path) -> Path:
    return write_set(
        tmp_path / "claims",
        {"registry.yaml": REGISTRY, "a.yaml": source("a", "1990"), "b.yaml": source("b", "2004")},
    )


def _resolve(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("resolve", "t1/start-date", *args, str(root))
    return result.exit_code, result.stdout, result.stderr


def test_history_keeps_earlier_verdicts_newest_first(tmp_path: Path) -> None:
    """Two re-resolutions: both earlier verdicts with reviewer, date, rationale, evidence."""
    root = _set(tmp_path)
    first = ["--verdict", "scoped", "--reviewer", "Ann", "--rationale", "both hold"]
    assert _resolve(root, *first, "--evidence", "https://a.example")[0] == 0
    second = ["--verdict", "accept", "--value", "1990", "--reviewer", "Bo", "--rationale", "r2"]
    code, out, err = _resolve(root, *second, "--evidence", "https://b.example")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (
        f"replaced: scoped by Ann of {TODAY} (kept in the entry's history)"
    )
    third = ["--verdict", "open", "--reviewer", "Cy", "--rationale", "unsure again"]
    assert _resolve(root, *third)[0] == 0
    analysis = analyse([str(root)])
    (resolution,) = analysis.claimset.resolutions
    assert resolution.verdict == "open" and resolution.reviewer == "Cy"
    assert [(p.verdict, p.value, p.reviewer, p.rationale) for p in resolution.history] == [
        ("accept", "1990", "Bo", "r2"),
        ("scoped", None, "Ann", "both hold"),
    ]
    assert resolution.history[0].evidence == ("https://a.example", "https://b.example")
    assert resolution.history[1].evidence == ("https://a.example",)
    assert analysis.problems == []
    report = json.loads(run_cli("report", str(root), "--format", "json").stdout)
    history = report["discrepancies"][0]["resolution"]["history"]
    assert [h["reviewer"] for h in history] == ["Bo", "Ann"]


def test_evidence_is_added_unless_replaced(tmp_path: Path) -> None:
    """--evidence adds to the entry's list; --replace-evidence replaces it."""
    root = _set(tmp_path)
    base = ["--verdict", "open", "--reviewer", "Ann", "--rationale", "r"]
    _resolve(root, *base, "--evidence", "https://a.example")
    _resolve(root, *base, "--evidence", "https://b.example", "--evidence", "https://a.example")
    (resolution,) = analyse([str(root)]).claimset.resolutions
    assert resolution.evidence == ("https://a.example", "https://b.example")
    _resolve(root, *base, "--evidence", "https://c.example", "--replace-evidence")
    (resolution,) = analyse([str(root)]).claimset.resolutions
    assert resolution.evidence == ("https://c.example",)
    _resolve(root, *base, "--replace-evidence")
    (resolution,) = analyse([str(root)]).claimset.resolutions
    assert resolution.evidence == ()
    assert resolution.history[0].evidence == ("https://c.example",)


def test_show_markdown_and_html_show_the_history(tmp_path: Path) -> None:
    """The earlier verdict appears in `show`, the Markdown and the HTML report."""
    root = _set(tmp_path)
    _resolve(root, "--verdict", "scoped", "--reviewer", "Ann", "--rationale", "<both> hold")
    _resolve(root, "--verdict", "open", "--reviewer", "Bo", "--rationale", "unsure")
    analysis = analyse([str(root)])
    shown = render_show(View(analysis), "t1/start-date", width=100)
    assert "history (earlier verdicts, newest first):" in shown
    assert f"    - scoped (Ann, {TODAY})" in shown
    assert "<both> hold" in shown
    assert f"- **scoped** by Ann on {TODAY}: " in markdown.render(View(analysis))
    page = html.render(View(analysis))
    assert "History: 1 earlier verdict, newest first" in page
    assert "&lt;both&gt; hold" in page and "<both>" not in page


def _changed_lines(before: str, after: str) -> set[int]:
    """Line numbers (1-based, in ``before``) that a diff touches."""
    touched: set[int] = set()
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            touched.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return touched


def test_resolving_a_bundled_topic_changes_only_its_entry(tmp_path: Path) -> None:
    """On the bundled resolutions file the diff stays inside the entry; the topic line,
    the comments and every other entry are untouched."""
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    target = root / "resolutions.yaml"
    before = target.read_text(encoding="utf-8")
    topic = "japan-nato-partnership/start-date"
    result = run_cli(
        "resolve",
        topic,
        "--verdict",
        "accept",
        "--value",
        "1990",
        "--reviewer",
        "Jo",
        "--rationale",
        "Official since 1990.",
        str(root),
    )
    assert result.exit_code == 0, result.stderr
    after = target.read_text(encoding="utf-8")
    lines = before.splitlines()
    start = lines.index(f"  - topic: {topic}") + 1
    end = next(n for n in range(start, len(lines)) if lines[n].startswith("  - topic:"))
    touched = _changed_lines(before, after)
    assert touched and min(touched) > start and max(touched) <= end
    assert f"  - topic: {topic}\n" in after
    assert '    verdict: accept\n    value: "1990"\n    reviewer: Jo\n' in after
    assert run_cli("check", str(root)).exit_code == 0


def test_appended_entry_follows_the_files_style(tmp_path: Path) -> None:
    """A new entry is separated and quoted like the entries before it."""
    root = _set(tmp_path)
    target = root / "resolutions.yaml"
    target.write_text(
        "resolutions:\n\n"
        "  - topic: t2/start-date\n    verdict: open\n    reviewer: Ann\n"
        "    date: 2026-01-01\n    rationale: >-\n      Folded text.\n"
        '    values_seen: ["1990", "2004"]\n',
        encoding="utf-8",
    )
    before = target.read_text(encoding="utf-8")
    _resolve(root, "--verdict", "distinct", "--reviewer", "Bo Li", "--rationale", "two things")
    assert target.read_text(encoding="utf-8") == before + (
        "\n  - topic: t1/start-date\n    verdict: distinct\n    reviewer: Bo Li\n"
        f"    date: {TODAY}\n    rationale: two things\n"
        '    values_seen: ["1990", "2004"]\n'
    )
