"""`claimcheck graph`: the claim graph as GraphML, GEXF or node-link JSON, read back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from tests.helpers import REGISTRY, REPO, run_cli, write_set

SET = str(REPO / "tests" / "golden" / "claims")


def read_back(path: Path) -> nx.Graph:
    """Read an exported file with networkx, as Gephi or a script would."""
    if path.suffix == ".graphml":
        return nx.read_graphml(path)
    if path.suffix == ".gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.fixture(scope="module", params=["graphml", "gexf", "json"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden claim set exported in one format."""
    out = tmp_path_factory.mktemp("graph") / f"claims.{request.param}"
    result = run_cli("graph", SET, "--output", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    return out


def test_nodes_are_claims_sources_and_entities(exported: Path) -> None:
    """Every claim, source and subject entity is a node with its attributes."""
    graph = read_back(exported)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(k == "claim" for k in kinds.values()) == 17
    assert sum(k == "source" for k in kinds.values()) == 5
    claim = graph.nodes["claim:src-ja/treaty-2004"]
    assert claim["source"] == "src-ja"
    assert claim["topic"] == "alpha-treaty/signing-date"
    assert claim["subject"] == "alpha-treaty"
    assert claim["property"] == "signing-date"
    assert claim["value"] == "2004"
    assert claim["modality"] == "actual"
    assert claim["negated"] is False
    assert claim["as_of"] == "2023-01"
    assert claim["file"].endswith("src-ja.yaml")
    assert int(claim["line"]) == 7
    source = graph.nodes["source:src-ja"]
    assert (source["title"], source["language"], source["publisher"]) == (
        "アルファ条約の歴史",
        "ja",
        "",
    )
    assert graph.nodes["entity:alpha-treaty"]["label"] == "Alpha Treaty"
    assert graph.nodes["entity:beta agency"]["label"] == "Beta Agency"  # ad-hoc


def test_edges_are_typed(exported: Path) -> None:
    """Claims state values; values relate to each other; claims link to their source (from)
    and subject (about)."""
    graph = read_back(exported)
    relation = nx.get_edge_attributes(graph, "relation")
    date = "value:alpha-treaty/signing-date="
    assert relation[f"{date}1990", f"{date}2004"] == "conflicts"
    assert relation[f"{date}1990", f"{date}1990-05"] == "compatible"
    assert relation["claim:src-en/treaty-1990", f"{date}1990"] == "states"
    assert relation["claim:src-de/treaty-1990", f"{date}1990-05"] == "states"
    assert relation["claim:src-ja/treaty-2004", "source:src-ja"] == "from"
    assert relation["claim:src-ja/treaty-2004", "entity:alpha-treaty"] == "about"
    counts = {r: list(relation.values()).count(r) for r in set(relation.values())}
    assert counts == {"from": 17, "about": 17, "states": 17, "conflicts": 12, "compatible": 1}
    value = graph.nodes[f"{date}2004"]
    assert (value["kind"], value["value"], value["topic"]) == (
        "value",
        "2004",
        "alpha-treaty/signing-date",
    )
    assert int(value["claims"]) == 1


def test_claims_of_one_value_share_its_node(tmp_path: Path) -> None:
    """Claims stating one value are linked through its node, not pairwise: the export grows
    with the claims, not with their pairs."""
    files = {"registry.yaml": REGISTRY}
    for i in range(30):
        files[f"s{i}.yaml"] = (
            f"source: {{id: s{i}, title: T, language: en}}\n"
            "claims:\n"
            f"  - {{id: c, subject: Japan, property: start date, value: {1990 + i % 2},"
            " quote: q}\n"
        )
    root = write_set(tmp_path / "set", files)
    out = tmp_path / "g.json"
    assert run_cli("graph", str(root), "--output", str(out)).exit_code == 0
    graph = read_back(out)
    relation = nx.get_edge_attributes(graph, "relation")
    counts = {r: list(relation.values()).count(r) for r in set(relation.values())}
    assert counts == {"from": 30, "about": 30, "states": 30, "conflicts": 1}
    assert int(graph.nodes["value:japan/start-date=1990"]["claims"]) == 15


def test_no_attribute_is_null(exported: Path) -> None:
    """Every attribute is a string, number or boolean: the formats have no null."""
    graph = read_back(exported)
    values = [v for _, data in graph.nodes(data=True) for v in data.values()]
    values += [v for _, _, data in graph.edges(data=True) for v in data.values()]
    assert all(isinstance(v, str | int | float | bool) for v in values)


def test_export_is_deterministic(exported: Path, tmp_path: Path) -> None:
    """Exporting twice gives the same bytes (GEXF carries no date stamp)."""
    again = tmp_path / exported.name
    run_cli("graph", SET, "--output", str(again))
    assert again.read_bytes() == exported.read_bytes()
    assert b"lastmodifieddate" not in again.read_bytes()


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    """An output name that is not .graphml/.gexf/.json exits 2 and writes nothing."""
    out = tmp_path / "claims.dot"
    result = run_cli("graph", SET, "--output", str(out))
    assert result.exit_code == 2
    assert ".graphml, .gexf or .json" in result.stderr
    assert not out.exists()


def test_output_is_required(tmp_path: Path) -> None:
    """`claimcheck graph` without --output is a usage error."""
    result = run_cli("graph", SET)
    assert result.exit_code == 2
    assert "--output" in result.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_still_give_valid_xml(
    claimset: Callable[[dict[str, str]], Path], tmp_path: Path, fmt: str
) -> None:
    """A title with a control character (a YAML escape) still exports to readable XML."""
    root = claimset(
        {
            "registry.yaml": REGISTRY,
            "s.yaml": """\
                source: {id: s, title: "bell \\x07 here", language: en}
                claims:
                  - {id: c, subject: Japan, property: motto, value: "x", quote: "q"}
                """,
        }
    )
    out = tmp_path / f"g.{fmt}"
    assert run_cli("graph", str(root), "--output", str(out)).exit_code == 0
    assert read_back(out).nodes["source:s"]["title"] == "bell \\x07 here"
