"""The Query page's YASGUI in real chromium sessions against ``itud-align serve`` (gunicorn).

Run an example, edit it, run it again, open the page's address in a new session and get the
same query and the same results; completion offers this graph's ``itud:`` classes and element
codes; the CSV and TSV links are named after the example; no request leaves the machine.
Expected rows come from the endpoint over HTTP, expected terms from ``graph/ontology.ttl``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from rdflib import OWL, RDF, Graph
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from graph.endpoint.example_queries import load_examples
from graph.namespaces import SPARQL_PREFIXES
from tests.dashboards.serving import Serve, browser, requested_urls

pytestmark = pytest.mark.browser

ONTOLOGY = Path(__file__).resolve().parents[2] / "graph" / "ontology.ttl"
EXAMPLE = "09-action-lines-without-support"
ACTIVE = "#query-yasgui .tabPanel.active"
EDITOR = f"document.querySelector('{ACTIVE} .CodeMirror').CodeMirror"


@pytest.fixture(scope="module")
def served(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    server = Serve(bundled_build, tmp_path_factory.mktemp("serve") / "serve.log").wait()
    yield server
    server.stop()


@pytest.fixture
def session(request: pytest.FixtureRequest) -> Iterator[webdriver.Chrome]:
    driver = browser(request.config.getoption("headless"))
    yield driver
    driver.quit()


def open_page(driver: webdriver.Chrome, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 90).until(
        lambda d: d.execute_script(
            "const r = document.getElementById('query-yasgui'); return r && r.getAttribute('data-ready')"
        )
    )


def run(driver: webdriver.Chrome) -> list[list[str]]:
    """Click the open tab's run button; the result table's rows once the answer is drawn."""
    driver.execute_script(
        f"const cm = {EDITOR}; window.answers = 0;"
        "if (!cm.counted) { cm.counted = true; cm.on('queryResponse', () => window.answers++); }"
    )
    driver.find_element(By.CSS_SELECTOR, f"{ACTIVE} .yasqe_queryButton").click()
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.answers") > 0)
    return driver.execute_script(  # type: ignore[no-any-return]
        f"return [...document.querySelectorAll('{ACTIVE} .yasr table.dataTable tbody tr')]"
        ".map(tr => [...tr.querySelectorAll('td')].slice(1).map(td => td.innerText.trim()))"
    )


def editor_text(driver: webdriver.Chrome) -> str:
    return driver.execute_script(f"return {EDITOR}.getValue()")  # type: ignore[no-any-return]


def type_at_end(driver: webdriver.Chrome, keys: str) -> None:
    driver.execute_script(f"const cm = {EDITOR}; cm.focus(); cm.execCommand('goDocEnd');")
    driver.find_element(By.CSS_SELECTOR, f"{ACTIVE} .CodeMirror textarea").send_keys(keys)


def hints(driver: webdriver.Chrome) -> list[str]:
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    return driver.execute_script(  # type: ignore[no-any-return]
        "return [...document.querySelectorAll('.CodeMirror-hints li')].map(li => li.textContent)"
    )


def endpoint_rows(served: Serve, query: str, fmt: str = "csv") -> list[list[str]]:
    response = requests.post(served.url + "/sparql", data={"query": query, "format": fmt}, timeout=60)
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.text), delimiter="," if fmt == "csv" else "\t"))


def assert_stayed_local(driver: webdriver.Chrome, served: Serve) -> list[str]:
    urls = requested_urls(driver)
    outside = [u for u in urls if not u.startswith(served.url + "/") and not u.startswith(("data:", "blob:"))]
    assert outside == []
    return urls


def test_run_edit_run_and_the_permalink_reopens_it_in_a_new_session(
    served: Serve, session: webdriver.Chrome, request: pytest.FixtureRequest
) -> None:
    open_page(session, f"{served.url}/query?example={EXAMPLE}")
    expected = endpoint_rows(served, editor_text(session))
    first = run(session)
    assert len(first) == len(expected) - 1 > 1
    assert sorted(row[1] for row in first) == sorted(row[1] for row in expected[1:])
    # a result IRI opens its linked-data page on this server
    session.find_element(By.CSS_SELECTOR, f"{ACTIVE} .yasr table.dataTable tbody a.iri").click()
    session.switch_to.window(session.window_handles[-1])
    WebDriverWait(session, 30).until(lambda d: d.current_url.startswith(served.url + "/id/"))
    pages = {"/id/" + row[0][len(SPARQL_PREFIXES["id"]) :] for row in expected[1:]}
    assert session.current_url[len(served.url) :] in pages
    assert session.find_element(By.TAG_NAME, "h1").text
    session.close()
    session.switch_to.window(session.window_handles[0])

    type_at_end(session, "\nLIMIT 1")
    type_at_end(session, Keys.ESCAPE)
    edited = editor_text(session)
    assert edited.rstrip().endswith("LIMIT 1")
    second = run(session)
    assert len(second) == 1 and second[0][1] == min(row[1] for row in expected[1:])

    permalink = session.current_url
    asked = parse_qs(urlparse(permalink).query)
    assert asked["example"] == [EXAMPLE] and asked["query"][0].rstrip().endswith("LIMIT 1")

    # the CSV and TSV links answer the edited query and carry the example's name
    headers = {"csv": "line,notation,label,ituLead", "tsv": "?line\t?notation\t?label\t?ituLead"}
    for fmt, header in headers.items():
        link = session.find_element(By.ID, f"query-{fmt}")
        assert link.get_attribute("download") == f"{EXAMPLE}.{fmt}"
        body = requests.get(link.get_attribute("href"), timeout=30).text.splitlines()
        assert body[0] == header and len(body) == 2

    fresh = browser(request.config.getoption("headless"))
    try:
        open_page(fresh, permalink)
        assert fresh.execute_script("return window.localStorage.length") > 0  # its own, new storage
        assert editor_text(fresh) == edited
        assert run(fresh) == second
        assert_stayed_local(fresh, served)
    finally:
        fresh.quit()


def test_completion_offers_this_graphs_itud_classes_and_element_codes(served: Serve, session: webdriver.Chrome) -> None:
    itud = SPARQL_PREFIXES["itud"]
    classes = {
        "itud:" + str(c)[len(itud) :]
        for c in Graph().parse(ONTOLOGY).subjects(RDF.type, OWL.Class)
        if str(c).startswith(itud)
    }
    open_page(session, f"{served.url}/query?" + urlencode({"query": "SELECT * WHERE { ?x a "}))
    type_at_end(session, "itud:")
    assert classes and classes <= set(hints(session))

    type_at_end(session, Keys.ESCAPE)
    session.execute_script(
        f"const cm = {EDITOR};cm.setValue(cm.getValue().replace(/\\?x a itud:$/, '?x skos:broader '))"
    )
    type_at_end(session, "sdg:9")
    offered = hints(session)
    assert any(h.startswith("9.c  sdg:9.c  ") for h in offered), offered  # code, term, label

    type_at_end(session, Keys.ESCAPE)
    session.execute_script(f"{EDITOR}.setValue('PREFIX ')")
    type_at_end(session, "it")
    assert f"itud: <{itud}>" in hints(session)  # the project's prefixes, not prefix.cc's
    assert_stayed_local(session, served)


def test_the_page_loads_everything_from_this_server(served: Serve, session: webdriver.Chrome) -> None:
    open_page(session, f"{served.url}/query?lang=fr")
    urls = assert_stayed_local(session, served)
    assert f"{served.url}/assets/vendor/yasgui/yasgui.min.js" in urls  # the recorder sees the page's requests
    assert f"{served.url}/terms.json" in urls
    assert session.find_element(By.ID, "query-title").text == "Requête SPARQL"
    assert "Ctrl+Espace" in session.find_element(By.CSS_SELECTOR, ".page-intro").text
    session.find_element(By.CSS_SELECTOR, "#query-yasgui .addTab").click()
    WebDriverWait(session, 20).until(
        lambda d: "Requête" in d.find_element(By.CSS_SELECTOR, "#query-yasgui .tabsList .tab.active").text
    )


def test_the_endpoints_refusal_is_shown_as_its_message(served: Serve, session: webdriver.Chrome) -> None:
    open_page(
        session,
        f"{served.url}/query?" + urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
    )
    run(session)
    shown = session.find_element(By.CSS_SELECTOR, f"{ACTIVE} .yasr").text
    assert "SERVICE" in shown and "refused" in shown, shown
    assert "Traceback" not in shown


def test_picking_an_example_opens_it_in_its_tab_with_its_description(served: Serve, session: webdriver.Chrome) -> None:
    examples = load_examples()
    open_page(session, f"{served.url}/query")
    for example in (examples[5], examples[1], examples[5]):
        session.find_element(By.CSS_SELECTOR, "#query-example").click()
        WebDriverWait(session, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option"))
        next(
            o
            for o in session.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
            if o.text.strip() == example.title
        ).click()
        WebDriverWait(session, 20).until(
            lambda d, title=example.title: (
                d.find_element(By.CSS_SELECTOR, "#query-yasgui .tab.active a span").text.strip() == title
            )
        )
        assert session.find_element(By.ID, "query-description").text == example.description
        assert parse_qs(urlparse(session.current_url).query)["example"] == [example.name]
    tabs = session.find_elements(By.CSS_SELECTOR, "#query-yasgui .tab a span")
    assert sorted(t.text.strip() for t in tabs) == sorted(
        {examples[0].title, examples[5].title, examples[1].title}
    )  # the first opens with the page
