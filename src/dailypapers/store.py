"""The store: one Parquet file, one row per paper. Merge, atomic write, load.

Merge policy (identity is ``paper_id``):

- a copied-text row (``title:`` id) whose normalised title matches a row with an arXiv id
  takes that id: it is the same paper;
- descriptive columns come from the richest source (API/HTML over text), then the newest
  observation; a null never hides a known value;
- figures (upvotes, comments, GitHub stars) come together from one observation: the newest
  that shows any of them, whatever its source (upvotes 8 from a morning capture never sit
  beside stars 92 from a later re-fetch). Copied text shows upvotes only, so a newer copy
  gives the upvotes and the newest API/HTML observation the comments and stars;
  ``seen_at`` is the newest observation;
- ``daily_on`` is the first day the paper was on Daily Papers;
- a title is one line (:func:`~dailypapers.schema.one_line_expr`): arXiv's line breaks are
  its source's layout (a stored title on several lines is mended at the next write).

Ties are broken by ``source``, so the result never depends on the order of the inputs.

Concurrency: writers take turns. Every rewrite of ``papers.parquet`` and
``observations.parquet`` holds an exclusive lock on ``papers.parquet.lock`` (an OS file lock
through :mod:`filelock`, released by the kernel when a process dies) for the whole
read → merge → write, so N writers at once give the store one writer after another gives.
Readers take no lock: each file is replaced by a rename, and a reader opens it once, so it
reads the old file or the new one, never half of each.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import SkippedLine, StoreError, StoreLocked
from .files import atomic_write, open_for_reading
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
    one_line_expr,
    title_key_expr,
)
from .sources import name_sources, source_groups
from .words import counted

#: Which observations may give each figure (see merge): any that shows a figure for upvotes;
#: for comments and stars only those of forms that show them (API, HTML).
_FIGURE_FLAGS = ["_figures" if name == "upvotes" else "_full" for name in FIGURES]
_DESCRIPTIVE = [name for name in NAMES
                if name not in (*FIGURES, "paper_id", "seen_at", "daily_on")]


def scan(store: str | Path | None = None) -> pl.LazyFrame:
    """The store as a lazy frame: for big stores, filter before collecting.

    The file is opened once, now: the frame reads that file, even after a writer renames a
    new store into place, until the frame is dropped (which closes it).

    Examples
    --------
    >>> scan().filter(pl.col("upvotes") > 10).collect()  # doctest: +SKIP
    """
    path = Path(store) if store is not None else default_store()
    return pl.scan_parquet(open_for_reading(path, "no store at {path}: run `dailypapers ingest "
                                       "data/raw/…` first (or `make data`)"))


def load(store: str | Path | None = None) -> pl.DataFrame:
    """The store as a polars DataFrame, in the schema of :mod:`dailypapers.schema`.

    ``store`` defaults to ``$DAILYPAPERS_STORE`` or ``data/processed/papers.parquet``.
    """
    path = Path(store) if store is not None else default_store()
    try:
        return conform(_read(path, "no store at {path}: run `dailypapers ingest data/raw/…` "
                                   "first (or `make data`)"))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise StoreError(f"cannot read the store {path}: {exc}") from None


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
    both = pl.concat([conform(existing), conform(incoming)]).with_columns(
        one_line_expr(pl.col("title")))
    if both.is_empty():
        return empty_frame()
    both = _adopt_arxiv_ids(both).with_columns(
        _rank=pl.col("source_format").replace_strict(SOURCE_RICHNESS, default=0,
                                                     return_dtype=pl.Int8))
    shows_any = pl.any_horizontal(pl.col(name).is_not_null() for name in FIGURES)
    by_richness = both.sort(["_rank", "seen_at", "source"], nulls_last=False).with_columns(
        _figures=shows_any,
        # copied text shows upvotes only: its silence on comments and stars is no observation
        _full=shows_any & (pl.col("source_format") != "text"))
    merged = by_richness.group_by("paper_id", maintain_order=False).agg(
        *[pl.col(name).drop_nulls().last() for name in _DESCRIPTIVE],
        *[pl.col(name).sort_by([flag, "seen_at", "_rank", "source"]).last()
          for name, flag in zip(FIGURES, _FIGURE_FLAGS, strict=True)],
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

    def summary(self, show: int | None = 5) -> str:
        """The lines the command line prints: the first ``show`` notes and skipped lines,
        and how many more there are (``show=None``: every one)."""
        show = max(len(self.notes), len(self.skipped)) if show is None else show
        notes = self.notes if len(self.notes) <= show else [
            *self.notes[:show], f"… and {counted(len(self.notes) - show, 'more note')} like these "
            "(--show-all lists every one)"]
        out = [*notes,
               f"{counted(self.files, 'file')}, {self.papers_read} papers read: {self.new} new, "
               f"{self.updated} updated, {self.unchanged} unchanged; "
               f"{counted(len(self.skipped), 'line')} skipped, "
               f"{counted(self.chrome, 'line')} of page chrome",
               f"store: {self.store} ({self.total} papers"
               + ("" if self.written else ", not rewritten: nothing changed") + ")"]
        out += [f"  skipped {line}" for line in self.skipped[:show]]
        if len(self.skipped) > show:
            out.append(f"  … and {counted(len(self.skipped) - show, 'more skipped line')} "
                       "(--show-all lists every one)")
        return "\n".join(out)


def _changed_ids(before: pl.DataFrame, after: pl.DataFrame) -> tuple[set[str], set[str]]:
    """Ids of ``after`` that are new, and ids whose row differs from ``before``."""
    new = set(after["paper_id"]) - set(before["paper_id"])
    joined = after.join(before, on="paper_id", how="inner", suffix="_old")
    differs = pl.any_horizontal(
        ~pl.col(name).eq_missing(pl.col(f"{name}_old")) for name in NAMES if name != "paper_id")
    return new, set(joined.filter(differs)["paper_id"])


#: How long a writer waits for another before giving up (``--lock-timeout``), in seconds.
LOCK_TIMEOUT = 600.0  # the command line's default too (cli.LOCK_TIMEOUT, tested equal)
#: After this many seconds of waiting a writer says so on stderr, once.
_NOTICE_AFTER = 1.0


def lock_path(store: str | Path) -> Path:
    """The lock file of a store: ``papers.parquet.lock`` beside it (kept, never removed)."""
    store = Path(store)
    return store.with_name(store.name + ".lock")


@contextmanager
def writer_lock(store: str | Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the store's exclusive writer lock; wait up to ``timeout`` seconds for it.

    The lock is the operating system's (``flock`` on POSIX), so a writer that dies, even by
    ``kill -9``, releases it at once: a stale lock never blocks the next writer. Raises
    :class:`~dailypapers.errors.StoreLocked` when the wait runs out; the store is untouched.
    """
    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(store), thread_local=False)
    try:
        lock.acquire(timeout=min(_NOTICE_AFTER, timeout))
    except Timeout:
        print(f"waiting for another writer of {store}", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=max(timeout - _NOTICE_AFTER, 0))
        except Timeout:
            raise StoreLocked(
                f"another writer held {store} for more than {timeout:g} s; the store is "
                "untouched (try again, or pass a longer --lock-timeout)") from None
    try:
        yield
    finally:
        lock.release()


