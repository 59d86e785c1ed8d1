"""The query guard's lexer: forms, updates, SERVICE, FROM graphs."""

from __future__ import annotations

import pytest

from graph.endpoint.example_queries import load_examples
from graph.endpoint.guard import QueryRefused, inspect_query, significant_tokens, sparql_tokens
from graph.namespaces import SPARQL_PREFIXES, graph_iri
from tests.graph.endpoint.test_guard_corpus import random_corpus


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("prefix ex: <http://example.org/> base <http://example.org/> ask { ?s ?p ?o }", "ASK"),
        ("# a comment SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
        ("SELEC * WHERE {}", None),
        ("", None),
    ],
)
def test_form(text: str, form: str | None) -> None:
    assert inspect_query(text).form == form


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> {}" }',
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/>",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?service }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ex:SERVICE }",
        'SELECT * WHERE { ?s ?p ?o FILTER(regex(?o, "public service", "i")) }',
    ],
)
def test_service_only_as_a_keyword_is_refused(text: str) -> None:
    assert inspect_query(text).form == "SELECT"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . Service ?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://example.org/sparql>{?s ?p ?o}}",
        # pyoxigraph reads "SERVICE:x" as the keyword and the name ":x" (it made the request)
        "PREFIX : <http://example.org/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
        "PREFIX SERVICE: <http://example.org/> SELECT * WHERE { ?s SERVICE:p ?o }",
        "SELECT * WHERE { ?a ?b true.SERVICE <http://example.org/> { ?s ?p ?o } }",
        # the repro: "\#" is an escape of the prefixed name, not a comment
        "PREFIX ex: <http://e/> SELECT * WHERE { BIND(ex:a\\#b AS ?q) "
        "SERVICE <http://127.0.0.1:18999/x> { ?x ?y ?z } }",
    ],
)
def test_service_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        inspect_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:a> <a:b> <a:c> }",
        "PREFIX ex: <http://example.org/>\ndelete where { ?s ?p ?o }",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "load <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <a:g>",
        "CREATE GRAPH <a:g>",
        "ADD DEFAULT TO <a:g>",
        "MOVE DEFAULT TO <a:g>",
        "COPY DEFAULT TO <a:g>",
    ],
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        inspect_query(text)


def test_from_graphs_are_expanded() -> None:
    text = (
        "PREFIX g: <https://w3id.org/itud-align/graph/>\n"
        "SELECT * FROM g:regions FROM NAMED <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }"
    )
    info = inspect_query(text, SPARQL_PREFIXES)
    assert info.has_dataset
    assert info.from_graphs == (str(graph_iri("regions")),)
    assert info.from_named == ("http://127.0.0.1:9/x",)
    assert not inspect_query("SELECT * WHERE { ?from ?p ?o }").has_dataset


@pytest.mark.parametrize(
    "text",
    [
        *(example.text for example in load_examples()),
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/>",
        "SELECT * WHERE { ?s ?p ?o } # last line without newline",
        "ASK {} #",
        "ASK { ?s ?p '''a # not a comment\n''' } # a comment with 'quotes'\n  \n",
        'SELECT ?x { BIND("tab\\there \\" # no comment" AS ?x) }',
        "SELECT * {?s<http://example.org/#frag>?o.}",
        "\n\t  ",
    ],
)
def test_guard_reads_the_same_tokens_as_the_full_lexer(text: str) -> None:
    # the guard skips spaces and comments inside its matches, a faster lexer that must not differ
    assert significant_tokens(text) == _without_spaces(text)


def test_both_passes_agree_on_random_pieces() -> None:
    # pieces that start several kinds of token, glued with and without spaces (seeded)
    texts = list(random_corpus("http://127.0.0.1:9", 2000, seed=3))
    assert len(set(texts)) > 1000
    for text in texts:
        assert significant_tokens(text) == _without_spaces(text), text


def _without_spaces(text: str) -> list[tuple[str, str]]:
    return [
        (kind, value.upper() if kind == "word" else value)
        for kind, value in sparql_tokens(text)
        if kind not in ("space", "comment")
    ]
