"""Text comparison, one home: the engine behind M2, M5 and M9, the gaps' nearest elements,
``suggest``, ``streamline``, ``duplicates`` and the cycle diff.

Public functions (the rest of the analysis calls only these):

- :func:`terms` and :func:`analyse`: a text as stemmed content words, and as the words plus the
  pairs of neighbouring words that TF-IDF counts.
- :func:`text_scores`: the ``len(left) x len(right)`` matrix of similarity scores in 0..1, by
  ``tfidf`` (default) or ``semantic``; :func:`text_similarity` is the same with the defaults.
- :func:`shared_phrases`: the words of one text that another text also holds, as phrases, the
  evidence a suggestion shows.
- :func:`without_boilerplate`: an ITU-D text less the words every ITU-D title holds, for
  comparing ITU-D texts with one another (duplicates, streamlining), where those words tell
  nothing apart.
- :func:`element_texts`: an element's text: its title, its objective and the titles of the
  priorities it is filed under.

``tfidf`` is scikit-learn's ``TfidfVectorizer`` over word unigrams and bigrams of Snowball stems
(English or French). The vocabulary of the field is kept: ICT, telecommunication, broadband
and cybersecurity are what an ITU-D text is about, and inverse document frequency already
weighs down a word every text holds. ``semantic`` is WordLlama's packaged static embeddings
(the ``[semantic]`` extra, 16 MB of weights inside the wheel, no download at run time).
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graph.errors import ItudAlignError

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "analyse",
    "element_texts",
    "shared_phrases",
    "terms",
    "text_scores",
    "text_similarity",
    "without_boilerplate",
]

METHODS = ("tfidf", "semantic")
DEFAULT_METHOD = "tfidf"  # the better measured precision on tests/quality/labels (README, "Suggestions")

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# compounds the ITU texts write as one word where the SDG texts write two
_EXPAND = {"cybersecurity": "cyber security", "cybersécurité": "cyber sécurité", "e-waste": "electronic waste"}
# plurals and derivations Snowball leaves apart
_IRREGULAR = {
    "children": "child",
    "women": "woman",
    "men": "man",
    "regulatory": "regulation",
    "enfants": "enfant",
    "réglementaire": "réglementation",
}
_FRENCH_STOP_TEXT = (
    "a au aux avec ce ces dans de des du elle en et eux il je la le les leur leurs lui ma mais me "
    "meme même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes "
    "toi ton tu un une vos votre vous d l j m n s t y été être est sont ainsi afin entre tous "
    "toutes tout toute notamment"
)
_LANGUAGES = {"en": "english", "fr": "french"}
# "The role of telecommunications/ICTs in ...", "new WTDC-22 resolution on": in every ITU-D title
_BOILERPLATE = re.compile(
    r"telecommunications?\s*/\s*(?:information and communication technolog(?:y|ies)|icts?)"
    r"|information and communication technolog(?:y|ies)|\bicts?\b|telecommunications?"
    r"|\bitu(?:-d)?(?:'s)?\b|development sector|\bsector\b|\bunion\b|\brole of\b"
    r"|new wtdc-\d+ resolution on|\bresolution\b",
    re.IGNORECASE,
)


@functools.cache
def _stop_words(lang: str) -> frozenset[str]:
    """General stop words only; scikit-learn is imported here, not with the module (a slow import)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) if lang == "en" else frozenset(_FRENCH_STOP_TEXT.split())


_PER_THREAD = threading.local()


def _stemmer(lang: str) -> Any:
    """This thread's stemmer for ``lang``: a Snowball stemmer keeps the word it works on in
    itself, so threads sharing one (the dashboard's callbacks under gunicorn) corrupt each other."""
    import snowballstemmer

    if lang not in _LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(_LANGUAGES)}")
    stemmers: dict[str, Any] = _PER_THREAD.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(_LANGUAGES[lang])
    return stemmers[lang]


def _words(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(surface word, stem) of each content word, in order; a title's are kept (bounded), as the
    same titles recur in every comparison."""
    return _short_words(text, lang) if len(text) <= 2_000 else _split(text, lang)


@functools.lru_cache(maxsize=8192)
def _short_words(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    return _split(text, lang)


def _split(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    stop = _stop_words(lang)
    words = []
    for raw in _TOKEN.findall(text.lower()):
        for word in _EXPAND.get(raw, raw).split():
            if len(word) > 1 and word not in stop:
                words.append((word, _stem(word, lang)))
    return tuple(words)


@functools.lru_cache(maxsize=65_536)
def _stem(word: str, lang: str) -> str:
    """The stem of one word, kept: a portfolio's texts repeat a few thousand words, and the
    pure-Python Snowball stemmer was most of the text rules' time at 1M triples (its result
    depends on the word alone, so the cache is shared by the threads; the stemmers are not)."""
    return str(_stemmer(lang).stemWord(_IRREGULAR.get(word, word)))


def terms(text: str, lang: str = "en") -> list[str]:
    """The stemmed content words of ``text``; the words of the field are kept.

    >>> terms("Child online protection for children and ICT affordability")
    ['child', 'onlin', 'protect', 'child', 'ict', 'afford']
    >>> terms("Protection des enfants en ligne", "fr")
    ['protect', 'enfant', 'lign']
    """
    return [stem for _, stem in _words(text, lang)]


def analyse(text: str, lang: str = "en") -> list[str]:
    """The features TF-IDF counts: each stem, and each pair of neighbouring stems.

    >>> analyse("Affordable broadband access")
    ['afford', 'broadband', 'access', 'afford broadband', 'broadband access']
    """
    stems = terms(text, lang)
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]


@functools.lru_cache(maxsize=4096)
def _analysed_short(text: str, lang: str) -> tuple[str, ...]:
    return tuple(analyse(text, lang))


@functools.lru_cache(maxsize=32)
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
    """``TfidfVectorizer(sublinear_tf=True)`` fitted on ``[*left, *right]`` and the cosines of
    left against right, with each distinct text counted and scored once: at 1M triples the
    element texts repeat (10,000 texts, 3,400 distinct). Repeats still weigh in the inverse
    document frequency, so every score is the one the plain fit on all the texts gives."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    texts = [*left, *right]
    # first-seen order: the same vocabulary, in the same order, as counting every text
    position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
    rows = np.fromiter((position[t] for t in texts), dtype=np.intp, count=len(texts))
    counter = CountVectorizer(analyzer=lambda t: _analysed(t, lang), dtype=np.float64)
    try:
        counts = counter.fit_transform(list(position))
    except ValueError:  # no word at all on either side
        return np.zeros((len(left), len(right)))
    weights = TfidfTransformer(sublinear_tf=True).fit(counts[rows]).transform(counts)
    mine, theirs = np.unique(rows[: len(left)], return_inverse=True), np.unique(rows[len(left) :], return_inverse=True)
    scores = (weights[mine[0]] @ weights[theirs[0]].T).toarray()
    return scores[np.ix_(mine[1], theirs[1])]


