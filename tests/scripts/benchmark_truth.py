"""Truth-discovery benchmark: which value is right, on real data and generated copier sets.

    python tests/scripts/benchmark_truth.py --data DIR [--work DIR]

DIR holds the published data sets: flight/conflicting_data/, flight/ground_truth/,
book/book.txt, book/book_golden.txt and population/population-*.txt.

Compares, on each data set, majority vote, the truth-inference methods of crowd-kit
(installed only for this: ``pip install -e '.[benchmark]'``; skipped with a message
without it) and claimcheck's estimate (``checker.truth``): accuracy of the chosen value
against the gold over all gold items, expected calibration error (ECE, 10 bins), and
seconds. Data sets:

- **Flight** (Li et al., PVLDB 2012), one day (2011-12-01, ~98k claims): imported with
  ``claimcheck import`` and ``tests/mappings/flight.yaml``, the four time columns typed
  ``datetime`` (minute precision, local times); gold: that day's ground truth.
- **Book** (Yin et al., KDD 2007): ``tests/mappings/book.yaml``, authors typed ``name``
  with ``cardinality: list``; gold: 100 books, scored by the set of family names.
- **Population** (Pasternack & Roth, COLING 2010): ``tests/mappings/population.yaml``
  (quantity, time-varying by year); gold: 308 city-years, exact number.
- **Generated** sets with copiers (``claimcheck generate --copiers``), scored against
  the answer file's false claims.

The data are read from ``--data`` and imported into a temporary folder (or ``--work``),
never into the repository. The gold is used only to score: every method runs with the
same fixed settings on every data set (``checker.truth.Settings()`` defaults for ours).
Items are the value groups of a topic that face each other, as the checker forms them;
every method sees the same items and votes (one per source and value). crowd-kit's
methods see each item's values as labels 0..k-1 (numbered per item: a label names no
value across items, which one-coin models ignore and per-label confusion models cannot
use); a method that fails or runs out of time is reported as such.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from checker.analysis import analyse  # noqa: E402
from checker.generate import answer_path, generate  # noqa: E402
from checker.truth import ItemBelief, Settings, estimate  # noqa: E402

FLIGHT_DAY = "20111201"
REUSE = False  # --reuse: keep an imported set found in --work
VERDICTS: int | None = None  # --verdicts N: only N flights of the verdict day are judged
SETTINGS = Settings()  # --setting NAME=VALUE changes it (for choosing on the dev sets)
TIME_PROPERTIES = ("scheduled-departure", "actual-departure", "scheduled-arrival",
                   "actual-arrival")  # fmt: skip
FLIGHT_COLUMNS = ("scheduled-departure", "actual-departure", "departure-gate",
                  "scheduled-arrival", "actual-arrival", "arrival-gate")  # fmt: skip


@dataclass
class Item:
    """One item: a topic's facing value groups; votes (source, value text)."""

    key: tuple[str, ...]
    values: list[str]
    votes: list[tuple[str, str]]


@dataclass
class Prediction:
    value: str | None
    confidence: float | None = None


@dataclass
class Row:
    dataset: str
    method: str
    accuracy: float | None
    ece: float | None
    seconds: float | None
    note: str = ""
    scored: int = 0


@dataclass
class Dataset:
    name: str
    items: list[Item] = field(default_factory=list)
    gold: dict[tuple[str, ...], Callable[[str], bool]] = field(default_factory=dict)
    ours: dict[tuple[str, ...], Prediction] = field(default_factory=dict)
    beliefs: list[ItemBelief] = field(default_factory=list)
    seconds: float = 0.0
    claims: int = 0
    accepted: int = 0  # reviewers' verdicts given to ours (--verdicts-from)


def norm_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


# ---------------------------------------------------------------- importing


