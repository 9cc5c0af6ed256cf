"""Inputs the fuzzer (tests/scripts/fuzz.py) and the property tests once broke, minimised.

Each case is the smallest input we found that showed the bug; the assertion is what a
user now sees instead.
"""

from __future__ import annotations

import pytest

from checker.load import parse


def located(text: str) -> list[tuple[str, int, int]]:
    """Parse ``text``; check every problem lies inside it; return (code, line, column)."""
    _, problems = parse("f.yaml", text)
    lines = text.split("\n")
    for p in problems:
        assert 1 <= p.line <= len(lines)
        assert 1 <= p.column <= len(lines[p.line - 1]) + 1
    return [(p.code, p.line, p.column) for p in problems]


def test_error_at_end_of_text_without_newline_stays_on_the_last_line() -> None:
    """'[' with no final newline: libyaml points at line 2, which the file does not have."""
    assert located("[") == [("CC002", 1, 2)]
    assert located("a: [1,\n  2") == [("CC002", 2, 4)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: 1\x85a: 2\n", (1, 5)),
        ("a: 1\n# note\u2028\nb: [\n", (2, 7)),
        ("a: 1\rb: 2\n", (1, 5)),
        ("claims:\n  - id: x\u2029    id: y\n", (2, 10)),
    ],
    ids=["NEL", "LS-in-comment", "lone-CR", "PS"],
)
def test_hidden_line_breaks_are_refused_where_the_editor_shows_them(
    text: str, where: tuple[int, int]
) -> None:
    """Fuzzer crash: a NEL made libyaml count one line more than the editor, so a duplicate
    key was reported on a line that did not exist. Such breaks are now an error at the
    character itself, counted the way editors and GitHub count lines."""
    assert located(text) == [("CC002", *where)]


def test_crlf_files_are_fine() -> None:
    """Windows line endings are ordinary newlines, not hidden breaks."""
    root, problems = parse("f.yaml", "a: 1\r\nb: [2,\r\n  3]\r\n")
    assert problems == []
    assert root is not None


def test_reader_error_position_counts_characters_not_bytes() -> None:
    """libyaml gives a byte offset for a forbidden control; the column counts characters."""
    assert located("é: ééé\x1b\n") == [("CC002", 1, 7)]
