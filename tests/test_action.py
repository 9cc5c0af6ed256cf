"""The GitHub Action (action.yml) and the README's workflows.

The action's and workflows' YAML is validated against SchemaStore's JSON Schemas (kept in
tests/schemas/: no network at test time), and the action's shell steps, plain bash, run
here as the runner would run them: inputs through ``env``, GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY as files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.helpers import REGISTRY, REPO, write_set

SCHEMAS = REPO / "tests" / "schemas"


class Yaml12Loader(yaml.SafeLoader):
    """GitHub reads workflows as YAML 1.2: ``on`` is a key, not the boolean true."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile("^(?:true|false)$"), list("tf")
)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)


ACTION = _load((REPO / "action.yml").read_text(encoding="utf-8"))
BASH = shutil.which("bash")
# how the runner starts a `shell: bash` step
RUNNER_FLAGS = ["--noprofile", "--norc", "-eo", "pipefail", "-c"]


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def _workflows() -> list[dict[str, Any]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    return [doc for doc in map(_load, blocks) if isinstance(doc, dict) and "jobs" in doc]


def test_action_is_valid_by_its_schema() -> None:
    """action.yml passes SchemaStore's github-action schema; it is a composite action."""
    jsonschema.Draft7Validator(_schema("github-action.json")).validate(ACTION)
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "format", "baseline", "sarif"} <= set(ACTION["inputs"])


def test_readme_workflows_are_valid_by_their_schema() -> None:
    """Each README workflow passes SchemaStore's github-workflow schema, uses current major
    versions (upload-sarif v4, not the deprecated v3), sets the permissions GitHub documents
    for SARIF uploads from private repositories, and never hides exit codes with || true."""
    workflows = _workflows()
    assert len(workflows) == 2
    schema = _schema("github-workflow.json")
    current = {
        "actions/checkout": "v6",
        "actions/setup-python": "v6",
        "actions/cache": "v5",
        "actions/cache/restore": "v5",
        "actions/cache/save": "v5",
        "github/codeql-action/upload-sarif": "v4",
    }
    for workflow in workflows:
        jsonschema.Draft7Validator(schema).validate(workflow)
        assert workflow["permissions"] == {
            "contents": "read",
            "security-events": "write",
            "actions": "read",
        }
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step and not step["uses"].startswith("OWNER/"):
                    name, version = step["uses"].split("@")
                    assert current[name] == version, step["uses"]
                assert "|| true" not in step.get("run", "")
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            name, version = step["uses"].split("@")
            assert current[name] == version, step["uses"]


