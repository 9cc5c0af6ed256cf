"""Tables to claim sets: ``claimcheck import`` (contract 8.5).

A CSV, TSV or JSON Lines table (one row, one or more statements) becomes one source file
per source plus a registry, as a mapping file says. The table is streamed: each row is
read, checked and rendered to YAML text at once, and the text is kept per source (spilled
to a scratch folder past a memory budget), so memory does not grow with the rows. Only
the set of subjects (for the registry) grows, with the distinct items, not the rows.

Every cell is parsed as the checker would parse it (``validate.read_value``), so a value the
checker cannot read is a problem at the table's FILE:LINE:COLUMN, not later at a line of
generated YAML. Nothing here prints: the CLI shows the problems and the progress.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import difflib
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker import vocabulary
from checker.errors import ClaimcheckError
from checker.files import AtomicBatch
from checker.load import NULL_SPELLINGS, Document, Limits, Mapping, Node, Scalar, Sequence
from checker.load import decode as decode_yaml
from checker.load import parse as parse_yaml
from checker.model import Cardinality, Property, Span
from checker.problems import Problem, Severity, problem, sort_problems
from checker.registry import Names
from checker.text import normalise
from checker.validate import Registry, _File, build_registry, read_value
from checker.values import YAML11_BOOLEANS
from checker.vocabulary import ID_PATTERN

MAPPING_KEYS = (
    "table",
    "source",
    "subject",
    "register_subjects",
    "as_of",
    "modality",
    "negated",
    "missing",
    "claim_id",
    "claims",
    "registry",
)
MAPPING_REQUIRED = ("source", "subject", "claims", "registry")
TABLE_KEYS = (
    "format",
    "encoding",
    "delimiter",
    "quoting",
    "header",
    "columns",
    "file_name",
    "extract",
)
EXTRACT_KEYS = ("column", "pattern")
# A mapping sets every key of a source but its archived text (an import has none).
SOURCE_KEYS = tuple(key for key in vocabulary.SOURCE_KEYS if key != "text")
ENTRY_KEYS = (
    "property",
    "column",
    "quote",
    "missing",
    "replace",
    "unescape",
    "split",
    "datetime",
    "note",
)
REPLACE_KEYS = ("pattern", "with")
DATETIME_KEYS = ("formats", "reference", "offset")
FORMATS = ("csv", "tsv", "jsonl")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# Names a template may use besides the table's columns.
BUILTIN_NAMES = ("file", "line", "subject", "property")

MARKER = "# Written by `claimcheck import`: change the table or the mapping and import again.\n"
SOURCES_FOLDER = "sources"
REGISTRY_FILE = "registry.yaml"


class ImportError_(ClaimcheckError):
    """A usage error: the import cannot start (bad table path, existing claim set, ...)."""


# --------------------------------------------------------------------------- templates


_TEMPLATE_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[^{}]+|[{}]")


@dataclass(frozen=True)
class Template:
    """Text with ``{column}`` references (``{{``/``}}`` for literal braces)."""

    parts: tuple[tuple[bool, str], ...]  # (is a reference, text or column name)
    span: Span
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(text for ref, text in self.parts if ref)

    def render(self, row: dict[str, str]) -> str:
        parts = self.parts
        if len(parts) == 1:
            ref, text = parts[0]
            return row.get(text, "") if ref else text
        return "".join(row.get(text, "") if ref else text for ref, text in parts)


def _template(raw: str, span: Span) -> Template | str:
    """A parsed template, or the message saying why it is none."""
    parts: list[tuple[bool, str]] = []
    for match in _TEMPLATE_PART.finditer(raw):
        whole = match.group()
        if whole in ("{{", "}}"):
            parts.append((False, whole[0]))
        elif match.group(1) is not None:
            name = match.group(1).strip()
            if not name:
                return "empty {} in template"
            parts.append((True, name))
        elif whole in ("{", "}"):
            return f"unbalanced {whole!r} in template (write {whole * 2} for a literal one)"
        else:
            parts.append((False, whole))
    return Template(tuple(parts), span, raw)


# --------------------------------------------------------------------------- the mapping


@dataclass(frozen=True)
class Replace:
    pattern: re.Pattern[str]
    replacement: str


@dataclass(frozen=True)
class DateTimeParse:
    formats: tuple[str, ...]
    reference: Template | None
    drop_offset: bool


@dataclass
class Entry:
    """One claim a row may give: a property and the cell holding its value."""

    property: Template
    column: str
    column_span: Span
    quote: Template | None = None
    note: Template | None = None
    missing: tuple[re.Pattern[str], ...] = ()
    replace: tuple[Replace, ...] = ()
    unescape: bool = False
    split: re.Pattern[str] | None = None
    datetime: DateTimeParse | None = None
    span: Span = field(default_factory=lambda: Span("<mapping>"))


@dataclass
class ImportMapping:
    path: str
    format: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    quoting: bool | None = None
    header: bool = True
    columns: tuple[str, ...] | None = None
    columns_span: Span | None = None
    file_name: re.Pattern[str] | None = None
    file_name_span: Span | None = None
    extract: tuple[tuple[str, re.Pattern[str], Span], ...] = ()
    source: dict[str, Template] = field(default_factory=dict)
    subject: Template | None = None
    register_subjects: bool = True
    row_fields: dict[str, Template] = field(default_factory=dict)  # as_of, modality, negated
    missing: tuple[re.Pattern[str], ...] = ()
    claim_id: Template | None = None
    entries: list[Entry] = field(default_factory=list)
    registry: Mapping | None = None
    # The mapping's registry: block, validated as a registry file would be.
    validated: Registry = field(default_factory=lambda: build_registry(()))

    def templates(self) -> Iterator[Template]:
        yield from self.source.values()
        if self.subject is not None:
            yield self.subject
        yield from self.row_fields.values()
        if self.claim_id is not None:
            yield self.claim_id
        for entry in self.entries:
            yield entry.property
            for t in (entry.quote, entry.note):
                if t is not None:
                    yield t
            if entry.datetime is not None and entry.datetime.reference is not None:
                yield entry.datetime.reference


class _MappingReader:
    """Validates a mapping file's tree into an :class:`ImportMapping`, like a registry:
    unknown keys with a did-you-mean, wrong types, bad patterns, each at its line."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.f = _File(path, problems)
        self.problems = problems

    def span(self, node: Node) -> Span:
        return Span(self.path, node.line, node.column)

    def template(self, node: Node, what: str) -> Template | None:
        raw = self.f.text(node, what)
        if raw is None:
            return None
        parsed = _template(raw, self.span(node))
        if isinstance(parsed, str):
            self.f.report("CC104", node, f"{what}: {parsed}")
            return None
        return parsed

    def regex(self, node: Node, what: str) -> re.Pattern[str] | None:
        raw = self.f.text(node, what)
        if raw is None:
            return None
        try:
            return re.compile(raw)
        except re.error as exc:
            self.f.report("CC104", node, f"{what} is not a regular expression: {exc}")
            return None

    def regex_list(self, node: Node, what: str) -> tuple[re.Pattern[str], ...]:
        if isinstance(node, Scalar):
            one = self.regex(node, what)
            return (one,) if one is not None else ()
        seq = self.f.sequence(node, what)
        out = []
        for item in seq.items if seq else ():
            pattern = self.regex(item, f"{what} item")
            if pattern is not None:
                out.append(pattern)
        return tuple(out)

    def read(self, root: Node) -> ImportMapping:
        m = ImportMapping(self.path)
        body = self.f.mapping(root, "mapping")
        if body is None:
            return m
        self.f.keys(body, MAPPING_KEYS, MAPPING_REQUIRED, "mapping")
        items = body.items
        if "table" in items:
            self.table(items["table"][1], m)
        if "source" in items:
            self.source(items["source"][1], m)
        if "subject" in items:
            m.subject = self.template(items["subject"][1], "subject")
        if "register_subjects" in items:
            m.register_subjects = bool(
                self.f.boolean(items["register_subjects"][1], "register_subjects")
            )
        for name in ("as_of", "modality", "negated"):
            if name in items:
                t = self.template(items[name][1], name)
                if t is not None:
                    m.row_fields[name] = t
        if "missing" in items:
            m.missing = self.regex_list(items["missing"][1], "missing")
        if "claim_id" in items:
            m.claim_id = self.template(items["claim_id"][1], "claim_id")
        if "claims" in items:
            seq = self.f.sequence(items["claims"][1], "claims")
            for node in seq.items if seq else ():
                entry = self.entry(node)
                if entry is not None:
                    m.entries.append(entry)
            if seq is not None and not seq.items:
                self.f.report("CC101", seq, "claims lists no claim entry")
        if "registry" in items:
            self.registry(items["registry"][1], m)
        return m

    def table(self, node: Node, m: ImportMapping) -> None:
        body = self.f.mapping(node, "table")
        if body is None:
            return
        self.f.keys(body, TABLE_KEYS, (), "table")
        items = body.items
        if "format" in items:
            m.format = self.f.choice(items["format"][1], FORMATS, "table format")
        if "encoding" in items:
            raw = self.f.text(items["encoding"][1], "table encoding")
            if raw is not None:
                try:
                    m.encoding = codecs.lookup(raw).name
                except LookupError:
                    self.f.report("CC104", items["encoding"][1], f"unknown encoding {raw!r}")
        if "delimiter" in items:
            raw = self.f.text(items["delimiter"][1], "table delimiter")
            if raw is not None and len(raw) != 1:
                self.f.report("CC104", items["delimiter"][1], "delimiter must be one character")
            elif raw is not None:
                m.delimiter = raw
        if "quoting" in items:
            m.quoting = self.f.boolean(items["quoting"][1], "table quoting")
        if "header" in items:
            header = self.f.boolean(items["header"][1], "table header")
            m.header = True if header is None else header
        if "columns" in items:
            columns = self.f.text_list(items["columns"][1], "table columns")
            m.columns, m.columns_span = columns, self.span(items["columns"][1])
            seen: set[str] = set()
            for name in columns:
                if name in seen:
                    self.f.report("CC104", items["columns"][1], f"column {name!r} is named twice")
                seen.add(name)
        elif not m.header:
            self.f.report("CC101", body, "a table without header needs columns: [names]")
        if "file_name" in items:
            m.file_name = self.regex(items["file_name"][1], "table file_name")
            m.file_name_span = self.span(items["file_name"][1])
        if "extract" in items:
            seq = self.f.sequence(items["extract"][1], "table extract")
            out = []
            for item in seq.items if seq else ():
                block = self.f.mapping(item, "extract item")
                if block is None or not self.f.keys(block, EXTRACT_KEYS, EXTRACT_KEYS, "extract"):
                    continue
                column = self.f.text(block.items["column"][1], "extract column")
                pattern = self.regex(block.items["pattern"][1], "extract pattern")
                if column is None or pattern is None:
                    continue
                if not pattern.groupindex:
                    self.f.report(
                        "CC104",
                        block.items["pattern"][1],
                        "extract pattern needs named groups, e.g. (?P<year>\\d{4})",
                    )
                    continue
                out.append((column, pattern, self.span(block.items["column"][1])))
            m.extract = tuple(out)

    def source(self, node: Node, m: ImportMapping) -> None:
        body = self.f.mapping(node, "source")
        if body is None:
            return
        self.f.keys(body, SOURCE_KEYS, ("id", "language"), "source")
        for name, (_, value) in body.items.items():
            if name in SOURCE_KEYS:
                t = self.template(value, f"source {name}")
                if t is not None:
                    m.source[name] = t

    def entry(self, node: Node) -> Entry | None:
        body = self.f.mapping(node, "claim entry")
        if body is None or not self.f.keys(body, ENTRY_KEYS, ("property", "column"), "claim entry"):
            return None
        items = body.items
        prop = self.template(items["property"][1], "claim entry property")
        column = self.f.text(items["column"][1], "claim entry column")
        if prop is None or column is None:
            return None
        entry = Entry(prop, column, self.span(items["column"][1]), span=self.span(body))
        if "quote" in items:
            entry.quote = self.template(items["quote"][1], "claim entry quote")
        if "note" in items:
            entry.note = self.template(items["note"][1], "claim entry note")
        if "missing" in items:
            entry.missing = self.regex_list(items["missing"][1], "claim entry missing")
        if "unescape" in items:
            entry.unescape = self.f.choice(items["unescape"][1], ("html",), "unescape") == "html"
        if "split" in items:
            entry.split = self.regex(items["split"][1], "claim entry split")
        if "replace" in items:
            entry.replace = self.replace(items["replace"][1])
        if "datetime" in items:
            entry.datetime = self.datetime(items["datetime"][1])
        return entry

    def replace(self, node: Node) -> tuple[Replace, ...]:
        seq = self.f.sequence(node, "replace")
        out = []
        for item in seq.items if seq else ():
            block = self.f.mapping(item, "replace item")
            if block is None or not self.f.keys(block, REPLACE_KEYS, ("pattern",), "replace"):
                continue
            pattern = self.regex(block.items["pattern"][1], "replace pattern")
            replacement = ""
            if "with" in block.items:
                written = self.f.text(block.items["with"][1], "replace with", required=False)
                replacement = written or ""
            if pattern is None:
                continue
            try:
                pattern.sub(replacement, "")  # compiles the replacement: bad \\2 fails here
            except (re.error, IndexError) as exc:
                self.f.report("CC104", block.items["with"][1], f"replace with: {exc}")
                continue
            out.append(Replace(pattern, replacement))
        return tuple(out)

    def datetime(self, node: Node) -> DateTimeParse | None:
        body = self.f.mapping(node, "datetime")
        if body is None or not self.f.keys(body, DATETIME_KEYS, ("formats",), "datetime"):
            return None
        items = body.items
        formats = self.f.text_list(items["formats"][1], "datetime formats")
        for fmt in formats:
            message = _format_error(fmt)
            if message:
                self.f.report("CC104", items["formats"][1], f"datetime format {fmt!r}: {message}")
                return None
        if not formats:
            self.f.report("CC101", items["formats"][1], "datetime formats lists no format")
            return None
        reference = None
        if "reference" in items:
            reference = self.template(items["reference"][1], "datetime reference")
        drop = False
        if "offset" in items:
            drop = self.f.choice(items["offset"][1], ("keep", "drop"), "datetime offset") == "drop"
        return DateTimeParse(formats, reference, drop)

    def registry(self, node: Node, m: ImportMapping) -> None:
        body = self.f.mapping(node, "registry")
        if body is None:
            return
        m.registry = body
        m.validated = build_registry([Document(self.path, Path(self.path), body)])


