"""The query guard's lexer: forms, updates, SERVICE, FROM graphs."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from graph.endpoint.example_queries import load_examples
from graph.endpoint.guard import (
    QueryRefused,
    _Lexer,
    _quick_form,
    inspect_query,
    significant_tokens,
    sparql_tokens,
)
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


_DECLARATIONS = [
    "",
    "PREFIX ex: <http://e/>\n",
    "prefix : <http://e/#>  ",
    "BASE <http://b/> ",
    "# a comment that says from\n",
    "PREFIX ex:<http://e/>",
    "PREFIX\tex:\n<http://e/>#x\n",
    "BASE<http://b/>",
    "PREFIX ex: x ",
    "PREFIX ex.a: <http://e/> ",
    "PREFIX ex: <a b> ",
    "PREFIX ex: <<x>> ",
]
_FIRST = ["SELECT", "select", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "Prefix", "base", "foo", "SELECT:", "SELECT.x"]
_BODY = [
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "?x",
    "ex:a",
    "<http://e/x>",
    "'s'",
    '"a#b"',
    "# c\n",
    "FILTER",
    "UNION",
    "a",
    ".",
    "<",
    "<=",
    "&&",
    "'",
    "1",
]


def _prologue_corpus(count: int, seed: int) -> Iterator[str]:
    """Declarations (well and badly formed), a first word, then pieces of a body (seeded)."""
    rng = random.Random(seed)
    for _ in range(count):
        head = "".join(rng.choice(_DECLARATIONS) for _ in range(rng.randint(0, 4)))
        body = " ".join(rng.choice(_BODY) for _ in range(rng.randint(0, 12)))
        yield f"{head}{rng.choice(_FIRST)}{rng.choice(['', ' ', '{'])} {body}"


@pytest.mark.parametrize("max_depth", [500, 6])
def test_the_quick_reading_is_what_the_lexer_reads(max_depth: int) -> None:
    taken = 0
    for text in [*(example.text for example in load_examples()), *_prologue_corpus(3000, seed=5)]:
        form = _quick_form(text, max_depth)
        if form is None:
            continue
        taken += 1
        lexer = _Lexer(text, max_depth)
        tokens = [(kind, value.upper() if kind == "word" else value) for kind, value in lexer.tokens(spaces=False)]
        i = 0
        while tokens[i][1] in ("PREFIX", "BASE"):  # well-formed declarations only, or no quick reading
            i += 3 if tokens[i][1] == "PREFIX" else 2
        assert tokens[i] == ("word", form), text
        assert not lexer.service, text
        assert ("word", "FROM") not in tokens, text
    assert taken > 300


def test_the_example_queries_are_read_quickly() -> None:
    # the common query skips the token-by-token pass; a change that loses that costs every request
    for example in load_examples():
        text = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in SPARQL_PREFIXES.items()) + "\n" + example.text
        assert _quick_form(text, 500) == ("CONSTRUCT" if "CONSTRUCT" in example.text else "SELECT"), example.name
