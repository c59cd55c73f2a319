"""Terms of titles and abstracts, counted in integer codes: a million abstracts in seconds.

The rule (the one :mod:`.normalise` documents) is simple to state: lower-case the
text, take the tokens ``[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*``, drop stop words and one-letter
tokens, and give each paper its distinct normalised unigrams and bigrams (two kept tokens
with only white space between them, a line break included: never across punctuation or a
parenthesis). Said with
strings, that is ~160 string operations per abstract; at 1M abstracts it took a minute.
Here the strings are touched once per *distinct* value instead:

1. Each batch of texts is split on white space into chunks (tabs and line breaks made
   spaces first, the one regex pass over the whole text), and every chunk becomes a code of
   a private Categorical. A token never spans a space, so the regex run on each distinct
   chunk gives the same tokens in the same order as on the whole text.
2. Per distinct token, a lookup table says whether it is kept and what its normalised form
   is, in *word codes*: a normalised term is a sequence of words (``fine-tuning models`` →
   ``fine`` ``tuning`` ``model``), so terms of one or two words pack into one integer, and
   equal integers mean equal strings. Longer sequences (hyphenated tokens in a bigram, rare)
   take a code of their string.
3. A (term, paper) pair is one integer, term in the high bits: one sort of a batch's pairs
   gives each paper's terms once *and* groups them by term, so papers per term is a run
   length. Tokenising the next batch (polars, both cores) overlaps counting this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice

import numpy as np
import polars as pl

from ..grouped import distinct_sorted, runs_of, sorted_runs
from ..memory import release_freed
from ..texts import Texts
from .abbreviations import Abbreviations, shipped_abbreviations
from .keyphrases import (
    joined_text,
    keyphrases_of_sifted,
    numbered_candidates,
    shipped_generic_words,
)
from .normalise import STOP_WORDS, TOKEN_PATTERN, WRITTEN_SHARE, normalize_expr

_ROW_BITS = 14  # rows of one batch: at most 16,384
_WORD_BITS = 24  # word codes in a packed term: at most 16.7M distinct words
_NO_WORD = (1 << _WORD_BITS) - 1
_TAG = np.uint64(1 << (2 * _WORD_BITS))  # a term coded by its string (3+ words)
#: A word pair led by a marked word written alone (TermCounter.mark_leading): "strong
#: baselines", not "strong-baseline models". The same term without the mark has its string.
_LED = np.uint64(1 << (2 * _WORD_BITS + 1))
_ROW_MASK = np.uint64((1 << _ROW_BITS) - 1)
_NONE = np.uint64(2**64 - 1)  # no unigram term: the token is not kept
_ODD, _DROPPED = -1, -2  # a bigram word that is hyphenated (3+ words); a token not kept
_TERM_SHIFT = np.uint64(_ROW_BITS)  # a (paper, term) key: term in the high bits, row low
BATCH = 1 << _ROW_BITS
#: What separates two words besides a space (one pass: the regex finds these three bytes
#: as fast as a byte search; other Unicode spaces are left to act as punctuation).
WHITE_SPACE = r"[\t\n\r]"
#: Texts :func:`count_terms` counts at a time. Four batches are in flight (two counted,
#: two split); their chunk tables, ~40 bytes a word, are the counter's working memory:
#: 8,192 abstracts a batch hold it near 200 MB (32,768: 800 MB, ~5 % faster at 1M).
COUNT_BATCH = 1 << 13


def _keyed(term: pl.Expr) -> pl.Expr:
    return term.cast(pl.UInt64) * (1 << _ROW_BITS) + pl.col("row").cast(pl.UInt64)


def _grow(array: np.ndarray, size: int, fill: object) -> np.ndarray:
    """``array`` extended to ``size`` entries (capacity doubles: amortised appends)."""
    if size <= len(array):
        return array
    grown = np.full(max(size, 2 * len(array)), fill, dtype=array.dtype)
    grown[:len(array)] = array
    return grown


class _Table:
    """Strings indexed by code, added a few codes at a time (in any order)."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, pl.Series]] = []
        self._table = pl.Series(dtype=pl.String)

    def add(self, codes: np.ndarray, values: pl.Series) -> None:
        self._parts.append((codes, values))

    def get(self) -> pl.Series:
        """Every string added so far at its code (null where none was added)."""
        if self._parts:
            codes = np.concatenate([c for c, _ in self._parts])
            size = max(len(self._table), int(codes.max()) + 1)
            table = pl.concat([self._table, pl.repeat(None, size - len(self._table),
                                                      dtype=pl.String, eager=True)])
            self._table = table.scatter(codes, pl.concat([v for _, v in self._parts]))
            self._parts = []
        return self._table