def _format_error(fmt: str) -> str | None:
    """Why a strptime format is unusable, or None."""
    if "%" not in fmt:
        return "no % directive"
    try:
        dt.datetime.strptime("", fmt)
    except ValueError as exc:
        text = str(exc)
        if "does not match" in text:
            return None
        return text
    return None


def read_mapping(path: str) -> tuple[ImportMapping | None, list[Problem]]:
    """Load and validate a mapping file; None (with problems) when it is unusable."""
    problems: list[Problem] = []
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [problem("CC001", Span(path), f"cannot read mapping: {exc.strerror}")]
    limits = Limits()
    text, found = decode_yaml(path, data, limits)
    problems.extend(found)
    if text is None:
        return None, problems
    root, found = parse_yaml(path, text, limits)
    problems.extend(found)
    if root is None:
        return None, problems
    mapping = _MappingReader(path, problems).read(root)
    problems.extend(mapping.validated.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, sort_problems(problems)
    for entry in mapping.entries:
        for name in entry.property.names:
            if name in ("subject", "property"):
                problems.append(
                    problem(
                        "CC104", entry.property.span, f"property template cannot use {{{name}}}"
                    )
                )
    if any(p.severity is Severity.ERROR for p in problems):
        return None, sort_problems(problems)
    return mapping, sort_problems(problems)


# --------------------------------------------------------------------------- ids and YAML


def to_id(text: str) -> str:
    """Text to an id ``[a-z0-9][a-z0-9-]*``: accents dropped, lower case, every other run
    of characters one ``-``. Text with no Latin letter or digit at all (``東京``) gets
    ``x-`` and a hash of the text, so distinct names never share an id by accident."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not out and text.strip():
        out = "x-" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]
    return out


_NEEDS_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


_SAFE_IN_QUOTES = re.compile(
    '[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*\\Z'
)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that any YAML reader (and claimcheck's loader, which
    refuses NEL, LS and PS) reads back as ``text``."""
    if _SAFE_IN_QUOTES.match(text):
        return f'"{text}"'
    out = json.dumps(text, ensure_ascii=False)
    if _NEEDS_ESCAPE.search(out):
        out = _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./+-]*\Z")


