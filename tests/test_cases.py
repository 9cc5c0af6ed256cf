"""Data-driven semantic cases: each folder under tests/cases/ holds a claim set (set/) and the
findings it must produce (``expected.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.analysis import analyse

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.yaml").is_file())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The case's claim set yields exactly its expected problems, discrepancies and exit code."""
    expected: dict[str, Any] = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(case / "set")
    analysis = analyse(["."])
    problems = sorted(
        (p.code, p.file, p.line) for p in analysis.problems if p.file != "expected.yaml"
    )
    want = sorted((p["code"], p["file"], p["line"]) for p in expected.get("problems") or [])
    assert problems == want, [p.message for p in analysis.problems]
    got = [
        {
            "id": d.id,
            "kind": d.kind,
            "status": analysis.status(d).status,
            "values": list(d.value_texts()),
            "conflicts": [list(pair) for pair in d.claim_pairs()],
        }
        for d in analysis.discrepancies
    ]
    assert got == [
        {**d, "values": [str(v) for v in d["values"]]} for d in expected["discrepancies"] or []
    ]
    for a, b, relation in expected.get("relations") or []:
        found = analysis.graph.relation(a, b)
        assert (found.value if found else None) == relation, (a, b)
    if "rejected" in expected:
        assert analysis.review.rejected == expected["rejected"]
    assert analysis.exit_code == expected["exit"]


def test_every_case_has_a_docstring_comment() -> None:
    """Each expected.yaml starts with a comment saying what the case is about."""
    for case in _cases():
        assert (case / "expected.yaml").read_text(encoding="utf-8").startswith("# "), case.name
