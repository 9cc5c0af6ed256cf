"""The bad-input matrix: every folder under tests/bad/ is a claim set with one bad file.

Each folder holds a good registry and source (``a-registry.yaml``, ``a-source.yaml``,
whose two claims contradict each other) beside the bad file, and an ``expected.yaml``
naming the problems the bad file must cause. Files that are binary, huge or links are
written by ``generate`` below instead of being committed. Every case asserts: exit code
1, each expected problem at its file, line (and column), nothing on stderr, nothing
secret or raw on stdout, and the good source still checked with its discrepancy found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import claim_pairs, run_cli

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.yaml").is_file())
SECRET = "TOP-SECRET-CONTENT-7f3a"
GOOD_TOPIC = "acme/founded"
GOOD_CLAIMS = ["good-news/founded-1990", "good-news/founded-2004"]

SOURCE_HEAD = """\
source:
  id: bad-source
  title: Bad Source
  language: en
claims:
  - id: c1
    subject: Acme
    property: founded
    value: 1990
    quote: "Founded in 1990."
"""


def _latin1(folder: Path, outside: Path) -> None:
    text = SOURCE_HEAD.replace("Bad Source", "Café Source")
    (folder / "bad.yaml").write_bytes(text.encode("latin-1"))


def _utf16(folder: Path, outside: Path) -> None:
    (folder / "bad.yaml").write_bytes(SOURCE_HEAD.encode("utf-16"))


def _nul(folder: Path, outside: Path) -> None:
    (folder / "bad.yaml").write_bytes(SOURCE_HEAD.replace("Bad Source", "Bad S\0ource").encode())


def _deep(folder: Path, outside: Path) -> None:
    # Deeper than our bound (64), shallower than libyaml's own (1000 in 0.2.6).
    (folder / "bad.yaml").write_text("[" * 200)


def _deeper(folder: Path, outside: Path) -> None:
    # Deeper than libyaml's own bound, where the library version decides who stops first.
    (folder / "bad.yaml").write_text("[" * 10_000)


def _huge(folder: Path, outside: Path) -> None:
    text = SOURCE_HEAD.replace("Founded in 1990.", "x" * 1_000_000)
    (folder / "bad.yaml").write_text(text)


def _symlink(folder: Path, outside: Path) -> None:
    secret = outside / "secret.yaml"
    secret.write_text(SOURCE_HEAD.replace("Bad Source", SECRET).replace("bad-source", "secret"))
    (folder / "bad.yaml").symlink_to(secret)


def _text_symlink(folder: Path, outside: Path) -> None:
    secret = outside / "secret.txt"
    secret.write_text(f"Founded in 1990. {SECRET}\n")
    (folder / "texts").mkdir()
    (folder / "texts" / "article.txt").symlink_to(secret)


def _fifo(folder: Path, outside: Path) -> None:
    os.mkfifo(folder / "bad.yaml")


GENERATE: dict[str, Callable[[Path, Path], None]] = {
    "latin1": _latin1,
    "utf16": _utf16,
    "nul": _nul,
    "deep": _deep,
    "deeper": _deeper,
    "huge": _huge,
    "symlink": _symlink,
    "text-symlink": _text_symlink,
    "fifo": _fifo,
}


def _materialise(case: str, tmp_path: Path) -> dict[str, Any]:
    """Copy the case's claim set (without expected.yaml) to tmp_path/set; return expected."""
    expected: dict[str, Any] = yaml.safe_load((BAD / case / "expected.yaml").read_text())
    folder, outside = tmp_path / "set", tmp_path / "outside"
    shutil.copytree(BAD / case, folder, ignore=shutil.ignore_patterns("expected.yaml"))
    outside.mkdir()
    if "generate" in expected:
        GENERATE[expected["generate"]](folder, outside)
    return expected


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch == "\n" for ch in text)


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad file is reported where it is wrong, and the good files are still checked."""
    expected = _materialise(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    as_json = run_cli("check", "set", "--format", "json")
    as_text = run_cli("check", "set")
    for result in (as_json, as_text):
        assert result.exit_code == 1, result.output
        assert result.stderr == ""
        assert SECRET not in result.stdout
        assert _printable(result.stdout)
    report = json.loads(as_json.stdout)
    found = [
        (p["code"], p["file"], p["line"], p["column"], p["message"]) for p in report["problems"]
    ]
    for want in expected["problems"]:
        matches = [
            f
            for f in found
            if f[0] == want["code"]
            and f[1] == f"set/{want['file']}"
            and f[2] == want["line"]
            and f[3] == want.get("column", f[3])
            and want.get("message", "") in f[4]
        ]
        assert matches, f"expected {want}, found {found}"
    if expected.get("only"):  # these and nothing else in bad.yaml: each said once
        assert len([f for f in found if f[1] == "set/bad.yaml"]) == len(expected["problems"])
    good = {d["id"]: d for d in report["discrepancies"]}
    assert good[GOOD_TOPIC]["kind"] == "self-contradiction"
    assert GOOD_CLAIMS in claim_pairs(good[GOOD_TOPIC])
    assert "set/a-source.yaml:11:12: CC302" in as_text.stdout
    assert not any(f[1] == "set/a-source.yaml" or f[1] == "set/a-registry.yaml" for f in found)


def test_python_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A !!python/object/apply tag is refused and the command it names never runs."""
    _materialise("python-tag", tmp_path)
    monkeypatch.chdir(tmp_path / "set")
    result = run_cli("check", ".")
    assert "CC013" in result.stdout
    assert not any(p.name == "PWNED" for p in tmp_path.rglob("*"))


