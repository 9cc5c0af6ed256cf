"""The synthetic claim-set generator: a known answer the checker must reproduce."""

from __future__ import annotations

import json
from pathlib import Path

from checker.generate import answer_path, generate
from tests.helpers import claim_pairs, run_cli


def _discrepancies(document: dict[str, object]) -> dict[str, tuple[str, list[list[str]]]]:
    """Per discrepancy id: its kind and conflicting claim pairs (the answer file lists the
    pairs; a version 2 report has index pairs into its values)."""
    found = document["discrepancies"]
    assert isinstance(found, list)
    return {
        d["id"]: (d["kind"], claim_pairs(d) if "values" in d else d["conflicts"]) for d in found
    }


def test_check_finds_exactly_the_injected_conflicts(tmp_path: Path) -> None:
    """`claimcheck check` on 10k generated claims reports the answer file's discrepancies."""
    outdir = tmp_path / "set"
    made = generate(outdir, 10_000, conflict_rate=0.1, seed=11)
    report = tmp_path / "report.json"
    result = run_cli("check", str(outdir), "--format", "json", "--output", str(report))
    assert result.exit_code == 1
    found = json.loads(report.read_text(encoding="utf-8"))
    answer = json.loads(answer_path(outdir).read_text(encoding="utf-8"))
    assert found["summary"]["claims"] == 10_000
    assert found["summary"]["sources"] == made.sources == 10
    assert found["summary"]["topics"] == answer["topics"]
    assert found["summary"]["errors"] == 0
    assert {p["code"] for p in found["problems"]} <= {"CC202"}  # ad-hoc members only
    assert _discrepancies(found) == _discrepancies(answer)
    kinds = {kind for kind, _ in _discrepancies(answer).values()}
    assert kinds == {"conflict", "self-contradiction", "plan-vs-actual"}


def test_same_seed_same_bytes_and_set_holds_only_claim_files(tmp_path: Path) -> None:
    """A seed fixes every byte; the answer lives beside the set, not in it."""
    first = generate(tmp_path / "a", 3_000, seed=5)
    generate(tmp_path / "b", 3_000, seed=5)
    generate(tmp_path / "c", 3_000, seed=6)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
    assert first.answer == tmp_path / "a.answer.json"
    assert all(name.endswith(".yaml") for name in files(tmp_path / "a"))


def test_generated_set_uses_every_form_of_the_format(tmp_path: Path) -> None:
    """Dates, quantities, negation, modality, as_of and aliases all appear in the set."""
    generate(tmp_path / "set", 5_000, seed=3)
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "set").rglob("*.yaml"))
    for needle in (
        'value: "~1',  # approximate date or quantity
        '0s"',  # decade
        'value: "..',  # open interval
        "{amount: ",  # quantity mapping
        " billion USD",  # scale word and unit
        "bn",
        "value: true",
        "negated: true",
        "modality: planned",
        "modality: expected",
        "as_of: ",
        "cardinality: multiple",
        "time_varying: true",
        "共和国",  # a Japanese alias
        "translation: ",
    ):
        assert needle in text, needle


def test_cli_generate_writes_the_set_and_refuses_a_full_folder(tmp_path: Path) -> None:
    """`claimcheck generate` reports what it wrote and will not overwrite a folder."""
    outdir = tmp_path / "set"
    result = run_cli("generate", str(outdir), "--claims", "500", "--seed", "2")
    assert result.exit_code == 0, result.stderr
    assert "500 claims, 1 source," in result.stdout
    assert answer_path(outdir).is_file()
    again = run_cli("generate", str(outdir), "--claims", "500")
    assert again.exit_code == 2
    assert "is not empty" in again.stderr
