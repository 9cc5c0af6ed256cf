"""Value parsing, normalisation and comparison (contract sections 2 and 7).

Owns the literal forms a claim's ``value`` (and a source's ``published`` / a claim's
``as_of``) may take, their canonical text, and how two normalised values relate.
Everything here is pure and cached: the parse functions sit on the hot path.

Decisions the contract leaves open:

Dates
    Years are 1..9999 written with 1 to 4 digits; canonical text pads them to four
    (``476`` -> ``0476``, ISO 8601) and pads months and days to two (``1990-5`` ->
    ``1990-05``). A decade must end in 0 (``1970s``; ``1970S`` is accepted too).
    Spaces after ``~`` and around ``..`` are allowed and dropped from the canonical text.
    Each side of an interval may be any non-interval form, approximate ones included
    (``~1990..2000``). An approximate value that would leave years 1..9999 is clipped
    to the first or last representable day (``~0001`` starts on 0001-01-01).

Quantities
    Numbers: optional sign, digits, optional ``.`` decimals, optional exponent
    (``320e9``), or thousands separators: ``,`` or a space (``1,500``, ``1 500 000``),
    one kind per number and always in groups of three, so ``1,5`` is an error rather than
    a silent 15 or 1.5. A sign may stand before or after a currency symbol (``-$3``,
    ``$-3``). Scale words (case-insensitive): thousand, million, billion, trillion (short
    scale) and ``bn``; ``k`` and ``m`` are not scale words (kelvin, metres), so ``5k`` is
    5 with unit ``k`` and the property's unit check flags it.
    Anything after the number and scale is the unit; it must start with a letter, ``%``,
    ``°`` or a currency symbol. A currency symbol and a written unit must agree
    (``$5 EUR`` is an error). Mapping form: ``amount`` is a plain number, ``scale`` a
    positive number or a scale word. Ranges need ``lo <= hi``; open ranges are refused.
    Magnitudes beyond 1e300 (or non-zero below 1e-300) are errors.
    The interval widens each end by its own magnitude times the tolerance:
    ``[lo - |lo|*t, hi + |hi|*t]``, so negative amounts widen correctly.

Units (:func:`canonical_unit`)
    NFKC, case-folded, whitespace folded; ``%``/``percent``/``per cent`` -> ``percent``;
    ``$``/``us$``/``us dollar(s)`` -> ``USD``, ``€``/``euro(s)`` -> ``EUR``, ``£`` -> ``GBP``,
    ``¥``/``yen`` -> ``JPY``; well-known ISO 4217 codes upper-case (``usd`` -> ``USD``).
    ``dollars`` and ``pounds`` stay as written: they are ambiguous. Case-folding means
    ``MW`` and ``mW`` compare equal; claims about milliwatts are rare enough to accept it.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

from checker.model import (
    MAX_DAY,
    MIN_DAY,
    BoolValue,
    DateValue,
    QuantityValue,
    Relation,
    TextValue,
    Value,
)
from checker.registry import normalise, text_score

__all__ = [
    "YAML11_BOOLEANS",
    "ValueSyntaxError",
    "canonical_unit",
    "compare",
    "contains",
    "make_text",
    "negate_boolean",
    "parse_boolean",
    "parse_date",
    "parse_quantity",
]


class ValueSyntaxError(ValueError):
    """A literal that is not a valid value; ``str(exc)`` is a user-facing message."""


#: YAML 1.1 boolean spellings other than true/false, lower-case (callers ``lower()``).
YAML11_BOOLEANS: Final[frozenset[str]] = frozenset({"yes", "no", "on", "off", "y", "n"})

_CACHE_SIZE: Final = 65536
# NFKC leaves U+2212 MINUS SIGN alone; people paste it from typeset text.
_MINUS: Final = str.maketrans({"\u2212": "-"})


def _prepare(raw: str) -> str:
    """NFKC (full-width digits, tilde, dollar, yen, no-break spaces), minus sign, strip."""
    return unicodedata.normalize("NFKC", raw).translate(_MINUS).strip()


# --------------------------------------------------------------------------- dates

_DATE_SIDE: Final = re.compile(
    r"(?P<approx>~\s*)?(?P<year>\d{1,4})(?:(?P<decade>s)|-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
)
_DATE_FORMS: Final = (
    "expected YYYY, YYYY-MM, YYYY-MM-DD, a decade such as 1970s, "
    "~ before any of them for approximate, or an interval such as 2023..2025, ..2024 or 2024.."
)


def _year_start(year: int) -> int:
    return MIN_DAY if year < 1 else date(year, 1, 1).toordinal()


def _year_end(year: int) -> int:
    return MAX_DAY if year > 9999 else date(year, 12, 31).toordinal()


def _month_start(year: int, month: int, shift: int) -> int:
    y, m0 = divmod(year * 12 + month - 1 + shift, 12)
    return MIN_DAY if y < 1 else date(y, m0 + 1, 1).toordinal()


def _month_end(year: int, month: int, shift: int) -> int:
    y, m0 = divmod(year * 12 + month + shift, 12)  # first day of the following month
    return MAX_DAY if y > 9999 else date(y, m0 + 1, 1).toordinal() - 1


def _date_side(raw: str, side: str) -> tuple[int, int]:
    """One non-interval form -> (first day, last day); the text comes from the interval."""
    match = _DATE_SIDE.fullmatch(side)
    if match is None:
        raise ValueSyntaxError(f"invalid date {raw!r}: {_DATE_FORMS}")
    approx = 1 if match["approx"] else 0
    year = int(match["year"])
    if not 1 <= year <= 9999:
        raise ValueSyntaxError(f"invalid date {raw!r}: year must be 1..9999")
    if match["decade"]:
        if year % 10:
            raise ValueSyntaxError(
                f"invalid date {raw!r}: a decade must end in 0, e.g. {year - year % 10}s"
            )
        return _year_start(year - 10 * approx), _year_end(year + 9 + 10 * approx)
    if match["month"] is None:
        return _year_start(year - approx), _year_end(year + approx)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueSyntaxError(f"invalid date {raw!r}: month must be 1..12")
    if match["day"] is None:
        return _month_start(year, month, -approx), _month_end(year, month, approx)
    day = int(match["day"])
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueSyntaxError(
            f"invalid date {raw!r}: day must be 1..{last} in {year:04d}-{month:02d}"
        )
    ordinal = date(year, month, day).toordinal()
    return max(MIN_DAY, ordinal - approx), min(MAX_DAY, ordinal + approx)


def _precision(lo: int | None, hi: int | None) -> int:
    """The coarsest precision both ends fall on: 4 (years), 7 (months) or 10 (days),
    the length of the ISO text; ``None`` is an open end, which fits any."""
    first = date.fromordinal(lo) if lo is not None else None
    last = date.fromordinal(hi) if hi is not None else None
    if (first is None or (first.month, first.day) == (1, 1)) and (
        last is None or (last.month, last.day) == (12, 31)
    ):
        return 4
    if (first is None or first.day == 1) and (
        last is None or last.day == calendar.monthrange(last.year, last.month)[1]
    ):
        return 7
    return 10


def _interval_text(lo: int, hi: int) -> str:
    """The canonical text of a day interval: one spelling per interval, so ``1950s``,
    ``1950..1959`` and ``1950-01..1959-12`` group, report and resolve as one value.

    A whole day, month, year or decade is written as such, then the approximate forms
    (``~1990`` is 1989..1991), and anything else as ``A..B`` with both ends at the
    coarsest precision they share, open ends left empty (``..2024``).
    """
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    size = _precision(lo, hi)
    start, end = first.isoformat()[:size], last.isoformat()[:size]
    if start == end:
        return start  # one day, one month or one year
    if size == 4 and first.year % 10 == 0:
        if last.year == first.year + 9:
            return f"{start}s"
        if last.year == first.year + 29:
            return f"~{first.year + 10:04d}s"
    # ~X is X widened by one unit of its precision each way: three days, months or years.
    if size == 4 and last.year == first.year + 2:
        return f"~{first.year + 1:04d}"
    if size == 7 and (last.year - first.year) * 12 + last.month - first.month == 2:
        middle = first.year * 12 + first.month  # zero-based month index of the middle
        return f"~{middle // 12:04d}-{middle % 12 + 1:02d}"
    if size == 10 and hi - lo == 2:
        return f"~{date.fromordinal(lo + 1).isoformat()}"
    if lo == MIN_DAY:
        return f"..{last.isoformat()[: _precision(None, hi)]}"
    if hi == MAX_DAY:
        return f"{first.isoformat()[: _precision(lo, None)]}.."
    return f"{start}..{end}"


def _date(lo: int, hi: int) -> DateValue:
    return DateValue(lo, hi, _interval_text(lo, hi))


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_date(raw: str) -> DateValue:
    text = _prepare(raw).lower()
    if not text:
        raise ValueSyntaxError(f"invalid date {raw!r}: empty value; {_DATE_FORMS}")
    if ".." not in text:
        return _date(*_date_side(raw, text))
    parts = text.split("..")
    if len(parts) != 2:
        raise ValueSyntaxError(f"invalid date {raw!r}: an interval has exactly one '..'")
    left, right = parts[0].strip(), parts[1].strip()
    if not left and not right:
        raise ValueSyntaxError(f"invalid date {raw!r}: an interval needs at least one end")
    lo = _date_side(raw, left)[0] if left else MIN_DAY
    hi = _date_side(raw, right)[1] if right else MAX_DAY
    if lo > hi:
        raise ValueSyntaxError(f"invalid date {raw!r}: the start is after the end")
    return _date(lo, hi)


def parse_date(raw: str) -> DateValue:
    """Parse a date literal into a closed interval of day ordinals.

    Passing: ``1990``, ``1990-05``, ``1990-05-12``, ``1970s``, ``~1990`` (1989..1991),
    ``~1990-05`` (April..June), ``~1970s`` (1960..1989), ``2023..2025``, ``..2024``,
    ``2024..``, ``１９９０``. Failing: ``2023-13-45``, ``2023-02-30``, ``yesterday``,
    ``..``, ``2025..2023``, ``1975s``, empty text.
    """
    return _parse_date(raw)


# ----------------------------------------------------------------------- quantities

_NUMBER: Final = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\ \d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?"
    r"|\.\d+(?:[eE][-+]?\d+)?"
)
_OPERAND: Final = re.compile(
    rf"(?P<sign>[-+]?)(?P<cur>[$€£¥]?)\s*(?P<sign2>[-+]?)(?P<num>{_NUMBER})"
)
_PLAIN_NUMBER: Final = re.compile(rf"[-+]?(?:{_NUMBER})")
_RANGE_SEP: Final = re.compile(r"\s*\.\.\s*")
_SCALE_WORD: Final = re.compile(r"\s*(?P<scale>thousand|million|billion|trillion|bn)\b", re.I)
_UNIT_START: Final = re.compile(r"[^\W\d_]|[%°$€£¥]")
_NON_FINITE: Final = frozenset(
    sign + word for sign in ("", "+", "-") for word in ("inf", "infinity", ".inf", "nan", ".nan")
)

_SCALES: Final[dict[str, Decimal]] = {
    "thousand": Decimal("1e3"),
    "million": Decimal("1e6"),
    "billion": Decimal("1e9"),
    "trillion": Decimal("1e12"),
    "bn": Decimal("1e9"),
}
_SYMBOL_UNITS: Final[dict[str, str]] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_UNIT_ALIASES: Final[dict[str, str]] = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "$": "USD",
    "us$": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "yen": "JPY",
}
# Well-known ISO 4217 codes; codes that are also common words (ALL, CUP, TOP, ...) are
# left out so that such units keep their lower-case spelling.
# fmt: off
_CURRENCY_CODES: Final = frozenset({
    "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK",
    "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "KZT",
    "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD",
    "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND", "XAU", "XDR",
    "ZAR",
})
# fmt: on
_MIN_EXPONENT: Final = -300
_MAX_EXPONENT: Final = 300
_OUT_OF_RANGE: Final = "invalid quantity {raw!r}: the magnitude must be between 1e-300 and 1e300"
_POINT_05: Final = Decimal("0.05")
# Wide enough that scaling a written amount never rounds.
_CONTEXT: Final = Context(prec=200)
_QUANTITY_FORMS: Final = (
    "expected a number with an optional scale word (thousand, million, billion, trillion, bn) "
    "and unit, e.g. '320 billion USD', '$320bn', '31%', a range '31..32 million USD' "
    "or an approximate value '~320 billion USD'"
)


def canonical_unit(unit: str) -> str:
    """The comparison form of a unit: ``USD``/``usd``/``$`` -> ``USD``, ``%`` -> ``percent``.

    Passing through: any other unit, NFKC-normalised, case-folded and whitespace-folded
    (``'Tonnes'`` -> ``'tonnes'``). An empty unit stays empty.
    """
    folded = normalise(unit)
    alias = _UNIT_ALIASES.get(folded)
    if alias is not None:
        return alias
    upper = folded.upper()
    if upper in _CURRENCY_CODES:
        return upper
    return folded


def _decimal(raw: str, number: str) -> Decimal:
    """A matched number (separators allowed) as an exact Decimal within the magnitude limits."""
    try:
        value = Decimal(number.replace(",", "").replace(" ", ""))
    except InvalidOperation:  # an exponent too large even for Decimal
        raise ValueSyntaxError(_OUT_OF_RANGE.format(raw=raw)) from None
    _check_range(raw, value)
    return value


def _check_range(raw: str, value: Decimal) -> None:
    if value and not _MIN_EXPONENT <= value.adjusted() <= _MAX_EXPONENT:
        raise ValueSyntaxError(_OUT_OF_RANGE.format(raw=raw))


def _render(value: Decimal) -> str:
    """Plain decimal text: no exponent, no trailing zeros, no ``-0``."""
    if not value:
        return "0"
    return format(value.normalize(_CONTEXT), "f")


def _finish(
    raw: str,
    lo: Decimal,
    hi: Decimal,
    unit: str | None,
    approx: bool,
    tolerance: float,
    is_range: bool,
) -> QuantityValue:
    """Apply the tolerance and build the value; ``lo``/``hi`` are already scaled."""
    _check_range(raw, lo)
    _check_range(raw, hi)
    if lo > hi:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: the range's start is above its end")
    tol = Decimal(repr(tolerance))
    if approx:
        tol = max(tol, _POINT_05)
    low = float(_CONTEXT.subtract(lo, _CONTEXT.multiply(abs(lo), tol)))
    high = float(_CONTEXT.add(hi, _CONTEXT.multiply(abs(hi), tol)))
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueSyntaxError(_OUT_OF_RANGE.format(raw=raw))
    amount = f"{_render(lo)}..{_render(hi)}" if is_range else _render(lo)
    text = ("~" if approx else "") + amount + (f" {unit}" if unit else "")
    return QuantityValue(low, high, unit, text)


def _operand(raw: str, text: str, pos: int) -> tuple[Decimal, str | None, int]:
    """Match ``[sign][symbol][sign]number`` at ``pos`` -> (signed amount, symbol unit, end)."""
    match = _OPERAND.match(text, pos)
    if match is None:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: {_QUANTITY_FORMS}")
    if match["sign"] and match["sign2"]:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: more than one sign")
    amount = _decimal(raw, match["num"])
    if (match["sign"] or match["sign2"]) == "-":
        amount = -amount
    symbol_unit = _SYMBOL_UNITS[match["cur"]] if match["cur"] else None
    return amount, symbol_unit, match.end()


def _merge_units(raw: str, *units: str | None) -> str | None:
    found = {u for u in units if u is not None}
    if len(found) > 1:
        shown = " and ".join(sorted(found))
        raise ValueSyntaxError(f"invalid quantity {raw!r}: the units {shown} disagree")
    return found.pop() if found else None


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_quantity_text(raw: str, tolerance: float) -> QuantityValue:
    text = _prepare(raw)
    if not text:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: empty value; {_QUANTITY_FORMS}")
    if text.lower() in _NON_FINITE:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: not a finite number")
    approx = text.startswith("~")
    pos = 1 if approx else 0
    while pos < len(text) and text[pos].isspace():
        pos += 1
    lo, lo_symbol, pos = _operand(raw, text, pos)
    hi, hi_symbol, is_range = lo, lo_symbol, False
    sep = _RANGE_SEP.match(text, pos)
    if sep is not None:
        hi, hi_symbol, pos = _operand(raw, text, sep.end())
        is_range = True
    scale = Decimal(1)
    scale_match = _SCALE_WORD.match(text, pos)
    if scale_match is not None:
        scale = _SCALES[scale_match["scale"].lower()]
        pos = scale_match.end()
    rest = text[pos:].strip()
    written_unit: str | None = None
    if rest:
        if not _UNIT_START.match(rest):
            hint = (
                "; use '.' for decimals and ',' only between groups of three digits"
                if "," in text
                else ""
            )
            raise ValueSyntaxError(
                f"invalid quantity {raw!r}: unexpected {rest!r} after the number{hint}"
            )
        written_unit = canonical_unit(rest)
    unit = _merge_units(raw, lo_symbol, hi_symbol, written_unit)
    return _finish(
        raw,
        _CONTEXT.multiply(lo, scale),
        _CONTEXT.multiply(hi, scale),
        unit,
        approx,
        tolerance,
        is_range,
    )


_MAPPING_KEYS: Final = ("amount", "scale", "unit")


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_quantity_items(items: tuple[tuple[str, str], ...], tolerance: float) -> QuantityValue:
    fields = dict(items)
    shown = "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    unknown = sorted(set(fields) - set(_MAPPING_KEYS))
    if unknown:
        raise ValueSyntaxError(
            f"invalid quantity {shown!r}: unknown key {unknown[0]!r}; "
            "expected amount, scale and unit"
        )
    if "amount" not in fields:
        raise ValueSyntaxError(f"invalid quantity {shown!r}: 'amount' is required")
    amount_text = _prepare(fields["amount"])
    if not _PLAIN_NUMBER.fullmatch(amount_text):
        raise ValueSyntaxError(
            f"invalid quantity {shown!r}: amount {fields['amount']!r} is not a number"
        )
    amount = _decimal(shown, amount_text)
    scale = Decimal(1)
    if "scale" in fields:
        scale_text = _prepare(fields["scale"])
        word = scale_text.lower()
        if word in _SCALES:
            scale = _SCALES[word]
        elif _PLAIN_NUMBER.fullmatch(scale_text):
            scale = _decimal(shown, scale_text)
            if scale <= 0:
                raise ValueSyntaxError(f"invalid quantity {shown!r}: scale must be positive")
        else:
            raise ValueSyntaxError(
                f"invalid quantity {shown!r}: scale {fields['scale']!r} is neither a number "
                "nor thousand, million, billion, trillion or bn"
            )
    unit: str | None = None
    if "unit" in fields:
        unit = canonical_unit(fields["unit"])
        if not unit:
            raise ValueSyntaxError(f"invalid quantity {shown!r}: unit is empty")
    value = _CONTEXT.multiply(amount, scale)
    return _finish(shown, value, value, unit, False, tolerance, False)


def parse_quantity(raw: str | Mapping[str, str], *, tolerance: float = 0.0) -> QuantityValue:
    """Parse a quantity literal into a closed interval of amounts.

    ``tolerance`` is the property's relative tolerance; ``~`` raises it to at least 0.05.
    Passing: ``31``, ``320e9``, ``-3.5``, ``1,500``, ``1 500 000``, ``320 billion USD``,
    ``$320bn``, ``31%``, ``31..32 million USD``, ``~320 billion USD``,
    ``{amount: "320", scale: "1e9", unit: "USD"}``. The first, ``320e9`` and the mapping
    give identical ``lo``/``hi`` and text. Failing: ``1,5``, ``inf``, ``32..31``,
    ``$5 EUR``, ``USD 5``, ``5 k``, a mapping without ``amount`` or with unknown keys.
    """
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a finite number >= 0, not {tolerance!r}")
    tolerance = float(tolerance)
    if isinstance(raw, str):
        return _parse_quantity_text(raw, tolerance)
    items: list[tuple[str, str]] = []
    for key, item in raw.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise ValueSyntaxError(
                f"invalid quantity: {key!s} must be a plain value, not {type(item).__name__}"
            )
        items.append((key, item))
    return _parse_quantity_items(tuple(items), tolerance)


# ----------------------------------------------------------------- booleans and text


def parse_boolean(raw: str) -> BoolValue:
    """``true`` or ``false`` in any case; YAML 1.1 spellings (yes, no, on, off) are errors."""
    word = _prepare(raw).lower()
    if word == "true":
        return BoolValue(True, "true")
    if word == "false":
        return BoolValue(False, "false")
    if word in YAML11_BOOLEANS:
        raise ValueSyntaxError(f"invalid boolean {raw!r}: write true or false")
    raise ValueSyntaxError(f"invalid boolean {raw!r}: expected true or false")


_WHITESPACE: Final = re.compile(r"\s+")


def make_text(raw: str) -> TextValue:
    """A text value: ``norm`` for identity, ``text`` as written with whitespace runs folded."""
    text = _WHITESPACE.sub(" ", raw).strip()
    if not text:
        raise ValueSyntaxError("invalid text '': empty value")
    return TextValue(normalise(raw), text)


def negate_boolean(v: BoolValue) -> BoolValue:
    """The opposite boolean (a negated boolean claim asserts the other value)."""
    return BoolValue(not v.value, "false" if v.value else "true")


# ------------------------------------------------------------------------ comparison


def _same_kind(a: Value, b: Value) -> None:
    if type(a) is not type(b):
        raise TypeError(f"cannot relate {type(a).__name__} and {type(b).__name__}")
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue) and a.unit != b.unit:
        raise TypeError(f"cannot relate quantities in {a.unit!r} and {b.unit!r}")


def compare(a: Value, b: Value, *, threshold: float) -> Relation:
    """How two values of one kind relate (contract 2): agrees, compatible or conflicts.

    Dates and quantities: same interval agrees, overlapping closed intervals are
    compatible, disjoint ones conflict. Entities and booleans agree or conflict. Text
    agrees on equal normalised form, is compatible at ``text_score >= threshold``.
    Raises TypeError for different kinds or quantities in different units.
    """
    _same_kind(a, b)
    if isinstance(a, DateValue | QuantityValue) and isinstance(b, DateValue | QuantityValue):
        if a.lo == b.lo and a.hi == b.hi:
            return Relation.AGREES
        if a.lo <= b.hi and b.lo <= a.hi:
            return Relation.COMPATIBLE
        return Relation.CONFLICTS
    if isinstance(a, TextValue) and isinstance(b, TextValue):
        if a.norm == b.norm:
            return Relation.AGREES
        if text_score(a.text, b.text) >= threshold:
            return Relation.COMPATIBLE
        return Relation.CONFLICTS
    return Relation.AGREES if a.key == b.key else Relation.CONFLICTS


def contains(outer: Value, inner: Value) -> bool:
    """True when ``inner`` is identical to or lies within ``outer``.

    Dates and quantities: interval inclusion. Entities, text (normalised form) and
    booleans: identity. Raises TypeError like :func:`compare`.
    """
    _same_kind(outer, inner)
    if isinstance(outer, DateValue | QuantityValue) and isinstance(
        inner, DateValue | QuantityValue
    ):
        return outer.lo <= inner.lo and inner.hi <= outer.hi
    return outer.key == inner.key
