"""Writing reviewer resolutions (``claimcheck resolve``) without disturbing the file.

A resolutions file is edited as text, never re-dumped: libyaml's event marks give the
character range of every entry of the ``resolutions:`` list, and only the entry being
replaced (or the point after the last entry) is touched, so comments, blank lines,
quoting and the order of everything else stay byte for byte. The new entry is written
with double-quoted scalars (JSON-style escapes, which YAML reads the same way) in the
file's own list indentation and line endings. The write is atomic, and a lock (kept in the cache
folder, outside the claim set) serialises concurrent runs; the file is re-read under the
lock so an entry written by another run in the meantime is never lost.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock, Timeout
from yaml import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from checker.analysis import Analysis
from checker.files import write_atomic
from checker.graph import Discrepancy, topic_of
from checker.load import Limits, decode, parse
from checker.resolve import _hint, find, known_topics
from checker.validate import VERDICTS, canonical_value_text, classify

try:  # libyaml's parser, as in checker.load
    from yaml import CBaseLoader as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]

LOCK_TIMEOUT = 60.0  # seconds to wait for another ``claimcheck resolve`` on the same file
_BREAKS = "\r\n\x85\u2028\u2029"  # what libyaml counts as line breaks
_NULLS = ("", "~", "null", "Null", "NULL")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class ResolveError(Exception):
    """A request ``claimcheck resolve`` refuses; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the reviewer asked for; ``date`` is today's ISO date, given by the caller."""

    topic: str
    verdict: str
    reviewer: str
    rationale: str
    date: str
    value: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    file: str
    action: str  # "added", "updated" or "created"
    values_seen: tuple[str, ...]
    value: str | None = None  # the accepted value as written (canonical spelling)


# --------------------------------------------------------------------------- checks


def check_request(analysis: Analysis, request: Request) -> Discrepancy:
    """The discrepancy the request resolves; ResolveError when it makes no sense."""
    for name, text in (
        ("topic", request.topic),
        ("--reviewer", request.reviewer),
        ("--rationale", request.rationale),
        ("--value", request.value or ""),
        *(("--evidence", e) for e in request.evidence),
    ):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            raise ResolveError(f"{name} is not valid UTF-8 text")
    topic = request.topic
    found = find(analysis.discrepancies, topic)
    if isinstance(found, list):
        raise ResolveError(
            f"topic {topic!r} has {len(found)} discrepancies, one per period; "
            "resolve one of them: " + ", ".join(found)
        )
    if found is None:
        topics = known_topics(analysis.graph)
        if topic_of(topic) in topics:
            raise ResolveError(f"topic {topic!r} has no discrepancy: there is nothing to resolve")
        raise ResolveError(f"unknown topic {topic!r}" + _hint(topic, topics))
    if request.verdict not in VERDICTS:
        raise ResolveError(f"verdict {request.verdict!r} is not one of: {', '.join(VERDICTS)}")
    values = found.value_texts()
    listed = ", ".join(values)
    if request.verdict == "accept":
        if request.value is None:
            raise ResolveError(f"--verdict accept needs --value, one of: {listed}")
        if request.value not in values:
            raise ResolveError(
                f"value {request.value!r} is not among the values of {topic!r}: {listed}"
            )
    elif request.value is not None:
        raise ResolveError(f"--value applies to --verdict accept only, not {request.verdict}")
    for name, text in (("--reviewer", request.reviewer), ("--rationale", request.rationale)):
        if not text.strip():
            raise ResolveError(f"{name} must not be empty")
    return found


def target_file(analysis: Analysis, topic: str, paths: list[str], given: str | None) -> str:
    """Where the resolution goes: ``given``, the file already resolving the topic, the
    set's only resolutions file, or ``<first PATH>/resolutions.yaml``."""
    existing = [r.span.file for r in analysis.claimset.resolutions if r.topic == topic]
    if given is not None:
        elsewhere = [f for f in existing if Path(f).resolve() != Path(given).resolve()]
        if elsewhere:
            raise ResolveError(
                f"topic {topic!r} is already resolved in {elsewhere[0]}; "
                f"update it there (--file {elsewhere[0]})"
            )
        return given
    if existing:
        return existing[0]
    files = analysis.claimset.resolution_files
    if len(files) == 1:
        return files[0]
    first = Path(paths[0]) if paths else Path("claims")
    folder = first.parent if first.is_file() else first
    return str(folder / "resolutions.yaml")


# --------------------------------------------------------------------------- rendering


def quote(text: str) -> str:
    """A YAML double-quoted scalar: JSON-style escapes, and every character YAML would
    not take literally (controls, NEL, line/paragraph separators, BOM) escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif (
            0x20 <= code <= 0x7E
            or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
            or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
            or code >= 0x10000
        ):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:  # pragma: no cover - every code point above 0xFFFF is printable
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def entry_fields(request: Request, values_seen: Iterable[str]) -> list[tuple[str, str]]:
    """The entry's keys in contract order, each with its YAML text."""
    fields = [("topic", quote(request.topic)), ("verdict", quote(request.verdict))]
    if request.value is not None:
        fields.append(("value", quote(request.value)))
    fields += [
        ("reviewer", quote(request.reviewer)),
        ("date", quote(request.date)),
        ("rationale", quote(request.rationale)),
    ]
    if request.evidence:
        fields.append(("evidence", "[" + ", ".join(quote(e) for e in request.evidence) + "]"))
    fields.append(("values_seen", "[" + ", ".join(quote(v) for v in values_seen) + "]"))
    return fields


