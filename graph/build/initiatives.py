"""The WTDC regional initiatives (``frameworks/wtdc_regional_initiatives.csv``), under their regions."""

from __future__ import annotations

from graph.build.writer import Writer, cycle_of, records
from graph.errors import DataError
from graph.load import Tables
from graph.namespaces import ITUD, SKOS, mint

__all__ = ["add_initiatives"]


def add_initiatives(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per initiative; its region must be one of ``regions.csv``."""
    fw = tables.frameworks
    path = tables.root / "frameworks" / "wtdc_regional_initiatives.csv"
    g = w.graph("wtdc_regional_initiatives")
    regions = set(fw["regions.csv"]["id"])
    for r in records(fw["wtdc_regional_initiatives.csv"]):
        if r["region"] not in regions:
            raise DataError(
                path,
                int(r["_line"]),
                f"unknown region {r['region']!r}",
                f"use one of {', '.join(sorted(regions))} or add it to frameworks/regions.csv",
            )
        iri = mint("initiative", r["id"])
        cycle = cycle_of(r["adopted_by"], fw["cycles.csv"], path, int(r["_line"]))
        g.concept(iri, ITUD.RegionalInitiative, "initiatives", r["code"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # an imported cycle may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.add(iri, SKOS.broader, mint("region", r["region"]))
        g.add(iri, ITUD.region, mint("region", r["region"]))
        g.text(iri, ITUD.period, r["period"])
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["title_status"], r["source"], r.get("note", ""))
        known[str(iri)] = "initiative"
