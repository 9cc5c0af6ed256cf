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
from checker.errors import ClaimcheckError
from checker.files import write_atomic
from checker.graph import Discrepancy, topic_of
from checker.load import NULL_SPELLINGS, Limits, decode, parse
from checker.model import Past, Verdict
from checker.problems import EMPTY_FILE
from checker.review import find, known_topics, topic_hint
from checker.values import canonical_value_text
from checker.vocabulary import RESOLUTION_KEYS, VERDICTS, classify

try:  # libyaml's parser, as in checker.load
    from yaml import CBaseLoader as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]

LOCK_TIMEOUT = 60.0  # seconds to wait for another ``claimcheck resolve`` on the same file
_BREAKS = "\r\n\x85\u2028\u2029"  # what libyaml counts as line breaks
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class ResolveError(ClaimcheckError):
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
    replace_evidence: bool = False  # --evidence replaces the entry's list, not adds to it


@dataclass(frozen=True, slots=True)
class Outcome:
    file: str
    action: str  # "added", "updated" or "created"
    values_seen: tuple[str, ...]
    value: str | None = None  # the accepted value as written (canonical spelling)
    replaced: Past | None = None  # the verdict an update replaced (now first in its history)


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
        raise ResolveError(f"unknown topic {topic!r}" + topic_hint(topic, topics))
    if request.verdict not in VERDICTS:
        raise ResolveError(f"verdict {request.verdict!r} is not one of: {', '.join(VERDICTS)}")
    values = found.value_texts()
    listed = ", ".join(values)
    if request.verdict == Verdict.ACCEPT:
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


# --------------------------------------------------------------------------- style

