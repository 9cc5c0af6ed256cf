"""The command line: exit codes, output formats, stdout and stderr together."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import cli
from tests.helpers import REGISTRY, REPO, run_cli

SOURCE_A = """\
source:
  id: a
  title: A
  language: en
  published: 2025-09
claims:
  - id: start
    subject: Japan–NATO partnership
    property: start date
    value: 1990
    quote: "since 1990"
"""
SOURCE_B = SOURCE_A.replace("id: a", "id: b").replace("value: 1990", "value: 2004")

MakeSet = Callable[[dict[str, str]], Path]


def test_clean_set_exits_0(claimset: MakeSet) -> None:
    """Agreeing sources: exit 0, a summary line, nothing on stderr."""
    root = claimset({"registry.yaml": REGISTRY, "a.yaml": SOURCE_A})
    result = run_cli("check", str(root))
    assert result.exit_code == 0
    assert result.stdout == (
        "1 source, 1 claim, 1 topic: 0 discrepancies: 0 open, 0 resolved, 0 stale; "
        "0 errors, 0 warnings\n"
    )
    assert result.stderr == ""


def test_conflict_exits_1_with_file_line_column(claimset: MakeSet) -> None:
    """A conflict prints FILE:LINE:COLUMN: CODE message for each conflicting claim."""
    root = claimset({"registry.yaml": REGISTRY, "a.yaml": SOURCE_A, "b.yaml": SOURCE_B})
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{root}/a.yaml:10:12: CC301 conflict on japan-nato-partnership/start-date: "
        "a/start says '1990', but '2004' (b/start)"
    )
    assert lines[1].startswith(f"{root}/b.yaml:10:12: CC301 ")
    assert result.stderr == ""


def test_json_report_shape(claimset: MakeSet) -> None:
    """--format json gives the contract's document, version 2 (contract 8.3)."""
    root = claimset({"registry.yaml": REGISTRY, "a.yaml": SOURCE_A, "b.yaml": SOURCE_B})
    result = run_cli("check", str(root), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 2
    assert report["summary"] == {
        "sources": 2,
        "claims": 2,
        "topics": 1,
        "discrepancies": 1,
        "open": 1,
        "acknowledged": 0,
        "resolved": 0,
        "stale": 0,
        "errors": 0,
        "warnings": 0,
    }
    assert report["discrepancies"] == [
        {
            "id": "japan-nato-partnership/start-date",
            "subject": "japan-nato-partnership",
            "property": "start-date",
            "kind": "conflict",
            "status": "open",
            "values": [
                {"value": "1990", "claims": ["a/start"]},
                {"value": "2004", "claims": ["b/start"]},
            ],
            "conflicts": [[0, 1]],
            "resolution": None,
            "likely": None,  # one source against one: nothing tells the values apart
        }
    ]


def test_output_file_and_determinism(claimset: MakeSet, tmp_path: Path) -> None:
    """--output writes the report to a file; two runs give the same bytes."""
    root = claimset({"registry.yaml": REGISTRY, "a.yaml": SOURCE_A, "b.yaml": SOURCE_B})
    out1, out2 = tmp_path / "r1.json", tmp_path / "r2.json"
    assert run_cli("report", str(root), "--format", "json", "--output", str(out1)).stdout == ""
    run_cli("report", str(root), "--format", "json", "--output", str(out2))
    assert out1.read_bytes() == out2.read_bytes()
    assert json.loads(out1.read_text())["summary"]["discrepancies"] == 1


def test_malformed_file_does_not_stop_others(claimset: MakeSet) -> None:
    """A broken file is an error; the good files are still checked."""
    root = claimset(
        {
            "registry.yaml": REGISTRY,
            "a.yaml": SOURCE_A,
            "b.yaml": SOURCE_B,
            "broken.yaml": "source: [unclosed\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(p["code"], p["file"]) for p in report["problems"]] == [
        ("CC002", f"{root}/broken.yaml")
    ]
    assert report["summary"]["discrepancies"] == 1


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    """A PATH that does not exist exits 2 with a message on stderr."""
    result = run_cli("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_unknown_option_is_a_usage_error(claimset: MakeSet) -> None:
    """An unknown option exits 2."""
    root = claimset({"registry.yaml": REGISTRY})
    result = run_cli("check", str(root), "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_relative_paths_stay_relative(claimset: MakeSet) -> None:
    """Problem files are the given PATH joined with the file's path inside it."""
    root = claimset({"registry.yaml": REGISTRY, "sub/a.yaml": SOURCE_A.replace("1990", "yes")})
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "set"],
        cwd=root.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("set/sub/a.yaml:10:12: CC108 ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["check"], ["report"], ["show", "x/y"], ["graph", "-o", "g.json"]],
    ids=["check", "report", "show", "graph"],
)
def test_missing_default_path_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    """Without PATH and without ./claims, a command exits 2 instead of checking nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert "no PATH given and no 'claims' folder here" in result.stderr


def test_default_path_is_claims(tmp_path: Path) -> None:
    """Without PATH, check reads ./claims."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "claims" / "a.yaml").write_text(SOURCE_A, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("1 source, 1 claim,")


def test_console_script_flushes_everything_before_its_fast_exit(tmp_path: Path) -> None:
    """The entry point skips clean-up, yet a report far larger than a pipe arrives whole."""
    from checker.generate import generate

    generate(tmp_path / "set", 2_000, conflict_rate=0.5, seed=1)
    command = [sys.executable, "-m", "checker.cli"]
    result = subprocess.run(
        [*command, "report", "set", "--format", "json", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) > 1 << 16
    assert json.loads(result.stdout)["summary"]["claims"] == 2_000
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert (version.returncode, version.stdout.split()[0]) == (0, "claimcheck,")


def test_internal_error_exits_2_naming_the_details_file(
    claimset: MakeSet, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bug is exit 2 ("could not check"), not 1 (findings): one stderr line naming the
    file that holds the traceback, and no traceback on the terminal."""
    root = claimset({"registry.yaml": REGISTRY})

    def broken(analysis: object) -> str:
        raise KeyError("boom")

    monkeypatch.setitem(cli.CHECK_FORMATTERS, "text", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None  # TMPDIR is read again
    try:
        result = run_cli("check", str(root))
    finally:
        tempfile.tempdir = None
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("claimcheck: internal error (KeyError: 'boom'); details in ")
    assert line.endswith("; please report it")
    assert "Traceback" not in result.stderr
    path = Path(line.split("details in ")[1].split(";")[0])
    assert path.parent == tmp_path
    details = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in details and "KeyError: 'boom'" in details


def _refused_requests(tmp: Path) -> dict[str, list[str]]:
    """One request per kind of user error, each refused before anything is written."""
    claims = tmp / "claims"
    shutil.copytree(REPO / "claims", claims)
    (tmp / "empty").mkdir()
    (tmp / "baseline.json").write_text("not a report", encoding="utf-8")
    (tmp / "article.txt").write_bytes(b"broken \xff here\n")
    (tmp / "table.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp / "mapping.yaml").write_text("source: {id: x}\n", encoding="utf-8")
    topic = "japan-nato-partnership/start-date"  # resolved in claims/resolutions.yaml
    return {
        "no claim file": ["check", str(tmp / "empty")],
        "baseline": ["check", str(claims), "--baseline", str(tmp / "baseline.json")],
        "unknown topic": ["show", "nothing/here", str(claims)],
        "resolve refused": ["resolve", topic, "--verdict", "open", "--reviewer", "R",
                            "--rationale", "r", "--file", str(tmp / "other.yaml"), str(claims)],
        "article": ["draft", str(tmp / "article.txt"), "--source", "x",
                    "--registry-from", str(claims)],
        "import": ["import", str(tmp / "table.csv"), "-m", str(tmp / "mapping.yaml"),
                   "--into", str(claims)],
        "generate": ["generate", str(claims), "--claims", "10"],
    }  # fmt: skip


@pytest.mark.parametrize(
    "kind",
    ["no claim file", "baseline", "unknown topic", "resolve refused", "article", "import",
     "generate"],
)  # fmt: skip
def test_a_request_claimcheck_refuses_is_one_line_and_exit_2(tmp_path: Path, kind: str) -> None:
    """Every user error (a ClaimcheckError) is said in one stderr line, nothing on stdout."""
    result = run_cli(*_refused_requests(tmp_path)[kind])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("claimcheck: ") and result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr
