"""Check a proposal: paste a contribution or upload it (docx, pdf, txt, md), see each item checked
against the portfolio, download the check or the Declaration brief as .docx."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.components import page, table_card
from dashboards.i18n import t
from dashboards.urlstate import ViewState
from graph.documents.contribution import MAX_BYTES

dash.register_page(__name__, path="/check", name="Check a proposal", order=11)

# the page's tables in reading order, each under its heading (i18n key)
SECTIONS = (
    ("items", "check.items", 200),
    ("targets", "check.targets", 300),
    ("lines", "check.lines", 240),
    ("nearest", "check.nearest", 300),
    ("pp", "check.pp", 240),
    ("gaps", "check.gaps", 240),
    ("points", "check.checks", 240),
)


def _section(name: str, key: str, height: int, lang: str) -> html.Div:
    return html.Div(
        className="check-section",
        children=[
            html.H3(t(key, lang), className="section-title"),
            # the page has no filters: an empty table says how to get rows (AG Grid reads this text once,
            # so it holds before a check and after one)
            table_card(f"check-{name}", lang, height=height, empty="check.empty"),
        ],
    )


def layout(**params: object) -> html.Div:
    """The Check a proposal page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "check",
        state,
        dcc.Store(id="check-items", storage_type="session"),
        html.Div(
            className="two-columns check-input",
            children=[
                html.Div(
                    className="card",
                    children=[
                        html.Label(t("check.paste", lang), htmlFor="check-text", className="check-label"),
                        dcc.Textarea(
                            id="check-text",
                            className="check-text",
                            maxLength=MAX_BYTES,
                            placeholder=t("check.paste.placeholder", lang),
                        ),
                        html.Button(t("check.run", lang), id="check-run", n_clicks=0, className="link-button"),
                    ],
                ),
                html.Div(
                    className="card",
                    children=[
                        html.Label(t("check.upload", lang), htmlFor="check-upload", className="check-label"),
                        dcc.Upload(
                            id="check-upload",
                            className="check-upload",
                            max_size=MAX_BYTES,
                            multiple=False,
                            accept=".docx,.pdf,.txt,.md",
                            children=html.Div(t("check.upload.drop", lang)),
                        ),
                        html.P(t("check.upload.limit", lang, mb=MAX_BYTES // 1_000_000), className="legend"),
                    ],
                ),
            ],
        ),
        dcc.Loading(html.Div(id="check-notice", className="check-notice", role="status"), type="dot"),
        html.Div(
            className="controls",
            children=[
                html.Button(
                    t("check.download.check", lang),
                    id="check-download-check",
                    n_clicks=0,
                    className="link-button",
                    disabled=True,
                ),
                dcc.Download(id="check-check-docx"),
                html.Button(
                    t("check.download.brief", lang), id="check-download-brief", n_clicks=0, className="link-button"
                ),
                dcc.Download(id="check-brief-docx"),
            ],
        ),
        dcc.Loading(html.P(id="check-source", className="check-source"), type="dot"),
        *[_section(name, key, height, lang) for name, key, height in SECTIONS],
        title="proposal",
    )
