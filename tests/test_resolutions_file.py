"""`claimcheck resolve`: what it writes, what it keeps byte for byte, atomicity, concurrency."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.load import parse
from checker.resolutions_file import quote
from tests.helpers import REPO, run_cli, write_set

TOPICS = [f"t{i}/start-date" for i in range(1, 9)]
TODAY = datetime.date.today().isoformat()

REGISTRY = (
    "entities:\n"
    + "".join(f"  t{i}:\n    label: thing {i}\n" for i in range(1, 9))
    + ("properties:\n  start-date:\n    label: start date\n    type: date\n")
)


def source(sid: str, value: str) -> str:
    """Source ``sid`` saying every thing started in ``value``."""
    claims = "".join(
        f"  - id: c{i}\n    subject: thing {i}\n    property: start date\n"
        f'    value: {value}\n    quote: "since {value}"\n'
        for i in range(1, 9)
    )
    return (
        f"source:\n  id: {sid}\n  title: Source {sid}\n  language: en\n"
        f"  published: 2025-09\nclaims:\n{claims}"
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Eight discrepancies t1..t8/start-date: 1990 (source a) against 2004 (source b)."""
    return write_set(
        tmp_path / "claims",
        {"registry.yaml": REGISTRY, "a.yaml": source("a", "1990"), "b.yaml": source("b", "2004")},
    )


def resolve(root: Path, topic: str, *extra: str) -> tuple[int, str, str]:
    args = ["resolve", topic, "--reviewer", "Jane Doe", "--rationale", "checked", *extra]
    result = run_cli(*args, str(root))
    return result.exit_code, result.stdout, result.stderr


def entry(topic: str, verdict: str = "distinct", indent: int = 2, **more: str) -> str:
    """The text `claimcheck resolve` writes for one entry (default options)."""
    pad = " " * indent
    lines = [f'{pad}- topic: "{topic}"', f'{pad}  verdict: "{verdict}"']
    if "value" in more:
        lines.append(f'{pad}  value: "{more["value"]}"')
    lines += [
        f'{pad}  reviewer: "Jane Doe"',
        f'{pad}  date: "{TODAY}"',
        f'{pad}  rationale: "{more.get("rationale", "checked")}"',
    ]
    if "evidence" in more:
        lines.append(f"{pad}  evidence: {more['evidence']}")
    lines.append(f'{pad}  values_seen: ["1990", "2004"]')
    return "\n".join(lines) + "\n"


def history(verdict: str = "open", indent: int = 2, rationale: str = "checked") -> str:
    """The history `claimcheck resolve` appends to an entry it wrote itself (default options)."""
    pad = " " * indent
    return (
        f"{pad}  history:\n"
        f'{pad}    - verdict: "{verdict}"\n'
        f'{pad}      reviewer: "Jane Doe"\n'
        f'{pad}      date: "{TODAY}"\n'
        f'{pad}      rationale: "{rationale}"\n'
        f'{pad}      values_seen: ["1990", "2004"]\n'
    )


# --------------------------------------------------------------------------- quoting


@given(st.text())
def test_quote_round_trips_any_text(text: str) -> None:
    """Whatever the reviewer types comes back unchanged from YAML (PyYAML and our loader)."""
    document = f"k: {quote(text)}\n"
    assert yaml.safe_load(document) == {"k": text}
    root, problems = parse("x.yaml", document)
    assert problems == []
    assert root is not None and root.items["k"][1].value == text  # type: ignore[union-attr]


def test_quote_escapes_line_breaks_and_controls() -> None:
    """Line breaks YAML would fold and terminal controls are escaped, not written raw."""
    assert quote('a\n"b"\u2028\x1b\\') == '"a\\n\\"b\\"\\u2028\\x1b\\\\"'


# --------------------------------------------------------------------------- writing


