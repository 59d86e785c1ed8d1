"""The query page: its plain functions on the endpoint's pool, and the page in a browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from dashboards.pages.query.view import cell, download_results, highlight_tokens, run_query
from graph.endpoint.example_queries import load_examples
from graph.namespaces import SKOS, mint
from tests.conftest import free_port

from .conftest import Server


def test_highlight_keeps_the_text_and_colours_its_tokens() -> None:
    text = 'SELECT ?s # who\nWHERE { ?s skos:notation "C5" ; a <http://x.example/T> }'
    pieces = highlight_tokens(text)
    assert "".join(value for _, value in pieces) == text
    kinds = {value: name for name, value in pieces}
    assert kinds["SELECT"] == kinds["WHERE"] == kinds["a"] == "sq-keyword"
    assert kinds["?s"] == "sq-var"
    assert kinds["# who"] == "sq-comment"
    assert kinds['"C5"'] == "sq-string"
    assert kinds["skos:notation"] == "sq-pname"
    assert kinds["<http://x.example/T>"] == "sq-iri"


def test_cells_link_iris_to_their_page_and_escape_markdown() -> None:
    assert cell({"type": "uri", "value": str(mint("question", "2022-2025/Q3-2"))}) == \
        "[id:question/2022\\-2025/Q3\\-2](/id/question/2022-2025/Q3-2)"
    assert cell({"type": "literal", "value": "*bold* [x](y)"}) == "\\*bold\\* \\[x\\]\\(y\\)"
    assert cell(None) == ""


def test_run_query_gives_columns_rows_and_a_count(endpoint: Server) -> None:
    example = next(e for e in load_examples() if e.name.startswith("09-"))
    outcome = run_query(endpoint.pool, example.text)
    assert not outcome.error
    assert [c["field"] for c in outcome.columns] == list(example.columns)
    assert sorted(row["notation"] for row in outcome.rows) == ["C7\\.7", "C8"]
    assert outcome.message.startswith("2 rows in ")


def test_run_query_construct_as_triples(endpoint: Server) -> None:
    c5 = mint("wsis", "C5")
    outcome = run_query(endpoint.pool,
                        f"CONSTRUCT {{ <{c5}> skos:notation ?n }} WHERE {{ <{c5}> skos:notation ?n }}")
    assert [c["field"] for c in outcome.columns] == ["subject", "predicate", "object"]
    assert outcome.rows == [{"subject": "[id:wsis/C5](/id/wsis/C5)",
                             "predicate": f"[skos:notation](/resource?{urlencode({'iri': str(SKOS.notation)})})",
                             "object": "C5"}]
    assert outcome.message.startswith("1 triples")


@pytest.mark.parametrize(("text", "words"), [
    ("SELECT ?s WHERE { ?s ?p ", "malformed query: error at 1:"),
    ("INSERT DATA { <a:a> <a:b> <a:c> }", "read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is refused"),
    ("   ", "Write a query"),
])
def test_run_query_errors_are_messages(endpoint: Server, text: str, words: str) -> None:
    outcome = run_query(endpoint.pool, text)
    assert outcome.error and words in outcome.message
    assert "Traceback" not in outcome.message


def test_download_is_the_endpoints_csv(endpoint: Server) -> None:
    example = next(e for e in load_examples() if e.name.startswith("09-"))
    body, name = download_results(endpoint.pool, example.text)  # type: ignore[misc]
    assert name == "query-results.csv"
    lines = body.decode().splitlines()
    assert lines[0] == ",".join(example.columns)
    assert len(lines) == 3
    assert "malformed" in str(download_results(endpoint.pool, "SELEC"))


@pytest.mark.browser
def test_query_page_runs_an_example_in_a_browser(dash_duo, bundled_build: Path) -> None:  # type: ignore[no-untyped-def]
    from dashboards.app import create_app

    dash_duo.start_server(create_app(bundled_build), start_timeout=30, port=free_port())
    dash_duo.wait_for_page(url=dash_duo.server_url + "/query?example=09-action-lines-without-support")
    dash_duo.wait_for_element("#query-highlight .sq-keyword", timeout=20)
    dash_duo.find_element("#query-run").click()
    dash_duo.wait_for_contains_text("#query-message", "2 rows in", timeout=20)
    dash_duo.wait_for_contains_text("#query-grid", "C7.7", timeout=20)
    text = dash_duo.find_element("#query-text")
    text.clear()
    text.send_keys("SELECT ?s WHERE { ?s ")
    dash_duo.find_element("#query-run").click()
    dash_duo.wait_for_contains_text("#query-message", "malformed query", timeout=20)
    # a query in the URL opens and runs; the endpoint link answers the same query
    ask = "ASK { ?s skos:notation \"C5\" }"
    dash_duo.wait_for_page(url=dash_duo.server_url + "/query?" + urlencode({"query": ask}))
    dash_duo.wait_for_contains_text("#query-grid", "true", timeout=20)
    href = dash_duo.find_element("#query-endpoint-link").get_attribute("href")
    assert requests.get(href, timeout=10).json() == {"head": {}, "boolean": True}
    # the dashboard's language switch re-lays the page out in French
    dash_duo.wait_for_page(url=dash_duo.server_url + "/query")
    dash_duo.wait_for_text_to_equal("#query-title", "SPARQL query", timeout=20)
    dash_duo.find_element("#app-lang input[value='fr']").click()
    dash_duo.wait_for_text_to_equal("#query-title", "Requête SPARQL", timeout=30)
    assert dash_duo.get_logs() == []