def plain_or_quoted(text: str) -> str:
    """An id or a registry word plain when YAML cannot misread it, else quoted."""
    plain = _PLAIN_SAFE.match(text) and text not in NULL_SPELLINGS
    if plain and text.lower() not in YAML11_BOOLEANS:
        return text
    return quoted(text)


def emit_node(node: Node, indent: int, sort_keys: bool = False) -> str:
    """A loaded YAML tree back to block-style YAML text (for the registry)."""
    pad = "  " * indent
    if isinstance(node, Scalar):
        return ""  # scalars are written by their parent
    lines: list[str] = []
    if isinstance(node, Mapping):
        entries = list(node.items.items())
        if sort_keys:
            entries.sort(key=lambda kv: kv[0])
        for name, (_, value) in entries:
            lines.append(pad + plain_or_quoted(name) + ":" + _after(value, indent))
    else:
        for value in node.items:
            if isinstance(value, Mapping) and value.items:
                body = emit_node(value, indent + 1)
                lines.append(pad + "- " + body[len(pad) + 2 :].rstrip("\n"))
            else:
                lines.append(pad + "-" + _after(value, indent).rstrip("\n"))
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def _scalar_text(node: Scalar) -> str:
    if node.plain:
        if node.value in NULL_SPELLINGS:
            return "null"
        return plain_or_quoted(node.value) if not _PLAIN_NUMBER.match(node.value) else node.value
    return quoted(node.value)


