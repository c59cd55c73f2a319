"""Which vocabulary a question counts: the Hub's keywords or keyphrases from titles and
abstracts, chosen by one rule for every keyword question, and what a chart says of it."""

from __future__ import annotations

import numpy as np
import polars as pl

from ..frames import Frame
from ..prepared import carries
from .common import _frame

#: ``source="auto"`` takes the Hub's keywords when at least this share of the papers carry
#: them in every window a question compares (the table; each period of a trend; both periods
#: of a rising/falling comparison), else keyphrases from titles and abstracts for all papers.
MIN_KEYWORD_SHARE = 0.3
#: A window with fewer papers than this has no say in that choice (one 2021 paper copied
#: from a page does not turn a 2023–2026 trend into title words).
MIN_WINDOW_PAPERS = 20
VOCABULARY_NAMES = {"keywords": "Hub keywords", "text": "keyphrases from titles and abstracts"}


def choose_vocabulary(df: Frame, source: str = "auto",
                      windows: np.ndarray | None = None) -> str:
    """The one vocabulary a question counts: ``keywords`` (the Hub's ``ai_keywords``) or
    ``text`` (keyphrases from titles and abstracts). ``auto`` applies the rule above;
    ``windows`` gives each paper's window (-1: in none), by default one window of all.
    Never a mix per paper: a keyword list and a title word are different kinds of thing,
    and a mix follows which papers the Hub happened to annotate.

    Examples
    --------
    >>> papers = pl.DataFrame({"keywords": [["rl"]] * 3 + [None] * 7})
    >>> choose_vocabulary(papers), choose_vocabulary(papers.head(4))
    ('keywords', 'keywords')
    >>> choose_vocabulary(pl.DataFrame({"keywords": [["rl"]] * 2 + [None] * 28}))
    'text'
    """
    if source in ("keywords", "text"):
        return source
    if source != "auto":
        raise ValueError(f'source must be "auto", "keywords" or "text", not {source!r}')
    flags = carries(_frame(df), "keywords").to_numpy()
    if windows is None:  # one window, the table
        return _vote(flags, np.array([len(flags)]), np.array([np.count_nonzero(flags)]))
    return _vote(flags, *_window_counts(windows, flags))


def _window_counts(windows: np.ndarray, flags: np.ndarray, width: int = 0
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Papers, and papers carrying Hub keywords (``flags``), in each window ``0, 1, …``
    (at least ``width`` of them) of papers in ``windows`` (-1: in none).

    >>> papers, carrying = _window_counts(np.array([0, 0, 1, -1]), np.array([1, 0, 1, 1], bool))
    >>> papers.tolist(), carrying.tolist()
    ([2, 1], [1, 1])
    """
    # one pass: slot 2·(window+1) + carries; the slots of window -1 (in none) are dropped
    both = np.bincount(2 * (np.asarray(windows, dtype=np.int64) + 1) + flags,
                       minlength=2 * (width + 1))[2:]
    both = np.pad(both, (0, len(both) % 2))
    return both[0::2] + both[1::2], both[1::2]


def _vote(flags: np.ndarray, papers: np.ndarray, carrying: np.ndarray) -> str:
    """:func:`choose_vocabulary`'s rule, given whether each paper of the table carries Hub
    keywords and each window's papers and papers carrying them."""
    if not flags.any():
        return "text"
    voting = papers >= MIN_WINDOW_PAPERS
    if not voting.any():  # a small table: the table decides
        return "keywords" if flags.mean() >= MIN_KEYWORD_SHARE else "text"
    return ("keywords" if (carrying[voting] >= MIN_KEYWORD_SHARE * papers[voting]).all()
            else "text")


def _vocabulary_facts(frame: pl.DataFrame, source: str) -> dict[str, pl.Expr]:
    """Which vocabulary a table counts and of how many papers, for a chart to say."""
    return {"vocabulary": pl.lit(source),
            "covered_papers": pl.lit(_covered(frame, source), pl.Int64),
            "all_papers": pl.lit(frame.height, pl.Int64)}


def _covered(frame: pl.DataFrame, source: str) -> int:
    """The papers that carry the vocabulary: with Hub keywords, or all of them (text)."""
    return int(carries(frame, "keywords").sum()) if source == "keywords" else frame.height
