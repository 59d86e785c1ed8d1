"""The charts' code starts loading with a page that draws charts, from URLs the browser keeps.

``dcc.Graph`` asks for its own code (dcc's Graph chunk) only once the page's content is
rendered, then for plotly.js (4.8 MB), both from URLs Dash serves without a fingerprint, which
the browser asks again on every page load (the server reads and hashes plotly.js to answer
304); only then is plotly.js evaluated and are the charts drawn, after the page's tables have
been set up, the last steps of a first render. Here the page's HTML starts both right after
Dash's renderer, from the fingerprinted URLs Dash serves with a year's cache, on the pages
whose layout holds a chart: they run while the page waits for its layout and first callbacks.
The Graph chunk registers itself with dcc's chunk loader when it runs, so dcc does not ask for
it again; ``dcc.Graph`` uses ``window.Plotly`` when it is set, and until plotly.js has run that
is a promise of it. Pages without a chart (Network, Query, Review, Check) load neither.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import dash
import plotly
from dash import Dash, dcc
from dash.fingerprint import build_fingerprint

from dashboards.firstrender import descendants

__all__ = ["chart_paths", "register"]

_PLOTLY = "package_data/plotly.min.js"  # in the plotly package
_GRAPH_CHUNK = "dcc/async-graph.js"  # in the dash package
# if the fingerprinted plotly.js fails (a proxy that drops it), the URL dcc.Graph itself would load
_LOADER = """(function (paths, graphChunk, src, fallback) {
  if (paths.indexOf(window.location.pathname) < 0) return;
  function load(url, onLoad, onError) {
    var script = document.createElement('script');
    script.src = url;
    script.onload = onLoad;
    script.onerror = onError;
    document.head.appendChild(script);
  }
  load(graphChunk, null, null);
  if (window.Plotly) return;
  window.Plotly = new Promise(function (resolve) {
    function done() { resolve(window.Plotly); }
    load(src, done, function () { load(fallback, done, null); });
  });
})(%s, %s, %s, %s);"""


def chart_paths() -> list[str]:
    """The URL paths of the registered pages whose layout holds a ``dcc.Graph``."""
    paths = []
    for page in dash.page_registry.values():
        layout = page["layout"]
        tree = layout() if callable(layout) else layout
        if any(isinstance(c, dcc.Graph) for c in descendants(tree)):
            paths.append(page["relative_path"])
    return paths


def _fingerprinted(prefix: str, package: str, version: str, path: str) -> str:
    """The URL Dash serves ``path`` of ``package`` at with a year's cache (as it names its bundles)."""
    folder = Path(str(importlib.import_module(package).__file__)).parent
    stamp = int((folder / path).stat().st_mtime)
    return f"{prefix}_dash-component-suites/{package}/{build_fingerprint(path, version, stamp)}"


def register(app: Dash) -> None:
    """Add the loader to ``app``'s page HTML, after the renderer has started."""
    prefix = app.config.requests_pathname_prefix
    loader = _LOADER % (
        json.dumps(chart_paths()),
        json.dumps(_fingerprinted(prefix, "dash", dash.__version__, _GRAPH_CHUNK)),
        json.dumps(_fingerprinted(prefix, "plotly", plotly.__version__, _PLOTLY)),
        json.dumps(f"{prefix}_dash-component-suites/plotly/{_PLOTLY}"),
    )
    app.index_string = app.index_string.replace("{%renderer%}", "{%renderer%}<script>" + loader + "</script>")
