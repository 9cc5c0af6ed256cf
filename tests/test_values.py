"""Unit tests for checker.values: parsing, canonical text and comparison of values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model import (
    MAX_DAY,
    MIN_DAY,
    BoolValue,
    DateTimeValue,
    DateValue,
    EntityValue,
    ListValue,
    NameValue,
    QuantityValue,
    Relation,
    TextValue,
)
from checker.values import (
    YAML11_BOOLEANS,
    ValueSyntaxError,
    canonical_unit,
    comparable,
    compare,
    contains,
    make_list,
    make_text,
    negate_boolean,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_name,
    parse_quantity,
    parse_tolerance,
    split_names,
)


def day(iso: str) -> int:
    """Day ordinal of an ISO date, as DateValue stores it."""
    return date.fromisoformat(iso).toordinal()


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("raw", "first", "last", "text"),
    [
        pytest.param("1990", "1990-01-01", "1990-12-31", "1990", id="year"),
        pytest.param("1990-05", "1990-05-01", "1990-05-31", "1990-05", id="month"),
        pytest.param("1990-02", "1990-02-01", "1990-02-28", "1990-02", id="month-february"),
        pytest.param("2000-02", "2000-02-01", "2000-02-29", "2000-02", id="month-leap"),
        pytest.param("1990-05-12", "1990-05-12", "1990-05-12", "1990-05-12", id="day"),
        pytest.param("2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29", id="day-leap"),
        pytest.param("1990-5", "1990-05-01", "1990-05-31", "1990-05", id="month-unpadded"),
        pytest.param("1990-5-2", "1990-05-02", "1990-05-02", "1990-05-02", id="day-unpadded"),
        pytest.param("476", "0476-01-01", "0476-12-31", "0476", id="year-three-digits"),
        pytest.param("1970s", "1970-01-01", "1979-12-31", "1970s", id="decade"),
        pytest.param("1970S", "1970-01-01", "1979-12-31", "1970s", id="decade-upper-s"),
        pytest.param("~1990", "1989-01-01", "1991-12-31", "~1990", id="approx-year"),
        pytest.param("~1990-05", "1990-04-01", "1990-06-30", "~1990-05", id="approx-month"),
        pytest.param("~1990-01", "1989-12-01", "1990-02-28", "~1990-01", id="approx-month-wraps"),
        pytest.param("~1990-05-12", "1990-05-11", "1990-05-13", "~1990-05-12", id="approx-day"),
        pytest.param("~1970s", "1960-01-01", "1989-12-31", "~1970s", id="approx-decade"),
        pytest.param("~ 1990", "1989-01-01", "1991-12-31", "~1990", id="approx-space"),
        pytest.param("2023..2025", "2023-01-01", "2025-12-31", "~2024", id="interval"),
        pytest.param(
            "1990-05..1991-02-03", "1990-05-01", "1991-02-03", "1990-05-01..1991-02-03", id="mixed"
        ),
        pytest.param("1970s..1985", "1970-01-01", "1985-12-31", "1970..1985", id="decade-side"),
        pytest.param("~1990..2000", "1989-01-01", "2000-12-31", "1989..2000", id="approx-side"),
        pytest.param("1990..1990", "1990-01-01", "1990-12-31", "1990", id="same-ends"),
        pytest.param("2023 .. 2025", "2023-01-01", "2025-12-31", "~2024", id="spaced"),
        pytest.param("１９９０", "1990-01-01", "1990-12-31", "1990", id="full-width"),
        pytest.param("１９９０－０５", "1990-05-01", "1990-05-31", "1990-05", id="full-width-dash"),
        pytest.param("～1990", "1989-01-01", "1991-12-31", "~1990", id="full-width-tilde"),
        pytest.param("  1990\n", "1990-01-01", "1990-12-31", "1990", id="whitespace"),
    ],
)
def test_parse_date_closed(raw: str, first: str, last: str, text: str) -> None:
    """Each closed date form becomes its interval of days and canonical text."""
    assert parse_date(raw) == DateValue(day(first), day(last), text)


@pytest.mark.parametrize(
    ("raw", "lo", "hi", "text"),
    [
        pytest.param("..2024", MIN_DAY, day("2024-12-31"), "..2024", id="until"),
        pytest.param("2024..", day("2024-01-01"), MAX_DAY, "2024..", id="from"),
        pytest.param("..1990-05", MIN_DAY, day("1990-05-31"), "..1990-05", id="until-month"),
        pytest.param("1970s..", day("1970-01-01"), MAX_DAY, "1970..", id="from-decade"),
        pytest.param("~1", MIN_DAY, day("0002-12-31"), "..0002", id="approx-clipped-low"),
        pytest.param("~9999", day("9998-01-01"), MAX_DAY, "9998..", id="approx-clipped-high"),
        pytest.param("~9999-12", day("9999-11-01"), MAX_DAY, "9999-11..", id="approx-month-high"),
        pytest.param(
            "~0001-01-01", MIN_DAY, day("0001-01-02"), "..0001-01-02", id="approx-day-low"
        ),
    ],
)
def test_parse_date_open_or_clipped(raw: str, lo: int, hi: int, text: str) -> None:
    """Open ends and approximations at the calendar's edge use MIN_DAY/MAX_DAY."""
    assert parse_date(raw) == DateValue(lo, hi, text)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("2023-13-45", "invalid date '2023-13-45': month must be 1..12", id="month"),
        pytest.param("2023-00", "month must be 1..12", id="month-zero"),
        pytest.param("2023-02-30", "day must be 1..28 in 2023-02", id="day-february"),
        pytest.param("2023-04-31", "day must be 1..30 in 2023-04", id="day-april"),
        pytest.param("2023-04-00", "day must be 1..30 in 2023-04", id="day-zero"),
        pytest.param("0", "year must be 1..9999", id="year-zero"),
        pytest.param("0000-05", "year must be 1..9999", id="year-zero-month"),
        pytest.param("10000", "expected YYYY", id="year-five-digits"),
        pytest.param("yesterday", "expected YYYY, YYYY-MM, YYYY-MM-DD", id="word"),
        pytest.param("1990/05/12", "expected YYYY", id="slashes"),
        pytest.param("12.05.1990", "expected YYYY", id="dotted"),
        pytest.param("1990-05-12T10:00", "expected YYYY", id="datetime"),
        pytest.param("-1990", "expected YYYY", id="negative"),
        pytest.param("1975s", "a decade must end in 0, e.g. 1970s", id="decade-not-round"),
        pytest.param("1970's", "expected YYYY", id="decade-apostrophe"),
        pytest.param("~~1990", "expected YYYY", id="double-tilde"),
        pytest.param("..", "an interval needs at least one end", id="bare-dots"),
        pytest.param("1990...2000", "expected YYYY", id="three-dots"),
        pytest.param("1990..1995..2000", "exactly one '..'", id="two-intervals"),
        pytest.param(
            "2025..2023", "invalid date '2025..2023': the start is after the end", id="rev"
        ),
        pytest.param("1990-06..1990-05", "the start is after the end", id="reversed-months"),
        pytest.param("2023..2023-13", "month must be 1..12", id="bad-side"),
        pytest.param("", "invalid date '': empty value", id="empty"),
        pytest.param("   ", "empty value", id="blank"),
        pytest.param("2023-2025", "expected YYYY", id="hyphen-interval"),
    ],
)
def test_parse_date_errors(raw: str, message: str) -> None:
    """Malformed dates raise ValueSyntaxError with a message naming the problem."""
    with pytest.raises(ValueSyntaxError) as caught:
        parse_date(raw)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_parse_date_is_cached() -> None:
    """Parsing one literal twice gives the very same object (the hot path is cached)."""
    assert parse_date("1990-05-12") is parse_date("1990-05-12")


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param("1990", "1990-05", Relation.COMPATIBLE, id="year-vs-month"),
        pytest.param("1950s", "1970s", Relation.CONFLICTS, id="decades"),
        pytest.param("..2024", "2024", Relation.COMPATIBLE, id="open-vs-year"),
        pytest.param("~1990", "1991", Relation.COMPATIBLE, id="approx-near"),
        pytest.param("~1990", "1993", Relation.CONFLICTS, id="approx-far"),
        pytest.param("1990", "1990", Relation.AGREES, id="same"),
        pytest.param("1990", "1990-01..1990-12", Relation.AGREES, id="same-interval"),
        pytest.param("1990", "１９９０", Relation.AGREES, id="full-width"),
        pytest.param("1990", "2004", Relation.CONFLICTS, id="years"),
        pytest.param("2023..2025", "2025..", Relation.COMPATIBLE, id="touching"),
        pytest.param("1990-05-31", "1990-06-01", Relation.CONFLICTS, id="adjacent-days"),
        pytest.param("1970s", "1979-12-31", Relation.COMPATIBLE, id="decade-last-day"),
    ],
)
def test_compare_dates(a: str, b: str, relation: Relation) -> None:
    """Dates agree on equal intervals, are compatible on overlap and conflict when disjoint."""
    assert compare(parse_date(a), parse_date(b), threshold=90) is relation
    assert compare(parse_date(b), parse_date(a), threshold=90) is relation


