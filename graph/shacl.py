"""Validate the dataset against the SHACL shapes (``graph/shapes.ttl``) with pySHACL."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

import pyoxigraph as ox
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

__all__ = ["shacl_problems"]




def _union_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def shacl_problems(quads: Iterable[ox.Quad]) -> list[str]:
    """Return one line per SHACL violation (focus node, path, message); empty when it conforms."""
    shapes = rdflib.Graph().parse(str(resources.files("graph") / "shapes.ttl"), format="turtle")
    conforms, report, _text = validate(_union_graph(quads), shacl_graph=shapes, inference="none",
                                       advanced=False, allow_warnings=True)
    if conforms:
        return []
    problems = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        where = f"{focus} {path}" if path is not None else f"{focus}"
        shown = f" (value {value})" if value is not None else ""
        problems.append(f"{where}: {message}{shown}")
    return sorted(problems)
