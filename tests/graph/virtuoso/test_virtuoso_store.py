"""Virtuoso, a remote SPARQL store, read through RemoteStore, answers as the embedded Oxigraph store does."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from graph.buildfolder import read_manifest
from graph.namespaces import graph_iri, mint
from graph.stores import OxigraphStore, RemoteStore
from tests.graph.virtuoso.same_frames import assert_same_frames

pytestmark = pytest.mark.virtuoso

QUERIES = sorted(Path(str(resources.files("graph") / "queries")).glob("*.rq"))


def test_every_named_graph_arrives_whole(
    virtuoso_store: RemoteStore, bundled_store: OxigraphStore, bundled_build: Path
) -> None:
    query = f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{
      GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{graph_iri("")}")) }} GROUP BY ?g"""
    remote = dict(virtuoso_store.select(query).itertuples(index=False))
    assert remote == dict(bundled_store.select(query).itertuples(index=False))
    # the WSIS-SDG Matrix has 204 rows, each one Alignment node in its own graph
    matrix = virtuoso_store.select(f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
      GRAPH <{graph_iri("mappings/wsis-sdg-matrix")}> {{ ?a a itud:Alignment }} }}""")
    assert matrix["n"].tolist() == [204]
    snapshot = virtuoso_store.select(f"SELECT ?id WHERE {{ <{mint('dataset', 'itud-align')}> itud:snapshotId ?id }}")
    assert snapshot["id"].tolist() == [read_manifest(bundled_build).snapshot]


def test_values_come_back_as_python_types(virtuoso_store: RemoteStore) -> None:
    # Virtuoso writes booleans as "1"/"0" and decimals without trailing zeros
    lines = virtuoso_store.select("""SELECT ?code ?lead WHERE {
      ?line a itud:WsisActionLine ; skos:notation ?code ; itud:isItuLead ?lead }""")
    lead = dict(lines.itertuples(index=False))
    assert {code for code, is_lead in lead.items() if is_lead is True} == {"C2", "C5", "C6"}
    assert lead["C1"] is False
    counts = virtuoso_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a sdgo:Goal }")
    assert counts["n"].tolist() == [17]
    confidences = virtuoso_store.select("SELECT DISTINCT ?c WHERE { ?a itud:confidence ?c }")["c"]
    assert all(isinstance(c, float) and 0.0 <= c <= 1.0 for c in confidences)


def test_there_are_named_queries_to_compare() -> None:
    assert len(QUERIES) >= 5, [q.name for q in QUERIES]


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_named_query_gives_the_same_rows(path: Path, virtuoso_store: RemoteStore, bundled_store: OxigraphStore) -> None:
    query = path.read_text(encoding="utf-8")
    embedded = bundled_store.select(query)
    assert len(embedded), f"{path.name} returns no row on the bundled data"
    assert_same_frames(embedded, virtuoso_store.select(query))
