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
    Magnitudes beyond 1e300 (or non-zero below 1e-300) are errors. Bounds are exact
    Decimals. A relative tolerance widens each end by its own magnitude,
    ``[lo - |lo|*t, hi + |hi|*t]``; an absolute one by its amount; the canonical text is
    derived from the widened interval (:func:`_quantity_text`).

Units (:func:`canonical_unit`)
    NFKC and whitespace folded; symbols keep their case (``MW`` is not ``mW``); currency
    codes and unit words of four letters or more fold; ``%``/``percent``/``per cent`` ->
    ``percent``; ``$``/``us$``/``us dollar(s)`` -> ``USD``, ``€``/``euro(s)`` -> ``EUR``,
    ``£`` -> ``GBP``, ``¥``/``yen`` -> ``JPY``. ``dollars`` and ``pounds`` stay words:
    they are ambiguous.

Datetimes, tolerances, names, lists and text (contract 8.1)
    See :func:`parse_datetime`, :func:`parse_tolerance`, :func:`parse_name`,
    :func:`split_names`, :func:`make_list` and :func:`make_text`; the README's
    *Semantics* section lists every decision with examples.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from checker.model import (
    MAX_DAY,
    MIN_DAY,
    BoolValue,
    Cardinality,
    DateTimeValue,
    DateValue,
    Entity,
    ListValue,
    NameValue,
    Property,
    PropertyType,
    QuantityValue,
    Relation,
    ScalarValue,
    TextValue,
    Value,
)
from checker.registry import adhoc_id
from checker.text import fold, normalise, text_score

__all__ = [
    "LIST_SEPARATOR",
    "YAML11_BOOLEANS",
    "ValueSyntaxError",
    "canonical_unit",
    "canonical_value_text",
    "comparable",
    "compare",
    "contains",
    "make_list",
    "make_text",
    "negate_boolean",
    "parse_boolean",
    "parse_date",
    "parse_datetime",
    "parse_name",
    "parse_quantity",
    "parse_tolerance",
    "split_names",
    "widen_date",
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
# Shorter letter runs are symbols (kWh, MW, Gb, km), whose case carries meaning.
_UNIT_WORD_MIN: Final = 4
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


def _fold_unit_word(word: str) -> str:
    """One word of a unit: a currency code or a word folds case, a symbol keeps it."""
    upper = word.upper()
    if upper in _CURRENCY_CODES:
        return upper
    if len(word) >= _UNIT_WORD_MIN and word.isalpha():
        return word.casefold()
    return word


def canonical_unit(unit: str) -> str:
    """The comparison form of a unit: ``USD``/``usd``/``$`` -> ``USD``, ``%`` -> ``percent``.

    Unit symbols are case-sensitive (``MW`` is not ``mW``, ``GB`` is not ``Gb``); only
    currency codes (``usd`` -> ``USD``) and unit words of four or more letters
    (``Tonnes`` -> ``tonnes``, ``Dollars`` -> ``dollars``) fold case. NFKC and whitespace
    folding apply to all. An empty unit stays empty.
    """
    folded = fold(unit)
    alias = _UNIT_ALIASES.get(folded.casefold())
    if alias is not None:
        return alias
    return " ".join(_fold_unit_word(word) for word in folded.split(" "))


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


def _widening(x: Decimal, rel: Decimal, absolute: Decimal) -> Decimal:
    """How far a bound ``x`` moves outwards: the relative or the absolute tolerance."""
    return max(_CONTEXT.multiply(abs(x), rel), absolute)


def _unwiden(edge: Decimal, rel: Decimal, absolute: Decimal, *, upper: bool) -> Decimal | None:
    """The bound ``x`` whose widened edge is exactly ``edge``, or None when there is none
    (the edge came from another widening, e.g. that of ``~``)."""
    one = Decimal(1)
    candidates = [edge - absolute if upper else edge + absolute] if absolute else [edge]
    if rel:
        # x - |x|·t for a lower bound, x + |x|·t for an upper one; the sign of the edge is
        # the sign of x (t < 1), which fixes the factor.
        if upper:
            factor = one + rel if edge >= 0 else one - rel
        else:
            factor = one - rel if edge >= 0 else one + rel
        candidates.append(_CONTEXT.divide(edge, factor))
    for x in candidates:
        moved = _widening(x, rel, absolute)
        if (_CONTEXT.add(x, moved) if upper else _CONTEXT.subtract(x, moved)) == edge:
            return x
    return None


def _quantity_text(
    low: Decimal, high: Decimal, unit: str | None, rel: Decimal, absolute: Decimal
) -> str:
    """The canonical text of a widened interval, derived from the interval alone.

    One interval, one text (so a resolution naming ``~100`` still matches when a new
    claim writes ``100`` with a tolerance that makes them the same interval): ``~M``
    when the interval is ``M`` widened by the approximate tolerance and that differs
    from the property's; else ``A`` or ``A..B`` before the property's tolerance; else
    ``~A..B`` before the approximate one.
    """
    suffix = f" {unit}" if unit else ""
    approx_rel = max(rel, _POINT_05)
    middle = _CONTEXT.divide(_CONTEXT.add(low, high), Decimal(2))
    approx = _widening(middle, approx_rel, absolute)
    if (
        approx != _widening(middle, rel, absolute)
        and _CONTEXT.subtract(middle, approx) == low
        and _CONTEXT.add(middle, approx) == high
    ):
        return f"~{_render(middle)}{suffix}"
    for mark, tolerance in (("", rel), ("~", approx_rel)):
        lo = _unwiden(low, tolerance, absolute, upper=False)
        hi = _unwiden(high, tolerance, absolute, upper=True)
        if lo is not None and hi is not None:
            amount = _render(lo) if lo == hi else f"{_render(lo)}..{_render(hi)}"
            return mark + amount + suffix
    return f"{_render(low)}..{_render(high)}{suffix}"  # unreachable for parsed values


def _finish(
    raw: str,
    lo: Decimal,
    hi: Decimal,
    unit: str | None,
    approx: bool,
    rel: Decimal,
    absolute: Decimal,
) -> QuantityValue:
    """Apply the tolerance and build the value; ``lo``/``hi`` are already scaled."""
    _check_range(raw, lo)
    _check_range(raw, hi)
    if lo > hi:
        raise ValueSyntaxError(f"invalid quantity {raw!r}: the range's start is above its end")
    low_by, high_by = _widening(lo, rel, absolute), _widening(hi, rel, absolute)
    if approx:
        low_by = max(low_by, _CONTEXT.multiply(abs(lo), _POINT_05))
        high_by = max(high_by, _CONTEXT.multiply(abs(hi), _POINT_05))
    low = _CONTEXT.subtract(lo, low_by)
    high = _CONTEXT.add(hi, high_by)
    return QuantityValue(low, high, unit, _quantity_text(low, high, unit, rel, absolute))


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
def _parse_quantity_text(raw: str, rel: Decimal, absolute: Decimal, spelling: str) -> QuantityValue:
    """``spelling`` (the tolerances as written) is for the cache alone: equal Decimals such
    as ``1`` and ``1.0`` hash alike but give ``lo``/``hi`` spelt differently, so without it
    a value's spelling would depend on which property asked first."""
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
    hi, hi_symbol = lo, lo_symbol
    sep = _RANGE_SEP.match(text, pos)
    if sep is not None:
        hi, hi_symbol, pos = _operand(raw, text, sep.end())
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
        rel,
        absolute,
    )


