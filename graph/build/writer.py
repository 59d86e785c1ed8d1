"""What every framework builder shares: the dataset, the quad writer and row helpers.

The writer keeps one list of quads and hands out one writer per named graph, so each
framework module writes into its own graph without knowing about the others.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox

from graph.errors import DataError
from graph.load import normalise_status
from graph.namespaces import ITUD, RDF, SKOS, graph_iri, mint

__all__ = ["Dataset", "GraphWriter", "Writer", "cycle_of", "lit", "node", "records"]


@dataclass
class Dataset:
    """The built dataset: its quads and what the summary reports."""

    quads: list[ox.Quad]
    elements: Counter = field(default_factory=Counter)
    links_by_justification: Counter = field(default_factory=Counter)
    links_by_status: Counter = field(default_factory=Counter)
    elements_by_status: Counter = field(default_factory=Counter)


@functools.cache
def node(iri: str) -> ox.NamedNode:
    """The pyoxigraph node of an IRI; cached, since the same IRIs recur in many quads."""
    return ox.NamedNode(str(iri))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts, like ``to_dict("records")`` but column by column (much faster)."""
    columns = [frame[c].tolist() for c in frame.columns]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    """A literal, with a language tag or a datatype."""
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=node(datatype))
    return ox.Literal(value)


class Writer:
    """Collects quads into one named graph at a time."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def graph(self, source: str) -> GraphWriter:
        return GraphWriter(self, node(graph_iri(source)))


class GraphWriter:
    """Writes quads into one named graph."""

    def __init__(self, writer: Writer, graph: ox.NamedNode) -> None:
        self._quads = writer.quads
        self.graph = graph

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = node(o) if isinstance(o, str) else o
        self._quads.append(ox.Quad(node(s), node(p), obj, self.graph))

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        if value and value.strip():
            self.add(s, p, lit(value.strip(), lang=lang))

    def concept(self, iri: str, cls: str, scheme: str, notation: str) -> None:
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, RDF.type, cls)
        self.add(iri, SKOS.inScheme, mint("scheme", scheme))
        self.add(iri, SKOS.notation, lit(notation))

    def provenance(self, iri: str, source_status: str, source: str, note: str = "") -> None:
        self.add(iri, ITUD.status, lit(normalise_status(source_status)))
        self.text(iri, ITUD.sourceStatus, source_status)
        self.text(iri, ITUD.source, source)
        self.text(iri, ITUD.note, note)


def cycle_of(text: str, cycles: pd.DataFrame, path: Path, line: int) -> str | None:
    """The WTDC cycle (``WTDC-22``) a text names, checked against ``cycles.csv``."""
    match = re.search(r"WTDC-\d{2}", text)
    if not match:
        return None
    if match.group(0) not in set(cycles["id"]):
        raise DataError(
            path,
            line,
            f"cycle {match.group(0)} is not in frameworks/cycles.csv",
            "add a row for that cycle to data/frameworks/cycles.csv",
        )
    return match.group(0)
