"""Resolutions applied to discrepancies (contract 4): statuses, staleness, problems, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.analysis import analyse
from tests.helpers import REGISTRY, run_cli

MakeSet = Callable[[dict[str, str]], Path]


def source(sid: str, value: str, *, prop: str = "start date", modality: str = "actual") -> str:
    """A one-claim source file about the Japan–NATO partnership."""
    return f"""\
source:
  id: {sid}
  title: Source {sid.upper()}
  language: en
  published: 2025-09
claims:
  - id: claim
    subject: Japan–NATO partnership
    property: {prop}
    value: {value}
    modality: {modality}
    quote: "as the source says"
"""


TOPIC = "japan-nato-partnership/start-date"
BUDGET = """\
  - id: budget
    subject: Japan
    property: budget
    value: 5 USD
    quote: "five dollars"
"""


def resolution(verdict: str, seen: str, *, value: str | None = None, topic: str = TOPIC) -> str:
    """A resolutions file with one entry (line 3 is `topic:`, line 4 `value:` if any)."""
    value_line = f'    value: "{value}"\n' if value is not None else ""
    return (
        "resolutions:\n"
        "  # reviewed\n"
        f"  - topic: {topic}\n"
        f"{value_line}"
        f"    verdict: {verdict}\n"
        "    reviewer: Jane Doe\n"
        "    date: 2026-11-20\n"
        "    rationale: checked the archives\n"
        f"    values_seen: {seen}\n"
    )


def two_sources(extra: dict[str, str] | None = None) -> dict[str, str]:
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", "1990"),
        "b.yaml": source("b", "2004"),
    }
    files.update(extra or {})
    return files


def check_json(root: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("check", str(root), "--format", "json")
    assert result.stderr == ""
    return result.exit_code, json.loads(result.stdout)


def test_unresolved_conflict_fails(claimset: MakeSet) -> None:
    """A conflict nobody reviewed is open and makes check exit 1."""
    code, report = check_json(claimset(two_sources()))
    assert code == 1
    assert [d["status"] for d in report["discrepancies"]] == ["open"]


def test_accept_resolves_and_rejects_the_other_claim(claimset: MakeSet) -> None:
    """accept: resolved, exit 0, and the claim with the conflicting value is rejected."""
    files = two_sources({"res.yaml": resolution("accept", '["1990", "2004"]', value="1990")})
    result = run_cli("check", str(claimset(files)))
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "1 discrepancy: 0 open, 1 resolved, 0 stale; 0 errors, 0 warnings\n"
    )
    _, report = check_json(claimset(files))
    assert report["rejected"] == {"b": ["b/claim"]}
    (entry,) = report["discrepancies"]
    assert entry["status"] == "resolved"
    assert entry["resolution"]["value"] == "1990"


def test_open_verdict_is_acknowledged_and_does_not_fail(claimset: MakeSet) -> None:
    """An `open` verdict keeps the discrepancy open but turns its findings into warnings."""
    root = claimset(two_sources({"res.yaml": resolution("open", '["1990", "2004"]')}))
    result = run_cli("check", str(root))
    assert result.exit_code == 0
    assert f"{root}/a.yaml:10:12: CC305 warning: acknowledged on {TOPIC}" in result.stdout
    assert "1 open (1 acknowledged), 0 resolved, 0 stale;" in result.stdout


def test_new_value_makes_resolution_stale(claimset: MakeSet) -> None:
    """A new source bringing a new value makes the resolution stale: CC304 errors, exit 1."""
    files = two_sources({"res.yaml": resolution("distinct", '["1990", "2004"]')})
    assert run_cli("check", str(claimset(files))).exit_code == 0
    files["c.yaml"] = source("c", "2010")
    root = claimset(files)
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    assert f"{root}/c.yaml:10:12: CC304 stale resolution on {TOPIC}" in result.stdout
    assert ": 0 open, 0 resolved, 1 stale;" in result.stdout
    _, report = check_json(root)
    (entry,) = report["discrepancies"]
    assert entry["status"] == "stale"
    assert entry["resolution"]["values_seen"] == ["1990", "2004"]


def test_stale_accept_rejects_nothing(claimset: MakeSet) -> None:
    """While an accept is stale, no claim is rejected: the reviewer has not seen them all."""
    files = two_sources({"res.yaml": resolution("accept", '["1990", "2004"]', value="1990")})
    files["c.yaml"] = source("c", "2010")
    code, report = check_json(claimset(files))
    assert code == 1
    assert report["rejected"] == {}


def test_agreeing_value_added_keeps_resolution_fresh(claimset: MakeSet) -> None:
    """A new source repeating a known value changes no distinct value: still resolved."""
    files = two_sources({"res.yaml": resolution("scoped", '["2004", "1990"]')})
    files["c.yaml"] = source("c", "1990")
    result = run_cli("check", str(claimset(files)))
    assert result.exit_code == 0
    assert ": 0 open, 1 resolved, 0 stale;" in result.stdout


def test_resolution_no_longer_needed_is_a_warning(claimset: MakeSet) -> None:
    """A resolution of a topic whose conflict went away: CC403 warning at its topic line."""
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", "1990"),
        "res.yaml": resolution("distinct", '["1990", "2004"]'),
    }
    root = claimset(files)
    result = run_cli("check", str(root))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"{root}/res.yaml:3:12: CC403 warning: resolution no longer needed: "
        f"topic '{TOPIC}' has no discrepancy\n"
    )


def test_unknown_topic_is_an_error_at_the_topic_line(claimset: MakeSet) -> None:
    """A resolution naming no known topic: CC401 at its `topic:` value, with a hint."""
    typo = "japan-nato-partnershp/start-date"
    root = claimset(two_sources({"res.yaml": resolution("distinct", "[]", topic=typo)}))
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    assert (
        f"{root}/res.yaml:3:12: CC401 resolution names unknown topic '{typo}' "
        f"(did you mean '{TOPIC}'?)\n"
    ) in result.stdout


def test_impossible_accept_value_is_an_error_at_the_value_line(claimset: MakeSet) -> None:
    """An accepted value not among the topic's values: CC402 at `value:`, still open."""
    files = two_sources({"res.yaml": resolution("accept", '["1990", "2004"]', value="1991")})
    root = claimset(files)
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    assert (
        f"{root}/res.yaml:4:12: CC402 accepted value '1991' is not among the values of "
        f"'{TOPIC}': 1990, 2004\n"
    ) in result.stdout
    _, report = check_json(root)
    assert [d["status"] for d in report["discrepancies"]] == ["open"]