_MAPPING_KEYS: Final = ("amount", "scale", "unit")


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_quantity_items(
    items: tuple[tuple[str, str], ...], rel: Decimal, absolute: Decimal, spelling: str
) -> QuantityValue:
    """As :func:`_parse_quantity_text`, for the mapping form."""
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
    return _finish(shown, value, value, unit, False, rel, absolute)


_TOLERANCES: dict[tuple[str, str], tuple[Decimal, Decimal, str]] = {}


def _tolerances(tolerance: float, absolute: Decimal | int) -> tuple[Decimal, Decimal, str]:
    """A property's tolerances as the Decimals the parsers take, checked; remembered by
    their spelling (``Decimal("1.0")`` and ``1`` are equal, not the same), as every
    quantity of a property converts the same two."""
    key = (repr(tolerance), repr(absolute))
    found = _TOLERANCES.get(key)
    if found is not None:
        return found
    if not (math.isfinite(tolerance) and 0 <= tolerance < 1):
        raise ValueError(f"tolerance must be a finite number in [0, 1), not {tolerance!r}")
    rel = Decimal(repr(float(tolerance)))
    fixed = Decimal(absolute)
    if not (fixed.is_finite() and fixed >= 0):
        raise ValueError(f"absolute tolerance must be a finite number >= 0, not {absolute!r}")
    found = (rel, fixed, f"{rel} {fixed}")
    if len(_TOLERANCES) < _CACHE_SIZE:
        _TOLERANCES[key] = found
    return found


def parse_quantity(
    raw: str | Mapping[str, str], *, tolerance: float = 0.0, absolute: Decimal | int = 0
) -> QuantityValue:
    """Parse a quantity literal into a closed interval of exact decimal amounts.

    ``tolerance`` is the property's relative tolerance, ``absolute`` its absolute one (an
    amount in the property's unit); ``~`` widens by at least 5 %. Passing: ``31``,
    ``320e9``, ``-3.5``, ``1,500``, ``1 500 000``, ``320 billion USD``, ``$320bn``,
    ``31%``, ``31..32 million USD``, ``~320 billion USD``,
    ``{amount: "320", scale: "1e9", unit: "USD"}``. The first, ``320e9`` and the mapping
    give identical ``lo``/``hi`` and text. Failing: ``1,5``, ``inf``, ``32..31``,
    ``$5 EUR``, ``USD 5``, ``5 k``, a mapping without ``amount`` or with unknown keys.
    """
    rel, fixed, spelling = _tolerances(tolerance, absolute)
    if isinstance(raw, str):
        return _parse_quantity_text(raw, rel, fixed, spelling)
    items: list[tuple[str, str]] = []
    for key, item in raw.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise ValueSyntaxError(
                f"invalid quantity: {key!s} must be a plain value, not {type(item).__name__}"
            )
        items.append((key, item))
    return _parse_quantity_items(tuple(items), rel, fixed, spelling)


