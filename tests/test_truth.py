"""The truth estimate (§8.4): likely values, source trust, copying, reviewers' verdicts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from checker.analysis import analyse
from checker.generate import answer_path, generate
from tests.helpers import run_cli

MakeSet = Callable[[dict[str, str]], Path]

REGISTRY = """\
properties:
  year:
    label: year
    type: date
  size:
    label: size
    type: quantity
"""


def source(sid: str, values: dict[str, object], prop: str = "year") -> str:
    """A source file stating ``values`` (subject -> value) for property ``prop``."""
    lines = [f"source:\n  id: {sid}\n  title: {sid}\n  language: en\nclaims:\n"]
    for i, (subject, value) in enumerate(sorted(values.items())):
        lines.append(
            f"  - id: c{i}\n    subject: {subject}\n    property: {prop}\n"
            f'    value: {json.dumps(value)}\n    quote: "{subject} {value}"\n'
        )
    return "".join(lines)


def make(claimset: MakeSet, table: dict[str, dict[str, object]], extra: dict[str, str]) -> Path:
    files = {"registry.yaml": REGISTRY, **extra}
    files.update({f"{sid}.yaml": source(sid, values) for sid, values in table.items()})
    return claimset(files)


def test_majority_of_equal_sources_is_likely(claimset: MakeSet) -> None:
    """Three sources against one, nothing else known: the three's value is likely."""
    root = make(
        claimset, {"a": {"t": 1990}, "b": {"t": 1990}, "c": {"t": 1990}, "d": {"t": 2004}}, {}
    )
    analysis = analyse([str(root)])
    likely = analysis.likely("t/year")
    assert likely is not None
    assert likely.value == "1990"
    assert 0.5 < likely.confidence < 1


def test_a_tie_has_no_likely_value(claimset: MakeSet) -> None:
    """Two sources, one value each, nothing else: null, not a coin toss."""
    root = make(claimset, {"a": {"t": 1990}, "b": {"t": 2004}}, {})
    assert analyse([str(root)]).likely("t/year") is None
    report = json.loads(run_cli("check", str(root), "--format", "json").stdout)
    assert report["discrepancies"][0]["likely"] is None


def test_trust_learnt_from_agreeing_topics_breaks_a_tie(claimset: MakeSet) -> None:
    """A source that agrees with others elsewhere outweighs one that never does."""
    agree = {f"s{i}": 1950 + i for i in range(6)}
    wrong = {f"s{i}": 1800 + i for i in range(6)}
    table = {
        "good": {**agree, "t": 1990},
        "bad": {**wrong, "t": 2004},
        "peer1": dict(agree),
        "peer2": dict(agree),
    }
    analysis = analyse([str(make(claimset, table, {}))])
    likely = analysis.likely("t/year")
    assert likely is not None and likely.value == "1990"
    assert analysis.truth.trust["good"] > 0.8 > analysis.truth.trust["bad"]


def statements(sid: str, rows: list[tuple[str, str, int]]) -> str:
    """A source file of English claims (subject, property, value), each quoting itself."""
    head = f"source:\n  id: {sid}\n  title: {sid}\n  language: en\nclaims:\n"
    return head + "".join(
        f"  - id: c{i}\n    subject: {subject}\n    property: {prop}\n"
        f'    value: {value}\n    quote: "{subject} {value}"\n'
        for i, (subject, prop, value) in enumerate(rows)
    )


def test_trust_is_learnt_per_property(claimset: MakeSet) -> None:
    """A source right on years and wrong on sizes wins a year dispute and loses a size
    dispute against one that is the other way round (overall they are equally good)."""

    years = [(f"s{i}", "year", 1950 + i) for i in range(8)]
    sizes = [(f"s{i}", "size", 100 + i) for i in range(8)]
    false_years = [(f"s{i}", "year", 1800 + i) for i in range(8)]
    false_sizes = [(f"s{i}", "size", 900 + i) for i in range(8)]
    files = {
        "registry.yaml": REGISTRY,
        "a.yaml": statements("a", [*years, *false_sizes, ("t", "year", 1990), ("u", "size", 10)]),
        "b.yaml": statements("b", [*false_years, *sizes, ("t", "year", 2004), ("u", "size", 20)]),
        "p.yaml": statements("p", years),
        "q.yaml": statements("q", sizes),
    }
    analysis = analyse([str(claimset(files))])
    year, size = analysis.likely("t/year"), analysis.likely("u/size")
    assert year is not None and year.value == "1990"
    assert size is not None and size.value.startswith("20")
    assert abs(analysis.truth.trust["a"] - analysis.truth.trust["b"]) < 0.01


