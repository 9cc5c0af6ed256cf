"""``check --baseline REPORT.json``: findings already in the baseline do not fail the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.baseline import BaselineError, parse
from tests.helpers import REGISTRY, run_cli, source, write_set


def _source(source_id: str, prop: str, value: str) -> str:
    return source(source_id, value, prop=prop, subject="Japan", claim_id="c")


@pytest.fixture
def known(tmp_path: Path) -> tuple[Path, Path]:
    """A set with one conflict and one error problem, and its JSON report as baseline."""
    root = write_set(
        tmp_path / "set",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": _source("a", "budget", "5"),
            "b.yaml": _source("b", "budget", "9"),
            "c.yaml": _source("c", "nope", "1"),
        },
    )
    report = run_cli("check", str(root), "--format", "json")
    assert report.exit_code == 1
    baseline = tmp_path / "baseline.json"
    baseline.write_text(report.stdout, encoding="utf-8")
    return root, baseline


def test_unchanged_set_passes(known: tuple[Path, Path]) -> None:
    """The same findings again: exit 0, full output on stdout, summary on stderr."""
    root, baseline = known
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0
    assert "CC301" in result.stdout and "CC201" in result.stdout
    assert result.stderr == (
        "baseline: 0 new, 1 known, 0 fixed problems; 0 new, 1 known, 0 fixed discrepancies\n"
    )


def test_moved_problem_stays_known(known: tuple[Path, Path]) -> None:
    """Lines added above a problem change its line but not its match."""
    root, baseline = known
    path = root / "c.yaml"
    path.write_text("# moved\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0
    assert f"{root}/c.yaml:10:15: CC201" in result.stdout


def test_new_findings_fail_and_are_named(known: tuple[Path, Path]) -> None:
    """A new conflict and a new error fail the run; stderr names exactly those."""
    root, baseline = known
    (root / "d.yaml").write_text(_source("d", "motto", "Peace"), encoding="utf-8")
    (root / "e.yaml").write_text(_source("e", "motto", "War"), encoding="utf-8")
    (root / "f.yaml").write_text(_source("f", "nope", "2"), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 1
    json.loads(result.stdout)  # stdout stays the machine-readable report
    assert result.stderr.splitlines() == [
        "baseline: 1 new, 1 known, 0 fixed problems; 1 new, 1 known, 0 fixed discrepancies",
        f"new: {root}/f.yaml:8:15: CC201 unknown property 'nope': add it to a registry file",
        "new: discrepancy japan/motto (conflict)",
    ]


def test_fixed_findings_are_counted(known: tuple[Path, Path]) -> None:
    """Findings in the baseline that are gone now are reported as fixed."""
    root, baseline = known
    (root / "b.yaml").write_text(_source("b", "budget", "5"), encoding="utf-8")
    (root / "c.yaml").unlink()
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0
    assert result.stderr == (
        "baseline: 0 new, 0 known, 1 fixed problems; 0 new, 0 known, 1 fixed discrepancies\n"
    )


def test_each_baseline_entry_covers_one_occurrence(known: tuple[Path, Path]) -> None:
    """The same problem a second time in the same file is new."""
    root, baseline = known
    path = root / "c.yaml"
    extra = "  - id: d\n    subject: Japan\n    property: nope\n    value: 1\n    quote: q\n"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 1
    assert result.stderr.startswith("baseline: 1 new, 1 known, 0 fixed problems;")


def test_stale_resolution_of_a_known_resolved_discrepancy_is_new(tmp_path: Path) -> None:
    """Resolved in the baseline, stale now (a new value): the run fails again."""
    resolution = (
        "resolutions:\n  - topic: japan/budget\n    verdict: scoped\n    reviewer: R\n"
        "    date: 2026-01-02\n    rationale: r\n    values_seen: [5 USD, 9 USD]\n"
    )
    root = write_set(
        tmp_path / "set",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": _source("a", "budget", "5"),
            "b.yaml": _source("b", "budget", "9"),
            "r.yaml": resolution,
        },
    )
    baseline = tmp_path / "baseline.json"
    baseline.write_text(run_cli("check", str(root), "--format", "json").stdout, encoding="utf-8")
    (root / "c.yaml").write_text(_source("c", "budget", "20"), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 1
    assert "new: discrepancy japan/budget (conflict)" in result.stderr


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not JSON (Expecting property name enclosed in double quotes at line 1)"),
        ("[]", "not a claimcheck JSON report (claimcheck check --format json)"),
        (
            '{"version": 3, "problems": [], "discrepancies": []}',
            "unsupported report version 3; expected 1 or 2",
        ),
        (
            '{"version": 1, "problems": [{"code": "CC101"}], "discrepancies": []}',
            "problems[0] needs text code, file and message",
        ),
        (
            '{"version": 1, "problems": [], "discrepancies": [{"id": 3}]}',
            "discrepancies[0] needs a text id",
        ),
    ],
)
def test_invalid_baseline_is_a_usage_error(
    known: tuple[Path, Path], text: str, reason: str
) -> None:
    """A file that is no JSON report exits 2 with the reason and prints no report."""
    root, baseline = known
    baseline.write_text(text, encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"claimcheck: baseline {baseline}: {reason}\n"


def test_missing_or_binary_baseline_is_a_usage_error(known: tuple[Path, Path]) -> None:
    """A missing or non-UTF-8 baseline file exits 2."""
    root, baseline = known
    missing = run_cli("check", str(root), "--baseline", str(baseline) + ".gone")
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr
    baseline.write_bytes(b"\xff\xfe{")
    binary = run_cli("check", str(root), "--baseline", str(baseline))
    assert binary.exit_code == 2
    assert binary.stderr == f"claimcheck: baseline {baseline}: not UTF-8 text\n"


def test_parse_reports_the_file_name() -> None:
    """Errors from parse() name the baseline file they came from."""
    with pytest.raises(BaselineError, match=r"^baseline old\.json: not JSON"):
        parse("nope", "old.json")


def test_version_1_baseline_is_still_read(known: tuple[Path, Path]) -> None:
    """A baseline written by version 1 (claim pairs in conflicts) is read as before."""
    root, baseline = known
    report = json.loads(baseline.read_text(encoding="utf-8"))
    report["version"] = 1
    for d in report["discrepancies"]:  # version 1 listed claim pairs
        d["conflicts"] = [["a/c", "b/c"]]
    baseline.write_text(json.dumps(report), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert result.exit_code == 0, result.stderr
    assert "0 new, 1 known, 0 fixed discrepancies" in result.stderr


def _population(source_id: str, year: int, value: int) -> str:
    return (
        f"source: {{id: {source_id}, title: T, language: en}}\n"
        "claims:\n"
        f"  - {{id: c{year}, subject: Japan, property: population, value: {value},\n"
        f"     quote: q, as_of: {year}}}\n"
    )


def test_version_1_topic_covers_its_periods(tmp_path: Path) -> None:
    """Version 1 named a time-varying topic's discrepancy by the bare topic; its entry
    covers every period of the topic now, and is not reported fixed."""
    registry = REGISTRY + (
        "  population:\n    label: population\n    type: quantity\n    time_varying: true\n"
    )
    files = {"registry.yaml": registry}
    for year in (2000, 2010):
        files[f"a{year}.yaml"] = _population(f"a{year}", year, 100)
        files[f"b{year}.yaml"] = _population(f"b{year}", year, 200)
    root = write_set(tmp_path / "set", files)
    v1 = {
        "version": 1,
        "problems": [],
        "discrepancies": [{"id": "japan/population", "status": "open"}],
    }
    baseline = tmp_path / "v1.json"
    baseline.write_text(json.dumps(v1), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert "CC301 conflict on japan/population@2000" in result.stdout
    assert "0 new, 2 known, 0 fixed discrepancies" in result.stderr
    assert result.exit_code == 0
    v2 = {**v1, "version": 2}  # in version 2 the bare topic is another id
    baseline.write_text(json.dumps(v2), encoding="utf-8")
    result = run_cli("check", str(root), "--baseline", str(baseline))
    assert "2 new, 0 known, 1 fixed discrepancies" in result.stderr
    assert result.exit_code == 1
