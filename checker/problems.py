"""Problems (findings about the input) and the catalogue of stable problem codes.

Codes are grouped: CC0xx file and YAML, CC1xx schema, CC2xx names and registry,
CC3xx discrepancies, CC4xx resolutions. The one-line descriptions feed the README
table and SARIF ``rules[]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import Severity as Severity  # the type of every problem's severity
from checker.model import Span


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalogued code. ``description`` is one line (README table, SARIF short
    description); ``fix`` says how to fix it and ``example`` shows a case, for the SARIF
    rule help that GitHub code scanning shows beside an alert."""

    code: str
    name: str
    severity: Severity
    description: str
    fix: str = ""
    example: str = ""


_RULES = [
    # CC0xx: files and YAML
    Rule(
        "CC001",
        "unreadable-file",
        Severity.ERROR,
        "The file cannot be read.",
        fix=(
            "Check that the file exists, is a regular file (not a FIFO or a symlink "
            "leaving the claim set) and is readable by the user running claimcheck."
        ),
        example="claims/article.yaml is a symlink to /etc/passwd: replace it with the file itself.",
    ),
    Rule(
        "CC002",
        "yaml-syntax",
        Severity.ERROR,
        "The file is not valid YAML.",
        fix=(
            "Fix the YAML syntax at the position given: usually an unclosed quote or "
            "bracket, a tab used for indentation, or a colon followed by text that needs "
            "quoting."
        ),
        example='quote: "unclosed\n→ quote: "closed"',
    ),
    Rule(
        "CC003",
        "not-utf8",
        Severity.ERROR,
        "The file is not UTF-8 text.",
        fix="Save the file as UTF-8 (without a byte-order mark).",
        example="A file saved as Latin-1 or UTF-16: re-encode it, e.g. iconv -f latin1 -t utf-8.",
    ),
    Rule(
        "CC004",
        "file-too-large",
        Severity.ERROR,
        "The file exceeds the size limit.",
        fix=(
            "Split the claim set into several files; each file must stay under the size "
            "limit (64 MiB)."
        ),
        example="One 100 MB source file: one file per article instead.",
    ),
    Rule(
        "CC005",
        "alias-bomb",
        Severity.ERROR,
        "YAML aliases expand beyond the limit.",
        fix="Write the values out instead of expanding aliases (&anchor / *alias) into huge trees.",
        example='a: &x [*y, *y, *y] repeated level after level (a "billion laughs" file).',
    ),
    Rule(
        "CC006",
        "too-deep",
        Severity.ERROR,
        "YAML nesting exceeds the depth limit.",
        fix="Flatten the structure: claim files need only a few levels of nesting.",
        example="value: [[[[[[ ... 100 levels ... ]]]]]]",
    ),
    Rule(
        "CC007",
        "binary-file",
        Severity.ERROR,
        "The file contains NUL bytes.",
        fix="Remove the NUL bytes; the file is probably binary or was saved in UTF-16.",
        example="A file saved as UTF-16 contains a NUL byte after every ASCII character.",
    ),
    Rule(
        "CC008",
        "empty-file",
        Severity.ERROR,
        "The file is empty.",
        fix="Add content (a source, registry or resolutions document) or delete the file.",
        example="An empty claims/new.yaml left behind by an editor.",
    ),
    Rule(
        "CC009",
        "duplicate-key",
        Severity.ERROR,
        "A mapping key appears twice.",
        fix=(
            "Keep one of the two keys; in YAML the second silently replaces the first, so"
            " claimcheck refuses both."
        ),
        example="value: 1990\nvalue: 2004   ← the second value key",
    ),
    Rule(
        "CC010",
        "unknown-file-kind",
        Severity.ERROR,
        "The file is no source, registry or resolutions file.",
        fix=(
            "Start the file with a source: block (and claims:), or with "
            "entities:/properties: (a registry), or with resolutions:."
        ),
        example="A file whose top-level keys are only title: and notes:.",
    ),
    Rule(
        "CC011",
        "multiple-documents",
        Severity.ERROR,
        "The file holds more than one YAML document.",
        fix="Keep one YAML document per file: remove the --- separator or split the file.",
        example="source: {...}\n---\nsource: {...}   ← a second document",
    ),
    Rule(
        "CC012",
        "scalar-too-long",
        Severity.ERROR,
        "A value exceeds the length limit.",
        fix=(
            "Shorten the value (at most 100,000 characters); quote only the passage that "
            "supports the claim."
        ),
        example="A quote: holding a whole article.",
    ),
    Rule(
        "CC013",
        "unsupported-yaml",
        Severity.ERROR,
        "A YAML feature claimcheck does not accept (tags, merge keys, complex keys).",
        fix=(
            "Write plain YAML: no explicit tags (!!python/object, !custom), no merge keys"
            " (<<) and no complex (non-scalar) mapping keys."
        ),
        example='value: !!python/object/apply:os.system ["ls"]',
    ),
    Rule(
        "CC014",
        "unreadable-row",
        Severity.ERROR,
        "A table row cannot be read (import: wrong number of fields, not JSON).",
        fix=(
            "Correct the row in the table (CSV/TSV: as many fields as the header, quotes "
            "closed; JSON Lines: one JSON object per line), then import again."
        ),
        example='a CSV row "Acme,founded" under the header source,subject,property,value',
    ),
    # CC1xx: schema
    Rule(
        "CC101",
        "missing-key",
        Severity.ERROR,
        "A required key is missing.",
        fix="Add the key named in the message, with a non-blank value.",
        example=(
            "- id: start\n  subject: Japan\n  property: start date\n  value: 1990      ← "
            "quote: missing"
        ),
    ),
    Rule(
        "CC102",
        "unknown-key",
        Severity.ERROR,
        "A key is not part of the format (typo?).",
        fix="Correct the key's spelling (the message suggests the closest known key) or remove it.",
        example="propery: start date   → property: start date",
    ),
    Rule(
        "CC103",
        "wrong-type",
        Severity.ERROR,
        "A value has the wrong YAML type.",
        fix="Give the key a value of the type the format expects (text, number, list or mapping).",
        example="claims: {id: a}   → claims: [{id: a, ...}]",
    ),
    Rule(
        "CC104",
        "invalid-value",
        Severity.ERROR,
        "A value cannot be parsed as its type (date, quantity, ...).",
        fix=(
            "Write the value in one of the forms of its property's type (dates 1990, "
            '1990-05, 1970s, ~1990, 2023..2025; quantities 31, "320 billion USD", '
            '"31..32").'
        ),
        example='value: "sometime in the nineties" on a date property → value: 1990s',
    ),
    Rule(
        "CC105",
        "invalid-id",
        Severity.ERROR,
        "An id does not match [a-z0-9][a-z0-9-]*.",
        fix="Use lower-case letters, digits and hyphens, starting with a letter or digit.",
        example="id: Start_Date   → id: start-date",
    ),
    Rule(
        "CC106",
        "duplicate-claim-id",
        Severity.ERROR,
        "Two claims of one source share an id.",
        fix="Give each claim of a source its own id.",
        example="two claims with id: start in one source file → start and start-2",
    ),
    Rule(
        "CC107",
        "duplicate-source-id",
        Severity.ERROR,
        "Two source files share a source id.",
        fix="Give each source file its own source id (one file per article).",
        example="two files both with source: {id: nyt-2025}",
    ),
    Rule(
        "CC108",
        "yaml11-boolean",
        Severity.ERROR,
        "A YAML 1.1 boolean spelling (yes/no/on/off) where text is expected: quote it.",
        fix="Quote the word: YAML 1.1 reads an unquoted yes/no/on/off as a boolean.",
        example='language: no   → language: "no"',
    ),
    Rule(
        "CC109",
        "invalid-choice",
        Severity.ERROR,
        "A value is not one of the allowed choices.",
        fix="Use one of the choices the message lists.",
        example="modality: planed   → modality: planned",
    ),
    Rule(
        "CC110",
        "invalid-language",
        Severity.ERROR,
        "The language is not a BCP 47 tag.",
        fix=(
            "Write a BCP 47 language tag: a two- or three-letter language code with "
            "optional subtags."
        ),
        example="language: Hungarian   → language: hu",
    ),
    Rule(
        "CC111",
        "text-outside-set",
        Severity.ERROR,
        "A source's text: path leaves the claim set or cannot be read.",
        fix=(
            "Put the archived text file inside the claim set and give its path relative "
            "to the source file; no absolute paths, no .., no symlinks out of the set."
        ),
        example="text: ../../etc/passwd   → text: texts/nagy-2025.txt",
    ),
    Rule(
        "CC112",
        "unit-mismatch",
        Severity.WARNING,
        "A quantity's unit differs from its property's unit; it is left out of comparison.",
        fix=(
            "Convert the value to the property's unit, or give the property the unit the "
            "sources use."
        ),
        example='value: "5 EUR" on a property with unit: USD',
    ),
    Rule(
        "CC113",
        "undated-time-varying",
        Severity.WARNING,
        "A time-varying claim has no as_of and no published date; it faces every claim.",
        fix=(
            "Add as_of: to the claim, or published: to its source, so the claim is "
            "compared only with claims about the same time."
        ),
        example="population: 9.6 million with no as_of and a source with no published date",
    ),
    Rule(
        "CC114",
        "quote-not-found",
        Severity.ERROR,
        "A quote is not found in the source's archived text.",
        fix=(
            "Copy the quote verbatim from the archived text (translation: holds your "
            "translation), or fix the source's text: file."
        ),
        example='quote: "since 1991" where the archived text says "since 1990"',
    ),
    Rule(
        "CC115",
        "quote-approximate",
        Severity.WARNING,
        "A quote is found in the archived text only approximately.",
        fix="Copy the quote exactly from the passage the message names.",
        example='quote: "partner since 1990" where the text says "partner officially since 1990"',
    ),
    Rule(
        "CC116",
        "incomparable-values",
        Severity.WARNING,
        "Values of one topic cannot be compared (a time with an offset and one without).",
        fix=(
            "Give the property a timezone: (an IANA name), or write every value of the "
            "topic with an offset (Z, +01:00) or every one without."
        ),
        example="departure: 2011-12-01T07:10 in one claim, 2011-12-01T13:10Z in another",
    ),
    # CC2xx: names and registry
    Rule(
        "CC201",
        "unknown-property",
        Severity.ERROR,
        "The property is in no registry file.",
        fix=(
            "Add the property to a registry file (properties:) or use an existing "
            "property id or alias."
        ),
        example=(
            "property: headcount   → add properties: {headcount: {label: headcount, type:"
            " quantity}}"
        ),
    ),
    Rule(
        "CC202",
        "ad-hoc-entity",
        Severity.WARNING,
        "The name matches no registered entity; it becomes an ad-hoc entity.",
        fix=(
            "Add the entity to a registry file (entities:), or add the name as an alias "
            "of an existing entity."
        ),
        example="subject: NATO-Japan ties   → add it to aliases: of japan-nato-partnership",
    ),
    Rule(
        "CC203",
        "fuzzy-match",
        Severity.WARNING,
        "A name matched a registered alias only approximately.",
        fix="Write the registered name or add this spelling as an alias.",
        example="subject: Japn   (matched Japan at score 91)",
    ),
    Rule(
        "CC204",
        "ambiguous-name",
        Severity.ERROR,
        "A name matches two entities or properties equally well.",
        fix="Use the entity's or property's id, or make the alias unique in the registry.",
        example=(
            "subject: Georgia   with entities georgia-country and georgia-state sharing the alias"
        ),
    ),
    Rule(
        "CC205",
        "shared-alias",
        Severity.WARNING,
        "One alias belongs to two entities or properties.",
        fix="Give the alias to one entity or property only.",
        example="aliases: [Tokyo] on both tokyo-city and tokyo-prefecture",
    ),
    Rule(
        "CC206",
        "duplicate-registry-id",
        Severity.ERROR,
        "An entity or property id is defined twice.",
        fix="Define each entity and property id once across all registry files.",
        example="properties: {start-date: ...} in registry.yaml and again in extra-registry.yaml",
    ),
    Rule(
        "CC207",
        "invalid-setting",
        Severity.ERROR,
        "A registry setting is given a second time (in another registry file).",
        fix=(
            "Keep each setting in one registry file and delete the second; the first, in "
            "sorted path order, is the one used. (An out-of-range or unknown setting value "
            "is CC104 or CC109.)"
        ),
        example="settings: {fuzzy_threshold: 85} in both a.yaml and b.yaml",
    ),
    # CC3xx: discrepancies
    Rule(
        "CC301",
        "conflict",
        Severity.ERROR,
        "Two sources make conflicting claims on one topic.",
        fix=(
            "Check the sources. If one value is right, record it: claimcheck resolve "
            "TOPIC --verdict accept --value V; if the values mean different things or "
            "each holds in its own scope, use --verdict distinct or scoped; to "
            "acknowledge it as open, --verdict open."
        ),
        example="Source A says the partnership began in 1990, source B says 2004.",
    ),
    Rule(
        "CC302",
        "self-contradiction",
        Severity.ERROR,
        "One source contradicts itself.",
        fix=(
            "Check the source: correct the claim that misreads it, or record a resolution"
            " (scoped when each statement holds in its own scope)."
        ),
        example="One article says both 1990 and 2004 for the same start date.",
    ),
    Rule(
        "CC303",
        "plan-vs-actual",
        Severity.WARNING,
        "A planned or expected claim conflicts with an actual one.",
        fix=(
            "Usually nothing is wrong: a plan differs from what happened. Record a "
            "resolution (scoped) to document it, or set plan_vs_actual: error to make it "
            "fail."
        ),
        example="Planned opening 2023 (modality: planned) vs opened 2025 (actual).",
    ),
    Rule(
        "CC304",
        "stale-resolution",
        Severity.ERROR,
        "A resolution was made before the discrepancy's values changed.",
        fix=(
            "Review the discrepancy again (claimcheck show TOPIC) and record a new "
            "resolution that lists the current values."
        ),
        example="Resolved as scoped for 1990 and 2004; a new source now says 2007.",
    ),
    Rule(
        "CC305",
        "acknowledged",
        Severity.WARNING,
        "A discrepancy is acknowledged as open by a reviewer.",
        fix=(
            "Nothing needs doing: a reviewer acknowledged the discrepancy as open. "
            "Resolve it with another verdict once the sources are clear."
        ),
        example="resolutions: [{topic: x/first-contact, verdict: open, ...}]",
    ),
    Rule(
        "CC306",
        "findings-left-out",
        Severity.WARNING,
        "More findings than the output format may hold: the rest are left out of it.",
        fix=(
            "Read the full list in claimcheck check --format text (or the Markdown or "
            "JSON report); fix the errors first. --max-results N raises the cap of a "
            "SARIF log (GitHub code scanning keeps 5,000 results of a run)."
        ),
        example="38,444 findings: the SARIF log holds the first 4,999 and this summary.",
    ),
    # CC4xx: resolutions
    Rule(
        "CC401",
        "unknown-topic",
        Severity.ERROR,
        "A resolution names a topic that is no known topic.",
        fix=(
            "Correct the topic (SUBJECT-ID/PROPERTY-ID as claimcheck show and the reports"
            " list it) or remove the resolution."
        ),
        example="topic: japan-nato/start   → topic: japan-nato-partnership/start-date",
    ),
    Rule(
        "CC402",
        "impossible-value",
        Severity.ERROR,
        "An accepted value is not among the topic's values.",
        fix="Accept one of the topic's values as claimcheck show TOPIC lists them.",
        example='verdict: accept, value: "1991" on a topic whose values are 1990 and 2004',
    ),
    Rule(
        "CC403",
        "resolution-not-needed",
        Severity.WARNING,
        "A resolution's topic no longer has a discrepancy.",
        fix="Remove the resolution, or keep it if the discrepancy is expected to come back.",
        example="A resolution of a topic whose conflicting claim was corrected.",
    ),
    Rule(
        "CC404",
        "duplicate-resolution",
        Severity.ERROR,
        "Two resolutions name the same topic.",
        fix="Keep one resolution per topic; merge the two.",
        example="two entries with topic: japan-nato-partnership/start-date",
    ),
    Rule(
        "CC405",
        "period-needed",
        Severity.ERROR,
        "A resolution names a time-varying topic that has several discrepancies, one per period.",
        fix=(
            "Name the period's discrepancy, SUBJECT-ID/PROPERTY-ID@T, as claimcheck show and "
            "the reports list it; one resolution per period."
        ),
        example="topic: tokyo/population   → topic: tokyo/population@2020",
    ),
]

RULES: dict[str, Rule] = {}
for _rule in _RULES:
    if _rule.code in RULES:  # pragma: no cover - guards the catalogue itself
        raise RuntimeError(f"duplicate problem code {_rule.code}")
    RULES[_rule.code] = _rule


def _code(name: str) -> str:
    """The code of the rule named ``name`` (a misspelt name fails at import)."""
    return next(rule.code for rule in _RULES if rule.name == name)


# Codes that other modules look for among the problems, named after their rules.
EMPTY_FILE = _code("empty-file")
DUPLICATE_SOURCE_ID = _code("duplicate-source-id")
TEXT_OUTSIDE_SET = _code("text-outside-set")


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
