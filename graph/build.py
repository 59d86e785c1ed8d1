"""Turn checked tables into the RDF dataset: one named graph per source file.

The result is deterministic: the same data gives the same quads, the same sorted
N-Quads dump and the same snapshot id. Blank nodes of the sources are skolemised
into IRIs that depend only on the source and its own labels.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox

from graph.errors import DataError
from graph.load import FRAMEWORK_FILES, Tables, normalise_status, read_turtle
from graph.namespaces import (
    CURIE_PREFIXES,
    DCTERMS,
    ITUD,
    PROV,
    RDF,
    RDFS,
    SDGO,
    SKOS,
    XSD,
    graph_iri,
    mint,
    review_iri,
)
from graph.namespaces import alignment_iri as _alignment_iri
from graph.sdg_titles import mismatched_kos_labels, translation_key

__all__ = ["Dataset", "build_dataset", "canonical_nquads", "ontology_quads", "snapshot_id"]

ITU_LEAD_LINES = ("C2", "C5", "C6")
# which kind of element each link predicate may point at
_OBJECT_KINDS = {
    "itud:contributesTo": ("sdg-goal", "sdg-target"),
    "itud:supportsActionLine": ("wsis",),
    "itud:implementsPriority": ("priority",),
    "itud:refersTo": ("resolution",),
}
_SCHEME_LABELS = {
    "questions": ("ITU-D study Questions", "Questions d'étude de l'UIT-D"),
    "study-groups": ("ITU-D study groups", "Commissions d'études de l'UIT-D"),
    "initiatives": ("WTDC regional initiatives", "Initiatives régionales de la CMDT"),
    "regions": ("ITU-D regions", "Régions de l'UIT-D"),
    "wsis-action-lines": ("WSIS action lines", "Grandes orientations du SMSI"),
    "cycles": ("WTDC cycles", "Cycles de la CMDT"),
    "wtdc-resolutions": ("WTDC Resolutions", "Résolutions de la CMDT"),
    "pp-resolutions": ("Plenipotentiary Conference Resolutions", "Résolutions de la Conférence de plénipotentiaires"),
}


@dataclass
class Dataset:
    """The built dataset: its quads and what the summary reports."""

    quads: list[ox.Quad]
    elements: Counter = field(default_factory=Counter)
    links_by_justification: Counter = field(default_factory=Counter)
    links_by_status: Counter = field(default_factory=Counter)
    elements_by_status: Counter = field(default_factory=Counter)


@functools.cache
def _n(iri: str) -> ox.NamedNode:
    """The pyoxigraph node of an IRI; cached, since the same IRIs recur in many quads."""
    return ox.NamedNode(str(iri))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts, like ``to_dict("records")`` but column by column (much faster)."""
    columns = [frame[c].tolist() for c in frame.columns]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _lit(value: str, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=_n(datatype))
    return ox.Literal(value)


