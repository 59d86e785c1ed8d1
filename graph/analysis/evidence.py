"""Evidence plumbing of the misalignment rules: the lookups every rule needs (:class:`Context`),
and the evidence rows that name a link triple or a plain fact so that a SPARQL ``ASK``
confirms each one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd

from graph.analysis.coverage import direct_target_links
from graph.analysis.frames import Frames, declared_links
from graph.namespaces import ITUD

__all__ = ["Context", "Link", "class_of", "fact", "graph_name"]

_PREDICATE_CURIE = {
    "contributesTo": "itud:contributesTo",
    "supportsActionLine": "itud:supportsActionLine",
    "implementsPriority": "itud:implementsPriority",
    "refersTo": "itud:refersTo",
}


class _EvidenceRows:
    """Alignment IRI -> evidence dict of a link of ``frames.links``, built when asked for (a few
    thousand of 60,000 links at 1M triples end up in findings)."""

    def __init__(self, links: pd.DataFrame) -> None:
        self._columns = [
            links[c].tolist()
            for c in (
                "element",
                "predicate",
                "object",
                "status",
                "source",
                "graph",
                "reviewer",
                "reviewed",
                "alignment",
            )
        ]
        self._row = dict(zip(self._columns[-1], range(len(links)), strict=True))

    def __getitem__(self, alignment: str) -> dict:
        element, predicate, obj, status, source, graph, reviewer, reviewed, _ = (
            c[self._row[alignment]] for c in self._columns
        )
        return {
            "subject": element,
            "predicate": _PREDICATE_CURIE.get(predicate, predicate),
            "object": obj,
            "status": status,
            "source": source,
            "graph": graph,
            "alignment": alignment,
            "reviewer": _present(reviewer),
            "reviewed": _present(reviewed),
        }


def _present(value: object) -> str | None:
    """A reviewer or review date as text, None where no one has decided (NaN, None, "")."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value == "" else str(value)


def fact(subject: str, predicate: str, obj: str) -> dict:
    """Evidence for a plain fact about an element (its class, its cycle), not a link."""
    return {
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "status": None,
        "source": None,
        "graph": None,
        "alignment": None,
        "reviewer": None,
        "reviewed": None,
    }


class Link(NamedTuple):
    """One declared link of an element: its object, the object's kind, its alignment node."""

    object: str
    kind: str
    alignment: str


class Context:
    """Lookups every rule needs, computed once."""

    def __init__(self, frames: Frames, scope: set[str] | None) -> None:
        self.frames = frames
        self.scope = scope
        self.links = declared_links(frames)
        el = frames.elements
        self.kind = dict(zip(el["element"], el["kind"], strict=True))
        self.label = {r.element: _label(r) for r in el.itertuples(index=False)}
        self.cycle = dict(zip(el["element"], el["cycle"], strict=True))
        self.goal_of = dict(zip(frames.targets["target"], frames.targets["goal"], strict=True))
        self.target_code = dict(zip(frames.targets["target"], frames.targets["notation"], strict=True))
        self.goal_code = dict(zip(frames.goals["goal"], frames.goals["notation"], strict=True))
        self.line_code = dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True))
        self.direct = direct_target_links(frames)
        # plain lists in the links' order, not a frame sliced per element (tests/benchmarks/README.md),
        # indexed one predicate at a time when a rule first asks: at 1M triples no rule asks for
        # half of the 60,000 links
        self._by: dict[str, dict[str, list[Link]]] = {}
        self._direct_by: dict[str, list[Link]] | None = None
        self._evidence = _EvidenceRows(self.links)

    def evidence(self, links: Iterable[Link]) -> list[dict]:
        """Evidence dicts for some links (of :meth:`of` or :meth:`direct_of`)."""
        return self.evidence_for(link.alignment for link in links)

    def evidence_for(self, alignments: Iterable[str]) -> list[dict]:
        """Evidence dicts for some alignment nodes of the declared links."""
        return [self._evidence[a] for a in alignments]

    def in_scope(self, target: str) -> bool:
        return self.scope is None or target in self.scope

    def of(self, element: str, predicate: str, object_kind: str | None = None) -> list[Link]:
        """The element's links with ``predicate`` (to objects of ``object_kind``), in link order."""
        if predicate not in self._by:
            these = self.links[self.links["predicate"] == predicate]
            columns = [these[c] for c in ("element", "object", "object_kind", "alignment")]
            self._by[predicate] = _grouped(zip(*columns, strict=True))
        links = self._by[predicate].get(element, [])
        return [link for link in links if link.kind == object_kind] if object_kind else links

    def direct_of(self, element: str) -> list[Link]:
        """The element's declared links to SDG targets (``object`` is the target), in link order."""
        if self._direct_by is None:
            targets = self.direct["target"]
            kinds = ["target"] * len(targets)
            columns = (self.direct["element"], targets, kinds, self.direct["alignment"])
            self._direct_by = _grouped(zip(*columns, strict=True))
        return self._direct_by.get(element, [])


def _grouped(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, list[Link]]:
    """Element -> its links, in the rows' order, from (element, object, kind, alignment) rows."""
    grouped: dict[str, list[Link]] = defaultdict(list)
    for element, obj, kind, alignment in rows:
        grouped[element].append(Link(obj, kind, alignment))
    return grouped


def _label(row: object) -> str:
    notation = getattr(row, "notation", "")
    label = getattr(row, "label_en", None) or getattr(row, "text", None) or ""
    period = getattr(row, "period", None)
    head = (
        f"{notation} ({period})" if period and getattr(row, "kind", "") in ("question", "initiative") else str(notation)
    )
    return f"{head}: {label}" if label else head


def class_of(kind: str) -> str:
    return str(
        {
            "question": ITUD.StudyQuestion,
            "initiative": ITUD.RegionalInitiative,
            "priority": ITUD.Priority,
            "resolution": ITUD.Resolution,
        }[kind]
    )


def graph_name(graph: str) -> str:
    return graph.rsplit("/graph/", 1)[-1]
