"""Property-based tests: no input, however mangled, crashes the checker or loses a location.

Generated YAML (random nested structures and claim-file-shaped documents dumped with
``yaml.safe_dump``, then randomly mutated) goes through :func:`checker.load.parse` and
the whole validate/analyse path; random strings go to the value parsers. Every problem
must carry the document's file and a line and column inside it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.analysis import analyse_claimset
from checker.load import Document, parse
from checker.pipeline import validate_documents
from checker.problems import Problem
from checker.values import ValueSyntaxError, parse_boolean, parse_date, parse_quantity

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A folder that does not exist: text: paths resolve inside it and can never be read.
NOWHERE = Path("/nonexistent-claimcheck-set")

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["no", "yes", "on", "~", "1990", "2023-02-30", "1970s", "..2024", "1e9"])
)
trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=10) | st.sampled_from(["id", "claims"]), children, max_size=4
        )
    ),
    max_leaves=25,
)

# Characters that matter to YAML's grammar or to our decoding, to splice into documents.
NASTY = [*"\t\n:-[]{}&*!|>'\"#%@`,?\\~ ", "\x00", "\x1b", "\x85", "\ufeff", "\u2028", "---\n"]


@st.composite
def mutated(draw: st.DrawFn, document: st.SearchStrategy[Any]) -> str:
    """A dumped document with a few random insertions, deletions and duplicated slices."""
    text = yaml.safe_dump(draw(document), allow_unicode=draw(st.booleans()), sort_keys=False)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(NASTY) | st.text(max_size=3)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        else:
            text = text[:at] + text[max(0, at - 20) : at] + text[at:]
    return text


def _claim() -> st.SearchStrategy[dict[str, Any]]:
    values = scalars | st.lists(scalars, max_size=2) | st.fixed_dictionaries({"amount": scalars})
    return st.fixed_dictionaries(
        {
            "id": st.sampled_from(["a", "b", "a", "Bad Id"]) | scalars,
            "subject": st.sampled_from(["Acme", "acme", "Akme", "Globex"]) | scalars,
            "property": st.sampled_from(["founded", "motto", "budget", "members", "dissolved"]),
            "value": values,
            "quote": st.text(max_size=20) | scalars,
        },
        optional={
            "as_of": scalars,
            "modality": st.sampled_from(["actual", "planned", "nonsense"]),
            "negated": scalars,
            "propery": scalars,
        },
    )


REGISTRY = {
    "entities": {"acme": {"label": "Acme", "aliases": ["Acme Corp"]}, "globex": None},
    "properties": {
        "founded": {"type": "date"},
        "motto": {"type": "text"},
        "budget": {"type": "quantity", "unit": "USD", "tolerance": 0.05},
        "members": {"type": "entity", "cardinality": "multiple"},
    },
}
source_files = st.fixed_dictionaries(
    {
        "source": st.fixed_dictionaries(
            {
                "id": st.sampled_from(["s", "t"]) | scalars,
                "title": scalars,
                "language": st.sampled_from(["en", "no", "x-"]),
            },
            optional={"published": scalars, "text": st.sampled_from(["t.txt", "/etc/x", "../x"])},
        ),
        "claims": st.lists(_claim(), max_size=4) | scalars,
    }
)
resolution_files = st.fixed_dictionaries(
    {
        "resolutions": st.lists(
            st.fixed_dictionaries(
                {
                    "topic": st.sampled_from(["acme/founded", "acme/motto", "x/y"]) | scalars,
                    "verdict": st.sampled_from(["accept", "open", "maybe"]),
                    "reviewer": scalars,
                    "date": scalars,
                    "rationale": scalars,
                    "values_seen": st.lists(scalars, max_size=3) | scalars,
                },
                optional={"value": scalars},
            ),
            max_size=3,
        )
    }
)


def assert_located(problems: list[Problem], documents: dict[str, str]) -> None:
    """Every problem names one of the documents and a 1-based position inside it."""
    for p in problems:
        assert p.file in documents, p
        lines = documents[p.file].split("\n")
        assert 1 <= p.line <= len(lines), p
        assert 1 <= p.column <= len(lines[p.line - 1]) + 1, p


@FAST
@given(mutated(trees))
def test_parse_never_raises_and_locates_problems(text: str) -> None:
    """Any mangled YAML text parses to a tree or to problems inside the document."""
    _, problems = parse("doc.yaml", text)
    assert_located(problems, {"doc.yaml": text})


@FAST
@given(st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=30).map("".join))
def test_parse_survives_grammar_soup(text: str) -> None:
    """A soup of YAML punctuation, controls and BOMs never escapes parse as an exception."""
    _, problems = parse("doc.yaml", text)
    assert_located(problems, {"doc.yaml": text})


@FAST
@given(
    st.lists(
        mutated(source_files | resolution_files | st.just(REGISTRY) | trees), min_size=1, max_size=3
    )
)
def test_validate_and_analyse_never_raise(texts: list[str]) -> None:
    """Claim-file-shaped documents, mutated, go through validation, the graph and
    resolutions without an exception, and every problem is located in its file."""
    documents = {"registry.yaml": yaml.safe_dump(REGISTRY)}
    documents.update({f"f{n}.yaml": text for n, text in enumerate(texts)})
    loaded = []
    for name, text in sorted(documents.items()):
        root, problems = parse(name, text)
        loaded.append(Document(name, NOWHERE / name, root, problems, NOWHERE))
    analysis = analyse_claimset(validate_documents(loaded))
    assert_located(analysis.findings, documents)
    assert analysis.exit_code in (0, 1)


def _parses_or_refuses(parser: Any, raw: Any) -> Any:
    try:
        return parser(raw)
    except ValueSyntaxError as exc:
        assert str(exc)
        return None


DATE_ALPHABET = "0123456789-.~s ０１９　"
QUANTITY_ALPHABET = "0123456789-+.,e ~%$€ kmbtUSDillionthousand"


@FAST
@given(st.text(max_size=25) | st.text(DATE_ALPHABET, max_size=25))
def test_parse_date_only_refuses_with_a_message(raw: str) -> None:
    """parse_date returns a well-formed interval whose canonical text parses back to it,
    or raises ValueSyntaxError - nothing else."""
    value = _parses_or_refuses(parse_date, raw)
    if value is not None:
        assert value.lo <= value.hi
        assert parse_date(value.text).key == value.key


@FAST
@given(st.dates(), st.dates())
def test_one_interval_one_spelling(a: date, b: date) -> None:
    """Any interval of days, however written, has one canonical text that means it."""
    lo, hi = min(a, b), max(a, b)
    spellings = [f"{lo.isoformat()}..{hi.isoformat()}", f"{lo:%Y-%m-%d} .. {hi:%Y-%m-%d}"]
    if lo == hi:
        spellings.append(lo.isoformat())
    values = {parse_date(text) for text in spellings}
    assert len(values) == 1
    (value,) = values
    assert (value.lo, value.hi) == (lo.toordinal(), hi.toordinal())
    assert parse_date(value.text) == value


@FAST
@given(
    st.text(max_size=25)
    | st.text(QUANTITY_ALPHABET, max_size=25)
    | st.dictionaries(
        st.sampled_from(["amount", "scale", "unit", "other"]),
        st.text(QUANTITY_ALPHABET, max_size=8),
        max_size=3,
    ),
    st.sampled_from([0.0, 0.05, 0.99]),
)
def test_parse_quantity_only_refuses_with_a_message(raw: Any, tolerance: float) -> None:
    """parse_quantity returns an ordered interval or raises ValueSyntaxError - nothing else."""
    value = _parses_or_refuses(lambda r: parse_quantity(r, tolerance=tolerance), raw)
    if value is not None:
        assert value.lo <= value.hi


@FAST
@given(st.text(max_size=10) | st.sampled_from(["true", "FALSE", " True ", "yes", "ｔｒｕｅ"]))
def test_parse_boolean_only_refuses_with_a_message(raw: str) -> None:
    """parse_boolean gives true/false or raises ValueSyntaxError - nothing else."""
    value = _parses_or_refuses(parse_boolean, raw)
    if value is not None:
        assert value.text in ("true", "false")
