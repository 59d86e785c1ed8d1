"""Expected figures read straight from the bundled data files (pandas on the CSV/TSV, not the
project's loader), so a test's expectation follows a data fix instead of freezing today's count."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent.parent / "data"


def framework(name: str) -> pd.DataFrame:
    """The rows of ``data/frameworks/<name>``."""
    return pd.read_csv(DATA / "frameworks" / name, dtype=str, keep_default_na=False)


def mapping_rows() -> pd.DataFrame:
    """Every row of every ``data/mappings/*.sssom.tsv``."""
    return pd.concat(
        [
            pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)
            for path in sorted((DATA / "mappings").glob("*.sssom.tsv"))
        ],
        ignore_index=True,
    )


def element_link_statuses() -> dict[str, int]:
    """The links whose subject is a portfolio element (not the Matrix's action lines), per status."""
    rows = mapping_rows()
    rows = rows[~rows["subject_id"].str.startswith("wsis:")]
    # the status is in SSSOM's "other" slot: "status=<status>|source=<document>"; rejected links are no links
    counts = rows["other"].str.extract(r"^status=([a-z]+)", expand=False).value_counts()
    return {status: int(counts.get(status, 0)) for status in ("verified", "unverified", "suggested")}
