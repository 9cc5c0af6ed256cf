"""Drafting claims from an article: the mechanical part of recording claims.

``claimcheck draft`` reads an archived article (plain text, or HTML stripped to text),
splits it into sentences and proposes one claim per (subject, property, value) it finds
in a sentence, with the sentence as the verbatim quote. Judgement stays with the analyst:
every draft carries ``note: "draft: <why, score>"`` and the uncertain ones are marked.

It never invents. Names come only from the registry (labels and aliases, exact, with an
inflection suffix, or fuzzy at the registry's threshold); every value is read from the
quote itself (a date, a quantity, an entity named there; a boolean is the property's cue
itself, false when the clause negates it). A sentence with a value but no resolvable
subject or property is listed in a comment block at the end, never guessed.

Libraries (measured on the seed articles; see tests/scripts/benchmark_draft.py):
- pysbd splits sentences (rule-based; abbreviations such as ``Dr.``, ``z. B.``, decimal
  numbers; ``。`` for Japanese). It has no Hungarian rules; its German rules are used, and
  a piece it starts in lower case (after an ordinal: ``2025. | áprilisi``) is joined back.
- py3langid detects the language (model shipped inside the package, nothing downloaded),
  restricted to the four supported languages.
- Babel (CLDR data) gives the month names of each language.
- BeautifulSoup (stdlib ``html.parser``) strips HTML to text.
- rapidfuzz, through :mod:`checker.text` (its sole user), scores fuzzy names with the
  contract's scorer.
Japanese needs no tokeniser: names are matched as substrings, which particles
(``日本は``, ``NATOとの``) do not disturb.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from checker.claimset import ClaimSet
from checker.errors import ClaimcheckError
from checker.model import Cardinality, Entity, EntityValue, Modality, Property, PropertyType
from checker.text import best_name, best_passage, fold
from checker.vocabulary import DRAFT_LANGUAGES

LANGUAGES: tuple[str, ...] = DRAFT_LANGUAGES
UNCERTAIN_BELOW = 0.6
# An entity the claim set has claims on about at most this many properties (and that is
# no claim's value) is specific: a date next to it likely belongs to one of them.
SPECIFIC_TOPICS = 8
INFERRED_SCORE = 0.55  # a property inferred, not cued: always below UNCERTAIN_BELOW
CARRIED_SCORE = 0.6  # a subject from an earlier sentence
SHORT_SCORE = 0.75  # a name's short form ("NATO summit" for "NATO summit 2023 (Vilnius)")
# An article, not a corpus: drafting takes about a second per 20 kB of prose (and up to
# ten times that on text without sentences), so larger files are refused, not cut.
MAX_TEXT_BYTES = 1024 * 1024

# --------------------------------------------------------------------------- text


class ArticleError(ClaimcheckError):
    """An article that cannot be read; the message names FILE:LINE:COLUMN."""


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    was_html: bool


def read_article(path: str, max_bytes: int | None = None) -> Article:
    """Read an article: UTF-8 (a BOM is dropped), bounded in size, HTML stripped."""
    max_bytes = max_bytes or MAX_TEXT_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleError(f"{path}:1:1: cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ArticleError(
            f"{path}:1:1: over the limit of {max_bytes} bytes; draft one article at a time"
        )
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArticleError(
            f"{path}:{line}:{column}: not UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    if "\0" in raw:
        at = raw.index("\0")
        line = raw.count("\n", 0, at) + 1
        column = at - (raw.rfind("\n", 0, at) + 1) + 1
        raise ArticleError(f"{path}:{line}:{column}: NUL byte; the article must be text")
    text = strip_html(raw)
    return Article(text, text is not raw)


def relative_text_path(text: str, output: str) -> str | None:
    """The article's path relative to the draft's folder, for the source's ``text:``,
    when it lies inside that folder (the claim set may not read files outside it)."""
    import os.path

    folder = os.path.dirname(os.path.abspath(output))
    target = os.path.abspath(text)
    relative = os.path.relpath(target, folder)
    if relative.startswith(os.pardir) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|p|div|br|span|article|h[1-6])\b", re.I)


def strip_html(raw: str) -> str:
    """The text of an HTML document, one block per line; plain text is returned as is."""
    if not _HTML_HINT.search(raw[:5000]):
        return raw
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return str(soup.get_text("\n"))


def detect_language(text: str) -> str:
    """One of :data:`LANGUAGES`: by the letters when they leave no doubt, else by
    py3langid restricted to them (loading its model costs about half a second)."""
    sample = text[:20000]
    decided = _by_letters(sample)
    return decided if decided is not None else str(_identifier().classify(sample)[0])


_KANA = re.compile(r"[\u3040-\u30ff]")
_HU_ONLY = frozenset("őűŐŰ")  # double acute: Hungarian alone among the four
_DE_ONLY = frozenset("äßÄ")  # Hungarian has ö and ü, but never ä or ß


def _by_letters(sample: str) -> str | None:
    """The language where its letters decide it: kana are Japanese; ő/ű with many
    accented vowels Hungarian; ä/ß with umlauts and no Hungarian accents German; Latin
    text with almost no letters outside ASCII English. Mixed or short text: None."""
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 200:
        return None
    kana = len(_KANA.findall(sample))
    if kana > len(letters) * 0.05:
        return "ja"
    if kana:
        return None
    count = len(letters)
    hu_only = sum(c in _HU_ONLY for c in letters)
    hu_accents = sum(c in "áéíóúÁÉÍÓÚőűŐŰ" for c in letters)
    de_only = sum(c in _DE_ONLY for c in letters)
    umlauts = sum(c in "äöüßÄÖÜ" for c in letters)
    non_ascii = sum(not c.isascii() for c in letters)
    if hu_only and hu_accents > count * 0.03 and not de_only:
        return "hu"
    if de_only and umlauts > count * 0.008 and hu_accents < count * 0.002:
        return "de"
    if non_ascii < count * 0.01 and not (hu_only or de_only):
        words = re.findall(r"[a-z]+", sample.casefold())
        english = sum(w in _EN_WORDS for w in words)
        other = sum(w in _DE_HU_WORDS for w in words)
        if english > len(words) * 0.1 and other < len(words) * 0.01:
            return "en"
    return None


_EN_WORDS = frozenset({"the", "and", "of", "to", "is", "that", "with", "for", "has", "was"})
_DE_HU_WORDS = frozenset({"der", "die", "und", "das", "ist", "nicht", "az", "hogy", "nem", "egy"})


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its verbatim (whitespace-folded) text and the lines it spans."""

    index: int
    start: int
    text: str
    first_line: int
    last_line: int

    @property
    def location(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"


_TERMINAL = '.!?:;。！？」』"”)）'
_BREAK = re.compile(r"\n(?:[ \t\r\f\v]*\n)*")


def _flow(text: str) -> str:
    """The text with line breaks inside sentences turned into spaces (same length).

    PDF extractions break lines inside sentences (the Hungarian seed even leaves a blank
    line after each); a break is kept when the next line starts a new block: it starts
    with an upper-case letter after a line that ended a sentence or was short (a heading).
    """
    out = list(text)
    for match in _BREAK.finditer(text):
        start, end = match.span()
        prev = text[text.rfind("\n", 0, start) + 1 : start].strip()
        nxt = text[end : end + 1]
        if not prev or not nxt or nxt.isspace():
            continue
        joins = nxt.islower() or (
            prev[-1] not in _TERMINAL and len(prev) >= 40 and (nxt.isalnum() or nxt in "„\"'(")
        )
        if joins:
            for i in range(start, end):
                out[i] = " "
    return "".join(out)


@lru_cache(maxsize=4)
def _segmenter(language: str) -> Any:
    import pysbd

    rules = {"hu": "de"}.get(language, language)
    return pysbd.Segmenter(language=rules, clean=False)


MAX_BLOCK = 4000  # characters given to pysbd at once (its time grows faster than linearly)
MAX_SENTENCE = 1000  # a longer "sentence" (a list, a table, no punctuation) is cut


def _pieces(text: str, limit: int, boundary: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    """``text`` cut into (offset, piece) of at most ``limit`` characters, each cut after
    the last ``boundary`` match in the window, else at its last space, else hard."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cuts = [m.end() for m in boundary.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > 0 else window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        yield start, text[start : start + cut]
        start += cut
    if start < len(text):
        yield start, text[start:]


_SENTENCE_END = re.compile(r"[.!?。！？](?:\s+|$)|。")
_SPACE_RUN = re.compile(r"\s+")


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Sentences of ``text`` with their 1-based line numbers, in order."""
    flowed = _flow(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    segmenter = _segmenter(language)
    sentences: list[Sentence] = []
    pos = 0
    for block in re.split(r"(\n)", flowed):
        if block == "\n" or not block.strip():
            pos += len(block)
            continue
        for offset, piece in _pieces(block, MAX_BLOCK, _SENTENCE_END):
            cursor = 0
            for segment in segmenter.segment(piece):
                found = piece.find(segment, cursor)
                if found < 0:  # pysbd altered the text: fall back to the stripped segment
                    found = piece.find(segment.strip(), cursor)
                    if found < 0:
                        continue
                    segment = segment.strip()
                cursor = found + len(segment)
                for inner, part in _pieces(segment, MAX_SENTENCE, _SPACE_RUN):
                    _add_sentence(
                        sentences, text, pos + offset + found + inner, len(part), line_starts,
                        language,
                    )  # fmt: skip
        pos += len(block)
    return sentences


def _add_sentence(
    sentences: list[Sentence],
    text: str,
    at: int,
    length: int,
    line_starts: list[int],
    language: str,
) -> None:
    raw = text[at : at + length]
    folded = fold(raw)
    if not folded:
        return
    start = at + len(raw) - len(raw.lstrip())
    end = at + len(raw.rstrip())
    last = _line_of(line_starts, max(start, end - 1))
    if sentences and folded[0].islower() and language != "ja":
        # pysbd broke after an ordinal ("2025. áprilisi"): no sentence starts in lower
        # case, so this one goes on the last (unless that makes it too long)
        prev = sentences[-1]
        if end - prev.start <= MAX_SENTENCE:
            joined = fold(text[prev.start : end])
            sentences[-1] = Sentence(prev.index, prev.start, joined, prev.first_line, last)
            return
    first = _line_of(line_starts, start)
    sentences.append(Sentence(len(sentences), start, folded, first, last))


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


# --------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class Mention:
    """Something found in a sentence: an entity, a property cue or a value."""

    start: int
    end: int
    kind: str  # entity | property | date | quantity
    id: str  # entity/property id; for values the claim-format literal
    name: str  # the registered name matched, or the text of a value
    score: float
    how: str  # exact | inflected | fuzzy | scattered | unit | pattern
    parts: tuple[str, ...] = ()  # scattered names: the other entities named in it


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(name) <= 6 and all(c.isupper() for c in letters)


_DERIVATIONS: dict[str, tuple[str, ...]] = {
    "en": ("ment", "ing", "ion", "ed", "es", "s", "d", "e"),
    "de": ("ungen", "ung", "en", "e", "t"),
    # -ik is the citation form of many verbs ("működik" ~ "működtet"), -ség/-ság
    # makes abstract nouns ("megszűnés", "partnerség" ~ "partnere")
    "hu": ("ása", "ése", "ság", "ség", "ás", "és", "at", "et", "ik", "a", "e"),
}


_JA_PARTICLE = re.compile(r"(?<=[^\u3040-\u309f])[のとはがにをでへや](?=[^\u3040-\u309f])")
_GERMAN_ENDINGS = ("es", "en", "er", "em", "e")


def _declined(word: str, language: str) -> str:
    """A German adjective without its ending, which changes with case and article
    ("erstes NATO-Büro" / "das erste NATO-Büro"); the pattern allows any ending back."""
    if language == "de" and word[:1].islower() and len(word) >= 5:
        for ending in _GERMAN_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


@lru_cache(maxsize=8192)
def _name_pattern(name: str, language: str, *, stem: bool) -> re.Pattern[str]:
    r"""A pattern for a registered name in running text, allowing inflection suffixes.

    Patterns of alphabetic names run on :func:`_masked` text, where kana and kanji are
    blanked: a Latin name in Japanese ("日本はNATOの") is bounded by them, but \w would
    count them as part of the word."""
    if _CJK.search(name):
        # a particle between two words of a name varies in running text: "NATOの
        # アジア初の拠点" ~ "NATOにとってアジア初の拠点", "日本とNATOの関係" ~ "日本とNATOとの関係"
        pieces = _JA_PARTICLE.split(name)
        return re.compile("[\u3040-\u309f]{1,4}".join(re.escape(p) for p in pieces))
    words = re.split(r"[\s-]+", name)
    last = words[-1]
    stemmed = False
    if stem and len(last) >= 6:
        # a property cue is often a verb or noun of the same stem: "founded" ~
        # "founding", "Eröffnung" ~ "eröffnen", "megszűnés" ~ "megszűnt"
        for suffix in _DERIVATIONS.get(language, ()):
            if last.casefold().endswith(suffix) and len(last) - len(suffix) >= 4:
                last = last[: -len(suffix)]
                stemmed = True
                break
    inner = r"\w{0,3}" if language in ("hu", "de") else ""  # "des NATO-Büros in Tokio"
    parts = [re.escape(_declined(w, language)) + (inner if len(w) > 2 else "") for w in words[:-1]]
    tail = re.escape(last)
    if language == "hu" and last[-1:] in "ae" and len(last) > 2:
        # Hungarian lengthens a final a/e before a suffix: Kína -> Kínával
        tail = re.escape(last[:-1]) + ("[aá]" if last[-1] == "a" else "[eé]")
    parts.append(tail)
    body = r"[\s-]+".join(parts)
    if _is_acronym(name):
        # "NATO-val", "NATO-Generalsekretär": the tail is left to other names and cues
        return re.compile(rf"(?<![\w-]){body}(?=-\w|(?!\w))")
    if stemmed:
        suffix = r"\w{0,8}"
    elif language in ("hu", "de"):
        suffix = r"(?:-?\w{0,6})"
    else:
        suffix = r"\w{0,4}"
    return re.compile(rf"(?<!\w){body}{suffix}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Scattered:
    owner: str
    name: str
    parts: list[re.Pattern[str]]  # patterns of the other entities' names in it
    own: list[re.Pattern[str]]  # patterns of its own words
    part_owners: tuple[str, ...]


@dataclass(frozen=True)
class _Pattern:
    """A name to look for. Its regex is compiled on first use: most names never occur
    in an article, and their probe rules them out without one."""

    owner: str  # entity or property id
    name: str  # the registered name (what a claim file resolves)
    probe: str  # see _probe
    language: str
    stem: bool
    short: str = ""  # the short form the pattern finds, if not the name itself
    general: bool = False  # a word of the general cue vocabulary, not a registered name
    negative: bool = False  # the negative form of a yes/no property's name ("uninhabited")
    active: bool = False  # an active verb of a property named in the passive ("claims")

    @builtins.property
    def pattern(self) -> re.Pattern[str]:
        return _name_pattern(self.short or self.name, self.language, stem=self.stem)


@dataclass
class _Index:
    kind: str
    patterns: list[_Pattern]
    fuzzy_names: dict[int, list[tuple[str, str]]]  # word count -> (name, owner)
    threshold: float
    # names whose words appear apart: (owner, name, patterns of other names in it,
    # patterns of its own words)
    scattered: list[_Scattered] = field(default_factory=list)


# Words a name's scattered parts may leave out ("NATO liaison office in Tokyo").
_STOPWORDS = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "to", "for", "with", "and", "by", "at", "from",
        "der", "die", "das", "des", "dem", "den", "im", "zu", "zur", "zum", "von", "und",
        "mit", "bei", "für", "az", "és", "ban", "ben", "val", "vel",
    }
)  # fmt: skip
_PARTICLES = "のとはがにをでへや"


def _scattered(names: dict[str, tuple[str, str]], language: str) -> list[_Scattered]:
    """Names of several words whose words a sentence may use apart: "open a liaison office
    ... in Tokyo" names the NATO Tokyo liaison office. A name qualifies when, besides names
    of other entities ("NATO", "Tokyo"), it has words of its own ("liaison office") -
    co-occurring names alone say nothing."""
    others = sorted(names.values(), key=lambda n: -len(n[0]))
    literal = {other for other, _ in others if not _CJK.search(other)}
    found: list[_Scattered] = []
    heads = {other: other.casefold()[:4] for other, _ in others}
    for name, owner in names.values():
        rest = name
        folded = rest.casefold()
        cjk = bool(_CJK.search(name))
        parts: list[re.Pattern[str]] = []
        part_owners: list[str] = []
        for other, other_owner in others:
            if other_owner == owner or len(other) < 2:
                continue
            if cjk:
                if other in rest and other.casefold() != name.casefold():
                    rest = rest.replace(other, " ")
                    parts.append(_name_pattern(other, language, stem=False))
                    part_owners.append(other_owner)
            elif heads[other] in folded and other in literal:
                if other.casefold() == name.casefold():
                    continue
                pattern = _name_pattern(other, language, stem=False)  # "Stoltenbergs"
                if pattern.search(rest):
                    rest = pattern.sub(" ", rest)
                    folded = rest.casefold()
                    parts.append(pattern)
                    part_owners.append(other_owner)
        if cjk:
            words = [w.strip(_PARTICLES) for w in re.split(r"[\s「」()（）・]+", rest)]
            own = [_name_pattern(w, language, stem=False) for w in words if len(w) >= 2]
        else:
            words = [w for w in re.split(r"[\s'’-]+", rest) if w]
            own = [
                _name_pattern(w, language, stem=True)
                for w in words
                if w.casefold() not in _STOPWORDS and len(w) >= 4
            ]
        if own and len(parts) + len(own) >= 2:
            found.append(_Scattered(owner, name, parts, own, tuple(sorted(set(part_owners)))))
    return found


def _build_index(
    kind: str, entries: Iterable[Entity | Property], language: str, threshold: float
) -> _Index:
    entries = list(entries)
    owners: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for entry in entries:
        for name in dict.fromkeys((entry.label, *entry.aliases)):
            folded = fold(name)
            if len(folded) < 2:
                continue
            owners.setdefault(folded.casefold(), set()).add(entry.id)
            names.setdefault(folded.casefold(), folded)
    patterns: list[_Pattern] = []
    fuzzy: dict[int, list[tuple[str, str]]] = {}
    for key, ids in sorted(owners.items()):
        if len(ids) != 1:  # a shared alias would be an ambiguity error: not a cue
            continue
        owner = next(iter(ids))
        name = names[key]
        patterns.append(_Pattern(owner, name, _probe(name), language, kind == "property"))
        if _CJK.search(name):
            if len(name) >= 4:
                fuzzy.setdefault(0, []).append((name, owner))
        elif len(name) >= 8:
            fuzzy.setdefault(len(name.split()), []).append((name, owner))
    if kind == "entity":
        patterns += _short_patterns(owners, names, language)
    else:
        patterns += _general_patterns(entries, owners, language)
    index = _Index(kind, patterns, fuzzy, threshold)
    if kind == "entity":
        unique = {
            key: (names[key], next(iter(ids))) for key, ids in owners.items() if len(ids) == 1
        }
        index.scattered = _scattered(unique, language)
    return index


# General vocabulary that cues a kind of property, per language, beyond the registry's
# own names (which state each property once or twice, as a noun or a participle, while
# articles use the verb, another tense or a synonym). A property is of a kind when one
# of its own names is among the kind's anchors (whole words of the name); the kind's
# words of the article's language then cue it too, scored below its own names. A word
# that is already some property's name, or that would cue two properties, cues none.
GENERAL_SCORE = 0.85
_KINDS: dict[str, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {
    "founding": (
        frozenset({"founded", "founding date", "establishment date", "gründung", "alapítás",
                   "設立"}),
        {"en": ("founded", "established", "establishment", "set up", "created"),
         "de": ("gegründet", "errichtet", "geschaffen"),
         "hu": ("alapította", "alapították", "alapított", "létrehozta", "létrehozták",
                "megalakult", "jött létre"),
         "ja": ("創設", "創立", "設置")},
    ),
    "dissolution": (
        frozenset({"dissolved", "dissolution date", "auflösung", "megszűnés", "解散"}),
        {"en": ("dissolved", "disbanded", "dissolution", "ceased to exist"),
         "de": ("aufgelöst",),
         "hu": ("megszűnt", "szűnt meg", "szűnt", "feloszlott", "feloszlatták"),
         "ja": ("解体",)},
    ),
    "signing": (
        frozenset({"signed", "signing date", "unterzeichnung", "aláírás dátuma", "署名"}),
        {"en": ("signing", "concluded"),
         "de": ("unterzeichnet", "unterschrieben", "verabschiedet"),
         "hu": ("aláírta", "aláírták", "aláírt", "elfogadta", "elfogadták"),
         "ja": ("締結", "調印")},
    ),
    "start": (
        frozenset({"began", "start date", "beginn", "kezdete", "開始"}),
        {"en": ("begun", "started", "beginning"),
         "de": ("begann", "begonnen", "gestartet"),
         "hu": ("kezdődött", "elindult", "indult"),
         "ja": ("始ま",)},
    ),
    "revision": (
        frozenset({"revised", "date revised", "überarbeitung", "felülvizsgálat", "改定"}),
        {"en": ("revision", "amended", "amendment"),
         "de": ("überarbeitet", "revidiert", "geändert", "Änderung"),
         "hu": ("módosította", "módosították", "módosítás"),
         "ja": ("改正", "見直し")},
    ),
    "membership": (
        frozenset({"member of", "membership", "tagja", "加盟"}),
        {"en": ("joined",),
         "de": ("beigetreten",),
         "hu": ("csatlakozott", "tagjává vált"),
         "ja": ("加入",)},
    ),
    "ceiling": (
        frozenset({"~ceiling", "~obergrenze", "~felső határa", "~上限"}),
        {"en": ("cap", "capped", "limit", "at most", "maximum"),
         "de": ("höchstens", "maximal", "Deckel"),
         "hu": ("maximum", "legfeljebb", "felső határ"),
         "ja": ("以内",)},
    ),
    # active verbs of properties named in the passive ("claimed by", "controlled by"):
    # the one who acts, named before the verb, is the value; the thing after, the subject
    "claimant (active)": (
        frozenset({"claimant", "sovereignty claimed by", "beansprucht von",
                   "szuverenitást követel"}),
        {"en": ("claims sovereignty over", "claim sovereignty over",
                "claimed sovereignty over", "lays claim to"),
         "de": ("beansprucht", "erhebt Anspruch auf"),
         "hu": ("igényt tart", "igényt formál")},
    ),
    "control (active)": (
        frozenset({"under the control of", "administered by", "kontrolliert von",
                   "ellenőrzése alatt"}),
        {"en": ("controls", "administers"),
         "de": ("kontrolliert", "verwaltet"),
         "hu": ("ellenőrzi", "igazgatja")},
    ),
    "spending increase": (
        frozenset({"defence spending increased", "increased defence spending",
                   "erhöhte verteidigungsausgaben", "növelte a védelmi kiadásait", "防衛費増額"}),
        {"en": ("increase in defence spending", "increase in defense spending",
                "increase in military spending", "increased its defence spending",
                "increased its defense spending", "increased its military spending",
                "raised its defence spending", "raised its defense spending"),
         "de": ("Erhöhung der Verteidigungsausgaben", "Verteidigungsausgaben erhöht",
                "Verteidigungsausgaben zu erhöhen", "Erhöhung der Militärausgaben"),
         "hu": ("védelmi kiadások növelése", "növelte védelmi kiadásait",
                "katonai kiadások növelése"),
         "ja": ("防衛費の増額", "防衛費を増額", "防衛予算の増額")},
    ),
    "participants": (
        frozenset({"participants", "attendees", "teilnehmer", "résztvevők", "参加国"}),
        {"en": ("attend", "attending", "attended", "attendance"),
         "de": ("teilnehmen", "teilgenommen", "Teilnahme"),
         "hu": ("részvétel",),
         "ja": ("出席",)},
    ),
    "partners": (
        frozenset({"partner countries", "partnerországok", "partnerländer", "パートナー国",
                   "共同開発国"}),
        {"en": ("jointly developed with", "joint development with", "co-developed with",
                "developed jointly with", "in partnership with"),
         "de": ("gemeinsam mit", "gemeinsame Entwicklung mit", "gemeinsam entwickelt mit"),
         "hu": ("közös fejlesztés", "közösen fejleszt", "együtt fejleszt"),
         "ja": ("共同開発",)},
    ),
    "regional partners": (
        frozenset({"regional partners", "regionale partner", "regionális partnerek"}),
        {"en": ("partners in the region", "regional allies", "allies in the region"),
         "de": ("regionalen Verbündeten", "regionale Verbündete", "Partnern in der Region",
                "Partner in der Region"),
         "hu": ("regionális szövetségesei", "térségbeli partnerei"),
         "ja": ("地域のパートナー", "域内のパートナー")},
    ),
    "event date": (
        frozenset({"date", "held on", "datum", "időpont", "日付"}),
        {"en": ("took place", "was held"),
         "de": ("fand statt", "stattfand", "abgehalten"),
         "hu": ("került sor", "rendezték"),
         "ja": ("開催",)},
    ),
}  # fmt: skip


def _kinds_of(prop: Property) -> set[str]:
    """The kinds (:data:`_KINDS`) a property is of, by its own names."""
    folded = [fold(n).casefold() for n in (prop.label, *prop.aliases)]
    return {
        kind
        for kind, (anchors, _) in _KINDS.items()
        if any(_anchored(a, n) for a in anchors for n in folded)
    }


def _anchored(anchor: str, name: str) -> bool:
    """An anchor names the kind: the whole name, or ("~word") a whole word of it."""
    if not anchor.startswith("~"):
        return anchor == name
    word = anchor[1:]
    if _CJK.search(word):
        return word in name
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", name) is not None


def _kind_words(names: Iterable[str], language: str) -> list[tuple[str, bool]]:
    """The general cue words of the kinds a property with ``names`` is of, each with
    whether it is an active verb of a property named in the passive."""
    folded = [fold(n).casefold() for n in names]
    words: list[tuple[str, bool]] = []
    for kind, (anchors, vocabulary) in _KINDS.items():
        if any(_anchored(a, n) for a in anchors for n in folded):
            words += [(w, kind.endswith("(active)")) for w in vocabulary.get(language, ())]
    return words


def _general_patterns(
    entries: list[Entity | Property], owners: dict[str, set[str]], language: str
) -> list[_Pattern]:
    """Patterns of the general cue words (:data:`_KINDS`) of each property."""
    cued: dict[str, set[str]] = {}
    spelt: dict[str, str] = {}
    active: set[str] = set()
    for entry in entries:
        for word, is_active in _kind_words((entry.label, *entry.aliases), language):
            key = fold(word).casefold()
            if key not in owners:
                cued.setdefault(key, set()).add(entry.id)
                spelt.setdefault(key, fold(word))
                if is_active:
                    active.add(key)
    patterns = [
        _Pattern(
            next(iter(ids)), spelt[key], _probe(spelt[key]), language, key not in active,
            general=True, active=key in active,
        )  # an active verb as written: "controls" is not "under ... control"
        for key, ids in sorted(cued.items())
        if len(ids) == 1
    ]  # fmt: skip
    negatives: dict[str, set[str]] = {}
    for entry in entries:
        if isinstance(entry, Property) and entry.type is PropertyType.BOOLEAN:
            for name in (entry.label, *entry.aliases):
                for form in _negative_forms(fold(name), language):
                    if form.casefold() not in owners:
                        negatives.setdefault(form, set()).add(entry.id)
    patterns += [
        _Pattern(next(iter(ids)), form, _probe(form), language, False, negative=True)
        for form, ids in sorted(negatives.items())
        if len(ids) == 1
    ]
    return patterns


NEGATIVE_FORM = "negative form"
ACTIVE = "general cue word, active"


def _negative_forms(name: str, language: str) -> list[str]:
    """A one-word yes/no name's negative forms: "inhabited" -> "uninhabited",
    "bewohnt" -> "unbewohnt", "有人" -> "無人"."""
    if language == "ja":
        return ["無" + name[1:]] if name.startswith("有") and len(name) >= 2 else []
    if " " in name or "-" in name or not name.isalpha() or len(name) < 5:
        return []
    if language == "en":
        return ["un" + name, "non-" + name]
    if language == "de":
        return ["un" + name]
    return []


_QUALIFIER = re.compile(
    r"\s*\([^)]*\)$"  # "(Vilnius)", "(January 2023)"
    r"|^(?:1[5-9]|20)\d\d(?:年|\s+)"  # a leading year: "2023 NATO summit", "2023年"
    r"|\s+(?:1[5-9]|20)\d\d$"  # a trailing year: "NATO-Gipfel 2023"
    r"|\s+(?:in|im|at|bei)\s+\S+(?:\s+\S+)?$"  # a place: "NATO-Büro in Tokio"
)


def _short_forms(name: str) -> list[str]:
    """The name without its qualifiers (year, place, parenthesis), as an article says it
    once the context is clear: "NATO summit 2023 (Vilnius)" -> "NATO summit"."""
    forms: list[str] = []
    current = name
    while True:
        shorter = _QUALIFIER.sub("", current, count=1).strip()
        if shorter == current or not shorter:
            break
        current = shorter
        forms.append(current)
    return forms


def _short_patterns(
    owners: dict[str, set[str]], names: dict[str, str], language: str
) -> list[_Pattern]:
    """Patterns for names' short forms ("NATO-Gipfel" of "NATO-Gipfel in Vilnius") that
    belong to one entity alone and are no name themselves; a short form of two words at
    least (or a compound with a hyphen; four characters in Japanese), since one word
    alone ("summit") names a kind of thing, not one thing. The mention keeps the full
    registered name (which the claim file resolves) and is scored lower."""
    short_owners: dict[str, set[str]] = {}
    short_names: dict[str, tuple[str, str]] = {}
    for key, ids in sorted(owners.items()):
        if len(ids) != 1:
            continue
        for form in _short_forms(names[key]):
            enough = len(form) >= 4 if _CJK.search(form) else len(re.split(r"[\s-]+", form)) >= 2
            if not enough or form.casefold() in owners:
                continue
            short_owners.setdefault(form.casefold(), set()).update(ids)
            short_names.setdefault(form.casefold(), (form, names[key]))
    patterns: list[_Pattern] = []
    for key, ids in sorted(short_owners.items()):
        if len(ids) == 1:
            form, full = short_names[key]
            patterns.append(_Pattern(next(iter(ids)), full, _probe(form), language, False, form))
    return patterns


def _masked(text: str) -> str:
    """``text`` with kana and kanji blanked (same length), for alphabetic patterns."""
    return _CJK.sub(" ", text)


def _search(pattern: re.Pattern[str], name: str, text: str, masked: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(text if _CJK.search(name) else masked)


@lru_cache(maxsize=8192)
def _probe(name: str) -> str:
    """Characters every match of ``name``'s pattern contains (case-folded): its first
    word's start, which inflection leaves alone. A cheap test before the regex."""
    if _CJK.search(name):
        return _JA_PARTICLE.split(name)[0].casefold()
    first = re.split(r"[\s-]+", name.strip())[0]
    return first[:3].casefold() if len(first) > 3 else first[:-1].casefold()


def _find_names(index: _Index, text: str, *, fuzzy: bool) -> list[Mention]:
    found: list[Mention] = []
    masked = _masked(text)
    lowered = text.casefold()
    for entry in index.patterns:
        if entry.probe not in lowered:
            continue
        written = entry.short or entry.name
        for m in _search(entry.pattern, written, text, masked):
            exact = m.group(0).casefold() == written.casefold()
            score, how = (1.0, "exact") if exact else (0.9, "inflected")
            if entry.short:
                score, how = SHORT_SCORE * score, f"short form {entry.short!r}"
            elif entry.negative:
                score, how = GENERAL_SCORE * score, NEGATIVE_FORM
            elif entry.general:
                score, how = GENERAL_SCORE * score, ACTIVE if entry.active else "general cue word"
            found.append(
                Mention(m.start(), m.end(), index.kind, entry.owner, entry.name, score, how)
            )
    if fuzzy:
        found.extend(_fuzzy_names(index, text, found))
    kept = _longest_first(found)
    if index.scattered:
        kept = sorted([*kept, *_scattered_names(index, text, kept)], key=lambda m: (m.start, m.end))
    return kept


_SCATTER_WINDOW = 160  # characters from the first to the last part


def _scattered_names(index: _Index, text: str, taken: list[Mention]) -> Iterator[Mention]:
    """Entities whose name's words all appear near each other (see :func:`_scattered`);
    the mention is where the name's own words are."""
    have = {m.id for m in taken}
    masked = _masked(text)

    memo: dict[re.Pattern[str], list[re.Match[str]]] = {}

    def search(p: re.Pattern[str], near: int = 0) -> re.Match[str] | None:
        """The match of ``p`` nearest to offset ``near`` (a word recurs: "védelmi
        ráfordítás ... a védelmi exportszabályok")."""
        if p not in memo:  # the parts (NATO, Tokyo) recur in many names
            memo[p] = list(p.finditer(text if _CJK.search(p.pattern) else masked))
        hits = memo[p]
        if not hits:
            return None
        return min(hits, key=lambda m: (abs(m.start() - near), m.start()))

    for entry in index.scattered:
        owner, name, parts, own = entry.owner, entry.name, entry.parts, entry.own
        if owner in have:
            continue
        # its last own word (the head: "office", "plan") and two thirds of the others
        head = search(own[-1])
        if head is None:
            continue
        own_hits = [search(p, head.start()) for p in own[:-1]] + [head]
        present = sum(m is not None for m in own_hits)
        if present * 3 < len(own_hits) * 2:
            continue
        part_hits = [search(p, head.start()) for p in parts]
        share = present / len(own_hits)
        if not all(part_hits):
            # the other names in it may be left to the context ("önálló diplomáciai
            # misszió" in an article about Japan) when all its own words (two at
            # least) are there
            if present < len(own_hits) or len(own_hits) < 2:
                continue
            share *= 0.8
        spans = [(m.start(), m.end()) for m in [*own_hits, *part_hits] if m is not None]
        if max(e for _, e in spans) - min(s for s, _ in spans) > _SCATTER_WINDOW:
            continue
        start = min(m.start() for m in own_hits if m is not None)
        end = max(m.end() for m in own_hits if m is not None)
        if any(t.start < end and start < t.end for t in taken):
            continue
        have.add(owner)
        yield Mention(
            start, end, index.kind, owner, name, round(0.7 * share, 2), "scattered",
            entry.part_owners,
        )  # fmt: skip


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _fuzzy_names(index: _Index, text: str, taken: list[Mention]) -> Iterator[Mention]:
    """Approximate matches (the contract's scorer, registry threshold) of word windows
    that start with a capital letter and overlap no exact match."""
    words = list(_WORD.finditer(text))
    covered = bytearray(len(text) + 1)
    for m in taken:
        covered[m.start : m.end] = b"\1" * (m.end - m.start)

    def free(start: int, end: int) -> bool:
        return covered.find(1, start, end) < 0

    for name, owner in index.fuzzy_names.get(0, ()):  # CJK: best-aligned passage
        if not _CJK.search(text):
            break
        aligned = best_passage(name, text, index.threshold)
        if aligned is not None and free(aligned[1], aligned[2]):
            score, start, end = aligned
            yield Mention(start, end, index.kind, owner, name, 0.8 * score / 100, "fuzzy")
    for n, choices in index.fuzzy_names.items():
        if n == 0:
            continue
        names = [c[0] for c in choices]
        for size in (n - 1, n, n + 1):
            for i in range(len(words) - size + 1 if size > 0 else 0):
                first, last = words[i], words[i + size - 1]
                if not first.group(0)[0].isupper():
                    continue
                start, end = first.start(), last.end()
                if not free(start, end):
                    continue
                best = best_name(text[start:end], names, index.threshold)
                if best is not None:
                    at, score = best
                    yield Mention(
                        start, end, index.kind, choices[at][1], names[at], 0.8 * score / 100,
                        "fuzzy",
                    )  # fmt: skip


def _longest_first(found: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longer (then better, then earlier) ones winning."""
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), -m.score, m.start, m.id)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


# --------------------------------------------------------------------------- values

_YEAR = r"(1[5-9]\d\d|20\d\d)"
_NUM = r"(\d+(?:[.,]\d+)?)"


@lru_cache(maxsize=4)
def _months(language: str) -> dict[str, int]:
    """Month names and abbreviations of a language (CLDR via Babel), folded."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=language).items():
                key = fold(str(name)).casefold().rstrip(".")
                if len(key) >= 3 and not key[0].isdigit():
                    names.setdefault(key, int(number))
    return names


@lru_cache(maxsize=4)
def _wide_months(language: str) -> str:
    """Full month names as written (capitalised in English and German), an alternation."""
    from babel.dates import get_month_names

    names = {str(n) for n in get_month_names("wide", locale=language).values()}
    names |= {str(n) for n in get_month_names("wide", "stand-alone", locale=language).values()}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _month_pattern(language: str) -> str:
    names = sorted(_months(language), key=len, reverse=True)
    return "(" + "|".join(re.escape(n) for n in names) + r")\.?\w*"


@lru_cache(maxsize=4)
def _date_patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, form) pairs; form says how the groups make a claim-format date."""
    month = _month_pattern(language)
    y = _YEAR
    dec = r"(1[5-9]\d0|20\d0)"
    pats: list[tuple[str, str]] = [
        (rf"(?<!\d){y}\s*-\s*{y}(?!\d)", "range"),
        (rf"(?<!\d){y}-(\d\d)-(\d\d)(?!\d)", "ymd"),
    ]
    if language == "en":
        pats += [
            (rf"(?i){month}\s+(\d{{1,2}}),?\s+{y}(?!\d)", "mdy"),
            (rf"(?i)(?<!\d)(\d{{1,2}})\s+{month}\s+{y}(?!\d)", "dmy"),
            (rf"(?i){month}\s+(?:of\s+)?{y}(?!\d)", "my"),
            (rf"(?<!\d){dec}'?s\b", "decade"),
            (rf"(?i)\b(?:no later than|by|until|before the end of)\s+{y}(?!\d)", "until"),
        ]
    elif language == "de":
        pats += [
            (rf"(?i)(?<!\d)(\d{{1,2}})\.\s*{month}\s+{y}(?!\d)", "dmy"),
            (rf"(?i){month}\s+{y}(?!\d)", "my"),
            (rf"(?<!\d){dec}er(?:\s+Jahre\w*)?", "decade"),
            (rf"(?i)\b(?:spätestens|bis spätestens|bis)\s+{y}(?!\d)", "until"),
        ]
    elif language == "hu":
        pats += [
            (rf"(?i)(?<!\d){y}\.?\s*{month}\s+(\d{{1,2}})\.?(?!\d)", "ymd_named"),
            (rf"(?i)(?<!\d){y}\.?\s*{month}", "ym_named"),
            (rf"(?<!\d){dec}-?(?:as|es|ös)\s+év\w*", "decade"),
            (rf"(?i)(?<!\d){y}-?ig(?!\w)", "until"),
        ]
    elif language == "ja":
        pats += [
            (rf"(?<!\d){y}年(\d{{1,2}})月(\d{{1,2}})日", "ymd"),
            (rf"(?<!\d){y}年(\d{{1,2}})月", "ym"),
            (rf"(?<!\d){dec}年代", "decade"),
            (rf"(?<!\d){y}年(?:まで)", "until"),
        ]
    pats.append((rf"(?<![\d.,]){y}(?![\d%.,]\d|\d|\s*%)", "year"))
    # A month without a year ("by July", "im Juli", "júliusi", "7月"): dated only with
    # the year of the source's publication (--published), else reported, never guessed.
    wide = _wide_months(language)
    no_year = r"(?!\s*,?\s*\d)"
    if language == "en":
        pats += [
            (rf"\b(?:by|until|no later than)\s+(?:the end of\s+)?({wide})\b{no_year}", "month_by"),
            (rf"\b({wide})\b{no_year}", "month"),
        ]
    elif language == "de":
        pats += [
            (rf"\b(?:bis|spätestens)\s+(?:zum\s+|Ende\s+)?({wide})\b{no_year}", "month_by"),
            (rf"\b({wide})\b{no_year}", "month"),
        ]
    elif language == "hu":
        pats += [
            (rf"(?i)(?<![\w.])({wide})ig\b", "month_by"),
            (rf"(?i)(?<![\w.])({wide})\w*", "month"),
        ]
    elif language == "ja":
        pats += [
            (r"(?<![年\d])(\d{1,2})月(?:末)?まで", "month_by"),
            (r"(?<![年\d])(\d{1,2})月(?!\d)", "month"),
        ]
    # The year named relative to the publication ("this year", "im vergangenen Jahr",
    # "idén", "昨年"): dated, like a month without a year, only with --published.
    pats += [(p, form) for form, p in _RELATIVE_YEARS.get(language, {}).items()]
    return [(re.compile(p), form) for p, form in pats]


_RELATIVE_YEARS: dict[str, dict[str, str]] = {
    "en": {"this_year": r"(?i)\b(?:this|the current) year\b",
           "last_year": r"(?i)\blast year\b", "next_year": r"(?i)\bnext year\b"},
    "de": {"this_year": r"(?i)\b(?:in )?diesem Jahr\b|\bdieses Jahres\b",
           "last_year": r"(?i)\b(?:im )?(?:vergangenen|letzten|vorigen) Jahr\b",
           "next_year": r"(?i)\b(?:im )?(?:nächsten|kommenden) Jahr\b"},
    "hu": {"this_year": r"(?i)(?<!\w)(?:idén|ebben az évben)(?!\w)",
           "last_year": r"(?i)(?<!\w)tavaly(?!\w)",
           "next_year": r"(?i)(?<!\w)jövőre(?!\w)"},
    "ja": {"this_year": r"今年|本年", "last_year": r"昨年|去年", "next_year": r"来年"},
}  # fmt: skip
_FROM_PUBLISHED = frozenset({"month", "month_by", "this_year", "last_year", "next_year"})
_YEAR_SLOT = re.compile(r"\{year([+-]1)?\}")


def _date_value(language: str, form: str, groups: tuple[str, ...]) -> str | None:
    months = _months(language)

    def month_no(name: str) -> int | None:
        key = name.casefold().rstrip(".")
        for known, number in months.items():
            if key.startswith(known):
                return number
        return None

    try:
        if form == "range":
            lo, hi = int(groups[0]), int(groups[1])
            return f"{lo}..{hi}" if lo < hi else None
        if form == "ymd":
            y, m, d = (int(g) for g in groups)
            return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None
        if form == "ym":
            y, m = int(groups[0]), int(groups[1])
            return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
        if form == "mdy":
            m2 = month_no(groups[0])
            d, y = int(groups[1]), int(groups[2])
            return f"{y:04d}-{m2:02d}-{d:02d}" if m2 and 1 <= d <= 31 else None
        if form == "dmy":
            m2 = month_no(groups[1])
            d, y = int(groups[0]), int(groups[2])
            return f"{y:04d}-{m2:02d}-{d:02d}" if m2 and 1 <= d <= 31 else None
        if form == "my":
            m2 = month_no(groups[0])
            return f"{int(groups[1]):04d}-{m2:02d}" if m2 else None
        if form == "ymd_named":
            m2 = month_no(groups[1])
            d = int(groups[2])
            return f"{int(groups[0]):04d}-{m2:02d}-{d:02d}" if m2 and 1 <= d <= 31 else None
        if form == "ym_named":
            m2 = month_no(groups[1])
            return f"{int(groups[0]):04d}-{m2:02d}" if m2 else None
        if form == "decade":
            return f"{int(groups[0])}s"
        if form == "until":
            return f"..{int(groups[0])}"
        if form == "year":
            return str(int(groups[0]))
        if form in ("this_year", "last_year", "next_year"):
            return {"this_year": "{year}", "last_year": "{year-1}", "next_year": "{year+1}"}[form]
        if form in ("month", "month_by"):
            number = int(groups[0]) if groups[0].isdigit() else month_no(groups[0])
            if not number or not 1 <= number <= 12:
                return None
            return f"{'..' if form == 'month_by' else ''}{{year}}-{number:02d}"
    except (TypeError, ValueError):
        return None
    return None


def find_dates(text: str, language: str, year: int | None = None) -> list[Mention]:
    """Dates in a sentence as claim-format literals. A month without a year takes ``year``
    (the source's publication year); without it, its literal keeps ``{year}`` and the
    caller reports it instead of drafting it."""
    found: list[Mention] = []
    for order, (pattern, form) in enumerate(_date_patterns(language)):
        for m in pattern.finditer(text):
            value = _date_value(language, form, tuple(g for g in m.groups() if g is not None))
            if value is not None and year is not None:
                value = _YEAR_SLOT.sub(lambda m: f"{year + int(m.group(1) or 0):04d}", value)
            if value is not None:
                # earlier (more specific) forms win ties of length
                found.append(
                    Mention(m.start(), m.end(), "date", value, m.group(0), 1 - order / 100, form)
                )
    return _longest_first(found)


# Scale words, units and number words, per language. Units map to the registry's unit
# spelling after checker.values.canonical_unit (USD, EUR, JPY, percent, ...).
_SCALES: dict[str, dict[str, str]] = {
    "en": {"thousand": "thousand", "million": "million", "billion": "billion",
           "trillion": "trillion", "bn": "billion"},
    "de": {"tausend": "thousand", "millionen": "million", "million": "million",
           "milliarden": "billion", "milliarde": "billion", "mrd": "billion",
           "billionen": "trillion", "billion": "trillion"},
    "hu": {"ezer": "thousand", "millió": "million", "milliárd": "billion",
           "billió": "trillion"},
    "ja": {"万": "1e4", "億": "1e8", "兆": "1e12"},
}  # fmt: skip
_UNITS: dict[str, dict[str, str]] = {
    "en": {"usd": "USD", "us$": "USD", "$": "USD", "dollars": "USD", "eur": "EUR",
           "euros": "EUR", "euro": "EUR", "€": "EUR", "yen": "JPY", "jpy": "JPY",
           "%": "percent", "percent": "percent", "per cent": "percent",
           "countries": "countries", "nations": "countries", "member states": "countries",
           "articles": "articles", "article": "articles", "pages": "pages", "page": "pages",
           "years": "years", "year": "years"},
    "de": {"usd": "USD", "us-dollar": "USD", "dollar": "USD", "$": "USD", "eur": "EUR",
           "euro": "EUR", "€": "EUR", "yen": "JPY", "%": "percent", "prozent": "percent",
           "länder": "countries", "ländern": "countries", "staaten": "countries",
           "mitgliedstaaten": "countries", "artikel": "articles", "seiten": "pages",
           "seitige": "pages", "jahre": "years", "jahren": "years", "jahres": "years"},
    "hu": {"usd": "USD", "dollár": "USD", "dollárt": "USD", "$": "USD", "eur": "EUR",
           "euró": "EUR", "€": "EUR", "jen": "JPY", "%": "percent", "százalék": "percent",
           "ország": "countries", "országot": "countries", "tagállam": "countries",
           "cikk": "articles", "cikkből": "articles", "cikkes": "articles",
           "oldal": "pages", "oldalas": "pages", "év": "years", "éves": "years",
           "évre": "years"},
    "ja": {"ドル": "USD", "米ドル": "USD", "ユーロ": "EUR", "円": "JPY", "%": "percent",
           "パーセント": "percent", "か国": "countries", "カ国": "countries",
           "ヶ国": "countries", "ケ国": "countries", "条": "articles", "ページ": "pages",
           "年間": "years", "カ年": "years", "か年": "years"},
}  # fmt: skip
_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "twelve": 12},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
           "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12},
    "hu": {"két": 2, "kettő": 2, "három": 3, "négy": 4, "öt": 5, "hat": 6, "hét": 7,
           "nyolc": 8, "kilenc": 9, "tíz": 10},
    "ja": {},
}  # fmt: skip
_ORDINAL_WORDS: dict[str, dict[str, int]] = {
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10},
    "de": {"zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6},
    "hu": {"második": 2, "harmadik": 3, "negyedik": 4, "ötödik": 5, "hatodik": 6,
           "hetedik": 7, "nyolcadik": 8},
    "ja": {},
}  # fmt: skip


# Units that, written before the number, label an item instead of counting items.
_LABELS = frozenset({"articles", "pages"})


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _quantity_patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    scales = _alternation(_SCALES[language])
    units = _alternation(_UNITS[language])
    words = _alternation(_NUMBER_WORDS[language]) or "(?!x)x"
    ordinals = _alternation(_ORDINAL_WORDS[language]) or "(?!x)x"
    sep = "" if language == "ja" else r"[\s-]*"
    wb = "" if language == "ja" else r"(?!\w)"
    lb = "" if language == "ja" else r"(?<![\w.,])"
    pats = [
        # unit symbol first: USD 320 billion, $5 million
        (rf"(?i){lb}({units})\s*{_NUM}(?:\s*({scales}))?{wb}", "unit-first"),
        (rf"(?i){lb}{_NUM}(?:{sep}({scales}))?{sep}({units}){wb}", "number"),
        (rf"(?i){lb}{_NUM}(?:{sep}({scales})){wb}", "number"),
        (rf"(?i)(?<!\w)({words})[\s-]+({units}){wb}", "word"),
        (r"(?i)(?<![\w.,])(\d{1,3})(?:st|nd|rd|th|\.)?(?=\s|$)", "plain"),
        (rf"(?i)(?<!\w)({ordinals}){wb}", "ordinal"),
        (r"第(\d+)(?:条|項|章|ページ|頁)?", "plain"),  # 第5条: Article 5, not 5 articles
        (r"(?i)(?<![\w.,])(\d{1,3})(?:st|nd|rd|th)(?!\w)", "plain"),
    ]
    return [(re.compile(p), form) for p, form in pats]


def find_quantities(text: str, language: str) -> list[Mention]:
    """Quantities as claim-format literals: ``"320 billion USD"``, ``31 countries``."""
    found: list[Mention] = []
    scales, units = _SCALES[language], _UNITS[language]
    for order, (pattern, form) in enumerate(_quantity_patterns(language)):
        for m in pattern.finditer(text):
            g = m.groups()
            unit: str | None = None
            scale: str | None = None
            if form == "unit-first":
                unit, number, scale = units[g[0].casefold()], g[1], g[2]
                if unit in _LABELS and not scale:
                    unit, form = None, "plain"  # "Article 5", "page 3": which one, not how many
            elif form == "number":
                number = g[0]
                scale = g[1]
                if len(g) > 2 and g[2]:
                    unit = units[g[2].casefold()]
            elif form == "word":
                number = str(_NUMBER_WORDS[language][g[0].casefold()])
                unit = units[g[1].casefold()]
            elif form == "ordinal":
                number = str(_ORDINAL_WORDS[language][g[0].casefold()])
            else:
                number = g[0]
            number = number.replace(",", ".") if "," in number else number
            literal = number
            if scale:
                word = scales.get(scale.casefold(), scale.casefold())
                literal = f"{number} {word}" if not word[0].isdigit() else f"{number}e{word[2:]}"
            if unit:
                literal = f"{literal} {unit}"
            found.append(
                Mention(m.start(), m.end(), "quantity", literal, m.group(0), 1 - order / 100, form)
            )
    return _longest_first(found)


# --------------------------------------------------------------------------- cues

_MODALITY: dict[str, dict[str, str]] = {
    "en": {r"\bplan(?:s|ned|ning)?\b": "planned", r"\bintend\w*|\bintention\b": "planned",
           r"\bconsider(?:s|ing|ed)?\b": "planned", r"\bnegotiations?\b": "planned",
           r"\battempts? to\b": "planned", r"\bcommitted\b": "planned",
           r"\bexpected\b|\bwill\b|\bwould\b|\blikely\b|\bshould\b": "expected"},
    "de": {r"\bplan(?:t|en|ung)\b|\bgeplant\w*": "planned", r"\berwäg\w*": "planned",
           r"\bbeabsichtig\w*|\bwerde\b": "planned",
           r"\bsoll\w*|\bvoraussichtlich\b|\bwürde\w*|\bwäre\b|\bwerden\b": "expected"},
    "hu": {r"\btervez\w*|\bterv\w*": "planned", r"\bszándék\w*": "planned",
           r"\bvárhatóan\b|\bfog\b|\bfogja\b|\bfognak\b": "expected"},
    "ja": {r"予定|計画|検討|方針|目指": "planned",
           r"見込み|見通し|とみられ|だろう|可能性": "expected"},
}  # fmt: skip
_NEGATION: dict[str, str] = {
    "en": r"\bnot\b|n't\b|\bno\b(?! later| sooner| more than| less than| longer)|\bnever\b"
    r"|\bneither\b|\bnor\b|\bwithout\b|\bunin\w+",
    "de": r"\bnicht\b|\bkein\w*|\bnie\b|\bniemals\b|\bweder\b|\bohne\b|\bzurückgewiesen\b",
    "hu": r"\bnem\b|\bsem\b|\bnincs\w*|\bsoha\b|\bne\b",
    # 間もない "shortly", 少ない "few", 違いない "surely": no negation
    "ja": r"(?<!間も)(?<!少)(?<!違い)ない|ません|ず[、。に]|なかった|ではなく",
}


# A sentence that asks, or a clause that supposes, states no fact to record.
_QUESTION = re.compile(r"[?？]\s*[\"'”」)]*\s*$")
_CONDITIONAL: dict[str, str] = {
    "en": r"\bif\b|\bunless\b|\bwere to\b",
    "de": r"\bwenn\b|\bfalls\b",
    "hu": r"\bha\b|\bamennyiben\b",
    "ja": r"もし|ならば|たら",
}


def _cue(table: dict[str, str], text: str) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for pattern, meaning in table.items():
        m = re.search(pattern, text, re.IGNORECASE)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), meaning, m.group(0))
    return None if best is None else (best[1], best[2])


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between , ; : or dashes) around a span."""
    left = max(text.rfind(c, 0, start) for c in ",;:、") + 1
    rights = [i for i in (text.find(c, end) for c in ",;:、。") if i >= 0]
    return left, min(rights) if rights else len(text)


# --------------------------------------------------------------------------- drafting


@dataclass(frozen=True, slots=True)
class DraftClaim:
    sentence: Sentence
    position: int
    subject: str  # entity id
    subject_name: str  # the registered name found in the quote
    property: str
    value: str  # claim-format literal, or the registered name of an entity value
    value_text: str  # as written in the quote
    score: float
    why: str
    modality: Modality = Modality.ACTUAL
    negated: bool = False
    kind: PropertyType | None = None  # the property's type

    @builtins.property  # the field ``property`` shadows the builtin here
    def uncertain(self) -> bool:
        return self.score < UNCERTAIN_BELOW


@dataclass
class Draft:
    language: str
    sentences: list[Sentence]
    claims: list[DraftClaim] = field(default_factory=list)
    unresolved: list[tuple[Sentence, str]] = field(default_factory=list)
    published: str | None = None


def publication_year(published: str | None) -> int | None:
    """The year of a publication date, if it lies within one year (else None).

    Raises :class:`checker.values.ValueSyntaxError` for a malformed date."""
    if published is None:
        return None
    import datetime

    from checker.values import parse_date

    value = parse_date(published)
    first = datetime.date.fromordinal(value.lo).year
    return first if datetime.date.fromordinal(value.hi).year == first else None


@dataclass(frozen=True)
class Registry:
    """What drafting knows: the registry's names, and which topics the claim set's
    existing claims are about (``subjects``: (subject, property) pairs; ``values``:
    (property, entity value) pairs), to choose among the names a sentence mentions."""

    entities: dict[str, Entity]
    properties: dict[str, Property]
    threshold: float = 90.0
    subjects: frozenset[tuple[str, str]] = frozenset()
    values: frozenset[tuple[str, str]] = frozenset()

    def specific(self, entity: str) -> bool:
        """An entity that is no claim's value and has few known topics (an event, a
        programme, an office), unlike a hub (a country, an alliance) that other things
        are related to: a bare value next to a hub says nothing about which property."""
        if any(e == entity for _, e in self.values):
            return False
        return sum(e == entity for e, _ in self.subjects) <= SPECIFIC_TOPICS

    def topics_of(self, entity: str) -> list[Property]:
        """The properties the claim set already has claims on about ``entity``."""
        return [
            self.properties[p]
            for e, p in sorted(self.subjects)
            if e == entity and p in self.properties
        ]


def load_registry(path: str, *, skip_source: str | None = None) -> Registry:
    """The registry of the claim set at ``path`` and the topics of its claims (except
    those of source ``skip_source``)."""
    from checker.pipeline import validate_paths

    return registry_of(validate_paths([path], jobs=1), skip_source=skip_source)


def registry_of(cs: ClaimSet, *, skip_source: str | None = None) -> Registry:
    """:func:`load_registry` for a claim set already validated."""
    claims = [c for c in cs.claims if c.source != skip_source]
    return Registry(
        dict(cs.entities),
        dict(cs.properties),
        cs.settings.fuzzy_threshold,
        frozenset((c.subject, c.property) for c in claims),
        frozenset((c.property, c.value.id) for c in claims if isinstance(c.value, EntityValue)),
    )


def draft(
    text: str, registry: Registry, language: str | None = None, published: str | None = None
) -> Draft:
    """Propose claims for an article's text (HTML already stripped). ``published`` (a
    claim-format date) gives months written without a year their year, when it lies
    within one year; it is also the draft's ``published``."""
    year = publication_year(published)
    lang = language or detect_language(text)
    sentences = split_sentences(text, lang)
    entities = _build_index("entity", registry.entities.values(), lang, registry.threshold)
    properties = _build_index("property", registry.properties.values(), lang, registry.threshold)
    result = Draft(lang, sentences, published=published)
    # the names of the sentences just before, most recent last: a sentence that names
    # no subject ("Sollte es eingerichtet werden ...") may continue about one of them
    recent: list[list[Mention]] = []
    # how often each entity was named so far: the article's main subjects, the last
    # place to look for a subject no nearby sentence names
    salience: dict[str, Mention] = {}
    counts: dict[str, int] = {}
    for sentence in sentences:
        context = [m for named in recent for m in named]
        topics = sorted(salience.values(), key=lambda m: (-counts[m.id], m.id))
        claims, reason, named = _sentence_claims(
            sentence, lang, registry, entities, properties, year, context, topics
        )
        recent = [*recent, named][-CONTEXT_SENTENCES:]
        for m in named:
            salience.setdefault(m.id, m)
            counts[m.id] = counts.get(m.id, 0) + 1
        result.claims.extend(claims)
        if not claims and reason:
            result.unresolved.append((sentence, reason))
    result.claims.sort(key=lambda c: (c.sentence.index, c.position, c.property, c.value))
    result.claims = _first_statements(result.claims)
    return result


REPEATS_KEPT = 1  # drafts of one (subject, property, value) kept per article


def _first_statements(claims: list[DraftClaim]) -> list[DraftClaim]:
    """The claims without repetitions: an article that names the prime minister in
    five sentences states one fact, which the analyst records once; the first
    statements (by position) of each (subject, property, value, negation) are kept."""
    seen: dict[tuple[str, str, str, bool], int] = {}
    kept: list[DraftClaim] = []
    for c in claims:
        key = (c.subject, c.property, c.value, c.negated)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= REPEATS_KEPT:
            kept.append(c)
    return kept


def _distance(a: Mention, b: Mention) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


@dataclass
class _Sentence:
    """One sentence's findings while its claims are built."""

    sentence: Sentence
    lang: str
    registry: Registry
    entities: list[Mention]
    context: list[Mention] = field(default_factory=list)  # names of the sentences before
    main: list[Mention] = field(default_factory=list)  # names so far, most named first
    claims: list[DraftClaim] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(
        self, subject: Mention, prop: Property, value: str, value_key: str, value_text: str,
        at: int, score: float, why: str, span: tuple[int, int],
        negative: tuple[int, int] | None = None,
    ) -> None:  # fmt: skip
        """Add a claim. ``negative`` is the span of a cue in its negative form
        ("uninhabited"): a boolean false unless the clause negates it again."""
        key = (subject.id, prop.id, value_key)
        if key in self.seen:
            return
        self.seen.add(key)
        text = self.sentence.text
        left, right = _clause(text, *span)
        clause = text[left:right]
        if _QUESTION.search(text) or re.search(_CONDITIONAL[self.lang], clause, re.I):
            return  # a question or a condition asserts nothing
        modality = _cue(_MODALITY[self.lang], clause)
        if negative is not None:  # the negative form itself negates nothing else
            a, b = negative[0] - left, negative[1] - left
            clause = clause[:a] + " " * (b - a) + clause[b:]
        negation = _cue({_NEGATION[self.lang]: "negated"}, clause)
        negated = (negation is not None) != (negative is not None)
        parts = [why]
        if (subject.id, prop.id) in self.registry.subjects:
            parts.append("topic known in the claim set")
        if modality:
            parts.append(f"{modality[0]} ({modality[1]!r})")
        if negation:
            parts.append(f"negation {negation[1]!r}")
            score *= 0.8  # the scope of a negation is a guess
        if negative is not None:
            parts.append(f"negative form {text[negative[0] : negative[1]]!r}")
        if prop.type is PropertyType.BOOLEAN:
            value, negated = ("false" if negated else "true"), False
        mood = Modality(modality[0]) if modality else Modality.ACTUAL
        self.claims.append(
            DraftClaim(
                self.sentence, at, subject.id, subject.name, prop.id, value, value_text,
                round(score, 2), "; ".join(parts), mood, negated, prop.type,
            )
        )  # fmt: skip

    def subject(
        self, prop: Property, cue: Mention, value: Mention, exclude: tuple[Mention, ...] = ()
    ) -> Mention | None:
        """The entity the statement is most likely about: one the claim set already has
        claims on this property about, else the nearest before the cue (its topic-marked
        one in Japanese), else the nearest after."""
        text = self.sentence.text
        known = self.registry.subjects
        typical_value = self.registry.values
        candidates = [
            e
            for e in self.entities
            if _distance(e, value) > 0
            and not (e.start <= value.start and value.end <= e.end)
            and e not in exclude
            and not (e.start >= cue.end and _CLAUSE_MARK.search(text, cue.end, e.start))
        ]  # a name after the cue, past a clause's end, is another clause's
        if not candidates:
            return self._carried(prop, value)
        # "NATO ... liaison office ... Tokyo": the office is what the sentence is about
        inside = {p for e in candidates for p in e.parts}

        def cost(e: Mention) -> float:
            d = _distance(e, cue) + 0.5 * _distance(e, value)
            d *= 1.0 if e.start < cue.start else 1.5
            if self.lang == "ja" and e.end <= cue.start and text[e.end : e.end + 1] in ("は", "が"):
                d *= 0.5
            if self.lang == "hu" and _hu_oblique(text, e):
                d = d * 2 + 200  # "a NATO-tól", "Tokió számára": hardly the subject
            if e.id in inside:
                d = d * 2 + 40
            if (e.id, prop.id) in known:
                d = d * 0.2 - 50
            elif (prop.id, e.id) in typical_value:
                d = d * 3 + 100
            return d

        best = min(candidates, key=lambda e: (cost(e), e.start))
        if (best.id, prop.id) not in known:
            # no name here has claims on this property; one just before may
            return self._carried(prop, value) or best
        return best

    def _carried(self, prop: Property, value: Mention) -> Mention | None:
        """A subject the sentence does not name, carried over from the sentences just
        before: the most recent name there that the claim set has claims on this
        property about ("Sollte es eingerichtet werden, wäre es ..." after a sentence
        naming the office). Without such support nothing is carried (never guessed)."""
        known = self.registry.subjects
        for e in reversed(self.context):
            if (e.id, prop.id) in known and e.id != value.id:
                return Mention(
                    0, 0, e.kind, e.id, e.name, round(CARRIED_SCORE * e.score, 2), "carried"
                )
        # else the article's most named subject, if it is the one with such claims
        fitting = [e for e in self.main if (e.id, prop.id) in known and e.id != value.id]
        if fitting and fitting[0] is self.main[0]:
            e = fitting[0]
            return Mention(0, 0, e.kind, e.id, e.name, round(0.8 * CARRIED_SCORE, 2), "main")
        return None


# Hungarian case suffixes (and postpositions) of a name that is not the subject of its
# clause: the subject is in the nominative, bare ("Japán", "a NATO", "a NATO-ja").
_HU_CASES = frozenset(
    [
        "nak",
        "nek",
        "val",
        "vel",
        "nal",
        "nel",
        "ral",
        "rel",
        "sal",
        "sel",
        "tal",
        "tel",
        "al",
        "el",
        "ban",
        "ben",
        "ba",
        "be",
        "ból",
        "ből",
        "ra",
        "re",
        "ról",
        "ről",
        "tól",
        "től",
        "hoz",
        "hez",
        "höz",
        "nál",
        "nél",
        "on",
        "en",
        "ön",
        "n",
        "ig",
        "ért",
        "ként",
        "t",
        "at",
        "et",
        "ot",
        "öt",
    ]
)
_HU_POSTPOSITIONS = re.compile(
    r"\s+(?:számára|szerint|ellen|felé|mellett|nélkül|között|után|előtt|óta|miatt|révén)\b",
    re.I,
)
_TOKEN_TAIL = re.compile(r"[\w-]*")


def _hu_oblique(text: str, e: Mention) -> bool:
    """Whether a Hungarian name carries a case suffix or a postposition."""
    tail = _TOKEN_TAIL.match(text, e.end)
    end = tail.end() if tail else e.end
    token = text[e.start : end].casefold()
    stem = len(e.name) if token[: len(e.name) - 1] == e.name.casefold()[:-1] else len(token)
    suffix = token[stem:].lstrip("-")
    if suffix and suffix in _HU_CASES:
        return True
    return _HU_POSTPOSITIONS.match(text, end) is not None


_CLAUSE_MARK = re.compile(r"[,;:、]")
CONTEXT_SENTENCES = 2  # how far back a subject the sentence does not name is looked for


def _sentence_claims(
    sentence: Sentence,
    lang: str,
    registry: Registry,
    entity_index: _Index,
    property_index: _Index,
    year: int | None = None,
    context: list[Mention] | None = None,
    main: list[Mention] | None = None,
) -> tuple[list[DraftClaim], str, list[Mention]]:
    """The claims of one sentence, why it has none (or ""), and the entities it names."""
    text = sentence.text
    cues = _find_names(property_index, text, fuzzy=True)
    dates = find_dates(text, lang, year)
    yearless = [d for d in dates if _YEAR_SLOT.search(d.id)]
    dates = [d for d in dates if d not in yearless]
    quantities = [
        q
        for q in find_quantities(text, lang)
        if all(q.end <= d.start or d.end <= q.start for d in dates)
    ]
    entities = _find_names(entity_index, text, fuzzy=True)
    # a name inside a date or quantity (or a cue inside a name) is not one
    entities = [e for e in entities if not _inside_any(e, dates + quantities)]
    if not cues and not dates and not quantities and len(entities) < 2:
        reason = "a month without a year (--published would date it)" if yearless else ""
        return [], reason, entities
    cues = [c for c in cues if not _inside_any(c, entities + dates)]
    work = _Sentence(sentence, lang, registry, entities, context or [], main or [])
    for cue in cues:
        prop = registry.properties[cue.id]
        cue_why = f"property {cue.name!r} ({cue.how})"
        values: list[Mention] = []
        if prop.type is PropertyType.DATE:
            values = dates
        elif prop.type is PropertyType.QUANTITY:
            values = [q for q in quantities if _unit_fits(q.id, prop)]
        if prop.type is PropertyType.DATE:
            # a date named with an event, far from the cue, is the event's
            values = [v for v in values if not _event_dated(work, v, cue)]
        if (
            values
            and prop.type in (PropertyType.DATE, PropertyType.QUANTITY)
            and prop.cardinality is Cardinality.SINGLE
        ):
            # one value per cue: the nearest (a second date is usually another event's)
            values = [min(values, key=lambda v: (_distance(v, cue), v.start))]
        elif prop.type is PropertyType.BOOLEAN:
            values = [cue]
        if prop.type in (PropertyType.DATE, PropertyType.QUANTITY, PropertyType.BOOLEAN):
            for value in values:
                subject = work.subject(prop, cue, value)
                if subject is None:
                    continue
                shown = "" if value is cue else f", {prop.type} {value.name!r}"
                score = _score(cue, subject, value)
                if value.how in _FROM_PUBLISHED:
                    shown += " (year of --published)"
                    score *= 0.8
                work.add(
                    subject, prop, value.id if value is not cue else "true", value.id,
                    value.name, min(cue.start, value.start), score,
                    f"{cue_why}{shown}, subject {_named(subject)}",
                    (min(cue.start, value.start), max(cue.end, value.end)),
                    (cue.start, cue.end) if cue.how == NEGATIVE_FORM else None,
                )  # fmt: skip
        elif prop.type is PropertyType.ENTITY:
            for subject, value in _entity_pairs(work, cue, prop):
                work.add(
                    subject, prop, value.name, value.id, text[value.start : value.end],
                    min(cue.start, value.start), _score(cue, subject, value),
                    f"{cue_why}, value {_named(value)}, subject {_named(subject)}",
                    (min(cue.start, value.start), max(cue.end, value.end)),
                )  # fmt: skip
    # a quantity whose unit belongs to exactly one property, with no cue of its own
    cued_units = {registry.properties[c.id].unit for c in cues}
    for value in quantities:
        unit = _unit_of(value.id)
        if unit is None or unit in cued_units or value.how == "word":
            continue  # "the three countries" counts something, rarely a property
        fitting = [
            p
            for p in registry.properties.values()
            if p.type is PropertyType.QUANTITY and p.unit == unit
        ]
        if len(fitting) == 1:
            prop = fitting[0]
            subject = work.subject(prop, value, value)
            if subject is not None:
                work.add(
                    subject, prop, value.id, value.id, value.name, value.start,
                    0.6 * _score(value, subject, value),
                    f"unit {unit!r} of property {prop.id!r}, quantity {value.name!r}, "
                    f"subject {_named(subject)}", (value.start, value.end),
                )  # fmt: skip
    _located_claims(work)
    _inferred_claims(work, dates, quantities, cues)
    _event_claims(work, dates)
    # One value is one statement about one subject: where several subjects got the
    # same property and value, the best-scored stays ("Japan ... NATO ... Premierminister
    # Kishida" is Japan's prime minister, not NATO's too).
    best: dict[tuple[str, str], DraftClaim] = {}
    for claim in work.claims:
        key = (claim.property, claim.value)
        if key not in best or claim.score > best[key].score:
            best[key] = claim
    work.claims = [c for c in work.claims if best[(c.property, c.value)] is c]
    reason = ""
    if not work.claims and not (dates or quantities) and yearless:
        reason = "a month without a year (--published would date it)"
    elif not work.claims and (dates or quantities):
        if not entities:
            reason = "a value but no registered name"
        elif not cues:
            reason = "a value and a name but no property cue"
        else:
            reason = "no value of the cued property's type"
    return work.claims, reason, entities


def _add_typed(work: _Sentence, subject: Mention, prop: Property, value: Mention, why: str) -> None:
    """Draft a value whose property is inferred from its type (``why`` says how), scored
    lower when its year comes from --published."""
    month = " (year of --published)" if value.how in _FROM_PUBLISHED else ""
    work.add(
        subject, prop, value.id, value.id, value.name, min(subject.start, value.start),
        INFERRED_SCORE * subject.score * (0.8 if month else 1.0),
        f"property {prop.id!r} inferred ({why}), {prop.type} {value.name!r}{month}, "
        f"subject {_named(subject)}",
        (min(subject.start, value.start), max(subject.end, value.end)),
    )  # fmt: skip


def _inferred_claims(
    work: _Sentence, dates: list[Mention], quantities: list[Mention], cues: list[Mention]
) -> None:
    """Claims whose property no word cues, inferred from the value's type and the claim
    set's topics: a date (a figure) next to a specific entity that the claim set has
    exactly one date (figure of that unit) property for is a value of that property; an
    entity named next to one whose known property has taken that entity as a value
    before ("Japan ... the ITPP") is one too. Scored below the uncertainty mark."""
    registry = work.registry
    used = {(c.value, c.kind) for c in work.claims}
    cued_types = {registry.properties[c.id].type for c in cues}
    text = work.sentence.text
    found: list[tuple[int, int, Mention, Mention, Property]] = []
    for value in [*dates, *quantities]:
        kind = PropertyType.DATE if value.kind == "date" else PropertyType.QUANTITY
        if (value.id, kind) in used or kind in cued_types:
            continue
        if value.how in ("plain", "ordinal", "word"):
            continue  # a bare number or "three" is rarely a property's value
        for subject in sorted(work.entities, key=lambda e: (_distance(e, value), e.start)):
            if _distance(subject, value) > 80 or not registry.specific(subject.id):
                continue
            if kind is PropertyType.DATE and not _same_years(subject, value):
                continue
            topics = registry.topics_of(subject.id)
            fitting = [
                p for p in topics
                if p.type is kind and (kind is PropertyType.DATE or _unit_fits(value.id, p))
            ]  # fmt: skip
            if len(fitting) == 1:
                found.append((_distance(subject, value), value.start, value, subject, fitting[0]))
                break
    single: set[tuple[str, str]] = set()
    for _, _, value, subject, prop in sorted(found, key=lambda f: f[:2]):
        if prop.cardinality is Cardinality.SINGLE and (subject.id, prop.id) in single:
            continue  # one value of a single property: the nearest
        single.add((subject.id, prop.id))
        kind = prop.type
        _add_typed(
            work, subject, prop, value, f"the claim set's only {kind} property of {subject.id!r}"
        )
    taken = {c.value for c in work.claims if c.kind == "entity"}
    for value in work.entities:
        if value.name in taken:
            continue
        for subject in sorted(work.entities, key=lambda e: (_distance(e, value), e.start)):
            if subject.id == value.id or _distance(subject, value) > 60:
                continue
            if value.id in subject.parts or not registry.specific(subject.id):
                continue  # "NATO ... Tokyo office": a word of the subject's own name
            between = text[min(subject.end, value.end) : max(subject.start, value.start)]
            if any(mark in between for mark in ";:、"):
                continue  # another clause: nothing ties the two (a comma may be apposition)
            fitting = [
                p for p in registry.topics_of(subject.id)
                if p.type is PropertyType.ENTITY and (p.id, value.id) in registry.values
            ]  # fmt: skip
            if len(fitting) != 1:
                continue
            prop = fitting[0]
            listed = [value]
            if (
                prop.cardinality is not Cardinality.SINGLE
            ):  # "Japan, Südkorea und Australien ... am Gipfel"
                listed = _enumeration(work, value, exclude={subject.id})
            for item in listed:
                work.add(
                    subject, prop, item.name, item.id, text[item.start : item.end],
                    min(subject.start, item.start), INFERRED_SCORE * subject.score * item.score,
                    f"property {prop.id!r} inferred (the claim set has {prop.id!r} of "
                    f"{subject.id!r} and {value.id!r} as such a value), value {_named(item)}"
                    f"{'' if item is value else f' (listed with {value.name!r})'}, "
                    f"subject {_named(subject)}",
                    (min(subject.start, item.start), max(subject.end, item.end)),
                )  # fmt: skip
                taken.add(item.name)
            break
    _typical_values(work, taken)


def _typical_values(work: _Sentence, taken: set[str]) -> None:
    """A name the claim set has as a value of one property only, and of an entity
    property ("the ITPP" of Japan's partnership programme), is drafted as that value for
    the subject the claim set has such claims about: named in the sentence (the nearest),
    else carried from the sentences before or the article's main subject. Scored below
    the inferred claims."""
    registry = work.registry
    text = work.sentence.text
    for value in work.entities:
        if value.name in taken:
            continue
        props = {p for p, e in registry.values if e == value.id}
        if len(props) != 1:
            continue
        prop = registry.properties[next(iter(props))]
        if prop.type is not PropertyType.ENTITY:
            continue
        holders = {e for e, p in registry.subjects if p == prop.id}
        named = [e for e in work.entities if e.id in holders and e.id != value.id]
        if any(
            any(m in between for m in ";:、") and between not in ("は、", "が、")
            for e in named
            for between in [text[min(e.end, value.end) : max(e.start, value.start)]]
        ):
            continue  # a holder in another clause (not just set off: "日本は、ITPP")
        subject = (
            min(named, key=lambda e: (_distance(e, value), e.start))
            if named
            else work._carried(prop, value)
        )
        if subject is None or subject.id == value.id:
            continue
        work.add(
            subject, prop, value.name, value.id, text[value.start : value.end],
            min(subject.start, value.start) if named else value.start,
            0.8 * INFERRED_SCORE * subject.score * value.score,
            f"property {prop.id!r} inferred (the claim set has {value.id!r} as a value of "
            f"{prop.id!r} only, and such claims about {subject.id!r}), value "
            f"{_named(value)}, subject {_named(subject)}",
            (value.start, value.end) if not named else
            (min(subject.start, value.start), max(subject.end, value.end)),
        )  # fmt: skip
        taken.add(value.name)


# Words that make a name an event's (a summit, a visit): an event has a date, and the
# place named with it is where it is held, not its location.
_EVENT_WORDS = (
    "summit", "visit", "meeting", "conference", "exercise", "election", "annexation",
    "invasion", "gipfel", "besuch", "treffen", "konferenz", "übung", "wahl", "annexion",
    "invasion", "csúcs", "látogatás", "találkozó", "konferencia", "gyakorlat", "választás",
    "annektálás", "invázió", "首脳会議", "訪日", "訪問", "会議", "サミット", "演習", "選挙",
    "併合", "侵攻",
)  # fmt: skip
_DATE_ANCHORS = ("date", "held on", "datum", "időpont", "日付")


def _is_event(registry: Registry, entity: str) -> bool:
    known = registry.entities.get(entity)
    if known is None:
        return False
    names = [fold(n).casefold() for n in (known.label, *known.aliases)]
    return any(word in name for word in _EVENT_WORDS for name in names)


def _event_dated(work: _Sentence, date: Mention, cue: Mention) -> bool:
    """Whether ``date`` is named with an event (within 25 characters) and far from
    ``cue`` (over 40): "am Rande des NATO-Gipfels im Juli ... um die Eröffnung"."""
    if _distance(date, cue) <= 40:
        return False
    return any(_distance(e, date) <= 25 and _is_event(work.registry, e.id) for e in work.entities)


def _event_claims(work: _Sentence, dates: list[Mention]) -> None:
    """A date right next to a named event ("a visit to Japan in January 2023", "2025.
    áprilisi tokiói látogatása") is the event's date: the registry's one date property
    named plainly "date" ("Datum", "időpont", "日付"), when no other claim took it."""
    registry = work.registry
    dated = [
        p for p in registry.properties.values()
        if p.type is PropertyType.DATE
        and any(fold(n).casefold() in _DATE_ANCHORS for n in (p.label, *p.aliases))
    ]  # fmt: skip
    if len(dated) != 1:
        return
    prop = dated[0]
    used = {c.value for c in work.claims if c.kind is PropertyType.DATE}
    text = work.sentence.text
    for value in dates:
        if value.id in used:
            continue
        near = [
            e for e in work.entities
            if _distance(e, value) <= 25 and _is_event(registry, e.id)
            and not any(m in text[min(e.end, value.end) : max(e.start, value.start)] for m in ";:")
        ]  # fmt: skip
        if not near:
            continue
        subject = min(near, key=lambda e: (_distance(e, value), e.start))
        if not _same_years(subject, value):
            continue
        _add_typed(work, subject, prop, value, "a date next to an event")


# A place named with a locative ("in Tokyo", "im Hauptquartier", "Brüsszelben",
# "東京に") next to a specific thing (an office, a mission) is where that thing is.
_LOCATIVE_BEFORE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?:^|\W)(?:in|at)\s+(?:the\s+)?$", re.I),
    "de": re.compile(r"(?:^|\W)(?:in|im)\s+(?:der\s+|dem\s+)?$", re.I),
}
_LOCATIVE_SUFFIX: dict[str, re.Pattern[str]] = {"hu": re.compile(r"(?:ban|ben)$", re.I)}
_LOCATIVE_AFTER: dict[str, re.Pattern[str]] = {"ja": re.compile(r"^(?:に|で)(?!は)")}
_LOCATION_ANCHORS = ("location", "located in", "seat", "sitz", "standort", "székhely", "所在地")


def _locative(work: _Sentence, value: Mention) -> bool:
    text = work.sentence.text
    before = _LOCATIVE_BEFORE.get(work.lang)
    if before is not None and before.search(text[max(0, value.start - 12) : value.start]):
        return True
    suffix = _LOCATIVE_SUFFIX.get(work.lang)
    if suffix is not None and suffix.search(text[value.start : value.end]):
        return True
    after = _LOCATIVE_AFTER.get(work.lang)
    return after is not None and after.search(text[value.end : value.end + 2]) is not None


def _located_claims(work: _Sentence) -> None:
    """ "X ... in Y" (Japanese "Yに X"): Y is the location of X, when X is a specific
    thing (no hub such as a country) named just before (in Japanese just after, else
    before) in the same clause, and the registry has one single-valued entity property
    of location. A name the claim set has as values of other properties only (a country
    that takes part, a partner) is not taken as a place, nor is an event a thing
    located (it is held somewhere). A place that is a word of X's own name counts
    ("NATO liaison office in Tokyo ... in Tokyo"): the sentence states it."""
    registry = work.registry
    located = [
        p for p in registry.properties.values()
        if p.type is PropertyType.ENTITY and p.cardinality is Cardinality.SINGLE
        and any(fold(n).casefold() in _LOCATION_ANCHORS for n in (p.label, *p.aliases))
    ]  # fmt: skip
    if len(located) != 1:
        return
    prop = located[0]
    text = work.sentence.text
    for value in work.entities:
        if not _locative(work, value) or _is_event(registry, value.id):
            continue
        roles = {p for p, e in registry.values if e == value.id}
        if roles and prop.id not in roles:
            continue  # the claim set has it as another kind of value ("in Japan" joins)
        before = [e for e in work.entities if e.end <= value.start and value.start - e.end <= 60]
        after = [e for e in work.entities if e.start >= value.end and e.start - value.end <= 20]
        ordered = [*after, *before[::-1]] if work.lang == "ja" else before[::-1]
        for subject in ordered:
            if subject.id == value.id:
                continue
            between = text[min(subject.end, value.end) : max(subject.start, value.start)]
            if (
                any(mark in between for mark in ";:、。")
                or not registry.specific(subject.id)
                or _is_event(registry, subject.id)
            ):
                break  # the nearest name is the one located: a hub or another clause ends it
            work.add(
                subject, prop, value.name, value.id, text[value.start : value.end],
                min(subject.start, value.start), INFERRED_SCORE * subject.score * value.score,
                f"property {prop.id!r} from the locative {text[value.start : value.end]!r}, "
                f"subject {_named(subject)}",
                (min(subject.start, value.start), max(subject.end, value.end)),
            )  # fmt: skip
            break


_YEAR_WORD = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


def _same_years(subject: Mention, value: Mention) -> bool:
    """False when the subject was read by a short form that left out a year the date
    does not fall in ("minden NATO-csúcson ... 2022" is no summit of 2023)."""
    if not subject.how.startswith("short form"):
        return True
    dropped = set(_YEAR_WORD.findall(subject.name)) - set(_YEAR_WORD.findall(subject.how))
    return not dropped or any(year in value.id for year in dropped)


def _enumeration(work: _Sentence, value: Mention, exclude: set[str]) -> list[Mention]:
    """``value`` and the names listed with it ("A, B and C"), in order: names that some
    claim of the claim set has as a value (a clause joined by ", and" lists no values)."""
    text = work.sentence.text
    values = {e for _, e in work.registry.values}
    names = [e for e in work.entities if e is value or (e.id not in exclude and e.id in values)]
    at = names.index(value)
    start = end = at
    while start > 0 and _ENUMERATION.fullmatch(
        text[names[start - 1].end : names[start].start].strip()
    ):
        start -= 1
    while end + 1 < len(names) and _ENUMERATION.fullmatch(
        text[names[end].end : names[end + 1].start].strip()
    ):
        end += 1
    return names[start : end + 1]


def _inside_any(m: Mention, others: list[Mention]) -> bool:
    return any(o.start <= m.start and m.end <= o.end and o is not m for o in others)


_UNIT_SUFFIX = re.compile(r" ([A-Za-z]+)$")


def _unit_of(literal: str) -> str | None:
    m = _UNIT_SUFFIX.search(literal)
    if m is None or m.group(1) in ("thousand", "million", "billion", "trillion"):
        return None
    return m.group(1)


def _unit_fits(literal: str, prop: Property) -> bool:
    """A quantity fits a property with its unit; one without a unit (a bare number, an
    ordinal) only a property without one (an article number, a rank)."""
    return _unit_of(literal) == prop.unit


_ENUMERATION = re.compile(
    r"|,|、|・|/|;|(?:,\s*)?(?:and|or|und|oder|sowie|és|vagy|illetve|と|や|及び|および)", re.I
)


def _may_be_value(work: _Sentence, entity: Mention, prop: Property) -> bool:
    """False for a name the claim set has as values of other properties only, one of
    them single-valued, and never as a subject: a city that is a location is no member
    of anything, a prime minister no member either (an actor such as an alliance, which
    has claims of its own, or a country listed among partners, may take roles the claim
    set has not seen yet)."""
    roles = {p for p, e in work.registry.values if e == entity.id}
    if not roles or prop.id in roles:
        return True
    if all(work.registry.properties[p].cardinality is Cardinality.MULTIPLE for p in roles):
        return True  # one of many (partners, participants): a country may be in any list
    return any(e == entity.id for e, _ in work.registry.subjects)


# Words that introduce examples of what was just named: "partners, such as A and B".
_EXAMPLES = re.compile(
    r"[\s,:]*(?:such as|including|namely|like|e\.g\.|wie|z\. ?B\.|darunter|mint|például"
    r"|többek között)?[\s,:]*",
    re.I,
)


def _entity_pairs(work: _Sentence, cue: Mention, prop: Property) -> list[tuple[Mention, Mention]]:
    """(subject, value) pairs for an entity-valued property cue: the value is the name
    next to the cue (after it; before it in Japanese), or every name of an enumeration
    there ("A, B and C") for a multiple-valued property; the subject as
    :meth:`_Sentence.subject` chooses it among the other names."""
    known = work.registry.subjects
    text = work.sentence.text
    if cue.how == ACTIVE:  # "China claims sovereignty over the Senkaku Islands"
        left, right = _clause(text, cue.start, cue.end)
        agents = [e for e in work.entities if left <= e.start and e.end <= cue.start]
        things = [e for e in work.entities if cue.end <= e.start and e.end <= right]
        if agents and things and agents[-1].id != things[0].id:
            return [(things[0], agents[-1])]
        return []
    # the participants of an event: the event is the subject, never a participant
    of_event = "participants" in _kinds_of(prop)
    entities = [
        e
        for e in work.entities
        if (e.id, prop.id) not in known
        and _may_be_value(work, e, prop)
        and not (of_event and _is_event(work.registry, e.id))
    ]
    before = [e for e in entities if e.end <= cue.start][::-1]
    after = [e for e in entities if e.start >= cue.end]
    if work.lang == "ja":
        side = before
    elif (
        work.lang == "hu"
        and cue.how == "exact"
        and before
        and not _blank(text, work.entities)[before[0].end : cue.start].strip(" -")
    ):
        # a bare title follows the name it names ("Isiba miniszterelnök"); with a
        # possessive suffix the name before is the owner ("a GCAP partnerei")
        side = before
    else:
        side = after or before
    typical = [
        e for e in side if (prop.id, e.id) in work.registry.values and _distance(e, cue) <= 60
    ]
    if typical:  # a name the claim set already has as a value of this property
        side = [typical[0], *[e for e in side if e is not typical[0]]]
    if not side:
        return []
    if (
        work.lang == "ja"
        and len(side) > 1
        and text[side[0].end : cue.start] == "の"
        and text[side[1].end : side[1].end + 1] in ("に", "へ")
    ):
        # "演習に自衛隊の参加": the name before の is whose the act is, the one
        # marked with に or へ before it what the act is aimed at
        return [(side[0], side[1])]
    left, right = _clause(text, cue.start, cue.end)
    first = side[0]
    if (
        work.lang != "ja"
        and not (left <= first.start and first.end <= right)
        and not (first.start >= cue.end and _EXAMPLES.fullmatch(text[cue.end : first.start]))
    ):
        return []  # the value is named in the cue's clause, or its examples follow it
    values = [side[0]]
    if prop.cardinality is Cardinality.MULTIPLE:
        for e in side[1:]:
            last = values[-1]
            gap = text[last.end : e.start] if e.start >= last.end else text[e.end : last.start]
            if _ENUMERATION.fullmatch(gap.strip()):  # "A, B and C", "A、B"
                values.append(e)
            else:
                break
    pairs: list[tuple[Mention, Mention]] = []
    for value in values:
        subject = work.subject(prop, cue, value, tuple(values))  # not one of the listed
        if (
            subject is not None
            and subject.id != value.id
            and subject not in values
            and (not of_event or _is_event(work.registry, subject.id))
        ):
            pairs.append((subject, value))
    return pairs


def _named(m: Mention) -> str:
    """A name as the note shows it: how it was found unless verbatim."""
    if m.how == "carried":
        return f"{m.name!r} (named in an earlier sentence, not in this one)"
    if m.how == "main":
        return f"{m.name!r} (the article's most named subject, not named here)"
    return repr(m.name) if m.how == "exact" else f"{m.name!r} ({m.how})"


def _blank(text: str, mentions: list[Mention]) -> str:
    """``text`` with the mentions blanked out (same length)."""
    chars = list(text)
    for m in mentions:
        chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _score(cue: Mention, subject: Mention, value: Mention) -> float:
    if subject.how in ("carried", "main"):  # not in the sentence: no distance to measure
        near = 1.0 / (1.0 + _distance(cue, value) / 60.0)
        return cue.score * subject.score * (0.4 + 0.6 * near)
    gap = min(_distance(subject, cue), _distance(subject, value))
    spread = _distance(cue, value)
    near = 1.0 / (1.0 + max(gap, spread) / 60.0)
    return cue.score * subject.score * (0.4 + 0.6 * near)


# --------------------------------------------------------------------------- output


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(
    result: Draft, source_id: str, title: str, text_path: str | None, *, from_html: bool = False
) -> str:
    """The draft as a source file in the claim format (deterministic)."""
    uncertain = [c for c in result.claims if c.uncertain]
    out = [
        "# Draft written by `claimcheck draft`: every claim needs an analyst's review.",
        "# Each quote is the whole sentence, verbatim; each note says why the claim was",
        f"# proposed and its score (0-1). {len(result.claims)} claims, "
        f"{len(uncertain)} uncertain (score below {UNCERTAIN_BELOW}, marked",
        "# `# UNCERTAIN` and noted `draft (uncertain)`): review those first.",
    ]
    if from_html:
        out.append("# The article was HTML: quotes and lines are those of its text, tags stripped.")
    if uncertain:
        out.append("# Uncertain: " + ", ".join(_claim_ids(result)[id(c)] for c in uncertain))
    out += [
        "",
        "source:",
        f"  id: {source_id}",
        f"  title: {_q(title)}  # the text's first line: check it",
        f"  language: {result.language}",
    ]
    if result.published is not None:
        out.append(f"  published: {_q(result.published)}")
    if text_path is not None:
        out.append(f"  text: {_q(text_path)}")
    out.append("claims:" if result.claims else "claims: []")
    ids = _claim_ids(result)
    for c in result.claims:
        out.append("")
        if c.uncertain:
            out.append("  # UNCERTAIN: review first")
        out.append(f"  - id: {ids[id(c)]}")
        out.append(f"    subject: {_q(c.subject_name)}")
        out.append(f"    property: {c.property}")
        value = c.value if c.kind is PropertyType.BOOLEAN else _q(c.value)
        out.append(f"    value: {value}")
        if c.modality is not Modality.ACTUAL:
            out.append(f"    modality: {c.modality}")
        if c.negated:
            out.append("    negated: true")
        out.append(f"    quote: {_q(c.sentence.text)}")
        out.append(f"    location: {_q(c.sentence.location)}")
        label = "draft (uncertain)" if c.uncertain else "draft"
        out.append(f"    note: {_q(f'{label}: {c.why}; score {c.score:.2f}')}")
    if result.unresolved:
        out += [
            "",
            "# Sentences with a value that were not drafted (name or property not",
            "# resolved); nothing is guessed:",
        ]
        for sentence, reason in result.unresolved:
            shown = sentence.text if len(sentence.text) <= 160 else sentence.text[:159] + "…"
            out.append(f"# - {sentence.location}: {reason}: {shown}")
    return "\n".join(out) + "\n"


def _claim_ids(result: Draft) -> dict[int, str]:
    ids: dict[int, str] = {}
    used: dict[str, int] = {}
    for c in result.claims:
        base = f"s{c.sentence.index + 1:03d}-{c.property}"
        n = used.get(base, 0) + 1
        used[base] = n
        ids[id(c)] = base if n == 1 else f"{base}-{n}"
    return ids


def first_line(text: str) -> str:
    for line in text.splitlines():
        folded = fold(line)
        if folded:
            return folded if len(folded) <= 200 else folded[:199] + "…"
    return "(untitled)"