# ------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("raw", "lo", "hi", "unit", "text"),
    [
        pytest.param("31", 31.0, 31.0, None, "31", id="integer"),
        pytest.param("320e9", 320e9, 320e9, None, "320000000000", id="exponent"),
        pytest.param("3.2E+11", 320e9, 320e9, None, "320000000000", id="exponent-upper"),
        pytest.param("-3.5", -3.5, -3.5, None, "-3.5", id="negative"),
        pytest.param("+3.50", 3.5, 3.5, None, "3.5", id="plus-trailing-zero"),
        pytest.param("\u22123.5", -3.5, -3.5, None, "-3.5", id="minus-sign"),
        pytest.param(".5", 0.5, 0.5, None, "0.5", id="leading-point"),
        pytest.param("31.0", 31.0, 31.0, None, "31", id="no-trailing-point-zero"),
        pytest.param("-0", 0.0, 0.0, None, "0", id="negative-zero"),
        pytest.param("1,500", 1500.0, 1500.0, None, "1500", id="comma-thousands"),
        pytest.param("1,500,000.25", 1500000.25, 1500000.25, None, "1500000.25", id="commas"),
        pytest.param("1 500 000", 1.5e6, 1.5e6, None, "1500000", id="space-thousands"),
        pytest.param("1\u00a0500", 1500.0, 1500.0, None, "1500", id="nbsp-thousands"),
        pytest.param("３１", 31.0, 31.0, None, "31", id="full-width"),
        pytest.param("320 billion USD", 320e9, 320e9, "USD", "320000000000 USD", id="billion"),
        pytest.param("320 Billion usd", 320e9, 320e9, "USD", "320000000000 USD", id="cases"),
        pytest.param("1.5 thousand", 1500.0, 1500.0, None, "1500", id="thousand"),
        pytest.param("2 million", 2e6, 2e6, None, "2000000", id="million"),
        pytest.param("1.2 trillion", 1.2e12, 1.2e12, None, "1200000000000", id="trillion"),
        pytest.param("320bn", 320e9, 320e9, None, "320000000000", id="bn"),
        pytest.param("$320bn", 320e9, 320e9, "USD", "320000000000 USD", id="dollar-bn"),
        pytest.param("$ 5", 5.0, 5.0, "USD", "5 USD", id="dollar-space"),
        pytest.param("€5", 5.0, 5.0, "EUR", "5 EUR", id="euro"),
        pytest.param("£5", 5.0, 5.0, "GBP", "5 GBP", id="pound"),
        pytest.param("¥300", 300.0, 300.0, "JPY", "300 JPY", id="yen"),
        pytest.param("￥300", 300.0, 300.0, "JPY", "300 JPY", id="full-width-yen"),
        pytest.param("-$3", -3.0, -3.0, "USD", "-3 USD", id="sign-before-symbol"),
        pytest.param("$-3", -3.0, -3.0, "USD", "-3 USD", id="sign-after-symbol"),
        pytest.param("$5 USD", 5.0, 5.0, "USD", "5 USD", id="symbol-and-code"),
        pytest.param("5 €", 5.0, 5.0, "EUR", "5 EUR", id="symbol-as-unit"),
        pytest.param("31%", 31.0, 31.0, "percent", "31 percent", id="percent-sign"),
        pytest.param("31 per cent", 31.0, 31.0, "percent", "31 percent", id="per-cent"),
        pytest.param("3 Tonnes", 3.0, 3.0, "tonnes", "3 tonnes", id="unit-case-folded"),
        pytest.param("3 km/h", 3.0, 3.0, "km/h", "3 km/h", id="unit-with-slash"),
        pytest.param("3km", 3.0, 3.0, "km", "3 km", id="unit-glued"),
        pytest.param("5 eggs", 5.0, 5.0, "eggs", "5 eggs", id="unit-starting-with-e"),
        pytest.param("5k", 5.0, 5.0, "k", "5 k", id="k-is-a-unit-not-a-scale"),
        pytest.param("31..32", 31.0, 32.0, None, "31..32", id="range"),
        pytest.param("31 .. 32 %", 31.0, 32.0, "percent", "31..32 percent", id="range-percent"),
        pytest.param(
            "31..32 million USD", 31e6, 32e6, "USD", "31000000..32000000 USD", id="range-scaled"
        ),
        pytest.param("$31..$32", 31.0, 32.0, "USD", "31..32 USD", id="range-symbols"),
        pytest.param("-5..-3", -5.0, -3.0, None, "-5..-3", id="range-negative"),
        pytest.param("5..5", 5.0, 5.0, None, "5", id="range-point"),
        pytest.param(
            "~320 billion USD", 304e9, 336e9, "USD", "~320000000000 USD", id="approximate"
        ),
        pytest.param("~ 100", 95.0, 105.0, None, "~100", id="approximate-space"),
        pytest.param("~-100", -105.0, -95.0, None, "~-100", id="approximate-negative"),
        pytest.param("~100..200", 95.0, 210.0, None, "95..210", id="approximate-range"),
    ],
)
def test_parse_quantity_forms(raw: str, lo: float, hi: float, unit: str | None, text: str) -> None:
    """Each quantity form becomes its interval, canonical unit and canonical text."""
    assert parse_quantity(raw) == QuantityValue(lo, hi, unit, text)