def test_creates_file_with_header_and_fills_values_seen(root: Path) -> None:
    """No resolutions file yet: PATH/resolutions.yaml is created; the run then passes."""
    code, out, err = resolve(
        root, "t1/start-date", "--verdict", "accept", "--value", "1990", "--evidence", "https://x"
    )
    assert (code, err) == (0, "")
    target = root / "resolutions.yaml"
    assert out == (
        f"created the resolution of t1/start-date (accept 1990) in {target}; "
        "values seen: 1990, 2004\n"
    )
    assert target.read_text(encoding="utf-8") == "resolutions:\n" + entry(
        "t1/start-date", "accept", value="1990", evidence='["https://x"]'
    )
    check = run_cli("check", str(root), "--format", "json")
    assert json.loads(check.stdout)["rejected"] == {"b": ["b/c1"]}


def test_accept_value_may_be_any_spelling_of_the_date(root: Path) -> None:
    """`--value 1990-01..1990-12` accepts 1990 and is written as reports spell it."""
    code, out, err = resolve(
        root, "t2/start-date", "--verdict", "accept", "--value", "1990-01..1990-12"
    )
    assert (code, err) == (0, "")
    assert "(accept 1990)" in out
    written = (root / "resolutions.yaml").read_text(encoding="utf-8")
    assert written == "resolutions:\n" + entry("t2/start-date", "accept", value="1990")
    refused = resolve(root, "t3/start-date", "--verdict", "accept", "--value", "1991")
    assert refused[0] == 2 and "is not among the values" in refused[2]


def test_updates_in_place_instead_of_duplicating(root: Path) -> None:
    """Resolving a topic again replaces its entry; the others stay where they were."""
    for topic in TOPICS[:3]:
        assert resolve(root, topic, "--verdict", "open")[0] == 0
    code, out, _ = resolve(root, "t2/start-date", "--verdict", "scoped", "--rationale", "r2")
    assert code == 0
    assert out.startswith("updated the resolution of t2/start-date (scoped)")
    text = (root / "resolutions.yaml").read_text(encoding="utf-8")
    assert text == "resolutions:\n" + (
        entry("t1/start-date", "open")
        + entry("t2/start-date", "scoped", rationale="r2")
        + history("open")
        + entry("t3/start-date", "open")
    )


HAND_EDITED = """\
# Reviewed by the team.\t
---
resolutions:   # keep in topic order


  -   topic: 't1/start-date'     # single-quoted
      verdict: "distinct"
      reviewer: >-
        Jane
        Doe
      date: 2026-01-01
      rationale: |
        Two different things.

      values_seen: [ '1990' ,"2004" ]

  # the next one is in flow style
  - {topic: t2/start-date, verdict: open, reviewer: X, date: 2026-01-02, rationale: y,
     values_seen: ["1990", "2004"]}
  - topic: t3/start-date
    verdict: open   # for now
    reviewer: Ö\u00e9
    date: 2026-01-03
    rationale: "line one\\u2028line two"
    values_seen:
      - "1990"
      - "2004"
# trailing comment
...
"""


def test_hand_edited_file_keeps_every_other_byte(root: Path) -> None:
    """Golden: replacing a middle entry and adding one leave comments, blank lines,
    quoting and the other entries exactly as they were."""
    target = root / "resolutions.yaml"
    target.write_text(HAND_EDITED, encoding="utf-8")
    assert resolve(root, "t2/start-date", "--verdict", "scoped")[0] == 0
    assert resolve(root, "t4/start-date", "--verdict", "open")[0] == 0
    middle = (
        "  - {topic: t2/start-date, verdict: open, reviewer: X, date: 2026-01-02, rationale: y,\n"
        '     values_seen: ["1990", "2004"]}\n'
    )
    # A flow-style entry is rewritten as a block in its own (plain) style; the new entry
    # is written like the last one (plain, a block list for values_seen).
    t2 = (
        "  - topic: t2/start-date\n    verdict: scoped\n    reviewer: Jane Doe\n"
        f"    date: {TODAY}\n    rationale: checked\n"
        '    values_seen: ["1990", "2004"]\n'
        "    history:\n      - verdict: open\n        reviewer: X\n"
        '        date: 2026-01-02\n        rationale: "y"\n'
        '        values_seen: ["1990", "2004"]\n'
    )
    t4 = (
        "  - topic: t4/start-date\n    verdict: open\n    reviewer: Jane Doe\n"
        f'    date: {TODAY}\n    rationale: "checked"\n'
        '    values_seen:\n      - "1990"\n      - "2004"\n'
    )
    after_t3 = '      - "2004"\n'
    expected = HAND_EDITED.replace(middle, t2).replace(after_t3, after_t3 + t4)
    assert target.read_text(encoding="utf-8") == expected
    check = run_cli("check", str(root)).stdout
    assert "resolutions.yaml" not in check  # the file is still valid and complete
    assert check.endswith(
        "8 discrepancies: 6 open (2 acknowledged), 2 resolved, 0 stale; 0 errors, 0 warnings\n"
    )