class _Writer:
    """Collects quads into one named graph at a time."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def graph(self, source: str) -> _GraphWriter:
        return _GraphWriter(self, _n(graph_iri(source)))


class _GraphWriter:
    def __init__(self, writer: _Writer, graph: ox.NamedNode) -> None:
        self._quads = writer.quads
        self.graph = graph

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = _n(o) if isinstance(o, str) else o
        self._quads.append(ox.Quad(_n(s), _n(p), obj, self.graph))

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        if value and value.strip():
            self.add(s, p, _lit(value.strip(), lang=lang))

    def concept(self, iri: str, cls: str, scheme: str, notation: str) -> None:
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, RDF.type, cls)
        self.add(iri, SKOS.inScheme, mint("scheme", scheme))
        self.add(iri, SKOS.notation, _lit(notation))

    def provenance(self, iri: str, source_status: str, source: str, note: str = "") -> None:
        self.add(iri, ITUD.status, _lit(normalise_status(source_status)))
        self.text(iri, ITUD.sourceStatus, source_status)
        self.text(iri, ITUD.source, source)
        self.text(iri, ITUD.note, note)


def ontology_quads() -> list[ox.Quad]:
    """Return the ontology (``graph/ontology.ttl``) in its own named graph."""
    path = Path(str(resources.files("graph") / "ontology.ttl"))
    graph = _n(graph_iri("ontology"))
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in read_turtle(path)]


def _skolemised(quads: Iterable[ox.Quad], source: str) -> list[ox.Quad]:
    graph = _n(graph_iri(source))

    def term(t):  # type: ignore[no-untyped-def]
        return _n(mint("genid", f"{source}/{t.value}")) if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), graph) for q in quads]


def _value(term: object) -> str:
    """The IRI or lexical form of a pyoxigraph term (the stubs type it as a union)."""
    return str(getattr(term, "value", ""))


def _language(term: object) -> str | None:
    return getattr(term, "language", None)


def _sdg_kinds(tables: Tables) -> dict[str, str]:
    kinds: dict[str, str] = {}
    names = {str(SDGO.Goal): "sdg-goal", str(SDGO.Target): "sdg-target", str(SDGO.Indicator): "sdg-indicator"}
    for q in tables.sdg_quads:
        if _value(q.predicate) == str(RDF.type) and _value(q.object) in names:
            kinds[_value(q.subject)] = names[_value(q.object)]
    return kinds


def _ambiguous_kos_labels(tables: Tables, sdg_kinds: dict[str, str]) -> set[tuple[str, str]]:
    """(IRI, language) pairs where the UN KOS gives a goal or target more than one prefLabel.

    The KOS snapshot has such defects (target 12.3 carries stray labels); there the
    open-sdg title replaces the KOS labels, so that every goal and target keeps one
    title per language.
    """
    seen = Counter(
        (_value(q.subject), _language(q.object) or "")
        for q in tables.sdg_quads
        if _value(q.predicate) == str(SKOS.prefLabel)
        and sdg_kinds.get(_value(q.subject)) in ("sdg-goal", "sdg-target")
    )
    return {key for key, count in seen.items() if count > 1}


def _kos_quads(tables: Tables, ambiguous: set[tuple[str, str]]) -> list[ox.Quad]:
    keep = [
        q for q in tables.sdg_quads
        if not (_value(q.predicate) == str(SKOS.prefLabel)
                and (_value(q.subject), _language(q.object) or "") in ambiguous)
    ]
    return _skolemised(keep, "un-sdg-kos")


def _add_translations(
    w: _Writer, tables: Tables, sdg_kinds: dict[str, str], ambiguous: set[tuple[str, str]]
) -> None:
    g = w.graph("open-sdg-translations")
    for iri, lang in sorted(ambiguous):
        g.text(iri, ITUD.note, f"The UN KOS {lang} title is defective (several titles, or text that is not the "
                               f"target's: a stray footnote digit, a spliced phrase); the open-sdg {lang} title "
                               "is used.")
    for lang, titles in tables.translations.items():
        for key, text in titles.items():
            found = translation_key(key)
            if found is None:
                continue
            iri, prop = found
            if iri not in sdg_kinds:
                raise DataError(tables.root / "sources/open-sdg-translations" / lang, None,
                                f"key {key!r} names no SDG goal or target of the UN KOS",
                                "restore the translation files from data/sources")
            # the UN KOS already gives en, fr and es titles; keep those official ones
            if prop == SKOS.prefLabel and lang in ("en", "fr", "es") and (iri, lang) not in ambiguous:
                continue
            g.text(iri, prop, text, lang=lang)


def _cycle_of(text: str, cycles: pd.DataFrame, path: Path, line: int) -> str | None:
    match = re.search(r"WTDC-\d{2}", text)
    if not match:
        return None
    if match.group(0) not in set(cycles["id"]):
        raise DataError(path, line, f"cycle {match.group(0)} is not in frameworks/cycles.csv",
                        "add a row for that cycle to data/frameworks/cycles.csv")
    return match.group(0)


def _schemes(w: _Writer, priority_kinds: Iterable[tuple[str, str]]) -> None:
    g = w.graph("itud-align-schemes")
    labels = dict(_SCHEME_LABELS)
    for kind, framework in priority_kinds:
        labels[kind.replace("_", "-")] = (framework, framework)
    for local, (en, fr) in sorted(labels.items()):
        iri = mint("scheme", local)
        g.add(iri, RDF.type, SKOS.ConceptScheme)
        g.text(iri, SKOS.prefLabel, en, "en")
        g.text(iri, SKOS.prefLabel, fr, "fr")


def _add_frameworks(w: _Writer, tables: Tables) -> dict[str, str]:
    """Add every element; return element IRI -> kind."""
    fw = tables.frameworks
    root = tables.root / "frameworks"
    known: dict[str, str] = {}
    cycles = fw["cycles.csv"]

    g = w.graph("cycles")
    for r in _records(cycles):
        iri = mint("cycle", r["id"])
        g.concept(iri, ITUD.Cycle, "cycles", r["id"])
        g.text(iri, SKOS.prefLabel, f"{r['id']} ({r['study_period']})", "en")
        g.text(iri, SKOS.prefLabel, f"CMDT-{r['id'].split('-')[1]} ({r['study_period']})", "fr")
        g.text(iri, ITUD.period, r["study_period"])
        g.text(iri, RDFS.comment, f"{r['conference']}, {r.get('venue', '')}; {r['action_plan']} "
               f"{r['action_plan_period']}", "en")
        g.provenance(iri, r["status"], r.get("source", ""))
        known[str(iri)] = "cycle"

    g = w.graph("regions")
    for r in _records(fw["regions.csv"]):
        iri = mint("region", r["id"])
        g.concept(iri, ITUD.Region, "regions", r["id"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r["title_fr"], "fr")
        g.provenance(iri, r["status"], r["source"])
        known[str(iri)] = "region"

    g = w.graph("wsis_action_lines")
    lines = fw["wsis_action_lines.csv"]
    codes = set(lines["code"])
    for r in _records(lines):
        iri = mint("wsis", r["code"])
        g.concept(iri, ITUD.WsisActionLine, "wsis-action-lines", r["code"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")
        g.text(iri, SKOS.altLabel, r.get("title_en_gpoa_heading", ""), "en")
        if r["parent"]:
            if r["parent"] not in codes:
                raise DataError(root / "wsis_action_lines.csv", int(r["_line"]),
                                f"parent {r['parent']!r} is not an action line code", "use a code of the file")
            g.add(iri, SKOS.broader, mint("wsis", r["parent"]))
        g.text(iri, ITUD.ituRole, r["itu_role"])
        g.text(iri, ITUD.leadFacilitator, r.get("lead_facilitator", ""))
        g.add(iri, ITUD.isItuLead, _lit("true" if r["code"] in ITU_LEAD_LINES else "false", datatype=XSD.boolean))
        fr_note = f"French title: {r['title_fr_status']}" if r.get("title_fr") and r.get("title_fr_status") else ""
        g.provenance(iri, r["title_en_status"], r.get("title_en_source", ""), fr_note)
        known[str(iri)] = "wsis"

    path = root / "itud_study_questions.csv"
    g = w.graph("itud_study_questions")
    for r in _records(fw["itud_study_questions.csv"]):
        iri = mint("question", r["id"])
        cycle = _cycle_of(r["established_by"], cycles, path, int(r["_line"]))
        sg = mint("study-group", f"{r['study_period']}/SG{r['study_group']}")
        if str(sg) not in known:
            g.concept(sg, ITUD.StudyGroup, "study-groups", f"SG{r['study_group']}")
            g.text(sg, SKOS.prefLabel, f"ITU-D Study Group {r['study_group']} ({r['study_period']})", "en")
            g.text(sg, SKOS.prefLabel, f"Commission d'études {r['study_group']} de l'UIT-D ({r['study_period']})", "fr")
            g.text(sg, ITUD.period, r["study_period"])
            if cycle:
                g.add(sg, ITUD.cycle, mint("cycle", cycle))
            known[str(sg)] = "study-group"
        g.concept(iri, ITUD.StudyQuestion, "questions", f"Q{r['question']}")
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # imported cycles may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.add(iri, SKOS.broader, sg)
        g.add(iri, ITUD.studyGroup, sg)
        g.text(iri, ITUD.period, r["study_period"])
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["title_status"], r["source"], r.get("note", ""))
        known[str(iri)] = "question"

    path = root / "wtdc_regional_initiatives.csv"
    g = w.graph("wtdc_regional_initiatives")
    regions = set(fw["regions.csv"]["id"])
    for r in _records(fw["wtdc_regional_initiatives.csv"]):
        if r["region"] not in regions:
            raise DataError(path, int(r["_line"]), f"unknown region {r['region']!r}",
                            f"use one of {', '.join(sorted(regions))} or add it to frameworks/regions.csv")
        iri = mint("initiative", r["id"])
        cycle = _cycle_of(r["adopted_by"], cycles, path, int(r["_line"]))
        g.concept(iri, ITUD.RegionalInitiative, "initiatives", r["code"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # imported cycles may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.add(iri, SKOS.broader, mint("region", r["region"]))
        g.add(iri, ITUD.region, mint("region", r["region"]))
        g.text(iri, ITUD.period, r["period"])
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["title_status"], r["source"], r.get("note", ""))
        known[str(iri)] = "initiative"

    path = root / "itud_priorities.csv"
    g = w.graph("itud_priorities")
    priorities = fw["itud_priorities.csv"]
    for r in _records(priorities):
        iri = mint("priority", r["id"])
        scheme = r["kind"].replace("_", "-")
        g.concept(iri, ITUD.Priority, scheme, r["id"])
        g.add(iri, SKOS.topConceptOf, mint("scheme", scheme))
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # imported cycles may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.text(iri, ITUD.kind, r["kind"])
        cycle = _cycle_of(r["framework"], cycles, path, int(r["_line"]))
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["status"], r["source"], r.get("note", ""))
        known[str(iri)] = "priority"
    _schemes(w, sorted(set(zip(priorities["kind"], priorities["framework"], strict=True))))

    venues = {row["venue"]: row["id"] for row in _records(cycles) if row.get("venue")}
    for name in ("wtdc_resolutions.csv", "pp_resolutions.csv"):
        g = w.graph(name.removesuffix(".csv"))
        for r in _records(fw[name]):
            iri = mint("resolution", r["id"])
            body = r["body"]
            g.concept(iri, ITUD.Resolution, f"{body.lower()}-resolutions",
                      f"{body} Res. {r['number']}" if r["number"] else r["id"])
            title = r["title_en"]
            if title.startswith("["):  # a description of a topic, not a title
                g.text(iri, SKOS.scopeNote, title.strip("[]"), "en")
            else:
                g.text(iri, SKOS.prefLabel, title, "en")
                g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")
            g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
            g.text(iri, ITUD.body, body)
            g.text(iri, ITUD.revision, r["revision"])
            if body == "WTDC":
                for venue, cycle_id in venues.items():
                    if venue in r["revision"]:
                        g.add(iri, ITUD.cycle, mint("cycle", cycle_id))
            g.provenance(iri, r["status"], r.get("source", ""), r.get("note", ""))
            known[str(iri)] = "resolution"
    return known


def _add_mappings(w: _Writer, tables: Tables, known: dict[str, str], ds: Dataset) -> None:
    # the per-row work is the build's hot loop at portfolio scale: terms are looked up once
    rdf_type, alignment = _n(RDF.type), _n(ITUD.Alignment)
    p_subject, p_predicate, p_object = _n(ITUD.alignmentSubject), _n(ITUD.alignmentPredicate), \
        _n(ITUD.alignmentObject)
    p_justification, p_confidence, p_author = _n(ITUD.justification), _n(ITUD.confidence), _n(ITUD.author)
    p_date, p_status, p_set = _n(ITUD.date), _n(ITUD.status), _n(ITUD.mappingSet)
    p_source, p_comment = _n(ITUD.source), _n(RDFS.comment)
    decimal, date = _n(XSD.decimal), _n(XSD.date)
    for name, (meta, frame) in sorted(tables.mappings.items()):
        path = tables.root / "mappings" / f"{name}.sssom.tsv"
        g = w.graph(f"mappings/{name}")
        graph, add = g.graph, w.quads.append
        set_iri = mint("mapping-set", name)
        g.add(set_iri, RDF.type, ITUD.MappingSet)
        g.text(set_iri, RDFS.label, str(meta.get("mapping_set_title", name)), "en")
        g.text(set_iri, RDFS.comment, str(meta.get("mapping_set_description", "")), "en")
        g.text(set_iri, ITUD.source, str(meta.get("license", "")))
        set_node = _n(set_iri)
        for r in _records(frame):
            line = int(r["_line"])
            subject, obj = r["subject_id_iri"], r["object_id_iri"]
            for column, iri in (("subject_id", subject), ("object_id", obj)):
                if iri not in known:
                    curie = r[column]
                    what = "SDG goal or target code" if curie.startswith("sdg:") else "element"
                    raise DataError(path, line, f"{column} {curie!r}: unknown {what}",
                                    "use an id that exists in data/frameworks (or the UN SDG KOS for sdg:)")
            allowed = _OBJECT_KINDS[r["predicate_id"]]
            if known[obj] not in allowed:
                raise DataError(path, line, f"{r['predicate_id']} must point at {' or '.join(allowed)}, "
                                f"{r['object_id']} is a {known[obj]}", "use the predicate that fits the object")
            s_node, p_node, o_node = _n(subject), _n(r["predicate_id_iri"]), _n(obj)
            if r["status"] != "rejected":  # a rejected link keeps its evidence, never its plain triple
                add(ox.Quad(s_node, p_node, o_node, graph))
            a = ox.NamedNode(str(_alignment_iri(name, subject, r["predicate_id_iri"], obj, r["comment"])))
            add(ox.Quad(a, rdf_type, alignment, graph))
            add(ox.Quad(a, p_subject, s_node, graph))
            add(ox.Quad(a, p_predicate, p_node, graph))
            add(ox.Quad(a, p_object, o_node, graph))
            add(ox.Quad(a, p_justification, _n(r["mapping_justification_iri"]), graph))
            add(ox.Quad(a, p_confidence, ox.Literal(f"{r['confidence']:.2f}", datatype=decimal), graph))
            add(ox.Quad(a, p_author, _n(r["author_id_iri"]), graph))
            add(ox.Quad(a, p_date, ox.Literal(r["mapping_date"], datatype=date), graph))
            add(ox.Quad(a, p_status, ox.Literal(r["status"]), graph))
            add(ox.Quad(a, p_set, set_node, graph))
            if r["source"].strip():
                add(ox.Quad(a, p_source, ox.Literal(r["source"].strip()), graph))
            if r["comment"].strip():
                add(ox.Quad(a, p_comment, ox.Literal(r["comment"].strip(), language="en"), graph))
            if r["reviewer_id_iri"]:
                _add_review(add, a, r, graph)
            ds.links_by_justification[r["mapping_justification"]] += 1
            ds.links_by_status[r["status"]] += 1


def _add_review(add: Any, alignment: ox.NamedNode, r: dict[str, Any], graph: ox.NamedNode) -> None:
    """Who decided on a link and when, as PROV: the evidence was generated by a review activity."""
    review = _n(review_iri(alignment.value))
    add(ox.Quad(alignment, _n(PROV.wasGeneratedBy), review, graph))
    add(ox.Quad(review, _n(RDF.type), _n(PROV.Activity), graph))
    add(ox.Quad(review, _n(PROV.wasAssociatedWith), _n(r["reviewer_id_iri"]), graph))
    add(ox.Quad(review, _n(DCTERMS.date), ox.Literal(r["review_date"], datatype=_n(XSD.date)), graph))
    add(ox.Quad(review, _n(RDFS.label), ox.Literal(f"review: {r['status']}", language="en"), graph))


def _unlinked_reasons(tables: Tables, known: dict[str, str]) -> dict[str, str]:
    """Element IRI -> the curators' written reason why it has no SDG or WSIS link."""
    reasons: dict[str, str] = {}
    if tables.unlinked is None:
        return reasons
    path = tables.root / "mappings" / "unlinked.csv"
    for r in _records(tables.unlinked):
        prefix, _, local = r["element_id"].partition(":")
        iri = CURIE_PREFIXES.get(prefix, "") + local
        if iri not in known:
            raise DataError(path, int(r["_line"]), f"unknown element {r['element_id']!r}",
                            "use the CURIE of an element in data/frameworks")
        reasons[iri] = r["reason"]
    return reasons


