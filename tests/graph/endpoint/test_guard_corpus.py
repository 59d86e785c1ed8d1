"""The query guard against pyoxigraph itself: a generated corpus of queries that try to hide a
SERVICE clause from a lexer; whenever the guard lets one pass, bare pyoxigraph (no sandbox)
evaluates it beside a loopback listener, which must see no connection."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from graph.endpoint.guard import DEFAULT_MAX_DEPTH, inspect_query
from graph.errors import QueryRefused, QueryTooComplex

from .conftest import Listener

# text placed before the SERVICE clause: each one a way a lexer can misread what follows
_BEFORE = [
    "",
    "BIND(ex:a\\#b AS ?q)",
    "BIND(ex:a\\'b AS ?q)",
    'BIND(ex:a\\"b AS ?q)',
    "BIND(ex:a%23b AS ?q)",
    "BIND(ex:a.b AS ?q)",
    "BIND('a\\'b' AS ?q)",
    'BIND("a\\"b" AS ?q)',
    "BIND('''a'b''c''' AS ?q)",
    'BIND("""a"b""c""" AS ?q)',
    "BIND('#' AS ?q)",
    "BIND(<http://e/#x> AS ?q)",
    "BIND(<http://e/'x> AS ?q)",
    "BIND(<http://e/\\u0027> AS ?q)",
    "BIND(1 AS ?a) BIND(2 AS ?b) BIND('>' AS ?c) FILTER(?a<?b&&'>'=?c)",
    "BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b||?b<?a)",
    "BIND(1 AS ?a) FILTER(?a<3)",
    "BIND(1 AS ?a) FILTER(?a <= 3 && '#' != '>')",
    "FILTER(1<2)",
    "FILTER(<http://e/x'> != <http://e/y>)",
    "?s ?p ?o .",
    "?s ?p true.",
    "?s ?p 1.",
    "?s ?p 'x'@en.",
    "?s ?p 'x'^^<http://t>",
    "?s ?p [].",
    "?s ?p (1 <http://e/'> 2) .",
    "?s ?p (1 2) .",
    "?s ex:p ex:o.",
    "?s ?p ?o # comment\n",
    "?s ?p ?o # comment\r",
    "?s ?p ?o # \\u000a",
    "{ ?s ?p ?o } UNION { ?s ?p ?o }",
    "OPTIONAL { ?s ?p ?o }",
    "VALUES ?v { <http://e/#> 'a' }",
    "BIND(<< ?s ?p ?o >> AS ?t)",
]
_SERVICE = [
    "SERVICE <{url}> {{ ?x ?y ?z }}",
    "service silent <{url}> {{ ?x ?y ?z }}",
    "SERVICE:x {{ ?x ?y ?z }}",
    "SERVICE ex2:x {{ ?x ?y ?z }}",
    "SERVICE<{url}>{{?x ?y ?z}}",
    "SeRvIcE <{url}> {{ ?x ?y ?z }}",
]
_AFTER = ["", "BIND('x' AS ?z)", "# '", "FILTER(?a<?b)"]


def corpus(url: str) -> Iterator[str]:
    """Queries with a SERVICE clause to ``url`` behind every text of _BEFORE, in every spelling."""
    head = f"PREFIX ex: <http://e/> PREFIX ex2: <{url}> PREFIX : <{url}/> SELECT * WHERE {{ ?s0 ?p0 ?o0 "
    for before, service, after in itertools.product(_BEFORE, _SERVICE, _AFTER):
        yield f"{head}{before} {service.format(url=url)} {after} }}"
        yield f"{head}{before}{service.format(url=url)}{after}}}"


def _evaluate(store: ox.Store, query: str) -> None:
    try:
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError):
        pass


def _store() -> ox.Store:
    store = ox.Store()
    node = ox.NamedNode("http://e/x")
    store.add(ox.Quad(node, node, node))
    return store


def test_no_query_the_guard_passes_makes_a_connection(listener: Listener) -> None:
    store = _store()
    queries = list(corpus(listener.url))
    assert len(queries) > 1000
    passed = []
    for query in queries:
        try:
            inspect_query(query)
        except QueryRefused:
            continue
        passed.append(query)
        before = listener.connections
        _evaluate(store, query)
        time.sleep(0.002)
        assert listener.connections == before, query
    time.sleep(0.2)
    assert listener.connections == 0


