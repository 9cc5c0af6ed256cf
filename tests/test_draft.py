"""`claimcheck draft`: proposed claims from short articles in each language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from checker.draft import (
    DraftClaim,
    Registry,
    draft,
    find_dates,
    find_quantities,
    load_registry,
    render,
    split_sentences,
    strip_html,
)
from checker.text import fold
from tests.helpers import run_cli

MakeSet = Callable[[dict[str, str]], Path]

REGISTRY = """\
entities:
  nato:
    label: NATO
    aliases: [North Atlantic Treaty Organization, 北大西洋条約機構]
  japan:
    label: Japan
    aliases: [Japán, 日本]
  tokyo:
    label: Tokyo
    aliases: [Tokió, Tokio, 東京]
  italy:
    label: Italy
    aliases: [Olaszország, Italien]
  japan-nato-partnership:
    label: Japan–NATO partnership
    aliases: [Japán–NATO partnerség, Partnerschaft zwischen Japan und der NATO]
  nato-tokyo-office:
    label: NATO Tokyo office
    aliases: [NATO-Büro in Tokio, NATO東京事務所]
  gcap:
    label: GCAP
  defence-plan:
    label: Defence Buildup Programme
    aliases: [védelmi terv]
  ishiba:
    label: Ishiba Shigeru
    aliases: [Isiba]
  liaison-office:
    label: NATO liaison office in Tokyo
properties:
  start-date:
    label: start date
    type: date
    aliases: [began, kezdete, Beginn, 開始]
  establishment-date:
    label: establishment date
    type: date
    aliases: [founded, opened, Eröffnung, megnyitás, 成立, 開設]
  member-of:
    label: member of
    type: entity
    cardinality: multiple
    aliases: [Mitglied von, tagja, 加盟]
  partners:
    label: partners
    type: entity
    cardinality: multiple
    aliases: [partners, partner]
  prime-minister:
    label: prime minister
    type: entity
    aliases: [miniszterelnök]
  member-count:
    label: number of members
    type: quantity
    unit: countries
    aliases: [members, Mitgliederzahl, 加盟国数]
  total-cost:
    label: total cost
    type: quantity
    unit: USD
    aliases: [worth, Gesamtkosten, összköltség, 総額]
