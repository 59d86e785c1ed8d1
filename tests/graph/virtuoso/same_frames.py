"""Compare two frames as sets of rows: row order and 0.6 vs 0.60 do not matter, types do."""

from __future__ import annotations

import pandas as pd


def canonical_rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The rows of a frame as sorted tuples of text, so that row order and 0.6 vs 0.60 do not matter."""

    def text(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float):
            return f"{value:.9g}"
        return f"{type(value).__name__}:{value}"

    return sorted(tuple(text(v) for v in row) for row in frame.itertuples(index=False))


def assert_same_frames(embedded: pd.DataFrame, remote: pd.DataFrame) -> None:
    assert list(remote.columns) == list(embedded.columns)
    left, right = canonical_rows(embedded), canonical_rows(remote)
    only_embedded = sorted(set(left) - set(right))[:5]
    only_remote = sorted(set(right) - set(left))[:5]
    assert left == right, f"only on Oxigraph: {only_embedded}; only on Virtuoso: {only_remote}"