_PLAIN_NUMBER = re.compile(r"-?[0-9][0-9_.eE+-]*\Z")


def _after(value: Node, indent: int) -> str:
    if isinstance(value, Scalar):
        return " " + _scalar_text(value) + "\n"
    if not value.items:
        return " {}\n" if isinstance(value, Mapping) else " []\n"
    if isinstance(value, Sequence) and all(isinstance(v, Scalar) for v in value.items):
        inner = ", ".join(_scalar_text(v) for v in value.items if isinstance(v, Scalar))
        return f" [{inner}]\n"
    return "\n" + emit_node(value, indent + 1)


# --------------------------------------------------------------------------- reading tables


@dataclass(slots=True)
class Row:
    line: int
    cells: dict[str, str]
    raw: str  # the record's text as read, for cell columns in problems
    names: tuple[str, ...]  # column names in order (CSV/TSV), for cell columns
    lists: dict[str, list[str]] | None = None  # JSON Lines array cells


class _Table:
    """One table file streamed as rows; unreadable records become problems."""

    def __init__(
        self,
        path: str,
        mapping: ImportMapping,
        problems: list[Problem],
        progress: Callable[[int], None] | None,
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.problems = problems
        self.progress = progress
        fmt = mapping.format or _EXTENSIONS.get(Path(path).suffix.lower())
        if fmt is None:
            raise ImportError_(
                f"{path}: cannot tell the table's format from its name; "
                "give table: format: csv, tsv or jsonl in the mapping"
            )
        self.format = fmt
        self.delimiter = mapping.delimiter or ("\t" if fmt == "tsv" else ",")
        self.quoting = mapping.quoting if mapping.quoting is not None else fmt == "csv"
        self.bad_lines: dict[int, Problem] = {}
        self.columns: tuple[str, ...] = mapping.columns or ()
        self.fixed: dict[str, str] = {}
        if mapping.file_name is not None:
            found = mapping.file_name.search(Path(path).name)
            if found is None:
                raise _TableProblem(
                    problem(
                        "CC104",
                        mapping.file_name_span or Span(mapping.path),
                        f"table file name {Path(path).name!r} does not match "
                        f"file_name {mapping.file_name.pattern!r}",
                    )
                )
            self.fixed = {k: v or "" for k, v in found.groupdict().items()}

    def _lines(self) -> Iterator[tuple[int, str]]:
        """(line number, decoded line with its ending); a line that cannot be decoded is
        a problem and is passed on with replacement characters, its record dropped."""
        encoding = self.mapping.encoding
        ascii_compatible = "a,\n".encode(encoding, "ignore") == b"a,\n"
        with open(self.path, "rb") as handle:
            if not ascii_compatible:
                text = codecs.getreader(encoding)(handle, "strict")
                number = 0
                try:
                    for number, line in enumerate(text, start=1):
                        yield number, line
                except UnicodeDecodeError as exc:
                    message = f"table is not {encoding}: {exc.reason}"
                    self.problems.append(problem("CC003", Span(self.path, number + 1), message))
                return
            progress = self.progress
            utf8 = encoding in ("utf-8", "utf-8-sig")
            for number, data in enumerate(handle, start=1):
                if progress is not None:
                    progress(len(data))
                if number == 1 and utf8 and data.startswith(codecs.BOM_UTF8):
                    data = data[3:]
                try:
                    line = data.decode(encoding)
                except UnicodeDecodeError as exc:
                    column = len(data[: exc.start].decode(encoding, "replace")) + 1
                    message = (
                        f"table is not {encoding}: byte 0x{data[exc.start]:02x} cannot be decoded"
                    )
                    self.bad_lines[number] = problem(
                        "CC003", Span(self.path, number, column), message
                    )
                    line = data.decode(encoding, "replace")
                yield number, line

    def rows(self) -> Iterator[Row]:
        if self.format == "jsonl":
            yield from self._json_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[Row]:
        numbered = self._lines()
        current: list[tuple[int, str]] = []

        def feed() -> Iterator[str]:
            for number, line in numbered:
                current.append((number, line))
                yield line

        reader = csv.reader(
            feed(),
            delimiter=self.delimiter,
            quoting=csv.QUOTE_MINIMAL if self.quoting else csv.QUOTE_NONE,
            strict=True,
        )
        header_pending = self.mapping.header
        while True:
            current.clear()
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = current[0][0] if current else 1
                self.problems.append(
                    problem("CC014", Span(self.path, line), f"row cannot be read: {exc}")
                )
                continue
            if not current:
                return
            line = current[0][0]
            raw = "".join(text for _, text in current)
            bad = [self.bad_lines.pop(n) for n, _ in current if n in self.bad_lines]
            if bad:
                self.problems.extend(bad)
                continue
            if not record or record == [""]:  # a blank line
                continue
            if header_pending:
                header_pending = False
                if not self.mapping.columns:
                    self.columns = tuple(cell.strip() for cell in record)
                    self.check_columns()
                continue
            if len(record) != len(self.columns):
                self.problems.append(
                    problem(
                        "CC014",
                        Span(self.path, line),
                        f"row has {len(record)} fields, the table has {len(self.columns)} "
                        f"columns ({', '.join(self.columns)})",
                    )
                )
                continue
            cells = dict(zip(self.columns, record, strict=True))
            yield Row(line, cells, raw, self.columns)

    def _json_rows(self) -> Iterator[Row]:
        for number, line in self._lines():
            if number in self.bad_lines:
                self.problems.append(self.bad_lines.pop(number))
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_int=str, parse_float=str)
            except json.JSONDecodeError as exc:
                self.problems.append(
                    problem(
                        "CC014", Span(self.path, number, exc.colno), f"row is not JSON: {exc.msg}"
                    )
                )
                continue
            if not isinstance(record, dict):
                self.problems.append(
                    problem("CC014", Span(self.path, number), "row is not a JSON object")
                )
                continue
            cells: dict[str, str] = {}
            lists: dict[str, list[str]] = {}
            for key, value in record.items():
                if value is None:
                    continue
                if isinstance(value, list):
                    lists[key] = [_json_text(v) for v in value if v is not None]
                    cells[key] = json.dumps(value, ensure_ascii=False)
                else:
                    cells[key] = _json_text(value)
            yield Row(number, cells, line, (), lists or None)

    def check_columns(self) -> None:
        """Every column a template or entry names must exist (with a did-you-mean)."""
        known = (
            *self.columns,
            *self.fixed,
            *(n for _, p, _ in self.mapping.extract for n in p.groupindex),
        )
        if self.format == "jsonl":
            return  # JSON Lines rows name their own keys; a missing key is a missing cell
        names = set(known) | set(BUILTIN_NAMES)
        checks: list[tuple[str, Span]] = []
        for template in self.mapping.templates():
            checks.extend((name, template.span) for name in template.names)
        checks.extend((e.column, e.column_span) for e in self.mapping.entries)
        checks.extend((c, s) for c, _, s in self.mapping.extract)
        for name, span in checks:
            if name not in names:
                hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
                message = f"unknown column {name!r} in table {self.path}"
                message += (
                    f" (did you mean {hint[0]!r}?)" if hint else f"; columns: {', '.join(known)}"
                )
                raise _TableProblem(problem("CC104", span, message))

    def cell_column(self, row: Row, name: str) -> int:
        """The 1-based character column where cell ``name`` starts in its row."""
        if not row.names or name not in row.names:
            return 1
        index = row.names.index(name)
        return _field_start(row.raw, index, self.delimiter, self.quoting)