"""

EN = """\
NATO was founded in 1949, as Dr. Smith notes.
The North Atlantic Treaty Organization has 31 countries
as members today. Japan plans to open the NATO Tokyo office no later than 2024.
The Japan–NATO partnership began in the 1990s.
Japan is not a member of NATO.
NATO opened a liaison office in Tokyo in 2025.
"""

DE = """\
Die Partnerschaft zwischen Japan und der NATO: Beginn im Januar 2023, z. B. bei Treffen.
Die Eröffnung des NATO-Büros in Tokio soll 2024 erfolgen.
Die Gesamtkosten der NATO betragen 1,5 Milliarden USD.
Japan ist nicht Mitglied von NATO.
"""

HU = """\
A Japán–NATO partnerség kezdete hivatalosan 1990-től számít, stb.
A GCAP partnerei Olaszországgal együtt dolgoznak.
A védelmi terv összköltsége 320 milliárd USD.
Japán nem tagja a NATO-nak.
Japán nevében Isiba miniszterelnök beszélt.
"""

JA = """\
北大西洋条約機構は1949年に成立しました。日本はNATOの加盟国ではありません。
NATOは2024年中に東京にNATO東京事務所を開設する予定です。
総額は3億ドルです。
"""


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / "registry.yaml").write_text(REGISTRY, "utf-8")
    return load_registry(str(tmp_path / "reg"))


def _claims(claims: list[DraftClaim]) -> set[tuple[str, str, str]]:
    return {(c.subject, c.property, c.value) for c in claims}


def _find(claims: list[DraftClaim], subject: str, prop: str, value: str) -> DraftClaim:
    found = [c for c in claims if (c.subject, c.property, c.value) == (subject, prop, value)]
    assert found, f"no draft {subject}/{prop} = {value} among {_claims(claims)}"
    return found[0]


def _never_invents(text: str, claims: list[DraftClaim]) -> None:
    """Every quote is in the text; every value (and subject name) is in its quote."""
    folded = fold(text)
    for c in claims:
        assert c.sentence.text in folded
        assert c.value_text.casefold() in c.sentence.text.casefold()


def test_english_forms(registry: Registry) -> None:
    """English: years, decades, 'no later than', counted units, plans and negation."""
    result = draft(EN, registry)
    assert result.language == "en"
    claims = result.claims
    founded = _find(claims, "nato", "establishment-date", "1949")
    assert founded.sentence.text == "NATO was founded in 1949, as Dr. Smith notes."
    assert founded.sentence.location == "line 1"
    members = _find(claims, "nato", "member-count", "31 countries")
    assert members.sentence.location == "lines 2-3"
    office = _find(claims, "nato-tokyo-office", "establishment-date", "..2024")
    assert office.modality == "planned"
    assert _find(claims, "japan-nato-partnership", "start-date", "1990s").modality == "actual"
    joined = _find(claims, "japan", "member-of", "NATO")
    assert joined.negated
    # the office is named by its words apart ("liaison office ... in Tokyo")
    assert "scattered" in _find(claims, "liaison-office", "establishment-date", "2025").why
    _never_invents(EN, claims)


def test_german_forms(registry: Registry) -> None:
    """German: 'z. B.' keeps a sentence whole; month names; 'soll'; Milliarden; nicht."""
    result = draft(DE, registry)
    assert result.language == "de"
    assert len(result.sentences) == 4
    claims = result.claims
    _find(claims, "japan-nato-partnership", "start-date", "2023-01")
    office = _find(claims, "nato-tokyo-office", "establishment-date", "2024")
    assert office.modality == "expected"
    _find(claims, "nato", "total-cost", "1.5 billion USD")
    assert _find(claims, "japan", "member-of", "NATO").negated
    _never_invents(DE, claims)


def test_hungarian_forms(registry: Registry) -> None:
    """Hungarian: case suffixes on names and years, 'stb.', milliárd, nem."""
    result = draft(HU, registry)
    assert result.language == "hu"
    claims = result.claims
    start = _find(claims, "japan-nato-partnership", "start-date", "1990")
    assert start.value_text == "1990"
    partner = _find(claims, "gcap", "partners", "Olaszország")
    assert "Olaszországgal" in partner.sentence.text
    _find(claims, "defence-plan", "total-cost", "320 billion USD")
    assert _find(claims, "japan", "member-of", "NATO").negated
    _find(claims, "japan", "prime-minister", "Isiba")  # the title follows the name
    _never_invents(HU, claims)


def test_japanese_forms(registry: Registry) -> None:
    """Japanese: 。 ends sentences; 年, 年中, 億; particles; 予定 and ない."""
    result = draft(JA, registry)
    assert result.language == "ja"
    assert len(result.sentences) == 4
    claims = result.claims
    _find(claims, "nato", "establishment-date", "1949")
    assert _find(claims, "japan", "member-of", "NATO").negated
    office = _find(claims, "nato-tokyo-office", "establishment-date", "2024")
    assert office.modality == "planned"
    _never_invents(JA, claims)


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "On July 12, 2023 it met.", "2023-07-12"),
        ("en", "Goals for the years 2023-2026.", "2023..2026"),
        ("de", "Im Januar 2023 kam er.", "2023-01"),
        ("de", "In den 1970er Jahren.", "1970s"),
        ("hu", "az 1970-es évektől kezdve", "1970s"),
        ("hu", "2025. áprilisi látogatása", "2025-04"),
        ("hu", "majd 1977-ben meg is szűnt", "1977"),
        ("ja", "1950年代から始まりました", "1950s"),
        ("ja", "2023年5月の報道", "2023-05"),
    ],
)
def test_date_forms(language: str, text: str, value: str) -> None:
    """Each language's date forms become claim-format dates."""
    assert [m.id for m in find_dates(text, language)] == [value]


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "worth USD 320 billion", "320 billion USD"),
        ("en", "a five-year plan", "5 years"),
        ("de", "3,5 Millionen Euro", "3.5 million EUR"),
        ("hu", "10 millió dollár", "10 million USD"),
        ("ja", "3億ドル", "3e8 USD"),
    ],
)
def test_quantity_forms(language: str, text: str, value: str) -> None:
    """Scale words and units in each language."""
    assert value in [m.id for m in find_quantities(text, language)]


