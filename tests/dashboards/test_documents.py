"""``itud-align check`` and ``itud-align brief`` end to end: real build, real files, the .docx read back."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pandas as pd
import pytest
from typer.testing import CliRunner

from dashboards.cli import app
from dashboards.documents.brief import brief_facts
from dashboards.i18n import strings
from dashboards.shared_views import finding_rows, gap_rows
from dashboards.urlstate import ViewState
from graph.analysis.filters import Filters
from graph.analysis.misalignments import misalignment_count
from tests.conftest import DATA

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contributions" / "two-items.md"
runner = CliRunner()


def _headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_check_json_names_every_item(bundled_env: Path) -> None:
    result = runner.invoke(app, ["check", str(SAMPLE), "-f", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    titles = [line[3:].strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert sorted({row["title"] for row in answer["items"]}) == sorted(titles)
    assert answer["snapshot"] == json.loads((bundled_env / "build.json").read_text())["snapshot"]


def test_check_docx_has_a_section_per_item(bundled_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.docx"
    result = runner.invoke(app, ["check", str(SAMPLE), "-f", "docx", "-o", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    headings = _headings(out)
    assert sum(h.startswith(("1. ", "2. ")) for h in headings) == 2
    assert strings("fr")["check.targets"] in headings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04broken", "Word file is broken"),
        (b"%PDF-1.7 broken", "PDF cannot be read"),
    ],
)
def test_check_refuses_a_bad_file_in_one_line(bundled_env: Path, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    assert message in result.output and "Fix:" in result.output and "Traceback" not in result.output


def test_brief_in_both_languages(bundled_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    result = runner.invoke(app, ["brief", "--lang", "en+fr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    headings = _headings(out)
    en, fr = strings("en"), strings("fr")
    for key in ("brief.summary", "brief.discussion", "brief.proposals", "brief.annex", "brief.gaps"):
        assert en[key] in headings and fr[key] in headings
    french = headings[headings.index(fr["brief.title"]) :]
    english_only = {en[k] for k in en if k.startswith("brief.") and en[k] != fr[k]}
    assert not english_only & set(french), "an English heading in the French part"
    charts_per_language = 4
    assert len(document.inline_shapes) == 2 * charts_per_language
    assert len(document.tables) >= 2 * 5
    # every region with no titled initiative in the latest period, read from the data file, is said unknown
    initiatives = pd.read_csv(DATA / "frameworks" / "wtdc_regional_initiatives.csv")
    titled = initiatives[initiatives["title_en"].notna()]
    latest = titled["period"].max()
    unknown = set(initiatives["region"]) - set(titled.loc[titled["period"] == latest, "region"])
    assert unknown, "the bundled data has a region without known initiatives; this test needs one"
    text = "\n".join(p.text for p in document.paragraphs)
    for region in unknown:
        assert fr["brief.regions.unknown"].format(region=region, period=latest) in text
    # the annex lists every source document by title, address and version, as data/sources/sources.csv has them
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    sources = pd.read_csv(DATA / "sources" / "sources.csv")
    assert set(sources["title"]) <= cells and set(sources["url"]) <= cells
    assert document.core_properties.title == en["brief.title"]


def test_the_briefs_counts_per_region_and_priority_are_the_dashboards(bundled_data) -> None:  # type: ignore[no-untyped-def]
    # one number, one place: the brief's per-region figures are the dashboard's region views'
    facts = brief_facts(bundled_data, ViewState())
    for row in facts.region_findings.itertuples():
        view = ViewState(filters=Filters(region=row.code))
        assert row.gaps == len(gap_rows(bundled_data, view))
        assert row.misalignments == misalignment_count(finding_rows(bundled_data, view))
    # a priority's misalignments are findings of the priority or of the elements filed under it
    counted = facts.misalignments[facts.misalignments["severity"] != "note"]
    for row in facts.priorities.itertuples():
        assert row.misalignments <= len(counted)
        assert row.gaps == int((facts.gaps["item_iri"] == row.priority).sum())