class _Codes:
    """A private Categorical, and what was learnt of each code so far."""

    def __init__(self, keep_strings: bool = True) -> None:
        self.dtype = pl.Categorical(pl.Categories.random())
        self._seen = np.zeros(0, bool)
        self._prefix = 0  # every code below it is seen
        self._alive: pl.Series | None = None  # categories live while a column uses them
        self._strings = _Table() if keep_strings else None

    def codes(self, values: pl.Series) -> np.ndarray:
        """Codes of strings; learns the new ones (see :meth:`learn`)."""
        return self.learn(values.cast(self.dtype))[0]

    def learn(self, coded: pl.Series) -> tuple[np.ndarray, np.ndarray, pl.Series]:
        """The codes of ``coded`` (a column of :attr:`dtype`), and the codes seen here for
        the first time with their strings. Codes need not arrive in order: another query
        may be coding the next batch at the same time."""
        self._alive = coded.head(0)
        codes = coded.to_physical().to_numpy()
        # codes below _prefix are all known: only the rest needs looking up
        maybe = np.flatnonzero(codes >= self._prefix)
        if not len(maybe):  # the common case once the vocabulary has settled
            return codes, codes[:0], pl.Series(dtype=pl.String)
        self._seen = _grow(self._seen, int(codes[maybe].max()) + 1, False)
        unseen = maybe[~self._seen[codes[maybe]]]
        if not len(unseen):
            return codes, codes[:0], pl.Series(dtype=pl.String)
        fresh = coded.gather(unseen).unique()
        fresh_codes = fresh.to_physical().to_numpy()
        self._seen[fresh_codes] = True
        rest = self._seen[self._prefix:]
        self._prefix += len(rest) if rest.all() else int(np.argmin(rest))
        strings = fresh.cast(pl.String)
        if self._strings is not None:
            self._strings.add(fresh_codes, strings)
        return codes, fresh_codes, strings

    def strings(self) -> pl.Series:
        """The string of every code learnt so far, indexed by code (null where never seen)."""
        if self._strings is None:
            raise ValueError("these codes were learnt without keeping their strings")
        return self._strings.get()


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


