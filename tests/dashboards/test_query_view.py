"""The Query page's plain data for YASGUI: the examples as they open, and what the URL opens."""

from __future__ import annotations

from dashboards.pages.query.view import example_text, yasgui_config
from graph.endpoint.example_queries import EXAMPLES_DIR, load_examples
from graph.namespaces import sparql_prologue


def test_every_example_is_offered_with_its_title_description_and_prefixes() -> None:
    examples = load_examples()
    config = yasgui_config(examples, "en", "/assets/vendor/yasgui/")
    assert [e["name"] for e in config["examples"]] == sorted(p.stem for p in EXAMPLES_DIR.glob("*.rq"))
    for offered, example in zip(config["examples"], examples, strict=True):
        assert (offered["title"], offered["description"]) == (example.title, example.description)
        header, _, rest = offered["query"].partition(sparql_prologue())
        comments = [line for line in example.text.splitlines() if line.startswith("#")]
        assert header.splitlines() == comments and comments[0].startswith("# title: ")
        assert rest.strip() and rest.strip() in example.text
    assert config["open"] == {"example": None, "query": None}


def test_the_french_page_offers_the_french_titles() -> None:
    examples = load_examples()
    config = yasgui_config(examples, "fr", "/assets/vendor/yasgui/")
    assert [(o["title"], o["description"]) for o in config["examples"]] == [
        (e.title_fr, e.description_fr) for e in examples
    ]


def test_the_url_opens_its_query_and_names_it_after_its_example() -> None:
    examples = load_examples()
    name = examples[3].name
    assert yasgui_config(examples, "fr", "/a/", example=name)["open"] == {"example": name, "query": None}
    opened = yasgui_config(examples, "fr", "/a/", example=name, query="ASK {}")
    assert opened["open"] == {"example": name, "query": "ASK {}"}
    assert yasgui_config(examples, "en", "/a/", example="no-such-example")["open"]["example"] is None
    assert opened["tabName"] == "Requête"
    assert yasgui_config(examples, "en", "/a/")["tabName"] == "Query"


def test_example_text_puts_the_prefixes_after_the_header() -> None:
    example = load_examples()[0]
    text = example_text(example)
    assert text.replace(sparql_prologue(), "") == example.text
