"""The three backends answer the same query with the same values."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest

from graph import settings
from graph.errors import QueryError, StoreError
from graph.stores import OxigraphStore, RdflibStore, RemoteStore, Store, open_store

QUERY = """
SELECT ?code ?lead (COUNT(?t) AS ?n) WHERE {
  ?l a itud:WsisActionLine ; skos:notation ?code ; itud:isItuLead ?lead ; itud:contributesTo ?t .
} GROUP BY ?code ?lead ORDER BY ?code"""


class _SparqlHandler(BaseHTTPRequestHandler):
    """A plain SPARQL protocol server over a pyoxigraph store (form-encoded POST only)."""

    store: ox.Store

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        query = parse_qs(body)["query"][0]
        try:
            result = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as err:
            self.send_response(400)
            self.end_headers()
            self.wfile.write(str(err).encode())
            return
        if isinstance(result, ox.QueryTriples):
            payload, kind = ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES), "application/n-triples"
        else:
            payload, kind = result.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def remote_url(bundled_build: Path) -> Iterator[str]:
    handler = type("Handler", (_SparqlHandler,), {"store": ox.Store.read_only(str(bundled_build / "store"))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.fixture(scope="module")
def stores(bundled_build: Path, remote_url: str) -> dict[str, Store]:
    return {
        "oxigraph": OxigraphStore.open(bundled_build / "store"),
        "oxigraph-memory": OxigraphStore.load(bundled_build / "dataset.nq"),
        "rdflib": RdflibStore.from_nquads((bundled_build / "dataset.nq").read_bytes()),
        "sparql": RemoteStore(remote_url),
    }


def test_select_gives_equal_frames_on_every_backend(stores: dict[str, Store]) -> None:
    frames = {name: store.select(QUERY) for name, store in stores.items()}
    reference = frames["oxigraph"]
    assert list(reference.columns) == ["code", "lead", "n"]
    # action lines contribute to targets only through the Matrix: C2 has 7 rows in wsis_sdg_links.csv
    c2 = reference[reference["code"] == "C2"].iloc[0]
    assert c2["lead"] is True and c2["n"] == 7
    for name, frame in frames.items():
        assert frame.to_dict("records") == reference.to_dict("records"), name


def test_ask_and_construct_on_every_backend(stores: dict[str, Store]) -> None:
    for name, store in stores.items():
        assert store.ask("ASK { sdg:9.c a sdgo:Target }") is True, name
        assert store.ask("ASK { sdg:9.z a sdgo:Target }") is False, name
        text = store.construct("CONSTRUCT { sdg:9.c skos:broader ?g } WHERE { sdg:9.c skos:broader ?g }")
        assert (
            text.strip() == "<http://metadata.un.org/sdg/9.c> <http://www.w3.org/2004/02/skos/core#broader> "
            "<http://metadata.un.org/sdg/9> ."
        ), name


def test_malformed_query_raises_query_error(stores: dict[str, Store]) -> None:
    for name, store in stores.items():
        with pytest.raises(QueryError):
            store.select("SELECT ?x WHERE { ?x ?y }")
        assert name


def test_open_store_follows_the_settings(bundled_env: Path, remote_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_store(), OxigraphStore)
    monkeypatch.setenv("ITUD_ALIGN_STORE", "oxigraph-memory")
    assert open_store().ask("ASK { ?d itud:snapshotId ?s }")
    monkeypatch.setenv("ITUD_ALIGN_STORE", "rdflib")
    assert isinstance(open_store(), RdflibStore)
    monkeypatch.setenv("ITUD_ALIGN_STORE", "sparql")
    monkeypatch.setenv("ITUD_ALIGN_ENDPOINT", remote_url)
    assert isinstance(open_store(), RemoteStore)
    monkeypatch.setenv("ITUD_ALIGN_STORE", "graphdb")
    with pytest.raises(StoreError, match="oxigraph, oxigraph-memory, rdflib or sparql"):
        open_store()


def test_unreachable_endpoint_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="not reachable"):
        RemoteStore("http://127.0.0.1:9/sparql", timeout=2).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_rdflib_store_from_a_build_knows_the_snapshot(bundled_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_STORE", "rdflib")
    frame = open_store().select("SELECT ?s WHERE { ?d itud:snapshotId ?s }")
    assert list(frame["s"]) == [json.loads((bundled_env / "build.json").read_text())["snapshot"]]


class _TruncatingHandler(_SparqlHandler):
    """Answers like Virtuoso when it hits ResultSetMaxRows: 200, partial results, a header."""

    def end_headers(self) -> None:
        self.send_header("X-SPARQL-MaxRows", "2")
        super().end_headers()


def test_results_cut_by_the_remote_row_limit_are_an_error(bundled_build: Path) -> None:
    handler = type("Handler", (_TruncatingHandler,), {"store": ox.Store.read_only(str(bundled_build / "store"))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql")
        with pytest.raises(StoreError, match="cut the results short"):
            store.select("SELECT ?t WHERE { ?t a sdgo:Target }")
    finally:
        server.shutdown()


_XSD = "http://www.w3.org/2001/XMLSchema#"
# (object term, the value every backend must give for it)
_AWKWARD = [
    (ox.Literal('say "hi"\tthen\\go\nnext\r line'), 'say "hi"\tthen\\go\nnext\r line'),
    (ox.Literal("é中😀\u2028\x01"), "é中😀\u2028\x01"),
    (ox.Literal(""), ""),
    (ox.Literal("titre", language="fr"), "titre"),
    (ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")), 3),
    (ox.Literal("-5", datatype=ox.NamedNode(_XSD + "nonNegativeInteger")), -5),
    (ox.Literal("0.90", datatype=ox.NamedNode(_XSD + "decimal")), 0.9),
    (ox.Literal("1", datatype=ox.NamedNode(_XSD + "decimal")), 1.0),
    (ox.Literal("1.5E0", datatype=ox.NamedNode(_XSD + "double")), 1.5),
    (ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")), True),
    (ox.Literal("0", datatype=ox.NamedNode(_XSD + "boolean")), False),
    (ox.Literal("many", datatype=ox.NamedNode(_XSD + "integer")), "many"),
    (ox.Literal("2025-03-01", datatype=ox.NamedNode(_XSD + "date")), "2025-03-01"),
    (ox.NamedNode("http://example.org/é?q=1#x"), "http://example.org/é?q=1#x"),
]


def test_awkward_values_come_back_alike_from_every_backend() -> None:
    p = ox.NamedNode("http://example.org/p")
    quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{i:02d}"), p, o) for i, (o, _) in enumerate(_AWKWARD)]
    query = "SELECT ?s ?o ?none WHERE { ?s <http://example.org/p> ?o OPTIONAL { ?s a ?none } } ORDER BY ?s"
    handler = type("Handler", (_SparqlHandler,), {"store": OxigraphStore.from_quads(quads).store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backends = {
            "oxigraph": OxigraphStore.from_quads(quads),
            "rdflib": RdflibStore.from_quads(quads),
            "sparql": RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql"),
        }
        for name, store in backends.items():
            frame = store.select(query)
            assert list(frame.columns) == ["s", "o", "none"], name
            got = list(frame["o"])
            assert got == [v for _, v in _AWKWARD], name
            assert [type(v) for v in got] == [type(v) for _, v in _AWKWARD], name
            assert list(frame["none"]) == [None] * len(_AWKWARD), name
    finally:
        server.shutdown()


def test_a_projection_of_no_variable_counts_its_solutions() -> None:
    store = OxigraphStore.from_quads([])
    assert store.select("SELECT * WHERE {}").shape == (1, 0)
    assert store.select("SELECT ?x WHERE { VALUES ?x { UNDEF 1 } }")["x"].tolist() == [None, 1]
    empty = store.select("SELECT ?x ?y WHERE { FILTER (false) }")
    assert list(empty.columns) == ["x", "y"] and empty.empty


def test_the_store_setting_is_read_and_checked_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ITUD_ALIGN_STORE", raising=False)
    assert settings.store_setting().kind == "oxigraph-memory"
    monkeypatch.setenv("ITUD_ALIGN_STORE", "oxigraph")
    assert settings.store_setting() == settings.StoreSetting("oxigraph")
    assert not settings.store_setting().in_memory and settings.store_setting().reads_build
    assert settings.store_setting("sparql") == settings.StoreSetting("sparql")
    assert not settings.store_setting("sparql").reads_build
    with pytest.raises(StoreError) as err:
        settings.store_setting("virtuoso")
    assert err.value.fix == "set ITUD_ALIGN_STORE to oxigraph, oxigraph-memory, rdflib or sparql"


def test_open_store_reads_each_argument_as_one_thing(bundled_build: Path, tmp_path: Path) -> None:
    dump = tmp_path / "elsewhere.nq"
    dump.write_bytes((bundled_build / "dataset.nq").read_bytes())
    (tmp_path / "build.json").write_bytes((bundled_build / "build.json").read_bytes())
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    expected = open_store("oxigraph", store_dir=bundled_build / "store").select(count)["n"].iloc[0]
    assert open_store("oxigraph", build_dir=bundled_build).select(count)["n"].iloc[0] == expected
    assert open_store("oxigraph-memory", dump=dump).select(count)["n"].iloc[0] == expected
    assert open_store("rdflib", build_dir=bundled_build).select(count)["n"].iloc[0] == expected
    with pytest.raises(StoreError, match="the rdflib store does not read store_dir"):
        open_store("rdflib", store_dir=bundled_build / "store")
    with pytest.raises(StoreError, match="the sparql store does not read build_dir"):
        open_store("sparql", build_dir=bundled_build)
    with pytest.raises(StoreError, match="no Oxigraph store"):
        open_store("oxigraph", store_dir=tmp_path / "none")