def test_updating_first_entry_keeps_its_odd_indentation_and_neighbours(root: Path) -> None:
    """The replaced entry takes its own list indentation; comments around it stay."""
    target = root / "resolutions.yaml"
    target.write_text(HAND_EDITED, encoding="utf-8")
    assert resolve(root, "t1/start-date", "--verdict", "open")[0] == 0
    # Only what changed: verdict, date, rationale (in the keys' own quoting; a block
    # scalar becomes a plain one where it can), and the old verdict moves into the history with its
    # block scalars as the reviewer wrote them.
    expected = HAND_EDITED.replace(
        """      verdict: "distinct"
      reviewer: >-
        Jane
        Doe
      date: 2026-01-01
      rationale: |
        Two different things.

      values_seen: [ '1990' ,"2004" ]
""",
        f"""      verdict: "open"
      reviewer: >-
        Jane
        Doe
      date: {TODAY}
      rationale: checked

      values_seen: [ '1990' ,"2004" ]
      history:
        - verdict: "distinct"
          reviewer: >-
            Jane
            Doe
          date: 2026-01-01
          rationale: |
            Two different things.
          values_seen: ['1990', '2004']
""",
    )
    assert target.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("resolutions:\n", "resolutions:\n"),
        ("resolutions: []   # none yet\n", "resolutions:   # none yet\n"),
        ("# header only\n", "# header only\nresolutions:\n"),
        ("resolutions: ~\n# end\n", "resolutions:\n"),
    ],
    ids=["null", "empty-flow", "comments-only", "tilde"],
)
def test_empty_list_forms(root: Path, before: str, after: str) -> None:
    """An empty `resolutions:` (null, [], ~) or a comments-only file gets a block list."""
    target = root / "resolutions.yaml"
    target.write_text(before, encoding="utf-8")
    assert resolve(root, "t1/start-date", "--verdict", "open")[0] == 0
    tail = "# end\n" if before.endswith("# end\n") else ""
    assert target.read_text(encoding="utf-8") == after + entry("t1/start-date", "open") + tail


def test_crlf_bom_and_indentless_list_are_kept(root: Path) -> None:
    """A Windows file (BOM, CRLF) with an indentless list stays that way."""
    target = root / "resolutions.yaml"
    original = "\ufeffresolutions:\r\n- topic: t1/start-date\r\n  verdict: open\r\n"
    target.write_bytes(original.encode("utf-8"))
    assert resolve(root, "t5/start-date", "--verdict", "open")[0] == 0
    new = (
        entry("t5/start-date", "open", indent=0)
        .replace('"t5/start-date"', "t5/start-date")
        .replace('"open"', "open")
        .replace("\n", "\r\n")
    )
    assert target.read_bytes() == (original + new).encode("utf-8")


