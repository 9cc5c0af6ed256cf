"""``claimcheck import``: tables and mappings written here, small enough to read."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import importer
from checker.load import Scalar, parse
from tests.helpers import REPO, run_cli

# --------------------------------------------------------------------------- helpers

STATEMENTS_CSV = """\
outlet,person,what,value,said on
Daily Star,Ada Lovelace,born,1815-12-10,2020-01-05
Daily Star,Ada Lovelace,died,1852,2020-01-05
Evening Post,Ada Lovelace,born,1816,2021-03-01
Evening Post,Charles Babbage,born,1791,2021-03-01
"""

STATEMENTS_MAPPING = """\
table:
  format: csv
source:
  id: "{outlet}"
  title: "{outlet}"
  language: en
subject: "{person}"
as_of: "{said on}"
claims:
  - property: "{what}"
    column: value
registry:
  properties:
    born: {label: date of birth, type: date}
    died: {label: date of death, type: date}
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).encode(encoding))
    return path


def statements(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write(tmp_path / "statements.csv", STATEMENTS_CSV),
        write(tmp_path / "map.yaml", STATEMENTS_MAPPING),
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --------------------------------------------------------------------------- the basic path


def test_long_table_becomes_one_file_per_source_and_a_registry(tmp_path: Path) -> None:
    """A CSV with a property column: one source file per outlet, the registry, exact text."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    result = run_cli("import", str(table), "--mapping", str(mapping), "--into", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "4 rows, 4 claims, 2 sources: 3 files written, 0 unchanged, 0 removed in "
        f"{out}; 0 errors, 0 warnings\n"
    )
    assert sorted(snapshot(out)) == [
        "registry.yaml",
        "sources/daily-star.yaml",
        "sources/evening-post.yaml",
    ]
    assert (out / "sources" / "daily-star.yaml").read_text() == (
        importer.MARKER + "source:\n"
        "  id: daily-star\n"
        '  title: "Daily Star"\n'
        '  language: "en"\n'
        "claims:\n"
        "  - id: statements-2-born\n"
        "    subject: ada-lovelace\n"
        "    property: born\n"
        '    value: "1815-12-10"\n'
        '    quote: "1815-12-10"\n'
        '    as_of: "2020-01-05"\n'
        f'    location: "{table}:2"\n'
        "  - id: statements-3-died\n"
        "    subject: ada-lovelace\n"
        "    property: died\n"
        '    value: "1852"\n'
        '    quote: "1852"\n'
        '    as_of: "2020-01-05"\n'
        f'    location: "{table}:3"\n'
    )
    registry = yaml.safe_load((out / "registry.yaml").read_text())
    assert registry["entities"] == {
        "ada-lovelace": {"label": "Ada Lovelace"},
        "charles-babbage": {"label": "Charles Babbage"},
    }
    assert registry["properties"]["born"] == {"label": "date of birth", "type": "date"}


def test_imported_set_checks_and_finds_the_conflict(tmp_path: Path) -> None:
    """The written set is a valid claim set: check finds 1815-12-10 vs 1816, exit 1."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    assert run_cli("import", str(table), "-m", str(mapping), "--into", str(out)).exit_code == 0
    result = run_cli("check", str(out), "--format", "json", "--no-cache")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0
    assert [d["id"] for d in report["discrepancies"]] == ["ada-lovelace/born"]


def test_same_table_twice_same_bytes_and_nothing_rewritten(tmp_path: Path) -> None:
    """Re-importing an unchanged table writes the same bytes and rewrites no file."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    before = snapshot(out)
    inodes = {p: p.stat().st_ino for p in out.rglob("*.yaml")}
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out), "--force")
    assert result.exit_code == 0
    assert "0 files written, 3 unchanged" in result.stdout
    assert snapshot(out) == before
    assert {p: p.stat().st_ino for p in out.rglob("*.yaml")} == inodes


def test_reimport_rewrites_only_the_changed_source(tmp_path: Path) -> None:
    """A changed row of one outlet rewrites that outlet's file only."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    star = (out / "sources" / "daily-star.yaml").stat().st_ino
    table.write_text(
        STATEMENTS_CSV.replace("Charles Babbage,born,1791", "Charles Babbage,born,1792")
    )
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out), "--force")
    assert "1 file written, 2 unchanged" in result.stdout
    assert (out / "sources" / "daily-star.yaml").stat().st_ino == star
    assert '"1792"' in (out / "sources" / "evening-post.yaml").read_text()


