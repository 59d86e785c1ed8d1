"""Misalignment rules on the fixture graph: every piece of evidence confirmed by an independent
SPARQL query on the store, the same findings on both stores (each rule's own cases, fired and
quiet, are in test_rules_small.py)."""

from __future__ import annotations

import json

import pandas as pd
import pyoxigraph as ox
import pytest

from graph.analysis.frames import Frames, load_frames
from graph.analysis.misalignments import RULES, find_misalignments
from graph.namespaces import mint
from graph.stores import OxigraphStore, RdflibStore, Store

Q17 = str(mint("question", "2018-2021/Q1-1"))
Q22 = str(mint("question", "2022-2025/Q1-1"))
Q32 = str(mint("question", "2022-2025/Q3-2"))
Q52 = str(mint("question", "2022-2025/Q5-2"))
AFR17 = str(mint("initiative", "2018-2021/AFR1"))
AFR22 = str(mint("initiative", "2023-2025/AFR1"))
AMS1 = str(mint("initiative", "2023-2025/AMS1"))
AMS2 = str(mint("initiative", "2023-2025/AMS2"))
WTDC1 = str(mint("resolution", "WTDC-1"))
WTDC20 = str(mint("resolution", "WTDC-20"))
WTDC37 = str(mint("resolution", "WTDC-37"))
PP139 = str(mint("resolution", "PP-139"))


def _p(name: str) -> str:
    return str(mint("priority", name))


def _found(findings: pd.DataFrame, rule: str) -> list[str]:
    return sorted(findings.loc[findings["rule"] == rule, "element"])


@pytest.fixture(scope="module")
def findings(frames: Frames) -> pd.DataFrame:
    return find_misalignments(frames)


def test_rules_are_declared() -> None:
    assert [r.id for r in RULES] == [f"M{i}" for i in range(1, 10)]
    assert {r.severity for r in RULES} <= {"high", "medium", "low", "note"}
    assert all(r.relies_on for r in RULES)


def test_m7_priority_of_another_cycle(findings: pd.DataFrame) -> None:
    assert _found(findings, "M7") == [AFR22]  # WTDC-22 initiative filed under BAAP-O2 (WTDC-17)


def _literal(value: str) -> str:
    return json.dumps(value)


def test_every_piece_of_evidence_is_in_the_store(findings: pd.DataFrame, analysis_store: Store) -> None:
    checked = 0
    for evidence in findings["evidence"]:
        assert evidence, "a finding without evidence"
        for e in evidence:
            if e["graph"]:
                query = (
                    f"ASK {{ GRAPH <{e['graph']}> {{ <{e['subject']}> {e['predicate']} <{e['object']}> . "
                    f"<{e['alignment']}> a itud:Alignment ; itud:alignmentSubject <{e['subject']}> ; "
                    f"itud:alignmentObject <{e['object']}> ; itud:status {_literal(e['status'])} ; "
                    f"itud:source {_literal(e['source'])} }} }}"
                )
            else:
                query = f"ASK {{ <{e['subject']}> {e['predicate']} <{e['object']}> }}"
            assert analysis_store.ask(query), query
            checked += 1
    assert checked >= len(findings)


def test_same_findings_on_oxigraph_and_rdflib(analysis_quads: list[ox.Quad]) -> None:
    from graph.analysis.gaps import find_gaps

    results = []
    for store in (OxigraphStore.from_quads(analysis_quads), RdflibStore.from_quads(analysis_quads)):
        frames = load_frames(store)
        results.append((find_misalignments(frames).to_json(), find_gaps(frames, scope="all").to_json()))
    assert results[0] == results[1]
    assert json.loads(results[0][0])["rule"]
