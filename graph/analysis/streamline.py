"""Resolutions streamlining: which Plenipotentiary Resolutions each WTDC Resolution repeats,
overlaps or merely refers to, and which WTDC Resolutions overlap each other.

Three kinds of evidence, kept apart in the result:

- declared: an ``itud:refersTo`` cross-reference (with its status, confidence, comment, source);
- text: the similarity of the two titles (or topic descriptions), by :mod:`text`;
- topic: the overlap of the SDG targets and WSIS action lines each Resolution declares a link
  to (its own declared links only: the targets nearest a title are no evidence of a topic).

The relation: "repeats" when a cross-reference joins two texts on the same subject (text score
at least ``refer_text``) or two titles are near-identical (at least ``repeat_text``); "refers"
when a cross-reference joins texts that share no subject word and no declared topic (a bare
citation is not an overlap); else "overlaps". A pair is a candidate when it is declared, or its text score reaches
``min_text``, or its topic score reaches ``min_topic`` and the two texts share a word.
``score = 1 - (1 - declared confidence) * (1 - text) * (1 - topic / 2)`` ranks the candidates of
each WTDC Resolution; a citation alone lends it no confidence.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from graph.analysis.frames import Frames, declared_links
from graph.analysis.sentences import STATUS_FR
from graph.analysis.similarity import text_value
from graph.analysis.text import element_texts, terms, text_scores, without_boilerplate

__all__ = ["EVIDENCE", "STREAMLINE_COLUMNS", "resolution_topics", "streamline"]

# a declared cross-reference as evidence, in English and French (the curator's comment is English)
EVIDENCE = (
    "declared refersTo ({status}, {confidence:.2f}): {comment} [source: {source}]",
    "renvoi déclaré ({status_fr}, {confidence:.2f}) : {comment} (en) [source : {source}]",
)

STREAMLINE_COLUMNS = [
    "pair",
    "wtdc",
    "wtdc_notation",
    "wtdc_title",
    "other",
    "other_notation",
    "other_title",
    "relation",
    "declared",
    "declared_status",
    "declared_confidence",
    "evidence",
    "evidence_fr",
    "text_score",
    "topic_score",
    "shared_topics",
    "score",
    "rank",
]
REFER_TEXT = 0.2  # a cross-reference between texts scoring under this is a bare citation


def resolution_topics(frames: Frames, resolutions: pd.DataFrame) -> dict[str, set[str]]:
    """Resolution -> its topics: the codes of the SDG targets and WSIS lines it declares links to."""
    codes = {
        **dict(zip(frames.targets["target"], frames.targets["notation"], strict=True)),
        **dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True)),
    }
    topics: dict[str, set[str]] = {e: set() for e in resolutions["element"]}
    links = declared_links(frames)
    linked = links[links["element"].isin(topics) & links["object_kind"].isin(["target", "line"])]
    for element, obj in zip(linked["element"], linked["object"], strict=True):
        if obj in codes:
            topics[element].add(str(codes[obj]))
    return topics


def _declared(frames: Frames) -> dict[tuple[str, str], dict[str, Any]]:
    links = declared_links(frames)
    refs = links[links["predicate"] == "refersTo"]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in refs.sort_values(["element", "object", "graph", "alignment"]).to_dict("records"):
        entry = out.setdefault(
            (r["element"], r["object"]), {"status": "", "confidence": 0.0, "evidence": [], "evidence_fr": []}
        )
        confidence = float(r["confidence"] or 0.0)
        if confidence > entry["confidence"] or (confidence == entry["confidence"] and r["status"] == "verified"):
            entry["confidence"], entry["status"] = confidence, text_value(r["status"])
        status = text_value(r["status"])
        values = {"status": status, "status_fr": STATUS_FR.get(status, status), "confidence": confidence}
        values |= {"comment": text_value(r["comment"]), "source": text_value(r["source"])}
        entry["evidence"].append(EVIDENCE[0].format(**values))
        entry["evidence_fr"].append(EVIDENCE[1].format(**values))
    return out


def _pairs(
    left: pd.DataFrame,
    right: pd.DataFrame,
    label: str,
    same_side: bool,
    declared: dict[tuple[str, str], dict[str, Any]],
    topics: dict[str, set[str]],
    method: str,
    thresholds: tuple[float, float, float, float],
) -> list[dict[str, Any]]:
    min_text, min_topic, repeat_text, refer_text = thresholds
    left_texts = [without_boilerplate(t) for t in left["text"]]
    right_texts = [without_boilerplate(t) for t in right["text"]]
    scores = text_scores(left_texts, right_texts, method)
    left_words = [set(terms(t)) for t in left_texts]
    right_words = [set(terms(t)) for t in right_texts]
    rows: list[dict[str, Any]] = []
    right_rows = right.to_dict("records")
    for i, a in enumerate(left.to_dict("records")):
        for j, b in enumerate(right_rows):
            if same_side and j <= i:
                continue
            decl = declared.get((a["element"], b["element"])) or declared.get((b["element"], a["element"]))
            text = float(scores[i, j])
            ta, tb = topics[a["element"]], topics[b["element"]]
            topic = len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0
            if decl is None and text < min_text and not (topic >= min_topic and text > 0):
                continue
            subject = bool(ta & tb) or bool(left_words[i] & right_words[j])
            relation = _relation(decl is not None, text, subject, repeat_text, refer_text)
            confidence = decl["confidence"] if decl and relation != "refers" else 0.0
            rows.append(
                {
                    "pair": label,
                    "wtdc": a["element"],
                    "wtdc_notation": a["notation"],
                    "wtdc_title": a["text"],
                    "other": b["element"],
                    "other_notation": b["notation"],
                    "other_title": b["text"],
                    "relation": relation,
                    "declared": decl is not None,
                    "declared_status": decl["status"] if decl else "",
                    "declared_confidence": decl["confidence"] if decl else 0.0,
                    "evidence": " | ".join(decl["evidence"]) if decl else "",
                    "evidence_fr": " | ".join(decl["evidence_fr"]) if decl else "",
                    "text_score": round(text, 4),
                    "topic_score": round(topic, 4),
                    "shared_topics": "; ".join(sorted(ta & tb)),
                    "score": round(1 - (1 - confidence) * (1 - min(text, 1.0)) * (1 - topic / 2), 4),
                }
            )
    return rows


def _relation(declared: bool, text: float, subject: bool, repeat_text: float, refer_text: float) -> str:
    """repeats, overlaps or refers (see the module's docstring); ``subject``: the two share a
    subject word or a declared topic."""
    if text >= repeat_text or (declared and text >= refer_text):
        return "repeats"
    return "overlaps" if subject or not declared else "refers"


def streamline(
    frames: Frames,
    min_text: float = 0.25,
    min_topic: float = 1.0,
    repeat_text: float = 0.6,
    method: str = "tfidf",
    include_wtdc_pairs: bool = True,
    refer_text: float = REFER_TEXT,
) -> pd.DataFrame:
    """For each WTDC Resolution, the PP Resolutions (and other WTDC Resolutions) it may repeat.

    Returns the columns of ``STREAMLINE_COLUMNS``: ``pair`` is "WTDC-PP" or "WTDC-WTDC", ``rank``
    orders the candidates of each WTDC Resolution within its kind of pair (1 = strongest).
    """
    resolutions = element_texts(frames.elements, ["resolution"])
    body = resolutions["family"]
    wtdc = resolutions[body == "WTDC"].reset_index(drop=True)
    pp = resolutions[body == "PP"].reset_index(drop=True)
    declared = _declared(frames)
    topics = resolution_topics(frames, resolutions)
    thresholds = (min_text, min_topic, repeat_text, refer_text)
    rows = _pairs(wtdc, pp, "WTDC-PP", False, declared, topics, method, thresholds)
    if include_wtdc_pairs:
        rows += _pairs(wtdc, wtdc, "WTDC-WTDC", True, declared, topics, method, thresholds)
    frame = pd.DataFrame(rows, columns=STREAMLINE_COLUMNS)
    frame = frame.sort_values(["pair", "wtdc", "score", "other"], ascending=[True, True, False, True])
    frame["rank"] = frame.groupby(["pair", "wtdc"]).cumcount() + 1
    return frame.sort_values(["pair", "score", "wtdc", "rank"], ascending=[True, False, True, True]).reset_index(
        drop=True
    )
