"""The SPARQL 1.1 Protocol over a real HTTP server: transports, formats, errors, CORS, row limit."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
import requests
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from graph.endpoint.protocol import SD
from graph.namespaces import ITUD, RDF, SKOS, graph_iri, mint
from graph.settings import EndpointLimits
from tests.datafiles import framework

from .conftest import BASE_URL, Server

MAX_QUERY_BYTES = EndpointLimits().max_body_bytes

C5 = str(mint("wsis", "C5"))
C5_TITLE = "Building confidence and security in the use of ICTs"  # data/frameworks/wsis_action_lines.csv
QUESTIONS = len(framework("itud_study_questions.csv"))
COUNT_QUESTIONS = "SELECT (COUNT(?q) AS ?n) WHERE { ?q a itud:StudyQuestion }"
C5_LABEL = f'SELECT ?label WHERE {{ <{C5}> skos:prefLabel ?label FILTER(lang(?label) = "en") }}'
C5_GRAPH = f"CONSTRUCT {{ <{C5}> ?p ?o }} WHERE {{ <{C5}> ?p ?o }}"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_json_through_sparqlwrapper(endpoint: Server, method: str) -> None:
    result = wrapper(endpoint, COUNT_QUESTIONS, JSON, method).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert int(result.convert()["results"]["bindings"][0]["n"]["value"]) == QUESTIONS


def test_select_xml(endpoint: Server) -> None:
    result = wrapper(endpoint, C5_LABEL, XML).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    doc = result.convert()
    literals = [node.firstChild.data for node in doc.getElementsByTagName("literal")]
    assert literals == [C5_TITLE]


def test_select_csv(endpoint: Server) -> None:
    result = wrapper(endpoint, C5_LABEL, CSV).query()
    assert result.response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(result.convert().decode())))
    assert rows == [["label"], [C5_TITLE]]


def test_select_tsv(endpoint: Server) -> None:
    result = wrapper(endpoint, C5_LABEL, TSV).query()
    assert result.response.headers["Content-Type"].startswith("text/tab-separated-values")
    assert result.convert().decode().splitlines() == ["?label", f'"{C5_TITLE}"@en']


@pytest.mark.parametrize(
    ("fmt", "media"), [(JSON, "application/sparql-results+json"), (XML, "application/sparql-results+xml")]
)
def test_ask(endpoint: Server, fmt: str, media: str) -> None:
    result = wrapper(endpoint, f"ASK {{ <{C5}> itud:isItuLead true }}", fmt).query()
    assert result.response.headers["Content-Type"].startswith(media)
    body = result.response.read() if fmt == XML else None
    if fmt == JSON:
        assert result.convert()["boolean"] is True
    else:
        assert ET.fromstring(body).find(f"{SPARQL_RESULTS}boolean").text == "true"


@pytest.mark.parametrize(
    ("fmt", "media", "rdflib_format"),
    [
        (TURTLE, "text/turtle", "turtle"),
        (JSONLD, "application/ld+json", "json-ld"),
        (RDFXML, "application/rdf+xml", "xml"),
    ],
)
def test_construct_formats_through_sparqlwrapper(endpoint: Server, fmt: str, media: str, rdflib_format: str) -> None:
    result = wrapper(endpoint, C5_GRAPH, fmt).query()
    assert result.response.headers["Content-Type"].startswith(media)
    graph = rdflib.Graph().parse(data=result.response.read(), format=rdflib_format)
    c5 = rdflib.URIRef(C5)
    assert (c5, SKOS.notation, rdflib.Literal("C5")) in graph
    assert (c5, RDF.type, ITUD.WsisActionLine) in graph
    assert (c5, ITUD.isItuLead, rdflib.Literal(True)) in graph


def test_construct_n_triples_by_accept(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql, params={"query": C5_GRAPH}, headers={"Accept": "application/n-triples"}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    assert (rdflib.URIRef(C5), SKOS.notation, rdflib.Literal("C5")) in graph
    assert all(line.endswith(" .") for line in response.text.splitlines())


def test_describe(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql, params={"query": f"DESCRIBE <{C5}>"}, headers={"Accept": "text/turtle"}, timeout=10
    )
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef(C5), SKOS.notation, rdflib.Literal("C5")) in graph


def test_unknown_construct_format_falls_back_to_turtle(endpoint: Server) -> None:
    result = wrapper(endpoint, C5_GRAPH, N3).query()
    assert result.response.headers["Content-Type"].startswith("text/turtle")


def test_post_sparql_query_body(endpoint: Server) -> None:
    response = requests.post(
        endpoint.sparql,
        data=COUNT_QUESTIONS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert response.status_code == 200
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == QUESTIONS


def test_post_form(endpoint: Server) -> None:
    response = requests.post(
        endpoint.sparql, data={"query": COUNT_QUESTIONS}, headers={"Accept": "text/csv"}, timeout=10
    )
    assert response.status_code == 200
    assert response.text.splitlines() == ["n", str(QUESTIONS)]


def test_post_multipart_form(endpoint: Server) -> None:
    response = requests.post(
        endpoint.sparql, files={"query": (None, COUNT_QUESTIONS)}, headers={"Accept": "text/csv"}, timeout=10
    )
    assert response.status_code == 200
    assert response.text.splitlines() == ["n", str(QUESTIONS)]


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1"])
def test_query_body_is_read_in_its_charset(endpoint: Server, charset: str) -> None:
    query = 'SELECT ?word WHERE { BIND("réseau" AS ?word) }'
    response = requests.post(
        endpoint.sparql,
        data=query.encode(charset),
        timeout=10,
        headers={"Content-Type": f"application/sparql-query; charset={charset}", "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.text.splitlines() == ["word", "réseau"]


@pytest.mark.parametrize("content_type", ["application/sparql-query", "application/x-www-form-urlencoded"])
def test_a_body_over_the_size_limit_gets_413_and_the_endpoint_goes_on(endpoint: Server, content_type: str) -> None:
    padding = "#" + "x" * MAX_QUERY_BYTES + "\n"
    body = (padding + COUNT_QUESTIONS).encode()
    if content_type.endswith("urlencoded"):
        body = b"query=" + body
    response = requests.post(endpoint.sparql, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 413
    assert f"over the limit of {MAX_QUERY_BYTES:,} bytes" in response.text
    after = requests.get(endpoint.sparql, params={"query": COUNT_QUESTIONS}, timeout=10)
    assert after.json()["results"]["bindings"][0]["n"]["value"] == str(QUESTIONS)


def test_an_unknown_format_parameter_leaves_the_choice_to_accept(endpoint: Server) -> None:
    for asked in ("nonsense", "json" + " " * 100 + "x"):
        response = requests.post(
            endpoint.sparql,
            data={"query": COUNT_QUESTIONS, "format": asked},
            headers={"Accept": "text/csv"},
            timeout=10,
        )
        assert response.status_code == 200
        assert response.text.splitlines() == ["n", str(QUESTIONS)]


def test_head_answers_the_headers_of_get(endpoint: Server) -> None:
    get = requests.get(endpoint.sparql, params={"query": COUNT_QUESTIONS}, timeout=10)
    head = requests.head(endpoint.sparql, params={"query": COUNT_QUESTIONS}, timeout=10)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(get.content))
    assert head.headers["X-SPARQL-Rows"] == "1"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405(endpoint: Server, method: str) -> None:
    response = requests.request(method, endpoint.sparql, data=COUNT_QUESTIONS, timeout=10)
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_protocol_default_graph_uri_selects_one_graph(endpoint: Server) -> None:
    # the Questions' own graph holds their types; the curated mapping graph holds none
    query = "SELECT (COUNT(?q) AS ?n) WHERE { ?q a itud:StudyQuestion }"
    own = requests.get(
        endpoint.sparql,
        timeout=10,
        params={"query": query, "default-graph-uri": str(graph_iri("itud-study-questions"))},
    )
    other = requests.get(
        endpoint.sparql,
        timeout=10,
        params={"query": query, "default-graph-uri": str(graph_iri("mappings/curated-questions"))},
    )
    assert own.json()["results"]["bindings"][0]["n"]["value"] == str(QUESTIONS)
    assert other.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_malformed_query_gets_400_with_the_parser_message(endpoint: Server) -> None:
    response = requests.get(endpoint.sparql, params={"query": "SELECT ?s WHERE { ?s ?p "}, timeout=10)
    assert response.status_code == 400
    assert response.text.startswith("malformed query: error at 1:")
    assert "Traceback" not in response.text


def test_unsupported_post_body_gets_415(endpoint: Server) -> None:
    response = requests.post(endpoint.sparql, data=b"{}", headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 415


def test_service_description(endpoint: Server) -> None:
    response = requests.get(endpoint.sparql, headers={"Accept": "text/turtle", "Host": "evil.example"}, timeout=10)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    # the configured base URL (ITUD_ALIGN_BASE_URL), not the Host header the client sent
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(BASE_URL + "/sparql")
    assert "evil.example" not in response.text
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    names = {str(o) for o in graph.objects(None, SD.name)}
    assert str(graph_iri("wsis-action-lines")) in names
    assert str(graph_iri("mappings/wsis-sdg-matrix")) in names
    formats = {str(o).rsplit("/", 1)[1] for o in graph.objects(service, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "Turtle", "JSON-LD"} <= formats


def test_browser_without_query_goes_to_the_query_page(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql,
        allow_redirects=False,
        timeout=10,
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/query")


def test_cors_open_for_reads_without_credentials(endpoint: Server) -> None:
    response = requests.get(
        endpoint.sparql, params={"query": COUNT_QUESTIONS}, timeout=10, headers={"Origin": "https://example.org"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "X-SPARQL-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = requests.options(
        endpoint.sparql,
        timeout=10,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_results_past_the_row_limit_are_cut_with_a_note(small_endpoint: Server) -> None:
    query = "SELECT ?q WHERE { ?q a itud:StudyQuestion } ORDER BY ?q"
    for accept in ("application/sparql-results+json", "text/csv"):
        response = requests.get(small_endpoint.sparql, params={"query": query}, timeout=10, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["X-SPARQL-Truncated"] == "true"
        assert response.headers["X-SPARQL-Row-Limit"] == "5"
        assert response.headers["X-SPARQL-Rows"] == "5"
        assert "row limit of 5" in response.headers["X-SPARQL-Note"]
    assert len(response.text.splitlines()) == 1 + 5
    rows = json.loads(requests.get(small_endpoint.sparql, params={"query": query}, timeout=10).text)
    assert len(rows["results"]["bindings"]) == 5


def test_results_within_the_row_limit_are_whole(small_endpoint: Server) -> None:
    query = f"SELECT ?n WHERE {{ <{C5}> skos:notation ?n }}"
    response = requests.get(small_endpoint.sparql, params={"query": query}, timeout=10)
    assert response.headers["X-SPARQL-Truncated"] == "false"
    assert "X-SPARQL-Note" not in response.headers


def test_construct_past_the_row_limit_is_cut(small_endpoint: Server) -> None:
    response = requests.get(
        small_endpoint.sparql, params={"query": C5_GRAPH}, timeout=10, headers={"Accept": "application/n-triples"}
    )
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert len(response.text.splitlines()) == 5
    assert "5 triples" in response.headers["X-SPARQL-Note"]


def test_a_huge_result_stops_at_the_row_limit_instead_of_the_time_limit(small_endpoint: Server) -> None:
    # 23,842 triples squared: far past the time limit if it were evaluated whole
    for query, accept in (
        ("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }", "application/sparql-results+json"),
        ("CONSTRUCT { ?s ?p ?a } WHERE { ?s ?p ?o . ?a ?b ?c }", "text/turtle"),
    ):
        response = requests.get(small_endpoint.sparql, params={"query": query}, timeout=10, headers={"Accept": accept})
        # answered (a query stopped at the time limit is a 503), and cut at the row limit
        assert response.status_code == 200
        assert response.headers["X-SPARQL-Truncated"] == "true"