@functools.lru_cache(maxsize=1)
def _embedder() -> Any:
    try:
        import wordllama
    except ImportError as err:
        raise ItudAlignError(
            "the semantic backend needs the 'wordllama' package (its weights ship inside it). "
            "Fix: pip install -e '.[semantic]'"
        ) from err
    # the wheel holds the weights and the tokenizer; pointing the cache at the package finds both
    # and the load never reaches for the network
    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def _semantic_scores(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    model = _embedder()
    a = np.asarray(model.embed(list(left), norm=True))
    b = np.asarray(model.embed(list(right), norm=True))
    return np.clip(a @ b.T, 0.0, 1.0)


def text_scores(
    left: Sequence[str], right: Sequence[str], method: str = DEFAULT_METHOD, lang: str = "en"
) -> np.ndarray:
    """Return the ``len(left) x len(right)`` matrix of similarity scores in 0..1.

    ``lang`` picks the stop words and the stemmer of ``tfidf``; the embeddings are English.
    Raises ValueError for an unknown method, ItudAlignError when the semantic package is missing.

    >>> text_scores(["Child online protection"], ["Protect children online", "Clean water"]).round(2)
    array([[0.7, 0. ]])
    """
    if method not in METHODS:
        raise ValueError(f"unknown similarity method {method!r}; use one of {', '.join(METHODS)}")
    if not left or not right:
        return np.zeros((len(left), len(right)))
    if method == "semantic":
        return _semantic_scores(left, right)
    return np.clip(_tfidf_scores(left, right, lang), 0.0, 1.0)


def text_similarity(left: list[str], right: list[str]) -> np.ndarray:
    """:func:`text_scores` with its defaults (TF-IDF, English), the name the rules and gaps call.

    >>> text_similarity(["broadband access"], ["access to broadband", "clean water"]).round(2)
    array([[0.54, 0.  ]])
    """
    return text_scores(left, right)


def shared_phrases(text: str, other: str, lang: str = "en") -> list[str]:
    """The runs of words of ``text`` whose stems ``other`` also holds, longest first.

    >>> shared_phrases("Child online protection", "protect children from online abuse")
    ['child online protection']
    >>> shared_phrases("Affordable broadband", "affordability of the Internet")
    ['affordable']
    """
    theirs = set(terms(other, lang))
    phrases: list[str] = []
    run: list[str] = []
    for word, stem in (*_words(text, lang), ("", "")):
        if stem and stem in theirs:
            run.append(word)
            continue
        if run and " ".join(run) not in phrases:
            phrases.append(" ".join(run))
        run = []
    return sorted(phrases, key=lambda p: (-len(p.split()), phrases.index(p)))


def without_boilerplate(text: str) -> str:
    """``text`` less the words every ITU-D title holds.

    >>> without_boilerplate("The role of telecommunications/ICTs in child online protection").split()
    ['The', 'in', 'child', 'online', 'protection']
    """
    return _BOILERPLATE.sub(" ", text)


def element_texts(
    elements: pd.DataFrame, kinds: Iterable[str] | None = None, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The elements of ``kinds`` that have a text; ``text`` is the title and objective (or the
    English title alone), followed by the titles of the priorities the element is filed under
    when ``links`` are given. Elements without any text are left out: they cannot be judged."""
    frame = elements if kinds is None else elements[elements["kind"].isin(list(kinds))]
    frame = frame.copy()
    own = frame["text"].where(frame["text"].notna() & (frame["text"].astype(str).str.strip() != ""), frame["label_en"])
    frame["text"] = own.fillna("").astype(str).str.strip()
    frame = frame[frame["text"] != ""]
    if links is not None and not frame.empty:
        titles = dict(zip(elements["element"], elements["label_en"], strict=True))
        filed = links[links["predicate"] == "implementsPriority"]
        parents: dict[str, list[str]] = {}
        for element, priority in zip(filed["element"], filed["object"], strict=True):
            title = titles.get(priority)
            if isinstance(title, str) and title and title not in parents.setdefault(element, []):
                parents[element].append(title)
        frame["text"] = [
            ". ".join([t, *parents.get(e, [])]) for e, t in zip(frame["element"], frame["text"], strict=True)
        ]
    return frame.reset_index(drop=True)
