"""The built graph says what the source files say: counts and values checked against the sources."""

from __future__ import annotations

import csv

import pytest
import yaml

from graph.stores import OxigraphStore
from tests.conftest import DATA
from tests.datafiles import framework

SOURCES = DATA / "sources"


def _one(store: OxigraphStore, query: str) -> object:
    frame = store.select(query)
    assert len(frame) == 1, frame
    return frame.iloc[0, 0]


def test_17_goals_and_169_targets(bundled_store: OxigraphStore) -> None:
    assert _one(bundled_store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a sdgo:Goal }") == 17
    assert _one(bundled_store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a sdgo:Target }") == 169


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "ru", "zh"])
def test_every_target_has_exactly_one_title_per_language(bundled_store: OxigraphStore, lang: str) -> None:
    frame = bundled_store.select(f"""
        SELECT ?t (COUNT(?l) AS ?n) WHERE {{
          ?t a sdgo:Target . OPTIONAL {{ ?t skos:prefLabel ?l FILTER(lang(?l) = "{lang}") }}
        }} GROUP BY ?t""")
    assert len(frame) == 169
    assert set(frame["n"]) == {1}


def test_target_titles_come_from_the_sources(bundled_store: OxigraphStore) -> None:
    en = bundled_store.select('SELECT ?l WHERE { sdg:9.c skos:prefLabel ?l FILTER(lang(?l) = "en") }')
    assert en.iloc[0, 0].startswith("Significantly increase access to information and communications technology")
    ru_titles = yaml.safe_load((SOURCES / "open-sdg-translations/ru/global_targets.yml").read_text("utf-8"))
    ru = bundled_store.select('SELECT ?l WHERE { sdg:9.c skos:prefLabel ?l FILTER(lang(?l) = "ru") }')
    assert ru.iloc[0, 0] == ru_titles["9-c-title"].strip()


def test_the_kos_label_defect_of_target_12_3_is_repaired(bundled_store: OxigraphStore) -> None:
    # the UN KOS gives 12.3 stray labels ("By 2030,d", "Tableau de bord macroéconomique"); open-sdg replaces them
    frame = bundled_store.select('SELECT ?l WHERE { sdg:12.3 skos:prefLabel ?l FILTER(lang(?l) = "en") }')
    assert list(frame["l"]) == [
        yaml.safe_load((SOURCES / "open-sdg-translations/en/global_targets.yml").read_text("utf-8"))["12-3-title"]
    ]


