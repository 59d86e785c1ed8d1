"""Validate the dataset against the SHACL shapes (``graph/shapes.ttl``).

Two engines give the same problem lines: ``oxigraph`` (the default) runs the shapes as
SPARQL queries on a pyoxigraph store (:mod:`graph.shacl_sparql`), ``pyshacl`` is the
reference implementation, slower by two orders of magnitude on a large portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from graph.shacl_sparql import PropertyShape, Violation, compile_shapes, read_predicates, run_checks, term_text

__all__ = ["ENGINES", "pyshacl_problems", "shacl_problems", "shapes_path", "store_problems"]

ENGINES = ("oxigraph", "pyshacl")


def shapes_path() -> Path:
    """The shapes file shipped with the package."""
    return Path(str(resources.files("graph") / "shapes.ttl"))


@cache
def _checks() -> tuple[PropertyShape, ...]:
    return tuple(compile_shapes(shapes_path()))


def _lines(violations: Iterable[Violation]) -> list[str]:
    """One line per violation, "focus path: message (value v)", sorted."""
    lines = []
    for v in violations:
        shown = f" (value {v.value})" if v.value is not None else ""
        lines.append(f"{v.focus} {v.path}: {v.message}{shown}")
    return sorted(lines)


def store_problems(store: ox.Store) -> list[str]:
    """Check the union of a store's graphs against the shapes; one line per violation.

    Oxigraph keeps valid numbers, booleans and dates in canonical form, so a value reads
    back as "1.5" where the data wrote "1.50"; :func:`shacl_problems` shows the written form.
    """
    return _lines(run_checks(store, _checks()))


def _as_written(found: list[Violation], quads: list[ox.Quad]) -> list[Violation]:
    """Show each literal value of a violation as the data wrote it, not in Oxigraph's canonical form."""
    wanted = {(v.focus, v.path) for v in found if v.value is not None}
    if not wanted:
        return found
    scratch = ox.Store()
    written: list[tuple[tuple[str, str], ox.BlankNode, str]] = []
    for q in quads:
        key = (term_text(q.subject), q.predicate.value)
        if isinstance(q.object, ox.Literal) and key in wanted:
            node = ox.BlankNode()
            scratch.add(ox.Quad(node, q.predicate, q.object))
            written.append((key, node, q.object.value))
    lexical = {
        (*key, term_text(stored.object)): text
        for key, node, text in written
        for stored in scratch.quads_for_pattern(node, None, None)
    }
    return [replace(v, value=lexical.get((v.focus, v.path, v.value or ""), v.value)) for v in found]


def _union_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    # keep each literal's lexical form as written, so that values read as in the data
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(data=data, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _rdflib_text(term: rdflib.term.Node) -> str:
    return "[blank node]" if isinstance(term, rdflib.BNode) else str(term)


def pyshacl_problems(quads: Iterable[ox.Quad]) -> list[str]:
    """The reference: the same problem lines, found by pySHACL on the union graph."""
    shapes = rdflib.Graph().parse(str(shapes_path()), format="turtle")
    conforms, report, _text = validate(
        _union_graph(quads), shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        value = report.value(result, SH.value)
        found.append(
            Violation(
                _rdflib_text(report.value(result, SH.focusNode)),
                str(report.value(result, SH.resultPath)),
                str(report.value(result, SH.resultMessage)),
                None if value is None else _rdflib_text(value),
            )
        )
    return _lines(found)


def shacl_problems(quads: Iterable[ox.Quad], engine: str = "oxigraph") -> list[str]:
    """Return one line per SHACL violation (focus node, path, message, value); empty when it conforms."""
    if engine == "pyshacl":
        return pyshacl_problems(quads)
    if engine != "oxigraph":
        raise ValueError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    read = {ox.NamedNode(p) for p in read_predicates(_checks())}
    quads = [q for q in quads if q.predicate in read]  # the rest cannot break a shape
    store = ox.Store()
    store.bulk_extend(quads)
    return _lines(_as_written(run_checks(store, _checks()), quads))
