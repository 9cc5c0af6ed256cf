"""`claimcheck show TOPIC`: the reviewer's terminal view of one discrepancy."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.analysis import analyse
from checker.report.show import display_width, render, wrap
from checker.report.view import UnknownTopic, View
from tests.helpers import REGISTRY, run_cli

MakeSet = Callable[[dict[str, str]], Path]
TOPIC = "japan-nato-partnership/start-date"

HU = """\
source:
  id: hu
  title: Japán és a NATO
  language: hu
  published: 2025-09
claims:
  - id: since-1990
    subject: Japán–NATO partnerség
    property: kezdete
    value: 1990
    quote: "Japán a NATO legrégebbi partnere hivatalosan 1990-től"
    translation: "Japan has officially been NATO's oldest partner since 1990"
    location: "p. 2"
"""
JA = """\
source:
  id: ja
  title: NATOと日本
  language: ja
claims:
  - id: global-2004
    subject: 日本とNATOの関係
    property: 開始
    value: 2004
    as_of: 2023
    quote: "2004年には、日本がNATOの「グローバル・パートナー」の一つとして公式に認められ"
    translation: "In 2004 Japan was officially recognised as a global partner"
  - id: not-1990
    subject: 日本とNATOの関係
    property: 開始
    value: 1990
    negated: true
    modality: expected
    quote: "1990年ではない\\x1b[31m"
"""
RESOLVED = """\
resolutions:
  - topic: japan-nato-partnership/start-date
    verdict: accept
    value: "1990"
    reviewer: Jane Doe
    date: 2026-11-20
    rationale: The Hungarian source cites the treaty.
    evidence: ["https://example.org/treaty"]
    values_seen: ["1990", "2004", "not 1990"]