def test_a_shorter_list_lends_support_to_the_list_it_begins(claimset: MakeSet) -> None:
    """Two stores give the first author alone, two give both: both authors are likely."""
    registry = "properties:\n  authors:\n    label: authors\n    type: name\n"
    registry += "    cardinality: list\n"

    def store(sid: str, authors: list[str]) -> str:
        return (
            f"source:\n  id: {sid}\n  title: {sid}\n  language: en\nclaims:\n"
            f"  - id: c0\n    subject: b\n    property: authors\n"
            f'    value: {json.dumps(authors)}\n    quote: "{", ".join(authors)}"\n'
        )

    files = {
        "registry.yaml": registry,
        "s1.yaml": store("s1", ["Hoos, Holger"]),
        "s2.yaml": store("s2", ["Hoos, Holger"]),
        "s3.yaml": store("s3", ["Hoos, Holger H.", "Stutzle, Thomas"]),
        "s4.yaml": store("s4", ["Hoos, Holger H.", "Stutzle, Thomas"]),
    }
    likely = analyse([str(claimset(files))]).likely("b/authors")
    assert likely is not None and "Stutzle" in likely.value


def test_accept_verdict_fixes_truth_and_teaches_trust(claimset: MakeSet) -> None:
    """An accepted value is certain, and the source that stated it gains trust."""
    resolutions = """\
resolutions:
  - topic: r/year
    verdict: accept
    value: "2001"
    reviewer: Jane
    date: 2026-11-20
    rationale: checked
    values_seen: ["2001", "2002"]
"""
    table = {"xa": {"r": 2001, "t": 1990}, "yb": {"r": 2002, "t": 2004}}
    analysis = analyse([str(make(claimset, table, {"resolutions.yaml": resolutions}))])
    accepted = analysis.likely("r/year")
    assert accepted is not None and accepted.value == "2001" and accepted.confidence == 1
    likely = analysis.likely("t/year")
    assert likely is not None and likely.value == "1990"
    assert analysis.truth.trust["xa"] > analysis.truth.trust["yb"]


def test_verdicts_outweigh_a_majority_that_is_wrong_everywhere(claimset: MakeSet) -> None:
    """Three independent sources outvote one on ten years; two verdicts turn the other eight."""

    files = {"registry.yaml": REGISTRY}
    files["lone.yaml"] = statements("lone", [(f"t{i}", "year", 1900 + i) for i in range(10)])
    for k in range(3):  # they differ on twenty sizes: no copiers of each other
        rows = [(f"t{i}", "year", 1800 + i) for i in range(10)]
        files[f"w{k}.yaml"] = statements(f"w{k}", rows + [(f"u{j}", "size", 100 * k + j + 1)
                                                           for j in range(20)])  # fmt: skip
    files["resolutions.yaml"] = "resolutions:\n" + "".join(
        f'  - topic: t{i}/year\n    verdict: accept\n    value: "{1900 + i}"\n'
        "    reviewer: Jane\n    date: 2026-11-20\n    rationale: checked\n"
        f'    values_seen: ["{1800 + i}", "{1900 + i}"]\n'
        for i in range(2)
    )
    analysis = analyse([str(claimset(files))])
    for i in range(2, 10):
        likely = analysis.likely(f"t{i}/year")
        assert likely is not None and likely.value == str(1900 + i)
    assert analysis.truth.trust["lone"] > 0.9 > 0.2 > analysis.truth.trust["w0"]


def copier_table() -> dict[str, dict[str, object]]:
    """Four independent sources right on 20 topics; three copiers sharing false values."""
    table: dict[str, dict[str, object]] = {}
    for k in range(4):  # each independent source errs on its own topics, differently
        table[f"ind{k}"] = {
            f"t{i}": 1900 + i if i % 4 != k else 1700 + 10 * k + i for i in range(20)
        }
    false = {f"t{i}": 1600 + i if i % 2 == 0 else 1900 + i for i in range(20)}
    for k in range(3):
        table[f"copy{k}"] = dict(false)
    return table


