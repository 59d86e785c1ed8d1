"""Every namespace and IRI of the project, and the one place where IRIs are minted.

The project's own IRIs live under one base, ``https://w3id.org/itud-align/``:
ontology terms under ``ontology#``, elements under ``id/<kind>/<local>``, named
graphs under ``graph/<source>``. SDG goals, targets and indicators keep the UN's
own IRIs (``http://metadata.un.org/sdg/9.c``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal
from urllib.parse import quote

import curies
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

__all__ = [
    "BASE",
    "CURIE_PREFIXES",
    "DCTERMS",
    "FORMATS",
    "IRI_KINDS",
    "ITUD",
    "JUSTIFICATIONS",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SDG",
    "SDGO",
    "SEMAPV",
    "SKOS",
    "SPARQL_PREFIXES",
    "STATUSES",
    "VOID",
    "XSD",
    "alignment_iri",
    "compact",
    "expand",
    "graph_iri",
    "mint",
    "review_iri",
    "sparql_prologue",
]

BASE = "https://w3id.org/itud-align/"
SDG = Namespace("http://metadata.un.org/sdg/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


class ITUD(DefinedNamespace):
    """The itud-align ontology (``graph/ontology.ttl``); a misspelt term fails at once."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Element: URIRef
    StudyQuestion: URIRef
    StudyGroup: URIRef
    RegionalInitiative: URIRef
    Region: URIRef
    Priority: URIRef
    Resolution: URIRef
    WsisActionLine: URIRef
    Cycle: URIRef
    Alignment: URIRef
    MappingSet: URIRef
    Agent: URIRef
    Justification: URIRef
    # element properties
    cycle: URIRef
    period: URIRef
    region: URIRef
    studyGroup: URIRef
    kind: URIRef
    body: URIRef
    revision: URIRef
    objective: URIRef
    note: URIRef
    unlinkedReason: URIRef
    status: URIRef
    sourceStatus: URIRef
    source: URIRef
    ituRole: URIRef
    leadFacilitator: URIRef
    isItuLead: URIRef
    # link predicates (plain triples)
    contributesTo: URIRef
    supportsActionLine: URIRef
    implementsPriority: URIRef
    refersTo: URIRef
    # alignment (evidence) properties
    alignmentSubject: URIRef
    alignmentPredicate: URIRef
    alignmentObject: URIRef
    justification: URIRef
    confidence: URIRef
    author: URIRef
    date: URIRef
    mappingSet: URIRef
    # justifications not in SEMAPV
    OfficialDocument: URIRef
    # build metadata
    snapshotId: URIRef


class SDGO(DefinedNamespace):
    """The UN SDG ontology terms the project uses."""

    _fail = True
    _NS = Namespace("http://metadata.un.org/sdg/ontology#")

    Goal: URIRef
    Target: URIRef
    Indicator: URIRef
    SDGCodeCompact: URIRef


# the kinds of IRI the project mints: the path segment under ``id/``
IRI_KINDS = (
    "question",
    "study-group",
    "initiative",
    "region",
    "priority",
    "resolution",
    "wsis",
    "cycle",
    "scheme",
    "agent",
    "alignment",
    "mapping-set",
    "genid",
    "dataset",
)

# CURIE prefixes that SSSOM mapping sets may use, with their one expansion
CURIE_PREFIXES: dict[str, str] = {
    "agent": BASE + "id/agent/",
    "initiative": BASE + "id/initiative/",
    "itud": str(ITUD._NS),
    "priority": BASE + "id/priority/",
    "question": BASE + "id/question/",
    "resolution": BASE + "id/resolution/",
    "sdg": str(SDG),
    "semapv": str(SEMAPV),
    "wsis": BASE + "id/wsis/",
}

SPARQL_PREFIXES: dict[str, str] = {
    "itud": str(ITUD._NS),
    "sdg": str(SDG),
    "sdgo": str(SDGO._NS),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "semapv": str(SEMAPV),
    "void": str(VOID),
    "owl": str(OWL),
    "prov": str(PROV),
    "id": BASE + "id/",
}

