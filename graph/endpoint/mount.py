"""Mount the SPARQL endpoint and the linked-data routes on a Flask server."""

from __future__ import annotations

from pathlib import Path

import flask

from graph import settings
from graph.endpoint import editor_terms, linked_data
from graph.endpoint.pool import UNSANDBOXED, QueryPool
from graph.endpoint.protocol import STATE_KEY, EndpointState, SparqlProtocol
from graph.endpoint.worker import sandbox_available
from graph.errors import SandboxUnavailable
from graph.settings import EndpointLimits

__all__ = ["register_endpoint"]


def register_endpoint(
    server: flask.Flask, build_dir: Path, *, limits: EndpointLimits | None = None, in_memory: bool | None = None
) -> None:
    """Mount /sparql (as middleware on ``server.wsgi_app``), /id/..., /resource, /void,
    /dump and /terms.json on ``server`` for the build at ``build_dir``, under ``limits``
    (default: the ``ITUD_ALIGN_*`` settings, see :class:`graph.settings.EndpointLimits`).

    Fails closed: raises :class:`SandboxUnavailable` where the query workers could not be
    kept off the network, unless ``limits.allow_unsandboxed``. Worker processes start on
    the first query. They hold the build in memory unless ``in_memory`` is false (default:
    the ``ITUD_ALIGN_STORE`` setting, on disk only for ``oxigraph``).
    """
    build_dir = Path(build_dir).resolve()  # Flask's send_file reads a relative path from the app's package
    limits = limits or settings.endpoint_limits()
    if not limits.allow_unsandboxed and not sandbox_available():
        raise SandboxUnavailable(UNSANDBOXED)
    if in_memory is None:
        in_memory = settings.store_setting().in_memory
    pool = QueryPool(Path(build_dir), in_memory=in_memory, limits=limits)
    server.extensions[STATE_KEY] = EndpointState(pool, Path(build_dir))
    server.wsgi_app = SparqlProtocol(server.wsgi_app, pool)  # type: ignore[method-assign]
    server.register_blueprint(linked_data.bp)
    server.register_blueprint(editor_terms.bp)
