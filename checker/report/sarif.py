"""SARIF 2.1.0 for GitHub code scanning (``--format sarif``).

One run; ``tool.driver.rules`` is the problem catalogue, each rule with a full
description and a help text (what the code means, how to fix it, an example); one
result per input problem and per conflicting claim of every unresolved discrepancy, the
latter with ``relatedLocations`` at the discrepancy's other claims, embedded in the
message as ``[claim id](n)`` links, since GitHub shows related locations only so.
``[``, ``]`` and ``\\`` in any message text are escaped, so text from a claim file never
becomes a link.

``partialFingerprints`` come from ids (discrepancy and claim), never from line numbers,
for consumers that use them; GitHub's code scanning ignores them and matches alerts by
``primaryLocationLineHash``, which its upload action computes from the flagged line.

GitHub accepts at most 25,000 results per run and 10 MB gzipped, and keeps only 5,000
results of a run: the log holds at most ``max_results`` results (default 5,000), errors
first, then by discrepancy id; when findings are left out, the last result (``CC306``)
says how many and where to find them all, and results are dropped further while the
gzipped log would exceed 10 MB.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.analysis import Finding
from checker.graph import value_text
from checker.model import Span
from checker.problems import RULES, Rule, Severity
from checker.report.view import View

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/claimgraph/"
FINGERPRINT_KEY = "claimcheck/v1"
SRCROOT = "%SRCROOT%"
# GitHub shows 100 locations of a result (and refuses more than 1,000); every related
# location is also a link in the message, so keep the message readable too.
MAX_RELATED = 20
# GitHub code scanning keeps the first 5,000 results of a run (25,000 are accepted).
MAX_RESULTS = 5_000
# GitHub refuses a log of more than 10 MB gzipped; a little room for the upload's own gzip.
MAX_GZIPPED = 9_500_000
SUMMARY_CODE = "CC306"


def artifact_location(file: str) -> dict[str, str]:
    """A relative POSIX URI under ``%SRCROOT%``, or a ``file:`` URI for absolute paths."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    posix = path.as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def physical_location(span: Span) -> dict[str, Any]:
    return {
        "artifactLocation": artifact_location(span.file),
        "region": {"startLine": span.line, "startColumn": span.column},
    }


