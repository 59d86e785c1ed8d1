"""The view in the URL, the two languages, stamped exports and the ``export-charts`` command."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
from pypdf import PdfReader
from typer.testing import CliRunner

from dashboards.cli import app
from dashboards.export import Stamp, chart_pack_pdf, export_name, figure_bytes, stamped, table_bytes
from dashboards.i18n import FALLBACK_MARK, label, t, view_words
from dashboards.urlstate import ViewState
from graph.analysis.filters import Filters
from graph.buildfolder import read_manifest
from graph.cli import app as graph_app
from tests.conftest import DATA

I18N = Path(__file__).resolve().parents[2] / "dashboards" / "i18n"


def test_view_round_trips_through_the_query_string():
    state = ViewState.from_query("?region=AFR&lang=fr&scope=all&status=verified")
    assert state.lang == "fr"
    assert state.filters == Filters(region="AFR", status="verified")
    assert state.option("scope") == "all"
    assert state.to_query() == "?lang=fr&region=AFR&status=verified&scope=all"
    assert ViewState.from_query(state.to_query()) == state
    assert ViewState.from_query("").to_query() == ""
    assert ViewState.from_query("?lang=xx").lang == "en"


def test_view_describes_its_filters_for_stamps():
    assert ViewState.from_query("?period=WTDC-22&region=AFR").describe() == "period=WTDC-22; region=AFR"
    assert ViewState().describe() == "none"


def test_a_view_in_french_puts_a_space_before_its_semicolons_and_colons():
    view = "scope=itu-lead; period=WTDC-22; region=AFR"
    fr = view_words(view, "fr")
    assert re.findall(r"\S[;:]", fr) == []
    assert fr.endswith(f" ; {t('filters.region', 'fr')} : AFR")
    assert view_words(view, "en").endswith(f"; {t('filters.region', 'en')}: AFR")


def test_english_and_french_have_the_same_keys():
    en = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    fr = json.loads((I18N / "fr.json").read_text(encoding="utf-8"))
    assert set(en) == set(fr)
    assert all(fr[k] for k in fr)


def test_french_labels_fall_back_to_english_marked():
    assert label("Africa", "Afrique", "fr") == "Afrique"
    assert label("Broadband", None, "fr") == "Broadband" + FALLBACK_MARK
    assert label("Broadband", None, "en") == "Broadband"
    assert label(None, None, "fr", fallback="Q1/1") == "Q1/1"
    assert t("filters.region", "fr") == "Région"


def _stamp() -> Stamp:
    return Stamp.of(ViewState.from_query("?region=AFR"), "abc123", day=date(2026, 11, 29))


def test_stamped_chart_carries_filters_date_snapshot_and_source_without_changing_the_input():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    out = stamped(fig, _stamp())
    text = out.layout.annotations[-1].text
    assert "Filters: Region: AFR" in text and "2026-11-29" in text and "abc123" in text
    assert "Source: itud-align" in text
    assert not fig.layout.annotations


def test_tables_export_as_stamped_csv_and_xlsx():
    frame = pd.DataFrame({"Item": ["9.c"], "Kind": ["gap"]})
    csv = table_bytes(frame, "csv", _stamp()).decode("utf-8").splitlines()
    assert csv[:2] == ["# Filters: Region: AFR", "# Made 2026-11-29 from snapshot abc123"]
    assert csv[3:] == ["Item,Kind", "9.c,gap"]
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx", _stamp(), sheet="gaps")))
    assert book.sheetnames == ["gaps", "about"]
    assert [c.value for c in book["gaps"][2]] == ["9.c", "gap"]
    assert book["about"]["A2"].value == "Filters: Region: AFR"


def test_chart_pack_has_a_title_page_then_one_page_per_chart():
    charts = [
        ("a", go.Figure(go.Bar(x=["x"], y=[1])).update_layout(title="First chart")),
        ("b", go.Figure(go.Bar(x=["y"], y=[2])).update_layout(title="Second chart")),
    ]
    pdf = chart_pack_pdf(charts, "Pack title", "subtitle", _stamp())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    first = reader.pages[0].extract_text()
    assert "Pack title" in first and "1. First chart" in first and "2. Second chart" in first
    assert "abc123" in first


def test_export_charts_command_writes_the_pack_and_images(bundled_build, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "export-charts",
            "--out",
            str(tmp_path / "pack"),
            "--lang",
            "fr",
            "--region",
            "AFR",
            "--build-dir",
            str(bundled_build),
        ],
    )
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "pack").glob("*.pdf")
    snapshot = read_manifest(bundled_build).snapshot
    assert pdf.name == f"itud-align-gap-charts_region-AFR_fr_{snapshot}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    reader = PdfReader(pdf)
    assert reader.metadata.title == t("pack.title", "fr")
    assert "Lacunes de l'UIT-D" in reader.pages[0].extract_text()
    assert "Région : AFR" in reader.pages[1].extract_text()
    result = runner.invoke(
        app, ["export-charts", "--out", str(tmp_path / "png"), "--format", "png", "--build-dir", str(bundled_build)]
    )
    assert result.exit_code == 0, result.output
    images = sorted(p.name for p in (tmp_path / "png").iterdir())
    assert images == [
        f"{name}_en_{snapshot}.png" for name in ("gaps-by-goal", "gaps-by-kind", "gaps-by-region", "gaps-lost")
    ]
    assert all((tmp_path / "png" / n).read_bytes().startswith(b"\x89PNG") for n in images)


def test_export_charts_reports_an_unknown_filter_value_and_writes_nothing(bundled_build, tmp_path):
    for option, value in (("--priority", "NOPE"), ("--region", "XYZ"), ("--region", "afr"), ("--study-group", "SG9")):
        result = CliRunner().invoke(
            app, ["export-charts", "--out", str(tmp_path), option, value, "--build-dir", str(bundled_build)]
        )
        assert result.exit_code == 2, result.output
        assert f"'{value}'. Fix: use one of" in result.output
    assert not any(tmp_path.iterdir())


def test_export_names_tell_views_languages_and_snapshots_apart():
    names = {
        export_name("gaps-by-goal", ViewState.from_query(q), "a986d1dac2a6", "png")
        for q in ("", "?lang=fr", "?region=AFR", "?lang=fr&region=AFR", "?region=AFR&scope=all")
    }
    assert len(names) == 5
    assert "gaps-by-goal_region-AFR_fr_a986d1dac2a6.png" in names


def test_a_single_chart_pdf_carries_the_chart_title():
    fig = go.Figure(go.Bar(x=["a"], y=[1])).update_layout(title="Gaps per goal")
    assert PdfReader(io.BytesIO(figure_bytes(fig, "pdf"))).metadata.title == "Gaps per goal"


def test_export_charts_without_a_browser_fails_at_once_saying_how_to_install_one(bundled_build, tmp_path, monkeypatch):
    # the machine has chromium; kaleido's own search is told it has none
    monkeypatch.setattr("dashboards.export.Chromium.find_browser", classmethod(lambda cls, **_: None))
    result = CliRunner().invoke(app, ["export-charts", "--out", str(tmp_path), "--build-dir", str(bundled_build)])
    assert result.exit_code == 1
    assert "need Chrome or Chromium" in result.output and "apt-get install chromium" in result.output
    assert not any(tmp_path.iterdir())


def test_serve_builds_only_when_there_is_no_build(bundled_build, tmp_path):
    from dashboards.cli import ensure_build

    assert ensure_build(bundled_build, None) is False  # a build is there: nothing to do
    target = tmp_path / "build"
    assert ensure_build(target, Path(__file__).resolve().parents[2] / "data") is True
    assert (target / "build.json").is_file() and (target / "store").is_dir()


def test_the_button_and_the_command_give_the_same_chart_pack(bundled_build, bundled_data, tmp_path):
    import base64

    from dashboards.pages.gaps.callbacks import chart_pack

    result = CliRunner().invoke(
        app,
        [
            "export-charts",
            "--out",
            str(tmp_path),
            "--lang",
            "fr",
            "--region",
            "AFR",
            "--scope",
            "all",
            "--build-dir",
            str(bundled_build),
        ],
    )
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.glob("*.pdf")
    sent = chart_pack("?lang=fr&region=AFR&scope=all", None, data=bundled_data)
    assert sent["filename"] == written.name

    def texts(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    from_button = texts(base64.b64decode(sent["content"]))
    assert from_button == texts(written.read_bytes())
    assert "Région : AFR" in from_button[1]


def test_the_chart_pack_is_meeting_ready(bundled_build, tmp_path):
    """Cover with page numbers, definitions of every gap kind, charts with target codes, the gap
    table with the nearest elements, caveats naming the regions without known initiatives,
    sources with addresses; English and French in one file with --lang both."""
    result = CliRunner().invoke(
        app, ["export-charts", "--out", str(tmp_path), "--lang", "both", "--build-dir", str(bundled_build)]
    )
    assert result.exit_code == 0, result.output
    (pdf,) = tmp_path.glob("*.pdf")
    assert "_en-fr_" in pdf.name
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    english = texts[: len(texts) // 2]
    assert "· p. 2" in english[0] and f"page 1 / {len(english)}" in english[0]
    for kind in ("target not covered", "coverage lost between cycles", "element without SDG or WSIS link"):
        assert kind in english[1]
    gaps = pd.read_json(
        io.StringIO(
            CliRunner()
            .invoke(graph_app, ["gaps", "--format", "json"], env={"ITUD_ALIGN_BUILD_DIR": str(bundled_build)})
            .stdout
        )
    )
    table = " ".join(x for x in english if "nearest elements that could cover them" in x)
    nearest = next(n for n in gaps["nearest"] if n)
    assert nearest[0] in table
    regions = pd.read_csv(DATA / "frameworks/wtdc_regional_initiatives.csv")
    titled = regions.assign(t=regions["title_en"].fillna("").str.strip() != "")
    untitled = titled.groupby(["region", "period"])["t"].any().groupby(level="region").all()  # False: a list unknown
    assert untitled.sum() < len(untitled)
    assert any(f"No known initiatives for {r}" in " ".join(english) for r in untitled[~untitled].index)
    assert "http://metadata.un.org/sdg" in english[-1]
    assert any("Lacunes de l'UIT-D" in x for x in texts[len(texts) // 2 :])
