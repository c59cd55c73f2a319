"""What a keyword is: the one place its rules live.

A paper's keywords come from one of two vocabularies: the Hub's ``ai_keywords``
(``keywords``) or keyphrases of its title and abstract (``text``). Each step is a module:

==================  ==========================================================================
module              its job
==================  ==========================================================================
``normalise``       one keyword's normal form (case, hyphens, plurals) and its label
``definitions``     "long form (SF)": the one bracket parser, Schwartz & Hearst's test
``abbreviations``   definitions settled: an abbreviation merged with its long form
``lexicon``         chunks, tokens and words of titles and abstracts, in integer codes
``counter``         each paper's distinct one- and two-word terms, counted in codes
``terms``           the (paper, keyword) pairs of either vocabulary
``generic``         generic words and modifiers (rules of one word over a corpus)
``keyphrases``      which terms are keyphrases (generic words, modifiers, nesting)
``vocabulary``      a table's keywords of one vocabulary, as codes, with their labels
``aliases``         the one resolver: every way a person may name a keyword → its key
``fit``             the tables learned from the bundled corpus (shipped with the package)
==================  ==========================================================================

The rules themselves are tabled in the docstrings of ``normalise`` (normalisation) and
``keyphrases`` (keyphrases); each rule is a test in ``tests/test_keyphrases.py``,
``tests/test_abbreviations.py``, ``tests/test_terms.py`` or ``tests/test_labels.py``.
"""

from .aliases import Aliases, aliases_of
from .normalise import STOP_WORDS, labels_of, log_odds_dirichlet, normalize, normalize_expr
from .terms import keyword_pairs

__all__ = ["STOP_WORDS", "Aliases", "aliases_of", "keyword_pairs", "labels_of",
           "log_odds_dirichlet", "normalize", "normalize_expr"]
