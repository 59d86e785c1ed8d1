"""Check the SHACL shapes of ``graph/shapes.ttl`` with SPARQL queries on a pyoxigraph store.

A property shape compiles to a few SELECT queries that return the violating focus nodes
(and values): the sh:minCount 1 of all properties of a node shape in one query, the value
tests and sh:maxCount 1 in one pass over the values. Only the SHACL constructs that ``shapes.ttl`` uses
are supported; a shape using any other construct raises :class:`DataError` naming it,
so that a new constraint is never passed over in silence (pySHACL, the reference, is
still there: ``itud-align validate --engine pyshacl``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph.errors import DataError

__all__ = ["PropertyShape", "Violation", "compile_shapes", "read_predicates", "run_checks", "term_text"]

_TARGET_KEYS = {str(SH.targetClass), str(SH.targetNode), str(SH.targetSubjectsOf), str(SH.targetObjectsOf)}
_NODE_SHAPE_KEYS = {str(RDF.type), str(SH.targetClass), str(SH.property)}
_PROPERTY_KEYS = {
    str(SH.path),
    str(SH.minCount),
    str(SH.maxCount),
    str(SH.datatype),
    str(SH.uniqueLang),
    str(SH["in"]),
    str(SH["class"]),
    str(SH.nodeKind),
    str(SH.minInclusive),
    str(SH.maxInclusive),
    str(SH.message),
}
# a literal is well formed for its datatype when the cast of its lexical form succeeds
_CASTABLE = {
    str(d) for d in (XSD.boolean, XSD.decimal, XSD.integer, XSD.float, XSD.double, XSD.date, XSD.dateTime, XSD.time)
}
_ANY_LEXICAL = {str(XSD.string), str(RDF.langString)}
_NODE_KINDS = {
    str(SH.IRI): "isIRI(?value)",
    str(SH.BlankNode): "isBlank(?value)",
    str(SH.Literal): "isLiteral(?value)",
    str(SH.BlankNodeOrIRI): "!isLiteral(?value)",
    str(SH.BlankNodeOrLiteral): "!isIRI(?value)",
    str(SH.IRIOrLiteral): "!isBlank(?value)",
}

# subject -> predicate IRI -> objects, for the shapes file
Description = dict[str, dict[str, list[object]]]


@dataclass(frozen=True)
class PropertyShape:
    """One property shape, compiled: its targets, path, message and constraints.

    ``value_tests`` are SPARQL expressions over ``?value``, each true when the value
    breaks one constraint (each gives its own result, as SHACL says).
    """

    classes: tuple[str, ...]
    path: str
    message: str
    min_count: int | None = None
    max_count: int | None = None
    unique_lang: bool = False
    value_tests: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Violation:
    """One result: focus node, path and value as text (``value`` is None when SHACL gives none)."""

    focus: str
    path: str
    message: str
    value: str | None


def term_text(term: object) -> str:
    """How a report shows a term: an IRI or a literal's lexical form; any blank node as ``[blank node]``."""
    if isinstance(term, ox.BlankNode):
        return "[blank node]"
    return str(getattr(term, "value", term))


def _description(quads: Iterable[ox.Quad]) -> Description:
    subjects: Description = defaultdict(lambda: defaultdict(list))
    for q in quads:
        subjects[str(q.subject)][str(q.predicate.value)].append(q.object)
    return subjects


def _list_items(subjects: Description, head: object, where: Path) -> list[object]:
    items: list[object] = []
    node = head
    while not (isinstance(node, ox.NamedNode) and node.value == str(RDF.nil)):
        entry = subjects.get(str(node), {})
        firsts, rests = entry.get(str(RDF.first), []), entry.get(str(RDF.rest), [])
        if len(firsts) != 1 or len(rests) != 1:
            raise DataError(
                where, None, "an sh:in value is not a well-formed RDF list", "write sh:in as a Turtle list ( ... )"
            )
        items.append(firsts[0])
        node = rests[0]
    return items


def _one(values: list[object], key: str, shape: str, where: Path) -> object:
    if len(values) != 1:
        raise DataError(
            where,
            None,
            f"{shape} has {len(values)} values for {key}",
            "give each constraint parameter exactly one value",
        )
    return values[0]


