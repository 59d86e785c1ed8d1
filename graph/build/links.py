"""The links (``mappings/*.sssom.tsv``): each a plain triple and an Alignment node with its
evidence, plus the curators' reasons for elements left unlinked (``mappings/unlinked.csv``)
and the check that every Question and titled initiative is linked or has a reason."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.build.writer import Dataset, Writer, node, records
from graph.errors import DataError
from graph.load import Tables
from graph.namespaces import DCTERMS, ITUD, PROV, RDF, RDFS, XSD, expand, mint, review_iri
from graph.namespaces import alignment_iri as _alignment_iri

__all__ = ["add_mappings", "add_unlinked_reasons", "check_curation", "unlinked_reasons"]

# which kind of element each link predicate may point at
_OBJECT_KINDS = {
    "itud:contributesTo": ("sdg-goal", "sdg-target"),
    "itud:supportsActionLine": ("wsis",),
    "itud:implementsPriority": ("priority",),
    "itud:refersTo": ("resolution",),
}


def add_mappings(w: Writer, tables: Tables, known: dict[str, str], ds: Dataset) -> None:
    """Each link as a triple and an Alignment node; its object must be of the kind its predicate
    points at; counts links by justification and status into ``ds``."""
    # the per-row work is the build's hot loop at portfolio scale: terms are looked up once
    rdf_type, alignment = node(RDF.type), node(ITUD.Alignment)
    p_subject, p_predicate, p_object = (
        node(ITUD.alignmentSubject),
        node(ITUD.alignmentPredicate),
        node(ITUD.alignmentObject),
    )
    p_justification, p_confidence, p_author = node(ITUD.justification), node(ITUD.confidence), node(ITUD.author)
    p_date, p_status, p_set = node(ITUD.date), node(ITUD.status), node(ITUD.mappingSet)
    p_source, p_comment = node(ITUD.source), node(RDFS.comment)
    decimal, date = node(XSD.decimal), node(XSD.date)
    for name, (meta, frame) in sorted(tables.mappings.items()):
        path = tables.root / "mappings" / f"{name}.sssom.tsv"
        g = w.graph(f"mappings/{name}")
        graph, add = g.graph, w.quads.append
        set_iri = mint("mapping-set", name)
        g.add(set_iri, RDF.type, ITUD.MappingSet)
        g.text(set_iri, RDFS.label, str(meta.get("mapping_set_title", name)), "en")
        g.text(set_iri, RDFS.comment, str(meta.get("mapping_set_description", "")), "en")
        g.text(set_iri, ITUD.source, str(meta.get("license", "")))
        set_node = node(set_iri)
        for r in records(frame):
            line = int(r["_line"])
            subject, obj = r["subject_id_iri"], r["object_id_iri"]
            for column, iri in (("subject_id", subject), ("object_id", obj)):
                if iri not in known:
                    curie = r[column]
                    what = "SDG goal or target code" if curie.startswith("sdg:") else "element"
                    raise DataError(
                        path,
                        line,
                        f"{column} {curie!r}: unknown {what}",
                        "use an id that exists in data/frameworks (or the UN SDG KOS for sdg:)",
                    )
            allowed = _OBJECT_KINDS[r["predicate_id"]]
            if known[obj] not in allowed:
                raise DataError(
                    path,
                    line,
                    f"{r['predicate_id']} must point at {' or '.join(allowed)}, {r['object_id']} is a {known[obj]}",
                    "use the predicate that fits the object",
                )
            s_node, p_node, o_node = node(subject), node(r["predicate_id_iri"]), node(obj)
            if r["status"] != "rejected":  # a rejected link keeps its evidence, never its plain triple
                add(ox.Quad(s_node, p_node, o_node, graph))
            a = ox.NamedNode(str(_alignment_iri(name, subject, r["predicate_id_iri"], obj, r["comment"])))
            add(ox.Quad(a, rdf_type, alignment, graph))
            add(ox.Quad(a, p_subject, s_node, graph))
            add(ox.Quad(a, p_predicate, p_node, graph))
            add(ox.Quad(a, p_object, o_node, graph))
            add(ox.Quad(a, p_justification, node(r["mapping_justification_iri"]), graph))
            add(ox.Quad(a, p_confidence, ox.Literal(f"{r['confidence']:.2f}", datatype=decimal), graph))
            add(ox.Quad(a, p_author, node(r["author_id_iri"]), graph))
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
    review = node(review_iri(alignment.value))
    add(ox.Quad(alignment, node(PROV.wasGeneratedBy), review, graph))
    add(ox.Quad(review, node(RDF.type), node(PROV.Activity), graph))
    add(ox.Quad(review, node(PROV.wasAssociatedWith), node(r["reviewer_id_iri"]), graph))
    add(ox.Quad(review, node(DCTERMS.date), ox.Literal(r["review_date"], datatype=node(XSD.date)), graph))
    add(ox.Quad(review, node(RDFS.label), ox.Literal(f"review: {r['status']}", language="en"), graph))


def unlinked_reasons(tables: Tables, known: dict[str, str]) -> dict[str, str]:
    """Element IRI -> the curators' written reason why it has no SDG or WSIS link."""
    reasons: dict[str, str] = {}
    if tables.unlinked is None:
        return reasons
    path = tables.root / "mappings" / "unlinked.csv"
    for r in records(tables.unlinked):
        iri = expand(r["element_id"]) or ""
        if iri not in known:
            raise DataError(
                path,
                int(r["_line"]),
                f"unknown element {r['element_id']!r}",
                "use the CURIE of an element in data/frameworks",
            )
        reasons[iri] = r["reason"]
    return reasons


def add_unlinked_reasons(w: Writer, reasons: dict[str, str]) -> None:
    """The reasons, in their own graph."""
    g = w.graph("mappings/unlinked")
    for iri, reason in sorted(reasons.items()):
        g.text(iri, ITUD.unlinkedReason, reason, "en")


def check_curation(tables: Tables, known: dict[str, str], reasons: dict[str, str]) -> None:
    """Every Question and titled initiative needs an SDG-target and a WSIS link, or a reason."""
    targets: set[str] = set()
    lines: set[str] = set()
    for _meta, frame in tables.mappings.values():
        for r in records(frame):
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
        for r in records(tables.frameworks[name]):
            iri = str(mint(kind, r["id"]))
            if not r["title_en"].strip() or iri in reasons:
                continue
            missing = [w for w, s in (("SDG-target link", targets), ("WSIS link", lines)) if iri not in s]
            if missing:
                raise DataError(
                    tables.root / "frameworks" / name,
                    int(r["_line"]),
                    f"{prefix}:{r['id']} has no {' and no '.join(missing)}",
                    "curate the link(s) in data/mappings/*.sssom.tsv, or give the reason in data/mappings/unlinked.csv",
                )
