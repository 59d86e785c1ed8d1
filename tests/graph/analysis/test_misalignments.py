"""Misalignment rules on the fixture graph: each triggered and not triggered, worked out by
hand, and every piece of evidence confirmed by an independent SPARQL query on the store."""

from __future__ import annotations

import json

import pandas as pd
import pyoxigraph as ox
import pytest

from graph.analysis.frames import Frames, load_frames
from graph.analysis.misalignments import COLUMNS, RULES, find_misalignments, text_similarity
from graph.namespaces import SDG, mint
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
    assert [r.id for r in RULES] == [f"M{i}" for i in range(1, 9)]
    assert {r.severity for r in RULES} <= {"high", "medium", "low"}


def test_counts_per_rule(findings: pd.DataFrame) -> None:
    assert list(findings.columns) == COLUMNS
    assert findings["rule"].value_counts().to_dict() == {
        "M1": 1, "M2": 2, "M3": 2, "M4": 4, "M5": 2, "M6": 2, "M7": 1, "M8": 1}
    # high first, then medium, then low
    assert list(findings["severity"].drop_duplicates()) == ["high", "medium", "low"]


def test_m1_action_line_and_target_the_matrix_never_pairs(findings: pd.DataFrame) -> None:
    # Q3/2 supports C5 and links to 16.2 (Matrix C5 -> 16.2: fine) and 4.4 (no Matrix row of
    # C5 to 4.4 or goal 4: flagged). AFR1 of 2018-2021 links to 9.b and supports C6: the
    # Matrix links C6 to goal 9, so 9.b is consistent. Every other element pairs C2 with 9.c/9.1.
    m1 = findings[findings["rule"] == "M1"]
    assert list(m1["element"]) == [Q32]
    assert "4.4" in m1["message"].iloc[0] and "C5" in m1["message"].iloc[0]


def test_m2_targets_outside_the_priority(findings: pd.DataFrame) -> None:
    # BAAP-O2 links to 9.1 only; 2018-2021/AFR1 (9.b) and 2023-2025/AFR1 (9.c) share no target
    # with it. 2018-2021/Q1-1 (9.c, 9.1) shares 9.1; Q3/2 and AMS1 share 16.2 with KAP-P5 and BDT-TP04.
    assert _found(findings, "M2") == [AFR17, AFR22]
    assert all("BAAP-O2" in m for m in findings.loc[findings["rule"] == "M2", "message"])
    assert all("share only goal(s) 9" in m for m in findings.loc[findings["rule"] == "M2", "message"])


def test_m3_no_sdg_or_no_wsis_link(findings: pd.DataFrame, analysis_store: Store) -> None:
    # WTDC-1 (nothing), WTDC-20 (SDG, no WSIS). Not: Q5/2 (only a suggested link, but the
    # curators wrote in unlinked.csv why it has none), AMS2 (no title to align), PP-139 (a
    # Plenipotentiary Resolution).
    assert _found(findings, "M3") == [WTDC1, WTDC20]
    assert analysis_store.ask(f"ASK {{ <{Q52}> itud:unlinkedReason ?why }}")
    message = findings.set_index("element").loc[WTDC20, "message"]
    assert "no WSIS link" in message and "no SDG" not in message


def test_m4_priorities_missing_questions_or_regions(findings: pd.DataFrame) -> None:
    m4 = findings[findings["rule"] == "M4"].set_index("element")["message"]
    assert sorted(m4.index) == sorted([_p("BDT-TP04"), _p("KAP-P1"), _p("KAP-P4"), _p("KAP-P5")])
    assert m4[_p("KAP-P4")] == ("Priority KAP-P4 has no Question of WTDC-22 and no regional "
                                "initiative in AFR, AMS filed under it.")
    assert m4[_p("KAP-P1")].endswith("no regional initiative in AMS filed under it.")
    # BAAP-O2: Q1/1 of WTDC-17 and AFR1, the only WTDC-17 initiative, are filed under it


