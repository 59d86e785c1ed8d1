"""The Oxigraph engine (shapes compiled to SPARQL) and pySHACL give the same problem lines.

Each case breaks one constraint of ``graph/shapes.ttl`` in a small valid dataset; the
expected lines are worked out from the change made, and both engines must give exactly
them. The bundled data, clean and with a few breaks, is checked the same way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import SH

from graph.errors import DataError
from graph.namespaces import BASE, ITUD, RDF, RDFS, SDG, SDGO, SEMAPV, SKOS, XSD, mint
from graph.shacl import pyshacl_problems, shacl_problems, shapes_path
from graph.shacl_sparql import compile_shapes
from tests.conftest import DATA

CLI = str(Path(sys.executable).parent / "itud-align")

ID = f"{BASE}id/"

VALID = f"""
@prefix itud: <{ITUD._NS}> .
@prefix skos: <{SKOS}> .
@prefix xsd: <{XSD}> .
@prefix rdfs: <{RDFS}> .
@prefix id: <{ID}> .
@prefix sdg: <{SDG}> .
@prefix sdgo: <{SDGO._NS}> .
@prefix semapv: <{SEMAPV}> .
id:sg a skos:Concept, itud:StudyGroup ; skos:notation "SG1" ; skos:inScheme id:s .
id:q a skos:Concept, itud:StudyQuestion ; skos:notation "Q1/1" ; skos:inScheme id:s ;
    skos:prefLabel "Broadband"@en, "Large bande"@fr ; itud:status "verified" ;
    itud:studyGroup id:sg ; itud:period "2022-2025" .
id:r a skos:Concept, itud:Region ; skos:notation "AFR" ; skos:inScheme id:s ; itud:status "verified" .
id:c a skos:Concept, itud:Cycle ; skos:notation "WTDC-22" ; skos:inScheme id:s ; itud:status "verified" .
id:i a skos:Concept, itud:RegionalInitiative ; skos:notation "AFR1" ; skos:inScheme id:s ;
    itud:status "unverified" ; itud:region id:r ; itud:cycle id:c .
id:w a skos:Concept, itud:WsisActionLine ; skos:notation "C2" ; skos:inScheme id:s ; itud:status "verified" ;
    itud:isItuLead true .
sdg:9 a sdgo:Goal .
sdg:9.c a sdgo:Target ; skos:broader sdg:9 ; skos:prefLabel "Access"@en, "Accès"@fr .
id:a a itud:Alignment ; itud:alignmentSubject id:q ; itud:alignmentPredicate itud:supportsActionLine ;
    itud:alignmentObject id:w ; itud:justification semapv:ManualMappingCuration ;
    itud:confidence 0.70 ; itud:author id:team ; itud:date "2026-11-29"^^xsd:date ;
    itud:status "unverified" ; itud:mappingSet id:set .
