"""The endpoint under the issue's abuse: runaways, memory hogs, crashed workers, refused
bodies, bad parameters, and a machine where the network sandbox cannot be installed."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import flask
import pytest
import requests

from graph.endpoint.mount import register_endpoint
from graph.errors import SandboxUnavailable
from graph.settings import EndpointLimits

from .conftest import Listener, Server, gunicorn_deployment, serve

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "ASK { ?s ?p ?o }"
# grows a worker past 5 GB in about 11 s on the bundled data without a memory limit
MEMORY_HOG = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } ORDER BY ?a ?b LIMIT 10"


@pytest.fixture(scope="module")
def capped(bundled_build: Path) -> Iterator[Server]:
    """An endpoint of its own (its workers get killed here), with a 512 MB memory limit and
    time enough for a memory hog to reach it on a busy machine."""
    yield from serve(bundled_build, query_timeout=60.0, query_memory_mb=512)


@pytest.fixture(scope="module")
def fair(bundled_build: Path) -> Iterator[Server]:
    """An endpoint of its own for runaways, stopped after 5 s: the two that get long-query
    slots outlast the others by seconds, however slowly this machine starts workers."""
    yield from serve(bundled_build, query_timeout=5.0)


def get(server: Server, query: str) -> tuple[int, str, float]:
    response = requests.get(server.sparql, params={"query": query}, timeout=60)
    return response.status_code, response.text, time.perf_counter()


def test_eight_runaways_do_not_starve_a_quick_query(fair: Server) -> None:
    pool = fair.pool
    pool.graphs()
    outcomes: list[tuple[int, str, float]] = []
    sizes: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            sizes.append(pool.workers)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    runaways = [threading.Thread(target=lambda: outcomes.append(get(fair, RUNAWAY))) for _ in range(8)]
    for thread in runaways:
        thread.start()
    time.sleep(0.3)
    status, text, quick_done = get(fair, QUICK)
    for thread in runaways:
        thread.join()
    done.set()
    watcher.join()
    assert status == 200 and '"boolean":true' in text.replace(" ", "")
    # answered while runaways were still running: before the last of them was stopped
    assert quick_done < max(finished for _, _, finished in outcomes)
    assert sorted(s for s, _, _ in outcomes) == [503] * 8
    stopped = ("time limit", "long queries are running", "stayed busy")  # a runaway's three ends
    assert all(any(reason in t for reason in stopped) for _, t, _ in outcomes), outcomes
    assert max(sizes) <= pool.max_workers


def test_a_killed_worker_is_replaced_within_the_cap(capped: Server) -> None:
    pool = capped.pool
    assert get(capped, QUICK)[0] == 200
    workers = list(pool._all)
    victims = {w.process.pid for w in workers}
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    for worker in workers:  # the kernel ends them a moment later
        worker.process.wait(timeout=10)
    # a dead worker is never handed a query: each is replaced, and the queries answered
    assert [get(capped, QUICK)[0] for _ in range(len(victims) + 2)] == [200] * (len(victims) + 2)
    assert pool.workers <= pool.max_workers
    assert not {w.process.pid for w in pool._all} & victims


def test_a_memory_hog_is_stopped_with_a_clear_error(capped: Server) -> None:
    status, text, _ = get(capped, MEMORY_HOG)
    assert status == 503
    assert "memory limit of 512 MB" in text and len(text.strip().splitlines()) == 1
    assert get(capped, QUICK)[0] == 200


def _raw(server: Server, head: bytes, body: bytes = b"") -> tuple[bytes, bool]:
    """The server's answer to a request sent by hand, and whether it then closed the
    connection while the rest of the announced body was never sent."""
    netloc = urlsplit(server.url).netloc
    host, port = netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head + body)
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        conn.settimeout(5)
        try:
            while chunk := conn.recv(65536):
                data += chunk
            closed = True
        except TimeoutError:
            closed = False
    return data, closed


def test_a_body_over_the_limit_is_refused_unread_and_the_connection_closed(endpoint: Server) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 10000000000\r\n\r\n"
    )
    answer, closed = _raw(endpoint, head, b"ASK {" * 100)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"Connection: close" in answer
    assert closed


@pytest.mark.parametrize("charset", ["base64", "rot13", "zlib", "idna", "nonsense"])
def test_an_unknown_charset_is_a_415(endpoint: Server, charset: str) -> None:
    response = requests.post(
        endpoint.sparql,
        data=b"ASK {}",
        timeout=10,
        headers={"Content-Type": f"application/sparql-query; charset={charset}"},
    )
    assert response.status_code == 415 and "charset" in response.text


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
def test_a_bad_graph_iri_is_a_400(endpoint: Server, name: str) -> None:
    response = requests.get(endpoint.sparql, params={"query": QUICK, name: "not an iri"}, timeout=10)
    assert response.status_code == 400 and "not an absolute IRI" in response.text
    assert get(endpoint, QUICK)[0] == 200


def test_an_evaluation_error_is_a_400(endpoint: Server) -> None:
    status, text, _ = get(endpoint, "SELECT (<http://x/fn>(1) AS ?x) {}")
    assert status == 400 and text.startswith("query failed")


def test_deep_nesting_is_a_400_and_crashes_nothing(endpoint: Server) -> None:
    nested = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    status, text, _ = get(endpoint, nested)
    assert status == 400 and "too deeply nested" in text
    assert get(endpoint, QUICK)[0] == 200


def test_a_long_query_is_a_400(endpoint: Server) -> None:
    response = requests.post(
        endpoint.sparql,
        data=("ASK { " + "a." * 64_000 + " }").encode(),
        timeout=30,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400 and "query too long" in response.text


@pytest.fixture
def no_seccomp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Child processes find a pyseccomp that cannot load, as on a machine without libseccomp."""
    (tmp_path / "pyseccomp.py").write_text("raise ImportError('no libseccomp here')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")


@pytest.mark.usefixtures("no_seccomp")
def test_without_the_sandbox_the_endpoint_refuses_to_start(bundled_build: Path) -> None:
    with pytest.raises(SandboxUnavailable, match="ITUD_ALIGN_ALLOW_UNSANDBOXED"):
        register_endpoint(flask.Flask("unsandboxed"), bundled_build, limits=EndpointLimits())


@pytest.mark.usefixtures("no_seccomp")
def test_told_to_serve_unsandboxed_it_still_refuses_service(bundled_build: Path, listener: Listener) -> None:
    app = flask.Flask("unsandboxed")
    register_endpoint(app, bundled_build, limits=EndpointLimits(allow_unsandboxed=True))
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 403
    assert client.get("/sparql", query_string={"query": QUICK}).status_code == 200
    from graph.endpoint.protocol import endpoint_state

    pool = endpoint_state(app).pool
    assert pool.sandboxed is False
    pool.close()
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.fixture(scope="module")
def gunicorn(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The README's deployment, gunicorn with threads, over the bundled build."""
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    with gunicorn_deployment(bundled_build, log, "-w", "1", "--threads", "4") as (url, _master):
        yield Server(url, None)  # type: ignore[arg-type]


def test_gunicorn_too_closes_the_connection_after_a_413(gunicorn: Server) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 10000000000\r\n\r\n"
    )
    answer, closed = _raw(gunicorn, head, b"ASK {" * 100)
    assert answer.startswith(b"HTTP/1.1 413")
    assert closed
