"""The bundled claim set (``claims/``): faithful to its articles, the discrepancies the
articles contain, and committed reports that match the claims and the code."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from refresh_reports import REPO, render_reports, report_path

from checker.analysis import Analysis, analyse
from checker.report import REPORT_FORMATTERS

# The archived plain texts of the articles the sources encode, by file name. They are not
# part of the project (not ours to redistribute): the quote test reads them from the
# folder given by --articles DIR or $CLAIMCHECK_ARTICLES, and is skipped without one.
ARTICLES_ENV = "CLAIMCHECK_ARTICLES"
SEED_FILES = {
    "mki-2025-nagy": "000_87b3c10326bd3d2f.txt",
    "web-de-2023-nguyen": "001_b433c4deaf499520.txt",
    "ankasam-2023-kecialan": "002_5b8dcee9dbc4f72c.txt",
    "web-ja-2023-anon": "003_00caa3d73cc038aa.txt",
    "web-en-2023-durdovicova": "004_0521eaaf372b4101.txt",
}

REFRESH = "python tests/scripts/refresh_reports.py"

# id -> (kind, status, verdict, values): the discrepancies the articles contain.
EXPECTED = {
    # hu "officially NATO's oldest partner since 1990" vs ja "officially recognised as a
    # global partner in 2004": one question, two scopes.
    "japan-nato-partnership/start-date": ("conflict", "resolved", "scoped", ["1990", "2004"]),
    # ja 2014 (IPCP) vs hu/en/ANKASAM 2023 (ITPP): two programmes, easily confused names.
    "japan-nato-partnership-programme/adoption-date": (
        "conflict",
        "resolved",
        "distinct",
        ["2014", "2023", "2023-07", "~2023-06"],
    ),
    # de: planned for 2023; hu: operating from 2025.
    "japan-mission-to-nato/establishment-date": (
        "plan-vs-actual",
        "resolved",
        "scoped",
        ["2023", "2025"],
    ),
    # ja 1950s vs hu 1970s: the articles give no way to settle it.
    "japan-nato-relations/first-contacts-date": ("conflict", "open", "open", ["1950s", "1970s"]),
    # de: "NATO proposal" (line 8) vs "Tokyo's request" (line 11).
    "nato-tokyo-liaison-office/initiator": (
        "self-contradiction",
        "open",
        "open",
        ["japan", "nato"],
    ),
}


@pytest.fixture(scope="module")
def corpus() -> Analysis:
    """The bundled claim set, analysed from the project root as the README runs it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        return analyse(["claims"])


def fold(text: str) -> str:
    """NFKC, then every run of whitespace as one space (quotes may span line breaks)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_corpus_has_no_input_problems(corpus: Analysis) -> None:
    """`claimcheck check claims` reports no error or warning about the files themselves."""
    assert [(p.code, p.file, p.line, p.message) for p in corpus.problems] == []


def test_every_source_has_its_article(corpus: Analysis) -> None:
    """Each source of the corpus is mapped to the seed article it encodes, and vice versa."""
    assert sorted(corpus.claimset.sources) == sorted(SEED_FILES)


@pytest.fixture
def articles(request: pytest.FixtureRequest) -> Path:
    """The folder of archived article texts, from --articles or $CLAIMCHECK_ARTICLES."""
    given = request.config.getoption("--articles") or os.environ.get(ARTICLES_ENV)
    if not given:
        pytest.skip(
            "the archived article texts are not part of the project; give their folder "
            f"with --articles DIR or {ARTICLES_ENV}=DIR to check every quote against them"
        )
    folder = Path(given)
    missing = [name for name in SEED_FILES.values() if not (folder / name).is_file()]
    if missing:  # asked for, but not there: a mistake to report, not a reason to skip
        pytest.fail(f"{folder} lacks the archived texts {', '.join(missing)}")
    return folder


def test_every_quote_is_verbatim(corpus: Analysis, articles: Path) -> None:
    """Every quote is an excerpt of its article (after NFKC and whitespace folding)."""
    texts = {
        source: fold((articles / name).read_text(encoding="utf-8"))
        for source, name in SEED_FILES.items()
    }
    missing = [
        f"{claim.id}: {claim.quote!r}"
        for claim in corpus.claimset.claims
        if fold(claim.quote) not in texts[claim.source]
    ]
    assert missing == []


def test_non_english_claims_are_translated(corpus: Analysis) -> None:
    """Every claim of a source not written in English carries an English translation."""
    foreign = {s.id for s in corpus.claimset.sources.values() if s.language != "en"}
    untranslated = [
        c.id for c in corpus.claimset.claims if c.source in foreign and not c.translation
    ]
    assert untranslated == []


def test_expected_discrepancies(corpus: Analysis) -> None:
    """The real discrepancies come out with their kinds, values and reviewed statuses."""
    found = {}
    for d in corpus.discrepancies:
        status = corpus.status(d)
        verdict = status.resolution.verdict if status.resolution else None
        found[d.id] = (d.kind, status.status, verdict, list(d.value_texts()))
    assert found == EXPECTED


def test_every_discrepancy_is_reviewed(corpus: Analysis) -> None:
    """Every discrepancy has a current resolution, so `check` fails on nothing but new ones."""
    assert corpus.summary()["stale"] == 0
    assert all(corpus.status(d).resolution is not None for d in corpus.discrepancies)
    assert corpus.exit_code == 0


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Every report format, rendered in memory from the claims and the current code."""
    return render_reports()


@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATTERS))
def test_committed_report_is_up_to_date(fmt: str, rendered: dict[str, str]) -> None:
    """reports/claims.<format> is byte-for-byte what the claims and the code produce now."""
    path = report_path(fmt)
    expected = rendered[fmt].encode("utf-8")
    assert path.exists(), f"{path.relative_to(REPO)} is missing; run `{REFRESH}`"
    assert path.read_bytes() == expected, (
        f"{path.relative_to(REPO)} is out of date with claims/ or the code; run `{REFRESH}`"
    )


def test_source_files_cite_their_article_not_a_local_path(corpus: Analysis) -> None:
    """Each source file's header names its article by title, author, date and URL (or
    says the URL is unknown); no comment in claims/ names a path on some machine."""
    for path in sorted((REPO / "claims").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        assert not re.search(r"(?<![\w.])/(?:work|home|tmp|Users|mnt)/", comments), path.name
        assert not re.search(r"[A-Za-z]:\\", comments), path.name
    for source in corpus.claimset.sources.values():
        text = (REPO / source.file).read_text(encoding="utf-8")
        header = " ".join(
            line.lstrip("# ").strip() for line in text.split("\n\n", 1)[0].splitlines()
        )
        assert header.startswith("Article: "), source.id
        if not source.title.startswith("[Titel ergänzt]"):  # an untitled article says so
            assert f'"{source.title}"' in header, source.id
        if source.author:
            assert source.author in header, source.id
        assert "published" in header and ("URL unknown" in header or "http" in header)