def render_entry(fields: list[tuple[str, str]], indent: int, offset: int, newline: str) -> str:
    """One list entry: ``-`` at column ``indent``, keys ``offset`` columns further in."""
    offset = max(offset, 2)
    lines = []
    for i, (key, text) in enumerate(fields):
        lead = " " * indent + "-" + " " * (offset - 1) if i == 0 else " " * (indent + offset)
        lines.append(f"{lead}{key}: {text}{newline}")
    return "".join(lines)


# --------------------------------------------------------------------------- editing


@dataclass
class _Node:
    """A YAML node's extent in the text: ``start`` .. ``end`` are character indices,
    ``end`` just after its last scalar or flow bracket (trailing comments excluded)."""

    kind: str  # "scalar", "alias", "mapping" or "sequence"
    start: int
    line_start: int  # index of the first character of the node's line
    end: int
    value: str = ""
    plain: bool = False
    flow: bool = False
    children: list[_Node] = field(default_factory=list)

    def get(self, key: str) -> _Node | None:
        """A mapping's value for a plain-text key (the first, as the loader keeps it)."""
        pairs = zip(self.children[0::2], self.children[1::2], strict=False)
        return next((v for k, v in pairs if k.kind == "scalar" and k.value == key), None)


_STARTS: dict[type[Any], str] = {MappingStartEvent: "mapping", SequenceStartEvent: "sequence"}


def _tree(text: str) -> _Node | None:
    """The first document as extents; the text has already passed checker.load.parse."""
    top = _Node("document", 0, 0, 0)
    stack = [top]
    parser = _Parser(text)
    get: Callable[[], Any] = parser.get_event  # PyYAML's stubs type events loosely
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.DocumentEndEvent or kind is yaml.StreamEndEvent:
                break
            if kind is ScalarEvent or kind is AliasEvent or kind in _STARTS:
                mark = event.start_mark
                node = _Node(
                    _STARTS.get(kind, "scalar" if kind is ScalarEvent else "alias"),
                    mark.index,
                    mark.index - mark.column,
                    event.end_mark.index,
                )
                if kind is ScalarEvent:
                    node.value, node.plain = event.value, event.implicit[0]
                stack[-1].children.append(node)
                if kind in _STARTS:
                    node.flow = bool(event.flow_style)
                    stack.append(node)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()
                if not node.flow:  # a block collection ends with its last child
                    node.end = max((c.end for c in node.children), default=node.start)
                else:
                    node.end = event.end_mark.index
    finally:
        parser.dispose()
    return top.children[0] if top.children else None


def _line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds ``index``."""
    while index < len(text) and text[index] not in _BREAKS:
        index += 1
    if text.startswith("\r\n", index):
        return index + 2
    return min(index + 1, len(text))


def _content_end(text: str, end: int) -> int:
    """After a node's last character: back over trailing blank lines a block scalar
    swallows, then on to the end of that line (a trailing comment stays with it)."""
    while end > 0 and text[end - 1] in _BREAKS + " ":
        end -= 1
    return _line_end(text, end)


def _dash(text: str, item: _Node) -> tuple[int, int, int]:
    """Where an item's entry starts (its dash line), the dash column and the key offset."""
    index = item.start - 1
    while index >= 0 and text[index] in _BREAKS + " ":
        index -= 1
    if index < 0 or text[index] != "-":  # pragma: no cover - a block entry has its dash
        return item.line_start, item.start - item.line_start, 2
    line_start = index
    while line_start > 0 and text[line_start - 1] not in _BREAKS:
        line_start -= 1
    column = index - line_start
    same_line = item.line_start == line_start
    offset = item.start - item.line_start - column if same_line else 2
    start = line_start if not text[line_start:index].strip(" ") else index
    return start, column, offset


def _scalars(node: _Node) -> list[tuple[int, int]]:
    if node.kind in ("scalar", "alias"):
        return [(node.start, node.end)]
    return [extent for child in node.children for extent in _scalars(child)]


def _comment_lines(text: str, item: _Node, start: int, end: int) -> list[str]:
    """Whole-line comments inside an entry being replaced: a reviewer's notes are kept,
    moved above the new entry (lines inside a block scalar are text, not comments)."""
    inside = _scalars(item)
    found = []
    index = _line_end(text, start)  # the dash line itself is replaced
    while index < end:
        line_end = _line_end(text, index)
        line = text[index:line_end]
        if line.lstrip(" ").startswith("#") and not any(a <= index < b for a, b in inside):
            found.append(line)
        index = line_end
    return found


