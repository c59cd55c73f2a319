"""The table: one row per paper. Column names and types are defined here and nowhere else."""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from .errors import DailyPapersError

#: Upvotes keep rising for one to two weeks after a paper's Daily Papers day: figures seen at
#: least this many days after it are settled. ``fetch`` reads a day again until then, and the
#: questions count settled upvotes only unless told otherwise.
SETTLE_DAYS = 14

#: (name, Arrow type, meaning) — the README's schema table is generated from this list.
COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("paper_id", pa.string(),
     "arXiv id when known (never a float); for copied text `title:` + the normalised title"),
    ("title", pa.string(), "paper title"),
    ("abstract", pa.string(), "abstract as listed"),
    ("authors", pa.list_(pa.string()), "names in order; null when the source does not name them"),
    ("author_count", pa.int32(), "number of authors; null when unknown"),
    ("organization", pa.string(), "Hub organization handle"),
    ("organization_name", pa.string(), "Hub organization display name"),
    ("published_on", pa.date32(), "the paper's date (listing date / `paper.publishedAt`)"),
    ("daily_on", pa.date32(),
     "the day it was on Daily Papers (`submittedOnDailyAt`, old-schema fallback); "
     "null when unknown"),
    ("upvotes", pa.int32(), "upvotes; null when not shown"),
    ("comments", pa.int32(), "comments; null when not shown"),
    ("keywords", pa.list_(pa.string()), "`ai_keywords`; null when absent"),
    ("ai_summary", pa.string(), "the Hub's one-line AI summary"),
    ("github_repo", pa.string(), "code repository URL"),
    ("project_page", pa.string(), "project page URL"),
    ("submitted_by", pa.string(), "Hub user who submitted it to Daily Papers"),
    ("github_stars", pa.int32(), "stars of `github_repo`"),
    ("source_format", pa.string(), "`text`, `html` or `api`"),
    ("source", pa.string(), "the file or URL it came from"),
    ("seen_at", pa.timestamp("us", tz="UTC"),
     "when its figures were observed (fetch time; the as-of day for copied text)"),
]

NAMES: list[str] = [name for name, _, _ in COLUMNS]
ARROW_SCHEMA: pa.Schema = pa.schema([(name, dtype) for name, dtype, _ in COLUMNS])
POLARS_SCHEMA: pl.Schema = pl.Schema(pl.from_arrow(ARROW_SCHEMA.empty_table()).schema)

#: Observed figures: they change over time; a newer observation replaces an older one.
FIGURES: tuple[str, ...] = ("upvotes", "comments", "github_stars")
SOURCE_FORMATS: tuple[str, ...] = ("text", "html", "api")
#: A richer source is never overwritten by a poorer one.
SOURCE_RICHNESS: dict[str, int] = {"text": 0, "html": 1, "api": 1}
TITLE_ID_PREFIX = "title:"


def empty_frame() -> pl.DataFrame:
    """A table with every column and no rows.

    Examples
    --------
    >>> empty_frame().shape
    (0, 20)
    """
    return pl.DataFrame(schema=POLARS_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with exactly the schema's columns, order and types.

    Missing columns are added as nulls; extra columns are dropped.

    Examples
    --------
    >>> conform(pl.DataFrame({"paper_id": ["2501.00001"], "upvotes": [3]})).schema["upvotes"]
    Int32
    >>> conform(pl.DataFrame({"upvotes": ["many"]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    dailypapers.errors.DailyPapersError: the column 'upvotes' holds String values, which do ...
    """
    try:
        return frame.select(
            pl.col(name).cast(dtype) if name in frame.columns
            else pl.lit(None, dtype).alias(name) for name, dtype in POLARS_SCHEMA.items())
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        for name, dtype in POLARS_SCHEMA.items():
            if name in frame.columns and not _casts(frame[name], dtype):
                text_dates = frame.schema[name] == pl.String and dtype.is_temporal()
                raise DailyPapersError(
                    f"the column {name!r} holds {frame.schema[name]} values, which do not "
                    f"read as {dtype}, the store's type (dp.POLARS_SCHEMA lists every "
                    "column's)" + ("; text becomes dates by pl.col(...).str.to_date()"
                                   if text_dates else "")) from None
        raise


def _casts(column: pl.Series, dtype: pl.DataType) -> bool:
    try:
        column.cast(dtype)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        return False
    return True


def _type_name(dtype: pa.DataType) -> str:
    if pa.types.is_list(dtype):
        return f"list<{dtype.value_type}>"
    if pa.types.is_timestamp(dtype):
        return f"timestamp[{dtype.unit}, {dtype.tz}]"
    return "date32" if pa.types.is_date32(dtype) else str(dtype)


def schema_markdown() -> str:
    """The schema as a Markdown table (the README shows it)."""
    lines = ["| column | Arrow type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {_type_name(dtype)} | {meaning} |" for name, dtype, meaning in COLUMNS]
    return "\n".join(lines)


def one_line_expr(text: pl.Expr) -> pl.Expr:
    """Text as one line: each run of spaces and line breaks one space, none at the ends. A
    stored title is one line (arXiv's titles keep the line breaks of their source:
    "Multimodal\\n  Reasoning").

    Examples
    --------
    >>> pl.select(one_line_expr(pl.lit(" Multimodal\\n  Reasoning "))).item()
    'Multimodal Reasoning'
    """
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def title_key_expr(title: pl.Expr) -> pl.Expr:
    """The normalised title: how a copied-text row finds the same paper from the API.

    Unicode compatibility forms, case, punctuation and spacing do not matter. This expression
    is the one definition; :func:`title_key` applies it to a single string.
    """
    return (title.str.normalize("NFKC").str.to_lowercase()
            .str.replace_all(r"[\W_]+", "-").str.strip_chars("-"))


def title_id_expr(title: pl.Expr) -> pl.Expr:
    """The stable ``paper_id`` of papers known only by their title (see :func:`title_id`)."""
    return pl.lit(TITLE_ID_PREFIX) + title_key_expr(title)


def title_key(title: str) -> str:
    """The normalised title of one string.

    Examples
    --------
    >>> title_key("ACE++: Instruction-Based  Image Creation")
    'ace-instruction-based-image-creation'
    """
    return pl.select(title_key_expr(pl.lit(title))).item()


def title_id(title: str) -> str:
    """The stable ``paper_id`` of a paper known only by its title.

    Examples
    --------
    >>> title_id("Revisiting the Superficial Alignment Hypothesis")
    'title:revisiting-the-superficial-alignment-hypothesis'
    """
    return TITLE_ID_PREFIX + title_key(title)
