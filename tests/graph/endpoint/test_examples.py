"""Every example query runs through the endpoint and returns the columns its header promises."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from graph.endpoint.example_queries import ExampleQuery, load_examples
from graph.errors import DataError
from graph.namespaces import mint
from tests.datafiles import framework

from .conftest import Server

EXAMPLES = load_examples()


def run(server: Server, example: ExampleQuery) -> tuple[list[str], list[dict[str, str]]]:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(example.text)
    client.setReturnFormat(JSON)
    body = client.query().convert()
    rows = [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]
    return body["head"]["vars"], rows


def by_name(name: str) -> ExampleQuery:
    return next(e for e in EXAMPLES if e.name.startswith(name))


def test_the_library_has_at_least_twelve_documented_examples() -> None:
    assert len(EXAMPLES) >= 12
    assert len({e.name for e in EXAMPLES}) == len(EXAMPLES)
    for example in EXAMPLES:
        assert example.name[:2].isdigit() and example.name[2] == "-"
        assert example.title and len(example.description) > 20 and example.columns


@pytest.mark.parametrize("example", [e for e in EXAMPLES if "CONSTRUCT" not in e.text], ids=lambda e: e.name)
def test_select_example_returns_its_columns(endpoint: Server, example: ExampleQuery) -> None:
    columns, rows = run(endpoint, example)
    assert tuple(columns) == example.columns
    assert rows, f"{example.name} returned no rows on the bundled data"


def test_construct_example_returns_triples(endpoint: Server) -> None:
    example = by_name("15-")
    assert example.columns == ("subject", "predicate", "object")
    client = SPARQLWrapper(endpoint.sparql)
    client.setQuery(example.text)
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().response.read(), format="turtle")
    assert {str(s) for s in graph.subjects()} == {str(mint("wsis", "C5"))}


def test_c5_initiatives_per_region(endpoint: Server) -> None:
    # data/mappings: AFR3 (2018-2021, 2026-2029), AMS1 (2023-2025, 2026-2029), ASP5, EUR4
    _, rows = run(endpoint, by_name("02-"))
    counts = {row["region"].rsplit("/", 1)[1]: int(row["initiatives"]) for row in rows}
    assert counts == {"AFR": 2, "AMS": 2, "ASP": 1, "EUR": 1}


def test_action_lines_no_element_supports(endpoint: Server) -> None:
    # 19 lines; the mapping files give supportsActionLine for all but C7.7 and C8
    _, rows = run(endpoint, by_name("09-"))
    assert sorted(row["notation"] for row in rows) == ["C7.7", "C8"]


def test_target_labels_in_six_languages(endpoint: Server) -> None:
    _, rows = run(endpoint, by_name("13-"))
    assert sorted(row["language"] for row in rows) == ["ar", "en", "es", "fr", "ru", "zh"]


def test_questions_per_study_group(endpoint: Server) -> None:
    # every Question of data/frameworks/itud_study_questions.csv, in SG1 and SG2 of two periods
    _, rows = run(endpoint, by_name("07-"))
    assert sum(int(row["questions"]) for row in rows) == len(framework("itud_study_questions.csv"))
    assert {row["studyGroup"] for row in rows} == {"SG1", "SG2"}


def test_a_header_missing_is_a_located_data_error(tmp_path: Path) -> None:
    (tmp_path / "01-bad.rq").write_text("# title: t\n# columns: a\nSELECT ?a {}\n")
    with pytest.raises(DataError) as err:
        load_examples(tmp_path)
    assert err.value.line == 2


def test_every_example_has_its_french_title_and_description() -> None:
    examples = load_examples()
    assert all(e.title_fr and e.description_fr for e in examples)
    for e in examples:
        assert e.titled("fr") == (e.title_fr, e.description_fr) and e.titled("en") == (e.title, e.description)
        assert e.title_fr != e.title


def test_an_example_without_french_falls_back_to_english(tmp_path: Path) -> None:
    (tmp_path / "01-x.rq").write_text("# title: T\n# description: D\n# columns: a\nSELECT ?a {}\n", encoding="utf-8")
    (example,) = load_examples(tmp_path)
    assert example.titled("fr") == ("T", "D")
