"""``claimcheck show TOPIC``: one topic's discrepancy as a reviewer reads it in a terminal.

Everything shown comes from the :class:`~checker.analysis.Analysis`; this module only
lays it out: each distinct value with its claims (source, location, quote beside its
translation, flags), the conflicting pairs of values, and the resolution with why it is stale.
Claim text comes from strangers, so control characters are escaped, never printed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import click

from checker.analysis import Analysis
from checker.errors import ClaimcheckError
from checker.graph import Discrepancy, ValueEntry, topic_of, value_text
from checker.model import Claim, Resolution
from checker.report.escape import clean
from checker.review import Status, find, known_topics, staleness, topic_hint

CLAIMS_PER_CONFLICT = 3  # claims named per value in a conflict line
SIDE_BY_SIDE_MIN = 80  # narrower terminals get the quote and translation stacked
GAP = " | "


class UnknownTopic(ClaimcheckError, LookupError):
    """The topic is about no claim of the set; the message says so in one line."""


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


def render(analysis: Analysis, topic: str, *, width: int = 100, styled: bool = False) -> str:
    """The reviewer's view of ``topic``; UnknownTopic when no claim is about it."""
    topics = known_topics(analysis.graph)
    found = find(analysis.discrepancies, topic)
    if isinstance(found, list):
        raise UnknownTopic(
            f"topic {topic!r} has {len(found)} discrepancies, one per period; "
            "show one of them: " + ", ".join(found)
        )
    if found is None and topic_of(topic) not in topics:
        raise UnknownTopic(f"unknown topic {topic!r}" + topic_hint(topic, topics))

    def style(text: str, **how: Any) -> str:
        return click.style(text, **how) if styled else text

    discrepancy = found
    if discrepancy is not None:
        topic = discrepancy.id  # a time-varying topic's only period, when named as a whole
    claims = analysis.graph.topic_claims(topic_of(topic))
    out: list[str] = [style(clean(topic), bold=True)]
    subject, _, prop_id = topic_of(topic).rpartition("/")
    entity = analysis.claimset.entities.get(subject)
    prop = analysis.claimset.properties.get(prop_id)
    about = [entity.label if entity else subject]
    if prop is not None:
        about.append(f"{prop.label} ({prop.type}, {prop.cardinality})")
    out += _field("  ", clean(" · ".join(about)), width)
    status = analysis.review.statuses.get(topic)
    resolution = status.resolution if status else None
    if discrepancy is None or status is None:
        out.append(f"  status: {style('no discrepancy', fg='green')}")
        resolution = next((r for r in analysis.claimset.resolutions if r.topic == topic), None)
        groups = [(value, value, members) for value, members in _groups_by_value(claims)]
    else:
        out.append(f"  kind:   {discrepancy.kind}")
        out.append(f"  status: {_status_text(status, style)}")
        likely = analysis.likely(discrepancy.id)
        out.append(
            "  likely: "
            + (
                f"{clean(likely.value)} ({likely.confidence:.2f})"
                if likely
                else "none (nothing tells the values apart)"
            )
        )
        groups = [
            (e.value, _label(e), [analysis.graph.claims[c] for c in e.claims])
            for e in discrepancy.values
        ]
    rejected = {c for ids in analysis.review.rejected.values() for c in ids}
    accepted = resolution.value if resolution and resolution.verdict == "accept" else None
    out += ["", style(f"Values ({len(groups)})", bold=True)]
    for value, label, members in groups:
        count = f"{len(members)} claim" + ("s" if len(members) != 1 else "")
        mark = " (accepted)" if value == accepted and status and status.status == "resolved" else ""
        out.append(f"  {style(clean(label), bold=True)}{mark}  — {count}")
        for claim in members:
            out += _claim_lines(analysis, claim, claim.id in rejected, width, style)
        out.append("")
    out.pop()
    if discrepancy is not None:
        out += ["", style(f"Conflicts ({len(discrepancy.conflicts)})", bold=True)]
        out += _conflict_lines(discrepancy)
        out += ["", style("Why this value is likely", bold=True)]
        out += _field("  ", "An estimate from source trust and copying; reviewers decide.", width)
        out += _likely_lines(analysis, discrepancy, width)
    out += ["", style("Resolution", bold=True)]
    out += _resolution_lines(resolution, discrepancy, width, style)
    return "\n".join(out) + "\n"


