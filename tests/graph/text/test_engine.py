"""The text engine on small texts: stems, the field's words, evidence, parents' titles."""

from __future__ import annotations

import threading

from graph.analysis.text import analyse, element_texts, shared_phrases, terms, text_scores
from tests.graph.text.factory import element, link, make_frames


def test_stemming_joins_child_and_children_and_affordable_and_affordability() -> None:
    assert terms("child")[0] == terms("children")[0]
    assert terms("affordable")[0] == terms("affordability")[0]
    assert text_scores(["Child online protection"], ["protect children online"])[0, 0] > 0.5


def test_french_texts_are_stemmed_in_french() -> None:
    assert terms("enfants", "fr") == terms("enfant", "fr")
    assert terms("réseaux", "fr") == terms("réseau", "fr")
    assert text_scores(["Protection des enfants en ligne"], ["protéger l'enfant en ligne"], lang="fr")[0, 0] > 0


def test_the_fields_words_are_kept_and_pairs_of_words_counted() -> None:
    words = analyse("ICT and telecommunication broadband for cybersecurity")
    for kept in ("ict", "telecommun", "broadband", "secur"):
        assert kept in words
    assert "telecommun broadband" in words
    # two texts that share only the field's words are alike, not unrelated
    assert text_scores(["Broadband and ICT"], ["ICT broadband networks"])[0, 0] > 0


def test_shared_phrases_are_the_evidence_in_the_first_texts_words() -> None:
    assert shared_phrases("Affordable broadband for rural areas", "affordability of broadband") == [
        "affordable broadband"
    ]
    assert shared_phrases("Spectrum management", "clean water") == []


def test_element_text_adds_the_titles_of_the_priorities_it_is_filed_under() -> None:
    priority = element("priority", "P1", "P1", "Digital inclusion")
    q = element("question", "2022-2025/Q1-1", "Q1/1", "Broadband access", period="2022-2025")
    frames = make_frames([priority, q], [link(q, "implementsPriority", priority["element"], "priority")])
    texts = dict(
        zip(*(element_texts(frames.elements, ["question"], frames.links)[c] for c in ("element", "text")), strict=True)
    )
    assert texts == {q["element"]: "Broadband access. Digital inclusion"}
    assert element_texts(frames.elements, ["question"])["text"].tolist() == ["Broadband access"]


def test_each_thread_stems_with_its_own_stemmer() -> None:
    # a Snowball stemmer holds the word it works on: the dashboard's threads must not share one
    from concurrent.futures import ThreadPoolExecutor

    from graph.analysis.text import _stemmer

    barrier = threading.Barrier(2)

    def own(_: int) -> int:
        barrier.wait()  # both threads alive at once, so each is a distinct thread
        return id(_stemmer("en"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(own, range(2))
    assert first != second


def test_threads_stemming_at_once_agree_with_one_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from graph.analysis.text import terms

    texts = [f"Telecommunications infrastructure deployment {w} connectivity affordability" for w in range(400)]
    alone = [terms(t + " uniquely" * (i % 3)) for i, t in enumerate(texts)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda it: terms(it[1] + " uniquely" * (it[0] % 3)), enumerate(texts)))
    assert together == alone
