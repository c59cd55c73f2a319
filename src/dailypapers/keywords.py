"""Keywords: normalisation, stop lists, terms from titles and abstracts, and log-odds.

Normalisation table (applied to ``ai_keywords`` and to extracted terms alike):

================================  ======================  ==================
variant                           rule                    example
================================  ======================  ==================
case                              lower-case              ``LLM`` → ``llm``
hyphen, underscore, slash, space  one space               ``fine-tuning`` → ``fine tuning``
regular plural of the last word   drop ``s`` / ``ies→y``  ``LLMs`` → ``llm``
irregular plural                  :data:`IRREGULAR`       ``analyses`` → ``analysis``
words that only look plural       kept (:data:`KEEP_S`)   ``bias``, ``physics``
================================  ======================  ==================

The label shown for a normalised keyword is its most frequent spelling in the data.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Irregular plurals of the last word of a keyword.
IRREGULAR = {
    "analyses": "analysis", "hypotheses": "hypothesis", "indices": "index",
    "matrices": "matrix", "vertices": "vertex", "criteria": "criterion",
    "phenomena": "phenomenon", "theses": "thesis", "axes": "axis", "children": "child",
    "people": "person", "mice": "mouse", "appendices": "appendix", "bases": "basis",
}
#: Words ending in "s" that are not plurals (besides -ss, -us, -is, -ics, -ous endings).
KEEP_S = frozenset({
    "bias", "gaussian", "lens", "news", "series", "species", "chaos", "corpus", "focus",
    "status", "consensus", "radius", "virus", "ours", "yes", "atlas", "canvas", "alias", "gpus",
    "tpus", "cpus", "plus", "minus", "bonus", "campus", "thus", "das", "vs", "pros", "cons",
    "gas", "does", "has", "was", "is", "this", "its", "less", "across", "mas", "sas",
})
#: Domain stop list: words every abstract uses, which say nothing of the topic. We add these
#: to scikit-learn's English list (318 words); unlike the `stop-words` package we keep
#: "large", "state" and "new", which carry meaning here ("large language model").
DOMAIN_STOP_WORDS = frozenset({
    "paper", "papers", "propose", "proposed", "proposes", "approach", "approaches", "result",
    "results", "method", "methods", "show", "shows", "shown", "showing", "demonstrate",
    "demonstrates", "demonstrated", "present", "presents", "presented", "introduce",
    "introduces", "introduced", "novel", "existing", "work", "works", "study", "studies",
    "achieve", "achieves", "achieved", "achieving", "significant", "significantly", "including",
    "based", "using", "use", "used", "uses", "via", "however", "furthermore", "moreover",
    "respectively", "specifically", "experiments", "experimental", "extensive", "extensively",
    "outperform", "outperforms", "outperforming", "effectiveness", "effective", "code",
    "available", "https", "http", "github", "com", "www", "et", "al", "e", "g", "i", "ie",
    "eg", "abstract", "recent", "recently", "various", "different", "key", "leverage",
    "leverages", "leveraging", "enable", "enables", "enabling", "address", "addresses",
    "provide", "provides", "providing", "able", "like", "given", "make", "makes", "making",
    "way", "ways", "also", "well", "often", "across", "within", "without", "toward",
    "towards", "despite", "while", "whether", "remain", "remains", "release", "publicly",
    "improve", "improves", "improved", "improving", "improvement", "improvements", "high",
    "better", "best", "first", "one", "two", "three", "many", "several", "find", "finds",
    "found", "thereby", "thus", "yet", "still", "further", "overall",
})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
_TOKEN = r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*"


def normalize_expr(keyword: pl.Expr) -> pl.Expr:
    """The normalised form of keywords (see the table above), as a polars expression.

    Examples
    --------
    >>> words = pl.Series("k", ["LLMs", "Fine-Tuning", "analyses", "bias"])
    >>> words.to_frame().select(normalize_expr(pl.col("k")))["k"].to_list()
    ['llm', 'fine tuning', 'analysis', 'bias']
    """
    base = (keyword.str.to_lowercase().str.replace_all(r"[-_/\s]+", " ").str.strip_chars()
            .str.replace_all(r"[.,;:]+$", ""))
    last = base.str.extract(r"(\S+)$", 1)
    head = base.str.extract(r"^(.*\s)\S+$", 1).fill_null("")
    singular = (
        pl.when(last.is_in(list(IRREGULAR))).then(last.replace(IRREGULAR))
        .when(last.is_in(list(KEEP_S)) | last.str.contains(r"(ss|us|is|ics|ous|'s)$")
              | (last.str.len_chars() <= 3))
        .then(last)
        .when(last.str.contains(r"[^aeiou]ies$") & (last.str.len_chars() > 4))
        .then(last.str.replace(r"ies$", "y"))
        .when(last.str.contains(r"(ches|shes|xes|sses)$"))
        .then(last.str.replace(r"es$", ""))
        .when(last.str.ends_with("s")).then(last.str.replace(r"s$", ""))
        .otherwise(last)
    )
    return pl.when(last.is_null()).then(base).otherwise(head + singular)


def normalize(keywords: list[str]) -> list[str]:
    """:func:`normalize_expr` on a list of strings.

    Examples
    --------
    >>> normalize(["Large Language Models", "large-language model", "Diffusion Models"])
    ['large language model', 'large language model', 'diffusion model']
    """
    return pl.Series(keywords, dtype=pl.String).to_frame("k").select(
        normalize_expr(pl.col("k")))["k"].to_list()


def vocabulary(spellings: pl.Series) -> pl.DataFrame:
    """Each distinct spelling with its normalised key, computed once per distinct spelling."""
    unique = spellings.unique().drop_nulls()
    return pl.DataFrame({"spelling": unique}).with_columns(key=normalize_expr(pl.col("spelling")))


def _batch_terms(chunk: pl.LazyFrame, start: int, columns: tuple[str, ...]) -> pl.LazyFrame:
    """(row, spelling) for one batch of papers: distinct unigrams and bigrams per row."""
    text = pl.concat_str([pl.col(c).fill_null("") for c in columns], separator=" . ")
    tokens = (chunk.select(_row=pl.int_range(pl.len(), dtype=pl.UInt32) + start,
                           t=text.str.to_lowercase().str.extract_all(_TOKEN))
              .explode("t")
              .with_columns(keep=pl.col("t").is_not_null() & ~pl.col("t").is_in(list(STOP_WORDS))
                            & (pl.col("t").str.len_chars() > 1)))
    # a paper's tokens are contiguous after explode: the next row is the next word when it
    # belongs to the same paper
    bigram = (pl.col("keep") & pl.col("keep").shift(-1).fill_null(False)
              & (pl.col("_row").shift(-1) == pl.col("_row")))
    return pl.concat([
        tokens.filter("keep").select("_row", spelling="t"),
        tokens.with_columns(_next=pl.col("t").shift(-1), _bigram=bigram).filter("_bigram")
        .select("_row", spelling=pl.col("t") + " " + pl.col("_next")),
    ]).unique()


def text_term_batches(frame: pl.DataFrame, columns: tuple[str, ...] = ("title", "abstract"),
                      batch: int = 25_000, parallel: int = 2) -> Iterator[pl.DataFrame]:
    """The distinct unigrams and bigrams of each paper's title and abstract, batch by batch.

    Stop words (:data:`STOP_WORDS`) are dropped; a bigram is formed only from two adjacent
    words that are both kept, so "state of the art" gives no "state art". Yields frames of
    (``_row``: the paper's row in ``frame``, ``spelling``), ``parallel`` batches at a time:
    memory stays bounded on a million abstracts, and both cores tokenise.
    """
    lazy = frame.lazy()
    starts = list(range(0, frame.height, batch))
    for group in range(0, len(starts), parallel):
        plans = [_batch_terms(lazy.slice(start, batch), start, columns)
                 for start in starts[group:group + parallel]]
        yield from pl.collect_all(plans)


class Normaliser:
    """Normalised keys of spellings, each distinct spelling normalised once across batches."""

    def __init__(self) -> None:
        self.known = pl.DataFrame(schema={"spelling": pl.String, "keyword": pl.String})

    def keyed(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """``pairs`` with a ``keyword`` column; spellings that normalise to nothing dropped."""
        new = pairs.select("spelling").unique().join(self.known, on="spelling", how="anti")
        if new.height:
            self.known = pl.concat([self.known, vocabulary(new["spelling"]).rename(
                {"key": "keyword"})])
        return (pairs.join(self.known, on="spelling", how="inner")
                .filter(pl.col("keyword") != ""))


def keyword_pairs(frame: pl.DataFrame, source: str = "auto", keep_pairs: bool = True
                  ) -> tuple[pl.DataFrame | None, pl.DataFrame]:
    """Each paper's normalised keywords, gathered batch by batch in bounded memory.

    ``source``: ``keywords`` (``ai_keywords``), ``text`` (title/abstract terms) or ``auto``
    (each paper's keywords where it has them, else its terms). Returns the distinct
    (``_row``, ``keyword``) pairs (``keyword`` categorical; ``None`` unless ``keep_pairs``) and
    how often each spelling gave each keyword (``keyword``, ``spelling``, ``n``: for labels).
    """
    if source not in ("keywords", "text", "auto"):
        raise ValueError(f'source must be "auto", "keywords" or "text", not {source!r}')
    has_keywords = pl.col("keywords").list.len().fill_null(0) > 0
    indexed = frame.with_row_index("_row")
    normaliser = Normaliser()
    pairs: list[pl.DataFrame] = []
    spellings: list[pl.DataFrame] = []

    def add(batch: pl.DataFrame) -> None:
        keyed = normaliser.keyed(batch.filter(pl.col("spelling").is_not_null()))
        spellings.append(keyed.group_by("keyword", "spelling").agg(n=pl.len()))
        if keep_pairs:
            pairs.append(keyed.select("_row", pl.col("keyword").cast(pl.Categorical)).unique())
        else:  # counts only: a paper's keyword once
            pairs.append(keyed.unique(["_row", "keyword"]).group_by("keyword").agg(
                papers=pl.len()))

    if source in ("keywords", "auto") and "keywords" in frame.columns:
        add(indexed.filter(has_keywords).select("_row", spelling="keywords").explode("spelling"))
    if source in ("text", "auto"):
        rest = indexed if source == "text" or "keywords" not in frame.columns \
            else indexed.filter(~has_keywords)
        if rest.height and {"title", "abstract"} & set(frame.columns):
            columns = tuple(c for c in ("title", "abstract") if c in frame.columns)
            rows = rest["_row"]
            for batch in text_term_batches(rest, columns):
                add(batch.with_columns(_row=rows.gather(batch["_row"])))
    spelled = (pl.concat(spellings).group_by("keyword", "spelling").agg(pl.col("n").sum())
               if spellings else pl.DataFrame(schema={"keyword": pl.String,
                                                      "spelling": pl.String, "n": pl.UInt32}))
    if not keep_pairs:
        counted = (pl.concat(pairs).group_by("keyword").agg(pl.col("papers").sum())
                   if pairs else pl.DataFrame(schema={"keyword": pl.String,
                                                      "papers": pl.UInt32}))
        return counted, spelled
    joined = (pl.concat(pairs) if pairs
              else pl.DataFrame(schema={"_row": pl.UInt32, "keyword": pl.Categorical}))
    return joined, spelled


def labels_of(spelled: pl.DataFrame) -> pl.DataFrame:
    """Each keyword's label: its most frequent spelling (ties alphabetical)."""
    return (spelled.sort(["n", "spelling"], descending=[True, False])
            .group_by("keyword", maintain_order=True).first()
            .select("keyword", label="spelling"))


def log_odds_dirichlet(counts: pl.DataFrame, prior_scale: float = 0.1) -> pl.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    ``counts`` has columns ``a`` and ``b``: how often each term occurs in group A and in
    group B. The prior for term *w* is ``alpha_w = prior_scale * (a_w + b_w)``: the pooled
    frequency, so rare terms shrink towards no difference. Adds ``log_odds`` (A over B; > 0
    means more typical of A), ``variance`` and ``z`` (``log_odds / sqrt(variance)``).

    Examples
    --------
    >>> out = log_odds_dirichlet(pl.DataFrame({"term": ["x", "y"], "a": [30, 5], "b": [5, 30]}))
    >>> out["z"].round(2).to_list()
    [7.14, -7.14]
    """
    total_a, total_b = counts["a"].sum(), counts["b"].sum()
    alpha = pl.lit(prior_scale) * (pl.col("a") + pl.col("b"))
    alpha_0 = prior_scale * (total_a + total_b)
    return counts.with_columns(_alpha=alpha).with_columns(
        log_odds=((pl.col("a") + pl.col("_alpha"))
                  / (total_a + alpha_0 - pl.col("a") - pl.col("_alpha"))).log()
        - ((pl.col("b") + pl.col("_alpha"))
           / (total_b + alpha_0 - pl.col("b") - pl.col("_alpha"))).log(),
        variance=1 / (pl.col("a") + pl.col("_alpha")) + 1 / (pl.col("b") + pl.col("_alpha")),
    ).with_columns(z=pl.col("log_odds") / pl.col("variance").sqrt()).drop("_alpha")


__all__ = ["DOMAIN_STOP_WORDS", "IRREGULAR", "KEEP_S", "STOP_WORDS", "Normaliser",
           "keyword_pairs", "labels_of", "log_odds_dirichlet", "normalize", "normalize_expr",
           "text_term_batches", "vocabulary"]
