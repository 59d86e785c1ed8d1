"""The CLI, the dashboard's headline figures and the SPARQL store give the same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from dashboards.data import DashboardData
from dashboards.pages.overview.view import kpis
from dashboards.urlstate import ViewState
from graph.analysis.misalignments import misalignment_count
from graph.cli import app
from graph.stores import OxigraphStore

runner = CliRunner()


def _cli_rows(*args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("[") :])


def test_overview_figures_equal_the_cli_and_sparql(bundled_env: Path, bundled_store: OxigraphStore) -> None:
    figures = kpis(DashboardData.open(bundled_env), ViewState())

    assert figures.gaps == len(_cli_rows("gaps"))
    # the notes (M1, the Matrix's silence) are listed by the CLI and counted by neither
    assert figures.misalignments == misalignment_count(pd.DataFrame(_cli_rows("misalignments")))

    by_status = bundled_store.select("""
        SELECT ?status (COUNT(?a) AS ?n) WHERE {
          ?a a itud:Alignment ; itud:status ?status ; itud:alignmentSubject ?s .
          FILTER NOT EXISTS { ?s a itud:WsisActionLine }
        } GROUP BY ?status""")
    counts = dict(zip(by_status["status"], by_status["n"], strict=True))
    assert figures.links_by_status["verified"] == counts.get("verified", 0)
    assert figures.links_by_status["unverified"] == counts.get("unverified", 0)
    assert figures.links_by_status["suggested"] == counts.get("suggested", 0)
