"""The router's answer carries a page's first content; a URL option the data refuses is said on
the page in one line, and the rest of the page is still drawn (Flask's test client, real build)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboards.app import create_app
from dashboards.i18n import FALLBACK_MARK


@pytest.fixture(scope="module")
def client(bundled_build: Path):
    app = create_app(bundled_build)
    client = app.server.test_client()
    client.get("/")  # Dash sets the pages router up on the first request
    return client


def _route(client, path: str, search: str) -> tuple[int, str]:
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [[]],
        "changedPropIds": ["_pages_location.pathname"],
    }
    answer = client.post("/_dash-update-component", json=body)
    return answer.status_code, answer.get_data(as_text=True)


def _components(tree: object) -> Iterator[dict]:
    """Every component of a Dash JSON answer (dicts with ``props``)."""
    if isinstance(tree, dict):
        if "props" in tree:
            yield tree
        for value in tree.values():
            yield from _components(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _components(item)


def test_the_router_answer_holds_the_charts_and_the_table(client):
    status, text = _route(client, "/gaps", "")
    assert status == 200
    content = json.loads(text)["response"]["_pages_content"]["children"]
    assert '"gaps-by-goal"' in json.dumps(content) and '"rowData": [{' in json.dumps(content)


@pytest.mark.parametrize("path", ["/", "/gaps", "/misalignments"])
def test_an_unknown_scope_is_said_in_one_line_and_the_page_still_comes(client, path):
    status, text = _route(client, path, "?scope=zzz")
    assert status == 200
    assert "unknown scope 'zzz'" in text and "Traceback" not in text
    assert "_pages_content" in json.loads(text)["response"]
    assert FALLBACK_MARK not in text


def test_an_unknown_scope_in_french_is_marked_as_english(client):
    status, text = _route(client, "/gaps", "?scope=zzz&lang=fr")
    assert status == 200
    notices = [
        c["props"]["children"] for c in _components(json.loads(text)) if c.get("props", {}).get("className") == "notice"
    ]
    assert len(notices) == 1 and "unknown scope 'zzz'" in notices[0]
    assert notices[0].endswith(FALLBACK_MARK)  # the data layer's errors are English only


def test_an_unknown_overview_rows_value_draws_the_default_heatmap(client):
    status, text = _route(client, "/", "?rows=zzz")
    assert status == 200
    assert "overview-heatmap" in text
