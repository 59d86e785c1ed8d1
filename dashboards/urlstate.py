"""The view a URL names: language, filters and page options, to and from a query string.

Each filter holds one value or nothing ("all"). The query string is the one place the
view lives, so a copied link reopens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from urllib.parse import parse_qsl, urlencode

from dashboards.i18n import LANGUAGES
from graph.analysis.filters import Filters

__all__ = ["FILTER_KEYS", "ViewState"]

FILTER_KEYS = tuple(f.name for f in fields(Filters))


@dataclass(frozen=True)
class ViewState:
    """Language, the filters (as :class:`graph.analysis.filters.Filters` names them) and page
    options such as ``goal=9`` or ``scope=all``."""

    lang: str = "en"
    filters: Filters = field(default_factory=Filters)
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_query(cls, search: str | None) -> ViewState:
        """Read a query string (with or without ``?``); an unknown language falls back to English."""
        lang = "en"
        chosen: dict[str, str] = {}
        options: dict[str, str] = {}
        for key, value in parse_qsl((search or "").lstrip("?")):
            if key == "lang":
                lang = value if value in LANGUAGES else "en"
            elif key in FILTER_KEYS:
                chosen[key] = value
            else:
                options[key] = value
        return cls(lang=lang, filters=Filters(**chosen), options=tuple(sorted(options.items())))

    @classmethod
    def from_params(cls, params: dict[str, object]) -> ViewState:
        """Read the keyword arguments Dash pages passes to a layout function."""
        return cls.from_query(urlencode({k: v for k, v in params.items() if isinstance(v, str)}))

    def to_query(self) -> str:
        """The query string (``?...``, or ``""`` for the default view), keys in a fixed order."""
        pairs: list[tuple[str, str]] = [("lang", self.lang)] if self.lang != "en" else []
        pairs += [(key, value) for key, value in self.filter_values().items() if value]
        pairs += list(self.options)
        return "?" + urlencode(pairs, safe=",/:") if pairs else ""

    def filter_values(self) -> dict[str, str | None]:
        """Every filter by name (``None`` when unset)."""
        return {key: getattr(self.filters, key) for key in FILTER_KEYS}

    def with_filters(self, **values: str | None) -> ViewState:
        """A copy with the given filters replaced (empty values clear them)."""
        return replace(self, filters=replace(self.filters, **{k: v or None for k, v in values.items()}))

    def with_lang(self, lang: str | None) -> ViewState:
        """A copy in ``lang`` (English when unknown)."""
        return replace(self, lang=lang if lang in LANGUAGES else "en")

    def with_option(self, key: str, value: str | None) -> ViewState:
        """A copy with page option ``key`` set (or removed when ``value`` is empty)."""
        options = dict(self.options)
        if value:
            options[key] = value
        else:
            options.pop(key, None)
        return replace(self, options=tuple(sorted(options.items())))

    def option(self, key: str, default: str = "") -> str:
        """The page option ``key``."""
        return dict(self.options).get(key, default)

    def describe(self) -> str:
        """The filters in one line, for stamps on exports (``region=AFR; status=verified``)."""
        return self.filters.describe()
