"""Cycle diff: elements matched by content, not by code; targets and lines gained and lost."""

from __future__ import annotations

import pytest

from graph.analysis.cycles_diff import diff_cycles
from graph.analysis.frames import load_frames
from graph.errors import ItudAlignError
from graph.namespaces import mint
from tests.datafiles import framework
from tests.graph.text.factory import element, line, link, make_frames, question, target, to_target

O11 = question(
    "2018-2021/Q1-1", "Strategies and policies for the deployment of broadband in developing countries", "SG1"
)
O31 = question("2018-2021/Q3-1", "Emerging technologies, including cloud computing, m-services and OTTs", "SG1")
O52 = question(
    "2018-2021/Q5-2", "Utilization of telecommunications/ICTs for disaster risk reduction and management", "SG2"
)
O62 = question("2018-2021/Q6-2", "ICTs and the environment", "SG2")
N11 = question("2022-2025/Q1-1", O11["label_en"], "SG1")
N31 = question("2022-2025/Q3-1", "Use of telecommunications/ICTs for disaster risk reduction and management", "SG1")
N52 = question("2022-2025/Q5-2", "Adopting telecommunications/ICTs and improving digital skills", "SG2")
N62 = question("2022-2025/Q6-2", "ICTs for the environment", "SG2")
N99 = question("2022-2025/Q9-2", None, "SG2")
TARGETS = [target(c, f"target {c}") for c in ("1.5", "4.4", "9.1", "9.b", "9.c", "13.1")]
LINES = [line("C2", "Information and communication infrastructure"), line("C7", "ICT applications")]
LINKS = [
    to_target(O11, "9.c"),
    link(O11, "supportsActionLine", LINES[0]["line"], "line"),
    to_target(O31, "9.b"),
    to_target(O52, "13.1"),
    link(O52, "supportsActionLine", LINES[1]["line"], "line"),
    to_target(N11, "9.c"),
    to_target(N11, "9.1"),
    link(N11, "supportsActionLine", LINES[0]["line"], "line"),
    to_target(N31, "13.1"),
    to_target(N31, "1.5"),
    to_target(N52, "4.4"),
]


def frames():  # type: ignore[no-untyped-def]
    return make_frames([O11, O31, O52, O62, N11, N31, N52, N62, N99], LINKS, TARGETS, LINES)


def _changes(result) -> dict[tuple[str | None, str | None], str]:  # type: ignore[no-untyped-def]
    el = result.elements
    return {
        (a if isinstance(a, str) else None, b if isinstance(b, str) else None): c
        for a, b, c in zip(el["from_element"], el["to_element"], el["change"], strict=True)
    }


def test_elements_are_matched_by_content_not_by_their_reused_code() -> None:
    result = diff_cycles(frames(), "2018-2021", "2022-2025")
    assert _changes(result) == {
        (O11["element"], N11["element"]): "carried over",
        (O62["element"], N62["element"]): "renamed",
        (O52["element"], N31["element"]): "moved and renamed",
        (O31["element"], None): "dropped",
        (None, N52["element"]): "new",
        (None, N99["element"]): "no title",
    }
    el = result.elements.set_index("change")
    assert el.loc["moved and renamed", "detail"] == "SG2 -> SG1; Q5/2 -> Q3/1; title changed"
    assert el.loc["dropped", "detail"] == f"code Q3/1 reused in 2022-2025 for: {N31['label_en']}"
    assert el.loc["new", "detail"] == f"code Q5/2 was used in 2018-2021 for: {O52['label_en']}"
    # the same details in French, the English title they quote marked "(en)"
    assert el.loc["moved and renamed", "detail_fr"] == "SG2 -> SG1 ; Q5/2 -> Q3/1 ; titre modifié"
    assert el.loc["dropped", "detail_fr"] == f"code Q3/1 réutilisé en 2022-2025 pour : {N31['label_en']} (en)"
    assert el.loc["no title", "detail_fr"] == "pas de titre pour l'apparier par son contenu"
    assert el.loc["carried over", "targets_gained"] == "9.1"
    assert el.loc["moved and renamed", "targets_gained"] == "1.5"
    assert el.loc["moved and renamed", "lines_lost"] == "C7"
    assert el.loc["dropped", "targets_lost"] == "9.b"


def test_a_same_code_never_matches_without_alike_titles() -> None:
    strict = diff_cycles(frames(), "2018-2021", "2022-2025", threshold=0.99)
    changes = _changes(strict)
    assert changes[(O11["element"], N11["element"])] == "carried over"  # identical titles score 1
    assert changes[(O31["element"], None)] == "dropped"
    assert (O31["element"], N31["element"]) not in changes


