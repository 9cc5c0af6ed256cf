"""``claimcheck trust``: the sources ranked by trust, with what the trust rests on (§8.4).

A table (text) or a document (JSON) from the view's trust rows (:class:`TrustRow`: the
truth estimate beside the scorecard): per source its trust, claims, corroborated,
contradicted and likely-false counts and the sources it probably copies from or is copied
by; then the suspected copying pairs with the shared likely-false values as evidence.
Computes nothing itself.
"""

from __future__ import annotations

import json
from typing import Any

from checker.report.escape import clean
from checker.report.view import TrustRow, View


def rows(view: View) -> list[TrustRow]:
    """Every source of the report, most trusted first (ties by id)."""
    return view.trust_rows


def document(view: View) -> dict[str, Any]:
    return {
        "sources": [
            {
                "rank": row.rank,
                "source": row.source,
                "trust": round(row.trust, 3),
                "claims": row.claims,
                "corroborated": row.corroborated,
                "contradicted": row.contradicted,
                "likely_false": row.likely_false,
                "copying": list(row.partners),
            }
            for row in rows(view)
        ],
        "dependencies": [
            {
                "sources": list(dep.sources),
                "probability": round(dep.probability, 3),
                "shared_false": dep.shared_false,
                "shared": dep.shared,
                "examples": [{"topic": t, "value": v} for t, v in dep.examples],
            }
            for dep in view.dependencies
        ],
    }


def render_json(view: View) -> str:
    return json.dumps(document(view), ensure_ascii=False, indent=2) + "\n"


def render_text(view: View) -> str:
    header = ("#", "trust", "claims", "corroborated", "contradicted", "likely false", "source")
    table = [header] + [
        (
            str(row.rank),
            f"{row.trust:.2f}",
            str(row.claims),
            str(row.corroborated),
            str(row.contradicted),
            str(row.likely_false),
            clean(row.source) + (f"  (copying: {', '.join(row.partners)})" if row.partners else ""),
        )
        for row in rows(view)
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header) - 1)]
    out = [
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=False))
        + "  "
        + line[-1]
        for line in table
    ]
    dependencies = view.dependencies
    out += ["", f"Suspected copying ({len(dependencies)})"]
    if not dependencies:
        out.append("  none: no two sources share more likely-false values than chance explains")
    for dep in dependencies:
        a, b = (clean(s) for s in dep.sources)
        out.append(
            f"  {a} ~ {b}: p={dep.probability:.2f}, {dep.shared_false} shared likely-false "
            f"value{'s' * (dep.shared_false != 1)} of {dep.shared} shared"
        )
        for topic, value in dep.examples:
            out.append(f"    {clean(topic)}: {clean(value)}")
    out.append(
        "\nTrust: how often a source's values are the likely or accepted ones (0-1; a prior "
        "of 0.8 for sources seen rarely). Likely false: its values judged below 0.5."
    )
    return "\n".join(out) + "\n"


TRUST_FORMATTERS = {"text": render_text, "json": render_json}
