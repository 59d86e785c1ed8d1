"""The chart scripts fetched with the page, not after its content has come.

Dash loads plotly.js (4.8 MB) and dcc's Graph chunk only once a Graph is on screen: after the
page's layout, its router answer and the React render of that answer. On a page that draws
charts, the HTML answer names both scripts in a ``Link: rel=preload`` header, so the browser
fetches them (or checks its cached copy) while Dash is still starting, and the Graph's own
requests find them fetched (they still run when the first Graph mounts). Pages without a chart
get no such header (a preload left unused is a console warning).
"""

from __future__ import annotations

import dash
import flask
from dash import Dash, dcc

from dashboards.firstrender import components

__all__ = ["CHART_SCRIPTS", "chart_paths", "register"]

# the URLs dcc's Graph asks for (under the app's path prefix): its webpack chunk and plotly.js
CHART_SCRIPTS = (
    "_dash-component-suites/dash/dcc/async-graph.js",
    "_dash-component-suites/plotly/package_data/plotly.min.js",
)


def chart_paths() -> set[str]:
    """The paths of the registered pages whose layout holds a ``dcc.Graph``."""
    paths = set()
    for page in dash.page_registry.values():
        layout = page["layout"]
        tree = layout() if callable(layout) else layout
        if any(isinstance(c, dcc.Graph) for c in components(tree)):
            paths.add(page["relative_path"])
    return paths


def register(app: Dash) -> None:
    """Add the preload header to the HTML answer of every page with a chart."""
    paths = chart_paths()
    prefix = app.config.requests_pathname_prefix
    header = ", ".join(f"<{prefix}{script}>; rel=preload; as=script" for script in CHART_SCRIPTS)

    @app.server.after_request
    def preload(response: flask.Response) -> flask.Response:
        if flask.request.method == "GET" and flask.request.path in paths and response.mimetype == "text/html":
            response.headers.add("Link", header)
        return response