def _remove_stale_temporaries(store: Path) -> None:
    """Delete the half-written files of writers that were killed.

    Only the lock holder writes temporaries beside the store, so under the lock every one
    found is left over from a writer that died before its rename.
    """
    for name in (store.name, observations_path(store).name):
        for leftover in store.parent.glob(f".{name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def ingest(paths: Iterable[str | Path], store: str | Path | None = None,
           as_of: date | None = None, lock_timeout: float = LOCK_TIMEOUT) -> IngestReport:
    """Read every input and merge them into the store, all or nothing.

    Any input that is not a listing raises :class:`~dailypapers.errors.InputError` before the
    store is touched. Nothing is rewritten when nothing changed. The inputs are read before
    the writer lock is taken; the store is read, merged and written under it.
    """
    path = Path(store) if store is not None else default_store()
    listings: list[Listing] = [read_listing(p, as_of=as_of) for p in paths]
    return merge_listings(listings, path, lock_timeout=lock_timeout)


def merge_listings(listings: Sequence[Listing], path: str | Path,
                   lock_timeout: float = LOCK_TIMEOUT) -> IngestReport:
    """Merge listings already read into the store at ``path`` and report.

    The store is read under the writer lock (:func:`writer_lock`), so no other writer's
    papers are lost between this read and this write.
    """
    path = Path(path)
    with writer_lock(path, lock_timeout):
        _remove_stale_temporaries(path)
        return _merge_locked(listings, path)