@pytest.mark.parametrize(
    ("raw", "lo", "hi", "unit", "text"),
    [
        pytest.param(
            {"amount": "320", "scale": "1e9", "unit": "USD"},
            320e9,
            320e9,
            "USD",
            "320000000000 USD",
            id="full",
        ),
        pytest.param({"amount": "31"}, 31.0, 31.0, None, "31", id="amount-only"),
        pytest.param(
            {"unit": "%", "amount": "-2.5"}, -2.5, -2.5, "percent", "-2.5 percent", id="o"
        ),
        pytest.param({"amount": "1,500", "scale": "1000"}, 1.5e6, 1.5e6, None, "1500000", id="sep"),
        pytest.param({"amount": "3", "scale": "Million"}, 3e6, 3e6, None, "3000000", id="word"),
        pytest.param({"amount": "0.1", "scale": "1e3"}, 100.0, 100.0, None, "100", id="decimal"),
        pytest.param({"amount": " ３ "}, 3.0, 3.0, None, "3", id="full-width"),
    ],
)
def test_parse_quantity_mapping(
    raw: dict[str, str], lo: float, hi: float, unit: str | None, text: str
) -> None:
    """The mapping form takes amount, optional scale (number or word) and optional unit."""
    assert parse_quantity(raw) == QuantityValue(lo, hi, unit, text)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("320 billion USD", id="scale-word"),
        pytest.param("320e9 USD", id="exponent"),
        pytest.param("320,000,000,000 usd", id="separators"),
        pytest.param("$320bn", id="symbol-bn"),
        pytest.param("0.32 trillion USD", id="trillion"),
        pytest.param({"amount": "320", "scale": "1e9", "unit": "USD"}, id="mapping"),
        pytest.param({"amount": "3.2e2", "scale": "billion", "unit": "usd"}, id="mapping-word"),
    ],
)
def test_quantity_spellings_are_identical(raw: str | dict[str, str]) -> None:
    """Every spelling of 320 billion USD gives exactly the same floats, key and text."""
    value = parse_quantity(raw)
    assert (value.lo, value.hi, value.unit, value.text) == (
        320000000000.0,
        320000000000.0,
        "USD",
        "320000000000 USD",
    )
    reference = parse_quantity({"amount": "320", "scale": "1e9", "unit": "USD"})
    assert value.key == reference.key
    assert compare(value, reference, threshold=90) is Relation.AGREES


def test_decimal_arithmetic_avoids_float_error() -> None:
    """0.1 million is exactly 100000, not 100000.00000000001."""
    value = parse_quantity("0.1 million")
    assert value.text == "100000"
    assert value.lo == 100000.0


@pytest.mark.parametrize(
    ("raw", "tolerance", "lo", "hi"),
    [
        pytest.param("100", 0.1, 90.0, 110.0, id="exact-with-tolerance"),
        pytest.param("-100", 0.1, -110.0, -90.0, id="negative-with-tolerance"),
        pytest.param("~100", 0.0, 95.0, 105.0, id="approx-default-5-percent"),
        pytest.param("~100", 0.02, 95.0, 105.0, id="approx-beats-smaller-tolerance"),
        pytest.param("~100", 0.2, 80.0, 120.0, id="larger-tolerance-wins"),
        pytest.param("10..20", 0.1, 9.0, 22.0, id="range-widened-at-each-end"),
        pytest.param("-20..10", 0.5, -30.0, 15.0, id="range-across-zero"),
        pytest.param("0", 0.5, 0.0, 0.0, id="zero-stays-zero"),
    ],
)
def test_quantity_tolerance(raw: str, tolerance: float, lo: float, hi: float) -> None:
    """Tolerance widens each end by its own magnitude times max(tolerance, 0.05 if ~)."""
    value = parse_quantity(raw, tolerance=tolerance)
    assert (value.lo, value.hi) == (lo, hi)


@pytest.mark.parametrize(
    ("a", "b", "tolerance", "relation"),
    [
        pytest.param("~320 billion USD", "330 billion USD", 0.0, Relation.COMPATIBLE, id="approx"),
        pytest.param("~320 billion USD", "340 billion USD", 0.0, Relation.CONFLICTS, id="outside"),
        pytest.param("100", "108", 0.05, Relation.COMPATIBLE, id="tolerances-overlap"),
        pytest.param("100", "111", 0.05, Relation.CONFLICTS, id="tolerances-apart"),
        pytest.param("100", "108", 0.0, Relation.CONFLICTS, id="no-tolerance"),
        pytest.param("31..32", "31.5", 0.0, Relation.COMPATIBLE, id="range-contains"),
        pytest.param("31..32", "32..33", 0.0, Relation.COMPATIBLE, id="ranges-touch"),
        pytest.param("31..32 %", "31..32 percent", 0.0, Relation.AGREES, id="unit-aliases"),
        pytest.param("1,500", "1500", 0.0, Relation.AGREES, id="separators"),
    ],
)
def test_compare_quantities(a: str, b: str, tolerance: float, relation: Relation) -> None:
    """Quantity intervals agree, overlap or are disjoint, tolerance included."""
    va = parse_quantity(a, tolerance=tolerance)
    vb = parse_quantity(b, tolerance=tolerance)
    assert compare(va, vb, threshold=90) is relation
    assert compare(vb, va, threshold=90) is relation


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("", "invalid quantity '': empty value", id="empty"),
        pytest.param("many", "expected a number", id="word"),
        pytest.param("USD 5", "expected a number", id="unit-first"),
        pytest.param("~", "expected a number", id="bare-tilde"),
        pytest.param("~~5", "expected a number", id="double-tilde"),
        pytest.param("1,5", "use '.' for decimals", id="decimal-comma"),
        pytest.param("1,50,000", "use '.' for decimals", id="bad-grouping"),
        pytest.param("1,500 000", "unexpected '000'", id="mixed-separators"),
        pytest.param("31 32", "unexpected '32' after the number", id="two-numbers"),
        pytest.param("5.", "unexpected '.' after the number", id="trailing-point"),
        pytest.param("inf", "not a finite number", id="inf"),
        pytest.param("-Infinity", "not a finite number", id="infinity"),
        pytest.param("NaN", "not a finite number", id="nan"),
        pytest.param(".inf", "not a finite number", id="yaml-inf"),
        pytest.param("1e400", "magnitude must be between 1e-300 and 1e300", id="huge"),
        pytest.param("1e-400", "magnitude must be between", id="tiny"),
        pytest.param("1e999999999999999999999", "magnitude must be between", id="absurd-exponent"),
        pytest.param("1e299 trillion", "magnitude must be between", id="huge-after-scale"),
        pytest.param("32..31", "the range's start is above its end", id="reversed-range"),
        pytest.param("31..", "expected a number", id="open-range"),
        pytest.param("..31", "expected a number", id="open-range-start"),
        pytest.param("31..~32", "expected a number", id="tilde-inside-range"),
        pytest.param("31 million..32", "unexpected '..32'", id="scale-on-first-side"),
        pytest.param("--5", "more than one sign", id="two-signs"),
        pytest.param("-$-5", "more than one sign", id="signs-around-symbol"),
        pytest.param("$5 EUR", "the units EUR and USD disagree", id="symbol-vs-unit"),
        pytest.param("$5..€6", "the units EUR and USD disagree", id="symbols-disagree"),
        pytest.param("31..32..33", "unexpected '..33'", id="two-ranges"),
    ],
)
def test_parse_quantity_errors(raw: str, message: str) -> None:
    """Malformed quantity strings raise ValueSyntaxError with a message naming the problem."""
    with pytest.raises(ValueSyntaxError, match="invalid quantity") as caught:
        parse_quantity(raw)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param({"scale": "1e9"}, "'amount' is required", id="no-amount"),
        pytest.param({"amount": "5", "currency": "USD"}, "unknown key 'currency'", id="unknown"),
        pytest.param({"amount": "five"}, "amount 'five' is not a number", id="amount-word"),
        pytest.param({"amount": "5 USD"}, "amount '5 USD' is not a number", id="amount-unit"),
        pytest.param({"amount": "~5"}, "is not a number", id="amount-approx"),
        pytest.param({"amount": "inf"}, "is not a number", id="amount-inf"),
        pytest.param({"amount": "5", "scale": "0"}, "scale must be positive", id="scale-zero"),
        pytest.param({"amount": "5", "scale": "-1e3"}, "scale must be positive", id="scale-neg"),
        pytest.param({"amount": "5", "scale": "lots"}, "scale 'lots' is neither", id="scale-word"),
        pytest.param({"amount": "5", "unit": " "}, "unit is empty", id="unit-empty"),
        pytest.param({"amount": "1e400"}, "magnitude must be between", id="amount-huge"),
    ],
)
def test_parse_quantity_mapping_errors(raw: dict[str, str], message: str) -> None:
    """Malformed quantity mappings raise ValueSyntaxError naming the key at fault."""
    with pytest.raises(ValueSyntaxError, match="invalid quantity") as caught:
        parse_quantity(raw)
    assert message in str(caught.value)


