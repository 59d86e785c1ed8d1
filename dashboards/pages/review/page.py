"""Review: decide on unverified and suggested links (accept, reject, edit) with both texts and the
evidence; decisions are written only when the server runs with ``serve --review`` and the token
printed at its start is given. Otherwise the page is read-only."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.components import page, table_card
from dashboards.i18n import t
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/review", name="Review", order=9)

KINDS = ("question", "initiative", "priority", "resolution", "wsis")


def layout(**params: object) -> html.Div:
    """The Review page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "review",
        state,
        dcc.Store(id="review-done", data=0),
        html.P(id="review-mode", className="review-mode"),
        html.Div(
            className="filter",
            children=[
                html.Label(t("review.kind", lang), htmlFor="review-kind"),
                dcc.Dropdown(
                    id="review-kind",
                    options=[{"label": t(f"review.kind.{k}", lang), "value": k} for k in KINDS],
                    value=None,
                    placeholder=t("filters.all", lang),
                    clearable=True,
                ),
            ],
        ),
        html.P(id="review-queue-notice", role="status"),
        table_card("review-queue", lang, row_selection=True, height=420),
        html.Div(id="review-detail", className="card review-detail", children=t("review.select", lang)),
        html.Div(
            id="review-form",
            className="card review-form",
            children=[
                html.Label(t("review.reviewer", lang), htmlFor="review-reviewer"),
                dcc.Input(id="review-reviewer", type="text", placeholder=t("review.reviewer.example", lang)),
                html.Label(t("review.token", lang), htmlFor="review-token"),
                dcc.Input(id="review-token", type="password"),
                html.Label(t("review.confidence", lang), htmlFor="review-confidence"),
                dcc.Input(id="review-confidence", type="number", min=0, max=1, step=0.05),
                html.Label(t("review.comment", lang), htmlFor="review-comment"),
                dcc.Textarea(id="review-comment", style={"width": "100%"}),
                html.Div(
                    className="review-buttons",
                    children=[
                        html.Button(t("review.accept", lang), id="review-accept", n_clicks=0),
                        html.Button(t("review.reject", lang), id="review-reject", n_clicks=0),
                        html.Button(t("review.edit", lang), id="review-edit", n_clicks=0),
                    ],
                ),
                html.P(id="review-result", role="status"),
            ],
        ),
    )
