"""The reference: the list-column questions answered the straightforward way, on a plain table.

The package asks every question of prepared papers (integer codes, restricted views); these
are the plain polars answers it is checked against (tests/test_reference.py): the authors
and keywords of each paper exploded into rows, grouped, joined. They are the oracle, not
product code, so they stay simple: no codes, no caches, nothing for speed.

They share with the package only what is the rule itself, not how it is counted: which
keywords a paper holds (``keyword_pairs``), a keyword's label (``labels_of``), the field's
abbreviations, the log-odds score, which vocabulary a question counts, and how a table of
the answer is laid out.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dailypapers.compute.common import _partial_periods, _window
from dailypapers.compute.sampling import _bulk, split_halves
from dailypapers.compute.topics import _carried_by_all, _empty_rising, _label_list
from dailypapers.compute.vocabulary import _vocabulary_facts, choose_vocabulary
from dailypapers.keywords.abbreviations import shipped_abbreviations
from dailypapers.keywords.normalise import labels_of, log_odds_dirichlet
from dailypapers.keywords.terms import keyword_pairs
from dailypapers.prepared import carries

#: Columns a question reads of the whole table's days, whatever rows it is handed (a filter
#: keeps papers, not days): the listing days a period holds, and how much of it the data
#: covers. A filtered plain table cannot tell them; tests/test_sampling.py holds them.
WHOLE_TABLE_COLUMNS = {"papers_per_day", "listing_days", "weekdays", "sampled",
                       "first_day", "last_day", "partial"}


def _periods_cut(days: pl.Series, every: str) -> list[pl.Expr]:
    """How much of each period the days cover, read against their bulk (the same rule)."""
    return _partial_periods(days.min(), days.max(), every, _bulk(days, every))


def _dated(frame: pl.DataFrame, date: str) -> pl.DataFrame:
    return frame.filter(pl.col(date).is_not_null())


def _pairs(frame: pl.DataFrame, source: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each paper's distinct keywords (``_row``, ``keyword`` as a string) and spellings."""
    pairs, spelled = keyword_pairs(frame, source)
    return pairs.with_columns(pl.col("keyword").cast(pl.String)), spelled


def _labels(spelled: pl.DataFrame, keywords: pl.Series) -> pl.DataFrame:
    return labels_of(spelled.filter(pl.col("keyword").is_in(keywords.implode())))


def distinct_authors(frame: pl.DataFrame) -> int:
    return frame["authors"].explode().drop_nulls().n_unique()