def test_m5_declared_links_whose_texts_share_nothing(findings: pd.DataFrame) -> None:
    # Q3/2 ("Securing ... networks ... best practices ... developing a culture of cybersecurity",
    # 7 content words) shares no word with 16.2 (abuse, exploitation, trafficking, violence,
    # torture of children) nor with 4.4 (youth and adults' skills). 2022-2025/Q1-1 shares
    # affordable/access/Internet with 9.c; the short titles (AMS1, WTDC-37, the priorities)
    # have fewer than six content words and are not judged.
    m5 = findings[findings["rule"] == "M5"]
    assert list(m5["element"]) == [Q32, Q32]
    assert sorted(e["object"] for ev in m5["evidence"] for e in ev) == [str(SDG["16.2"]), str(SDG["4.4"])]


def test_text_similarity_is_tfidf_cosine() -> None:
    scores = text_similarity(["affordable broadband access"],
                             ["affordable Internet access", "children and violence"])
    assert scores[0, 1] == 0.0
    assert 0.0 < scores[0, 0] < 1.0


def test_m6_coverage_dropped_by_the_next_cycle(findings: pd.DataFrame) -> None:
    m6 = findings[findings["rule"] == "M6"].set_index("element")["message"]
    assert sorted(m6.index) == sorted([Q17, AFR17])
    assert m6[Q17].startswith("SDG target 9.1 was covered by Questions of WTDC-17")
    # of the 3 WTDC-22 Questions, Q5/2 links to no target at all: the loss may be a data gap
    assert m6[Q17].endswith("none of the 3 Questions of WTDC-22 (one of which links to no SDG "
                            "target at all).")
    assert "9.b" in m6[AFR17] and "AFR" in m6[AFR17]


def test_m7_priority_of_another_cycle(findings: pd.DataFrame) -> None:
    assert _found(findings, "M7") == [AFR22]  # WTDC-22 initiative filed under BAAP-O2 (WTDC-17)


def test_m8_conflicting_status(findings: pd.DataFrame) -> None:
    # 2018-2021/Q1-1 -> C2: unverified in curated-questions, verified in declared-links
    m8 = findings[findings["rule"] == "M8"]
    assert list(m8["element"]) == [Q17]
    assert sorted(e["status"] for e in m8["evidence"].iloc[0]) == ["unverified", "verified"]


def _literal(value: str) -> str:
    return json.dumps(value)


def test_every_piece_of_evidence_is_in_the_store(findings: pd.DataFrame, analysis_store: Store) -> None:
    checked = 0
    for evidence in findings["evidence"]:
        assert evidence, "a finding without evidence"
        for e in evidence:
            if e["graph"]:
                query = (f"ASK {{ GRAPH <{e['graph']}> {{ <{e['subject']}> {e['predicate']} <{e['object']}> . "
                         f"<{e['alignment']}> a itud:Alignment ; itud:alignmentSubject <{e['subject']}> ; "
                         f"itud:alignmentObject <{e['object']}> ; itud:status {_literal(e['status'])} ; "
                         f"itud:source {_literal(e['source'])} }} }}")
            else:
                query = f"ASK {{ <{e['subject']}> {e['predicate']} <{e['object']}> }}"
            assert analysis_store.ask(query), query
            checked += 1
    # M1 2 (the 4.4 and C5 links) + M2 6 (two findings: the filing, the element's target, the
    # priority's target) + M3 3 (a class fact each, and WTDC-20's 9.c link) + M4 7 (class
    # facts, and cycle facts of the three KAP priorities) + M5 2 + M6 2 + M7 3 (the filing,
    # two cycle facts) + M8 2 (the two statuses)
    assert checked == 2 + 6 + 3 + 7 + 2 + 2 + 3 + 2