def message_text(text: str) -> str:
    """Plain text for a SARIF message: ``\\``, ``[`` and ``]`` escaped (SARIF §3.11.6), so
    no text becomes an embedded link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _rule(rule: Rule) -> dict[str, Any]:
    """A reporting descriptor with the full description and help GitHub requires."""
    fails = "fails" if rule.severity is Severity.ERROR else "does not fail"
    full = f"{rule.description} As {rule.severity.value}, it {fails} claimcheck check."
    text = (
        f"{rule.code} {rule.name} ({rule.severity.value}): {rule.description}\n\n"
        f"How to fix: {rule.fix}\n\nExample:\n{rule.example}\n"
    )
    markdown = (
        f"**{rule.code} {rule.name}** ({rule.severity.value}): {rule.description}\n\n"
        f"**How to fix:** {rule.fix}\n\n**Example:**\n\n```\n{rule.example}\n```\n"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": rule.severity.value},
    }


def _related(view: View, item: Finding) -> tuple[list[dict[str, Any]], str]:
    """The discrepancy's other claims, conflicting ones first, then the rest, by id; and
    the message sentence linking them."""
    assert item.discrepancy is not None and item.claim is not None
    own = item.claim.id
    values = item.discrepancy.values
    [mine] = [i for i, entry in enumerate(values) if own in entry.claims]
    opponents = {c for j in item.discrepancy.opponents().get(mine, []) for c in values[j].claims}
    others = {c for entry in values for c in entry.claims} - {own}
    ordered = sorted(others, key=lambda c: (c not in opponents, c))
    related: list[dict[str, Any]] = []
    links: dict[bool, list[str]] = {True: [], False: []}
    for index, claim_id in enumerate(ordered[:MAX_RELATED], start=1):
        claim = view.claim(claim_id)
        conflicting = claim_id in opponents
        how = "conflicts" if conflicting else "also on this topic"
        related.append(
            {
                "id": index,
                "physicalLocation": physical_location(claim.value_span),
                "message": {"text": message_text(f"{claim_id} says {value_text(claim)!r} ({how})")},
            }
        )
        links[conflicting].append(f"[{message_text(claim_id)}]({index})")
    parts = []
    if links[True]:
        parts.append("Conflicting claims: " + ", ".join(links[True]))
    if links[False]:
        parts.append("also on this topic: " + ", ".join(links[False]))
    sentence = "; ".join(parts)
    if len(ordered) > MAX_RELATED:
        sentence += f" and {len(ordered) - MAX_RELATED} more"
    return related, sentence + "." if sentence else ""


def _result(
    view: View,
    item: Finding,
    rule_index: dict[str, int],
    seen: Counter[tuple[str, str, str]],
) -> dict[str, Any]:
    p = item.problem
    result: dict[str, Any] = {
        "ruleId": p.code,
        "ruleIndex": rule_index[p.code],
        "level": p.severity.value,
        "message": {"text": _sentence(message_text(p.message))},
        "locations": [{"physicalLocation": physical_location(p.span)}],
    }
    if item.discrepancy is not None and item.claim is not None:
        related, sentence = _related(view, item)
        if sentence:
            result["message"]["text"] += " " + sentence
        result["relatedLocations"] = related
        fingerprint = _fingerprint("discrepancy", item.discrepancy.id, item.claim.id)
        result["properties"] = {
            "discrepancy": item.discrepancy.id,
            "kind": item.discrepancy.kind,
            "claim": item.claim.id,
        }
    else:
        # Identical problems in one file are told apart by their order, not their line.
        key = (p.code, p.file, p.message)
        seen[key] += 1
        fingerprint = _fingerprint("problem", *key, str(seen[key]))
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return result


def _priority(pair: tuple[int, Finding]) -> tuple[bool, str, int]:
    """Errors first, then by discrepancy id (input problems first), then in finding order."""
    index, item = pair
    d = item.discrepancy
    return (item.problem.severity is not Severity.ERROR, d.id if d is not None else "", index)


def _summary(left_out: list[Finding], kept: int, rule_index: dict[str, int]) -> dict[str, Any]:
    errors = sum(item.problem.severity is Severity.ERROR for item in left_out)
    total = kept + len(left_out)
    text = (
        f"{len(left_out):,} of {total:,} findings ({errors:,} errors, "
        f"{len(left_out) - errors:,} warnings) are left out of this SARIF log, which holds "
        f"{kept:,}: errors first, then by discrepancy id. GitHub code scanning keeps 5,000 "
        "results of a run; --max-results N changes the cap. The full list: claimcheck check "
        "--format text, or the Markdown or JSON report of the same run."
    )
    return {
        "ruleId": SUMMARY_CODE,
        "ruleIndex": rule_index[SUMMARY_CODE],
        "level": RULES[SUMMARY_CODE].severity.value,
        "message": {"text": message_text(text)},
        # at the first finding left out, so the alert has a place in the code
        "locations": [{"physicalLocation": physical_location(left_out[0].problem.span)}],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint("summary")},
        "properties": {"leftOut": len(left_out), "leftOutErrors": errors, "total": total},
    }


def document(view: View, *, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """The SARIF log as plain data, with at most ``max_results`` results."""
    rule_index = {code: index for index, code in enumerate(RULES)}
    # Fingerprints of problems count identical ones in finding order, so they are made
    # in that order and only then ranked.
    seen: Counter[tuple[str, str, str]] = Counter()
    ranked = sorted(enumerate(view.findings), key=_priority)
    room = len(ranked) if len(ranked) <= max_results else max(max_results - 1, 0)
    chosen = sorted(ranked[:room])  # back in finding order for the fingerprints' counts
    results = []
    for index, item in chosen:
        results.append((_priority((index, item)), _result(view, item, rule_index, seen)))
    results.sort(key=lambda pair: pair[0])
    out = [result for _, result in results]
    if room < len(ranked):
        out.append(_summary([item for _, item in ranked[room:]], room, rule_index))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in RULES.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": out,
            }
        ],
    }


def _dumps(log: dict[str, Any]) -> str:
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def gzipped_size(text: str) -> int:
    """The size GitHub's limit applies to (the upload gzips the log)."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def render(view: View, *, max_results: int = MAX_RESULTS) -> str:
    """The log, with fewer results than ``max_results`` if it would gzip past 10 MB."""
    log = document(view, max_results=max_results)
    text = _dumps(log)
    while (size := gzipped_size(text)) > MAX_GZIPPED:
        count = len(log["runs"][0]["results"])
        if count <= 1:
            break
        # results are of similar size: shrink in proportion, with a tenth to spare
        log = document(view, max_results=max(1, count * MAX_GZIPPED * 9 // (size * 10)))
        text = _dumps(log)
    return text
