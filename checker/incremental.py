"""Incremental runs: what a former run concluded on each topic, reused where none of the
topic's claims changed.

A topic's conclusions (its value groups and their relations, its discrepancies, the
claims a report looks up, its corroborated claims, the truth estimate's inputs) depend
on the topic's claims alone, given the registry. After a run, the cache keeps, for the
claim set named by the same paths, one entry (:func:`topics_key`) holding:

- per claim file: its result key (its bytes, place, the limits, the registry files'
  digest, the program), what it adds beside claims (problems, sources, resolutions) and
  the topics of its claims;
- per topic: its claims (pickled apart, read only when the topic must be recomputed)
  and its :class:`~checker.graph.TopicPart`.

The next run hashes every file. The files whose key changed, and the new ones, are
validated (their result from the per-file cache when stored); the topics of their old
and new claims, and of files gone, are *dirty*: their claims are gathered (kept claims
from the entry, new ones from the changed files, in file order) and their parts
recomputed by the same :class:`~checker.graph.ClaimGraph` code as a full run. The
other topics' parts are reused. Discrepancies, review, the truth estimate (global, run
afresh over every topic's stored inputs: no tolerance) and the reports are then
computed from the parts, so the output is that of a run without cache, byte for byte.

Anything this cannot know cheaply gives the whole run back to the ordinary path: a
changed registry, a file the registry scan misjudged, a file that cannot be read as
bytes, archived texts, a source id used twice, a stored entry that does not decode.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from typing import Any

from checker.cache import Cache, fingerprint, result_key, unpickle_model
from checker.claimset import ClaimSet, FileResult
from checker.graph import ClaimGraph, TopicPart
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

_VERSION = 3


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
    topics: dict[str, tuple[bytes, bytes]]  # topic -> (its claims, its TopicPart), pickled


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
    """The claim set (its ``claims`` only those of changed files) and every topic's part,
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
    stored = _read(cache.get_topics(key))
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

    # ---- the dirty topics: those of changed files' old and new claims, of files gone
    position = {found.display: i for i, found in enumerate(files) if i not in registries}
    new_claims: dict[str, list[tuple[int, Claim]]] = {}
    for index in sorted(fresh):
        for claim in fresh[index].claims:
            new_claims.setdefault(claim.topic, []).append((index, claim))
    dirty = set(new_claims)
    for display, entry in old_files.items():
        if position.get(display) is None or position[display] in fresh:
            dirty.update(entry.topics)
    kept = {display for display, i in position.items() if i not in fresh}
    old_topics = stored.topics if stored is not None else {}

    by_topic: dict[str, list[tuple[str, Claim]]] = {}
    for topic in sorted(dirty):
        rows: list[tuple[int, Claim]] = []
        if topic in old_topics:
            claims = _claims(old_topics[topic][0])
            if claims is None:
                return None
            rows = [(position[display], c) for display, c in claims if display in kept]
        rows += new_claims.get(topic, [])
        rows.sort(key=lambda row: row[0])  # stable: file order, then each file's own order
        if rows:
            by_topic[topic] = [(files[i].display, claim) for i, claim in rows]
    dirty_claims = [claim for rows in by_topic.values() for _, claim in rows]
    graph = ClaimGraph(dirty_claims, cs.properties, cs.settings.fuzzy_threshold)
    new_parts = graph.parts(dirty_claims)

    parts: dict[str, TopicPart] = {}
    blobs: dict[str, tuple[bytes, bytes]] = {}
    for topic, (claims_blob, part_blob) in old_topics.items():
        if topic in dirty:
            continue
        part = unpickle_model(part_blob)
        if type(part) is not TopicPart:
            return None
        parts[topic] = part
        blobs[topic] = (claims_blob, part_blob)
    for topic, part in new_parts.items():
        parts[topic] = part
        blobs[topic] = (pickle.dumps(by_topic[topic], 5), pickle.dumps(part, 5))
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
            tuple(sorted({claim.topic for claim in done.claims})),
        )
    if dirty or entries.keys() != old_files.keys() or stored is None:
        cache.put_topics(key, (_VERSION, context, entries, blobs))
    return cs, parts


# What the cache holds per byte of claim files with per-topic reuse: the per-file results
# (about 1x) and the per-topic entry (about 1.7x: 28 MB and 50 MB for the 29 MB of the
# generated 100k set). A claim set whose entries would not fit in the cache's bound takes
# the ordinary path: writing an entry the bound evicts at once costs a cold run most (at
# 1M claims, 295 MB, it tripled the run and took 4.1 GB) and saves nothing.
ENTRY_FACTOR = 3


def _read(found: Any) -> _Stored | None:
    """A stored entry checked for its shape (its parts are checked when read)."""
    if type(found) is not tuple or len(found) != 4 or found[0] != _VERSION:
        return None
    _, context, files, topics = found
    if not (
        type(context) is str
        and type(files) is dict
        and all(type(k) is str and type(v) is FileEntry for k, v in files.items())
        and type(topics) is dict
        and all(
            type(k) is str
            and type(v) is tuple
            and len(v) == 2
            and type(v[0]) is bytes
            and type(v[1]) is bytes
            for k, v in topics.items()
        )
    ):
        return None
    return _Stored(context, files, topics)


def _claims(blob: bytes) -> list[tuple[str, Claim]] | None:
    """A topic's stored claims with their files' display paths, or None if corrupt."""
    found = unpickle_model(blob)
    if type(found) is not list:
        return None
    for row in found:
        if not (
            type(row) is tuple and len(row) == 2 and type(row[0]) is str and type(row[1]) is Claim
        ):
            return None
    return found
