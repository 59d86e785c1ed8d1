"""Safety over a real HTTP server: read-only, no network request on a query's behalf, time limit."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import flask
import pyoxigraph as ox
import pytest
import requests

from graph.endpoint.mount import register_endpoint
from graph.errors import QueryRefused
from graph.namespaces import graph_iri, mint
from graph.stores import OxigraphStore
from tests.datafiles import framework

from .conftest import TIME_LIMIT, Listener, Server

C5 = str(mint("wsis", "C5"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
UPDATES = [
    f'INSERT DATA {{ <{C5}> <{C5}> "x" }}',
    f"DELETE DATA {{ <{C5}> <{C5}> <{C5}> }}",
    "DELETE WHERE { ?s ?p ?o }",
    f"WITH <{C5}> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}",
    "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    f"CREATE GRAPH <{C5}>",
    f"ADD DEFAULT TO <{C5}>",
    f"MOVE DEFAULT TO <{C5}>",
    f"COPY DEFAULT TO <{C5}>",
    "PREFIX ex: <http://example.org/>\n# a comment\n  clear silent all",
]


def count_quads(server: Server) -> int:
    response = requests.get(server.sparql, params={"query": COUNT}, timeout=10)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def send(server: Server, transport: str, field: str, text: str) -> requests.Response:
    if transport == "get":
        return requests.get(server.sparql, params={field: text}, timeout=10)
    if transport == "form":
        return requests.post(server.sparql, data={field: text}, timeout=10)
    media = "application/sparql-update" if field == "update" else "application/sparql-query"
    return requests.post(server.sparql, data=text.encode(), headers={"Content-Type": media}, timeout=10)


@pytest.mark.parametrize("field", ["update", "query"])
@pytest.mark.parametrize("transport", ["get", "form", "body"])
@pytest.mark.parametrize("update", UPDATES)
def test_every_update_is_refused_and_changes_nothing(
    endpoint: Server, bundled_store: OxigraphStore, update: str, transport: str, field: str
) -> None:
    before = count_quads(endpoint)
    on_disk = len(bundled_store.store)
    response = send(endpoint, transport, field, update)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert count_quads(endpoint) == before
    assert len(bundled_store.store) == on_disk


def test_service_is_refused_and_makes_no_connection(endpoint: Server, listener: Listener) -> None:
    queries = [
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{listener.url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?x ?y ?z . SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        for transport in ("get", "form", "body"):
            response = send(endpoint, transport, "query", query)
            assert response.status_code == 403, query
            assert "SERVICE is refused" in response.text
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_hidden_from_the_lexer_still_makes_no_connection(endpoint: Server, listener: Listener) -> None:
    # "<?b&&'>" would read as an IRI to a lexer that ignores context, while pyoxigraph parses
    # "?a < ?b && '>' = ?c": the guard reads it as pyoxigraph does and refuses SERVICE
    query = (
        f"SELECT * WHERE {{ BIND(1 AS ?a) BIND(2 AS ?b) BIND('>' AS ?c) "
        f"FILTER(?a<?b&&'>'=?c) SERVICE <{listener.url}> {{ ?s ?p ?o }} BIND('x' AS ?z) }}"
    )
    response = send(endpoint, "get", "query", query)
    assert response.status_code == 403
    assert "SERVICE is refused" in response.text
    # should a query still slip past the guard, the workers' network sandbox stops it:
    # the pool (which does not guard) runs the query itself
    assert endpoint.pool.sandboxed
    with pytest.raises(QueryRefused, match="network connection"):
        endpoint.pool.run(query)
    time.sleep(0.3)
    assert listener.connections == 0


def test_the_listener_sees_an_unguarded_service_call(listener: Listener) -> None:
    """Control: pyoxigraph on its own does connect, so the tests above would see it."""
    store = ox.Store()
    with pytest.raises(OSError):
        list(store.query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    time.sleep(0.3)
    assert listener.connections >= 1


def test_from_selects_only_graphs_of_the_store(endpoint: Server, listener: Listener) -> None:
    for clause in ("FROM", "FROM NAMED"):
        query = f"SELECT (COUNT(*) AS ?n) {clause} <{listener.url}> WHERE {{ ?s ?p ?o }}"
        if clause == "FROM NAMED":
            query = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        response = requests.get(endpoint.sparql, params={"query": query}, timeout=10)
        assert response.status_code == 200
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
        assert listener.url in response.headers["X-SPARQL-Note"]
    time.sleep(0.3)
    assert listener.connections == 0


def test_a_note_about_a_non_ascii_graph_is_a_valid_header(endpoint: Server) -> None:
    query = "SELECT * FROM <http://example.org/réseau> WHERE { ?s ?p ?o }"
    response = requests.get(endpoint.sparql, params={"query": query}, timeout=10)
    assert response.status_code == 200
    assert "<http://example.org/r%C3%A9seau>" in response.headers["X-SPARQL-Note"]


def test_from_a_graph_of_the_store_reads_it(endpoint: Server) -> None:
    query = f"SELECT (COUNT(?q) AS ?n) FROM <{graph_iri('itud-study-questions')}> WHERE {{ ?q a itud:StudyQuestion }}"
    response = requests.get(endpoint.sparql, params={"query": query}, timeout=10)
    questions = len(framework("itud_study_questions.csv"))
    assert response.json()["results"]["bindings"][0]["n"]["value"] == str(questions)
    assert "X-SPARQL-Note" not in response.headers


def test_runaway_queries_are_stopped_while_a_quick_one_is_answered(endpoint: Server) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcomes: list[tuple[int, str, float, float]] = []  # status, text, seconds taken, when answered

    def run() -> None:
        started = time.perf_counter()
        response = requests.get(endpoint.sparql, params={"query": runaway}, timeout=30)
        answered = time.perf_counter()
        outcomes.append((response.status_code, response.text, answered - started, answered))

    # two runaways: as many as the pool starts with, so the quick query needs one more worker
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    quick = requests.get(endpoint.sparql, params={"query": f"ASK {{ <{C5}> ?p ?o }}"}, timeout=30)
    quick_answered = time.perf_counter()
    for thread in threads:
        thread.join()
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert len(outcomes) == 2
    # the quick query did not wait for a worker to be freed: it was answered while both runaways
    # still held theirs, which they kept until the time limit stopped them
    assert all(quick_answered < answered for *_, answered in outcomes)
    for status, text, seconds, _ in outcomes:
        assert status == 503
        assert "time limit of 2 s" in text
        assert seconds >= TIME_LIMIT
    # the pool replaced the stopped workers: queries at once are still answered
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(count_quads(endpoint))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 3 and answers[0] == answers[1] == answers[2] > 0


def test_a_missing_build_is_a_clear_503(tmp_path: Path) -> None:
    app = flask.Flask("no-build")
    register_endpoint(app, tmp_path / "nowhere")
    response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 503
    assert "itud-align build" in response.get_data(as_text=True)