def _add_unlinked_reasons(w: _Writer, reasons: dict[str, str]) -> None:
    g = w.graph("mappings/unlinked")
    for iri, reason in sorted(reasons.items()):
        g.text(iri, ITUD.unlinkedReason, reason, "en")


def _check_curation(tables: Tables, known: dict[str, str], reasons: dict[str, str]) -> None:
    """Every Question and titled initiative needs an SDG-target and a WSIS link, or a reason."""
    targets: set[str] = set()
    lines: set[str] = set()
    for _meta, frame in tables.mappings.values():
        for r in _records(frame):
            if r["status"] in ("suggested", "rejected"):  # a suggestion is no curation, a rejection no link
                continue
            if r["predicate_id"] == "itud:contributesTo" and known.get(r["object_id_iri"]) == "sdg-target":
                targets.add(r["subject_id_iri"])
            elif r["predicate_id"] == "itud:supportsActionLine":
                lines.add(r["subject_id_iri"])
    checks = (
        ("itud_study_questions.csv", "question", "question"),
        ("wtdc_regional_initiatives.csv", "initiative", "initiative"),
    )
    for name, kind, prefix in checks:
        for r in _records(tables.frameworks[name]):
            iri = str(mint(kind, r["id"]))
            if not r["title_en"].strip() or iri in reasons:
                continue
            missing = [w for w, s in (("SDG-target link", targets), ("WSIS link", lines)) if iri not in s]
            if missing:
                raise DataError(tables.root / "frameworks" / name, int(r["_line"]),
                                f"{prefix}:{r['id']} has no {' and no '.join(missing)}",
                                "curate the link(s) in data/mappings/*.sssom.tsv, or give the reason in "
                                "data/mappings/unlinked.csv")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: quads hold no cycles, and a million of them would
    otherwise be scanned over and over as the list grows (a third of the time it takes)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_dataset(tables: Tables) -> Dataset:
    """Build every quad of the dataset from checked tables."""
    with _gc_paused():
        return _build_dataset(tables)


