"""One example per problem code: ``tests/examples/CCxxx/`` holds a claim set (``set/``) that
raises the code and ``expected.txt``, the transcript of the command run on it (as sqlfluff
keeps one test folder per rule). A folder may hold ``command``: the claimcheck arguments
(default ``check .``), run inside ``set/``.

Every code in the catalogue (``checker/problems.py``) must have its folder; write the set,
then ``pytest tests/test_examples.py --update-golden`` writes ``expected.txt`` from the
current output: read it before committing, it is what the test then holds the code to.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.load import Limits
from checker.problems import RULES
from tests.helpers import run_cli

EXAMPLES = Path(__file__).parent / "examples"
DEFAULT_COMMAND = "check ."


def _over_the_size_limit(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A sparse file: over the 64 MiB limit without writing 64 MiB.
    with (folder / "huge.yaml").open("wb") as huge:
        huge.truncate(Limits().max_file_bytes + 1)


# What cannot be committed as a file.
PREPARE: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "CC004": _over_the_size_limit,
}


def _folders() -> list[str]:
    return sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def _missing_message(code: str) -> str:
    rule = RULES[code]
    return (
        f"{code} ({rule.name}: {rule.description}) has no example. Add "
        f"tests/examples/{code}/set/ holding a small claim set that raises {code} "
        f"(optionally tests/examples/{code}/command with the claimcheck arguments, default "
        f"'{DEFAULT_COMMAND}'), then run 'pytest tests/test_examples.py --update-golden' to "
        f"write tests/examples/{code}/expected.txt, and read it before committing."
    )


def test_every_code_has_an_example() -> None:
    """Each catalogued code has its folder with a checked transcript; no folder is stray."""
    missing = [
        _missing_message(code)
        for code in RULES
        if not ((EXAMPLES / code / "set").is_dir() and (EXAMPLES / code / "expected.txt").is_file())
    ]
    assert not missing, "\n".join(missing)
    stray = [name for name in _folders() if name not in RULES]
    assert not stray, f"example folders for codes not in checker/problems.py: {stray}"


@pytest.mark.parametrize("code", _folders())
def test_example(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    """The example's command prints exactly its transcript, and the transcript shows the code."""
    folder = tmp_path / code
    shutil.copytree(EXAMPLES / code, folder, symlinks=True)
    command_file = folder / "command"
    command = (
        command_file.read_text(encoding="utf-8").strip()
        if command_file.is_file()
        else DEFAULT_COMMAND
    )
    if code in PREPARE:
        PREPARE[code](folder / "set", monkeypatch)
    monkeypatch.chdir(folder / "set")
    result = run_cli(*shlex.split(command))
    transcript = (
        f"$ claimcheck {command}\n{result.stdout}"
        + (f"[stderr]\n{result.stderr}" if result.stderr else "")
        + f"[exit {result.exit_code}]\n"
    )
    expected = EXAMPLES / code / "expected.txt"
    if update_golden:
        expected.write_text(transcript, encoding="utf-8")
    assert transcript == expected.read_text(encoding="utf-8"), (
        f"the output of tests/examples/{code} changed; if that is intended, run "
        "'pytest tests/test_examples.py --update-golden' and read the diff before committing"
    )
    assert code in result.stdout, f"{code}'s example does not raise {code}"
