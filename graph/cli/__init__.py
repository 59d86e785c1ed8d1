"""The ``itud-align`` command line.

:func:`create_app` builds the Typer app from the command modules' ``COMMANDS``; a command
module never imports the app back. The dashboard adds its own commands (``serve``,
``export-charts``) in ``dashboards/cli.py``, which is the installed entry point, so that
``graph`` never imports ``dashboards``. Only the command modules (with the endpoint and the
dashboard's callbacks) turn the project's errors into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import typer

from graph.cli import analysis, curation, dataset, text

__all__ = ["app", "create_app"]

GRAPH_COMMANDS: tuple[Callable[..., Any], ...] = (
    *dataset.COMMANDS,
    *analysis.COMMANDS,
    *text.COMMANDS,
    *curation.COMMANDS,
)


def create_app(extra_commands: Iterable[Callable[..., Any]] = ()) -> typer.Typer:
    """The ``itud-align`` app with the graph's commands, then ``extra_commands``.

    A command's name is its function's, with ``_`` written ``-`` (``export_charts`` is
    ``export-charts``) and a trailing ``_`` dropped (``import_`` is ``import``).
    """
    cli = typer.Typer(
        help="Align the ITU-D portfolio with the SDGs and the WSIS action lines.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for command in (*GRAPH_COMMANDS, *extra_commands):
        cli.command(name=command.__name__.rstrip("_").replace("_", "-"))(command)
    return cli


app = create_app()
