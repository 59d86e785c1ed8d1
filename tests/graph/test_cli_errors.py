"""Every CLI command given a bad path, port, file or query answers in one line, exit 1 or 2,
never a traceback; ``query`` keeps the endpoint's guard, limits and no-network rule."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dashboards.cli import app
from tests.graph.endpoint.conftest import Listener

runner = CliRunner()
NESTED = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
# grows a worker past 5 GB in about 11 s on the bundled data without a memory limit
MEMORY_HOG = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } ORDER BY ?a ?b LIMIT 10"


def one_line_error(result: Result, code: int, *needles: str) -> str:
    """The single line a failed command printed, checked for its exit status and words."""
    output = result.output.strip()
    assert result.exit_code == code, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(output.splitlines()) == 1, output
    for needle in needles:
        assert needle in output, output
    return output


@pytest.fixture
def env(bundled_env: Path) -> Path:
    """Settings pointing at the bundled build."""
    return bundled_env


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that must receive no connection."""
    lst = Listener()
    yield lst
    lst.close()


def test_query_runs_under_the_guard(env: Path) -> None:
    result = runner.invoke(app, ["query", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0 and result.output.strip() == "true"


def test_query_with_service_makes_no_request(env: Path, listener: Listener) -> None:
    result = runner.invoke(app, ["query", f"SELECT * WHERE {{ SERVICE <{listener.url}> {{?s ?p ?o}} }}"])
    one_line_error(result, 1, "SERVICE is refused")
    time.sleep(0.3)
    assert listener.connections == 0


def test_query_nested_too_deeply(env: Path) -> None:
    one_line_error(runner.invoke(app, ["query", NESTED]), 1, "too deeply nested")


def test_query_too_long(env: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.rq"
    path.write_text("ASK { " + "a." * 64_000 + " }", encoding="utf-8")
    one_line_error(runner.invoke(app, ["query", str(path)]), 1, "query too long")


def test_query_evaluation_error(env: Path) -> None:
    one_line_error(runner.invoke(app, ["query", "SELECT (<http://x/fn>(1) AS ?x) {}"]), 1, "query failed")


def test_query_past_the_memory_limit(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_QUERY_MEMORY_MB", "512")
    one_line_error(runner.invoke(app, ["query", MEMORY_HOG]), 1, "memory limit of 512 MB")


def test_query_file_missing(env: Path) -> None:
    one_line_error(runner.invoke(app, ["query", "/nonexistent/q.rq"]), 1, "/nonexistent/q.rq", "no such file")


def test_query_file_not_utf8(env: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin.rq"
    path.write_bytes(b'SELECT * WHERE { ?s ?p "caf\xe9" }')
    one_line_error(runner.invoke(app, ["query", str(path)]), 1, str(path), "not UTF-8")


def test_bad_limit_setting(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_QUERY_TIMEOUT", "soon")
    one_line_error(runner.invoke(app, ["query", "ASK {}"]), 1, "ITUD_ALIGN_QUERY_TIMEOUT")


@pytest.mark.parametrize("target", ["/proc/x.trig", "/nonexistent/dir/x.trig"])
def test_export_to_an_unwritable_path(env: Path, target: str) -> None:
    one_line_error(runner.invoke(app, ["export", "-o", target]), 1, target)


def test_build_into_an_unwritable_folder(env: Path) -> None:
    one_line_error(runner.invoke(app, ["build", "--out", "/proc/x"]), 1, "/proc/")


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_on_a_port_out_of_range(env: Path, port: str) -> None:
    one_line_error(runner.invoke(app, ["serve", "--port", port]), 2, "not a TCP port")


def test_serve_on_a_taken_port(env: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        one_line_error(runner.invoke(app, ["serve", "--port", str(port)]), 1, f"127.0.0.1:{port}")


def test_serve_with_a_corrupt_manifest(env: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(env, build)
    (build / "build.json").write_text("{not json", encoding="utf-8")
    one_line_error(
        runner.invoke(app, ["serve", "--build-dir", str(build), "--port", "8250"]),
        1,
        "build.json",
        "not a build manifest",
    )
