"""``check --format sarif``: SARIF 2.1.0 that GitHub code scanning accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REGISTRY, REPO, run_cli, write_set

from checker.analysis import analyse
from checker.problems import RULES
from checker.report import sarif

# The official OASIS schema (errata01), kept in the tests: no network at test time.
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

SOURCE_A = """\
source:
  id: a
  title: A
  language: en
claims:
  - id: start
    subject: Japan–NATO partnership
    property: start date
    value: 1990
    quote: "since 1990"
  - id: typo
    subject: Japan
    propery: budget
    value: 5
    quote: "x"
"""
SOURCE_B = """\
source:
  id: b
  title: B — Japán
  language: hu
claims:
  - id: start
    subject: "Japán–NATO partnerség"
    property: kezdete
    value: 2004
    quote: "2004 óta"
"""
SOURCE_C = SOURCE_B.replace("id: b", "id: c").replace("value: 2004", "value: 1990-05")


def _set(root: Path) -> Path:
    return write_set(
        root,
        {"registry.yaml": REGISTRY, "a.yaml": SOURCE_A, "b c.yaml": SOURCE_B, "c.yaml": SOURCE_C},
    )


def _sarif(root: Path | str) -> dict[str, Any]:
    return sarif.document(analyse([str(root)]))


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The SARIF log of the standard set, checked from its parent folder as ``set``."""
    _set(tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    return _sarif("set")


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def _uri(result: dict[str, Any]) -> str:
    uri: str = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return uri


def test_validates_against_the_sarif_schema(log: dict[str, Any]) -> None:
    """The log is valid SARIF 2.1.0 by the official JSON schema."""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1


def test_rules_are_the_problem_catalogue(log: dict[str, Any]) -> None:
    """tool.driver.rules lists every code with its description and default level."""
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "claimcheck"
    assert driver["informationUri"].startswith("https://")
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == list(RULES)
    assert rules["CC301"]["shortDescription"]["text"] == RULES["CC301"].description
    assert rules["CC203"]["defaultConfiguration"]["level"] == "warning"
    for result in _results(log):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_one_result_per_problem_and_conflicting_claim(log: dict[str, Any]) -> None:
    """The typo's two problems and each of the three conflicting claims give one result."""
    found = sorted((_uri(r), r["ruleId"], r["level"]) for r in _results(log))
    assert found == [
        ("set/a.yaml", "CC101", "error"),
        ("set/a.yaml", "CC102", "error"),
        ("set/a.yaml", "CC301", "error"),
        ("set/b%20c.yaml", "CC301", "error"),
        ("set/c.yaml", "CC301", "error"),
    ]


def test_locations_are_relative_posix_with_srcroot(log: dict[str, Any]) -> None:
    """Relative paths become %SRCROOT%-based URIs with 1-based code-point columns."""
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    conflict = next(r for r in _results(log) if r["ruleId"] == "CC301" and "b%20c" in _uri(r))
    location = conflict["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "set/b%20c.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 9, "startColumn": 12}


def test_absolute_paths_become_file_uris(tmp_path: Path) -> None:
    """A set given by absolute path gives file: URIs without a base id."""
    root = _set(tmp_path / "set")
    location = _results(_sarif(root.resolve()))[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].startswith("file:///")
    assert "uriBaseId" not in location["artifactLocation"]


def test_conflicts_point_at_the_other_claims(log: dict[str, Any]) -> None:
    """A conflicting claim's result relates the opposing claim first, then the others."""
    conflict = next(r for r in _results(log) if r["ruleId"] == "CC301" and _uri(r) == "set/a.yaml")
    related = conflict["relatedLocations"]
    assert [r["message"]["text"] for r in related] == [
        "b/start says '2004' (conflicts)",
        "c/start says '1990-05' (also on this topic)",
    ]
    first = related[0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "set/b%20c.yaml"
    assert first["region"]["startLine"] == 9
    assert conflict["properties"]["discrepancy"] == "japan-nato-partnership/start-date"


def test_fingerprints_survive_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines added above the findings move them but keep every fingerprint."""
    root = _set(tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    before = {_uri(r) + r["ruleId"]: r for r in _results(_sarif("set"))}
    for name in ("a.yaml", "b c.yaml", "c.yaml"):
        path = root / name
        path.write_text("# reviewed\n# twice\n" + path.read_text(encoding="utf-8"), "utf-8")
    after = {_uri(r) + r["ruleId"]: r for r in _results(_sarif("set"))}
    assert before.keys() == after.keys()
    for key, result in before.items():
        assert after[key]["partialFingerprints"] == result["partialFingerprints"]
        assert after[key]["locations"] != result["locations"]
    prints = [r["partialFingerprints"]["claimcheck/v1"] for r in before.values()]
    assert len(set(prints)) == len(prints)


def test_resolved_discrepancy_gives_no_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a reviewer resolves the conflict, its results disappear from the log."""
    root = _set(tmp_path / "set")
    (root / "resolutions.yaml").write_text(
        "resolutions:\n"
        "  - topic: japan-nato-partnership/start-date\n"
        "    verdict: accept\n"
        '    value: "1990"\n'
        "    reviewer: R\n"
        "    date: 2026-01-02\n"
        "    rationale: r\n"
        '    values_seen: ["1990", "1990-05", "2004"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert {r["ruleId"] for r in _results(_sarif("set"))} == {"CC101", "CC102"}


def test_cli_writes_sarif_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check --format sarif --output FILE writes the log and still exits 1 on findings."""
    _set(tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "set", "--format", "sarif", "--output", "out.sarif")
    assert result.exit_code == 1
    assert result.stdout == ""
    written = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(written)
    assert len(_results(written)) == 5
