"""The text engine's shortcuts (each distinct text scored once, each word stemmed once) give
exactly what the straightforward computation gives, on small seeded inputs."""

from __future__ import annotations

import random

import numpy as np
import pytest
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.analysis.text import analyse, terms, text_scores

WORDS = [
    "broadband",
    "access",
    "rural",
    "connectivity",
    "affordable",
    "affordability",
    "child",
    "children",
    "online",
    "protection",
    "spectrum",
    "management",
    "regulation",
    "regulatory",
    "cybersecurity",
    "women",
    "digital",
    "inclusion",
    "networks",
    "emergency",
    "telecommunications",
    "e-waste",
    "climate",
    "water",
    "energy",
    "health",
    "education",
    "skills",
]


def _texts(rng: random.Random, count: int) -> list[str]:
    """Short texts drawn from a small vocabulary, so that many repeat (as element texts do at
    scale), with an empty text and a text of stop words only among them."""
    drawn = [" ".join(rng.choices(WORDS, k=rng.randint(1, 8))).capitalize() for _ in range(count // 3)]
    pool = [*drawn, "", "the of and", "Broadband access"]
    return [rng.choice(pool) for _ in range(count)]


def _plain(left: list[str], right: list[str]) -> np.ndarray:
    """One TfidfVectorizer fitted on every text, repeats included, and the cosines of left x right."""
    matrix = TfidfVectorizer(analyzer=analyse, sublinear_tf=True).fit_transform([*left, *right])
    return np.asarray((matrix[: len(left)] @ matrix[len(left) :].T).todense()).clip(0.0, 1.0)


@pytest.mark.parametrize("seed", range(6))
def test_scores_of_repeated_texts_are_those_of_one_fit_on_every_text(seed: int) -> None:
    rng = random.Random(seed)
    left, right = _texts(rng, rng.randint(5, 60)), _texts(rng, rng.randint(1, 40))
    right += rng.sample(left, 3)  # texts on both sides
    assert len(set(left)) < len(left)  # the case the shortcut is for
    scores = text_scores(left, right)
    assert scores.shape == (len(left), len(right))
    assert np.array_equal(scores, _plain(left, right))  # bit for bit, not approximately
    assert scores.max() > 0  # the texts share words: the comparison is not vacuous


def test_texts_without_any_word_score_zero_as_before() -> None:
    assert np.array_equal(text_scores(["the of", "and"], ["", "the"]), np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "broadband access rural connectivity affordability children women regulatory networks skills"),
        ("fr", "réseaux réseau enfants accès numérique sécurité politiques réglementaire"),
    ],
)
def test_each_words_stem_is_the_stemmers_own(lang: str, words: str) -> None:
    rng = random.Random(7)
    stemmer = snowballstemmer.stemmer({"en": "english", "fr": "french"}[lang])
    irregular = {"children": "child", "women": "woman", "regulatory": "regulation"}
    irregular |= {"enfants": "enfant", "réglementaire": "réglementation"}
    drawn = rng.choices(words.split(), k=200)
    expected = [stemmer.stemWord(irregular.get(w, w)) for w in drawn]
    # the same text twice: the second time every stem comes from the cache
    assert terms(" ".join(drawn), lang) == expected
    assert terms(" ".join(drawn), lang) == expected
