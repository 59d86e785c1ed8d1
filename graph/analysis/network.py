"""The alignment graph as a networkx multipartite network: hubs, bridges, communities
compared with the declared priorities, and the chain of links that explains a coverage.

Nodes carry ``layer`` (question, initiative, priority, resolution, line, target, goal),
``subset`` (the same, for ``nx.multipartite_layout``), ``notation`` and ``label``. Edges
carry the link's evidence: ``predicate``, ``status``, ``justification``, ``confidence``,
``source``, ``comment``, ``graph``, ``alignment``. Matrix rows become line -> target (or
goal) edges; ``skos:broader`` gives target -> goal and sub-line -> line edges.
"""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from graph.analysis.frames import STATUS_RANK, Frames, declared_links, resolve_element, resolve_target
from graph.analysis.frames import short_id as _short

__all__ = [
    "EXPLAIN_COLUMNS",
    "LAYERS",
    "PIVOTS",
    "adjusted_rand_index",
    "bridges",
    "build_network",
    "communities",
    "community_agreement",
    "explain",
    "hubs",
]

LAYERS = ("priority", "question", "initiative", "resolution", "line", "target", "goal")
EXPLAIN_COLUMNS = [
    "step",
    "subject",
    "subject_label",
    "predicate",
    "object",
    "object_label",
    "status",
    "justification",
    "confidence",
    "source",
    "comment",
    "graph",
    "alignment",
]
# a chain prefers the links that define coverage (element -> target, element -> line -> target)
_COST = {"contributesTo": 1.0, "supportsActionLine": 1.0, "implementsPriority": 1.5, "refersTo": 1.5, "broader": 1.2}
PIVOTS = 200  # betweenness is estimated from this many seeded source nodes (exact below it)
_PIVOT_BATCH = 50  # sources walked together: memory grows with nodes x batch


def _node(g: nx.MultiDiGraph, iri: str, layer: str, notation: object, label: object) -> None:
    g.add_node(
        iri, layer=layer, subset=LAYERS.index(layer), notation=notation, label=label if isinstance(label, str) else None
    )


def build_network(frames: Frames) -> nx.MultiDiGraph:
    """The elements, targets, goals and action lines as one directed multigraph.

    >>> from graph.analysis.frames import load_frames
    >>> from graph.stores import OxigraphStore
    >>> build_network(load_frames(OxigraphStore.from_quads([]))).number_of_nodes()
    0
    """
    g = nx.MultiDiGraph(snapshot=frames.snapshot)
    for r in frames.goals.to_dict("records"):
        _node(g, r["goal"], "goal", r["notation"], r["short_en"] or r["label_en"])
    for r in frames.targets.to_dict("records"):
        _node(g, r["target"], "target", r["notation"], r["label_en"])
        g.add_edge(
            r["target"],
            r["goal"],
            predicate="broader",
            status=None,
            justification=None,
            confidence=None,
            source="UN SDG KOS",
            comment=None,
            graph=None,
            alignment=None,
        )
    lines = frames.action_lines
    by_code = dict(zip(lines["notation"], lines["line"], strict=True))
    for r in lines.to_dict("records"):
        _node(g, r["line"], "line", r["notation"], r["label_en"])
    for r in lines.to_dict("records"):
        if isinstance(r["parent"], str) and r["parent"] in by_code:
            g.add_edge(
                r["line"],
                by_code[r["parent"]],
                predicate="broader",
                status=None,
                justification=None,
                confidence=None,
                source="WSIS action lines",
                comment=None,
                graph=None,
                alignment=None,
            )
    el = frames.elements
    for element, kind, notation, label, text in zip(
        el["element"], el["kind"], el["notation"], el["label_en"], el["text"], strict=True
    ):
        _node(g, element, kind, notation, label or text)
    g.add_edges_from(
        (
            r["line"],
            r["object"],
            r["alignment"],
            {
                "predicate": "contributesTo",
                "status": r["status"],
                "justification": r["justification"],
                "confidence": r["confidence"],
                "source": r["source"],
                "comment": r["rationale"],
                "graph": r["graph"],
                "alignment": r["alignment"],
            },
        )
        for r in frames.matrix.to_dict("records")
    )
    evidence = ["predicate", "status", "justification", "confidence", "source", "comment", "graph", "alignment"]
    links = declared_links(frames)
    g.add_edges_from(
        (element, obj, values[-1], dict(zip(evidence, values, strict=True)))
        for element, obj, *values in links[["element", "object", *evidence]].itertuples(index=False, name=None)
        if obj in g and element in g
    )
    return g


