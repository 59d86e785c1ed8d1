"""The dashboard's one door to the graph: a store, its snapshot, and its frames loaded once.

Frames are loaded on first use and cached by snapshot id, so every callback of an app
(and every app on the same snapshot) shares one load.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from graph import settings
from graph.analysis.frames import Frames, load_frames, read_query
from graph.buildfolder import BuildManifest, has_build, read_manifest
from graph.stores import Store, open_store

__all__ = ["DashboardData"]

_FRAMES: dict[str, Frames] = {}
_LOCK = threading.RLock()
_MEMO_SIZE = 256
T = TypeVar("T")


@dataclass
class DashboardData:
    """A store and what the dashboard reads from it (lazily, once)."""

    store: Store
    build_dir: Path | None = None
    _snapshot: str | None = field(default=None, repr=False)
    _memo: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict, repr=False)

    @classmethod
    def open(cls, build_dir: Path | None = None, store: Store | None = None) -> DashboardData:
        """Use ``store`` if given, else the build folder's store, else the settings' store."""
        if store is None:
            store = (
                open_store()
                if build_dir is None
                else open_store(
                    # a build folder is read by an embedded Oxigraph, on disk only if the setting says so
                    "oxigraph-memory" if settings.store_setting().in_memory else "oxigraph",
                    build_dir=build_dir,
                )
            )
        return cls(store=store, build_dir=build_dir)

    @property
    def snapshot(self) -> str:
        """The snapshot id of the store's build (``"unknown"`` if the store has none)."""
        if self._snapshot is None:
            frame = self.store.select(read_query("snapshot"))
            self._snapshot = str(frame["snapshot"].iloc[0]) if len(frame) else "unknown"
        return self._snapshot

    @property
    def frames(self) -> Frames:
        """The analysis frames, loaded once per snapshot."""
        with _LOCK:
            if self.snapshot not in _FRAMES:
                _FRAMES[self.snapshot] = load_frames(self.store)
            return _FRAMES[self.snapshot]

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key``; the oldest results are dropped beyond a few hundred."""
        with _LOCK:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with _LOCK:
            self._memo[key] = value
            while len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def clear_memo(self) -> None:
        """Forget memoised results (benchmarks measure the computation itself)."""
        with _LOCK:
            self._memo.clear()

    def manifest(self) -> BuildManifest | None:
        """The build manifest, when the dashboard reads a build folder."""
        if self.build_dir is None or not has_build(self.build_dir):
            return None
        return read_manifest(self.build_dir)
