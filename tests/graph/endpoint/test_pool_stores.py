"""The query pool answers the same from the build loaded into memory as from the on-disk store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.endpoint.example_queries import load_examples
from graph.endpoint.pool import QueryPool
from graph.errors import StoreError
from graph.settings import EndpointLimits

ONE = EndpointLimits(query_workers=1)


@pytest.fixture(scope="module")
def pools(bundled_build: Path) -> Iterator[dict[str, QueryPool]]:
    opened = {
        "memory": QueryPool(bundled_build, in_memory=True, limits=ONE),
        "disk": QueryPool(bundled_build, in_memory=False, limits=ONE),
    }
    yield opened
    for pool in opened.values():
        pool.close()


def rows(pool: QueryPool, query: str) -> list[tuple[tuple[str, str], ...]]:
    body = json.loads(pool.run(query, results_format="json").body)
    if "boolean" in body:
        return [(("boolean", str(body["boolean"])),)]
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in body["results"]["bindings"])


@pytest.mark.parametrize("example", [e for e in load_examples() if "CONSTRUCT" not in e.text], ids=lambda e: e.name)
def test_every_example_gives_the_same_rows_in_memory_and_on_disk(pools: dict[str, QueryPool], example) -> None:
    in_memory = rows(pools["memory"], example.text)
    assert in_memory, f"{example.name} returned no rows"
    assert in_memory == rows(pools["disk"], example.text)


def test_the_memory_pool_sees_the_build_graph_the_dump_leaves_out(
    pools: dict[str, QueryPool], bundled_build: Path
) -> None:
    snapshot = json.loads((bundled_build / "build.json").read_text())["snapshot"]
    query = "SELECT ?s WHERE { ?d itud:snapshotId ?s }"
    assert rows(pools["memory"], query) == [(("s", snapshot),)]
    assert rows(pools["disk"], query) == [(("s", snapshot),)]


@pytest.mark.parametrize("in_memory, missing", [(True, "dataset.nq"), (False, "store")])
def test_a_build_without_its_store_or_dump_is_a_clear_error(
    tmp_path: Path, bundled_build: Path, in_memory: bool, missing: str
) -> None:
    build = tmp_path / "build"
    shutil.copytree(bundled_build, build)
    target = build / missing
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    pool = QueryPool(build, in_memory=in_memory, limits=ONE)
    with pytest.raises(StoreError, match=f"{missing}.*itud-align build"):
        pool.run("ASK {}")
