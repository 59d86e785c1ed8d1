"""TF-IDF suggestions, weak declared links, the review queue and the SSSOM output, on hand-made frames."""

from __future__ import annotations

import sys

import pytest

from graph.analysis import text as text_engine
from graph.analysis.similarity import review_queue, suggestions_to_sssom, weak_declared_links
from graph.analysis.suggestions import suggest_links
from graph.analysis.text import text_scores
from graph.errors import ItudAlignError
from graph.namespaces import SDG, graph_iri
from graph.sssom import read_sssom
from tests.graph.text.factory import element, make_frames, question, target, to_target

T_9C = target(
    "9.c",
    "Significantly increase access to information and communications technology and strive "
    "to provide universal and affordable access to the Internet in least developed countries by 2020",
)
T_3D = target(
    "3.d",
    "Strengthen the capacity of all countries, in particular developing countries, for early "
    "warning, risk reduction and management of national and global health risks",
)
T_5B = target(
    "5.b",
    "Enhance the use of enabling technology, in particular information and communications "
    "technology, to promote the empowerment of women",
)
# shares "universal", "affordable", "access", "internet" with 9.c and nothing with 3.d or 5.b
QA = question("2022-2025/Q1-1", "Universal and affordable access to the Internet", "SG1")
# shares "risk", "reduction", "management" with 3.d only
QB = question("2022-2025/Q3-1", "Telecommunications/ICTs for disaster risk reduction and management", "SG1")
# shares only the field's words with 9.c and 5.b ("ICTs"): kept by the engine, but no suggestion alone
QC = question("2022-2025/Q7-2", "Telecommunications/ICTs and human exposure to electromagnetic fields", "SG2")


def frames(links=()):  # type: ignore[no-untyped-def]
    return make_frames([QA, QB, QC], links, [T_9C, T_3D, T_5B])


def test_each_element_gets_the_target_it_shares_words_with() -> None:
    found = suggest_links(frames(), threshold=0.05)
    pairs = set(zip(found["element"], found["target"], strict=True))
    assert pairs == {(QA["element"], T_9C["target"]), (QB["element"], T_3D["target"])}
    assert not found["already_declared"].any()
    assert set(found["method"]) == {"tfidf"}
    row = found[found["element"] == QA["element"]].iloc[0]
    assert row["element_text"] == QA["label_en"] and row["target_text"] == T_9C["label_en"]
    assert 0.05 <= row["score"] <= 1.0


def test_declared_links_are_left_out_unless_asked_and_suggested_ones_do_not_count() -> None:
    declared = to_target(QB, "3.d", status="verified")
    found = suggest_links(frames([declared]), threshold=0.05)
    assert QB["element"] not in set(found["element"])
    shown = suggest_links(frames([declared]), threshold=0.05, include_declared=True)
    assert shown.loc[shown["element"] == QB["element"], "already_declared"].tolist() == [True]
    # a link that is itself only a suggestion does not make the pair "declared"
    suggested = to_target(QB, "3.d", status="suggested", mapping_set="suggested-tfidf")
    again = suggest_links(frames([suggested]), threshold=0.05)
    assert QB["element"] in set(again["element"])


def test_threshold_and_top_k_bound_the_suggestions() -> None:
    assert suggest_links(frames(), threshold=0.99).empty
    wide = make_frames(
        [element("priority", "P1", "P1", "Risk management and access to the Internet")], targets=[T_9C, T_3D, T_5B]
    )
    assert len(suggest_links(wide, threshold=0.01, top_k=2)) == 2
    assert len(suggest_links(wide, threshold=0.01, top_k=1)) == 1