def _build_dataset(tables: Tables) -> Dataset:
    w = _Writer()
    w.quads.extend(ontology_quads())
    sdg_kinds = _sdg_kinds(tables)
    ambiguous = _ambiguous_kos_labels(tables, sdg_kinds) | mismatched_kos_labels(tables, sdg_kinds)
    w.quads.extend(_kos_quads(tables, ambiguous))
    w.quads.extend(_skolemised(tables.sdg_ontology_quads, "un-sdg-ontology"))
    _add_translations(w, tables, sdg_kinds, ambiguous)
    known = {**sdg_kinds, **_add_frameworks(w, tables)}
    ds = Dataset(quads=[])
    _add_mappings(w, tables, known, ds)
    reasons = _unlinked_reasons(tables, known)
    _add_unlinked_reasons(w, reasons)
    _check_curation(tables, known, reasons)
    ds.quads = list(dict.fromkeys(w.quads))
    ds.elements = Counter(k for k in known.values())
    for name, (kind, _required) in FRAMEWORK_FILES.items():
        frame = tables.frameworks[name]
        column = next(c for c in ("title_status", "status", "title_en_status") if c in frame.columns)
        for value in frame[column]:
            ds.elements_by_status[(kind, normalise_status(value))] += 1
    return ds


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Serialise quads as sorted, de-duplicated N-Quads: byte-identical for the same data.

    pyoxigraph serialises all quads at once; sorting the UTF-8 lines as bytes gives the
    order of their code points, so the dump is the same as sorting the lines as text.
    """
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
    lines.sort()
    return b"".join(line for line, before in zip(lines, [b"", *lines], strict=False) if line != before)


def snapshot_id(nquads: bytes) -> str:
    """Return the short content hash that names a build."""
    return hashlib.sha256(nquads).hexdigest()[:12]
