"""Distinct normalised terms per paper, counted in integer codes: a million abstracts in seconds.

The rule (the one :mod:`.normalise` documents) is simple to state: lower-case the text, take
its tokens, drop stop words and one-letter tokens, and give each paper its distinct
normalised unigrams and bigrams (two kept tokens with only white space between them, a line
break included: never across punctuation or a parenthesis). Said with strings, that is ~160
string operations per abstract; here the strings are touched once per *distinct* chunk (the
:class:`~dailypapers.keywords.lexicon.Lexicon`), and a (term, paper) pair is one integer,
term in the high bits: one sort of a batch's pairs gives each paper's terms once *and* groups
them by term, so papers per term is a run length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ..grouped import distinct_sorted, runs_of, sorted_runs
from .lexicon import (
    _LED,
    _NO_WORD,
    _NONE,
    _ODD,
    _ROW_MASK,
    _TAG,
    _TERM_SHIFT,
    _WORD_BITS,
    BATCH,
    Lexicon,
    _chunks,
    _keyed,
)


@dataclass
class _Counted:
    """One batch, measured: its packed (row, term) pairs and its counts."""

    pairs: np.ndarray
    papers: pl.DataFrame
    unigram_spellings: np.ndarray
    bigram_spellings: pl.DataFrame
    written_spellings: np.ndarray


@dataclass
class _Narrowed:
    """One batch's (paper, term) pairs, narrow: ``terms``, the batch's distinct terms
    (sorted), how many of its papers hold each (``papers``), and those papers' rows in the
    batch (from ``start``), term after term. Two bytes a pair and ten a term: a million
    abstracts hold 36M pairs of 3.8M batch terms."""

    start: int
    rows: np.ndarray  # uint16: a batch holds at most BATCH texts
    papers: np.ndarray  # uint16, per term: its run of rows
    terms: np.ndarray  # uint64

    def pairs(self, candidate_of: np.ndarray, known: np.ndarray) -> pl.DataFrame:
        """(``_row``, ``candidate``) of the pairs whose term has a candidate:
        ``candidate_of`` holds each of the ``known`` terms' (sorted; -1: none)."""
        candidate = np.repeat(candidate_of[np.searchsorted(known, self.terms)], self.papers)
        kept = candidate >= 0
        return pl.DataFrame({
            "_row": pl.Series(self.rows[kept].astype(np.uint32) + np.uint32(self.start)),
            "candidate": pl.Series(candidate[kept].astype(np.uint32))})



