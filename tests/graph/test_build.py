"""The build is deterministic, keeps one named graph per source, and swaps in only when complete."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from graph.build import build_dataset
from graph.buildfolder import read_manifest
from graph.cli import app
from graph.load import load_data
from graph.snapshot import write_build
from tests.conftest import DATA
from tests.datafiles import framework

CLI = str(Path(sys.executable).parent / "itud-align")


def test_two_builds_give_identical_dumps_and_snapshot(tmp_path: Path, bundled_build: Path) -> None:
    second = write_build(build_dataset(load_data(DATA)), tmp_path / "again")
    assert (tmp_path / "again/dataset.nq").read_bytes() == (bundled_build / "dataset.nq").read_bytes()
    assert second.snapshot == read_manifest(bundled_build).snapshot


def test_building_leaves_the_garbage_collector_as_it_found_it() -> None:
    tables = load_data(DATA)
    assert gc.isenabled()
    build_dataset(tables)
    assert gc.isenabled()
    gc.disable()
    try:
        build_dataset(tables)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_dump_is_sorted_nquads_without_blank_nodes(bundled_build: Path) -> None:
    lines = (bundled_build / "dataset.nq").read_text("utf-8").splitlines()
    assert lines == sorted(lines)
    assert not any(" _:" in line or line.startswith("_:") for line in lines)
    parsed = list(ox.parse(path=str(bundled_build / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == len(lines) == read_manifest(bundled_build).triples


def test_one_named_graph_per_source_file(bundled_build: Path) -> None:
    graphs = set(read_manifest(bundled_build).graphs)
    base = "https://w3id.org/itud-align/graph/"
    expected = {
        "un-sdg-kos",
        "un-sdg-ontology",
        "open-sdg-translations",
        "ontology",
        "cycles",
        "regions",
        "wsis-action-lines",
        "itud-study-questions",
        "wtdc-regional-initiatives",
        "itud-priorities",
        "wtdc-resolutions",
        "pp-resolutions",
        "itud-align-schemes",
    }
    expected |= {f"mappings/{p.name.removesuffix('.sssom.tsv')}" for p in (DATA / "mappings").glob("*.sssom.tsv")}
    expected.add("mappings/unlinked")  # the curators' reasons why an element has no link
    assert graphs == {base + g for g in expected}


def test_store_carries_the_snapshot_id(bundled_build: Path) -> None:
    store = ox.Store.read_only(str(bundled_build / "store"))
    answer = list(
        store.query("SELECT ?s WHERE { GRAPH ?g { ?d <https://w3id.org/itud-align/ontology#snapshotId> ?s } }")
    )
    assert [a["s"].value for a in answer] == [read_manifest(bundled_build).snapshot]


def test_build_command_prints_the_summary(tmp_path: Path) -> None:
    result = subprocess.run(
        [CLI, "build", "--out", str(tmp_path / "b")], capture_output=True, text=True, timeout=180, cwd=DATA.parent
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "b/build.json").read_text())
    for words in (
        "snapshot",
        manifest["snapshot"],
        "elements per kind",
        "links per justification",
        "links per status",
        f"triples {manifest['triples']}",
    ):
        assert words in result.stdout
    assert manifest["elements"]["question"] == len(framework("itud_study_questions.csv"))
    assert manifest["elements"]["sdg-target"] == 169


def test_query_command_counts_169_targets(tmp_path: Path, bundled_build: Path) -> None:
    query = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <http://metadata.un.org/sdg/ontology#Target> }"
    result = subprocess.run(
        [CLI, "query", query, "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"ITUD_ALIGN_BUILD_DIR": str(bundled_build), "PATH": "/usr/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["n", "169"]


def test_query_command_reads_rq_files_and_ask(tmp_path: Path, bundled_build: Path) -> None:
    rq = tmp_path / "ask.rq"
    rq.write_text("# is C5 an ITU lead line?\nASK { ?l skos:notation 'C5' ; itud:isItuLead true }\n")
    result = subprocess.run(
        [CLI, "query", str(rq)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"ITUD_ALIGN_BUILD_DIR": str(bundled_build), "PATH": "/usr/bin"},
    )
    assert result.stdout.strip() == "true"


def test_malformed_query_is_one_clear_line(bundled_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_BUILD_DIR", str(bundled_build))
    result = CliRunner().invoke(app, ["query", "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "malformed query" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_formats_parse_back(tmp_path: Path, bundled_build: Path) -> None:
    env = {"ITUD_ALIGN_BUILD_DIR": str(bundled_build), "PATH": "/usr/bin"}
    triples = read_manifest(bundled_build).triples
    for fmt, rdflib_format in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("trig", "trig")):
        out = tmp_path / f"dump.{fmt}"
        result = subprocess.run(
            [CLI, "export", "--format", fmt, "-o", str(out)], capture_output=True, text=True, timeout=120, env=env
        )
        assert result.returncode == 0, result.stderr
        if fmt in ("trig", "jsonld"):  # both keep the named graphs
            dataset = rdflib.Dataset()
            dataset.parse(out, format=rdflib_format)
            assert len(list(dataset.quads((None, None, None, None)))) == triples + 3  # + the build graph
        else:
            graph = rdflib.Graph().parse(out, format=rdflib_format)
            assert 0.9 * triples < len(graph) <= triples + 3
