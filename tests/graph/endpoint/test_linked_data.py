"""Dereferencing project IRIs (HTML, Turtle, JSON-LD), /resource, VoID and the dump."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests

from graph.buildfolder import read_manifest
from graph.namespaces import ITUD, SDG, SKOS, VOID, graph_iri, mint

from .conftest import BASE_URL, Server

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
Q32 = mint("question", "2022-2025/Q3-2")
Q32_TITLE = (
    "Securing information and communication networks: Best practices for developing "
    "a culture of cybersecurity"
)  # data/frameworks/itud_study_questions.csv


def path_of(iri: str) -> str:
    return "/id/" + iri.split("/id/", 1)[1]


def test_element_as_html_for_a_browser(endpoint: Server) -> None:
    response = requests.get(endpoint.url + path_of(Q32), headers={"Accept": BROWSER}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.text
    assert f"<title>Q3/2 — {Q32_TITLE}</title>" in page
    assert "Links with their evidence" in page
    # the curated link to C5, with its evidence and the named graph that says it
    assert 'href="/id/wsis/C5"' in page
    assert "semapv:ManualMappingCuration" in page
    assert "graph/mappings/curated-questions" in page
    # links lead to the SDG target's page on this server
    assert 'href="/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F9.1"' in page


def test_element_as_turtle(endpoint: Server) -> None:
    response = requests.get(endpoint.url + path_of(Q32), headers={"Accept": "text/turtle"}, timeout=10)
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (Q32, SKOS.notation, rdflib.Literal("Q3/2")) in graph
    assert (Q32, ITUD.contributesTo, SDG["9.1"]) in graph
    assert (Q32, ITUD.supportsActionLine, mint("wsis", "C5")) in graph
    # the evidence nodes come along
    evidence = set(graph.subjects(ITUD.alignmentSubject, Q32))
    assert evidence
    assert all((a, ITUD.justification, None) in graph for a in evidence)


def test_element_as_json_ld(endpoint: Server) -> None:
    response = requests.get(endpoint.url + path_of(Q32), headers={"Accept": "application/ld+json"}, timeout=10)
    assert response.headers["Content-Type"].startswith("application/ld+json")
    nodes = {node["@id"]: node for node in json.loads(response.text)}
    assert nodes[str(Q32)][str(SKOS.notation)] == [{"@value": "Q3/2"}]


def test_default_and_format_parameter(endpoint: Server) -> None:
    plain = requests.get(endpoint.url + path_of(Q32), timeout=10)
    assert plain.headers["Content-Type"].startswith("text/turtle")
    nt = requests.get(
        endpoint.url + path_of(Q32), params={"format": "ntriples"}, headers={"Accept": BROWSER}, timeout=10
    )
    assert nt.headers["Content-Type"].startswith("application/n-triples")


def test_unknown_iri_gets_404_with_a_message(endpoint: Server) -> None:
    for path in ("/id/question/2022-2025/Q99-9", "/id/no-such-kind/x"):
        response = requests.get(endpoint.url + path, timeout=10)
        assert response.status_code == 404
        assert "no resource" in response.text


def test_sdg_target_page(endpoint: Server) -> None:
    response = requests.get(
        endpoint.url + "/resource", params={"iri": str(SDG["9.c"])}, headers={"Accept": BROWSER}, timeout=10
    )
    assert response.status_code == 200
    assert "<title>9.c" in response.text
    assert "Referred to by" in response.text and 'href="/id/wsis/C5"' in response.text


def test_void(endpoint: Server, bundled_build: Path) -> None:
    """The addresses come from the configured base URL, never from the Host header sent."""
    response = requests.get(endpoint.url + "/void", headers={"Host": "evil.example"}, timeout=10)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    dataset = mint("dataset", "itud-align")
    base = BASE_URL
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(base + "/sparql")
    assert graph.value(dataset, VOID.dataDump) == rdflib.URIRef(base + "/dump")
    assert "evil.example" not in response.text
    assert int(graph.value(dataset, VOID.triples)) == read_manifest(bundled_build).triples
    assert graph_iri("mappings/wsis-sdg-matrix") in set(graph.objects(dataset, VOID.subset))


def test_dump_as_n_quads_and_trig(endpoint: Server) -> None:
    c5_label = ox.Quad(
        ox.NamedNode(str(mint("wsis", "C5"))),
        ox.NamedNode(str(SKOS.prefLabel)),
        ox.Literal("Building confidence and security in the use of ICTs", language="en"),
        ox.NamedNode(str(graph_iri("wsis-action-lines"))),
    )
    nq = requests.get(endpoint.url + "/dump", timeout=30)
    assert nq.headers["Content-Type"].startswith("application/n-quads")
    assert "attachment" in nq.headers["Content-Disposition"]
    assert c5_label in set(ox.parse(nq.content, format=ox.RdfFormat.N_QUADS))
    trig = requests.get(endpoint.url + "/dump", params={"format": "trig"}, timeout=30)
    assert trig.headers["Content-Type"].startswith("application/trig")
    assert c5_label in set(ox.parse(trig.content, format=ox.RdfFormat.TRIG))


@pytest.mark.parametrize("path", [path_of(Q32), "/void", "/resource?iri=" + str(SDG["9.c"])])
def test_linked_data_is_open_to_other_origins_without_credentials(endpoint: Server, path: str) -> None:
    response = requests.get(endpoint.url + path, headers={"Origin": "https://example.org"}, timeout=10)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = requests.options(
        endpoint.url + path,
        timeout=10,
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_element_page_in_french_links_back_to_the_dashboard(endpoint: Server) -> None:
    target = requests.get(
        endpoint.url + "/resource",
        params={"iri": str(SDG["9.c"]), "lang": "fr"},
        headers={"Accept": BROWSER},
        timeout=10,
    ).text
    fr_label = rdflib.Graph().parse(
        Path(__file__).resolve().parents[3] / "data/sources/un-sdg-kos/sdg-kos-goals-targets-indicators.ttl"
    )
    french = next(
        str(o) for o in fr_label.objects(rdflib.URIRef(str(SDG["9.c"])), rdflib.SKOS.prefLabel) if o.language == "fr"
    )
    assert "<html lang='fr'>" in target and french[:40] in target
    assert "<a href='/?lang=fr'>" in target and "Liens et leurs preuves" in target
    page = requests.get(endpoint.url + path_of(Q32), headers={"Accept": BROWSER}, timeout=10).text
    assert "<a href='/'>" in page  # back to the dashboard
    assert "table-layout:fixed" in page and "overflow-wrap:anywhere" in page  # long texts wrap
    assert '<a href="https://' in page  # a source's address is a link
