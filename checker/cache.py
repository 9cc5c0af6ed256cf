"""The cache: what a former run computed from the same bytes, reused, never trusted blindly.

Four kinds of entry, each keyed by a SHA-256 that covers everything its content depends
on (see :func:`fingerprint`):

- a registry file's **parse**: the node tree and load problems, keyed by its bytes,
  display path, the limits and the program fingerprint;
- the **sealed registry** (entities, properties, settings, registry problems, the name
  index), keyed by the paths and bytes of the files the scan takes for registries;
- a file's **validated result** (sources, claims with normalised values, resolutions,
  problems), keyed by its parse key plus where it lies (real path, claim-set root) and
  the digest of every registry file's path and bytes (a registry change invalidates
  every file: which files a registry edit can affect is not known cheaply);
- a whole run's **output** and exit code, keyed by the command, its format and the
  digest of every file of the set (not stored for sets whose sources have archived
  ``text:``, which lie outside that digest).

Parses are :mod:`marshal` data decoded into nodes with every type checked. Registries
and validated results are pickled and read back by an unpickler that can build only the
model's own classes (``checker.model``, ``checker.problems``, ``checker.values``,
``checker.registry`` dataclasses and enums, and the name index): an entry never names
other code to run. Each entry starts with a magic line and
the SHA-256 of its payload, so a truncated or corrupt entry is a miss, never a wrong
finding or a crash. Entries are written atomically, so concurrent runs at worst write
one twice; the folder is bounded (:meth:`Cache.prune`, oldest entries out).
"""

from __future__ import annotations

import contextlib
import dataclasses
import decimal
import enum
import fractions
import hashlib
import importlib.util
import io
import marshal
import os
import pickle
import sys
import time
import unicodedata
from collections.abc import Iterator
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

_MAGIC = b"claimcheck-parse-cache 3\n"
_RESULT_MAGIC = b"claimcheck-result-cache 1\n"
_RUN_MAGIC = b"claimcheck-run-cache 1\n"
_REGISTRY_MAGIC = b"claimcheck-registry-cache 1\n"
_TOPICS_MAGIC = b"claimcheck-topics-cache 2\n"
_MARSHAL_VERSION = 4
_SEVERITIES = {s.value: s for s in Severity}
DEFAULT_MAX_MB = 512


