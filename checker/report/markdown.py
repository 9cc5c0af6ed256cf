"""The Markdown report (``--format md``), readable as a GitHub pull-request comment.

Escaping is security here: claim files are written by anyone who can open a pull
request, and their text lands in a comment that GitHub renders. :func:`text` makes any
string inert inline Markdown -- no raw HTML, links, images, @mentions, #123 references,
table-breaking ``|`` or line breaks -- and :func:`mermaid_label` does the same inside a
quoted Mermaid label. Every string that comes from a claim file goes through one of them.
"""

from __future__ import annotations

import re

from checker.model import Modality, ReviewStatus
from checker.problems import Problem, Severity
from checker.report.view import Item, Row, View
from checker.truth import Likely

# Characters that start inline Markdown constructs (CommonMark, GFM and GitHub's math),
# escaped with a backslash. ``<``, ``>`` and ``&`` become entities instead.
_BACKSLASHED = frozenset("\\`*_[]{}()!|~$^")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
ZWJ = "\u200d"
# Line and paragraph separators, tabs and other control characters become spaces;
# bidirectional overrides (which can make text read backwards) are dropped.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Bare URLs that GitHub would turn into links: break "scheme://" and "www.".
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)")

MERMAID_LIMIT = 5000
_MERMAID_SAFE = frozenset(" -_.,/")
_LABEL_CHARS = 60


def text(value: object) -> str:
    """Any string as inert inline Markdown (safe in paragraphs, headings and table cells)."""
    out = []
    for ch in str(value):
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in "@#":
            # GitHub links @user and #123 after rendering, so backslashes do not help;
            # a zero-width joiner keeps the look and breaks the reference.
            out.append(ch + ZWJ)
        elif ch in _BIDI:
            continue
        elif not ch.isprintable() and ch != ZWJ:
            out.append(" ")
        else:
            out.append(ch)
    return _AUTOLINK.sub(ZWJ, "".join(out))


_ID_SAFE = frozenset("-_./@~:+")


def discrepancy_id(value: str) -> str:
    """A discrepancy id that can be copied into ``claimcheck resolve``: a period's ``@``
    would get :func:`text`'s zero-width joiner, so an id with ``@`` or ``#`` made of
    harmless characters only goes in a code span (GitHub links nothing there)."""
    marked = "@" in value or "#" in value
    if marked and value.isascii() and all(c.isalnum() or c in _ID_SAFE for c in value):
        return f"`{value}`"
    return text(value)


def mermaid_label(value: object) -> str:
    """A string as the inside of a quoted Mermaid label: only letters, digits, spaces and
    ``-_.,/`` stay; everything else becomes a ``#code;`` entity (``"`` cannot end it)."""
    raw = " ".join(str(value).split())
    if len(raw) > _LABEL_CHARS:
        raw = raw[: _LABEL_CHARS - 1] + "…"
    return "".join(ch if ch.isalnum() or ch in _MERMAID_SAFE else f"#{ord(ch)};" for ch in raw)


_STATUS_MARK = {
    "open": "🔴 open",
    "stale": "🟠 stale",
    "resolved": "✅ resolved",
    "open (acknowledged)": "🟡 open (acknowledged)",
    "open (warning)": "🟡 open (warning)",
}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append(
        "|" + "|".join(("---:" if c == "r" else "---") for c in align or "l" * len(header)) + "|"
    )
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return lines


# A GitHub pull-request comment holds 65,536 characters (a job summary 1 MiB).
DEFAULT_MAX_CHARS = 65_536
# Room kept for the line saying what was left out.
_NOTICE_ROOM = 700


