"""Suggested links written as SSSOM and built with the bundled data land in their own named graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.analysis.frames import load_frames
from graph.analysis.similarity import suggestions_to_sssom
from graph.analysis.suggestions import suggest_links
from graph.build import build_dataset
from graph.load import load_data
from graph.namespaces import SEMAPV, graph_iri
from graph.stores import OxigraphStore
from tests.conftest import DATA


@pytest.fixture(scope="module")
def with_suggestions(bundled_store, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A store built from a copy of data/ plus a TF-IDF suggestion file, and the suggestions."""
    suggestions = suggest_links(load_frames(bundled_store))
    data = tmp_path_factory.mktemp("data-with-suggestions") / "data"
    shutil.copytree(DATA, data)
    sssom = suggestions_to_sssom(suggestions, "suggested-tfidf", "2026-11-29", "test")
    (data / "mappings" / "suggested-tfidf.sssom.tsv").write_text(sssom, encoding="utf-8")
    store = OxigraphStore.from_quads(build_dataset(load_data(Path(data))).quads)
    yield store, suggestions
    store.close()


def test_bundled_data_gives_suggestions(with_suggestions) -> None:  # type: ignore[no-untyped-def]
    _store, suggestions = with_suggestions
    assert len(suggestions) > 10
    assert not suggestions["already_declared"].any()


def test_every_suggestion_is_in_its_own_graph_with_status_suggested(with_suggestions) -> None:  # type: ignore[no-untyped-def]
    store, suggestions = with_suggestions
    graph = graph_iri("mappings/suggested-tfidf")
    found = store.select(f"""
        SELECT ?s ?o ?status ?why WHERE {{ GRAPH <{graph}> {{
          ?a a itud:Alignment ; itud:alignmentSubject ?s ; itud:alignmentPredicate itud:contributesTo ;
             itud:alignmentObject ?o ; itud:status ?status ; itud:justification ?why .
          ?s itud:contributesTo ?o . }} }}""")
    # one row per distinct text: one mapping per element it applies to; action lines use their own predicate
    rows = suggestions.explode("elements")
    targets = rows[rows["object_kind"] == "target"]
    assert len(found) == len(targets)
    assert set(found["status"]) == {"suggested"}
    assert set(found["why"]) == {str(SEMAPV.LexicalSimilarityThresholdMatching)}
    assert set(zip(found["s"], found["o"], strict=True)) == set(
        zip(targets["elements"], targets["target"], strict=True)
    )


def test_no_declared_graph_holds_a_suggested_link(with_suggestions) -> None:  # type: ignore[no-untyped-def]
    store, _ = with_suggestions
    graph = graph_iri("mappings/suggested-tfidf")
    assert not store.ask(f"""ASK {{ GRAPH ?g {{ ?a itud:status "suggested" }} FILTER (?g != <{graph}>) }}""")
    assert not store.ask(f"""ASK {{ GRAPH ?g {{ ?a itud:status ?status }} FILTER (?g = <{graph}>
                                    && ?status != "suggested") }}""")
    # no suggestion repeats a declared link: its plain triple is in no other graph
    assert not store.ask(f"""ASK {{ GRAPH <{graph}> {{ ?s itud:contributesTo ?o }}
                                   GRAPH ?g {{ ?s itud:contributesTo ?o }} FILTER (?g != <{graph}>) }}""")