def test_existing_set_needs_force_and_resolutions_are_never_touched(tmp_path: Path) -> None:
    """Without --force an existing claim set is refused (exit 2); with it, resolutions stay
    byte for byte and an earlier import's file for a vanished source is removed."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    resolutions = write(out / "resolutions.yaml", "resolutions: []  # mine\n")
    hand = write(out / "sources" / "hand.yaml", "source: {id: hand}\nclaims: []\n")
    refused = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert refused.exit_code == 2
    assert "already holds a claim set" in refused.stderr and "--force" in refused.stderr
    table.write_text(STATEMENTS_CSV.replace("Evening Post", "Morning Post"))
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out), "--force")
    assert result.exit_code == 0
    assert "1 removed" in result.stdout
    assert not (out / "sources" / "evening-post.yaml").exists()
    assert (out / "sources" / "morning-post.yaml").exists()
    assert resolutions.read_text() == "resolutions: []  # mine\n"
    assert hand.read_text() == "source: {id: hand}\nclaims: []\n"


def test_only_resolutions_in_the_folder_need_no_force(tmp_path: Path) -> None:
    """A folder holding only a resolutions file is no claim set in the way."""
    table, mapping = statements(tmp_path)
    out = tmp_path / "set"
    write(out / "resolutions.yaml", "resolutions: []\n")
    assert run_cli("import", str(table), "-m", str(mapping), "--into", str(out)).exit_code == 0


def test_spilling_to_scratch_files_gives_the_same_bytes(tmp_path: Path) -> None:
    """With a tiny memory budget (claims spilled to scratch files) the output is the same."""
    table, mapping = statements(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    importer.run_import(importer.Settings((str(table),), str(mapping), str(a)))
    outcome = importer.run_import(
        importer.Settings((str(table),), str(mapping), str(b), memory_budget=1)
    )
    assert outcome.claims == 4
    assert snapshot(a) == snapshot(b)
    assert not [p for p in b.iterdir() if p.name.startswith(".")]  # scratch removed


# --------------------------------------------------------------------------- wide TSV, times

FLIGHTS = (
    "site-a\tXY-1-AAA-BBB\t12/01/2011 01:55 PM\t1:57pDec 1\tB7\n"
    "site-b\tXY-1-AAA-BBB\t12/1/11 1:55 PM (-05:00)\tNot Available\t B7\n"
    "Sité-c\tXY-1-AAA-BBB\tJan 1 - 12:10am*\t\tB8\n"
    "site-d\tXY-1-AAA-BBB\t25:99\t\t\n"
)

FLIGHT_MAPPING = """\
table:
  format: tsv
  encoding: latin-1
  header: false
  columns: [site, flight, scheduled, actual, gate]
  file_name: '(?P<y>\\d{4})(?P<m>\\d\\d)(?P<d>\\d\\d)'
source:
  id: "{site}"
  language: en
subject: "{flight} {y}-{m}-{d}"
missing: ['(?i)not available']
claims:
  - property: scheduled
    column: scheduled
    replace:
      - {pattern: '\\*$'}
      - {pattern: '(\\d)([ap])(?=[A-Z])', with: '\\1 \\2m '}
    datetime: &t
      reference: "{y}-{m}-{d}"
      offset: OFFSET
      formats: ['%m/%d/%Y %I:%M %p', '%m/%d/%y %I:%M %p (%z)', '%b %d - %I:%M%p',
                '%I:%M %p %b %d']
  - property: actual
    column: actual
    replace:
      - {pattern: '(\\d)([ap])(?=[A-Z])', with: '\\1 \\2m '}
    datetime: *t
  - property: gate
    column: gate
registry:
  properties:
    scheduled: {type: text}
    actual: {type: text}
    gate: {type: text}
