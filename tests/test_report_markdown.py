"""The Markdown report: golden output, escaping of hostile claim text, Mermaid limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from checker.analysis import Analysis, analyse
from checker.generate import generate
from checker.report import markdown
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, run_cli

GOLDEN = REPO / "tests" / "golden"
SET = "tests/golden/claims"

# What our own Markdown may render to; anything else came from claim text.
ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "strong", "blockquote", "ul", "li", "code", "pre", "br",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def rendered_tags(md: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Render like GitHub before sanitising (raw HTML on, tables on) and list the tags."""
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def golden_md(monkeypatch: pytest.MonkeyPatch) -> str:
    """The Markdown report of the golden claim set, with paths as CI sees them."""
    monkeypatch.chdir(REPO)
    return markdown.render(View(analyse([SET])))


def test_markdown_matches_golden_file(golden_md: str, update_golden: bool) -> None:
    """The Markdown report of the golden set is byte-for-byte the reviewed golden file."""
    path = GOLDEN / "report.md"
    if update_golden:
        path.write_text(golden_md, encoding="utf-8")
    assert golden_md == path.read_text(encoding="utf-8")


def test_markdown_is_deterministic(golden_md: str) -> None:
    """Two runs over the same claim set give the same bytes."""
    assert markdown.render(View(analyse([SET]))) == golden_md


def test_report_command_prints_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """`claimcheck report --format md` prints the report and exits 0."""
    monkeypatch.chdir(REPO)
    result = run_cli("report", SET, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# claimcheck report\n")
    assert "### 5. alpha-treaty/signing-date" in result.stdout
    assert result.stderr == ""


def test_summary_table_and_sections(golden_md: str) -> None:
    """The summary table comes first, then one section per discrepancy, sources, problems."""
    assert "| 5 | 17 | 8 | 6 | 4 | 0 | 1 | 1 | 1 | 2 |" in golden_md
    headings = re.findall(r"^#{2,3} .*$", golden_md, flags=re.M)
    assert headings[0] == "## Discrepancies"
    assert len([h for h in headings if h.startswith("### ")]) == 6
    assert headings[-2:] == ["## Sources", "## Problems"]


def test_resolution_and_staleness_are_shown(golden_md: str) -> None:
    """An accepted value, its reviewer and rationale, rejected claims and staleness show."""
    assert "Resolution: **accept** 320000000000 USD by Jane Doe on 2026-11-20" in golden_md
    assert "❌ rejected" in golden_md
    assert "🟠 **Stale:** the reviewer saw 30, 31; new since then: 32, 33." in golden_md


def test_problems_list_file_and_line(golden_md: str) -> None:
    """Each problem is listed with its code and file:line:column."""
    assert "❌ error CC104 tests/golden/claims/src-fr.yaml:21:12" in golden_md


def test_hostile_text_renders_to_no_foreign_markup(golden_md: str) -> None:
    """Claim text cannot inject HTML, links or images into the rendered comment."""
    tags = rendered_tags(golden_md)
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS
    assert all(attrs == [] or tag == "code" for tag, attrs in tags if tag != "th" and tag != "td")


def test_tables_keep_their_columns(golden_md: str) -> None:
    """A `|` or a line break in a quote never adds or splits table cells."""
    for block in re.findall(r"(?:^\|.*\n)+", golden_md, flags=re.M):
        rows = block.splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[click](javascript:alert(1))", r"\]\("),
        ("![x](https://evil.example/x.png)", r"\]\("),
        ("ping @octocat now", "@octocat"),
        ("fixes #123", "#123"),
        ("a | b", r"(?<!\\)\|"),
        ("line\nbreak\r\u2028here", "\n"),
        ("see https://evil.example", "https://"),
        ("see www.evil.example", r"www\."),
        ("`code` and $x^2$", r"(?<!\\)[`$]"),
        ("\u202eevil", "\u202e"),
    ],
)
def test_text_escapes_hostile_strings(hostile: str, forbidden: str) -> None:
    """Each hostile construct is broken by the escaping (``forbidden`` is a regex)."""
    assert not re.search(forbidden, markdown.text(hostile))


def test_escaped_text_still_reads_the_same() -> None:
    """Escaping keeps the words a reader sees (only invisible joiners are added)."""
    escaped = markdown.text("a <b> @x #1")
    html = MarkdownIt("commonmark").render(escaped)
    assert html.replace("\u200d", "") == "<p>a &lt;b&gt; @x #1</p>\n"


@pytest.mark.parametrize("hostile", ['a"]-->b["x"]', "click A call alert()", "x;y#35;`z`<b>"])
def test_mermaid_labels_cannot_end_the_label(hostile: str) -> None:
    """A Mermaid label keeps only letters, digits, spaces and -_.,/; the rest are entities."""
    label = markdown.mermaid_label(hostile)
    assert re.fullmatch(r"(?:[\w \-.,/]|#\d+;)*", label), label


