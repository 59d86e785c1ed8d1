"""/dump answers 200 in every format when the app reads a build folder given as a relative path
(the default ``./build`` of ``itud-align serve``): Flask's ``send_file`` reads a relative path from
the app's package, which gave a 500 (FileNotFoundError .../dashboards/build/dataset.nq)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.app import create_app


@pytest.mark.parametrize(
    ("query", "accept", "kind"),
    [
        ("", None, "application/n-quads"),
        ("?format=nquads", None, "application/n-quads"),
        ("?format=trig", None, "application/trig"),
        ("", "application/trig", "application/trig"),
    ],
)
def test_dump_from_a_relative_build_folder(
    bundled_build: Path, monkeypatch: pytest.MonkeyPatch, query: str, accept: str | None, kind: str
) -> None:
    monkeypatch.chdir(bundled_build.parent)
    app = create_app(Path(bundled_build.name))
    headers = {"Accept": accept} if accept else {}
    response = app.server.test_client().get("/dump" + query, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == kind
    assert len(response.get_data()) > 1000
