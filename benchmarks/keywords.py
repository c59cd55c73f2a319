"""How well keyphrases from titles and abstracts agree with the Hub's keywords, on the shipped data.

    python benchmarks/keywords.py [--top 30] [--against 100]

Among the papers that carry both, the top ``--top`` keyphrases from their titles and abstracts
are compared with those papers' top ``--against`` Hub keywords (both normalised the same
way, abbreviations merged): the count of terms found among the keywords is the agreement
figure (the keyword issue's target: 15 of 30). Both lists are printed side by side.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dailypapers as dp  # noqa: E402 - after the project root is importable
from tests.conftest import build_bundled_store  # noqa: E402


def write_generic_words(papers: pl.DataFrame) -> None:
    """The generic-word rule (dailypapers.keywords.keyphrases) applied to the bundled corpus."""
    from dailypapers.keywords.keyphrases import GENERIC_MIN_SHARE, GENERIC_RIDF, generic_words

    _write_list("generic_words.txt", "--write-generic-words", generic_words(papers),
                f"Generic words: residual IDF below {GENERIC_RIDF} bits, used by at least "
                f"{GENERIC_MIN_SHARE:.1%} of the\n# {papers.height:,} papers of the bundled "
                "corpus (dailypapers.keywords.keyphrases).")


def write_modifiers(papers: pl.DataFrame) -> None:
    """The modifier rule (dailypapers.keywords.keyphrases) applied to the bundled corpus."""
    from dailypapers.keywords.fit import modifiers
    from dailypapers.keywords.keyphrases import MODIFIER_MIN_WRITTEN, MODIFIER_SHARE

    _write_list("modifiers.txt", "--write-modifiers", modifiers(papers),
                f"Modifiers: hyphenated compounds another word follows at least "
                f"{MODIFIER_SHARE:.0%} of the times\n# they are written, among those written "
                f"at least {MODIFIER_MIN_WRITTEN} times in the {papers.height:,} papers of\n# "
                "the bundled corpus (dailypapers.keywords.keyphrases), normalised.")


def write_abbreviations(papers: pl.DataFrame) -> None:
    """The abbreviation rules (keywords.abbreviations) applied to the bundled corpus: the
    Hub keywords' and the titles' and abstracts' definitions."""
    import json

    from dailypapers.keywords.abbreviations import learn_from_keywords
    from dailypapers.keywords.keyphrases import abbreviations_in

    tables = {"about": f"Abbreviations the {papers.height:,} papers of the bundled corpus "
                       "define, as the keyword questions merge them (keywords.abbreviations)"
                       ". Rewritten by `python benchmarks/keywords.py --write-abbreviations`; "
                       "do not edit by hand.",
              "keywords": learn_from_keywords(papers["keywords"]).as_dict(),
              "text": abbreviations_in(papers).as_dict()}
    target = ROOT / "src" / "dailypapers" / "abbreviations.json"
    target.write_text(json.dumps(tables, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(tables['keywords']['merged'])} Hub keyword and {len(tables['text']['merged'])} "
          f"text merges written to {target.relative_to(ROOT)}")


def _write_list(name: str, flag: str, items: list[str], about: str) -> None:
    """A rule's answer, one item a line, under a header that says what it is and how it is
    rewritten."""
    target = ROOT / "src" / "dailypapers" / name
    target.write_text(f"# {about} Rewritten by\n# `python benchmarks/keywords.py {flag}`; "
                      "do not edit by hand.\n" + "\n".join(items) + "\n", encoding="utf-8")
    print(f"{len(items)} lines written to {target.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--against", type=int, default=100)
    parser.add_argument("--write-generic-words", action="store_true",
                        help="rewrite src/dailypapers/generic_words.txt from the bundled data")
    parser.add_argument("--write-modifiers", action="store_true",
                        help="rewrite src/dailypapers/modifiers.txt from the bundled data")
    parser.add_argument("--write-abbreviations", action="store_true",
                        help="rewrite src/dailypapers/abbreviations.json from the bundled data")
    args = parser.parse_args()
    papers = dp.load(build_bundled_store(Path(tempfile.mkdtemp()) / "papers.parquet"))
    if args.write_generic_words:
        write_generic_words(papers)
    if args.write_modifiers:
        write_modifiers(papers)
    if args.write_abbreviations:
        write_abbreviations(papers)
    both = papers.filter(pl.col("keywords").list.len().fill_null(0) > 0)
    terms = dp.compute_keyword_frequencies(both, args.top, source="text")
    hub = dp.compute_keyword_frequencies(both, args.against, source="keywords")
    found = set(terms["keyword"]) & set(hub["keyword"])
    print(f"{both.height:,} papers carry Hub keywords; of the top {args.top} keyphrases from their "
          f"titles and abstracts, {len(found)} are among their top {args.against} Hub keywords")
    print(f"{'#':>3}  {'keyphrases from titles and abstracts':<38} {'papers':>6}   "
          f"{'Hub keywords':<44} {'papers':>6}")
    for rank, (term, hub_row) in enumerate(zip(terms.iter_rows(named=True),
                                               hub.head(args.top).iter_rows(named=True),
                                               strict=False), start=1):
        mark = "*" if term["keyword"] in found else " "
        print(f"{rank:>3}  {mark}{term['label'][:37]:<37} {term['papers']:>6}   "
              f"{hub_row['label'][:44]:<44} {hub_row['papers']:>6}")


if __name__ == "__main__":
    main()
