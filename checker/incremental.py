"""Incremental runs: what a former run concluded on each topic, reused where none of the
topic's claims changed.

A topic's conclusions (its value groups and their relations, its discrepancies, the
claims a report looks up, its corroborated claims, the truth estimate's inputs) depend
on the topic's claims alone, given the registry. After a run, the cache keeps, for the
claim set named by the same paths, one entry (:func:`topics_key`) holding:

- per claim file: its result key (its bytes, place, the limits, the registry files'
  digest, the program), what it adds beside claims (problems, sources, resolutions) and
  the topics of its claims;
- per topic: its :class:`~checker.graph.TopicPart`, its plain parts (counts, value
  groups, links, corroborated claims) as :mod:`marshal` data, its discrepancies,
  problems and claims (a few topics have any) pickled.

The claims themselves are not kept here: each file's validated result holds them
(see :class:`~checker.pipeline.Step`).

The next run hashes every file. The files whose key changed, and the new ones, are
validated (their result from the per-file cache when stored). A topic is *dirty* when
the claims a changed file states about it differ from those it stated before (compared
by ``repr``, which tells apart every field, spans included, with the former claims
read from the file's former result), when it is about claims of a file gone, or when a
file's former result is no longer stored. The dirty topics' claims are gathered (those
of unchanged files from their stored results, new ones from the changed files, in file
order) and their parts recomputed by the same :class:`~checker.graph.ClaimGraph` code
as a full run; the other topics' parts are reused. Discrepancies, review, the truth
estimate (global, run afresh over every topic's stored inputs: no tolerance) and the
reports are then computed from the parts, so the output is that of a run without
cache, byte for byte.

Anything this cannot know cheaply gives the whole run back to the ordinary path: a
changed registry, a file the registry scan misjudged, a file that cannot be read as
bytes, archived texts, a source id used twice, a stored entry that does not decode or
a file result it needs that is no longer stored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import zlib
from dataclasses import dataclass

from checker.cache import Cache, fingerprint, result_key, unpickle_model
from checker.claimset import ClaimSet, FileResult
from checker.graph import ClaimGraph, Discrepancy, TopicPart
from checker.load import Document, FoundFile, Limits, discover, read_bytes
from checker.model import Claim, Resolution, Source
from checker.pipeline import (
    Step,
    assemble,
    file_size,
    likely_registry,
    reads_outside_files,
    registry_stage,
    storable,
    validate_todo,
)
from checker.problems import DUPLICATE_SOURCE_ID, Problem

_VERSION = 4
_BATCH = 8192  # topics per graph in a cold run (about 65,000 claims of a generated set)


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A claim file as the former run saw it: its result key and what it added to the
    claim set beside its claims (kept per topic), and the topics of its claims."""

    key: str
    problems: tuple[Problem, ...]
    sources: tuple[Source, ...]
    resolutions: tuple[Resolution, ...]
    resolution_files: tuple[str, ...]
    claim_count: int
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Stored:
    context: str  # the registry files' digest
    files: dict[str, FileEntry]  # by display path
    parts: dict[str, TopicPart]
    # The encoded bytes read back, reused for the files and shards a run leaves as they
    # were: a file's objects by display path, each shard's (plain, objects).
    file_bytes: dict[str, bytes]
    shard_bytes: list[tuple[bytes, bytes]]


