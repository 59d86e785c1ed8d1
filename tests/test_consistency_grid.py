"""One picture everywhere: for every page and a grid of views (each region, each cycle, each link
status, both scopes, both languages), chart totals, table rows, headline figures and the CLI
give the same numbers.

The views are built from the data files (regions.csv, cycles.csv), not from the code's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from typer.testing import CliRunner

from dashboards.data import DashboardData
from dashboards.i18n import t
from dashboards.pages.data import callbacks as datainfo
from dashboards.pages.gaps import callbacks as gaps
from dashboards.pages.misalignments import callbacks as misalignments
from dashboards.pages.overview import callbacks as overview
from dashboards.pages.overview import view as overview_view
from graph.cli import app
from tests.conftest import DATA

runner = CliRunner()
REGIONS = sorted(pd.read_csv(DATA / "frameworks/regions.csv")["id"])
CYCLES = sorted(pd.read_csv(DATA / "frameworks/cycles.csv")["id"])
PRIORITIES = pd.read_csv(DATA / "frameworks/itud_priorities.csv")
VIEWS = [
    "",
    "?lang=fr",
    "?scope=all",
    "?lang=fr&scope=all",
    "?status=verified",
    "?status=unverified",
    *[f"?region={r}" for r in REGIONS],
    "?lang=fr&region=AFR&scope=all",
    *[f"?period={c}" for c in CYCLES],
    "?period=WTDC-22&status=unverified",
]
_CLI = {"region": "--region", "period": "--period", "status": "--status", "scope": "--scope"}


def headline_lang(view: str) -> str:
    return "fr" if "lang=fr" in view else "en"


def _total(fig, skip: str = "") -> int:
    """Sum of every bar of a bar chart (vertical or horizontal), but the series named ``skip``."""
    return int(
        sum(sum(v for v in (tr.x if tr.orientation == "h" else tr.y) if v) for tr in fig.data if tr.name != skip)
    )


def _cli_count(command: str, view: str) -> int:
    return len(_cli_rows(command, view))


def _cli_rows(command: str, view: str) -> list[dict]:
    args = [command]
    for key, value in parse_qsl(view.lstrip("?")):
        if key in _CLI:
            args += [_CLI[key], value]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout[result.stdout.index("[") :])


@pytest.fixture(scope="module")
def data(bundled_build: Path) -> DashboardData:
    return DashboardData.open(bundled_build)


@pytest.mark.parametrize("view", VIEWS)
def test_every_page_agrees_with_the_headline_and_the_cli(view: str, data: DashboardData, bundled_env: Path) -> None:
    headline = overview_view.kpis(data, overview.view_of(data, view))
    cards, _notice, _wsis, status = overview.update_overview(view, data=data)
    shown = {c.id: c.children[0].children for c in cards}
    assert shown["overview-kpi-gaps"] == str(headline.gaps)
    assert shown["overview-kpi-misalignments"] == str(headline.misalignments)
    assert shown["overview-kpi-links"] == str(headline.links)
    # the status chart shows every link of the view, the priorities' apart (and labelled)
    assert _total(status) == headline.links + headline.reference_links

    _notice, by_kind, *_charts, gap_rows, _ = gaps.update_gaps(view, data=data)
    assert len(gap_rows) == headline.gaps == _total(by_kind)
    assert headline.gaps_by_kind == {k: v for k, v in headline.gaps_by_kind.items() if v}
    assert sum(headline.gaps_by_kind.values()) == headline.gaps

    chart, finding_rows, _ = misalignments.update_misalignments(view, data=data)
    notes = sum(r["severity"] == t("severity.note", headline_lang(view)) for r in finding_rows)
    # notes (the Matrix's silence) are drawn apart, "not counted", and listed in the table
    assert (
        len(finding_rows) - notes
        == headline.misalignments
        == _total(chart, skip=t("severity.note", headline_lang(view)))
    )
    assert sum(headline.misalignments_by_rule.values()) == headline.misalignments

    _block, elements, links, _rows, _cols = datainfo.update_data(view, data=data)
    assert _total(links) == headline.links + headline.reference_links
    # a region view keeps every priority as the reference, counted apart from the region's own
    reference = len(PRIORITIES) if "region=" in view else 0
    assert _total(elements) == sum(headline.elements_by_kind.values()) + reference

    assert _cli_count("gaps", view) == headline.gaps
    cli = _cli_rows("misalignments", view)
    assert sum(r["severity"] != "note" for r in cli) == headline.misalignments
