"""Files to raw YAML trees that remember where every node came from.

We drive libyaml's event stream (PyYAML's C parser) and build our own small nodes
instead of Python objects: that keeps the 1-based line/column of every key and value,
makes duplicate keys errors (PyYAML keeps the last one silently), leaves scalar typing
to validation (no YAML 1.1 surprises: ``2025-09-01`` stays text, ``no`` stays text and
is flagged by the validator), bounds alias expansion and nesting depth, and is about
five times faster than ``yaml.load`` because no resolver or constructor runs.

Most claim files need no libyaml at all: a line scanner (the fast path, below) builds
the same tree for the block-style subset they are written in and defers every other
file, whole, to libyaml.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from checker.model import Span
from checker.problems import Problem, problem

try:  # libyaml's parser; the pure-Python one is the fallback on machines without libyaml
    from yaml import CBaseLoader as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input from exhausting the machine."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_scalar_chars: int = 100_000
    max_depth: int = 64
    max_alias_nodes: int = 100_000


class Scalar:
    """A scalar as written: its text, whether it was plain (unquoted), and where."""

    __slots__ = ("column", "line", "plain", "value")

    def __init__(self, value: str, line: int, column: int, plain: bool) -> None:
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}, {self.line}:{self.column})"


class Mapping:
    """A mapping: key text -> (key scalar, value node), in document order."""

    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.items: dict[str, tuple[Scalar, Node]] = {}
        self.line = line
        self.column = column


class Sequence:
    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.items: list[Node] = []
        self.line = line
        self.column = column


Node = Scalar | Mapping | Sequence


NULL_SPELLINGS = frozenset({"", "~", "null", "Null", "NULL"})


def is_null(node: Node) -> bool:
    """True for an empty or ``null``/``~`` plain scalar."""
    return type(node) is Scalar and node.plain and node.value in NULL_SPELLINGS


@dataclass(slots=True)
class Document:
    """One file: its display path, its root node (None when unreadable) and problems."""

    path: str
    real_path: Path
    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    set_root: Path | None = None  # the claim-set folder the file was found under


class _Abort(Exception):
    def __init__(self, found: Problem) -> None:
        self.found = found


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(path: str, data: bytes, limits: Limits) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or the problem that stops us: too large, binary, not UTF-8, empty."""
    whole = Span(path)
    if len(data) > limits.max_file_bytes:
        message = f"file is {len(data)} bytes, over the limit of {limits.max_file_bytes}"
        return None, [problem("CC004", whole, message)]
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):  # checked before NUL bytes, which UTF-16 text is full of
            message = f"file is {encoding} (byte-order mark); save it as UTF-8"
            return None, [problem("CC003", whole, message)]
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data, nul)
        return None, [problem("CC007", Span(path, line, column), "file contains a NUL byte")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        message = f"file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded"
        return None, [problem("CC003", Span(path, line, column), message)]
    if not text.strip():
        return None, [problem("CC008", whole, "file is empty")]
    return text, []


def parse(
    path: str, text: str, limits: Limits | None = None, *, fast: bool = True
) -> tuple[Node | None, list[Problem]]:
    """YAML text to a node tree; syntax errors and limit breaches become problems.

    ``fast=False`` always drives libyaml (the differential test compares the two paths).
    """
    limits = limits or Limits()
    problems: list[Problem] = []
    odd = _HIDDEN_BREAK.search(text)
    if odd is not None:
        # YAML breaks lines at these, editors and GitHub's diff view do not: a key after
        # one would be parsed but not seen by a reviewer, and every line number after it
        # would disagree with the editor's. Refuse the file instead.
        line, column = _position_in(text, odd.start())
        message = (
            f"invalid YAML: {_HIDDEN_BREAKS[odd.group()]} is a line break to YAML but not "
            "to editors; use a plain newline (or an escape inside double quotes)"
        )
        return None, [problem("CC002", Span(path, line, column), message)]
    if fast:
        found = _fast_tree(path, text, limits)
        if found is not None:
            return found
    try:
        root = _build(path, text, limits, problems)
    except _Abort as abort:
        problems.append(abort.found)
        return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _inside(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in what:
            # libyaml 0.2.6 (PyYAML 6.0.4 wheels) stops at 1000 levels while scanning
            # ahead, before our own bound sees the events: the same problem, CC006.
            message = f"nesting deeper than {limits.max_depth} levels"
            problems.append(problem("CC006", Span(path, line, column), message))
            return None, problems
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # The end of the file is where libyaml noticed; where the quote opens is
            # where the user has to look.
            line, column = _inside(text, exc.context_mark.line + 1, exc.context_mark.column + 1)
            message = "invalid YAML: this quote is never closed (the file ends first)"
            problems.append(problem("CC002", Span(path, line, column), message))
            return None, problems
        unquoted = _unquoted_colon(text, line) if what.startswith("mapping values") else None
        if unquoted is not None:
            column, suggestion = unquoted
            message = (
                "invalid YAML: a colon followed by a space inside an unquoted value; "
                f"quote the value: {suggestion}"
            )
            problems.append(problem("CC002", Span(path, line, column), message))
            return None, problems
        if exc.context and exc.problem:
            what = f"{exc.problem} ({exc.context})"
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            what = "tab character: indent YAML with spaces, not tabs"
        problems.append(problem("CC002", Span(path, line, column), f"invalid YAML: {what}"))
        return None, problems
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset and a multi-line message; give line, column and
        # the code point instead (the character itself could be a terminal control).
        offset = len(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
        line, column = _position_in(text, offset)
        message = f"invalid YAML: character U+{exc.character:04X} is not allowed ({exc.reason})"
        problems.append(problem("CC002", Span(path, line, column), message))
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(problem("CC002", Span(path), f"invalid YAML: {exc}"))
        return None, problems
    if root is None or is_null(root):
        problems.append(problem("CC008", Span(path), "file holds no YAML content"))
        return None, problems
    return root, problems


_HIDDEN_BREAKS = {
    "\r": "a carriage return without a line feed",
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}
_HIDDEN_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _position_in(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting "\n" as editors do."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


_PLAIN_PAIR = re.compile(r"(\s*(?:-\s+)*)([^\s#'\"{\[][^:]*?):\s+([^\s'\"{\[|>&*!].*?)\s*(#.*)?$")


def _unquoted_colon(text: str, line: int) -> tuple[int, str] | None:
    """``title: Japan: the story``: the column of the value and the line with the value
    quoted, or None when the line is not a key with a plain value holding ``: ``."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    found = _PLAIN_PAIR.fullmatch(lines[line - 1])
    if found is None or ": " not in found.group(3) + " ":
        return None
    value = found.group(3)
    if '"' in value and "'" not in value:
        quoted = f"'{value}'"
    else:
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return found.start(3) + 1, f"{found.group(2)}: {quoted}"


def _inside(text: str, line: int, column: int) -> tuple[int, int]:
    """Clamp a libyaml mark into the document: at the end of a text without a final
    newline libyaml reports the line after the last one."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def _build(path: str, text: str, limits: Limits, problems: list[Problem]) -> Node | None:
    parser = _Parser(text)
    try:
        return _events(path, parser.get_event, limits, problems)
    finally:
        parser.dispose()


def _events(
    path: str, get: Callable[[], Any], limits: Limits, problems: list[Problem]
) -> Node | None:
    anchors: dict[str, tuple[Node, int]] = {}
    # Stack entries: (container, pending key, expanded-node count at its start, anchor).
    stack: list[tuple[Mapping | Sequence | None, Scalar | None, int, str | None]] = []
    current: Mapping | Sequence | None = None
    key: Scalar | None = None
    root: Node | None = None
    documents = 0
    total = 0  # nodes including alias expansions, to size anchored subtrees
    expanded = 0  # nodes reached only through aliases
    max_chars = limits.max_scalar_chars
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            mark = event.start_mark
            value = event.value
            if len(value) > max_chars:
                raise _Abort(
                    problem(
                        "CC012",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"value of {len(value)} characters, over the limit of {max_chars}",
                    )
                )
            tag = event.tag
            if tag is not None and tag not in ("!", "tag:yaml.org,2002:str"):
                raise _Abort(
                    problem(
                        "CC013",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"explicit YAML tag {tag!r} is not supported",
                    )
                )
            node: Node = Scalar(value, mark.line + 1, mark.column + 1, event.implicit[0])
            total += 1
            if event.anchor is not None:
                anchors[event.anchor] = (node, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            if len(stack) >= limits.max_depth:
                raise _Abort(
                    problem(
                        "CC006",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"nesting deeper than {limits.max_depth} levels",
                    )
                )
            if event.tag is not None and event.tag not in (
                "!",
                "tag:yaml.org,2002:map",
                "tag:yaml.org,2002:seq",
            ):
                raise _Abort(
                    problem(
                        "CC013",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"explicit YAML tag {event.tag!r} is not supported",
                    )
                )
            total += 1
            stack.append((current, key, total, event.anchor))
            current = (
                Mapping(mark.line + 1, mark.column + 1)
                if kind is MappingStartEvent
                else Sequence(mark.line + 1, mark.column + 1)
            )
            key = None
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            assert current is not None
            node = current
            parent, key, start, anchor = stack.pop()
            if anchor is not None:
                anchors[anchor] = (node, total - start + 1)
            current = parent
        elif kind is AliasEvent:
            mark = event.start_mark
            found = anchors.get(event.anchor)
            if found is None:  # libyaml reports undefined aliases itself; belt and braces
                raise _Abort(
                    problem(
                        "CC002",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"invalid YAML: undefined alias {event.anchor!r}",
                    )
                )
            node, size = found
            total += size
            expanded += size
            if expanded > limits.max_alias_nodes:
                raise _Abort(
                    problem(
                        "CC005",
                        Span(path, mark.line + 1, mark.column + 1),
                        f"aliases expand to more than {limits.max_alias_nodes} nodes",
                    )
                )
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                problems.append(
                    problem(
                        "CC011",
                        Span(path, mark.line + 1, mark.column + 1),
                        "only the first YAML document of a file is read",
                    )
                )
                return root
            continue
        elif kind is DocumentEndEvent:
            continue
        elif kind is StreamEndEvent:
            return root
        else:  # StreamStartEvent
            continue
        # Attach the finished node to its container.
        if current is None:
            root = node
        elif isinstance(current, Sequence):
            current.items.append(node)
        elif key is None:
            if type(node) is not Scalar:
                raise _Abort(
                    problem(
                        "CC013",
                        Span(path, node.line, node.column),
                        "mapping keys must be plain text",
                    )
                )
            key = node
        else:
            items = current.items
            name = key.value
            if name in items:
                first = items[name][0]
                problems.append(
                    problem(
                        "CC009",
                        Span(path, key.line, key.column),
                        f"duplicate key {name!r} (first at line {first.line})",
                    )
                )
            elif name == "<<" and key.plain:
                raise _Abort(
                    problem(
                        "CC013",
                        Span(path, key.line, key.column),
                        "YAML merge keys (<<) are not supported",
                    )
                )
            else:
                items[name] = (key, node)
            key = None


# --------------------------------------------------------------------------- fast path
#
# Claim files use a small part of YAML: block mappings and sequences, one-line scalars
# (plain, or quoted without escapes), one-line flow collections of such scalars, and
# comments. For that part a scan of whole lines builds the same tree, with the same
# positions and duplicate-key problems, as the event loop above in about a third of its
# time. Anything else in a file, however harmless (an escape, a tab, an anchor, a
# multi-line value, an odd indentation, a character libyaml would refuse), sends the whole
# file to libyaml: the scan only ever says "the same tree" or "not sure", and
# tests/test_fastload.py compares the two over every corpus and thousands of mutations.

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_DQ = r'"[^"\\\n]*"'
_SQ = r"'(?:[^'\n]|'')*'"
_FLOW = r"[\[{][^\[\]{}\n]*[\]}]"
# A plain scalar on one line: no ": ", " #", leading indicator, flow bracket or odd space.
_PLAIN_CHAR = r"(?:[^\s:\[\]{}]++|:(?=[^\s\[\]{},]))"
_PLAIN = (
    rf"(?:[^\s\-?:,\[\]{{}}#&*!|>'\"%@`]|-(?=[0-9]))"
    rf"{_PLAIN_CHAR}*+(?: +(?!#){_PLAIN_CHAR}++)*+"
)
# One line and its newline: indentation, "- ", "key:", a value and a comment, each
# optional; a comment alone; or anything else ("bad": the whole file goes to libyaml).
_LINES = re.compile(
    rf"( *)(?:(-(?: +|(?=\n|\Z)))?(?:({_KEY})(:(?: +|(?=\n|\Z))))?"
    rf"({_DQ}|{_SQ}|{_FLOW}|{_PLAIN})?(?: +#[^\n]*)? *(?=\n|\Z)|#[^\n]*|([^\n]+))\n?"
)
_FLOW_PLAIN = r"[^\s,\[\]{}#&*!|>'\"%@`?:-][^\s,\[\]{}#:]*(?: +[^\s,\[\]{}#:]+)*"
_FLOW_ITEM = re.compile(rf" *(?:({_KEY}): +)?({_DQ}|{_SQ}|{_FLOW_PLAIN}) *([,\]}}])")
# Characters libyaml reads without complaint, less tab, CR, the other line breaks (NEL,
# U+2028, U+2029) and BOM: a file with any of them is deferred.
_FAST_CHARS = re.compile(
    "[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_FAST_MAX_DEPTH = 24


def _fast_scalar(value: str, line: int, column: int) -> Scalar:
    first = value[0]
    if first == '"':
        return Scalar(value[1:-1], line, column, False)
    if first == "'":
        return Scalar(value[1:-1].replace("''", "'"), line, column, False)
    return Scalar(value, line, column, True)


def _fast_flow(
    path: str, value: str, line: int, column: int, problems: list[Problem]
) -> Node | None:
    """A one-line flow collection of scalars, or None when not certain."""
    mapping = value[0] == "{"
    node: Mapping | Sequence = Mapping(line, column) if mapping else Sequence(line, column)
    close = "}" if mapping else "]"
    inner = value[1:-1]
    if not inner.strip(" "):
        return node if value[-1] == close else None
    at = 1
    end = len(value)
    while at < end:
        found = _FLOW_ITEM.match(value, at)
        if found is None:
            return None
        key, item, stop = found.group(1, 2, 3)
        if (key is None) == mapping or (stop != "," and stop != close):
            return None
        scalar = _fast_scalar(item, line, column + found.start(2))
        if mapping:
            assert isinstance(node, Mapping) and key is not None
            _fast_put(
                path, node, Scalar(key, line, column + found.start(1), True), scalar, problems
            )
        else:
            assert isinstance(node, Sequence)
            node.items.append(scalar)
        at = found.end()
        if stop == close:
            return node if at == end else None
    return None


def _fast_value(
    path: str, value: str, line: int, column: int, problems: list[Problem]
) -> Node | None:
    if value[0] in "[{":
        return _fast_flow(path, value, line, column, problems)
    return _fast_scalar(value, line, column)


_Frame = tuple[Mapping | Sequence, int, bool, Mapping | Sequence | None, Scalar | None]


def _fast_attach(
    path: str, parent: Mapping | Sequence, key: Scalar | None, node: Node, problems: list[Problem]
) -> None:
    """A node is complete: add it to its parent, as the event loop does when it ends."""
    if key is None:
        assert isinstance(parent, Sequence)
        parent.items.append(node)
    else:
        assert isinstance(parent, Mapping)
        _fast_put(path, parent, key, node, problems)


def _fast_put(
    path: str, mapping: Mapping, key: Scalar, node: Node, problems: list[Problem]
) -> None:
    """Add a key as the event loop does (a duplicate is CC009, the first kept)."""
    found = mapping.items.get(key.value)
    if found is None:
        mapping.items[key.value] = (key, node)
    else:
        problems.append(_duplicate(path, key, found[0]))


def _duplicate(path: str, key: Scalar, first: Scalar) -> Problem:
    return problem(
        "CC009",
        Span(path, key.line, key.column),
        f"duplicate key {key.value!r} (first at line {first.line})",
    )


def _fast_tree(path: str, text: str, limits: Limits) -> tuple[Node, list[Problem]] | None:
    """The tree and problems :func:`_events` would give, or None when not certain."""
    max_chars = limits.max_scalar_chars
    if limits.max_depth <= _FAST_MAX_DEPTH + 1:
        return None  # blocks nest up to _FAST_MAX_DEPTH deep, and a flow collection in them
    if _FAST_CHARS.fullmatch(text) is None:
        return None
    if len(text) > max_chars and any(len(line) > max_chars for line in text.split("\n")):
        return None
    problems: list[Problem] = []
    stack: list[_Frame] = []  # the open blocks, innermost last
    root: Mapping | Sequence | None = None
    # After "key:" or "-" with nothing on the line: (container, key, line, column of the
    # empty value, column a nested block must exceed).
    pending: tuple[Mapping | Sequence, Scalar | None, int, int, int] | None = None
    block: Mapping | Sequence | None = None  # the innermost open block
    items: dict[str, tuple[Scalar, Node]] | None = None  # its items, when a mapping
    column = -1  # its 0-based column
    lineno = 0
    # One row a line (the pattern tiles the text): the whole line is understood, or "bad".
    for indentation, dash, key, colon, value, bad in _LINES.findall(text):
        lineno += 1
        if bad:
            return None
        indent = len(indentation)
        if indent != column or pending is not None or dash or not key or items is None:
            # Not simply the next key of the innermost mapping.
            if not (dash or key or value):
                continue  # a blank or comment line
            if pending is not None:
                container, pkey, pline, pcolumn, above = pending
                pending = None
                nested: Mapping | Sequence | None = None
                if indent > above and dash:
                    nested = Sequence(lineno, indent + 1)
                elif indent > above and key:
                    nested = Mapping(lineno, indent + 1)
                elif indent > above:
                    return None  # a value on the lines below its key
                elif indent == above and dash and pkey is not None:
                    nested = Sequence(lineno, indent + 1)  # "key:" then "- item" below it
                else:
                    empty = Scalar("", pline, pcolumn, True)
                    _fast_attach(path, container, pkey, empty, problems)
                if nested is not None:
                    if len(stack) >= _FAST_MAX_DEPTH:
                        return None
                    stack.append((nested, indent, indent == above, container, pkey))
            while stack:
                top = stack[-1]
                if top[1] > indent or (top[2] and top[1] == indent and not dash):
                    stack.pop()
                    if top[3] is not None:
                        _fast_attach(path, top[3], top[4], top[0], problems)
                else:
                    break
            if not stack:
                if root is not None:
                    return None  # content left of the root block
                if dash:
                    root = Sequence(lineno, indent + 1)
                elif key:
                    root = Mapping(lineno, indent + 1)
                else:
                    return None
                stack.append((root, indent, False, None, None))
            block, column = stack[-1][0], stack[-1][1]
            if column != indent:
                return None
            if type(block) is Sequence:
                items = None
                if not dash:
                    return None
                if key:  # "- key: ...": a mapping as the item
                    if len(stack) >= _FAST_MAX_DEPTH:
                        return None
                    column = indent + len(dash)
                    inner = Mapping(lineno, column + 1)
                    stack.append((inner, column, False, block, None))
                    block, items = inner, inner.items
                elif value:
                    at = indent + len(dash) + 1
                    item = _fast_value(path, value, lineno, at, problems)
                    if item is None:
                        return None
                    block.items.append(item)
                    continue
                else:
                    pending = (block, None, lineno, indent + 2, indent)
                    continue
            else:
                assert isinstance(block, Mapping)
                items = block.items
                if dash or not key:
                    return None
        assert block is not None and items is not None
        key_node = Scalar(key, lineno, column + 1, True)
        if not value:
            pending = (block, key_node, lineno, column + len(key) + 2, column)
            continue
        at = column + 1 + len(key) + len(colon)
        first = value[0]
        node: Node | None
        if first == '"':
            node = Scalar(value[1:-1], lineno, at, False)
        elif first == "'":
            node = Scalar(value[1:-1].replace("''", "'"), lineno, at, False)
        elif first == "[" or first == "{":
            node = _fast_flow(path, value, lineno, at, problems)
            if node is None:
                return None
        else:
            node = Scalar(value, lineno, at, True)
        found = items.get(key)
        if found is None:
            items[key] = (key_node, node)
        else:
            problems.append(_duplicate(path, key_node, found[0]))
    if root is None:
        return None
    if pending is not None:
        container, pkey, pline, pcolumn, _ = pending
        _fast_attach(path, container, pkey, Scalar("", pline, pcolumn, True), problems)
    while stack:
        node, _, _, parent, key_of = stack.pop()
        if parent is not None:
            _fast_attach(path, parent, key_of, node, problems)
    return root, problems


def parse_bytes(path: str, data: bytes, limits: Limits) -> tuple[Node | None, list[Problem]]:
    """Decode and parse a file's bytes (what :mod:`checker.cache` stores the result of)."""
    text, problems = decode(path, data, limits)
    if text is None:
        return None, problems
    root, parse_problems = parse(path, text, limits)
    return root, problems + parse_problems


BytesParser = Callable[[str, bytes, Limits], tuple[Node | None, list[Problem]]]


def load_file(
    found: FoundFile, limits: Limits | None = None, parse_data: BytesParser = parse_bytes
) -> Document:
    """Read, decode and parse one file; every failure is a problem, never an exception.

    ``parse_data`` turns the bytes read into a tree (the parse cache passes its own).
    """
    limits = limits or Limits()
    data = read_bytes(found, limits)
    if isinstance(data, Document):
        return data
    root, problems = parse_data(found.display, data, limits)
    return Document(found.display, found.real, root, problems, found.root)


def read_bytes(found: FoundFile, limits: Limits) -> bytes | Document:
    """A claim file's bytes, or the document of the problem that stops reading it (a link
    out of the set, not a regular file, too large, unreadable)."""
    path = found.display
    if found.outside:
        message = "symbolic link leads outside the claim set; not read"
        return Document(path, found.real, None, [problem("CC001", Span(path), message)], found.root)
    real_path = found.real
    try:
        info = real_path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            message = "not a regular file; not read"
            found_problem = problem("CC001", Span(path), message)
        elif info.st_size > limits.max_file_bytes:
            message = f"file is {info.st_size} bytes, over the limit of {limits.max_file_bytes}"
            found_problem = problem("CC004", Span(path), message)
        else:
            return real_path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        found_problem = problem("CC001", Span(path), f"cannot read: {reason}")
    return Document(path, real_path, None, [found_problem], found.root)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A claim file: the path shown to users, the real path, and the claim-set root."""

    display: str
    real: Path
    root: Path
    outside: bool = False  # a symlink resolving outside ``root``: reported, never read


def discover(paths: list[str]) -> Iterator[FoundFile]:
    """Every ``*.yaml``/``*.yml`` below the given paths, sorted; dot-folders are skipped.

    A symlinked file that resolves outside its claim-set root is flagged ``outside`` (and
    reported unread), a symlinked folder is not entered: a pull request must not make us
    read files elsewhere on the machine. A file reached through two PATHs (``claims
    claims/a.yaml``) is yielded once, where the first reaches it, under the name it was
    given when it was named directly.
    """
    # A file named directly keeps the name it was given, also where a folder given
    # before it reaches it (``claims claims/a.yaml`` or a single file's claim set).
    named = {Path(p).resolve(): p for p in reversed(paths) if not Path(p).is_dir()}
    seen: set[Path] = set()
    for found in _discover(paths):
        real = found.real.resolve()
        if real not in seen:
            seen.add(real)
            given = named.get(real)
            if given is not None and given != found.display:
                found = FoundFile(given, found.real, found.root, found.outside)
            yield found


def _discover(paths: list[str]) -> Iterator[FoundFile]:
    for given in paths:
        base = Path(given)
        if not base.is_dir():  # a file, or a FIFO or device named directly: load_file says which
            yield FoundFile(given, base, base.resolve().parent)
            continue
        root = base.resolve()
        found: list[tuple[str, Path, bool]] = []
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                    continue
                real = Path(folder, name)
                outside = real.is_symlink() and not real.resolve().is_relative_to(root)
                rel = os.path.relpath(real, base)
                found.append((rel.replace(os.sep, "/"), real, outside))
        for rel, real, outside in sorted(found):
            display = rel if given in (".", "./") else f"{given.rstrip('/')}/{rel}"
            yield FoundFile(display, real, root, outside)
