"""The store: one Parquet file, one row per paper. Merge, atomic write, load.

Merge policy (identity is ``paper_id``):

- a copied-text row (``title:`` id) whose normalised title matches a row with an arXiv id
  takes that id: it is the same paper;
- descriptive columns come from the richest source (API/HTML over text), then the newest
  observation; a null never hides a known value;
- figures (upvotes, comments, GitHub stars) come from the newest observation that shows them,
  whatever its source; ``seen_at`` is the newest observation;
- ``daily_on`` is the first day the paper was on Daily Papers.

Ties are broken by ``source``, so the result never depends on the order of the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from .errors import SkippedLine, StoreError
from .files import atomic_write
from .paths import default_store
from .readers import Listing, read_listing
from .schema import (
    ARROW_SCHEMA,
    FIGURES,
    NAMES,
    POLARS_SCHEMA,
    SOURCE_RICHNESS,
    TITLE_ID_PREFIX,
    conform,
    empty_frame,
    title_key_expr,
)

_DESCRIPTIVE = [name for name in NAMES
                if name not in (*FIGURES, "paper_id", "seen_at", "daily_on")]


def scan(store: str | Path | None = None) -> pl.LazyFrame:
    """The store as a lazy frame: for big stores, filter before collecting.

    Examples
    --------
    >>> scan().filter(pl.col("upvotes") > 10).collect()  # doctest: +SKIP
    """
    path = Path(store) if store is not None else default_store()
    if not path.is_file():
        raise StoreError(f"no store at {path}: run `dailypapers ingest data/raw/…` first "
                         "(or `make data`)")
    return pl.scan_parquet(path)


def load(store: str | Path | None = None) -> pl.DataFrame:
    """The store as a polars DataFrame, in the schema of :mod:`dailypapers.schema`.

    ``store`` defaults to ``$DAILYPAPERS_STORE`` or ``data/processed/papers.parquet``.
    """
    try:
        return conform(scan(store).collect())
    except pl.exceptions.PolarsError as exc:
        raise StoreError(f"cannot read the store {store or default_store()}: {exc}") from None


def merge(existing: pl.DataFrame, incoming: pl.DataFrame) -> pl.DataFrame:
    """Merge new rows into the table by the policy above; one row per paper.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> old = conform(pl.DataFrame({"paper_id": ["2501.1"], "title": ["A"], "upvotes": [1],
    ...     "source_format": ["api"], "seen_at": [datetime(2025, 1, 1, tzinfo=UTC)]}))
    >>> new = conform(pl.DataFrame({"paper_id": ["title:a"], "title": ["A"], "upvotes": [5],
    ...     "source_format": ["text"], "seen_at": [datetime(2025, 2, 1, tzinfo=UTC)]}))
    >>> merge(old, new).select("paper_id", "upvotes", "source_format").row(0)
    ('2501.1', 5, 'api')
    """
    both = pl.concat([conform(existing), conform(incoming)])
    if both.is_empty():
        return empty_frame()
    both = _adopt_arxiv_ids(both).with_columns(
        _rank=pl.col("source_format").replace_strict(SOURCE_RICHNESS, default=0,
                                                     return_dtype=pl.Int8))
    by_richness = both.sort(["_rank", "seen_at", "source"], nulls_last=False)
    merged = by_richness.group_by("paper_id", maintain_order=False).agg(
        *[pl.col(name).drop_nulls().last() for name in _DESCRIPTIVE],
        *[pl.col(name).sort_by(["seen_at", "_rank", "source"]).drop_nulls().last()
          for name in FIGURES],
        pl.col("seen_at").max(),
        pl.col("daily_on").min(),
    )
    return conform(merged).sort("paper_id")


def _adopt_arxiv_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Give copied-text rows the arXiv id of the paper with the same normalised title."""
    is_title_id = pl.col("paper_id").str.starts_with(TITLE_ID_PREFIX)
    if not frame.select(is_title_id.any()).item():
        return frame
    keyed = frame.with_columns(_key=title_key_expr(pl.col("title")))
    known = (keyed.filter(~is_title_id & pl.col("_key").is_not_null() & (pl.col("_key") != ""))
             .group_by("_key").agg(_arxiv=pl.col("paper_id").min()))
    return (keyed.join(known, on="_key", how="left", maintain_order="left")
            .with_columns(paper_id=pl.when(is_title_id & pl.col("_arxiv").is_not_null())
                          .then(pl.col("_arxiv")).otherwise(pl.col("paper_id")))
            .drop("_key", "_arxiv"))


def write_atomic(frame: pl.DataFrame, path: str | Path) -> None:
    """Write the table to ``path`` so that a reader sees the old file or the new, never half.

    The rows go to a temporary file in the same folder, which is flushed to disk and renamed
    over the old file.
    """
    # via pyarrow, so the file carries the pinned Arrow types (string, not large_string)
    table = conform(frame).to_arrow().cast(ARROW_SCHEMA)
    atomic_write(path, lambda out: pq.write_table(table, out, compression="zstd"))