def test_sentences_keep_abbreviations_and_numbers() -> None:
    """'Dr.', 'z. B.', 'stb.' and '1.5' do not end sentences; blank-line-broken lines join."""
    assert len(split_sentences("Dr. Smith paid 1.5 million. It rose.", "en")) == 2
    assert len(split_sentences("Es gibt z. B. Treffen. Dann mehr.", "de")) == 2
    hu = "Ez egy mondat, amely a PDF-ből kinyerve több \n\nsorra tört, stb. és itt véget ér.\n"
    sentences = split_sentences(hu, "hu")
    assert len(sentences) == 1
    assert sentences[0].location == "lines 1-3"


def test_html_is_stripped() -> None:
    """Markup and scripts go; text stays."""
    html = "<html><body><script>var x=1;</script><p>NATO was founded in 1949.</p></body></html>"
    assert strip_html(html).strip() == "NATO was founded in 1949."
    assert strip_html("plain 1 < 2 text") == "plain 1 < 2 text"


def test_unresolved_sentence_is_listed_not_guessed(registry: Registry) -> None:
    """A value with no registered name is left out and listed for the analyst."""
    result = draft("Something happened in 1950.\n", registry, "en")
    assert result.claims == []
    assert [s.text for s, _ in result.unresolved] == ["Something happened in 1950."]


