"""The hand-written graph algorithms of ``graph.analysis.network`` give what networkx and
scikit-learn give, on random graphs and labellings (seeded, so a failure can be replayed)."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from sklearn.metrics import adjusted_rand_score

from graph.analysis.network import _betweenness, _bridge_edges, adjusted_rand_index

SEEDS = range(12)


def _random_graph(seed: int) -> nx.Graph:
    """A sparse random graph, with leaves, separate components and a self-loop or two."""
    rng = random.Random(seed)
    n = rng.randint(8, 60)
    g = nx.gnm_random_graph(n, rng.randint(n // 2, 2 * n), seed=seed)
    g = nx.relabel_nodes(g, {i: f"n{i}" for i in g})  # string nodes, as in the alignment graph
    for _ in range(rng.randint(0, 2)):
        node = f"n{rng.randrange(n)}"
        g.add_edge(node, node)
    return g


@pytest.mark.parametrize("seed", SEEDS)
def test_betweenness_is_networkx_on_random_graphs(seed: int) -> None:
    g = _random_graph(seed)
    for k in (len(g), max(2, len(g) // 3)):  # every source, then seeded sampled sources
        got = _betweenness(g, k=k, seed=seed)
        expected = nx.betweenness_centrality(g, k=k, seed=seed)
        assert got.keys() == expected.keys()
        for node, value in expected.items():
            assert got[node] == pytest.approx(value, abs=1e-12), (seed, k, node)


@pytest.mark.parametrize("seed", SEEDS)
def test_bridges_are_networkx_on_random_graphs(seed: int) -> None:
    g = _random_graph(seed)
    got = {frozenset(edge) for edge in _bridge_edges(g)}
    assert got == {frozenset(edge) for edge in nx.bridges(g)}


@pytest.mark.parametrize("seed", SEEDS)
def test_adjusted_rand_index_is_scikit_learns(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 80)
    labels = [rng.choice("abcde"[: rng.randint(1, 5)]) for _ in range(n)]
    clusters = [rng.randrange(rng.randint(1, 6)) for _ in range(n)]
    assert adjusted_rand_index(labels, clusters) == pytest.approx(adjusted_rand_score(labels, clusters), abs=1e-12)
    assert adjusted_rand_index(labels, labels) == pytest.approx(adjusted_rand_score(labels, labels), abs=1e-12)
