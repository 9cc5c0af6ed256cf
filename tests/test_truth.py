"""The truth estimate (§8.4): likely values, source trust, copying, reviewers' verdicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import run_cli

from checker.analysis import analyse

MakeSet = Callable[[dict[str, str]], Path]

REGISTRY = """\
properties:
  year:
    label: year
    type: date
  size:
    label: size
    type: quantity
"""


def source(sid: str, values: dict[str, object], prop: str = "year") -> str:
    """A source file stating ``values`` (subject -> value) for property ``prop``."""
    lines = [f"source:\n  id: {sid}\n  title: {sid}\n  language: en\nclaims:\n"]
    for i, (subject, value) in enumerate(sorted(values.items())):
        lines.append(
            f"  - id: c{i}\n    subject: {subject}\n    property: {prop}\n"
            f'    value: {json.dumps(value)}\n    quote: "{subject} {value}"\n'
        )
    return "".join(lines)


def make(claimset: MakeSet, table: dict[str, dict[str, object]], extra: dict[str, str]) -> Path:
    files = {"registry.yaml": REGISTRY, **extra}
    files.update({f"{sid}.yaml": source(sid, values) for sid, values in table.items()})
    return claimset(files)


def test_majority_of_equal_sources_is_likely(claimset: MakeSet) -> None:
    """Three sources against one, nothing else known: the three's value is likely."""
    root = make(
        claimset, {"a": {"t": 1990}, "b": {"t": 1990}, "c": {"t": 1990}, "d": {"t": 2004}}, {}
    )
    analysis = analyse([str(root)])
    likely = analysis.likely("t/year")
    assert likely is not None
    assert likely.value == "1990"
    assert 0.5 < likely.confidence < 1


def test_a_tie_has_no_likely_value(claimset: MakeSet) -> None:
    """Two sources, one value each, nothing else: null, not a coin toss."""
    root = make(claimset, {"a": {"t": 1990}, "b": {"t": 2004}}, {})
    assert analyse([str(root)]).likely("t/year") is None
    report = json.loads(run_cli("check", str(root), "--format", "json").stdout)
    assert report["discrepancies"][0]["likely"] is None


def test_trust_learnt_from_agreeing_topics_breaks_a_tie(claimset: MakeSet) -> None:
    """A source that agrees with others elsewhere outweighs one that never does."""
    agree = {f"s{i}": 1950 + i for i in range(6)}
    wrong = {f"s{i}": 1800 + i for i in range(6)}
    table = {
        "good": {**agree, "t": 1990},
        "bad": {**wrong, "t": 2004},
        "peer1": dict(agree),
        "peer2": dict(agree),
    }
    analysis = analyse([str(make(claimset, table, {}))])
    likely = analysis.likely("t/year")
    assert likely is not None and likely.value == "1990"
    assert analysis.truth.trust["good"] > 0.8 > analysis.truth.trust["bad"]


def test_accept_verdict_fixes_truth_and_teaches_trust(claimset: MakeSet) -> None:
    """An accepted value is certain, and the source that stated it gains trust."""
    resolutions = """\
resolutions:
  - topic: r/year
    verdict: accept
    value: "2001"
    reviewer: Jane
    date: 2026-11-20
    rationale: checked
    values_seen: ["2001", "2002"]
"""
    table = {"xa": {"r": 2001, "t": 1990}, "yb": {"r": 2002, "t": 2004}}
    analysis = analyse([str(make(claimset, table, {"resolutions.yaml": resolutions}))])
    accepted = analysis.likely("r/year")
    assert accepted is not None and accepted.value == "2001" and accepted.confidence == 1
    likely = analysis.likely("t/year")
    assert likely is not None and likely.value == "1990"
    assert analysis.truth.trust["xa"] > analysis.truth.trust["yb"]


def copier_table() -> dict[str, dict[str, object]]:
    """Four independent sources right on 20 topics; three copiers sharing false values."""
    table: dict[str, dict[str, object]] = {}
    for k in range(4):  # each independent source errs on its own topics, differently
        table[f"ind{k}"] = {
            f"t{i}": 1900 + i if i % 4 != k else 1700 + 10 * k + i for i in range(20)
        }
    false = {f"t{i}": 1600 + i if i % 2 == 0 else 1900 + i for i in range(20)}
    for k in range(3):
        table[f"copy{k}"] = dict(false)
    return table


def test_copiers_are_found_and_discounted(claimset: MakeSet) -> None:
    """Sources sharing many false values depend; the independent majority wins against them."""
    root = make(claimset, copier_table(), {})
    analysis = analyse([str(root)])
    pairs = {dep.sources for dep in analysis.truth.dependencies}
    assert pairs == {("copy0", "copy1"), ("copy0", "copy2"), ("copy1", "copy2")}
    assert all(dep.shared_false >= 8 for dep in analysis.truth.dependencies)
    for i in range(0, 20, 2):
        likely = analysis.likely(f"t{i}/year")
        assert likely is not None and likely.value == str(1900 + i), i
    report = json.loads(run_cli("report", str(root), "--format", "json").stdout)
    assert [d["sources"] for d in report["dependencies"]] == [
        ["copy0", "copy1"],
        ["copy0", "copy2"],
        ["copy1", "copy2"],
    ]
    assert all(d["probability"] >= 0.5 for d in report["dependencies"])
    trust = {s["source"]: s["trust"] for s in report["sources"]}
    assert min(trust[f"ind{k}"] for k in range(4)) > max(trust[f"copy{k}"] for k in range(3))


def test_estimate_changes_no_status_and_no_exit_code(claimset: MakeSet) -> None:
    """Likely values are shown but a discrepancy stays open and check still exits 1."""
    root = make(claimset, {"a": {"t": 1990}, "b": {"t": 1990}, "c": {"t": 2004}}, {})
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    conflict_lines = [line for line in lines if " CC301 " in line]
    assert conflict_lines and all(
        line.endswith(f"; likely 1990 ({analyse([str(root)]).likely('t/year').confidence:.2f})")  # type: ignore[union-attr]
        for line in conflict_lines
    )
    report = json.loads(run_cli("check", str(root), "--format", "json").stdout)
    assert report["discrepancies"][0]["status"] == "open"


def test_same_input_same_bytes(claimset: MakeSet) -> None:
    """The estimate is deterministic: two runs print the same JSON."""
    root = make(claimset, copier_table(), {})
    first = run_cli("report", str(root), "--format", "json", "--no-cache").stdout
    assert first == run_cli("report", str(root), "--format", "json", "--no-cache").stdout
