"""``itud-align serve`` (dashboard and SPARQL endpoint) and ``itud-align export-charts`` (gap charts)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from dashboards.documents import commands as documents
from graph import settings
from graph.analysis.filters import Filters
from graph.analysis.scopes import DEFAULT_SCOPE, SCOPE_HELP
from graph.buildfolder import has_build
from graph.cli import create_app
from graph.cli.common import console, err_console, fail_cleanly
from graph.errors import StoreError

__all__ = ["COMMANDS", "app", "export_charts", "serve"]

BuildDirOption = Annotated[Path | None, typer.Option("--build-dir", help="build folder (default ./build)")]


def ensure_build(build_dir: Path, data: Path | None) -> bool:
    """Build the graph into ``build_dir`` unless a build is there; True when it built one.

    The build runs as ``itud-align build`` in a process of its own: the store's bulk load starts
    RocksDB threads, and a server worker forked from a process holding them aborts when it exits
    (``std::system_error``, SIGABRT on Ctrl-C). Its errors reach the terminal as they are.
    """
    if has_build(build_dir):
        return False
    command = [sys.executable, "-m", "dashboards.cli", "build", "--out", str(build_dir)]
    if data is not None:
        command += ["--data", str(data)]
    built = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    if built.returncode:
        raise typer.Exit(built.returncode)
    return True


@fail_cleanly
def serve(
    host: Annotated[str, typer.Option("--host", help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8050,
    data: Annotated[Path | None, typer.Option("--data", help="data folder (default ./data)")] = None,
    build_dir: BuildDirOption = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="requests answered at once")] = 8,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev", help="Flask's development server with its reloader and Dash's dev tools, for working on the code"
        ),
    ] = False,
    review: Annotated[
        bool, typer.Option("--review", help="let the Review page write decisions (127.0.0.1 only; a token is printed)")
    ] = False,
) -> None:
    """Serve the dashboard and the SPARQL endpoint, building the graph first if there is no build.

    Runs on gunicorn (one process, --threads threads); Ctrl-C or SIGTERM stops it cleanly;
    --dev runs Flask's development server with its reloader instead. With ``--review`` the
    Review page writes decisions to the data folder for whoever gives the token printed here.
    """
    from dashboards.app import create_app
    from dashboards.pages.review.callbacks import ReviewAccess

    if not 0 < port < 65536:
        err_console.print(
            f"[red]error:[/red] --port {port} is not a TCP port. Fix: give one from 1 to 65535", highlight=False
        )
        raise typer.Exit(2)
    if "WERKZEUG_SERVER_FD" not in os.environ:  # --dev's reloader child: its parent holds the port
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:  # the server would print several lines and exit on a taken port: say it in one
                probe.bind((host, port))
            except OSError as err:
                raise StoreError(
                    f"cannot listen on {host}:{port} ({err.strerror or err})", fix="choose another --port or --host"
                ) from None
    # the address the service description and VoID give: this one, unless set for a proxy in front
    os.environ.setdefault("ITUD_ALIGN_BASE_URL", f"http://{host}:{port}")
    access = None
    if review:
        if host != "127.0.0.1":
            raise typer.BadParameter("--review serves on 127.0.0.1 only: drop --host", param_hint="--host")
        access = ReviewAccess(data or settings.data_dir(), secrets.token_urlsafe(18))
        console.print(f"review token: {access.token}  (give it on the Review page to write decisions)")
    target = build_dir or settings.build_dir()
    if settings.store_setting().kind in ("oxigraph", "oxigraph-memory"):
        if ensure_build(target, data):
            console.print(f"built the graph into {target}/")
        dash_app = create_app(target, review=access)
    else:  # another store (ITUD_ALIGN_STORE): the dashboard reads it; /sparql serves the local build if any
        dash_app = create_app(review=access)
    console.print(f"dashboard on http://{host}:{port}/  ·  SPARQL endpoint on http://{host}:{port}/sparql")
    if dev:
        dash_app.run(host=host, port=port, debug=True)
        return
    from dashboards.production import run

    run(dash_app.server, host, port, threads)


class ChartFormat(str, Enum):
    pdf = "pdf"
    png = "png"
    svg = "svg"


class Language(str, Enum):
    en = "en"
    fr = "fr"
    both = "both"


@fail_cleanly
def export_charts(
    out: Annotated[Path, typer.Option("--out", help="folder to write into")],
    fmt: Annotated[
        ChartFormat, typer.Option("--format", help="pdf: one-file chart pack; png, svg: one file per chart")
    ] = ChartFormat.pdf,
    lang: Annotated[
        Language, typer.Option("--lang", help="language of titles and labels; both: the pack in English then French")
    ] = Language.en,
    period: Annotated[str | None, typer.Option(help="study period or cycle, e.g. WTDC-22")] = None,
    region: Annotated[str | None, typer.Option(help="region code, e.g. AFR")] = None,
    study_group: Annotated[str | None, typer.Option("--study-group", help="e.g. SG1")] = None,
    priority: Annotated[str | None, typer.Option(help="priority id, e.g. KAP-P1")] = None,
    status: Annotated[str | None, typer.Option(help="link status: verified, unverified, suggested")] = None,
    justification: Annotated[str | None, typer.Option(help="e.g. 'manual curation'")] = None,
    scope: Annotated[str, typer.Option(help=SCOPE_HELP)] = DEFAULT_SCOPE,
    build_dir: BuildDirOption = None,
) -> None:
    """Write every gap chart of the chosen view, stamped with filters, date, snapshot and source."""
    from dashboards.data import DashboardData
    from dashboards.export import Stamp, require_browser, write_charts
    from dashboards.pages.gaps.pack import gap_chart_pack
    from dashboards.pages.gaps.view import gap_charts
    from dashboards.urlstate import ViewState

    filters = Filters(
        period=period,
        region=region,
        study_group=study_group,
        priority=priority,
        status=status,
        justification=justification,
    )
    state = ViewState(lang="en" if lang == Language.both else lang.value, filters=filters).with_option(
        "scope", None if scope == DEFAULT_SCOPE else scope
    )
    require_browser()  # before any work: without one, kaleido would wait for ever
    data = DashboardData.open(build_dir or settings.build_dir())
    if fmt == ChartFormat.pdf:
        out.mkdir(parents=True, exist_ok=True)
        name, pdf = gap_chart_pack(data, state, both=lang == Language.both)
        (out / name).write_bytes(pdf)
        paths = [out / name]
    else:
        paths = write_charts(gap_charts(data, state), out, fmt.value, Stamp.of(state, data.snapshot), state)
    for path in paths:
        console.print(f"wrote {path} ({path.stat().st_size} bytes)")


COMMANDS = (serve, export_charts)

app = create_app((*COMMANDS, *documents.COMMANDS))

if __name__ == "__main__":
    app()
