"""``check --format junit``: one test case per discrepancy and per claim file."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import junitparser

from checker.analysis import analyse
from checker.report import junit
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, run_cli, source, write_set


def _source(source_id: str, prop: str, value: str, extra: str = "") -> str:
    return source(source_id, value, prop=prop, subject="Japan", claim_id="c", extra=extra)


RESOLVED = """\
resolutions:
  - topic: japan/motto
    verdict: distinct
    reviewer: R
    date: 2026-01-02
    rationale: two mottos
    values_seen: [Peace, War]
"""


def _tree(tmp_path: Path) -> tuple[Path, ET.Element]:
    root = write_set(
        tmp_path / "set",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": _source("a", "start date", "1990"),
            "b.yaml": _source("b", "start date", "2004", "    modality: planned\n"),
            "c.yaml": _source("c", "budget", "5"),
            "d.yaml": _source("d", "budget", "9"),
            "e.yaml": _source("e", "motto", "Peace"),
            "f.yaml": _source("f", "motto", "War"),
            "g.yaml": _source("g", "budget", "5 EUR", "    propery: x\n"),
            "resolutions.yaml": RESOLVED,
        },
    )
    return root, ET.fromstring(junit.render(View(analyse([str(root)]))))


def _cases(tree: ET.Element, suite: str) -> dict[str, ET.Element]:
    found = tree.find(f"testsuite[@name='{suite}']")
    assert found is not None
    return {case.attrib["name"]: case for case in found.iter("testcase")}


def test_discrepancy_cases_fail_only_when_the_run_fails(tmp_path: Path) -> None:
    """Open conflict fails; resolved passes; open plan-vs-actual passes with a warning."""
    _, tree = _tree(tmp_path)
    cases = _cases(tree, "discrepancies")
    assert sorted(cases) == ["japan/budget", "japan/motto", "japan/start-date"]
    failure = cases["japan/budget"].find("failure")
    assert failure is not None
    assert failure.attrib == {"type": "conflict", "message": "open conflict: values 5 USD, 9 USD"}
    assert "c/c" in (failure.text or "") and "d/c" in (failure.text or "")
    assert cases["japan/motto"].find("failure") is None
    assert "resolution: distinct by R" in (cases["japan/motto"].findtext("system-out") or "")
    plan = cases["japan/start-date"]
    assert plan.find("failure") is None
    assert (plan.findtext("system-out") or "").startswith(
        "warning: open plan-vs-actual (does not fail)"
    )


def test_file_cases_list_errors_and_warnings(tmp_path: Path) -> None:
    """A file with an error fails listing it; its warnings go to system-out."""
    root, tree = _tree(tmp_path)
    cases = _cases(tree, "files")
    assert len(cases) == 9
    bad = cases[f"{root}/g.yaml"]
    failure = bad.find("failure")
    assert failure is not None
    assert failure.attrib["type"] == "CC102"
    assert failure.text == (
        f"{root}/g.yaml:11:5: CC102 error: unknown key 'propery' in claim "
        "(did you mean 'property'?)\n"
    )
    assert (bad.findtext("system-out") or "").startswith(f"{root}/g.yaml:9:12: CC112 warning: ")
    assert cases[f"{root}/a.yaml"].find("failure") is None
    assert len(list(cases[f"{root}/a.yaml"])) == 0


def test_counts_add_up(tmp_path: Path) -> None:
    """tests and failures on the suites and the root match their test cases."""
    _, tree = _tree(tmp_path)
    assert tree.attrib == {
        "name": "claimcheck",
        "tests": "12",
        "failures": "2",
        "errors": "0",
        "time": "0",
    }
    suites = {s.attrib["name"]: s.attrib for s in tree}
    assert suites["discrepancies"]["tests"] == "3"
    assert suites["discrepancies"]["failures"] == "1"
    assert suites["files"]["failures"] == "1"


def test_forbidden_characters_become_escapes() -> None:
    """Characters XML 1.0 forbids become visible escapes; tab, newline and Unicode stay."""
    assert junit.xml_text("a\x00b\x0bc\x1fd\ud800e\ufffef\tg\nh 日本 \U0001f600") == (
        "a\\x00b\\x0bc\\x1fd\\ud800e\\ufffef\tg\nh 日本 \U0001f600"
    )


def test_hostile_ids_and_file_names_parse(tmp_path: Path) -> None:
    """ESC in a discrepancy id and \\x01 in a file name: ElementTree and junitparser parse
    the report, and the names keep the characters as visible escapes."""
    root = tmp_path / "set"
    shutil.copytree(REPO / "tests" / "bad" / "hostile-text", root)
    (root / "bad\x01name.yaml").write_text("source: [\n", encoding="utf-8")
    done = run_cli("check", str(root), "--format", "junit", "--output", str(tmp_path / "j.xml"))
    assert done.exit_code == 1
    tree = ET.parse(tmp_path / "j.xml").getroot()
    names = [case.attrib["name"] for case in tree.iter("testcase")]
    assert any("\\x1b[31mcorp\\x1b[0m" in name for name in names), names
    assert f"{root}/bad\\x01name.yaml" in names
    xml = junitparser.JUnitXml.fromfile(str(tmp_path / "j.xml"))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(names)
    assert sum(not case.is_passed for case in cases) == int(tree.attrib["failures"])


def test_every_suite_and_case_has_a_time(tmp_path: Path) -> None:
    """``time`` on the root, each suite and each test case (strict consumers require it)."""
    _, tree = _tree(tmp_path)
    elements = [tree, *tree.iter("testsuite"), *tree.iter("testcase")]
    assert len(elements) == 15
    assert {element.attrib.get("time") for element in elements} == {"0"}


def test_cli_output_is_well_formed_and_deterministic(tmp_path: Path) -> None:
    """Two runs give byte-identical XML that an XML parser accepts, with a declaration."""
    root, _ = _tree(tmp_path)
    first = run_cli("check", str(root), "--format", "junit")
    second = run_cli("check", str(root), "--format", "junit")
    assert first.exit_code == 1
    assert first.stdout == second.stdout
    assert first.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    ET.fromstring(first.stdout.encode("utf-8"))
