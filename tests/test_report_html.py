"""The HTML report: one self-contained, escaped, deterministic page, tried in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from checker.analysis import analyse
from checker.report import html
from checker.report.view import View
from tests.helpers import CHROMIUM_FLAGS, REGISTRY, REPO, run_cli

GOLDEN = REPO / "tests" / "golden"
SET = "tests/golden/claims"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def page_text() -> str:
    """The HTML report of the golden claim set, with paths as CI sees them."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        return html.render(View(analyse([SET])))


class Outline(HTMLParser):
    """Headings, cards, badges, scripts and styles of a page, plus every attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._stack: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
        if tag not in ("br", "meta", "input", "rect", "line", "path"):
            self._stack.append((tag, dict(attrs), []))
        cls = dict(attrs).get("class") or ""
        if tag == "li" and "card" in cls:
            self.lines.append(f"card {dict(attrs).get('id')} {cls}")

    def handle_data(self, data: str) -> None:
        for _, _, texts in self._stack:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "meta", "input", "rect", "line", "path"):
            return
        _, attrs, texts = self._stack.pop()
        text = "".join(texts)
        cls = attrs.get("class") or ""
        if tag in ("h1", "h2", "h3", "h4", "summary"):
            self.lines.append(f"{tag} {' '.join(text.split())}")
        elif tag == "span" and "badge" in cls:
            self.lines.append(f"  badge {text.strip()}")
        elif tag == "script":
            self.scripts.append((attrs, text))
        elif tag == "style":
            self.styles.append(text)


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    return parser


def test_html_outline_matches_golden_file(page_text: str, update_golden: bool) -> None:
    """The page's structure (headings, cards, badges, value columns) is the reviewed one."""
    got = "\n".join(outline(page_text).lines) + "\n"
    path = GOLDEN / "report.html.outline"
    if update_golden:
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_html_is_deterministic(page_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs give the same bytes: no timestamps, no random ids."""
    monkeypatch.chdir(REPO)
    assert html.render(View(analyse([SET]))) == page_text


def test_report_command_writes_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`claimcheck report --format html --output FILE` writes the page and exits 0."""
    monkeypatch.chdir(REPO)
    out = tmp_path / "report.html"
    result = run_cli("report", SET, "--format", "html", "--output", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_page_needs_nothing_from_outside(page_text: str) -> None:
    """No external script, style, font or image: nothing is fetched when the page opens."""
    parsed = outline(page_text)
    for tag, name, value in parsed.attrs:
        assert name not in ("src", "srcset", "poster", "background"), (tag, name, value)
        if name == "href":
            assert tag == "a" and re.match(r"#|https?://", value), (tag, value)
    assert "<link" not in page_text
    assert "@import" not in page_text and "url(" not in "".join(parsed.styles)


def test_csp_allows_exactly_the_inline_script_and_style(page_text: str) -> None:
    """The Content-Security-Policy names the hashes of the page's own script and style."""
    parsed = outline(page_text)
    csp = next(
        v for t, n, v in parsed.attrs if t == "meta" and n == "content" and "default-src" in v
    )

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    code = [body for attrs, body in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 1 and f"'sha256-{digest(code[0])}'" in csp
    assert len(parsed.styles) == 1 and f"'sha256-{digest(parsed.styles[0])}'" in csp
    assert "default-src 'none'" in csp


def test_hostile_text_is_escaped(page_text: str) -> None:
    """A quote with a script or an image tag appears only as escaped text."""
    assert "<script>alert" not in page_text
    assert "<img" not in page_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_text
    assert 'href="javascript:' not in page_text


def test_search_index_is_json_that_cannot_close_its_script(page_text: str) -> None:
    """The data for the script is JSON with <, > and & escaped, one entry per card."""
    body = next(b for a, b in outline(page_text).scripts if a.get("type") == "application/json")
    assert not re.search("[<>&]", body)
    data = json.loads(body)
    assert [item["id"] for item in data["items"]][:2] == [
        "alpha-agency/budget",
        "alpha-agency/headquarters",
    ]
    motto = next(i for i in data["items"] if i["id"] == "alpha-agency/motto")
    assert "<script>alert(1)</script>" in motto["text"]


def test_quotes_carry_their_language(page_text: str) -> None:
    """Quotes are marked with their source's language so Japanese renders as Japanese."""
    assert '<blockquote lang="ja" dir="auto">アルファ条約は2004年に署名された。</blockquote>' in (
        page_text
    )


def test_dates_get_a_timeline_and_others_a_value_source_picture(page_text: str) -> None:
    """Date topics are drawn as a timeline; other topics as values linked to sources."""
    summaries = [line for line in outline(page_text).lines if line.startswith("summary")]
    assert summaries.count("summary Timeline of the values") == 2
    assert summaries.count("summary Which source gives which value") == 4


def test_timeline_of_a_date_open_from_the_last_day(
    claimset: Callable[[dict[str, str]], Path],
) -> None:
    """A date starting on 9999-12-31 (`9999-12-31..`) is drawn, not an internal error."""
    root = claimset(
        {
            "registry.yaml": REGISTRY,
            "a.yaml": """\
                source: {id: a, title: T, language: en}
                claims:
                  - {id: c, subject: Japan, property: start date, value: "9999-12-31..", quote: q}
                  - {id: d, subject: Japan, property: start date, value: 1990, quote: q}
                """,
        }
    )
    page = html.render(View(analyse([str(root)])))
    assert "Timeline of the values of japan/start-date" in page


def big_set(n: int) -> dict[str, str]:
    """Two sources that disagree on the motto of n ad-hoc subjects: n discrepancies."""
    lines = {"a": [], "b": []}
    for i in range(n):
        for side in "ab":
            lines[side].append(
                f'  - {{id: c{i}, subject: "Thing {i}", property: motto, '
                f'value: "{"red" if side == "a" else "blue"} {i}", quote: "q {side} {i}"}}'
            )
    files = {"registry.yaml": REGISTRY}
    for side, lang in (("a", "en"), ("b", "ja")):
        head = f"source: {{id: src-{side}, title: T, language: {lang}}}\nclaims:\n"
        files[f"{side}.yaml"] = head + "\n".join(lines[side]) + "\n"
    return files


# ---------------------------------------------------------------- in a real browser

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fresh profile, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


class Opened:
    """A page opened in the browser, with everything it logged, requested or alerted."""

    def __init__(self, context: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def visible(self) -> int:
        return int(self.page.locator("#cards > li").count())

    def count_text(self) -> str:
        return str(self.page.inner_text("#count"))


@pytest.fixture
def opened(browser: Any, page_text: str, tmp_path: Path) -> Iterator[Opened]:
    """The golden report opened in Chromium."""
    path = tmp_path / "report.html"
    path.write_text(page_text, encoding="utf-8")
    result = Opened(browser, path)
    yield result
    result.page.close()


@needs_chromium
def test_page_loads_without_errors_or_requests(opened: Opened) -> None:
    """The page loads with no console error, no script error and no network request."""
    assert opened.errors == []
    assert opened.requests == [opened.url]
    assert opened.visible() == 6
    assert opened.count_text() == "Showing 6 of 6 discrepancies"


@needs_chromium
@pytest.mark.parametrize(
    ("select", "value", "expected"),
    [
        ("#f-status", "open", 4),
        ("#f-status", "resolved", 1),
        ("#f-status", "stale", 1),
        ("#f-kind", "self-contradiction", 1),
        ("#f-kind", "plan-vs-actual", 1),
        ("#f-source", "src-evil", 2),
        ("#f-source", "src-de", 3),
        ("#f-language", "ja", 4),
        ("#f-language", "fr", 1),
    ],
)
def test_filters_show_only_matching_discrepancies(
    opened: Opened, select: str, value: str, expected: int
) -> None:
    """Choosing a status, kind, source or language hides the other discrepancies."""
    opened.page.select_option(select, value)
    assert opened.visible() == expected
    assert opened.count_text() == f"Showing {expected} of 6 discrepancies"


@needs_chromium
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("署名", 1),  # a Japanese quote
        ("SEMPER", 1),  # a value, whatever the case
        ("multi-year", 0),  # rationales are not searched
        ("signed 2004", 1),  # every word must match (translation)
        ("alpha-agency/", 4),  # topic ids
        ("<script>", 1),  # hostile text is searchable text
        ("no such thing", 0),
    ],
)
def test_search_box_filters_by_text(opened: Opened, query: str, expected: int) -> None:
    """Typing in the search box (by keyboard) keeps the discrepancies whose text matches."""
    opened.page.focus("#f-search")
    opened.page.keyboard.type(query)
    assert opened.visible() == expected
    assert opened.page.is_visible("#none") == (expected == 0)


@needs_chromium
def test_filters_combine_and_clear(opened: Opened) -> None:
    """Filters combine; the Clear button shows everything again."""
    opened.page.select_option("#f-language", "ja")
    opened.page.fill("#f-search", "budget")
    assert opened.visible() == 1
    opened.page.click("#f-clear")
    assert opened.visible() == 6


@needs_chromium
def test_filters_are_reachable_by_keyboard(opened: Opened) -> None:
    """Tab moves from the search box to the status filter; every filter has a label."""
    opened.page.focus("#f-search")
    opened.page.keyboard.press("Tab")
    assert opened.page.evaluate("document.activeElement.id") == "f-status"
    for control in ("f-search", "f-status", "f-kind", "f-source", "f-language"):
        assert opened.page.locator(f"label[for={control}]").count() == 1


@needs_chromium
def test_hostile_quote_shows_as_text_and_runs_nothing(opened: Opened) -> None:
    """The hostile quote is visible as text; no alert fires and no image is created."""
    card = opened.page.locator("#cards > li", has_text="alpha-agency/motto")
    assert "<script>alert(1)</script>" in card.inner_text()
    assert "<img src=x onerror=alert(2)>" in card.inner_text()
    assert opened.page.locator("#cards img, #cards script").count() == 0
    opened.page.fill("#f-search", "onerror")
    assert opened.dialogs == []
    assert opened.errors == []


@needs_chromium
def test_thousand_discrepancies_filter_quickly(
    browser: Any, claimset: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    """With 1,200 discrepancies the page loads and a search answers within a second."""
    page_file = tmp_path / "big.html"
    page_file.write_text(
        html.render(View(analyse([str(claimset(big_set(1200)))]))), encoding="utf-8"
    )
    big = Opened(browser, page_file)
    try:
        assert big.visible() == 1200
        # Timed inside the page: the filter's own work plus the re-layout it causes.
        took = big.page.evaluate(
            """() => {
              const box = document.getElementById("f-search");
              box.value = "blue 1199";
              const start = performance.now();
              box.dispatchEvent(new Event("input", {bubbles: true}));
              void document.body.offsetHeight;
              return performance.now() - start;
            }"""
        )
        assert big.visible() == 1
        assert took < 1000
        assert big.errors == []
    finally:
        big.page.close()


HOSTILE = REPO / "tests" / "bad" / "hostile-text"


def test_control_characters_become_visible_escapes() -> None:
    """html5lib finds no invalid code point in the hostile set's page; ESC, C1, DEL and the
    bidi override are shown as escapes, and the search index keeps them exactly."""
    import html5lib

    page = html.render(View(analyse([str(HOSTILE)])))
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page)
    assert [error for error in parser.errors if error[1] == "invalid-codepoint"] == []
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", page)
    assert "\\x1b[31mred\\x1b[0m" in page
    assert "\\x9b31m" in page and "\\u202egnp.exe" in page and "\\x7f" in page
    body = next(b for a, b in outline(page).scripts if a.get("type") == "application/json")
    texts = json.dumps(json.loads(body), ensure_ascii=False)
    assert "\\u001b[31mred" in texts  # the index holds the raw text, JSON-escaped


def test_visible_escapes_every_forbidden_character() -> None:
    """C0 (but tab, LF, CR), C1, surrogates and noncharacters in every plane are escaped."""
    from checker.report.escape import visible

    assert visible("a\x00b\x0cc\x9bd\ud800e\ufdd0f\U0010ffffg\t\n\r日本\u200d") == (
        "a\\x00b\\x0cc\\x9bd\\ud800e\\ufdd0f\\U0010ffffg\t\n\r日本\u200d"
    )


@needs_chromium
@pytest.mark.parametrize("width", [360, 390, 768])
@pytest.mark.parametrize("which", ["golden", "bundled"])
def test_page_fits_a_phone_without_horizontal_scrolling(
    browser: Any, page_text: str, tmp_path: Path, width: int, which: str
) -> None:
    """At 360 px and up nothing runs off the right: cards, values and tables fit."""
    path = tmp_path / "report.html"
    text = page_text if which == "golden" else (REPO / "reports/claims.html").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    page = browser.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        overflowing = page.evaluate(
            """(w) => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > w + 0.5
                             && !e.closest('.visually-hidden, thead'))
                .map(e => e.tagName + '.' + e.className)""",
            width,
        )
        assert overflowing == []
    finally:
        page.close()
