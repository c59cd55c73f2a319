"""A realistic, seeded corpus of N papers in the table's schema: for tests, benchmarks, demos.

The shape follows what we know of the real listings: 20–30 papers per weekday from
2023-05-04, authors per paper log-normal with median 7 and a long tail (up to thousands), author
names from a Zipf pool, ~40 % of papers with an organization (Zipf over ~2,000 handles), 3–8
keywords per paper (Zipf over ~40,000 phrases, most of two words, with case/plural/hyphen
variants; the top one on ~15 % of papers), abstracts of
~1,200 characters whose words follow a Zipf law, heavy-tailed upvotes.

Built with numpy and polars so that a million papers take seconds, not minutes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from .keywords.generic import shipped_generic_words
from .keywords.normalise import STOP_WORDS, normalize
from .schema import conform

START = date(2023, 5, 4)
# the bundled sample gives real word frequencies (absent when installed without the repo)
_SAMPLE = Path(__file__).resolve().parents[2] / "data/raw/daily-papers-search_2025-12-09.txt"
_FALLBACK_WORDS = (
    "model models language large learning training data reasoning vision diffusion agent "
    "agents video image generation benchmark evaluation multimodal reinforcement policy "
    "retrieval attention transformer token tokens efficient scaling alignment instruction "
    "tuning preference reward code math speech audio robot planning memory context long "
    "sparse mixture experts knowledge graph dataset datasets synthetic safety robust "
    "inference quantization compression distillation embedding representation"
).split()
_FIRST = ("Wei Li Yang Jun Xin Hao Yu Jie Ming Lei Anna Maria David Michael Sarah John Daniel "
          "Laura Ahmed Fatima Hiroshi Yuki Sanjay Priya Ivan Olga Lucas Sofia Noah Emma Omar "
          "Leila Kwame Amara Diego Camila Chen Zhang Wang Liu Zhao Sun Kim Park Lee").split()
_LAST = ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao "
         "Smith Johnson Brown Garcia Miller Davis Rodriguez Martinez Lopez Wilson Anderson "
         "Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Clark Lewis "
         "Kumar Singh Sharma Gupta Patel Tanaka Suzuki Sato Kim Park Choi Nguyen Tran Rossi "
         "Muller Schmidt Schneider Fischer Weber Ivanov Petrov Silva Santos Costa Oliveira").split()


def _vocabulary() -> list[str]:
    """Words in order of frequency: the bundled sample's abstracts, else a fallback list."""
    try:
        text = _SAMPLE.read_text(encoding="utf-8").lower()
    except OSError:
        return _FALLBACK_WORDS
    counts: dict[str, int] = {}
    for word in re.findall(r"[a-z][a-z-]{1,20}", text):
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    return words + [w for w in _FALLBACK_WORDS if w not in counts]


