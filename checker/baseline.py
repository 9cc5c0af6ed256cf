"""Baselines (``claimcheck check --baseline REPORT.json``): only new findings fail.

A baseline is an earlier ``claimcheck check --format json`` report. Findings it already
holds are *known* and do not fail the run; only *new* ones do; those it holds that are
gone now are *fixed*.

- Problems match by (code, file, message), never by line, so edits elsewhere in a file
  keep them known; each baseline entry covers one occurrence.
- Discrepancies match by id (the topic, with ``@T`` for a period of a time-varying
  topic). One that the baseline had resolved and that fails now (a new value made its
  resolution stale) is new: a reviewer must look again.
- Reports of version 1 and 2 are read alike (only ``problems`` and the discrepancies'
  ``id`` and ``status`` matter here). Version 1 named a time-varying topic's discrepancy
  by the bare topic; such an entry covers every period of that topic now.

The formatters know nothing of this: the output lists every finding as before; the
baseline changes the exit code and adds :meth:`Comparison.summary_lines`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.analysis import Analysis
from checker.errors import ClaimcheckError
from checker.graph import Discrepancy
from checker.model import ReviewStatus
from checker.problems import Problem, Severity

ProblemKey = tuple[str, str, str]
_PROBLEM_FIELDS = ("code", "file", "message")


class BaselineError(ClaimcheckError):
    """The baseline file cannot be read or is no claimcheck JSON report."""


VERSIONS = (1, 2)


@dataclass(frozen=True)
class Baseline:
    problems: Counter[ProblemKey]
    discrepancies: dict[str, str]  # id -> status in the baseline
    version: int = 2

    def status_of(self, discrepancy: Discrepancy) -> str | None:
        """The baseline status of ``discrepancy``, or None when the baseline lacks it."""
        found = self.discrepancies.get(discrepancy.id)
        if found is None and self.version == 1 and discrepancy.period is not None:
            found = self.discrepancies.get(discrepancy.topic)
        return found

    def fixed(self, current: list[Discrepancy]) -> list[str]:
        """Baseline ids that no current discrepancy has."""
        ids = {d.id for d in current}
        if self.version == 1:
            ids |= {d.topic for d in current if d.period is not None}
        return sorted(set(self.discrepancies) - ids)


def _fail(path: str, reason: str) -> BaselineError:
    return BaselineError(f"baseline {path}: {reason}")


def parse(text: str, path: str = "<baseline>") -> Baseline:
    """A baseline from the text of a JSON report; :class:`BaselineError` if it is none."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or "problems" not in data or "discrepancies" not in data:
        raise _fail(path, "not a claimcheck JSON report (claimcheck check --format json)")
    version = data.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        expected = " or ".join(map(str, VERSIONS))
        raise _fail(path, f"unsupported report version {version!r}; expected {expected}")
    problems, discrepancies = data["problems"], data["discrepancies"]
    if not isinstance(problems, list) or not isinstance(discrepancies, list):
        raise _fail(path, "'problems' and 'discrepancies' must be lists")
    known: Counter[ProblemKey] = Counter()
    for index, entry in enumerate(problems):
        fields = [entry.get(k) if isinstance(entry, dict) else None for k in _PROBLEM_FIELDS]
        code, file, message = (f if isinstance(f, str) else None for f in fields)
        if code is None or file is None or message is None:
            raise _fail(path, f"problems[{index}] needs text code, file and message")
        known[(code, file, message)] += 1
    seen: dict[str, str] = {}
    for index, entry in enumerate(discrepancies):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise _fail(path, f"discrepancies[{index}] needs a text id")
        status = entry.get("status")
        seen[entry["id"]] = status if isinstance(status, str) else ReviewStatus.OPEN
    return Baseline(known, seen, version)


def load(path: str) -> Baseline:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _fail(path, "not UTF-8 text") from None
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    return parse(text, path)


def problem_key(p: Problem) -> ProblemKey:
    return (p.code, p.file, p.message)


@dataclass(frozen=True)
class Comparison:
    """The run's problems and discrepancies split into new and known; fixed ones."""

    new_problems: list[Problem]
    known_problems: list[Problem]
    fixed_problems: list[ProblemKey]
    new_discrepancies: list[Discrepancy]
    known_discrepancies: list[Discrepancy]
    fixed_discrepancies: list[str]
    failing_discrepancies: frozenset[str]

    @property
    def new_errors(self) -> list[Problem]:
        return [p for p in self.new_problems if p.severity is Severity.ERROR]

    @property
    def new_failing(self) -> list[Discrepancy]:
        return [d for d in self.new_discrepancies if d.id in self.failing_discrepancies]

    @property
    def exit_code(self) -> int:
        """1 only for a new error problem or a new failing discrepancy."""
        return 1 if self.new_errors or self.new_failing else 0

    def summary_lines(self) -> list[str]:
        """One summary line, then one line per new finding that fails the run."""
        lines = [
            "baseline: "
            f"{len(self.new_problems)} new, {len(self.known_problems)} known, "
            f"{len(self.fixed_problems)} fixed problems; "
            f"{len(self.new_discrepancies)} new, {len(self.known_discrepancies)} known, "
            f"{len(self.fixed_discrepancies)} fixed discrepancies"
        ]
        for p in self.new_errors:
            lines.append(f"new: {p.file}:{p.line}:{p.column}: {p.code} {p.message}")
        for d in self.new_failing:
            lines.append(f"new: discrepancy {d.id} ({d.kind})")
        return lines


def compare(analysis: Analysis, baseline: Baseline) -> Comparison:
    remaining = Counter(baseline.problems)
    new, known = [], []
    for p in analysis.problems:
        key = problem_key(p)
        if remaining[key] > 0:
            remaining[key] -= 1
            known.append(p)
        else:
            new.append(p)
    fixed = sorted(key for key, count in remaining.items() for _ in range(count))
    new_d, known_d = [], []
    for d in analysis.discrepancies:
        was = baseline.status_of(d)
        if was is None or (was == ReviewStatus.RESOLVED and analysis.status(d).fails):
            new_d.append(d)
        else:
            known_d.append(d)
    failing = frozenset(d.id for d in analysis.discrepancies if analysis.status(d).fails)
    return Comparison(
        new,
        known,
        fixed,
        new_d,
        known_d,
        baseline.fixed(analysis.discrepancies),
        failing,
    )