def test_symlinked_claim_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A claim file linking outside the set counts for nothing: no source, no claims."""
    _materialise("symlink-outside", tmp_path)
    monkeypatch.chdir(tmp_path)
    report = json.loads(run_cli("check", "set", "--format", "json").stdout)
    assert report["summary"]["sources"] == 1
    assert report["summary"]["claims"] == 2


def test_all_at_once_in_a_real_process(tmp_path: Path) -> None:
    """Every bad file in one set, run as a real process: no traceback, good files checked."""
    everything = tmp_path / "all" / "set"
    everything.mkdir(parents=True)
    for case in CASES:
        _materialise(case, tmp_path / case)
        for item in (tmp_path / case / "set").iterdir():
            if item.name.startswith("a-"):
                continue
            if item.is_fifo():
                os.mkfifo(everything / f"{case}-{item.name}")
            elif item.is_dir():
                shutil.copytree(item, everything / item.name, symlinks=True, dirs_exist_ok=True)
            else:
                shutil.copy(item, everything / f"{case}-{item.name}", follow_symlinks=False)
    for name in ("a-registry.yaml", "a-source.yaml"):
        shutil.copy(BAD / CASES[0] / name, everything / name)
    done = subprocess.run(
        [sys.executable, "-c", "from checker.cli import main; main()", "check", "set"],
        cwd=tmp_path / "all",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert SECRET not in done.stdout
    assert _printable(done.stdout)
    assert "set/a-source.yaml:11:12: CC302" in done.stdout
    assert "set/deep-nesting-bad.yaml:1:65: CC006" in done.stdout
    assert "set/utf16-bom-bad.yaml:1:1: CC003" in done.stdout


def test_text_output_never_carries_raw_controls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terminal escapes and C0/C1 controls in quotes, names, messages and file names are
    shown escaped in text output: one line per finding, nothing a terminal would run."""
    _materialise("hostile-text", tmp_path)
    evil_name = "evil\x1b[31m\r\x9b2J\u202e\nname.yaml"
    (tmp_path / "set" / evil_name).write_text('source: {id: "\\e[31m", title: x}\n')
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "set")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert _printable(result.stdout)
    lines = result.stdout.splitlines()
    assert all(line.startswith("set/") for line in lines[:-1])
    assert "set/evil\\x1b[31m\\r\\x9b2J\\u202e\\nname.yaml:1:" in result.stdout
    assert "'\\x1b[31mred\\x1b[0m | ::error::x %0a @here'" in result.stdout
    assert "<i>evil</i> \\x1b[31mcorp\\x1b[0m | @channel/motto" in result.stdout
