"""The repository carries its own complete claim-file reference."""

from __future__ import annotations

import re
import subprocess
import sys

from checker import vocabulary
from checker.reference import text
from tests.helpers import REPO, run_cli


def test_reference_names_every_key_and_choice() -> None:
    """Every key of every file kind, every type, cardinality, modality and verdict."""
    reference = text()
    fenced = re.findall(r"^```yaml\n(.*?)^```$", reference, flags=re.M | re.S)
    prose = re.sub(r"^```.*?^```$", "", reference, flags=re.M | re.S)
    named = set(re.findall(r"`([^`]+)`", prose))
    named |= {k for block in fenced for k in re.findall(r"^[\s-]*([a-z_]+):", block, re.M)}
    named |= {part for item in named for part in item.split(".")}
    wanted = {
        *vocabulary.SOURCE_FILE_KEYS,
        *vocabulary.REGISTRY_FILE_KEYS,
        *vocabulary.RESOLUTIONS_FILE_KEYS,
        *vocabulary.SOURCE_KEYS,
        *vocabulary.CLAIM_KEYS,
        *vocabulary.ENTITY_KEYS,
        *vocabulary.PROPERTY_KEYS,
        *vocabulary.SETTINGS_KEYS,
        *vocabulary.RESOLUTION_KEYS,
        *vocabulary.HISTORY_KEYS,
        *vocabulary.PROPERTY_TYPES,
        *vocabulary.CARDINALITIES,
        *vocabulary.MODALITIES,
        *vocabulary.VERDICTS,
    }
    assert sorted(wanted - named) == []


def test_reference_is_printed_by_the_package() -> None:
    """`python -m checker.reference` prints the file shipped in the package."""
    done = subprocess.run(
        [sys.executable, "-m", "checker.reference"], capture_output=True, text=True, check=True
    )
    assert done.stdout == (REPO / "checker/REFERENCE.md").read_text(encoding="utf-8")


def test_help_and_readme_point_to_the_reference() -> None:
    """`claimcheck --help` and the README name the reference; no outside document is cited."""
    helped = " ".join(run_cli("--help").stdout.split())
    assert "REFERENCE.md" in helped and "python -m checker.reference" in helped
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "checker/REFERENCE.md" in readme
    assert "shared specification" not in readme and "claim-format.md" not in readme
