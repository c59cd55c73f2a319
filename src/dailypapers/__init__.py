"""dailypapers: Hugging Face Daily Papers listings as one tidy table, for Jupyter.

Verb families: ``read_*`` (one input), ``ingest``/``load``/``scan`` (the store),
``compute_*`` (tables), ``chart_*`` (Altair charts), ``export_*`` (files).
"""

from .errors import DailyPapersError, InputError, SkippedLine, StoreError
from .paths import default_store
from .readers import Listing, detect, read_listing, read_string
from .schema import ARROW_SCHEMA, NAMES, POLARS_SCHEMA, conform, empty_frame
from .store import IngestReport, describe, ingest, load, merge, scan

__version__ = "0.1.0"

__all__ = [
    "ARROW_SCHEMA",
    "NAMES",
    "POLARS_SCHEMA",
    "DailyPapersError",
    "IngestReport",
    "InputError",
    "Listing",
    "SkippedLine",
    "StoreError",
    "conform",
    "default_store",
    "describe",
    "detect",
    "empty_frame",
    "ingest",
    "load",
    "merge",
    "read_listing",
    "read_string",
    "scan",
]
