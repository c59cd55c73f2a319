"""dailypapers: Hugging Face Daily Papers listings as one tidy table, for Jupyter.

Verb families: ``read_*`` (one input), ``ingest``/``load``/``scan`` (the store),
``compute_*`` (tables), ``chart_*`` (Altair charts), ``export_*`` (files).

Names are imported when first used, so ``import dailypapers`` and the command line start
fast: Altair, python-pptx and vl-convert load with the first chart or export.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> the module that defines it, one entry per module
_EXPORTS: dict[str, tuple[str, ...]] = {
    "charts": (
        "chart_author_counts", "chart_coverage", "chart_days_to_first_model",
        "chart_impact_by_keyword", "chart_impact_by_organization",
        "chart_impact_by_upvotes", "chart_impact_share", "chart_keyword_frequencies",
        "chart_most_used",
        "chart_keyword_trends",
        "chart_organization_share", "chart_overview", "chart_papers_over_time",
        "chart_rising_keywords", "chart_team_size_over_time", "chart_top_authors",
        "chart_top_authors_over_time", "chart_top_organizations", "chart_trend_topics",
        "chart_upvotes_by_organization", "chart_upvotes_by_team_size", "setup_notebook",
        "chart_keyword_map", "chart_coauthor_map",
    ),
    "prepared": (
        "Prepared", "prepare",
    ),
    "compute": (
        "compute_abbreviations", "compute_author_counts", "describe", "compute_coverage",
        "compute_keyword_frequencies",
        "compute_days_to_first_model", "compute_impact_by_keyword",
        "compute_impact_by_organization", "compute_impact_by_upvotes", "compute_impact_share",
        "compute_most_used",
        "compute_keyword_trends",
        "compute_listing_days",
        "compute_organization_share", "compute_overview", "compute_paper_list",
        "compute_papers_over_time",
        "compute_rising_keywords", "compute_team_size_over_time", "compute_top_authors",
        "compute_top_authors_over_time", "compute_top_organizations", "compute_trend_topics",
        "compute_upvotes_by_organization", "compute_upvotes_by_team_size", "split_halves",
    ),
    "errors": (
        "DailyPapersError", "InputError", "SkippedLine", "StoreError", "StoreLocked",
    ),
    "export": (
        "ExportError", "export_chart", "export_slides", "standard_charts",
    ),
    "fetch": (
        "FetchError", "fetch_daily", "fetch_days", "fetch_search",
    ),
    "impact": (
        "fetch_impact", "load_impact", "load_impact_repos", "with_impact",
    ),
    "filters": (
        "Filters", "Lookup", "describe_data", "search_expression",
    ),
    "maps": (
        "Network", "compute_coauthorship", "compute_keyword_cooccurrence",
    ),
    "paths": (
        "default_store",
    ),
    "readers": (
        "Listing", "detect", "read_listing", "read_string",
    ),
    "schema": (
        "ARROW_SCHEMA", "NAMES", "POLARS_SCHEMA", "conform", "empty_frame",
    ),
    "store": (
        "IngestReport", "ingest", "load", "load_observations", "merge", "scan",
    ),
    "synthetic": (
        "add_synthetic_impact", "generate_corpus",
    ),
    "texts": (
        "Texts",
    ),
    "views": (
        "VIEWS", "view",
    ),
    "widgets": (
        "DateRange", "FilterPanel", "PapersTable", "Picker", "SlideExporter",
        "date_toggle", "measure_toggle",
        "period_picker", "period_toggle", "show", "vocabulary_toggle",
    ),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
_SUBMODULES = ("charts", "cli", "codes", "compute", "errors", "export", "fetch", "files",
               "filters", "frames", "grouped", "hub", "impact", "keywords", "lookup", "maps",
               "paths", "prepared", "readers", "schema", "search", "sources", "store",
               "synthetic", "texts", "views", "widgets")

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        value = getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})
