"""The WSIS action lines (``frameworks/wsis_action_lines.csv``); ITU leads C2, C5 and C6."""

from __future__ import annotations

from graph.build.writer import Writer, lit, records
from graph.errors import DataError
from graph.load import Tables
from graph.namespaces import ITUD, SKOS, XSD, mint

__all__ = ["ITU_LEAD_LINES", "add_wsis_action_lines"]

ITU_LEAD_LINES = ("C2", "C5", "C6")


def add_wsis_action_lines(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per action line, under its parent line, flagged when ITU leads it."""
    path = tables.root / "frameworks" / "wsis_action_lines.csv"
    g = w.graph("wsis_action_lines")
    lines = tables.frameworks["wsis_action_lines.csv"]
    codes = set(lines["code"])
    for r in records(lines):
        iri = mint("wsis", r["code"])
        g.concept(iri, ITUD.WsisActionLine, "wsis-action-lines", r["code"])
        g.text(iri, SKOS.prefLabel, r["title_en"], "en")
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")
        g.text(iri, SKOS.altLabel, r.get("title_en_gpoa_heading", ""), "en")
        if r["parent"]:
            if r["parent"] not in codes:
                raise DataError(
                    path,
                    int(r["_line"]),
                    f"parent {r['parent']!r} is not an action line code",
                    "use a code of the file",
                )
            g.add(iri, SKOS.broader, mint("wsis", r["parent"]))
        g.text(iri, ITUD.ituRole, r["itu_role"])
        g.text(iri, ITUD.leadFacilitator, r.get("lead_facilitator", ""))
        g.add(iri, ITUD.isItuLead, lit("true" if r["code"] in ITU_LEAD_LINES else "false", datatype=XSD.boolean))
        fr_note = f"French title: {r['title_fr_status']}" if r.get("title_fr") and r.get("title_fr_status") else ""
        g.provenance(iri, r["title_en_status"], r.get("title_en_source", ""), fr_note)
        known[str(iri)] = "wsis"