def test_the_corpus_does_reach_the_listener_without_the_guard(listener: Listener) -> None:
    """Control: a good part of the corpus is SPARQL that pyoxigraph would send out."""
    store = _store()
    queries = list(corpus(listener.url))[::7]
    for query in queries:
        _evaluate(store, query)
    time.sleep(0.3)
    assert listener.connections > len(queries) // 4


def test_text_without_service_passes(listener: Listener) -> None:
    """The guard refuses SERVICE, not the tricky text around it: those queries still run."""
    head = "PREFIX ex: <http://e/> SELECT * WHERE { ?s0 ?p0 ?o0 "
    refused = []
    for before in _BEFORE:
        try:
            inspect_query(f"{head}{before} }}")
        except QueryRefused:
            refused.append(before)
    assert refused == []


_NESTED = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "and": lambda n: "SELECT * WHERE { FILTER(" + " && ".join(["true"] * n) + ") }",
    "collections": lambda n: "SELECT * WHERE { ?s ?p " + "(" * n + "1" + ")" * n + " }",
    "blank nodes": lambda n: "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "1" + "]" * n + " }",
}
_CRASH_PROBE = (
    "import pyoxigraph as ox, sys\ntry:\n    ox.Store().query(sys.stdin.read())\nexcept Exception:\n    pass\n"
)


@pytest.mark.parametrize("kind", sorted(_NESTED))
def test_deep_nesting_is_refused_before_the_parser(kind: str) -> None:
    deep = _NESTED[kind](20_000)
    with pytest.raises(QueryTooComplex, match="too deeply nested"):
        inspect_query(deep, max_length=len(deep))
    assert inspect_query(_NESTED[kind](DEFAULT_MAX_DEPTH // 4)).form == "SELECT"


def test_the_depth_limit_sits_below_where_pyoxigraph_crashes() -> None:
    """Control: braces nested 20,000 deep do crash pyoxigraph's parser; the limit is far below."""
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASH_PROBE],
        input=_NESTED["braces"](20_000),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert crashed.returncode < 0
    fine = subprocess.run(
        [sys.executable, "-c", _CRASH_PROBE],
        input=_NESTED["braces"](DEFAULT_MAX_DEPTH),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert fine.returncode == 0


def test_a_long_query_is_refused_before_it_is_lexed() -> None:
    with pytest.raises(QueryTooComplex, match="query too long"):
        inspect_query("ASK { " + "a." * 64_000 + " }")


_PIECES = [
    *_BEFORE,
    "<",
    ">",
    "'",
    '"',
    "#",
    "\\",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ".",
    ";",
    ",",
    "?a",
    "ex:",
    "ex:a\\",
    "'''",
    '"""',
    "<<",
    ">>",
    "&&",
    "<=",
    "true",
    "1",
    "@en",
    "^^",
    "_:b",
    "\n",
    "\r",
    " ",
    "FILTER(",
    "BIND(",
    "AS ?v",
    "VALUES ?x {",
    "UNION",
    "OPTIONAL",
    "SELECT",
    "WHERE",
    "<http://e/#'>",
    "SERVICE",
    "service",
    ":",
    "SERVICE:",
    "%",
    "%41",
]


def random_corpus(url: str, count: int, seed: int) -> Iterator[str]:
    """``count`` queries made of random pieces around a SERVICE clause, seeded."""
    rng = random.Random(seed)
    head = f"PREFIX ex: <http://e/> PREFIX : <{url}/> SELECT * WHERE {{ ?s0 ?p0 ?o0 "
    for _ in range(count):
        before = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6)))
        after = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))
        service = rng.choice(_SERVICE).format(url=url)
        yield f"{head}{before}{rng.choice(['', ' '])}{service}{rng.choice(['', ' '])}{after} }}"


def test_random_pieces_the_guard_passes_make_no_connection(listener: Listener) -> None:
    store = _store()
    for query in random_corpus(listener.url, 3000, seed=15):
        try:
            inspect_query(query)
        except (QueryRefused, QueryTooComplex):
            continue
        before = listener.connections
        _evaluate(store, query)
        time.sleep(0.002)
        assert listener.connections == before, query
    time.sleep(0.2)
    assert listener.connections == 0