class TermCounter(Lexicon):
    """Distinct normalised terms per paper, fed batch by batch (see the module's text).

    Examples
    --------
    >>> counter = TermCounter()
    >>> pairs = counter.feed(pl.Series(["Large language models. LLMs!"]))
    >>> sorted(counter.papers()["keyword"])  # no pair across the full stop: "models. LLMs"
    ['language', 'language model', 'large', 'large language', 'llm', 'model']

    ``count_papers=False`` leaves out the papers per term (:meth:`papers`) of a counter whose
    pairs are all that is wanted: it saves a sort per batch and their tables.
    """

    #: Batches whose spellings are kept apart before they are added up into one table.
    SPELLING_PARTS = 16

    def __init__(self, count_papers: bool = True) -> None:
        super().__init__()
        self.count_papers = count_papers
        self._bigram_spellings: list[pl.DataFrame] = []
        self._paper_counts: list[pl.DataFrame] = []

    # -- batches ----------------------------------------------------------------------------

    def feed(self, texts: pl.Series) -> np.ndarray:
        """Count one batch (at most :data:`BATCH` texts); returns its distinct (row in batch,
        term) pairs, packed — :meth:`pairs_frame` decodes them."""
        frame = _chunks(texts.rename("t").to_frame().lazy(), pl.col("t").fill_null(""),
                        self.chunk_dtype).collect()
        return self.count(frame["row"], frame["chunk"])

    def count(self, rows: pl.Series, chunks: pl.Series) -> np.ndarray:
        """:meth:`feed` for texts already split on spaces: each chunk (as
        :attr:`chunk_dtype`) with its text's row in the batch, in text order."""
        self.learn(chunks)
        (counted,) = self.measure([pl.DataFrame({"row": rows, "chunk": chunks})])
        self.add(counted)
        return counted.pairs

    def measure(self, batches: list[pl.DataFrame], keep_pairs: bool = True
                ) -> list[_Counted]:
        """The counts of learnt batches (``row``, ``chunk``), without adding them. Each
        batch is a polars query; the batches run at once, on every core. The packed
        (term, row) pairs are only kept when ``keep_pairs``."""
        size = len(self._chunk_count)
        count, first, last, unigram, left, right = (pl.Series(a[:size]) for a in (
            self._chunk_count, self._chunk_first, self._chunk_last, self._chunk_unigram,
            self._chunk_left, self._chunk_right))
        code = pl.col("chunk")
        for batch in batches:
            if len(batch) and int(batch["row"].max()) >= BATCH:
                raise ValueError(f"a batch holds at most {BATCH} texts")
        # chunks without a token ("2024", "—") separate their neighbours too: kept in order
        base = pl.collect_all([
            batch.lazy().select("row", chunk=pl.col("chunk").to_physical())
            .with_columns(n=pl.lit(count).gather(code))
            .with_columns(unigram=pl.lit(unigram).gather(code), left=pl.lit(left).gather(code),
                          right=pl.lit(right).gather(code))
            for batch in batches])
        plans: list[pl.LazyFrame] = []
        for chunks in base:
            unigrams = chunks.lazy().filter(pl.col("unigram") != _NONE)
            pairs = (chunks.lazy()
                     .select("row", "chunk", "right", before=code.shift(1),
                             left=pl.col("left").shift(1),
                             same=pl.col("row") == pl.col("row").shift(1))
                     .filter(pl.col("same") & (pl.col("left") >= _ODD)
                             & (pl.col("right") >= _ODD)))
            simple = (pl.col("left") >= 0) & (pl.col("right") >= 0)
            tokens = {"left": pl.lit(last).gather(pl.col("before")),
                      "right": pl.lit(first).gather(code)}
            pair = pl.col("left").cast(pl.UInt64) * (1 << _WORD_BITS) + pl.col(
                "right").cast(pl.UInt64)
            if self._leading:
                leads = pl.Series(self._leads, dtype=pl.UInt64) * int(_LED)
                pair = pair + pl.lit(leads).gather(pl.col("left"))
            plans += [
                unigrams.select(key=_keyed(pl.col("unigram"))),
                pairs.filter(simple).select(key=_keyed(pair)),
                pairs.filter(~simple).select("row", **tokens),
                chunks.lazy().filter(pl.col("n") > 1).select("row", "chunk"),
                unigrams.group_by("chunk").agg(n=pl.len()),
                pairs.select(spelling=tokens["left"].cast(pl.UInt64) * (1 << 32)
                             + tokens["right"].cast(pl.UInt64)),
            ]
        results = pl.collect_all(plans)
        counted: list[_Counted] = []
        for at in range(0, len(results), 6):
            uni, simple_pairs, odd, multi, uni_spelled, pair_spelled = results[at:at + 6]
            extra_keys, extra_spelled, extra_tokens = self._multi(multi)
            odd_keys = self._bigram_keys(odd["row"].to_numpy(), odd["left"].to_numpy(),
                                         odd["right"].to_numpy())
            # sorted (term, row) keys: a paper's term once, then papers per term as runs
            keys = distinct_sorted(np.concatenate([
                uni["key"].to_numpy(), simple_pairs["key"].to_numpy(), odd_keys,
                extra_keys.to_numpy()]))
            terms, papers = runs_of(keys >> _TERM_SHIFT) if self.count_papers else (keys[:0],
                                                                                  keys[:0])
            spellings, occurrences = sorted_runs(np.concatenate(
                [pair_spelled["spelling"].to_numpy(), extra_spelled.to_numpy()]))
            written = self._chunk_written[uni_spelled["chunk"].to_numpy()]
            begun = written >= 0
            counted.append(_Counted(
                pairs=keys if keep_pairs else keys[:0],
                papers=pl.DataFrame({"term": pl.Series(terms, dtype=pl.UInt64),
                                     "papers": pl.Series(papers, dtype=pl.UInt32)}),
                unigram_spellings=np.bincount(
                    np.concatenate([self._chunk_first[uni_spelled["chunk"].to_numpy()],
                                    extra_tokens]),
                    weights=np.concatenate([uni_spelled["n"].to_numpy(),
                                            np.ones(len(extra_tokens))]),
                    minlength=len(self._keep)).astype(np.int64),
                bigram_spellings=pl.DataFrame({
                    "spelling": pl.Series(spellings, dtype=pl.UInt64),
                    "n": pl.Series(occurrences, dtype=pl.Int64)}),
                written_spellings=np.bincount(
                    written[begun], weights=uni_spelled["n"].to_numpy()[begun],
                    minlength=len(self._written_token)).astype(np.int64)))
        return counted

    def _multi(self, multi: pl.DataFrame) -> tuple[pl.Series, pl.Series, np.ndarray]:
        """Keys of the tokens after the first of chunks with several ("(e.g.,", "a/b"), and
        those kept tokens. Two tokens of one chunk are always apart by punctuation, so they
        form no bigram (the spellings returned are none). Rare: numpy."""
        if multi.is_empty():
            return (pl.Series(dtype=pl.UInt64), pl.Series(dtype=pl.UInt64),
                    np.zeros(0, np.intp))
        codes = multi["chunk"].to_numpy().astype(np.intp)
        rows = multi["row"].to_numpy().astype(np.int64)
        sizes = self._chunk_count[codes].astype(np.int64)
        owner = np.repeat(np.arange(len(codes)), sizes)
        within = np.arange(len(owner)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        tokens = self._chunk_tokens[self._chunk_start[codes][owner] + within]
        later = np.flatnonzero(within > 0)
        token, row = tokens[later], rows[owner[later]]
        kept = self._keep[token]
        unigram_keys = (self._unigram[token[kept]] << _TERM_SHIFT) | row[kept].astype(np.uint64)
        return (pl.Series(unigram_keys), pl.Series(dtype=pl.UInt64), token[kept])

    def _bigram_keys(self, rows: np.ndarray, left: np.ndarray, right: np.ndarray,
                     mark: bool = True) -> np.ndarray:
        first, last = self._first[left], self._last[right]
        bigram = (first.astype(np.uint64) << np.uint64(_WORD_BITS)) | last.astype(np.uint64)
        odd = np.flatnonzero((first < 0) | (last < 0))  # hyphenated: 3+ words
        if len(odd):
            text = self._base_of(left[odd]) + " " + self._normal_of(right[odd])
            bigram[odd] = self._long.codes(text) | _TAG
        if mark and self._leading:  # a first word alone (not hyphenated) that leads
            alone = np.flatnonzero(first >= 0)
            bigram[alone[self._leads[first[alone]]]] |= _LED
        return (bigram << _TERM_SHIFT) | rows.astype(np.uint64)

    def add(self, counted: _Counted) -> None:
        """Add a measured batch to the totals."""
        spellings = counted.unigram_spellings
        self._unigram_spellings[:len(spellings)] += spellings
        written = counted.written_spellings
        self._written_spellings[:len(written)] += written
        self._bigram_spellings.append(counted.bigram_spellings)
        if len(self._bigram_spellings) >= self.SPELLING_PARTS:
            self._bigram_spellings = [pl.concat(self._bigram_spellings).group_by("spelling")
                                      .agg(pl.col("n").sum())]
        if self.count_papers:
            self._paper_counts.append(counted.papers)

    # -- results ----------------------------------------------------------------------------

    def papers(self, top: int | None = None) -> pl.DataFrame:
        """Papers per normalised term: ``term`` (packed), ``keyword``, ``papers``.

        With ``top``, only the ``top`` most frequent (ties by keyword), sorted: the strings
        of the other terms (millions, at a million abstracts) are never built.
        """
        if not self.count_papers:
            raise ValueError("this counter was made with count_papers=False")
        if not self._paper_counts:
            return pl.DataFrame(schema={"term": pl.UInt64, "keyword": pl.String,
                                        "papers": pl.UInt32})
        counted = (pl.concat(self._paper_counts).group_by("term")
                   .agg(pl.col("papers").sum().cast(pl.UInt32)))
        if top is not None and counted.height:
            cutoff = counted["papers"].top_k(max(top, 1)).min()
            counted = counted.filter(pl.col("papers") >= cutoff)
        named = counted.with_columns(keyword=self.term_strings(counted["term"]))
        if top is not None:
            named = named.sort(["papers", "keyword"], descending=[True, False]).head(top)
        return named.select("term", "keyword", "papers")

    def spellings(self, terms: pl.Series | None = None) -> pl.DataFrame:
        """How often each spelling occurs, with its term: ``keyword``, ``spelling``, ``n``;
        only of ``terms`` (packed, as :meth:`papers` gives them) when given. A spelling's
        words are written as they most often are (:meth:`written_tokens`)."""
        tokens = self.written_tokens()
        used = np.flatnonzero(self._unigram_spellings)
        if terms is not None:
            used = used[np.isin(self._unigram[used], terms.to_numpy())]
        unigrams = pl.DataFrame({
            "keyword": self.term_strings(pl.Series(self._unigram[used], dtype=pl.UInt64)),
            "spelling": tokens.gather(used), "n": self._unigram_spellings[used]})
        if not self._bigram_spellings:
            return unigrams
        counted = (pl.concat(self._bigram_spellings).group_by("spelling")
                   .agg(pl.col("n").sum()))
        spelled = counted["spelling"].to_numpy()
        left = (spelled >> np.uint64(32)).astype(np.int64)
        right = (spelled & np.uint64(0xFFFFFFFF)).astype(np.int64)
        if terms is not None:
            wanted = np.flatnonzero(np.isin(
                self._bigram_keys(np.zeros(len(left), np.int64), left, right, mark=False)
                >> _TERM_SHIFT, terms.to_numpy() & ~_LED))
            left, right, counted = left[wanted], right[wanted], counted[wanted]
        bigrams = pl.DataFrame({
            "keyword": self._base_of(left) + " " + self._normal_of(right),
            "spelling": tokens.gather(left) + " " + tokens.gather(right),
            "n": counted["n"]})
        return pl.concat([unigrams, bigrams])

    def followed(self, share: float) -> pl.DataFrame:
        """How often another word follows the tokens of several words ("real-world",
        "zero-shot"), per keyword (``keyword``, ``followed``): of those that another word
        follows at least ``share`` of the times they are written, the only keywords that
        can be modifiers (:func:`~dailypapers.keywords.keyphrases.modifiers` counts their other
        spellings too: "real world", two tokens)."""
        size = len(self._unigram_spellings)
        written = self._unigram_spellings
        # a word pair's spelling holds its first token in the high half: how often a kept
        # token follows each token, from the pairs' counts (only the rule asks, not a build)
        pairs = (pl.concat(self._bigram_spellings) if self._bigram_spellings
                 else pl.DataFrame(schema={"spelling": pl.UInt64, "n": pl.Int64}))
        followed = np.bincount((pairs["spelling"].to_numpy() >> np.uint64(32)).astype(np.intp),
                               weights=pairs["n"].to_numpy(), minlength=size)[:size]
        several = np.flatnonzero(self._keep[:size] & (self._first[:size] < 0) & (written > 0)
                                 & (followed >= share * written))
        return (pl.DataFrame({
            "keyword": self.term_strings(pl.Series(self._unigram[several], dtype=pl.UInt64)),
            "followed": followed[several].astype(np.int64)})
            .group_by("keyword").agg(pl.col("followed").sum()).sort("keyword"))

    def mark_leading(self, words: list[str]) -> None:
        """Mark the word pairs that these normalised words begin written alone, in the
        batches counted from now: their terms carry a mark (:func:`is_led`), so a paper
        that writes "strong baselines" and one that writes "strong-baseline" hold two
        terms of one string. A hyphenated first token is a compound, not a word alone.
        Only for a counter of pairs (``count_papers=False``): its papers per term would
        count the two apart."""
        if self.count_papers:
            raise ValueError("mark_leading needs a counter made with count_papers=False")
        self._leading = frozenset(words)
        learnt = self._words.strings()
        self._leads = np.zeros(0, bool)
        self._mark_leads(np.arange(learnt.len()), learnt)

    def narrowed(self, start: int, distinct: np.ndarray, but: np.ndarray) -> _Narrowed:
        """One batch's packed pairs (:meth:`feed`) as :class:`_Narrowed` (about three bytes
        a pair instead of eight), without the single-word terms but those whose
        :meth:`word_codes` are ``but``."""
        # the keys are sorted: a term's pairs are one run
        batch_terms, papers = runs_of(distinct >> _TERM_SHIFT)
        word = np.uint64(_NO_WORD)
        single = ((batch_terms & _TAG) == 0) & ((batch_terms & word) == word)
        first = ((batch_terms[single] >> np.uint64(_WORD_BITS)) & word).astype(np.int64)
        wanted = np.zeros(max(first.max(initial=0), but.max(initial=0)) + 1, dtype=bool)
        wanted[but] = True
        kept_terms = ~single
        kept_terms[single] = wanted[first]
        kept = np.repeat(kept_terms, papers)
        return _Narrowed(start, (distinct[kept] & _ROW_MASK).astype(np.uint16),
                         papers[kept_terms].astype(np.uint16), batch_terms[kept_terms])

    def pairs_frame(self, start: int, distinct: np.ndarray) -> pl.DataFrame:
        """(``_row``: ``start`` + row in batch, ``term``) of one batch's packed pairs."""
        return pl.DataFrame({"_row": (distinct & _ROW_MASK).astype(np.uint32) + start,
                             "term": distinct >> _TERM_SHIFT})


def is_led(terms: pl.Series) -> pl.Series:
    """Whether each packed term is a word pair led by a marked word written alone
    (:meth:`TermCounter.mark_leading`)."""
    return (terms & int(_LED)) > 0


