"""Where things live and how far the SPARQL endpoint goes: folders, store, endpoint limits.

Every setting has a default and an environment variable that overrides it:

- ``ITUD_ALIGN_DATA``: the data folder (default ``./data``);
- ``ITUD_ALIGN_BUILD_DIR``: where ``build`` writes store, dump and manifest (default ``./build``);
- ``ITUD_ALIGN_STORE``: ``oxigraph-memory`` (default: the build loaded into an embedded Oxigraph
  in memory), ``oxigraph`` (the build's on-disk store: little memory, slower joins), ``rdflib``
  or ``sparql``;
- ``ITUD_ALIGN_ENDPOINT``: the remote SPARQL endpoint URL, for the ``sparql`` store;
- the endpoint's limits, read by :func:`endpoint_limits` (see :class:`EndpointLimits`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, cast, get_args

from graph.errors import SettingError, StoreError

__all__ = [
    "STORE_KINDS",
    "EndpointLimits",
    "StoreKind",
    "StoreSetting",
    "build_dir",
    "data_dir",
    "endpoint_limits",
    "endpoint_url",
    "store_setting",
]

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
        raise StoreError(
            f"unknown store {value!r}",
            fix=f"set ITUD_ALIGN_STORE to {', '.join(STORE_KINDS[:-1])} or {STORE_KINDS[-1]}",
        )
    return StoreSetting(cast(StoreKind, value))


def endpoint_url() -> str | None:
    """The remote SPARQL endpoint (``ITUD_ALIGN_ENDPOINT``), used when the store is ``sparql``."""
    return os.environ.get("ITUD_ALIGN_ENDPOINT")


@dataclass(frozen=True)
class EndpointLimits:
    """How much one SPARQL query (endpoint or CLI ``query``) may take, and where the endpoint
    says it lives. Each field is read from ``ITUD_ALIGN_`` + its name in capitals."""

    query_timeout: float = 30.0  # seconds a query may run before its worker is stopped
    row_limit: int = 10_000  # rows (or triples) past which results are cut
    query_workers: int = 2  # worker processes started with each server process
    max_query_workers: int = 4  # the most worker processes a server process ever runs
    long_queries: int = 2  # queries that may run past short_query_seconds at once
    short_query_seconds: float = 1.0  # past this a query needs one of the long_queries slots
    query_memory_mb: int = 2048  # address space of one query worker (RLIMIT_AS), in MB
    query_worker_rest_seconds: float = 30.0  # a worker idle this long after copying part of the store is forked anew
    max_body_bytes: int = 1_000_000  # request bodies past this are refused (413) unread
    max_query_length: int = 100_000  # characters of query text
    max_query_depth: int = 500  # nesting levels: brackets and chained UNION, FILTER, operators
    base_url: str = "http://127.0.0.1:8050"  # the public address the service description and VoID give
    allow_unsandboxed: bool = False  # serve even where the workers' network sandbox cannot be installed

    def __post_init__(self) -> None:
        small = [
            f.name
            for f in fields(self)
            if f.name not in ("base_url", "allow_unsandboxed") and getattr(self, f.name) <= 0
        ]
        if small:
            raise SettingError(
                f"endpoint setting {', '.join(small)} must be above 0",
                fix="set " + ", ".join(f"ITUD_ALIGN_{n.upper()}" for n in small) + " to a positive value",
            )
        if self.long_queries >= self.max_query_workers:
            raise SettingError(
                "ITUD_ALIGN_LONG_QUERIES must be below ITUD_ALIGN_MAX_QUERY_WORKERS, so "
                "some workers are always left for quick queries",
                fix="lower it",
            )
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingError(
                f"ITUD_ALIGN_BASE_URL {self.base_url!r} is not an http(s) URL",
                fix="give the address clients use, e.g. https://itud.example.org",
            )


def endpoint_limits() -> EndpointLimits:
    """The endpoint limits, each from its ``ITUD_ALIGN_*`` variable when set."""
    values: dict[str, object] = {}
    for f in fields(EndpointLimits):
        raw = os.environ.get(f"ITUD_ALIGN_{f.name.upper()}")
        if raw is None or not raw.strip():
            continue
        kind: Any = type(f.default)
        try:
            if kind is bool:
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                values[f.name] = kind(raw.strip().rstrip("/")) if kind is str else kind(raw)
        except ValueError:
            raise SettingError(
                f"ITUD_ALIGN_{f.name.upper()}={raw!r} is not a {kind.__name__}", fix=f"set a number like {f.default}"
            ) from None
    return EndpointLimits(**values)  # type: ignore[arg-type]