def default_directory(environ: EnvMapping[str, str]) -> Path:
    """``$CLAIMCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimcheck``, else
    ``~/.cache/claimcheck``."""
    if environ.get("CLAIMCHECK_CACHE_DIR"):
        return Path(environ["CLAIMCHECK_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


def max_bytes(environ: EnvMapping[str, str]) -> int:
    """The cache's size bound: ``$CLAIMCHECK_CACHE_MAX_MB`` megabytes, else 512."""
    try:
        megabytes = float(environ.get("CLAIMCHECK_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(max(0.0, megabytes) * 1_000_000)


_fingerprint: str | None = None


def fingerprint() -> str:
    """Everything of the program that can change a result: the bytes of every file of
    ``checker`` (modules and report assets: a changed rule changes the key even when the
    version does not), the version, Python's (pickle, Unicode data) and the libraries'
    that parse and match."""
    global _fingerprint
    if _fingerprint is None:
        import numpy
        import rapidfuzz
        import yaml

        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent
        for part in sorted(package.rglob("*")):  # modules, and the HTML report's assets
            if part.is_file() and "__pycache__" not in part.parts and part.suffix != ".pyc":
                digest.update(part.relative_to(package).as_posix().encode() + b"\0")
                digest.update(part.read_bytes() + b"\0")
        versions = (
            __version__,
            sys.version,
            unicodedata.unidata_version,
            yaml.__version__,
            str(yaml.__with_libyaml__),
            rapidfuzz.__version__,
            numpy.__version__,  # the truth estimate's arithmetic
            _tz_version(),  # datetime values in a property's timezone
        )
        digest.update("\0".join(versions).encode())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def _tz_version() -> str:
    """The IANA database's version zoneinfo reads: the tzdata package where it is
    installed, else the first line of the system's ``tzdata.zi`` (``# version 2025b``)."""
    import zoneinfo

    versions = [_version_of("tzdata") if importlib.util.find_spec("tzdata") else "-"]
    for folder in zoneinfo.TZPATH:
        try:
            with open(Path(folder) / "tzdata.zi", encoding="utf-8", errors="replace") as zi:
                versions.append(f"{folder}:{zi.readline().strip()}")
        except OSError:
            continue
    return ",".join(versions)


def _version_of(distribution: str) -> str:
    import importlib.metadata  # here: 15 to 40 ms of start-up a run may not need

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


class Cache:
    """Cached parses, validated results and run outputs under ``directory``; every
    failure to use it is a miss."""

    def __init__(self, directory: str | Path, limit: int | None = None) -> None:
        self.directory = Path(directory)
        self.limit = DEFAULT_MAX_MB * 1_000_000 if limit is None else limit
        self.hits = 0  # parses reused
        self.misses = 0  # parses done
        self.result_hits = 0
        self.result_misses = 0
        self.registry_hits = 0
        self.topics_reused = 0  # topics whose stored conclusions a run reused
        self.topics_computed = 0  # topics a run concluded afresh (their claims changed)
        self.written = 0  # bytes written by this process
        self.started = time.time()

    # ------------------------------------------------------------ parses
    def load_file(self, found: FoundFile, limits: Limits | None = None) -> Document:
        """:func:`checker.load.load_file`, reusing the parse of identical bytes."""
        return load_file(found, limits, self.parse_bytes)

    def parse_bytes(
        self, path: str, data: bytes, limits: Limits
    ) -> tuple[Node | None, list[Problem]]:
        """:func:`checker.load.parse_bytes` through the cache."""
        key = parse_key(path, data, limits)
        entry = self._entry(key)
        cached = _read_parse(entry)
        if cached is not None:
            self.hits += 1
            _touch(entry)
            return cached
        self.misses += 1
        root, problems = parse_bytes(path, data, limits)
        self._store(entry, _MAGIC, _encode_parse(root, problems))
        return root, problems

    # ------------------------------------------------------------ validated results
    def get_result(self, key: str) -> tuple[Any, ...] | None:
        """A file's validated result stored under ``key`` (see :func:`result_key`)."""
        entry = self._entry(key)
        payload = _payload(entry, _RESULT_MAGIC)
        found = None if payload is None else _unpickle_result(payload)
        if found is None:
            self.result_misses += 1
            return None
        self.result_hits += 1
        _touch(entry)
        return found

    def put_result(self, key: str, result: tuple[Any, ...]) -> None:
        self.put_result_pickled(key, pickle.dumps(result, 5))

    def put_result_pickled(self, key: str, payload: bytes) -> None:
        """Store a result already pickled (``pickle.dumps(result, 5)``)."""
        self._store(self._entry(key), _RESULT_MAGIC, payload)

    # ------------------------------------------------------------ sealed registries
    def get_registry(self, key: str) -> tuple[tuple[Any, ...], list[int], str] | None:
        """A sealed registry stored under ``key`` (see ``pipeline.registry_stage``):
        (``validate.Registry.snapshot()``, indices of likely registries that are none, digest)."""
        entry = self._entry(key)
        payload = _payload(entry, _REGISTRY_MAGIC)
        found = None if payload is None else _unpickle_registry(payload)
        if found is not None:
            self.registry_hits += 1
            _touch(entry)
        return found

    def put_registry(self, key: str, stored: tuple[tuple[Any, ...], list[int], str]) -> None:
        self._store(self._entry(key), _REGISTRY_MAGIC, pickle.dumps(stored, 5))

    # ------------------------------------------------------------ per-topic conclusions
    def get_topics(self, key: str) -> bytes | None:
        """What a former run of the same claim set concluded per topic, as
        ``checker.incremental.encode`` wrote it (decoded and checked there), or None."""
        entry = self._entry(key)
        payload = _payload(entry, _TOPICS_MAGIC)
        if payload is not None:
            _touch(entry)
        return payload

    def put_topics(self, key: str, payload: bytes) -> None:
        self._store(self._entry(key), _TOPICS_MAGIC, payload)

    # ------------------------------------------------------------ whole runs
    def get_run(self, key: str) -> tuple[str, int] | None:
        """A run's output and exit code stored under ``key`` (see ``pipeline.run_key``)."""
        entry = self._entry(key)
        payload = _payload(entry, _RUN_MAGIC)
        if payload is None:
            return None
        try:
            output, code = marshal.loads(payload)
        except Exception:  # anything unexpected in an entry makes it a miss
            return None
        if type(output) is not str or type(code) is not int:
            return None
        _touch(entry)
        return output, code

    def put_run(self, key: str, output: str, code: int) -> None:
        self._store(self._entry(key), _RUN_MAGIC, marshal.dumps((output, code), 4))

    # ------------------------------------------------------------ the folder
    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.bin"

    def _store(self, entry: Path, magic: bytes, payload: bytes) -> None:
        head = magic + hashlib.sha256(payload).digest()
        # Not durable: an entry lost in a crash is merely a miss, and the checksum catches
        # torn writes.
        with contextlib.suppress(OSError, ValueError):  # a read-only or full disk: no cache
            entry.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(entry, (head, payload), durable=False)
            self.written += len(head) + len(payload)

    def entries(self) -> Iterator[tuple[Path, os.stat_result]]:
        """Every entry file with its status."""
        with contextlib.suppress(OSError):
            for folder in os.scandir(self.directory):
                if not folder.is_dir(follow_symlinks=False) or len(folder.name) != 2:
                    continue
                with contextlib.suppress(OSError):
                    for item in os.scandir(folder.path):
                        if item.name.endswith(".bin") or item.name.endswith(".tmp"):
                            with contextlib.suppress(OSError):
                                yield Path(item.path), item.stat(follow_symlinks=False)

    def prune(self) -> int:
        """Delete the least recently used entries until the folder is within its limit;
        entries this run used or wrote stay. Returns the bytes deleted."""
        listed = sorted(self.entries(), key=lambda pair: pair[1].st_mtime)
        total = sum(info.st_size for _, info in listed)
        freed = 0
        for path, info in listed:
            if total - freed <= self.limit or info.st_mtime >= self.started:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                freed += info.st_size
        return freed

    def clear(self) -> tuple[int, int]:
        """Delete every entry (and lock file no run holds); (files, bytes) deleted."""
        count = size = 0
        for path, info in list(self.entries()):
            with contextlib.suppress(OSError):
                path.unlink()
                count += 1
                size += info.st_size
        for folder in (self.directory / "locks", *self._entry_folders()):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        return count, size

    def _entry_folders(self) -> list[Path]:
        with contextlib.suppress(OSError):
            return [Path(f.path) for f in os.scandir(self.directory) if len(f.name) == 2]
        return []


ParseCache = Cache  # the name of earlier versions


def _touch(entry: Path) -> None:
    """Mark an entry used, so pruning removes the least recently used first."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def parse_key(path: str, data: bytes, limits: Limits) -> str:
    digest = hashlib.sha256()
    header = f"parse\0{fingerprint()}\0{path}\0{limits!r}\0".encode("utf-8", "surrogatepass")
    digest.update(header)
    digest.update(data)
    return digest.hexdigest()


def result_key(found: FoundFile, data: bytes, limits: Limits, context: str) -> str:
    """The key of a file's validated result; ``context`` digests the registry files."""
    header = (
        f"result\0{fingerprint()}\0{found.display}\0{found.real}\0{found.root}\0"
        f"{limits!r}\0{context}\0"
    ).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(header)
    digest.update(data)
    return digest.hexdigest()


def _payload(entry: Path, magic: bytes) -> bytes | None:
    """An entry's payload if its magic line and checksum are intact."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    head = len(magic)
    if not blob.startswith(magic) or len(blob) < head + 32:
        return None
    checksum, payload = blob[head : head + 32], blob[head + 32 :]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    return payload


def _model_classes() -> dict[tuple[str, str], type]:
    """The classes an entry may build: the model's dataclasses, named tuples and enums,
    and the registry's name index."""
    from checker import graph, incremental, model, problems, registry, values

    allowed: dict[tuple[str, str], type] = {("checker.registry", "Names"): registry.Names}
    for module in (model, problems, values, registry, graph, incremental):
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and obj.__module__ == module.__name__
                and (
                    dataclasses.is_dataclass(obj)
                    or issubclass(obj, enum.Enum)
                    or (issubclass(obj, tuple) and hasattr(obj, "_fields"))  # NamedTuple
                )
            ):
                allowed[(module.__name__, name)] = obj
    for exact in (fractions.Fraction, decimal.Decimal):  # exact numbers, if values use them
        allowed[(exact.__module__, exact.__name__)] = exact
    return allowed


_ALLOWED: dict[tuple[str, str], type] | None = None


class _ModelUnpickler(pickle.Unpickler):
    """Builds only the classes of :func:`_model_classes`; any other name is refused."""

    def find_class(self, module: str, name: str) -> Any:
        global _ALLOWED
        if _ALLOWED is None:
            _ALLOWED = _model_classes()
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a model class")
        return found


def unpickle_model(payload: bytes) -> Any | None:
    """Unpickle data that may hold only the model's classes; None when it is anything else
    (the caller checks the shape and types of what it gets)."""
    try:
        return _ModelUnpickler(io.BytesIO(payload)).load()
    except Exception:  # anything unexpected in an entry makes it a miss
        return None


def _unpickle_result(payload: bytes) -> tuple[Any, ...] | None:
    from checker.model import Claim, Resolution, Source

    try:
        found = _ModelUnpickler(io.BytesIO(payload)).load()
        problems, sources, claims, resolutions, resolution_files, claim_count = found
        if not (
            _list_of(problems, Problem)
            and _list_of(sources, Source)
            and _list_of(claims, Claim)
            and _list_of(resolutions, Resolution)
            and _list_of(resolution_files, str)
            and type(claim_count) is int
        ):
            return None
    except Exception:  # anything unexpected in an entry makes it a miss
        return None
    return problems, sources, claims, resolutions, resolution_files, claim_count


def _list_of(items: object, kind: type) -> bool:
    """Whether an unpickled value is a list holding only ``kind`` (exactly: no subclasses)."""
    return type(items) is list and all(type(item) is kind for item in items)


def _unpickle_registry(payload: bytes) -> tuple[tuple[Any, ...], list[int], str] | None:
    from checker.model import Entity, Property, Settings
    from checker.registry import Names

    try:
        state, others, context = _ModelUnpickler(io.BytesIO(payload)).load()
        entities, properties, settings, problems, entity_names, property_names = state
        if not (
            type(entities) is dict
            and _list_of(list(entities.values()), Entity)
            and type(properties) is dict
            and _list_of(list(properties.values()), Property)
            and type(settings) is Settings
            and _list_of(problems, Problem)
            and type(entity_names) is Names
            and type(property_names) is Names
            and _list_of(others, int)
            and type(context) is str
        ):
            return None
    except Exception:  # anything unexpected in an entry makes it a miss
        return None
    return state, others, context


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


def _read_parse(entry: Path) -> tuple[Node | None, list[Problem]] | None:
    payload = _payload(entry, _MAGIC)
    if payload is None:
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


def _encode_parse(root: Node | None, problems: list[Problem]) -> bytes:
    return marshal.dumps(
        (  # type: ignore[arg-type]  # nested tuples of str/int/bool, which marshal takes
            None if root is None else _encode(root),
            tuple(
                (p.file, p.line, p.column, p.code, p.message, p.severity.value) for p in problems
            ),
        ),
        _MARSHAL_VERSION,
    )
