"""The Dash app factory: ``create_app()`` builds a fresh app on a store; nothing is read at import."""

from __future__ import annotations

import gc
from pathlib import Path

from dash import Dash

from dashboards import bad_requests, charts_early
from dashboards.data import DashboardData
from dashboards.firstrender import ROUTING_INPUTS, prefill_layouts
from dashboards.pages.check import callbacks as check
from dashboards.pages.cycles import callbacks as cycles
from dashboards.pages.data import callbacks as datainfo
from dashboards.pages.flows import callbacks as flows
from dashboards.pages.gaps import callbacks as gaps
from dashboards.pages.misalignments import callbacks as misalignments
from dashboards.pages.network import callbacks as network
from dashboards.pages.overview import callbacks as overview
from dashboards.pages.query import callbacks as query
from dashboards.pages.regions import callbacks as regions
from dashboards.pages.resolutions import callbacks as resolutions
from dashboards.pages.review import callbacks as review_page
from dashboards.pages.suggestions import callbacks as suggestions
from dashboards.shell import callbacks as shell_callbacks
from dashboards.shell import export_buttons
from dashboards.shell.layout import shell
from graph import settings
from graph.endpoint.mount import register_endpoint
from graph.endpoint.protocol import STATE_KEY, EndpointState
from graph.stores import Store

__all__ = ["create_app", "preload"]

DATA_KEY = "itud_align_data"

HERE = Path(__file__).resolve().parent
# third-party assets vendored under assets/vendor/ (YASGUI: 1 MB the Query page loads itself)
VENDOR_ASSETS = ["vendor"]


def create_app(
    build_dir: Path | None = None, store: Store | None = None, review: review_page.ReviewAccess | None = None
) -> Dash:
    """An app on ``store``, or on the build in ``build_dir``, or on the settings' store.

    The pages come from ``dashboards/pages``; the SPARQL endpoint (``/sparql`` and the
    linked-data routes) is mounted on the same Flask server whenever the app reads a build
    folder. Data is read on the first request that needs it, once per snapshot. The Review
    page writes decisions only with ``review`` carrying a token (``serve --review``); without
    it, it reads the settings' data folder and writes nothing.
    """
    data = DashboardData.open(Path(build_dir) if build_dir else None, store)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="itud-align",
        update_title="",
        serve_locally=True,
        assets_path_ignore=VENDOR_ASSETS,  # served, but loaded only by the page that uses them
        routing_callback_inputs=ROUTING_INPUTS,
    )
    app.layout = shell
    app.server.extensions[DATA_KEY] = data
    for module in (
        shell_callbacks,
        export_buttons,
        overview,
        gaps,
        misalignments,
        network,
        flows,
        regions,
        cycles,
        resolutions,
        suggestions,
        datainfo,
        query,
        check,
    ):
        module.register(app, data)
    review_page.register(app, review or review_page.ReviewAccess(settings.data_dir()))
    prefill_layouts()
    bad_requests.register(app)
    charts_early.register(app)
    endpoint_build = build_dir or (settings.build_dir() if store is None else None)
    if endpoint_build is not None:
        register_endpoint(app.server, Path(endpoint_build))
    return app


def preload(app: Dash) -> None:
    """Read now what requests read on first use (the snapshot and the frames), start the
    endpoint's query zygote, and keep Python's collector off what is there: processes forked
    after this (gunicorn ``--preload``'s workers) share it all, copy on write, instead of each
    reading its own (README, Deployment)."""
    data: DashboardData = app.server.extensions[DATA_KEY]
    _ = data.frames
    state: EndpointState | None = app.server.extensions.get(STATE_KEY)
    if state is not None:
        state.pool.start_zygote()
    gc.freeze()
