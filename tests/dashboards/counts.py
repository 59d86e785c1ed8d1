"""Counts the dashboard must show, read from the data files themselves (never typed in by hand)."""

from __future__ import annotations

from collections import Counter

from graph.sssom import read_sssom
from tests.conftest import DATA


def element_links_by_status() -> Counter[str]:
    """Links from a portfolio element (every mapping set but the WSIS-SDG Matrix, whose subjects are
    action lines), by status; rejected links are no links."""
    counts: Counter[str] = Counter()
    for path in sorted((DATA / "mappings").glob("*.sssom.tsv")):
        if path.name != "wsis-sdg-matrix.sssom.tsv":
            counts.update(read_sssom(path)[1]["status"])
    counts.pop("rejected", None)
    return Counter({s: counts.get(s, 0) for s in ("verified", "unverified", "suggested")})
