"""A finding's evidence says who decided on each link and when, as the mapping files record it."""

from __future__ import annotations

from dataclasses import replace

from graph.analysis.evidence import Context, Link, fact
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


def test_an_elements_links_are_those_the_links_frame_holds_in_its_order(frames: Frames) -> None:
    # the context indexes the links one predicate at a time, on first use: it must give what
    # filtering the frame gives, in the frame's order (here shuffled, seeded)
    links = frames.links.sample(frac=1.0, random_state=3)
    shuffled = replace(frames, links=links)
    ctx = Context(shuffled, None)
    declared = declared_links(shuffled)
    assert declared["predicate"].nunique() >= 3
    for (element, predicate), rows in declared.groupby(["element", "predicate"], sort=False):
        columns = (rows["object"], rows["object_kind"], rows["alignment"])
        expected = [Link(o, k, a) for o, k, a in zip(*columns, strict=True)]
        assert ctx.of(element, predicate) == expected
        assert ctx.of(element, predicate, "target") == [link for link in expected if link.kind == "target"]
    direct = declared[(declared["predicate"] == "contributesTo") & (declared["object_kind"] == "target")]
    for element, rows in direct.groupby("element", sort=False):
        columns = (rows["object"], rows["alignment"])
        assert ctx.direct_of(element) == [Link(o, "target", a) for o, a in zip(*columns, strict=True)]
    assert ctx.of("no-such-element", "contributesTo") == [] and ctx.direct_of("no-such-element") == []
