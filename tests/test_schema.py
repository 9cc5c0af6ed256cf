"""The claim-file JSON Schema for editors, kept in agreement with the validator.

Each file under ``tests/schema_cases/`` is judged twice: by ``jsonschema`` on the loaded
YAML, and by claimcheck's structural checks (no CC0xx/CC1xx error). ``positive/`` files
pass both, ``negative/`` files fail both, and ``beyond/`` files hold what a schema cannot
express: the schema accepts them, claimcheck does not.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checker import schema
from checker.analysis import analyse
from checker.problems import Severity
from tests.helpers import REGISTRY, REPO, run_cli

CASES = Path(__file__).parent / "schema_cases"
# Problems the schema does not model: file-system and archived-text checks.
NOT_STRUCTURAL = {"CC111", "CC114", "CC115"}


class _Yaml12Loader(yaml.SafeLoader):
    """Safe loading with YAML 1.2 core scalars, as yaml-language-server reads files.

    ``yes``/``no`` stay text, dates stay text, ``320e9`` is a number.
    """


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag.rsplit(":", 1)[1] not in ("bool", "int", "float", "timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    return float(str(loader.construct_scalar(node)).lower().replace(".inf", "inf"))


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)


def _json_keys(data: Any) -> Any:
    """JSON objects have text keys: ``1990:`` becomes ``"1990"``."""
    if isinstance(data, dict):
        return {str(k): _json_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_json_keys(v) for v in data]
    return data


def schema_valid(path: Path) -> bool:
    """The schema's verdict; draft-07 validators (today's editors) must give the same."""
    data = _json_keys(yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader))
    verdict = jsonschema.Draft202012Validator(schema.build()).is_valid(data)
    assert jsonschema.Draft7Validator(schema.build()).is_valid(data) == verdict
    return verdict


def claimcheck_valid(path: Path, tmp_path: Path) -> bool:
    """No structural error in the file, checked beside a registry so values are parsed."""
    root = tmp_path / "set"
    root.mkdir()
    shutil.copy(path, root / path.name)
    (root / "zz-registry.yaml").write_text(REGISTRY, encoding="utf-8")
    problems = analyse([str(root)]).problems
    return not any(
        p.file.endswith(path.name)
        and p.severity is Severity.ERROR
        and p.code[:3] in ("CC0", "CC1")
        and p.code not in NOT_STRUCTURAL
        for p in problems
    )


def _cases(folder: str) -> list[Any]:
    return [pytest.param(p, id=p.stem) for p in sorted((CASES / folder).glob("*.yaml"))]


@pytest.mark.parametrize("path", _cases("positive"))
def test_positive_cases_pass_both(path: Path, tmp_path: Path) -> None:
    """A valid claim file passes the schema and claimcheck's structural checks."""
    assert schema_valid(path)
    assert claimcheck_valid(path, tmp_path)


@pytest.mark.parametrize("path", _cases("negative"))
def test_negative_cases_fail_both(path: Path, tmp_path: Path) -> None:
    """A malformed claim file fails the schema and claimcheck's structural checks."""
    assert not schema_valid(path)
    assert not claimcheck_valid(path, tmp_path)


@pytest.mark.parametrize("path", _cases("beyond"))
def test_beyond_cases_need_claimcheck(path: Path, tmp_path: Path) -> None:
    """What a schema cannot express: the schema accepts it, claimcheck rejects it."""
    assert schema_valid(path)
    assert not claimcheck_valid(path, tmp_path)


@pytest.mark.parametrize(
    "path", [pytest.param(p, id=p.name) for p in sorted((REPO / "claims").glob("*.y*ml"))]
)
def test_shipped_claims_agree(path: Path, tmp_path: Path) -> None:
    """For every file of the project's own claim set, schema and claimcheck agree."""
    assert schema_valid(path) == claimcheck_valid(path, tmp_path)


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema is itself a valid draft 2020-12 schema with the three file kinds."""
    built = schema.build()
    jsonschema.Draft202012Validator.check_schema(built)
    assert built["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert len(built["oneOf"]) == 3
    assert built["$defs"]["claim"]["properties"]["modality"]["enum"] == [
        "actual",
        "planned",
        "expected",
    ]


def test_shipped_file_is_current() -> None:
    """The schema file in the package equals what build() makes (run render() to refresh)."""
    assert schema.shipped() == schema.render()


def test_cli_prints_and_writes_the_schema(tmp_path: Path) -> None:
    """claimcheck schema prints the schema; --output writes the same bytes."""
    printed = run_cli("schema")
    assert printed.exit_code == 0
    assert printed.stdout == schema.shipped()
    assert printed.stderr == ""
    out = tmp_path / "claimcheck.schema.json"
    written = run_cli("schema", "--output", str(out))
    assert written.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout


def test_pre_commit_hook_runs_check_on_claim_files_only() -> None:
    """The pre-commit hook runs claimcheck check once, and only for YAML under claims/:
    a workflow file or other YAML never triggers it."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "claimcheck"
    assert hook["entry"] == "claimcheck check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("claims/a.yaml") and pattern.search("claims/sub/b.yml")
    assert not pattern.search(".github/workflows/ci.yml")
    assert not pattern.search("docs/claims/a.yaml") and not pattern.search("action.yml")
    assert not pattern.search("README.md") and not pattern.search("claims/a.yaml.bak")


def test_pre_commit_without_claims_folder_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run by pre-commit in a repository without claims/: exit 2 and a message naming the
    hook's args and files."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PRE_COMMIT", "1")
    result = run_cli("check")
    assert result.exit_code == 2
    assert "no PATH given and no 'claims' folder here" in result.stderr
    assert "args: [FOLDER] and files: ^FOLDER/ in .pre-commit-config.yaml" in result.stderr
