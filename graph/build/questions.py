"""The ITU-D study Questions (``frameworks/itud_study_questions.csv``) and their study groups."""

from __future__ import annotations

from graph.build.writer import Writer, cycle_of, records
from graph.load import Tables
from graph.namespaces import ITUD, SKOS, mint

__all__ = ["add_questions"]


def add_questions(w: Writer, tables: Tables, known: dict[str, str]) -> None:
    """One concept per Question, under the study group of its period (minted on first use)."""
    path = tables.root / "frameworks" / "itud_study_questions.csv"
    cycles = tables.frameworks["cycles.csv"]
    g = w.graph("itud_study_questions")
    for r in records(tables.frameworks["itud_study_questions.csv"]):
        iri = mint("question", r["id"])
        cycle = cycle_of(r["established_by"], cycles, path, int(r["_line"]))
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
        g.text(iri, SKOS.prefLabel, r.get("title_fr", ""), "fr")  # an imported cycle may give one
        g.text(iri, ITUD.objective, r.get("objective_en", ""), "en")
        g.add(iri, SKOS.broader, sg)
        g.add(iri, ITUD.studyGroup, sg)
        g.text(iri, ITUD.period, r["study_period"])
        if cycle:
            g.add(iri, ITUD.cycle, mint("cycle", cycle))
        g.provenance(iri, r["title_status"], r["source"], r.get("note", ""))
        known[str(iri)] = "question"
