"""The JSON Schema (draft 2020-12) of claim files, for editors.

``build()`` makes it from :mod:`checker.vocabulary`, the key lists and choices the
validator enforces, so the two cannot drift apart; the package ships it as
``claimcheck.schema.json`` (a test keeps the file equal to ``render()``) and
``claimcheck schema`` prints it. With the line
``# yaml-language-server: $schema=claimcheck.schema.json`` at the top of a claim file,
editors complete keys and flag mistakes while a person types. It declares draft 2020-12
but uses only keywords draft-07 has too (``if``/``then``, ``const``, ``propertyNames``;
``$ref`` to ``#/$defs/...`` is a plain JSON pointer), because yaml-language-server
validates with draft-07 semantics; the tests check both drafts agree on every case.

What a schema cannot express, and only ``claimcheck check`` finds: name resolution
(unknown properties, ambiguous or fuzzy names, CC2xx); a claim value's syntax, which
depends on its property's type in another file (so do whether a list value suits its
property's cardinality and whether an absolute tolerance names the property's unit);
whether a date exists (``2023-02-30``) or an interval runs backwards; unique claim ids
within a source and unique ids across files; the quoting of YAML 1.1 booleans
(``title: no`` versus ``title: "no"``: a schema sees the same string); ``text:`` paths
leaving the claim set; resolutions against discrepancies (unknown topics, stale
resolutions).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from checker.vocabulary import (
    CARDINALITIES,
    CLAIM_KEYS,
    CLAIM_REQUIRED,
    ENTITY_KEYS,
    HISTORY_KEYS,
    HISTORY_REQUIRED,
    ID_SYNTAX,
    KEY_TYPES,
    LANGUAGE_SYNTAX,
    MODALITIES,
    PLAN_VS_ACTUAL,
    PROPERTY_KEYS,
    PROPERTY_TYPES,
    REGISTRY_FILE_KEYS,
    RESOLUTION_KEYS,
    RESOLUTION_REQUIRED,
    RESOLUTIONS_FILE_KEYS,
    SETTINGS_KEYS,
    SOURCE_FILE_KEYS,
    SOURCE_KEYS,
    SOURCE_REQUIRED,
    VERDICTS,
)

SCHEMA_ID = "https://pypi.org/project/claimgraph/claimcheck.schema.json"
SHIPPED = "claimcheck.schema.json"

ID_PATTERN = f"^{ID_SYNTAX}$"
LANGUAGE_PATTERN = f"^{LANGUAGE_SYNTAX}$"
_DIGIT = "[0-9０-９]"
_DASH = "[-－−]"
_SIDE = (
    f"(?:[~～]\\s*)?{_DIGIT}{{1,4}}(?:[sSｓＳ]|{_DASH}{_DIGIT}{{1,2}}(?:{_DASH}{_DIGIT}{{1,2}})?)?"
)
# The shapes of contract 2.1; whether the date exists is left to claimcheck.
DATE_PATTERN = f"^\\s*(?:{_SIDE}(?:\\s*\\.\\.\\s*(?:{_SIDE})?)?|\\.\\.\\s*{_SIDE})\\s*$"

_NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
# '5%', '100 USD', '5 min': the shapes of a written tolerance (contract 8.1); whether the
# unit is the property's (or one of s, min, h, d) is left to claimcheck.
TOLERANCE_PATTERN = f"^\\s*{_NUMBER}\\s*(?:%|[^\\s0-9].*)$"
TIME_TOLERANCE_PATTERN = f"^\\s*{_NUMBER}\\s*[A-Za-z]+\\s*$"

# Text fields take any scalar but null: claimcheck reads ``title: 1990`` as the text 1990.
_SCALAR = ["string", "number", "boolean"]
_TEXT: dict[str, Any] = {"type": _SCALAR}
_TEXT_OR_NULL: dict[str, Any] = {"type": [*_SCALAR, "null"]}
_TEXT_LIST: dict[str, Any] = {"type": ["array", "null"], "items": {"$ref": "#/$defs/text"}}


def _described(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, **schema}


def _mapping(
    keys: tuple[str, ...],
    required: tuple[str, ...],
    properties: dict[str, dict[str, Any]],
    description: str,
) -> dict[str, Any]:
    assert list(properties) == list(keys), "schema and validator disagree on keys"
    out: dict[str, Any] = {
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = list(required)
    return out


def _source() -> dict[str, Any]:
    return _mapping(
        SOURCE_KEYS,
        SOURCE_REQUIRED,
        {
            "id": _described(
                "Unique in the claim set; prefixes every claim id (source-id/claim-id).",
                {"$ref": "#/$defs/id"},
            ),
            "title": _described("The source's title, in its own language.", _TEXT),
            "language": _described(
                "BCP 47 language tag of the source: hu, de, en, ja, ...",
                {"type": "string", "pattern": LANGUAGE_PATTERN},
            ),
            "published": _described(
                "Publication date; the default as_of of its claims.", {"$ref": "#/$defs/date"}
            ),
            "author": _described("Author.", _TEXT_OR_NULL),
            "publisher": _described("Publisher.", _TEXT_OR_NULL),
            "url": _described("Where the source is published.", _TEXT_OR_NULL),
            "text": _described(
                "Archived plain text of the source, a path relative to this file inside "
                "the claim set; quotes are checked against it.",
                {"type": "string"},
            ),
        },
        "Who says it: one publication.",
    )


def _claim() -> dict[str, Any]:
    return _mapping(
        CLAIM_KEYS,
        CLAIM_REQUIRED,
        {
            "id": _described(
                "Unique within the source; the global id is source-id/claim-id.",
                {"$ref": "#/$defs/id"},
            ),
            "subject": _described(
                "What the claim is about: an entity id or any alias, in any language.", _TEXT
            ),
            "property": _described(
                "Which property of the subject: a property id or any alias.", _TEXT
            ),
            "value": _described(
                "A literal of the property's type: a date (1990, 1990-05, 1970s, ~1990, "
                "2023..2025), a datetime (2011-12-01T07:10, 2011-12-01T07:10-05:00), a "
                "quantity (320e9, '320 billion USD', {amount, scale, unit}, '31..32'), an "
                "entity name, text, a person's name (Shaffer, Clifford A.), or true/false; "
                "for a cardinality: list property, a list of them.",
                {
                    "anyOf": [
                        {"$ref": "#/$defs/value"},
                        {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/value"}},
                    ]
                },
            ),
            "quote": _described(
                "The passage that makes the claim, verbatim, in the original language.", _TEXT
            ),
            "translation": _described("An English translation of the quote.", _TEXT_OR_NULL),
            "as_of": _described(
                "When the claim holds (default: the source's published date).",
                {"$ref": "#/$defs/date"},
            ),
            "modality": _described(
                "actual (default): it is so; planned or expected: it is intended or forecast.",
                {"enum": list(MODALITIES)},
            ),
            "negated": _described("true: the source says this is NOT so.", {"type": "boolean"}),
            "location": _described("Where in the source: page, paragraph or line.", _TEXT_OR_NULL),
            "note": _described("A free note.", _TEXT_OR_NULL),
        },
        "One factual claim of the source.",
    )


def _property() -> dict[str, Any]:
    body = _mapping(
        PROPERTY_KEYS,
        ("type",),
        {
            "label": _described("The property's name for people.", _TEXT_OR_NULL),
            "type": _described("How values are read and compared.", {"enum": list(PROPERTY_TYPES)}),
            "cardinality": _described(
                "single (default): one true value, different values conflict; "
                "multiple: different values never conflict; list: each claim's value is "
                "the complete list (a YAML sequence), compared element by element.",
                {"enum": list(CARDINALITIES)},
            ),
            "time_varying": _described(
                "true: claims compare only when their as_of dates overlap.", {"type": "boolean"}
            ),
            "unit": _described(
                "Quantity properties only: the unit values must carry (e.g. USD).",
                _TEXT_OR_NULL,
            ),
            "tolerance": _described(
                "Quantity, date and datetime properties: how far a value's interval widens "
                "on both sides. Relative (quantities only): a number below 1 (0.05 = ±5 %) "
                "or '5%'. Absolute: '100 USD' in the property's unit, or '5 min', '2 h', "
                "'1 d' (s, min, h, d) for dates and datetimes. 0: none.",
                {
                    "anyOf": [
                        {"type": ["number", "null"], "minimum": 0, "exclusiveMaximum": 1},
                        {"type": "string", "pattern": TOLERANCE_PATTERN},
                    ]
                },
            ),
            "timezone": _described(
                "Datetime properties only: the IANA time zone (America/Chicago) of values "
                "written without an offset.",
                {"type": ["string", "null"]},
            ),
            "aliases": _described("Other names of the property, in any language.", _TEXT_LIST),
        },
        "A property that claims state values of.",
    )
    body["allOf"] = [
        _only_for("unit"),
        _only_for("timezone"),
        {
            "if": {"properties": {"type": {"enum": ["date", "datetime"]}}, "required": ["type"]},
            "then": {
                "properties": {
                    "tolerance": {
                        "anyOf": [
                            {"type": "null"},
                            {"const": 0},
                            {"type": "string", "pattern": TIME_TOLERANCE_PATTERN},
                        ]
                    }
                }
            },
        },
        _only_for("tolerance"),
    ]
    return body


def _only_for(key: str) -> dict[str, Any]:
    """A type-specific property key must be null on properties of other types."""
    types = KEY_TYPES[key]
    wanted = {"const": types[0]} if len(types) == 1 else {"enum": list(types)}
    return {"if": {"properties": {"type": wanted}}, "else": {"properties": {key: {"type": "null"}}}}


def _registry() -> dict[str, Any]:
    entity = _mapping(
        ENTITY_KEYS,
        (),
        {
            "label": _described("The entity's name for people.", _TEXT_OR_NULL),
            "aliases": _described(
                "Other names, in any language; claims may use any of them.", _TEXT_LIST
            ),
        },
        "A thing claims are about.",
    )
    entity["type"] = ["object", "null"]
    settings = _mapping(
        SETTINGS_KEYS,
        (),
        {
            "fuzzy_threshold": _described(
                "rapidfuzz score (0-100) at or above which an unknown name matches a known "
                "alias (default 90).",
                {"type": "number", "minimum": 0, "maximum": 100},
            ),
            "plan_vs_actual": _described(
                "Whether a plan-vs-actual discrepancy fails the run (default warning).",
                {"enum": list(PLAN_VS_ACTUAL)},
            ),
        },
        "Checker settings (optional).",
    )
    settings["type"] = ["object", "null"]
    body = _mapping(
        REGISTRY_FILE_KEYS,
        (),
        {
            "entities": _described(
                "Entities by id.",
                {
                    "type": ["object", "null"],
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/entity"},
                },
            ),
            "properties": _described(
                "Properties by id.",
                {
                    "type": ["object", "null"],
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/property"},
                },
            ),
            "settings": {"$ref": "#/$defs/settings"},
        },
        "A registry file: entities, properties and settings.",
    )
    return {
        **body,
        "minProperties": 1,
        "$defs_entity": entity,
        "$defs_settings": settings,
    }


def _past() -> dict[str, Any]:
    return _mapping(
        HISTORY_KEYS,
        HISTORY_REQUIRED,
        {
            "verdict": {"enum": list(VERDICTS)},
            "value": _TEXT_OR_NULL,
            "reviewer": _TEXT,
            "date": {"$ref": "#/$defs/date"},
            "rationale": _TEXT,
            "evidence": _TEXT_LIST,
            "values_seen": {"type": "array", "items": {"$ref": "#/$defs/text"}},
        },
        "An earlier verdict, replaced by a later review.",
    )


def _resolution() -> dict[str, Any]:
    body = _mapping(
        RESOLUTION_KEYS,
        RESOLUTION_REQUIRED,
        {
            "topic": _described(
                "The discrepancy id: subject-id/property-id; for a time-varying property "
                "subject-id/property-id@T, T the earliest as_of of the period.",
                {"type": "string"},
            ),
            "verdict": _described(
                "accept: the value is right; distinct: the names denote different things; "
                "scoped: each value holds in its own scope; open: acknowledged, still open.",
                {"enum": list(VERDICTS)},
            ),
            "value": _described(
                "accept only: the value judged right, as the report writes it.", _TEXT_OR_NULL
            ),
            "reviewer": _described("Who reviewed it.", _TEXT),
            "date": _described("When.", {"$ref": "#/$defs/date"}),
            "rationale": _described("Why, in free text.", _TEXT),
            "evidence": _described("URLs or references that support the verdict.", _TEXT_LIST),
            "values_seen": _described(
                "The distinct values the reviewer judged; the resolution goes stale when "
                "they change.",
                {"type": "array", "items": {"$ref": "#/$defs/text"}},
            ),
            "history": _described(
                "Earlier verdicts on this topic, newest first (claimcheck resolve keeps "
                "them when a topic is resolved again).",
                {"type": "array", "items": _past()},
            ),
        },
        "A reviewer's verdict on one discrepancy.",
    )
    body["if"] = {"properties": {"verdict": {"const": "accept"}}}
    body["then"] = {"required": ["value"], "properties": {"value": _TEXT}}
    body["else"] = {"properties": {"value": {"type": "null"}}}
    return body


def build() -> dict[str, Any]:
    """The schema as plain data."""
    registry = _registry()
    entity = registry.pop("$defs_entity")
    settings = registry.pop("$defs_settings")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "claimcheck claim file",
        "description": (
            "A claimcheck source file (source: + claims:), registry file (entities:, "
            "properties:, settings:) or resolutions file (resolutions:)."
        ),
        "oneOf": [
            {"$ref": "#/$defs/sourceFile"},
            {"$ref": "#/$defs/registryFile"},
            {"$ref": "#/$defs/resolutionsFile"},
        ],
        "$defs": {
            "sourceFile": {
                "description": "A source file: one source and its claims.",
                "type": "object",
                "properties": {
                    "source": {"$ref": "#/$defs/source"},
                    "claims": _described(
                        "The source's claims.",
                        {"type": "array", "items": {"$ref": "#/$defs/claim"}},
                    ),
                },
                "required": list(SOURCE_FILE_KEYS),
                "additionalProperties": False,
            },
            "registryFile": registry,
            "resolutionsFile": {
                "description": "A resolutions file: reviewers' verdicts on discrepancies.",
                "type": "object",
                "properties": {
                    "resolutions": _described(
                        "Resolutions, one per discrepancy.",
                        {"type": "array", "items": {"$ref": "#/$defs/resolution"}},
                    )
                },
                "required": list(RESOLUTIONS_FILE_KEYS),
                "additionalProperties": False,
            },
            "source": _source(),
            "claim": _claim(),
            "entity": entity,
            "property": _property(),
            "settings": settings,
            "resolution": _resolution(),
            "id": {"type": ["string", "integer", "boolean"], "minimum": 0, "pattern": ID_PATTERN},
            "text": _TEXT,
            "date": {
                "description": (
                    "1990, 1990-05, 1990-05-12, 1970s, ~1990 (approximate), "
                    "2023..2025, ..2024 or 2024.."
                ),
                "type": ["string", "integer"],
                "minimum": 1,
                "maximum": 9999,
                "pattern": DATE_PATTERN,
            },
            "value": {
                "type": ["string", "number", "boolean", "object"],
                "properties": {
                    "amount": {"type": ["string", "number"]},
                    "scale": {"type": ["string", "number"]},
                    "unit": {"type": ["string", "number"]},
                },
                "required": ["amount"],
                "additionalProperties": False,
            },
        },
    }


def render() -> str:
    """The schema as deterministic JSON text (sorted nowhere: the order reads best)."""
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def shipped() -> str:
    """The schema file shipped in the package."""
    return files("checker").joinpath(SHIPPED).read_text(encoding="utf-8")
