"""Where things live: the data folder, the build folder and the store setting.

Every setting has a default and an environment variable that overrides it:

- ``ITUD_ALIGN_DATA``: the data folder (default ``./data``);
- ``ITUD_ALIGN_BUILD_DIR``: where ``build`` writes store, dump and manifest (default ``./build``);
- ``ITUD_ALIGN_STORE``: ``oxigraph-memory`` (default: the build loaded into an embedded Oxigraph
  in memory), ``oxigraph`` (the build's on-disk store: little memory, slower joins), ``rdflib``
  or ``sparql``;
- ``ITUD_ALIGN_ENDPOINT``: the remote SPARQL endpoint URL, for the ``sparql`` store.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["build_dir", "data_dir", "endpoint_url", "store_kind"]


def data_dir() -> Path:
    """The data folder (``ITUD_ALIGN_DATA``, default ``./data``)."""
    return Path(os.environ.get("ITUD_ALIGN_DATA", "data"))


def build_dir() -> Path:
    """The build folder (``ITUD_ALIGN_BUILD_DIR``, default ``./build``)."""
    return Path(os.environ.get("ITUD_ALIGN_BUILD_DIR", "build"))


def store_kind() -> str:
    """The store backend (``ITUD_ALIGN_STORE``, default ``oxigraph-memory``)."""
    return os.environ.get("ITUD_ALIGN_STORE", "oxigraph-memory")


def endpoint_url() -> str | None:
    """The remote SPARQL endpoint (``ITUD_ALIGN_ENDPOINT``), used when the store is ``sparql``."""
    return os.environ.get("ITUD_ALIGN_ENDPOINT")
