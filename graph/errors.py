"""The project's exceptions. Each says what failed, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataError", "ItudAlignError", "QueryError", "QueryOutOfMemory", "QueryRefused", "QueryTooComplex",
           "SandboxUnavailable", "SettingError", "StoreError",
           "ValidationFailed"]


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


class QueryRefused(QueryError):
    """A well-formed request this endpoint will not run (an update, SERVICE)."""


class QueryTooComplex(QueryError):
    """A query over the length or nesting limit, refused before any parser sees it."""


class SettingError(ItudAlignError):
    """A setting (an ``ITUD_ALIGN_*`` environment variable) has a value that cannot be used."""


class QueryOutOfMemory(QueryError):
    """A query needed more memory than a query worker may take; its worker was stopped."""


class SandboxUnavailable(StoreError):
    """The query workers' network sandbox cannot be installed here, and serving without it
    was not asked for."""