def topics_key(paths: list[str], limits: Limits) -> str:
    """The entry of the claim set named by ``paths`` from the current folder: one per set,
    overwritten by every run, whatever its files hold."""
    digest = hashlib.sha256(f"topics\0{_VERSION}\0{fingerprint()}\0{limits!r}\0".encode())
    digest.update(os.getcwd().encode("utf-8", "surrogatepass") + b"\0")
    for given in paths:
        digest.update(given.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def analyse_incrementally(
    paths: list[str], limits: Limits, cache: Cache, jobs: int
) -> tuple[ClaimSet, dict[str, TopicPart]] | None:
    """The claim set (without its claims: see below) and every topic's part,
    reusing the stored parts of unchanged topics; None where the ordinary path must run.
    Stores what this run concluded for the next one."""
    files = list(discover(paths))
    if not files or sum(map(file_size, files)) * ENTRY_FACTOR > cache.limit:
        return None
    registries = {i for i, found in enumerate(files) if likely_registry(found)}
    registry, early, context = registry_stage(files, registries, limits, cache, None)
    if early:
        return None  # a likely registry that is none: the ordinary path orders it
    key = topics_key(paths, limits)
    stored = decode(cache.get_topics(key))
    if stored is not None and stored.context != context:
        stored = None  # a registry changed: which topics it touches is not known cheaply
    old_files = stored.files if stored is not None else {}

    keys: dict[int, str] = {}
    changed: list[tuple[int, FoundFile]] = []
    for index, found in enumerate(files):
        if index in registries:
            continue
        data = read_bytes(found, limits)
        if isinstance(data, Document):
            return None  # unreadable, a link leading outside, not a regular file
        keys[index] = result_key(found, data, limits, context)
        entry = old_files.get(found.display)
        if entry is None or entry.key != keys[index]:
            changed.append((index, found))
    step = Step(limits, cache, context)
    fresh: dict[int, FileResult] = {}
    todo = []
    for index, found in changed:
        cached = step.cached(found)
        if cached is None:
            todo.append((index, found))
        else:
            fresh[index] = cached
    for index, result in validate_todo(registry, todo, step, jobs):
        if result is None or not storable(result):
            return None  # a registry the scan missed, an archived text: the ordinary path
        fresh[index] = result

    results = []
    for index, found in enumerate(files):
        if index in registries:
            continue
        got = fresh.get(index)
        if got is None:
            e = old_files[found.display]
            got = FileResult(
                list(e.problems),
                list(e.sources),
                [],
                list(e.resolutions),
                list(e.resolution_files),
                {},
                e.claim_count,
            )
        results.append(got)
    cs = assemble(registry, results, files)
    if reads_outside_files(cs) or any(p.code == DUPLICATE_SOURCE_ID for p in cs.problems):
        return None  # a source id used twice drops claims across files: the ordinary path

    # ---- the dirty topics: those whose claims in a changed file differ, of files gone
    position = {found.display: i for i, found in enumerate(files) if i not in registries}
    dirty: set[str] = set()
    file_topics: dict[int, tuple[str, ...]] = {}
    for index in sorted(fresh):
        by_topic = _by_topic(fresh[index].claims)
        file_topics[index] = tuple(sorted(by_topic))
        dirty.update(_dirty(cache, old_files.get(files[index].display), by_topic))
    for display, entry in old_files.items():
        if display not in position:
            dirty.update(entry.topics)  # a file gone (or renamed)
    old_parts = stored.parts if stored is not None else {}

    # ---- their claims, in file order: from the changed files, and from the unchanged
    # files' stored results. The claim set keeps none (the reports of an assembled run
    # read only the claims its parts keep), so each topic's claims are freed once its
    # part is made.
    rows: dict[str, list[Claim]] = {}
    for display, index in position.items():
        entry = old_files.get(display)
        if index in fresh:
            claims, fresh[index].claims = fresh[index].claims, []
        elif entry is not None and not dirty.isdisjoint(entry.topics):
            kept = cache.get_result(entry.key)
            if kept is None:
                return None  # evicted: the ordinary path validates the file again
            claims = kept[2]
        else:
            continue
        for claim in claims:
            if claim.topic in dirty:
                rows.setdefault(claim.topic, []).append(claim)
        del claims
    cs.claims = []
    # A graph per batch of topics (a topic's part depends on its claims alone): the
    # claims of one batch and its graph are all a cold run of a big set holds at once.
    new_parts: dict[str, TopicPart] = {}
    order = sorted(rows)
    for start in range(0, len(order), _BATCH):
        batch = [claim for topic in order[start : start + _BATCH] for claim in rows.pop(topic)]
        graph = ClaimGraph(batch, cs.properties, cs.settings.fuzzy_threshold)
        new_parts.update(graph.parts(batch))
        del graph, batch

    parts = {topic: part for topic, part in old_parts.items() if topic not in dirty}
    parts.update(new_parts)
    # A reused part's sources are those of unchanged files, still in the set (a source
    # id used twice went to the ordinary path above); a new part's are checked.
    if any(source not in cs.sources for p in new_parts.values() for source, _, _ in p.counts):
        return None  # claims of an unknown source: the ordinary path tells what
    cache.topics_computed += len(new_parts)
    cache.topics_reused += len(parts) - len(new_parts)

    entries = {}
    for index, found in enumerate(files):
        if index in registries:
            continue
        done = fresh.get(index)
        if done is None:
            entries[found.display] = old_files[found.display]
            continue
        entries[found.display] = FileEntry(
            keys[index],
            tuple(done.problems),
            tuple(done.sources),
            tuple(done.resolutions),
            tuple(done.resolution_files),
            done.claim_count,
            file_topics[index],
        )
    if new_parts or dirty or entries != old_files or stored is None:
        cache.put_topics(key, encode(context, entries, parts, stored, dirty))
    return cs, parts


def _by_topic(claims: list[Claim]) -> dict[str, list[Claim]]:
    found: dict[str, list[Claim]] = {}
    for claim in claims:
        found.setdefault(claim.topic, []).append(claim)
    return found


def _dirty(cache: Cache, entry: FileEntry | None, now: dict[str, list[Claim]]) -> set[str]:
    """The topics whose claims in a changed file differ from those its former version
    stated: every topic of either version when the former result is not stored."""
    if entry is None:
        return set(now)
    former = cache.get_result(entry.key)
    if former is None:
        return set(now).union(entry.topics)
    before = _by_topic(former[2])
    return {
        topic
        for topic in set(now).union(before)
        if list(map(repr, now.get(topic, ()))) != list(map(repr, before.get(topic, ())))
    }


# What the cache holds per byte of claim files with per-topic reuse: the per-file results
# (about 0.95x) and the per-topic entry (about 0.35x: 28 MB and 10 MB for the 29 MB of
# the generated 100k set). A claim set whose entries would not fit in the cache's bound
# takes the ordinary path: writing an entry the bound evicts at once saves nothing.
ENTRY_FACTOR = 1.5


SHARDS = 64  # a one-file run re-encodes only the shards of the topics it recomputed


def shard_of(topic: str) -> int:
    """The shard a topic's part is kept in (stable across runs and processes)."""
    return zlib.crc32(topic.encode("utf-8", "surrogatepass")) % SHARDS


def encode(
    context: str,
    files: dict[str, FileEntry],
    parts: dict[str, TopicPart],
    former: _Stored | None = None,
    dirty: set[str] | frozenset[str] = frozenset(),
) -> bytes:
    """The entry's bytes, :mod:`marshal` data: per file its key, claim count, resolution
    files, topics and its objects (problems, sources, resolutions) pickled; per shard
    the plain parts of its topics (counts, value groups, links, corroborated claims:
    thousands of topics, fast to write and read back) and the few objects (discrepancies,
    problems, their claims) pickled. What ``former`` holds of files and shards that did
    not change (``dirty``: the topics recomputed) is reused as it was read."""
    reuse_files = former.file_bytes if former is not None else {}
    file_rows = []
    for display, e in files.items():
        kept = former is not None and former.files.get(display) is e  # the file's former entry
        blob = (
            reuse_files[display]
            if kept
            else pickle.dumps((e.problems, e.sources, e.resolutions), 5)
        )
        file_rows.append((display, e.key, e.claim_count, e.resolution_files, e.topics, blob))
    changed = {shard_of(topic) for topic in dirty}
    if former is not None:
        changed.update(shard_of(t) for t in parts.keys() ^ former.parts.keys())
    by_shard: list[list[TopicPart]] = [[] for _ in range(SHARDS)]
    for topic in sorted(parts):
        by_shard[shard_of(topic)].append(parts[topic])
    shard_rows = []
    for shard, members in enumerate(by_shard):
        if former is not None and shard not in changed:
            shard_rows.append(former.shard_bytes[shard])
            continue
        plain = marshal.dumps(
            [(p.topic, p.property, p.counts, p.groups, p.links, p.corroborated) for p in members],
            4,
        )
        rich = {
            p.topic: (p.discrepancies, p.problems, p.claims)
            for p in members
            if p.discrepancies or p.problems or p.claims
        }
        shard_rows.append((plain, pickle.dumps(rich, 5) if rich else b""))
    return marshal.dumps((_VERSION, SHARDS, context, file_rows, shard_rows), 4)


def decode(payload: bytes | None) -> _Stored | None:
    """A stored entry (see :func:`encode`), or None when it is not one. The cache checked
    its checksum; here its shape and the classes of its objects are checked."""
    if payload is None:
        return None
    try:
        version, shards, context, file_rows, shard_rows = marshal.loads(payload)
        if version != _VERSION or shards != SHARDS or type(context) is not str:
            return None
        if type(shard_rows) is not list or len(shard_rows) != SHARDS:
            return None
        files = {}
        file_bytes = {}
        for display, key, count, resolution_files, topics, objects in file_rows:
            found = unpickle_model(objects)
            if type(found) is not tuple or len(found) != 3:
                return None
            problems, sources, resolutions = found
            if not (
                type(display) is str
                and type(key) is str
                and type(count) is int
                and _tuple_of(resolution_files, str)
                and _tuple_of(topics, str)
                and _tuple_of(problems, Problem)
                and _tuple_of(sources, Source)
                and _tuple_of(resolutions, Resolution)
            ):
                return None
            files[display] = FileEntry(
                key, problems, sources, resolutions, resolution_files, count, topics
            )
            file_bytes[display] = objects
        parts = {}
        none: tuple[()] = ()
        empty = (none, none, none)
        for plain, rich in shard_rows:
            objects = unpickle_model(rich) if rich else {}
            if type(objects) is not dict:
                return None
            for discrepancies, problems, claims in objects.values():
                if not (
                    _tuple_of(discrepancies, Discrepancy)
                    and _tuple_of(problems, Problem)
                    and _tuple_of(claims, Claim)
                ):
                    return None
            for topic, prop, counts, groups, links, corroborated in marshal.loads(plain):
                if type(topic) is not str or type(groups) is not tuple:
                    return None
                discrepancies, problems, claims = objects.get(topic, empty)
                parts[topic] = TopicPart(
                    topic,
                    prop,
                    counts,
                    groups,
                    links,
                    discrepancies,
                    problems,
                    corroborated,
                    claims,
                )
    except Exception:  # anything unexpected in an entry makes it a miss
        return None
    return _Stored(context, files, parts, file_bytes, shard_rows)


def _tuple_of(items: object, kind: type) -> bool:
    """Whether a value read back is a tuple holding only ``kind`` (exactly)."""
    return type(items) is tuple and all(type(item) is kind for item in items)