def _authorships(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per (paper, author name), each once."""
    return (frame.select(pl.int_range(pl.len()).alias("_row"), "published_on", "upvotes",
                         author=pl.col("authors"))
            .explode("author").drop_nulls("author").unique(["_row", "author"]))


def _tied_beyond(counts: pl.Series, top: pl.Series) -> int:
    """How many of ``counts`` outside ``top`` equal its smallest, counted plainly."""
    if top.is_empty():
        return 0
    return int((counts == top.min()).sum() - (top == top.min()).sum())


def _top_author_rows(frame: pl.DataFrame, n: int) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """The rows of the top ``n`` authors, the top ``n`` with their papers, and the tie."""
    rows = _authorships(frame)
    counts = rows.group_by("author").len("papers")
    leaders = counts.sort(["papers", "author"], descending=[True, False]).head(n)
    return (rows.filter(pl.col("author").is_in(leaders["author"].implode())), leaders,
            _tied_beyond(counts["papers"], leaders["papers"]))


def compute_top_authors(frame: pl.DataFrame, n: int = 20) -> pl.DataFrame:
    rows, _, beyond = _top_author_rows(frame, n)
    return (rows.group_by("author")
            .agg(papers=pl.len().cast(pl.Int64), first_published=pl.col("published_on").min(),
                 last_published=pl.col("published_on").max(),
                 upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .sort(["papers", "author"], descending=[True, False])
            .with_columns(tied_beyond=pl.lit(beyond, pl.Int64)))


def compute_top_authors_over_time(frame: pl.DataFrame, n: int = 10,
                                  every: str = "1y") -> pl.DataFrame:
    """The counts; not the rates per listing day, which read the whole table's listing days
    (a filter keeps papers, not days: tests/test_sampling.py holds them)."""
    rows, leaders, beyond = _top_author_rows(frame, n)
    return (rows.drop_nulls("published_on")
            .group_by("author", period=pl.col("published_on").dt.truncate(every))
            .agg(papers=pl.len().cast(pl.Int64), upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .join(leaders.rename({"papers": "author_papers"}), on="author")
            .sort(["author", "period"])
            .with_columns(*_periods_cut(frame["published_on"], every),
                          pl.col("author_papers").cast(pl.Int64),
                          tied_beyond=pl.lit(beyond, pl.Int64)))


def _left_out(per_keyword: pl.DataFrame, spelled: pl.DataFrame, frame: pl.DataFrame,
              source: str) -> tuple[pl.Series, list[str]]:
    covered = int(carries(frame, "keywords").sum()) if source == "keywords" else frame.height
    universal = pl.Series(_carried_by_all(per_keyword["papers"].to_numpy(), covered))
    labels = _labels(spelled, per_keyword.filter(universal)["keyword"])["label"]
    return universal, sorted(labels.to_list())


def compute_keyword_frequencies(frame: pl.DataFrame, n: int = 30,
                                source: str = "auto") -> pl.DataFrame:
    source = choose_vocabulary(frame, source)
    pairs, spelled = _pairs(frame, source)
    counted = pairs.group_by("keyword").agg(papers=pl.len().cast(pl.Int64))
    universal, left_out = _left_out(counted, spelled, frame, source)
    top = (counted.filter(~universal).sort(["papers", "keyword"], descending=[True, False])
           .head(n))
    return (top.join(_labels(spelled, top["keyword"]), on="keyword", how="left",
                     maintain_order="left")
            .with_columns(share=pl.col("papers") / max(frame.height, 1),
                          **_vocabulary_facts(frame, source),
                          carried_by_all=_label_list(left_out),
                          single_paper_keywords=pl.lit((counted["papers"] == 1).sum(),
                                                       pl.Int64),
                          tied_beyond=pl.lit(_tied_beyond(counted.filter(~universal)["papers"],
                                                          top["papers"]), pl.Int64))
            .select("keyword", "label", "papers", "share", "vocabulary", "covered_papers",
                    "all_papers", "carried_by_all", "single_paper_keywords", "tied_beyond"))


def compute_keyword_trends(frame: pl.DataFrame, keywords: list[str] | None = None,
                           every: str = "1mo", n: int = 8, source: str = "keywords",
                           date: str = "published_on", min_papers: int = 10) -> pl.DataFrame:
    """(``source`` is given: "auto" decides by windows, a rule the reference shares.)"""
    frame = _dated(frame, date)
    left_out: list[str] = []
    if keywords is None:
        top = compute_keyword_frequencies(frame, n, source)
        chosen = top["keyword"]
        left_out = top["carried_by_all"][0].to_list() if top.height else []
    else:
        chosen = shipped_abbreviations(source).keys_of(pl.Series(keywords, dtype=pl.String))
    chosen = chosen.unique().sort().rename("keyword")
    pairs, spelled = _pairs(frame, source)
    period = pl.col(date).dt.truncate(every)
    dated_pairs = pairs.with_columns(frame[date].gather(pairs["_row"]).alias(date))
    carrying = carries(frame, "keywords") if source == "keywords" else pl.lit(True)
    totals = (frame.filter(carrying).group_by(period=period)
              .agg(period_papers=pl.len().cast(pl.Int64)))
    hits = (dated_pairs.filter(pl.col("keyword").is_in(chosen.implode()))
            .group_by("keyword", period=period).agg(papers=pl.len().cast(pl.Int64)))
    days = frame[date]
    first, last = (pl.select(pl.lit(day).dt.truncate(every)).item()
                   for day in (days.min(), days.max()))
    periods = pl.date_range(first, last, interval=every, eager=True)
    grid = periods.alias("period").to_frame().join(chosen.to_frame(), how="cross")
    return (grid.join(totals, on="period", how="left")
            .join(hits, on=["period", "keyword"], how="left")
            .join(_labels(spelled, chosen), on="keyword", how="left")
            .with_columns(pl.col("papers", "period_papers").fill_null(0),
                          label=pl.col("label").fill_null(pl.col("keyword")))
            .with_columns(share=pl.when(pl.col("period_papers") >= max(min_papers, 1))
                          .then(pl.col("papers") / pl.col("period_papers")))
            .select("period", "keyword", "label", "papers", "period_papers", "share")
            .sort(["keyword", "period"]).with_columns(
                _periods_cut(days, every), **_vocabulary_facts(frame, source),
                carried_by_all=_label_list(left_out)))


def compute_trend_topics(frame: pl.DataFrame, n: int = 20, min_papers: int = 5,
                         source: str = "auto", date: str = "published_on") -> pl.DataFrame:
    frame = _dated(frame, date)
    source = choose_vocabulary(frame, source)
    pairs, spelled = _pairs(frame, source)
    epoch = pl.col(date).cast(pl.Int32)
    per_keyword = (pairs.with_columns(frame[date].gather(pairs["_row"]).alias(date))
                   .group_by("keyword")
                   .agg(papers=pl.len().cast(pl.Int64), q1=epoch.quantile(0.25, "nearest"),
                        median=epoch.quantile(0.5, "nearest"),
                        q3=epoch.quantile(0.75, "nearest")))
    universal, left_out = _left_out(per_keyword, spelled, frame, source)
    stats = (per_keyword.filter(~universal).filter(pl.col("papers") >= min_papers)
             .sort(["papers", "keyword"], descending=[True, False]).head(n)
             .with_columns(pl.col("q1", "median", "q3").cast(pl.Int32).cast(pl.Date))
             .rename({"q1": "q1_date", "median": "median_date", "q3": "q3_date"}))
    return (stats.join(_labels(spelled, stats["keyword"]), on="keyword", how="left")
            .sort(["median_date", "keyword"])
            .select("keyword", "label", "papers", "q1_date", "median_date", "q3_date")
            .with_columns(**_vocabulary_facts(frame, source),
                          carried_by_all=_label_list(left_out)))


def compute_rising_keywords(frame: pl.DataFrame, before=None, after=None, n: int = 15,
                            source: str = "keywords", min_papers: int = 3,
                            date: str = "published_on", prior_scale: float = 0.1
                            ) -> pl.DataFrame:
    """(``source`` is given: "auto" decides by windows, a rule the reference shares.)"""
    frame = _dated(frame, date)
    halves = split_halves(frame, date)
    if halves is None:
        return _empty_rising()
    before, after = before or halves[0], after or halves[1]
    sides = frame.select(a=_window(after, date), b=_window(before, date))
    in_windows = frame.filter(sides["a"] | sides["b"])
    pairs, spelled = _pairs(frame, source)
    counted = (pairs.with_columns(frame.select(_window(after, date).alias("in_after"),
                                               _window(before, date).alias("in_before"))
                                  [pairs["_row"]])
               .group_by("keyword")
               .agg(a=pl.col("in_after").sum().cast(pl.Int64),
                    b=pl.col("in_before").sum().cast(pl.Int64),
                    papers=(pl.col("in_after") | pl.col("in_before")).sum().cast(pl.Int64)))
    universal, left_out = _left_out(counted, spelled, in_windows, source)
    counts = counted.filter(~universal & ((pl.col("a") + pl.col("b")) >= min_papers)).drop(
        "papers")
    if counts.is_empty():
        return _empty_rising()
    scored = log_odds_dirichlet(counts, prior_scale).rename(
        {"a": "papers_after", "b": "papers_before"}).with_columns(
        within_chance=pl.col("z").abs() < 1.96)  # the 5 % two-sided z
    rising = scored.filter(pl.col("z") > 0).sort(["z", "keyword"], descending=[True, False])
    falling = scored.filter(pl.col("z") < 0).sort(["z", "keyword"])
    shown = pl.concat([rising.head(n).with_columns(direction=pl.lit("rising")),
                       falling.head(n).with_columns(direction=pl.lit("falling"))])
    return (shown.join(_labels(spelled, shown["keyword"]), on="keyword", how="left",
                       maintain_order="left")
            .select("keyword", "label", "papers_before", "papers_after", "log_odds", "z",
                    "direction", "within_chance")
            .with_columns(**_vocabulary_facts(in_windows, source),
                          carried_by_all=_label_list(left_out)))


def having_all(frame: pl.DataFrame, column: str, values: list[str]) -> np.ndarray:
    """Whether each paper's ``column`` list holds every one of ``values``."""
    keep = pl.lit(True)
    for value in values:
        keep &= pl.col(column).list.contains(value).fill_null(False)
    return frame.select(keep).to_series().to_numpy()


def having_all_keywords(frame: pl.DataFrame, source: str, keys: list[str]) -> np.ndarray:
    pairs, _ = _pairs(frame, source)
    rows = (pairs.filter(pl.col("keyword").is_in(keys)).group_by("_row")
            .agg(pl.col("keyword").n_unique())
            .filter(pl.col("keyword") == len(set(keys)))["_row"].to_numpy())
    mask = np.zeros(frame.height, dtype=bool)
    mask[rows] = True
    return mask


def compute_impact_by_keyword(frame: pl.DataFrame, n: int = 15, kind: str = "model",
                              min_fetched: int = 10, source: str = "auto") -> pl.DataFrame:
    """Each keyword's papers whose impact was read, those a ``kind`` cites, the share."""
    source = choose_vocabulary(frame, source)
    pairs, spelled = _pairs(frame, source)
    flags = frame.select(pl.int_range(pl.len()).alias("_row"),
                         read=pl.col("impact_seen_at").is_not_null(),
                         cited=pl.col("impact_seen_at").is_not_null()
                         & (pl.col(f"{kind}s").fill_null(0) > 0))
    per = pairs.join(flags, on="_row").group_by("keyword").agg(
        papers=pl.len().cast(pl.Int64), fetched=pl.col("read").sum().cast(pl.Int64),
        having=pl.col("cited").sum().cast(pl.Int64))
    universal, _ = _left_out(per, spelled, frame, source)
    kept = per.filter(~universal & (pl.col("fetched") > 0))
    enough = kept.filter(pl.col("fetched") >= min_fetched)
    top = enough.sort(["fetched", "keyword"], descending=[True, False]).head(n)
    return (top.join(_labels(spelled, top["keyword"]), on="keyword", how="left",
                     maintain_order="left")
            .with_columns(share=pl.col("having") / pl.col("fetched"),
                          too_few=pl.lit(kept.height - enough.height, pl.Int64),
                          kind=pl.lit(kind), **_vocabulary_facts(frame, source))
            .select("keyword", "label", "fetched", "having", "share", "too_few", "kind",
                    "vocabulary", "covered_papers", "all_papers"))