def test_copiers_are_found_and_discounted(claimset: MakeSet) -> None:
    """Sources sharing many false values depend; the independent majority wins against them."""
    root = make(claimset, copier_table(), {})
    analysis = analyse([str(root)])
    pairs = {dep.sources for dep in analysis.truth.dependencies}
    assert pairs == {("copy0", "copy1"), ("copy0", "copy2"), ("copy1", "copy2")}
    assert all(dep.shared_false >= 8 for dep in analysis.truth.dependencies)
    for i in range(0, 20, 2):
        likely = analysis.likely(f"t{i}/year")
        assert likely is not None and likely.value == str(1900 + i), i
    report = json.loads(run_cli("report", str(root), "--format", "json").stdout)
    assert [d["sources"] for d in report["dependencies"]] == [
        ["copy0", "copy1"],
        ["copy0", "copy2"],
        ["copy1", "copy2"],
    ]
    assert all(d["probability"] >= 0.5 for d in report["dependencies"])
    trust = {s["source"]: s["trust"] for s in report["sources"]}
    assert min(trust[f"ind{k}"] for k in range(4)) > max(trust[f"copy{k}"] for k in range(3))


def test_estimate_changes_no_status_and_no_exit_code(claimset: MakeSet) -> None:
    """Likely values are shown but a discrepancy stays open and check still exits 1."""
    root = make(claimset, {"a": {"t": 1990}, "b": {"t": 1990}, "c": {"t": 2004}}, {})
    result = run_cli("check", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    conflict_lines = [line for line in lines if " CC301 " in line]
    assert conflict_lines and all(
        line.endswith(f"; likely 1990 ({analyse([str(root)]).likely('t/year').confidence:.2f})")  # type: ignore[union-attr]
        for line in conflict_lines
    )
    report = json.loads(run_cli("check", str(root), "--format", "json").stdout)
    assert report["discrepancies"][0]["status"] == "open"


def test_same_input_same_bytes(claimset: MakeSet) -> None:
    """The estimate is deterministic: two runs print the same JSON."""
    root = make(claimset, copier_table(), {})
    first = run_cli("report", str(root), "--format", "json", "--no-cache").stdout
    assert first == run_cli("report", str(root), "--format", "json", "--no-cache").stdout


def _ranks(values: list[float]) -> list[float]:
    """Ranks with ties averaged (for Spearman's rho)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return cov / var


def test_generated_sources_of_known_accuracy_and_copiers(tmp_path: Path) -> None:
    """On a generated set with copiers: trust ranks sources by their true accuracy
    (Spearman >= 0.9), copying pairs are found (precision and recall >= 0.9), and the
    likely values beat majority vote."""
    outdir = tmp_path / "set"
    generate(outdir, 10_000, sources=30, copiers=6, seed=2)
    answer = json.loads(answer_path(outdir).read_text(encoding="utf-8"))
    false = set(answer["false_claims"])
    analysis = analyse([str(outdir)])
    assert {d.id for d in analysis.discrepancies} == {d["id"] for d in answer["discrepancies"]}

    stated: dict[str, list[bool]] = {}
    for claim in analysis.graph.claims.values():
        stated.setdefault(claim.source, []).append(claim.id not in false)
    names = sorted(stated)
    accuracy = [sum(stated[s]) / len(stated[s]) for s in names]
    assert spearman(accuracy, [analysis.truth.trust[s] for s in names]) >= 0.9

    families: dict[str, set[str]] = {}
    for s in answer["source_accuracy"]:
        if s["copies"]:
            families.setdefault(s["copies"], {s["copies"]}).add(s["source"])
    copying = {(a, b) for f in families.values() for a in f for b in f if a < b}
    found = {dep.sources for dep in analysis.truth.dependencies}
    assert len(copying) == 12
    assert len(found & copying) >= 0.9 * len(found)
    assert len(found & copying) >= 0.9 * len(copying)

    ours = majority = 0.0
    scored = 0
    for d in analysis.discrepancies:
        right = {e.value for e in d.values if not any(c in false for c in e.claims)}
        if not right:
            continue
        scored += 1
        likely = analysis.likely(d.id)
        ours += likely is not None and likely.value in right
        votes = {
            e.value: len({analysis.graph.claims[c].source for c in e.claims}) for e in d.values
        }
        best = [v for v, n in votes.items() if n == max(votes.values())]
        majority += sum(v in right for v in best) / len(best)  # a tie: a fair coin
    assert scored > 500
    assert ours / scored >= majority / scored + 0.1


def test_generate_accuracy_options(tmp_path: Path) -> None:
    """--accuracy and --copiers write the sources' accuracy into the answer; a bad range
    is a usage error."""
    result = run_cli("generate", str(tmp_path / "s"), "-n", "300", "--sources", "9",
                     "--accuracy", "0.7..0.9", "--copiers", "3")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "300 claims, 9 sources" in result.stdout
    answer = json.loads(answer_path(tmp_path / "s").read_text(encoding="utf-8"))
    rows = answer["source_accuracy"]
    assert all(0.7 <= row["accuracy"] <= 0.9 for row in rows)
    assert [row["copies"] is not None for row in rows] == [False] * 6 + [True] * 3
    bad = run_cli("generate", str(tmp_path / "t"), "-n", "30", "--accuracy", "0.9..0.2")
    assert bad.exit_code == 2
    assert "--accuracy" in bad.stderr


def test_trust_command_ranks_sources_and_names_copiers(claimset: MakeSet) -> None:
    """`claimcheck trust` ranks independent sources above copiers and lists the pairs."""
    root = make(claimset, copier_table(), {})
    result = run_cli("trust", str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    ranked = [row["source"] for row in doc["sources"]]
    assert sorted(ranked[:4]) == ["ind0", "ind1", "ind2", "ind3"]
    assert [row["rank"] for row in doc["sources"]] == list(range(1, 8))
    copy0 = next(row for row in doc["sources"] if row["source"] == "copy0")
    assert copy0["copying"] == ["copy1", "copy2"]
    assert copy0["claims"] == 20 and copy0["likely_false"] == 10
    first = doc["dependencies"][0]
    assert first["sources"] == ["copy0", "copy1"] and first["shared_false"] == 10
    assert {"topic": "t0/year", "value": "1600"} in first["examples"]
    text = run_cli("trust", str(root)).stdout
    assert "copy0 ~ copy1: p=1.00, 10 shared likely-false values of 20 shared" in text
    assert "    t0/year: 1600" in text


def test_show_explains_the_likely_value(claimset: MakeSet) -> None:
    """`show` gives the likely value, each value's votes and what copying discounted."""
    root = make(claimset, copier_table(), {})
    result = run_cli("show", "t0/year", str(root), "--no-color")
    assert result.exit_code == 0, result.stderr
    assert "  likely: 1900 (" in result.stdout
    why = result.stdout.split("Why this value is likely")[1]
    shown = dict(re.findall(r"^  (\d+): probability ([0-9.]+)", why, re.MULTILINE))
    assert set(shown) == {"1600", "1700", "1900"}
    assert float(shown["1900"]) > 0.5 > float(shown["1600"])
    assert "probably copies copy0" in why


def test_markdown_and_html_show_likely_trust_and_copying(claimset: MakeSet) -> None:
    """The human reports mark the likely value, give each source's trust and list the
    suspected copying with shared false values as evidence."""
    root = make(claimset, copier_table(), {})
    md = run_cli("report", str(root), "--format", "md").stdout
    row = "| t0/year | conflict | 🔴 open | 1600 · 1700 · 1900 | **1900** ("
    assert row in md
    assert 0.5 < float(md.split(row)[1][:4]) < 1
    assert "**1900** 🔎 likely (" in md
    assert "| source | trust | title |" in md
    assert "## Suspected copying" in md
    assert (
        "- copy0 ~ copy1: probability 1.00, 10 shared likely-false values (e.g. t0/year: 1600;"
        in md
    )
    html = run_cli("report", str(root), "--format", "html").stdout
    assert '<section class="value likely"' in html or 'class="value conflicting likely"' in html
    assert '<span class="tag likely">likely ' in html
    assert '<h2 id="copy-h">Suspected copying</h2>' in html
    assert '<span class="mono">copy0</span> ~ <span class="mono">copy1</span>' in html
    assert '<th scope="col" class="num">trust</th>' in html


def test_unique_helpers_match_numpy_on_both_paths() -> None:
    """The dense-table and the sorting paths of the estimate's unique helpers give
    exactly numpy's unique values and inverse, whatever the bound."""
    import numpy as np

    from checker.truth import _unique_ints, _unique_inverse

    keys = np.random.default_rng(5).integers(0, 5000, 3000).astype(np.int64)
    unique, inverse = np.unique(keys, return_inverse=True)
    for bound in (5000, 10**9):  # a table of flags, then numpy's sort
        assert np.array_equal(_unique_ints(keys, bound), unique)
        got, where = _unique_inverse(keys, bound)
        assert np.array_equal(got, unique)
        assert np.array_equal(where, inverse.ravel())
