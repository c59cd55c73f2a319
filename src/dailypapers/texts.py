"""Where a table's long texts are read from: the table in memory, or the store file.

A million abstracts are a gigabyte, and only two questions read them: the keyphrases of
titles and abstracts, and a text search. Both read them here, a batch at a time, so a table
prepared from the store (``dp.prepare(store_path)``) need not hold them: :data:`ON_DISK`
stays in the file and :class:`Texts` reads it when asked.

Examples
--------
>>> papers = pl.DataFrame({"title": ["A", "B", "C"], "abstract": ["x", "y", "z"]})
>>> texts = Texts.of(papers)
>>> [batch["title"].to_list() for batch in texts.batches(("title",), size=2)]
[['A', 'B'], ['C']]
>>> [(part, frame["abstract"].to_list())
...  for part, frame in texts.gather(np.array([0, 2]), ("abstract",), size=2)]
[(slice(0, 1, None), ['x']), (slice(1, 2, None), ['z'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from .errors import StoreError
from .files import open_for_reading
from .schema import POLARS_SCHEMA, conform

#: The columns a table prepared from the store leaves in the file: long texts that only the
#: keyphrases and a text search read (most of a table's bytes).
ON_DISK = ("abstract", "ai_summary")
#: Rows a batch read from the store holds: small batches leave less memory resident after a
#: pass over every abstract, and read no slower.
READ_BATCH = 1 << 13


class Texts:
    """The columns of a table's rows, handed out a batch at a time, in row order.

    ``Texts.of(frame)`` reads a table in memory; ``Texts.in_store(path)`` the store file as
    it was when opened: the file stays open, so a writer that renames a new store into place
    later does not change what is read (the rows stay those of the table read with
    :meth:`table`). ``height`` is the number of rows, ``columns`` those that can be read.
    One reader at a time: the batches of a store share its file handle.
    """

    def __init__(self, height: int, columns: Sequence[str],
                 read: Callable[[tuple[str, ...], int], Iterator[pl.DataFrame]], where: str,
                 handle: BinaryIO | None = None):
        self.height, self.columns, self._read, self.where = height, tuple(columns), read, where
        self._handle = handle

    def __repr__(self) -> str:
        return f"<Texts: {self.height:,} rows of {self.where}>"

    @classmethod
    def of(cls, frame: pl.DataFrame) -> Texts:
        """The columns of a table in memory."""
        def read(columns: tuple[str, ...], size: int) -> Iterator[pl.DataFrame]:
            chosen = frame.select(columns)
            for start in range(0, frame.height, size):
                yield chosen.slice(start, size)

        return cls(frame.height, frame.columns, read, "the table in memory")

    @classmethod
    def in_store(cls, path: str | Path) -> Texts:
        """The columns of the store file at ``path``, opened now and kept open."""
        path = Path(path)
        handle = open_for_reading(path, "no store at {path}: run `dailypapers ingest data/raw/…` "
                             "first (or `make data`)")
        try:
            metadata = pq.ParquetFile(handle).metadata
        except (OSError, ValueError) as exc:
            handle.close()
            raise StoreError(f"cannot read the store {path}: {exc}") from None

        def read(columns: tuple[str, ...], size: int) -> Iterator[pl.DataFrame]:
            # pages read as they are decoded, not a whole column chunk first: a pass holds a
            # few pages, not the column
            parquet = pq.ParquetFile(handle, pre_buffer=False, buffer_size=1 << 20)
            for batch in parquet.iter_batches(batch_size=size, columns=list(columns)):
                yield _conformed(pl.from_arrow(batch), columns)

        return cls(metadata.num_rows, metadata.schema.to_arrow_schema().names, read,
                   str(path), handle)

    def batches(self, columns: Sequence[str], size: int = READ_BATCH
                ) -> Iterator[pl.DataFrame]:
        """Every row's ``columns`` (those the table has), ``size`` rows a batch."""
        return self._read(tuple(c for c in columns if c in self.columns), size)

    def gather(self, rows: np.ndarray, columns: Sequence[str], size: int = READ_BATCH
               ) -> Iterator[tuple[slice, pl.DataFrame]]:
        """The ``columns`` of the rows at ascending positions ``rows``, a batch at a time:
        ``(part, frame)``, ``frame`` holding the rows ``rows[part]``."""
        rows = np.asarray(rows, dtype=np.int64)
        done, start = 0, 0
        for batch in self.batches(columns, size):
            if done == len(rows):
                return
            end = start + batch.height
            upto = int(np.searchsorted(rows, end, side="left"))
            if upto > done:
                yield slice(done, upto), batch[rows[done:upto] - start]
            done, start = upto, end

    def null_counts(self, columns: Sequence[str], rows_mask: np.ndarray | None = None
                    ) -> dict[str, int]:
        """How many rows (of those where ``rows_mask``, by default all) have no value in
        each of ``columns``, read a batch at a time."""
        counts = dict.fromkeys(columns, 0)
        start = 0
        for batch in self.batches(columns):
            rows = batch if rows_mask is None else batch.filter(
                pl.Series(rows_mask[start:start + batch.height]))
            for column in rows.columns:
                counts[column] += rows[column].null_count()
            start += batch.height
        return counts

    def table(self, leave_out: Sequence[str] = ()) -> pl.DataFrame:
        """The whole table but ``leave_out``, in the schema's types (read once, now)."""
        if self._handle is None:
            raise ValueError("only a store file is read as a table")
        kept = [c for c in self.columns if c not in leave_out]
        self._handle.seek(0)
        return _conformed(pl.read_parquet(self._handle, columns=kept),
                          [c for c in POLARS_SCHEMA if c not in leave_out])


def _conformed(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """``frame`` in the schema's types, holding ``columns`` (those it lacks: nulls)."""
    return conform(frame).select(columns)


def joined_text(columns: list[str] | tuple[str, ...]) -> pl.Expr:
    """A paper's ``columns`` as one text, " . " between them: no term spans the seam."""
    return pl.concat_str([pl.col(c).fill_null("") for c in columns], separator=" . ")


def texts_of(frame: pl.DataFrame, columns: tuple[str, ...] = ("title", "abstract")) -> pl.Series:
    """Each paper's ``columns`` (those it has) as one text (:func:`joined_text`)."""
    present = [c for c in columns if c in frame.columns]
    if not present:
        return pl.Series("text", [""] * frame.height, dtype=pl.String)
    return frame.select(text=joined_text(present))["text"]


__all__ = ["ON_DISK", "READ_BATCH", "Texts", "joined_text", "texts_of"]
