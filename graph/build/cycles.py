"""The WTDC cycles (``frameworks/cycles.csv``) and the ITU-D regions (``frameworks/regions.csv``)."""

from __future__ import annotations

from graph.build.writer import Writer, records
from graph.load import Tables
from graph.namespaces import ITUD, RDFS, SKOS, mint

__all__ = ["add_cycles", "add_regions"]


def add_cycles(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per WTDC cycle, titled in English and French."""
    g = w.graph("cycles")
    for r in records(tables.frameworks["cycles.csv"]):
        iri = mint("cycle", r["id"])
        g.concept(iri, ITUD.Cycle, "cycles", r["id"])
        g.text(iri, SKOS.prefLabel, f"{r['id']} ({r['study_period']})", "en")
        g.text(iri, SKOS.prefLabel, f"CMDT-{r['id'].split('-')[1]} ({r['study_period']})", "fr")
        g.text(iri, ITUD.period, r["study_period"])
        g.text(
            iri,
            RDFS.comment,
            f"{r['conference']}, {r.get('venue', '')}; {r['action_plan']} {r['action_plan_period']}",
            "en",
        )
        g.provenance(iri, r["status"], r.get("source", ""))
        known[str(iri)] = "cycle"


def add_regions(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per ITU-D region."""
    g = w.graph("regions")
    for r in records(tables.frameworks["regions.csv"]):
        iri = mint("region", r["id"])
        g.concept(iri, ITUD.Region, "regions", r["id"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r["title_fr"], "fr")
        g.provenance(iri, r["status"], r["source"])
        known[str(iri)] = "region"
