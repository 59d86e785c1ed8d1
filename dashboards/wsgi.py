"""WSGI entry for production servers: ``gunicorn --preload dashboards.wsgi:server``.

The app reads the build named by ``ITUD_ALIGN_BUILD_DIR`` (default ``./build``) or the
store named by ``ITUD_ALIGN_STORE``; run ``itud-align build`` first. The dashboard's frames
are read and the SPARQL endpoint's query zygote started here: under ``--preload`` once, in
gunicorn's master, and every worker forked from it shares them.
"""

from __future__ import annotations

from dashboards.app import create_app, preload

app = create_app()
server = app.server
preload(app)