def _simple(g: nx.MultiDiGraph, skip: tuple[str, ...] = ()) -> nx.Graph:
    """Undirected simple graph; an edge's weight is its strongest confidence (1 if none)."""
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes(data=True))
    # edges in the order they first appear, as the networkx algorithms' results depend on it
    weights: dict[tuple[str, str], float] = {}
    for u, v, data in g.edges(data=True):
        if data.get("predicate") in skip:
            continue
        weight = data.get("confidence") or 1.0
        pair = (v, u) if (v, u) in weights else (u, v)
        weights[pair] = max(weights[pair], weight) if pair in weights else weight
    simple.add_edges_from((u, v, {"weight": w}) for (u, v), w in weights.items())
    return simple


def _betweenness(simple: nx.Graph, k: int, seed: int) -> dict[str, float]:
    """``nx.betweenness_centrality(simple, k=k, seed=seed)``: normalised, endpoints left out,
    unweighted, from the same ``k`` sampled sources, but with the breadth-first searches of a
    batch of sources run together as sparse matrix products (networkx walks one node at a time;
    timings in tests/benchmarks/README.md). Equal to networkx's values up to float rounding.
    """
    nodes = list(simple)
    n = len(nodes)
    sampled = k < n
    sources = random.Random(seed).sample(nodes, k) if sampled else nodes
    position = {node: i for i, node in enumerate(nodes)}
    # symmetric 0/1 adjacency; a self-loop is on no shortest path
    ends = np.array([(position[u], position[v]) for u, v in simple.edges() if u != v], dtype=np.int64)
    ends = ends.reshape(-1, 2)
    heads, tails = np.r_[ends[:, 0], ends[:, 1]], np.r_[ends[:, 1], ends[:, 0]]
    adjacency = sparse.csr_array((np.ones(len(heads)), (heads, tails)), shape=(n, n))
    total = np.zeros(n)
    for start in range(0, len(sources), _PIVOT_BATCH):
        rows = np.array([position[s] for s in sources[start : start + _PIVOT_BATCH]])
        cols = np.arange(len(rows))
        depth = np.full((n, len(rows)), -1)
        sigma = np.zeros((n, len(rows)))  # shortest paths from each source (a column) to each node
        depth[rows, cols], sigma[rows, cols] = 0, 1.0
        frontier, level = sigma.copy(), 0
        while True:
            reached = adjacency @ frontier
            new = (reached > 0) & (depth < 0)
            if not new.any():
                break
            level += 1
            depth[new], sigma[new] = level, reached[new]
            frontier = np.where(new, reached, 0.0)
        delta = np.zeros((n, len(rows)))
        safe = np.where(sigma > 0, sigma, 1.0)
        for d in range(level, 0, -1):
            coeff = np.where(depth == d, (1.0 + delta) / safe, 0.0)
            delta += np.where(depth == d - 1, sigma * (adjacency @ coeff), 0.0)
        delta[rows, cols] = 0.0  # a source lies on none of its own paths
        total += delta.sum(axis=1)
    if n - 1 < 2:
        return dict(zip(nodes, total.tolist(), strict=True))
    # normalised by the (s, t) pairs a node could lie between; sampled sources cannot lie on their own
    scale = np.full(n, 1 / ((k if sampled else n - 1) * (n - 2)))
    if sampled:
        scale[[position[s] for s in sources]] = 1 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    return dict(zip(nodes, (total * scale).tolist(), strict=True))