def _property_shape(
    classes: tuple[str, ...], props: dict[str, list[object]], subjects: Description, name: str, where: Path
) -> PropertyShape:
    unknown = sorted(set(props) - _PROPERTY_KEYS)
    if unknown:
        raise DataError(
            where,
            None,
            f"{name} uses {', '.join(unknown)}, which the Oxigraph SHACL engine does not check",
            "check it in graph/shacl_sparql.py, or use --engine pyshacl",
        )
    path_term = _one(props.get(str(SH.path), []), "sh:path", name, where)
    if not isinstance(path_term, ox.NamedNode):
        raise DataError(
            where,
            None,
            f"{name} has a sh:path that is not one IRI (a complex path)",
            "use a predicate IRI as sh:path, or use --engine pyshacl",
        )
    path = path_term.value
    name = f"the property shape on <{path}>"
    if not props.get(str(SH.message)):
        raise DataError(
            where, None, f"{name} has no sh:message", "give every property shape a sh:message that says what to fix"
        )

    def param(key: str) -> object:
        return _one(props[key], key, name, where)

    def count(key: str) -> int | None:
        return int(term_text(param(key))) if key in props else None

    tests: list[str] = []
    if str(SH.datatype) in props:
        datatype = term_text(param(str(SH.datatype)))
        if datatype in _ANY_LEXICAL:
            wellformed = "true"
        elif datatype in _CASTABLE:
            wellformed = f"COALESCE(isLiteral(<{datatype}>(STR(?value))), false)"
        else:
            raise DataError(
                where,
                None,
                f"{name} asks for sh:datatype <{datatype}>, which the Oxigraph SHACL engine cannot check",
                "use an XSD datatype it casts, or --engine pyshacl",
            )
        tests.append(f"!(isLiteral(?value) && sameTerm(DATATYPE(?value), <{datatype}>) && {wellformed})")
    if str(SH["in"]) in props:
        allowed = _list_items(subjects, param(str(SH["in"])), where)
        tests.append("!(" + " || ".join(f"sameTerm(?value, {a})" for a in allowed) + ")")
    if str(SH["class"]) in props:
        cls = term_text(param(str(SH["class"])))
        tests.append(f"(isLiteral(?value) || NOT EXISTS {{ ?value <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }})")
    if str(SH.nodeKind) in props:
        kind = term_text(param(str(SH.nodeKind)))
        if kind not in _NODE_KINDS:
            raise DataError(where, None, f"{name} has an unknown sh:nodeKind <{kind}>", "use a SHACL node kind")
        tests.append(f"!({_NODE_KINDS[kind]})")
    for key, op in ((str(SH.minInclusive), ">="), (str(SH.maxInclusive), "<=")):
        if key in props:
            tests.append(f"!COALESCE(?value {op} {param(key)}, false)")
    return PropertyShape(
        classes=classes,
        path=path,
        message=term_text(_one(props[str(SH.message)], "sh:message", name, where)),
        min_count=count(str(SH.minCount)),
        max_count=count(str(SH.maxCount)),
        unique_lang=str(SH.uniqueLang) in props and term_text(param(str(SH.uniqueLang))) == "true",
        value_tests=tuple(tests),
    )


def compile_shapes(path: Path) -> list[PropertyShape]:
    """Compile every property shape of the Turtle file ``path``; refuse any construct not supported."""
    subjects = _description(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    shapes: list[PropertyShape] = []
    for subject, props in sorted(subjects.items()):
        types = {term_text(t) for t in props.get(str(RDF.type), [])}
        if str(SH.NodeShape) not in types:
            targets = sorted(set(props) & _TARGET_KEYS)
            if targets or str(SH.PropertyShape) in types:
                raise DataError(
                    path,
                    None,
                    f"shape {subject} is not a sh:NodeShape ({', '.join(targets or types)}), "
                    "which the Oxigraph SHACL engine does not check",
                    "declare it 'a sh:NodeShape' with sh:targetClass, or use --engine pyshacl",
                )
            continue
        unknown = sorted(set(props) - _NODE_SHAPE_KEYS)
        if unknown:
            raise DataError(
                path,
                None,
                f"node shape {subject} uses {', '.join(unknown)}, which the Oxigraph SHACL engine does not check",
                "check it in graph/shacl_sparql.py, or use --engine pyshacl",
            )
        classes = tuple(sorted(term_text(c) for c in props.get(str(SH.targetClass), [])))
        if not classes:
            raise DataError(
                path, None, f"node shape {subject} has no sh:targetClass", "target a class with sh:targetClass"
            )
        for prop in props.get(str(SH.property), []):
            shapes.append(
                _property_shape(classes, subjects.get(str(prop), {}), subjects, f"a property shape of {subject}", path)
            )
    return shapes


def read_predicates(shapes: Iterable[PropertyShape]) -> set[str]:
    """Every predicate the checks read: the paths, rdf:type and rdfs:subClassOf (targets, sh:class)."""
    return {shape.path for shape in shapes} | {str(RDF.type), str(RDFS.subClassOf)}


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _focus_pattern(store: ox.Store, classes: tuple[str, ...]) -> str:
    """The pattern binding ``?focus`` to each SHACL instance of the classes (subclasses included)."""
    query = (
        f"SELECT DISTINCT ?type WHERE {{ VALUES ?class {{ {' '.join(f'<{c}>' for c in classes)} }} "
        f"?type <{RDFS.subClassOf}>* ?class }}"
    )
    types = sorted(term_text(row["type"]) for row in _select(store, query))
    if len(types) == 1:
        return f"?focus <{RDF.type}> <{types[0]}> ."
    return f"VALUES ?type {{ {' '.join(f'<{t}>' for t in types)} }} ?focus <{RDF.type}> ?type ."


def _missing(store: ox.Store, shapes: list[PropertyShape], focus: str) -> list[Violation]:
    """sh:minCount 1 of several property shapes with the same targets, in one query."""
    by_path: dict[str, list[PropertyShape]] = defaultdict(list)
    for shape in shapes:
        by_path[shape.path].append(shape)
    paths = " ".join(f"<{p}>" for p in sorted(by_path))
    query = (
        f"SELECT DISTINCT ?focus ?p WHERE {{ {focus} VALUES ?p {{ {paths} }} "
        "FILTER NOT EXISTS { ?focus ?p ?value } }"
    )
    return [
        Violation(term_text(row["focus"]), shape.path, shape.message, None)
        for row in _select(store, query)
        for shape in by_path[term_text(row["p"])]
    ]


def _counted(store: ox.Store, shape: PropertyShape, focus: str) -> list[Violation]:
    """sh:minCount above 1 and sh:maxCount above 1, by counting the values of each focus node."""
    p = f"<{shape.path}>"
    found: list[Violation] = []
    if shape.min_count is not None and shape.min_count > 1:
        query = (
            f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?value }} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {shape.min_count})"
        )
        found += [Violation(term_text(row["focus"]), shape.path, shape.message, None) for row in _select(store, query)]
    if shape.max_count is not None and shape.max_count > 1:
        query = (
            f"SELECT ?focus WHERE {{ {focus} ?focus {p} ?value }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {shape.max_count})"
        )
        found += [Violation(term_text(row["focus"]), shape.path, shape.message, None) for row in _select(store, query)]
    return found