def test_second_resolutions_file_is_updated_where_the_topic_is(root: Path) -> None:
    """With two resolutions files, a topic already resolved is updated in its own file."""
    (root / "r1.yaml").write_text("resolutions:\n" + entry("t1/start-date", "open"))
    (root / "r2.yaml").write_text("resolutions:\n" + entry("t2/start-date", "open"))
    code, out, _ = resolve(root, "t2/start-date", "--verdict", "distinct")
    assert code == 0
    assert f"in {root}/r2.yaml" in out
    assert (root / "r2.yaml").read_text() == (
        "resolutions:\n" + entry("t2/start-date") + history("open")
    )
    assert (root / "r1.yaml").read_text() == "resolutions:\n" + entry("t1/start-date", "open")
    code, out, _ = resolve(root, "t3/start-date", "--verdict", "distinct")
    assert f"in {root}/resolutions.yaml" in out


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope/start-date", "--verdict", "open"],
            "claimcheck: unknown topic 'nope/start-date'\n",
        ),
        (
            ["t1/start-dat", "--verdict", "open"],
            "claimcheck: unknown topic 't1/start-dat' (did you mean 't1/start-date'?)\n",
        ),
        (
            ["t1/start-date", "--verdict", "accept", "--value", "1991"],
            "claimcheck: value '1991' is not among the values of 't1/start-date': 1990, 2004\n",
        ),
        (
            ["t1/start-date", "--verdict", "accept"],
            "claimcheck: --verdict accept needs --value, one of: 1990, 2004\n",
        ),
        (
            ["t1/start-date", "--verdict", "open", "--value", "1990"],
            "claimcheck: --value applies to --verdict accept only, not open\n",
        ),
    ],
    ids=["unknown", "typo", "impossible-value", "accept-without-value", "value-not-accept"],
)
def test_refusals_exit_2_and_write_nothing(root: Path, args: list[str], message: str) -> None:
    """A request that makes no sense: one line on stderr, exit 2, no file written."""
    code, out, err = resolve(root, *args)
    assert (code, out, err) == (2, "", message)
    assert not (root / "resolutions.yaml").exists()


def test_topic_without_discrepancy_is_refused(root: Path) -> None:
    """Resolving a topic whose sources agree is refused: nothing to resolve."""
    (root / "b.yaml").write_text(source("b", "1990"))
    code, out, err = resolve(root, "t1/start-date", "--verdict", "open")
    assert (code, out) == (2, "")
    assert (
        err == "claimcheck: topic 't1/start-date' has no discrepancy: there is nothing to resolve\n"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("resolutions: [{topic: t1/start-date}]\n", "its resolutions: is not a block list"),
        ("resolutions:\n  - topic: [\n", "line 3: invalid YAML"),
        ("entities:\n  x: {}\n", "it is a registry file, not a resolutions file"),
    ],
    ids=["flow-list", "invalid-yaml", "registry"],
)
def test_file_it_cannot_edit_is_left_alone(root: Path, content: str, reason: str) -> None:
    """A --file that is not an editable resolutions file is refused, byte for byte intact."""
    target = root / "other.yaml"
    target.write_text(content)
    code, out, err = resolve(root, "t1/start-date", "--verdict", "open", "--file", str(target))
    assert (code, out) == (2, "")
    assert err.startswith(f"claimcheck: cannot edit {target}: {reason}")
    assert err.count("\n") == 1
    assert target.read_text() == content


# --------------------------------------------------------------------------- safety


