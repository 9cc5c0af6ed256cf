"""Exporting the claim graph for Gephi and other graph tools (``claimcheck graph``).

Nodes are claims, values, sources and entities. A value node stands for the claims of a
topic that state one value (at one time, for a time-varying property); edges are
``states`` (claim to its value), the relations between values that face each other
(``agrees``, ``compatible``, ``conflicts``), ``from`` (claim to its source) and ``about``
(claim to its subject entity). Two claims relate as their values do, and claims of one
value agree: relating values instead of all pairs of claims keeps the file as large as
the claim set, not as its square. Writing uses networkx's own GraphML, GEXF and
node-link JSON writers. Every attribute is a string, number or boolean (the formats have
no null), nodes and edges are added in sorted order, and GEXF's date stamp is left out,
so the bytes depend only on the claim set. In GraphML and GEXF, characters XML cannot
hold (control characters a YAML escape can write) become visible escapes such as
``\\x07``, as in the JUnit and HTML reports.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from checker.analysis import Analysis
from checker.graph import value_text
from checker.report.escape import visible

FORMATS = ("graphml", "gexf", "json")


def format_for(path: str) -> str | None:
    """The export format named by a file's extension, or None when it names none."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def claim_node(claim_id: str) -> str:
    return f"claim:{claim_id}"


def source_node(source_id: str) -> str:
    return f"source:{source_id}"


def entity_node(entity_id: str) -> str:
    return f"entity:{entity_id}"


def value_node(name: str) -> str:
    return f"value:{name}"


def build(analysis: Analysis, *, xml: bool = False) -> nx.DiGraph:
    """The export graph: typed nodes (``kind``) and typed edges (``relation``).

    With ``xml``, characters that XML cannot hold become U+FFFD."""
    claimset = analysis.claimset
    nodes: dict[str, dict[str, str | int | bool]] = {}
    for source in claimset.sources.values():
        nodes[source_node(source.id)] = {
            "kind": "source",
            "label": source.id,
            "title": source.title,
            "language": source.language,
            "publisher": source.publisher or "",
        }
    for entity in claimset.entities.values():
        nodes[entity_node(entity.id)] = {"kind": "entity", "label": entity.label}
    edges: dict[tuple[str, str], str] = {}
    for claim in analysis.graph.claims.values():
        node = claim_node(claim.id)
        nodes[node] = {
            "kind": "claim",
            "label": claim.id,
            "source": claim.source,
            "topic": claim.topic,
            "subject": claim.subject,
            "property": claim.property,
            "value": value_text(claim),
            "modality": claim.modality,
            "negated": claim.negated,
            "as_of": claim.as_of.text if claim.as_of else "",
            "file": claim.span.file,
            "line": claim.span.line,
        }
        subject = entity_node(claim.subject)
        if subject not in nodes:  # an ad-hoc entity: labelled as the claim wrote it
            nodes[subject] = {"kind": "entity", "label": claim.subject_name or claim.subject}
        edges[node, source_node(claim.source)] = "from"
        edges[node, subject] = "about"
    for group in analysis.graph.named_groups():
        node = value_node(group.name)
        nodes[node] = {
            "kind": "value",
            "label": group.value,
            "topic": group.topic,
            "value": group.value,
            "as_of": group.as_of or "",
            "claims": len(group.claims),
        }
        for claim_id in group.claims:
            edges[claim_node(claim_id), node] = "states"
    for a, b, relation in analysis.graph.value_links():
        first, second = sorted((value_node(a), value_node(b)))
        edges[first, second] = relation.value
    graph = nx.DiGraph()
    for key in sorted(nodes):
        attrs = nodes[key]
        if xml:
            key = visible(key)
            attrs = {k: visible(v) if isinstance(v, str) else v for k, v in attrs.items()}
        graph.add_node(key, **attrs)
    for (a, b), typed in sorted(edges.items()):
        if xml:
            a, b = visible(a), visible(b)
        graph.add_edge(a, b, relation=typed)
    return graph


def render(analysis: Analysis, fmt: str) -> bytes:
    """The claim graph as GraphML, GEXF or node-link JSON bytes."""
    graph = build(analysis, xml=fmt != "json")
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph)).encode("utf-8") + b"\n"
    if fmt == "gexf":
        writer = GEXFWriter(encoding="utf-8", prettyprint=True)
        meta = writer.xml.find("meta")
        if meta is not None:
            meta.attrib.pop("lastmodifieddate", None)  # a clock reading: not deterministic
        writer.add_graph(graph)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    raise ValueError(f"unknown graph format {fmt!r}")
