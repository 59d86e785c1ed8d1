"""WSGI entry for production servers: ``gunicorn --preload dashboards.wsgi:server``.

The app reads the build named by ``ITUD_ALIGN_BUILD_DIR`` (default ``./build``) or the
store named by ``ITUD_ALIGN_STORE``; run ``itud-align build`` first. A build is opened as a
build folder, as ``itud-align serve`` opens it, so the Data page has its manifest (triples,
sources, SHACL report). The dashboard's frames are read and the SPARQL endpoint's query
zygote started here: under ``--preload`` once, in gunicorn's master, and every worker forked
from it shares them.
"""

from __future__ import annotations

from dashboards.app import create_app, preload
from graph import settings

local = settings.store_setting().kind in ("oxigraph", "oxigraph-memory")
app = create_app(settings.build_dir() if local else None)
server = app.server
preload(app)
