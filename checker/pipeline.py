"""Files to a validated claim set, streamed and, for large sets, in parallel.

Registry files are validated first (every name resolution needs them); then each
source and resolutions file is loaded, validated and its YAML tree dropped, so memory
holds one tree at a time instead of the whole set. Which files are registries is known
only after parsing; a cheap scan of the bytes picks the likely ones, and should a
registry turn up later (an unusual layout the scan missed), the run starts over with
it counted among the registries. Findings never depend on the scan, only speed does.

With many bytes to read, source files are split into contiguous chunks (in sorted
path order) and validated by worker processes; the main process merges their results
in file order and re-checks the one rule that spans chunks, duplicate source ids.

With a :class:`~checker.cache.Cache`, a file whose validated result is stored under its
key (its bytes, place, the limits, the registry files' digest and the program's
fingerprint) is not parsed or validated at all; only the others are, in parallel when
they are many bytes. A file's result depends on nothing but its key's parts, so merged
results are those of a run without cache, byte for byte.
"""

from __future__ import annotations

import concurrent.futures
import gc
import hashlib
import multiprocessing
import os
import pickle
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from checker.cache import Cache, fingerprint, result_key
from checker.claimset import ClaimSet, FileResult, merge
from checker.load import Document, FoundFile, Limits, discover, parse_bytes, read_bytes
from checker.problems import TEXT_OUTSIDE_SET
from checker.validate import Registry, build_registry, validate_file
from checker.vocabulary import REGISTRY_FILE_KEYS, kind_of

# A registry's first top-level key is one of these (plain or quoted), or the scan cannot
# tell: a flow mapping or a complex key.
_REGISTRY_START = re.compile(
    rb"""(?:---[ \t]+)?(?:["']?(?:"""
    + "|".join(REGISTRY_FILE_KEYS).encode()
    + rb""")["']?[ \t]*:|\{|\?)"""
)
_SKIPPED_LINE = re.compile(rb"[ \t]*(?:#.*)?\r?|%.*|---[ \t]*(?:#.*)?\r?|\.\.\.[ \t]*\r?")
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
_PICKLING = 0.15  # pickling a file's results, relative to validating it (measured)

Loader = Callable[[FoundFile, Limits | None], Document]


# A file's index in the set and its result; None: a registry file the scan missed (the
# run starts over with it counted among the registries).
Outcome = tuple[int, FileResult | None]