# ------------------------------------------------------------------------ datetimes

_DATETIME_POINT: Final = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>[.,]\d+)?)?)?)?"
    r"\s*(?P<offset>Z|[-+]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DATETIME_FORMS: Final = (
    "expected an ISO 8601 date and time such as 2011-12-01T07:10, 2011-12-01T07:10:30, "
    "2011-12-01T07:10-05:00 or 2011-12-01T12:10Z, or an interval A..B of two of them"
)
_DAY_SECONDS: Final = 86400
_LAST_SECOND: Final = MAX_DAY * _DAY_SECONDS - 1
# Precision -> (seconds it covers, isoformat timespec); a date alone is a whole day.
_TIMESPECS: Final = ((3600, "hours"), (60, "minutes"), (1, "seconds"))


def _wall_datetime(seconds: int) -> datetime:
    """Seconds since 0001-01-01T00:00 as a naive datetime."""
    return datetime.min + timedelta(seconds=seconds)


def _to_utc(raw: str, wall: int, zone: ZoneInfo) -> tuple[int, int]:
    """The UTC seconds of a local wall time read with fold 0 and fold 1 (PEP 495).

    They differ where the clocks change: in a repeated hour fold 0 is the earlier
    instant, in a skipped hour (a time that does not exist) it is the later one.
    """
    moment = _wall_datetime(wall)
    try:
        first = moment.replace(tzinfo=zone, fold=0).utcoffset()
        second = moment.replace(tzinfo=zone, fold=1).utcoffset()
    except (OverflowError, ValueError):
        raise ValueSyntaxError(f"invalid datetime {raw!r}: out of range in {zone.key}") from None
    assert first is not None and second is not None  # a ZoneInfo always has an offset
    return wall - int(first.total_seconds()), wall - int(second.total_seconds())


def _datetime_point(raw: str, side: str, zone: ZoneInfo | None) -> tuple[int, int, bool]:
    """One point (no ``..``) -> (first second, last second, instant known)."""
    match = _DATETIME_POINT.fullmatch(side)
    if match is None:
        raise ValueSyntaxError(f"invalid datetime {raw!r}: {_DATETIME_FORMS}")
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not 1 <= year <= 9999:
        raise ValueSyntaxError(f"invalid datetime {raw!r}: year must be 1..9999")
    if not 1 <= month <= 12:
        raise ValueSyntaxError(f"invalid datetime {raw!r}: month must be 1..12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueSyntaxError(
            f"invalid datetime {raw!r}: day must be 1..{last} in {year:04d}-{month:02d}"
        )
    if match["fraction"]:
        raise ValueSyntaxError(
            f"invalid datetime {raw!r}: fractions of a second are not supported; "
            "write whole seconds"
        )
    size = _DAY_SECONDS
    clock = 0
    for name, limit, unit in (("hour", 23, 3600), ("minute", 59, 60), ("second", 59, 1)):
        if match[name] is None:
            break
        number = int(match[name])
        if number > limit:
            raise ValueSyntaxError(f"invalid datetime {raw!r}: {name} must be 0..{limit}")
        clock += number * unit
        size = unit
    wall = (date(year, month, day).toordinal() - 1) * _DAY_SECONDS + clock
    offset = match["offset"]
    if offset is not None:
        if match["hour"] is None:
            raise ValueSyntaxError(
                f"invalid datetime {raw!r}: an offset needs a time of day (2011-12-01T07:10Z)"
            )
        shift = 0
        if offset.upper() != "Z":
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or minutes > 59:
                raise ValueSyntaxError(f"invalid datetime {raw!r}: offset {offset} is out of range")
            shift = (hours * 3600 + minutes * 60) * (-1 if offset[0] == "-" else 1)
        lo, hi = wall - shift, wall - shift + size - 1
    elif zone is not None:
        first, second = _to_utc(raw, wall, zone)
        if first > second and size < _DAY_SECONDS:
            raise ValueSyntaxError(
                f"invalid datetime {raw!r}: {side} does not exist in {zone.key} "
                "(the clocks skip it); write the offset"
            )
        end = _to_utc(raw, wall + size - 1, zone)
        # A repeated local time covers both instants; a whole day covers all it holds.
        lo, hi = min(first, second), max(end)
    else:
        return wall, wall + size - 1, False
    if lo < 0 or hi > _LAST_SECOND:
        raise ValueSyntaxError(f"invalid datetime {raw!r}: out of range")
    return lo, hi, True


