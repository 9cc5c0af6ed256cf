"""The JSON report, version 2 (contract 8.3): value entries and index pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.analysis import analyse
from checker.generate import generate
from checker.model import Relation
from checker.report import json_report
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, claim_pairs, run_cli, write_set

SCHEMA = json.loads((REPO / "checker" / "report.schema.json").read_text(encoding="utf-8"))


def _valid(report: dict[str, Any]) -> None:
    """The report fits the shipped schema, and its index pairs point into its values."""
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    for d in report["discrepancies"]:
        pairs = [tuple(p) for p in d["conflicts"]]
        assert pairs == sorted(set(pairs)), d["id"]
        assert all(0 <= i < j < len(d["values"]) for i, j in pairs), d["id"]


def _topic_of(size: int) -> dict[str, str]:
    """One topic stated by ``size`` sources, half of them 1990, half 2004."""
    files = {"registry.yaml": REGISTRY}
    for i in range(size):
        files[f"s{i:03d}.yaml"] = (
            f"source: {{id: s{i:03d}, title: T, language: en}}\n"
            "claims:\n"
            f"  - {{id: c, subject: Japan, property: start date, value: {(1990, 2004)[i % 2]},"
            " quote: q}\n"
        )
    return files


def test_bytes_per_claim_do_not_grow_with_sources_per_topic(tmp_path: Path) -> None:
    """Ten times the sources on one topic: the report grows ten times, not a hundred.

    Version 1 listed every conflicting claim pair (3,600 for 120 claims)."""
    sizes = {}
    for size in (12, 120):
        root = write_set(tmp_path / str(size), _topic_of(size))
        report = run_cli("check", str(root), "--format", "json").stdout
        d = json.loads(report)["discrepancies"][0]
        assert d["conflicts"] == [[0, 1]]
        assert len(claim_pairs(d)) == (size // 2) ** 2
        sizes[size] = len(report.encode("utf-8")) / size
    assert sizes[120] < sizes[12] * 1.1, sizes


def test_index_pairs_mean_every_claim_pair_conflicts(tmp_path: Path) -> None:
    """On a generated set (every property type, negation, periods): each listed pair of
    entries conflicts claim by claim, and no unlisted pair of entries conflicts."""
    generate(tmp_path / "set", 3_000, conflict_rate=0.3, seed=3)
    analysis = analyse([str(tmp_path / "set")])
    assert len(analysis.discrepancies) > 50
    relation = analysis.graph.relation
    for d in analysis.discrepancies:
        listed = set(d.conflicts)
        assert sorted(listed) == list(d.conflicts)
        for i, a in enumerate(d.values):
            for j in range(i + 1, len(d.values)):
                b = d.values[j]
                found = {relation(x, y) for x in a.claims for y in b.claims}
                if (i, j) in listed:
                    assert found == {Relation.CONFLICTS}, (d.id, a, b)
                else:
                    assert Relation.CONFLICTS not in found, (d.id, a, b)


def test_time_varying_entries_carry_as_of() -> None:
    """Entries of a time-varying property have as_of; others have no such key."""
    case = Path(__file__).parent / "cases"
    periods = json_report.document(View(analyse([str(case / "time-varying-periods" / "set")])))
    assert periods["version"] == 2
    first = periods["discrepancies"][0]
    assert first["values"] == [
        {"value": "1700000", "claims": ["b/c1"], "as_of": "2000"},
        {"value": "1800000", "claims": ["a/c1"], "as_of": "2000"},
        {"value": "1800000", "claims": ["c/c1"], "as_of": "2000-06"},
    ]
    assert first["conflicts"] == [[0, 1], [0, 2]]
    plain = json_report.document(View(analyse([str(case / "repeated-statement" / "set")])))
    assert all("as_of" not in v for d in plain["discrepancies"] for v in d["values"])


def test_one_line_per_discrepancy(tmp_path: Path) -> None:
    """Each discrepancy and each source takes one line of the report, without spaces."""
    files = _topic_of(4)
    for name, text in _topic_of(4).items():
        files.setdefault(f"t{name}", text.replace("id: s", "id: t").replace("Japan", "NATO"))
    root = write_set(tmp_path / "set", files)
    report = run_cli("check", str(root), "--format", "json").stdout
    lines = report.splitlines()
    start = lines.index('"discrepancies":[')
    entries = lines[start + 1 : start + 3]
    assert [json.loads(line.rstrip(","))["subject"] for line in entries] == ["japan", "nato"]
    assert lines[start + 3] == "],"
    assert json.loads(report)["discrepancies"][0]["conflicts"] == [[0, 1]]
    assert ", " not in report and ": " not in report


def test_schema_is_valid_draft_2020_12() -> None:
    """The shipped report schema is itself a valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_reports_fit_the_schema(tmp_path: Path) -> None:
    """The bundled report, a generated set's and the periods case's fit the schema."""
    _valid(json.loads((REPO / "reports" / "claims.json").read_text(encoding="utf-8")))
    generate(tmp_path / "set", 2_000, conflict_rate=0.3, seed=4)
    _valid(json_report.document(View(analyse([str(tmp_path / "set")]))))
    case = Path(__file__).parent / "cases" / "time-varying-periods" / "set"
    _valid(json_report.document(View(analyse([str(case)]))))


def test_version_1_conflicts_do_not_fit() -> None:
    """Claim pairs in conflicts (version 1) are refused by the version 2 schema."""
    report = json.loads((REPO / "reports" / "claims.json").read_text(encoding="utf-8"))
    d = report["discrepancies"][0]
    d["conflicts"] = [[d["values"][0]["claims"][0], d["values"][1]["claims"][0]]]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(report)
