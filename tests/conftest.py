"""Fixtures and hooks shared by the tests; plain helpers live in ``tests/helpers.py``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import write_set

# In CI (CI=true) hypothesis draws the same examples every run, so a red CI is
# reproducible and never a new random draw; locally it keeps exploring.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _parse_cache_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the CLI's parse cache out of the user's home during tests."""
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "parse-cache"))


@pytest.fixture
def claimset(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A factory writing a claim set into a fresh temporary folder."""

    def make(files: dict[str, str]) -> Path:
        return write_set(tmp_path / "set", files)

    return make


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite golden files from the current output instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )
    parser.addoption(
        "--articles",
        metavar="DIR",
        default=None,
        help="the folder of the bundled sources' archived article texts, for the "
        "quote-verbatim test (else $CLAIMCHECK_ARTICLES; without either it is skipped)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))
