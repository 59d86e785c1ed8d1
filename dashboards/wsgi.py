"""WSGI entry for production servers: ``gunicorn dashboards.wsgi:server``.

The app reads the build named by ``ITUD_ALIGN_BUILD_DIR`` (default ``./build``) or the
store named by ``ITUD_ALIGN_STORE``; run ``itud-align build`` first.
"""

from __future__ import annotations

from dashboards.app import create_app

app = create_app()
server = app.server