_KEY_ORDER = RESOLUTION_KEYS  # an entry's keys are written in the format's order
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`~ ")
_PLAIN_NEVER = {*NULL_SPELLINGS, "y", "n", "yes", "no", "on", "off", "true", "false"}
Field = str | tuple[str, ...]


def _plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written unquoted and reads back as the same text."""
    return (
        bool(text)
        and text == text.strip()
        and text[0] not in _PLAIN_START
        and text.lower() not in _PLAIN_NEVER
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and all(ch.isprintable() for ch in text)
        and not (flow and any(ch in ",[]{}" for ch in text))
    )


def _scalar(text: str, style: str, flow: bool = False) -> str:
    """``text`` in ``style`` (plain, single or double), double-quoted where the style
    cannot hold it."""
    if style == "plain" and _plain_ok(text, flow):
        return text
    if style == "single" and all(ch.isprintable() for ch in text):
        return "'" + text.replace("'", "''") + "'"
    return quote(text)


@dataclass
class _Style:
    """How an entry writes each key: scalar quoting, and lists as flow or block."""

    scalars: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)  # a list's item quoting
    block: dict[str, bool] = field(default_factory=dict)  # a list written as a block
    blank_between: bool = False  # entries separated by a blank line

    def scalar(self, key: str, text: str) -> str:
        return _scalar(text, self.scalars.get(key, "double"))

    def flow_list(self, key: str, texts: Iterable[str]) -> str:
        style = self.items.get(key, "double")
        return "[" + ", ".join(_scalar(t, style, flow=True) for t in texts) + "]"


def _node_style(text: str, node: _Node) -> str:
    if node.plain or text[node.start] in "|>":  # a block scalar: plain where it can be
        return "plain"
    return "single" if text[node.start] == "'" else "double"


def _style_of(text: str, item: _Node) -> _Style:
    """The style of an existing entry, to write another one (or its changes) alike."""
    style = _Style()
    if item.kind != "mapping":
        return style
    for key, value in zip(item.children[0::2], item.children[1::2], strict=False):
        if value.kind == "scalar" and not (value.plain and value.value in NULL_SPELLINGS):
            style.scalars[key.value] = _node_style(text, value)
        elif value.kind == "sequence":
            style.block[key.value] = not value.flow
            first = next((c for c in value.children if c.kind == "scalar"), None)
            if first is not None:
                style.items[key.value] = _node_style(text, first)
            if key.value == "history":
                past = next((c for c in value.children if c.kind == "mapping"), None)
                if past is not None:  # a history entry's keys are written alike
                    inner = _style_of(text, past)
                    style.scalars = {**inner.scalars, **style.scalars}
                    style.items = {**inner.items, **style.items}
    return style


# --------------------------------------------------------------------------- entries


def _fields(
    request: Request, values_seen: Iterable[str], old: dict[str, Field] | None
) -> dict[str, Field]:
    """The new entry's values: the request's, evidence added to the entry's earlier
    evidence unless ``replace_evidence``."""
    fields: dict[str, Field] = {"topic": request.topic, "verdict": request.verdict}
    if request.value is not None:
        fields["value"] = request.value
    fields |= {"reviewer": request.reviewer, "date": request.date, "rationale": request.rationale}
    earlier = old.get("evidence", ()) if old and not request.replace_evidence else ()
    evidence = tuple(dict.fromkeys((*_as_tuple(earlier), *request.evidence)))
    if evidence:
        fields["evidence"] = evidence
    fields["values_seen"] = tuple(values_seen)
    return fields


def _as_tuple(value: Field) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def _values(item: _Node) -> dict[str, Field]:
    """An entry's scalar and list values by key (history left out)."""
    found: dict[str, Field] = {}
    for key, value in zip(item.children[0::2], item.children[1::2], strict=False):
        if value.kind == "scalar":
            if not (value.plain and value.value in NULL_SPELLINGS):
                found[key.value] = value.value
        elif value.kind == "sequence" and key.value != "history":
            found[key.value] = tuple(c.value for c in value.children if c.kind == "scalar")
    return found


def past_of(old: dict[str, Field]) -> Past:
    """The entry being replaced, as its history keeps it."""

    def text(key: str) -> str:
        value = old.get(key, "")
        return value if isinstance(value, str) else ", ".join(value)

    value = old.get("value")
    return Past(
        text("verdict"),
        text("reviewer"),
        text("date"),
        text("rationale"),
        value if isinstance(value, str) else None,
        _as_tuple(old.get("evidence", ())),
        _as_tuple(old.get("values_seen", ())),
    )


def _past_fields(past: Past) -> dict[str, Field]:
    fields: dict[str, Field] = {"verdict": past.verdict}
    if past.value is not None:
        fields["value"] = past.value
    for key, text in (
        ("reviewer", past.reviewer),
        ("date", past.date),
        ("rationale", past.rationale),
    ):
        if text:  # an incomplete entry is kept as it was, not completed with blanks
            fields[key] = text
    if past.evidence:
        fields["evidence"] = past.evidence
    if past.values_seen:
        fields["values_seen"] = past.values_seen
    return fields


def _lines(
    fields: dict[str, Field],
    style: _Style,
    column: int,
    offset: int,
    newline: str,
    raw: dict[str, str] | None = None,
) -> list[str]:
    """A list entry's lines: ``-`` at ``column``, keys ``offset`` columns further in;
    ``raw``: values to write as given (a block scalar moved into the history)."""
    offset = max(offset, 2)
    lines: list[str] = []
    pad = " " * (column + offset)
    for key, value in fields.items():
        lead = " " * column + "-" + " " * (offset - 1) if not lines else pad
        if raw and key in raw:
            lines.append(f"{lead}{key}: {raw[key]}{newline}")
        else:
            lines += _key_lines(key, value, style, lead, pad, newline)
    return lines


def _blocks(text: str, item: _Node, shift: int) -> dict[str, str]:
    """The entry's block scalars (``rationale: >-`` ...) as written, their lines moved
    ``shift`` columns right, so the history keeps the reviewer's own layout."""
    found = {}
    for key, value in _pairs(item):
        if value.kind == "scalar" and value.end > value.start and text[value.start] in "|>":
            end = _without_break(text, _content_end(text, value.end))
            body = text[value.start : end]
            found[key.value] = re.sub(r"(\r?\n)(?=[^\r\n])", r"\1" + " " * shift, body)
    return found


def _key_lines(
    key: str, value: Field, style: _Style, lead: str, pad: str, newline: str
) -> list[str]:
    if isinstance(value, str):
        return [f"{lead}{key}: {style.scalar(key, value)}{newline}"]
    if style.block.get(key) and value:
        item = style.items.get(key, "double")
        return [f"{lead}{key}:{newline}"] + [f"{pad}  - {_scalar(v, item)}{newline}" for v in value]
    return [f"{lead}{key}: {style.flow_list(key, value)}{newline}"]


def _history_lines(pasts: list[Past], style: _Style, column: int, newline: str) -> list[str]:
    return [
        line for past in pasts for line in _lines(_past_fields(past), style, column, 2, newline)
    ]


def render_entry(
    fields: dict[str, Field],
    style: _Style,
    column: int,
    offset: int,
    newline: str,
    history: list[Past] = (),  # type: ignore[assignment]
) -> str:
    lines = _lines(fields, style, column, offset, newline)
    if history:
        pad = " " * (column + max(offset, 2))
        lines.append(f"{pad}history:{newline}")
        lines += _history_lines(history, style, len(pad) + 2, newline)
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


def _pairs(item: _Node) -> list[tuple[_Node, _Node]]:
    return list(zip(item.children[0::2], item.children[1::2], strict=False))


def _old_history(item: _Node) -> list[Past]:
    node = item.get("history")
    if node is None or node.kind != "sequence":
        return []
    return [past_of(_values(c)) for c in node.children if c.kind == "mapping"]


def _same(old: Field | None, new: Field) -> bool:
    return old is not None and _as_tuple(old) == _as_tuple(new)


def _without_break(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in _BREAKS:
        end -= 1
    return end


def _after_colon(text: str, key: _Node) -> int:
    return text.index(":", key.end) + 1


def _update(text: str, item: _Node, fields: dict[str, Field], past: Past, newline: str) -> str:
    """The entry ``item`` changed to ``fields`` with ``past`` first in its history,
    touching only what changed: unchanged values, comments inside the entry, key order
    and quoting stay as they are; changed values keep their key's quoting."""
    style = _style_of(text, item)
    pairs = _pairs(item)
    first_key = pairs[0][0]
    column = first_key.start - first_key.line_start
    pad = " " * column
    edits: list[tuple[int, int, int, str]] = []  # (start, order, end, replacement)
    present = {key.value: (key, value) for key, value in pairs}
    for key, value in pairs:
        name = key.value
        if name in ("topic", "history"):
            continue
        end = _content_end(text, value.end)
        if name not in fields:
            if key.line_start != first_key.line_start:  # never the dash line itself
                edits.append((key.line_start, 1000, end, ""))
            continue
        new = fields[name]
        if _same(_values(item).get(name), new):
            continue
        if value.kind == "sequence" and not value.flow and value.children:
            dash, dash_column, offset = _dash(text, value.children[0])
            item_style = style.items.get(name, "double")
            lines = [
                " " * dash_column + "-" + " " * (offset - 1) + _scalar(v, item_style) + newline
                for v in _as_tuple(new)
            ]
            edits.append((dash, 1000, end, "".join(lines)))
            continue
        if value.kind == "sequence" or isinstance(new, tuple):
            rendered = style.flow_list(name, _as_tuple(new))
        else:
            rendered = _scalar(
                new, _node_style(text, value) if value.kind == "scalar" else "double"
            )
        if value.kind == "scalar" and value.end > value.start and text[value.start] not in "|>":
            edits.append((value.start, 1000, value.end, rendered))
        else:  # a block scalar, an empty value or a block list: the rest of the key's line
            start = _after_colon(text, key)
            stop = max(start, _without_break(text, end))
            edits.append((start, 1000, stop, " " + rendered))
    # Keys the entry lacks go after the key before them in the usual order.
    last_end = max(_content_end(text, value.end) for _, value in pairs)
    for order, name in enumerate(_KEY_ORDER):
        if name not in fields or name in present:
            continue
        before = [k for k in _KEY_ORDER[:order] if k in present]
        at = _content_end(text, present[before[-1]][1].end) if before else last_end
        lines = _key_lines(name, fields[name], style, pad, pad, newline)
        edits.append((at, order, at, "".join(lines)))
    history = present.get("history")
    if history is not None and history[1].kind == "sequence" and not history[1].flow:
        if history[1].children:
            dash, dash_column, offset = _dash(text, history[1].children[0])
            raw = _blocks(text, item, dash_column + max(offset, 2) - column)
            lines = _lines(_past_fields(past), style, dash_column, offset, newline, raw)
            edits.append((dash, 0, dash, "".join(lines)))
        else:  # pragma: no cover - an empty block list does not exist in YAML
            pass
    else:
        raw = _blocks(text, item, 4)
        block = newline + "".join(
            _lines(_past_fields(past), style, column + 2, 2, newline, raw)
            + _history_lines(_old_history(item), style, column + 2, newline)
        )
        if history is not None:  # ``history:`` empty, null or in flow style: rewritten
            start = _after_colon(text, history[0])
            stop = max(start, _without_break(text, _content_end(text, history[1].end)))
            edits.append((start, 1000, stop, block.rstrip("\r\n")))
        else:
            block = f"{pad}history:" + block
            edits.append((last_end, len(_KEY_ORDER), last_end, block))
    for start, _, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def edit(
    text: str | None, request: Request, values_seen: Iterable[str]
) -> tuple[str, str, Past | None]:
    """The new text of a resolutions file with the request's entry added or changed.

    ``text`` None means the file does not exist yet. Returns (text, action, the entry
    replaced as its history keeps it). A new entry is written like the file's last one.
    """
    fields = _fields(request, values_seen, None)
    if text is None:
        return "resolutions:\n" + render_entry(fields, _Style(), 2, 2, "\n"), "created", None
    newline = "\r\n" if re.search(r"\r\n", text.split("\n", 1)[0] + "\n") else "\n"
    root = _tree(text)
    if root is None:  # only comments: keep them, start the list below
        sep = "" if not text or text[-1] in _BREAKS else newline
        entry = render_entry(fields, _Style(), 2, 2, newline)
        return text + sep + "resolutions:" + newline + entry, "added", None
    value = root.get("resolutions") if root.kind == "mapping" else None
    if value is None:
        raise ResolveError("it has no resolutions: list at the top level")
    if value.kind == "sequence" and not value.flow:
        for item in value.children:
            topic_node = item.get("topic") if item.kind == "mapping" else None
            if topic_node is None or topic_node.value != request.topic:
                continue
            old = _values(item)
            past = past_of(old)
            fields = _fields(request, values_seen, old)
            if not item.flow:
                return _update(text, item, fields, past, newline), "updated", past
            start, column, offset = _dash(text, item)
            end = _content_end(text, item.end)
            history = [past, *_old_history(item)]
            entry = render_entry(fields, _style_of(text, item), column, offset, newline, history)
            return text[:start] + entry + text[end:], "updated", past
        last = value.children[-1]  # a new entry is written like the last one
        start, column, offset = _dash(text, last)
        end = _content_end(text, last.end)
        sep = "" if text[end - 1] in _BREAKS else newline
        blank = newline if re.search(r"\n[ \t]*\r?\n$", text[:start]) else ""
        entry = render_entry(fields, _style_of(text, last), column, offset, newline)
        return text[:end] + sep + blank + entry + text[end:], "added", None
    empty = (value.kind == "scalar" and value.plain and value.value in NULL_SPELLINGS) or (
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
    entry = render_entry(fields, _Style(), indent, 2, newline)
    return head + sep + entry + rest[line_end:], "added", None


# --------------------------------------------------------------------------- writing


def lock_path(target: Path, lock_dir: Path) -> Path:
    """The lock file of ``target``: in ``lock_dir`` (the cache folder's ``locks/``), named
    by a digest of the file's resolved path, so no lock file lands in the claim set."""
    name = hashlib.sha256(str(target.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return lock_dir / f"{name[:32]}.lock"


def write_resolution(
    path: str, request: Request, values_seen: Iterable[str], lock_dir: Path | None = None
) -> tuple[str, Past | None]:
    """Lock the file, re-read it, add or replace the topic's entry, write atomically.

    Returns the action taken and the entry it replaced. The lock (:func:`lock_path`;
    default folder: the system's temporary folder) makes two runs at once take turns;
    re-reading under it keeps the other run's entry.
    """
    target = Path(path)
    shared = Path(tempfile.gettempdir()) / "claimcheck-locks"
    folder = lock_dir or shared
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # an unwritable cache folder: the system's temporary folder will do
        folder = shared
        folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(target, folder)), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            text, bom = _read(target, path)
            new_text, action, past = edit(text, request, values_seen)
            write_atomic(target, bom + new_text)
    except Timeout:
        raise ResolveError(
            f"{path} is locked by another claimcheck resolve for over {LOCK_TIMEOUT:g} s"
        ) from None
    except ResolveError as exc:
        raise ResolveError(f"cannot edit {path}: {exc}") from None
    return action, past


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
        if problems[0].code == EMPTY_FILE:  # empty: start the list afresh
            return data.decode("utf-8-sig", errors="replace"), bom
        raise ResolveError(problems[0].message)
    root, parse_problems = parse(shown, text)
    if root is None:
        fatal = [p for p in parse_problems if p.code != EMPTY_FILE]
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
    action, past = write_resolution(path, request, seen, lock_dir)
    return Outcome(path, action, seen, request.value, past)