def _zipf_indices(rng: np.random.Generator, size: int, n: int, exponent: float = 1.1):
    """Indices into a pool of ``n`` items, item k drawn with weight 1 / (k + 1) ** exponent."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.choice(n, size=size, p=weights / weights.sum())


def _weekdays(count: int) -> np.ndarray:
    start = np.datetime64(START.isoformat())
    days = start + np.arange(int(count * 7 / 5) + 14)
    weekday = (days.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday
    return days[weekday < 5][:count]


def generate_corpus(papers: int, seed: int = 0, abstracts: bool = True) -> pl.DataFrame:
    """A synthetic table of ``papers`` rows in the schema (deterministic for a seed).

    Examples
    --------
    >>> frame = generate_corpus(500, seed=1)
    >>> frame.height, frame["paper_id"].n_unique(), frame["author_count"].median() >= 4
    (500, 500, True)
    """
    rng = np.random.default_rng(seed)
    words = _vocabulary()
    n = papers

    # dates: 20–30 papers per weekday
    per_day = rng.integers(20, 31, size=n // 20 + 2)
    day_of_paper = np.repeat(np.arange(per_day.size), per_day)[:n]
    daily = _weekdays(per_day.size)[day_of_paper]
    published = daily - rng.integers(0, 8, size=n).astype("timedelta64[D]")

    # authors: log-normal, median 7, long tail, capped at 3,500
    author_count = np.clip(np.round(rng.lognormal(np.log(7), 0.75, size=n)), 1, 3500)
    author_count[rng.random(n) < 1e-4] = rng.integers(500, 3500)
    author_count = author_count.astype(np.int32)
    pool_size = max(1000, min(400_000, n * 3))
    first = np.array(_FIRST)[rng.integers(0, len(_FIRST), pool_size)]
    last = np.array(_LAST)[rng.integers(0, len(_LAST), pool_size)]
    names = pl.Series([f"{a} {b} {i % 97}" for i, (a, b) in enumerate(zip(first, last,
                                                                           strict=True))])
    # exponents calibrated on the real corpus: its most prolific author holds
    # ~0.1 % of all authorships, its biggest organization ~3 % of the papers with one
    author_idx = _zipf_indices(rng, int(author_count.sum()), pool_size, 0.65)

    # organizations: ~40 % of papers, Zipf over ~2,000 handles
    org_words = [w for w in words if len(w) > 3][:400] or _FALLBACK_WORDS
    handles = [f"{org_words[i % len(org_words)]}-{['ai', 'lab', 'nlp', 'research', 'ml'][i % 5]}"
               + (str(i // (len(org_words) * 5)) if i >= len(org_words) * 5 else "")
               for i in range(2000)]
    has_org = rng.random(n) < 0.4
    org_idx = _zipf_indices(rng, n, len(handles), 0.7)

    # keywords: 3–8 per paper from ~40,000 phrases, with spelling variants. As on the Hub,
    # most are terms of two words ("video generation") and some a topic word alone
    # ("reasoning"); none is a stop word or a generic word alone, which count as no keyword
    skip = STOP_WORDS | shipped_generic_words()
    long_words = [w for w in words if len(w) > 4]
    content = [w for w, normal in zip(long_words, normalize(long_words), strict=True)
               if w not in skip and normal not in skip][:1500] or _FALLBACK_WORDS
    phrases = []
    for i in range(40_000):
        # a distinct word pair for each i (while 40,000 < len(content) ** 2)
        turn, at = divmod(i, len(content))
        a, b = content[at], content[(at + 1 + turn) % len(content)]
        phrase = a if turn == 0 and at % 10 == 0 else f"{a} {b}"
        if i % 11 == 0:
            phrase = phrase.replace(" ", "-")
        elif i % 13 == 0:
            phrase = phrase.title()
        phrases.append(phrase)
    kw_count = rng.integers(3, 9, size=n)
    # (an exponent of 0.8: the top keyword is on ~15 % of papers, as on the real listings)
    kw_idx = _zipf_indices(rng, int(kw_count.sum()), len(phrases), 0.8)

    # figures: heavy-tailed upvotes, few comments, stars for a third with code
    upvotes = np.floor(rng.pareto(1.3, size=n) * 4).astype(np.int32)
    comments = rng.poisson(0.8, size=n).astype(np.int32)
    has_repo = rng.random(n) < 0.33
    stars = np.floor(rng.lognormal(3, 1.5, size=n)).astype(np.int32)

    # arXiv-like ids; past 100,000 papers the number grows a digit, so ids stay unique
    ids = [f"{d.astype(object):%y%m}.{i:05d}" for d, i in zip(
        published.astype("datetime64[D]"), range(n), strict=True)]
    title_words = pl.Series(words[:3000])
    title_idx = _zipf_indices(rng, n * 7, len(title_words), 0.8)
    frame = pl.DataFrame({
        "paper_id": ids,
        "title_words": pl.Series(title_words.gather(title_idx)).reshape((n, 7)).arr.to_list(),
        "authors": pl.Series(names.gather(author_idx)).to_frame("a")
            .with_columns(row=pl.Series(np.repeat(np.arange(n), author_count)))
            .group_by("row", maintain_order=True).agg("a")["a"],
        "author_count": author_count,
        "organization": pl.Series(handles).gather(org_idx).zip_with(
            pl.Series(has_org), pl.Series([None], dtype=pl.String).extend_constant(None, n - 1)),
        "published_on": published.astype("datetime64[D]"),
        "daily_on": daily.astype("datetime64[D]"),
        "upvotes": upvotes,
        "comments": comments,
        "keywords": pl.Series([phrases[i] for i in kw_idx]).to_frame("k")
            .with_columns(row=pl.Series(np.repeat(np.arange(n), kw_count)))
            .group_by("row", maintain_order=True).agg("k")["k"].list.unique(maintain_order=True),
        "github_stars": np.where(has_repo, stars, 0),
        "has_repo": has_repo,
    })
    frame = frame.with_columns(
        title=pl.col("title_words").list.join(" ").str.to_titlecase() + pl.lit(" ")
        + pl.col("paper_id"),
        organization_name=pl.col("organization").str.replace_all("-", " ").str.to_titlecase(),
        github_repo=pl.when("has_repo").then(pl.lit("https://github.com/example/")
                                              + pl.col("paper_id")),
        github_stars=pl.when("has_repo").then("github_stars"),
        submitted_by=pl.lit("akhaliq"),
        source_format=pl.lit("api"), source=pl.lit(f"synthetic:seed={seed}"),
        seen_at=pl.lit(datetime(2026, 11, 1, tzinfo=UTC)),
    )
    if abstracts:
        frame = frame.with_columns(abstract=_abstracts(rng, words, n))
    return conform(frame)


def _abstracts(rng: np.random.Generator, words: list[str], n: int) -> pl.Series:
    """~1,200-character abstracts: 8 sentences from a pool whose words follow a Zipf law."""
    pool = 4000
    lengths = rng.integers(14, 26, size=pool)
    word_idx = _zipf_indices(rng, int(lengths.sum()), len(words), 1.0)
    vocab = pl.Series(words)
    plain = (pl.DataFrame({"w": vocab.gather(word_idx), "s": np.repeat(np.arange(pool), lengths)})
             .group_by("s", maintain_order=True).agg(pl.col("w").str.join(" "))["w"])
    sentences = plain.str.slice(0, 1).str.to_uppercase() + plain.str.slice(1) + "."
    pick = rng.integers(0, pool, size=(n, 8))
    return (pl.DataFrame({"t": sentences.gather(pick.ravel()),
                          "row": np.repeat(np.arange(n), 8)})
            .group_by("row", maintain_order=True).agg(pl.col("t").str.join(" "))["t"])


def add_synthetic_impact(papers: pl.DataFrame, seed: int = 7,
                         seen_at: datetime = datetime(2026, 2, 1, tzinfo=UTC)) -> pl.DataFrame:
    """``papers`` with SYNTHETIC impact columns (those ``dp.with_impact`` joins), for tests,
    benchmarks and a look at the impact charts before any fetch: six papers in ten read, a
    read paper cited by Poisson(0.6) models (a preview of at most two seen), their downloads
    log-normal, its first model made -30 to 300 days after it. Not the Hub's figures.

    Examples
    --------
    >>> papers = add_synthetic_impact(generate_corpus(100, abstracts=False))
    >>> papers["impact_seen_at"].null_count() < 100, papers["models_seen"].max() <= 2
    (True, True)
    """
    rng = np.random.default_rng(seed)
    n = papers.height
    read = pl.Series(rng.random(n) < 0.6)
    models = rng.poisson(0.6, n)
    seen = np.minimum(models, 2)
    days = pl.Series(rng.integers(-30, 300, n))
    counted = {"models": models, "datasets": rng.poisson(0.2, n),
               "spaces": rng.poisson(0.3, n), "models_seen": seen,
               "model_downloads": (rng.lognormal(6, 2, n) * (seen > 0)).astype(np.int64),
               "impact_likes": rng.poisson(3, n)}
    return papers.with_columns(
        *(pl.when(read).then(pl.Series(values).cast(pl.Int64)).alias(name)
          for name, values in counted.items()),
        first_model_at=pl.when(read & (pl.Series(models) > 0)).then(
            pl.col("published_on").fill_null(START).cast(pl.Datetime("us", "UTC"))
            + pl.duration(days=days)),
        impact_seen_at=pl.when(read).then(pl.lit(seen_at)))

