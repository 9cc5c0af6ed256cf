"""Raw YAML trees to model objects: schema, types, ids, names and values.

Every rule of contract section 1 and the value syntax of section 2 is checked here;
each failure becomes a :class:`Problem` at the offending node. A claim that cannot be
understood is dropped (with its problem); everything else keeps going.

Two entry points, both functions of their arguments only: :func:`build_registry` turns
the registry files into a :class:`Registry` (entities, properties, settings, name
index), and :func:`validate_file` turns one source or resolutions file into a
:class:`~checker.claimset.FileResult` against it, so serial, parallel and cached runs
share one path; :func:`checker.claimset.merge` joins the results.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker.claimset import FileResult
from checker.load import NULL_SPELLINGS, Document, Mapping, Node, Scalar, Sequence, is_null
from checker.model import (
    Cardinality,
    Claim,
    DateValue,
    Entity,
    EntityValue,
    MatchMethod,
    Modality,
    Past,
    Property,
    PropertyType,
    QuantityValue,
    Resolution,
    ScalarValue,
    Settings,
    Source,
    Span,
    Value,
    Verdict,
)
from checker.problems import Problem, Severity, problem
from checker.registry import Match, Names, adhoc_id
from checker.values import (
    YAML11_BOOLEANS,
    ValueSyntaxError,
    canonical_unit,
    canonical_value_text,
    make_list,
    make_text,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_name,
    parse_quantity,
    parse_tolerance,
    split_names,
    widen_date,
)
from checker.vocabulary import (
    CARDINALITIES,
    CLAIM_KEYS,
    CLAIM_REQUIRED,
    ENTITY_KEYS,
    HISTORY_KEYS,
    HISTORY_REQUIRED,
    ID_PATTERN,
    KEY_TYPES,
    LANGUAGE_PATTERN,
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
    classify,
)

_CLAIM_KEYSET = frozenset(CLAIM_KEYS)
C = TypeVar("C", bound=str)  # a choice: a member of one of the model's string enums


def span_of(path: str, node: Node) -> Span:
    return Span(path, node.line, node.column)


def _type_name(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "null" if is_null(node) else "text"


class _File:
    """Validation helpers bound to one file's path and the problem list they add to.
    ``left_out`` counts the values parsed but left out of comparison (CC112); ``said``
    holds each (code, line, column, file) reported, so one rule at one spot is said once
    (a required key with no value is also text with no value)."""

    __slots__ = ("left_out", "path", "problems", "said")

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.left_out = 0
        self.said: set[tuple[str, int, int, str]] = set()

    def report(self, code: str, node: Node | Span, message: str) -> None:
        where = node if isinstance(node, Span) else span_of(self.path, node)
        spot = (code, where.line, where.column, where.file)
        if spot not in self.said:
            self.said.add(spot)
            self.problems.append(problem(code, where, message))

    def mapping(self, node: Node, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        self.report("CC103", node, f"{what} must be a mapping, not {_type_name(node)}")
        return None

    def sequence(self, node: Node, what: str) -> Sequence | None:
        if isinstance(node, Sequence):
            return node
        self.report("CC103", node, f"{what} must be a list, not {_type_name(node)}")
        return None

    def keys(
        self,
        mapping: Mapping,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
        allowed_set: frozenset[str] | None = None,
    ) -> bool:
        """Report unknown keys (with a hint) and missing required keys; True if none missing."""
        items = mapping.items
        if not (allowed_set or frozenset(allowed)).issuperset(items):
            for name, (key, _) in items.items():
                if name not in allowed:
                    hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                    message = f"unknown key {name!r} in {what}"
                    if hint:
                        message += f" (did you mean {hint[0]!r}?)"
                    else:
                        message += f"; allowed: {', '.join(allowed)}"
                    self.report("CC102", key, message)
        ok = True
        for name in required:
            entry = items.get(name)
            if entry is None or (
                type(v := entry[1]) is Scalar and v.plain and v.value in NULL_SPELLINGS
            ):
                if name in items:
                    self.report("CC101", items[name][1], f"{what} key {name!r} has no value")
                else:
                    self.report("CC101", mapping, f"{what} is missing required key {name!r}")
                ok = False
        return ok

    def text(self, node: Node, what: str, *, required: bool = True) -> str | None:
        """A scalar used as text; YAML 1.1 boolean spellings must be quoted."""
        if type(node) is not Scalar:
            self.report("CC103", node, f"{what} must be text, not {_type_name(node)}")
            return None
        value = node.value
        if node.plain:
            if value in NULL_SPELLINGS:
                if required:
                    self.report("CC101", node, f"{what} has no value")
                return None
            if len(value) <= 3 and value.lower() in YAML11_BOOLEANS:
                self.report(
                    "CC108",
                    node,
                    f"{what} {node.value!r} reads as a boolean in YAML 1.1: "
                    f'quote it ("{node.value}")',
                )
                return None
        if required and not value.strip():
            self.report("CC101", node, f"{what} is empty")
            return None
        return value

    def optional_text(
        self, items: dict[str, tuple[Scalar, Node]], key: str, what: str
    ) -> str | None:
        entry = items.get(key)
        if entry is None:
            return None
        return self.text(entry[1], f"{what} {key}", required=False)

    def date(self, node: Node, what: str) -> DateValue | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        try:
            return parse_date(raw)
        except ValueSyntaxError as exc:
            self.report("CC104", node, f"{what}: {exc}")
            return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.value.lower() in ("true", "false"):
            return node.value.lower() == "true"
        self.report("CC109", node, f"{what} must be true or false")
        return None

    def choice(self, node: Node, choices: tuple[C, ...], what: str) -> C | None:
        """The member of ``choices`` (an enum's members) that ``node`` spells, or None
        with CC109 naming the choices (and the nearest one)."""
        raw = self.text(node, what)
        if raw is None:
            return None
        for member in choices:
            if member == raw:
                return member
        hint = difflib.get_close_matches(raw.lower(), choices, n=1, cutoff=0.6)
        message = f"{what} {raw!r} is not one of: {', '.join(choices)}"
        if hint:
            message += f" (did you mean {str(hint[0])!r}?)"
        self.report("CC109", node, message)
        return None

    def text_list(self, node: Node, what: str) -> tuple[str, ...]:
        if isinstance(node, Scalar) and is_null(node):
            return ()
        seq = self.sequence(node, what)
        if seq is None:
            return ()
        out = []
        for item in seq.items:
            value = self.text(item, f"{what} item")
            if value is not None:
                out.append(value)
        return tuple(out)

    def identifier(self, node: Node, what: str) -> str | None:
        raw = self.text(node, what)
        if raw is None:
            return None
        if not ID_PATTERN.match(raw):
            self.report("CC105", node, f"{what} {raw!r} must match [a-z0-9][a-z0-9-]*")
            return None
        return raw


def _number(f: _File, node: Node, what: str, low: float, high: float) -> float | None:
    raw = f.text(node, what)
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        f.report("CC104", node, f"{what} must be a number, not {raw!r}")
        return None
    if not low <= number <= high:
        f.report("CC104", node, f"{what} must be between {low:g} and {high:g}")
        return None
    return number


# --------------------------------------------------------------------------- registry


@dataclass
class _Entries:
    """The entities and properties of the registry files read so far."""

    entities: dict[str, Entity] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)


def _registry_file(
    f: _File, root: Mapping, cs: _Entries, settings: dict[str, tuple[object, Span]]
) -> None:
    f.keys(root, REGISTRY_FILE_KEYS, (), "registry file")
    items = root.items
    if "entities" in items and not is_null(items["entities"][1]):
        entities = f.mapping(items["entities"][1], "entities")
        for key, node in (entities.items if entities else {}).values():
            _entity(f, key, node, cs)
    if "properties" in items and not is_null(items["properties"][1]):
        props = f.mapping(items["properties"][1], "properties")
        for key, node in (props.items if props else {}).values():
            _property(f, key, node, cs)
    if "settings" in items and not is_null(items["settings"][1]):
        block = f.mapping(items["settings"][1], "settings")
        if block is not None:
            f.keys(block, SETTINGS_KEYS, (), "settings")
            for name, (key, node) in block.items.items():
                if name not in SETTINGS_KEYS:
                    continue
                if name in settings:
                    first = settings[name][1]
                    f.report(
                        "CC207", key, f"setting {name!r} already set in {first.file}:{first.line}"
                    )
                    continue
                value: object
                if name == "fuzzy_threshold":
                    value = _number(f, node, "fuzzy_threshold", 0, 100)
                else:
                    value = f.choice(node, PLAN_VS_ACTUAL, "plan_vs_actual")
                if value is not None:
                    settings[name] = (value, span_of(f.path, key))


def _new_id(
    f: _File, key: Scalar, defined: dict[str, Entity] | dict[str, Property], kind: str
) -> str | None:
    """A registry entry's id, unless invalid or already defined (CC206, second one ignored)."""
    entry_id = f.identifier(key, f"{kind} id")
    if entry_id is None:
        return None
    if entry_id in defined:
        first = defined[entry_id].span
        f.report(
            "CC206", key, f"{kind} {entry_id!r} is already defined at {first.file}:{first.line}"
        )
        return None
    return entry_id


def _entity(f: _File, key: Scalar, node: Node, cs: _Entries) -> None:
    entity_id = _new_id(f, key, cs.entities, "entity")
    if entity_id is None:
        return
    label = entity_id
    aliases: tuple[str, ...] = ()
    if not is_null(node):
        body = f.mapping(node, f"entity {entity_id!r}")
        if body is None:
            return
        f.keys(body, ENTITY_KEYS, (), f"entity {entity_id!r}")
        label = f.optional_text(body.items, "label", f"entity {entity_id!r}") or entity_id
        if "aliases" in body.items:
            aliases = f.text_list(body.items["aliases"][1], f"entity {entity_id!r} aliases")
    cs.entities[entity_id] = Entity(entity_id, label, aliases, span_of(f.path, key))


def _property(f: _File, key: Scalar, node: Node, cs: _Entries) -> None:
    prop_id = _new_id(f, key, cs.properties, "property")
    if prop_id is None:
        return
    what = f"property {prop_id!r}"
    body = f.mapping(node, what)
    if body is None or not f.keys(body, PROPERTY_KEYS, ("type",), what):
        return
    items = body.items
    kind = f.choice(items["type"][1], PROPERTY_TYPES, f"{what} type")
    if kind is None:
        return
    label = f.optional_text(items, "label", what) or prop_id
    cardinality = Cardinality.SINGLE
    if "cardinality" in items:
        cardinality = (
            f.choice(items["cardinality"][1], CARDINALITIES, f"{what} cardinality")
            or Cardinality.SINGLE
        )
    time_varying = False
    if "time_varying" in items:
        time_varying = bool(f.boolean(items["time_varying"][1], f"{what} time_varying"))
    present = {
        name: items[name] for name in KEY_TYPES if name in items and not is_null(items[name][1])
    }
    for name, (key_node, _) in present.items():
        if kind not in KEY_TYPES[name]:
            types = " and ".join(KEY_TYPES[name])
            f.report("CC102", key_node, f"{what}: {name!r} applies to {types} properties only")
    unit: str | None = None
    if "unit" in present and kind is PropertyType.QUANTITY:
        written = f.text(present["unit"][1], f"{what} unit")
        unit = canonical_unit(written) if written else None
    tolerance, absolute = 0.0, Decimal(0)
    if "tolerance" in present and kind in KEY_TYPES["tolerance"]:
        node_t = present["tolerance"][1]
        raw_t = f.text(node_t, f"{what} tolerance")
        if raw_t is not None:
            try:
                tolerance, absolute = parse_tolerance(raw_t, kind, unit)
            except ValueSyntaxError as exc:
                f.report("CC104", node_t, f"{what}: {exc}")
    timezone: str | None = None
    if "timezone" in present and kind is PropertyType.DATETIME:
        timezone = _timezone(f, present["timezone"][1], what)
    aliases = f.text_list(items["aliases"][1], f"{what} aliases") if "aliases" in items else ()
    cs.properties[prop_id] = Property(
        prop_id,
        label,
        kind,
        cardinality,
        time_varying,
        unit,
        tolerance,
        aliases,
        span_of(f.path, key),
        absolute,
        timezone,
    )


def _timezone(f: _File, node: Node, what: str) -> str | None:
    """An IANA time zone name that the standard library's zoneinfo can read."""
    name = f.text(node, f"{what} timezone")
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        f.report(
            "CC104",
            node,
            f"{what} timezone {name!r} is not a known IANA time zone "
            "(e.g. America/Chicago, Europe/Budapest, UTC)",
        )
        return None
    return name


def _index(cs: _Entries, threshold: float, problems: list[Problem]) -> tuple[Names, Names]:
    entities, properties = Names(threshold), Names(threshold)
    for kind, names, entries in (
        ("entity", entities, cs.entities.values()),
        ("property", properties, cs.properties.values()),
    ):
        for entry in entries:
            for alias, other in names.add(entry.id, (entry.label, *entry.aliases)):
                problems.append(
                    problem(
                        "CC205",
                        entry.span,
                        f"alias {alias!r} of {kind} {entry.id!r} also names {kind} {other!r}; "
                        "using it is an ambiguity error",
                    )
                )
    return entities, properties


# --------------------------------------------------------------------------- sources


class NameResolver:
    """Name resolution against the registry, with its problems."""

    __slots__ = ("entities", "properties", "registered")

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entity_names
        self.properties = registry.property_names
        self.registered = registry.properties

    def _fuzzy_note(self, f: _File, node: Node, name: str, match: Match, kind: str) -> None:
        f.report(
            "CC203",
            node,
            f"{kind} {name!r} matched {match.id!r} by its label or alias "
            f"{match.matched!r} only approximately (score {match.score:.1f})",
        )

    def entity(self, f: _File, node: Node, name: str, what: str) -> str | None:
        match = self.entities.resolve(name)
        if match.id is not None:
            if match.how is MatchMethod.FUZZY:
                self._fuzzy_note(f, node, name, match, what)
            return match.id
        if match.how is MatchMethod.AMBIGUOUS:
            f.report(
                "CC204",
                node,
                f"{what} {name!r} is ambiguous: it matches {' and '.join(match.candidates)}",
            )
            return None
        key = adhoc_id(name)
        f.report("CC202", node, f"{what} {name!r} is not registered; using ad-hoc entity {key!r}")
        return key

    def property(self, f: _File, node: Node, name: str) -> Property | None:
        match = self.properties.resolve(name)
        if match.how is MatchMethod.FUZZY:
            # A property name close to a registered one is a typo far more often than a
            # new name (``event-dat``): an error with the suggestion, so CI catches it.
            f.report(
                "CC201",
                node,
                f"unknown property {name!r} (did you mean {match.matched!r}, property "
                f"{match.id!r}? score {match.score:.1f}): fix the spelling or add it "
                "to a registry file",
            )
            return None
        if match.id is not None:
            return self.registered[match.id]
        if match.how is MatchMethod.AMBIGUOUS:
            f.report(
                "CC204",
                node,
                f"property {name!r} is ambiguous: it matches {' and '.join(match.candidates)}",
            )
        else:
            f.report("CC201", node, f"unknown property {name!r}: add it to a registry file")
        return None


def _text_path(f: _File, node: Node, raw: str, document: Document) -> tuple[str, Path] | None:
    """Check a source's ``text:`` stays inside the claim set; never read it here.

    Returns the path as written and the resolved target (symlinks followed).
    """
    root = document.set_root
    pure = PurePosixPath(raw)
    if pure.is_absolute() or raw.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", raw):
        f.report("CC111", node, f"text path {raw!r} is absolute; give a path inside the claim set")
        return None
    target = (document.real_path.parent / raw).resolve()
    if root is None or not target.is_relative_to(root):
        f.report("CC111", node, f"text path {raw!r} leaves the claim set")
        return None
    return str(Path(raw)), target


def _source_file(
    f: _File, root: Mapping, document: Document, out: FileResult, res: NameResolver
) -> None:
    f.keys(root, SOURCE_FILE_KEYS, SOURCE_FILE_KEYS, "source file")
    items = root.items
    source = None
    if "source" in items and not is_null(items["source"][1]):
        source = _source(f, items["source"][1], document, out)
    if "claims" not in items or is_null(items["claims"][1]):
        return
    claims = f.sequence(items["claims"][1], "claims")
    if claims is None:
        return
    out.claim_count += len(claims.items)
    # The claims of a source we cannot identify are still checked, but not compared.
    checked = source or Source("?", "?", "und", f.path, span_of(f.path, root))
    seen: dict[str, int] = {}
    for node in claims.items:
        claim = _claim(f, node, checked, seen, res)
        if claim is not None and source is not None:
            out.claims.append(claim)
            if claim.as_of is None and claim.value is not None:
                _undated(f, claim, res.registered[claim.property])


def _undated(f: _File, claim: Claim, prop: Property) -> None:
    """CC113: a time-varying claim with no date of its own or its source's is compared with
    every claim of its topic, whatever their dates."""
    if prop.time_varying:
        f.report(
            "CC113",
            claim.span,
            f"claim {claim.id!r} on time-varying {prop.id!r} has no as_of and its "
            "source no published date; it is compared with every claim of its topic",
        )


def _source(f: _File, node: Node, document: Document, out: FileResult) -> Source | None:
    body = f.mapping(node, "source")
    if body is None:
        return None
    ok = f.keys(body, SOURCE_KEYS, SOURCE_REQUIRED, "source")
    items = body.items
    source_id = f.identifier(items["id"][1], "source id") if "id" in items else None
    title = f.text(items["title"][1], "source title") if "title" in items else None
    language = f.text(items["language"][1], "source language") if "language" in items else None
    if language is not None and not LANGUAGE_PATTERN.match(language):
        f.report(
            "CC110",
            items["language"][1],
            f"language {language!r} is not a BCP 47 tag (e.g. en, hu, ja)",
        )
        language = None
    published = f.date(items["published"][1], "published") if "published" in items else None
    text = None
    text_target = None
    if "text" in items:
        raw = f.text(items["text"][1], "source text")
        if raw is not None:
            checked = _text_path(f, items["text"][1], raw, document)
            if checked is not None:
                text, text_target = checked
    if not ok or source_id is None or title is None or language is None:
        return None
    source = Source(
        source_id,
        title,
        language,
        f.path,
        span_of(f.path, items["id"][1]),
        published,
        f.optional_text(items, "author", "source"),
        f.optional_text(items, "publisher", "source"),
        f.optional_text(items, "url", "source"),
        text,
    )
    out.sources.append(source)
    if text_target is not None:
        out.texts[source_id] = (text_target, span_of(f.path, items["text"][1]))
    return source


def _claim(
    f: _File, node: Node, source: Source, seen: dict[str, int], res: NameResolver
) -> Claim | None:
    body = f.mapping(node, "claim")
    if body is None:
        return None
    ok = f.keys(body, CLAIM_KEYS, CLAIM_REQUIRED, "claim", _CLAIM_KEYSET)
    items = body.items
    claim_id = f.identifier(items["id"][1], "claim id") if "id" in items else None
    if claim_id is not None:
        if claim_id in seen:
            f.report(
                "CC106",
                items["id"][1],
                f"claim id {claim_id!r} is already used at line {seen[claim_id]}",
            )
            claim_id = None
        else:
            seen[claim_id] = items["id"][1].line
    subject_name = f.text(items["subject"][1], "subject") if "subject" in items else None
    subject = res.entity(f, items["subject"][1], subject_name, "subject") if subject_name else None
    prop_name = f.text(items["property"][1], "property") if "property" in items else None
    prop = res.property(f, items["property"][1], prop_name) if prop_name else None
    quote = f.text(items["quote"][1], "quote") if "quote" in items else None
    value: Value | None = None
    left_out_before = f.left_out
    if prop is not None and "value" in items and not is_null(items["value"][1]):
        value = _value(f, items["value"][1], prop, res)
    # Parsed but left out of comparison (for a list, one of its items): the claim stays.
    left_out = f.left_out > left_out_before
    as_of = f.date(items["as_of"][1], "as_of") if "as_of" in items else None
    modality = Modality.ACTUAL
    if "modality" in items:
        modality = f.choice(items["modality"][1], MODALITIES, "modality") or Modality.ACTUAL
    negated = False
    if "negated" in items:
        negated = bool(f.boolean(items["negated"][1], "negated"))
    translation = f.optional_text(items, "translation", "claim")
    location = f.optional_text(items, "location", "claim")
    note = f.optional_text(items, "note", "claim")
    if not ok or claim_id is None or subject is None or prop is None or quote is None:
        return None
    if value is None and not left_out:
        return None
    return Claim(
        source.id,
        claim_id,
        subject,
        prop.id,
        value,
        quote,
        span_of(f.path, body),
        span_of(f.path, items["value"][1]),
        translation,
        as_of if as_of is not None else source.published,
        modality,
        negated,
        location,
        note,
        subject_name or "",
        span_of(f.path, items["quote"][1]),
    )


def _value(f: _File, node: Node, prop: Property, res: NameResolver) -> Value | None:
    what = f"value of {prop.id!r}"
    if prop.cardinality is Cardinality.LIST:
        nodes = node.items if isinstance(node, Sequence) else [node]  # a scalar: one element
        if not nodes:
            f.report("CC104", node, f"{what}: a list value needs at least one element")
            return None
        items: list[ScalarValue | None] = []
        for item in nodes:
            if prop.type is PropertyType.NAME:
                items.extend(_names(f, item, what))
            else:
                items.append(_scalar_value(f, item, prop, res, f"{what} item"))
        if not items or any(item is None for item in items):
            return None
        return make_list([item for item in items if item is not None])
    if isinstance(node, Sequence):
        f.report(
            "CC103",
            node,
            f"{what} is a list but property {prop.id!r} has cardinality {prop.cardinality}; "
            "write one value per claim, or declare the property cardinality: list",
        )
        return None
    return _scalar_value(f, node, prop, res, what)


def _names(f: _File, node: Node, what: str) -> list[ScalarValue | None]:
    """The names of one element of a list of names; sources run several names into one
    string (``Kenneth L. Calvert, Michael J. Donahoo``), see ``split_names``."""
    raw = f.text(node, f"{what} item")
    if raw is None:
        return [None]
    try:
        return [parse_name(name) for name in split_names(raw)]
    except ValueSyntaxError as exc:
        f.report("CC104", node, f"{what} item: {exc}")
        return [None]


def _scalar_value(
    f: _File, node: Node, prop: Property, res: NameResolver, what: str
) -> ScalarValue | None:
    kind = prop.type
    try:
        if kind is PropertyType.QUANTITY:
            return _quantity(f, node, prop, what)
        if kind is PropertyType.BOOLEAN:
            if not isinstance(node, Scalar):
                f.report("CC103", node, f"{what} must be true or false, not {_type_name(node)}")
                return None
            return parse_boolean(node.value)
        raw = f.text(node, what)
        if raw is None:
            return None
        if kind is PropertyType.DATE:
            return widen_date(parse_date(raw), int(prop.absolute))
        if kind is PropertyType.DATETIME:
            return parse_datetime(raw, timezone=prop.timezone, tolerance=int(prop.absolute))
        if kind is PropertyType.NAME:
            return parse_name(raw)
        if kind is PropertyType.ENTITY:
            entity = res.entity(f, node, raw, "entity value")
            return EntityValue(entity, entity) if entity is not None else None
        return make_text(raw)
    except ValueSyntaxError as exc:
        f.report("CC104", node, f"{what}: {exc}")
        return None


def _quantity(f: _File, node: Node, prop: Property, what: str) -> QuantityValue | None:
    raw: str | dict[str, str]
    if isinstance(node, Mapping):
        raw = {}
        for name, (_, item) in node.items.items():
            text = f.text(item, f"{what} {name}")
            if text is None:
                return None
            raw[name] = text
    else:
        text = f.text(node, what)
        if text is None:
            return None
        raw = text
    value = parse_quantity(raw, tolerance=prop.tolerance, absolute=prop.absolute)
    if value.unit is None:
        if prop.unit is None:
            return value
        return QuantityValue(value.lo, value.hi, prop.unit, f"{value.text} {prop.unit}")
    if value.unit != prop.unit:
        expected = f"its unit {prop.unit!r}" if prop.unit else "no unit"
        f.report(
            "CC112",
            node,
            f"{what} is in {value.unit!r} but property {prop.id!r} has {expected}; "
            "left out of comparison",
        )
        f.left_out += 1
        return None
    return value


# --------------------------------------------------------------------------- resolutions


def _resolutions_file(f: _File, root: Mapping, out: FileResult, registry: Registry) -> None:
    f.keys(root, RESOLUTIONS_FILE_KEYS, RESOLUTIONS_FILE_KEYS, "resolutions file")
    out.resolution_files.append(f.path)
    if "resolutions" not in root.items or is_null(root.items["resolutions"][1]):
        return
    entries = f.sequence(root.items["resolutions"][1], "resolutions")
    for node in entries.items if entries else ():
        body = f.mapping(node, "resolution")
        if body is None:
            continue
        ok = f.keys(body, RESOLUTION_KEYS, RESOLUTION_REQUIRED, "resolution")
        items = body.items
        fields: dict[str, str | None] = {}
        for name in ("topic", "reviewer", "date", "rationale"):
            fields[name] = f.text(items[name][1], f"resolution {name}") if name in items else None
        verdict = f.choice(items["verdict"][1], VERDICTS, "verdict") if "verdict" in items else None
        value = f.optional_text(items, "value", "resolution")
        if (
            "date" in items
            and fields["date"] is not None
            and f.date(items["date"][1], "resolution date") is None
        ):
            ok = False
        if verdict is Verdict.ACCEPT and value is None:
            f.report("CC101", body, "an accept resolution needs the accepted value")
            ok = False
        if verdict not in (None, Verdict.ACCEPT) and value is not None:
            f.report(
                "CC102",
                items["value"][0],
                f"value applies to accept resolutions only, not {verdict}",
            )
        seen = f.text_list(items["values_seen"][1], "values_seen") if "values_seen" in items else ()
        evidence = f.text_list(items["evidence"][1], "evidence") if "evidence" in items else ()
        history = _history(f, items["history"][1]) if "history" in items else ()
        if not ok or verdict is None or any(v is None for v in fields.values()):
            continue
        topic = str(fields["topic"])
        properties, entities = registry.properties, registry.entities
        seen = tuple(canonical_value_text(properties, topic, v, entities) for v in seen)
        if value is not None:
            value = canonical_value_text(properties, topic, value, entities)
        out.resolutions.append(
            Resolution(
                str(fields["topic"]),
                verdict,
                str(fields["reviewer"]),
                str(fields["date"]),
                str(fields["rationale"]),
                seen,
                span_of(f.path, body),
                value,
                evidence,
                span_of(f.path, items["topic"][1]),
                span_of(f.path, items["value"][1]) if "value" in items else None,
                history,
            )
        )


def _history(f: _File, node: Node) -> tuple[Past, ...]:
    """A resolution's earlier verdicts (written by ``claimcheck resolve``), newest first.

    A malformed entry is reported and left out; it never invalidates the resolution.
    """
    if is_null(node):
        return ()
    entries = f.sequence(node, "history")
    found = []
    for item in entries.items if entries else ():
        body = f.mapping(item, "history entry")
        if body is None or not f.keys(body, HISTORY_KEYS, HISTORY_REQUIRED, "history entry"):
            continue
        items = body.items
        verdict = f.choice(items["verdict"][1], VERDICTS, "history verdict")
        if verdict is None:
            continue
        found.append(
            Past(
                verdict,
                f.optional_text(items, "reviewer", "history") or "",
                f.optional_text(items, "date", "history") or "",
                f.optional_text(items, "rationale", "history") or "",
                f.optional_text(items, "value", "history"),
                f.text_list(items["evidence"][1], "evidence") if "evidence" in items else (),
                f.text_list(items["values_seen"][1], "values_seen")
                if "values_seen" in items
                else (),
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------- entry point


@dataclass(frozen=True)
class Registry:
    """The validated registry files: what every other file is validated against.

    ``problems``: the registry files' own (loading them included), in file order.
    The name indexes are built once (a second's work on a large registry) and only
    read afterwards (their memo of names resolved aside).
    """

    entities: dict[str, Entity]
    properties: dict[str, Property]
    settings: Settings
    problems: list[Problem]
    entity_names: Names
    property_names: Names

    def snapshot(self) -> tuple[object, ...]:
        """The fields in order, for ``Registry(*snapshot)`` (the cache stores it)."""
        return (
            self.entities,
            self.properties,
            self.settings,
            self.problems,
            self.entity_names,
            self.property_names,
        )


def build_registry(documents: Iterable[Document]) -> Registry:
    """Validate registry files (each read once, in order: a caller may stream them) into
    the registry, with its settings fixed and its names indexed."""
    problems: list[Problem] = []
    entries = _Entries()
    found: dict[str, tuple[object, Span]] = {}
    for document in documents:
        problems.extend(document.problems)
        if not isinstance(document.root, Mapping):
            raise ValueError(f"{document.path} is not a registry file")
        _registry_file(_File(document.path, problems), document.root, entries, found)
    settings = Settings(
        fuzzy_threshold=float(found.get("fuzzy_threshold", (90.0, None))[0]),  # type: ignore[arg-type]
        plan_vs_actual=Severity(str(found.get("plan_vs_actual", (Severity.WARNING, None))[0])),
    )
    names = _index(entries, settings.fuzzy_threshold, problems)
    return Registry(entries.entities, entries.properties, settings, problems, *names)


def validate_file(document: Document, registry: Registry) -> FileResult:
    """Validate a source or resolutions file (or report a file of no known kind) against
    the registry; the result depends on nothing else (a source id another file also
    uses is found where results meet, :func:`checker.claimset.merge`)."""
    out = FileResult(list(document.problems))
    root = document.root
    if root is None:
        return out
    kind = classify(root)
    if kind is None:
        out.problems.append(_unknown_kind(document.path, root))
    elif kind == "source":
        assert isinstance(root, Mapping)
        f = _File(document.path, out.problems)
        _source_file(f, root, document, out, NameResolver(registry))
    elif kind == "resolutions":
        assert isinstance(root, Mapping)
        _resolutions_file(_File(document.path, out.problems), root, out, registry)
    else:
        raise ValueError(f"{document.path} is a registry file; give it to build_registry")
    return out


def read_value(registry: Registry, f: _File, node: Node, prop: Property) -> Value | None:
    """Parse ``node`` as a claim's ``value:`` of ``prop`` would be, problems reported to
    ``f`` (the importer checks each table cell where it stands, not in the written YAML)."""
    return _value(f, node, prop, NameResolver(registry))


def _unknown_kind(path: str, root: Node) -> Problem:
    if isinstance(root, Sequence):
        found = "a list"
    elif isinstance(root, Scalar):
        found = "text"
    else:
        found = "keys " + ", ".join(sorted(root.items))
    return problem(
        "CC010",
        span_of(path, root),
        "not a claim file: expected source:+claims:, entities:/properties: "
        f"or resolutions: at the top level, found {found}",
    )