"""


def flights(tmp_path: Path, offset: str = "keep") -> tuple[Path, Path]:
    table = tmp_path / "data" / "20111231.txt"
    table.parent.mkdir()
    table.write_bytes(FLIGHTS.encode("latin-1"))
    return table, write(tmp_path / "flight.yaml", FLIGHT_MAPPING.replace("OFFSET", offset))


def claims_of(path: Path) -> list[dict[str, str]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["claims"])


def test_wide_latin1_table_with_time_formats(tmp_path: Path) -> None:
    """Columns become properties; times in several formats become ISO text, a year-less
    date takes the year nearest the file's day (Jan 1 after 2011-12-31 is 2012), the
    quote is the cell as written, placeholders and empty cells give no claim."""
    table, mapping = flights(tmp_path)
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    a = claims_of(out / "sources" / "site-a.yaml")
    assert [(c["property"], c["value"], c["quote"]) for c in a] == [
        ("scheduled", "2011-12-01T13:55", "12/01/2011 01:55 PM"),
        ("actual", "2011-12-01T13:57", "1:57pDec 1"),
        ("gate", "B7", "B7"),
    ]
    assert a[0]["subject"] == "xy-1-aaa-bbb-2011-12-31"
    assert a[0]["location"] == f"{table}:1"
    b = claims_of(out / "sources" / "site-b.yaml")
    assert [(c["property"], c["value"], c["quote"]) for c in b] == [
        ("scheduled", "2011-12-01T13:55-05:00", "12/1/11 1:55 PM (-05:00)"),
        ("gate", "B7", " B7"),
    ]
    c = claims_of(out / "sources" / "site-c.yaml")  # Sité-c: accents dropped from the id
    assert [(x["property"], x["value"]) for x in c] == [
        ("scheduled", "2012-01-01T00:10"),
        ("gate", "B8"),
    ]
    # site-d's time matches no format: a problem at the cell, the row's other cells kept.
    assert result.exit_code == 1
    assert (
        f"{table}:4:21: CC104 scheduled '25:99' matches none of the mapping's 4 datetime formats"
        in result.stdout
    )
    assert not (out / "sources" / "site-d.yaml").exists()


def test_offset_drop_keeps_local_time(tmp_path: Path) -> None:
    """offset: drop writes the local time a site gave, without its offset."""
    table, mapping = flights(tmp_path, "drop")
    out = tmp_path / "set"
    run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    values = [c["value"] for c in claims_of(out / "sources" / "site-b.yaml")]
    assert values == ["2011-12-01T13:55", "B7"]


def test_max_errors_stops_and_writes_nothing(tmp_path: Path) -> None:
    """--max-errors 1 stops at the first error; no file is written; exit 1."""
    table, mapping = flights(tmp_path)
    out = tmp_path / "set"
    result = run_cli(
        "import", str(table), "-m", str(mapping), "--into", str(out), "--max-errors", "1"
    )
    assert result.exit_code == 1
    assert "stopped after 1 error: nothing written" in result.stdout
    assert not list(out.rglob("*.yaml"))


# --------------------------------------------------------------------------- bad rows


def test_unreadable_rows_are_problems_with_file_line_column(tmp_path: Path) -> None:
    """A short row, an undecodable byte, a missing subject and a value the checker cannot
    read each name FILE:LINE:COLUMN; the good rows are imported."""
    table = tmp_path / "t.csv"
    table.write_bytes(
        b"outlet,person,what,value,said on\n"
        b"A,Ada,born,1815,2020\n"
        b"B,Ada,born\n"
        b"C,Ad\xe9,born,1815,2020\n"
        b"D,,born,1815,2020\n"
        b'E,Ada,born,"the 13th month",2020\n'
        b'F,"Ada\nLovelace",born,1816,2020\n'
        b"G,Ada,born,1815-13-45,2020\n"
    )
    mapping = write(tmp_path / "map.yaml", STATEMENTS_MAPPING)
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{table}:3:1: CC014 row has 3 fields, the table has 5 columns "
        "(outlet, person, what, value, said on)",
        f"{table}:4:5: CC003 table is not utf-8: byte 0xe9 cannot be decoded",
        f"{table}:5:3: CC101 row has no subject",
    ]
    # The checker's own date parser speaks for the last two (its wording is its own).
    assert lines[3].startswith(f"{table}:6:12: CC104 value of 'born': invalid date 'the 13th")
    assert lines[4].startswith(f"{table}:9:12: CC104 value of 'born': invalid date '1815-13-45'")
    assert len(lines) == 6
    assert lines[-1].startswith("5 rows, 2 claims, 2 sources: 3 files written")
    # The quoted cell spanning two lines keeps its text and the next row's line number.
    f = claims_of(out / "sources" / "f.yaml")
    assert f[0]["location"] == f"{table}:7"
    registry = yaml.safe_load((out / "registry.yaml").read_text())
    assert registry["entities"]["ada-lovelace"] == {"label": "Ada\nLovelace"}


def test_two_sources_sharing_an_id_is_a_problem(tmp_path: Path) -> None:
    """ "A.B" and "A B" both become id a-b: the second's rows are a problem, not merged;
    names differing only in case are one source."""
    table = write(
        tmp_path / "t.csv",
        "outlet,person,what,value,said on\nA.B,X,born,1,2\nA B,X,born,1,2\na.b,Y,born,1,2\n",
    )
    mapping = write(tmp_path / "map.yaml", STATEMENTS_MAPPING)
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert (
        f"{table}:3:1: CC107 sources 'A.B' and 'A B' both become source id 'a-b'" in result.stdout
    )
    assert len(claims_of(tmp_path / "s" / "sources" / "a-b.yaml")) == 2


# --------------------------------------------------------------------------- the mapping


def mapping_problems(tmp_path: Path, text: str, table_text: str = STATEMENTS_CSV) -> list[str]:
    table = write(tmp_path / "t.csv", table_text)
    mapping = write(tmp_path / "m.yaml", text)
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert result.exit_code == 1
    assert not out.exists() or not list(out.rglob("*.yaml"))
    prefix = f"{mapping}:"
    return [line[len(prefix) :] for line in result.stdout.splitlines() if line.startswith(prefix)]


def test_mapping_unknown_key_has_did_you_mean_at_its_line(tmp_path: Path) -> None:
    """A misspelt key is CC102 at its line and column, with a suggestion."""
    text = STATEMENTS_MAPPING.replace("subject:", "subjct:").replace(
        "    column: value", "    colum: value"
    )
    assert mapping_problems(tmp_path, text) == [
        "1:1: CC101 mapping is missing required key 'subject'",
        "7:1: CC102 unknown key 'subjct' in mapping (did you mean 'subject'?)",
        "10:5: CC101 claim entry is missing required key 'column'",
        "11:5: CC102 unknown key 'colum' in claim entry (did you mean 'column'?)",
    ]


def test_mapping_wrong_types_and_bad_patterns(tmp_path: Path) -> None:
    """A list where text belongs, a broken regex, a bad strptime directive, an unknown
    encoding and a registry error are each reported at their line."""
    text = (
        STATEMENTS_MAPPING.replace("format: csv", "format: csv\n  encoding: klingon")
        .replace('subject: "{person}"', "subject: [person]")
        .replace(
            "    column: value\n",
            "    column: value\n    split: '(['\n    datetime: {formats: ['%Q']}\n",
        )
        .replace("type: date}", "type: dat}", 1)
    )
    found = mapping_problems(tmp_path, text)
    assert "3:13: CC104 unknown encoding 'klingon'" in found
    assert "8:10: CC103 subject must be text, not a list" in found
    assert any(
        f.startswith("13:12: CC104 claim entry split is not a regular expression") for f in found
    )
    assert any(f.startswith("14:25: CC104 datetime format '%Q'") for f in found)
    assert any(f.startswith("17:40: CC109 property 'born' type 'dat' is not one of") for f in found)


def test_unknown_column_has_did_you_mean(tmp_path: Path) -> None:
    """A template naming no column of the table's header is an error at the template."""
    found = mapping_problems(tmp_path, STATEMENTS_MAPPING.replace("{person}", "{persn}"))
    assert len(found) == 1
    assert found[0].startswith("7:10: CC104 unknown column 'persn' in table")
    assert found[0].endswith("(did you mean 'person'?)")