"""


@pytest.fixture
def root(claimset: MakeSet) -> Path:
    return claimset({"registry.yaml": REGISTRY, "hu.yaml": HU, "ja.yaml": JA})


def test_side_by_side_view(root: Path) -> None:
    """Wide terminal: topic, kind, status, each value with its claims, quote beside
    translation, flags, the conflicting pairs, and how to resolve it."""
    text = render(View(analyse([str(root)])), TOPIC, width=100)
    assert text.startswith(
        f"{TOPIC}\n"
        "  Japan–NATO partnership · start date (date, single)\n"
        "  kind:   conflict\n"
        "  status: open (unresolved; fails CI)\n"
        "  likely: 2004 (0.81)\n"  # ja's two consistent statements outweigh hu's one
        "\n"
        "Values (3)\n"
        "  1990  — 1 claim\n"
        "    hu/since-1990\n"
        "      source: Japán és a NATO [hu]\n"
        f"      at:     {root}/hu.yaml:7 (p. 2)\n"
        "      flags:  actual, as of 2025-09\n"
        "      quote [hu]                                    | translation\n"
        "      Japán a NATO legrégebbi partnere hivatalosan  | "
        "Japan has officially been NATO's oldest\n"
        "      1990-től                                      | partner since 1990\n"
    )
    assert "      flags:  expected, NEGATED\n" in text
    assert (
        "Conflicts (2)\n"
        "  1990 (hu/since-1990)  x  2004 (ja/global-2004)\n"
        "  1990 (hu/since-1990)  x  not 1990 (ja/not-1990)\n"
    ) in text
    assert text.endswith(
        "Resolution\n  none yet; record one with\n"
        f"  claimcheck resolve {TOPIC} --verdict accept|distinct|scoped|open ...\n"
    )
    assert all(display_width(line) <= 100 for line in text.splitlines())


def test_narrow_view_stacks_quote_and_translation(root: Path) -> None:
    """Narrow terminal: the translation goes under the quote, and no line overflows."""
    text = render(View(analyse([str(root)])), TOPIC, width=50)
    assert "      quote [ja]:\n        2004年には、日本がNATOの「グローバル・パー\n" in text
    assert "      translation:\n        In 2004 Japan was officially recognised as\n" in text
    assert "      quote [ja]:\n        1990年ではない\\x1b[31m\n" in text
    commands = [line for line in text.splitlines() if "claimcheck resolve" in line]
    assert len(commands) == 1  # a command to copy is never wrapped
    assert all(display_width(line) <= 50 for line in text.splitlines() if line not in commands)


def test_control_characters_are_escaped(root: Path) -> None:
    """A quote carrying a terminal escape sequence is shown escaped, never executed."""
    text = render(View(analyse([str(root)])), TOPIC, width=100)
    assert "\x1b" not in text
    assert "1990年ではない\\x1b[31m" in text


def test_resolution_and_rejected_claims(root: Path) -> None:
    """An accept resolution: verdict, reviewer, rationale, evidence; losers marked REJECTED."""
    (root / "res.yaml").write_text(RESOLVED, encoding="utf-8")
    text = render(View(analyse([str(root)])), TOPIC, width=100)
    assert "  status: resolved\n" in text
    assert "  1990 (accepted)  — 1 claim\n" in text
    assert "    ja/global-2004  REJECTED\n" in text
    assert text.endswith(
        "Resolution\n"
        "  verdict:     accept 1990\n"
        "  reviewer:    Jane Doe, 2026-11-20\n"
        "  rationale:   The Hungarian source cites the treaty.\n"
        "  evidence:    https://example.org/treaty\n"
        "  values seen: 1990, 2004, not 1990\n"
        f"  written in:  {root}/res.yaml:2\n"
    )


def test_stale_resolution_says_why(root: Path) -> None:
    """A stale resolution shows the values now, which one is new, and what was accepted."""
    (root / "res.yaml").write_text(
        RESOLVED.replace('"2004", "not 1990"', '"2004"'), encoding="utf-8"
    )
    text = render(View(analyse([str(root)])), TOPIC, width=100)
    assert "status: stale (fails CI until reviewed again)\n" in text
    assert "  STALE: values now 1990, 2004, not 1990 (new value not 1990)\n" in text
    assert "  1990 (accepted before new evidence)  — 1 claim\n" in text
    assert "(accepted)" not in text and "REJECTED" not in text


def test_styled_output_uses_ansi_emphasis(root: Path) -> None:
    """On a terminal the topic and headings are bold."""
    text = render(View(analyse([str(root)])), TOPIC, width=100, styled=True)
    assert text.startswith(f"\x1b[1m{TOPIC}\x1b[0m\n")


def test_unknown_topic_raises_with_hint(root: Path) -> None:
    """A misspelt topic is refused with the closest known one."""
    with pytest.raises(UnknownTopic, match="did you mean 'japan-nato-partnership/start-date'"):
        render(View(analyse([str(root)])), "japan-nato-partnershp/start-date")


def test_cli_show(root: Path) -> None:
    """`claimcheck show` prints the view (plain when piped) and exits 0."""
    result = run_cli("show", TOPIC, str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{TOPIC}\n  Japan–NATO partnership")
    assert "\x1b[" not in result.stdout


def test_cli_show_unknown_topic(root: Path) -> None:
    """`claimcheck show` of an unknown topic: one line on stderr, exit 2."""
    result = run_cli("show", "nothing/here", str(root))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "claimcheck: unknown topic 'nothing/here'\n"


def test_wrap_breaks_unspaced_text_by_display_width() -> None:
    """CJK text without spaces wraps by terminal columns (two per wide character)."""
    rows = wrap("日本とNATOの関係は、1950年代から始まりました", 12)
    assert "".join(rows) == "日本とNATOの関係は、1950年代から始まりました"
    assert all(display_width(row) <= 12 for row in rows)
    assert wrap("a bb ccc", 4) == ["a bb", "ccc"]


def _show_on_a_terminal(root: Path, env: dict[str, str], *args: str) -> str:
    """stdout of `claimcheck show` run with a pseudo-terminal as its stdout."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "checker.cli", "show", TOPIC, str(root), *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        os.close(follower)
        assert done.returncode == 0, done.stderr
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize(
    ("no_color", "args", "styled"),
    [
        (None, [], True),
        ("1", [], False),
        ("", [], True),  # an empty NO_COLOR is no request (no-color.org)
        ("1", ["--color"], True),
        (None, ["--no-color"], False),
    ],
)
def test_terminal_colour_follows_no_color_and_flags(
    root: Path, no_color: str | None, args: list[str], styled: bool
) -> None:
    """On a terminal: emphasis unless NO_COLOR is set; --color/--no-color win."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    text = _show_on_a_terminal(root, env, *args)
    assert ("\x1b[1m" in text) is styled
    assert TOPIC in text


def test_color_flag_keeps_codes_in_a_pipe(root: Path) -> None:
    """``--color`` into a pipe keeps the codes (click would strip them otherwise)."""
    result = run_cli("show", TOPIC, str(root), "--color")
    assert result.stdout.startswith(f"\x1b[1m{TOPIC}\x1b[0m\n")
