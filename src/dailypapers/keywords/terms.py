"""Keyword pairs of a table: each paper's Hub keywords or title-and-abstract keyphrases.

:func:`keyword_pairs` is the one entry: (paper, keyword) pairs and the vocabulary's labels,
from the Hub's keywords or from the texts, which :func:`count_terms` feeds to a
:class:`~dailypapers.keywords.counter.TermCounter` batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import numpy as np
import polars as pl

from ..grouped import distinct_sorted
from ..memory import release_freed
from ..texts import Texts, joined_text
from .abbreviations import Abbreviations, shipped_abbreviations
from .counter import TermCounter, _Narrowed, is_led
from .generic import shipped_generic_words
from .keyphrases import keyphrases_of_sifted, numbered_candidates
from .lexicon import BATCH, COUNT_BATCH, _chunks


def count_terms(frame: pl.DataFrame | Texts, counter: TermCounter,
                columns: tuple[str, ...] = ("title", "abstract"), batch: int = COUNT_BATCH,
                keep_pairs: bool = True) -> Iterator[tuple[int, np.ndarray]]:
    """Feed ``columns`` of every row of ``frame`` (a table, or :class:`Texts` read from the
    store) to ``counter``, batch by batch.

    Yields ``(start, pairs)`` per batch (see :meth:`TermCounter.feed`). Reading, splitting
    and coding the next two batches runs beside the counting of these two (polars' thread
    pool does the splitting).
    """
    texts = frame if isinstance(frame, Texts) else Texts.of(frame)
    present = tuple(c for c in columns if c in texts.columns)
    if not present:
        return
    text = joined_text(present)
    read = texts.batches(present, min(batch, BATCH))

    def split() -> tuple[list[pl.DataFrame], list[int]]:  # the next two, split and coded
        parts = list(islice(read, 2))
        return pl.collect_all([_chunks(part.lazy(), text, counter.chunk_dtype)
                               for part in parts]), [part.height for part in parts]

    start = 0
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(split)
        while True:
            parts, heights = pending.result()
            if not parts:
                return
            pending = pool.submit(split)
            for part in parts:
                counter.learn(part["chunk"])
            for height, counted in zip(heights, counter.measure(parts, keep_pairs),
                                       strict=True):
                counter.add(counted)
                yield start, counted.pairs
                start += height


def _encode(values: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """Integer codes of strings (0, 1, … in order of first appearance) and the string of
    each code: one hashing pass.

    Examples
    --------
    >>> codes, strings = _encode(pl.Series(["b", "a", "b"]))
    >>> codes.tolist(), strings.to_list()
    ([0, 1, 0], ['b', 'a'])
    """
    codes = values.cast(pl.Categorical(pl.Categories.random())).to_physical().to_numpy()
    codes = codes.astype(np.int64)
    if not len(codes):
        return codes, values.clear().cast(pl.String)
    first = np.empty(int(codes.max()) + 1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # the last write is the first
    return codes, values.cast(pl.String).gather(first)


def _hub_keywords(frame: pl.DataFrame, keep_pairs: bool
                  ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each paper's ``ai_keywords``, normalised: the distinct (``_row``, ``keyword``) pairs —
    or papers per keyword — and how often each spelling occurs (``keyword``, ``spelling``,
    ``n``). Spellings that normalise to nothing are dropped, and so are those that are one
    generic word ("benchmark", "generalization": the rule of :mod:`.keyphrases`):
    a word any paper may use names no topic. A term of generic words ("foundation models")
    stays: the Hub's annotator wrote it as a term.

    Each distinct spelling is normalised once, and the rest is counted in integers: every
    occurrence becomes a spelling code, a spelling code maps to a keyword code, and a
    paper's distinct keywords are the distinct (row, keyword code) pairs.
    """
    lists = frame["keywords"]
    lengths = lists.list.len().fill_null(0).to_numpy()
    occurrences = lists.explode(empty_as_null=False, keep_nulls=False)
    rows = np.repeat(np.arange(frame.height, dtype=np.int64), lengths)
    known = occurrences.is_not_null().to_numpy()
    rows = rows[known]
    spelling_code, spellings = _encode(occurrences.filter(pl.Series(known)))
    counts = np.bincount(spelling_code, minlength=len(spellings))
    # an abbreviation ("LLMs") and its definitions ("large language models (LLMs)", however
    # written) join their long form, by the shipped table: the same whichever papers are here
    abbreviations = shipped_abbreviations("keywords")
    keys = abbreviations.keys_of(spellings)
    keyword_of, keywords = _encode(keys)  # spelling code → keyword code
    generic = list(shipped_generic_words())
    empty = keywords.to_frame("k").with_row_index("i").filter(
        (pl.col("k") == "") | pl.col("k").is_in(generic))["i"]
    usable = np.ones(len(keywords) + 1, dtype=bool)
    usable[empty.to_numpy()] = False
    keyword_code = keyword_of[spelling_code] if len(spelling_code) else spelling_code
    keep = usable[keyword_code]
    seen = np.flatnonzero((counts > 0) & usable[keyword_of])
    spelled_counts = pl.DataFrame({
        "keyword": keywords.gather(keyword_of[seen]), "spelling": spellings.gather(seen),
        "n": pl.Series(counts[seen], dtype=pl.Int64)})
    if abbreviations.labels:  # a merged keyword is shown as "long form (SF)"
        spelled_counts = spelled_counts.with_columns(spelling=pl.col("keyword").replace_strict(
            abbreviations.labels, default=pl.col("spelling"), return_dtype=pl.String))
    # a paper's keyword once: (row, keyword) packed in one integer. Rows come in order and a
    # paper's few keywords are out of order only among themselves, so a stable sort (a
    # merge of runs) is nearly linear: cheaper than a hash unique
    width = np.uint64(max(len(keywords), 1))
    packed = np.sort(rows[keep].astype(np.uint64) * width
                     + keyword_code[keep].astype(np.uint64), kind="stable")
    first = np.ones(len(packed), dtype=bool)
    np.not_equal(packed[1:], packed[:-1], out=first[1:])
    packed = packed[first]
    codes = (packed % width).astype(np.int64)
    if keep_pairs:
        return (pl.DataFrame({"_row": pl.Series(packed // width, dtype=pl.UInt32),
                              # categorical: the strings are not copied per pair
                              "keyword": keywords.cast(pl.Categorical).gather(codes)}),
                spelled_counts)
    papers = np.bincount(codes, minlength=len(keywords))
    present = np.flatnonzero(papers)
    return (pl.DataFrame({"keyword": keywords.gather(present),
                          "papers": pl.Series(papers[present], dtype=pl.UInt32)}),
            spelled_counts)


def _keyphrases(texts: Texts, columns: tuple[str, ...]
                ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each paper's distinct keyphrases (``_row``, ``keyword``) and their spellings: the
    candidates :class:`TermCounter` counts, sifted by :mod:`.keyphrases`."""
    abbreviations = shipped_abbreviations("text")  # the same whichever papers are here
    sifted = _sifted_candidates(texts, columns, abbreviations)
    release_freed()  # the batches' arrays: before the per-paper rules add theirs
    if sifted is None:
        return (pl.DataFrame(schema={"_row": pl.UInt32, "keyword": pl.String}),
                pl.DataFrame(schema={"keyword": pl.String, "spelling": pl.String,
                                     "n": pl.Int64}))
    return keyphrases_of_sifted(*sifted, abbreviations, shipped_generic_words())


def _sifted_candidates(texts: Texts, columns: tuple[str, ...], abbreviations: Abbreviations
                       ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None:
    """Each paper's candidates that :func:`~dailypapers.keywords.keyphrases.sift` keeps (``_row``,
    ``candidate``: a row of the sifted table), the sifted table and its spellings; ``None``
    without texts. A function of its own so that every candidate pair (one of the build's
    largest tables) is freed when it returns, before the per-paper rules run."""
    counted = _counted_candidates(texts, columns, abbreviations)
    release_freed()  # the counter's tables and the batches' temporaries
    if counted is None:
        return None
    batches, named, spelled = counted
    # the rules that look at a keyword alone, once per distinct candidate: most (paper,
    # candidate) pairs are single or generic words, left out here, in integers
    sifted, candidate = numbered_candidates(named, abbreviations, shipped_generic_words())
    candidate_of = candidate.fill_null(-1).cast(pl.Int64).to_numpy()
    known = named["term"].to_numpy()
    pairs = []
    while batches:  # each batch's narrow pairs go as its candidates are made
        pairs.append(batches.pop(0).pairs(candidate_of, known))
    return (pl.concat(pairs, rechunk=True), sifted,
            spelled.join(sifted.select("keyword").unique(), on="keyword", how="semi"))


def _counted_candidates(texts: Texts, columns: tuple[str, ...], abbreviations: Abbreviations
                        ) -> tuple[list[_Narrowed], pl.DataFrame, pl.DataFrame] | None:
    """Every paper's distinct candidates, batch by batch, each distinct term's keyword
    (``term``, sorted, and ``keyword``) and the spellings; ``None`` without texts. The
    counter (a large lexicon) is freed when this returns, before the candidates are
    sifted."""
    counter = TermCounter(count_papers=False)
    # whether a paper writes a pair led by a generic word alone ("strong baselines") is
    # told where it is written: each paper's own text decides, not the table's spellings
    counter.mark_leading(sorted(shipped_generic_words()))
    # a single word is a keyphrase only as an abbreviation: the other single-word pairs
    # (three in five) are left out as they are counted
    short = counter.word_codes([short for short in abbreviations.merged if " " not in short])
    batches = [counter.narrowed(start, distinct, short)
               for start, distinct in count_terms(texts, counter, columns)]
    if not batches:
        return None
    terms = pl.Series("term", distinct_sorted(np.concatenate([b.terms for b in batches])),
                      dtype=pl.UInt64)
    return (batches, pl.DataFrame({"term": terms, "keyword": counter.term_strings(terms),
                                   "led": is_led(terms)}),
            counter.spellings())


def keyword_pairs(frame: pl.DataFrame, source: str = "keywords", keep_pairs: bool = True,
                  texts: Texts | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each paper's normalised keywords of one vocabulary.

    ``source``: ``keywords`` (``ai_keywords``) or ``text`` (keyphrases of titles and
    abstracts: the candidates of the module's text, sifted by :mod:`.keyphrases`);
    the compute_* questions resolve ``auto`` to one of them first
    (``compute.choose_vocabulary``).
    Returns the distinct (``_row``, ``keyword``) pairs (``keyword`` categorical) — or, when not
    ``keep_pairs``, papers per keyword (``keyword``, ``papers``) — and how often each spelling
    gave each keyword (``keyword``, ``spelling``, ``n``: for labels). Keyphrases read the
    titles and abstracts from ``texts`` when given (a table whose abstracts stayed in the
    store: :class:`~dailypapers.texts.Texts`), else from ``frame``.
    """
    if source not in ("keywords", "text"):
        raise ValueError(f'source must be "keywords" or "text", not {source!r}')
    pairs: list[pl.DataFrame] = []
    spellings: list[pl.DataFrame] = []

    if source == "keywords" and "keywords" in frame.columns:
        found, spelled_counts = _hub_keywords(frame, keep_pairs)
        spellings.append(spelled_counts)
        pairs.append(found)
    texts = texts if texts is not None else Texts.of(frame)
    columns = tuple(c for c in ("title", "abstract") if c in texts.columns)
    if source == "text" and columns:
        found, spelled_counts = _keyphrases(texts, columns)
        pairs.append(found if keep_pairs else found.group_by("keyword").agg(
            papers=pl.len().cast(pl.UInt32)).with_columns(pl.col("keyword").cast(pl.String)))
        spellings.append(spelled_counts)
    spelled = (pl.concat(spellings).group_by("keyword", "spelling").agg(pl.col("n").sum())
               if spellings else pl.DataFrame(schema={"keyword": pl.String,
                                                      "spelling": pl.String, "n": pl.Int64}))
    if not keep_pairs:
        counted = (pl.concat(pairs).group_by("keyword").agg(pl.col("papers").sum())
                   if pairs else pl.DataFrame(schema={"keyword": pl.String,
                                                      "papers": pl.UInt32}))
        return counted, spelled
    joined = (pl.concat(pairs).with_columns(pl.col("keyword").cast(pl.Categorical)) if pairs
              else pl.DataFrame(schema={"_row": pl.UInt32, "keyword": pl.Categorical}))
    return joined, spelled