def test_cli_draft_is_a_valid_claim_file(claimset: MakeSet) -> None:
    """The draft passes `claimcheck check` at once: no error, quotes found in the text."""
    root = claimset({"registry.yaml": REGISTRY, "article.txt": EN})
    out = root / "draft.yaml"
    result = run_cli(
        "draft", str(root / "article.txt"), "--source", "art", "--registry-from", str(root),
        "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "claims drafted" in result.stderr and "language en (detected)" in result.stderr
    document = yaml.safe_load(out.read_text("utf-8"))
    assert document["source"]["text"] == "article.txt"
    assert all(c["note"].startswith("draft") for c in document["claims"])
    check = run_cli("check", str(root), "--format", "json", "--no-cache")
    report = json.loads(check.stdout)
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert report["summary"]["claims"] == len(document["claims"])


def test_cli_output_is_deterministic_and_never_overwrites(claimset: MakeSet) -> None:
    """Same input, same bytes; an existing output file is refused (exit 2)."""
    root = claimset({"registry.yaml": REGISTRY, "article.txt": DE})
    args = ["draft", str(root / "article.txt"), "--source", "de", "--registry-from", str(root)]
    first, second = run_cli(*args), run_cli(*args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout and "source:\n  id: de\n" in first.stdout
    (root / "taken.yaml").write_text("keep me", "utf-8")
    refused = run_cli(*args, "--output", str(root / "taken.yaml"))
    assert refused.exit_code == 2
    assert (root / "taken.yaml").read_text("utf-8") == "keep me"


def test_cli_bad_text_names_file_line_column(claimset: MakeSet) -> None:
    """A non-UTF-8 article is one error line naming FILE:LINE:COLUMN, exit 2."""
    root = claimset({"registry.yaml": REGISTRY})
    bad = root / "bad.txt"
    bad.write_bytes(b"fine line\nbroken \xff here\n")
    result = run_cli("draft", str(bad), "--source", "x", "--registry-from", str(root))
    assert result.exit_code == 2
    assert result.stderr == f"claimcheck: {bad}:2:8: not UTF-8 (byte 0xff)\n"


def test_cli_rejects_bad_source_id_and_empty_registry(claimset: MakeSet) -> None:
    """A malformed --source or a claim set without properties is a usage error."""
    root = claimset({"article.txt": EN, "empty.yaml": "entities: {}\n"})
    bad_id = run_cli("draft", str(root / "article.txt"), "--source", "Bad_Id",
                     "--registry-from", str(root))  # fmt: skip
    assert bad_id.exit_code == 2 and "source id" in bad_id.stderr
    empty = run_cli("draft", str(root / "article.txt"), "--source", "ok",
                    "--registry-from", str(root))  # fmt: skip
    assert empty.exit_code == 2 and "no properties" in empty.stderr


def test_cli_html_article(claimset: MakeSet) -> None:
    """HTML is drafted from its text; the draft says so and names no text: file."""
    html = "<html><body><h1>Report</h1><p>NATO was founded in 1949.</p></body></html>"
    root = claimset({"registry.yaml": REGISTRY, "page.html": html})
    result = run_cli("draft", str(root / "page.html"), "--source", "page",
                     "--registry-from", str(root))  # fmt: skip
    assert result.exit_code == 0
    assert "# The article was HTML" in result.stdout
    document = yaml.safe_load(result.stdout)
    assert "text" not in document["source"] and document["source"]["title"] == "Report"
    assert [c["quote"] for c in document["claims"]] == ["NATO was founded in 1949."]


def test_uncertain_claims_are_marked(registry: Registry) -> None:
    """A claim cued only by a unit scores low: marked, listed at the top, noted."""
    result = draft("Far away from Tokyo, NATO has grown: 32 countries.\n", registry, "en")
    [claim] = result.claims
    assert (claim.property, claim.value, claim.uncertain) == ("member-count", "32 countries", True)
    text = render(result, "s", "t", None)
    assert "# Uncertain: s001-member-count\n" in text
    assert "  # UNCERTAIN: review first\n  - id: s001-member-count\n" in text
    assert 'note: "draft (uncertain): unit ' in text


def test_month_without_year_needs_published(registry: Registry) -> None:
    """'by July' is dated only with the publication year; else it is reported."""
    text = "NATO opened the NATO Tokyo office by July.\n"
    undated = draft(text, registry, "en")
    assert undated.claims == []
    assert "month without a year" in undated.unresolved[0][1]
    dated = draft(text, registry, "en", published="2023-05")
    claim = _find(dated.claims, "nato-tokyo-office", "establishment-date", "..2023-07")
    assert "year of --published" in claim.why
    assert '  published: "2023-05"\n' in render(dated, "s", "t", None)


def test_cli_rejects_bad_published(claimset: MakeSet) -> None:
    """A --published that is no date is a usage error naming the option."""
    root = claimset({"registry.yaml": REGISTRY, "article.txt": EN})
    result = run_cli("draft", str(root / "article.txt"), "--source", "a",
                     "--registry-from", str(root), "--published", "yesterday")  # fmt: skip
    assert result.exit_code == 2 and "--published" in result.stderr


def test_cli_refuses_oversized_article(claimset: MakeSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article over the size limit is refused with FILE:1:1, never cut silently."""
    import checker.draft

    root = claimset({"registry.yaml": REGISTRY, "article.txt": EN})
    monkeypatch.setattr(checker.draft, "MAX_TEXT_BYTES", 100)
    result = run_cli("draft", str(root / "article.txt"), "--source", "a",
                     "--registry-from", str(root))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimcheck: {root / 'article.txt'}:1:1: over the limit")


def test_long_unpunctuated_text_is_cut_into_bounded_sentences() -> None:
    """A text without sentence ends becomes quotes of bounded length that cover it all."""
    text = "word NATO Japan 1990 " * 400
    sentences = split_sentences(text, "en")
    assert len(sentences) > 1
    assert all(len(s.text) <= 1000 for s in sentences)
    assert " ".join(s.text for s in sentences) == fold(text)


# A claim set that already has claims (the topics drafting may lean on): the summit's
# date and host city, the office's opening date.
KNOWN_REGISTRY = """\
entities:
  summit:
    label: Lakeside summit
    aliases: [Lakeside-Gipfel, Lakeside-csúcs, レイクサイド首脳会議]
  office:
    label: Lakeside office
    aliases: [Lakeside-Büro, Lakeside-iroda, レイクサイド事務所]
  harbour-summit:
    label: Harbour summit 2022 (Osaka)
    aliases: [Harbour-Gipfel 2022, Harbour-csúcs 2022, 2022年ハーバー首脳会議]
properties:
  first-in-asia:
    label: first office in Asia
    type: boolean
    aliases: [erstes Lakeside-Büro in Asien, Lakesideのアジア初の拠点]
  participants:
    label: participants
    type: entity
    cardinality: multiple
    aliases: [attendees]
  event-date:
    label: date of the event
    type: date
    aliases: [held on]
  host-city:
    label: host city
    type: entity
    aliases: [host city]
"""
KNOWN_CLAIMS = """\
source: {id: earlier, title: Earlier, language: en}
claims:
  - {id: a, subject: summit, property: event-date, value: 2020, quote: "q"}
  - {id: b, subject: summit, property: host-city, value: Tokyo, quote: "q"}
  - {id: c, subject: office, property: establishment-date, value: 2024, quote: "q"}
  - {id: d, subject: harbour-summit, property: event-date, value: 2022, quote: "q"}
  - {id: e, subject: harbour-summit, property: participants, value: Japan, quote: "q"}
  - {id: f, subject: gcap, property: partners, value: Italy, quote: "q"}
  - {id: g, subject: Japan, property: prime-minister, value: Ishiba Shigeru, quote: "q"}
"""

# Short articles of our own: a date and a city next to the summit, with no word cueing
# either property; then a sentence about the office's opening that does not name it.
CONTEXT_TEXTS = {
    "en": "The Lakeside summit met in Tokyo on 3 May 2021.\n"
    "The Lakeside office was discussed there. It should be opened by 2026.\n",
    "de": "Der Lakeside-Gipfel fand am 3. Mai 2021 in Tokio statt.\n"
    "Über das Lakeside-Büro wurde gesprochen. Die Eröffnung soll bis 2026 erfolgen.\n",
    "hu": "A Lakeside-csúcsot 2021. május 3-án Tokióban tartották.\n"
    "A Lakeside-irodáról is szó esett. A megnyitás 2026-ig várható.\n",
    "ja": "レイクサイド首脳会議は2021年5月3日に東京で開かれた。\n"
    "レイクサイド事務所についても話し合われた。開設は2026年までの予定だ。\n",
}


def _known_folder(folder: Path, **more: str) -> Registry:
    """The registry of the known claim set (plus ``more`` files, by stem) read from ``folder``."""
    folder.mkdir()
    files = {"registry": REGISTRY, "more": KNOWN_REGISTRY, **more, "earlier": KNOWN_CLAIMS}
    for stem, text in files.items():
        (folder / f"{stem}.yaml").write_text(text, "utf-8")
    return load_registry(str(folder))


@pytest.fixture
def known(tmp_path: Path) -> Registry:
    return _known_folder(tmp_path / "known")


@pytest.mark.parametrize("language", sorted(CONTEXT_TEXTS))
def test_property_inferred_and_subject_carried(known: Registry, language: str) -> None:
    """A property no word cues is inferred from the value's type and the claim set's
    topics of a specific entity; a subject the sentence does not name is carried over
    from the sentence before; both are marked uncertain and say why."""
    text = CONTEXT_TEXTS[language]
    result = draft(text, known, language)
    claims = result.claims
    date = _find(claims, "summit", "event-date", "2021-05-03")
    assert date.uncertain and "inferred" in date.why
    [city] = [c for c in claims if (c.subject, c.property) == ("summit", "host-city")]
    assert city.value in ("Tokyo", "Tokio", "Tokió", "東京")  # the registered name used
    assert city.uncertain and "inferred" in city.why
    opening = _find(claims, "office", "establishment-date", "..2026")
    assert opening.uncertain and "earlier sentence" in opening.why
    assert opening.sentence.index == 2
    _never_invents(text, claims)


@pytest.mark.parametrize("language", sorted(CONTEXT_TEXTS))
def test_nothing_inferred_without_known_topics(registry: Registry, language: str) -> None:
    """Without claims on the summit or the office, neither is guessed."""
    folder_registry = Registry(
        {**registry.entities}, registry.properties, registry.threshold
    )  # no topics known
    result = draft(CONTEXT_TEXTS[language], folder_registry, language)
    assert result.claims == []


LETTER_TEXTS = {
    "en": "The council met on Tuesday and agreed that the plan was sound. " * 5,
    "de": "Der Rat trat am Dienstag zusammen und erklärte, dass der Plan gemäß den Regeln "
    "völlig ausreichend sei und später geändert werden könnte. " * 3,
    "hu": "A tanács kedden ülésezett, és kimondta, hogy a terv megfelelő, de később "
    "módosítható lesz, ha szükséges. Az ülésen több kérdés is felmerült. " * 3,
    "ja": "理事会は火曜日に会合を開き、その計画は妥当であると合意しました。" * 8,
}


@pytest.mark.parametrize("language", sorted(LETTER_TEXTS))
def test_language_by_letters_agrees_with_the_model(language: str) -> None:
    """Where the letters decide the language (no model loaded), the model agrees."""
    from checker.draft import _by_letters, _identifier

    text = LETTER_TEXTS[language]
    assert _by_letters(text) == language
    assert _identifier().classify(text)[0] == language


def test_language_by_letters_leaves_doubt_to_the_model() -> None:
    """Short or mixed text is not decided by letters."""
    from checker.draft import _by_letters

    assert _by_letters("NATO 1949.") is None
    assert _by_letters(LETTER_TEXTS["de"] + LETTER_TEXTS["hu"]) is None


# The summit by its short form (no year, no place), the date uncued, two participants
# listed of which the claim set knows one as a participant.
SHORT_TEXTS = {
    "en": "Japan and Italy went to the Harbour summit on 4 June 2022.\n",
    "de": "Japan und Italien kamen am 4. Juni 2022 zum Harbour-Gipfel.\n",
    "hu": "Japán és Olaszország 2022. június 4-én a Harbour-csúcson volt.\n",
    "ja": "日本は2022年6月4日にハーバー首脳会議に出席した。\n",
}


@pytest.mark.parametrize("language", sorted(SHORT_TEXTS))
def test_short_form_names_and_listed_values(known: Registry, language: str) -> None:
    """A name without its qualifiers ("Harbour summit" for "Harbour summit 2022
    (Osaka)") finds the entity, scored lower and noted; the claim keeps the registered
    name. A value listed with a known one ("Japan and Italy") is drafted too."""
    text = SHORT_TEXTS[language]
    claims = draft(text, known, language).claims
    date = _find(claims, "harbour-summit", "event-date", "2022-06-04")
    assert "short form" in date.why and date.uncertain
    assert date.subject_name in ("Harbour summit 2022 (Osaka)", "Harbour-Gipfel 2022",
                                 "Harbour-csúcs 2022", "2022年ハーバー首脳会議")  # fmt: skip
    participants = {c.value for c in claims if c.property == "participants"}
    assert participants & {"Japan", "Japán", "日本"}
    if language != "ja":
        assert participants & {"Italy", "Italien", "Olaszország"}
    _never_invents(text, claims)


MAIN_TEXTS = {
    "en": "Japan spoke first. Japan agreed. Japan left early.\n"
    "It rained in Tokyo. Italy waited.\nNATO said that Isiba was the prime minister.\n",
    "hu": "Japán szólalt fel először. Japán egyetértett. Japán korán távozott.\n"
    "Tokióban esett az eső. Olaszország várt.\nA NATO szerint Isiba miniszterelnök volt.\n",
}


@pytest.mark.parametrize("language", sorted(MAIN_TEXTS))
def test_subject_from_the_article_main_topic(known: Registry, language: str) -> None:
    """A title with no subject named nearby goes to the article's most named entity
    when the claim set has claims on that property about it (not to NATO, named there)."""
    claims = draft(MAIN_TEXTS[language], known, language).claims
    [claim] = [c for c in claims if c.property == "prime-minister"]
    assert claim.subject == "japan" and claim.uncertain
    assert "most named subject" in claim.why


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Article 5 of the treaty applies."), ("ja", "特に第5条には定められています。")],
)
def test_article_number_is_no_count(language: str, text: str) -> None:
    """'Article 5' and '第5条' name one article: a bare 5, never '5 articles'."""
    found = [m.id for m in find_quantities(text, language)]
    assert "5" in found and "5 articles" not in found
    assert "5 articles" in [m.id for m in find_quantities("It has 5 articles.", "en")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # the adjective's ending follows the article: "erstes" in the registry
        ("de", "Das Lakeside-Büro wäre das erste Lakeside-Büro in Asien.\n"),
        # another particle between the name's words: の in the registry
        ("ja", "レイクサイド事務所は、Lakesideにとってアジア初の拠点となる。\n"),
    ],
)
def test_names_with_declined_adjectives_and_other_particles(
    known: Registry, language: str, text: str
) -> None:
    """German adjective endings and Japanese particles inside a name may differ."""
    claim = _find(draft(text, known, language).claims, "office", "first-in-asia", "true")
    assert "inflected" in claim.why


def test_inferred_value_stays_in_its_clause(known: Registry) -> None:
    """A name in another clause (after 、) is no inferred value of the subject."""
    text = "ハーバー首脳会議は延期され、日本は別の会議に出た。\n"
    assert [c for c in draft(text, known, "ja").claims if c.property == "participants"] == []
    joined = "ハーバー首脳会議に日本が出た。\n"
    assert [c.property for c in draft(joined, known, "ja").claims] == ["participants"]


GENERAL_REGISTRY = """\
entities:
  harbour-pact:
    label: Harbour Pact
    aliases: [Harbour-Pakt, Harbour-paktum, ハーバー条約機構]
  lakeside-visit:
    label: Lakeside visit
    aliases: [Lakeside-Besuch, Lakeside-látogatás, レイクサイド訪問]
  brussels:
    label: Brussels
    aliases: [Brüssel, Brüsszel, ブリュッセル]
properties:
  dissolution-date:
    label: dissolution date
    type: date
    aliases: [dissolved, Auflösung, megszűnés, 解散]
  location:
    label: location
    type: entity
    aliases: [located in, Sitz, székhely, 所在地]
"""

# Our own short texts: a dissolution said by a verb the registry does not list, a place
# named with a locative next to the office, and a date next to a visit; no property
# name of the registry occurs in them.
GENERAL_TEXTS = {
    "en": "The Harbour Pact was disbanded in 1977.\nThe Lakeside office is in Brussels.\n"
    "The Lakeside visit in March 2021 was brief.\n",
    "de": "Der Harbour-Pakt wurde 1977 aufgelöst.\nDas Lakeside-Büro arbeitet in Brüssel.\n"
    "Der Lakeside-Besuch im März 2021 war kurz.\n",
    "hu": "A Harbour-paktum 1977-ben feloszlott.\nA Lakeside-iroda Brüsszelben dolgozik.\n"
    "A 2021. márciusi Lakeside-látogatás rövid volt.\n",
    "ja": "ハーバー条約機構は1977年に解体された。\nブリュッセルにレイクサイド事務所がある。\n"
    "2021年3月のレイクサイド訪問は短かった。\n",
}


@pytest.fixture
def general(tmp_path: Path) -> Registry:
    return _known_folder(tmp_path / "general", general=GENERAL_REGISTRY)


@pytest.mark.parametrize("language", sorted(GENERAL_TEXTS))
def test_general_cues_locatives_and_event_dates(general: Registry, language: str) -> None:
    """A general cue word of the property's kind ("disbanded" for a property named
    "dissolved"), a place named with a locative next to a specific thing, and a date
    next to an event are drafted, each noting why; nothing is invented."""
    text = GENERAL_TEXTS[language]
    claims = draft(text, general, language).claims
    dissolved = _find(claims, "harbour-pact", "dissolution-date", "1977")
    assert "general cue word" in dissolved.why
    [place] = [c for c in claims if (c.subject, c.property) == ("office", "location")]
    assert place.value in ("Brussels", "Brüssel", "Brüsszel", "ブリュッセル")
    assert "locative" in place.why and place.uncertain
    visit = _find(claims, "lakeside-visit", "event-date", "2021-03")
    assert "next to an event" in visit.why and visit.uncertain
    _never_invents(text, claims)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "In Brussels, the Lakeside summit opened.\n"), ("ja", "東京で演習に参加した。\n")],
)
def test_no_location_for_events_or_other_values(
    general: Registry, language: str, text: str
) -> None:
    """An event is held somewhere, not located; a name the claim set has only as
    another property's value is no place."""
    assert [c for c in draft(text, general, language).claims if c.property == "location"] == []


def test_scattered_name_without_its_other_names(known: Registry) -> None:
    """A name's own words ("liaison office") find it without the names it contains
    ("NATO", "Tokyo"), scored lower; one own word alone does not."""
    claims = draft("The liaison office opened in 2024.\n", known, "en").claims
    claim = _find(claims, "liaison-office", "establishment-date", "2024")
    assert "scattered" in claim.why
    assert draft("The office opened in 2024.\n", known, "en").claims == []


RELATIVE_TEXTS = {
    "en": ("The Lakeside office will be opened this year.\n", "2023"),
    "de": ("Das Lakeside-Büro wurde im vergangenen Jahr eröffnet.\n", "2022"),
    "hu": ("A Lakeside-iroda megnyitása idén várható.\n", "2023"),
    "ja": ("レイクサイド事務所は来年開設される。\n", "2024"),
}


@pytest.mark.parametrize("language", sorted(RELATIVE_TEXTS))
def test_year_relative_to_publication(known: Registry, language: str) -> None:
    """'this year', 'im vergangenen Jahr', 'idén', '来年' take their year from
    --published; without it the sentence is listed, not dated."""
    text, year = RELATIVE_TEXTS[language]
    claims = draft(text, known, language, published="2023-05").claims
    claim = _find(claims, "office", "establishment-date", year)
    assert "year of --published" in claim.why
    undated = draft(text, known, language)
    assert undated.claims == [] and undated.unresolved


def test_date_next_to_an_event_is_the_events(general: Registry) -> None:
    """A date named with an event is the event's, not that of a cue far from it."""
    text = (
        "The Lakeside visit in March 2021 was long, and many guests came from far away "
        "to talk about the opening of the Lakeside office.\n"
    )
    claims = draft(text, general, "en").claims
    _find(claims, "lakeside-visit", "event-date", "2021-03")
    assert [c for c in claims if c.property == "establishment-date"] == []


NEGATIVE_REGISTRY = """\
entities:
  rock-isle:
    label: Rock Isle
    aliases: [Felseninsel, Sziklasziget, 岩島]
properties:
  inhabited:
    label: inhabited
    type: boolean
    aliases: [bewohnt, lakott, 有人]
"""


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The uninhabited Rock Isle lies far out.\n"),
        ("de", "Die unbewohnte Felseninsel liegt weit draußen.\n"),
        ("ja", "岩島は無人の島だ。\n"),
    ],
)
def test_negative_form_of_a_yes_no_name(tmp_path: Path, language: str, text: str) -> None:
    """'uninhabited', 'unbewohnt', '無人' state the yes/no property as false."""
    (tmp_path / "registry.yaml").write_text(NEGATIVE_REGISTRY, "utf-8")
    claims = draft(text, load_registry(str(tmp_path)), language).claims
    claim = _find(claims, "rock-isle", "inhabited", "false")
    assert "negative form" in claim.why and not claim.negated


def test_japanese_genitive_names_the_actor(known: Registry) -> None:
    """'AにBの加盟': B joins, A is what it joins."""
    claims = draft("NATOに日本の加盟が決まった。\n", known, "ja").claims
    assert _claims(claims) == {("japan", "member-of", "NATO")}


def test_hungarian_oblique_name_is_not_the_subject(general: Registry) -> None:
    """'a Harbour-paktum ... elmaradt a Lakeside-irodától, majd 1977-ben megszűnt': the
    name with a case suffix is not what ceased to exist."""
    text = (
        "A Harbour-paktum, amely jelentőségében elmaradt a Lakeside-irodától, "
        "majd 1977-ben feloszlott.\n"
    )
    claims = draft(text, general, "hu").claims
    _find(claims, "harbour-pact", "dissolution-date", "1977")
    assert [c for c in claims if c.subject == "office"] == []


def test_typical_value_goes_to_its_known_holder(known: Registry) -> None:
    """A name the claim set has as one property's value only (Ishiba: a prime minister)
    is drafted for the holder named with it (Japan), marked uncertain; not across
    clauses."""
    claims = draft("Japan welcomed Isiba.\n", known, "en").claims
    claim = _find(claims, "japan", "prime-minister", "Isiba")
    assert claim.uncertain and "as a value of" in claim.why
    assert draft("Japan waited; Isiba left.\n", known, "en").claims == []


ACTIVE_REGISTRY = """\
entities:
  rock-isle:
    label: Rock Isle
    aliases: [Felseninsel, Sziklasziget]
  china:
    label: China
    aliases: [Kína]
properties:
  claimed-by:
    label: sovereignty claimed by
    type: entity
    cardinality: multiple
    aliases: [claimant, beansprucht von, szuverenitást követel]
"""


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "China claims sovereignty over Rock Isle.\n"),
        ("de", "China beansprucht die Felseninsel.\n"),
        ("hu", "Kína igényt tart a Sziklaszigetre.\n"),
    ],
)
def test_active_verb_of_a_passive_property(tmp_path: Path, language: str, text: str) -> None:
    """'China claims Rock Isle' states 'Rock Isle: claimed by China' (the agent named
    before the active verb is the value), not the other way round."""
    (tmp_path / "registry.yaml").write_text(ACTIVE_REGISTRY, "utf-8")
    claims = draft(text, load_registry(str(tmp_path)), language).claims
    assert {(c.subject, c.property) for c in claims} == {("rock-isle", "claimed-by")}
    assert "active" in claims[0].why


def test_japanese_topic_set_off_by_a_comma_still_holds(known: Registry) -> None:
    """'日本は、Isiba…': a topic set off by 、 governs the sentence (a typical value
    goes to it); after a verb and 、 another clause begins (see the test above)."""
    claims = draft("日本は、Isibaを迎えた。\n", known, "ja").claims
    assert _claims(claims) == {("japan", "prime-minister", "Isiba")}
    assert draft("日本は待ち、Isibaは去った。\n", known, "ja").claims == []
