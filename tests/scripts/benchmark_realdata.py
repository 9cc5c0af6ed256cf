"""Benchmark on real data: import, check and score against the gold (issues 16 and 17).

Not a test (pytest does not collect it). Usage::

    python tests/scripts/benchmark_realdata.py --data DIR [--flight-days N] [--keep DIR]
                                      [--no-baseline] [--no-import]
                                      [--sets flight,book,population] [--gold-flights]

DIR is laid out like the project's ``shared/data/truth-discovery`` (``flight/``,
``book/``, ``population/``, each with its ``SOURCE.md``); without it the script says so and
exits 0. The data is read from DIR only; nothing of it is copied into the repository
(the claim sets go to a temporary folder, or ``--keep DIR``).

1. Import (issue 17). ``claimcheck import`` of 1 Flight day and of every Flight day there
   is (7 in the shared copy, ~190k rows), each in its own subprocess: seconds, rows per
   second, peak memory. Against it, in its own subprocess, a plain converter: ``csv``
   reading the same rows, the same mapping's cell parsing (``CellReader``), and PyYAML's
   ``CSafeDumper`` writing the same files (one per source, all claims held in memory as
   dumpers need); the ratio is importer / baseline. The two outputs are loaded back and
   compared claim by claim, so the comparison is between equal files.
2. Check (issue 16). Each data set (Flight: the first ``--flight-days`` days, default 1, to
   keep the check under 100k claims on a shared machine; Book; Population; ``--sets``
   names fewer) is imported with ``tests/mappings/NAME.yaml`` and checked with
   ``claimcheck check --format json --no-cache``: claims, seconds, peak memory, JSON
   bytes. ``--gold-flights`` cuts each Flight day to the flights its gold lists (the
   set the issue measured), written to the scratch folder, never beside the data.
3. Gold. For every gold item (Flight: flight x day x attribute; Book: a book's author
   list; Population: city x year) the item's claims are found in the imported set, each
   claim is right when its value does not conflict with the gold value (``values.compare``
   on values parsed as the checker parses them), the gold widened by the property's
   tolerance as a claim would be (the checker's own reading) and, where a property has a
   tolerance, also with the gold taken exactly (the claim's interval holds the gold's
   minute). With the Flight mapping's "30 s" both say a time is right within one minute
   of the gold (with "5 min" they said 10 and 5 minutes, and disagreed). The item is
   *flagged* when one of its claims is in a conflicting value group of a reported
   discrepancy. Printed: items whose sources disagree and that hold a wrong claim,
   flagged / total; items whose claims are all right, flagged (false flags) / total; and
   whether every gold item's cells in the table became claims (cells the mapping could
   not read are counted apart).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


from checker import __version__, importer  # noqa: E402
from checker.load import Document, Scalar, Sequence, parse  # noqa: E402
from checker.model import Cardinality, Property, Relation  # noqa: E402
from checker.problems import Problem  # noqa: E402
from checker.validate import _File, build_registry, read_value  # noqa: E402
from checker.values import compare  # noqa: E402

MAPPINGS = REPO / "tests" / "mappings"

# The baseline converter: csv + the mapping's cell parsing + CSafeDumper, same files.
BASELINE = r"""
import csv, os, sys
from collections import defaultdict
from pathlib import Path
import yaml
sys.path.insert(0, sys.argv[1])
from checker import importer
mapping, _ = importer.read_mapping(sys.argv[2])
into = Path(sys.argv[3]); (into / "sources").mkdir(parents=True, exist_ok=True)
readers = [(e, importer.CellReader(e, mapping.missing)) for e in mapping.entries]
claims = defaultdict(list)
titles = {}
for table in sys.argv[4:]:
    stem = importer.to_id(Path(table).stem)
    fixed = mapping.file_name.search(Path(table).name).groupdict() if mapping.file_name else {}
    with open(table, encoding=mapping.encoding, newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for line, record in enumerate(rows, 1):
            cells = dict(zip(mapping.columns, record))
            cells.update(fixed)
            for column, pattern, _ in mapping.extract:
                cells.update(pattern.fullmatch(cells[column]).groupdict())
            raw = mapping.source["id"].render(cells).strip()
            source = importer.to_id(raw)
            if source not in titles:
                titles[source] = mapping.source["title"].render(cells)
            subject = importer.to_id(mapping.subject.render(cells).strip())
            extra = {n: t.render(cells).strip() for n, t in mapping.row_fields.items()}
            for entry, reader in readers:
                cell = cells.get(entry.column, "")
                try:
                    parts = reader.read(cell, cells)
                except importer.CellError:
                    continue
                if not parts:
                    continue
                prop = entry.property.render(cells)
                claim = {"id": f"{stem}-{line}-{prop}", "subject": subject, "property": prop,
                         "value": parts[0], "quote": cell}
                claim.update({k: v for k, v in extra.items() if v})
                claim["location"] = f"{table}:{line}"
                claims[source].append(claim)
for source, items in claims.items():
    document = {"source": {"id": source, "title": titles[source], "language": "en"},
                "claims": items}
    with open(into / "sources" / f"{source}.yaml", "w", encoding="utf-8") as handle:
        yaml.dump(document, handle, Dumper=yaml.CSafeDumper, sort_keys=False,
                  allow_unicode=True, width=10**9)
print(sum(len(v) for v in claims.values()))
"""


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM, Linux), in MB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(argv: list[str]) -> tuple[float, float, int]:
    """Run a child; (wall seconds, peak memory in MB, exit code).

    Peak memory is the child's VmHWM, read every 50 ms (it only grows). Not ``wait4``'s
    ``ru_maxrss``: on Linux that inherits the parent's size through fork and exec, and this
    script's parent holds a data set's claims while it scores them.
    """
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peaks.append(_peak_mb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = child.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return wall, max(peaks), code


def rows_in(tables: list[Path]) -> int:
    total = 0
    for table in tables:
        with open(table, "rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from checker.cli import entry; entry()", *args]


def import_set(name: str, tables: list[Path], into: Path) -> tuple[float, float, int]:
    return run(
        cli(
            "import",
            *map(str, tables),
            "--mapping",
            str(MAPPINGS / f"{name}.yaml"),
            "--into",
            str(into),
            "--force",
        )
    )


# --------------------------------------------------------------------------- 1. import


def same_content(ours: Path, theirs: Path) -> tuple[int, int]:
    """(sources compared, sources whose claims differ) between two imports."""
    compared = differ = 0
    for path in sorted((theirs / "sources").glob("*.yaml")):
        mine = ours / "sources" / path.name
        a = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        b = yaml.load(mine.read_bytes(), Loader=yaml.CSafeLoader) if mine.exists() else None
        compared += 1
        if b is None or a["claims"] != b["claims"]:
            differ += 1
    return compared, differ


def bench_import(data: Path, work: Path, baseline: bool) -> list[str]:
    days = sorted((data / "flight" / "conflicting_data").glob("*.txt"))
    print("Import (claimcheck import vs csv + the mapping's parsing + CSafeDumper)")
    print(f"  {'':28} {'rows':>8} {'seconds':>8} {'rows/s':>8} {'peak MB':>8} {'ratio':>6}")
    lines: list[str] = []
    for label, tables in (("Flight, 1 day", days[:1]), (f"Flight, {len(days)} days", days)):
        rows = rows_in(tables)
        into = work / f"import-{len(tables)}"
        seconds, peak, code = import_set("flight", tables, into)
        line = f"  {label + ', import':28} {rows:>8,} {seconds:>8.2f} {rows / seconds:>8,.0f}"
        line += f" {peak:>8.0f}"
        if baseline:
            other = work / f"baseline-{len(tables)}"
            script = [sys.executable, "-c", BASELINE, str(REPO), str(MAPPINGS / "flight.yaml")]
            b_seconds, b_peak, _b_code = run([*script, str(other), *map(str, tables)])
            print(f"{line} {seconds / b_seconds:>6.2f}", flush=True)
            lines.append(
                f"  {label + ', baseline':28} {rows:>8,} {b_seconds:>8.2f} "
                f"{rows / b_seconds:>8,.0f} {b_peak:>8.0f} {1:>6.2f}"
            )
            if len(tables) == 1:  # loading 2 x 200 MB back for 7 days costs minutes
                compared, differ = same_content(into, other)
                lines.append(f"    same claims in both: {compared - differ}/{compared} sources")
        else:
            print(line, flush=True)
        if code not in (0, 1):
            print(f"    import exit code {code}", flush=True)
        for text in lines:
            print(text, flush=True)
        lines = []
    return lines


# --------------------------------------------------------------------------- 2./3. check, gold


@dataclass
class Claim:
    id: str
    subject: str
    property: str
    value: object
    as_of: str | None


@dataclass
class Item:
    gold: object  # the gold value (text or list of texts), parsed later
    claims: list[Claim] = field(default_factory=list)
    expected: int = 0  # table cells of this item that give a value
    failed: int = 0  # table cells of this item the mapping could not read


def load_claims(folder: Path) -> Iterator[Claim]:
    for path in sorted((folder / "sources").glob("*.yaml")):
        document = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        source = document["source"]["id"]
        for c in document["claims"]:
            as_of = c.get("as_of")
            yield Claim(f"{source}/{c['id']}", str(c["subject"]), str(c["property"]),
                        c["value"], str(as_of) if as_of is not None else None)  # fmt: skip


def flagged_claims(report: dict[str, object]) -> set[str]:
    """Claims in a value group that conflicts with another (report version 1 or 2)."""
    found: set[str] = set()
    discrepancies = report["discrepancies"]
    assert isinstance(discrepancies, list)
    for d in discrepancies:
        values = d["values"]
        for pair in d["conflicts"]:
            if all(isinstance(x, int) for x in pair):
                for index in pair:
                    found.update(values[index]["claims"])
            else:
                found.update(pair)
    return found


class Values:
    """Values parsed as the checker parses them, from the imported set's registry."""

    def __init__(self, folder: Path) -> None:
        path = folder / "registry.yaml"
        root, problems = parse(str(path), path.read_text(encoding="utf-8"))
        assert root is not None, problems
        self.registry = build_registry([Document(str(path), path, root)])
        self.properties: dict[str, Property] = self.registry.properties
        self.threshold = self.registry.settings.fuzzy_threshold

    def parse(self, prop_id: str, value: object, exact: bool = False) -> object | None:
        prop = self.properties[prop_id]
        if exact:
            prop = dataclasses.replace(prop, tolerance=0.0, absolute=Decimal(0))
        node: Scalar | Sequence
        if isinstance(value, list):
            node = Sequence(1, 1)
            node.items.extend(Scalar(str(v), 1, 1, False) for v in value)
        else:
            node = Scalar(str(value), 1, 1, False)
        problems: list[Problem] = []
        return read_value(self.registry, _File("<gold>", problems), node, prop)

    def right(self, prop_id: str, claim: object, gold: object, strict: bool) -> bool:
        """The claim does not conflict with the gold value: strict, the gold taken exactly
        (the claim's widened interval holds the gold's minute); else the gold widened by
        the tolerance as a claim would be (the checker's own reading)."""
        a, b = self.parse(prop_id, claim), self.parse(prop_id, gold, exact=strict)
        if a is None or b is None:
            return False
        try:
            return compare(a, b, threshold=self.threshold) is not Relation.CONFLICTS  # type: ignore[arg-type]
        except TypeError:
            return False


def _as_list(prop: Property, text: str, separator: str) -> object:
    parts = [p.strip() for p in text.split(separator) if p.strip()]
    return parts if prop.cardinality is Cardinality.LIST else "; ".join(parts)


def gold_items(
    name: str, data: Path, values: Values, days: list[Path]
) -> dict[tuple[str, ...], Item]:
    """The gold items of a data set, keyed as the imported claims are."""
    items: dict[tuple[str, ...], Item] = {}
    mapping, _ = importer.read_mapping(str(MAPPINGS / f"{name}.yaml"))
    assert mapping is not None
    if name == "flight":
        readers = {e.column: importer.CellReader(e, mapping.missing) for e in mapping.entries}
        columns = mapping.columns or ()
        for day in days:
            gold = data / "flight" / "ground_truth" / day.name
            fixed = {"year": day.name[:4], "month": day.name[4:6], "day": day.name[6:8]}
            for line in gold.read_text(encoding="latin-1").splitlines():
                cells = dict(zip(columns[1:], line.split("\t"), strict=False)) | fixed
                subject = importer.to_id(f"{cells['flight']} {'-'.join(fixed.values())}")
                for entry in mapping.entries:
                    try:
                        parts = readers[entry.column].read(cells.get(entry.column, ""), cells)
                    except importer.CellError:
                        continue
                    if parts:
                        items[(subject, entry.property.source)] = Item(parts[0])
    elif name == "book":
        prop = values.properties["authors"]
        text = (data / "book" / "book_golden.txt").read_text(encoding="latin-1")
        for line in text.splitlines():
            if "\t" in line:
                isbn, authors = line.split("\t", 1)
                items[(importer.to_id(f"ISBN {isbn.strip()}"), "authors")] = Item(
                    _as_list(prop, authors, ";")
                )
    else:
        text = (data / "population" / "population-gd.txt").read_text(encoding="latin-1")
        for line in text.splitlines():
            city, year, population = line.rsplit(",", 2)
            items[(importer.to_id(city.strip()), "population", year.strip())] = Item(
                population.strip()
            )
    return items


def item_key(name: str, claim: Claim) -> tuple[str, ...]:
    if name == "population":
        return (claim.subject, claim.property, claim.as_of or "")
    return (claim.subject, claim.property)


def table_cells(
    name: str, tables: list[Path], items: dict[tuple[str, ...], Item], values: Values
) -> None:
    """Count, per gold item, the table cells that give a value (and those that fail)."""
    mapping, _ = importer.read_mapping(str(MAPPINGS / f"{name}.yaml"))
    assert mapping is not None and mapping.subject is not None and mapping.columns
    readers = [(e, importer.CellReader(e, mapping.missing)) for e in mapping.entries]
    for table in tables:
        fixed: dict[str, str] = {}
        if mapping.file_name is not None:
            found = mapping.file_name.search(table.name)
            fixed = {k: v or "" for k, v in found.groupdict().items()} if found else {}
        with open(table, encoding=mapping.encoding, newline="") as handle:
            for line in handle:
                cells = dict(zip(mapping.columns, line.rstrip("\r\n").split("\t"), strict=False))
                cells.update(fixed)
                for column, pattern, _ in mapping.extract:
                    match = pattern.fullmatch(cells.get(column, ""))
                    if match:
                        cells.update(match.groupdict())
                subject = importer.to_id(mapping.subject.render(cells).strip())
                for entry, reader in readers:
                    prop = entry.property.render(cells)
                    key: tuple[str, ...] = (subject, prop)
                    if name == "population":
                        key = (subject, prop, cells.get("year", ""))
                    item = items.get(key)
                    if item is None:
                        continue
                    try:
                        parts = reader.read(cells.get(entry.column, ""), cells)
                    except importer.CellError:
                        item.failed += 1
                        continue
                    if not parts:
                        continue
                    prop_id = key[1]
                    many = values.properties[prop_id].cardinality is Cardinality.LIST
                    if values.parse(prop_id, parts if many else parts[0]) is None:
                        item.failed += 1  # the checker refuses it: a problem, no claim
                    else:
                        item.expected += 1


def bench_check(
    name: str, tables: list[Path], data: Path, work: Path, days: list[Path]
) -> list[str]:
    into = work / f"check-{name}"
    i_seconds, i_peak, _ = import_set(name, tables, into)
    report = work / f"{name}.json"
    c_seconds, c_peak, code = run(
        cli("check", str(into), "--format", "json", "--output", str(report), "--no-cache")
    )
    document = json.loads(report.read_text(encoding="utf-8"))
    summary = document["summary"]
    claims = summary["claims"]
    size = report.stat().st_size
    lines = [
        f"  {name:10} {claims:>8,} {c_seconds:>8.2f} {c_peak:>8.0f} {size / 1e6:>8.2f} "
        f"{size / max(claims, 1):>7.0f}   import {i_seconds:.1f} s, {i_peak:.0f} MB; "
        f"exit {code}, {summary['discrepancies']} discrepancies, {summary['errors']} errors, "
        f"{summary['warnings']} warnings"
    ]
    values = Values(into)
    items = gold_items(name, data, values, days)
    for claim in load_claims(into):
        item = items.get(item_key(name, claim))
        if item is not None:
            item.claims.append(claim)
    table_cells(name, tables, items, values)
    flagged = flagged_claims(document)
    present = sum(len(item.claims) >= item.expected for item in items.values())
    failed = sum(item.failed for item in items.values())
    with_claims = sum(1 for item in items.values() if item.claims)
    lines.append(f"    gold items {len(items)} ({with_claims} with claims)")
    tolerant = any(p.absolute or p.tolerance for p in values.properties.values())
    for strict in (False, True) if tolerant else (False,):
        wrong_total = wrong_flagged = right_total = right_flagged = 0
        for key, item in items.items():
            if not item.claims:
                continue
            is_flagged = any(c.id in flagged for c in item.claims)
            rights = [values.right(key[1], c.value, item.gold, strict) for c in item.claims]
            distinct = {json.dumps(c.value, sort_keys=True) for c in item.claims}
            if not all(rights) and len(distinct) > 1:
                wrong_total += 1
                wrong_flagged += is_flagged
            elif all(rights):
                right_total += 1
                right_flagged += is_flagged
        how = "gold exact" if strict else "gold widened like a claim"
        lines.append(
            f"    right = no conflict with the {how}: disagreeing with a wrong claim flagged "
            f"{wrong_flagged}/{wrong_total}; all right, flagged (false flags) "
            f"{right_flagged}/{right_total} ({100 * right_flagged / max(right_total, 1):.1f} %)"
        )
    lines.append(
        f"    every table cell of the item imported: {present}/{len(items)} gold items; "
        f"{failed} cells of gold items that the mapping or the value type cannot read "
        "(problems, no claim)"
    )
    return lines


def gold_flight_tables(data: Path, days: list[Path], work: Path) -> list[Path]:
    """Each day's table cut to the rows of the flights its gold lists, written under
    ``work`` with the day's file name (the mapping reads the date from it): the Flight set
    as the issue measured it (61,860 claims for the 7 days, converted by hand). Row
    numbers, and so claim ids and locations, are those of the cut table."""
    folder = work / "gold-flights"
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for day in days:
        gold = (data / "flight" / "ground_truth" / day.name).read_text(encoding="latin-1")
        flights = {line.split("\t", 1)[0] for line in gold.splitlines() if line.strip()}
        with (
            open(day, encoding="latin-1", newline="") as source,
            open(folder / day.name, "w", encoding="latin-1", newline="") as target,
        ):
            for row in source:
                fields = row.split("\t", 2)
                if len(fields) > 1 and fields[1] in flights:
                    target.write(row)
        tables.append(folder / day.name)
    return tables


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the truth-discovery folder")
    parser.add_argument("--flight-days", type=int, default=1, help="Flight days to check")
    parser.add_argument("--keep", type=Path, help="keep the claim sets and reports here")
    parser.add_argument("--no-baseline", action="store_true", help="skip the CSafeDumper run")
    parser.add_argument("--no-import", action="store_true", help="skip part 1 (import timing)")
    parser.add_argument(
        "--sets",
        type=lambda text: text.split(","),
        default=["flight", "book", "population"],
        help="data sets to check, comma-separated (default: flight,book,population)",
    )
    parser.add_argument(
        "--gold-flights",
        action="store_true",
        help="check only the rows of flights that the day's gold lists (the issue's Flight set)",
    )
    args = parser.parse_args(argv)
    data: Path = args.data
    if not (data / "flight").is_dir() or not (data / "book").is_dir():
        print(f"skipped: no truth-discovery data at {data} (expected flight/, book/, population/)")
        return 0
    print(
        f"claimcheck {__version__}; Python {platform.python_version()}; {os.cpu_count()} cores; "
        f"PyYAML {yaml.__version__} with libyaml: {yaml.__with_libyaml__}"
    )
    with tempfile.TemporaryDirectory(prefix="claimcheck-realdata-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_import:
            for line in bench_import(data, work, not args.no_baseline):
                print(line, flush=True)
        days = sorted((data / "flight" / "conflicting_data").glob("*.txt"))[: args.flight_days]
        flight_tables = gold_flight_tables(data, days, work) if args.gold_flights else days
        what = "gold flights of " if args.gold_flights else ""
        print(
            f"Check (claimcheck check --format json --no-cache; Flight: {what}{len(days)} day(s))\n"
            f"  {'':10} {'claims':>8} {'seconds':>8} {'peak MB':>8} {'JSON MB':>8} {'B/claim':>7}"
        )
        sets = {
            "flight": flight_tables,
            "book": [data / "book" / "book.txt"],
            "population": [data / "population" / "population-new.txt"],
        }
        for name, tables in sets.items():
            if name not in args.sets:
                continue
            for line in bench_check(name, tables, data, work, days):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