def _per_value(store: ox.Store, shape: PropertyShape, focus: str) -> list[Violation]:
    """The value tests, and sh:maxCount 1 (a second value), in one pass over the values."""
    p = f"<{shape.path}>"
    tests = list(shape.value_tests)
    if shape.max_count == 1:
        tests.append(f"EXISTS {{ ?focus {p} ?other FILTER(!sameTerm(?other, ?value)) }}")
    if not tests:
        return []
    flags = [f"b{i}" for i in range(len(tests))]
    binds = " ".join(f"BIND({test} AS ?{flag})" for test, flag in zip(tests, flags, strict=True))
    query = (
        f"SELECT DISTINCT ?focus ?value ?{' ?'.join(flags)} WHERE {{ {focus} ?focus {p} ?value {binds} "
        f"FILTER(?{' || ?'.join(flags)}) }}"
    )
    found: list[Violation] = []
    too_many: set[str] = set()
    for row in _select(store, query):
        focus_text, value = term_text(row["focus"]), term_text(row["value"])
        for i in range(len(shape.value_tests)):
            if term_text(row[flags[i]]) == "true":
                found.append(Violation(focus_text, shape.path, shape.message, value))
        if shape.max_count == 1 and term_text(row[flags[-1]]) == "true":
            too_many.add(focus_text)
    found += [Violation(f, shape.path, shape.message, None) for f in sorted(too_many)]
    return found


def _unique_lang(store: ox.Store, shape: PropertyShape, focus: str) -> list[Violation]:
    """sh:uniqueLang: one result per focus node and language used by two values."""
    query = (
        f"SELECT ?focus WHERE {{ {{ SELECT DISTINCT ?focus ?value WHERE {{ {focus} ?focus <{shape.path}> "
        '?value FILTER(LANG(?value) != "") } } } GROUP BY ?focus (LCASE(LANG(?value)) AS ?lang) '
        "HAVING (COUNT(?value) > 1)"
    )
    return [Violation(term_text(row["focus"]), shape.path, shape.message, None) for row in _select(store, query)]


def run_checks(store: ox.Store, shapes: Iterable[PropertyShape]) -> list[Violation]:
    """Check each property shape on the union of the store's graphs; return every violation found."""
    by_targets: dict[tuple[str, ...], list[PropertyShape]] = defaultdict(list)
    for shape in shapes:
        by_targets[shape.classes].append(shape)
    found: list[Violation] = []
    for classes, group in by_targets.items():
        focus = _focus_pattern(store, classes)
        required = [shape for shape in group if shape.min_count == 1]
        if required:
            found += _missing(store, required, focus)
        for shape in group:
            found += _counted(store, shape, focus) + _per_value(store, shape, focus)
            if shape.unique_lang:
                found += _unique_lang(store, shape, focus)
    return found
