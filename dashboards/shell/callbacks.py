"""The shell callback: the URL is the single source of the view.

A filter or language change writes the URL; a URL (opened, pasted, navigated) sets the
filters, the language and every shell text. One callback does both directions, which
Dash allows for a callback whose outputs are also its inputs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import Dash, Input, Output, ctx, html, no_update

from dashboards.data import DashboardData
from dashboards.i18n import label, t
from dashboards.shell.layout import NAV_PAGES, URL, nav_keys
from dashboards.urlstate import FILTER_KEYS, ViewState
from dashboards.wiring import bind_memo
from graph.analysis.filters import unknown
from graph.namespaces import STATUSES

__all__ = ["filter_options", "register", "update_shell"]


def _present(values: pd.Series) -> list[str]:
    return sorted({str(v) for v in values if v is not None and not pd.isna(v) and str(v)})


def filter_options(data: DashboardData, lang: str) -> dict[str, list[dict[str, str]]]:
    """The options of each filter, labelled in ``lang``."""
    frames = data.frames
    elements = frames.elements
    regions = frames.regions
    priorities = elements[elements["kind"] == "priority"].sort_values("notation")
    justifications = _present(frames.links["justification"])
    return {
        "period": [{"label": p, "value": p} for p in _present(elements["period"])],
        "region": [
            {"label": f"{r.notation} · {label(r.label_en, r.label_fr, lang)}", "value": r.notation}
            for r in regions.itertuples()
        ],
        "study_group": [{"label": sg, "value": sg} for sg in _present(elements["study_group"])],
        "priority": [
            {"label": f"{p.notation} · {label(p.label_en, p.label_fr, lang)}"[:80], "value": p.notation}
            for p in priorities.itertuples()
        ],
        "status": [{"label": t(f"status.{s}", lang), "value": s} for s in STATUSES],
        "justification": [{"label": t(f"justification.{j}", lang), "value": j} for j in justifications],
    }


def update_shell(
    trigger: str | None,
    search: str | None,
    values: dict[str, str | None],
    lang: str | None,
    pathname: str | None = "/",
    *,
    data: DashboardData,
) -> dict[str, Any]:
    """Reconcile URL and controls; return every shell output by name.

    ``trigger`` is the id of the control that changed (the URL, ``"filters-<key>"``,
    ``"app-lang"``, ``"filters-clear"``) or ``None`` on first load (the URL wins). A filter
    value the data does not have is dropped from the URL and named in a notice with the valid
    values.
    """
    state = ViewState.from_query(search)
    dropped = unknown(data.frames, state.filters)
    state = state.with_filters(**dict.fromkeys((d.what.replace(" ", "_") for d in dropped), None))
    if trigger in {f"filters-{k}" for k in FILTER_KEYS} | {"app-lang"}:
        state = state.with_filters(**{k: values.get(k) for k in FILTER_KEYS}).with_lang(lang)
    elif trigger == "filters-clear":  # the page's own options (scope, focus, ...) go too
        state = ViewState(lang=state.lang)
    query = state.to_query()
    lang = state.lang
    out: dict[str, Any] = {
        "search": query if query != (search or "") else no_update,
        "values": state.filter_values(),
        "lang": lang,
        "options": filter_options(data, lang),
        "labels": {k: t(f"filters.{k}", lang) for k in FILTER_KEYS},
        "placeholder": t("filters.all", lang),
        "clear": t("filters.clear", lang),
        "nav_labels": {key: t(f"nav.{key}", lang) for key, _ in NAV_PAGES},
        "nav_hrefs": {
            key: path + ViewState(lang=lang, filters=state.filters).to_query() for key, path in NAV_PAGES
        },  # a page's own options stay on that page
        "nav_classes": {key: "nav-link active" if path == (pathname or "/") else "nav-link" for key, path in NAV_PAGES},
        "notice": [
            html.P(
                t(
                    "filters.unknown",
                    lang,
                    name=t(f"filters.{d.what.replace(' ', '_')}", lang),
                    value=d.given[0],
                    valid=", ".join(d.valid),
                ),
                className="notice",
            )
            for d in dropped
        ],
        "title": t("app.title", lang),
        "subtitle": t("app.subtitle", lang),
        "footer": t("app.footer", lang, snapshot=data.snapshot),
    }
    return out


def register(app: Dash, data: DashboardData) -> None:
    """Wire the shell callback (only to the nav links the app has)."""
    nav = nav_keys()
    run = bind_memo(update_shell, data)

    # the URL as a duplicate output, called on first load: Dash then runs this callback beside
    # the pages router instead of holding the router back until it returns (a round trip saved)
    @app.callback(
        Output(URL, "search", allow_duplicate=True),
        *[Output(f"filters-{k}", "value") for k in FILTER_KEYS],
        Output("app-lang", "value"),
        *[Output(f"filters-{k}", "options") for k in FILTER_KEYS],
        *[Output(f"filters-{k}-label", "children") for k in FILTER_KEYS],
        *[Output(f"filters-{k}", "placeholder") for k in FILTER_KEYS],
        Output("filters-clear", "children"),
        *[Output(f"app-nav-{k}", "children") for k in nav],
        *[Output(f"app-nav-{k}", "href") for k in nav],
        *[Output(f"app-nav-{k}", "className") for k in nav],
        Output("filters-notice", "children"),
        Output("app-title", "children"),
        Output("app-subtitle", "children"),
        Output("app-footer", "children"),
        Input(URL, "search"),
        *[Input(f"filters-{k}", "value") for k in FILTER_KEYS],
        Input("app-lang", "value"),
        Input("filters-clear", "n_clicks"),
        Input(URL, "pathname"),
        prevent_initial_call="initial_duplicate",
    )
    def shell_callback(search: str | None, *controls: Any) -> tuple[Any, ...]:
        values, lang, pathname = controls[: len(FILTER_KEYS)], controls[len(FILTER_KEYS)], controls[-1]
        out = run(ctx.triggered_id, search, dict(zip(FILTER_KEYS, values, strict=True)), lang, pathname)
        return (
            out["search"],
            *[out["values"][k] for k in FILTER_KEYS],
            out["lang"],
            *[out["options"][k] for k in FILTER_KEYS],
            *[out["labels"][k] for k in FILTER_KEYS],
            *[out["placeholder"]] * len(FILTER_KEYS),
            out["clear"],
            *[out["nav_labels"][k] for k in nav],
            *[out["nav_hrefs"][k] for k in nav],
            *[out["nav_classes"][k] for k in nav],
            out["notice"],
            out["title"],
            out["subtitle"],
            out["footer"],
        )
