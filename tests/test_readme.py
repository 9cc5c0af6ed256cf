"""The README stays in step with the code."""

from __future__ import annotations

from checker.problems import RULES
from tests.helpers import REPO


def test_problem_code_table_matches_catalogue() -> None:
    """The README's problem-code table lists exactly the catalogue, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- codes:start -->")[1].split("<!-- codes:end -->")[0]
    rows = table.strip().splitlines()[2:]
    expected = [
        f"| `{r.code}` | {r.name} | {r.severity.value} | {r.description} |" for r in RULES.values()
    ]
    assert rows == expected, "README table out of date; paste:\n" + "\n".join(expected)


def test_setup_commands_are_in_ci() -> None:
    """.ci/run runs the README's test command verbatim."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = "pip install -e '.[test]' && pytest"
    assert command in readme and command in ci
