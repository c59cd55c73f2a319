"""The fit: the keyword tables learned from the bundled corpus of Daily Papers.

Which words are generic (``generic_words.txt``), which compounds modify the phrase they begin
(``modifiers.txt``) and which abbreviations the field defines (``abbreviations.json``) are
learned once, from the corpus, and shipped with the package: a filter must not change what a
keyword is. Each rule applies to any table; the shipped files are its answer on the bundled
corpus, and a test keeps them so. After a rule changes, rewrite them from the store that
``make data`` builds::

    python -m dailypapers.keywords.fit            # rewrite the three files
    python -m dailypapers.keywords.fit --check    # exit 1 when one differs from the fit
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import DailyPapersError
from ..files import atomic_write
from ..paths import default_store
from ..store import load
from ..texts import Texts
from .abbreviations import learn_from_keywords
from .counter import TermCounter
from .generic import (
    GENERIC_MIN_SHARE,
    GENERIC_RIDF,
    MODIFIER_MIN_WRITTEN,
    MODIFIER_SHARE,
    generic_words,
)
from .keyphrases import abbreviations_in
from .terms import count_terms

#: Where the package reads the shipped tables (generic.shipped_*, shipped_abbreviations).
SHIPPED = Path(__file__).parent
HOW = "Rewritten by `python -m dailypapers.keywords.fit`; do not edit by hand."


def modifiers(frame: pl.DataFrame | Texts, share: float = MODIFIER_SHARE,
              min_written: int = MODIFIER_MIN_WRITTEN) -> list[str]:
    """The modifiers of a table, sorted: the compounds another word follows at least
    ``share`` of the times they are written in any spelling, among those written at least
    ``min_written`` times. "real-world" is mostly followed; "video generation", hardly ever
    hyphenated, is no modifier for its few "video-generation models".

    Examples
    --------
    >>> frame = pl.DataFrame({"abstract": ["Real-world agents and real-world robots.",
    ...     "Video generation; video-generation models.", "In the real world, real-world data"]})
    >>> modifiers(frame, min_written=2)
    ['real world']
    """
    counter = TermCounter(count_papers=False)
    for _ in count_terms(frame, counter, ("title", "abstract"), keep_pairs=False):
        pass
    followed = counter.followed(share)
    written = (counter.spellings().join(followed, on="keyword", how="semi")
               .group_by("keyword").agg(pl.col("n").sum()))
    return sorted(followed.join(written, on="keyword")
                  .filter((pl.col("n") >= min_written)
                          & (pl.col("followed") >= share * pl.col("n")))["keyword"].to_list())


@dataclass
class KeywordTables:
    """The keyword tables a corpus teaches: the rules' parameters, stated once; :meth:`fit`
    sets the learned tables (``generic_words_``, ``modifiers_``, ``abbreviations_``) and
    :meth:`files` writes them as the package ships them.

    Examples
    --------
    >>> papers = pl.DataFrame({"title": ["Real-world agents"] * 12, "abstract": [None] * 12,
    ...                        "keywords": [["reinforcement learning (RL)", "RL"]] * 12})
    >>> tables = KeywordTables().fit(papers)
    >>> tables.modifiers_, tables.abbreviations_["keywords"]["merged"]["rl"]
    (['real world'], 'reinforcement learning')
    """

    generic_ridf: float = GENERIC_RIDF
    generic_min_share: float = GENERIC_MIN_SHARE
    modifier_share: float = MODIFIER_SHARE
    modifier_min_written: int = MODIFIER_MIN_WRITTEN

    def fit(self, papers: pl.DataFrame) -> KeywordTables:
        """Learn the tables of ``papers`` (a table with titles, abstracts and keywords)."""
        self.papers_ = papers.height
        self.generic_words_ = generic_words(papers, self.generic_ridf, self.generic_min_share)
        self.modifiers_ = modifiers(papers, self.modifier_share, self.modifier_min_written)
        keywords = (papers["keywords"] if "keywords" in papers.columns
                    else pl.Series("keywords", [], dtype=pl.List(pl.String)))
        self.abbreviations_ = {"keywords": learn_from_keywords(keywords).as_dict(),
                               "text": abbreviations_in(papers).as_dict()}
        return self

    def files(self) -> dict[str, str]:
        """Each shipped file's name and text, as the fit gives it."""
        papers = f"{self.papers_:,} papers of the bundled corpus"
        generic = (f"# Generic words: residual IDF below {self.generic_ridf} bits, used by at "
                   f"least {self.generic_min_share:.1%} of the\n# {papers} "
                   f"(dailypapers.keywords.keyphrases).\n# {HOW}\n")
        modifying = (f"# Modifiers: hyphenated compounds another word follows at least "
                     f"{self.modifier_share:.0%} of the times\n# they are written, among those "
                     f"written at least {self.modifier_min_written} times in the\n# {papers} "
                     f"(dailypapers.keywords.fit), normalised.\n# {HOW}\n")
        about = (f"Abbreviations the {papers} define, as the keyword questions merge them "
                 f"(dailypapers.keywords.abbreviations). {HOW}")
        return {
            "generic_words.txt": generic + "".join(f"{w}\n" for w in self.generic_words_),
            "modifiers.txt": modifying + "".join(f"{w}\n" for w in self.modifiers_),
            "abbreviations.json": json.dumps({"about": about, **self.abbreviations_},
                                             indent=1, ensure_ascii=False) + "\n",
        }

    def differences(self, folder: Path = SHIPPED) -> list[str]:
        """The shipped files in ``folder`` whose text is not the fit's."""
        return [name for name, text in self.files().items()
                if not (folder / name).is_file()
                or (folder / name).read_text(encoding="utf-8") != text]

    def write(self, folder: Path = SHIPPED) -> list[Path]:
        """Write the files that differ into ``folder`` (each replaced whole, or kept)."""
        written = []
        for name in self.differences(folder):
            text = self.files()[name].encode("utf-8")
            atomic_write(folder / name, lambda out, text=text: out.write(text))
            written.append(folder / name)
        return written


def main(argv: list[str] | None = None) -> int:
    """``python -m dailypapers.keywords.fit [--store PATH] [--check]``; the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m dailypapers.keywords.fit",
        description="Learn the keyword tables from the bundled corpus and write them into "
                    "the package (the store `make data` builds).")
    parser.add_argument("--store", type=Path, default=None,
                        help="the store to learn from (default: the project's store)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a shipped file differs from the fit")
    args = parser.parse_args(argv)
    try:
        papers = load(args.store or default_store())
    except DailyPapersError as error:
        print(f"error: {error} (`make data` builds the store from data/raw/)", file=sys.stderr)
        return 2
    tables = KeywordTables().fit(papers)
    if args.check:
        differing = tables.differences()
        for name in differing:
            print(f"{SHIPPED / name} differs from the fit on {papers.height:,} papers")
        return 1 if differing else 0
    written = tables.write()
    print("\n".join(f"wrote {path}" for path in written) or "every table was already the fit")
    return 0


__all__ = ["KeywordTables", "main", "modifiers"]

if __name__ == "__main__":
    sys.exit(main())
