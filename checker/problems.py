"""Problems (findings about the input) and the catalogue of stable problem codes.

Codes are grouped: CC0xx file and YAML, CC1xx schema, CC2xx names and registry,
CC3xx discrepancies, CC4xx resolutions. The one-line descriptions feed the README
table and SARIF ``rules[]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from checker.model import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    description: str


_RULES = [
    # CC0xx: files and YAML
    Rule("CC001", "unreadable-file", Severity.ERROR, "The file cannot be read."),
    Rule("CC002", "yaml-syntax", Severity.ERROR, "The file is not valid YAML."),
    Rule("CC003", "not-utf8", Severity.ERROR, "The file is not UTF-8 text."),
    Rule("CC004", "file-too-large", Severity.ERROR, "The file exceeds the size limit."),
    Rule("CC005", "alias-bomb", Severity.ERROR, "YAML aliases expand beyond the limit."),
    Rule("CC006", "too-deep", Severity.ERROR, "YAML nesting exceeds the depth limit."),
    Rule("CC007", "binary-file", Severity.ERROR, "The file contains NUL bytes."),
    Rule("CC008", "empty-file", Severity.ERROR, "The file is empty."),
    Rule("CC009", "duplicate-key", Severity.ERROR, "A mapping key appears twice."),
    Rule(
        "CC010",
        "unknown-file-kind",
        Severity.ERROR,
        "The file is no source, registry or resolutions file.",
    ),
    Rule(
        "CC011", "multiple-documents", Severity.ERROR, "The file holds more than one YAML document."
    ),
    Rule("CC012", "scalar-too-long", Severity.ERROR, "A value exceeds the length limit."),
    Rule(
        "CC013",
        "unsupported-yaml",
        Severity.ERROR,
        "A YAML feature claimcheck does not accept (tags, merge keys, complex keys).",
    ),
    Rule(
        "CC014",
        "unreadable-row",
        Severity.ERROR,
        "A table row cannot be read (import: wrong number of fields, not JSON).",
    ),
    # CC1xx: schema
    Rule("CC101", "missing-key", Severity.ERROR, "A required key is missing."),
    Rule("CC102", "unknown-key", Severity.ERROR, "A key is not part of the format (typo?)."),
    Rule("CC103", "wrong-type", Severity.ERROR, "A value has the wrong YAML type."),
    Rule(
        "CC104",
        "invalid-value",
        Severity.ERROR,
        "A value cannot be parsed as its type (date, quantity, ...).",
    ),
    Rule("CC105", "invalid-id", Severity.ERROR, "An id does not match [a-z0-9][a-z0-9-]*."),
    Rule("CC106", "duplicate-claim-id", Severity.ERROR, "Two claims of one source share an id."),
    Rule("CC107", "duplicate-source-id", Severity.ERROR, "Two source files share a source id."),
    Rule(
        "CC108",
        "yaml11-boolean",
        Severity.ERROR,
        "A YAML 1.1 boolean spelling (yes/no/on/off) where text is expected: quote it.",
    ),
    Rule("CC109", "invalid-choice", Severity.ERROR, "A value is not one of the allowed choices."),
    Rule("CC110", "invalid-language", Severity.ERROR, "The language is not a BCP 47 tag."),
    Rule(
        "CC111",
        "text-outside-set",
        Severity.ERROR,
        "A source's text: path leaves the claim set or cannot be read.",
    ),
    Rule(
        "CC112",
        "unit-mismatch",
        Severity.WARNING,
        "A quantity's unit differs from its property's unit; it is left out of comparison.",
    ),
    Rule(
        "CC113",
        "undated-time-varying",
        Severity.WARNING,
        "A time-varying claim has no as_of and no published date; it faces every claim.",
    ),
    Rule(
        "CC114",
        "quote-not-found",
        Severity.ERROR,
        "A quote is not found in the source's archived text.",
    ),
    Rule(
        "CC115",
        "quote-approximate",
        Severity.WARNING,
        "A quote is found in the archived text only approximately.",
    ),
    Rule(
        "CC116",
        "incomparable-values",
        Severity.WARNING,
        "Values of one topic cannot be compared (a time with an offset and one without).",
    ),
    # CC2xx: names and registry
    Rule("CC201", "unknown-property", Severity.ERROR, "The property is in no registry file."),
    Rule(
        "CC202",
        "ad-hoc-entity",
        Severity.WARNING,
        "The name matches no registered entity; it becomes an ad-hoc entity.",
    ),
    Rule(
        "CC203",
        "fuzzy-match",
        Severity.WARNING,
        "A name matched a registered alias only approximately.",
    ),
    Rule(
        "CC204",
        "ambiguous-name",
        Severity.ERROR,
        "A name matches two entities or properties equally well.",
    ),
    Rule(
        "CC205",
        "shared-alias",
        Severity.WARNING,
        "One alias belongs to two entities or properties.",
    ),
    Rule(
        "CC206",
        "duplicate-registry-id",
        Severity.ERROR,
        "An entity or property id is defined twice.",
    ),
    Rule("CC207", "invalid-setting", Severity.ERROR, "A registry setting is invalid."),
    # CC3xx: discrepancies
    Rule("CC301", "conflict", Severity.ERROR, "Two sources make conflicting claims on one topic."),
    Rule("CC302", "self-contradiction", Severity.ERROR, "One source contradicts itself."),
    Rule(
        "CC303",
        "plan-vs-actual",
        Severity.WARNING,
        "A planned or expected claim conflicts with an actual one.",
    ),
    Rule(
        "CC304",
        "stale-resolution",
        Severity.ERROR,
        "A resolution was made before the discrepancy's values changed.",
    ),
    Rule(
        "CC305",
        "acknowledged",
        Severity.WARNING,
        "A discrepancy is acknowledged as open by a reviewer.",
    ),
    # CC4xx: resolutions
    Rule(
        "CC401",
        "unknown-topic",
        Severity.ERROR,
        "A resolution names a topic that is no known topic.",
    ),
    Rule(
        "CC402",
        "impossible-value",
        Severity.ERROR,
        "An accepted value is not among the topic's values.",
    ),
    Rule(
        "CC403",
        "resolution-not-needed",
        Severity.WARNING,
        "A resolution's topic no longer has a discrepancy.",
    ),
    Rule("CC404", "duplicate-resolution", Severity.ERROR, "Two resolutions name the same topic."),
    Rule(
        "CC405",
        "period-needed",
        Severity.ERROR,
        "A resolution names a time-varying topic that has several discrepancies, one per period.",
    ),
]

RULES: dict[str, Rule] = {}
for _rule in _RULES:
    if _rule.code in RULES:  # pragma: no cover - guards the catalogue itself
        raise RuntimeError(f"duplicate problem code {_rule.code}")
    RULES[_rule.code] = _rule


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding about the input, at a 1-based location."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity

    @property
    def span(self) -> Span:
        return Span(self.file, self.line, self.column)


def problem(code: str, span: Span, message: str, severity: Severity | None = None) -> Problem:
    """Build a Problem for a catalogued code; the severity defaults to the code's."""
    rule = RULES[code]
    return Problem(span.file, span.line, span.column, code, message, severity or rule.severity)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Deterministic order: by file, line, column, code, message."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))