def import_set(tables: list[Path], mapping: Path, override: dict[str, dict[str, object]],
               into: Path) -> None:  # fmt: skip
    """``claimcheck import`` with the mapping's registry properties overridden (not again
    with ``--reuse`` when the folder is there)."""
    if REUSE and into.is_dir():
        return
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    for prop, settings in override.items():
        spec["registry"]["properties"][prop].update(settings)
    patched = into.parent / f"{into.name}.mapping.yaml"
    patched.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    command = [sys.executable, "-m", "checker.cli", "import", *map(str, tables),
               "--mapping", str(patched), "--into", str(into), "--force"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode not in (0, 1):  # 1: some rows had problems, the rest is written
        raise SystemExit(f"import failed: {done.stderr.strip()}")
    print(f"  {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}")


def estimate_set(
    name: str,
    root: Path,
    by_claim: bool = False,
    verdicts: dict[tuple[str, ...], Callable[[str], bool]] | None = None,
) -> Dataset:
    """Analyse a claim set; keep items, votes and our predictions per item. ``verdicts``:
    gold items of *another* day a reviewer is taken to have judged (an ``accept`` of the
    gold's value on each such discrepancy; the scored day's gold is never one)."""
    gc.disable()
    analysis = analyse([str(root)], jobs=1)
    accepted: dict[str, str] = {}
    for d in analysis.discrepancies if verdicts else ():
        right = verdicts.get((norm_key(d.subject), d.property, ""))  # type: ignore[union-attr]
        chosen = [entry.value for entry in d.values if right is not None and right(entry.value)]
        if len(chosen) == 1:
            accepted[d.id] = chosen[0]
    started = time.perf_counter()
    result = estimate(analysis.graph, analysis.discrepancies, accepted,
                      analysis.claimset.sources, SETTINGS, keep_items=True)  # fmt: skip
    seconds = time.perf_counter() - started
    gc.enable()
    data = Dataset(name, seconds=seconds, claims=len(analysis.graph.claims))
    data.accepted = len(accepted)
    data.beliefs = result.items
    claims = analysis.graph.claims
    for item in result.items:
        claim = claims[item.claim]
        key = (claim.subject, claim.property, claim.as_of.text if claim.as_of else "")
        if by_claim:  # generated sets: items named by a claim (as_of forms vary)
            key = (item.claim,)
        votes = [(s, v.text) for v in item.values for s in v.sources]
        data.items.append(Item(key, [v.text for v in item.values], votes))
        ranked = sorted(item.values, key=lambda v: (-round(v.probability, 9), v.negated, v.text))
        best = ranked[0]
        data.ours[key] = Prediction(best.text, best.confidence)
    return data


# ---------------------------------------------------------------- data sets


def flight(data: Path, work: Path, day_text: str = FLIGHT_DAY, verdict_day: str | None = None
           ) -> Dataset:  # fmt: skip
    """One day of Flight scored against its gold; with ``verdict_day``, that other day is
    imported too and its gold items given to ours as reviewers' ``accept`` verdicts."""
    folder = data / "flight"
    days = [day_text] if verdict_day is None else [day_text, verdict_day]
    root = work / f"flight-{'-'.join(days)}"
    import_set([folder / "conflicting_data" / f"{day}.txt" for day in days],
               REPO / "tests" / "mappings" / "flight.yaml",
               {p: {"type": "datetime"} for p in TIME_PROPERTIES}, root)  # fmt: skip
    verdicts = None
    if verdict_day is not None:  # keyed by the folded subject (estimate_set folds too)
        verdicts = _flight_gold(folder, verdict_day, {})
        if VERDICTS is not None:  # flights spread evenly over the sorted names (airlines)
            flights = sorted({key[0] for key in verdicts})
            flights = flights[:: max(1, len(flights) // max(VERDICTS, 1))][:VERDICTS]
            verdicts = {k: v for k, v in verdicts.items() if k[0] in flights}
    name = f"Flight ({day_text})"
    if verdict_day is not None:
        name = f"Flight ({day_text}), verdicts of {verdict_day}"
    found = estimate_set(name, root, verdicts=verdicts)
    if verdict_day is not None:
        found.name += f" ({found.accepted})"
    subjects = {norm_key(k[0]): k[0] for k in found.ours}
    found.gold.update(_flight_gold(folder, day_text, subjects))
    return found


def _flight_gold(folder: Path, day_text: str, subjects: dict[str, str]
                 ) -> dict[tuple[str, ...], Callable[[str], bool]]:  # fmt: skip
    day = f"{day_text[:4]}-{day_text[4:6]}-{day_text[6:]}"
    gold: dict[tuple[str, ...], Callable[[str], bool]] = {}
    for line in (folder / "ground_truth" / f"{day_text}.txt").read_text("latin-1").splitlines():
        cells = line.split("\t")
        if len(cells) != 7:
            continue
        folded = norm_key(f"{cells[0]} {day}")
        subject = subjects.get(folded, folded)
        for prop, cell in zip(FLIGHT_COLUMNS, cells[1:], strict=True):
            cell = cell.strip()
            if not cell or cell == "--":  # the gold gives no value
                continue
            if prop in TIME_PROPERTIES:
                want = _gold_time(cell, int(day_text[:4]))
                gold[(subject, prop, "")] = lambda v, w=want: v == w
            else:
                gold[(subject, prop, "")] = lambda v, w=cell: v.casefold() == w.casefold()
    return gold


def _gold_time(cell: str, year: int) -> str:
    """A gold time (``12/01/2011 08:23 PM``, ``Thu, Dec 1 8:55 AM``,
    ``Thu., Dec.01, 2011 1:55 p.m.``) as the canonical local datetime text."""
    text = re.sub(r"\s+(Delayed|On Time)$", "", cell.replace("p.m.", "PM").replace("a.m.", "AM"))
    text = re.sub(r"^[A-Z][a-z]{2}\.?,\s*", "", text).replace(".", " ").replace(",", " ")
    text = " ".join(text.split())
    for form in ("%m/%d/%Y %I:%M %p", "%b %d %Y %I:%M %p", "%b %d %I:%M %p"):
        try:
            parsed = datetime.strptime(text, form)
        except ValueError:
            continue
        if "%Y" not in form:
            parsed = parsed.replace(year=year)
        return parsed.strftime("%Y-%m-%dT%H:%M")
    raise ValueError(f"unread gold time {cell!r}")


def _families(text: str) -> frozenset[str]:
    """The family names of an author list, either canonical (``Family, Given; …``) or gold."""
    names = [n.strip() for n in re.split(r";|\|", text) if n.strip()]
    return frozenset(re.sub(r"[^a-z]", "", n.split(",")[0].casefold()) for n in names)


def book(data: Path, work: Path) -> Dataset:
    folder = data / "book"
    root = work / "book"
    import_set([folder / "book.txt"], REPO / "tests" / "mappings" / "book.yaml",
               {"authors": {"type": "name", "cardinality": "list"}}, root)  # fmt: skip
    found = estimate_set("Book", root)
    subjects = {norm_key(k[0]): k[0] for k in found.ours}
    for line in (folder / "book_golden.txt").read_text("latin-1").splitlines():
        if "\t" not in line:
            continue
        isbn, authors = line.split("\t", 1)
        subject = subjects.get(norm_key(f"ISBN {isbn.strip()}"), norm_key(isbn))
        want = _families(authors)
        found.gold[(subject, "authors", "")] = lambda v, w=want: _families(v) == w
    return found


def population(data: Path, work: Path) -> Dataset:
    folder = data / "population"
    root = work / "population"
    import_set([folder / "population-new.txt"],
               REPO / "tests" / "mappings" / "population.yaml", {}, root)  # fmt: skip
    found = estimate_set("Population", root)
    subjects = {norm_key(k[0]): k[0] for k in found.ours}
    for line in (folder / "population-gd.txt").read_text("latin-1").splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3:
            continue
        city, year, value = ", ".join(parts[:-2]), parts[-2], int(parts[-1])
        subject = subjects.get(norm_key(city), norm_key(city))
        found.gold[(subject, "population", year)] = lambda v, w=value: _number(v) == w
    return found


def _number(text: str) -> float | None:
    match = re.fullmatch(r"~?([0-9.eE+-]+)(?: .*)?", text.strip())
    if not match:
        return None
    try:
        return float(match.group(1))
    except ValueError:
        return None


def generated(work: Path, seed: int) -> Dataset:
    root = work / f"generated-{seed}"
    if not root.exists():
        generate(root, 20_000, sources=40, copiers=9, seed=seed)
    found = estimate_set(f"Generated copiers (seed {seed})", root, by_claim=True)
    answer = json.loads(answer_path(root).read_text(encoding="utf-8"))
    false = set(answer["false_claims"])
    claims = {c for item in found.beliefs for v in item.values for c in v.claims}
    for item, seen in zip(found.beliefs, found.items, strict=True):
        right = {v.text for v in item.values if not any(c in false for c in v.claims)}
        if right and any(c in false for v in item.values for c in v.claims):
            found.gold[seen.key] = lambda v, w=frozenset(right): v in w  # contested items
    assert claims, "no claims"
    return found


# ---------------------------------------------------------------- methods


def majority(items: list[Item]) -> dict[tuple[str, ...], list[tuple[str, float]]]:
    """Per item: the values with most sources (ties listed), share of votes as confidence."""
    out = {}
    for item in items:
        counts: dict[str, int] = {}
        for _, value in item.votes:
            counts[value] = counts.get(value, 0) + 1
        best = max(counts.values())
        total = sum(counts.values())
        out[item.key] = [(v, best / total) for v, c in sorted(counts.items()) if c == best]
    return out


def crowdkit_methods() -> dict[str, Callable[[], object]] | str:
    try:
        from crowdkit.aggregation import MMSR, DawidSkene, OneCoinDawidSkene, Wawa
    except ImportError:
        return "crowd-kit not installed (pip install -e '.[benchmark]')"
    return {
        "crowd-kit Wawa": lambda: Wawa(),
        "crowd-kit OneCoinDawidSkene": lambda: OneCoinDawidSkene(n_iter=100),
        "crowd-kit DawidSkene": lambda: DawidSkene(n_iter=100),
        "crowd-kit MMSR": lambda: MMSR(n_iter=1000),
    }


def run_crowdkit(items: list[Item], make: Callable[[], object]
                 ) -> tuple[dict[tuple[str, ...], Prediction], float]:  # fmt: skip
    import pandas as pd

    rows = []
    index: dict[int, tuple[tuple[str, ...], list[str]]] = {}
    for n, item in enumerate(items):
        labels = sorted(set(v for _, v in item.votes))
        if len(labels) < 2:
            continue
        index[n] = (item.key, labels)
        local = {v: i for i, v in enumerate(labels)}
        seen = set()
        for source, value in item.votes:
            if source in seen:  # one answer per worker and task
                continue
            seen.add(source)
            rows.append((n, source, local[value]))
    frame = pd.DataFrame(rows, columns=["task", "worker", "label"])
    started = time.perf_counter()
    model = make()
    labels = model.fit_predict(frame)  # type: ignore[attr-defined]
    # MMSR's scores are no probabilities: no ECE for it
    probas = None if type(model).__name__ == "MMSR" else getattr(model, "probas_", None)
    seconds = time.perf_counter() - started
    out = {}
    for task, label in labels.items():
        key, names = index[int(task)]
        confidence = None
        if probas is not None:
            confidence = float(probas.loc[task].max())
        out[key] = Prediction(names[int(label)], confidence)
    return out, seconds


# ---------------------------------------------------------------- scoring


def ece(pairs: list[tuple[float, bool]]) -> float | None:
    if not pairs:
        return None
    total = 0.0
    for b in range(10):
        inside = [(c, h) for c, h in pairs if min(int(c * 10), 9) == b]
        if inside:
            conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(h for _, h in inside) / len(inside)
            total += len(inside) / len(pairs) * abs(acc - conf)
    return total


def score(
    data: Dataset,
    predict: dict[tuple[str, ...], Prediction],
    fallback: dict[tuple[str, ...], Prediction],
) -> tuple[float, float | None, int]:
    """Accuracy over all gold items (an item no method sees counts as wrong) and ECE."""
    hits = 0.0
    pairs = []
    for key, right in data.gold.items():
        guess = predict.get(key) or fallback.get(key)
        if guess is None or guess.value is None:
            continue
        hit = right(guess.value)
        hits += hit
        if guess.confidence is not None:
            pairs.append((guess.confidence, hit))
    # a method without probabilities (MMSR) has no ECE: the items all sources agree on
    # (confidence 1 by the fallback) alone would score it perfectly calibrated
    calibrated = any(p.confidence is not None for p in predict.values())
    return hits / max(len(data.gold), 1), ece(pairs) if calibrated else None, len(data.gold)


def evaluate(data: Dataset, methods: dict[str, Callable[[], object]] | str) -> list[Row]:
    rows = []
    # items every method sees; one-value items need no method (all agree)
    single = {
        item.key: Prediction(item.votes[0][1], 1.0)
        for item in data.items
        if len({v for _, v in item.votes}) == 1
    }
    started = time.perf_counter()
    votes = majority(data.items)
    mv_seconds = time.perf_counter() - started
    hits = 0.0
    pairs = []
    for key, right in data.gold.items():
        found = votes.get(key)
        if not found:
            continue
        share = sum(right(v) for v, _ in found) / len(found)  # a tie: a fair coin
        hits += share
        pairs.append((found[0][1], share >= 0.5))
    rows.append(Row(data.name, "majority vote", hits / max(len(data.gold), 1), ece(pairs),
                    mv_seconds, "ties split evenly", len(data.gold)))  # fmt: skip
    if isinstance(methods, str):
        rows.append(Row(data.name, "crowd-kit", None, None, None, methods))
    else:
        for name, make in methods.items():
            try:
                predicted, seconds = run_crowdkit(data.items, make)
            except MemoryError as exc:
                rows.append(Row(data.name, name, None, None, None, f"failed: {exc!r}"[:80]))
                continue
            except Exception as exc:  # a method that cannot run on this data: say so
                rows.append(Row(data.name, name, None, None, None, f"failed: {exc!r}"[:80]))
                continue
            accuracy, calibration, n = score(data, predicted, single)
            rows.append(Row(data.name, name, accuracy, calibration, seconds, "", n))
    accuracy, calibration, n = score(data, data.ours, single)
    rows.append(Row(data.name, "claimcheck (ours)", accuracy, calibration, data.seconds, "", n))
    return rows


def errors(data: Dataset, examples: int = 0) -> str:
    """Our wrong gold items by category: the property, and whether a right value was
    stated at all, had the most sources (majority right, ours not) or fewer than ours."""
    items = {item.key: item for item in data.items}
    counts: dict[tuple[str, str], int] = {}
    shown: list[str] = []
    for key, right in sorted(data.gold.items()):
        guess = data.ours.get(key)
        item = items.get(key)
        if guess is None or item is None:
            kind = "item not imported"
        elif guess.value is not None and right(guess.value):
            continue
        else:
            votes: dict[str, list[str]] = {}
            for source, value in item.votes:
                votes.setdefault(value, []).append(source)
            good = [len(s) for v, s in votes.items() if right(v)]
            ours = len(votes.get(guess.value or "", []))
            if not good:
                kind = "no source states the right value"
            elif max(good) > ours:
                kind = "right value had more sources than ours"
            elif max(good) == ours:
                kind = "right value tied with ours"
            else:
                kind = "right value had fewer sources than ours"
            if len(shown) < examples:
                listed = "; ".join(
                    f"{'*' if right(v) else ' '}{v}: {','.join(sorted(s))}"
                    for v, s in sorted(votes.items(), key=lambda t: -len(t[1]))
                )
                shown.append(f"    {key} ours {guess.value!r}: {listed}")
        prop = key[1] if len(key) > 1 else ""
        counts[(prop, kind)] = counts.get((prop, kind), 0) + 1
    lines = [f"  wrong gold items of ours on {data.name}: {sum(counts.values())}"]
    for (prop, kind), n in sorted(counts.items(), key=lambda t: (-t[1], t[0])):
        lines.append(f"    {n:4d}  {prop or '-'}: {kind}")
    return "\n".join(lines + shown)


def table(rows: list[Row]) -> str:
    lines = ["| data set | method | accuracy | ECE | seconds | note |",
             "|---|---|---:|---:|---:|---|"]  # fmt: skip
    for r in rows:

        def f(x: float | None, d: int = 3) -> str:
            return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"

        lines.append(f"| {r.dataset} | {r.method} | {f(r.accuracy)} | {f(r.ece)} | "
                     f"{f(r.seconds, 2)} | {r.note} |")  # fmt: skip
    return "\n".join(lines)


def timing(work: Path, claims: int) -> None:
    """CPU and wall seconds of ``check``'s analysis and of the estimate alone, on the
    generated set of ``claims`` claims (``claimcheck generate -n CLAIMS``, default seed)."""
    root = work / f"timing-{claims}"
    if not root.exists():
        generate(root, claims)
    gc.disable()
    cpu, wall = time.process_time(), time.perf_counter()
    analysis = analyse([str(root)], jobs=1)
    cpu_all, wall_all = time.process_time() - cpu, time.perf_counter() - wall
    best_cpu = best_wall = math.inf
    for _ in range(3):  # the best of three: the machine is shared
        cpu, wall = time.process_time(), time.perf_counter()
        estimate(analysis.graph, analysis.discrepancies, {}, analysis.claimset.sources, SETTINGS)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    gc.enable()
    print(f"{len(analysis.graph.claims)} claims: analysis (estimate included) "
          f"{cpu_all:.2f} s CPU, {wall_all:.2f} s wall; estimate alone (best of 3) "
          f"{best_cpu:.2f} s CPU, {best_wall:.2f} s wall")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="the truth-discovery data folder")
    parser.add_argument("--work", type=Path, help="where to import (default: a temp folder)")
    parser.add_argument("--only", nargs="*", default=["flight", "book", "population",
                                                      "generated"])  # fmt: skip
    parser.add_argument(
        "--no-crowdkit",
        action="store_true",
        help="majority vote and ours only (crowd-kit's MMSR takes minutes)",
    )
    parser.add_argument(
        "--flight-day",
        default=FLIGHT_DAY,
        help=f"the Flight day scored (YYYYMMDD, default {FLIGHT_DAY})",
    )
    parser.add_argument(
        "--verdicts-from",
        metavar="YYYYMMDD",
        help="also run Flight with that other day imported and its gold items given to ours "
        "as reviewers' accept verdicts (semi-supervised; the scored day's gold only scores)",
    )
    parser.add_argument(
        "--verdicts",
        type=int,
        metavar="FLIGHTS",
        help="with --verdicts-from: only that many flights of that day judged",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="*",
        default=[1, 2],
        help="seeds of the generated sets (default 1 2)",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one of ours' settings (to choose them on the dev sets)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="do not import again a set found in --work"
    )
    parser.add_argument(
        "--errors",
        type=int,
        nargs="?",
        const=0,
        metavar="EXAMPLES",
        help="print our wrong gold items by category (and EXAMPLES of them) per set",
    )
    parser.add_argument(
        "--timing",
        type=int,
        metavar="CLAIMS",
        help="only time the estimate on a generated set of CLAIMS claims",
    )
    args = parser.parse_args()
    global SETTINGS, REUSE, VERDICTS
    REUSE = args.reuse
    VERDICTS = args.verdicts
    changes = dict(item.split("=", 1) for item in args.setting)
    SETTINGS = replace(SETTINGS, **{k: type(getattr(SETTINGS, k))(float(v))
                                    for k, v in changes.items()})  # fmt: skip
    methods = "crowd-kit left out (--no-crowdkit)" if args.no_crowdkit else crowdkit_methods()
    print(f"estimator settings (the same on every set): {SETTINGS}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-truth-") as temp:
        work = args.work or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        if args.timing:
            timing(work, args.timing)
            return 0
        if args.data is None or not args.data.is_dir():
            print(f"no data folder ({args.data}): real data sets skipped; pass --data DIR")
            sets = [s for s in args.only if s == "generated"]
        else:
            sets = args.only
        for name in sets:
            print(f"{name} ...", flush=True)
            if name == "generated":
                for seed in args.seeds:
                    rows += evaluate(generated(work, seed), methods)
                continue
            loader = {"flight": partial(flight, day_text=args.flight_day), "book": book,
                      "population": population}[name]  # fmt: skip
            loaded = [loader(args.data, work)]
            if name == "flight" and args.verdicts_from:
                loaded.append(flight(args.data, work, args.flight_day, args.verdicts_from))
            for data in loaded:
                print(f"  {data.claims} claims, {len(data.items)} items, "
                      f"{len(data.gold)} gold items")  # fmt: skip
                rows += evaluate(data, methods)
                print(table([r for r in rows if r.dataset == data.name]), flush=True)
                if args.errors is not None:
                    print(errors(data, args.errors), flush=True)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
