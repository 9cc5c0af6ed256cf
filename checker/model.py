"""The data model: spans, sources, claims, registry entries and normalised values.

Frozen, slotted dataclasses; no I/O here. The words of the format and of the reports
(a property's type, a verdict, a discrepancy's kind, ...) are string enums: each member
is the very string a file or report spells, so it compares, hashes, sorts and serialises
as that string, and code names it instead of repeating the literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A 1-based location in a file."""

    file: str
    line: int = 1
    column: int = 1


class Severity(StrEnum):
    """How much a problem or a discrepancy weighs: an error fails ``claimcheck check``."""

    ERROR = "error"
    WARNING = "warning"


class Relation(StrEnum):
    """How two claims that face each other relate."""

    AGREES = "agrees"
    COMPATIBLE = "compatible"
    CONFLICTS = "conflicts"


class PropertyType(StrEnum):
    """How a property's values are read and compared (contract 2, 8.1)."""

    DATE = "date"
    DATETIME = "datetime"
    QUANTITY = "quantity"
    ENTITY = "entity"
    TEXT = "text"
    NAME = "name"
    BOOLEAN = "boolean"


class Cardinality(StrEnum):
    """How many values of a property can be true at once (contract 1.2, 8.1)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    LIST = "list"


class Modality(StrEnum):
    """Whether a claim states what is, or what is planned or expected (contract 3)."""

    ACTUAL = "actual"
    PLANNED = "planned"
    EXPECTED = "expected"


class Verdict(StrEnum):
    """A reviewer's verdict on a discrepancy (contract 4)."""

    ACCEPT = "accept"
    DISTINCT = "distinct"
    SCOPED = "scoped"
    OPEN = "open"


class ReviewStatus(StrEnum):
    """Where a discrepancy stands after review (contract 4, the report's ``status``)."""

    OPEN = "open"
    RESOLVED = "resolved"
    STALE = "stale"


class DiscrepancyKind(StrEnum):
    """What a discrepancy's conflicts are (contract 3, the report's ``kind``). In
    precedence order: a discrepancy is of the first kind any of its conflicts is."""

    SELF_CONTRADICTION = "self-contradiction"
    CONFLICT = "conflict"
    PLAN_VS_ACTUAL = "plan-vs-actual"


class MatchMethod(StrEnum):
    """How a name resolved (contract 1.2): by id, exactly, approximately, or not."""

    ID = "id"
    EXACT = "exact"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


# Day ordinals bounding open-ended date intervals (date.min / date.max).
MIN_DAY = 1
MAX_DAY = 3652059


@dataclass(frozen=True, slots=True)
class DateValue:
    """A closed interval of days (proleptic Gregorian ordinals), with its canonical text."""

    lo: int
    hi: int
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("date", self.lo, self.hi)


@dataclass(frozen=True, slots=True)
class DateTimeValue:
    """A closed interval of whole seconds, with its canonical text.

    ``zoned``: the seconds count from 0001-01-01T00:00 UTC (the instant is known);
    otherwise they count local wall-clock time of no known zone. The two never compare.
    """

    lo: int
    hi: int
    zoned: bool
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("datetime", self.lo, self.hi, self.zoned)


@dataclass(frozen=True, slots=True)
class QuantityValue:
    """A closed interval of amounts in ``unit`` (None: no unit written).

    The bounds are exact decimals: ``123456789012345678`` and ``...679`` differ.
    """

    lo: Decimal
    hi: Decimal
    unit: str | None
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("quantity", self.lo, self.hi, self.unit)


@dataclass(frozen=True, slots=True)
class EntityValue:
    id: str
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("entity", self.id)


@dataclass(frozen=True, slots=True)
class TextValue:
    """Free text; ``norm`` is the normalised form compared for identity."""

    norm: str
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("text", self.norm)


@dataclass(frozen=True, slots=True)
class NameValue:
    """A person's name: normalised family name and given names (initials as one letter)."""

    family: str
    given: tuple[str, ...]
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("name", self.family, self.given)


