"""The distribution: built, checked as the package index would, installed in a fresh venv."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import checker
from tests.helpers import REPO


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built from the working tree with this environment's hatchling."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    return out


def _one(dist: Path, pattern: str) -> Path:
    [path] = dist.glob(pattern)
    return path


def test_twine_check_strict(dist: Path) -> None:
    """The package index would accept the metadata and the README as its description."""
    files = sorted(str(p) for p in dist.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_metadata(dist: Path) -> None:
    """Name claimgraph, MIT by SPDX expression, the licence file, one version, URLs."""
    with zipfile.ZipFile(_one(dist, "*.whl")) as wheel:
        names = wheel.namelist()
        [meta_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(wheel.read(meta_name))
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = wheel.read(entry_points).decode()
    assert meta["Name"] == "claimgraph"
    assert meta["Version"] == checker.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert meta.get_all("Project-URL")
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    assert "claimcheck = checker.cli:entry" in scripts
    assert "checker/claimcheck.schema.json" in names
    assert "checker/py.typed" in names
    # the version is written once, in checker/__init__.py
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]


def test_sdist_has_no_tests_that_cannot_run(dist: Path) -> None:
    """The sdist is the package, README and licence; the repository's tests stay out."""
    with tarfile.open(_one(dist, "*.tar.gz")) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    assert "LICENSE" in names and "README.md" in names and "pyproject.toml" in names
    assert "checker/cli.py" in names
    assert not [n for n in names if n.startswith(("tests", "claims/", "reports/", ".ci"))]


def test_wheel_installs_the_command(dist: Path, tmp_path: Path) -> None:
    """``pip install`` of the wheel in a fresh venv gives a working ``claimcheck``."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    wheel = str(_one(dist, "*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", wheel],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this environment's site-packages (no network in tests);
    # PYTHONPATH does not run its .pth files, so the editable `checker` stays out of sight.
    site = next(p for p in sys.path if p.endswith("site-packages"))
    env = {**os.environ, "PYTHONPATH": site}
    where = subprocess.run(
        [str(python), "-c", "import checker; print(checker.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(env_dir))
    done = subprocess.run(
        [str(env_dir / "bin" / "claimcheck"), "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"claimcheck, version {checker.__version__}\n"
