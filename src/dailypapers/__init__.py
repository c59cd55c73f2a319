"""dailypapers: Hugging Face Daily Papers listings as one tidy table, for Jupyter.

Verb families: ``read_*`` (one input), ``ingest``/``load``/``scan`` (the store),
``compute_*`` (tables), ``chart_*`` (Altair charts), ``export_*`` (files).
"""

from .charts import (
    chart_author_counts,
    chart_keyword_frequencies,
    chart_keyword_trends,
    chart_organization_share,
    chart_overview,
    chart_papers_over_time,
    chart_rising_keywords,
    chart_team_size_over_time,
    chart_top_authors,
    chart_top_authors_over_time,
    chart_top_organizations,
    chart_trend_topics,
    chart_upvotes_by_organization,
    chart_upvotes_by_team_size,
    setup_notebook,
)
from .codes import prepare
from .compute import (
    compute_author_counts,
    compute_keyword_frequencies,
    compute_keyword_trends,
    compute_organization_share,
    compute_overview,
    compute_papers_over_time,
    compute_rising_keywords,
    compute_team_size_over_time,
    compute_top_authors,
    compute_top_authors_over_time,
    compute_top_organizations,
    compute_trend_topics,
    compute_upvotes_by_organization,
    compute_upvotes_by_team_size,
    split_halves,
)
from .errors import DailyPapersError, InputError, SkippedLine, StoreError
from .export import ExportError, export_chart, export_slides, standard_charts
from .fetch import FetchError, fetch_daily, fetch_days, fetch_search
from .filters import Filters, describe_data
from .paths import default_store
from .readers import Listing, detect, read_listing, read_string
from .schema import ARROW_SCHEMA, NAMES, POLARS_SCHEMA, conform, empty_frame
from .store import IngestReport, describe, ingest, load, load_observations, merge, scan
from .synthetic import generate_corpus
from .views import VIEWS, view
from .widgets import (
    DateRange,
    FilterPanel,
    SlideExporter,
    date_toggle,
    measure_toggle,
    period_picker,
    period_toggle,
    show,
)

__version__ = "0.1.0"

__all__ = [
    "ARROW_SCHEMA",
    "NAMES",
    "POLARS_SCHEMA",
    "VIEWS",
    "DailyPapersError",
    "DateRange",
    "ExportError",
    "FetchError",
    "FilterPanel",
    "Filters",
    "IngestReport",
    "InputError",
    "Listing",
    "SkippedLine",
    "SlideExporter",
    "StoreError",
    "chart_author_counts",
    "chart_keyword_frequencies",
    "chart_keyword_trends",
    "chart_organization_share",
    "chart_overview",
    "chart_papers_over_time",
    "chart_rising_keywords",
    "chart_team_size_over_time",
    "chart_top_authors",
    "chart_top_authors_over_time",
    "chart_top_organizations",
    "chart_trend_topics",
    "chart_upvotes_by_organization",
    "chart_upvotes_by_team_size",
    "compute_author_counts",
    "compute_keyword_frequencies",
    "compute_keyword_trends",
    "compute_organization_share",
    "compute_overview",
    "compute_papers_over_time",
    "compute_rising_keywords",
    "compute_team_size_over_time",
    "compute_top_authors",
    "compute_top_authors_over_time",
    "compute_top_organizations",
    "compute_trend_topics",
    "compute_upvotes_by_organization",
    "compute_upvotes_by_team_size",
    "conform",
    "date_toggle",
    "default_store",
    "describe",
    "describe_data",
    "detect",
    "empty_frame",
    "export_chart",
    "export_slides",
    "fetch_daily",
    "fetch_days",
    "fetch_search",
    "generate_corpus",
    "ingest",
    "load",
    "load_observations",
    "measure_toggle",
    "merge",
    "period_picker",
    "period_toggle",
    "prepare",
    "read_listing",
    "read_string",
    "scan",
    "setup_notebook",
    "show",
    "split_halves",
    "standard_charts",
    "view",
]
