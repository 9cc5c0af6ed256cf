"""Shared test helpers: writing small claim sets and running the CLI. Import them as
``from tests.helpers import ...``; ``conftest.py`` holds only fixtures and hooks."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

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


def source(
    source_id: str,
    value: object,
    *,
    prop: str = "start date",
    subject: str = "Japan–NATO partnership",
    claim_id: str = "start",
    title: str = "T",
    quote: str = "q",
    extra: str = "",
) -> str:
    """A source file with one claim, for the formatter and pipeline tests; ``extra`` is
    appended to the claim (indented keys such as ``"    as_of: 2020\n"``)."""
    return (
        f"source:\n  id: {source_id}\n  title: {title}\n  language: en\nclaims:\n"
        f"  - id: {claim_id}\n    subject: {subject}\n    property: {prop}\n"
        f'    value: {value}\n    quote: "{quote}"\n{extra}'
    )