def test_duplicate_resolution_is_an_error(claimset: MakeSet) -> None:
    """Two resolutions of one topic (even across files): CC404 at the second's topic."""
    files = two_sources(
        {
            "r1.yaml": resolution("distinct", '["1990", "2004"]'),
            "r2.yaml": resolution("open", '["1990", "2004"]'),
        }
    )
    root = claimset(files)
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    assert (
        f"{root}/r2.yaml:3:12: CC404 topic '{TOPIC}' is already resolved at {root}/r1.yaml:3\n"
        in result.stdout
    )
    assert ": 0 open, 1 resolved, 0 stale;" in result.stdout


def test_plan_vs_actual_open_does_not_fail(claimset: MakeSet) -> None:
    """An unresolved plan-vs-actual discrepancy is a warning: exit 0."""
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", "1990"),
        "b.yaml": source("b", "2004", modality="planned"),
    }
    result = run_cli("check", str(claimset(files)))
    assert result.exit_code == 0
    assert "CC303 warning: plan-vs-actual" in result.stdout
    assert ": 1 open, 0 resolved, 0 stale;" in result.stdout


def test_stale_plan_vs_actual_fails(claimset: MakeSet) -> None:
    """Stale fails CI even for a plan-vs-actual discrepancy."""
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", "1990"),
        "b.yaml": source("b", "2004", modality="planned"),
        "res.yaml": resolution("open", '["1990"]'),
    }
    result = run_cli("check", str(claimset(files)))
    assert result.exit_code == 1
    assert "CC304 stale resolution" in result.stdout


def test_scorecard_counts(claimset: MakeSet) -> None:
    """Per source: corroborated by another source, contradicted, rejected by a reviewer."""
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", "1990"),
        "b.yaml": source("b", "1990-05"),  # refines a: compatible, corroborates
        "c.yaml": source("c", "2004"),
        "d.yaml": source("d", "1990") + BUDGET,  # a claim nobody else makes
        "e.yaml": source("e", '"2004.."'),  # from 2004 on: compatible with 2004
        "res.yaml": resolution("accept", '["1990", "1990-05", "2004", "2004.."]', value="1990"),
    }
    root = claimset(files)
    analysis = analyse([str(root)])
    scores = {
        s.source: (s.claims, s.corroborated, s.contradicted, s.rejected)
        for s in analysis.scorecard()
    }
    assert scores == {
        "a": (1, 1, 1, 0),
        "b": (1, 1, 1, 0),
        "c": (1, 1, 1, 1),
        "d": (2, 1, 1, 0),
        "e": (1, 1, 1, 1),
    }
    _, report = check_json(root)
    assert report["rejected"] == {"c": ["c/claim"], "e": ["e/claim"]}
    # the accepted value's sources are trusted more than the rejected ones (§8.4)
    trust = {s["source"]: s.pop("trust") for s in report["sources"]}
    assert min(trust["a"], trust["d"]) > max(trust["c"], trust["e"])
    assert report["sources"][3] == {
        "source": "d",
        "claims": 2,
        "corroborated": 1,
        "contradicted": 1,
        "rejected": 0,
    }


def test_date_values_match_however_they_are_spelled(claimset: MakeSet) -> None:
    """One interval, one value: 1950..1959 is 1950s, 2003..2005 is ~2004, in claims and
    resolutions alike, so a respelled value never makes a resolution stale."""
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": source("a", '"1950s"'),
        "a2.yaml": source("a2", '"1950..1959"'),
        "b.yaml": source("b", '"2003..2005"'),
        "res.yaml": resolution("accept", '["1950-01..1959-12", "~2004"]', value="1950..1959"),
    }
    code, report = check_json(claimset(files))
    (entry,) = report["discrepancies"]
    assert [v["value"] for v in entry["values"]] == ["1950s", "~2004"]
    assert (code, entry["status"]) == (0, "resolved")
    assert entry["resolution"]["values_seen"] == ["1950s", "~2004"]
    assert report["rejected"] == {"b": ["b/claim"]}
