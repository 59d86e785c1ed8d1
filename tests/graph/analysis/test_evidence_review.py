"""A finding's evidence says who decided on each link and when, as the mapping files record it."""

from __future__ import annotations

from dataclasses import replace

from graph.analysis.evidence import Context, fact
from graph.analysis.frames import Frames, declared_links


def test_evidence_names_the_reviewer_and_the_date(frames: Frames) -> None:
    links = frames.links.copy()
    reviewed_row = declared_links(frames).index[0]
    links.loc[reviewed_row, ["reviewer", "reviewed"]] = ["https://w3id.org/itud-align/agent/a.chair", "2026-12-06"]
    ctx = Context(replace(frames, links=links), None)
    reviewed, *others = ctx.evidence_for(declared_links(replace(frames, links=links))["alignment"])
    assert (reviewed["reviewer"], reviewed["reviewed"]) == ("https://w3id.org/itud-align/agent/a.chair", "2026-12-06")
    # a link no one has decided on says so with None, not a blank string or NaN
    assert all(e["reviewer"] is None and e["reviewed"] is None for e in others)
    assert fact("s", "rdf:type", "o")["reviewer"] is None
