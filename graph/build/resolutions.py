"""The WTDC and Plenipotentiary Conference Resolutions (``frameworks/wtdc_resolutions.csv``,
``frameworks/pp_resolutions.csv``)."""

from __future__ import annotations

from graph.build.writer import Writer, records
from graph.load import Tables
from graph.namespaces import ITUD, SKOS, mint

__all__ = ["RESOLUTION_FILES", "add_resolutions"]

RESOLUTION_FILES = ("wtdc_resolutions.csv", "pp_resolutions.csv")


def add_resolutions(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per Resolution; a WTDC Resolution is tied to the cycles whose venue revised it."""
    cycles = tables.frameworks["cycles.csv"]
    venues = {row["venue"]: row["id"] for row in records(cycles) if row.get("venue")}
    for name in RESOLUTION_FILES:
        g = w.graph(name.removesuffix(".csv"))
        for r in records(tables.frameworks[name]):
            iri = mint("resolution", r["id"])
            body = r["body"]
            g.concept(
                iri,
                ITUD.Resolution,
                f"{body.lower()}-resolutions",
                f"{body} Res. {r['number']}" if r["number"] else r["id"],
            )
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