class _LateRegistry(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def likely_registry(found: FoundFile) -> bool:
    """Whether the file looks like a registry; only regular files inside the set are read.

    Anything else (a link leading outside, a FIFO, a device, an unreadable file) is left
    to ``load_file``, which reports it without reading it.
    """
    if found.outside:
        return False
    try:
        fd = os.open(found.real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            head = handle.read(1 << 16)
        except OSError:
            return False
    # Only the first line that holds content matters: every top-level key of a registry is
    # a registry key, so its first one is too. Nothing found in the first 64 KiB: maybe.
    for line in head.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
        if not _SKIPPED_LINE.fullmatch(line):
            return _REGISTRY_START.match(line) is not None
    return True


def _validate_one(registry: Registry, document: Document) -> FileResult | None:
    """Validate one non-registry document; None when it turns out to be a registry."""
    if kind_of(document) == "registry":
        return None
    return validate_file(document, registry)


@dataclass(frozen=True)
class Step:
    """Validates one file: reused from the cache when its result is stored, else loaded
    (through the parse cache), validated and stored. Sent to worker processes as is."""

    limits: Limits
    cache: Cache | None = None
    context: str = ""  # the registry files' digest, part of every result key
    load: Loader | None = None  # documents given in advance (validate_documents)

    def cached(self, found: FoundFile) -> FileResult | None:
        """The file's stored result, or None (no cache, unreadable, or not stored)."""
        if self.cache is None or self.load is not None:
            return None
        data = read_bytes(found, self.limits)
        if isinstance(data, Document):
            return None
        stored = self.cache.get_result(result_key(found, data, self.limits, self.context))
        if stored is None:
            return None
        problems, sources, claims, resolutions, resolution_files, claim_count = stored
        return FileResult(problems, sources, claims, resolutions, resolution_files, {}, claim_count)

    def __call__(self, registry: Registry, found: FoundFile) -> FileResult | None:
        return self.run(registry, found)[0]

    def run(self, registry: Registry, found: FoundFile) -> tuple[FileResult | None, bytes | None]:
        """The file's result, and the pickle the cache stored it as (None: not stored)."""
        if self.load is not None:
            return _validate_one(registry, self.load(found, self.limits)), None
        data = read_bytes(found, self.limits)
        if isinstance(data, Document):
            return _validate_one(registry, data), None
        # Parsed afresh, not through the parse cache: its validated result is what gets
        # stored (a parse entry would only help after a registry change, and costs more
        # to write, and more disk, than the result).
        root, problems = parse_bytes(found.display, data, self.limits)
        document = Document(found.display, found.real, root, problems, found.root)
        result = _validate_one(registry, document)
        if self.cache is None or result is None or not storable(result):
            return result, None
        blob = pickle.dumps(_stored(result), 5)
        self.cache.put_result_pickled(result_key(found, data, self.limits, self.context), blob)
        return result, blob


def _stored(result: FileResult) -> tuple[object, ...]:
    """What the cache keeps of a file's result (see ``Cache.get_result``)."""
    return (
        result.problems,
        result.sources,
        result.claims,
        result.resolutions,
        result.resolution_files,
        result.claim_count,
    )


def storable(result: FileResult) -> bool:
    """Whether a result depends on the file's bytes and place only. An archived text's
    path is checked against the file system (symbolic links followed), so a source with
    ``text:`` is validated afresh every time."""
    return not (
        result.texts
        or any(source.text is not None for source in result.sources)
        or any(p.code == TEXT_OUTSIDE_SET for p in result.problems)
    )


def _validate_files(
    registry: Registry, files: list[tuple[int, FoundFile]], step: Step
) -> list[Outcome]:
    """Load and validate files in order; stop after a registry the scan missed."""
    results: list[Outcome] = []
    for index, found in files:
        result = step(registry, found)
        results.append((index, result))
        if result is None:
            break
    return results


_worker_registry: Registry | None = None  # one per worker process


def _start_worker(registry: Registry) -> None:
    """Worker set-up: the registry and its name index, inherited (fork) or unpickled."""
    global _worker_registry
    gc.disable()  # as in the main process: millions of objects, no cycles worth a pass
    _worker_registry = registry


def _worker_task(files: list[tuple[int, FoundFile]], step: Step) -> list[tuple[int, bytes | None]]:
    """Validate files in order, each result sent back pickled (None: a registry the scan
    missed, the last one). Pickled as soon as made, a file at a time, so the worker
    never holds its chunk's objects; a result the cache stored goes as the cache's own
    pickle (made once, not again to be sent)."""
    registry = _worker_registry
    assert registry is not None
    packed: list[tuple[int, bytes | None]] = []
    for index, found in files:
        result, blob = step.run(registry, found)
        if result is None:
            packed.append((index, None))
            break
        if blob is None:  # not stored: its archived texts too
            blob = pickle.dumps((*_stored(result), result.texts), 5)
        packed.append((index, blob))
    return packed


def _unpack(blob: bytes | None) -> FileResult | None:
    """A result a worker sent (see :func:`_worker_task`)."""
    if blob is None:
        return None
    problems, sources, claims, resolutions, resolution_files, count, *texts = pickle.loads(blob)
    return FileResult(
        problems, sources, claims, resolutions, resolution_files, texts[0] if texts else {}, count
    )


def _chunks(
    files: list[tuple[int, FoundFile]], sizes: list[int], n: int, first: float | None = None
) -> list[list[tuple[int, FoundFile]]]:
    """Contiguous chunks of about equal byte size; ``first``: the first chunk's share."""
    total = sum(sizes) or 1
    head = 1 / n if first is None else first
    chunks: list[list[tuple[int, FoundFile]]] = [[] for _ in range(n)]
    running = 0
    for item, size in zip(files, sizes, strict=True):
        share = running / total
        slot = 0 if share < head or n == 1 else 1 + int((share - head) * (n - 1) / (1 - head))
        chunks[min(n - 1, slot)].append(item)
        running += size
    return [chunk for chunk in chunks if chunk]


def file_size(found: FoundFile) -> int:
    """The file's size in bytes (0 when it cannot be read)."""
    try:
        return found.real.stat().st_size
    except OSError:
        return 0


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def validate_paths(
    paths: list[str],
    limits: Limits | None = None,
    cache: Cache | None = None,
    jobs: int | None = None,
) -> ClaimSet:
    """Discover, load and validate every claim file under ``paths``."""
    files = list(discover(paths))
    registries = {i for i, found in enumerate(files) if likely_registry(found)}
    while True:
        try:
            return _run(files, registries, limits or Limits(), cache, jobs or default_jobs())
        except _LateRegistry as late:
            registries.add(late.index)


def validate_documents(documents: Iterable[Document]) -> ClaimSet:
    """Validate documents already loaded (in sorted path order) into one claim set, as
    :func:`validate_paths` does with the files it loads."""
    loaded = {document.path: document for document in documents}
    files = [
        FoundFile(path, document.real_path, document.set_root or document.real_path.parent)
        for path, document in loaded.items()
    ]
    registries = {
        i for i, document in enumerate(loaded.values()) if kind_of(document) == "registry"
    }
    return _run(
        files, registries, Limits(), None, jobs=1, load=lambda found, _: loaded[found.display]
    )


def _load_registry(
    found: FoundFile, data: bytes | Document, limits: Limits, cache: Cache | None
) -> Document:
    """A likely registry file's document from the bytes read (or the reading problem)."""
    if isinstance(data, Document):
        return data
    parse = cache.parse_bytes if cache is not None else parse_bytes
    root, problems = parse(found.display, data, limits)
    return Document(found.display, found.real, root, problems, found.root)


def registry_stage(
    files: list[FoundFile],
    registries: set[int],
    limits: Limits,
    cache: Cache | None,
    load: Loader | None,
) -> tuple[Registry, dict[int, Document], str]:
    """The registry, the likely registries that are none (validated in order with the
    other files) and the digest of the registry files' paths and bytes.

    With a cache, the sealed registry (entities, properties, settings, problems, name
    index) is stored under the digest of every likely registry's index, path and bytes,
    so a run with unchanged registries neither parses nor indexes them."""
    candidates = sorted(registries)
    if load is not None:
        read: dict[int, bytes | Document] = {i: load(files[i], limits) for i in candidates}
    else:
        read = {i: read_bytes(files[i], limits) for i in candidates}
    key = None
    if cache is not None and load is None:
        digest = hashlib.sha256(f"registry\0{fingerprint()}\0{limits!r}\0".encode())
        for index in candidates:
            data = read[index]
            path = files[index].display.encode("utf-8", "surrogatepass")
            digest.update(b"%d\0%s\0" % (index, path))
            digest.update(b"-\0" if isinstance(data, Document) else b"%d\0%s" % (len(data), data))
        key = digest.hexdigest()
        stored = cache.get_registry(key)
        if stored is not None:
            state, others, stored_context = stored
            found = {i: _load_registry(files[i], read[i], limits, None) for i in others}
            return Registry(*state), found, stored_context
    early: dict[int, Document] = {}
    context = hashlib.sha256(fingerprint().encode())

    def registry_documents() -> Iterator[Document]:
        """The registry files' documents, one at a time (each tree dropped once read)."""
        for index in candidates:
            data = read.pop(index)
            if load is None:
                document = _load_registry(files[index], data, limits, cache)
            else:
                assert isinstance(data, Document)
                document = data
            if kind_of(document) == "registry":
                path = document.path.encode("utf-8", "surrogatepass")
                raw = data if isinstance(data, bytes) else b""
                context.update(b"%d\0%s\0%d\0" % (index, path, len(raw)))
                context.update(raw)
                yield document
            else:
                early[index] = document  # a false alarm of the scan: validated in order below

    registry = build_registry(registry_documents())
    if cache is not None and key is not None:
        cache.put_registry(key, (registry.snapshot(), sorted(early), context.hexdigest()))
    return registry, early, context.hexdigest()


def _run(
    files: list[FoundFile],
    registries: set[int],
    limits: Limits,
    cache: Cache | None,
    jobs: int,
    load: Loader | None = None,
) -> ClaimSet:
    registry, early, context = registry_stage(files, registries, limits, cache, load)
    step = Step(limits, cache, context, load)
    results: list[Outcome] = []
    todo = []
    for index, found in enumerate(files):
        if index in registries and index not in early:
            continue
        stored = None if index in early else step.cached(found)
        if stored is not None:
            results.append((index, stored))
        else:
            todo.append((index, found))
    results += validate_todo(registry, todo, step, jobs, early)
    results.sort(key=lambda outcome: outcome[0])
    done = []
    for index, result in results:
        if result is None:
            raise _LateRegistry(index)
        done.append(result)
    return assemble(registry, done, files)


def assemble(registry: Registry, results: list[FileResult], files: list[FoundFile]) -> ClaimSet:
    """The claim set of a registry and its files' results (in file order), merged."""
    cs = ClaimSet(
        entities=registry.entities,
        properties=registry.properties,
        settings=registry.settings,
        problems=list(registry.problems),
    )
    merge(cs, results)
    cs.files = [found.display for found in files]
    return cs


def validate_todo(
    registry: Registry,
    todo: list[tuple[int, FoundFile]],
    step: Step,
    jobs: int,
    early: dict[int, Document] | None = None,
) -> list[Outcome]:
    """Validate the files ``todo`` through ``step``, in worker processes when they are
    many bytes; ``early``: documents the registry stage loaded already."""
    early = early if early is not None else {}
    sizes = [file_size(f) for _, f in todo]
    if jobs > 1 and len(todo) > 1 and sum(sizes) >= PARALLEL_MIN_BYTES:
        return _parallel(registry, todo, sizes, step, jobs)
    results: list[Outcome] = []
    for index, found in todo:
        if index in early:
            results.append((index, _validate_one(registry, early.pop(index))))
        else:
            results.append((index, step(registry, found)))
    return results


def _parallel(
    registry: Registry,
    rest: list[tuple[int, FoundFile]],
    sizes: list[int],
    step: Step,
    jobs: int,
) -> list[Outcome]:
    """Validate the first 1/jobs of the bytes here, the rest in jobs - 1 worker processes.

    The main process's own share needs no pickling. (Sending the workers' results back
    in small pieces as they are ready was measured slower on two cores: unpickling them
    here competes with the validation for the same cores.)
    """
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # A worker also pickles what it validated (about 15% more work) and this process
    # unpickles it: a slightly larger share here makes both finish together. With a
    # cache, both pickle their results (to store them), and the worker sends that pickle.
    extra = 0.0 if step.cache is not None else _PICKLING
    here, *others = _chunks(rest, sizes, jobs, first=(1 + extra) / (jobs + extra))
    if not others:  # one file holds nearly all the bytes
        return _validate_files(registry, here, step)
    with concurrent.futures.ProcessPoolExecutor(
        len(others), mp_context=context, initializer=_start_worker, initargs=(registry,)
    ) as pool:
        futures = [pool.submit(_worker_task, chunk, step) for chunk in others]
        results = _validate_files(registry, here, step)
        if results and results[-1][1] is None:
            for future in futures:
                future.cancel()
            return results
        for future in futures:
            packed = future.result()
            for at, (index, blob) in enumerate(packed):
                packed[at] = (index, None)  # each pickle freed once read
                results.append((index, _unpack(blob)))
        return results


# --------------------------------------------------------------------------- whole runs


def run_key(paths: list[str], limits: Limits, what: str) -> str | None:
    """A digest of everything a run's output depends on: the program, ``what`` (command,
    format, anything else that shapes the output), the limits and every file of the set
    (its display and real path, claim-set root and bytes). None when a file cannot be
    read as a regular file: such runs are not replayed."""
    digest = hashlib.sha256(f"run\0{fingerprint()}\0{what}\0{limits!r}\0".encode())
    for given in paths:
        digest.update(given.encode("utf-8", "surrogatepass") + b"\0")
    for found in discover(paths):
        place = f"{found.display}\0{found.real}\0{found.root}\0{found.outside}\0"
        digest.update(place.encode("utf-8", "surrogatepass"))
        if found.outside:
            continue
        data = read_bytes(found, limits)
        if isinstance(data, Document):
            return None
        digest.update(b"%d\0" % len(data))
        digest.update(data)
    return digest.hexdigest()


def reads_outside_files(cs: ClaimSet) -> bool:
    """Whether the claim set's findings depend on files other than its claim files: a
    source's archived ``text:`` (read, and its path resolved through symbolic links)."""
    return bool(
        cs.texts
        or any(source.text is not None for source in cs.sources.values())
        or any(p.code == TEXT_OUTSIDE_SET for p in cs.problems)
    )


def replayed(
    paths: list[str],
    cache: Cache | None,
    what: str,
    compute: Callable[[], tuple[str, int, bool]],
    limits: Limits | None = None,
) -> tuple[str, int]:
    """A run's output and exit code: replayed from the cache when no input has changed
    since a run that stored it, else ``compute()`` (output, exit code, whether it may be
    stored), stored when the inputs did not change while it ran."""
    limits = limits or Limits()
    key = run_key(paths, limits, what) if cache is not None else None
    if cache is not None and key is not None:
        stored = cache.get_run(key)
        if stored is not None:
            return stored
    output, code, storable = compute()
    if cache is not None:
        if storable and key is not None and run_key(paths, limits, what) == key:
            cache.put_run(key, output, code)
        if cache.written:
            cache.prune()
    return output, code