def _datetime_text(lo: int, hi: int, zoned: bool) -> str:
    """The canonical text of a second interval: one point at the coarsest precision that
    fits, else ``A..B``; UTC with ``Z`` where the instant is known, else local."""
    candidates = ((_DAY_SECONDS, ""), *_TIMESPECS) if not zoned else _TIMESPECS
    size, spec = next(
        (size, spec) for size, spec in candidates if lo % size == 0 and (hi + 1) % size == 0
    )
    zulu = "Z" if zoned else ""

    def point(seconds: int) -> str:
        moment = _wall_datetime(seconds)
        text = moment.date().isoformat() if not spec else moment.isoformat(timespec=spec)
        return text + zulu

    if lo // size == hi // size:
        return point(lo)
    return f"{point(lo)}..{point(hi - size + 1)}"


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_datetime(raw: str, timezone: str | None, tolerance: int) -> DateTimeValue:
    text = _prepare(raw)
    if not text:
        raise ValueSyntaxError(f"invalid datetime {raw!r}: empty value; {_DATETIME_FORMS}")
    zone = ZoneInfo(timezone) if timezone else None
    if ".." in text:
        parts = text.split("..")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueSyntaxError(
                f"invalid datetime {raw!r}: an interval is A..B with both ends written"
            )
        lo, _, zoned = _datetime_point(raw, parts[0].strip(), zone)
        _, hi, zoned_end = _datetime_point(raw, parts[1].strip(), zone)
        if zoned != zoned_end:
            raise ValueSyntaxError(
                f"invalid datetime {raw!r}: one end has an offset and the other has none"
            )
        if lo > hi:
            raise ValueSyntaxError(f"invalid datetime {raw!r}: the start is after the end")
    else:
        lo, hi, zoned = _datetime_point(raw, text, zone)
    canonical = _datetime_text(lo, hi, zoned)
    return DateTimeValue(
        max(0, lo - tolerance), min(_LAST_SECOND, hi + tolerance), zoned, canonical
    )


def parse_datetime(raw: str, *, timezone: str | None = None, tolerance: int = 0) -> DateTimeValue:
    """Parse an ISO 8601 date and time into a closed interval of whole seconds.

    The precision is the last unit written: ``2011-12-01T07:10`` covers that minute,
    ``2011-12-01`` that day. An offset (``Z``, ``-05:00``) fixes the instant; without one
    the value is in ``timezone`` (an IANA name) when given, else a local time of no
    known zone. ``tolerance`` (seconds) widens both ends. Passing: ``2011-12-01T07:10``,
    ``2011-12-01 07:10:30``, ``2011-12-01T07:10-05:00``, ``2011-12-01T12:10Z``,
    ``2011-12-01T07``, ``2011-12-01T07:10Z..2011-12-01T08:00Z``. Failing:
    ``2011-12-01T25:10``, ``2011-12-01T07:10:30.5``, ``2011-02-30T07:00``, ``07:10``,
    ``2011-12-01Z``, and a local time the clocks skip in ``timezone``.
    """
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0 seconds, not {tolerance!r}")
    return _parse_datetime(raw, timezone, tolerance)


def widen_date(value: DateValue, days: int) -> DateValue:
    """A date widened by an absolute tolerance of ``days`` on both sides; its text stays
    the written interval's, so parsing the text and widening again gives the same value."""
    if not days:
        return value
    return DateValue(max(MIN_DAY, value.lo - days), min(MAX_DAY, value.hi + days), value.text)


# ------------------------------------------------------------------------ tolerance

_TIME_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), _DAY_SECONDS),
}
_TOLERANCE: Final = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>.*)")


def parse_tolerance(raw: str, kind: PropertyType, unit: str | None) -> tuple[float, Decimal]:
    """A property's ``tolerance`` -> (relative, absolute); one of them is zero.

    A plain number (``0.05``) or ``"5%"`` is relative: quantities only, below 100 %.
    ``"<amount> <unit>"`` is absolute: in the property's unit for quantities (result in
    that unit); ``s``, ``min``, ``h`` or ``d`` for datetimes (result in seconds) and
    dates (result in whole days). ``0`` is valid for every type that takes a tolerance.
    """
    text = _prepare(raw)
    match = _TOLERANCE.fullmatch(text)
    if match is None:
        raise ValueSyntaxError(f"invalid tolerance {raw!r}: {_tolerance_forms(kind, unit)}")
    number = Decimal(match["num"].replace(",", "").replace(" ", ""))
    written = match["unit"].strip()
    if not written:
        if number == 0:
            return 0.0, Decimal(0)
        if kind != PropertyType.QUANTITY:
            raise ValueSyntaxError(
                f"invalid tolerance {raw!r}: a {kind} property takes an absolute tolerance "
                f"such as '5 min' or '1 d' (or 0); a relative one applies to quantities only"
            )
        if number >= 1:
            raise ValueSyntaxError(
                f"invalid tolerance {raw!r}: a relative tolerance must be below 1 (100 %)"
            )
        return float(number), Decimal(0)
    if written == "%":
        if kind != PropertyType.QUANTITY and number:
            raise ValueSyntaxError(
                f"invalid tolerance {raw!r}: a relative tolerance applies to quantities only; "
                f"a {kind} property takes one such as '5 min' or '1 d'"
            )
        if number >= 100:
            raise ValueSyntaxError(f"invalid tolerance {raw!r}: must be below 100%")
        return float(number / 100), Decimal(0)
    if kind == PropertyType.QUANTITY:
        if unit is None or canonical_unit(written) != unit:
            raise ValueSyntaxError(f"invalid tolerance {raw!r}: {_tolerance_forms(kind, unit)}")
        return 0.0, number
    seconds = _TIME_UNITS.get(written.casefold())
    if seconds is None:
        raise ValueSyntaxError(f"invalid tolerance {raw!r}: {_tolerance_forms(kind, unit)}")
    total = number * seconds
    step = _DAY_SECONDS if kind == PropertyType.DATE else 1
    if total % step:
        whole = "whole days" if kind == PropertyType.DATE else "whole seconds"
        raise ValueSyntaxError(f"invalid tolerance {raw!r}: a {kind} tolerance must be {whole}")
    return 0.0, total / step


