"""Shared test helpers: writing small claim sets and running the CLI."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import main

REPO = Path(__file__).resolve().parent.parent

# Debian's Chromium, started so that it makes no network connections of its own.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def write_set(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: YAML text}`` (dedented) under ``root``; return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _parse_cache_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the CLI's parse cache out of the user's home during tests."""
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "parse-cache"))


@pytest.fixture
def claimset(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A factory writing a claim set into a fresh temporary folder."""

    def make(files: dict[str, str]) -> Path:
        return write_set(tmp_path / "set", files)

    return make


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    """Invoke ``claimcheck`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args), catch_exceptions=False)


REGISTRY = """\
entities:
  japan-nato-partnership:
    label: Japan–NATO partnership
    aliases: [NATO–Japan partnership, Japán–NATO partnerség, 日本とNATOの関係]
  japan:
    label: Japan
    aliases: [Japán, Japan (country), 日本]
properties:
  start-date:
    label: start date
    type: date
    aliases: [began, kezdete, Beginn, 開始]
  budget:
    label: budget
    type: quantity
    unit: USD
    tolerance: 0.01
  prime-minister:
    label: prime minister
    type: entity
    time_varying: true
  members:
    label: member
    type: entity
    cardinality: multiple
  motto:
    label: motto
    type: text
  ratified:
    label: ratified
    type: boolean
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite golden files from the current output instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))


def claim_pairs(discrepancy: dict[str, Any]) -> list[list[str]]:
    """A JSON report's discrepancy's conflicts as claim pairs (each sorted, the list sorted),
    expanded from version 2's index pairs into ``values``."""
    values = discrepancy["values"]
    return sorted(
        sorted([a, b])
        for i, j in discrepancy["conflicts"]
        for a in values[i]["claims"]
        for b in values[j]["claims"]
    )
