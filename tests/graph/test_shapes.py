"""The SHACL shapes accept good data and name what is wrong in bad data."""

from __future__ import annotations

import pyoxigraph as ox

from graph.shacl import shacl_problems

GOOD = """
@prefix itud: <https://w3id.org/itud-align/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/itud-align/id/> .
@prefix semapv: <https://w3id.org/semapv/vocab/> .
id:sg a skos:Concept, itud:StudyGroup ; skos:notation "SG1" ; skos:inScheme id:s .
id:q a skos:Concept, itud:StudyQuestion ; skos:notation "Q1/1" ; skos:inScheme id:s ;
    skos:prefLabel "Broadband"@en, "Large bande"@fr ; itud:status "verified" ;
    itud:studyGroup id:sg ; itud:period "2022-2025" .
id:a a itud:Alignment ; itud:alignmentSubject id:q ; itud:alignmentPredicate itud:supportsActionLine ;
    itud:alignmentObject id:c2 ; itud:justification semapv:ManualMappingCuration ;
    itud:confidence "0.70"^^xsd:decimal ; itud:author id:team ; itud:date "2026-11-29"^^xsd:date ;
    itud:status "unverified" ; itud:mappingSet id:set .
"""

BAD = """
@prefix itud: <https://w3id.org/itud-align/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/itud-align/id/> .
id:q a skos:Concept, itud:StudyQuestion ; skos:notation "Q1/1" ; skos:inScheme id:s ;
    skos:prefLabel "Broadband"@en, "Broadband deployment"@en ; itud:status "maybe" ; itud:period "2022-2025" .
id:a a itud:Alignment ; itud:alignmentSubject id:q ; itud:alignmentPredicate itud:supportsActionLine ;
    itud:alignmentObject id:c2 ; itud:justification itud:Hunch ;
    itud:confidence "1.5"^^xsd:decimal ; itud:date "2026-11-29"^^xsd:date ;
    itud:status "unverified" ; itud:mappingSet id:set .
"""


def _quads(turtle: str) -> list[ox.Quad]:
    return list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


def test_good_fixture_conforms() -> None:
    assert shacl_problems(_quads(GOOD)) == []


def test_bad_fixture_names_each_problem() -> None:
    problems = "\n".join(shacl_problems(_quads(BAD)))
    assert "at most one title per language" in problems
    assert "status must be one of verified, unverified, suggested" in problems
    assert "a Question belongs to exactly one study group" in problems
    assert "confidence is one decimal between 0 and 1" in problems
    assert "justification must be official document" in problems
    assert "every link names its author" in problems
    assert "https://w3id.org/itud-align/id/q" in problems
