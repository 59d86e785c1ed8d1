"""``/terms.json``, what the Query page's editor completes from, over a real HTTP server.

Expected terms come from the sources, not from the route: the ontology file for classes and
properties, SKOS core for the SKOS terms, the build's N-Quads dump for the elements.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import OWL, RDF, Graph

from graph.buildfolder import dump_path
from graph.endpoint.editor_terms import TERMS_PATH
from graph.namespaces import SKOS, SPARQL_PREFIXES, mint

from .conftest import Server

ONTOLOGY = Path(__file__).resolve().parents[3] / "graph" / "ontology.ttl"


@pytest.fixture(scope="module")
def terms(endpoint: Server) -> dict:  # type: ignore[type-arg]
    response = requests.get(endpoint.url + TERMS_PATH, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return response.json()  # type: ignore[no-any-return]


def test_classes_and_properties_are_the_ontologys_and_skos(terms: dict) -> None:  # type: ignore[type-arg]
    ontology = Graph().parse(ONTOLOGY)
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)}
    properties = {
        str(p) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in ontology.subjects(RDF.type, kind)
    }
    assert classes and properties
    assert classes <= set(terms["classes"])
    assert properties <= set(terms["properties"])
    assert {str(SKOS.Concept), str(SKOS.ConceptScheme), str(SKOS.Collection)} <= set(terms["classes"])
    assert {str(SKOS.notation), str(SKOS.prefLabel), str(SKOS.exactMatch)} <= set(terms["properties"])
    assert not set(terms["classes"]) & {str(SKOS.notation), str(SKOS.broader)}
    assert terms["prefixes"] == SPARQL_PREFIXES


def test_elements_are_every_resource_with_a_notation(terms: dict, bundled_build: Path) -> None:  # type: ignore[type-arg]
    notation = ox.NamedNode(str(SKOS.notation))
    expected = {
        q.subject.value
        for q in ox.parse(path=dump_path(bundled_build), format=ox.RdfFormat.N_QUADS)
        if q.predicate == notation and isinstance(q.subject, ox.NamedNode)
    }
    elements = {e["iri"]: e for e in terms["elements"]}
    assert set(elements) == expected
    assert not terms["truncated"]
    target = elements["http://metadata.un.org/sdg/9.c"]
    assert (target["term"], target["notation"]) == ("sdg:9.c", "9.c")
    assert target["label_en"] and target["label_fr"]
    c5 = str(mint("wsis", "C5"))
    assert elements[c5]["term"] == f"<{c5}>"  # a '/' in the local name: written as a full IRI


def test_terms_are_computed_once_per_snapshot(endpoint: Server) -> None:
    first = requests.get(endpoint.url + TERMS_PATH, timeout=60)
    second = requests.get(endpoint.url + TERMS_PATH, timeout=60)
    assert first.content == second.content