def test_crash_during_write_keeps_original(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, the old file is intact and no temporary file is left
    (nor a lock file: locks live in the cache folder)."""
    target = root / "resolutions.yaml"
    original = "# precious\nresolutions:\n" + entry("t1/start-date", "open")
    target.write_text(original)

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", crash)
    code, out, err = resolve(root, "t2/start-date", "--verdict", "open")
    assert (code, out) == (2, "")
    assert err == f"claimcheck: cannot write {target}: No space left on device\n"
    assert target.read_text() == original
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


def test_concurrent_runs_lose_no_entry(root: Path) -> None:
    """Eight real processes resolving eight topics at once: all eight entries land."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "checker.cli",
                "resolve",
                topic,
                "--verdict",
                "open",
                "--reviewer",
                f"R{i}",
                "--rationale",
                "parallel",
                str(root),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for i, topic in enumerate(TOPICS)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else b"") for p in processes]
    for p in processes:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert outcomes == [(0, b"")] * 8
    text = (root / "resolutions.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert sorted(e["topic"] for e in data["resolutions"]) == TOPICS
    assert text.count("resolutions:") == 1
    check = run_cli("check", str(root))
    assert check.exit_code == 0
    assert (
        "8 discrepancies: 8 open (8 acknowledged), 0 resolved, 0 stale; 0 errors, 0 warnings"
        in check.stdout
    )


def test_comments_inside_a_replaced_entry_stay_where_they_are(root: Path) -> None:
    """A reviewer's note inside the old entry stays in place; `#` lines of a block scalar
    are text (kept in the history), not comments; an incomplete old entry is kept as it
    was, not completed with blanks."""
    target = root / "resolutions.yaml"
    target.write_text(
        "resolutions:\n"
        "  - topic: t1/start-date\n"
        "    # note: ask the archive\n"
        "    verdict: open\n"
        "    rationale: |\n"
        "      # not a comment\n"
        "    values_seen: []\n"
    )
    assert resolve(root, "t1/start-date", "--verdict", "distinct")[0] == 0
    assert target.read_text() == (
        "resolutions:\n"
        "  - topic: t1/start-date\n"
        "    # note: ask the archive\n"
        "    verdict: distinct\n"
        '    reviewer: "Jane Doe"\n'
        f'    date: "{TODAY}"\n'
        "    rationale: checked\n"
        '    values_seen: ["1990", "2004"]\n'
        "    history:\n"
        "      - verdict: open\n"
        "        rationale: |\n"
        "          # not a comment\n"
    )


@pytest.mark.parametrize(
    ("prop", "values", "spelled", "canonical"),
    [
        pytest.param(
            "budget:\n    type: quantity\n    unit: USD\n    tolerance: 0.1\n",
            ("100", "150"),
            "$100",
            "100 USD",
            id="quantity",
        ),
        pytest.param(
            "budget:\n    type: quantity\n    unit: USD\n    tolerance: 0.1\n",
            ("~100", "150"),
            "100",
            "100 USD",
            id="quantity-same-interval",
        ),
        pytest.param(
            "budget:\n    type: entity\n", ("Japan", "China"), "Nippon", "japan", id="entity"
        ),
        pytest.param(
            "budget:\n    type: name\n",
            ("Shaffer, Clifford A.", "Smith, John"),
            "CLIFFORD A. SHAFFER",
            "Shaffer, Clifford A.",
            id="name",
        ),
        pytest.param(
            "budget:\n    type: text\n",
            ("Kovács Péter", "Nagy Anna"),
            "KOVÁCS PÉTER",
            "kovács péter",
            id="text",
        ),
    ],
)
def test_accept_value_may_be_any_spelling_of_any_type(
    tmp_path: Path, prop: str, values: tuple[str, str], spelled: str, canonical: str
) -> None:
    """13.9b: `--value` in another spelling of a value of any type is accepted and written
    as reports spell it."""
    registry = (
        "entities:\n  club:\n    label: Club\n  japan:\n    label: Japan\n"
        "    aliases: [Nippon]\n  china:\n    label: China\nproperties:\n  " + prop
    )
    files = {"registry.yaml": registry}
    for sid, value in zip("ab", values, strict=True):
        files[f"{sid}.yaml"] = (
            f"source: {{id: {sid}, title: t, language: en}}\nclaims:\n"
            f'  - {{id: c, subject: Club, property: budget, value: "{value}", quote: q}}\n'
        )
    root = write_set(tmp_path / "claims", files)
    code, out, err = resolve(root, "club/budget", "--verdict", "accept", "--value", spelled)
    assert (code, err) == (0, ""), out
    assert f"(accept {canonical})" in out
    assert f'value: "{canonical}"' in (root / "resolutions.yaml").read_text(encoding="utf-8")
    assert run_cli("check", str(root)).exit_code == 0
