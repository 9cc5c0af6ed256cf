"""``check --format github``: workflow-command annotations, escaped and ordered."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.analysis import analyse
from checker.report import github
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, run_cli, source, write_set


def _source(source_id: str, value: str) -> str:
    return source(source_id, value)


def test_escaping_follows_the_runner() -> None:
    """Data escapes %, CR and LF; properties also escape : and ,."""
    assert github.escape_data("50% a:b,c\r\nd") == "50%25 a:b,c%0D%0Ad"
    assert github.escape_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc%0D%0Ad"


def test_hostile_text_stays_inside_its_annotation() -> None:
    """Workflow commands and terminal escapes in the input cannot act on the log."""
    rendered = github.render(View(analyse([str(REPO / "tests/bad/hostile-text")])))
    lines = rendered.splitlines()
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines[:-1])
    assert lines[-1].startswith("claimcheck: ")
    assert "\x1b" not in rendered and "\u202e" not in rendered
    assert "%250a @here" in rendered  # an encoded newline in the input stays text
    assert github.escape_data("\x1b[2J\u202e\a") == "\\x1b[2J\\u202e\\x07"


def test_annotations_for_a_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each conflicting claim is an ::error at its value, then one plain summary line."""
    write_set(
        tmp_path / "set",
        {"registry.yaml": REGISTRY, "a.yaml": _source("a", "1990"), "b.yaml": _source("b", "2004")},
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "set", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=set/a.yaml,line=9,col=12,title=CC301 conflict::conflict on "
        "japan-nato-partnership/start-date: a/start says '1990', but '2004' (b/start)",
        "::error file=set/b.yaml,line=9,col=12,title=CC301 conflict::conflict on "
        "japan-nato-partnership/start-date: b/start says '2004', but '1990' (a/start)",
        "claimcheck: 2 sources, 2 claims, 1 topic: 1 discrepancy: 1 open, 0 resolved, "
        "0 stale; 0 errors, 0 warnings",
    ]


def test_file_names_and_messages_are_escaped(tmp_path: Path) -> None:
    """A comma or colon in a file name cannot break the annotation's properties."""
    root = write_set(tmp_path / "odd", {"x,y:z.yaml": "claims: []\nsource: {id: a, title: t}\n"})
    lines = github.render(View(analyse([str(root)]))).splitlines()
    assert lines[0] == (
        f"::error file={root}/x%2Cy%3Az.yaml,line=2,col=9,title=CC101::"
        "source is missing required key 'language'"
    )


def test_most_important_first(tmp_path: Path) -> None:
    """Errors before warnings; every discrepancy's first claim, then CC0xx, CC1xx, the rest."""
    files = {"registry.yaml": REGISTRY, "broken.yaml": "a: [\n", "typo.yaml": "sources: []\n"}
    for index, value in enumerate(("1990", "2004", "2010")):
        files[f"s{index}.yaml"] = _source(f"s{index}", value)
    for index, value in enumerate(("Peace", "War")):
        files[f"m{index}.yaml"] = _source(f"m{index}", value).replace("start date", "motto")
    files["t.yaml"] = (
        _source("t", "5 EUR").replace("start date", "budget")
        + "  - id: other\n    subject: Japan\n    property: nope\n    value: 1\n    quote: q\n"
    )
    root = write_set(tmp_path / "set", files)
    lines = github.render(View(analyse([str(root)]))).splitlines()
    found = [
        (line.split(" file=")[1].split(",")[0], line.split("title=")[1].split("::")[0])
        for line in lines[:-1]
    ]
    assert found == [
        (f"{root}/m0.yaml", "CC301 conflict"),
        (f"{root}/s0.yaml", "CC301 conflict"),
        (f"{root}/m1.yaml", "CC301 conflict"),
        (f"{root}/s1.yaml", "CC301 conflict"),
        (f"{root}/s2.yaml", "CC301 conflict"),
        (f"{root}/broken.yaml", "CC002"),
        (f"{root}/typo.yaml", "CC010"),
        (f"{root}/t.yaml", "CC201"),
        (f"{root}/t.yaml", "CC112"),
    ]
    assert lines[-2].startswith("::warning ")
    assert all(line.startswith("::error ") for line in lines[:-2])


def test_summary_warns_when_github_hides_annotations(tmp_path: Path) -> None:
    """More than 10 errors: the summary says GitHub shows only the first 10."""
    files = {"registry.yaml": REGISTRY}
    for index in range(12):
        files[f"s{index:02}.yaml"] = _source(f"s{index:02}", str(1990 + index))
    root = write_set(tmp_path / "set", files)
    lines = github.render(View(analyse([str(root)]))).splitlines()
    assert len(lines) == 13
    assert lines[-1].endswith(
        "0 errors, 0 warnings (12 error and 0 warning annotations; GitHub shows the first 10 "
        "of each; run claimcheck check for the full list)"
    )
