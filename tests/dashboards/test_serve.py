"""``itud-align serve`` on its production server: gunicorn by default, Flask's with ``--dev``;
Ctrl-C and SIGTERM stop every process it started, without a traceback; a refused body is not read."""

from __future__ import annotations

import shutil
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.dashboards.serving import Serve

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _stopped_within(server: Serve, seconds: float) -> bool:
    end = time.time() + seconds
    while time.time() < end:
        if server.proc.poll() is not None and not server.group_alive():
            return True
        time.sleep(0.1)
    return False


def _terminal_ctrl_c(server: Serve) -> None:
    """What Ctrl-C in a terminal does: SIGINT to every process of the foreground group."""
    import os

    os.killpg(server.proc.pid, signal.SIGINT)


def _sigterm(server: Serve) -> None:
    server.proc.send_signal(signal.SIGTERM)


@pytest.mark.parametrize("stop", [_terminal_ctrl_c, _sigterm], ids=["ctrl-c", "sigterm"])
def test_serve_stops_cleanly(stop: Callable[[Serve], None], bundled_build: Path, tmp_path: Path) -> None:
    server = Serve(bundled_build, tmp_path / "serve.log").wait()
    try:
        answer = requests.post(
            server.url + "/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"}, timeout=60
        )
        assert answer.status_code == 200  # the query workers are running now
        assert answer.headers["Server"].startswith("gunicorn")
        stop(server)
        assert _stopped_within(server, 30), server.output()
        assert server.proc.returncode == 0
        assert "Traceback" not in server.output()
        assert "SIGABRT" not in server.output()
    finally:
        server.stop()


def test_serve_that_built_the_graph_stops_without_aborting_its_worker(tmp_path: Path) -> None:
    """The first README command builds, then serves: the build's store threads must not be left in
    the process gunicorn forks its worker from (the worker aborted on Ctrl-C: std::system_error)."""
    server = Serve(tmp_path / "build", tmp_path / "serve.log").wait(timeout=300)
    try:
        assert "built the graph into" in server.output()
        answer = requests.post(
            server.url + "/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"}, timeout=60
        )
        assert answer.status_code == 200
        _sigterm(server)
        assert _stopped_within(server, 30), server.output()
        assert server.proc.returncode == 0
        assert "SIGABRT" not in server.output()
        assert "terminate called" not in server.output()
    finally:
        server.stop()


def test_serve_on_broken_data_says_what_the_build_found(tmp_path: Path) -> None:
    """A data folder the build refuses: serve stops with the build's one-line error and its exit code."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", data)
    questions = data / "frameworks" / "itud_study_questions.csv"
    questions.write_text(questions.read_text(encoding="utf-8") + '"unclosed,quote\n', encoding="utf-8")
    server = Serve(tmp_path / "build", tmp_path / "serve.log", "--data", str(data))
    assert server.proc.wait(timeout=300) == 1, server.output()
    output = server.output()
    assert "itud_study_questions.csv" in output
    assert "Traceback" not in output
    assert not (tmp_path / "build" / "build.json").exists()


def test_dev_runs_flasks_development_server(bundled_build: Path, tmp_path: Path) -> None:
    server = Serve(bundled_build, tmp_path / "serve.log", "--dev").wait()
    try:
        assert requests.get(server.url + "/query", timeout=30).headers["Server"].startswith("Werkzeug")
    finally:
        server.stop()


def test_a_refused_body_is_not_read(bundled_build: Path, tmp_path: Path) -> None:
    """A 50 MB body announced to /sparql gets its 413 at once and the connection closes:
    the client cannot push the body through."""
    server = Serve(bundled_build, tmp_path / "serve.log").wait()
    announced = 50_000_000
    sent = 0
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as conn:
            conn.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\n"
                b"Content-Length: " + str(announced).encode() + b"\r\n\r\n"
            )
            status = conn.recv(64)
            assert status.startswith(b"HTTP/1.1 413"), status
            chunk = b" " * 65536
            with pytest.raises(OSError):  # broken pipe or reset once the server has closed
                while sent < announced:
                    conn.sendall(chunk)
                    sent += len(chunk)
        # what got through sat in the kernel's socket buffers (several MB on Linux) while the server,
        # slower on a busy machine, closed: far from the whole body, which it never reads
        assert sent < announced // 2
    finally:
        server.stop()
