"""Evidence integrity: every quote must be found in its source's archived text.

A source may name an archived plain-text copy of the article (``text:``, a path inside
the claim set that validation has already checked). Each claim's quote is looked up in
it after :func:`checker.text.fold` on both sides (NFKC, typographic quotes and
dashes folded, whitespace runs - line breaks included - to one space):

- found verbatim: fine;
- found only approximately (rapidfuzz partial alignment at or above
  :data:`QUOTE_THRESHOLD`): warning CC115 naming the closest passage and its line;
- otherwise: error CC114.

Each text file is read once per run, bounded in size, as strict UTF-8; anything that
stops it from being read is CC111 at the source's ``text:`` line. Nothing is read when
no source has a text, so the check costs nothing for claim sets without archives.
"""

from __future__ import annotations

import bisect
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checker.claimset import ClaimSet
from checker.model import Claim
from checker.problems import Problem, problem
from checker.text import best_passage, fold

QUOTE_THRESHOLD = 90.0
MAX_TEXT_BYTES = 16 * 1024 * 1024
# Approximate search costs time proportional to quote length times text length; past
# these sizes only the verbatim search runs (a miss is then CC114 without a score).
MAX_FUZZY_QUOTE = 2_000
MAX_FUZZY_TEXT = 4 * 1024 * 1024
PASSAGE_SHOWN = 100


class TextError(Exception):
    """An archived text that cannot be used; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class ArchivedText:
    """A text folded into one line, remembering which file line each part came from."""

    folded: str
    starts: tuple[int, ...]  # offset in ``folded`` where each kept line begins
    lines: tuple[int, ...]  # that line's 1-based number in the file

    @classmethod
    def from_text(cls, text: str) -> ArchivedText:
        pieces: list[str] = []
        starts: list[int] = []
        lines: list[int] = []
        offset = 0
        # Split on "\n" only, so line numbers are those an editor shows.
        for number, line in enumerate(text.split("\n"), 1):
            piece = fold(line)
            if not piece:
                continue
            if pieces:
                offset += 1  # the space that joins this line to the previous one
            starts.append(offset)
            lines.append(number)
            pieces.append(piece)
            offset += len(piece)
        return cls(" ".join(pieces), tuple(starts), tuple(lines))

    def line_at(self, offset: int) -> int:
        """The file line of a position in :attr:`folded`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(index, 0)] if self.lines else 1


def read_text(path: Path, max_bytes: int | None = None) -> ArchivedText:
    """Read one archived text: a regular file, at most ``max_bytes``, UTF-8, no NUL bytes.

    Raises :class:`TextError` with a message that quotes nothing of the file.
    """
    max_bytes = max_bytes or MAX_TEXT_BYTES
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        # O_NOFOLLOW: validation resolved the path, so a link here was swapped in since;
        # O_NONBLOCK: a FIFO must not hang the run (it is refused just below).
        fd = os.open(path, flags)
    except OSError as exc:
        raise TextError(f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TextError("is not a regular file")
        if info.st_size > max_bytes:
            raise TextError(f"is {info.st_size} bytes, over the limit of {max_bytes}")
        data = _read_at_most(fd, max_bytes + 1)
    except OSError as exc:
        raise TextError(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after fstat
        raise TextError(f"is over the limit of {max_bytes} bytes")
    if b"\0" in data:
        raise TextError("contains NUL bytes; it must be plain text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TextError(
            f"is not UTF-8: byte 0x{data[exc.start]:02x} on line {line} cannot be decoded"
        ) from None
    return ArchivedText.from_text(text)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    while limit > 0:
        chunk = os.read(fd, min(limit, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Stretch a passage to whole words (alignment may cut a word in two); trim spaces."""
    if start < end and text[start] != " ":
        start = text.rfind(" ", 0, start) + 1
    if start < end and text[end - 1] != " ":
        stop = text.find(" ", end)
        end = len(text) if stop < 0 else stop
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def check_quote(claim: Claim, archived: ArchivedText, shown: str) -> Problem | None:
    """The problem with one claim's quote against its source's text, if any."""
    quote = fold(claim.quote)
    if not quote or quote in archived.folded:
        return None
    where = claim.quote_span or claim.span
    haystack = archived.folded
    if len(quote) <= MAX_FUZZY_QUOTE and len(haystack) <= MAX_FUZZY_TEXT:
        found = best_passage(quote, haystack, QUOTE_THRESHOLD)
        if found is not None:
            score, start, end = found
            start, end = _widen(haystack, start, end)
            passage = haystack[start:end]
            if len(passage) > PASSAGE_SHOWN:
                passage = passage[: PASSAGE_SHOWN - 1] + "…"
            return problem(
                "CC115",
                where,
                f"quote of {claim.id} is only approximately in {shown} (score {score:.1f}); "
                f"closest passage, line {archived.line_at(start)}: {passage!r}",
            )
    return problem(
        "CC114",
        where,
        f"quote of {claim.id} is not in {shown}, not even approximately "
        f"(nothing scores {QUOTE_THRESHOLD:g} or more)",
    )


def check_evidence(claimset: ClaimSet, max_bytes: int | None = None) -> list[Problem]:
    """CC111 for archived texts that cannot be read, CC114/CC115 for quotes not in them."""
    if not claimset.texts:
        return []
    claims: dict[str, list[Claim]] = {}
    for claim in claimset.claims:
        if claim.source in claimset.texts:
            claims.setdefault(claim.source, []).append(claim)
    problems: list[Problem] = []
    for source_id, (path, span) in sorted(claimset.texts.items()):
        shown = claimset.sources[source_id].text or str(path.name)
        try:
            archived = read_text(path, max_bytes)
        except TextError as exc:
            problems.append(problem("CC111", span, f"text file {shown!r} {exc}"))
            continue
        problems.extend(_quotes(claims.get(source_id, ()), archived, shown))
    return problems


def _quotes(claims: Iterable[Claim], archived: ArchivedText, shown: str) -> list[Problem]:
    found = (check_quote(claim, archived, shown) for claim in claims)
    return [p for p in found if p is not None]
