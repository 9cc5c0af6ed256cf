"""Golden files: ``claimcheck check claims`` on the bundled claim set, in every format a CI
reads (text, JSON, SARIF, JUnit, GitHub annotations), byte for byte. A change to a format
shows here as a diff; when it is intended, ``pytest tests/test_golden.py --update-golden``
rewrites the files under tests/golden/check/ (read the diff before committing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, run_cli

GOLDEN = Path(__file__).parent / "golden" / "check"
FORMATS = {
    "text": "claims.txt",
    "json": "claims.json",
    "sarif": "claims.sarif",
    "junit": "claims.junit.xml",
    "github": "claims.github.txt",
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_check_output_matches_golden_file(
    fmt: str, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    """The bundled set's report in ``fmt`` is exactly its golden file."""
    monkeypatch.chdir(REPO)
    result = run_cli("check", "claims", "--format", fmt)
    assert result.stderr == ""
    golden = GOLDEN / FORMATS[fmt]
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(result.stdout.encode("utf-8"))
    assert result.stdout == golden.read_bytes().decode("utf-8"), (
        f"{fmt} output of 'claimcheck check claims' differs from {golden.relative_to(REPO)}; "
        "if that is intended, run 'pytest tests/test_golden.py --update-golden' and read the diff"
    )