def _merge_locked(listings: Sequence[Listing], path: Path) -> IngestReport:
    existing = load(path) if path.is_file() else empty_frame()
    incoming = pl.concat([conform(listing.frame) for listing in listings]) if listings \
        else empty_frame()
    # Count in final ids: an old copied-text row that adopts an arXiv id is "updated".
    remapped = _adopt_arxiv_ids(pl.concat([conform(existing), incoming]))
    stored = remapped.head(existing.height)
    before = merge(stored, empty_frame())
    incoming_ids = set(remapped.tail(incoming.height)["paper_id"]) if incoming.height else set()
    merged = merge(existing, incoming)
    new, updated = _changed_ids(before, merged)
    # ``before`` went through the merge too, which mends a title kept on several lines: a
    # change to write and to report all the same
    updated |= set(stored.filter(pl.col("title") != one_line_expr(pl.col("title")))
                   ["paper_id"]) - new
    write = bool(new or updated) or not path.is_file()
    # History first: should the process die between the two renames, the history holds
    # observations the papers do not show yet; they are keyed by (paper, time, source), so
    # ingesting the same input again completes the store without counting any twice.
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
    Call it under :func:`writer_lock` of the store, as :func:`merge_listings` does.
    """
    seen = rows.select(OBSERVATION_COLUMNS).filter(
        pl.any_horizontal(pl.col(name).is_not_null() for name in FIGURES))
    return append_unique(path, seen, ["paper_id", "seen_at", "source"])


def append_unique(path: Path, rows: pl.DataFrame, key: list[str],
                  prefer: str | None = None) -> int:
    """Add to the Parquet file at ``path`` the ``rows`` whose ``key`` it does not hold yet
    (the file replaced whole, or kept); returns the rows added. ``prefer`` names a boolean
    column: of two rows with one key, one where it is true wins, an old one or a new (a
    repository read from a complete list over the same one seen in a preview), and counts
    as added. Sorted on the whole key, so writers in any order leave the same file; a
    column the file lacks (written by an older version) is null on its old rows. Call it
    under :func:`writer_lock`."""
    old = _read(path) if path.is_file() else rows.clear()
    both = pl.concat([old.with_columns(_new=pl.lit(False)),
                      rows.with_columns(_new=pl.lit(True))], how="diagonal_relaxed")
    if prefer is not None:
        both = both.sort(pl.col(prefer).fill_null(False), descending=True, maintain_order=True)
    kept = both.unique(key, keep="first", maintain_order=True)
    added = int(kept["_new"].sum())
    if added:
        table = kept.drop("_new").sort(key).to_arrow()
        atomic_write(path, lambda out: pq.write_table(table, out, compression="zstd"))
    return added


def load_observations(store: str | Path | None = None) -> pl.DataFrame:
    """Every observation of each paper's upvotes, comments and stars, oldest first.

    Examples
    --------
    >>> history = load_observations()  # doctest: +SKIP
    >>> history.filter(pl.col("paper_id") == "2503.02130")  # doctest: +SKIP
    """
    return _read(observations_path(store), "no observations at {path}: ingest or fetch first")


def _read(path: Path, missing: str = "no file at {path}") -> pl.DataFrame:
    with open_for_reading(path, missing) as handle:
        return pl.read_parquet(handle)


__all__ = [
    "POLARS_SCHEMA",
    "IngestReport",
    "ingest",
    "load",
    "load_observations",
    "lock_path",
    "merge",
    "merge_listings",
    "name_sources",
    "observations_path",
    "record_observations",
    "scan",
    "source_groups",
    "write_atomic",
    "writer_lock",
]
