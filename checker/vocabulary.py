"""The claim-file format's vocabulary: file kinds, keys, choices and id patterns.

One list of each, read by the validator (which enforces them), by :mod:`checker.schema`
(which describes them to editors), by the resolutions-file writer and the importer, so
none of them keeps a copy that could drift. The choices of enumerated keys are the values
of the model's enums; everything here is data, no checking.
"""

from __future__ import annotations

import re

from checker.load import Document, Mapping, Node
from checker.model import Cardinality, Modality, PropertyType, Verdict
from checker.problems import Severity

__all__ = [
    "CARDINALITIES",
    "CLAIM_KEYS",
    "CLAIM_REQUIRED",
    "DRAFT_LANGUAGES",
    "ENTITY_KEYS",
    "HISTORY_KEYS",
    "HISTORY_REQUIRED",
    "ID_PATTERN",
    "ID_SYNTAX",
    "KEY_TYPES",
    "LANGUAGE_PATTERN",
    "LANGUAGE_SYNTAX",
    "MODALITIES",
    "PLAN_VS_ACTUAL",
    "PROPERTY_KEYS",
    "PROPERTY_TYPES",
    "REGISTRY_FILE_KEYS",
    "RESOLUTIONS_FILE_KEYS",
    "RESOLUTION_KEYS",
    "RESOLUTION_REQUIRED",
    "SETTINGS_KEYS",
    "SOURCE_FILE_KEYS",
    "SOURCE_KEYS",
    "SOURCE_REQUIRED",
    "VERDICTS",
    "classify",
    "kind_of",
]

# Ids of sources, claims, entities and properties; a source's BCP 47 language tag. The
# syntax is written once: Python matches it whole (\Z), the JSON Schema anchors it (^...$).
ID_SYNTAX = "[a-z0-9][a-z0-9-]*"
LANGUAGE_SYNTAX = "[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"
ID_PATTERN = re.compile(ID_SYNTAX + r"\Z")
LANGUAGE_PATTERN = re.compile(LANGUAGE_SYNTAX + r"\Z")

# Top-level keys of the three file kinds (contract 1).
SOURCE_FILE_KEYS = ("source", "claims")
REGISTRY_FILE_KEYS = ("entities", "properties", "settings")
RESOLUTIONS_FILE_KEYS = ("resolutions",)

SOURCE_KEYS = ("id", "title", "language", "published", "author", "publisher", "url", "text")
SOURCE_REQUIRED = ("id", "title", "language")
CLAIM_KEYS = (
    "id",
    "subject",
    "property",
    "value",
    "quote",
    "translation",
    "as_of",
    "modality",
    "negated",
    "location",
    "note",
)
CLAIM_REQUIRED = ("id", "subject", "property", "value", "quote")
ENTITY_KEYS = ("label", "aliases")
PROPERTY_KEYS = (
    "label",
    "type",
    "cardinality",
    "time_varying",
    "unit",
    "tolerance",
    "timezone",
    "aliases",
)
# The property types each type-specific key applies to.
KEY_TYPES = {
    "unit": (PropertyType.QUANTITY,),
    "tolerance": (PropertyType.QUANTITY, PropertyType.DATE, PropertyType.DATETIME),
    "timezone": (PropertyType.DATETIME,),
}
SETTINGS_KEYS = ("fuzzy_threshold", "plan_vs_actual")
PLAN_VS_ACTUAL = (Severity.WARNING, Severity.ERROR)  # a plan-vs-actual discrepancy's severity
RESOLUTION_KEYS = (
    "topic",
    "verdict",
    "value",
    "reviewer",
    "date",
    "rationale",
    "evidence",
    "values_seen",
    "history",
)
HISTORY_KEYS = ("verdict", "value", "reviewer", "date", "rationale", "evidence", "values_seen")
HISTORY_REQUIRED = ("verdict",)  # an incomplete entry that was replaced is kept as it was
RESOLUTION_REQUIRED = ("topic", "verdict", "reviewer", "date", "rationale", "values_seen")

# The choices of enumerated keys, in the order messages and the schema list them.
PROPERTY_TYPES = tuple(PropertyType)
CARDINALITIES = tuple(Cardinality)
MODALITIES = tuple(Modality)
VERDICTS = tuple(Verdict)

# The languages `claimcheck draft` reads articles in (the command line's --language).
DRAFT_LANGUAGES = ("en", "de", "hu", "ja")


def classify(root: Node) -> str | None:
    """The kind of a file from its top-level keys: source, registry, resolutions or None."""
    if not isinstance(root, Mapping):
        return None
    keys = root.items
    if any(key in keys for key in SOURCE_FILE_KEYS):
        return "source"
    if any(key in keys for key in REGISTRY_FILE_KEYS):
        return "registry"
    if any(key in keys for key in RESOLUTIONS_FILE_KEYS):
        return "resolutions"
    return None


def kind_of(document: Document) -> str | None:
    """The kind of a loaded document, or None when unreadable or of no known kind."""
    return classify(document.root) if document.root is not None else None