def _tolerance_forms(kind: PropertyType, unit: str | None) -> str:
    if kind == PropertyType.QUANTITY:
        absolute = f", or an amount in its unit such as '100 {unit}'" if unit else ""
        return f"expected a relative tolerance such as 0.05 or '5%'{absolute}"
    return f"a {kind} property takes a number of s, min, h or d, e.g. '5 min', or 0"


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


def make_text(raw: str) -> TextValue:
    """A text value: its normalised form, which is both compared and shown.

    One spelling per value whatever spellings are present (``KOVÁCS PÉTER`` and
    ``Kovács Péter`` are one value, shown ``kovács péter``), so adding an agreeing
    claim never changes a shown value or a relation.
    """
    norm = normalise(raw)
    if not norm:
        raise ValueSyntaxError("invalid text '': empty value")
    return TextValue(norm, norm)


def negate_boolean(v: BoolValue) -> BoolValue:
    """The opposite boolean (a negated boolean claim asserts the other value)."""
    return BoolValue(not v.value, "false" if v.value else "true")


# ---------------------------------------------------------------------------- names

# Family-name particles: dropped from comparison (``Ludwig van Beethoven`` is
# ``Beethoven, Ludwig``), wherever they stand.
_PARTICLES: Final = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter",
     "ten", "dos", "das", "do", "zu", "af", "av", "y"}
)  # fmt: skip
_SUFFIXES: Final = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_TITLES: Final = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"})
_ABBREVIATIONS: Final[dict[str, str]] = {
    "wm": "william", "chas": "charles", "thos": "thomas", "jas": "james", "robt": "robert",
    "geo": "george", "jos": "joseph", "benj": "benjamin", "edw": "edward", "saml": "samuel",
}  # fmt: skip
# Letters NFKD does not decompose.
_LETTERS: Final = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
)
_ASIDE: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_BY: Final = re.compile(r"by\s+(?=\S)", re.IGNORECASE)
_INITIALS: Final = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?")
_NOT_NAME: Final = re.compile(r"[^\w\s,-]")


def _name_words(part: str) -> list[str]:
    """A comma-separated part of a name -> lower-case words; ``J.N.`` is two initials."""
    words: list[str] = []
    for word in part.split():
        if _INITIALS.fullmatch(word):
            words.extend(c for c in word if c != ".")
            continue
        word = _NOT_NAME.sub("", word).replace("_", "").strip("-")
        if word and word not in _TITLES and word not in _SUFFIXES:
            words.append(word)
    return words


def _drop_particles(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in _PARTICLES]
    return kept or words


