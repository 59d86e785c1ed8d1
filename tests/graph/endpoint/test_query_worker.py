"""The worker's SELECT results against pyoxigraph's own, uncut: the JSON it writes directly
and the TSV pass it falls back to must give the same rows, row counts and cuts."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.endpoint.worker import _Capped, _Enough, _json_direct, run_job

EX = "http://example.org/"
# literals that look like the JSON around them: the direct path counts solutions by their seams
TRICKY = ['x},{"y', "},{", '},{"}', '},{",', "{}", "},{}", 'a"b\\', "line\nbreak", "réseau", '"},{"s":{"type":"uri"']


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i, text in enumerate(TRICKY):
        subject = ox.NamedNode(f"{EX}s{i:02}")
        store.add(ox.Quad(subject, ox.NamedNode(EX + "label"), ox.Literal(text, language="en")))
        store.add(
            ox.Quad(
                subject,
                ox.NamedNode(EX + "rank"),
                ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            )
        )
    return store


QUERIES = [
    f"SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label }} ORDER BY ?s",
    f'SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label FILTER(!CONTAINS(?label, "{{}}")) }} ORDER BY ?s',
    f"SELECT ?s ?rank WHERE {{ ?s <{EX}rank> ?rank }} ORDER BY ?s",
    f"SELECT ?s WHERE {{ ?s <{EX}nothing> ?o }}",
    "SELECT ?x WHERE { VALUES ?y { 1 2 3 } OPTIONAL { ?y ?p ?x } }",  # three empty solutions
    "SELECT ?x WHERE { VALUES ?x { 1 UNDEF 2 UNDEF } }",  # empty and full ones mixed
    "SELECT ?n WHERE { VALUES ?n { " + " ".join(str(i) for i in range(40)) + " } }",
    f"SELECT ?t WHERE {{ BIND(<<( <{EX}a> <{EX}b> 1 )>> AS ?t) }}",
    "SELECT ?x WHERE { VALUES ?x { UNDEF 1 2 } }",  # the first solution empty, the others full
    f'SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label FILTER(!CONTAINS(?label, "}},{{}}")) }} ORDER BY ?s',
]


def _reference(store: ox.Store, query: str, limit: int) -> tuple[list[dict[str, object]], int, bool]:
    whole = store.query(query, use_default_graph_as_union=True)
    assert isinstance(whole, ox.QuerySolutions)
    bindings = json.loads(whole.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]
    return bindings[:limit], min(len(bindings), limit), len(bindings) > limit


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 10_000])
@pytest.mark.parametrize("query", QUERIES)
def test_json_rows_counts_and_cuts_are_pyoxigraph_s(store: ox.Store, query: str, limit: int) -> None:
    job = {"query": query, "results_format": "json", "graph_format": "turtle", "row_limit": limit}
    status, form, body, rows, truncated = run_job(store, {}, job)
    assert (status, form) == ("ok", "SELECT")
    expected, expected_rows, expected_cut = _reference(store, query, limit)
    assert json.loads(body)["results"]["bindings"] == expected
    assert (rows, truncated) == (expected_rows, expected_cut)


@pytest.mark.parametrize(
    ("query", "limit", "direct"),
    [
        (QUERIES[1], 10_000, True),  # literals with "},{" in them are counted exactly
        (QUERIES[2], 10_000, True),
        (QUERIES[3], 10_000, True),  # no rows
        (QUERIES[6], 5, True),  # cut at the row limit without a second evaluation
        (QUERIES[1], 2, True),
        (QUERIES[8], 10_000, True),  # a first solution empty
        (QUERIES[8], 1, True),
        (QUERIES[9], 10_000, True),  # "{}" in a literal, which no seam follows
        (QUERIES[0], 10_000, False),  # "},{}" in a literal, as after an empty solution: the TSV pass counts
        (QUERIES[4], 10_000, False),  # empty solutions after others
        (QUERIES[5], 10_000, False),
    ],
)
def test_json_is_written_directly_when_it_can_be_counted(store: ox.Store, query: str, limit: int, direct: bool) -> None:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    assert (_json_direct(result, limit) is not None) == direct


def test_the_cap_counts_a_marker_split_between_two_writes() -> None:
    sink = _Capped(b"},{", 1)
    sink.write(b'{"a":1},')
    sink.write(b'{"a":2}')
    assert sink.seen == 1
    with pytest.raises(_Enough):
        sink.write(b',{"a":3}')
