"""``claimcheck show TOPIC``: one topic's discrepancy as a reviewer reads it in a terminal.

Everything shown comes from the view model (:meth:`~checker.report.view.View.topic`);
this module only lays it out: each distinct value with its claims (source, location, quote
beside its translation, flags), the conflicting pairs of values, the likely value with the
votes behind it, and the resolution with why it is stale.
Claim text comes from strangers, so control characters are escaped, never printed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import click

from checker.model import Resolution, ReviewStatus, Verdict
from checker.report.escape import clean
from checker.report.view import Item, Row, Value, View
from checker.review import Status

CLAIMS_PER_CONFLICT = 3  # claims named per value in a conflict line
SIDE_BY_SIDE_MIN = 80  # narrower terminals get the quote and translation stacked
GAP = " | "


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap by display width; words wider than a line (or unspaced CJK) break
    between characters."""
    width = max(width, 2)
    lines: list[str] = []
    line, used = "", 0
    for word in re.findall(r"\S+", text):
        size = display_width(word)
        gap = 1 if line else 0
        if used + gap + size <= width:
            line, used = line + " " * gap + word, used + gap + size
            continue
        if size <= width:
            lines.append(line)
            line, used = word, size
            continue
        if line and used + 1 < width:
            line, used = line + " ", used + 1
        for ch in word:
            step = display_width(ch)
            if used + step > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + ch, used + step
    if line or not lines:
        lines.append(line)
    return lines


def _field(prefix: str, text: str, width: int) -> list[str]:
    """``prefix`` then ``text`` wrapped to ``width``, continuation lines hanging under it."""
    rows = wrap(text, width - len(prefix))
    return [prefix + rows[0]] + [" " * len(prefix) + row for row in rows[1:]]


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render(view: View, topic: str, *, width: int = 100, styled: bool = False) -> str:
    """The reviewer's view of ``topic``; UnknownTopic when no claim is about it."""
    shown = view.topic(topic)  # a time-varying topic's only period, when named as a whole

    def style(text: str, **how: Any) -> str:
        return click.style(text, **how) if styled else text

    item = shown.item
    out: list[str] = [style(clean(shown.id), bold=True)]
    prop = shown.prop
    about = [shown.entity.label if shown.entity else shown.subject]
    if prop is not None:
        about.append(f"{prop.label} ({prop.type}, {prop.cardinality})")
    out += _field("  ", clean(" · ".join(about)), width)
    if item is None:
        out.append(f"  status: {style('no discrepancy', fg='green')}")
    else:
        out.append(f"  kind:   {item.discrepancy.kind}")
        out.append(f"  status: {_status_text(item.status, style)}")
        likely = item.likely
        out.append(
            "  likely: "
            + (
                f"{clean(likely.value)} ({likely.confidence:.2f})"
                if likely
                else "none (nothing tells the values apart)"
            )
        )
    accepted = item.accepted if item is not None else None
    stale = item is not None and item.status.status is ReviewStatus.STALE
    out += ["", style(f"Values ({len(shown.groups)})", bold=True)]
    for group in shown.groups:
        count = f"{len(group.rows)} claim" + ("s" if len(group.rows) != 1 else "")
        mark = ""
        if group.text == accepted:
            mark = " (accepted before new evidence)" if stale else " (accepted)"
        out.append(f"  {style(clean(group.label), bold=True)}{mark}  — {count}")
        for row in group.rows:
            out += _claim_lines(row, width, style)
        out.append("")
    out.pop()
    if item is not None:
        out += ["", style(f"Conflicts ({len(item.conflicts)})", bold=True)]
        out += _conflict_lines(item)
        out += ["", style("Why this value is likely", bold=True)]
        out += _field("  ", "An estimate from source trust and copying; reviewers decide.", width)
        out += _likely_lines(item, bool(view.dependencies), width)
    out += ["", style("Resolution", bold=True)]
    out += _resolution_lines(shown.resolution, item, width, style)
    return "\n".join(out) + "\n"


def _likely_lines(item: Item, copying: bool, width: int) -> list[str]:
    """Each value's probability and its sources' votes: trust, and what copying discounted."""
    lines = []
    for belief in sorted(item.beliefs, key=lambda b: (-b.probability, b.value)):
        lines += _field(
            "  ",
            f"{clean(belief.value)}: probability {belief.probability:.2f}, "
            f"right with compatible values {belief.confidence:.2f}",
            width,
        )
        for vote in belief.supports:
            text = f"{clean(vote.source)} (trust {vote.trust:.2f}"
            if vote.copied_from:
                text += f"; counted {vote.weight:.2f}: probably copies " + ", ".join(
                    clean(s) for s in vote.copied_from
                )
            lines += _field("    ", text + ")", width)
    if copying:
        lines += _field("  ", "(suspected copying between sources: claimcheck trust)", width)
    return lines


def _status_text(status: Status, style: Callable[..., str]) -> str:
    if status.status is ReviewStatus.STALE:
        return style("stale", fg="yellow", bold=True) + " (fails CI until reviewed again)"
    if status.status is ReviewStatus.RESOLVED:
        return style("resolved", fg="green")
    if status.resolution is not None:
        return style("open", fg="yellow") + " (acknowledged by a reviewer; does not fail CI)"
    if status.fails:
        return style("open", fg="red", bold=True) + " (unresolved; fails CI)"
    return style("open", fg="yellow") + " (plan vs actual: a warning, does not fail CI)"