def _given_words(words: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for word in words:
        for piece in word.split("-"):
            if piece:
                out.append(_ABBREVIATIONS.get(piece, piece))
    # A trailing particle (``Clercq, Jan De``) is dropped, also one a hyphen split left last
    # (``0-Y``: y is a particle), so the canonical text reads back to the same name.
    while len(out) > 1 and out[-1] in _PARTICLES:
        out.pop()
    return tuple(out)


def _name_text(family: str, given: tuple[str, ...]) -> str:
    """``Family, Given M.`` from the normalised parts; a lone one-word family stays bare."""
    shown_family = " ".join(
        "-".join(piece.capitalize() for piece in word.split("-")) for word in family.split(" ")
    )
    if not given:
        return shown_family if " " not in family else f"{shown_family},"
    shown_given = " ".join(g.upper() + "." if len(g) == 1 else g.capitalize() for g in given)
    return f"{shown_family}, {shown_given}"


@lru_cache(maxsize=_CACHE_SIZE)
def parse_name(raw: str) -> NameValue:
    """Parse a person's name into family name and given names (contract 8.1).

    Case, diacritics and punctuation are ignored; asides in brackets (``(Author)``) and
    a leading ``By`` are dropped, as are titles (Dr, Prof), suffixes (Jr, III, PhD) and
    family particles (van, de). ``Family, Given Middle`` has a comma; without one the
    last word is the family name (``Given Middle Family``); one word is a family name.
    Passing: ``Shaffer, Clifford A.``, ``Clifford A. Shaffer``, ``SHAFFER``,
    ``Reddy, J.N.``, ``Date, C. J. (Author)``, ``Feuer, Alan,``. Failing: ``...``,
    ``(Author)``, ``Smith, John, Jones`` (two people: use ``cardinality: list``).
    """
    text = _prepare(raw)
    text = _ASIDE.sub(" ", text).strip()
    text = _BY.sub("", text, count=1) if _BY.match(text) else text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(_LETTERS)
    parts = [_name_words(part) for part in text.split(",")]
    has_comma = len(parts) > 1 and bool(parts[0])
    parts = [p for p in parts if p]
    if not parts:
        raise ValueSyntaxError(f"invalid name {raw!r}: empty after normalisation")
    if len(parts) > 2:
        raise ValueSyntaxError(
            f"invalid name {raw!r}: more than one comma; a name is one person written "
            "'Family, Given Middle' (several people: cardinality: list)"
        )
    if has_comma:
        family_words = _drop_particles(parts[0])
        given_words = parts[1] if len(parts) > 1 else []  # trailing De: _given_words
    else:
        words = parts[0]
        family_words = [words[-1]]
        given_words = [w for w in words[:-1] if w not in _PARTICLES]
    family = " ".join(family_words)
    given = _given_words(given_words)
    return NameValue(family, given, _name_text(family, given))


_SPLIT_PART: Final = re.compile(r"\s*,\s*")
_ROLE: Final = re.compile(
    r"\((?P<paren>[^)]*)\)|\[(?P<bracket>[^\]]*)\]|\b(?:edited|translated|compiled)\s+by\b"
    r"|(?-i:(?<=[a-z.])BR(?=[A-Z]))",  # a <br> the page lost its brackets: GregBRButler
    re.I,
)
# Words an aside holds when it names a role, not a person: (Author), (Joint Author), (ed.)
_ROLE_WORDS: Final = frozenset(
    {"author", "authors", "joint", "with", "editor", "editors", "ed", "eds", "edited", "by",
     "translator", "illustrator", "illustrated", "foreword", "introduction", "contributor",
     "compiler", "and", "others", "preface", "photographer", "narrator", "other"}
)  # fmt: skip
# Degrees and credentials written as a comma part of their own: Ransome, PhD, CISSP
_CREDENTIALS: Final = frozenset(
    {*_SUFFIXES, "ed", "eds", "cism", "cissp", "mba", "msc", "bsc", "ma", "ba", "pe", "cpa",
     "mcse", "mcsd", "ccie", "dds"}
)  # fmt: skip
_ROLE_TAIL: Final = re.compile(r"\s*-\s*(?:ed|eds|editor)\.?\s*$", re.I)
_ET_AL: Final = re.compile(r"\s*,?\s*\bet\.?\s+al\b\.?", re.I)
_GLUED: Final = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def _given_family(part: str) -> bool:
    """``Given Family``: two words or more, the last no initial."""
    words = part.split()
    return len(words) >= 2 and len(words[-1].strip(".")) > 1


def split_names(raw: str) -> list[str]:
    """The names in one string of a list of names, where commas may separate names or a
    family name from given names, and sources run names together.

    Asides and roles (``(Author)``, ``Edited by``, a lost ``<br>`` as in ``GregBRButler``)
    and ``et al.`` separate or end names; an aside that holds a name rather than a role
    (``(Conley, Katie - ed.)``) is a name. Comma parts that are only degrees or suffixes
    (``PhD``, ``CISSP``, ``Jr.``, ``Ed.``) are dropped. Then, within each piece, split at
    commas: every part ``Given Family`` (two words or more, not ending in an initial) is
    one name each (``Kenneth L. Calvert, Michael J. Donahoo``); ``Family, Given Family,
    Given`` with the names run together chains (``Coulouris, George Dollimore, Jean``; a
    glued ``NickWoods`` is split at the case change); an even number of four or more
    parts pairs up as ``Family, Given`` (``Johnson, Michael K., Troan, Erik W.``); an odd
    number of three or more one-word parts are family names (``Leinwand, Fang, Stone``).
    Anything else is one name, for :func:`parse_name` to judge.
    """
    names: list[str] = []
    position = 0
    text = _ET_AL.sub("", raw)
    for match in _ROLE.finditer(text):
        names.extend(_split_piece(text[position : match.start()].strip()))
        aside = match["paren"] if match["paren"] is not None else match["bracket"]
        if aside is not None:
            aside = _ROLE_TAIL.sub("", aside).strip()
            words = re.findall(r"[^\W\d_]+", aside.casefold())
            if words and not set(words) <= _ROLE_WORDS:
                names.extend(_split_piece(aside))
        position = match.end()
    names.extend(_split_piece(text[position:].strip()))
    return names or [raw]


def _split_piece(piece: str) -> list[str]:
    parts = [
        p
        for p in _SPLIT_PART.split(piece)
        if p and not set(re.findall(r"[^\W\d_]+", p.casefold())) <= _CREDENTIALS
    ]
    if len(parts) < 2:
        return parts
    if all(_given_family(p) for p in parts):
        return parts
    middle = [p if _given_family(p) else _GLUED.sub(" ", p) for p in parts[1:-1]]
    if middle and all(_given_family(p) for p in middle):
        names, family = [], parts[0]
        for part in middle:
            given, _, next_family = part.rpartition(" ")
            names.append(f"{family}, {given}")
            family = next_family
        return [*names, f"{family}, {parts[-1]}"]
    if len(parts) >= 4 and len(parts) % 2 == 0:
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    if len(parts) >= 3 and all(len(p.split()) == 1 for p in parts):
        return parts  # family names alone: Leinwand, Fang, Stone
    return [", ".join(parts)]


def _tokens_fit(a: str, b: str) -> bool:
    """Two given names that may be one: equal, or one is the other's initial."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _givens_fit(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One list of given names is a less specific form of the other: the first names fit,
    and the rest of the shorter list fits, in order, into the rest of the longer."""
    if not a or not b:
        return True
    if not _tokens_fit(a[0], b[0]):
        return False
    short, long = (a[1:], b[1:]) if len(a) <= len(b) else (b[1:], a[1:])
    position = 0
    for word in short:  # earliest fit first: it leaves the most room for the rest
        while position < len(long) and not _tokens_fit(word, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True


def _name_relation(
    family_a: str, given_a: tuple[str, ...], family_b: str, given_b: tuple[str, ...]
) -> Relation:
    if family_a != family_b:
        return Relation.CONFLICTS
    if given_a == given_b:
        return Relation.AGREES
    return Relation.COMPATIBLE if _givens_fit(given_a, given_b) else Relation.CONFLICTS


def _swapped(value: NameValue) -> tuple[str, tuple[str, ...]] | None:
    """The other reading of the name's words: the first given name as family name
    (``Knuth Donald`` read as ``Knuth, Donald``); None for a family name alone."""
    if not value.given:
        return None
    return value.given[0], (*value.given[1:], value.family)


def _compare_names(a: NameValue, b: NameValue) -> Relation:
    relation = _name_relation(a.family, a.given, b.family, b.given)
    if relation is not Relation.CONFLICTS:
        return relation
    for one, other in ((a, b), (b, a)):
        swapped = _swapped(one)
        if swapped is not None and (
            _name_relation(*swapped, other.family, other.given) is not Relation.CONFLICTS
        ):
            return Relation.COMPATIBLE  # never identical: identity is read from one key
    return Relation.CONFLICTS


# ---------------------------------------------------------------------------- lists

LIST_SEPARATOR: Final = "; "


def make_list(items: Sequence[ScalarValue]) -> ListValue:
    """A list value; its canonical text is its items' texts sorted and joined by ``; ``
    (order is not compared, so it is not shown either). An element repeated identically
    counts once: a source listing an author twice names one author."""
    if not items:
        raise ValueSyntaxError("invalid list []: a list value needs at least one element")
    unique = list({item.key: item for item in items}.values())
    return ListValue(tuple(unique), LIST_SEPARATOR.join(sorted(item.text for item in unique)))


def _pairs_up(a: ListValue, b: ListValue, fits: Callable[[ScalarValue, ScalarValue], bool]) -> bool:
    """True when the items pair up one to one such that ``fits(x, y)`` holds for each
    pair (bipartite matching by augmenting paths; lists are short)."""
    if len(a.items) != len(b.items):
        return False
    edges = [[j for j, y in enumerate(b.items) if fits(x, y)] for x in a.items]
    partner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(a.items)))


