"""Element -> SDG target scores, weak declared links, the review queue and the SSSOM writer.

Scores come from :mod:`graph.analysis.text` (``tfidf`` by default, ``semantic`` with the extra);
the suggestions themselves are :mod:`graph.analysis.suggestions`. Element texts are compared with
the UN English target titles, and, where the element has a French title, its French title with
the French target titles; a pair keeps its best score. Suggestions leave as an SSSOM mapping set
with status ``suggested`` (:func:`suggestions_to_sssom`), which the build loads into its own named
graph, apart from declared and curated links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from graph.analysis.frames import ELEMENT_KINDS, Frames, declared_links
from graph.analysis.text import element_texts, text_scores
from graph.namespaces import BASE, SEMAPV, compact
from graph.sssom import COLUMNS, format_row, header_lines

__all__ = [
    "DEFAULT_KINDS",
    "curie",
    "declared_target_links",
    "review_queue",
    "suggestions_to_sssom",
    "target_scores",
    "text_value",
    "weak_declared_links",
]

DEFAULT_KINDS = tuple(ELEMENT_KINDS.values())
# the mapping_justification each method's suggestions carry
METHOD_JUSTIFICATIONS = {
    "tfidf": str(SEMAPV.LexicalSimilarityThresholdMatching),
    "semantic": str(SEMAPV.SemanticSimilarityThresholdMatching),
}


def target_scores(frames: Frames, method: str = "tfidf", kinds: Sequence[str] | None = DEFAULT_KINDS) -> pd.DataFrame:
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
        fr = text_scores(
            list(elements.loc[has_fr, "label_fr"].astype(str)),
            list(targets["label_fr"].fillna("").astype(str)),
            method,
            "fr",
        )
        better = fr > en[rows]
        for i, row in enumerate(rows):
            mask = better[i]
            best[row, mask] = fr[i, mask]
            language[row, mask] = "fr"
            element_text[row, mask] = elements.at[row, "label_fr"]
            target_text[row, mask] = targets.loc[mask, "label_fr"].astype(str).to_numpy()
    n_el, n_tg = best.shape
    return pd.DataFrame(
        {
            "element": np.repeat(elements["element"].to_numpy(), n_tg),
            "target": np.tile(targets["target"].to_numpy(), n_el),
            "score": best.ravel().round(4),
            "language": language.ravel(),
            "element_text": element_text.ravel(),
            "target_text": target_text.ravel(),
        }
    )


def declared_target_links(frames: Frames) -> pd.DataFrame:
    """Declared (not suggested) ``contributesTo`` links from an element to an SDG target."""
    links = declared_links(frames)
    mask = (links["predicate"] == "contributesTo") & (links["object_kind"] == "target")
    return links[mask].rename(columns={"object": "target"}).reset_index(drop=True)


def weak_declared_links(frames: Frames, threshold: float = 0.05, method: str = "tfidf") -> pd.DataFrame:
    """Declared element -> target links whose texts share almost nothing (score below ``threshold``).

    Returns: element, target, score, method, element_text, target_text, status, justification,
    confidence, graph, comment; weakest first. Elements without a text are not judged.
    """
    declared = declared_target_links(frames)
    scores = target_scores(frames, method, kinds=None)
    weak = declared.merge(scores, on=["element", "target"], how="inner")
    weak = weak[weak["score"] < threshold].assign(method=method)
    columns = [
        "element",
        "target",
        "score",
        "method",
        "element_text",
        "target_text",
        "status",
        "justification",
        "confidence",
        "graph",
        "comment",
    ]
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
    only_a = both[both["_merge"] == "left_only"].assign(proposed_by=a_name, not_by=b_name, score=lambda f: f["score_a"])
    only_b = both[both["_merge"] == "right_only"].assign(
        proposed_by=b_name, not_by=a_name, score=lambda f: f["score_b"]
    )
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


def suggestions_to_sssom(suggestions: pd.DataFrame, stem: str, mapping_date: str, snapshot: str | None = None) -> str:
    """Write suggestions as an SSSOM TSV mapping set with status ``suggested``.

    ``stem`` names the set (its file is ``<stem>.sssom.tsv``; put in data/mappings/ it lands in
    the named graph ``graph/mappings/<stem>``); ``confidence`` is the similarity score.
    """
    methods = sorted(set(suggestions["method"])) or ["tfidf"]
    meta = {
        "mapping_set_id": f"{BASE}mappings/{stem}",
        "mapping_set_title": f"Suggested links by text similarity ({', '.join(methods)})",
        "mapping_set_description": "Written by itud-align suggest: element -> SDG target and action line pairs "
        "whose texts are alike. Suggestions for review, not declared or curated links.",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "mapping_date": mapping_date,
    }
    source = "itud-align suggest" + (f" on snapshot {snapshot}" if snapshot else "")
    rows = []
    if "elements" in suggestions:  # one row per distinct text: one mapping per element it applies to
        suggestions = suggestions.drop(columns="element").explode("elements").rename(columns={"elements": "element"})
    ordered = suggestions.sort_values(["element", "target", "method"])
    for r in ordered.itertuples(index=False):
        predicate = "itud:supportsActionLine" if getattr(r, "object_kind", "target") == "line" else "itud:contributesTo"
        score = min(max(float(r.score), 0.0), 1.0)
        rows.append(
            format_row(
                {
                    "subject_id": curie(r.element),
                    "subject_label": _clean(r.element_text),
                    "predicate_id": predicate,
                    "object_id": curie(r.target),
                    "object_label": _clean(r.target_text),
                    "mapping_justification": curie(METHOD_JUSTIFICATIONS[r.method]),
                    "confidence": score,
                    "author_id": f"agent:itud-align-{r.method}",
                    "mapping_date": mapping_date,
                    "comment": f"{r.method} similarity {score:.2f} ({getattr(r, 'language', 'en')}) between the "
                    "element's text and the target's title; not reviewed",
                    "status": "suggested",
                    "source": source,
                }
            )
        )
    header = [*header_lines(meta), "\t".join(COLUMNS)]
    return "\n".join(header + rows) + "\n"