# the evidence a link rests on (its SSSOM mapping_justification), strongest kind first, with
# the short name the tables and charts show
JUSTIFICATIONS: dict[str, str] = {
    str(ITUD.OfficialDocument): "official document",
    str(SEMAPV.ManualMappingCuration): "manual curation",
    str(SEMAPV.LexicalSimilarityThresholdMatching): "lexical similarity",
    str(SEMAPV.SemanticSimilarityThresholdMatching): "semantic similarity",
    str(SEMAPV.MappingChaining): "chaining",
}

# a link's or an element's status, strongest first
STATUSES = ("verified", "unverified", "suggested")

PrefixSet = Literal["sssom", "sparql"]
# CURIE converters: the SSSOM prefixes (what mapping files may use) and the SPARQL ones (what
# pages and queries show); both match the longest namespace that fits
_CONVERTERS: dict[PrefixSet, curies.Converter] = {
    "sssom": curies.Converter.from_prefix_map(CURIE_PREFIXES),
    "sparql": curies.Converter.from_prefix_map(SPARQL_PREFIXES),
}

_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9._~/-]+$")


def mint(kind: str, local: str) -> URIRef:
    """Return the IRI of a project resource of ``kind`` with local name ``local``.

    >>> str(mint("question", "2022-2025/Q3-2"))
    'https://w3id.org/itud-align/id/question/2022-2025/Q3-2'
    """
    if kind not in IRI_KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(IRI_KINDS)}")
    if not local:
        raise ValueError(f"empty local name for an IRI of kind {kind!r}")
    safe = local if _SAFE_LOCAL.match(local) else quote(local, safe="/-._~")
    return URIRef(f"{BASE}id/{kind}/{safe}")


def graph_iri(source: str) -> URIRef:
    """Return the IRI of the named graph that holds what ``source`` says.

    >>> str(graph_iri("mappings/wsis-sdg-matrix"))
    'https://w3id.org/itud-align/graph/mappings/wsis-sdg-matrix'
    """
    return URIRef(f"{BASE}graph/{source.replace('_', '-')}")


def alignment_iri(mapping_set: str, subject: str, predicate: str, obj: str, comment: str) -> URIRef:
    """Return the stable IRI of one piece of link evidence (a row of a mapping set)."""
    digest = hashlib.sha256("\x1f".join((mapping_set, subject, predicate, obj, comment)).encode())
    return mint("alignment", f"{mapping_set}/{digest.hexdigest()[:16]}")


def review_iri(alignment: str) -> URIRef:
    """Return the IRI of the review (a ``prov:Activity``) that decided on one piece of link evidence."""
    return URIRef(f"{alignment}/review")


def sparql_prologue() -> str:
    """Return the PREFIX lines every project query may rely on."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in SPARQL_PREFIXES.items())


def expand(curie: str, prefixes: PrefixSet = "sssom") -> str | None:
    """The IRI of ``curie`` under the ``sssom`` or ``sparql`` prefixes; None for an unknown prefix.

    >>> expand("sdg:9.c")
    'http://metadata.un.org/sdg/9.c'
    >>> expand("nope:9.c") is None
    True
    """
    return _CONVERTERS[prefixes].expand(curie)


def compact(iri: str, prefixes: PrefixSet = "sssom") -> str | None:
    """``iri`` as a CURIE under the longest ``sssom`` or ``sparql`` prefix that fits; None if none does.

    >>> compact("https://w3id.org/itud-align/id/question/2022-2025/Q3-2")
    'question:2022-2025/Q3-2'
    >>> compact("https://w3id.org/itud-align/id/question/2022-2025/Q3-2", "sparql")
    'id:question/2022-2025/Q3-2'
    """
    return _CONVERTERS[prefixes].compress(iri)
