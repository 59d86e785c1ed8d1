"""Cycles: any two cycles side by side, what was gained and lost."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.components import chart_card, page, table_card
from dashboards.i18n import t
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/cycles", name="Cycles", order=6)


def layout(**params: object) -> html.Div:
    """The Cycles page in the URL's language; ``from``, ``to`` and ``kind`` come from the URL."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "cycles",
        state,
        html.Div(
            className="controls",
            children=[
                html.Label(t("cycles.from", lang), htmlFor="cycles-from"),
                dcc.Dropdown(
                    id="cycles-from",
                    value=state.option("from", "WTDC-17"),
                    clearable=False,
                    style={"width": "220px"},
                ),
                html.Label(t("cycles.to", lang), htmlFor="cycles-to"),
                dcc.Dropdown(
                    id="cycles-to", value=state.option("to", "WTDC-22"), clearable=False, style={"width": "220px"}
                ),
                dcc.RadioItems(
                    id="cycles-kind",
                    inline=True,
                    value=state.option("kind", "question"),
                    options=[{"label": t(f"kind.{k}", lang), "value": k} for k in ("question", "initiative")],
                ),
            ],
        ),
        html.Div(id="cycles-message", className="error"),
        html.Div(
            className="two-columns",
            children=[
                chart_card("cycles-changes", lang),
                chart_card("cycles-coverage", lang),
            ],
        ),
        table_card("cycles-table", lang, height=520),
    )