def _likely_lines(analysis: Analysis, discrepancy: Discrepancy, width: int) -> list[str]:
    """Each value's probability and its sources' votes: trust, and what copying discounted."""
    beliefs = analysis.truth.beliefs.get(discrepancy.id, ())
    lines = []
    for belief in sorted(beliefs, key=lambda b: (-b.probability, b.value)):
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
    if analysis.truth.dependencies:
        lines += _field("  ", "(suspected copying between sources: claimcheck trust)", width)
    return lines


def _groups_by_value(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    by_value: dict[str, list[Claim]] = {}
    for claim in claims:
        by_value.setdefault(value_text(claim), []).append(claim)
    return sorted(by_value.items())


def _status_text(status: Status, style: Callable[..., str]) -> str:
    if status.status == "stale":
        return style("stale", fg="yellow", bold=True) + " (fails CI until reviewed again)"
    if status.status == "resolved":
        return style("resolved", fg="green")
    if status.resolution is not None:
        return style("open", fg="yellow") + " (acknowledged by a reviewer; does not fail CI)"
    if status.fails:
        return style("open", fg="red", bold=True) + " (unresolved; fails CI)"
    return style("open", fg="yellow") + " (plan vs actual: a warning, does not fail CI)"


def _claim_lines(
    analysis: Analysis, claim: Claim, rejected: bool, width: int, style: Callable[..., str]
) -> list[str]:
    source = analysis.claimset.sources.get(claim.source)
    title = clean(source.title) if source else "?"
    language = clean(source.language) if source else "?"
    head = f"    {style(clean(claim.id), bold=True)}"
    if rejected:
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


def _label(entry: ValueEntry) -> str:
    return entry.value if entry.as_of is None else f"{entry.value} (as of {entry.as_of})"


def _brief(entry: ValueEntry) -> str:
    """A value and its first claims: ``1990 (a/c1, b/c2 and 3 more)``."""
    shown = ", ".join(entry.claims[:CLAIMS_PER_CONFLICT])
    more = len(entry.claims) - CLAIMS_PER_CONFLICT
    return f"{_label(entry)} ({shown}{f' and {more} more' if more > 0 else ''})"


def _conflict_lines(discrepancy: Discrepancy) -> list[str]:
    """One line per pair of conflicting values: every claim of one conflicts with every
    claim of the other."""
    values = discrepancy.values
    return [
        f"  {clean(_brief(values[i]))}  x  {clean(_brief(values[j]))}"
        for i, j in discrepancy.conflicts
    ]


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
    discrepancy: Discrepancy | None,
    width: int,
    style: Callable[..., str],
) -> list[str]:
    if resolution is None:
        if discrepancy is None:
            return ["  none needed"]
        return [
            "  none yet; record one with",
            f"  claimcheck resolve {clean(discrepancy.id)} "
            "--verdict accept|distinct|scoped|open ...",
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
    if discrepancy is None:
        lines.append(
            "  " + style("no longer needed", fg="yellow") + ": the topic has no discrepancy"
        )
        return lines
    new, gone = staleness(resolution, discrepancy)
    if new or gone:
        why = []
        if new:
            why.append("new value" + "s" * (len(new) > 1) + " " + ", ".join(map(clean, new)))
        if gone:
            why.append("gone: " + ", ".join(map(clean, gone)))
        lines.append(
            "  "
            + style("STALE", fg="yellow", bold=True)
            + f": values now {', '.join(map(clean, discrepancy.value_texts()))} ({'; '.join(why)})"
        )
        lines.append("  review it again with claimcheck resolve " + clean(discrepancy.id) + " ...")
    elif verdict.startswith("accept") and resolution.value not in discrepancy.value_texts():
        lines.append(
            "  "
            + style("INVALID", fg="red", bold=True)
            + ": the accepted value is not among the topic's values"
        )
    return lines