def edit(text: str | None, topic: str, fields: list[tuple[str, str]]) -> tuple[str, str]:
    """The new text of a resolutions file with the topic's entry added or replaced.

    ``text`` None means the file does not exist yet. Returns (text, action).
    """
    if text is None:
        return "resolutions:\n" + render_entry(fields, 2, 2, "\n"), "created"
    newline = "\r\n" if re.search(r"\r\n", text.split("\n", 1)[0] + "\n") else "\n"
    root = _tree(text)
    if root is None:  # only comments: keep them, start the list below
        sep = "" if not text or text[-1] in _BREAKS else newline
        return text + sep + "resolutions:" + newline + render_entry(fields, 2, 2, newline), "added"
    value = root.get("resolutions") if root.kind == "mapping" else None
    if value is None:
        raise ResolveError("it has no resolutions: list at the top level")
    if value.kind == "sequence" and not value.flow:
        for item in value.children:
            topic_node = item.get("topic") if item.kind == "mapping" else None
            if topic_node is not None and topic_node.value == topic:
                start, column, offset = _dash(text, item)
                end = _content_end(text, item.end)
                entry = render_entry(fields, column, offset, newline)
                notes = "".join(_comment_lines(text, item, start, end))
                return text[:start] + notes + entry + text[end:], "updated"
        last = value.children[-1]  # a new entry is laid out like the last one
        start, column, offset = _dash(text, last)
        end = _content_end(text, last.end)
        sep = "" if text[end - 1] in _BREAKS else newline
        return text[:end] + sep + render_entry(fields, column, offset, newline) + text[end:], (
            "added"
        )
    empty = (value.kind == "scalar" and value.plain and value.value in _NULLS) or (
        value.kind == "sequence" and not value.children
    )
    if not empty:
        raise ResolveError("its resolutions: is not a block list (- topic: ...); write it as one")
    # ``resolutions:`` with nothing, ``~``, ``null`` or ``[]``: drop that token, list below.
    indent = root.start - root.line_start + 2
    before = text[: value.start].rstrip(" ") if value.end > value.start else text[: value.start]
    rest = text[value.end :]
    line_end = _line_end(rest, 0)
    head = before + rest[:line_end]
    sep = "" if head[-1] in _BREAKS else newline
    return head + sep + render_entry(fields, indent, 2, newline) + rest[line_end:], "added"


# --------------------------------------------------------------------------- writing


def lock_path(target: Path, lock_dir: Path) -> Path:
    """The lock file of ``target``: in ``lock_dir`` (the cache folder's ``locks/``), named
    by a digest of the file's resolved path, so no lock file lands in the claim set."""
    name = hashlib.sha256(str(target.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return lock_dir / f"{name[:32]}.lock"


def write_resolution(
    path: str, topic: str, fields: list[tuple[str, str]], lock_dir: Path | None = None
) -> str:
    """Lock the file, re-read it, add or replace the topic's entry, write atomically.

    Returns the action taken. The lock (:func:`lock_path`; default folder: the system's
    temporary folder) makes two runs at once take turns; re-reading under it keeps the
    other run's entry.
    """
    target = Path(path)
    folder = lock_dir or Path(tempfile.gettempdir()) / "claimcheck-locks"
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(target, folder)), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            text, bom = _read(target, path)
            new_text, action = edit(text, topic, fields)
            write_atomic(target, bom + new_text)
    except Timeout:
        raise ResolveError(
            f"{path} is locked by another claimcheck resolve for over {LOCK_TIMEOUT:g} s"
        ) from None
    except ResolveError as exc:
        raise ResolveError(f"cannot edit {path}: {exc}") from None
    return action


def _read(target: Path, shown: str) -> tuple[str | None, str]:
    """The file's text (None if missing) and its BOM; a file the loader rejects
    (invalid YAML, not UTF-8, too large) or of another kind is refused, never rewritten."""
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return None, ""
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    text, problems = decode(shown, data, Limits())
    if text is None:
        if problems[0].code == "CC008":  # empty: start the list afresh
            return data.decode("utf-8-sig", errors="replace"), bom
        raise ResolveError(problems[0].message)
    root, parse_problems = parse(shown, text)
    if root is None:
        fatal = [p for p in parse_problems if p.code != "CC008"]
        if fatal:
            raise ResolveError(f"line {fatal[0].line}: {fatal[0].message}")
    elif classify(root) != "resolutions":
        raise ResolveError(f"it is a {classify(root) or 'non-claim'} file, not a resolutions file")
    return text, bom


def resolve(
    analysis: Analysis,
    request: Request,
    paths: list[str],
    file: str | None,
    lock_dir: Path | None = None,
) -> Outcome:
    """Check the request against the analysis and write it; ResolveError if refused.

    ``lock_dir``: where the file's lock is taken (see :func:`write_resolution`)."""
    if request.value is not None:  # any spelling of a date: 2023-05..2023-07 is ~2023-06
        spelled = canonical_value_text(
            analysis.claimset.properties, request.topic, request.value, analysis.claimset.entities
        )
        request = dataclasses.replace(request, value=spelled)
    discrepancy = check_request(analysis, request)
    path = target_file(analysis, request.topic, paths, file)
    seen = discrepancy.value_texts()
    action = write_resolution(path, request.topic, entry_fields(request, seen), lock_dir)
    return Outcome(path, action, seen, request.value)
