"""Every --help is complete: nothing cut off, PATH explained, exit codes, format names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import FORMAT_HELP, main, report_format
from checker.model import Verdict
from checker.report import CHECK_FORMATTERS, REPORT_FORMATTERS
from tests.helpers import REPO, run_cli

COMMANDS = sorted(main.commands)


def _help(*args: str) -> str:
    result = run_cli(*args, "--help")
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_not_cut_off_and_lists_exit_codes(command: str) -> None:
    """No description ends in an ellipsis; each help lists exit codes 0 and 2."""
    text = _help(*([command] if command else []))
    described = text.split("\n", 1)[1]  # the usage line may say ``[PATH]...``
    assert "..." not in described
    assert "…" not in text
    assert "Exit codes:" in text
    assert "\n    0  " in text and "\n    2  could not run" in text


@pytest.mark.parametrize("command", ["", "check", "report", "show", "resolve", "graph"])
def test_help_says_what_path_is(command: str) -> None:
    """Commands taking PATHs say what a PATH is and what its default is."""
    text = " ".join(_help(*([command] if command else [])).split())
    assert "PATH: a claim-set folder" in text
    assert "single claim file" in text and "Default: ./claims" in text


def test_check_help_lists_exit_code_1_and_every_format() -> None:
    """check explains 1 and each of its format names."""
    text = "".join(_help("check").split())
    assert "1findings" in text
    for name in CHECK_FORMATTERS:
        assert f"{name}:{''.join(FORMAT_HELP[name].split())}" in text


def test_report_help_explains_every_format() -> None:
    """report explains md, html and json and its default."""
    text = "".join(_help("report").split())
    for name in REPORT_FORMATTERS:
        assert f"{name}:{''.join(FORMAT_HELP[name].split())}" in text
    assert "Default:mdonaterminal" in text


def test_resolve_and_draft_offer_the_words_the_files_use() -> None:
    """--verdict lists the verdicts as a resolutions file spells them (not the enum's
    member names) and each is accepted; --language lists the draft languages."""
    assert "--verdict [accept|distinct|scoped|open]" in _help("resolve")
    assert "--language [en|de|hu|ja]" in _help("draft")
    for verdict in Verdict:
        result = run_cli("resolve", "no/such-topic", "--verdict", verdict.value, "--reviewer", "R",
                         "--rationale", "why", str(REPO / "claims"))  # fmt: skip
        assert "Invalid value for '--verdict'" not in result.stderr
    result = run_cli("resolve", "t", "--verdict", "ACCEPT", "--reviewer", "R", "--rationale", "w")
    assert result.exit_code == 2 and "Invalid value for '--verdict'" in result.stderr


def test_generate_sources_default_is_no_path() -> None:
    """generate --sources says its default in words, not as `claims/1000`."""
    text = " ".join(_help("generate").split())
    assert "claims/1000" not in text
    assert "one per 1000 claims" in text


def test_report_defaults_to_markdown_on_a_terminal() -> None:
    """No --format: md on a terminal, the --output extension, else json."""
    assert report_format(None, is_terminal=True) == "md"
    assert report_format(None, is_terminal=False) == "json"
    assert report_format("out.html", is_terminal=True) == "html"
    assert report_format("out.MD", is_terminal=False) == "md"
    assert report_format("out.json", is_terminal=True) == "json"


def test_report_on_a_terminal_is_markdown(tmp_path: Path) -> None:
    """`claimcheck report` with stdout a terminal prints Markdown (script(1) gives a tty)."""
    script = subprocess.run(["which", "script"], capture_output=True, text=True).stdout.strip()
    if not script:
        pytest.skip("script(1) is not installed: no terminal to run under")
    command = f"{sys.executable} -m checker.cli report claims"
    done = subprocess.run(
        [script, "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.lstrip().startswith("# claimcheck report")


def test_output_error_names_the_users_file(tmp_path: Path) -> None:
    """--output into a missing folder names that file, not a temporary one."""
    target = tmp_path / "missing-dir" / "out.txt"
    result = run_cli("check", str(REPO / "claims"), "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"claimcheck: cannot write {target}: No such file or directory\n"