@dataclass(frozen=True, slots=True)
class BoolValue:
    value: bool
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        return ("boolean", self.value)


ScalarValue = (
    DateValue | DateTimeValue | QuantityValue | EntityValue | TextValue | NameValue | BoolValue
)


@dataclass(frozen=True, slots=True)
class ListValue:
    """The complete list a source gives (``cardinality: list``); order is not compared."""

    items: tuple[ScalarValue, ...]
    text: str

    @property
    def key(self) -> tuple[object, ...]:
        # Sorted by canonical text, which each item's key determines: equal multisets of
        # items give equal keys whatever the order (a repr of 100 and of 100.0 would differ).
        return ("list", *(item.key for item in sorted(self.items, key=lambda item: item.text)))


Value = ScalarValue | ListValue


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    label: str
    aliases: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Property:
    id: str
    label: str
    type: PropertyType
    cardinality: Cardinality = Cardinality.SINGLE
    time_varying: bool = False
    unit: str | None = None
    tolerance: float = 0.0
    aliases: tuple[str, ...] = ()
    span: Span = field(default_factory=lambda: Span("<builtin>"))
    # An absolute tolerance (section 8.1): an amount in ``unit`` for quantities, seconds
    # for datetimes, whole days for dates. Zero when the tolerance is relative or none.
    absolute: Decimal = Decimal(0)
    timezone: str | None = None  # datetime only: the IANA zone of offset-less values


@dataclass(frozen=True, slots=True)
class Settings:
    fuzzy_threshold: float = 90.0
    plan_vs_actual: Severity = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    language: str
    file: str
    span: Span
    published: DateValue | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A validated claim with its names resolved and its value normalised.

    ``value`` is None when the claim is left out of comparison (e.g. unit mismatch).
    """

    source: str
    local_id: str
    subject: str
    property: str
    value: Value | None
    quote: str
    span: Span
    value_span: Span
    translation: str | None = None
    as_of: DateValue | None = None
    modality: Modality = Modality.ACTUAL
    negated: bool = False
    location: str | None = None
    note: str | None = None
    subject_name: str = ""
    quote_span: Span | None = None  # where the quote is written, for evidence problems

    # Derived once: the global id and the topic are read millions of times on big sets.
    id: str = field(init=False, compare=False)
    topic: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.source}/{self.local_id}")
        object.__setattr__(self, "topic", f"{self.subject}/{self.property}")


@dataclass(frozen=True, slots=True)
class Past:
    """An earlier verdict on a topic, kept in its resolution's ``history:`` when a
    reviewer resolved it again (newest first). Its verdict is kept as written."""

    verdict: str
    reviewer: str
    date: str
    rationale: str
    value: str | None = None
    evidence: tuple[str, ...] = ()
    values_seen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    topic: str
    verdict: Verdict
    reviewer: str
    date: str
    rationale: str
    values_seen: tuple[str, ...]
    span: Span
    value: str | None = None
    evidence: tuple[str, ...] = ()
    # Where the topic and the accepted value are written, so problems point at them.
    topic_span: Span | None = None
    value_span: Span | None = None
    history: tuple[Past, ...] = ()  # earlier verdicts, newest first


def _pickle_as_constructor_call(cls: type) -> None:
    """Pickle instances as ``cls(*init fields)``.

    Worker processes send their validated claims back pickled; the default for slotted
    dataclasses (a state dict per object, set field by field) took longer than the
    validation it was meant to spread. This halves the round trip.
    """
    names = [f.name for f in fields(cls) if f.init]
    getter = attrgetter(*names)
    single = len(names) == 1  # attrgetter of one name returns the value, not a tuple

    def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
        return (cls, (getter(self),) if single else getter(self))

    cls.__reduce__ = reduce  # type: ignore[method-assign, assignment]


for _cls in (
    Span, DateValue, DateTimeValue, QuantityValue, EntityValue, TextValue, NameValue,
    BoolValue, ListValue,
    Entity, Property, Settings, Source, Claim, Resolution,
):  # fmt: skip
    _pickle_as_constructor_call(_cls)
