"""Name normalisation and resolution (contract 1.2 and 7)."""

from __future__ import annotations

import ast
from pathlib import Path

from checker.registry import Names, adhoc_id
from checker.text import normalise, text_score


def _names(threshold: float = 90) -> Names:
    names = Names(threshold)
    names.add("japan-nato-partnership", ("Japan–NATO partnership", "日本とNATOの関係"))
    names.add("ipcp", ("Individual Partnership and Cooperation Programme",))
    names.add("itpp", ("Individually Tailored Partnership Programme",))
    return names


def test_normalise_folds_width_case_dashes_quotes_space() -> None:
    """NFKC, case-folding, typographic dashes and quotes, whitespace runs."""
    assert (
        normalise("  Japán\u2013NATO \u201cpartnership\u201d\t\n ＡＢ ")
        == 'japán-nato "partnership" ab'
    )


def test_exact_id_and_alias_in_any_script() -> None:
    """Ids match exactly; aliases match after normalisation in any script."""
    names = _names()
    assert names.resolve("japan-nato-partnership").how == "id"
    match = names.resolve("JAPAN-NATO  Partnership")
    assert (match.id, match.how) == ("japan-nato-partnership", "exact")
    assert names.resolve("日本とNATOの関係").id == "japan-nato-partnership"


def test_fuzzy_match_reports_score() -> None:
    """A misspelling at or above the threshold matches, naming the alias and its score."""
    match = _names().resolve("Japan-NATO partnershp")
    assert match.how == "fuzzy" and match.id == "japan-nato-partnership"
    assert 90 <= match.score < 100
    assert match.matched == "Japan-NATO partnership"


def test_below_threshold_is_no_match() -> None:
    """A name below the threshold does not match."""
    assert _names().resolve("European Union").how == "none"


def test_similar_programme_names_do_not_merge() -> None:
    """IPCP and ITPP have similar names but distinct entities at the default threshold."""
    names = _names()
    assert names.resolve("Individual Partnership and Cooperation Programme").id == "ipcp"
    assert names.resolve("Individually Tailored Partnership Programme").id == "itpp"


def test_ambiguous_fuzzy_match_is_never_a_silent_pick() -> None:
    """Equal best scores on two entities are ambiguous."""
    names = Names(80)
    names.add("a", ("Programme Alpha",))
    names.add("b", ("Programme Alphb",))
    match = names.resolve("Programme Alphc")
    assert match.how == "ambiguous" and match.candidates == ("a", "b")


def test_shared_alias_is_reported_and_ambiguous() -> None:
    """One alias on two entries is reported when added and ambiguous when used."""
    names = Names(90)
    assert names.add("a", ("NATO",)) == []
    assert names.add("b", ("nato",)) == [("nato", "a")]
    assert names.resolve("Nato").how == "ambiguous"


def test_text_score_and_adhoc_id() -> None:
    """The contract's fuzzy score and the ad-hoc entity key."""
    assert text_score("Isiba Sigeru", "Ishiba Shigeru") >= 90
    assert adhoc_id("  Kishida\u3000Fumio ") == "kishida fumio"


def test_id_is_not_an_alias() -> None:
    """9e: exact alias beats an id spelt in other case; ids take no part in fuzzy matching."""
    names = Names(90)
    names.add("g7", ("Group of Seven",))
    names.add("g7-hiroshima-summit", ("G7 Hiroshima summit", "G7"))
    names.add("tokyo-office", ("NATO liaison office",))
    names.add("tokyo-offices", ("Tokyo Offices",))
    assert (names.resolve("g7").id, names.resolve("g7").how) == ("g7", "id")
    match = names.resolve("G7")
    assert (match.id, match.how) == ("g7-hiroshima-summit", "exact")
    fuzzy = names.resolve("Tokyo Ofice")
    assert (fuzzy.id, fuzzy.how, fuzzy.matched) == ("tokyo-offices", "fuzzy", "Tokyo Offices")


def test_id_in_other_case_or_spacing_is_the_id() -> None:
    """A name that differs from an id only by case, spaces or hyphens is no fuzzy match."""
    names = Names(90)
    names.add("crimea-annexation", ("Annexation of Crimea",))
    for name in (
        "Crimea Annexation",
        "CRIMEA-ANNEXATION",
        "crimea_annexation",
        "Crimea - annexation",
    ):
        match = names.resolve(name)
        assert (match.id, match.how) == ("crimea-annexation", "id"), name


def test_rapidfuzz_is_imported_by_the_text_module_alone() -> None:
    """Fuzzy scoring has one home: no other module of checker/ imports rapidfuzz
    (cache.py reads its version for the fingerprint, inside a function)."""
    package = Path(__file__).resolve().parent.parent / "checker"
    importers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name.split(".")[0] == "rapidfuzz" for name in names):
                importers.add(path.relative_to(package).as_posix())
    assert importers == {"text.py", "cache.py"}