class _LazySpan:
    """A cell's span whose column (a scan of the row's text) is computed on first use."""

    __slots__ = ("_column", "line", "name", "path", "row", "table")

    def __init__(self, table: _Table, row: Row, name: str) -> None:
        self.table, self.row, self.name = table, row, name
        self.path, self.line = table.path, row.line
        self._column = 0

    @property
    def column(self) -> int:
        if not self._column:
            self._column = self.table.cell_column(self.row, self.name)
        return self._column

    def span(self) -> Span:
        return Span(self.path, self.line, self.column)


class _TableProblem(Exception):
    def __init__(self, found: Problem) -> None:
        self.found = found


def _json_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _field_start(raw: str, index: int, delimiter: str, quoting: bool) -> int:
    """Column of the ``index``-th field of a delimited record (quotes honoured)."""
    field_no, in_quotes, start = 0, False, 0
    for position, ch in enumerate(raw):
        if field_no == index:
            return start + 1 - _line_start(raw, start)
        if quoting and ch == '"':
            in_quotes = not in_quotes
        elif ch == delimiter and not in_quotes:
            field_no += 1
            start = position + 1
    return start + 1 - _line_start(raw, start) if field_no == index else 1


def _line_start(raw: str, offset: int) -> int:
    return raw.rfind("\n", 0, offset) + 1


# --------------------------------------------------------------------------- parsing values


_SPACES = re.compile(r"\s+")
_HAS_YEAR = re.compile(r"%[Yy]")
_HAS_DAY = re.compile(r"%[dj]")


class _DateTimes:
    """A cell to an ISO date-time by the first format in the list that fits."""

    def __init__(self, spec: DateTimeParse) -> None:
        self.spec = spec

    def parse(self, text: str, reference: dt.date | None) -> str | None:
        for fmt in self.spec.formats:
            value = _strptime(text, fmt, reference)
            if value is not None:
                return _iso(value, "%S" in fmt, self.spec.drop_offset)
        return None


def _strptime(text: str, fmt: str, reference: dt.date | None) -> dt.datetime | None:
    has_year = _HAS_YEAR.search(fmt) is not None
    has_day = _HAS_DAY.search(fmt) is not None
    if not has_year and reference is None:
        return None
    try:
        if has_year:
            value = dt.datetime.strptime(text, fmt)
        else:
            assert reference is not None
            # Parse with the reference year appended (29 February needs a leap year),
            # then take the year that puts the date nearest the reference.
            value = dt.datetime.strptime(f"{text} {reference.year}", f"{fmt} %Y")
    except ValueError:
        return None
    if reference is not None and not has_day:
        value = value.replace(year=reference.year, month=reference.month, day=reference.day)
    elif reference is not None and not has_year:
        best = value
        for year in (reference.year - 1, reference.year + 1):
            try:
                other = value.replace(year=year)
            except ValueError:
                continue
            if abs(other.date() - reference) < abs(best.date() - reference):
                best = other
        value = best
    return value


def _iso(value: dt.datetime, seconds: bool, drop_offset: bool) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M:%S" if seconds else "%Y-%m-%dT%H:%M")
    offset = value.utcoffset()
    if offset is None or drop_offset:
        return text
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return text + "Z"
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _reference_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class CellError(ValueError):
    """A cell that cannot be read as the mapping says (a time matching no format)."""