def test_parse_quantity_mapping_rejects_non_string_values() -> None:
    """A nested value in the mapping form is a syntax error, not a crash."""
    bad: dict[str, object] = {"amount": ["5"]}
    with pytest.raises(ValueSyntaxError, match="amount must be a plain value"):
        parse_quantity(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "tolerance",
    [pytest.param(-0.1, id="negative"), pytest.param(float("nan"), id="nan")],
)
def test_parse_quantity_rejects_bad_tolerance(tolerance: float) -> None:
    """A negative or NaN tolerance is a caller bug and raises ValueError."""
    with pytest.raises(ValueError, match="tolerance must be a finite number"):
        parse_quantity("5", tolerance=tolerance)


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [
        pytest.param("%", "percent", id="percent-sign"),
        pytest.param("Percent", "percent", id="percent-word"),
        pytest.param("per  cent", "percent", id="per-cent"),
        pytest.param("USD", "USD", id="usd"),
        pytest.param("usd", "USD", id="usd-lower"),
        pytest.param("$", "USD", id="dollar-sign"),
        pytest.param("US$", "USD", id="us-dollar-sign"),
        pytest.param("US dollars", "USD", id="us-dollars"),
        pytest.param("€", "EUR", id="euro-sign"),
        pytest.param("euros", "EUR", id="euros"),
        pytest.param("huf", "HUF", id="forint"),
        pytest.param("¥", "JPY", id="yen-sign"),
        pytest.param("Yen", "JPY", id="yen-word"),
        pytest.param("dollars", "dollars", id="ambiguous-dollars-kept"),
        pytest.param("cup", "cup", id="word-not-currency"),
        pytest.param(" Tonnes ", "tonnes", id="case-and-space"),
        pytest.param("km²", "km2", id="nfkc"),
        pytest.param("", "", id="empty"),
    ],
)
def test_canonical_unit(unit: str, canonical: str) -> None:
    """Units fold case and known aliases; currency codes come out upper-case."""
    assert canonical_unit(unit) == canonical


def test_compare_quantities_in_different_units_is_a_type_error() -> None:
    """Callers filter unit mismatches; comparing them anyway is a programming error."""
    with pytest.raises(TypeError):
        compare(parse_quantity("5 USD"), parse_quantity("5 EUR"), threshold=90)
    with pytest.raises(TypeError):
        contains(parse_quantity("5 USD"), parse_quantity("5"))


# ------------------------------------------------------------ entities, text, booleans


@pytest.mark.parametrize(
    ("raw", "value", "text"),
    [
        pytest.param("true", True, "true", id="true"),
        pytest.param("false", False, "false", id="false"),
        pytest.param("True", True, "true", id="title-case"),
        pytest.param(" FALSE ", False, "false", id="upper-spaced"),
    ],
)
def test_parse_boolean(raw: str, value: bool, text: str) -> None:
    """Only true and false are booleans, in any case."""
    assert parse_boolean(raw) == BoolValue(value, text)


@pytest.mark.parametrize(
    "raw", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "Off", "Y"], ids=str
)
def test_parse_boolean_rejects_yaml11_spellings(raw: str) -> None:
    """YAML 1.1 spellings are errors telling the user to write true or false."""
    assert raw.lower() in YAML11_BOOLEANS
    with pytest.raises(ValueSyntaxError, match=f"invalid boolean '{raw}': write true or false"):
        parse_boolean(raw)


@pytest.mark.parametrize("raw", ["", "1", "0", "maybe", "t"], ids=repr)
def test_parse_boolean_rejects_other_text(raw: str) -> None:
    """Anything else is an error asking for true or false."""
    with pytest.raises(ValueSyntaxError, match="expected true or false"):
        parse_boolean(raw)


def test_yaml11_booleans_exclude_true_false() -> None:
    """The YAML 1.1 set holds exactly the lower-case spellings other than true/false."""
    assert frozenset({"yes", "no", "on", "off", "y", "n"}) == YAML11_BOOLEANS


def test_negate_boolean() -> None:
    """Negation flips the value and its canonical text."""
    assert negate_boolean(BoolValue(True, "true")) == BoolValue(False, "false")
    assert negate_boolean(BoolValue(False, "false")) == BoolValue(True, "true")


def test_compare_booleans() -> None:
    """Booleans agree when equal and conflict otherwise."""
    yes, no = parse_boolean("true"), parse_boolean("false")
    assert compare(yes, parse_boolean("TRUE"), threshold=90) is Relation.AGREES
    assert compare(yes, no, threshold=90) is Relation.CONFLICTS
    assert compare(negate_boolean(no), yes, threshold=90) is Relation.AGREES


