"""The shell around every page: header, language switch, navigation, filter bar, footer.

The shell holds no data; its texts, filter options and links are filled by the shell
callback from the URL (``dashboards/shell/callbacks.py``).
"""

from __future__ import annotations

import dash
from dash import dcc, html
from dash.dash import _ID_LOCATION

from dashboards.i18n import t
from dashboards.urlstate import FILTER_KEYS

__all__ = ["NAV_PAGES", "URL", "nav_keys", "shell"]

# Dash pages' own Location: writing its ``search`` re-renders the page with the new view
URL = _ID_LOCATION
# the pages in navigation order: (key, path)
NAV_PAGES = (
    ("overview", "/"),
    ("gaps", "/gaps"),
    ("misalignments", "/misalignments"),
    ("network", "/network"),
    ("flows", "/flows"),
    ("regions", "/regions"),
    ("cycles", "/cycles"),
    ("resolutions", "/resolutions"),
    ("suggestions", "/suggestions"),
    ("review", "/review"),
    ("data", "/data"),
    ("query", "/query"),
    ("check", "/check"),
)


def nav_keys() -> list[str]:
    """The keys of the pages in navigation order that the app registered."""
    paths = {page["path"] for page in dash.page_registry.values()}
    return [key for key, path in NAV_PAGES if path in paths]


def _nav() -> html.Nav:
    hrefs = dict(NAV_PAGES)
    return html.Nav(
        id="app-nav",
        className="app-nav",
        children=[
            dcc.Link(t(f"nav.{key}", "en"), id=f"app-nav-{key}", href=hrefs[key], className="nav-link")
            for key in nav_keys()
        ],
    )


def _filter(key: str) -> html.Div:
    return html.Div(
        className="filter",
        children=[
            html.Label(t(f"filters.{key}", "en"), id=f"filters-{key}-label", htmlFor=f"filters-{key}"),
            dcc.Dropdown(
                id=f"filters-{key}", options=[], value=None, placeholder=t("filters.all", "en"), clearable=True
            ),
        ],
    )


def shell() -> html.Div:
    """The whole app layout; the page itself goes into ``dash.page_container``."""
    return html.Div(
        id="app-root",
        children=[
            html.Header(
                className="app-header",
                children=[
                    html.Div(
                        className="app-brand",
                        children=[
                            html.H1(t("app.title", "en"), id="app-title"),
                            html.Span(t("app.subtitle", "en"), id="app-subtitle", className="app-subtitle"),
                        ],
                    ),
                    dcc.RadioItems(
                        id="app-lang",
                        className="app-lang",
                        inline=True,
                        value="en",
                        options=[{"label": "English", "value": "en"}, {"label": "Français", "value": "fr"}],
                    ),
                ],
            ),
            _nav(),
            html.Div(
                id="filters-bar",
                className="filters-bar",
                children=[
                    *[_filter(key) for key in FILTER_KEYS],
                    html.Button(t("filters.clear", "en"), id="filters-clear", className="filters-clear", n_clicks=0),
                ],
            ),
            html.Div(id="filters-notice", className="filters-notice", role="status"),
            html.Main(className="app-main", children=[dash.page_container]),
            html.Footer(id="app-footer", className="app-footer"),
        ],
    )
