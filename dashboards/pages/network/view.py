"""Network: an element's or target's neighbourhood in the alignment graph, and the chain of links
that explains how an element covers a target."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from dashboards.data import DashboardData
from dashboards.figures.network import cytoscape_elements
from dashboards.i18n import label, strings, t
from dashboards.shared_views import element_labels, filtered, memo, table
from dashboards.urlstate import ViewState
from graph.analysis.frames import short_id
from graph.analysis.network import build_network, explain, hubs
from graph.namespaces import compact, expand

__all__ = [
    "chain",
    "chain_table",
    "default_focus",
    "focus_node",
    "focus_value",
    "hubs_table",
    "neighbourhood",
    "node_options",
    "target_options",
]


def network(data: DashboardData, state: ViewState) -> nx.MultiDiGraph:
    """The alignment network of the view's frames."""
    frames = filtered(data, state)
    return memo(data, ("network", state.filters), lambda: build_network(frames))


def _labels(data: DashboardData, lang: str) -> dict[str, str]:
    frames = data.frames
    out = element_labels(frames, lang)
    for frame, key in ((frames.targets, "target"), (frames.action_lines, "line"), (frames.goals, "goal")):
        prefix = "SDG " if key == "goal" else ""
        out.update(
            {
                r[key]: f"{prefix}{r['notation']} · {label(r['label_en'], r['label_fr'], lang)}"
                for r in frame.to_dict("records")
            }
        )
    return out


def focus_value(node: str) -> str:
    """The focus picker's value for ``node``: its CURIE. Dash's picker indexes every substring of
    every word of its values and labels when it is drawn; with the nodes' full IRIs as values that
    took three times as long (0.2 s of the Network page's first render for its 408 options)."""
    return compact(node) or node


def focus_node(value: str) -> str:
    """The node a focus picker's value names (:func:`focus_value` the other way)."""
    return (expand(value) if ":" in value else None) or value


def node_options(data: DashboardData, state: ViewState) -> list[dict[str, str]]:
    """Every node one can focus on, searchable by code and title."""
    g = network(data, state)
    labels = _labels(data, state.lang)
    options = ({"label": labels.get(n, short_id(n))[:120], "value": focus_value(n)} for n in g.nodes)
    return sorted(options, key=lambda o: o["label"])


def target_options(data: DashboardData, lang: str) -> list[dict[str, str]]:
    """The SDG targets, for the explaining chain."""
    targets = data.frames.targets
    return [
        {"label": f"{r.notation} · {label(r.label_en, r.label_fr, lang)}"[:120], "value": r.notation}
        for r in targets.itertuples()
    ]


def default_focus(data: DashboardData, state: ViewState) -> str:
    """The best-connected Question of the view (else the best-connected node)."""
    g = network(data, state)
    top = hubs(g, 1, layers=("question",))
    if top.empty:
        top = hubs(g, 1)
    return str(top["node"].iloc[0]) if len(top) else ""


def chain(data: DashboardData, state: ViewState, element: str, target: str) -> pd.DataFrame:
    """The explaining chain from ``element`` to ``target`` (empty when none or not an element)."""
    frames = filtered(data, state)
    if element not in set(frames.elements["element"]) or not target:
        return pd.DataFrame()
    return explain(frames, element, target, network(data, state))


def neighbourhood(data: DashboardData, state: ViewState, focus: str, radius: int, path: pd.DataFrame) -> list[dict]:
    """Cytoscape elements of ``focus``'s neighbourhood (both directions), with ``path`` highlighted."""
    g = network(data, state)
    if focus not in g:
        return []
    undirected = g.to_undirected(as_view=True)
    keep = set(nx.single_source_shortest_path_length(undirected, focus, cutoff=radius))
    by_id = {
        short_id(n) if g.nodes[n].get("layer") not in ("line", "target", "goal") else str(g.nodes[n].get("notation")): n
        for n in g.nodes
    }
    steps = {(by_id.get(r.subject), by_id.get(r.object)) for r in path.itertuples()} if len(path) else set()
    keep |= {n for pair in steps for n in pair if n}
    labels = _labels(data, state.lang)
    sub = g.subgraph(keep)
    nodes = pd.DataFrame(
        [
            {"id": n, "label": labels.get(n, short_id(n)).split(" · ")[0], "layer": d.get("layer"), "focus": n == focus}
            for n, d in sub.nodes(data=True)
        ],
        columns=["id", "label", "layer", "focus"],
    )
    edges = pd.DataFrame(
        [
            {
                "source": u,
                "target": v,
                "predicate": d.get("predicate"),
                "status": d.get("status"),
                "chain": (u, v) in steps,
            }
            for u, v, d in sub.edges(data=True)
        ],
        columns=["source", "target", "predicate", "status", "chain"],
    )
    return cytoscape_elements(nodes, edges)


def hubs_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """The ten best-connected nodes of the view."""
    lang = state.lang
    frame = memo(data, ("hubs", state.filters), lambda: hubs(network(data, state), 10))
    labels = _labels(data, lang)
    frame = frame.assign(
        layer=frame["layer"].map(lambda x: t(f"network.layer.{x}", lang)),
        label=[labels.get(n, lbl).split(" · ", 1)[-1] for n, lbl in zip(frame["node"], frame["label"], strict=True)],
    )
    return table(
        frame[["id", "layer", "label", "degree", "betweenness"]],
        {c: t(f"network.col.{c}", lang) for c in ("id", "layer", "label", "degree", "betweenness")},
    )


def chain_table(path: pd.DataFrame, lang: str) -> tuple[list[dict], list[dict]]:
    """The chain's links with their evidence (links, statuses and justifications in ``lang``; the
    sources' comments, English only, marked so in French)."""
    columns = ["step", "subject", "predicate", "object", "status", "justification", "confidence", "source", "comment"]
    frame = path.reindex(columns=columns)
    if len(frame):
        frame = frame.assign(
            status=frame["status"].map(lambda s: t(f"status.{s}", lang) if isinstance(s, str) and s else s),
            predicate=frame["predicate"].map(
                lambda p: t(f"predicate.{p}", lang) if f"predicate.{p}" in strings("en") else p
            ),
            justification=frame["justification"].map(
                lambda j: t(f"justification.{j}", lang) if f"justification.{j}" in strings("en") else j
            ),
            comment=frame["comment"].map(lambda c: label(c, None, lang)),
        )
    return table(frame, {c: t(f"network.chain.{c}", lang) for c in columns})
