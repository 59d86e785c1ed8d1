"""Suggestions across elements: ranking, one row per text, WSIS lines, declared and rejected pairs."""

from __future__ import annotations

from graph.analysis.suggestions import suggest_links
from tests.graph.text.factory import element, line, link, make_frames, question, target, to_target

T_9C = target(
    "9.c",
    "Significantly increase access to information and communications technology and strive "
    "to provide universal and affordable access to the Internet in least developed countries by 2020",
)
T_16_2 = target(
    "16.2", "End abuse, exploitation, trafficking and all forms of violence against and torture of children"
)
T_7B = target(
    "7.b",
    "By 2030, expand infrastructure and upgrade technology for supplying modern and sustainable "
    "energy services for all in developing countries, in particular least developed countries, small "
    "island developing States and landlocked developing countries",
)
C5 = line("C5", "Building confidence and security in the use of ICTs")
C2 = line("C2", "Information and communication infrastructure")
A17 = question("2018-2021/Q1-1", "Affordable access to the Internet", "SG1")
A22 = question("2022-2025/Q1-1", "Affordable access to the Internet", "SG1")
COP = element("resolution", "PP-179", "PP Res. 179", "ITU's role in child online protection", family="PP")
LDC = element(
    "initiative",
    "2022-2025/ASP1",
    "ASP1",
    "Addressing special needs of least developed countries, "
    "small island developing states and landlocked developing countries",
    period="2022-2025",
)


def frames(links=()):  # type: ignore[no-untyped-def]
    return make_frames([A17, A22, COP, LDC], links, [T_9C, T_16_2, T_7B], [C5, C2])


def test_ranked_by_score_across_elements_one_row_per_distinct_text() -> None:
    found = suggest_links(frames())
    assert found["score"].tolist() == sorted(found["score"], reverse=True)
    assert found["rank"].tolist() == list(range(1, len(found) + 1))
    row = found[found["code"] == "9.c"].iloc[0]
    assert set(row["elements"]) == {A17["element"], A22["element"]}
    assert len(found[found["code"] == "9.c"]) == 1
    assert "affordable access" in row["evidence"]


def test_wsis_action_lines_are_proposed() -> None:
    found = suggest_links(frames())
    lines = found[found["object_kind"] == "line"]
    assert (COP["element"], "C5") in set(zip(lines["element"], lines["code"], strict=True))


def test_generic_development_words_alone_carry_no_suggestion() -> None:
    found = suggest_links(frames())
    assert LDC["element"] not in {e for es in found["elements"] for e in es}


def test_declared_and_rejected_pairs_never_return() -> None:
    declared = to_target(A17, "9.c", status="verified")
    rejected = link(COP, "supportsActionLine", C5["line"], "line", status="rejected")
    found = suggest_links(frames([declared, rejected]))
    row = found[found["code"] == "9.c"].iloc[0]
    assert row["elements"] == (A22["element"],)  # still open for the other cycle's twin
    assert not ((found["code"] == "C5") & (found["element"] == COP["element"])).any()
    both = suggest_links(frames([declared, to_target(A22, "9.c")]))
    assert "9.c" not in set(both["code"])