def test_what_the_rules_claim_is_absent_is_absent(analysis_store: Store) -> None:
    ask = analysis_store.ask
    # M1: no Matrix row links a line Q3/2 supports to 4.4 or to goal 4
    assert not ask(f"ASK {{ <{Q32}> itud:supportsActionLine ?l . "
                   "{ ?l itud:contributesTo sdg:4.4 } UNION { ?l itud:contributesTo sdg:4 } }")
    assert ask(f"ASK {{ <{Q32}> itud:supportsActionLine ?l . ?l itud:contributesTo sdg:16.2 }}")
    # M2: 2018-2021/AFR1 and BAAP-O2 share no target
    assert not ask(f"ASK {{ <{AFR17}> itud:contributesTo ?t . <{_p('BAAP-O2')}> itud:contributesTo ?t }}")
    # M3: Q5/2 has no link that is not a suggestion (its rejected suggestion is no link either)
    assert not ask(f"ASK {{ ?a itud:alignmentSubject <{Q52}> ; itud:status ?s "
                   "FILTER (?s NOT IN (\"suggested\", \"rejected\")) }")
    assert ask(f"ASK {{ ?a itud:alignmentSubject <{Q52}> ; itud:status \"suggested\" }}")
    # M4: no WTDC-22 Question is filed under KAP-P4
    cycle22 = str(mint("cycle", "WTDC-22"))
    assert not ask(f"ASK {{ ?q a itud:StudyQuestion ; itud:cycle <{cycle22}> ; "
                   f"itud:implementsPriority <{_p('KAP-P4')}> }}")
    # M6: a WTDC-17 Question links to 9.1, no WTDC-22 Question does
    cycle17 = str(mint("cycle", "WTDC-17"))
    assert ask(f"ASK {{ ?q a itud:StudyQuestion ; itud:cycle <{cycle17}> ; itud:contributesTo sdg:9.1 }}")
    assert not ask(f"ASK {{ ?q a itud:StudyQuestion ; itud:cycle <{cycle22}> ; itud:contributesTo sdg:9.1 }}")
    # M7: the initiative's cycle and the priority's differ
    assert ask(f"ASK {{ <{AFR22}> itud:cycle ?a . <{_p('BAAP-O2')}> itud:cycle ?b FILTER (?a != ?b) }}")
    # M8: two named graphs give the same link two statuses
    template = ("ASK { GRAPH ?g1 { ?a1 itud:alignmentSubject <Q> ; itud:alignmentObject ?l ; "
                "itud:status 'verified' } GRAPH ?g2 { ?a2 itud:alignmentSubject <Q> ; "
                "itud:alignmentObject ?l ; itud:status 'unverified' } FILTER (?g1 != ?g2) }")
    same_link_two_statuses = template.replace("<Q>", f"<{Q17}>")
    assert ask(same_link_two_statuses)


def test_scope_keeps_target_bound_findings(frames: Frames) -> None:
    # in the ITU lead scope (9.c 9.1 16.2 17.6): M1 (4.4), M5's 4.4 and M6's 9.b drop out;
    # M2 keeps 2023-2025/AFR1 (its 9.c is in scope) and drops 2018-2021/AFR1 (9.b is not)
    scoped = find_misalignments(frames, scope="itu-lead")
    assert scoped["rule"].value_counts().to_dict() == {
        "M2": 1, "M3": 2, "M4": 4, "M5": 1, "M6": 1, "M7": 1, "M8": 1}
    assert find_misalignments(frames, rules=["M7"])["rule"].tolist() == ["M7"]


def test_same_findings_on_oxigraph_and_rdflib(analysis_quads: list[ox.Quad]) -> None:
    from graph.analysis.gaps import find_gaps

    results = []
    for store in (OxigraphStore.from_quads(analysis_quads), RdflibStore.from_quads(analysis_quads)):
        frames = load_frames(store)
        results.append((find_misalignments(frames).to_json(), find_gaps(frames, scope="all").to_json()))
    assert results[0] == results[1]
    assert len(json.loads(results[0][0])["rule"]) == 15
