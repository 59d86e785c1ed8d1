"""The project's exceptions. Each says what failed, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ContributionError", "DataError", "ItudAlignError", "QueryError", "StoreError", "ValidationFailed"]


class ItudAlignError(Exception):
    """Base class of every error the project raises on purpose."""


class DataError(ItudAlignError):
    """A data file is malformed: names the file, the line (or row), what is wrong and the fix."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.fix = fix
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {problem}. Fix: {fix}")


class ValidationFailed(ItudAlignError):
    """The dataset breaks SHACL shapes or data checks; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(problems))


class StoreError(ItudAlignError):
    """The store cannot be opened or reached (missing build, bad setting, remote down)."""


class QueryError(ItudAlignError):
    """A SPARQL query is malformed or refused."""


class ContributionError(ItudAlignError):
    """A contribution (a proposal to check) cannot be read: too large, broken, encrypted or of an unknown type."""

    def __init__(self, problem: str, *, fix: str) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}. Fix: {fix}")
