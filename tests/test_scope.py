"""Which files a run reads and reports: a file named alone, --root, empty folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import REGISTRY, REPO, run_cli

MakeSet = Callable[[dict[str, str]], Path]


def source(sid: str, value: str, subject: str = "Japan–NATO partnership") -> str:
    return f"""\
source:
  id: {sid}
  title: {sid.upper()}
  language: en
claims:
  - id: start
    subject: {subject}
    property: start date
    value: {value}
    quote: "since {value}"
"""


BROKEN = "source:\n  id: broken\nclaims: []\n"  # title and language missing: CC101
OTHER_TOPIC = source("c", "1990", "Japan").replace("start date", "budget")
OTHER_TOPIC_2 = source("d", "500", "Japan").replace("start date", "budget")


@pytest.fixture
def contributed(claimset: MakeSet) -> Path:
    """A set with a conflict a/new, an unrelated conflict c/d and a broken file."""
    return claimset(
        {
            "registry.yaml": REGISTRY,
            "a.yaml": source("a", "1990"),
            "new.yaml": source("new", "2004"),
            "c.yaml": OTHER_TOPIC,
            "d.yaml": OTHER_TOPIC_2,
            "sub/broken.yaml": BROKEN,
        }
    )


def test_one_file_is_checked_with_its_registry(contributed: Path) -> None:
    """A file named alone uses its folder's registry: no unknown-property or ad-hoc noise."""
    result = run_cli("check", str(contributed / "new.yaml"))
    codes = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-1]]
    assert codes == ["CC301", "CC301"]
    assert result.stderr == ""
    assert result.exit_code == 1


def test_one_file_reports_only_its_own_findings(contributed: Path) -> None:
    """Problems and discrepancies of other files in the set are left out."""
    result = run_cli("check", str(contributed / "new.yaml"), "--format", "json")
    report = json.loads(result.stdout)
    assert [d["id"] for d in report["discrepancies"]] == ["japan-nato-partnership/start-date"]
    assert report["problems"] == []
    assert report["summary"]["sources"] == 1
    assert report["summary"]["claims"] == 1
    assert [s["source"] for s in report["sources"]] == ["new"]


def test_one_clean_file_passes_though_the_set_fails(contributed: Path) -> None:
    """The exit code is that of the named file: c.yaml's conflict with d fails, not e."""
    (contributed / "e.yaml").write_text(source("e", "1990", "Japan"), encoding="utf-8")
    result = run_cli("check", str(contributed / "e.yaml"))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("1 source, 1 claim, 1 topic: 0 discrepancies")


def test_file_two_levels_below_its_registry(contributed: Path) -> None:
    """The nearest folder above holding a registry is the root; the path stays as given."""
    result = run_cli("check", str(contributed / "sub/broken.yaml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{contributed}/sub/broken.yaml:2:3: CC101 ")
    assert all("sub/broken.yaml" in line for line in lines[:-1])


def test_relative_path_keeps_its_spelling(
    contributed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check ./new.yaml` names the file ./new.yaml in every line."""
    monkeypatch.chdir(contributed)
    result = run_cli("check", "./new.yaml")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("./new.yaml:9:12: CC301 ")


def test_root_option_names_the_set(tmp_path: Path) -> None:
    """--root DIR: the claim set of a file kept outside it (here: a sibling folder)."""
    (tmp_path / "set").mkdir()
    (tmp_path / "set/registry.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "set/a.yaml").write_text(source("a", "1990"), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts/new.yaml"
    draft.write_text(source("new", "2004"), encoding="utf-8")
    alone = run_cli("check", str(draft))
    assert "CC201" in alone.stdout  # no registry found above it: checked alone
    assert alone.stderr == (
        f"claimcheck: no registry file in the folder of {draft} or above; "
        "checking it alone (name its claim set with --root)\n"
    )
    with_root = run_cli("check", str(draft), "--root", str(tmp_path / "set"))
    assert with_root.stderr == ""
    assert [line.split()[1] for line in with_root.stdout.splitlines()[:-1]] == ["CC301"] * 2


def test_folder_and_file_together_report_the_folder_whole(
    contributed: Path, tmp_path: Path
) -> None:
    """A folder given is reported whole, next to a file named from another set."""
    other = tmp_path / "other"
    other.mkdir()
    own = "properties:\n  founded:\n    label: founded\n    type: date\n"
    (other / "registry.yaml").write_text(own, encoding="utf-8")
    (other / "x.yaml").write_text(source("p", "1990").replace("start date", "founded"))
    (other / "y.yaml").write_text(source("q", "2004").replace("start date", "founded"))
    result = run_cli("check", str(contributed), str(other / "x.yaml"), "--format", "json")
    report = json.loads(result.stdout)
    files = {p["file"] for p in report["problems"] if p["severity"] == "error"}
    assert files == {f"{contributed}/sub/broken.yaml"}
    found = [d["id"] for d in report["discrepancies"]]
    assert found == [
        "japan-nato-partnership/founded",
        "japan-nato-partnership/start-date",
        "japan/budget",
    ]
    assert report["summary"]["sources"] == 5  # a, new, c, d (broken has no valid source), p


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (REPO / "claims").glob("*.yaml")), ids=lambda n: n
)
def test_bundled_file_alone_reports_nothing_new(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check claims/FILE` prints no finding that `check claims` does not."""
    monkeypatch.chdir(REPO)
    whole = run_cli("check", "claims")
    alone = run_cli("check", f"claims/{name}")
    assert alone.stderr == ""
    assert set(alone.stdout.splitlines()[:-1]) <= set(whole.stdout.splitlines()[:-1])
    assert alone.exit_code <= whole.exit_code


def test_empty_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No claim files under a PATH: exit 2 and one line saying where it looked."""
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub/notes.txt").write_text("not a claim file", encoding="utf-8")
    (empty / ".hidden").mkdir()
    (empty / ".hidden/a.yaml").write_text(source("a", "1990"), encoding="utf-8")
    for command in (["check"], ["report"], ["show", "x/y"], ["graph", "-o", "g.json"]):
        monkeypatch.chdir(tmp_path)
        result = run_cli(*command, str(empty))
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert result.stderr == (
            f"claimcheck: no claim files (*.yaml, *.yml) in {empty} or its subfolders\n"
        )


def test_empty_relative_folder_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative PATH is shown as given and as the absolute folder looked in."""
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "empty")
    assert result.exit_code == 2
    assert result.stderr.startswith("claimcheck: no claim files (*.yaml, *.yml) in empty (/")
    assert result.stderr.count("\n") == 1
