"""Messages a newcomer can act on: did-you-mean hints and misspelt properties."""

from __future__ import annotations

from pathlib import Path

from checker.analysis import analyse
from tests.helpers import REGISTRY, write_set


def _claims(tmp_path: Path, claim: str) -> list[tuple[str, str, int, int, str]]:
    text = (
        "source:\n  id: a\n  title: A\n  language: en\nclaims:\n"
        "  - id: c\n    subject: Japan\n    quote: 'q'\n" + claim
    )
    root = write_set(tmp_path / "set", {"registry.yaml": REGISTRY, "a.yaml": text})
    return [
        (p.code, p.severity.value, p.line, p.column, p.message)
        for p in analyse([str(root)]).problems
    ]


def test_misspelt_modality_says_did_you_mean(tmp_path: Path) -> None:
    """`modality: planed` names the choices and the likely one."""
    found = _claims(tmp_path, "    property: start date\n    value: 1990\n    modality: planed\n")
    assert found == [
        (
            "CC109",
            "error",
            11,
            15,
            "modality 'planed' is not one of: actual, planned, expected (did you mean 'planned'?)",
        )
    ]


def test_misspelt_property_is_an_error_with_the_suggestion(tmp_path: Path) -> None:
    """A property within the fuzzy threshold of a registered one fails, naming it."""
    found = _claims(tmp_path, "    property: start dat\n    value: 1990\n")
    assert len(found) == 1
    code, severity, line, column, message = found[0]
    assert (code, severity, line, column) == ("CC201", "error", 9, 15)
    assert message.startswith(
        "unknown property 'start dat' (did you mean 'start date', property 'start-date'? score"
    )


def test_property_id_in_other_spelling_is_no_warning(tmp_path: Path) -> None:
    """`Start Date` is the id start-date spelt otherwise: no CC203."""
    found = _claims(tmp_path, "    property: Start-Date\n    value: 1990\n")
    assert found == []


def test_entity_id_spelt_with_spaces_is_no_warning(tmp_path: Path) -> None:
    """`Japan NATO partnership` is the id japan-nato-partnership: no CC203 at score 100."""
    text = (
        "source:\n  id: a\n  title: A\n  language: en\nclaims:\n"
        "  - id: c\n    subject: japan nato partnership\n    quote: 'q'\n"
        "    property: start date\n    value: 1990\n"
    )
    root = write_set(tmp_path / "set", {"registry.yaml": REGISTRY, "a.yaml": text})
    assert analyse([str(root)]).problems == []