def _describe(g: nx.Graph, nodes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "node": nodes,
            "id": [_id(g, n) for n in nodes],
            "layer": [g.nodes[n].get("layer") for n in nodes],
            "label": [g.nodes[n].get("label") for n in nodes],
        }
    )


def _id(g: nx.Graph, node: str) -> str:
    layer = g.nodes[node].get("layer")
    return str(g.nodes[node].get("notation")) if layer in ("line", "target", "goal") else _short(node)


def hubs(g: nx.MultiDiGraph, n: int = 10, layers: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The ``n`` best-connected nodes (of ``layers``, default all): id, layer, label, degree
    (distinct neighbours) and betweenness centrality (estimated from ``PIVOTS`` seeded sources,
    exact on smaller networks)."""
    simple = _simple(g)
    between = _betweenness(simple, min(PIVOTS, len(simple)), seed=42) if len(simple) else {}
    nodes = [x for x in simple if layers is None or simple.nodes[x].get("layer") in layers]
    frame = _describe(simple, nodes)
    frame["degree"] = [simple.degree(x) for x in nodes]
    frame["betweenness"] = [round(between.get(x, 0.0), 6) for x in nodes]
    frame = frame.sort_values(["degree", "betweenness", "id"], ascending=[False, False, True])
    return frame.head(n).reset_index(drop=True)


def _bridge_edges(simple: nx.Graph) -> list[tuple[str, str]]:
    """The edges of ``simple`` on no cycle: the set ``nx.bridges`` gives, found by one iterative
    depth-first search with low links (Tarjan) instead of networkx's chain decomposition (slower
    at scale: tests/benchmarks/README.md)."""
    order: dict[str, int] = {}  # when the search reached each node
    low: dict[str, int] = {}  # the earliest node reachable from its subtree by one back edge
    found: list[tuple[str, str]] = []
    for root in simple:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(simple[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            for other in neighbours:
                if other == node:
                    continue
                if other not in order:
                    order[other] = low[other] = len(order)
                    stack.append((other, node, iter(simple[other])))
                    break
                if other != parent:  # a simple graph has one edge back to the parent: the tree edge
                    low[node] = min(low[node], order[other])
            else:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append((parent, node))
    return found


def bridges(g: nx.MultiDiGraph, leaves: bool = False) -> pd.DataFrame:
    """Links whose removal splits the network: source, target ids and layers.

    A link to a node of degree one (a target only one element reaches) is always a bridge;
    those are left out unless ``leaves`` is true.
    """
    simple = _simple(g)
    rows = []
    for u, v in _bridge_edges(simple):
        if not leaves and (simple.degree(u) == 1 or simple.degree(v) == 1):
            continue
        a, b = sorted((u, v), key=lambda x: (LAYERS.index(simple.nodes[x]["layer"]), x))
        rows.append(
            {
                "source": _id(simple, a),
                "source_layer": simple.nodes[a]["layer"],
                "target": _id(simple, b),
                "target_layer": simple.nodes[b]["layer"],
                "source_iri": a,
                "target_iri": b,
            }
        )
    columns = ["source", "source_layer", "target", "target_layer", "source_iri", "target_iri"]
    return pd.DataFrame(rows, columns=columns).sort_values(["source", "target"]).reset_index(drop=True)


def communities(g: nx.MultiDiGraph, seed: int = 42, skip: tuple[str, ...] = ("implementsPriority",)) -> pd.DataFrame:
    """Louvain communities (seeded, so reproducible) of the network without ``skip`` links.

    Priority filings are left out by default, so that the communities come from what the
    elements link to and can be compared with the declared priorities.
    Columns: node, id, layer, label, community (0 is the largest).
    """
    simple = _simple(g, skip)
    simple.remove_nodes_from([n for n, d in simple.degree() if d == 0])
    if not len(simple):
        return pd.DataFrame(columns=["node", "id", "layer", "label", "community"])
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    member = {n: i for i, c in enumerate(found) for n in c}
    nodes = sorted(member, key=lambda n: (member[n], n))
    frame = _describe(simple, nodes)
    frame["community"] = [member[n] for n in nodes]
    return frame


def community_agreement(g: nx.MultiDiGraph, frames: Frames, seed: int = 42, found: pd.DataFrame | None = None) -> float:
    """Adjusted Rand index between the communities and the declared priorities.

    Each Question and initiative filed under a priority is labelled with its strongest
    filing (verified first, then confidence, then priority id). 1 means the communities
    group the elements exactly as their priorities do; 0 is what chance gives.
    ``found`` is ``communities(g, seed=seed)`` when the caller has it already.
    """
    found = communities(g, seed=seed) if found is None else found
    community = dict(zip(found["node"], found["community"], strict=True))
    links = declared_links(frames)
    filed = links[links["predicate"] == "implementsPriority"].copy()
    filed["rank"] = filed["status"].map(lambda s: STATUS_RANK.get(s, 0))
    filed = filed.sort_values(["element", "rank", "confidence", "object"], ascending=[True, False, False, True])
    declared = filed.drop_duplicates("element").set_index("element")["object"]
    shared = [e for e in declared.index if e in community]
    if len(shared) < 2:
        return 0.0
    return adjusted_rand_index([declared[e] for e in shared], [community[e] for e in shared])


def adjusted_rand_index(labels: list[object], clusters: list[object]) -> float:
    """The adjusted Rand index of two labellings of the same items, from pair counts in exact
    integers (scikit-learn's ``adjusted_rand_score``, without its slow import).

    >>> adjusted_rand_index(["a", "a", "b", "b"], [0, 0, 1, 1]), adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1])
    (1.0, -0.5)
    """
    table = pd.crosstab(pd.Series(labels, dtype=object), pd.Series(clusters, dtype=object))
    cells = [int(c) for c in table.to_numpy().ravel() if c]
    rows, cols = [int(c) for c in table.sum(axis=1)], [int(c) for c in table.sum(axis=0)]
    n, squares = len(labels), sum(c * c for c in cells)
    together_both = squares - n  # ordered pairs grouped together by both labellings
    together_clusters = sum(c * c for c in cols) - squares  # together in the clusters only
    together_labels = sum(c * c for c in rows) - squares  # together in the labels only
    apart_both = n * n - together_clusters - together_labels - squares
    if together_clusters == 0 and together_labels == 0:
        return 1.0
    return (
        2.0
        * (together_both * apart_both - together_labels * together_clusters)
        / (
            (together_both + together_labels) * (together_labels + apart_both)
            + (together_both + together_clusters) * (together_clusters + apart_both)
        )
    )


def _strongest(edges: dict) -> dict:
    return max(edges.values(), key=lambda d: (STATUS_RANK.get(d.get("status") or "", 0), d.get("confidence") or 0.0))


def explain(frames: Frames, element: str, target: str, g: nx.MultiDiGraph | None = None) -> pd.DataFrame:
    """The shortest chain of links from ``element`` to SDG ``target``, one row per link with
    its evidence (the strongest where several sources give the same link).

    ``element`` may be an IRI or an id ("2022-2025/Q3-2"); ``target`` a code ("9.c") or IRI.
    A chain prefers direct links and links through an action line; an empty frame means
    no chain of links connects them.
    """
    source = resolve_element(frames, element)
    goal = resolve_target(frames, target)
    g = g if g is not None else build_network(frames)

    def cost(_u: str, _v: str, edges: dict) -> float:
        return min(_COST.get(d.get("predicate"), 2.0) for d in edges.values())

    try:
        path = nx.shortest_path(g, source, goal, weight=cost)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return pd.DataFrame(columns=EXPLAIN_COLUMNS)
    rows = []
    for step, (u, v) in enumerate(itertools.pairwise(path), start=1):
        data = _strongest(g.get_edge_data(u, v))
        rows.append(
            {
                "step": step,
                "subject": _id(g, u),
                "subject_label": g.nodes[u].get("label"),
                "predicate": data["predicate"],
                "object": _id(g, v),
                "object_label": g.nodes[v].get("label"),
                **{k: data.get(k) for k in EXPLAIN_COLUMNS[6:]},
            }
        )
    return pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)
