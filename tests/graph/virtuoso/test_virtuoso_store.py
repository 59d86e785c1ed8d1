"""Virtuoso, a remote SPARQL store, read through RemoteStore, answers as the embedded Oxigraph store does."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from graph.namespaces import graph_iri, mint
from graph.snapshot import read_manifest
from graph.stores import OxigraphStore, RemoteStore

pytestmark = pytest.mark.virtuoso

QUERIES = sorted(Path(str(resources.files("graph") / "queries")).glob("*.rq"))


def canonical_rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The rows of a frame as sorted tuples of text, so that row order and 0.6 vs 0.60 do not matter."""

    def text(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float):
            return f"{value:.9g}"
        return f"{type(value).__name__}:{value}"

    return sorted(tuple(text(v) for v in row) for row in frame.itertuples(index=False))


def assert_same_frames(embedded: pd.DataFrame, remote: pd.DataFrame) -> None:
    assert list(remote.columns) == list(embedded.columns)
    left, right = canonical_rows(embedded), canonical_rows(remote)
    only_embedded = sorted(set(left) - set(right))[:5]
    only_remote = sorted(set(right) - set(left))[:5]
    assert left == right, f"only on Oxigraph: {only_embedded}; only on Virtuoso: {only_remote}"


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
