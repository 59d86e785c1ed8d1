"""The ITU-D priorities (``frameworks/itud_priorities.csv``) and every concept scheme's title
(one scheme per kind of priority, beside the fixed ones)."""

from __future__ import annotations

from collections.abc import Iterable

from graph.build.writer import Writer, cycle_of, records
from graph.load import Tables
from graph.namespaces import ITUD, RDF, SKOS, mint

__all__ = ["add_priorities"]

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


def _schemes(w: Writer, priority_kinds: Iterable[tuple[str, str]]) -> None:
    g = w.graph("itud-align-schemes")
    labels = dict(_SCHEME_LABELS)
    for kind, framework in priority_kinds:
        labels[kind.replace("_", "-")] = (framework, framework)
    for local, (en, fr) in sorted(labels.items()):
        iri = mint("scheme", local)
        g.add(iri, RDF.type, SKOS.ConceptScheme)
        g.text(iri, SKOS.prefLabel, en, "en")
        g.text(iri, SKOS.prefLabel, fr, "fr")


def add_priorities(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One top concept per priority in the scheme of its kind, then every scheme's title."""
    path = tables.root / "frameworks" / "itud_priorities.csv"
    cycles = tables.frameworks["cycles.csv"]
    g = w.graph("itud_priorities")
    priorities = tables.frameworks["itud_priorities.csv"]
    for r in records(priorities):
        iri = mint("priority", r["id"])
        scheme = r["kind"].replace("_", "-")
        g.concept(iri, ITUD.Priority, scheme, r["id"])
        g.add(iri, SKOS.topConceptOf, mint("scheme", scheme))
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # an imported cycle may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.text(iri, ITUD.kind, r["kind"])
        cycle = cycle_of(r["framework"], cycles, path, int(r["_line"]))
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["status"], r["source"], r.get("note", ""))
        known[str(iri)] = "priority"
    _schemes(w, sorted(set(zip(priorities["kind"], priorities["framework"], strict=True))))