@pytest.mark.parametrize(
    ("raw", "norm", "text"),
    [
        pytest.param("Ishiba Shigeru", "ishiba shigeru", "Ishiba Shigeru", id="plain"),
        pytest.param("  Ishiba \n Shigeru ", "ishiba shigeru", "Ishiba Shigeru", id="spaces"),
        pytest.param("“Quoted” – text", '"quoted" - text', "“Quoted” – text", id="typography"),
    ],
)
def test_make_text(raw: str, norm: str, text: str) -> None:
    """Text is compared and shown in its normalised form, whatever the spelling (13.9b)."""
    assert make_text(raw) == TextValue(norm, norm)
    assert make_text(text) == make_text(raw)


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"], ids=["empty", "spaces", "newline-tab"])
def test_make_text_rejects_empty(raw: str) -> None:
    """Empty text is an error."""
    with pytest.raises(ValueSyntaxError, match="empty"):
        make_text(raw)


@pytest.mark.parametrize(
    ("a", "b", "threshold", "relation"),
    [
        pytest.param("Isiba Sigeru", "Ishiba Shigeru", 90, Relation.COMPATIBLE, id="spelling"),
        pytest.param("Ishiba Shigeru", "ISHIBA  shigeru", 90, Relation.AGREES, id="normalised"),
        pytest.param("Shigeru Ishiba", "Ishiba Shigeru", 90, Relation.COMPATIBLE, id="word-order"),
        pytest.param("Isiba Sigeru", "Ishiba Shigeru", 99, Relation.CONFLICTS, id="strict"),
        pytest.param("Kishida Fumio", "Ishiba Shigeru", 90, Relation.CONFLICTS, id="different"),
    ],
)
def test_compare_text(a: str, b: str, threshold: float, relation: Relation) -> None:
    """Text agrees on equal norm, is compatible at score >= threshold, else conflicts."""
    assert compare(make_text(a), make_text(b), threshold=threshold) is relation


def test_compare_entities() -> None:
    """Entities agree iff they have the same id, whatever the text."""
    japan = EntityValue("japan", "Japan")
    assert compare(japan, EntityValue("japan", "Nippon"), threshold=90) is Relation.AGREES
    assert compare(japan, EntityValue("japan-2", "Japan"), threshold=90) is Relation.CONFLICTS


def test_compare_different_kinds_is_a_type_error() -> None:
    """Values of different kinds are never compared; doing so raises TypeError."""
    with pytest.raises(TypeError):
        compare(parse_date("1990"), parse_quantity("1990"), threshold=90)
    with pytest.raises(TypeError):
        contains(make_text("x"), EntityValue("x", "x"))


# ------------------------------------------------------------------------ containment


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        pytest.param("1990", "1990-05", True, id="year-holds-month"),
        pytest.param("1990", "1990", True, id="identical"),
        pytest.param("1990-05", "1990", False, id="month-not-holds-year"),
        pytest.param("1990", "1991", False, id="disjoint"),
        pytest.param("1990", "1990-12..1991-01", False, id="overlap-only"),
        pytest.param("..2024", "1990s", True, id="open-holds-decade"),
        pytest.param("~1990", "1991-12-31", True, id="approx-holds-edge"),
    ],
)
def test_contains_dates(outer: str, inner: str, expected: bool) -> None:
    """A negated date contains identical or narrower dates only."""
    assert contains(parse_date(outer), parse_date(inner)) is expected


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        pytest.param("31..32 %", "31.5%", True, id="range-holds-point"),
        pytest.param("~100", "104", True, id="approx-holds-near"),
        pytest.param("100", "~100", False, id="point-not-holds-approx"),
        pytest.param("31..32", "32..33", False, id="overlap-only"),
    ],
)
def test_contains_quantities(outer: str, inner: str, expected: bool) -> None:
    """Quantity containment is interval inclusion."""
    assert contains(parse_quantity(outer), parse_quantity(inner)) is expected


def test_contains_identity_kinds() -> None:
    """Entities, text and booleans contain only identical values (text by norm)."""
    assert contains(EntityValue("a", "A"), EntityValue("a", "alias"))
    assert not contains(EntityValue("a", "A"), EntityValue("b", "A"))
    assert contains(make_text("Ishiba  Shigeru"), make_text("ishiba shigeru"))
    assert not contains(make_text("Isiba Sigeru"), make_text("Ishiba Shigeru"))
    assert contains(parse_boolean("true"), parse_boolean("True"))
    assert not contains(parse_boolean("true"), parse_boolean("false"))


# ---------------------------------------------------------------------- robustness

_LITERAL_ALPHABET = st.sampled_from(list("0123456789~.,-+ es%$€£¥１～\u2212\u00a0bnmilothusadUSD"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_LITERAL_ALPHABET, max_size=24) | st.text(max_size=24))
def test_parsers_raise_only_value_syntax_error(raw: str) -> None:
    """Any string either parses or raises ValueSyntaxError; a parsed interval has lo <= hi."""
    for parse in (parse_date, parse_quantity, parse_boolean, make_text):
        try:
            value = parse(raw)
        except ValueSyntaxError:
            continue
        if isinstance(value, DateValue | QuantityValue):
            assert value.lo <= value.hi


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.sampled_from(["", "~"]), st.sampled_from([4, 7, 10]))
def test_date_canonical_text_round_trips(when: date, prefix: str, width: int) -> None:
    """Parsing a value's canonical text gives the same value back."""
    value = parse_date(prefix + when.isoformat()[:width])
    assert parse_date(value.text) == value


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e12, max_value=1e12),
    st.sampled_from(["", " million", " billion USD", "%"]),
)
def test_quantity_canonical_text_round_trips(amount: Decimal, suffix: str) -> None:
    """Parsing a quantity's canonical text gives the same value back."""
    value = parse_quantity(f"{amount}{suffix}")
    assert parse_quantity(value.text) == value


# ------------------------------------------------------------------- datetimes (8.1)

CHICAGO = "America/Chicago"


def seconds(iso: str) -> int:
    """Seconds since 0001-01-01T00:00 of a naive ISO date-time, as DateTimeValue stores them."""
    moment = datetime.fromisoformat(iso)
    return (
        (moment.toordinal() - 1) * 86400 + moment.hour * 3600 + moment.minute * 60 + moment.second
    )