def test_french_titles_are_compared_with_french_target_titles() -> None:
    t = target(
        "16.10",
        "Ensure public access to information",
        "Garantir l'accès public à l'information et protéger les libertés fondamentales",
    )
    e = element(
        "question",
        "2022-2025/Q6-1",
        "Q6/1",
        "Consumer rights",
        label_fr="Protéger les libertés des consommateurs",
        period="2022-2025",
    )
    found = suggest_links(make_frames([e], targets=[t]), threshold=0.05)
    assert found["language"].tolist() == ["fr"]
    assert found["element_text"].tolist() == ["Protéger les libertés des consommateurs"]
    assert found["target_text"].tolist() == [t["label_fr"]]
    # in English the two titles share no word: no suggestion without the French titles
    english_only = dict(e, label_fr=None)
    assert suggest_links(make_frames([english_only], targets=[t]), threshold=0.05).empty


def test_weak_declared_links_flag_links_whose_texts_share_nothing() -> None:
    unrelated = to_target(QC, "5.b")
    related = to_target(QB, "3.d")
    weak = weak_declared_links(frames([unrelated, related]), threshold=0.05)
    assert list(zip(weak["element"], weak["target"], strict=True)) == [(QC["element"], T_5B["target"])]
    assert weak["score"].tolist() == [0.0]


def test_review_queue_lists_pairs_only_one_side_proposes() -> None:
    a = [
        {"element": "e1", "target": "t1", "method": "tfidf", "score": 0.5},
        {"element": "e2", "target": "t2", "method": "tfidf", "score": 0.4},
    ]
    b = [
        {"element": "e1", "target": "t1", "method": "declared", "score": 0.9},
        {"element": "e3", "target": "t3", "method": "declared", "score": 0.7},
    ]
    import pandas as pd

    queue = review_queue(pd.DataFrame(a), pd.DataFrame(b))
    assert queue[["element", "target", "proposed_by", "not_by", "score"]].values.tolist() == [
        ["e3", "t3", "declared", "tfidf", 0.7],
        ["e2", "t2", "tfidf", "declared", 0.4],
    ]


def test_suggestions_read_back_as_an_sssom_mapping_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    found = suggest_links(frames(), threshold=0.05)
    path = tmp_path / "suggested-tfidf.sssom.tsv"
    path.write_text(suggestions_to_sssom(found, "suggested-tfidf", "2026-11-29", "abc"), encoding="utf-8")
    meta, rows = read_sssom(path)
    assert meta["mapping_set_id"].endswith("/mappings/suggested-tfidf")
    assert len(rows) == 2
    assert set(rows["status"]) == {"suggested"}
    assert set(rows["mapping_justification"]) == {"semapv:LexicalSimilarityThresholdMatching"}
    assert set(rows["author_id"]) == {"agent:itud-align-tfidf"}
    assert set(rows["subject_id_iri"]) == {QA["element"], QB["element"]}
    assert set(rows["object_id_iri"]) == {str(SDG["9.c"]), str(SDG["3.d"])}
    by_subject = dict(zip(rows["subject_id_iri"], rows["confidence"], strict=True))
    expected = dict(zip(found["element"], found["score"].round(2), strict=True))
    assert by_subject == expected
    assert str(graph_iri("mappings/suggested-tfidf")).endswith("graph/mappings/suggested-tfidf")


def test_semantic_backend_without_its_package_says_how_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "wordllama", None)
    text_engine._embedder.cache_clear()
    with pytest.raises(ItudAlignError, match=r"pip install -e '\.\[semantic\]'"):
        text_scores(["a text"], ["another text"], "semantic")
    text_engine._embedder.cache_clear()


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown similarity method"):
        text_scores(["a"], ["b"], "bm25")


def test_semantic_backend_runs_the_packaged_weights_without_the_network(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the semantic backend opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    text_engine._embedder.cache_clear()
    try:
        scores = text_scores(
            ["Child online protection", "Spectrum management"],
            ["Protecting children on the Internet", "Clean water and sanitation"],
            "semantic",
        )
    finally:
        text_engine._embedder.cache_clear()
    assert scores.shape == (2, 2)
    assert scores[0, 0] > scores[0, 1] and scores[0, 0] > scores[1, 0]