@dataclass
class IngestReport:
    """What an ingest did: counts, the skipped lines and the assumptions made."""

    store: Path
    files: int = 0
    papers_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    total: int = 0
    written: bool = False
    skipped: list[SkippedLine] = field(default_factory=list)
    chrome: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, show: int = 5) -> str:
        """The lines the command line prints."""
        out = [*self.notes,
               f"{self.files} file(s), {self.papers_read} papers read: {self.new} new, "
               f"{self.updated} updated, {self.unchanged} unchanged; "
               f"{len(self.skipped)} line(s) skipped, {self.chrome} line(s) of page chrome",
               f"store: {self.store} ({self.total} papers"
               + ("" if self.written else ", not rewritten: nothing changed") + ")"]
        out += [f"  skipped {line}" for line in self.skipped[:show]]
        if len(self.skipped) > show:
            out.append(f"  … and {len(self.skipped) - show} more skipped line(s)")
        return "\n".join(out)


def _changed_ids(before: pl.DataFrame, after: pl.DataFrame) -> tuple[set[str], set[str]]:
    """Ids of ``after`` that are new, and ids whose row differs from ``before``."""
    new = set(after["paper_id"]) - set(before["paper_id"])
    joined = after.join(before, on="paper_id", how="inner", suffix="_old")
    differs = pl.any_horizontal(
        ~pl.col(name).eq_missing(pl.col(f"{name}_old")) for name in NAMES if name != "paper_id")
    return new, set(joined.filter(differs)["paper_id"])


def ingest(paths: Iterable[str | Path], store: str | Path | None = None,
           as_of: date | None = None) -> IngestReport:
    """Read every input and merge them into the store, all or nothing.

    Any input that is not a listing raises :class:`~dailypapers.errors.InputError` before the
    store is touched. Nothing is rewritten when nothing changed.
    """
    path = Path(store) if store is not None else default_store()
    listings: list[Listing] = [read_listing(p, as_of=as_of) for p in paths]
    existing = load(path) if path.is_file() else empty_frame()
    return merge_listings(listings, path, existing)


def merge_listings(listings: Sequence[Listing], path: Path,
                   existing: pl.DataFrame | None = None) -> IngestReport:
    """Merge listings already read into the store at ``path`` and report."""
    existing = existing if existing is not None else (
        load(path) if path.is_file() else empty_frame())
    incoming = pl.concat([conform(listing.frame) for listing in listings]) if listings \
        else empty_frame()
    # Count in final ids: an old copied-text row that adopts an arXiv id is "updated".
    remapped = _adopt_arxiv_ids(pl.concat([conform(existing), incoming]))
    before = merge(remapped.head(existing.height), empty_frame())
    incoming_ids = set(remapped.tail(incoming.height)["paper_id"]) if incoming.height else set()
    merged = merge(existing, incoming)
    new, updated = _changed_ids(before, merged)
    write = bool(new or updated) or not path.is_file()
    # history first: should the main write fail after it, a re-run finds these rows known
    record_observations(remapped.tail(incoming.height), observations_path(path))
    if write:
        write_atomic(merged, path)
    return IngestReport(
        store=path, files=len(listings), papers_read=incoming.height, new=len(new),
        updated=len(updated), unchanged=len(incoming_ids - new - updated), total=merged.height,
        written=write, skipped=[line for listing in listings for line in listing.skipped],
        chrome=sum(len(listing.chrome) for listing in listings),
        notes=[note for listing in listings for note in listing.notes])


OBSERVATION_COLUMNS = ["paper_id", "seen_at", *FIGURES, "source_format", "source"]


def observations_path(store: str | Path | None = None) -> Path:
    """The history beside the store: ``observations.parquet``."""
    return (Path(store) if store is not None else default_store()).with_name(
        "observations.parquet")


def record_observations(rows: pl.DataFrame, path: Path) -> int:
    """Append each row's figures, as seen at ``seen_at``, to the history; returns rows added.

    An observation is identified by (paper, time, source): recording it twice adds nothing.
    """
    seen = rows.select(OBSERVATION_COLUMNS).filter(
        pl.any_horizontal(pl.col(name).is_not_null() for name in FIGURES))
    old = pl.read_parquet(path) if path.is_file() else seen.clear()
    both = pl.concat([old, seen]).unique(["paper_id", "seen_at", "source"], keep="first",
                                         maintain_order=True)
    added = both.height - old.height
    if added:
        table = both.sort(["paper_id", "seen_at"]).to_arrow()
        atomic_write(path, lambda out: pq.write_table(table, out, compression="zstd"))
    return added


def load_observations(store: str | Path | None = None) -> pl.DataFrame:
    """Every observation of each paper's upvotes, comments and stars, oldest first.

    Examples
    --------
    >>> history = load_observations()  # doctest: +SKIP
    >>> history.filter(pl.col("paper_id") == "2503.02130")  # doctest: +SKIP
    """
    path = observations_path(store)
    if not path.is_file():
        raise StoreError(f"no observations at {path}: ingest or fetch first")
    return pl.read_parquet(path)


def describe(frame: pl.DataFrame) -> dict[str, object]:
    """Papers, date span, sources and the share of nulls per column (``dailypapers info``)."""
    frame = conform(frame)
    span = frame.select(pl.col("published_on").min().alias("first"),
                        pl.col("published_on").max().alias("last")).row(0)
    sources = (frame.group_by("source_format", "source").len("papers")
               .sort("papers", descending=True))
    nulls = frame.select(pl.all().null_count() / max(frame.height, 1)).row(0, named=True)
    return {"papers": frame.height, "first": span[0], "last": span[1], "sources": sources,
            "null_share": nulls}


__all__ = ["POLARS_SCHEMA", "IngestReport", "describe", "ingest", "load", "load_observations",
           "merge", "merge_listings", "observations_path", "record_observations", "scan",
           "write_atomic"]