class CellReader:
    """One claim entry's cell to the value texts it gives, as the mapping says: HTML
    unescaping, ``replace`` rules, whitespace folding, placeholders, ``split`` and
    ``datetime`` formats. An empty list means "not given"."""

    _MEMO_SIZE = 20_000  # cells remembered (sources copy each other: many repeat)

    def __init__(self, entry: Entry, missing: tuple[re.Pattern[str], ...] = ()) -> None:
        self.entry = entry
        self.missing = (*missing, *entry.missing)
        self.datetimes = _DateTimes(entry.datetime) if entry.datetime is not None else None
        self.reference = entry.datetime.reference if entry.datetime is not None else None
        self.memo: dict[tuple[str, str], list[str] | str] = {}

    def read(self, cell: str, cells: dict[str, str], listed: list[str] | None = None) -> list[str]:
        """The value texts of ``cell``; [] when not given; CellError when unreadable."""
        if listed is not None:
            return self._read(cell, cells, listed)
        key = (cell, self.reference.render(cells) if self.reference is not None else "")
        found = self.memo.get(key)
        if found is None:
            try:
                found = self._read(cell, cells, None)
            except CellError as exc:
                found = str(exc)
            if len(self.memo) >= self._MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = found
        if isinstance(found, str):
            raise CellError(found)
        return list(found)

    def _read(self, cell: str, cells: dict[str, str], listed: list[str] | None) -> list[str]:
        entry = self.entry
        text = cell.strip()
        if not text or any(p.fullmatch(text) for p in self.missing):
            return []
        if entry.unescape:
            text = html.unescape(text)
        for rule in entry.replace:
            text = rule.pattern.sub(rule.replacement, text)
        text = _SPACES.sub(" ", text).strip()
        if not text or any(p.fullmatch(text) for p in entry.missing):
            return []
        if listed is not None:
            parts = [_SPACES.sub(" ", p).strip() for p in listed]
            parts = [p for p in parts if p]
        elif entry.split is not None:
            parts = [p.strip() for p in entry.split.split(text)]
            parts = [p for p in parts if p and not any(m.fullmatch(p) for m in entry.missing)]
        else:
            parts = [text]
        if self.datetimes is None or not parts:
            return parts
        spec = self.datetimes.spec
        reference = None
        if spec.reference is not None:
            reference = _reference_date(spec.reference.render(cells))
        converted = []
        for part in parts:
            iso = self.datetimes.parse(part, reference)
            if iso is None:
                raise CellError(
                    f"{entry.column} {cell.strip()!r} matches none of the mapping's "
                    f"{len(spec.formats)} datetime formats"
                )
            converted.append(iso)
        return converted


# --------------------------------------------------------------------------- the import


@dataclass
class Settings:
    tables: tuple[str, ...]
    mapping: str
    into: str
    force: bool = False
    max_errors: int | None = None
    memory_budget: int = 32 * 1024 * 1024  # bytes of rendered YAML kept before spilling


@dataclass
class Outcome:
    problems: list[Problem]
    rows: int = 0
    claims: int = 0
    sources: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    stopped: bool = False  # --max-errors reached: nothing written
    wrote_nothing: bool = False

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)


@dataclass
class _SourceOut:
    id: str
    raw: str  # the text the id was formed from, to tell two names that share an id
    header: str
    chunks: list[str] = field(default_factory=list)
    spool: Path | None = None
    claims: int = 0


class _TooManyErrors(Exception):
    pass