# ------------------------------------------------------------------------ comparison


def comparable(a: Value, b: Value) -> bool:
    """False for two values of one property that must not be compared: a datetime whose
    instant is known against a local one (contract 8.1), quantities in different units."""
    if isinstance(a, DateTimeValue) and isinstance(b, DateTimeValue):
        return a.zoned == b.zoned
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue):
        return a.unit == b.unit
    if isinstance(a, ListValue) and isinstance(b, ListValue):
        return all(comparable(x, y) for x in a.items for y in b.items)
    return True


def _same_kind(a: Value, b: Value) -> None:
    if type(a) is not type(b):
        raise TypeError(f"cannot relate {type(a).__name__} and {type(b).__name__}")
    if not comparable(a, b):
        raise TypeError(f"cannot relate {a.text!r} and {b.text!r}")


def compare(a: Value, b: Value, *, threshold: float) -> Relation:
    """How two values of one kind relate (contracts 2 and 8.1): agrees, compatible or
    conflicts. Symmetric: ``compare(a, b) == compare(b, a)``.

    Dates, datetimes and quantities: same interval agrees, overlapping closed intervals
    are compatible, disjoint ones conflict. Entities and booleans agree or conflict.
    Text agrees on equal normalised form, is compatible at ``text_score >= threshold``
    of the normalised forms. Names: see :func:`parse_name` and the README. Lists agree
    when their items pair up one to one as identical, are compatible when they pair up
    as identical or compatible, else conflict. Raises TypeError for values that are not
    :func:`comparable`.
    """
    _same_kind(a, b)
    return _compare(a, b, threshold)