def render(view: View, *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The report; over ``max_chars`` characters (0: no limit) it is shortened by
    :func:`_shortened`, cutting only between whole blocks (never inside a table row
    list, a code fence or a Mermaid diagram)."""
    found = view.items
    lines = _head(view, found)
    if found:
        lines += ["## Discrepancies", ""]
        lines += _index(list(enumerate(found, 1)))
        lines.append("")
        for n, item in enumerate(found, 1):
            lines += _discrepancy(n, item)
    lines += _scorecard(view)
    lines += _copying(view)
    lines += _problems(view)
    full = _joined(lines)
    if max_chars <= 0 or len(full) <= max_chars:
        return full
    return _shortened(view, found, max_chars)


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _head(view: View, found: list[Item]) -> list[str]:
    summary = view.summary
    lines = ["# claimcheck report", ""]
    failing = sum(item.status.fails for item in found)
    if view.exit_code:
        verdict = (
            f"❌ **Fails:** {_count(failing, 'failing discrepancy', 'failing discrepancies')}, "
            f"{_count(summary['errors'], 'error', 'errors')}."
        )
    else:
        verdict = "✔️ **Passes:** no errors and no open or stale discrepancies that fail."
    lines += [verdict, ""]
    keys = list(summary)
    lines += _table(keys, [[str(summary[k]) for k in keys]], "r" * len(keys))
    lines.append("")
    return lines


def _index(numbered: list[tuple[int, Item]]) -> list[str]:
    """The table of discrepancies, one row each."""
    return _table(
        ["#", "topic", "kind", "status", "values", "likely"],
        [
            [
                str(n),
                discrepancy_id(item.id),
                item.discrepancy.kind,
                _STATUS_MARK[item.status_label],
                " · ".join(text(v) for v in item.discrepancy.value_texts()),
                _likely(item),
            ]
            for n, item in numbered
        ],
        "rlllll",
    )


def _shortened(view: View, found: list[Item], max_chars: int) -> str:
    """The report within ``max_chars``: the summary, then what fits in this order of
    importance: failing discrepancies (each as its table row and its whole section),
    error problems, the other discrepancies, warnings, the scorecard; and a line saying
    what was left out. Every block is whole; numbers stay those of the full report."""
    head = _head(view, found)
    budget = max_chars - _size(head) - _NOTICE_ROOM - _size(["## Problems", "", ""])
    if found:
        budget -= _size(["## Discrepancies", "", *_index([]), ""])
    numbered = list(enumerate(found, 1))
    errors = [p for p in view.problems if p.severity is Severity.ERROR]
    warnings = [p for p in view.problems if p.severity is not Severity.ERROR]
    chosen: dict[int, list[str]] = {}  # discrepancy number -> its section
    shown: set[Problem] = set()

    def take_discrepancies(fails: bool) -> None:
        nonlocal budget
        for n, item in numbered:
            if item.status.fails is fails:
                section = _discrepancy(n, item)
                cost = _size(_index([(n, item)])[2:]) + _size(section)
                if cost <= budget:
                    chosen[n] = section
                    budget -= cost

    def take_problems(problems: list[Problem]) -> None:
        nonlocal budget
        for p in problems:
            cost = len(_problem_line(p)) + 1
            if cost <= budget:
                shown.add(p)
                budget -= cost

    take_discrepancies(True)
    take_problems(errors)
    take_discrepancies(False)
    take_problems(warnings)
    scorecard = _scorecard(view)
    if _size(scorecard) > budget:
        scorecard = []
    else:
        budget -= _size(scorecard)
    copying = _copying(view)
    if _size(copying) > budget:
        copying = []
    lines = list(head)
    if found:
        kept = [(n, item) for n, item in numbered if n in chosen]
        lines += ["## Discrepancies", "", *_index(kept), ""]
        lines += [line for n, _ in kept for line in chosen[n]]
    lines += scorecard + copying
    problem_lines = [_problem_line(p) for p in view.problems if p in shown]
    lines += ["## Problems", "", *(problem_lines or ["None shown."]), ""]
    failing = sum(item.status.fails for item in found)
    failing_shown = sum(item.status.fails for n, item in numbered if n in chosen)
    errors_shown = sum(p in shown for p in errors)
    left = [
        f"{len(found) - len(chosen):,} of {len(found):,} discrepancies "
        f"({failing - failing_shown:,} of {failing:,} failing)",
        f"{len(view.problems) - len(shown):,} of {len(view.problems):,} problems "
        f"({len(errors) - errors_shown:,} of {len(errors):,} errors)",
    ]
    if not scorecard and view.sources:
        left.append("the source scorecard")
    if not copying and view.dependencies:
        left.append("the suspected copying")
    lines.append(
        f"✂️ **Left out** to stay within {max_chars:,} characters (a pull-request comment "
        f"holds 65,536): {'; '.join(left)}. Failing discrepancies come first, then errors. "
        "The full report: `claimcheck report --format md --max-chars 0`, or "
        "`--format html`."
    )
    return _joined(lines)


def _discrepancy(n: int, item: Item) -> list[str]:
    d = item.discrepancy
    lines = [f"### {n}. {discrepancy_id(d.id)}", ""]
    lines.append(
        f"**{text(item.subject_label)}** — {text(item.property_label)} · "
        f"kind: **{d.kind}** · status: **{_STATUS_MARK[item.status_label]}**"
        + (f" · likely: {_likely(item)}" if item.likely else "")
    )
    lines.append("")
    lines += _table(
        ["value", "source", "claim", "quote", "translation"],
        [_row(row, first, item.accepted, item.likely) for row, first in _firsts(item.rows)],
    )
    lines.append("")
    lines += _resolution(item)
    if len(d.values) >= 3:
        lines += ["```mermaid", *mermaid(item), "```", ""]
    return lines


def _firsts(rows: tuple[Row, ...]) -> list[tuple[Row, bool]]:
    """Each row with whether it is the first of its value (the value is shown once)."""
    out = []
    previous = None
    for row in rows:
        out.append((row, row.entry != previous))
        previous = row.entry
    return out


def _likely(item: Item) -> str:
    """``**2004** (0.83)``: the likely value and its confidence, or a dash."""
    if item.likely is None:
        return "—"
    return f"**{text(item.likely.value)}** ({item.likely.confidence:.2f})"


def _row(row: Row, first: bool, accepted: str | None, likely: Likely | None = None) -> list[str]:
    claim = row.claim
    value = f"**{text(row.value)}**" if first else ""
    if first and accepted == row.text:
        value += " ✅ accepted"
    if first and likely is not None and likely.value == row.text:
        value += f" 🔎 likely ({likely.confidence:.2f})"
    notes: list[str] = []
    if claim.modality is not Modality.ACTUAL:
        notes.append(claim.modality)
    if row.rejected:
        notes.append("❌ rejected")
    if claim.location:
        notes.append(text(claim.location))
    notes.append(f"{text(claim.span.file)}:{claim.span.line}")
    source = text(claim.source) + (f" ({text(row.language)})" if row.language else "")
    return [
        value,
        source,
        f"{text(claim.local_id)}<br>{' · '.join(notes)}",
        f"“{text(claim.quote)}”",
        text(claim.translation or ""),
    ]


def _resolution(item: Item) -> list[str]:
    resolution = item.status.resolution
    if resolution is None:
        return ["No resolution yet.", ""]
    verdict = f"**{resolution.verdict}**"
    if resolution.value is not None:
        verdict += f" {text(resolution.value)}"
    lines = [
        f"Resolution: {verdict} by {text(resolution.reviewer)} on {text(resolution.date)} "
        f"({text(resolution.span.file)}:{resolution.span.line})",
        "",
        f"> {text(resolution.rationale)}",
        "",
    ]
    if resolution.evidence:
        lines += ["Evidence: " + ", ".join(text(e) for e in resolution.evidence), ""]
    if resolution.history:
        lines += ["Earlier verdicts, newest first:", ""]
        for past in resolution.history:
            value = f" {text(past.value)}" if past.value is not None else ""
            who = f" by {text(past.reviewer)}" if past.reviewer else ""
            when = f" on {text(past.date)}" if past.date else ""
            why = f": {text(past.rationale)}" if past.rationale else ""
            lines.append(f"- **{past.verdict}**{value}{who}{when}{why}")
        lines.append("")
    if item.status.status is ReviewStatus.STALE:
        seen = ", ".join(text(v) for v in resolution.values_seen)
        new = ", ".join(text(v) for v in item.new_values) or "none"
        lines += [
            f"🟠 **Stale:** the reviewer saw {seen}; new since then: {new}. "
            "Review it again (`claimcheck resolve`).",
            "",
        ]
    return lines


def mermaid(item: Item) -> list[str]:
    """A flowchart of the discrepancy's values (with their sources) and its conflicts,
    under :data:`MERMAID_LIMIT` characters; what does not fit is counted in a last node."""
    edges = [(f"v{a.index}", f"v{b.index}") for a, b in item.conflicts]
    accepted = item.accepted
    lines = ["flowchart LR"]
    budget = MERMAID_LIMIT - 200  # room for the closing lines
    shown: set[str] = set()
    for value in item.values:
        names = ", ".join(item.value_sources[value.index])
        line = f'  v{value.index}["{mermaid_label(value.label)}<br/>{mermaid_label(names)}"]'
        if sum(len(x) + 1 for x in lines) + len(line) > budget:
            break
        lines.append(line)
        shown.add(f"v{value.index}")
    drawn = 0
    for a, b in edges:
        if a not in shown or b not in shown:
            continue
        line = f"  {a} -. conflicts .- {b}"
        if sum(len(x) + 1 for x in lines) + len(line) > budget:
            break
        lines.append(line)
        drawn += 1
    hidden_values = len(item.values) - len(shown)
    hidden_edges = len(edges) - drawn
    if hidden_values or hidden_edges:
        lines.append(f'  more["… {hidden_values} more values, {hidden_edges} more conflicts"]')
    if drawn:
        lines.append("  linkStyle default stroke:#cf222e,stroke-width:2px")
    for value in item.values:
        if value.text == accepted and f"v{value.index}" in shown:
            lines.append(f"  style v{value.index} stroke:#1a7f37,stroke-width:3px")
    return lines


def _scorecard(view: View) -> list[str]:
    rows = []
    for row in view.sources:
        score, source = row.score, row.source
        rows.append(
            [
                text(score.source),
                f"{row.trust:.2f}",
                text(source.title),
                text(source.language),
                str(score.claims),
                str(score.corroborated),
                str(score.contradicted),
                str(score.rejected),
            ]
        )
    if not rows:
        return []
    return [
        "## Sources",
        "",
        *_table(
            [
                "source",
                "trust",
                "title",
                "lang",
                "claims",
                "corroborated",
                "contradicted",
                "rejected",
            ],
            rows,
            "lrllrrrr",
        ),
        "",
        "Trust: how often a source's values are the likely or accepted ones (0–1), learnt "
        "over all topics; an estimate for reviewers, it changes no status.",
        "",
    ]


def _copying(view: View) -> list[str]:
    """Suspected copying: pairs of sources sharing likely-false values, with examples."""
    dependencies = view.dependencies
    if not dependencies:
        return []
    lines = ["## Suspected copying", ""]
    for dep in dependencies:
        a, b = (text(s) for s in dep.sources)
        shown = "; ".join(f"{text(t)}: {text(v)}" for t, v in dep.examples)
        lines.append(
            f"- {a} ~ {b}: probability {dep.probability:.2f}, "
            f"{_count(dep.shared_false, 'shared likely-false value', 'shared likely-false values')}"
            + (f" (e.g. {shown})" if shown else "")
        )
    lines.append("")
    return lines


def _problems(view: View) -> list[str]:
    if not view.problems:
        return ["## Problems", "", "None.", ""]
    lines = ["## Problems", ""]
    lines += [_problem_line(p) for p in view.problems]
    lines.append("")
    return lines


def _problem_line(p: Problem) -> str:
    mark = "❌ error" if p.severity is Severity.ERROR else "⚠️ warning"
    return f"- {mark} {p.code} {text(p.file)}:{p.line}:{p.column} — {text(p.message)}"
