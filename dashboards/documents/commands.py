"""``itud-align check`` (a proposal against the portfolio) and ``itud-align brief`` (the Declaration brief)."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from dashboards.data import DashboardData
from dashboards.documents.brief import write_brief
from dashboards.documents.check_report import check_report
from dashboards.export import require_browser
from dashboards.urlstate import ViewState
from graph import settings
from graph.analysis.proposals import check_items, check_table
from graph.analysis.scopes import DEFAULT_SCOPE, SCOPE_HELP
from graph.cli.common import console, fail_cleanly, print_frame
from graph.documents.contribution import read_contribution, split_items

__all__ = ["COMMANDS", "brief", "check"]


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    docx = "docx"


class BriefLanguage(str, Enum):
    en = "en"
    fr = "fr"
    both = "en+fr"


@fail_cleanly
def check(
    contribution: Annotated[str, typer.Argument(help="a .docx, .pdf, .txt or .md file, or - for standard input")],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="table, json or docx")] = CheckFormat.table,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write to FILE (needed for docx)")] = None,
    lang: Annotated[str, typer.Option("--lang", help="en or fr (docx)")] = "en",
) -> None:
    """Check each item of a contribution: SDG targets and WSIS lines it supports, nearest elements,
    PP Resolutions it repeats, gaps it would close, points to address."""
    if lang not in ("en", "fr"):
        raise typer.BadParameter(f"unknown language {lang!r}; use en or fr", param_hint="--lang")
    if fmt == CheckFormat.docx and output is None:
        raise typer.BadParameter("--format docx needs -o FILE.docx", param_hint="--output")
    source: Path | bytes = sys.stdin.buffer.read() if contribution == "-" else Path(contribution)
    items = split_items(read_contribution(source, name="standard input" if contribution == "-" else contribution))
    data = DashboardData.open(settings.build_dir())
    checks = check_items(data.frames, items)
    if fmt == CheckFormat.docx:
        assert output is not None
        output.write_bytes(
            check_report(
                checks, name=Path(contribution).name, lang=lang, day=date.today().isoformat(), snapshot=data.snapshot
            )
        )
        console.print(f"wrote {output}")
    elif fmt == CheckFormat.json:
        frame = check_table(checks)
        text = json.dumps(
            {"snapshot": data.snapshot, "items": json.loads(frame.to_json(orient="records"))},
            ensure_ascii=False,
            indent=2,
        )
        (output.write_text(text + "\n", encoding="utf-8") if output else sys.stdout.write(text + "\n"))
    else:
        print_frame(check_table(checks), "table", output, title=f"check of {contribution}")


@fail_cleanly
def brief(
    out: Annotated[Path, typer.Option("--out", "-o", help="the .docx to write")],
    lang: Annotated[
        BriefLanguage, typer.Option("--lang", help="en, fr or en+fr (both in one file)")
    ] = BriefLanguage.en,
    scope: Annotated[str, typer.Option("--scope", help=SCOPE_HELP)] = DEFAULT_SCOPE,
) -> None:
    """Write the elements of the WTDC Declaration as a contribution-shaped .docx brief."""
    require_browser()
    languages = lang.value.split("+")
    state = ViewState(lang=languages[0]).with_option("scope", None if scope == DEFAULT_SCOPE else scope)
    data = DashboardData.open(settings.build_dir())
    out.write_bytes(write_brief(data, state, languages, date.today().isoformat()))
    console.print(f"wrote {out} ({out.stat().st_size} bytes)")


COMMANDS = (check, brief)
