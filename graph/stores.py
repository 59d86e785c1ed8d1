"""One small read interface over three backends: Oxigraph (embedded, the default),
rdflib (in memory) and any remote SPARQL 1.1 endpoint (read-only, over HTTP).

Every read in the project goes through :meth:`Store.select`, :meth:`Store.ask` or
:meth:`Store.construct`, so the same analysis runs unchanged on every backend.
Values come back the same way from all three: IRIs and plain literals as ``str``,
numbers as ``int`` or ``float``, booleans as ``bool``, unbound as ``None``.
The query's default graph is the union of all named graphs on every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
import rdflib
import requests

from graph import settings
from graph.buildfolder import build_graph_quads, dump_path, read_manifest, store_path
from graph.errors import QueryError, StoreError
from graph.namespaces import SPARQL_PREFIXES, sparql_prologue
from graph.sparql_results import convert_literal, read_tsv_results

__all__ = [
    "OxigraphStore",
    "RdflibStore",
    "RemoteStore",
    "Store",
    "convert_literal",
    "dump_of",
    "open_store",
    "read_tsv_results",
]


class Store(ABC):
    """A read-only SPARQL store."""

    name = "store"

    @abstractmethod
    def _select(self, query: str) -> pd.DataFrame: ...

    @abstractmethod
    def _ask(self, query: str) -> bool: ...

    @abstractmethod
    def _construct(self, query: str) -> str: ...

    def select(self, query: str) -> pd.DataFrame:
        """Run a SELECT query; return a frame with one column per projected variable."""
        return self._select(query)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        return self._ask(query)

    def construct(self, query: str) -> str:
        """Run a CONSTRUCT or DESCRIBE query; return the triples as N-Triples text."""
        return self._construct(query)

    def close(self) -> None:  # noqa: B027 - most backends have nothing to release
        """Release the store."""


class OxigraphStore(Store):
    """Oxigraph, embedded: on disk (read-only) or in memory."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: Path) -> OxigraphStore:
        """Open an on-disk store read-only."""
        if not Path(path).is_dir():
            raise StoreError(f"{path}: no Oxigraph store", fix="run 'itud-align build' first")
        return cls(ox.Store.read_only(str(path)))

    @classmethod
    def load(cls, dump: Path) -> OxigraphStore:
        """Load a build's dump into memory: big joins run several times faster than on disk."""
        dump, build_graph = dump_of(dump)
        store = ox.Store()
        # lenient: the dump is the build's own output, written from checked quads; for an in-memory
        # store, load is faster than bulk_load and peaks lower (tests/benchmarks/README.md)
        store.load(path=str(dump), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.bulk_extend(build_graph)
        return cls(store)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> OxigraphStore:
        """An in-memory store holding ``quads``."""
        store = ox.Store()
        store.bulk_extend(list(quads))
        return cls(store)

    def _run(self, query: str) -> Any:
        try:
            return self.store.query(query, use_default_graph_as_union=True, prefixes=SPARQL_PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"malformed query: {err}") from err

    def _select(self, query: str) -> pd.DataFrame:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        # serialised and parsed in bulk: converting term by term in Python cost more than the query
        return read_tsv_results(result.serialize(format=ox.QueryResultsFormat.TSV) or b"")

    def _ask(self, query: str) -> bool:
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def _construct(self, query: str) -> str:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return (ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


class RdflibStore(Store):
    """rdflib in memory, for small work and as a second engine in tests."""

    name = "rdflib"

    def __init__(self, dataset: rdflib.Dataset) -> None:
        dataset.default_union = True
        self.dataset = dataset

    @classmethod
    def from_nquads(cls, data: bytes | str) -> RdflibStore:
        """A store parsed from N-Quads text."""
        ds = rdflib.Dataset()
        ds.parse(data=data, format="nquads")
        return cls(ds)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> RdflibStore:
        """A store holding ``quads`` (converted through N-Quads)."""
        return cls.from_nquads(ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b"")

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (e.g. the build graph that the dump leaves out)."""
        data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b""
        self.dataset.parse(data=data, format="nquads")

    def _run(self, query: str) -> Any:
        try:
            return self.dataset.query(query, initNs=SPARQL_PREFIXES)
        except Exception as err:  # rdflib raises pyparsing errors and others
            raise QueryError(f"malformed query: {err}") from err

    @staticmethod
    def _value(term: Any) -> Any:
        if term is None:
            return None
        if isinstance(term, rdflib.Literal):
            return convert_literal(str(term), str(term.datatype) if term.datatype else None)
        if isinstance(term, rdflib.BNode):
            return f"_:{term}"
        return str(term)

    def _select(self, query: str) -> pd.DataFrame:
        result = self._run(query)
        if result.type != "SELECT":
            raise QueryError("not a SELECT query")
        columns = [str(v) for v in result.vars]
        return pd.DataFrame([[self._value(row[c]) for c in columns] for row in result], columns=columns, dtype=object)

    def _ask(self, query: str) -> bool:
        result = self._run(query)
        if result.type != "ASK":
            raise QueryError("not an ASK query")
        return bool(result.askAnswer)

    def _construct(self, query: str) -> str:
        result = self._run(query)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return result.serialize(format="nt").decode("utf-8")


class RemoteStore(Store):
    """A remote SPARQL 1.1 endpoint, read over the SPARQL protocol (GET or form POST)."""

    name = "sparql"

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()

    def _request(self, query: str, accept: str) -> requests.Response:
        try:
            response = self.session.post(
                self.url,
                data={"query": sparql_prologue() + query},
                headers={"Accept": accept},
                timeout=self.timeout,
            )
        except requests.RequestException as err:
            raise StoreError(
                f"{self.url}: SPARQL endpoint not reachable ({err})",
                fix="start the endpoint or correct ITUD_ALIGN_ENDPOINT",
            ) from err
        if response.status_code == 400:
            raise QueryError(f"{self.url} refused the query: {response.text[:500]}")
        if response.status_code >= 300:
            raise StoreError(f"{self.url} answered {response.status_code}: {response.text[:500]}")
        # Virtuoso cuts results silently at its ResultSetMaxRows (default 10,000), our endpoint at its row limit
        if "X-SPARQL-MaxRows" in response.headers or response.headers.get("X-SPARQL-Truncated") == "true":
            raise StoreError(
                f"{self.url} cut the results short (row limit); an analysis needs them whole",
                fix="raise the endpoint's row limit ([SPARQL] ResultSetMaxRows in virtuoso.ini)",
            )
        return response

    @staticmethod
    def _value(binding: dict | None) -> Any:
        if binding is None:
            return None
        kind = binding["type"]
        if kind in ("literal", "typed-literal"):
            return convert_literal(binding["value"], binding.get("datatype"))
        if kind == "bnode":
            return f"_:{binding['value']}"
        return binding["value"]

    def _select(self, query: str) -> pd.DataFrame:
        body = self._request(query, "application/sparql-results+json").json()
        if "results" not in body:
            raise QueryError("not a SELECT query")
        columns = body["head"]["vars"]
        rows = [[self._value(b.get(c)) for c in columns] for b in body["results"]["bindings"]]
        return pd.DataFrame(rows, columns=columns, dtype=object)

    def _ask(self, query: str) -> bool:
        body = self._request(query, "application/sparql-results+json").json()
        if "boolean" not in body:
            raise QueryError("not an ASK query")
        return bool(body["boolean"])

    def _construct(self, query: str) -> str:
        return self._request(query, "application/n-triples").text

    def close(self) -> None:
        self.session.close()


def dump_of(dump: Path) -> tuple[Path, list[ox.Quad]]:
    """A build's N-Quads dump and the build graph (snapshot id) that the dump leaves out."""
    if not dump.is_file():
        raise StoreError(f"{dump}: no N-Quads dump", fix="run 'itud-align build' first")
    manifest = read_manifest(dump.parent)
    return dump, build_graph_quads(manifest.snapshot, manifest.triples)


def open_store(
    kind: str | None = None,
    *,
    build_dir: Path | None = None,
    store_dir: Path | None = None,
    dump: Path | None = None,
    endpoint: str | None = None,
) -> Store:
    """Open a store of ``kind`` (default: the ``ITUD_ALIGN_STORE`` setting).

    ``oxigraph`` opens an on-disk store read-only (``store_dir``); ``oxigraph-memory`` loads an
    N-Quads dump into an in-memory Oxigraph (``dump``; faster analysis, more memory); ``rdflib``
    parses the dump; ``sparql`` reads a remote endpoint (``endpoint``, default
    ``ITUD_ALIGN_ENDPOINT``). ``build_dir`` is the build folder whose store or dump the local
    kinds read when ``store_dir`` or ``dump`` is not given (default ``ITUD_ALIGN_BUILD_DIR``).
    An argument the kind does not read raises :class:`StoreError` rather than being ignored.
    """
    setting = settings.store_setting(kind)
    given = {"build_dir": build_dir, "store_dir": store_dir, "dump": dump, "endpoint": endpoint}
    reads = {
        "oxigraph": {"build_dir", "store_dir"},
        "oxigraph-memory": {"build_dir", "dump"},
        "rdflib": {"build_dir", "dump"},
        "sparql": {"endpoint"},
    }[setting.kind]
    unread = sorted(name for name, value in given.items() if value is not None and name not in reads)
    if unread:
        raise StoreError(
            f"the {setting.kind} store does not read {', '.join(unread)}", fix=f"give only {' or '.join(sorted(reads))}"
        )
    build = Path(build_dir) if build_dir is not None else settings.build_dir()
    if setting.kind == "oxigraph":
        return OxigraphStore.open(Path(store_dir) if store_dir is not None else store_path(build))
    if setting.kind == "sparql":
        url = endpoint or settings.endpoint_url()
        if not url:
            raise StoreError("no SPARQL endpoint given", fix="set ITUD_ALIGN_ENDPOINT to the endpoint URL")
        return RemoteStore(url)
    source = Path(dump) if dump is not None else dump_path(build)
    if setting.kind == "oxigraph-memory":
        return OxigraphStore.load(source)
    source, build_graph = dump_of(source)
    store = RdflibStore.from_nquads(source.read_bytes())
    store.add_quads(build_graph)
    return store
