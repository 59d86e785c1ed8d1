"""The Examples in the text-analysis modules' docstrings run."""

from __future__ import annotations

import doctest

import pytest

from graph.analysis import duplication, similarity, text


@pytest.mark.parametrize("module", [similarity, duplication, text])
def test_docstring_examples(module) -> None:  # type: ignore[no-untyped-def]
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