class _Importer:
    def __init__(self, settings: Settings, mapping: ImportMapping) -> None:
        self.settings = settings
        self.mapping = mapping
        self.problems: list[Problem] = []
        self.sources: dict[str, _SourceOut] = {}
        self.subjects: dict[str, dict[str, None]] = {}  # id -> names written (label first)
        self.buffered = 0
        self.scratch: Path | None = None
        self.rows = 0
        self.claims = 0
        self.errors = 0
        self.properties = mapping.validated.properties
        names = Names(100.0)
        for prop in self.properties.values():
            names.add(prop.id, (prop.label, *prop.aliases))
        self.property_names = names
        entity_names = Names(100.0)
        for entity in mapping.validated.entities.values():
            entity_names.add(entity.id, (entity.label, *entity.aliases))
        self.entity_names = entity_names
        self.readers = {id(e): CellReader(e) for e in mapping.entries}
        self.claim_ids: dict[str, set[str]] | None = {} if mapping.claim_id else None

    # ---------------------------------------------------------------- problems

    def report(self, found: Problem) -> None:
        self.problems.append(found)
        if found.severity is Severity.ERROR:
            self.errors += 1
            limit = self.settings.max_errors
            if limit is not None and self.errors >= limit:
                raise _TooManyErrors

    def _take(self, problems: list[Problem]) -> None:
        for found in problems:
            self.report(found)
        problems.clear()

    # ---------------------------------------------------------------- rows

    def table(self, path: str, progress: Callable[[int], None] | None) -> None:
        collected: list[Problem] = []
        table = _Table(path, self.mapping, collected, progress)
        if self.mapping.header is False or self.mapping.columns:
            table.check_columns()
        stem = to_id(Path(path).stem) or "table"
        for row in table.rows():
            self._take(collected)
            self.rows += 1
            self.row(table, row, stem)
        self._take(collected)

    def row(self, table: _Table, row: Row, stem: str) -> None:
        cells = row.cells
        if table.fixed:
            cells.update(table.fixed)
        for column, pattern, _span in self.mapping.extract:
            found = pattern.fullmatch(cells.get(column, ""))
            if found is None:
                where = Span(table.path, row.line, table.cell_column(row, column))
                self.report(
                    problem(
                        "CC104",
                        where,
                        f"cell {column!r} {cells.get(column, '')!r} does not match the "
                        f"extract pattern {pattern.pattern!r}",
                    )
                )
                return
            cells.update({k: v or "" for k, v in found.groupdict().items()})
        cells["file"] = table.path
        cells["line"] = str(row.line)
        mapping = self.mapping
        source = self.source(table, row)
        if source is None:
            return
        assert mapping.subject is not None
        subject_text = mapping.subject.render(cells).strip()
        if not subject_text:
            self.report(
                problem("CC101", self.where(table, row, mapping.subject), "row has no subject")
            )
            return
        subject = self.subject(subject_text)
        cells["subject"] = subject
        extra = ""
        for name, template in mapping.row_fields.items():
            text = template.render(cells).strip()
            if text:
                extra += f"    {name}: {quoted(text)}\n"
        location = f"    location: {quoted(f'{table.path}:{row.line}')}\n"
        for entry in mapping.entries:
            self.entry(table, row, entry, source, subject, extra, location, stem)

    def where(self, table: _Table, row: Row, template: Template | str) -> Span:
        names = (template,) if isinstance(template, str) else template.names
        for name in names:
            if name in row.names:
                return Span(table.path, row.line, table.cell_column(row, name))
        return Span(table.path, row.line)

    def source(self, table: _Table, row: Row) -> _SourceOut | None:
        templates = self.mapping.source
        raw = templates["id"].render(row.cells).strip()
        source_id = to_id(raw)
        if not source_id:
            self.report(
                problem("CC101", self.where(table, row, templates["id"]), "row has no source")
            )
            return None
        out = self.sources.get(source_id)
        if out is not None:
            if out.raw != raw and normalise(out.raw) != normalise(raw):
                self.report(
                    problem(
                        "CC107",
                        self.where(table, row, templates["id"]),
                        f"sources {out.raw!r} and {raw!r} both become source id {source_id!r}; "
                        "change source: id: in the mapping to tell them apart",
                    )
                )
                return None
            return out
        header = [MARKER, "source:\n", f"  id: {plain_or_quoted(source_id)}\n"]
        fields = {"title": raw}
        for name in ("title", "language", "published", "author", "publisher", "url"):
            if name in templates:
                fields[name] = templates[name].render(row.cells).strip()
        for name in ("title", "language", "published", "author", "publisher", "url"):
            text = fields.get(name, "")
            if text:
                header.append(f"  {name}: {quoted(text)}\n")
        header.append("claims:\n")
        out = self.sources[source_id] = _SourceOut(source_id, raw, "".join(header))
        return out

    def subject(self, text: str) -> str:
        match = self.entity_names.resolve(text)
        if match.id is not None:
            return match.id
        if not self.mapping.register_subjects:
            return text
        subject_id = to_id(text)
        names = self.subjects.get(subject_id)
        if names is None:
            self.subjects[subject_id] = {text: None}
        elif text not in names:
            names[text] = None
        return subject_id

    def entry(
        self,
        table: _Table,
        row: Row,
        entry: Entry,
        source: _SourceOut,
        subject: str,
        extra: str,
        location: str,
        stem: str,
    ) -> None:
        cells = row.cells
        cell = cells.get(entry.column)
        listed = row.lists.get(entry.column) if row.lists else None
        if cell is None or not cell.strip():
            return  # not given
        stripped = cell.strip()
        for pattern in (*self.mapping.missing, *entry.missing):
            if pattern.fullmatch(stripped):
                return
        where = _LazySpan(table, row, entry.column)
        prop_name = entry.property.render(cells).strip()
        match = self.property_names.resolve(prop_name) if prop_name else None
        if match is None or match.id is None:
            self.report(
                problem(
                    "CC201",
                    where.span(),
                    f"property {prop_name!r} is not declared in the mapping's registry",
                )
            )
            return
        prop = self.properties[match.id]
        try:
            parts = self.readers[id(entry)].read(cell, cells, listed)
        except CellError as exc:
            self.report(problem("CC104", where.span(), str(exc)))
            return
        if not parts:
            return
        collected: list[Problem] = []
        registry = self.mapping.validated
        # One problem list for the cell's values, so a rule broken by several is said once.
        cell_problems = _File(table.path, collected)
        if prop.cardinality is Cardinality.LIST:  # one value: the whole list
            node = Sequence(row.line, 0)
            node.items.extend(Scalar(part, row.line, 0, False) for part in parts)
            read_value(registry, cell_problems, node, prop)
        else:
            for part in parts:
                read_value(registry, cell_problems, Scalar(part, row.line, 0, False), prop)
        if collected:
            # The cell's column is worked out only when there is something to report.
            collected[:] = [
                dataclasses.replace(p, column=where.column) if p.column == 0 else p
                for p in collected
            ]
            failed = any(p.severity is Severity.ERROR for p in collected)
            self._take(collected)
            if failed:
                return
        cells["property"] = prop.id
        quote = entry.quote.render(cells) if entry.quote is not None else cell
        if not quote.strip():
            quote = cell
        note = entry.note.render(cells).strip() if entry.note is not None else ""
        values: list[str | list[str]] = (
            [parts] if prop.cardinality is Cardinality.LIST else list(parts)
        )
        for index, value in enumerate(values, start=1):
            claim_id = self.claim_id(table, row, source, prop.id, stem, index, len(values))
            if claim_id is None:
                return
            if isinstance(value, list):
                written = "[" + ", ".join(quoted(v) for v in value) + "]"
            else:
                written = quoted(value)
            text_out = (
                f"  - id: {claim_id}\n"
                f"    subject: {plain_or_quoted(subject)}\n"
                f"    property: {plain_or_quoted(prop.id)}\n"
                f"    value: {written}\n"
                f"    quote: {quoted(quote)}\n"
                f"{extra}{location}"
            )
            if note:
                text_out += f"    note: {quoted(note)}\n"
            self.add(source, text_out)

    def claim_id(
        self,
        table: _Table,
        row: Row,
        source: _SourceOut,
        prop_id: str,
        stem: str,
        index: int,
        count: int,
    ) -> str | None:
        suffix = f"-{index}" if count > 1 else ""
        template = self.mapping.claim_id
        if template is None:
            # Unique by construction (table, line, property): no set of ids to keep.
            return f"{stem}-{row.line}-{prop_id}{suffix}"
        claim_id = to_id(template.render(row.cells)) + suffix
        assert self.claim_ids is not None
        seen = self.claim_ids.setdefault(source.id, set())
        if not claim_id or claim_id in seen:
            what = "is empty" if not claim_id else f"{claim_id!r} repeats an earlier row's id"
            self.report(
                problem("CC106", Span(table.path, row.line), f"claim id from claim_id {what}")
            )
            return None
        seen.add(claim_id)
        return claim_id

    def add(self, source: _SourceOut, text: str) -> None:
        source.chunks.append(text)
        source.claims += 1
        self.claims += 1
        self.buffered += len(text)
        if self.buffered > self.settings.memory_budget:
            self.spill()

    def spill(self) -> None:
        """Append every source's buffered claims to its scratch file."""
        if self.scratch is None:
            self.scratch = Path(
                tempfile.mkdtemp(prefix=".claimcheck-import-", dir=self.settings.into)
            )
        for out in self.sources.values():
            if not out.chunks:
                continue
            if out.spool is None:
                out.spool = self.scratch / f"{out.id}.part"
            with open(out.spool, "a", encoding="utf-8", newline="") as handle:
                handle.write("".join(out.chunks))
            out.chunks.clear()
        self.buffered = 0

    # ---------------------------------------------------------------- writing

    def registry_text(self) -> str:
        registry = self.mapping.registry
        assert registry is not None
        lines = [MARKER]
        declared = registry.items
        for section in ("settings", "properties", "entities"):
            if section == "entities":
                continue
            if section in declared:
                node = declared[section][1]
                lines.append(f"{section}:" + _after_sorted(node))
        entities = declared.get("entities")
        subject_lines = []
        for subject_id in sorted(self.subjects):
            names = list(self.subjects[subject_id])
            entry = f"  {plain_or_quoted(subject_id)}:\n    label: {quoted(names[0])}\n"
            if len(names) > 1:
                entry += "    aliases: [" + ", ".join(quoted(n) for n in sorted(names[1:])) + "]\n"
            subject_lines.append((subject_id, entry))
        declared_lines = []
        if entities is not None and isinstance(entities[1], Mapping):
            for name, (_, node) in entities[1].items.items():
                declared_lines.append((name, f"  {plain_or_quoted(name)}:" + _after(node, 1)))
        known = {name for name, _ in declared_lines}
        merged = sorted(declared_lines + [e for e in subject_lines if e[0] not in known])
        if merged:
            lines.append("entities:\n")
            lines.extend(text for _, text in merged)
        return "".join(lines)

    def write(self, outcome: Outcome) -> None:
        into = Path(self.settings.into)
        folder = into / SOURCES_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        produced = {folder / f"{i}.yaml" for i, out in self.sources.items() if out.claims}
        produced.add(into / REGISTRY_FILE)
        batch = AtomicBatch()
        try:
            for source_id in sorted(self.sources):
                if not self.sources[source_id].claims:
                    continue  # every row of it had a problem: no file of no claims
                changed = batch.stage(
                    folder / f"{source_id}.yaml", _chunks(self.sources[source_id])
                )
                outcome.written += changed
                outcome.unchanged += not changed
            changed = batch.stage(into / REGISTRY_FILE, [self.registry_text().encode()])
            outcome.written += changed
            outcome.unchanged += not changed
            batch.commit()
        finally:
            batch.discard()
        # Files an earlier import wrote for sources that are gone now.
        for path in sorted(folder.glob("*.yaml")):
            if path not in produced and _written_by_import(path):
                path.unlink()
                outcome.removed += 1