def many_values_set(n: int) -> dict[str, str]:
    """A registry and one source per value: n conflicting values of one topic."""
    files = {"registry.yaml": REGISTRY}
    for i in range(n):
        files[f"s{i:03}.yaml"] = f"""\
            source: {{id: s{i:03}, title: "Source {i}", language: en}}
            claims:
              - {{id: c, subject: Japan, property: motto, value: "motto number {i} {"x" * i}",
                 quote: "q{i}"}}
            """
    return files


def test_mermaid_diagram_is_capped(claimset: Callable[[dict[str, str]], Path]) -> None:
    """A discrepancy with many values gets a diagram under 5,000 characters saying what is left."""
    report = markdown.render(View(analyse([str(claimset(many_values_set(120)))])))
    blocks = re.findall(r"```mermaid\n(.*?)```", report, flags=re.S)
    assert len(blocks) == 1
    assert len(blocks[0]) < markdown.MERMAID_LIMIT
    assert re.search(r"… \d+ more values, \d+ more conflicts", blocks[0])


def test_two_value_discrepancy_has_no_diagram(golden_md: str) -> None:
    """A plain two-value conflict is clear from its table; only 3+ values get a diagram."""
    assert golden_md.count("```mermaid") == 2


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """A generated set whose full Markdown report is far longer than a comment."""
    root = tmp_path_factory.mktemp("md") / "set"
    generate(root, 3_000, conflict_rate=0.5, seed=4)
    return analyse([str(root)])


def _blocks_are_whole(md: str) -> None:
    """Every code fence is closed and every table has its header, separator and cells."""
    fences = [line for line in md.splitlines() if line.startswith("```")]
    assert len(fences) % 2 == 0 and all(f == "```" for f in fences[1::2]), fences
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(md)
    assert sum(t.type == "fence" for t in tokens) == len(fences) // 2
    for block in re.findall(r"(?:^\|.*\n)+", md, flags=re.M):
        rows = block.splitlines()
        assert len(rows) >= 2 and re.fullmatch(r"\|(-{3}:?\||-{3}\|)+|\|(---:?\|)+", rows[1])
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows


@pytest.mark.parametrize("max_chars", [8_000, 20_000, markdown.DEFAULT_MAX_CHARS])
def test_long_report_fits_and_says_what_it_left_out(generated: Analysis, max_chars: int) -> None:
    """Over the limit: at most max_chars characters, failing discrepancies first, no block
    cut, and a last line counting what was left out and naming the full report."""
    full = markdown.render(View(generated), max_chars=0)
    assert len(full) > markdown.DEFAULT_MAX_CHARS
    short = markdown.render(View(generated), max_chars=max_chars)
    assert len(short) <= max_chars
    _blocks_are_whole(short)
    found = View(generated).items
    failing = [item for item in found if item.status.fails]
    shown = re.findall(r"^### (\d+)\. ", short, flags=re.M)
    index = short.split("## Discrepancies")[1].split("\n### ")[0]
    index_rows = re.findall(r"^\| (\d+) \| ", index, flags=re.M)
    assert shown == index_rows and shown
    shown_items = [found[int(n) - 1] for n in shown]
    hidden_failing = [item for item in failing if item not in shown_items]
    if any(not item.status.fails for item in shown_items):
        assert not hidden_failing  # a passing one only once every failing one is in
    last = short.rstrip("\n").splitlines()[-1]
    assert last.startswith("✂️ **Left out** to stay within ")
    assert (
        f"{len(found) - len(shown):,} of {len(found):,} discrepancies "
        f"({len(hidden_failing):,} of {len(failing):,} failing)"
    ) in last
    assert "`claimcheck report --format md --max-chars 0`" in last
    # the summary table of the whole run stays at the top
    assert short.split("## Discrepancies")[0] == full.split("## Discrepancies")[0]


def test_short_report_is_unchanged(golden_md: str) -> None:
    """Under the limit the report is the same with or without a limit."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        analysis = analyse([SET])
    assert (
        markdown.render(View(analysis)) == markdown.render(View(analysis), max_chars=0) == golden_md
    )


def test_cli_max_chars(generated: Analysis, tmp_path: Path) -> None:
    """--max-chars N caps `report --format md`; with JSON it is a usage error."""
    root = REPO / "claims"
    done = run_cli("report", str(root), "--format", "md", "--max-chars", "3000", "--no-cache")
    assert done.exit_code == 0
    assert len(done.stdout) <= 3000 and "✂️ **Left out**" in done.stdout
    refused = run_cli("report", str(root), "--format", "json", "--max-chars", "3000")
    assert refused.exit_code == 2
    assert "--max-chars applies to --format md only" in refused.stderr
