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
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

from graph.errors import StoreError

__all__ = ["STORE_KINDS", "StoreKind", "StoreSetting", "build_dir", "data_dir", "endpoint_url", "store_setting"]

StoreKind = Literal["oxigraph", "oxigraph-memory", "rdflib", "sparql"]
STORE_KINDS: tuple[StoreKind, ...] = get_args(StoreKind)


def data_dir() -> Path:
    """The data folder (``ITUD_ALIGN_DATA``, default ``./data``)."""
    return Path(os.environ.get("ITUD_ALIGN_DATA", "data"))


def build_dir() -> Path:
    """The build folder (``ITUD_ALIGN_BUILD_DIR``, default ``./build``)."""
    return Path(os.environ.get("ITUD_ALIGN_BUILD_DIR", "build"))


@dataclass(frozen=True)
class StoreSetting:
    """A checked store backend, and what it implies for the build folder."""

    kind: StoreKind

    @property
    def reads_build(self) -> bool:
        """The store is read from the local build folder (every kind but a remote endpoint)."""
        return self.kind != "sparql"

    @property
    def in_memory(self) -> bool:
        """The build is loaded into memory (every kind but Oxigraph's on-disk store)."""
        return self.kind != "oxigraph"


def store_setting(kind: str | None = None) -> StoreSetting:
    """The store backend ``kind``, or else ``ITUD_ALIGN_STORE`` (default ``oxigraph-memory``),
    checked: the one place that reads and judges the setting."""
    value = kind or os.environ.get("ITUD_ALIGN_STORE") or "oxigraph-memory"
    if value not in STORE_KINDS:
        raise StoreError(f"unknown store {value!r}",
                         fix=f"set ITUD_ALIGN_STORE to {', '.join(STORE_KINDS[:-1])} or {STORE_KINDS[-1]}")
    return StoreSetting(cast(StoreKind, value))


def endpoint_url() -> str | None:
    """The remote SPARQL endpoint (``ITUD_ALIGN_ENDPOINT``), used when the store is ``sparql``."""
    return os.environ.get("ITUD_ALIGN_ENDPOINT")