@pytest.mark.parametrize(
    ("raw", "zone", "first", "last", "zoned", "text"),
    [
        pytest.param(
            "2011-12-01T07:10", None, "2011-12-01T07:10:00", "2011-12-01T07:10:59", False,
            "2011-12-01T07:10", id="local-minute",
        ),
        pytest.param(
            "2011-12-01 07:10:30", None, "2011-12-01T07:10:30", "2011-12-01T07:10:30", False,
            "2011-12-01T07:10:30", id="local-second-space",
        ),
        pytest.param(
            "2011-12-01T07", None, "2011-12-01T07:00:00", "2011-12-01T07:59:59", False,
            "2011-12-01T07", id="local-hour",
        ),
        pytest.param(
            "2011-12-01", None, "2011-12-01T00:00:00", "2011-12-01T23:59:59", False,
            "2011-12-01", id="local-day",
        ),
        pytest.param(
            "2011-12-01T07:10-05:00", None, "2011-12-01T12:10:00", "2011-12-01T12:10:59", True,
            "2011-12-01T12:10Z", id="offset",
        ),
        pytest.param(
            "2011-12-01t12:10z", None, "2011-12-01T12:10:00", "2011-12-01T12:10:59", True,
            "2011-12-01T12:10Z", id="zulu-lower-case",
        ),
        pytest.param(
            "2011-12-01T07:10+0530", None, "2011-12-01T01:40:00", "2011-12-01T01:40:59", True,
            "2011-12-01T01:40Z", id="offset-without-colon",
        ),
        pytest.param(
            "2011-12-01T07:10", CHICAGO, "2011-12-01T13:10:00", "2011-12-01T13:10:59", True,
            "2011-12-01T13:10Z", id="property-zone",
        ),
        pytest.param(
            "2011-07-01T07:10", CHICAGO, "2011-07-01T12:10:00", "2011-07-01T12:10:59", True,
            "2011-07-01T12:10Z", id="property-zone-summer-time",
        ),
        pytest.param(
            "2011-12-01T07:10-05:00", CHICAGO, "2011-12-01T12:10:00", "2011-12-01T12:10:59",
            True, "2011-12-01T12:10Z", id="offset-wins-over-zone",
        ),
        pytest.param(
            "2011-12-01", CHICAGO, "2011-12-01T06:00:00", "2011-12-02T05:59:59", True,
            "2011-12-01T06Z..2011-12-02T05Z", id="zoned-day",
        ),
        pytest.param(
            "2026-11-01T01:30", CHICAGO, "2026-11-01T06:30:00", "2026-11-01T07:30:59", True,
            "2026-11-01T06:30Z..2026-11-01T07:30Z", id="repeated-hour-covers-both",
        ),
        pytest.param(
            "2011-12-01T23:50..2011-12-02T00:20", None, "2011-12-01T23:50:00",
            "2011-12-02T00:20:59", False, "2011-12-01T23:50..2011-12-02T00:20", id="interval",
        ),
        pytest.param(
            "２０１１－１２－０１Ｔ０７：１０", None, "2011-12-01T07:10:00", "2011-12-01T07:10:59",
            False, "2011-12-01T07:10", id="full-width",
        ),
    ],
)  # fmt: skip
def test_parse_datetime_forms(
    raw: str, zone: str | None, first: str, last: str, zoned: bool, text: str
) -> None:
    """Each datetime form covers its last written unit; the instant is UTC where known."""
    assert parse_datetime(raw, timezone=zone) == DateTimeValue(
        seconds(first), seconds(last), zoned, text
    )


@pytest.mark.parametrize(
    ("raw", "zone", "message"),
    [
        pytest.param("2011-12-01T25:10", None, "hour must be 0..23", id="hour-25"),
        pytest.param("2011-12-01T07:60", None, "minute must be 0..59", id="minute-60"),
        pytest.param("2011-02-30T07:00", None, "day must be 1..28", id="no-such-day"),
        pytest.param("2011-13-01T07:00", None, "month must be 1..12", id="month-13"),
        pytest.param("2011-12-01T07:10:30.5", None, "fractions of a second", id="fraction"),
        pytest.param("07:10", None, "expected an ISO 8601", id="time-only"),
        pytest.param("1:55pDec 1", None, "expected an ISO 8601", id="source-format"),
        pytest.param("2011-12-01Z", None, "an offset needs a time", id="offset-on-day"),
        pytest.param("2011-12-01T07:10+25:00", None, "out of range", id="offset-range"),
        pytest.param("2026-03-08T02:30", CHICAGO, "does not exist in America", id="skipped"),
        pytest.param("2011-12-01T07:10..2011-12-01T07:20Z", None, "one end has", id="mixed"),
        pytest.param("2011-12-01T08:00..2011-12-01T07:00", None, "after the end", id="backwards"),
        pytest.param("..2011-12-01T07:00", None, "both ends", id="open"),
        pytest.param("", None, "empty", id="empty"),
    ],
)
def test_parse_datetime_refuses(raw: str, zone: str | None, message: str) -> None:
    """Invalid datetimes are refused with a message that says why."""
    with pytest.raises(ValueSyntaxError, match=message):
        parse_datetime(raw, timezone=zone)


def test_datetime_tolerance_widens_but_keeps_the_text() -> None:
    """An absolute tolerance in seconds widens both ends; the canonical text is unchanged."""
    value = parse_datetime("2011-12-01T07:10", tolerance=300)
    assert (value.lo, value.hi) == (seconds("2011-12-01T07:05:00"), seconds("2011-12-01T07:15:59"))
    assert value.text == "2011-12-01T07:10"


def test_local_and_zoned_times_are_not_comparable() -> None:
    """Contract 8.1: a time with an offset never compares with one without."""
    local = parse_datetime("2011-12-01T07:10")
    zoned = parse_datetime("2011-12-01T07:10-05:00")
    assert not comparable(local, zoned)
    with pytest.raises(TypeError):
        compare(local, zoned, threshold=90)


# ------------------------------------------------------------------- tolerance (8.1)


@pytest.mark.parametrize(
    ("raw", "kind", "unit", "relative", "absolute"),
    [
        pytest.param("0.05", "quantity", "USD", 0.05, 0, id="relative-number"),
        pytest.param("5%", "quantity", "USD", 0.05, 0, id="percent"),
        pytest.param("100 USD", "quantity", "USD", 0.0, 100, id="absolute-amount"),
        pytest.param("100 usd", "quantity", "USD", 0.0, 100, id="currency-code-folds"),
        pytest.param("0", "date", None, 0.0, 0, id="zero-on-date"),
        pytest.param("2 d", "date", None, 0.0, 2, id="days-on-date"),
        pytest.param("48 h", "date", None, 0.0, 2, id="hours-in-whole-days"),
        pytest.param("5 min", "datetime", None, 0.0, 300, id="minutes"),
        pytest.param("1.5 Minutes", "datetime", None, 0.0, 90, id="unit-word-folds"),
        pytest.param("30 s", "datetime", None, 0.0, 30, id="seconds"),
    ],
)
def test_parse_tolerance(
    raw: str, kind: str, unit: str | None, relative: float, absolute: int
) -> None:
    """Relative and absolute tolerances: seconds for datetimes, whole days for dates."""
    assert parse_tolerance(raw, kind, unit) == (relative, Decimal(absolute))


@pytest.mark.parametrize(
    ("raw", "kind", "unit", "message"),
    [
        pytest.param("5 parsecs", "date", None, "s, min, h or d", id="unknown-time-unit"),
        pytest.param("0.05", "date", None, "relative one applies to quantities", id="relative"),
        pytest.param("5%", "datetime", None, "relative tolerance applies", id="percent"),
        pytest.param("5 min", "date", None, "whole days", id="part-of-a-day"),
        pytest.param("0.5 s", "datetime", None, "whole seconds", id="part-of-a-second"),
        pytest.param("100 EUR", "quantity", "USD", "'100 USD'", id="other-unit"),
        pytest.param("1", "quantity", "USD", "below 1", id="hundred-percent"),
        pytest.param("-1", "quantity", "USD", "expected a relative", id="negative"),
    ],
)
def test_parse_tolerance_refuses(raw: str, kind: str, unit: str | None, message: str) -> None:
    """A tolerance that does not suit its property's type is refused, saying what fits."""
    with pytest.raises(ValueSyntaxError, match=message):
        parse_tolerance(raw, kind, unit)


