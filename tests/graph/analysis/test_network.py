"""Network views of the fixture graph: layers, hubs, bridges, communities, explain."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import network as network_module
from graph.analysis.frames import Frames
from graph.analysis.network import (
    EXPLAIN_COLUMNS,
    adjusted_rand_index,
    bridges,
    build_network,
    communities,
    community_agreement,
    explain,
    hubs,
)
from graph.errors import ItudAlignError
from graph.namespaces import SDG, mint


@pytest.fixture(scope="module")
def network(frames: Frames) -> nx.MultiDiGraph:
    return build_network(frames)


def test_multipartite_layers(network: nx.MultiDiGraph) -> None:
    layers = nx.get_node_attributes(network, "layer")
    # 17 goals, 169 targets, 6 lines, 4 + 4 + 5 + 4 elements
    counts = {layer: sum(1 for v in layers.values() if v == layer) for layer in set(layers.values())}
    assert counts == {
        "goal": 17,
        "target": 169,
        "line": 6,
        "question": 4,
        "initiative": 4,
        "priority": 5,
        "resolution": 4,
    }
    # edges: 169 target -> goal, 1 C7.4 -> C7, 7 Matrix rows, 34 declared links (35 less the suggestion)
    assert network.number_of_edges() == 169 + 1 + 7 + 34
    # the two sources of 2018-2021/Q1-1 -> C2 stay two parallel edges, each with its evidence
    parallel = network.get_edge_data(str(mint("question", "2018-2021/Q1-1")), str(mint("wsis", "C2")))
    assert sorted(d["status"] for d in parallel.values()) == ["unverified", "verified"]
    assert nx.multipartite_layout(network, subset_key="subset") is not None


def test_hubs(network: nx.MultiDiGraph) -> None:
    top = hubs(network, 4, layers=("target", "line"))
    # 9.c: 6 linking elements + C2 + goal 9 = 8 neighbours; C2: 9.c, 9.1 + 4 supporters = 6;
    # 16.2: 4 linking elements + C5 + goal 16 = 6; 9.1: 3 elements + C2 + goal 9 = 5
    assert top["id"].iloc[0] == "9.c" and set(top["id"].iloc[1:3]) == {"C2", "16.2"}
    assert list(top["degree"]) == [8, 6, 6, 5]
    # goal 17 has 19 targets: the best connected node of all
    assert hubs(network, 1)["id"].iloc[0] == "17"


def test_hub_betweenness_on_a_path_and_a_star() -> None:
    path = nx.MultiDiGraph()
    for u, v in (("a", "b"), ("b", "c")):
        path.add_node(u, layer="target", notation=u)
        path.add_node(v, layer="target", notation=v)
        path.add_edge(u, v, predicate="broader", confidence=None)
    # b lies on the one shortest path between a and c: normalised betweenness 1; the ends 0
    assert dict(zip(hubs(path)["id"], hubs(path)["betweenness"], strict=True)) == {"b": 1.0, "a": 0.0, "c": 0.0}
    star = nx.MultiDiGraph()
    star.add_node("hub", layer="goal", notation="hub")
    for leaf in "pqrs":
        star.add_node(leaf, layer="target", notation=leaf)
        star.add_edge(leaf, "hub", predicate="broader", confidence=None)
    # the hub lies on all 6 leaf-to-leaf paths of the 6 pairs it could lie between
    top = hubs(star, 1)
    assert top["id"].iloc[0] == "hub" and top["betweenness"].iloc[0] == 1.0


@pytest.mark.parametrize("pivots", [10, 200])
def test_hub_betweenness_is_networkx_with_the_same_seeded_pivots(
    network: nx.MultiDiGraph, pivots: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10 pivots: sampled sources (the 1M-triple case); 200: more than the fixture's nodes, exact
    monkeypatch.setattr(network_module, "PIVOTS", pivots)
    simple = nx.Graph(network.to_undirected())
    expected = nx.betweenness_centrality(simple, k=min(pivots, len(simple)), seed=42)
    got = hubs(network, len(simple))
    assert len(got) == len(simple)
    assert {n: b for n, b in zip(got["node"], got["betweenness"], strict=True)} == {
        n: round(b, 6) for n, b in expected.items()
    }


def test_bridges(network: nx.MultiDiGraph) -> None:
    with_leaves = bridges(network, leaves=True)
    # 9.2 hangs on goal 9 alone: a leaf bridge, left out by default
    assert ((with_leaves["source"] == "9.2") & (with_leaves["target"] == "9")).any()
    default = bridges(network)
    assert not ((default["source"] == "9.2") & (default["target"] == "9")).any()
    pairs = set(zip(default["source"], default["target"], strict=True))
    # goal 17 and its 19 targets (KAP-P4 hangs on 17.16) reach the rest only through
    # 17.6 - C6; goal 16 and its targets only through 16.2
    assert {("C6", "17.6"), ("17.6", "17"), ("16.2", "16")} <= pairs
    # C6 itself is not cut off: it reaches goal 9 through the Matrix as well as AFR1
    assert ("2018-2021/AFR1", "C6") not in pairs


def test_bridges_by_hand_around_a_cycle_and_a_self_loop() -> None:
    g = nx.MultiDiGraph()
    for node in "abcde":
        g.add_node(node, layer="target", notation=node)
    # triangle a-b-c (no bridge), tail c-d-e, a self-loop on e, a parallel edge on a-b
    for u, v in (("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "e")):
        g.add_edge(u, v, predicate="contributesTo", confidence=None)
    found = bridges(g, leaves=True)
    assert sorted(zip(found["source"], found["target"], strict=True)) == [("c", "d"), ("d", "e")]
    # e's self-loop counts towards its degree, so d-e does not end in a leaf and stays
    assert list(bridges(g)["source"]) == ["c", "d"]


def test_communities_are_seeded_and_compared_with_priorities(frames: Frames, network: nx.MultiDiGraph) -> None:
    first, second = communities(network, seed=42), communities(network, seed=42)
    assert first.equals(second)
    assert set(first["layer"]) >= {"question", "target"}
    score = community_agreement(network, frames)
    assert score == community_agreement(network, frames)
    assert score == community_agreement(network, frames, found=first)
    assert -1.0 <= score <= 1.0


def test_adjusted_rand_index_by_hand() -> None:
    # labels a a a b b b, clusters 0 0 1 1 2 2: pairs together in both 1 + 1 = 2; in the labels
    # 3 + 3 = 6, in the clusters 1 + 1 + 1 = 3, of 15 pairs: expected 6 * 3 / 15 = 1.2, maximum
    # (6 + 3) / 2 = 4.5, so ARI = (2 - 1.2) / (4.5 - 1.2) = 8 / 33
    assert adjusted_rand_index(list("aaabbb"), [0, 0, 1, 1, 2, 2]) == pytest.approx(8 / 33)
    assert adjusted_rand_index(list("aabb"), ["x", "x", "y", "y"]) == 1.0
    assert adjusted_rand_index(list("aabb"), [0, 1, 0, 1]) == -0.5


def test_explain_direct_and_through_a_line(frames: Frames) -> None:
    direct = explain(frames, "2022-2025/Q3-2", "16.2")
    assert list(direct.columns) == EXPLAIN_COLUMNS
    assert direct[["subject", "predicate", "object"]].values.tolist() == [["2022-2025/Q3-2", "contributesTo", "16.2"]]
    through = explain(frames, "2018-2021/AFR1", "17.6")
    assert through[["subject", "predicate", "object"]].values.tolist() == [
        ["2018-2021/AFR1", "supportsActionLine", "C6"],
        ["C6", "contributesTo", "17.6"],
    ]
    assert through["justification"].tolist() == ["manual curation", "official document"]
    assert through["comment"].iloc[1] == "Enabling environment for cooperation on access to technology"
    # where two sources give the link, the chain shows the stronger (verified) one
    chain = explain(frames, str(mint("question", "2018-2021/Q1-1")), str(SDG["9.1"]))
    assert chain["predicate"].tolist() == ["contributesTo"]
    assert explain(frames, "2022-2025/Q5-2", "9.c").empty  # no link at all (the suggestion does not count)
    with pytest.raises(ItudAlignError):
        explain(frames, "2022-2025/Q9-9", "9.c")