"""

# the messages of graph/shapes.ttl, copied by hand
NOTATION = "every element needs exactly one code (skos:notation): give the row its code"
TITLE = "at most one title per language: remove the duplicate title"
SCHEME = "every element belongs to a concept scheme"
STATUS = "status must be one of verified, unverified, suggested, rejected"
STUDY_GROUP = "a Question belongs to exactly one study group"
PERIOD = "a Question has exactly one study period"
REGION = "an initiative belongs to exactly one region"
CYCLE = "an initiative belongs to exactly one WTDC cycle: name it in adopted_by (e.g. WTDC-22)"
LEAD = "an action line says once whether ITU leads it (itud:isItuLead true or false)"
SUBJECT = "a link has exactly one subject, an element IRI"
PREDICATE = "a link's predicate is contributesTo, supportsActionLine, implementsPriority or refersTo"
OBJECT = "a link has exactly one object, an element or SDG IRI"
JUSTIFICATION = "justification must be official document, manual curation, similarity or chaining"
CONFIDENCE = "confidence is one decimal between 0 and 1"
AUTHOR = "every link names its author (author_id)"
DATE = "every link has one date (YYYY-MM-DD)"
MAPPING_SET = "every link belongs to exactly one mapping set"
BROADER = "every SDG target has its goal as skos:broader"


def line(focus: str, path: object, message: str, value: str | None = None) -> str:
    shown = f" (value {value})" if value is not None else ""
    return f"{focus} {path}: {message}{shown}"


Q, R, C, INIT, W, A, TARGET = (f"{ID}q", f"{ID}r", f"{ID}c", f"{ID}i", f"{ID}w", f"{ID}a", f"{SDG}9.c")

# (name, text in VALID, replacement, the problem lines that follow)
CASES = [
    ("notation missing", 'skos:notation "Q1/1" ;', "", [line(Q, SKOS.notation, NOTATION)]),
    ("notation twice", 'skos:notation "Q1/1" ;', 'skos:notation "Q1/1", "Q1/2" ;', [line(Q, SKOS.notation, NOTATION)]),
    (
        "notation with a language",
        'skos:notation "Q1/1" ;',
        'skos:notation "Q1/1"@en ;',
        [line(Q, SKOS.notation, NOTATION, "Q1/1")],
    ),
    ("notation a number", 'skos:notation "AFR" ;', "skos:notation 7 ;", [line(R, SKOS.notation, NOTATION, "7")]),
    (
        "two English titles",
        '"Broadband"@en,',
        '"Broadband"@en, "Broadband access"@en,',
        [line(Q, SKOS.prefLabel, TITLE)],
    ),
    (
        "two English and two French titles",
        '"Broadband"@en, "Large bande"@fr',
        '"Broadband"@en, "Large bande"@fr, "Access"@en, "Accès"@fr',
        [line(Q, SKOS.prefLabel, TITLE)] * 2,
    ),
    (
        "no scheme",
        'skos:notation "AFR" ; skos:inScheme id:s ;',
        'skos:notation "AFR" ;',
        [line(R, SKOS.inScheme, SCHEME)],
    ),
    (
        "status not in the list",
        'itud:status "verified" ;\n    itud:studyGroup',
        'itud:status "maybe" ;\n    itud:studyGroup',
        [line(Q, ITUD.status, STATUS, "maybe")],
    ),
    (
        "status twice",
        'skos:notation "WTDC-22" ; skos:inScheme id:s ; itud:status "verified"',
        'skos:notation "WTDC-22" ; skos:inScheme id:s ; itud:status "verified", "unverified"',
        [line(C, ITUD.status, STATUS)],
    ),
    (
        "status missing",
        'skos:notation "WTDC-22" ; skos:inScheme id:s ; itud:status "verified"',
        'skos:notation "WTDC-22" ; skos:inScheme id:s',
        [line(C, ITUD.status, STATUS)],
    ),
    (
        "status with a language",
        'itud:status "unverified" ; itud:region',
        'itud:status "unverified"@en ; itud:region',
        [line(INIT, ITUD.status, STATUS, "unverified")],
    ),
    ("study group missing", "itud:studyGroup id:sg ;", "", [line(Q, ITUD.studyGroup, STUDY_GROUP)]),
    (
        "study group of the wrong class",
        "itud:studyGroup id:sg ;",
        "itud:studyGroup id:r ;",
        [line(Q, ITUD.studyGroup, STUDY_GROUP, R)],
    ),
    (
        "study group a literal",
        "itud:studyGroup id:sg ;",
        'itud:studyGroup "SG1" ;',
        [line(Q, ITUD.studyGroup, STUDY_GROUP, "SG1")],
    ),
    (
        "two periods",
        'itud:period "2022-2025" .',
        'itud:period "2022-2025", "2018-2021" .',
        [line(Q, ITUD.period, PERIOD)],
    ),
    ("region of the wrong class", "itud:region id:r ;", "itud:region id:c ;", [line(INIT, ITUD.region, REGION, C)]),
    (
        "two regions",
        "itud:region id:r ;",
        "itud:region id:r, id:r2 ;",
        [line(INIT, ITUD.region, REGION), line(INIT, ITUD.region, REGION, f"{ID}r2")],
    ),
    ("cycle missing", "itud:region id:r ; itud:cycle id:c .", "itud:region id:r .", [line(INIT, ITUD.cycle, CYCLE)]),
    ("lead flag a string", "itud:isItuLead true .", 'itud:isItuLead "yes" .', [line(W, ITUD.isItuLead, LEAD, "yes")]),
    (
        "lead flag ill-formed",
        "itud:isItuLead true .",
        'itud:isItuLead "TRUE"^^xsd:boolean .',
        [line(W, ITUD.isItuLead, LEAD, "TRUE")],
    ),
    (
        "lead flag missing",
        'itud:status "verified" ;\n    itud:isItuLead true .',
        'itud:status "verified" .',
        [line(W, ITUD.isItuLead, LEAD)],
    ),
    (
        "subject a blank node",
        "itud:alignmentSubject id:q ;",
        "itud:alignmentSubject [] ;",
        [line(A, ITUD.alignmentSubject, SUBJECT, "[blank node]")],
    ),
    (
        "object a literal",
        "itud:alignmentObject id:w ;",
        'itud:alignmentObject "C2" ;',
        [line(A, ITUD.alignmentObject, OBJECT, "C2")],
    ),
    ("subject missing", "itud:alignmentSubject id:q ;", "", [line(A, ITUD.alignmentSubject, SUBJECT)]),
    (
        "predicate not in the list",
        "itud:alignmentPredicate itud:supportsActionLine ;",
        "itud:alignmentPredicate skos:related ;",
        [line(A, ITUD.alignmentPredicate, PREDICATE, SKOS.related)],
    ),
    (
        "justification not in the list",
        "itud:justification semapv:ManualMappingCuration ;",
        "itud:justification itud:Hunch ;",
        [line(A, ITUD.justification, JUSTIFICATION, f"{ITUD._NS}Hunch")],
    ),
    (
        "confidence 1.5",
        "itud:confidence 0.70 ;",
        "itud:confidence 1.5 ;",
        [line(A, ITUD.confidence, CONFIDENCE, "1.5")],
    ),
    # the build writes confidences with two decimals: the line shows the value as written
    (
        "confidence 1.50",
        "itud:confidence 0.70 ;",
        "itud:confidence 1.50 ;",
        [line(A, ITUD.confidence, CONFIDENCE, "1.50")],
    ),
    (
        "confidence below 0",
        "itud:confidence 0.70 ;",
        "itud:confidence -0.1 ;",
        [line(A, ITUD.confidence, CONFIDENCE, "-0.1")],
    ),
    # a string breaks the datatype and both bounds: three results, one per constraint
    (
        "confidence a word",
        "itud:confidence 0.70 ;",
        'itud:confidence "high" ;',
        [line(A, ITUD.confidence, CONFIDENCE, "high")] * 3,
    ),
    (
        "confidence a double",
        "itud:confidence 0.70 ;",
        "itud:confidence 0.5e0 ;",
        [line(A, ITUD.confidence, CONFIDENCE, "0.5e0")],
    ),
    (
        "two confidences",
        "itud:confidence 0.70 ;",
        "itud:confidence 0.70, 0.80 ;",
        [line(A, ITUD.confidence, CONFIDENCE)],
    ),
    ("author missing", "itud:author id:team ;", "", [line(A, ITUD.author, AUTHOR)]),
    ("author a literal", "itud:author id:team ;", 'itud:author "team" ;', [line(A, ITUD.author, AUTHOR, "team")]),
    (
        "date a plain string",
        'itud:date "2026-11-29"^^xsd:date ;',
        'itud:date "2026-11-29" ;',
        [line(A, ITUD.date, DATE, "2026-11-29")],
    ),
    (
        "date ill-formed",
        'itud:date "2026-11-29"^^xsd:date ;',
        'itud:date "2026-13-01"^^xsd:date ;',
        [line(A, ITUD.date, DATE, "2026-13-01")],
    ),
    (
        "two mapping sets",
        "itud:mappingSet id:set .",
        "itud:mappingSet id:set, id:other .",
        [line(A, ITUD.mappingSet, MAPPING_SET)],
    ),
    (
        "mapping set missing",
        'itud:status "unverified" ; itud:mappingSet id:set .',
        'itud:status "unverified" .',
        [line(A, ITUD.mappingSet, MAPPING_SET)],
    ),
    ("target without goal", "skos:broader sdg:9 ;", "", [line(TARGET, SKOS.broader, BROADER)]),
    (
        "target under a question",
        "skos:broader sdg:9 ;",
        "skos:broader sdg:9, id:q ;",
        [line(TARGET, SKOS.broader, BROADER, Q)],
    ),
    (
        "target with two English titles",
        '"Access"@en,',
        '"Access"@en, "Access to ICT"@en,',
        [line(TARGET, SKOS.prefLabel, TITLE)],
    ),
    # SHACL instances include instances of subclasses (rdfs:subClassOf in the data)
    (
        "instance of a subclass",
        "id:sg a",
        "id:Special rdfs:subClassOf itud:StudyQuestion . id:q2 a id:Special .\nid:sg a",
        sorted(
            [
                line(f"{ID}q2", SKOS.notation, NOTATION),
                line(f"{ID}q2", SKOS.inScheme, SCHEME),
                line(f"{ID}q2", ITUD.status, STATUS),
                line(f"{ID}q2", ITUD.studyGroup, STUDY_GROUP),
                line(f"{ID}q2", ITUD.period, PERIOD),
            ]
        ),
    ),
]


def _quads(turtle: str) -> list[ox.Quad]:
    return list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


def test_the_valid_fixture_conforms_in_both_engines() -> None:
    assert shacl_problems(_quads(VALID)) == []
    assert pyshacl_problems(_quads(VALID)) == []


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_both_engines_give_the_expected_lines(old: str, new: str, expected: list[str]) -> None:
    assert VALID.count(old) == 1, old
    quads = _quads(VALID.replace(old, new))
    assert shacl_problems(quads, engine="oxigraph") == sorted(expected)
    assert shacl_problems(quads, engine="pyshacl") == sorted(expected)


def test_every_constraint_of_the_shapes_is_broken_by_a_case() -> None:
    broken = {(c[3][0].split(": ")[0].split(" ")[1]) for c in CASES}
    paths = {shape.path for shape in compile_shapes(shapes_path())}
    assert paths <= broken


def _bundled_quads(bundled_build: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(bundled_build / "dataset.nq"), format=ox.RdfFormat.N_QUADS))


def test_bundled_build_conforms_in_both_engines(bundled_build: Path) -> None:
    quads = _bundled_quads(bundled_build)
    assert shacl_problems(quads, engine="oxigraph") == []
    assert shacl_problems(quads, engine="pyshacl") == []


def test_broken_bundled_data_gives_the_same_lines_in_both_engines(bundled_build: Path) -> None:
    question = mint("question", "2022-2025/Q1-1")
    line_c2 = mint("wsis", "C2")
    quads = [
        q
        for q in _bundled_quads(bundled_build)
        if not (q.subject.value == str(question) and q.predicate.value == str(SKOS.notation))
    ]
    alignment = sorted(q.subject.value for q in quads if q.object.value == str(ITUD.Alignment))[0]
    quads = [q for q in quads if not (q.subject.value == alignment and q.predicate.value == str(ITUD.confidence))]
    graph = ox.NamedNode(str(mint("dataset", "test")))
    quads += [
        ox.Quad(
            ox.NamedNode(alignment),
            ox.NamedNode(str(ITUD.confidence)),
            ox.Literal("1.5", datatype=ox.NamedNode(str(XSD.decimal))),
            graph,
        ),
        ox.Quad(
            ox.NamedNode(str(question)), ox.NamedNode(str(SKOS.prefLabel)), ox.Literal("Other", language="en"), graph
        ),
        ox.Quad(ox.NamedNode(str(line_c2)), ox.NamedNode(str(ITUD.status)), ox.Literal("maybe"), graph),
        ox.Quad(ox.NamedNode(str(line_c2)), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(ITUD.Region)), graph),
    ]
    expected = sorted(
        [
            line(question, SKOS.notation, NOTATION),
            line(question, SKOS.prefLabel, TITLE),
            line(alignment, ITUD.confidence, CONFIDENCE, "1.5"),
            line(line_c2, ITUD.status, STATUS),  # two values now
            line(line_c2, ITUD.status, STATUS, "maybe"),
        ]
    )
    assert shacl_problems(quads, engine="oxigraph") == expected
    assert shacl_problems(quads, engine="pyshacl") == expected


SHAPES_HEAD = f"""
@prefix sh: <{SH}> .
@prefix itud: <{ITUD._NS}> .
@prefix skos: <{SKOS}> .
"""


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (
            "itud:S a sh:NodeShape ; sh:targetClass itud:Region ; sh:property [ sh:path skos:notation ; "
            'sh:pattern "^A" ; sh:message "m" ] .',
            "shacl#pattern",
        ),
        (
            'itud:S a sh:NodeShape ; sh:targetNode itud:x ; sh:property [ sh:path skos:notation ; sh:message "m" ] .',
            "shacl#targetNode",
        ),
        (
            "itud:S a sh:NodeShape ; sh:targetClass itud:Region ; "
            "sh:property [ sh:path skos:notation ; sh:minCount 1 ] .",
            "no sh:message",
        ),
        (
            "itud:S a sh:NodeShape ; sh:targetClass itud:Region ; "
            "sh:property [ sh:path ( skos:broader skos:notation ) ; "
            'sh:message "m" ] .',
            "complex path",
        ),
        (
            'itud:S sh:targetClass itud:Region ; sh:property [ sh:path skos:notation ; sh:message "m" ] .',
            "is not a sh:NodeShape",
        ),
    ],
)
def test_a_construct_the_engine_does_not_check_is_refused(tmp_path: Path, body: str, named: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + body, encoding="utf-8")
    with pytest.raises(DataError) as error:
        compile_shapes(shapes)
    assert named in str(error.value)
    assert str(shapes) in str(error.value)


def test_validate_command_runs_either_engine() -> None:
    for engine in ("oxigraph", "pyshacl"):
        result = subprocess.run(
            [CLI, "validate", "--engine", engine], capture_output=True, text=True, timeout=180, cwd=DATA.parent
        )
        assert result.returncode == 0, result.stderr
        assert "valid" in result.stdout