def test_absolute_quantity_tolerance_widens_by_the_amount() -> None:
    """'100 USD' widens each end by 100, whatever the magnitude."""
    value = parse_quantity("1000", absolute=100)
    assert (value.lo, value.hi, value.text) == (900, 1100, "1000")
    assert parse_quantity("~1000", absolute=100).text == "1000"  # 5 % is not wider than 100
    assert parse_quantity("~10000", absolute=100).text == "~10000"


def test_one_interval_one_quantity_text() -> None:
    """13.9b: spellings of one interval share a text, so resolutions do not go stale."""
    assert parse_quantity("~100", tolerance=0.1).text == parse_quantity("100", tolerance=0.1).text
    assert parse_quantity("95..105").text == parse_quantity("~100").text == "~100"


def test_large_integers_stay_exact() -> None:
    """13.9d: quantities beyond float precision keep every digit and conflict."""
    a = parse_quantity("123456789012345678")
    b = parse_quantity("123456789012345679")
    assert compare(a, b, threshold=90) is Relation.CONFLICTS
    assert a.text == "123456789012345678"
    assert compare(a, parse_quantity("1.23456789012345678e17"), threshold=90) is Relation.AGREES


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("MW", "mW", False, id="mega-milli-watt"),
        pytest.param("GB", "Gb", False, id="byte-bit"),
        pytest.param("kWh", "KWH", False, id="symbol"),
        pytest.param("usd", "USD", True, id="currency-code"),
        pytest.param("Dollars", "dollars", True, id="unit-word"),
        pytest.param("Tonnes", "tonnes", True, id="unit-word-tonnes"),
    ],
)
def test_unit_symbols_are_case_sensitive(a: str, b: str, same: bool) -> None:
    """13.9f: only unit words and currency codes fold case."""
    assert (canonical_unit(a) == canonical_unit(b)) is same


# ------------------------------------------------------------------------ names (8.1)


@pytest.mark.parametrize(
    ("raw", "family", "given", "text"),
    [
        pytest.param(
            "Shaffer, Clifford A.",
            "shaffer",
            ("clifford", "a"),
            "Shaffer, Clifford A.",
            id="family-first",
        ),
        pytest.param(
            "Clifford A. Shaffer",
            "shaffer",
            ("clifford", "a"),
            "Shaffer, Clifford A.",
            id="given-first",
        ),
        pytest.param("SHAFFER", "shaffer", (), "Shaffer", id="family-only"),
        pytest.param("Reddy, J.N.", "reddy", ("j", "n"), "Reddy, J. N.", id="glued-initials"),
        pytest.param("Date, C. J. (Author)", "date", ("c", "j"), "Date, C. J.", id="aside"),
        pytest.param(
            "By (author) Calvert, Kenneth L.",
            "calvert",
            ("kenneth", "l"),
            "Calvert, Kenneth L.",
            id="by",
        ),
        pytest.param("Feuer, Alan,", "feuer", ("alan",), "Feuer, Alan", id="trailing-comma"),
        pytest.param("Kovács, Péter", "kovacs", ("peter",), "Kovacs, Peter", id="diacritics"),
        pytest.param(
            "Ludwig van Beethoven", "beethoven", ("ludwig",), "Beethoven, Ludwig", id="particle"
        ),
        pytest.param("Clercq, Jan De", "clercq", ("jan",), "Clercq, Jan", id="trailing-particle"),
        pytest.param(
            "Garcia Marquez, Gabriel",
            "garcia marquez",
            ("gabriel",),
            "Garcia Marquez, Gabriel",
            id="two-word-family",
        ),
        pytest.param(
            "Garcia Marquez,", "garcia marquez", (), "Garcia Marquez,", id="two-word-family-alone"
        ),
        pytest.param(
            "King, Martin Luther, Jr.",
            "king",
            ("martin", "luther"),
            "King, Martin Luther",
            id="suffix",
        ),
        pytest.param(
            "Dr. Jean-Paul Sartre",
            "sartre",
            ("jean", "paul"),
            "Sartre, Jean Paul",
            id="title-hyphen",
        ),
        pytest.param(
            "Smith-Jones, Anna",
            "smith-jones",
            ("anna",),
            "Smith-Jones, Anna",
            id="hyphenated-family",
        ),
        pytest.param(
            "Conklin, Wm. Arthur",
            "conklin",
            ("william", "arthur"),
            "Conklin, William Arthur",
            id="abbreviation",
        ),
        pytest.param("Knuth Donald", "donald", ("knuth",), "Donald, Knuth", id="order-ambiguous"),
    ],
)
def test_parse_name_forms(raw: str, family: str, given: tuple[str, ...], text: str) -> None:
    """Names normalise to family and given names; the canonical text is Family, Given."""
    assert parse_name(raw) == NameValue(family, given, text)


