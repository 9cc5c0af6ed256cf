"""Benchmark: `claimcheck draft` against the project's own hand-written claims/.

Not a test (pytest does not collect it). Usage::

    python tests/scripts/benchmark_draft.py --data DIR [--claims claims] [--show]

DIR is the folder of seed texts (the five bundled articles); without it the benchmark
says so and exits 0. Each source file of ``--claims`` is paired with the seed text that
contains most of its quotes (so renamed seeds or edited header comments do not matter).
For each article it drafts claims exactly as the command does (language detected, the
registry of ``--claims``), writes the draft next to a copy of the registry and the seed
text in a temporary folder and validates it there as `claimcheck check` would (errors and
quotes not found in the text are counted: a valid draft has none), then compares:

- **recall**: share of the corpus's claims for which some draft has the same subject
  entity, the same property, an identical value (after normalisation) and a quote
  overlapping the corpus claim's quote in the text;
- **precision**: share of drafts that match some corpus claim in the same way;
- also "loose" figures where a compatible value (an overlapping date interval) counts;
- seconds per article: warm (stripping and drafting in this process, after a one-time
  start-up - imports, the language model, month names - measured and printed apart) and
  cold (a whole `claimcheck draft` command in a new process), each as wall time and CPU
  time (on a shared machine the wall time mostly measures the others' load).

Drafting uses the topics of the claim set's existing claims to choose among the names a
sentence mentions; here they come from the *other* articles' claims only (leave one out),
so an article's own hand-written claims never guide its draft.

Printed per language, with the targets (recall >= 0.6, precision >= 0.4, < 2 s cold).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from checker.draft import (  # noqa: E402
    Draft,
    Registry,
    _build_index,
    _find_names,
    draft,
    find_dates,
    find_quantities,
    first_line,
    publication_year,
    registry_of,
    render,
    strip_html,
)
from checker.evidence import ArchivedText, check_evidence  # noqa: E402
from checker.model import Claim, Relation, TextValue  # noqa: E402
from checker.pipeline import validate_paths  # noqa: E402
from checker.text import best_passage, fold, normalise  # noqa: E402
from checker.values import compare  # noqa: E402

TARGET_RECALL, TARGET_PRECISION, TARGET_SECONDS = 0.6, 0.4, 2.0


def _span(archived: ArchivedText, quote: str) -> tuple[int, int] | None:
    needle = fold(quote)
    at = archived.folded.find(needle)
    if at >= 0:
        return at, at + len(needle)
    found = best_passage(needle, archived.folded, 90.0)
    return None if found is None else (found[1], found[2])


def _pair_seeds(corpus: dict[str, list[Claim]], data: Path) -> dict[str, Path]:
    """source id -> the seed file holding most of its quotes."""
    seeds = {p: ArchivedText.from_text(p.read_text("utf-8")) for p in sorted(data.iterdir())}
    paired: dict[str, Path] = {}
    for source, claims in sorted(corpus.items()):
        best, hits = None, 0
        for path, archived in seeds.items():
            n = sum(fold(c.quote) in archived.folded for c in claims)
            if n > hits:
                best, hits = path, n
        if best is not None:
            paired[source] = best
    return paired


def _matches(a: Claim, b: Claim, spans: dict[int, tuple[int, int] | None], loose: bool) -> bool:
    if a.subject != b.subject or a.property != b.property:
        return False
    if a.value is None or b.value is None:
        return False
    try:
        relation = compare(a.value, b.value, threshold=90.0)
    except TypeError:
        return False
    if relation is not Relation.AGREES and not (loose and relation is Relation.COMPATIBLE):
        return False
    sa, sb = spans.get(id(a)), spans.get(id(b))
    return sa is not None and sb is not None and sa[0] < sb[1] and sb[0] < sa[1]


def _why_missed(
    claim: Claim, result: Draft, registry: Registry, archived: ArchivedText,
    span: tuple[int, int] | None, year: int | None,
) -> str:  # fmt: skip
    """Why no draft matches a corpus claim, as the first missing ingredient of the
    sentence(s) its quote overlaps: a text value (drafting reads none), a value not read,
    a subject not named, a property not cued; else the drafter chose otherwise."""
    if claim.value is None or span is None:
        return "quote not located"
    text_kind = type(claim.value).__name__
    if text_kind == "TextValue":
        return "text value"
    sentences = []
    for s in result.sentences:
        at = archived.folded.find(s.text)
        if at >= 0 and at < span[1] and span[0] < at + len(s.text):
            sentences.append(s.text)
    if not sentences:
        return "quote not located"
    text = " ".join(sentences)
    lang = result.language
    ents = _build_index("entity", registry.entities.values(), lang, registry.threshold)
    props = _build_index("property", registry.properties.values(), lang, registry.threshold)
    entities = _find_names(ents, text, fuzzy=True)
    cues = _find_names(props, text, fuzzy=True)
    prop = registry.properties[claim.property]
    kind = prop.type
    if text_kind == "DateValue":
        from checker.values import parse_date

        def read(literal: str) -> bool:
            try:
                value = parse_date(literal)
            except ValueError:
                return False
            return compare(value, claim.value, threshold=90.0) is Relation.AGREES  # type: ignore[arg-type]

        have_value = any(
            read(d.id.replace("{year}", str(year))) for d in find_dates(text, lang, year)
        )
    elif text_kind == "QuantityValue":
        from checker.values import parse_quantity

        def readq(literal: str) -> bool:
            try:
                value = parse_quantity(literal)
            except ValueError:
                return False
            if value.unit not in (None, prop.unit):
                return False
            return compare(value, claim.value, threshold=90.0) is not Relation.CONFLICTS  # type: ignore[arg-type]

        have_value = any(readq(q.id) for q in find_quantities(text, lang))
    elif text_kind == "EntityValue":
        have_value = any(e.id == claim.value.id for e in entities)  # type: ignore[union-attr]
    else:
        have_value = True
    if not have_value:
        return f"{kind} value not read"
    if not any(e.id == claim.subject for e in entities):
        return "subject not named"
    if not any(c.id == claim.property for c in cues):
        return "property not cued"
    return "all present, chosen otherwise"


def _why_wrong(d: Claim, wanted: list[Claim], spans: dict[int, tuple[int, int] | None]) -> str:
    """Why a draft matches no corpus claim, by the corpus claims whose quotes overlap its
    quote: the same topic with another value, the same property and value about another
    subject, the same subject and value under another property; else the topic is one
    the corpus has elsewhere in the text (not here), or the sentence has corpus claims but
    none like it, or the corpus encodes nothing in the sentence."""
    sd = spans.get(id(d))

    def overlaps(c: Claim) -> bool:
        sc = spans.get(id(c))
        return sd is not None and sc is not None and sd[0] < sc[1] and sc[0] < sd[1]

    near = [c for c in wanted if overlaps(c)]
    same_value = [c for c in near if c.value is not None and d.value is not None
                  and c.value.key == d.value.key]  # fmt: skip
    if any(c.subject == d.subject and c.property == d.property for c in near):
        return "wrong value"
    if any(c.property == d.property for c in same_value):
        return "wrong subject"
    if any(c.subject == d.subject for c in same_value):
        return "wrong property"
    if any(c.property == d.property for c in near):
        return "wrong subject and value"
    if any(c.subject == d.subject and c.property == d.property for c in wanted):
        return "topic encoded elsewhere in the text"
    if near:
        return "not among the sentence's claims"
    return "sentence not encoded"


def _in_quote(claim: Claim) -> bool:
    """Whether a drafted value could equal the claim's: a text value only if its
    normalised form is written in the quote (a translation is not)."""
    if not isinstance(claim.value, TextValue):
        return True
    return claim.value.norm in normalise(claim.quote)


def _cold(seed: Path, claims: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `claimcheck draft` run in a new process (cold: every
    import, the registry read, language detection and the draft itself)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "checker.cli", "draft", str(seed), "--source", "cold",
         "--registry-from", str(claims)],
        check=True, capture_output=True, cwd=REPO,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of the seed texts")
    parser.add_argument("--claims", type=Path, default=REPO / "claims")
    parser.add_argument("--show", action="store_true", help="list missed and wrong claims")
    parser.add_argument(
        "--no-cold", action="store_true", help="skip the cold runs (quicker; no cold timing)"
    )
    args = parser.parse_args()
    if args.data is None or not args.data.is_dir():
        print(f"benchmark_draft: no seed folder given or found ({args.data}); skipped")
        return 0
    corpus_set = validate_paths([str(args.claims)], jobs=1)
    corpus: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus_set.claims:
        corpus[claim.source].append(claim)
    registry_files = [p for p in sorted(args.claims.glob("*.y*ml")) if "entities:" in p.read_text()]
    print(f"registry: {len(corpus_set.entities)} entities, "
          f"{len(corpus_set.properties)} properties")  # fmt: skip
    started = time.perf_counter()
    draft("Warm-up: NATO, 1949.", registry_of(corpus_set))  # imports, models, month names
    for language in ("en", "de", "hu", "ja"):
        draft("NATO 1949.", registry_of(corpus_set), language)
    print(f"start-up (imports, language model, month names, sentence rules): "
          f"{time.perf_counter() - started:.2f} s, once per run")  # fmt: skip
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0, 0])
    misses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrongs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ceiling: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    certainty: dict[str, list[int]] = {"certain": [0, 0], "uncertain": [0, 0]}
    for source, seed in sorted(_pair_seeds(corpus, args.data).items()):
        language = corpus_set.sources[source].language
        raw = seed.read_text("utf-8")
        # the topics known from the claim set are those of the other articles only
        registry = registry_of(corpus_set, skip_source=source)
        started, cpu = time.perf_counter(), time.process_time()
        text = strip_html(raw)
        # the publication date is the analyst's metadata, not a claim: it dates months
        # written without a year ("im Juli")
        published = corpus_set.sources[source].published
        result = draft(text, registry, published=published.text if published else None)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        cold, cold_cpu = (0.0, 0.0) if args.no_cold else _cold(seed, args.claims)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for path in registry_files:
                shutil.copy(path, root / path.name)
            shutil.copy(seed, root / "article.txt")
            (root / "draft.yaml").write_text(
                render(result, f"draft-{source}", first_line(text), "article.txt"), "utf-8"
            )
            drafted_set = validate_paths([tmp], jobs=1)
            problems = drafted_set.problems + check_evidence(drafted_set)
        errors = [p for p in problems if p.severity == "error"]
        unquoted = [p for p in problems if p.code in ("CC114", "CC115")]
        drafted = [c for c in drafted_set.claims if c.source == f"draft-{source}"]
        archived = ArchivedText.from_text(raw)
        spans = {id(c): _span(archived, c.quote) for c in [*corpus[source], *drafted]}
        wanted = corpus[source]
        found = [c for c in wanted if any(_matches(d, c, spans, False) for d in drafted)]
        right = [d for d in drafted if any(_matches(d, c, spans, False) for c in wanted)]
        found_loose = [c for c in wanted if any(_matches(d, c, spans, True) for d in drafted)]
        right_loose = [d for d in drafted if any(_matches(d, c, spans, True) for c in wanted)]
        print(f"\n{source} ({seed.name}, {language}, detected {result.language}): "
              f"{len(wanted)} corpus claims, {len(drafted)} drafts "
              f"({len(result.claims) - len(drafted)} dropped by validation), "
              f"{len(errors)} errors, {len(unquoted)} quotes not found; "
              f"recall {len(found)}/{len(wanted)}, precision {len(right)}/{len(drafted)}, "
              f"warm {seconds:.2f} s ({cpu:.2f} s CPU), "
              f"cold {cold:.2f} s ({cold_cpu:.2f} s CPU)")  # fmt: skip
        for p in errors[:5]:
            print(f"  error: {p.code} {p.message}")
        year = publication_year(published.text if published else None)
        ceiling[language][0] += len(wanted)
        ceiling[language][1] += sum(_in_quote(c) for c in wanted)
        for c in wanted:
            if c not in found:
                why = _why_missed(c, result, registry, archived, spans.get(id(c)), year)
                misses[language][why] += 1
                if args.show:
                    print(f"  missed ({why}): {c.subject}/{c.property} = "
                          f"{c.value and c.value.key} | {c.quote[:90]}")  # fmt: skip
        for d in drafted:
            if d not in right:
                why = _why_wrong(d, wanted, spans)
                wrongs[language][why] += 1
                if args.show:
                    print(f"  wrong ({why}):  {d.subject}/{d.property} = {d.value and d.value.key} "
                          f"| {d.location} | {d.note}")  # fmt: skip
        t = totals[language]
        t[0] += len(wanted)
        t[1] += len(found)
        t[2] += len(drafted)
        t[3] += len(right)
        t[4] += len(found_loose)
        t[5] += len(right_loose)
        t[6] += seconds
        t[7] += 1
        t[8] += cpu
        t[9] += cold
        t[10] += cold_cpu
        for d in drafted:  # is the uncertainty mark informative? precision on each side
            side = certainty["uncertain" if "draft (uncertain)" in (d.note or "") else "certain"]
            side[0] += 1
            side[1] += d in right
    print("\nlanguage  recall          precision       loose r/p    "
          "s/article warm (CPU)  cold (CPU)")  # fmt: skip
    met = True
    for language, t in sorted(totals.items()):
        n, hit, m, ok, hit_l, ok_l, secs, articles, cpus, colds, cold_cpus = t
        recall = hit / n if n else 0.0
        precision = ok / m if m else 0.0
        per, cold = secs / articles, colds / articles
        good = recall >= TARGET_RECALL and precision >= TARGET_PRECISION and cold < TARGET_SECONDS
        met = met and good
        print(f"{language:8}  {recall:.2f} ({hit:>2}/{n:>2})  {precision:.2f} ({ok:>2}/{m:>2})  "
              f"{hit_l / n if n else 0:.2f} / {ok_l / m if m else 0:.2f}  "
              f"{per:.2f} ({cpus / articles:.2f})          {cold:.2f} ({cold_cpus / articles:.2f})"
              f"  {'ok' if good else 'BELOW TARGET'}")  # fmt: skip
    print("\nprecision by the uncertainty mark (all languages): " + ", ".join(
        f"{side} {ok}/{n} = {ok / n if n else 0:.2f}" for side, (n, ok) in certainty.items()
    ))  # fmt: skip
    print("\nmisses by first missing ingredient (per language):")
    for language, counts in sorted(misses.items()):
        shown = ", ".join(f"{why} {n}" for why, n in sorted(counts.items(), key=lambda x: -x[1]))
        print(f"{language:8}  {shown}")
    print("\nfalse drafts by category (per language):")
    for language, counts in sorted(wrongs.items()):
        shown = ", ".join(f"{why} {n}" for why, n in sorted(counts.items(), key=lambda x: -x[1]))
        print(f"{language:8}  {shown}")
    print("\nrecall ceiling (a text value must be written in its quote, identical after "
          "normalisation: drafting never invents one):")  # fmt: skip
    for language, (n, reachable) in sorted(ceiling.items()):
        print(f"{language:8}  {reachable}/{n} = {reachable / n if n else 0:.3f}")
    print(f"targets: recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION}, "
          f"< {TARGET_SECONDS} s per article: {'met' if met else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
