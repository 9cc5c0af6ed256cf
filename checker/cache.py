"""A content-addressed cache of parsed files, so an unchanged file is not parsed twice.

An entry is keyed by the SHA-256 of the file's bytes, its display path (problems carry
it), the parse limits and the claimcheck version; it holds the node tree and the
file's load problems as plain tuples serialised with :mod:`marshal` (no pickle: a
cache file never names code to run). Each entry starts with a magic line and the
SHA-256 of its payload, and is decoded into nodes with every type checked, so a
truncated, corrupt or hostile entry is a miss, never a wrong finding or a crash.
Entries are written atomically (temporary file, then rename), so concurrent runs at
worst write one twice.
Only parsing is cached: validation and everything after it always run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Mapping as EnvMapping
from pathlib import Path
from typing import Any

from checker import __version__
from checker.files import write_atomic
from checker.load import (
    Document,
    FoundFile,
    Limits,
    Mapping,
    Node,
    Scalar,
    Sequence,
    load_file,
    parse_bytes,
)
from checker.problems import Problem, Severity

_MAGIC = b"claimcheck-parse-cache 2\n"
_MARSHAL_VERSION = 4
_SEVERITIES = {s.value: s for s in Severity}


def default_directory(environ: EnvMapping[str, str]) -> Path:
    """``$CLAIMCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimcheck``, else
    ``~/.cache/claimcheck``."""
    if environ.get("CLAIMCHECK_CACHE_DIR"):
        return Path(environ["CLAIMCHECK_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


class ParseCache:
    """Parsed documents stored under ``directory``; every failure to use it is a miss."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0

    def load_file(self, found: FoundFile, limits: Limits | None = None) -> Document:
        """:func:`checker.load.load_file`, reusing the parse of identical bytes."""
        return load_file(found, limits, self.parse_bytes)

    def parse_bytes(
        self, path: str, data: bytes, limits: Limits
    ) -> tuple[Node | None, list[Problem]]:
        """:func:`checker.load.parse_bytes` through the cache."""
        key = _key(path, data, limits)
        entry = self.directory / key[:2] / f"{key}.bin"
        cached = _read(entry)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        root, problems = parse_bytes(path, data, limits)
        _write(entry, root, problems)
        return root, problems


def _key(path: str, data: bytes, limits: Limits) -> str:
    digest = hashlib.sha256()
    header = f"{__version__}\0{path}\0{limits!r}\0".encode("utf-8", "surrogatepass")
    digest.update(header)
    digest.update(data)
    return digest.hexdigest()


# ---------------------------------------------------------------- encoding
# Scalar (value, line, column, plain): the only node whose first item is text;
# Mapping (1, line, column, ((key, value), ...)); Sequence (2, line, column, (item, ...)).
# Decoding builds scalars inline (they are nine nodes in ten): one call per container.


def _encode(node: Node) -> tuple[object, ...]:
    if isinstance(node, Scalar):
        return (node.value, node.line, node.column, node.plain)
    if isinstance(node, Mapping):
        items = tuple((_encode(key), _encode(value)) for key, value in node.items.values())
        return (1, node.line, node.column, items)
    return (2, node.line, node.column, tuple(_encode(item) for item in node.items))


class _Corrupt(Exception):
    pass


def _scalar(data: Any) -> Scalar:
    value, line, column, plain = data
    if type(value) is str and type(line) is int and type(column) is int and type(plain) is bool:
        return Scalar(value, line, column, plain)
    raise _Corrupt


def _decode(data: Any, depth: int = 0) -> Node:
    if type(data) is not tuple or len(data) != 4 or depth > 200:
        raise _Corrupt
    if type(data[0]) is str:
        return _scalar(data)
    kind, line, column, items = data
    if type(line) is not int or type(column) is not int or type(items) is not tuple:
        raise _Corrupt
    if kind == 1:
        mapping = Mapping(line, column)
        store = mapping.items
        for key_data, value_data in items:
            key = _scalar(key_data)
            if type(value_data) is tuple and len(value_data) == 4 and type(value_data[0]) is str:
                store[key.value] = (key, _scalar(value_data))
            else:
                store[key.value] = (key, _decode(value_data, depth + 1))
        return mapping
    if kind == 2:
        sequence = Sequence(line, column)
        sequence.items = [
            _scalar(item)
            if type(item) is tuple and len(item) == 4 and type(item[0]) is str
            else _decode(item, depth + 1)
            for item in items
        ]
        return sequence
    raise _Corrupt


def _int(value: object) -> int:
    if type(value) is not int:
        raise _Corrupt
    return value


def _read(entry: Path) -> tuple[Node | None, list[Problem]] | None:
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or len(blob) < head + 32:
        return None
    checksum, payload = blob[head : head + 32], blob[head + 32 :]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    try:
        root_data, problem_data = marshal.loads(payload)
        root = None if root_data is None else _decode(root_data)
        problems = [
            Problem(file, _int(line), _int(column), code, message, _SEVERITIES[severity])
            for file, line, column, code, message, severity in problem_data
        ]
        if not all(type(p.file) is str and type(p.message) is str for p in problems):
            return None
    except Exception:  # anything unexpected in an entry makes it a miss
        return None
    return root, problems


def _write(entry: Path, root: Node | None, problems: list[Problem]) -> None:
    payload = marshal.dumps(
        (  # type: ignore[arg-type]  # nested tuples of str/int/bool, which marshal takes
            None if root is None else _encode(root),
            tuple(
                (p.file, p.line, p.column, p.code, p.message, p.severity.value) for p in problems
            ),
        ),
        _MARSHAL_VERSION,
    )
    # Not durable: an entry lost in a crash is merely a miss, and the checksum catches
    # torn writes.
    with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: no cache
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, _MAGIC + hashlib.sha256(payload).digest() + payload, durable=False)
