"""The frames every analysis starts from, read from the store through the named queries.

SPARQL is the one door between store and analysis: :func:`load_frames` runs the
queries in ``graph/queries/*.rq`` with :meth:`Store.select` and tidies the rows into
pandas frames (short names for kinds, predicates and justifications; one row per
element). Everything downstream is a pure function of a :class:`Frames`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from graph.errors import ItudAlignError, QueryError
from graph.namespaces import ITUD, JUSTIFICATIONS, SDGO, SPARQL_PREFIXES, STATUSES
from graph.stores import Store

__all__ = [
    "ELEMENT_KINDS",
    "Frames",
    "declared_links",
    "element_index",
    "load_frames",
    "query_names",
    "read_query",
    "resolve_element",
    "resolve_target",
    "short_id",
]

ELEMENT_KINDS: dict[str, str] = {
    str(ITUD.StudyQuestion): "question",
    str(ITUD.RegionalInitiative): "initiative",
    str(ITUD.Priority): "priority",
    str(ITUD.Resolution): "resolution",
}
PREDICATES: dict[str, str] = {
    str(ITUD.contributesTo): "contributesTo",
    str(ITUD.supportsActionLine): "supportsActionLine",
    str(ITUD.implementsPriority): "implementsPriority",
    str(ITUD.refersTo): "refersTo",
}
# the order in which evidence counts as stronger
STATUS_RANK: dict[str, int] = {status: len(STATUSES) - i for i, status in enumerate(STATUSES)}

ELEMENT_COLUMNS = [
    "element",
    "kind",
    "notation",
    "label_en",
    "label_fr",
    "status",
    "period",
    "cycle",
    "region",
    "study_group",
    "family",
    "text",
    "unlinked_reason",
]
LINK_COLUMNS = [
    "element",
    "predicate",
    "object",
    "object_kind",
    "status",
    "justification",
    "confidence",
    "source",
    "graph",
    "alignment",
    "comment",
    "author",
    "date",
    "reviewer",
    "reviewed",
]
TARGET_COLUMNS = ["target", "goal", "notation", "goal_notation", "label_en", "label_fr"]
INDICATOR_COLUMNS = ["indicator", "target", "notation", "label_en", "label_fr"]
GOAL_COLUMNS = ["goal", "notation", "label_en", "label_fr", "short_en", "short_fr"]
LINE_COLUMNS = ["line", "notation", "label_en", "label_fr", "is_itu_lead", "parent"]
MATRIX_COLUMNS = [
    "line",
    "line_notation",
    "object",
    "level",
    "rationale",
    "alignment",
    "graph",
    "status",
    "justification",
    "confidence",
    "source",
]
REGION_COLUMNS = ["region", "notation", "label_en", "label_fr"]
CYCLE_COLUMNS = ["cycle", "notation", "period", "label_en"]
REJECTED_COLUMNS = ["element", "predicate", "object", "reviewer", "reviewed", "graph", "alignment"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass(frozen=True, eq=False)
class Frames:
    """The tidy frames of one store: elements, their links, SDG and WSIS reference lists, the Matrix.

    ``elements``: element, kind (question, initiative, priority, resolution), notation,
    label_en, label_fr, status, period, cycle, region, study_group, family, text,
    unlinked_reason (the curators' written reason why it has no SDG or WSIS link).
    ``links``: element, predicate (contributesTo, supportsActionLine, implementsPriority,
    refersTo), object, object_kind (target, goal, line, priority, resolution), status,
    justification (official document, manual curation, lexical similarity, semantic
    similarity, chaining), confidence, source, graph, alignment, comment, author, date, reviewer and
    reviewed (who decided on it in a review, and when; empty until then).
    ``matrix``: the WSIS-SDG Matrix, one row per line and target (level "target") or
    goal (level "goal").
    ``indicators``: the UN SDG indicators, one row per indicator and target it measures
    (indicator, target, notation, label_en, label_fr).
    ``rejected``: the links reviewers rejected (element, predicate, object, reviewer, reviewed,
    graph, alignment); they are in no other frame.

    Frames compare and hash by identity (their tables are not comparable values).
    """

    elements: pd.DataFrame
    links: pd.DataFrame
    targets: pd.DataFrame
    goals: pd.DataFrame
    action_lines: pd.DataFrame
    matrix: pd.DataFrame
    snapshot: str | None = None
    regions: pd.DataFrame = field(default_factory=lambda: _empty(REGION_COLUMNS))
    cycles: pd.DataFrame = field(default_factory=lambda: _empty(CYCLE_COLUMNS))
    rejected: pd.DataFrame = field(default_factory=lambda: _empty(REJECTED_COLUMNS))
    indicators: pd.DataFrame = field(default_factory=lambda: _empty(INDICATOR_COLUMNS))


def query_names() -> list[str]:
    """The names of every packaged query (``graph/queries/<name>.rq``)."""
    folder = Path(str(resources.files("graph") / "queries"))
    return sorted(p.stem for p in folder.glob("*.rq"))


def read_query(name: str) -> str:
    """Return the text of ``graph/queries/<name>.rq``."""
    path = Path(str(resources.files("graph") / "queries" / f"{name}.rq"))
    if not path.is_file():
        raise QueryError(f"no query named {name!r} in graph/queries (have: {', '.join(query_names())})")
    return path.read_text(encoding="utf-8")


def _select(store: Store, name: str, columns: list[str]) -> pd.DataFrame:
    frame = store.select(read_query(name))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise QueryError(f"query {name}.rq returned no column {', '.join(missing)}")
    return frame


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _texts(raw: pd.DataFrame) -> list[str]:
    """Each element's title, scope note and objective, joined: the text the similarity rules read."""
    columns = [raw[c] if c in raw else [None] * len(raw) for c in ("label_en", "scope_note", "objective")]
    return [" ".join(str(p) for p in parts if _none(p)) for parts in zip(*columns, strict=True)]


def _elements(store: Store) -> pd.DataFrame:
    raw = _select(store, "elements", ["element", "class", "notation"])
    if raw.empty:
        return _empty(ELEMENT_COLUMNS)
    raw = raw.sort_values(["element", "cycle"], na_position="first", kind="stable")
    # a Resolution revised at several conferences carries several cycles: keep the latest
    raw = raw.drop_duplicates("element", keep="last").copy()
    raw["kind"] = raw["class"].map(ELEMENT_KINDS)
    raw["text"] = _texts(raw)
    frame = raw[ELEMENT_COLUMNS].reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def _object_kinds(
    store_targets: pd.DataFrame, goals: pd.DataFrame, lines: pd.DataFrame, elements: pd.DataFrame
) -> dict[str, str]:
    kinds = {t: "target" for t in store_targets["target"]}
    kinds.update({g: "goal" for g in goals["goal"]})
    kinds.update({ln: "line" for ln in lines["line"]})
    kinds.update(dict(zip(elements["element"], elements["kind"], strict=True)))
    return kinds


def _links(store: Store, kinds: dict[str, str]) -> pd.DataFrame:
    raw = _select(store, "element_links", ["element", "predicate", "object", "graph", "alignment"])
    if raw.empty:
        return _empty(LINK_COLUMNS)
    # the query leaves the order to us: by element, predicate, object, graph, alignment, one row an alignment
    raw = raw.sort_values(["element", "predicate", "object", "graph", "alignment"], kind="stable")
    raw = raw.drop_duplicates("alignment").copy()
    raw["predicate"] = raw["predicate"].map(lambda p: PREDICATES.get(p, p))
    raw["justification"] = raw["justification"].map(lambda j: JUSTIFICATIONS.get(j, j))
    raw["object_kind"] = raw["object"].map(lambda o: kinds.get(o, "other"))
    raw["confidence"] = raw["confidence"].map(lambda c: float(c) if _none(c) is not None else None)
    frame = raw[LINK_COLUMNS].reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def _first_per(frame: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    frame = frame.drop_duplicates(key).reset_index(drop=True)[columns]
    return frame.astype(object).where(frame.notna(), None)


def _matrix(store: Store) -> pd.DataFrame:
    raw = _select(store, "wsis_sdg_matrix", ["line", "line_notation", "object", "object_class"])
    if raw.empty:
        return _empty(MATRIX_COLUMNS)
    raw = raw.drop_duplicates("alignment").copy()
    raw["level"] = raw["object_class"].map({str(SDGO.Target): "target", str(SDGO.Goal): "goal"})
    raw["justification"] = raw["justification"].map(lambda j: JUSTIFICATIONS.get(j, j))
    raw["confidence"] = raw["confidence"].map(lambda c: float(c) if _none(c) is not None else None)
    frame = raw[MATRIX_COLUMNS].reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def load_frames(store: Store) -> Frames:
    """Read every frame of the analysis from ``store`` through the named queries.

    Examples
    --------
    >>> from graph.stores import OxigraphStore
    >>> frames = load_frames(OxigraphStore.from_quads([]))
    >>> list(frames.elements.columns)[:3], len(frames.links)
    (['element', 'kind', 'notation'], 0)
    """
    targets = _first_per(_select(store, "sdg_targets", TARGET_COLUMNS), "target", TARGET_COLUMNS)
    goals = _first_per(_select(store, "sdg_goals", GOAL_COLUMNS), "goal", GOAL_COLUMNS)
    lines = _first_per(_select(store, "wsis_action_lines", LINE_COLUMNS), "line", LINE_COLUMNS)
    lines["is_itu_lead"] = lines["is_itu_lead"].map(lambda v: v is True)
    elements = _elements(store)
    links = _links(store, _object_kinds(targets, goals, lines, elements))
    snapshot = _select(store, "snapshot", ["snapshot"])
    return Frames(
        elements=elements,
        links=links,
        targets=targets,
        goals=goals,
        action_lines=lines,
        matrix=_matrix(store),
        snapshot=str(snapshot["snapshot"].iloc[0]) if len(snapshot) else None,
        regions=_first_per(_select(store, "regions", REGION_COLUMNS), "region", REGION_COLUMNS),
        cycles=_first_per(_select(store, "cycles", CYCLE_COLUMNS), "cycle", CYCLE_COLUMNS),
        rejected=_rejected(store),
        indicators=_indicators(store),
    )


def _indicators(store: Store) -> pd.DataFrame:
    raw = _select(store, "sdg_indicators", INDICATOR_COLUMNS)
    if raw.empty:
        return _empty(INDICATOR_COLUMNS)
    # the KOS gives some indicators two near-identical titles in a language: keep one, the same each time
    frame = raw[INDICATOR_COLUMNS].sort_values(["target", "notation", "indicator", "label_en", "label_fr"])
    frame = frame.drop_duplicates(["indicator", "target"]).reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def _rejected(store: Store) -> pd.DataFrame:
    raw = _select(store, "rejected_links", REJECTED_COLUMNS)
    if raw.empty:
        return _empty(REJECTED_COLUMNS)
    raw = raw.drop_duplicates("alignment").copy()
    raw["predicate"] = raw["predicate"].map(lambda p: PREDICATES.get(p, p))
    frame = raw[REJECTED_COLUMNS].sort_values(["element", "predicate", "object"]).reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def declared_links(frames: Frames) -> pd.DataFrame:
    """The links someone declared or curated: every link but the ``suggested`` ones."""
    links = frames.links
    return links[links["status"] != "suggested"]


def element_index(frames: Frames) -> dict[str, pd.Series]:
    """Element IRI -> its row of ``frames.elements``."""
    return {row["element"]: row for _, row in frames.elements.iterrows()}


_ID_BASE = SPARQL_PREFIXES["id"]


@lru_cache(maxsize=1 << 17)
def short_id(iri: str) -> str:
    """The id an element is known by on the command line: its IRI after ``id/<kind>/``.

    >>> short_id(str(ITUD.Priority)) == str(ITUD.Priority)
    True
    """
    if iri.startswith(_ID_BASE):
        return iri[len(_ID_BASE) :].split("/", 1)[-1]
    return iri


def resolve_element(frames: Frames, ref: str) -> str:
    """Return the IRI of the element ``ref`` names: its IRI, its id ("2022-2025/Q3-2",
    "2022-2025/Q3/2", "KAP-P1") or, when unambiguous, its notation ("Q3/2", "AFR1")."""
    el = frames.elements
    ref = ref.strip()
    if ref in set(el["element"]):
        return ref
    ids = {short_id(e): e for e in el["element"]}
    for candidate in (ref, _question_id(ref)):
        if candidate in ids:
            return ids[candidate]
    matches = list(el.loc[el["notation"] == ref, "element"])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ItudAlignError(
            f"{ref!r} names {len(matches)} elements ({', '.join(short_id(m) for m in matches)})",
            fix="give one of these ids",
        )
    raise ItudAlignError(
        f"no element {ref!r}",
        fix="give an element id such as 2022-2025/Q3-2, 2023-2025/AFR1, KAP-P1 or WTDC-37, or its full IRI",
    )


def _question_id(ref: str) -> str:
    # "2022-2025/Q3/2" -> "2022-2025/Q3-2"
    period, _, rest = ref.partition("/Q")
    return f"{period}/Q{rest.replace('/', '-')}" if rest else ref


def resolve_target(frames: Frames, ref: str) -> str:
    """Return the IRI of the SDG target ``ref`` names: its code ("9.c") or its IRI."""
    t = frames.targets
    ref = ref.strip()
    if ref in set(t["target"]):
        return ref
    matches = list(t.loc[t["notation"] == ref, "target"])
    if matches:
        return matches[0]
    raise ItudAlignError(f"no SDG target {ref!r}", fix="give a target code such as 9.c or 17.8")