def _run_step(
    name: str, inputs: dict[str, str], tmp_path: Path, outputs: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    """Run the action's step ``name`` with bash as the runner would: ``${{ inputs.x }}``
    and ``${{ steps.check.outputs.x }}`` in its env filled in; returns the process, what
    it wrote to GITHUB_OUTPUT and to GITHUB_STEP_SUMMARY. ``outputs`` stands for every
    earlier step's outputs (``steps.ID.outputs.x``, whatever the ID)."""
    [step] = [s for s in ACTION["runs"]["steps"] if s.get("name") == name]
    defaults = {key: str(spec.get("default", "")) for key, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}

    def fill(text: str) -> str:
        text = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], text)
        return re.sub(
            r"\$\{\{ steps\.[\w-]+\.outputs\.([\w-]+) \}\}",
            lambda m: (outputs or {}).get(m.group(1), ""),
            text,
        )

    output = tmp_path / "github_output"
    summary = tmp_path / "step_summary"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTION_PATH": str(REPO),
        "RUNNER_TEMP": str(tmp_path),
        **{key: fill(str(value)) for key, value in step.get("env", {}).items()},
    }
    assert BASH is not None
    done = subprocess.run(
        [BASH, *RUNNER_FLAGS, step["run"]],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    written = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    return done, written, summary.read_text(encoding="utf-8")


CONFLICT = """\
source:
  id: {id}
  title: T
  language: en
claims:
  - id: start
    subject: Japan–NATO partnership
    property: start date
    value: {value}
    quote: "q"
"""


@pytest.fixture
def conflicting(tmp_path: Path) -> Path:
    return write_set(
        tmp_path / "claims",
        {
            "registry.yaml": REGISTRY,
            "a.yaml": CONFLICT.format(id="a", value=1990),
            "b.yaml": CONFLICT.format(id="b", value=2004),
        },
    )


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_check_step_on_findings_writes_sarif_summary_and_exit_1(
    conflicting: Path, tmp_path: Path
) -> None:
    """Findings: exit-code 1, annotations on stdout, a SARIF file, the Markdown report in
    the job summary; the step itself succeeds so the upload can run."""
    done, out, summary = _run_step("Check claims", {"sarif": "true"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert out["exit-code"] == "1"
    assert "::error file=claims/a.yaml,line=9" in done.stdout
    sarif = json.loads(Path(out["sarif-file"]).read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"CC301"}
    assert summary.startswith("# claimcheck report\n\n❌ **Fails:**")
    verdict, _, _ = _run_step("Verdict", {}, tmp_path, out)
    assert verdict.returncode == 1
    assert "::error title=claimcheck::findings" in verdict.stdout
    lenient, _, _ = _run_step("Verdict", {"fail-on-findings": "false"}, tmp_path, out)
    assert lenient.returncode == 0


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_check_step_clean_set_exits_0(tmp_path: Path) -> None:
    """A clean set: exit-code 0, no SARIF unless asked, and the verdict passes."""
    write_set(tmp_path / "claims", {"registry.yaml": REGISTRY})
    (tmp_path / "claims" / "a.yaml").write_text(
        CONFLICT.format(id="a", value=1990), encoding="utf-8"
    )
    done, out, summary = _run_step("Check claims", {"format": "text"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert out == {"exit-code": "0"}
    assert "✔️ **Passes:**" in summary
    verdict, _, _ = _run_step("Verdict", {}, tmp_path, out)
    assert verdict.returncode == 0


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_could_not_check_is_exit_2_and_always_fails(tmp_path: Path) -> None:
    """A missing claim set: exit-code 2, no SARIF, no summary; the verdict fails with 2
    even when findings may pass."""
    done, out, summary = _run_step(
        "Check claims", {"paths": "no/such/folder", "sarif": "true"}, tmp_path
    )
    assert done.returncode == 0
    assert out == {"exit-code": "2"} and summary == ""
    verdict, _, _ = _run_step("Verdict", {"fail-on-findings": "false"}, tmp_path, out)
    assert verdict.returncode == 2
    assert "could not check" in verdict.stdout


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_baseline_and_several_paths_reach_the_command(conflicting: Path, tmp_path: Path) -> None:
    """paths are split on spaces; a baseline with the same findings makes them known."""
    baseline = tmp_path / "old.json"
    subprocess.run(
        [
            Path(sys.executable).parent / "claimcheck",
            "check",
            "claims",
            "-f",
            "json",
            "-o",
            baseline,
        ],
        cwd=tmp_path,
        capture_output=True,
    )
    write_set(tmp_path / "more", {"c.yaml": CONFLICT.format(id="c", value=1990)})
    done, out, _ = _run_step(
        "Check claims",
        {"paths": "claims more", "baseline": str(baseline), "job-summary": "false"},
        tmp_path,
    )
    assert out["exit-code"] == "0", done.stdout + done.stderr
    assert "file=more/c.yaml" in done.stdout
    assert "0 new, 1 known, 0 fixed discrepancies" in done.stderr


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_install_step_installs_this_checkout_or_the_package(tmp_path: Path) -> None:
    """Without `package` pip installs the action's own checkout; with it, that requirement."""
    shims = tmp_path / "shims"
    shims.mkdir()
    log = tmp_path / "pip.log"
    shim = shims / "python"
    shim.write_text(f'#!/bin/sh\necho "$@" >> {log}\n', encoding="utf-8")
    shim.chmod(0o755)
    path = f"{shims}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for package, expected in (("", str(REPO)), ("claimgraph==0.1.0", "claimgraph==0.1.0")):
        [step] = [s for s in ACTION["runs"]["steps"] if s.get("name") == "Install claimcheck"]
        env = {**os.environ, "PATH": path, "GITHUB_ACTION_PATH": str(REPO)}
        env["CLAIMCHECK_PACKAGE"] = package
        assert BASH is not None
        done = subprocess.run(
            [BASH, *RUNNER_FLAGS, step["run"]], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        assert log.read_text(encoding="utf-8").splitlines()[-1].endswith(f" {expected}")
        assert done.stdout.startswith("claimcheck, version ")


@pytest.mark.skipif(BASH is None, reason="no bash")
def test_cache_key_follows_the_claim_files_and_the_check_fills_the_cache(
    conflicting: Path, tmp_path: Path
) -> None:
    """The cache key changes when a claim file's bytes change and only then; the check step
    keeps claimcheck's cache in the folder the restore and save steps name."""
    done, first, _ = _run_step("Cache key", {}, tmp_path)
    assert done.returncode == 0, done.stderr
    _, second, _ = _run_step("Cache key", {}, tmp_path)
    assert first == second
    assert first["key"].startswith(first["prefix"]) and len(first["key"]) > len(first["prefix"])
    (conflicting / "notes.txt").write_text("not a claim file", encoding="utf-8")
    assert _run_step("Cache key", {}, tmp_path)[1]["key"] == first["key"]
    (conflicting / "b.yaml").write_text(CONFLICT.format(id="b", value=2005), encoding="utf-8")
    assert _run_step("Cache key", {}, tmp_path)[1]["key"] != first["key"]
    missing, out, _ = _run_step("Cache key", {"paths": "no/such/folder"}, tmp_path)
    assert missing.returncode == 0 and out["key"].startswith(out["prefix"])
    restore = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "cache-restore")
    assert restore["with"]["path"] == "${{ steps.cache-key.outputs.dir }}"
    done, out, _ = _run_step("Check claims", {"job-summary": "false"}, tmp_path, first)
    assert out["exit-code"] == "1", done.stderr
    assert any(Path(first["dir"]).rglob("*.bin")), "the check wrote no cache entry"
