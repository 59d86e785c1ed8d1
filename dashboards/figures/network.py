"""Network figure: dash-cytoscape elements and stylesheet for a neighbourhood of the alignment graph.

Not a ``go.Figure``: cytoscape draws the network, so this module returns its element list
and stylesheet, still as pure functions of DataFrames.
"""

from __future__ import annotations

import pandas as pd

from dashboards.figures.common import OKABE_ITO, STATUS_STYLE, require_columns

__all__ = ["EDGE_COLUMNS", "LAYER_COLOURS", "NODE_COLUMNS", "cytoscape_elements", "stylesheet"]

NODE_COLUMNS = ("id", "label", "layer", "focus")
EDGE_COLUMNS = ("source", "target", "predicate", "status", "chain")
LAYER_COLOURS = {
    "priority": OKABE_ITO[3],
    "question": OKABE_ITO[0],
    "initiative": OKABE_ITO[2],
    "resolution": OKABE_ITO[7],
    "line": OKABE_ITO[1],
    "target": OKABE_ITO[5],
    "goal": OKABE_ITO[4],
}


def cytoscape_elements(nodes: pd.DataFrame, edges: pd.DataFrame) -> list[dict]:
    """Cytoscape elements: nodes classed by layer (and ``focus``), edges by status (and ``chain``).

    ``nodes``: id, label, layer, focus (bool). ``edges``: source, target, predicate,
    status (verified, unverified, suggested or none for the reference hierarchy), chain (bool).
    """
    require_columns(nodes, NODE_COLUMNS, "cytoscape_elements (nodes)")
    require_columns(edges, EDGE_COLUMNS, "cytoscape_elements (edges)")
    out = [
        {"data": {"id": n.id, "label": n.label, "layer": n.layer}, "classes": f"{n.layer}{' focus' if n.focus else ''}"}
        for n in nodes.itertuples()
    ]
    out += [
        {
            "data": {
                "id": f"{e.source}|{e.predicate}|{e.target}|{i}",
                "source": e.source,
                "target": e.target,
                "predicate": e.predicate,
                "status": e.status or "reference",
            },
            "classes": f"{e.status or 'reference'}{' chain' if e.chain else ''}",
        }
        for i, e in enumerate(edges.itertuples())
    ]
    return out


def stylesheet() -> list[dict]:
    """Node colours by layer; edges solid (verified), dashed (unverified), dotted and faint (suggested)."""
    sheet: list[dict] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": 9,
                "width": 16,
                "height": 16,
                "text-wrap": "ellipsis",
                "text-max-width": 140,
                "color": "#1d2733",
            },
        },
        {
            "selector": ".focus",
            "style": {"width": 28, "height": 28, "border-width": 3, "border-color": "#000", "font-weight": "bold"},
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "bezier",
                "target-arrow-shape": "triangle",
                "arrow-scale": 0.7,
                "width": 1.5,
                "line-color": "#999",
                "target-arrow-color": "#999",
            },
        },
        {"selector": ".reference", "style": {"line-color": "#bbb", "target-arrow-color": "#bbb", "width": 1}},
        {
            "selector": ".chain",
            "style": {"width": 5, "line-color": "#D55E00", "target-arrow-color": "#D55E00", "z-index": 10},
        },
    ]
    for layer, colour in LAYER_COLOURS.items():
        sheet.insert(1, {"selector": f".{layer}", "style": {"background-color": colour}})
    for status, style in STATUS_STYLE.items():
        sheet.insert(
            -1,
            {
                "selector": f".{status}",
                "style": {
                    "line-style": style["dash"] if style["dash"] != "dash" else "dashed",
                    "line-color": style["color"],
                    "target-arrow-color": style["color"],
                    "opacity": style["opacity"],
                },
            },
        )
    for rule in sheet:
        if rule["selector"] == ".suggested":
            rule["style"]["line-style"] = "dotted"
    return sheet
