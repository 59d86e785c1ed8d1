"""Requests the dashboard's own routes cannot answer get a one-line 4xx, not Dash's 500.

Dash answers a component bundle path it does not know with an exception (500), and a callback
request whose body names no callback, or the wrong shapes, with a ``KeyError`` (500). Both are
the client's error: a stale page after an upgrade, a hand-written request, a scanner.
"""

from __future__ import annotations

import flask
from dash import Dash
from dash.exceptions import DependencyException

__all__ = ["register"]

_LISTS = ("inputs", "state", "changedPropIds")  # "outputs" is an object for a single output


def _message(status: int, text: str) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def _unknown_bundle(error: DependencyException) -> flask.Response:
    del error  # its text lists every registered path: not for the client
    return _message(404, f"no such component bundle: {flask.request.path}")


def register(app: Dash) -> None:
    """Answer unknown bundle paths 404 and malformed callback requests 400 on ``app``'s server."""
    server = app.server
    dispatch = app.config.requests_pathname_prefix + "_dash-update-component"
    server.register_error_handler(DependencyException, _unknown_bundle)

    @server.before_request
    def _callback_request_shape() -> flask.Response | None:
        request = flask.request
        if request.method != "POST" or request.path != dispatch:
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _message(400, "a callback request is a JSON object; reload the page")
        if not isinstance(body.get("output"), str) or body["output"] not in app.callback_map:
            return _message(400, "the callback request names no callback of this dashboard; reload the page")
        if any(not isinstance(body.get(key, []), list) for key in _LISTS):
            return _message(400, f"a callback request's {', '.join(_LISTS)} are lists; reload the page")
        return None
