"""validate_file is a function of one file and the registry: nothing else changes it."""

from __future__ import annotations

import copy
from pathlib import Path

from checker.claimset import ClaimSet, merge
from checker.load import Document, FoundFile, load_file
from checker.validate import build_registry, validate_file
from tests.helpers import REGISTRY, source, write_set

RESOLUTIONS = """\
resolutions:
  - topic: japan-nato-partnership/start-date
    verdict: accept
    value: "1990"
    reviewer: R
    date: 2024-01-01
    rationale: r
    values_seen: ["1990", "2004"]
"""


def _documents(root: Path) -> dict[str, Document]:
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", 1990, extra="    as_of: 2020-13\n"),  # a problem too
        "b.yaml": source("b", "Tuesday"),  # a value that does not parse
        "c.yaml": source("a", 2004),  # a's source id again
        "resolutions.yaml": RESOLUTIONS,
    }
    write_set(root, files)
    return {name: load_file(FoundFile(str(root / name), root / name, root)) for name in files}


def test_result_depends_on_nothing_validated_before(tmp_path: Path) -> None:
    """Validating other files first, or the same file twice, gives the same result and
    leaves the registry as it was."""
    docs = _documents(tmp_path)
    names = ["a.yaml", "b.yaml", "c.yaml", "resolutions.yaml"]
    # Each file against a registry of its own...
    alone = {n: validate_file(docs[n], build_registry([docs["registry.yaml"]])) for n in names}
    # ... and all of them, twice, against one registry.
    registry = build_registry([docs["registry.yaml"]])
    kept = copy.deepcopy((registry.entities, registry.properties, registry.problems))
    for name in ("c.yaml", "resolutions.yaml", "a.yaml", "b.yaml"):
        validate_file(docs[name], registry)
    after = {name: validate_file(docs[name], registry) for name in names}
    assert after == alone
    assert (registry.entities, registry.properties, registry.problems) == kept
    assert [p.code for p in alone["a.yaml"].problems] == ["CC104"]
    assert [p.code for p in alone["b.yaml"].problems] == ["CC104"]
    assert alone["b.yaml"].claims == [] and alone["b.yaml"].claim_count == 1


def test_merge_keeps_the_first_source_of_an_id(tmp_path: Path) -> None:
    """Where results meet, a source id used again is CC107 on the later file, whose claims
    are left out; everything else joins in file order."""
    docs = _documents(tmp_path)
    registry = build_registry([docs["registry.yaml"]])
    results = [validate_file(docs[name], registry) for name in ("a.yaml", "c.yaml")]
    cs = merge(ClaimSet(), results)
    assert [(p.code, Path(p.file).name) for p in cs.problems] == [
        ("CC104", "a.yaml"),
        ("CC107", "c.yaml"),
    ]
    assert [(c.source, c.span.file) for c in cs.claims] == [("a", str(tmp_path / "a.yaml"))]
    assert cs.claim_count == 2
