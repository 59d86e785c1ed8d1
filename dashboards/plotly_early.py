"""plotly.js starts loading with a page that draws charts, from a URL the browser keeps.

``dcc.Graph`` asks for plotly.js (4.8 MB) only once a graph is rendered, from a URL Dash serves
without a fingerprint: the browser asks again on every page load (the server reads and hashes
the file to answer 304), then evaluates it, and only then are the charts drawn, the last step
of a page's first render. Here the page's HTML starts it right after Dash's renderer, from the
fingerprinted URL Dash serves with a year's cache, on the pages whose layout holds a chart; it
is evaluated while the page waits for its layout and first callbacks. ``dcc.Graph`` uses
``window.Plotly`` when it is set: until the script has run, that is a promise of it. Pages
without a chart (Network, Query, Review, Check) load no plotly.js at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import dash
import plotly
from dash import Dash, dcc
from dash.fingerprint import build_fingerprint

from dashboards.firstrender import descendants

__all__ = ["chart_paths", "register"]

_FILE = "package_data/plotly.min.js"
# if the fingerprinted URL fails (a proxy that drops it), the URL dcc.Graph itself would load
_LOADER = """(function (paths, src, fallback) {
  if (window.Plotly || paths.indexOf(window.location.pathname) < 0) return;
  window.Plotly = new Promise(function (resolve) {
    function load(url, onError) {
      var script = document.createElement('script');
      script.src = url;
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = onError;
      document.head.appendChild(script);
    }
    load(src, function () { load(fallback, null); });
  });
})(%s, %s, %s);"""


def chart_paths() -> list[str]:
    """The URL paths of the registered pages whose layout holds a ``dcc.Graph``."""
    paths = []
    for page in dash.page_registry.values():
        layout = page["layout"]
        tree = layout() if callable(layout) else layout
        if any(isinstance(c, dcc.Graph) for c in descendants(tree)):
            paths.append(page["relative_path"])
    return paths


def register(app: Dash) -> None:
    """Add the loader to ``app``'s page HTML, after the renderer has started."""
    prefix = app.config.requests_pathname_prefix
    stamp = int((Path(plotly.__file__).parent / _FILE).stat().st_mtime)
    src = f"{prefix}_dash-component-suites/plotly/{build_fingerprint(_FILE, plotly.__version__, stamp)}"
    fallback = f"{prefix}_dash-component-suites/plotly/{_FILE}"
    loader = _LOADER % (json.dumps(chart_paths()), json.dumps(src), json.dumps(fallback))
    app.index_string = app.index_string.replace("{%renderer%}", "{%renderer%}<script>" + loader + "</script>")