def test_targets_and_lines_gained_and_lost_by_the_cycle() -> None:
    coverage = diff_cycles(frames(), "WTDC-17", "WTDC-22").coverage
    got = {(c, n) for c, n in zip(coverage["change"], coverage["notation"], strict=True)}
    # 2018-2021 covers 9.c, 9.b, 13.1 and C2, C7; 2022-2025 covers 9.c, 9.1, 13.1, 1.5, 4.4 and C2
    assert got == {
        ("target lost", "9.b"),
        ("target gained", "1.5"),
        ("target gained", "4.4"),
        ("target gained", "9.1"),
        ("action line lost", "C7"),
    }
    lost = coverage[coverage["notation"] == "C7"].iloc[0]
    assert lost["from_elements"] == "Q5/2" and lost["to_elements"] == ""


def test_initiatives_are_matched_within_their_region_only() -> None:
    old = element(
        "initiative",
        "2018-2021/AFR5",
        "AFR5",
        "Spectrum management and digital broadcasting",
        period="2018-2021",
        cycle="WTDC-17",
        region="AFR",
    )
    new = element(
        "initiative",
        "2023-2025/AMS1",
        "AMS1",
        "Spectrum management and digital broadcasting",
        period="2023-2025",
        cycle="WTDC-22",
        region="AMS",
    )
    result = diff_cycles(make_frames([old, new]), "2018-2021", "2022-2025", kind="initiative")
    assert _changes(result) == {(old["element"], None): "dropped", (None, new["element"]): "new"}


def test_same_or_unknown_cycles_are_refused() -> None:
    with pytest.raises(ItudAlignError, match="same cycle"):
        diff_cycles(frames(), "2022-2025", "WTDC-22")
    with pytest.raises(ItudAlignError, match="unknown period"):
        diff_cycles(frames(), "1990-1993", "2022-2025")


def q(local: str) -> str:
    return str(mint("question", local))


def test_bundled_q3_1_reuse_and_the_disaster_question_moving_to_sg1(bundled_store) -> None:  # type: ignore[no-untyped-def]
    # data/frameworks/itud_study_questions.csv: 2018-2021 Q3/1 "Emerging technologies, including cloud
    # computing..." (SG1) and Q5/2 "Utilization of telecommunications/ICTs for disaster risk reduction
    # and management" (SG2); 2022-2025 Q3/1 "Use of telecommunications/information and communication
    # technologies for disaster risk reduction and management" (SG1), Q5/2 "Adopting telecommunications/
    # ICTs and improving digital skills". Same title in both periods: Q1/1, Q2/1, Q4/1, Q5/1, Q3/2, Q7/2.
    result = diff_cycles(load_frames(bundled_store))
    changes = _changes(result)
    assert changes[(q("2018-2021/Q5-2"), q("2022-2025/Q3-1"))] == "moved and renamed"
    assert changes[(q("2018-2021/Q3-1"), None)] == "dropped"
    assert changes[(None, q("2022-2025/Q5-2"))] == "new"
    carried = {a for (a, _b), c in changes.items() if c == "carried over"}
    assert carried == {q(f"2018-2021/{x}") for x in ("Q1-1", "Q2-1", "Q4-1", "Q5-1", "Q3-2", "Q7-2")}
    moved = result.elements[result.elements["change"] == "moved and renamed"].iloc[0]
    assert moved["detail"] == "SG2 -> SG1; Q5/2 -> Q3/1; title changed"
    dropped = result.elements[result.elements["from_element"] == q("2018-2021/Q3-1")].iloc[0]
    assert dropped["detail"].startswith("code Q3/1 reused in 2022-2025 for: Use of telecommunications")


def test_a_partly_known_next_cycle_drops_nothing(bundled_store) -> None:  # type: ignore[no-untyped-def]
    # the 2026-2029 Questions in the data file have no title yet: none of 2022-2025 is "dropped"
    # (a list with some titles is still compared: see the tests above)
    questions = framework("itud_study_questions.csv")
    later = questions[questions["study_period"] == "2026-2029"]
    assert len(later) and not later["title_en"].str.strip().any()
    earlier = questions[questions["study_period"] == "2022-2025"]
    result = diff_cycles(load_frames(bundled_store), "2022-2025", "2026-2029")
    changes = result.elements["change"].value_counts().to_dict()
    assert "dropped" not in changes
    assert changes["not known yet"] == (earlier["title_en"].str.strip() != "").sum()
    assert not result.coverage["change"].str.endswith(" lost").any()
    # between two known lists, a Question that is gone is still dropped
    assert (
        diff_cycles(load_frames(bundled_store), "2018-2021", "2022-2025").elements["change"].ne("not known yet").all()
    )


def test_an_element_not_known_yet_loses_nothing(bundled_store) -> None:  # type: ignore[no-untyped-def]
    result = diff_cycles(load_frames(bundled_store), "2022-2025", "2026-2029")
    waiting = result.elements[result.elements["change"] == "not known yet"]
    assert len(waiting) and (waiting["targets_lost"] == "").all() and (waiting["lines_lost"] == "").all()
