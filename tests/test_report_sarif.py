"""``check --format sarif``: SARIF 2.1.0 that GitHub code scanning accepts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.analysis import Analysis, analyse
from checker.generate import generate
from checker.problems import RULES
from checker.report import sarif
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, run_cli, write_set

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
    return sarif.document(View(analyse([str(root)])))


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


def test_every_rule_has_full_description_and_help(log: dict[str, Any]) -> None:
    """GitHub requires fullDescription and help on every rule: made from the catalogue's
    description, fix and example, as text and as Markdown."""
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) == len(RULES)
    for rule in rules:
        entry = RULES[rule["id"]]
        assert entry.fix and entry.example, rule["id"]
        assert rule["fullDescription"]["text"].startswith(entry.description)
        assert entry.fix in rule["help"]["text"] and entry.example in rule["help"]["text"]
        assert f"**How to fix:** {entry.fix}" in rule["help"]["markdown"]
        assert f"```\n{entry.example}\n```" in rule["help"]["markdown"]


def test_related_locations_are_links_in_the_message(log: dict[str, Any]) -> None:
    """Each related location is embedded as ``[claim id](n)``: GitHub shows it only so."""
    conflict = next(r for r in _results(log) if r["ruleId"] == "CC301" and _uri(r) == "set/a.yaml")
    text = conflict["message"]["text"]
    assert text.endswith("Conflicting claims: [b/start](1); also on this topic: [c/start](2)."), (
        text
    )
    links = re.findall(r"(?<!\\)\[([^\]]*)\]\((\d+)\)", text)
    assert [(t, int(n)) for t, n in links] == [
        (r["message"]["text"].split(" says ")[0], r["id"]) for r in conflict["relatedLocations"]
    ]


LINKISH = """\
source:
  id: {id}
  title: T
  language: en
claims:
  - id: m
    subject: Japan
    property: motto
    value: "{value}"
    quote: "q"
"""


def test_user_text_never_becomes_a_link(tmp_path: Path) -> None:
    """A value such as ``see [the docs](1)`` is escaped (``\\[``, ``\\]``, ``\\\\``), so the
    only links in a message are the ones claimcheck embeds."""
    root = write_set(
        tmp_path / "set",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": LINKISH.format(id="a", value="see [the docs](1)"),
            "b.yaml": LINKISH.format(id="b", value="back\\\\slash [x]"),
        },
    )
    results = [r for r in _results(_sarif(root)) if r["ruleId"] == "CC301"]
    assert len(results) == 2
    for result in results:
        text = result["message"]["text"]
        assert "'see \\[the docs\\](1)'" in text or "'back\\\\slash \\[x\\]'" in text
        links = re.findall(r"(?<!\\)\[([^\]]*)\]\((\d+)\)", text)
        assert links == [("b/m" if "a/m says" in text else "a/m", "1")], text
        related = result["relatedLocations"][0]["message"]["text"]
        assert "\\[" in related and "\\]" in related


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """A generated set at a 50 % conflict rate: some hundred findings."""
    root = tmp_path_factory.mktemp("many") / "set"
    generate(root, 3_000, conflict_rate=0.5, seed=3)
    return analyse([str(root)])


def _rank(result: dict[str, Any]) -> tuple[bool, str]:
    return (result["level"] != "error", result.get("properties", {}).get("discrepancy", ""))


def test_results_are_capped_errors_first_with_a_summary(many: Analysis) -> None:
    """Over the cap: N results, errors first then by discrepancy id, the last one saying
    how many were left out (and of which severity)."""
    total = len(many.findings)
    full = _results(sarif.document(View(many), max_results=total))
    assert len(full) == total > 300 and "CC306" not in {r["ruleId"] for r in full}
    assert any(r["level"] == "warning" for r in full)
    capped = _results(sarif.document(View(many), max_results=100))
    assert len(capped) == 100
    kept, summary = capped[:-1], capped[-1]
    assert [_rank(r) for r in kept] == sorted(_rank(r) for r in full)[:99]
    assert [r["partialFingerprints"] for r in kept] == [r["partialFingerprints"] for r in full[:99]]
    left = full[99:]
    errors = sum(r["level"] == "error" for r in left)
    assert summary["ruleId"] == "CC306" and summary["level"] == "warning"
    assert summary["message"]["text"].startswith(
        f"{len(left):,} of {total:,} findings ({errors:,} errors, {len(left) - errors:,} "
        "warnings) are left out of this SARIF log, which holds 99"
    )
    assert "claimcheck check --format text" in summary["message"]["text"]
    assert summary["locations"] == left[0]["locations"]
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif.document(View(many), max_results=100))


def test_gzipped_size_stays_under_the_limit(
    many: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log that would gzip past the limit keeps fewer results, the summary last."""
    whole = sarif.render(View(many), max_results=400)
    assert sarif.gzipped_size(whole) < sarif.MAX_GZIPPED
    limit = sarif.gzipped_size(whole) // 3
    monkeypatch.setattr(sarif, "MAX_GZIPPED", limit)
    text = sarif.render(View(many), max_results=400)
    assert sarif.gzipped_size(text) <= limit
    results = _results(json.loads(text))
    assert 1 < len(results) < len(_results(json.loads(whole)))
    assert results[-1]["ruleId"] == "CC306"