def _claim_lines(row: Row, width: int, style: Callable[..., str]) -> list[str]:
    claim, source = row.claim, row.source
    title = clean(source.title) if source else "?"
    language = clean(source.language) if source else "?"
    head = f"    {style(clean(claim.id), bold=True)}"
    if row.rejected:
        head += "  " + style("REJECTED", fg="red", bold=True)
    where = f"{clean(claim.span.file)}:{claim.span.line}"
    if claim.location:
        where += f" ({clean(claim.location)})"
    flags: list[str] = [claim.modality]
    if claim.negated:
        flags.append(style("NEGATED", bold=True))
    if claim.as_of is not None:
        flags.append(f"as of {claim.as_of.text}")
    lines = [head, *_field("      source: ", f"{title} [{language}]", width)]
    lines += _field("      at:     ", where, width)
    lines.append(f"      flags:  {', '.join(flags)}")
    quote = clean(claim.quote)
    translation = clean(claim.translation) if claim.translation else None
    inner = width - 6
    if translation is None:
        lines.append(f"      quote [{language}]:")
        lines += ["        " + row for row in wrap(quote, inner - 2)]
    elif width >= SIDE_BY_SIDE_MIN:
        column = (inner - len(GAP)) // 2
        left, right = wrap(quote, column), wrap(translation, column)
        lines.append("      " + _pad(f"quote [{language}]", column) + GAP + "translation")
        for a, b in itertools.zip_longest(left, right, fillvalue=""):
            lines.append(("      " + _pad(a, column) + GAP + b).rstrip())
    else:
        lines.append(f"      quote [{language}]:")
        lines += ["        " + row for row in wrap(quote, inner - 2)]
        lines.append("      translation:")
        lines += ["        " + row for row in wrap(translation, inner - 2)]
    if claim.note:
        lines += _field("      note:   ", clean(claim.note), width)
    return lines


def _brief(value: Value) -> str:
    """A value and its first claims: ``1990 (a/c1, b/c2 and 3 more)``."""
    shown = ", ".join(value.claims[:CLAIMS_PER_CONFLICT])
    more = len(value.claims) - CLAIMS_PER_CONFLICT
    return f"{value.label} ({shown}{f' and {more} more' if more > 0 else ''})"


def _conflict_lines(item: Item) -> list[str]:
    """One line per pair of conflicting values: every claim of one conflicts with every
    claim of the other."""
    return [f"  {clean(_brief(a))}  x  {clean(_brief(b))}" for a, b in item.conflicts]


def _history_lines(resolution: Resolution, width: int) -> list[str]:
    """Earlier verdicts, newest first, each with who, when, why and its evidence."""
    if not resolution.history:
        return []
    lines = ["  history (earlier verdicts, newest first):"]
    for past in resolution.history:
        verdict = past.verdict + (f" {clean(past.value)}" if past.value is not None else "")
        who = ", ".join(clean(t) for t in (past.reviewer, past.date) if t)
        lines.append(f"    - {verdict}" + (f" ({who})" if who else ""))
        if past.rationale:
            lines += _field("      rationale: ", clean(past.rationale), width)
        for url in past.evidence:
            lines.append(f"      evidence:  {clean(url)}")
        if past.values_seen:
            lines.append(f"      values seen: {', '.join(clean(v) for v in past.values_seen)}")
    return lines


def _resolution_lines(
    resolution: Resolution | None,
    item: Item | None,
    width: int,
    style: Callable[..., str],
) -> list[str]:
    if resolution is None:
        if item is None:
            return ["  none needed"]
        return [
            "  none yet; record one with",
            f"  claimcheck resolve {clean(item.id)} --verdict {'|'.join(Verdict)} ...",
        ]
    verdict: str = resolution.verdict
    if resolution.value is not None:
        verdict += f" {clean(resolution.value)}"
    lines = [
        f"  verdict:     {style(verdict, bold=True)}",
        *_field(
            "  reviewer:    ", f"{clean(resolution.reviewer)}, {clean(resolution.date)}", width
        ),
        *_field("  rationale:   ", clean(resolution.rationale), width),
    ]
    for url in resolution.evidence:
        lines.append(f"  evidence:    {clean(url)}")
    lines.append(f"  values seen: {', '.join(clean(v) for v in resolution.values_seen)}")
    lines.append(f"  written in:  {clean(resolution.span.file)}:{resolution.span.line}")
    lines += _history_lines(resolution, width)
    if item is None:
        lines.append(
            "  " + style("no longer needed", fg="yellow") + ": the topic has no discrepancy"
        )
        return lines
    new, gone = item.new_values, item.gone_values
    values = item.discrepancy.value_texts()
    if new or gone:
        why = []
        if new:
            why.append("new value" + "s" * (len(new) > 1) + " " + ", ".join(map(clean, new)))
        if gone:
            why.append("gone: " + ", ".join(map(clean, gone)))
        lines.append(
            "  "
            + style("STALE", fg="yellow", bold=True)
            + f": values now {', '.join(map(clean, values))} ({'; '.join(why)})"
        )
        lines.append("  review it again with claimcheck resolve " + clean(item.id) + " ...")
    elif resolution.verdict is Verdict.ACCEPT and resolution.value not in values:
        lines.append(
            "  "
            + style("INVALID", fg="red", bold=True)
            + ": the accepted value is not among the topic's values"
        )
    return lines