class TermCounter:
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
        # a chunk's string is read once, when it is learnt: only its code is kept
        self._chunks, self._tokens, self._words, self._long = _Codes(keep_strings=False), \
            _Codes(), _Codes(), _Codes()
        self.count_papers = count_papers
        # per chunk: its token count, first and last token, where its tokens start (int32
        # where it fits: they are gathered per chunk of every batch, and narrow columns
        # keep the counting's working memory small)
        self._chunk_count = np.zeros(0, np.int32)
        self._chunk_first = np.zeros(0, np.int32)
        self._chunk_last = np.zeros(0, np.int32)
        self._chunk_start = np.zeros(0, np.int64)
        self._chunk_tokens = np.zeros(0, np.int64)
        # per chunk, what the counting reads (one lookup instead of three): its first
        # token's unigram term (or _NONE: not kept); its last token's word as a bigram's
        # first word, its first token's as a bigram's last word (_ODD: hyphenated; _DROPPED)
        self._chunk_unigram = np.zeros(0, np.uint64)
        self._chunk_left = np.zeros(0, np.int32)
        self._chunk_right = np.zeros(0, np.int32)
        # a label is spelled as its words are most often written ("GPT-4", "LLM agents"),
        # while the counting reads them in lower case: per chunk, its first token as written
        # (-1: none); per written form, its token and how often chunks begin with it
        self._written = _Codes()
        self._chunk_written = np.zeros(0, np.int32)
        self._written_token = np.zeros(0, np.int64)
        self._written_spellings = np.zeros(0, np.int64)
        self._chunk_tokens_used = 0
        # per token: kept? its unigram term; its word codes as a bigram's first / last word
        # (-1: more than one word); its text with hyphens as spaces; its normalised text
        self._keep = np.zeros(0, bool)
        self._unigram = np.zeros(0, np.uint64)
        self._first = np.zeros(0, np.int64)
        self._last = np.zeros(0, np.int64)
        self._base, self._normal = _Table(), _Table()
        self._unigram_spellings = np.zeros(0, np.int64)
        # per word code: does the word, normalised, mark the pairs it leads (mark_leading)
        self._leading: frozenset[str] = frozenset()
        self._leads = np.zeros(0, bool)
        self._bigram_spellings: list[pl.DataFrame] = []
        self._paper_counts: list[pl.DataFrame] = []

    @property
    def chunk_dtype(self) -> pl.DataType:
        """The Categorical that :meth:`count` expects chunks in."""
        return self._chunks.dtype

    # -- vocabulary -------------------------------------------------------------------------

    def _learn_chunks(self, codes: np.ndarray, strings: pl.Series) -> None:
        tokens = strings.str.to_lowercase().str.extract_all(TOKEN_PATTERN).fill_null([])
        counts = tokens.list.len().to_numpy().astype(np.int64)
        flat, fresh, fresh_strings = self._tokens.learn(
            tokens.explode(empty_as_null=False, keep_nulls=False).cast(self._tokens.dtype))
        self._learn_tokens(fresh, fresh_strings)
        size = int(codes.max()) + 1
        self._chunk_count = _grow(self._chunk_count, size, 0)
        self._chunk_first = _grow(self._chunk_first, size, -1)
        self._chunk_last = _grow(self._chunk_last, size, -1)
        self._chunk_start = _grow(self._chunk_start, size, 0)
        ends = np.cumsum(counts)
        has = counts > 0
        self._chunk_count[codes] = counts
        self._chunk_first[codes[has]] = flat[(ends - counts)[has]]
        self._chunk_last[codes[has]] = flat[ends[has] - 1]
        self._chunk_start[codes] = self._chunk_tokens_used + ends - counts
        used = self._chunk_tokens_used + len(flat)
        self._chunk_tokens = _grow(self._chunk_tokens, used, 0)
        self._chunk_tokens[self._chunk_tokens_used:used] = flat
        self._chunk_tokens_used = used
        self._learn_written(codes, strings, tokens.list.first())
        self._chunk_unigram = _grow(self._chunk_unigram, size, _NONE)
        self._chunk_left = _grow(self._chunk_left, size, _DROPPED)
        self._chunk_right = _grow(self._chunk_right, size, _DROPPED)
        first, last = self._chunk_first[codes[has]], self._chunk_last[codes[has]]
        self._chunk_unigram[codes[has]] = np.where(self._keep[first], self._unigram[first],
                                                   _NONE)
        self._chunk_left[codes[has]] = np.where(
            self._keep[last], np.where(self._first[last] >= 0, self._first[last], _ODD), _DROPPED)
        self._chunk_right[codes[has]] = np.where(
            self._keep[first], np.where(self._last[first] >= 0, self._last[first], _ODD),
            _DROPPED)
        # no bigram across punctuation: a chunk that ends (starts) with something other than
        # a token ("models.", "(LLMs)") ends (starts) any word pair there
        lowered = strings.str.to_lowercase()
        closed_after = ~lowered.str.contains(f"(?:{TOKEN_PATTERN})$").fill_null(True).to_numpy()
        closed_before = ~lowered.str.contains(r"^[a-z]").fill_null(True).to_numpy()
        self._chunk_left[codes[has & closed_after]] = _DROPPED
        self._chunk_right[codes[has & closed_before]] = _DROPPED

    def _learn_written(self, codes: np.ndarray, strings: pl.Series, first: pl.Series) -> None:
        """Each chunk's first token as written (``first``: in lower case); called once
        the chunks' first tokens are learnt."""
        written = strings.str.extract(f"(?i)({TOKEN_PATTERN})", 1)
        # the same token in another case only: a letter whose lower case is another length
        # or no letter of the pattern ("K", the kelvin sign) is left in lower case
        same = (written.str.to_lowercase() == first).fill_null(False)
        size = int(codes.max()) + 1
        self._chunk_written = _grow(self._chunk_written, size, -1)
        if not same.any():
            return
        written_codes = self._written.codes(written.filter(same))
        chosen = same.to_numpy()
        token_codes = self._chunk_first[codes[chosen]]
        grown = int(written_codes.max()) + 1
        self._written_token = _grow(self._written_token, grown, -1)
        self._written_spellings = _grow(self._written_spellings, grown, 0)
        self._written_token[written_codes] = token_codes
        self._chunk_written[codes[chosen]] = written_codes

    def written_tokens(self) -> pl.Series:
        """Every token learnt so far, indexed by code, as it is written: its most frequent
        form at the start of a chunk when at least
        :data:`~dailypapers.keywords.normalise.WRITTEN_SHARE` of them are written so ("gpt-4" as
        "GPT-4", "gaussian" as "Gaussian"), else in lower case."""
        tokens = self._tokens.strings()
        used = np.flatnonzero(self._written_spellings)
        if not len(used):
            return tokens
        forms = pl.DataFrame({"token": self._written_token[used],
                              "written": self._written.strings().gather(used),
                              "n": self._written_spellings[used]})
        best = (forms.sort(["n", "written"], descending=True)
                .group_by("token").agg(pl.col("written", "n").first(), all=pl.col("n").sum())
                .filter(pl.col("n") >= WRITTEN_SHARE * pl.col("all")))
        return tokens.clone().scatter(best["token"], best["written"])

    def _learn_tokens(self, codes: np.ndarray, strings: pl.Series) -> None:
        if not len(codes):
            return
        table = strings.rename("t").to_frame().with_columns(
            keep=~pl.col("t").is_in(list(STOP_WORDS)) & (pl.col("t").str.len_chars() > 1),
            base=pl.col("t").str.replace_all("-", " "),
            normal=normalize_expr(pl.col("t")),
        ).with_columns(words=pl.col("normal").str.split(" "))
        words = table["words"]
        count = words.list.len().to_numpy()
        first_word = self._word_codes(words.list.first())
        second_word = self._word_codes(words.list.get(1, null_on_oob=True).fill_null(""))
        longer = count > 2
        long_code = np.zeros(len(count), np.uint64)
        if longer.any():
            long_code[longer] = self._long.codes(table["normal"].filter(longer)) | _TAG
        packed = (first_word << _WORD_BITS) | np.where(count == 1, _NO_WORD, second_word)
        simple = count == 1
        base_word = np.where(simple, self._word_codes(
            table["base"].set(pl.Series(~simple), "")), -1)
        size = int(codes.max()) + 1
        self._keep = _grow(self._keep, size, False)
        self._unigram = _grow(self._unigram, size, 0)
        self._first = _grow(self._first, size, -1)
        self._last = _grow(self._last, size, -1)
        self._unigram_spellings = _grow(self._unigram_spellings, size, 0)
        self._keep[codes] = table["keep"].to_numpy()
        self._unigram[codes] = np.where(longer, long_code, packed.astype(np.uint64))
        self._first[codes] = base_word
        self._last[codes] = np.where(simple, first_word, -1)
        self._base.add(codes, table["base"])
        self._normal.add(codes, table["normal"])

    def _word_codes(self, words: pl.Series) -> np.ndarray:
        codes, fresh, strings = self._words.learn(words.cast(self._words.dtype))
        if len(codes) and codes.max() >= _NO_WORD:
            raise ValueError(f"more than {_NO_WORD:,} distinct words: too many to code")
        if self._leading and len(fresh):
            self._mark_leads(fresh, strings)
        return codes.astype(np.int64)

    def _mark_leads(self, codes: np.ndarray, words: pl.Series) -> None:
        """Which of these words lead a marked pair: those whose normal form is marked (a
        pair's first word is coded as written, "models" for "model")."""
        if len(codes):
            self._leads = _grow(self._leads, int(codes.max()) + 1, False)
            self._leads[codes] = words.rename("w").to_frame().select(
                normalize_expr(pl.col("w")).is_in(list(self._leading)).fill_null(False)
            )["w"].to_numpy()

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

    def learn(self, chunks: pl.Series) -> None:
        """Learn the chunks not seen before."""
        _, fresh, strings = self._chunks.learn(chunks)
        if len(fresh):
            self._learn_chunks(fresh, strings)

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
            # (numpy sorts a batch's keys in place, in half polars' time)
            keys = distinct_sorted(np.concatenate([
                uni["key"].to_numpy(), simple_pairs["key"].to_numpy(), odd_keys,
                extra_keys.to_numpy()]))
            terms, papers = sorted_runs(keys >> _TERM_SHIFT) if self.count_papers else (keys[:0],
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

    def _base_of(self, tokens: np.ndarray) -> pl.Series:
        return self._base.get().gather(tokens)

    def _normal_of(self, tokens: np.ndarray) -> pl.Series:
        return self._normal.get().gather(tokens)

    # -- results ----------------------------------------------------------------------------

    def term_strings(self, terms: pl.Series) -> pl.Series:
        """The normalised string of each packed term (marked or not: :func:`is_led`)."""
        values = terms.to_numpy() & ~_LED
        tagged = (values & _TAG) > 0
        first = ((values >> np.uint64(_WORD_BITS)) & np.uint64(_NO_WORD)).astype(np.int64)
        second = (values & np.uint64(_NO_WORD)).astype(np.int64)
        single = ~tagged & (second == _NO_WORD)
        double = ~tagged & ~single
        words = self._words.strings()
        out = pl.Series("keyword", [""] * len(values), dtype=pl.String)
        if tagged.any():
            out = out.scatter(np.flatnonzero(tagged), self._long.strings().gather(
                (values[tagged] & ~_TAG).astype(np.int64)))
        if single.any():
            out = out.scatter(np.flatnonzero(single), words.gather(first[single]))
        if double.any():
            out = out.scatter(np.flatnonzero(double), words.gather(first[double]) + " "
                              + words.gather(second[double]))
        return out

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

    def word_codes(self, words: list[str]) -> np.ndarray:
        """The codes of normalised single words (learnt now when not seen yet)."""
        return self._word_codes(pl.Series(words, dtype=pl.String))

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


def _chunks(texts: pl.LazyFrame, text: pl.Expr, dtype: pl.DataType) -> pl.LazyFrame:
    """(``row``, ``chunk``): each text split on white space (spaces, tabs, line breaks; a
    run of them is one break), chunks coded as ``dtype``. Two in three shipped abstracts
    wrap their lines ("supervised\\nlearning"): a line break is a space, not punctuation."""
    return (texts.select(chunk=text.str.replace_all(WHITE_SPACE, " ").str.split(" "))
            .with_row_index("row")
            .explode("chunk", empty_as_null=False, keep_nulls=False)
            .filter(pl.col("chunk") != "")
            .with_columns(pl.col("chunk").cast(dtype)))


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
    # merge of runs) is nearly linear: 5M pairs in 50 ms, a hash unique took 400
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
    without texts. A function of its own so that every candidate pair (~0.2 GB at a million
    abstracts) is freed when it returns, before the per-paper rules run."""
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
    counter is freed when this returns (~0.3 GB at a million abstracts), before the
    candidates are sifted."""
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
    terms = pl.Series("term", np.unique(np.concatenate([b.terms for b in batches])),
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
