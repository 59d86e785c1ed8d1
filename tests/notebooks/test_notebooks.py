"""Run every researcher notebook with nbclient against the bundled build (04: a live endpoint)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import flask
import nbformat
import pytest
from nbclient import NotebookClient
from werkzeug.serving import make_server

from graph.endpoint.mount import register_endpoint
from graph.endpoint.protocol import endpoint_state
from graph.settings import EndpointLimits

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def endpoint_url(bundled_build: Path) -> Iterator[str]:
    """The SPARQL endpoint over the bundled build on a loopback port."""
    app = flask.Flask("notebook-endpoint")
    register_endpoint(app, bundled_build, limits=EndpointLimits(query_timeout=30.0))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    endpoint_state(app).pool.close()


def test_the_four_notebooks_are_there_without_outputs() -> None:
    assert NAMES == ["01-getting-started.ipynb", "02-coverage-and-gaps.ipynb",
                     "03-network-analysis.ipynb", "04-query-the-endpoint.ipynb"]
    for name in NAMES:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, name


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name: str, bundled_env: Path, endpoint_url: str,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_ENDPOINT", endpoint_url)
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(o.output_type in ("execute_result", "stream") for o in outputs)
