"""CURIEs expand and compact in one place, the same way for mapping files, pages and exports."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from graph import namespaces
from graph.namespaces import CURIE_PREFIXES, SPARQL_PREFIXES, compact, expand
from graph.sssom import read_sssom

DATA = Path(__file__).resolve().parents[2] / "data"


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(namespaces).failed == 0


@pytest.mark.parametrize("path", sorted((DATA / "mappings").glob("*.sssom.tsv")), ids=lambda p: p.name)
def test_every_curie_of_the_mapping_files_round_trips(path: Path) -> None:
    _meta, frame = read_sssom(path)
    for column in ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id"):
        for curie, iri in zip(frame[column], frame[column + "_iri"], strict=True):
            assert expand(curie) == iri
            assert compact(iri) == curie


def test_the_longest_namespace_wins_and_unknown_ones_are_none() -> None:
    # id: and itud: share the base; the longer namespace names the term
    element = CURIE_PREFIXES["question"] + "2022-2025/Q3-2"
    assert compact(element) == "question:2022-2025/Q3-2"
    assert compact(element, "sparql") == "id:question/2022-2025/Q3-2"
    assert compact(SPARQL_PREFIXES["itud"] + "Priority", "sparql") == "itud:Priority"
    assert compact("http://example.org/x") is None
    assert expand("nope:x") is None
    assert expand("skos:Concept") is None and expand("skos:Concept", "sparql") == SPARQL_PREFIXES["skos"] + "Concept"