def _after_sorted(node: Node) -> str:
    if isinstance(node, Mapping) and node.items:
        return "\n" + emit_node(node, 1, sort_keys=True)
    return _after(node, 0)


def _chunks(out: _SourceOut) -> Iterator[bytes]:
    yield out.header.encode("utf-8")
    if out.spool is not None:
        with open(out.spool, "rb") as handle:
            while block := handle.read(1 << 20):
                yield block
    if out.chunks:
        yield "".join(out.chunks).encode("utf-8")


def _written_by_import(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline() == MARKER
    except (OSError, UnicodeDecodeError):
        return False


def existing_claim_files(into: str) -> list[Path]:
    """YAML files already in the target folder, resolutions files left aside (an import
    never touches them, so they never stand in its way)."""
    root = Path(into)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and not _is_resolutions(path):
            found.append(path)
    return found


def _is_resolutions(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("resolutions:"):
                    return True
                if line[:1].isalpha():
                    return False
    except OSError:
        return False
    return False


def run_import(settings: Settings, progress: Callable[[int], None] | None = None) -> Outcome:
    """Import the tables; raises :class:`ImportError_` when the import cannot start."""
    for table in settings.tables:
        if not Path(table).is_file():
            raise ImportError_(f"{table}: no such table file")
    into = Path(settings.into)
    if into.exists() and not into.is_dir():
        raise ImportError_(f"{settings.into} is not a folder")
    if not settings.force:
        existing = existing_claim_files(settings.into)
        if existing:
            raise ImportError_(
                f"{settings.into} already holds a claim set ({len(existing)} YAML files); "
                "use --force to import into it (only changed files are rewritten; "
                "resolutions files are never touched)"
            )
    mapping, problems = read_mapping(settings.mapping)
    if mapping is None:
        return Outcome(problems, wrote_nothing=True)
    into.mkdir(parents=True, exist_ok=True)
    importer = _Importer(settings, mapping)
    importer.problems.extend(problems)
    outcome = Outcome(importer.problems)
    try:
        try:
            for table in settings.tables:
                try:
                    importer.table(table, progress)
                except _TableProblem as exc:  # the mapping does not fit the table
                    importer.report(exc.found)
                    outcome.wrote_nothing = True
                except OSError as exc:
                    importer.report(
                        problem("CC001", Span(table), f"cannot read table: {exc.strerror}")
                    )
        except _TooManyErrors:
            outcome.stopped = outcome.wrote_nothing = True
        outcome.rows, outcome.claims, outcome.sources = (
            importer.rows,
            importer.claims,
            sum(1 for out in importer.sources.values() if out.claims),
        )
        if not outcome.wrote_nothing:
            importer.write(outcome)
    finally:
        if importer.scratch is not None:
            shutil.rmtree(importer.scratch, ignore_errors=True)
    outcome.problems = sort_problems(importer.problems)
    return outcome


def table_bytes(tables: tuple[str, ...]) -> int:
    total = 0
    for table in tables:
        with contextlib.suppress(OSError):
            total += os.path.getsize(table)
    return total


__all__ = [
    "BUILTIN_NAMES",
    "ID_PATTERN",
    "ImportError_",
    "ImportMapping",
    "Outcome",
    "Property",
    "Settings",
    "quoted",
    "read_mapping",
    "run_import",
    "table_bytes",
    "to_id",
]