@pytest.mark.parametrize(
    "raw",
    ["...", "(Author)", "Jr.", "", "Smith, John, Jones, Mary, Doe"],
    ids=["punctuation", "aside", "suffix", "empty", "commas"],
)
def test_parse_name_refuses(raw: str) -> None:
    """A name empty after normalisation, or several people in one name, is an error."""
    with pytest.raises(ValueSyntaxError, match=r"empty after normalisation|more than one comma"):
        parse_name(raw)


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param(
            "Shaffer, Clifford A.", "CLIFFORD A. SHAFFER", Relation.AGREES, id="order-case"
        ),
        pytest.param("Chisholm, Malcolm H.", "Malcolm H. Chisholm", Relation.AGREES, id="forms"),
        pytest.param("SHAFFER", "Shaffer, Clifford A.", Relation.COMPATIBLE, id="family-only"),
        pytest.param("Feuer, Alan,", "Feuer, Alan R.", Relation.COMPATIBLE, id="missing-middle"),
        pytest.param(
            "Chisholm, Malcolm H.", "Malcolm Chisholm", Relation.COMPATIBLE, id="missing-initial"
        ),
        pytest.param("C. A. Shaffer", "Clifford Shaffer", Relation.COMPATIBLE, id="initials"),
        pytest.param("Alan R. Feuer", "A. Robert Feuer", Relation.COMPATIBLE, id="each-refines"),
        pytest.param("Knuth Donald", "Donald E. Knuth", Relation.COMPATIBLE, id="ambiguous-order"),
        pytest.param("Knuth Donald", "Knuth", Relation.COMPATIBLE, id="ambiguous-family"),
        pytest.param(
            "Shaffer, Cliff A.", "Shaffer, Clifford A.", Relation.CONFLICTS, id="nickname"
        ),
        pytest.param("John Smith", "Jane Smith", Relation.CONFLICTS, id="given"),
        pytest.param("John Smith", "John Smyth", Relation.CONFLICTS, id="family"),
        pytest.param("J. Smith", "K. Smith", Relation.CONFLICTS, id="initials-differ"),
        pytest.param("Smith, A. John", "Smith, John", Relation.CONFLICTS, id="first-given-differs"),
    ],
)
def test_compare_names(a: str, b: str, relation: Relation) -> None:
    """Identical, compatible (a less specific form) or conflicting, in either order."""
    assert compare(parse_name(a), parse_name(b), threshold=90) is relation
    assert compare(parse_name(b), parse_name(a), threshold=90) is relation


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        pytest.param("Calvert, Kenneth L.", ["Calvert, Kenneth L."], id="one"),
        pytest.param(
            "Kenneth L. Calvert, Michael J. Donahoo",
            ["Kenneth L. Calvert", "Michael J. Donahoo"],
            id="given-family-pairs",
        ),
        pytest.param(
            "Johnson, Michael K., Troan, Erik W.",
            ["Johnson, Michael K.", "Troan, Erik W."],
            id="family-given-pairs",
        ),
        pytest.param(
            "COULOURIS, GEORGE DOLLIMORE, JEAN KINDBERG, TIM",
            ["COULOURIS, GEORGE", "DOLLIMORE, JEAN", "KINDBERG, TIM"],
            id="run-together",
        ),
        pytest.param("Rozanski, NickWoods, Eoin", ["Rozanski, Nick", "Woods, Eoin"], id="glued"),
        pytest.param(
            "White, Greg (Author) Conklin, Art (Joint Author)",
            ["White, Greg", "Conklin, Art"],
            id="roles-separate",
        ),
        pytest.param("Huston Stephen D. et al", ["Huston Stephen D."], id="et-al"),
        pytest.param("Feuer, Alan,", ["Feuer, Alan"], id="trailing-comma"),
        pytest.param("(Conley, Katie - ed.)", ["Conley, Katie"], id="name-in-aside"),
        pytest.param("Hoglund, GregBRButler, Jamie", ["Hoglund, Greg", "Butler, Jamie"], id="br"),
        pytest.param(
            "Gabriel, Richard P., Scambray, Joel",
            ["Gabriel, Richard P.", "Scambray, Joel"],
            id="br-inside-a-word",
        ),
        pytest.param(
            "PhD, CISM, John Rittinghouse, PhD, CISSP, James F. Ransome",
            ["John Rittinghouse", "James F. Ransome"],
            id="credentials",
        ),
        pytest.param("Carroll, John M., Ed.", ["Carroll, John M."], id="editor-mark"),
        pytest.param("Leinwand, Fang, Stone", ["Leinwand", "Fang", "Stone"], id="families"),
        pytest.param(
            "Bodoff, Stephanie, Armstrong, Eric",
            ["Bodoff, Stephanie", "Armstrong, Eric"],
            id="one-word-pairs",
        ),
        pytest.param("Lientz,Bennet", ["Lientz, Bennet"], id="two-parts-one-name"),
    ],
)
def test_split_names(raw: str, names: list[str]) -> None:
    """One string of a list of names splits where commas separate people."""
    assert split_names(raw) == names


# ------------------------------------------------------------------------ lists (8.1)


def names(*raw: str) -> ListValue:
    return make_list([parse_name(r) for r in raw])


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        pytest.param(
            ("Aho, A.", "Ullman, J."), ("J. Ullman", "A. Aho"), Relation.AGREES, id="order"
        ),
        pytest.param(
            ("Aho, Alfred V.", "Ullman, J."),
            ("Ullman, Jeffrey", "Aho"),
            Relation.COMPATIBLE,
            id="refined",
        ),
        pytest.param(("Aho", "Ullman"), ("Aho",), Relation.CONFLICTS, id="missing-element"),
        pytest.param(("Aho",), ("Aho", "Sethi"), Relation.CONFLICTS, id="extra-element"),
        pytest.param(("Aho", "Ullman"), ("Aho", "Sethi"), Relation.CONFLICTS, id="other-element"),
        pytest.param(
            ("Smith, J.", "Smith, John"),
            ("Smith, Jane", "Smith, John"),
            Relation.COMPATIBLE,
            id="pairing-not-greedy",
        ),
    ],
)
def test_compare_lists(a: tuple[str, ...], b: tuple[str, ...], relation: Relation) -> None:
    """Lists pair up one to one: as identical (agree), identical-or-compatible, or not."""
    assert compare(names(*a), names(*b), threshold=90) is relation
    assert compare(names(*b), names(*a), threshold=90) is relation


def test_list_text_is_sorted_and_repeats_count_once() -> None:
    """A list's canonical text ignores order and identical repeats."""
    value = names("Ullman, Jeffrey", "Aho, Alfred", "ULLMAN, JEFFREY")
    assert value.text == "Aho, Alfred; Ullman, Jeffrey"
    assert value.key == names("Aho, Alfred", "Ullman, Jeffrey").key


def test_list_negation_needs_every_element_contained() -> None:
    """A negated list excludes the lists it contains element by element."""
    years = make_list([parse_date("1990"), parse_date("2000")])
    assert contains(years, make_list([parse_date("2000-05"), parse_date("1990")]))
    assert not contains(years, make_list([parse_date("2001"), parse_date("1990")]))


def test_make_list_refuses_an_empty_list() -> None:
    """An empty list value says nothing; it is an error."""
    with pytest.raises(ValueSyntaxError, match="at least one element"):
        make_list([])


def test_list_key_ignores_order_and_spelling() -> None:
    """Equal lists have equal keys whatever the order and the spelling of each element."""
    a = make_list([parse_quantity("100"), parse_quantity("99.5")])
    b = make_list([parse_quantity("99.50"), parse_quantity("1e2")])
    assert a.key == b.key and a.text == b.text == "100; 99.5"
    assert compare(a, b, threshold=90) is Relation.AGREES


def test_quantity_tolerances_are_remembered_by_spelling() -> None:
    """Tolerances converted once per property still give its intervals; a bad one fails."""
    one = parse_quantity("100", absolute=Decimal("1.0"))
    assert parse_quantity("100", absolute=1) == one
    assert (one.lo, one.hi, one.text) == (Decimal(99), Decimal(101), "100")
    assert parse_quantity("100", tolerance=0.5).lo == Decimal(50)
    parse_quantity("1", tolerance=0.5)
    with pytest.raises(ValueError):
        parse_quantity("1", tolerance=float("nan"))
    with pytest.raises(ValueError):
        parse_quantity("1", absolute=Decimal(-1))


def test_quantity_spelling_does_not_depend_on_which_tolerance_came_first() -> None:
    """Equal absolute tolerances spelt 1 and 1.0 each give their own spelling, in any order."""
    from checker import values

    values._parse_quantity_text.cache_clear()
    values._TOLERANCES.clear()
    wide = parse_quantity("99 km", absolute=Decimal("1.0"))
    plain = parse_quantity("99 km", absolute=Decimal("1"))
    assert (str(wide.lo), str(plain.lo)) == ("98.0", "98")
