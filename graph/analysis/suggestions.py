"""Suggested links: element -> SDG target and element -> WSIS action line pairs that no one
declared and whose texts meet, ranked by score across all elements.

A title that recurs (the same regional initiative in three cycles) is one suggestion listing
every element it applies to. A pair some mapping set declares, or that a curator rejected
(status ``rejected``, or SSSOM's ``predicate_modifier`` ``Not``), never returns. A suggestion
needs a shared word that says what the element is about: words every development text holds
("countries", "developing", "capacity") do not carry a suggestion alone, and a target outside
the ITU-D scope that names no ICT needs a higher score. Two weak evidences agreeing count: a
target the WSIS-SDG Matrix pairs with an action line the text is on (declared or suggested), for
a rationale that shares a telling word with the text, is kept at a lower score, the rationale
shown in the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from graph.analysis.frames import Frames
from graph.analysis.scopes import ITU_D_TARGETS
from graph.analysis.similarity import DEFAULT_KINDS
from graph.analysis.text import DEFAULT_METHOD, analyse, element_texts, shared_phrases, terms, text_scores
from graph.analysis.text_rules import line_family

__all__ = [
    "COLUMNS",
    "CORROBORATED_FACTOR",
    "DEFAULT_THRESHOLDS",
    "LINE_SCOPES",
    "link_objects",
    "relevance",
    "suggest_links",
]

# sentence embeddings of any two ITU-D texts score higher than their TF-IDF vectors do
DEFAULT_THRESHOLDS = {"tfidf": 0.1, "semantic": 0.45}
COLUMNS = [
    "rank",
    "target",
    "object_kind",
    "code",
    "score",
    "method",
    "language",
    "element",
    "elements",
    "element_text",
    "target_text",
    "evidence",
    "already_declared",
]
# a target outside ITU-D's scope whose text names no ICT is kept only this far above the threshold
OFF_SCOPE_FACTOR = 0.5
# two weak evidences agreeing: a text on an action line's topic (declared, or suggested) meets a
# target the WSIS-SDG Matrix pairs with that line; the pair is kept from this share of the
# threshold (TF-IDF only: embeddings score any two texts high). Half let in 3 "no" of 7 new
# labelled pairs; 0.6 to 0.9 keep precision at 40 (README, "How far to trust the findings")
CORROBORATED_FACTOR = {"tfidf": 0.75, "semantic": 1.0}
# the scope of each action line in the Geneva Plan of Action (WSIS 2003, section C), in its words;
# an action line title alone ("Enabling environment") says too little to be matched
LINE_SCOPES = {
    "C1": "national e-strategies, ICT for development policy, public governance, multi-stakeholder partnerships",
    "C2": "information and communication infrastructure, broadband network infrastructure, connectivity, "
    "universal access and universal service, rural and remote areas, satellite, radio spectrum, "
    "Internet exchange points, emerging technologies",
    "C3": "public access to information, libraries, archives, multipurpose community access points, open access",
    "C4": "capacity building, ICT literacy, digital skills, education and training of ICT professionals",
    "C5": "building confidence and security in the use of ICTs, cybersecurity, trust, privacy and data "
    "protection, spam, cybercrime, child online protection, computer incident response",
    "C6": "enabling policy and regulation, regulatory framework, regulators, competition, investment, "
    "consumer protection, spectrum management, standards",
    "C7": "ICT applications and e-services",
    "C7.1": "e-government, digital public services",
    "C7.2": "e-business, e-commerce, small and medium-sized enterprises",
    "C7.3": "e-learning, education, schools",
    "C7.4": "e-health, health care, telemedicine",
    "C7.5": "e-employment, teleworking, jobs",
    "C7.6": "e-environment, climate change, e-waste, disaster prediction, emergency telecommunications, early warning",
    "C7.7": "e-agriculture, rural development, food",
    "C7.8": "e-science, research, scientific networks",
    "C8": "cultural diversity, linguistic diversity, local content, multilingualism, indigenous peoples",
    "C9": "media, broadcasting",
    "C10": "ethical dimensions of the information society, ethics",
    "C11": "international and regional cooperation, partnerships",
}
# stems every development text holds: a match on these alone says nothing about the subject
_GENERIC = frozenset(
    terms(
        "countries country developing developed least small island states landlocked national international "
        "global regional region increase increased ensure support promote promotion strengthen strengthening "
        "enhance enhancing capacity building build development sustainable including particular all level levels "
        "access means implementation improve new services service use management policies policy public "
        "areas area people programmes plan action special needs framework society role itu union sector "
        "empower empowerment enabling assistance addressing human institutional"
    )
)
# words and word pairs that make a target about ICT ("technology" alone is technology transfer,
# "mobile" alone the stem of resource mobilization)
_ICT_WORDS = frozenset(
    terms("ICT Internet broadband telecommunication digital")
    + [p for p in analyse("information and communications technology") if " " in p]
)
# the words every ITU-D title holds: they make a text about ICT, not about one target or line
_UBIQUITOUS = frozenset(
    terms(
        "ICT ICTs information communication communications technology technologies telecommunication telecommunications"
    )
)


def link_objects(frames: Frames) -> pd.DataFrame:
    """SDG targets and WSIS action lines with the texts they are matched on."""
    t = frames.targets[frames.targets["label_en"].notna()]
    # a target is matched on its title and the titles of its UN indicators (what is measured says
    # what the target means: 17.6.1 "Fixed Internet broadband subscriptions" is how 17.6 meets a
    # broadband text), and a target ITU-D answers for on the reason too (the field it names)
    en, fr = _indicator_titles(frames, "label_en"), _indicator_titles(frames, "label_fr")
    texts = [
        ". ".join(p for p in (label, *en.get(target, ()), ITU_D_TARGETS.get(code, "")) if p)
        for target, code, label in zip(t["target"], t["notation"], t["label_en"], strict=True)
    ]
    texts_fr = [
        ". ".join((label, *fr.get(target, ()))) if isinstance(label, str) and label else None
        for target, label in zip(t["target"], t["label_fr"], strict=True)
    ]
    targets = pd.DataFrame(
        {
            "target": t["target"],
            "object_kind": "target",
            "code": t["notation"],
            "label": t["label_en"].astype(str),
            "label_fr": t["label_fr"],
            "text": texts,
            "text_fr": texts_fr,
        }
    )
    ln = frames.action_lines
    # matched on its scope, which restates the title in the Plan's words: the title alone misleads
    # ("Enabling environment" is policy and regulation, not the natural environment)
    texts = [LINE_SCOPES.get(code) or label for code, label in zip(ln["notation"], ln["label_en"], strict=True)]
    lines = pd.DataFrame(
        {
            "target": ln["line"],
            "object_kind": "line",
            "code": ln["notation"],
            "label": ln["label_en"].astype(str),
            "label_fr": None,
            "text": texts,
            "text_fr": None,
        }
    )
    return pd.concat([targets, lines], ignore_index=True)


def _indicator_titles(frames: Frames, column: str) -> dict[str, list[str]]:
    """Target IRI -> the titles (in ``column``) of the indicators that measure it."""
    titles: dict[str, list[str]] = {}
    ind = frames.indicators
    for target, title in zip(ind["target"], ind[column], strict=True):
        if isinstance(title, str) and title.strip():
            titles.setdefault(target, []).append(title.strip())
    return titles


def relevance(objects: pd.DataFrame) -> np.ndarray:
    """Each object's weight: 1 for what an ICT work plausibly serves (action lines, ITU-D's targets,
    targets naming ICT), ``OFF_SCOPE_FACTOR`` for the others."""
    return np.array(
        [
            1.0
            if kind == "line" or code in ITU_D_TARGETS or bool(_ICT_WORDS & set(analyse(text)))
            else OFF_SCOPE_FACTOR
            for kind, code, text in zip(objects["object_kind"], objects["code"], objects["text"], strict=True)
        ]
    )


def _telling(evidence: list[str], language: str) -> bool:
    """Whether the shared phrases hold a word that says what the texts are about."""
    return bool(set(terms(" ".join(evidence), language)) - _GENERIC - _UBIQUITOUS)


def _matrix_rationales(frames: Frames, objects: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Target IRI -> {action line code: the Matrix's rationale for the pair}."""
    m = frames.matrix
    m = m[(m["level"] == "target") & m["object"].isin(set(objects["target"]))]
    said: dict[str, dict[str, str]] = {}
    for target, code, why in zip(m["object"], m["line_notation"], m["rationale"], strict=True):
        said.setdefault(target, {})[code] = " ".join(re.sub(r"<[^>]+>", " ", str(why or "")).split())
    return said


