"""Shared fixtures: the bundled data built once per test session, and its stores."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.build import build_dataset
from graph.buildfolder import STORE_NAME
from graph.load import load_data
from graph.snapshot import write_build
from graph.stores import OxigraphStore

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def free_port() -> int:
    """A free loopback port, so that servers of tests run side by side never collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder (store, dump, manifest) of the bundled data, made once per session."""
    target = tmp_path_factory.mktemp("bundled") / "build"
    write_build(build_dataset(load_data(DATA)), target)
    return target


@pytest.fixture(scope="session")
def bundled_store(bundled_build: Path) -> Iterator[OxigraphStore]:
    """The bundled build's Oxigraph store, opened read-only."""
    store = OxigraphStore.open(bundled_build / STORE_NAME)
    yield store
    store.close()


@pytest.fixture
def bundled_env(bundled_build: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the settings (ITUD_ALIGN_BUILD_DIR, ITUD_ALIGN_DATA) at the bundled build."""
    monkeypatch.setenv("ITUD_ALIGN_BUILD_DIR", str(bundled_build))
    monkeypatch.setenv("ITUD_ALIGN_DATA", str(DATA))
    monkeypatch.delenv("ITUD_ALIGN_STORE", raising=False)
    return bundled_build


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PYTHONHASHSEED", "0")
