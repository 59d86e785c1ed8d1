"""The dashboard's own routes answer what they cannot serve with a one-line 4xx, on the real
server (``itud-align serve``), never a 500 or a traceback; what they can serve still works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.dashboards.serving import Serve

BUNDLES = "/_dash-component-suites"
# (method, path, JSON body or None, status, words the answer must hold)
CASES = [
    ("GET", f"{BUNDLES}/dash/no-such-file.js", None, 404, "no such component bundle"),
    ("GET", f"{BUNDLES}/no_such_package/x.js", None, 404, "no such component bundle"),
    ("GET", f"{BUNDLES}/dash/dcc/../../dash.py", None, 404, "no such component bundle"),
    ("POST", "/_dash-update-component", {}, 400, "names no callback"),
    ("POST", "/_dash-update-component", [], 400, "JSON object"),
    ("POST", "/_dash-update-component", "text", 400, "JSON object"),
    ("POST", "/_dash-update-component", {"output": "nowhere.children", "inputs": []}, 400, "names no callback"),
    ("POST", "/_dash-update-component", {"output": ["a", "b"]}, 400, "names no callback"),
]


@pytest.fixture(scope="module")
def server(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    running = Serve(bundled_build, tmp_path_factory.mktemp("serve") / "serve.log").wait()
    yield running
    running.stop()


@pytest.mark.parametrize(("method", "path", "body", "status", "words"), CASES)
def test_refused_in_one_line(server: Serve, method: str, path: str, body: object, status: int, words: str) -> None:
    # a prepared request: requests would otherwise collapse the ".." of a path, as a browser does
    session = requests.Session()
    prepared = session.prepare_request(requests.Request(method, server.url + "/", json=body))
    prepared.url = server.url + path
    answer = session.send(prepared, timeout=30)
    assert answer.status_code == status, answer.text[:300]
    assert words in answer.text
    assert answer.text.count("\n") == 1
    assert "Traceback" not in server.output()


def test_known_bundles_still_answer(server: Serve) -> None:
    """The refusals above are for unknown paths only (every browser test runs the callbacks)."""
    index = requests.get(server.url + "/", timeout=30).text
    bundle = next(part.split('"')[0] for part in index.split('src="')[1:] if "dash_renderer" in part)
    assert requests.get(server.url + bundle, timeout=30).status_code == 200
    assert requests.get(server.url + f"{BUNDLES}/dash/dcc/async-graph.js", timeout=30).status_code == 200
