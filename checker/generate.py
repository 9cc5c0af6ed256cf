"""Synthetic claim sets with a known answer, for tests and benchmarks.

``generate(outdir, claims=N)`` writes a claim set that uses every part of the format
(registry files with multilingual aliases, every property type, every date and quantity
form, entity values written as aliases, text, booleans, time-varying properties with
``as_of``, a multi-valued property, negation, planned and expected modality) and injects
conflicts into a fraction of the topics. The injected discrepancies -- ids, kinds and
conflict pairs -- go to ``OUTDIR.answer.json`` beside the set, never inside it, so the
set folder holds claim files only.

Every topic has a true value per period; clean claims state it in equivalent or
refining forms (all of which contain the true point, so they never conflict), and
clean negated claims deny a value far away from it. Conflict pairs of an injected topic
are worked out here from exact interval arithmetic (integers, no floats), independently
of the checker, so the answer can catch checker bugs. Output is a function of the seed
alone; YAML text is written directly (with careful quoting) because ``yaml.dump`` is
far too slow for a million claims.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checker.errors import ClaimcheckError
from checker.files import write_atomic
from checker.model import Cardinality, DiscrepancyKind, Modality, PropertyType

__all__ = ["Generated", "answer_path", "generate"]

# --------------------------------------------------------------------------- names

_CONSONANTS = "kstnhmrgzdbp"
_VOWELS = "aiueo"
_KANA = (
    "カキクケコ" "サシスセソ" "タチツテト" "ナニヌネノ" "ハヒフヘホ" "マミムメモ"
    "ラリルレロ" "ガギグゲゴ" "ザジズゼゾ" "ダヂヅデド" "バビブベボ" "パピプペポ"
)  # fmt: skip
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]


def _name(index: int) -> tuple[str, str]:
    """A unique pronounceable name for ``index`` and its katakana spelling.

    Names are runs of consonant-vowel syllables, so a name splits into syllables one
    way only and distinct indexes give distinct names in both scripts.
    """
    digits: list[int] = []
    n = index
    while n or len(digits) < 3:
        n, d = divmod(n, len(_SYLLABLES))
        digits.append(d)
    latin = "".join(_SYLLABLES[d] for d in reversed(digits))
    kana = "".join(_KANA[d] for d in reversed(digits))
    return latin.capitalize(), kana


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LANGUAGES = ("en", "hu", "de", "ja", "fr")
_PUBLISHERS = {
    "en": ("Atlas Review", "World Affairs Digest", "The Gazetteer"),
    "hu": ("Magyar Földrajzi Szemle", "Külügyi Figyelő", "Világtérkép"),
    "de": ("Länderkunde Heute", "Weltspiegel Archiv", "Geographische Rundschau"),
    "ja": ("世界地誌研究", "国際情勢レビュー", "地理年鑑"),
    "fr": ("Revue des Nations", "Atlas du Monde", "Le Géographe"),
}
_AUTHORS = ("Nagy Angelina", "Jonas Weber", "Sato Yuki", "Claire Martin", "Ama Owusu")


@dataclass(frozen=True, slots=True)
class _Entity:
    id: str
    label: str
    aliases: dict[str, str]  # language -> alias


def _country(index: int) -> _Entity:
    name, kana = _name(index)
    return _Entity(
        name.lower(),
        name,
        {
            "en": f"Republic of {name}",
            "hu": f"{name}i Köztársaság",
            "de": f"Republik {name}",
            "ja": f"{kana}共和国",
            "fr": f"République de {name}",
        },
    )


def _city(index: int) -> _Entity:
    name, kana = _name(index)
    return _Entity(
        f"{name.lower()}-city",
        f"{name} City",
        {"en": f"City of {name}", "hu": f"{name} város", "de": f"{name}stadt", "ja": f"{kana}市"},
    )


_GIVEN = (("Ken", "ケン"), ("Mara", "マラ"), ("Ilse", "イルセ"), ("Tomas", "トマス"))


def _person(index: int) -> _Entity:
    name, kana = _name(index)
    given, given_kana = _GIVEN[index % len(_GIVEN)]
    return _Entity(
        f"{name.lower()}-{given.lower()}",
        f"{given} {name}",
        {"hu": f"{name} {given}", "de": f"{name}, {given}", "ja": f"{kana}・{given_kana}"},
    )


def _organisation(index: int) -> _Entity:
    name, kana = _name(index)
    return _Entity(
        f"{name.lower()}-union",
        f"{name} Union",
        {"hu": f"{name} Unió", "de": f"{name}-Bund", "ja": f"{kana}連合", "fr": f"Union {name}"},
    )


_MOTTO_WORDS = (
    "unity strength harbour lantern justice freedom river mountain progress labour "
    "wisdom courage honour patience harvest compass garden thunder silver meadow "
    "beacon anchor forest summit valley horizon ember granite willow falcon"
)
_WORDS = tuple(_MOTTO_WORDS.split(" "))

# --------------------------------------------------------------------------- properties

# id, type, cardinality, time_varying, unit, tolerance (basis points), label, aliases
_Property = tuple[str, PropertyType, Cardinality, bool, str | None, int, str, dict[str, str]]
_PROPERTIES: tuple[_Property, ...] = (
    ("founded", PropertyType.DATE, Cardinality.SINGLE, False, None, 0, "founding date",
     {"hu": "alapítás", "de": "Gründungsdatum", "ja": "設立", "fr": "date de fondation"}),
    ("opening-date", PropertyType.DATE, Cardinality.SINGLE, False, None, 0, "opening date",
     {"hu": "megnyitás", "de": "Eröffnung", "ja": "開業日", "fr": "date d'ouverture"}),
    ("population", PropertyType.QUANTITY, Cardinality.SINGLE, True, None, 200, "population",
     {"hu": "népesség", "de": "Einwohnerzahl", "ja": "人口", "fr": "nombre d'habitants"}),
    ("budget", PropertyType.QUANTITY, Cardinality.SINGLE, True, "USD", 100, "annual budget",
     {"hu": "éves költségvetés", "de": "Jahreshaushalt", "ja": "年間予算", "fr": "budget annuel"}),
    ("capital", PropertyType.ENTITY, Cardinality.SINGLE, False, None, 0, "capital",
     {"hu": "főváros", "de": "Hauptstadt", "ja": "首都", "fr": "capitale"}),
    ("head-of-state", PropertyType.ENTITY, Cardinality.SINGLE, True, None, 0, "head of state",
     {"hu": "államfő", "de": "Staatsoberhaupt", "ja": "元首", "fr": "chef d'État"}),
    ("member-of", PropertyType.ENTITY, Cardinality.MULTIPLE, False, None, 0, "member of",
     {"hu": "tagja", "de": "Mitglied von", "ja": "加盟", "fr": "membre de"}),
    ("motto", PropertyType.TEXT, Cardinality.SINGLE, False, None, 0, "national motto",
     {"hu": "jelmondat", "de": "Wahlspruch", "ja": "標語", "fr": "devise"}),
    ("landlocked", PropertyType.BOOLEAN, Cardinality.SINGLE, False, None, 0, "landlocked",
     {"hu": "tengerparttal nem rendelkező", "de": "Binnenstaat", "ja": "内陸国",
      "fr": "enclavé"}),
)  # fmt: skip

_TEMPLATES = {
    "en": "According to our records, the {p} of {s} is {v}.",
    "hu": "Nyilvántartásunk szerint {s} {p}: {v}.",
    "de": "Laut unseren Unterlagen beträgt {p} von {s}: {v}.",
    "ja": "記録によれば、{s}の{p}は{v}である。",
    "fr": "Selon nos registres, {p} de {s} est {v}.",
}
_NEGATED = {
    "en": "It is not true that the {p} of {s} is {v}.",
    "hu": "Nem igaz, hogy {s} {p}: {v}.",
    "de": "Es trifft nicht zu, dass {p} von {s} {v} ist.",
    "ja": "{s}の{p}が{v}であるというのは誤りである。",
    "fr": "Il est faux que {p} de {s} soit {v}.",
}
_PLANNED = {
    "en": "Plans foresee that the {p} of {s} will be {v}.",
    "hu": "A tervek szerint {s} {p}: {v} lesz.",
    "de": "Geplant ist, dass {p} von {s} {v} sein wird.",
    "ja": "計画では、{s}の{p}は{v}となる予定である。",
    "fr": "Il est prévu que {p} de {s} soit {v}.",
}

# --------------------------------------------------------------------------- values

# A value's model for working out the answer: ("iv", lo, hi) for dates and quantities
# (closed integer intervals), ("k", key) for entities and booleans, ("t", motto, variant)
# for text (same motto = identical or compatible spelling, different motto = conflict).
_Model = tuple[object, ...]
_MIN_DAY, _MAX_DAY = 1, date.max.toordinal()
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _y0(y: int) -> int:
    return date(y, 1, 1).toordinal()


def _y1(y: int) -> int:
    return date(y, 12, 31).toordinal()


def _m0(y: int, m: int) -> int:
    y, m = divmod(y * 12 + m - 1, 12)
    return date(y, m + 1, 1).toordinal()


def _m1(y: int, m: int) -> int:
    return _m0(y, m + 1) - 1


def _date_true(rng: random.Random, y: int, m: int, d: int, later: bool) -> tuple[str, _Model]:
    """A form of the date y-m-d: YAML text and its day interval (all contain the day)."""
    day = date(y, m, d).toordinal()
    dec = y - y % 10
    form = rng.randrange(12)
    if form == 0:
        return f"{y}-{m:02d}-{d:02d}", ("iv", day, day)  # a plain YAML date
    if form == 1:
        return f"{y}", ("iv", _y0(y), _y1(y))
    if form == 2:
        return _q(f"{y}-{m:02d}"), ("iv", _m0(y, m), _m1(y, m))
    if form == 3:
        return _q(f"~{y}"), ("iv", _y0(y - 1), _y1(y + 1))
    if form == 4:
        return _q(f"~{y}-{m:02d}"), ("iv", _m0(y, m - 1), _m1(y, m + 1))
    if form == 5:
        return _q(f"{dec}s"), ("iv", _y0(dec), _y1(dec + 9))
    if form == 6:
        return _q(f"~{dec}s"), ("iv", _y0(dec - 10), _y1(dec + 19))
    if form == 7:
        a, b = y - rng.randrange(4), y + rng.randrange(4)
        return _q(f"{a}..{b}"), ("iv", _y0(a), _y1(b))
    if form == 8:  # open towards the side away from any injected wrong value
        if later:
            b = y + rng.randrange(4)
            return _q(f"..{b}"), ("iv", _MIN_DAY, _y1(b))
        a = y - rng.randrange(4)
        return _q(f"{a}.."), ("iv", _y0(a), _MAX_DAY)
    if form == 9:
        return _q(f"{y}".translate(_FULL_WIDTH)), ("iv", _y0(y), _y1(y))
    if form == 10:
        return _q(f"~{y}-{m:02d}-{d:02d}"), ("iv", day - 1, day + 1)
    return _q(f"{y}-{m:02d}-{d:02d}"), ("iv", day, day)


def _date_far(rng: random.Random, y: int) -> tuple[str, _Model]:
    """A date around year ``y`` in a narrow form (for wrong and denied values)."""
    form = rng.randrange(4)
    if form == 0:
        return f"{y}", ("iv", _y0(y), _y1(y))
    if form == 1:
        m = rng.randrange(1, 13)
        return _q(f"{y}-{m:02d}"), ("iv", _m0(y, m), _m1(y, m))
    if form == 2:
        m, d = rng.randrange(1, 13), rng.randrange(1, 29)
        day = date(y, m, d).toordinal()
        return f"{y}-{m:02d}-{d:02d}", ("iv", day, day)
    return _q(f"~{y}"), ("iv", _y0(y - 1), _y1(y + 1))


def _widen(lo: int, hi: int, bp: int) -> _Model:
    """Exact tolerance widening in units of 1/10000: [lo(1-t), hi(1+t)]."""
    return ("iv", lo * (10000 - bp), hi * (10000 + bp))


def _budget(rng: random.Random, m: int, big: bool) -> tuple[str, _Model]:
    """A form of ``m`` million/billion USD (property tolerance 1 %)."""
    scale, word, exp = (10**9, "billion", 9) if big else (10**6, "million", 6)
    amount = m * scale
    form = rng.randrange(10)
    if form == 0:
        return f"{amount}", _widen(amount, amount, 100)
    if form == 1:
        return f"{m}e{exp}", _widen(amount, amount, 100)
    if form == 2:
        return _q(f"{m} {word} USD"), _widen(amount, amount, 100)
    if form == 3:
        return (_q(f"${m}bn") if big else _q(f"{m} million US$")), _widen(amount, amount, 100)
    if form == 4:
        return f"{{amount: {m}, scale: 1e{exp}, unit: USD}}", _widen(amount, amount, 100)
    if form == 5:
        return f"{{amount: {m}, scale: {word}}}", _widen(amount, amount, 100)
    if form == 6:
        r = max(1, m // 50)
        return _q(f"{m - r}..{m + r} {word} USD"), _widen((m - r) * scale, (m + r) * scale, 100)
    if form == 7:
        return _q(f"~{m} {word} USD"), _widen(amount, amount, 500)
    if form == 8:
        return _q(f"{amount:,} USD"), _widen(amount, amount, 100)
    return _q(f"${m} {word}"), _widen(amount, amount, 100)


def _population(rng: random.Random, m: int) -> tuple[str, _Model]:
    """A form of ``m`` thousand people (no unit, property tolerance 2 %)."""
    amount = m * 1000
    form = rng.randrange(8)
    if form == 0:
        return f"{amount}", _widen(amount, amount, 200)
    if form == 1:
        return _q(f"{amount:,}"), _widen(amount, amount, 200)
    if form == 2:
        return _q(f"{amount:,}".replace(",", " ")), _widen(amount, amount, 200)
    if form == 3:
        return _q(f"{m // 1000}.{m % 1000:03d} million"), _widen(amount, amount, 200)
    if form == 4:
        return _q(f"~{m // 1000}.{m % 1000:03d} million"), _widen(amount, amount, 500)
    if form == 5:
        r = max(1, m // 100)
        return _q(f"{m - r}..{m + r} thousand"), _widen((m - r) * 1000, (m + r) * 1000, 200)
    if form == 6:
        return f"{{amount: {m}, scale: thousand}}", _widen(amount, amount, 200)
    return f"{m}e3", _widen(amount, amount, 200)


def _conflicts(a: tuple[_Model, bool], b: tuple[_Model, bool], multiple: bool) -> bool:
    """Contract 3 and 7 on two facing claims: (value model, negated) each."""
    (va, na), (vb, nb) = a, b
    if na and nb:
        return False
    if na or nb:
        neg, pos = (va, vb) if na else (vb, va)
        if neg[0] == "iv":
            return bool(neg[1] <= pos[1] and pos[2] <= neg[2])  # type: ignore[operator]
        return neg == pos
    if multiple:
        return False
    if va[0] == "iv":
        return bool(va[2] < vb[1] or vb[2] < va[1])  # type: ignore[operator]
    if va[0] == "t":
        return va[1] != vb[1]
    return va != vb


# --------------------------------------------------------------------------- generation


@dataclass(frozen=True, slots=True)
class Generated:
    """What :func:`generate` wrote."""

    outdir: Path
    answer: Path
    files: int
    sources: int
    claims: int
    topics: int
    discrepancies: int


@dataclass(slots=True)
class _Claim:
    local: str
    source: int
    text: str  # the YAML lines after "  - id: <local>\n"
    model: _Model
    negated: bool
    period: int
    actual: bool
    as_of: tuple[int, int, str] | None = None  # time-varying: (first day, last day, canonical text)
    wrong: bool = False  # states a false value (sources of known accuracy)


def answer_path(outdir: str | Path) -> Path:
    """Where the answer of the set in ``outdir`` goes: ``OUTDIR.answer.json`` beside it."""
    out = Path(outdir)
    return out.with_name(out.name + ".answer.json")


class _Writer:
    """Builds claims of one topic after another and remembers the injected answer."""

    def __init__(self, rng: random.Random, source_ids: list[str], languages: list[str]) -> None:
        self.rng = rng
        self.source_ids = source_ids
        self.sources = len(source_ids)
        self.languages = languages
        self.buffers: list[list[str]] = [[] for _ in source_ids]
        self.countries: list[_Entity] = []
        self.cities: list[_Entity] = []
        self.people: list[_Entity] = []
        self.organisations = [_organisation(200_000 + i) for i in range(40)]
        self.lookup = {e.id: e for e in self.organisations}
        self.adhoc = [f"{_name(300_000 + i)[0]} Fisheries Pact" for i in range(8)]
        self.answer: list[dict[str, object]] = []
        self.topics = 0
        # sources of known accuracy (truth mode): accuracy per source, copier -> original
        self.accuracy: list[float] = []
        self.copies: dict[int, int] = {}
        self.copy_rate = 0.0
        self.false_claims: list[str] = []

    # ---------------------------------------------------------------- naming
    def _written(self, entity: _Entity, language: str) -> str:
        """How a source writes an entity: its id, label, or alias in its language."""
        pick = self.rng.randrange(4)
        if pick == 0:
            return entity.id
        if pick == 1 or language not in entity.aliases:
            return entity.label
        return entity.aliases[language]

    def _entity_value(self, key: str, language: str) -> tuple[str, str, _Model]:
        """YAML text, quoted text for prose, and model of an entity value given its key."""
        if key.startswith("@"):  # an unregistered (ad-hoc) name
            name = key[1:]
            return _q(name), name, ("k", name.casefold())
        entity = self.lookup[key]
        shown = self._written(entity, language)
        return _q(shown), shown, ("k", entity.id)

    # ---------------------------------------------------------------- topics
    def topic(self, index: int, count: int, inject: bool) -> int:
        """Write ``count`` claims (one more if ``inject``) of topic ``index``."""
        rng = self.rng
        country_index = index // len(_PROPERTIES)
        country, prop = self._topic_subject(index)
        pid, kind, cardinality, varying = prop[0], prop[1], prop[2], prop[3]
        periods = rng.randrange(1, 4) if varying else 1
        later = rng.random() < 0.5
        truths = [self._truth(kind, pid, country_index) for _ in range(periods)]
        claims: list[_Claim] = []
        for k in range(count):
            period = rng.randrange(periods)
            claims.append(self._claim(country, prop, truths[period], period, later, k, False))
        if inject:
            period = rng.randrange(periods)
            facing = [c for c in claims if c.period == period]
            source = None
            if facing and rng.random() < 0.2:  # the same source says both: self-contradiction
                source = rng.choice(facing).source
            claims.append(
                self._claim(country, prop, truths[period], period, later, count, True, source)
            )
            self._record(country, pid, cardinality is Cardinality.MULTIPLE, claims)
        for claim in claims:
            self.buffers[claim.source].append(f"  - id: {claim.local}\n{claim.text}")
        self.topics += 1
        return len(claims)

    def accuracy_topic(self, index: int, count: int, limit: int) -> int:
        """Write topic ``index`` in truth mode: ``count`` speakers (at most), each right with
        its source's accuracy; a copier repeats its original's claim (errors included) with
        probability ``copy_rate`` wherever the original speaks."""
        rng = self.rng
        country, prop = self._topic_subject(index)
        pid, kind, cardinality, varying = str(prop[0]), prop[1], prop[2], prop[3]
        periods = rng.randrange(1, 4) if varying else 1
        later = rng.random() < 0.5
        truths = [self._truth(kind, pid, index // len(_PROPERTIES)) for _ in range(periods)]
        speakers = sorted(rng.sample(range(self.sources), min(count, self.sources)))
        claims: list[_Claim] = []
        stated: dict[int, _Claim] = {}
        copying = [s for s in sorted(self.copies) if self.copies[s] in speakers]
        for source in speakers:
            if source in self.copies and source in copying:
                continue  # a copier whose original speaks: decided below
            period = rng.randrange(periods)
            wrong = rng.random() >= self.accuracy[source]
            claim = self._claim(country, prop, truths[period], period, later, len(claims), wrong,
                                source)  # fmt: skip
            claim.wrong = wrong
            claims.append(claim)
            stated[source] = claim
        for source in copying:
            if len(claims) >= limit:
                break
            original = stated.get(self.copies[source])
            if original is not None and rng.random() < self.copy_rate:
                local = f"{country.id}-{pid}-{len(claims)}"
                claims.append(
                    _Claim(
                        local,
                        source,
                        original.text,
                        original.model,
                        original.negated,
                        original.period,
                        original.actual,
                        original.as_of,
                        original.wrong,
                    )
                )
            elif source in speakers:
                period = rng.randrange(periods)
                wrong = rng.random() >= self.accuracy[source]
                claim = self._claim(country, prop, truths[period], period, later, len(claims),
                                    wrong, source)  # fmt: skip
                claim.wrong = wrong
                claims.append(claim)
        if any(c.wrong for c in claims):
            self._record(country, pid, cardinality is Cardinality.MULTIPLE, claims)
        for claim in claims:
            if claim.wrong:
                self.false_claims.append(f"{self.source_ids[claim.source]}/{claim.local}")
            self.buffers[claim.source].append(f"  - id: {claim.local}\n{claim.text}")
        self.topics += 1
        return len(claims)

    def _topic_subject(self, index: int) -> tuple[_Entity, _Property]:
        n_props = len(_PROPERTIES)
        country_index = index // n_props
        while len(self.countries) <= country_index:
            i = len(self.countries)
            self.countries.append(_country(3 * i))
            self.cities.append(_city(3 * i + 1))
            self.people.append(_person(3 * i + 2))
            for entity in (self.cities[-1], self.people[-1]):
                self.lookup[entity.id] = entity
        return self.countries[country_index], _PROPERTIES[index % n_props]

    def _truth(self, kind: PropertyType, pid: str, country_index: int) -> tuple[object, ...]:
        rng = self.rng
        if kind is PropertyType.DATE:
            base = 1850 if pid == "founded" else 1990
            return (base + rng.randrange(140 if pid == "founded" else 40),
                    rng.randrange(1, 13), rng.randrange(1, 29))  # fmt: skip
        if pid == "population":
            return (rng.randrange(1000, 100_000),)
        if pid == "budget":
            return (rng.randrange(100, 1000), rng.random() < 0.5)
        if pid == "capital":
            return (self.cities[rng.randrange(len(self.cities))].id,)
        if pid == "head-of-state":
            return (self.people[rng.randrange(len(self.people))].id,)
        if pid == "member-of":
            picks = rng.sample(range(len(self.organisations)), 3)
            members = [self.organisations[i].id for i in picks]
            if rng.random() < 0.05:
                members.append("@" + rng.choice(self.adhoc))
            return tuple(members)
        if kind is PropertyType.TEXT:
            words = rng.sample(range(len(_WORDS)), 8)
            return (words[:4], words[4:])  # the motto and a disjoint wrong one
        return (rng.random() < 0.5,)

    def _claim(
        self,
        country: _Entity,
        prop: _Property,
        truth: tuple[object, ...],
        period: int,
        later: bool,
        k: int,
        wrong: bool,
        source: int | None = None,
    ) -> _Claim:
        rng = self.rng
        pid, kind = prop[0], prop[1]
        if source is None:
            source = rng.randrange(self.sources)
        language = self.languages[source]
        negated = not wrong and rng.random() < 0.06
        # A multi-valued property conflicts only through negation.
        injected_negation = (
            wrong
            and kind is not PropertyType.BOOLEAN
            and (prop[2] is Cardinality.MULTIPLE or rng.random() < 0.35)
        )
        value, shown, model = self._value(kind, pid, truth, later, language, negated, wrong,
                                          injected_negation)  # fmt: skip
        if injected_negation:
            negated = True
        modality = Modality.ACTUAL
        roll = rng.random()
        if roll < (0.3 if wrong else 0.04):
            modality = Modality.PLANNED if rng.random() < 0.7 else Modality.EXPECTED
        aliases = prop[7]
        assert isinstance(aliases, dict)
        prop_written = (
            pid if (pick := rng.randrange(3)) == 0
            else str(prop[6]) if pick == 1 or language not in aliases
            else aliases[language]
        )  # fmt: skip
        subject = self._written(country, language)
        template = (
            _NEGATED if negated else _PLANNED if modality is not Modality.ACTUAL else _TEMPLATES
        )
        lines = [
            f"    subject: {_q(subject)}\n",
            f"    property: {_q(prop_written)}\n",
            f"    value: {value}\n",
            f"    quote: {_q(template[language].format(p=prop_written, s=subject, v=shown))}\n",
        ]
        if language != "en":
            english = template["en"].format(p=prop[6], s=country.label, v=shown)
            lines.append(f"    translation: {_q(english)}\n")
        as_of = None
        if prop[3]:
            written, as_of = self._as_of(period)
            lines.append(f"    as_of: {written}\n")
        elif rng.random() < 0.1:
            lines.append(f"    as_of: {_q(str(2000 + rng.randrange(25)))}\n")
        if modality is not Modality.ACTUAL:
            lines.append(f"    modality: {modality}\n")
        if negated:
            lines.append("    negated: true\n")
        elif rng.random() < 0.05:
            lines.append("    negated: false\n")
        if rng.random() < 0.5:
            lines.append(f"    location: {_q(f'p. {rng.randrange(1, 40)}')}\n")
        if rng.random() < 0.02:
            lines.append(f"    note: {_q('generated claim; value restated from a table')}\n")
        if kind is PropertyType.BOOLEAN:
            model = ("k", value == ("false" if negated else "true"))
            negated_model = False
        else:
            negated_model = negated
        local = f"{country.id}-{pid}-{k}"
        return _Claim(local, source, "".join(lines), model, negated_model, period,
                      modality is Modality.ACTUAL, as_of)  # fmt: skip

    def _as_of(self, period: int) -> tuple[str, tuple[int, int, str]]:
        """A date within the period's three years, as written and as (first day, last day,
        canonical text); all forms contain its middle year's June 15, so claims of one
        period face each other and periods never overlap."""
        m = 2001 + 3 * period
        y0, y1 = date(m - 1, 1, 1).toordinal(), date(m + 1, 12, 31).toordinal()
        first, last = date(m, 1, 1).toordinal(), date(m, 12, 31).toordinal()
        forms = (
            (f"{m}", (first, last, f"{m}")),
            (_q(f"{m}-06"), (date(m, 6, 1).toordinal(), date(m, 6, 30).toordinal(), f"{m}-06")),
            (_q(f"{m - 1}..{m + 1}"), (y0, y1, f"~{m}")),
            (_q(f"{m - 1}..{m}"), (y0, last, f"{m - 1}..{m}")),
            (_q(f"{m}..{m + 1}"), (first, y1, f"{m}..{m + 1}")),
            (_q(f"~{m}"), (y0, y1, f"~{m}")),
            (f"{m}-06-15", (date(m, 6, 15).toordinal(),) * 2 + (f"{m}-06-15",)),
        )
        return forms[self.rng.randrange(len(forms))]

    def _value(
        self,
        kind: PropertyType,
        pid: str,
        truth: tuple[object, ...],
        later: bool,
        language: str,
        negated: bool,
        wrong: bool,
        injected_negation: bool,
    ) -> tuple[str, str, _Model]:
        """YAML value text, its prose form and model.

        Clean claims state the truth; clean negated ones deny a far value; a wrong
        claim states a disjoint value, or (``injected_negation``) denies the truth.
        """
        rng = self.rng
        far = negated or (wrong and not injected_negation)
        if kind is PropertyType.DATE:
            y, m, d = truth
            assert isinstance(y, int) and isinstance(m, int) and isinstance(d, int)
            if far:
                # Wrong values lie on the ``later`` side, denied ones on the other.
                step = rng.randrange(30, 60)
                side = later if wrong else not later
                text, model = _date_far(rng, y + step if side else y - step)
            else:
                text, model = _date_true(rng, y, m, d, later)
            return text, text.strip('"'), model
        if pid == "budget":
            m, big = truth
            assert isinstance(m, int) and isinstance(big, bool)
            text, model = _budget(rng, 5 * m if negated else 2 * m if far else m, big)
            return text, text.strip('"'), model
        if pid == "population":
            (m,) = truth
            assert isinstance(m, int)
            text, model = _population(rng, 10 * m if negated else 3 * m if far else m)
            return text, text.strip('"'), model
        if kind is PropertyType.ENTITY:
            if pid == "member-of":
                members = [str(t) for t in truth]
                if far:
                    others = [o.id for o in self.organisations if o.id not in members]
                    key = rng.choice(others)
                else:
                    key = rng.choice(members)
            else:
                key = str(truth[0])
                if far:
                    pool = self.cities if pid == "capital" else self.people
                    while (key := pool[rng.randrange(len(pool))].id) == truth[0]:
                        if len(pool) == 1:
                            key = self.organisations[0].id
                            break
            return self._entity_value(key, language)
        if kind is PropertyType.TEXT:
            words, other = truth
            assert isinstance(words, list) and isinstance(other, list)
            if far:
                phrase = " ".join(_WORDS[i] for i in other)
                return _q(phrase.capitalize()), phrase, ("t", -1, 0)
            variant = rng.randrange(6)
            phrase = " ".join(_WORDS[i] for i in words)
            if variant >= 4 or injected_negation:  # as written, or in other case/spacing
                shown = phrase.upper() if variant == 5 else phrase.capitalize()
                return _q(shown if variant != 4 else phrase.replace(" ", "  ")), shown, (
                    "t", 0, 0)  # fmt: skip
            # A spelling variant: the last letter of one word dropped. The score stays
            # above 90 because the word keeps its place when token_sort_ratio sorts words.
            spelled = [_WORDS[i] for i in words]
            spelled[variant] = spelled[variant][:-1]
            shown = " ".join(spelled).capitalize()
            return _q(shown), shown, ("t", 0, variant + 1)
        (value,) = truth
        flipped = (not value) if far else value
        text = "true" if flipped else "false"
        return text, text, ("k", flipped)

    def _record(self, country: _Entity, pid: str, multiple: bool, claims: list[_Claim]) -> None:
        """Work out the conflict pairs of a topic with false claims, as the contract defines
        them: one discrepancy per period that has conflicts (contract 8.2)."""
        for period in sorted({c.period for c in claims}):
            self._record_period(country, pid, multiple, [c for c in claims if c.period == period])

    def _record_period(
        self, country: _Entity, pid: str, multiple: bool, claims: list[_Claim]
    ) -> None:
        ids = [f"{self.source_ids[c.source]}/{c.local}" for c in claims]
        pairs: list[tuple[str, str]] = []
        kinds: set[DiscrepancyKind] = set()
        for i, a in enumerate(claims):
            for j in range(i + 1, len(claims)):
                b = claims[j]
                if not _conflicts((a.model, a.negated), (b.model, b.negated), multiple):
                    continue
                pair = (ids[i], ids[j]) if ids[i] <= ids[j] else (ids[j], ids[i])
                pairs.append(pair)
                if a.source == b.source:
                    kinds.add(DiscrepancyKind.SELF_CONTRADICTION)
                elif a.actual == b.actual:
                    kinds.add(DiscrepancyKind.CONFLICT)
                else:
                    kinds.add(DiscrepancyKind.PLAN_VS_ACTUAL)
        if not pairs:
            return  # e.g. a denied value no clean claim happened to state
        named = {claim_id for pair in pairs for claim_id in pair}
        kind = next(k for k in DiscrepancyKind if k in kinds)  # the first, in precedence order
        name = f"{country.id}/{pid}"
        dated = [c.as_of for c, i in zip(claims, ids, strict=True) if c.as_of and i in named]
        if dated:  # time-varying: one period, named by its earliest as_of (contract 8.2)
            name += "@" + min(dated)[2]
        self.answer.append({"id": name, "kind": kind, "conflicts": sorted(pairs)})


def _registry(writer: _Writer) -> dict[str, str]:
    """Registry files: properties with settings, and entities in chunks of 2000."""
    lines = [
        "# Generated by claimcheck generate: properties of the synthetic set.\n",
        "settings:\n  fuzzy_threshold: 90\n  plan_vs_actual: warning\n",
        "properties:\n",
    ]
    for pid, kind, cardinality, varying, unit, bp, label, aliases in _PROPERTIES:
        lines.append(f"  {pid}:\n    label: {_q(label)}\n    type: {kind}\n")
        if cardinality is not Cardinality.SINGLE or pid == "founded":
            lines.append(f"    cardinality: {cardinality}\n")
        if varying or pid == "founded":
            lines.append(f"    time_varying: {'true' if varying else 'false'}\n")
        if kind is PropertyType.QUANTITY:
            lines.append(f"    unit: {unit if unit else 'null'}\n    tolerance: {bp / 10000}\n")
        shown = ", ".join(_q(a) for a in aliases.values())
        lines.append(f"    aliases: [{shown}]\n")
    files = {"registry/properties.yaml": "".join(lines)}
    entities = [*writer.countries, *writer.cities, *writer.people, *writer.organisations]
    for chunk in range(0, len(entities), 2000):
        out = ["entities:\n"]
        for entity in entities[chunk : chunk + 2000]:
            shown = ", ".join(_q(a) for a in entity.aliases.values())
            out.append(f"  {entity.id}:\n    label: {_q(entity.label)}\n    aliases: [{shown}]\n")
        files[f"registry/entities-{chunk // 2000 + 1:03d}.yaml"] = "".join(out)
    return files


class GenerateError(ClaimcheckError, ValueError):
    """Options ``generate`` cannot honour (a count below 1, a folder not empty...)."""


def generate(
    outdir: str | Path,
    claims: int,
    *,
    sources: int | None = None,
    conflict_rate: float = 0.05,
    seed: int = 0,
    accuracy: tuple[float, float] | None = None,
    copiers: int = 0,
    copy_rate: float = 0.8,
) -> Generated:
    """Write a synthetic claim set of exactly ``claims`` claims into ``outdir``.

    ``outdir`` must not exist or be empty. ``sources`` defaults to one per thousand
    claims; ``conflict_rate`` is the share of topics that get an injected conflict.
    The answer goes to :func:`answer_path` of ``outdir``.

    Truth mode (``accuracy`` given, or ``copiers``): instead of injected conflicts, each
    source is right with its own accuracy (uniform in ``accuracy``, default 0.6..0.95) and
    the last ``copiers`` sources copy: copiers come in threes, each three copying one of
    the least accurate independent sources, repeating its claim (errors included) with
    probability ``copy_rate`` wherever it speaks. The answer then also lists each source's
    accuracy and original, and every false claim.
    """
    if claims < 1:
        raise GenerateError("claims must be at least 1")
    if not 0 <= conflict_rate <= 1:
        raise GenerateError("conflict rate must be between 0 and 1")
    n_sources = sources if sources is not None else max(1, round(claims / 1000))
    if n_sources < 1:
        raise GenerateError("sources must be at least 1")
    out = Path(outdir)
    if out.exists() and any(out.iterdir()):
        raise GenerateError(f"{out} is not empty")
    truth_mode = accuracy is not None or copiers > 0
    if truth_mode:
        lo, hi = accuracy if accuracy is not None else (0.6, 0.95)
        if not 0 <= lo <= hi <= 1:
            raise GenerateError("accuracy must be LO..HI with 0 <= LO <= HI <= 1")
        if not 0 <= copiers < n_sources:
            raise GenerateError("copiers must be fewer than the sources")
        if not 0 <= copy_rate <= 1:
            raise GenerateError("copy rate must be between 0 and 1")
    rng = random.Random(seed)
    languages = [_LANGUAGES[rng.randrange(len(_LANGUAGES))] for _ in range(n_sources)]
    source_ids = [f"{lang}-{rng.randrange(1990, 2026)}-{i:05d}" for i, lang in enumerate(languages)]
    writer = _Writer(rng, source_ids, languages)
    remaining = claims
    if truth_mode:
        writer.accuracy = [round(rng.uniform(lo, hi), 3) for _ in range(n_sources)]
        independent = n_sources - copiers
        worst = sorted(range(independent), key=lambda i: (writer.accuracy[i], i))
        writer.copies = {independent + j: worst[(j // 3) % independent] for j in range(copiers)}
        writer.copy_rate = copy_rate
        while remaining > 0:
            count = min(remaining, rng.randrange(2, 15))
            made = writer.accuracy_topic(writer.topics, count, remaining)
            remaining -= made
    else:
        while remaining > 0:
            inject = remaining > 2 and rng.random() < conflict_rate
            count = min(remaining - inject, rng.randrange(2, 15))
            remaining -= writer.topic(writer.topics, count, inject)
    files = _registry(writer)
    for i, (sid, lang) in enumerate(zip(source_ids, languages, strict=True)):
        header = [f"source:\n  id: {sid}\n"]
        publisher = _PUBLISHERS[lang][i % 3]
        header.append(f"  title: {_q(f'{publisher}, issue {i + 1}')}\n  language: {lang}\n")
        form = i % 5
        year = sid.split("-")[1]
        if form == 1:
            header.append(f"  published: {year}\n")
        elif form == 2:
            header.append(f"  published: {_q(f'{year}-{i % 12 + 1:02d}')}\n")
        elif form == 3:
            header.append(f"  published: {year}-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n")
        if i % 2:
            header.append(f"  author: {_q(_AUTHORS[i % len(_AUTHORS)])}\n")
        header.append(f"  publisher: {_q(publisher)}\n")
        if i % 3 == 0:
            header.append(f"  url: {_q(f'https://example.org/{lang}/{sid}')}\n")
        body = writer.buffers[i]
        header.append("claims:\n" if body else "claims: []\n")
        files[f"sources/{lang}/{sid}.yaml"] = "".join(header) + "".join(body)
        writer.buffers[i] = []
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    answer = sorted(writer.answer, key=lambda d: str(d["id"]))
    target = answer_path(out)
    document = {
        "seed": seed,
        "claims": claims,
        "sources": n_sources,
        "topics": writer.topics,
        "conflict_rate": conflict_rate,
        "discrepancies": answer,
    }
    if truth_mode:
        del document["conflict_rate"]
        document["copy_rate"] = copy_rate
        document["source_accuracy"] = [
            {
                "source": sid,
                "accuracy": writer.accuracy[i],
                "copies": source_ids[writer.copies[i]] if i in writer.copies else None,
            }
            for i, sid in enumerate(source_ids)
        ]
        document["false_claims"] = sorted(writer.false_claims)
    write_atomic(target, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return Generated(out, target, len(files), n_sources, claims, writer.topics, len(answer))