def test_cli_max_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--max-results N caps the log; with another format it is a usage error."""
    _set(tmp_path / "set")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "set", "--format", "sarif", "--max-results", "2")
    assert result.exit_code == 1
    results = _results(json.loads(result.stdout))
    assert [r["ruleId"] for r in results] == ["CC101", "CC306"]
    # the cache of rendered reports tells the two caps apart
    again = run_cli("check", "set", "--format", "sarif")
    assert len(_results(json.loads(again.stdout))) == 5
    refused = run_cli("check", "set", "--max-results", "2")
    assert refused.exit_code == 2
    assert "--max-results applies to --format sarif only" in refused.stderr


def _multitool() -> str | None:
    """The native SARIF Multitool of the npm package, if it is installed."""
    launcher = shutil.which("sarif-multitool")
    node = shutil.which("node")
    if launcher is None or node is None:
        return None
    package = Path(launcher).resolve().parent
    found = subprocess.run(
        [node, "-e", "process.stdout.write(require(process.argv[1]))", str(package)],
        capture_output=True,
        text=True,
    )
    return found.stdout if found.returncode == 0 and found.stdout else None


MULTITOOL = _multitool()


@pytest.mark.skipif(MULTITOOL is None, reason="npm @microsoft/sarif-multitool not installed")
def test_github_rules_of_the_sarif_multitool(tmp_path: Path, many: Analysis) -> None:
    """Microsoft's SARIF Multitool with GitHub's rule set (Sarif;Gh) finds no error in the
    logs of the bundled set, the hostile set and a capped 50 %-conflict set."""
    assert MULTITOOL is not None
    logs = {
        "bundled": sarif.render(View(analyse([str(REPO / "claims")]))),
        "hostile": sarif.render(View(analyse([str(REPO / "tests" / "bad" / "hostile-text")]))),
        "capped": sarif.render(View(many), max_results=300),
    }
    for name, text in logs.items():
        (tmp_path / f"{name}.sarif").write_text(text, encoding="utf-8")
    out = tmp_path / "validation.sarif"
    command = [MULTITOOL, "validate", "--rule-kind", "Sarif;Gh", "--max-file-size-in-kb"]
    files = [str(tmp_path / f"{name}.sarif") for name in logs]
    done = subprocess.run(
        [*command, "100000", "--output", str(out), *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Done. {len(logs)} files scanned." in done.stdout, done.stdout
    assert "ERR" not in done.stdout and "WRN" not in done.stdout, done.stdout
    findings = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    errors = [r for r in findings if r.get("level", "warning") == "error"]
    assert errors == []