def _declared_lines(frames: Frames, members: list[list[str]]) -> list[set[str]]:
    """Per group of elements, the codes of the action lines its members declare they support."""
    links = frames.links
    links = links[(links["predicate"] == "supportsActionLine") & (links["status"].fillna("") != "suggested")]
    code_of = dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True))
    by_element: dict[str, set[str]] = {}
    for e, o in zip(links["element"], links["object"], strict=True):
        if o in code_of:
            by_element.setdefault(e, set()).add(code_of[o])
    return [set().union(*(by_element.get(e, set()) for e in group)) for group in members]


def _known(frames: Frames) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(declared pairs, rejected pairs) of every mapping set; suggested rows are neither."""
    links = frames.links
    status = links["status"].fillna("").astype(str)
    modifier = links["predicate_modifier"].fillna("").astype(str) if "predicate_modifier" in links else ""
    rejected = (status == "rejected") | (modifier == "Not")
    pairs = list(zip(links["element"], links["object"], strict=True))
    return (
        {p for p, r, s in zip(pairs, rejected, status, strict=True) if not r and s != "suggested"},
        {p for p, r in zip(pairs, rejected, strict=True) if r},
    )


def suggest_links(
    frames: Frames,
    threshold: float | None = None,
    top_k: int = 3,
    method: str = DEFAULT_METHOD,
    kinds: Sequence[str] | None = DEFAULT_KINDS,
    include_declared: bool = False,
) -> pd.DataFrame:
    """Suggest links from elements to SDG targets and WSIS action lines, best first.

    Elements with the same text are one row (``elements``, ``element`` the first of them); each
    row keeps at most ``top_k`` objects per text scoring at least ``threshold`` (default: the
    method's ``DEFAULT_THRESHOLDS``; ``CORROBORATED_FACTOR`` of it for a target the Matrix pairs
    with a line the text is on), and its ``evidence``: the phrases both texts hold (and, below the
    threshold, the Matrix's rationales that vouch for the pair).
    Rejected pairs never return; declared pairs only with ``include_declared`` (flagged
    ``already_declared``). Returns the columns of ``COLUMNS``.
    """
    threshold = DEFAULT_THRESHOLDS[method] if threshold is None else threshold
    elements = element_texts(frames.elements, kinds)
    objects = link_objects(frames)
    if elements.empty or objects.empty:
        return pd.DataFrame(columns=COLUMNS)
    groups = elements.groupby(elements["text"].str.casefold().str.strip(), sort=True)
    texts = [g["text"].iloc[0] for _, g in groups]
    members = [list(g["element"]) for _, g in groups]
    french = [next((f for f in g["label_fr"] if isinstance(f, str) and f.strip()), "") for _, g in groups]
    scores = text_scores(texts, list(objects["text"]), method)
    language = np.full(scores.shape, "en", dtype=object)
    has_fr = [i for i, f in enumerate(french) if f]
    fr_targets = objects["text_fr"].fillna("").astype(str).tolist()
    if method == "tfidf" and has_fr and any(fr_targets):
        fr = text_scores([french[i] for i in has_fr], fr_targets, method, "fr")
        better = fr > scores[has_fr]
        scores[has_fr] = np.where(better, fr, scores[has_fr])
        language[has_fr] = np.where(better, "fr", "en")
    scores = scores * relevance(objects)
    declared, rejected = _known(frames)
    family = line_family(frames)
    said = _matrix_rationales(frames, objects)
    on_lines = _declared_lines(frames, members)
    lines = [j for j, kind in enumerate(objects["object_kind"]) if kind == "line"]
    floor = threshold * CORROBORATED_FACTOR[method]

    def meet(i: int, j: int) -> tuple[str, str, list[str]]:
        """The language two texts are compared in, the element's text in it, their shared phrases."""
        lang = language[i, j]
        source, other = (
            (french[i], str(objects["text_fr"].iloc[j])) if lang == "fr" else (texts[i], objects["text"].iloc[j])
        )
        return lang, source, shared_phrases(source, other, lang)

    rows = []
    for i in range(len(texts)):
        # the lines the text is on the topic of: declared by a member, or suggested for the text
        topics = on_lines[i] | {
            objects["code"].iloc[j]
            for j in lines
            if scores[i, j] >= threshold and _telling(meet(i, j)[2], language[i, j])
        }
        kept = 0
        for j in np.argsort(-scores[i], kind="stable"):
            if scores[i, j] < floor or kept >= top_k:
                break
            obj = objects.iloc[j]
            # the Matrix vouches for the pair when it pairs the target with a line the text is on,
            # for a reason that speaks of what the text is about
            vouched = [
                f"WSIS-SDG Matrix, {c}: {why}"
                for c, why in said.get(obj["target"], {}).items()
                if c in topics and _telling(shared_phrases(texts[i], why), "en")
            ]
            if scores[i, j] < threshold and not vouched:
                continue
            lang, source, evidence = meet(i, j)
            if not _telling(evidence, lang):
                continue  # only words every development text, or every ICT text, holds
            if scores[i, j] < threshold:
                evidence = [*evidence, *vouched]
            near = family.get(obj["target"], {obj["target"]})
            open_ = [
                e
                for e in members[i]
                if (e, obj["target"]) not in rejected
                and (include_declared or not any((e, o) in declared for o in near))
            ]
            if not open_:
                continue
            kept += 1
            rows.append(
                {
                    "target": obj["target"],
                    "object_kind": obj["object_kind"],
                    "code": obj["code"],
                    "score": round(float(scores[i, j]), 4),
                    "method": method,
                    "language": lang,
                    "element": open_[0],
                    "elements": tuple(open_),
                    "element_text": source,
                    "target_text": obj["label"] if lang == "en" else obj["label_fr"],
                    "evidence": "; ".join(evidence),
                    "already_declared": any((e, obj["target"]) in declared for e in open_),
                }
            )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame(rows).sort_values(["score", "code", "element"], ascending=[False, True, True])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[COLUMNS].reset_index(drop=True)