def _compare(a: Value, b: Value, threshold: float) -> Relation:
    if isinstance(a, DateValue | QuantityValue | DateTimeValue) and isinstance(
        b, DateValue | QuantityValue | DateTimeValue
    ):
        if a.lo == b.lo and a.hi == b.hi:
            return Relation.AGREES
        if a.lo <= b.hi and b.lo <= a.hi:
            return Relation.COMPATIBLE
        return Relation.CONFLICTS
    if isinstance(a, TextValue) and isinstance(b, TextValue):
        if a.norm == b.norm:
            return Relation.AGREES
        if text_score(a.norm, b.norm) >= threshold:
            return Relation.COMPATIBLE
        return Relation.CONFLICTS
    if isinstance(a, NameValue) and isinstance(b, NameValue):
        return _compare_names(a, b)
    if isinstance(a, ListValue) and isinstance(b, ListValue):
        if a.key == b.key:
            return Relation.AGREES
        if _pairs_up(a, b, lambda x, y: _compare(x, y, threshold) is not Relation.CONFLICTS):
            return Relation.COMPATIBLE
        return Relation.CONFLICTS
    return Relation.AGREES if a.key == b.key else Relation.CONFLICTS


def contains(outer: Value, inner: Value) -> bool:
    """True when ``inner`` is identical to or lies within ``outer``.

    Dates, datetimes and quantities: interval inclusion. Entities, text (normalised
    form), names and booleans: identity. Lists: the items pair up one to one so that each
    of ``outer`` contains its partner. Raises TypeError like :func:`compare`.
    """
    _same_kind(outer, inner)
    return _contains(outer, inner)


def _contains(outer: Value, inner: Value) -> bool:
    if isinstance(outer, DateValue | QuantityValue | DateTimeValue) and isinstance(
        inner, DateValue | QuantityValue | DateTimeValue
    ):
        return outer.lo <= inner.lo and inner.hi <= outer.hi
    if isinstance(outer, ListValue) and isinstance(inner, ListValue):
        return _pairs_up(outer, inner, _contains)
    return outer.key == inner.key


# --------------------------------------------------------------------------- reviewers' values


def canonical_value_text(
    properties: dict[str, Property],
    topic: str,
    text: str,
    entities: Mapping[str, Entity] | None = None,
) -> str:
    """A reviewer's value of ``topic`` in the spelling reports use, for every type: the
    canonical text of the value it parses to (``2023-05..2023-07`` is ``~2023-06``,
    ``KOVÁCS PÉTER`` is ``kovács péter``, ``$1,500`` is ``1500 USD``, an entity's label
    or alias is its id), so a resolution matches however the reviewer or an older
    claimcheck wrote it. Text that does not parse as the property's type is kept."""
    prop = properties.get(topic.rpartition("/")[2].partition("@")[0])
    if prop is None:
        return text
    negated = text.startswith("not ")
    body = text[4:] if negated else text
    try:
        if prop.cardinality is Cardinality.LIST:
            items = [_canonical_scalar(prop, item.strip(), entities) for item in body.split(";")]
            canonical = LIST_SEPARATOR.join(sorted(items))
        else:
            canonical = _canonical_scalar(prop, body, entities)
    except ValueSyntaxError:
        return text
    return f"not {canonical}" if negated else canonical


def _canonical_scalar(prop: Property, text: str, entities: Mapping[str, Entity] | None) -> str:
    kind = prop.type
    if kind is PropertyType.DATE:
        return parse_date(text).text
    if kind is PropertyType.DATETIME:
        return parse_datetime(text, timezone=prop.timezone).text
    if kind is PropertyType.QUANTITY:
        value = parse_quantity(text, tolerance=prop.tolerance, absolute=prop.absolute)
        if value.unit is None and prop.unit is not None:
            return f"{value.text} {prop.unit}"
        return value.text
    if kind is PropertyType.NAME:
        return parse_name(text).text
    if kind is PropertyType.TEXT:
        return make_text(text).text
    if kind is PropertyType.BOOLEAN:
        return parse_boolean(text).text
    return _entity_id(text, entities or {})


def _entity_id(name: str, entities: Mapping[str, Entity]) -> str:
    """An entity named exactly by its id, label or an alias (after normalisation) -> its
    id; anything else -> its ad-hoc key, as a claim's value would get."""
    if name in entities:
        return name
    wanted = normalise(name)
    found = {
        entity.id
        for entity in entities.values()
        if any(normalise(n) == wanted for n in (entity.label, *entity.aliases))
    }
    return found.pop() if len(found) == 1 else adhoc_id(name)
