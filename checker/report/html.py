"""The HTML report (``--format html``): one self-contained page for an analyst.

Everything the page needs is inside it -- CSS, JavaScript and SVG pictures drawn here --
so it opens offline and makes no network request; a Content-Security-Policy that allows
only this page's own style and script (by hash) enforces that. Every string from a claim
file is escaped with :func:`esc`, and the search index reaches the script as JSON in a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, so no
claim text can become markup or code. The bytes depend only on the analysis.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Sequence
from datetime import date
from importlib import resources

from checker.model import (
    MAX_DAY,
    MIN_DAY,
    DateValue,
    Modality,
    PropertyType,
    Resolution,
    ReviewStatus,
)
from checker.report.escape import INVISIBLE, visible
from checker.report.view import Item, Row, View

_STATUS_ORDER = (ReviewStatus.OPEN, ReviewStatus.STALE, ReviewStatus.RESOLVED)


def esc(value: object) -> str:
    """Text as HTML character data or a quoted attribute value; characters HTML forbids
    (and bidi overrides) become visible escapes."""
    return html.escape(visible(str(value)), quote=True)


def _json_escape(match: re.Match[str]) -> str:
    return "".join(f"\\u{unit:04x}" for unit in _utf16(match.group()))


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``) and
    holds no character HTML forbids (JSON escapes keep the script's strings exact)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return INVISIBLE.sub(_json_escape, text)


def _asset(name: str) -> str:
    return resources.files("checker.report").joinpath("assets", name).read_text("utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render(view: View) -> str:
    css = _asset("report.css")
    js = _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    found = view.items
    summary = view.summary
    failing = sum(item.status.fails for item in found)
    if view.exit_code:
        verdict = (
            '<p class="verdict fail">Fails: '
            f"{_plural(failing, 'failing discrepancy', 'failing discrepancies')}, "
            f"{_plural(summary['errors'], 'error', 'errors')}.</p>"
        )
    else:
        verdict = '<p class="verdict pass">Passes: nothing fails.</p>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
        '<meta name="referrer" content="no-referrer">',
        "<title>claimcheck report</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>claimcheck report</h1>",
        verdict,
        '<nav aria-label="Sections"><ul>'
        '<li><a href="#discrepancies">Discrepancies</a></li>'
        '<li><a href="#sources">Sources</a></li>'
        '<li><a href="#problems">Problems</a></li></ul></nav>',
        "</header>",
        "<main>",
        _summary(
            summary,
            open_failing=sum(
                i.status.status is ReviewStatus.OPEN and i.status.fails for i in found
            ),
        ),
        _discrepancies(found),
        _scorecard(view),
        _copying(view),
        _problems(view),
        "</main>",
        f'<script type="application/json" id="cc-data">{script_json(_index(found))}</script>',
        f"<script>{js}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- summary and filters


def _summary(summary: dict[str, int], open_failing: int) -> str:
    # Open discrepancies that fail nothing (acknowledged, or a plan-vs-actual warning) are
    # not shown in alarm colours under "Passes".
    tone = {
        "open": "bad" if open_failing else "warn",
        "acknowledged": "warn",
        "stale": "bad",
        "errors": "bad",
        "warnings": "warn",
        "resolved": "good",
    }
    cells = []
    for key, value in summary.items():
        cls = tone.get(key, "") if value else ""
        cells.append(f'<div class="{cls}"><dt>{esc(key)}</dt><dd>{value}</dd></div>')
    return (
        '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
        f'<dl class="figures">{"".join(cells)}</dl></section>'
    )


def _select(key: str, label: str, options: Sequence[str]) -> str:
    opts = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in options)
    return (
        f'<div><label for="f-{key}">{esc(label)}</label>'
        f'<select id="f-{key}" name="{key}"><option value="">all</option>{opts}</select></div>'
    )


def _discrepancies(found: list[Item]) -> str:
    head = '<section id="discrepancies" aria-labelledby="disc-h"><h2 id="disc-h">Discrepancies</h2>'
    if not found:
        return head + "<p>No discrepancies: the sources agree.</p></section>"
    statuses = [s for s in _STATUS_ORDER if any(i.status.status is s for i in found)]
    kinds = sorted({i.discrepancy.kind for i in found})
    sources = sorted({s for i in found for s in i.sources})
    languages = sorted({lang for i in found for lang in i.languages})
    filters = (
        '<form id="filters" class="filters" role="search" aria-label="Filter discrepancies">'
        '<div><label for="f-search">Search topics, values, quotes, translations</label>'
        '<input type="search" id="f-search" name="q" autocomplete="off" '
        'placeholder="e.g. 1990 or 署名"></div>'
        + _select("status", "Status", statuses)
        + _select("kind", "Kind", kinds)
        + _select("source", "Source", sources)
        + _select("language", "Language", languages)
        + '<div><button type="button" id="f-clear">Clear filters</button></div></form>'
    )
    count = f"Showing {len(found)} of {_plural(len(found), 'discrepancy', 'discrepancies')}"
    cards = "\n".join(_card(n, item) for n, item in enumerate(found))
    return (
        head
        + filters
        + f'<p id="count" role="status" aria-live="polite">{count}</p>'
        + '<p id="none" hidden>No discrepancy matches these filters.</p>'
        + f'<ol id="cards" class="cards">\n{cards}\n</ol></section>'
    )


def _index(found: list[Item]) -> dict[str, object]:
    """What the script filters on, one entry per card in page order."""
    entries = []
    for item in found:
        words = [item.id, item.subject_label, item.property_label]
        words += item.discrepancy.value_texts()
        for row in item.rows:
            words += [row.claim.id, row.claim.quote, row.claim.translation or ""]
        entries.append(
            {
                "id": item.id,
                "status": item.status.status,
                "kind": item.discrepancy.kind,
                "sources": list(item.sources),
                "languages": list(item.languages),
                "text": "\n".join(w for w in words if w),
            }
        )
    return {"items": entries}


# ---------------------------------------------------------------- one discrepancy


def _card(n: int, item: Item) -> str:
    d = item.discrepancy
    status = item.status.status
    soft = " soft" if status is ReviewStatus.OPEN and not item.status.fails else ""
    status_badge = "soft" if soft else status
    accepted = item.accepted
    by_entry = item.rows_by_entry
    columns = []
    for value in item.values:
        classes = ["value"]
        if value.conflicting:
            classes.append("conflicting")
        if value.text == accepted:
            classes.append("accepted")
        mark = ' <span class="tag">accepted</span>' if value.text == accepted else ""
        likely = ""
        if item.likely is not None and value.text == item.likely.value:
            classes.append("likely")
            likely = (
                f'<p class="likely-mark"><span class="tag likely">likely '
                f"{item.likely.confidence:.2f}</span> (an estimate)</p>"
            )
        claims = "".join(_claim(row) for row in by_entry[value.index])
        columns.append(
            f'<section class="{" ".join(classes)}" aria-label="value {esc(value.label)}">'
            f"<h4>{esc(value.label)}{mark}</h4>{likely}{claims}</section>"
        )
    picture, caption = _picture(item)
    return (
        f'<li class="card st-{status}{soft}" id="d{n}">'
        f'<article aria-labelledby="d{n}-h"><div class="card-head">'
        f'<h3 id="d{n}-h">{esc(d.id)}</h3>'
        f'<span class="badge kind {esc(d.kind)}">{esc(d.kind)}</span>'
        f'<span class="badge {status_badge}">{esc(item.status_label)}</span></div>'
        f'<p class="meta">{esc(item.subject_label)} · {esc(item.property_label)} · '
        f"{_plural(len(d.values), 'value', 'values')} from "
        f"{_plural(len(item.sources), 'source', 'sources')}{_likely(item)}</p>"
        f'<div class="values">{"".join(columns)}</div>'
        f'<details class="picture" open><summary>{esc(caption)}</summary>{picture}</details>'
        f"{_resolution(item)}</article></li>"
    )


def _likely(item: Item) -> str:
    """`` · likely 2004 (0.83)`` for the meta line: an estimate, not a verdict (§8.4)."""
    if item.likely is None:
        return " · no likely value (nothing tells them apart)"
    return (
        f' · likely <strong class="likely">{esc(item.likely.value)}</strong> '
        f"({item.likely.confidence:.2f})"
    )


def _claim(row: Row) -> str:
    claim = row.claim
    lang = esc(row.language) if row.language else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    title = row.source.title if row.source else ""
    tags = []
    if claim.modality is not Modality.ACTUAL:
        tags.append(f'<span class="tag">{esc(claim.modality)}</span>')
    if claim.negated:
        tags.append('<span class="tag">negated</span>')
    if row.rejected:
        tags.append('<span class="tag rejected">rejected</span>')
    where = f"{claim.span.file}:{claim.span.line}"
    if claim.location:
        where = f"{claim.location} · {where}"
    translation = (
        f'<p class="translation">{esc(claim.translation)}</p>' if claim.translation else ""
    )
    return (
        f'<figure class="claim"><blockquote{lang_attr} dir="auto">{esc(claim.quote)}</blockquote>'
        f"{translation}"
        f'<figcaption class="who"><strong>{esc(claim.source)}</strong>'
        f"{f' ({lang})' if lang else ''} — <span{lang_attr}>{esc(title)}</span>"
        f'{"".join(tags)}<br><span class="mono">{esc(claim.local_id)}</span> · '
        f'<span class="mono">{esc(where)}</span></figcaption></figure>'
    )


def _resolution(item: Item) -> str:
    resolution = item.status.resolution
    if resolution is None:
        return '<div class="resolution"><p>No resolution yet.</p></div>'
    value = f" <strong>{esc(resolution.value)}</strong>" if resolution.value is not None else ""
    parts = [
        '<div class="resolution">',
        f"<p>Resolution: <strong>{esc(resolution.verdict)}</strong>{value} by "
        f"{esc(resolution.reviewer)} on {esc(resolution.date)} "
        f'<span class="mono">({esc(resolution.span.file)}:{resolution.span.line})</span></p>',
        f"<blockquote>{esc(resolution.rationale)}</blockquote>",
    ]
    if resolution.evidence:
        links = ", ".join(_link(e) for e in resolution.evidence)
        parts.append(f"<p>Evidence: {links}</p>")
    if resolution.history:
        parts.append(_history(resolution))
    if item.status.status is ReviewStatus.STALE:
        seen = ", ".join(resolution.values_seen)
        new = ", ".join(item.new_values) or "none"
        parts.append(
            f'<p class="stale">Stale: the reviewer saw {esc(seen)}; new since then: '
            f"{esc(new)}. Review it again.</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def _history(resolution: Resolution) -> str:
    """Earlier verdicts on the topic, newest first, folded away by default."""
    entries = []
    for past in resolution.history:
        value = f" <strong>{esc(past.value)}</strong>" if past.value is not None else ""
        who = f" by {esc(past.reviewer)}" if past.reviewer else ""
        when = f" on {esc(past.date)}" if past.date else ""
        body = f"<blockquote>{esc(past.rationale)}</blockquote>" if past.rationale else ""
        if past.evidence:
            body += f"<p>Evidence: {', '.join(_link(e) for e in past.evidence)}</p>"
        entries.append(f"<li><p>{esc(past.verdict)}{value}{who}{when}</p>{body}</li>")
    count = len(resolution.history)
    label = "1 earlier verdict" if count == 1 else f"{count} earlier verdicts"
    return (
        f'<details class="history"><summary>History: {label}, newest first</summary>'
        f"<ol>{''.join(entries)}</ol></details>"
    )


def _link(url: str) -> str:
    """A link only for http(s) addresses; anything else (javascript:, data:) stays text."""
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>'
    return f'<span class="mono">{esc(url)}</span>'


# ---------------------------------------------------------------- pictures


def _picture(item: Item) -> tuple[str, str]:
    """A timeline for dates, else a picture of which sources give which value."""
    dated = [row for row in item.rows if isinstance(row.claim.value, DateValue)]
    if item.property_type is PropertyType.DATE and dated and len(dated) == len(item.rows):
        return _timeline(item), "Timeline of the values"
    return _bipartite(item), "Which source gives which value"


_MAX_ROWS = 30


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _year(ordinal: int) -> float:
    if ordinal > MAX_DAY:  # the day after 9999-12-31 ends the axis of a value that ends there
        return 10000.0
    day = date.fromordinal(ordinal)
    return day.year + (day.timetuple().tm_yday - 1) / 366


def _ticks(lo: float, hi: float) -> list[int]:
    span = max(hi - lo, 1.0)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000) if span / s <= 8)
    first = int(lo // step + 1) * step
    return list(range(first, int(hi) + 1, step))


def _timeline(item: Item) -> str:
    d = item.discrepancy
    accepted = {v.label for v in item.values if v.text == item.accepted}
    bars: list[tuple[str, DateValue, bool, list[str]]] = []
    for entry, rows in zip(item.values, item.rows_by_entry, strict=True):
        value = rows[0].claim.value
        assert isinstance(value, DateValue)
        sources = list(item.value_sources[entry.index])
        bars.append((entry.label, value, any(r.claim.negated for r in rows), sources))
    hidden = len(bars) - _MAX_ROWS
    bars = bars[:_MAX_ROWS]
    finite = [v.lo for _, v, _, _ in bars if v.lo > MIN_DAY]
    finite += [v.hi for _, v, _, _ in bars if v.hi < MAX_DAY]
    lo = _year(min(finite)) if finite else 2000.0
    hi = _year(max(finite) + 1) if finite else 2001.0
    pad = max((hi - lo) * 0.08, 0.5)
    lo, hi = lo - pad, hi + pad
    left, width, row_h, top = 230, 500, 28, 10
    height = top + row_h * len(bars) + 40 + (18 if hidden > 0 else 0)

    def x(year: float) -> float:
        return left + (min(max(year, lo), hi) - lo) / (hi - lo) * width

    conflicting = {row.value for row in item.rows if row.conflicting}
    label = f"Timeline of the values of {d.id}"
    out = [
        f'<svg class="chart" viewBox="0 0 {left + width + 20} {height}" role="img" '
        f'aria-label="{esc(label)}">'
    ]
    axis_y = top + row_h * len(bars) + 6
    out.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + width}" y2="{axis_y}"/>')
    for year in _ticks(lo, hi):
        tx = f"{x(year):.1f}"
        out.append(f'<line class="axis" x1="{tx}" y1="{top}" x2="{tx}" y2="{axis_y + 4}"/>')
        out.append(
            f'<text class="muted" x="{tx}" y="{axis_y + 18}" text-anchor="middle">{year}</text>'
        )
    for i, (text, value, negated, sources) in enumerate(bars):
        y = top + i * row_h
        start = x(_year(value.lo)) if value.lo > MIN_DAY else left
        end = x(_year(value.hi + 1)) if value.hi < MAX_DAY else left + width
        if end - start < 4:
            mid = (start + end) / 2
            start, end = mid - 2, mid + 2
        cls = "bar"
        if text in accepted:
            cls += " accepted"
        elif negated:
            cls += " negated"
        elif text in conflicting:
            cls += " conflicting"
        names = _short(", ".join(sources), 30)
        out.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{esc(_short(text, 28))}</text>'
            f'<text class="muted small" x="{left - 8}" y="{y + 25}" text-anchor="end">'
            f"{esc(names)}</text>"
            f'<rect class="{cls}" x="{start:.1f}" y="{y + 4}" width="{end - start:.1f}" '
            f'height="16" rx="3"><title>{esc(text)}: {esc(", ".join(sources))}</title></rect>'
        )
    if hidden > 0:
        out.append(f'<text class="muted" x="{left}" y="{height - 6}">… {hidden} more values</text>')
    out.append("</svg>")
    return "".join(out)


def _bipartite(item: Item) -> str:
    d = item.discrepancy
    accepted = {v.label for v in item.values if v.text == item.accepted}
    values = [v.label for v in item.values][:_MAX_ROWS]
    sources = list(item.sources)[:_MAX_ROWS]
    hidden = max(len(d.values) - len(values), 0) + max(len(item.sources) - len(sources), 0)
    row_h, top = 36, 10
    vx, vw, sx, sw = 90, 230, 520, 200
    rows = max(len(values), len(sources))
    height = top + rows * row_h + (22 if hidden else 4)
    vy = {v: top + i * row_h for i, v in enumerate(values)}
    sy = {s: top + i * row_h for i, s in enumerate(sources)}
    conflicting = {row.value for row in item.rows if row.conflicting}
    label = f"Values of {d.id} and the sources that give them"
    out = [
        f'<svg class="chart" viewBox="0 0 {sx + sw + 20} {height}" role="img" '
        f'aria-label="{esc(label)}">'
    ]
    links = sorted({(r.value, r.claim.source) for r in item.rows})
    for value, source in links:
        if value in vy and source in sy:
            y1, y2 = vy[value] + 14, sy[source] + 14
            out.append(
                f'<path class="link" d="M{vx + vw} {y1} C{vx + vw + 100} {y1} '
                f'{sx - 100} {y2} {sx} {y2}"/>'
            )
    for a, b in ((x.label, y.label) for x, y in item.conflicts):
        if a in vy and b in vy:
            y1, y2 = vy[a] + 14, vy[b] + 14
            bend = vx - 18 - min(abs(y2 - y1) / 4, 60)
            out.append(
                f'<path class="conflict" d="M{vx} {y1} C{bend:.1f} {y1} {bend:.1f} {y2} {vx} {y2}">'
                f"<title>conflict: {esc(a)} / {esc(b)}</title></path>"
            )
    for value in values:
        cls = "node"
        if value in accepted:
            cls += " accepted"
        elif value in conflicting:
            cls += " conflicting"
        y = vy[value]
        out.append(
            f'<rect class="{cls}" x="{vx}" y="{y}" width="{vw}" height="28" rx="6"/>'
            f'<text x="{vx + 10}" y="{y + 18}">{esc(_short(value, 30))}'
            f"<title>{esc(value)}</title></text>"
        )
    for source in sources:
        y = sy[source]
        out.append(
            f'<rect class="node" x="{sx}" y="{y}" width="{sw}" height="28" rx="14"/>'
            f'<text x="{sx + 12}" y="{y + 18}">{esc(_short(source, 26))}</text>'
        )
    if hidden:
        out.append(
            f'<text class="muted" x="{vx}" y="{height - 6}">… {hidden} more not drawn</text>'
        )
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- sources and problems


def _spark(claims: int, corroborated: int, contradicted: int, rejected: int) -> str:
    """Three thin bars: the shares of the source's claims corroborated, contradicted, rejected
    (one claim can be both corroborated and contradicted, so they are not stacked)."""
    if not claims:
        return ""
    parts = []
    for i, (cls, n) in enumerate((("c", corroborated), ("x", contradicted), ("r", rejected))):
        y = i * 5
        parts.append(f'<rect class="o" x="0" y="{y}" width="120" height="4"/>')
        if n:
            parts.append(
                f'<rect class="{cls}" x="0" y="{y}" width="{n / claims * 120:.1f}" height="4"/>'
            )
    label = (
        f"{corroborated} corroborated, {contradicted} contradicted, {rejected} rejected "
        f"of {_plural(claims, 'claim', 'claims')}"
    )
    return (
        f'<svg class="spark" viewBox="0 0 120 14" role="img" aria-label="{esc(label)}">'
        f"{''.join(parts)}</svg>"
    )


def _scorecard(view: View) -> str:
    rows = []
    for row in view.sources:
        score, source = row.score, row.source
        lang = esc(source.language)
        publisher = esc(source.publisher or "")
        url = f"<br>{_link(source.url)}" if source.url else ""
        rows.append(
            f'<tr><th scope="row" class="mono">{esc(score.source)}</th>'
            f'<td data-label="title"><span lang="{lang}">{esc(source.title)}</span>{url}</td>'
            f'<td data-label="lang">{lang}</td><td data-label="publisher">{publisher}</td>'
            f'<td class="num" data-label="trust">{row.trust:.2f}</td>'
            f'<td class="num" data-label="claims">{score.claims}</td>'
            f'<td class="num" data-label="corroborated">{score.corroborated}</td>'
            f'<td class="num" data-label="contradicted">{score.contradicted}</td>'
            f'<td class="num" data-label="rejected">{score.rejected}</td>'
            f"<td>{_spark(score.claims, score.corroborated, score.contradicted, score.rejected)}"
            "</td></tr>"
        )
    head = '<section id="sources" aria-labelledby="src-h"><h2 id="src-h">Sources</h2>'
    if not rows:
        return head + "<p>No sources.</p></section>"
    return (
        head + '<p class="legend">Bars, as shares of the source\'s claims: '
        '<span class="c">corroborated</span><span class="x">contradicted</span>'
        '<span class="r">rejected</span></p>'
        '<table><caption class="visually-hidden">How each source\'s claims fared</caption>'
        '<thead><tr><th scope="col">source</th><th scope="col">title</th>'
        '<th scope="col">lang</th><th scope="col">publisher</th>'
        '<th scope="col" class="num">trust</th>'
        '<th scope="col" class="num">claims</th><th scope="col" class="num">corroborated</th>'
        '<th scope="col" class="num">contradicted</th><th scope="col" class="num">rejected</th>'
        '<th scope="col"><span class="visually-hidden">bar</span></th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _copying(view: View) -> str:
    """Suspected copying: source pairs sharing likely-false values, with examples."""
    dependencies = view.dependencies
    if not dependencies:
        return ""
    items = []
    for dep in dependencies:
        a, b = (esc(s) for s in dep.sources)
        examples = "".join(
            f'<li><span class="mono">{esc(t)}</span>: {esc(v)}</li>' for t, v in dep.examples
        )
        items.append(
            f'<li><span class="mono">{a}</span> ~ <span class="mono">{b}</span>: '
            f"probability {dep.probability:.2f}, "
            + _plural(dep.shared_false, "shared likely-false value", "shared likely-false values")
            + (f"<ul>{examples}</ul>" if examples else "")
            + "</li>"
        )
    return (
        '<section id="copying" aria-labelledby="copy-h"><h2 id="copy-h">Suspected copying</h2>'
        "<p>Sources that share more likely-false values than chance explains probably copy "
        "one from the other; a copier's statements count for less in the likely values.</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def _problems(view: View) -> str:
    head = '<section id="problems" aria-labelledby="prob-h"><h2 id="prob-h">Problems</h2>'
    if not view.problems:
        return head + "<p>None.</p></section>"
    rows = "".join(
        f'<tr><td class="sev-{p.severity.value}" data-label="severity">{p.severity.value}</td>'
        f'<td class="mono" data-label="code">{esc(p.code)}</td>'
        f'<td class="mono loc" data-label="location">{esc(p.file)}:{p.line}:{p.column}</td>'
        f'<td data-label="message">{esc(p.message)}</td></tr>'
        for p in view.problems
    )
    return (
        head + '<table><caption class="visually-hidden">Problems in the claim files</caption>'
        '<thead><tr><th scope="col">severity</th><th scope="col">code</th>'
        '<th scope="col">location</th><th scope="col">message</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