def test_shipped_mappings_are_valid() -> None:
    """The Flight, Book and Population mappings under tests/mappings read without problems."""
    for name in ("flight", "book", "population"):
        mapping, problems = importer.read_mapping(str(REPO / "tests" / "mappings" / f"{name}.yaml"))
        assert mapping is not None and problems == [], (name, problems)


def test_flight_mapping_reads_gates_and_minutes(tmp_path: Path) -> None:
    """The shipped Flight mapping: a gate written with its terminal (Terminal A - 17,
    48B/T4) or a padded number (C05) is the gate alone, placeholders and a terminal
    without a gate give no claim; times one minute apart (a time cut or rounded to the
    minute) are compatible, two minutes apart conflict."""
    rows = [
        ["aa", "XX-1-AAA-BBB", "12/01/2011 08:00 PM", "12/01/2011 08:23 PM", "17",
         "12/01/2011 09:45 PM", "12/01/2011 09:53 PM", "48B"],
        ["flightview", "XX-1-AAA-BBB", "8:00 PM, Dec 01", "8:24 PM, Dec 01", "Terminal A - 17",
         "9:45 PM, Dec 01", "9:55 PM, Dec 01", "48B/T4"],
        ["orbitz", "XX-1-AAA-BBB", "8:00pDec 1", "8:23pDec 1", "Not provided by airline",
         "9:45pDec 1", "9:53pDec 1", "Terminal 8"],
        ["aa", "XX-2-AAA-CCC", "", "", "C05", "", "", "--"],
        ["ua", "XX-2-AAA-CCC", "", "", "C5", "", "", "TBA"],
    ]  # fmt: skip
    table = write(tmp_path / "20111201.txt", "".join("\t".join(r) + "\n" for r in rows))
    into = tmp_path / "claims"
    mapping = str(REPO / "tests" / "mappings" / "flight.yaml")
    imported = run_cli("import", str(table), "--mapping", mapping, "--into", str(into))
    assert imported.exit_code == 0, imported.stdout + imported.stderr
    report = json.loads(run_cli("check", str(into), "--format", "json").stdout)
    assert report["summary"]["claims"] == 6 + 6 + 4 + 1 + 1
    assert [d["id"] for d in report["discrepancies"]] == ["xx-1-aaa-bbb-2011-12-01/actual-arrival"]
    assert [v["value"] for v in report["discrepancies"][0]["values"]] == [
        "2011-12-01T21:53",
        "2011-12-01T21:55",
    ]


