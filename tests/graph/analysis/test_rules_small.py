"""Each rule on a frame of a few rows: it fires on a real case and stays quiet on the twin
that lacks what makes it real (or on data too incomplete to judge)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from graph.analysis.completeness import completeness
from graph.analysis.frames import MATRIX_COLUMNS, REGION_COLUMNS, Frames
from graph.analysis.misalignments import find_misalignments, misalignment_count
from graph.namespaces import mint
from tests.graph.text.factory import element, line, link, make_frames, question, target, to_target

BROADBAND = "Strategies and policies for the deployment of broadband in developing countries"
EMF = "Strategies and policies concerning human exposure to electromagnetic fields and their measurement"
POLLUTION = "Substantially reduce deaths and illnesses from hazardous chemicals and air, water and soil pollution"


def _rules(frames: Frames, rule: str) -> pd.DataFrame:
    return find_misalignments(frames, rules=[rule])


def _priority(local: str, title: str, cycle: str | None, family: str = "kigali_priority") -> dict:
    return element("priority", local, local, title, cycle=cycle, family=family)


def _line(code: str, title: str, lead: bool = True) -> dict:
    return {**line(code, title), "is_itu_lead": lead}


def _file(subject: dict, priority: dict) -> dict:
    return link(subject, "implementsPriority", priority["element"], "priority")


def _support(subject: dict, code: str, **kw: object) -> dict:
    return link(subject, "supportsActionLine", str(mint("wsis", code)), "line", **kw)


def test_m9_a_title_on_a_lead_lines_topic_without_that_line() -> None:
    c2 = _line("C2", "Information and communication infrastructure")
    res = element(
        "resolution", "PP-137", "PP Res. 137", "Next-generation network deployment in developing countries", family="PP"
    )
    fires = _rules(make_frames([res], lines=[c2]), "M9")
    assert fires["object"].tolist() == [c2["line"]]
    assert "next-generation network" in fires["message"].iloc[0] and "C2" in fires["message_fr"].iloc[0]
    quiet = _rules(make_frames([res], [_support(res, "C2")], lines=[c2]), "M9")
    assert quiet.empty


def test_m3_and_the_unlinked_gap_judge_curated_elements_only() -> None:
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    fires = _rules(make_frames([q], [to_target(q, "9.c")], [target("9.c", "access to ICT")]), "M3")
    assert fires["element"].tolist() == [q["element"]] and "WSIS" in fires["message"].iloc[0]
    never_curated = make_frames([q], targets=[target("9.c", "access to ICT")])
    assert _rules(never_curated, "M3").empty
    assert completeness(never_curated)["kind"].tolist() == ["element-without-links"]


def test_m4_within_the_prioritys_own_cycle_and_known_lists() -> None:
    kap4 = _priority("KAP-P4", "Resource mobilization and international cooperation", "WTDC-22")
    kap1 = _priority("KAP-P1", "Affordable connectivity", "WTDC-22")
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    frames = make_frames([kap4, kap1, q], [_file(q, kap1)])
    fires = _rules(frames, "M4")
    assert fires["element"].tolist() == [kap4["element"]] and "WTDC-22" in fires["message"].iloc[0]
    untitled = make_frames([kap4, kap1, {**q, "label_en": None, "text": ""}], [_file(q, kap1)])
    assert _rules(untitled, "M4").empty  # the cycle's Questions are not known: nothing to judge
    timeless = make_frames([{**kap4, "cycle": None}, kap1, q], [_file(q, kap1)])
    assert _rules(timeless, "M4").empty  # a priority of no cycle is judged against no cycle


def test_m7_filed_under_another_cycles_priority() -> None:
    baap = _priority("BAAP-O2", "Modern and secure infrastructure", "WTDC-17", "buenos_aires_objective")
    kap1 = _priority("KAP-P1", "Affordable connectivity", "WTDC-22")
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    assert _rules(make_frames([baap, q], [_file(q, baap)]), "M7")["object"].tolist() == [baap["element"]]
    assert _rules(make_frames([kap1, q], [_file(q, kap1)]), "M7").empty


def test_m5_a_lone_link_whose_texts_share_nothing() -> None:
    q = question("2022-2025/Q7-2", EMF, "SG2")
    targets = [target("3.9", POLLUTION), target("9.c", "Significantly increase access to the Internet")]
    fires = _rules(make_frames([q], [to_target(q, "3.9")], targets), "M5")
    assert fires["object"].tolist() == [targets[0]["target"]]
    # 9.c is a target ITU-D answers for: its link is never read off the words alone
    assert _rules(make_frames([q], [to_target(q, "9.c")], targets), "M5").empty
    # the Matrix pairing one of its action lines with the target's goal backs the link
    c7 = _line("C7.4", "E-health", lead=False)
    matrix = pd.DataFrame(
        [dict.fromkeys(MATRIX_COLUMNS) | {"line": c7["line"], "object": targets[0]["goal"], "level": "goal"}],
        columns=MATRIX_COLUMNS,
    )
    backed = make_frames([q], [to_target(q, "3.9"), _support(q, "C7.4")], targets, [c7])
    assert not _rules(backed, "M5").empty
    assert _rules(replace(backed, matrix=matrix), "M5").empty


def test_m2_an_element_far_from_its_priority_and_near_another() -> None:
    kap1 = _priority("KAP-P1", "Affordable broadband connectivity and deployment in developing countries", "WTDC-22")
    kap5 = _priority("KAP-P5", "Environment and climate change", "WTDC-22")
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    fires = _rules(make_frames([kap1, kap5, q], [_file(q, kap5)]), "M2")
    assert fires["object"].tolist() == [kap5["element"]] and "KAP-P1" in fires["message"].iloc[0]
    assert _rules(make_frames([kap1, kap5, q], [_file(q, kap1)]), "M2").empty


def test_m6_only_when_both_cycles_lists_are_known() -> None:
    old = question("2018-2021/Q1-1", BROADBAND, "SG1")
    new = question("2022-2025/Q1-1", BROADBAND, "SG1")
    targets = [target("9.1", "infrastructure"), target("9.c", "access")]
    links = [to_target(old, "9.1"), to_target(new, "9.c")]
    fires = _rules(make_frames([old, new], links, targets), "M6")
    assert fires["object"].tolist() == [targets[0]["target"]]
    untitled = {**new, "label_en": None, "text": ""}
    assert _rules(make_frames([old, untitled], links, targets), "M6").empty


def test_m8_a_conflict_within_one_kind_of_evidence_only() -> None:
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    a = _support(q, "C2", status="verified", mapping_set="one")
    b = _support(q, "C2", status="unverified", mapping_set="two")
    lines = [_line("C2", "Information and communication infrastructure")]
    assert len(_rules(make_frames([q], [a, b], lines=lines), "M8")) == 1
    official = {**a, "justification": "official document"}
    assert _rules(make_frames([q], [official, b], lines=lines), "M8").empty


def test_m1_is_a_note_outside_the_count() -> None:
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    c2 = _line("C2", "Information and communication infrastructure")
    frames = make_frames([q], [to_target(q, "17.6"), _support(q, "C2")], [target("17.6", "broadband")], [c2])
    found = find_misalignments(frames, rules=["M1"])
    assert found["severity"].tolist() == ["note"] and misalignment_count(found) == 0
    matrix = pd.DataFrame(
        [
            dict.fromkeys(MATRIX_COLUMNS)
            | {"line": c2["line"], "object": target("17.6", "")["target"], "level": "target"}
        ],
        columns=MATRIX_COLUMNS,
    )
    assert find_misalignments(replace(frames, matrix=matrix), rules=["M1"]).empty


def test_completeness_lists_partial_region_lists_and_is_never_a_finding() -> None:
    afr = [
        element(
            "initiative",
            f"2023-2025/AFR{i}",
            f"AFR{i}",
            None if i == 2 else "Connectivity",
            cycle="WTDC-22",
            region="AFR",
        )
        for i in (1, 2, 3)
    ]
    regions = pd.DataFrame(
        [{"region": str(mint("region", "AFR")), "notation": "AFR", "label_en": "Africa", "label_fr": "Afrique"}],
        columns=REGION_COLUMNS,
    )
    frames = replace(make_frames(afr), regions=regions)
    items = completeness(frames)
    assert set(items["kind"]) == {"untitled-element", "element-without-links", "partial-list"}
    assert "1 of 3 without a title" in items.loc[items["kind"] == "partial-list", "detail"].iloc[0]
    assert misalignment_count(find_misalignments(frames)) == 0


def test_every_rule_runs_on_a_portfolio_without_links() -> None:
    # a link filter (status=verified) can leave no filing, no SDG link and no WSIS link at all
    kap1 = _priority("KAP-P1", "Affordable connectivity", "WTDC-22")
    q = question("2022-2025/Q1-1", BROADBAND, "SG1")
    lines = [_line("C2", "Information and communication infrastructure")]
    found = find_misalignments(make_frames([kap1, q], lines=lines, targets=[target("9.c", "access")]))
    assert set(found["rule"]) == {"M9"}  # broadband with no link to C2 is all there is to say


@pytest.mark.parametrize("rules", [["M99"], ["M1", "nope"]])
def test_an_unknown_rule_names_the_valid_ones(rules: list[str]) -> None:
    from graph.errors import BadInput

    with pytest.raises(BadInput, match="M1, M2, M3"):
        find_misalignments(make_frames([]), rules=rules)
