"""Query workers forked from one zygote that holds the store (issue 15: memory that does not
multiply with workers): they answer as a store loaded afresh, keep their sandbox and limits,
are forked anew when a rested one holds pages of its own, and under gunicorn ``--preload``
every web worker forks its query workers from the same zygote."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from graph.endpoint import process as process_module
from graph.endpoint.example_queries import load_examples
from graph.endpoint.pool import QueryPool
from graph.endpoint.process import TURTLE_PREFIXES, worker_source
from graph.endpoint.worker import open_source, run_job
from graph.errors import QueryRefused
from graph.namespaces import SPARQL_PREFIXES
from graph.settings import EndpointLimits

from .conftest import Listener, gunicorn_deployment

QUICK = "ASK { ?s ?p ?o }"
ZYGOTE = "graph.endpoint.zygote"


def is_zygote_process(process: psutil.Process) -> bool:
    return ZYGOTE in " ".join(process.cmdline())


@pytest.fixture(scope="module")
def pool(bundled_build: Path) -> Iterator[QueryPool]:
    opened = QueryPool(bundled_build, limits=EndpointLimits(row_limit=1_000_000))
    yield opened
    opened.close()


def lines(body: bytes) -> list[bytes]:
    head, *rows = body.splitlines()
    return [head, *sorted(rows)]


@pytest.mark.parametrize("example", [e for e in load_examples() if "CONSTRUCT" not in e.text], ids=lambda e: e.name)
def test_a_forked_worker_answers_as_a_store_loaded_afresh(pool: QueryPool, bundled_build: Path, example) -> None:
    fresh = open_source(worker_source(bundled_build, in_memory=True))
    job = {"query": example.text, "results_format": "tsv", "graph_format": "turtle", "row_limit": 1_000_000}
    status, _form, expected, rows, truncated = run_job(fresh, SPARQL_PREFIXES, job, TURTLE_PREFIXES)
    assert status == "ok" and rows > 0 and not truncated
    assert lines(pool.run(example.text, results_format="tsv").body) == lines(expected)


def test_every_worker_is_forked_from_the_one_zygote(pool: QueryPool) -> None:
    pool.run(QUICK)
    parents = {psutil.Process(w.process.pid).ppid() for w in pool._all}
    assert len(parents) == 1
    zygote = psutil.Process(parents.pop())
    assert is_zygote_process(zygote) and zygote.ppid() == os.getpid()


def test_the_sandbox_holds_in_a_forked_worker(pool: QueryPool, listener: Listener) -> None:
    # the pool does not guard: the query reaches pyoxigraph, whose request the sandbox stops
    assert pool.sandboxed
    with pytest.raises(QueryRefused, match="network connection"):
        pool.run(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    time.sleep(0.3)
    assert listener.connections == 0


def test_a_rested_worker_holding_pages_of_its_own_is_forked_anew(
    bundled_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(process_module, "REFRESH_PRIVATE_MB", 0)  # any page of its own counts
    rested = QueryPool(bundled_build, limits=EndpointLimits(query_workers=1, query_worker_rest_seconds=0.5))
    try:
        rested.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert all(w.process.private_mb() > 0 for w in rested._all)  # its own pages are read
        first = {w.process.pid for w in rested._all}
        deadline = time.monotonic() + 30
        while {w.process.pid for w in rested._all} & first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not {w.process.pid for w in rested._all} & first
        assert rested.workers <= rested.max_workers
        assert all(not w.served for w in rested._all)
        assert rested.run(QUICK).body  # the fresh fork answers
    finally:
        rested.close()


@pytest.fixture(scope="module")
def preloaded(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, psutil.Process]]:
    """The README's deployment: gunicorn with two workers and --preload, over the bundled build."""
    log = tmp_path_factory.mktemp("preload") / "server.log"
    with gunicorn_deployment(bundled_build, log, "-w", "2", "--preload") as (url, master):
        yield url, psutil.Process(master.pid)


def ask_each_worker(url: str, master: psutil.Process) -> None:
    """One query answered by each web worker (the others stopped meanwhile)."""
    workers = [p for p in master.children() if not is_zygote_process(p)]
    for worker in workers:
        others = [w for w in workers if w.pid != worker.pid]
        for other in others:
            other.send_signal(signal.SIGSTOP)
        try:
            answer = requests.get(url + "/sparql", params={"query": QUICK}, timeout=60)
            assert answer.status_code == 200 and '"boolean":true' in answer.text.replace(" ", "")
        finally:
            for other in others:
                other.send_signal(signal.SIGCONT)


def test_under_preload_every_web_worker_forks_from_one_zygote(preloaded: tuple[str, psutil.Process]) -> None:
    url, master = preloaded
    ask_each_worker(url, master)
    zygotes = [p for p in master.children() if is_zygote_process(p)]
    assert len(zygotes) == 1  # started in the master, before the web workers were forked
    web = [p for p in master.children() if not is_zygote_process(p)]
    workers = zygotes[0].children()
    assert len(web) == 2 and len(workers) >= 2 * EndpointLimits().query_workers
    # nobody else loads the store: no query process outside the zygote's children
    assert not [p for w in web for p in w.children(recursive=True)]


def test_under_preload_killed_workers_are_replaced_within_the_cap(preloaded: tuple[str, psutil.Process]) -> None:
    url, master = preloaded
    ask_each_worker(url, master)
    zygote = next(p for p in master.children() if is_zygote_process(p))
    victims = zygote.children()
    for victim in victims:
        victim.send_signal(signal.SIGKILL)
    psutil.wait_procs(victims, timeout=10)
    answers = [requests.get(url + "/sparql", params={"query": QUICK}, timeout=60).status_code for _ in range(8)]
    assert answers == [200] * 8
    ask_each_worker(url, master)
    survivors = {p.pid for p in zygote.children()}
    assert survivors and not survivors & {v.pid for v in victims}
    assert len(survivors) <= 2 * EndpointLimits().max_query_workers
