"""Evidence integrity: quotes checked against a source's archived text (``text:``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import evidence
from checker.analysis import analyse
from checker.evidence import ArchivedText, TextError, read_text
from tests.helpers import REGISTRY, run_cli

ARTICLE = (
    "Tokyo, 12 May.\n"
    "\n"
    "The \u201cJapan\u2013NATO\u201d partnership\n"
    "began officially in\u00a01990, when the first\n"
    "high-level talks were held.\n"
    "Full-width digits: \uff11\uff19\uff19\uff10.\n"
)


def source(*quotes: str, text: str = "texts/article.txt") -> str:
    """A source file whose claims all say 1990 with the given quotes."""
    claims = "".join(
        f"""\
  - id: c{n}
    subject: Japan–NATO partnership
    property: start date
    value: 1990
    quote: {json.dumps(quote, ensure_ascii=False)}
"""
        for n, quote in enumerate(quotes, 1)
    )
    return f"source:\n  id: news\n  title: News\n  language: en\n  text: {text}\nclaims:\n{claims}"


@pytest.fixture
def archived(claimset: Callable[[dict[str, str]], Path]) -> Callable[..., Path]:
    """A claim set with the registry, one source with the given quotes and ARTICLE archived."""

    def make(*quotes: str, article: str | bytes = ARTICLE) -> Path:
        root = claimset({"registry.yaml": REGISTRY, "news.yaml": source(*quotes)})
        (root / "texts").mkdir()
        target = root / "texts" / "article.txt"
        if isinstance(article, bytes):
            target.write_bytes(article)
        else:
            target.write_text(article, encoding="utf-8")
        return root

    return make


def codes(root: Path) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.message) for p in analyse([str(root)]).problems]


def test_verbatim_quote_across_lines_and_typography(archived: Callable[..., Path]) -> None:
    """A quote typed with straight quotes and hyphens, spanning line breaks, is found."""
    root = archived(
        'The "Japan-NATO" partnership began officially in 1990',
        "Full-width digits: 1990.",
        "the first high-level talks",
    )
    assert codes(root) == []


def test_approximate_quote_is_a_warning_naming_the_passage(archived: Callable[..., Path]) -> None:
    """A quote with a small slip is a CC115 warning that shows where the real words are."""
    root = archived("partnership began oficially in 1990, when the frist")
    (found,) = codes(root)
    assert found[:3] == ("CC115", 11, 12)
    assert "line 3" in found[3]
    assert "'partnership began officially in 1990, when the first'" in found[3]
    result = run_cli("check", str(root))
    assert result.exit_code == 0
    assert f"{root}/news.yaml:11:12: CC115 warning: quote of news/c1" in result.stdout


def test_missing_quote_is_an_error_at_the_quote(archived: Callable[..., Path]) -> None:
    """A quote that is not in the text is a CC114 error at the quote's line; exit code 1."""
    root = archived("began officially in 1990", "NATO was founded on the Moon in 2049")
    assert [c[:3] for c in codes(root)] == [("CC114", 16, 12)]
    assert run_cli("check", str(root)).exit_code == 1


def test_quote_case_matters(archived: Callable[..., Path]) -> None:
    """Verbatim means verbatim: a quote in different case is at best approximate."""
    root = archived("TOKYO, 12 MAY.")
    assert [c[0] for c in codes(root)] == ["CC114"]


def test_each_text_is_read_once(
    archived: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many claims of one source cost one read of its text, not one per claim."""
    calls: list[Path] = []
    real = evidence.read_text

    def counting(path: Path, max_bytes: int | None = None) -> ArchivedText:
        calls.append(path)
        return real(path, max_bytes)

    monkeypatch.setattr(evidence, "read_text", counting)
    root = archived("began officially", "the first", "high-level talks", "Tokyo, 12 May.")
    assert codes(root) == []
    assert len(calls) == 1


def test_no_text_reads_nothing(
    claimset: Callable[[dict[str, str]], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any text: key the evidence step reads no file at all."""

    def refuse(path: Path, max_bytes: int | None = None) -> ArchivedText:
        raise AssertionError("read_text called")

    monkeypatch.setattr(evidence, "read_text", refuse)
    body = source("anything at all").replace("  text: texts/article.txt\n", "")
    root = claimset({"registry.yaml": REGISTRY, "news.yaml": body})
    assert codes(root) == []


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ("caf\xe9 1990\n".encode("latin-1"), "is not UTF-8: byte 0xe9 on line 1"),
        (b"1990\0\n", "contains NUL bytes"),
        ("x" * 200, "is 200 bytes, over the limit of 100"),
    ],
    ids=["latin-1", "nul", "too-large"],
)
def test_unusable_text_is_cc111_at_the_text_line(
    archived: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    article: str | bytes,
    message: str,
) -> None:
    """A text that is not bounded UTF-8 is one CC111 at text:, and no quote is judged."""
    monkeypatch.setattr(evidence, "MAX_TEXT_BYTES", 100)
    root = archived("caf", article=article)
    (found,) = codes(root)
    assert found[:3] == ("CC111", 5, 9)
    assert f"text file 'texts/article.txt' {message}" in found[3]


def test_directory_and_fifo_are_refused_without_hanging(
    claimset: Callable[[dict[str, str]], Path],
) -> None:
    """A text: naming a folder or a FIFO is CC111 and the run does not block on it."""
    root = claimset(
        {
            "registry.yaml": REGISTRY,
            "a.yaml": source("x", text="texts"),
            "b.yaml": source("x", text="pipe.txt").replace("id: news", "id: other"),
        }
    )
    (root / "texts").mkdir()
    os.mkfifo(root / "pipe.txt")
    messages = sorted(p.message for p in analyse([str(root)]).problems if p.code == "CC111")
    assert messages == [
        "text file 'pipe.txt' is not a regular file",
        "text file 'texts' is not a regular file",
    ]


def test_text_swapped_for_a_link_after_validation_is_refused(tmp_path: Path) -> None:
    """Reading never follows a symlink in the last path component."""
    (tmp_path / "real.txt").write_text("secret")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(TextError, match="cannot be read"):
        read_text(tmp_path / "link.txt")


def test_line_numbers_survive_folding() -> None:
    """Positions in the folded text map back to the file lines they came from."""
    archived = ArchivedText.from_text("one  two\n\n\nthree\r\n  four five\n")
    assert archived.folded == "one two three four five"
    assert [archived.line_at(archived.folded.index(w)) for w in ("two", "three", "five")] == [
        1,
        4,
        5,
    ]
