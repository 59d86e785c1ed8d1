"""Two weak evidences agreeing: a text on an action line's topic (declared, or suggested for it)
and a target the WSIS-SDG Matrix pairs with that line. The pair is kept from
``CORROBORATED_FACTOR`` of the threshold when the Matrix's rationale for the pair speaks of what the
text is about, and the rationale is shown in its evidence."""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.analysis.frames import load_frames
from graph.analysis.suggestions import CORROBORATED_FACTOR, LINE_SCOPES, suggest_links
from graph.namespaces import mint
from tests.graph.text.factory import element, line, link, make_frames, pairing, target

C2 = line("C2", "Information and communication infrastructure")
C8 = line("C8", "Cultural diversity and identity, linguistic diversity and local content")
T_9_C = target(
    "9.c",
    "Significantly increase access to information and communications technology and strive to provide "
    "universal and affordable access to the Internet in least developed countries by 2020",
)
WHY = "Connection to the Internet through Broadband has been identified as the ICT infrastructure"
RESOLUTION = element("resolution", "PP-999", "PP-999", "Affordable broadband in least developed countries")
OTHER = element("resolution", "PP-998", "PP-998", "Satellite orbit and spectrum filings of administrations")


def _frames(links: tuple[dict[str, Any], ...] = (), matrix_line: str = "C2", why: str = WHY) -> Any:
    return make_frames(
        [RESOLUTION, OTHER],
        links=links,
        targets=[T_9_C],
        lines=[C2, C8],
        matrix=[pairing(matrix_line, "9.c", why)],
    )


def _score(frames: Any) -> float:
    """The element's score against 9.c, read off the engine with every pair let through."""
    found = suggest_links(frames, threshold=1e-6, top_k=10, include_declared=True)
    return float(found.loc[(found["element"] == RESOLUTION["element"]) & (found["code"] == "9.c"), "score"].iloc[0])


def _nine_c(found: pd.DataFrame) -> pd.DataFrame:
    return found[(found["element"] == RESOLUTION["element"]) & (found["code"] == "9.c")]


def test_a_declared_line_the_matrix_pairs_with_the_target_lowers_the_bar_and_shows_why() -> None:
    declared = (link(RESOLUTION, "supportsActionLine", C2["line"], "line"),)
    frames = _frames(declared)
    score = _score(frames)
    # a threshold the text misses alone, and meets at the corroborated share of it
    threshold = score / ((1 + CORROBORATED_FACTOR["tfidf"]) / 2)
    assert score < threshold
    row = _nine_c(suggest_links(frames, threshold=threshold))
    assert len(row) == 1
    assert f"WSIS-SDG Matrix, C2: {WHY}" in row["evidence"].iloc[0]
    # without the declared line, or with the Matrix pairing another line, the same bar keeps it out
    assert _nine_c(suggest_links(_frames(), threshold=threshold)).empty
    assert _nine_c(suggest_links(_frames(declared, matrix_line="C8"), threshold=threshold)).empty


def test_a_rationale_that_says_nothing_of_the_text_does_not_vouch() -> None:
    declared = (link(RESOLUTION, "supportsActionLine", C2["line"], "line"),)
    threshold = _score(_frames(declared)) / ((1 + CORROBORATED_FACTOR["tfidf"]) / 2)
    for why in ("Emergency telecommunication minimizes losses from disasters", "(no rationale in source)"):
        assert _nine_c(suggest_links(_frames(declared, why=why), threshold=threshold)).empty
    # markup of the transcribed Matrix stays out of the evidence
    row = _nine_c(suggest_links(_frames(declared, why=f"- {WHY}<br/>- more"), threshold=threshold))
    assert "<br/>" not in row["evidence"].iloc[0] and WHY in row["evidence"].iloc[0]


def test_a_suggested_line_counts_as_the_texts_topic_too() -> None:
    on_c2 = element("resolution", "PP-999", "PP-999", "Broadband network infrastructure and universal service")
    frames = make_frames([on_c2, OTHER], targets=[T_9_C], lines=[C2, C8], matrix=[pairing("C2", "9.c", WHY)])
    found = suggest_links(frames, threshold=1e-6, top_k=10)
    line_score = float(found.loc[found["code"] == "C2", "score"].iloc[0])
    target_score = float(found.loc[found["code"] == "9.c", "score"].iloc[0])
    assert target_score < line_score  # the line is the text's topic; the target alone is weaker
    threshold = target_score / ((1 + CORROBORATED_FACTOR["tfidf"]) / 2)
    assert line_score >= threshold, LINE_SCOPES["C2"]
    codes = suggest_links(frames, threshold=threshold)["code"].tolist()
    assert codes == ["C2", "9.c"]
    bare = make_frames([on_c2, OTHER], targets=[T_9_C], lines=[C2, C8])
    assert suggest_links(bare, threshold=threshold)["code"].tolist() == ["C2"]


def test_below_the_corroborated_share_nothing_is_kept() -> None:
    declared = (link(RESOLUTION, "supportsActionLine", C2["line"], "line"),)
    frames = _frames(declared)
    threshold = _score(frames) / CORROBORATED_FACTOR["tfidf"] * 1.01
    assert _nine_c(suggest_links(frames, threshold=threshold)).empty


def test_bundled_connect_2030_is_suggested_9c_with_the_matrix_c2_rationale(bundled_store) -> None:  # type: ignore[no-untyped-def]
    frames = load_frames(bundled_store)
    found = suggest_links(frames)
    pp200 = str(mint("resolution", "PP-200"))
    rows = found[[pp200 in elements for elements in found["elements"]]].set_index("code")
    assert "9.c" in rows.index
    m = frames.matrix
    why = m.loc[(m["line_notation"] == "C2") & (m["object"] == rows.loc["9.c", "target"]), "rationale"].iloc[0]
    assert f"WSIS-SDG Matrix, C2: {' '.join(why.split())}" in rows.loc["9.c", "evidence"]