def test_matrix_links_equal_the_source_rows(bundled_store: OxigraphStore) -> None:
    c7 = {
        "C7-EGOV": "C7.1",
        "C7-EBUS": "C7.2",
        "C7-ELEARN": "C7.3",
        "C7-EHEALTH": "C7.4",
        "C7-EEMPLOY": "C7.5",
        "C7-EENV": "C7.6",
        "C7-EAGRI": "C7.7",
        "C7-ESCI": "C7.8",
    }
    with (SOURCES / "wsis-sdg-matrix-uwi/wsis_sdg_links.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = sorted((c7.get(r["al_id"], r["al_id"]), r["sdg_target"] or r["sdg_goal"], r["rationale"]) for r in rows)
    frame = bundled_store.select("""
        SELECT ?line ?code ?comment WHERE {
          GRAPH <https://w3id.org/itud-align/graph/mappings/wsis-sdg-matrix> {
            ?a a itud:Alignment ; itud:alignmentSubject ?l ; itud:alignmentObject ?o ; rdfs:comment ?comment .
          }
          ?l skos:notation ?line .
          ?o skos:notation ?code FILTER(datatype(?code) = sdgo:SDGCodeCompact)
        }""")
    got = sorted(
        (r.line, r.code, r.comment.split(" [transcription note:")[0].replace("(no rationale in source)", ""))
        for r in frame.itertuples()
    )
    assert len(rows) == 204
    assert got == expected


def test_questions_per_study_period_as_in_the_data_file(bundled_store: OxigraphStore) -> None:
    frame = bundled_store.select(
        "SELECT ?p (COUNT(?q) AS ?n) WHERE { ?q a itud:StudyQuestion ; itud:period ?p } GROUP BY ?p ORDER BY ?p"
    )
    expected = framework("itud_study_questions.csv")["study_period"].value_counts().sort_index()
    assert list(zip(frame["p"], frame["n"], strict=True)) == list(expected.items())


def test_itu_leads_c2_c5_c6(bundled_store: OxigraphStore) -> None:
    frame = bundled_store.select("SELECT ?c WHERE { ?l itud:isItuLead true ; skos:notation ?c } ORDER BY ?c")
    assert list(frame["c"]) == ["C2", "C5", "C6"]
    assert _one(bundled_store, "SELECT (COUNT(?l) AS ?n) WHERE { ?l a itud:WsisActionLine }") == 19


def test_no_unverified_source_row_is_presented_as_verified(bundled_store: OxigraphStore) -> None:
    for name, key, status_column in (
        ("itud_study_questions.csv", "id", "title_status"),
        ("wtdc_regional_initiatives.csv", "id", "title_status"),
        ("itud_priorities.csv", "id", "status"),
        ("wtdc_resolutions.csv", "id", "status"),
    ):
        with (DATA / "frameworks" / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        doubtful = {
            r[key]
            for r in rows
            if any(w in r[status_column].upper() for w in ("UNVERIFIED", "PARTIAL", "DRAFT", "TOPIC", "EVIDENCE"))
        }
        frame = bundled_store.select("SELECT ?e ?s WHERE { ?e itud:status ?s ; itud:sourceStatus ?raw }")
        statuses = {e.split("/id/", 1)[1].split("/", 1)[1]: s for e, s in zip(frame["e"], frame["s"], strict=True)}
        assert doubtful, name
        assert {statuses[k] for k in doubtful} == {"unverified"}, name


def test_element_without_a_title_keeps_its_code_and_no_invented_label(bundled_store: OxigraphStore) -> None:
    frame = bundled_store.select("""
        SELECT ?code ?status (COUNT(?l) AS ?labels) WHERE {
          id:initiative\\/2023-2025\\/ARB1 skos:notation ?code ; itud:status ?status .
          OPTIONAL { id:initiative\\/2023-2025\\/ARB1 skos:prefLabel ?l }
        } GROUP BY ?code ?status""")
    assert frame.to_dict("records") == [{"code": "ARB1", "status": "unverified", "labels": 0}]


def test_wtdc25_cycle_is_held(bundled_store: OxigraphStore) -> None:
    frame = bundled_store.select("""
        SELECT (COUNT(?i) AS ?n) WHERE { ?i a itud:RegionalInitiative ; itud:cycle id:cycle\\/WTDC-25 }""")
    assert frame.iloc[0, 0] == 7  # AFR1-5, AMS1, ASP1 of 2026-2029 in wtdc_regional_initiatives.csv


def test_every_link_has_its_evidence_node(bundled_store: OxigraphStore) -> None:
    missing = bundled_store.select("""
        SELECT ?s ?p ?o WHERE {
          VALUES ?p { itud:contributesTo itud:supportsActionLine itud:implementsPriority itud:refersTo }
          GRAPH ?g { ?s ?p ?o }
          FILTER NOT EXISTS { GRAPH ?g { ?a itud:alignmentSubject ?s ; itud:alignmentPredicate ?p ;
                                            itud:alignmentObject ?o } }
        }""")
    assert missing.empty


def test_one_alignment_per_mapping_row(bundled_store: OxigraphStore) -> None:
    rows = 0
    for path in (DATA / "mappings").glob("*.sssom.tsv"):
        lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        rows += len(lines) - 1  # minus the column header
    assert _one(bundled_store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a itud:Alignment }") == rows
