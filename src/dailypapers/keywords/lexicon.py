"""A lexicon of chunks, tokens and words in integer codes: what the term counter reads.

A text is split on white space into *chunks* ("models.", "(LLMs)", "fine-tuning"); each
distinct chunk is read once, when it is first seen, and the lexicon keeps what the counting
needs of it as numbers: its tokens (``[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*`` of its lower case),
whether each is kept (not a stop word, longer than one letter), its normalised *words*, and
whether a word pair may start or end there (never across punctuation). A normalised term of
one or two words packs into one integer, so equal integers mean equal strings; longer ones
(hyphenated tokens in a pair, rare) take a code of their string.
"""

from __future__ import annotations

import numpy as np
import polars as pl

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
#: two split); their chunk tables are the counter's working memory, which grows with the
#: batch while the speed hardly does (benchmarks/RESULTS.md: peak memory).
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




class Lexicon:
    """Chunks, tokens and words learnt so far, with what the counting reads of each, by code.

    :class:`~dailypapers.keywords.counter.TermCounter` is a lexicon that also counts; a
    lexicon on its own learns (:meth:`learn`) and names terms (:meth:`term_strings`).
    """

    def __init__(self) -> None:
        # a chunk's string is read once, when it is learnt: only its code is kept
        self._chunks, self._tokens, self._words, self._long = _Codes(keep_strings=False), \
            _Codes(), _Codes(), _Codes()
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

    def learn(self, chunks: pl.Series) -> None:
        """Learn the chunks not seen before."""
        _, fresh, strings = self._chunks.learn(chunks)
        if len(fresh):
            self._learn_chunks(fresh, strings)

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

    def word_codes(self, words: list[str]) -> np.ndarray:
        """The codes of normalised single words (learnt now when not seen yet)."""
        return self._word_codes(pl.Series(words, dtype=pl.String))


def _chunks(texts: pl.LazyFrame, text: pl.Expr, dtype: pl.DataType) -> pl.LazyFrame:
    """(``row``, ``chunk``): each text split on white space (spaces, tabs, line breaks; a
    run of them is one break), chunks coded as ``dtype``. Two in three shipped abstracts
    wrap their lines ("supervised\\nlearning"): a line break is a space, not punctuation."""
    return (texts.select(chunk=text.str.replace_all(WHITE_SPACE, " ").str.split(" "))
            .with_row_index("row")
            .explode("chunk", empty_as_null=False, keep_nulls=False)
            .filter(pl.col("chunk") != "")
            .with_columns(pl.col("chunk").cast(dtype)))


