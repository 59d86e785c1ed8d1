"""Network: search an element or target, see its neighbourhood, show the chain between two nodes."""

from __future__ import annotations

import dash
import dash_cytoscape as cyto
from dash import dcc, html

from dashboards.components import page, table_card
from dashboards.figures.network import LAYER_COLOURS, stylesheet
from dashboards.i18n import t
from dashboards.pages.network.view import focus_value
from dashboards.urlstate import ViewState
from graph.namespaces import STATUSES

dash.register_page(__name__, path="/network", name="Network", order=3)


def _legend(lang: str) -> html.Div:
    layers = [
        html.Span(
            [html.Span("●", style={"color": colour}), " " + t(f"network.layer.{layer}", lang)], className="legend-item"
        )
        for layer, colour in LAYER_COLOURS.items()
    ]
    links = [
        html.Span(t(f"network.legend.{s}", lang), className=f"legend-item legend-{s}") for s in (*STATUSES, "chain")
    ]
    return html.Div(className="legend", id="network-legend", children=[*layers, html.Br(), *links])


def _kept(value: str, option: str | None = None) -> list[dict[str, str]]:
    """The URL's value as the picker's one option (``option`` its value there) until the callback
    fills them: a dropdown clears a value it has no option for, and the cleared value would be
    written back to the URL."""
    return [{"label": value, "value": option or value}] if value else []


def layout(**params: object) -> html.Div:
    """The Network page in the URL's language; ``node`` and ``target`` come from the URL."""
    state = ViewState.from_params(params)
    lang = state.lang
    node, target = state.option("node"), state.option("target")
    return page(
        "network",
        state,
        html.Div(
            className="controls",
            children=[
                html.Label(t("network.focus", lang), htmlFor="network-focus"),
                dcc.Dropdown(
                    id="network-focus",
                    value=focus_value(node) if node else None,
                    options=_kept(node, focus_value(node)),
                    placeholder=t("network.focus.placeholder", lang),
                    style={"width": "420px"},
                ),
                html.Label(t("network.radius", lang), htmlFor="network-radius"),
                dcc.RadioItems(
                    id="network-radius",
                    inline=True,
                    value=state.option("radius", "1"),
                    options=[{"label": r, "value": r} for r in ("1", "2")],
                ),
                html.Label(t("network.target", lang), htmlFor="network-target"),
                dcc.Dropdown(
                    id="network-target",
                    value=target or None,
                    options=_kept(target),
                    placeholder=t("network.target.placeholder", lang),
                    style={"width": "320px"},
                ),
            ],
        ),
        _legend(lang),
        html.Div(
            className="card",
            children=[
                cyto.Cytoscape(
                    id="network-graph",
                    elements=[],
                    stylesheet=stylesheet(),
                    layout={"name": "cose", "animate": False, "randomize": False},
                    style={"width": "100%", "height": "560px"},
                ),
            ],
        ),
        html.Div(id="network-chain-message", className="detail"),
        table_card("network-chain", lang, height=260),
        table_card("network-hubs", lang, height=380),
    )