# --------------------------------------------------------------------------- JSON Lines, lists


def test_json_lines_split_extract_and_multiple(tmp_path: Path) -> None:
    """JSON Lines rows: numbers keep their written text, a JSON array is a list of
    values, a split pattern makes one claim per element of a multiple property, an
    extract pattern cuts a column into named parts, HTML entities are unescaped."""
    table = write(
        tmp_path / "books.jsonl",
        '{"store": "S1", "key": "isbn_0201", "authors": "Knuth &amp; Fuller", "pages": 1.50}\n'
        '{"store": "S2", "key": "isbn_0201", "authors": ["Knuth"], "pages": null}\n'
        "\n"
        '{"store": "S3", "key": "isbn_0201", "authors": "x"\n'
        '["not", "an", "object"]\n',
    )
    mapping = write(
        tmp_path / "m.yaml",
        """\
        table:
          extract:
            - {column: key, pattern: 'isbn_(?P<isbn>\\d+)'}
        source: {id: "{store}", language: en}
        subject: "ISBN {isbn}"
        claims:
          - property: author
            column: authors
            unescape: html
            split: '\\s*&\\s*'
          - property: pages
            column: pages
        registry:
          properties:
            author: {type: text, cardinality: multiple}
            pages: {type: quantity}
        """,
    )
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert result.exit_code == 1
    s1 = claims_of(out / "sources" / "s1.yaml")
    assert [(c["id"], c["value"], c["quote"]) for c in s1] == [
        ("books-1-author-1", "Knuth", "Knuth &amp; Fuller"),
        ("books-1-author-2", "Fuller", "Knuth &amp; Fuller"),
        ("books-1-pages", "1.50", "1.50"),
    ]
    s2 = claims_of(out / "sources" / "s2.yaml")
    assert [(c["value"], c["quote"]) for c in s2] == [("Knuth", '["Knuth"]')]
    assert s2[0]["subject"] == "isbn-0201"
    assert f"{table}:4:" in result.stdout and "CC014 row is not JSON" in result.stdout
    assert f"{table}:5:1: CC014 row is not a JSON object" in result.stdout


# --------------------------------------------------------------------------- YAML text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_quoted_text_reads_back_the_same(text: str) -> None:
    """Every string the importer quotes reads back unchanged, by PyYAML and by
    claimcheck's own loader (which refuses raw NEL/LS/PS)."""
    written = f"value: {importer.quoted(text)}\n"
    assert yaml.safe_load(written) == {"value": text}
    root, problems = parse("t.yaml", written)
    assert problems == []
    assert root is not None
    node = root.items["value"][1]  # type: ignore[union-attr]
    assert isinstance(node, Scalar) and node.value == text


def test_ids_from_any_text() -> None:
    """Ids are lower-case ASCII with hyphens; text with no Latin letter gets a stable hash."""
    assert importer.to_id("contributor #51413: ragib") == "contributor-51413-ragib"
    assert importer.to_id("Zürich, Schweiz") == "zurich-schweiz"
    assert importer.to_id("東京") == importer.to_id("東京") != importer.to_id("大阪")
    assert importer.to_id("東京").startswith("x-")
    assert importer.to_id("  ") == ""


def test_no_progress_bar_when_not_on_a_terminal(tmp_path: Path) -> None:
    """Output to a pipe carries no progress bar, only problems and the summary line."""
    table, mapping = statements(tmp_path)
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(tmp_path / "s"))
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_claim_id_quote_note_modality_and_unregistered_subjects(tmp_path: Path) -> None:
    """claim_id, quote and note templates, a modality column, and subjects written as
    they are (register_subjects: false); a claim id repeated within a source is CC106."""
    table = write(
        tmp_path / "t.csv",
        "outlet,person,value,kind\nA,Ada Lovelace,1815,expected\nA,Ada Lovelace,1816,actual\n",
    )
    mapping = write(
        tmp_path / "m.yaml",
        """\
        source: {id: "{outlet}", language: en}
        subject: "{person}"
        register_subjects: false
        modality: "{kind}"
        claim_id: "{subject} {property}"
        claims:
          - property: born
            column: value
            quote: "{person} was born in {value}"
            note: "row {line}"
        registry:
          properties:
            born: {type: date}
        """,
    )
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{table}:3:1: CC106 claim id from claim_id 'ada-lovelace-born' repeats an earlier row's id"
    )
    (claim,) = claims_of(out / "sources" / "a.yaml")
    assert claim == {
        "id": "ada-lovelace-born",
        "subject": "Ada Lovelace",
        "property": "born",
        "value": "1815",
        "quote": "Ada Lovelace was born in 1815",
        "modality": "expected",
        "location": f"{table}:2",
        "note": "row 2",
    }
    assert "entities" not in yaml.safe_load((out / "registry.yaml").read_text())


def test_list_of_names_and_datetimes_check_cleanly(tmp_path: Path) -> None:
    """A split cell of a name list is one claim with a YAML sequence; an imported time is a
    datetime the checker reads; check sees the truncated list conflict with the whole."""
    table = write(
        tmp_path / "t.tsv",
        "store\tisbn\tauthors\tshipped\n"
        "S1\t1\tKnuth, Donald E.; Patashnik, Oren\t12/01/2011 01:55 PM\n"
        "S2\t1\tDonald Knuth &amp; Oren Patashnik\t12/01/2011 01:58 PM\n"
        "S3\t1\tKnuth, D.\t12/01/2011 03:00 PM\n",
    )
    mapping = write(
        tmp_path / "m.yaml",
        """\
        source: {id: "{store}", language: en}
        subject: "ISBN {isbn}"
        claims:
          - property: authors
            column: authors
            unescape: html
            split: '\\s*[;&]\\s*'
          - property: shipped
            column: shipped
            datetime: {formats: ['%m/%d/%Y %I:%M %p']}
        registry:
          properties:
            authors: {type: name, cardinality: list}
            shipped: {type: datetime, tolerance: "5 min"}
        """,
    )
    out = tmp_path / "set"
    result = run_cli("import", str(table), "-m", str(mapping), "--into", str(out))
    assert result.exit_code == 0, result.stdout
    (authors, shipped) = claims_of(out / "sources" / "s2.yaml")
    assert authors["value"] == ["Donald Knuth", "Oren Patashnik"]
    assert authors["quote"] == "Donald Knuth &amp; Oren Patashnik"
    assert shipped["value"] == "2011-12-01T13:58"
    checked = run_cli("check", str(out), "--format", "json", "--no-cache")
    report = json.loads(checked.stdout)
    assert report["summary"]["errors"] == 0
    # S1 and S2 agree (the same two people, 3 minutes apart); S3's one-name list and its
    # 15:00 conflict with both.
    assert sorted(d["id"] for d in report["discrepancies"]) == ["isbn-1/authors", "isbn-1/shipped"]
    for d in report["discrepancies"]:
        pairs = set()
        for a, b in d["conflicts"]:  # report version 1: claim ids; 2: value-group indices
            if isinstance(a, int):
                pairs |= {
                    (x.split("/")[0], y.split("/")[0])
                    for x in d["values"][a]["claims"]
                    for y in d["values"][b]["claims"]
                }
            else:
                pairs.add((a.split("/")[0], b.split("/")[0]))
        assert {frozenset(p) for p in pairs} == {frozenset({"s1", "s3"}), frozenset({"s2", "s3"})}
