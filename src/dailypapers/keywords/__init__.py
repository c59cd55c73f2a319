"""What a keyword is: the one place its rules live.

A paper's keywords come from one of two vocabularies: the Hub's ``ai_keywords``
(``keywords``) or keyphrases of its title and abstract (``text``). Each step is a module,
each importing only those above it:

==================  ==========================================================================
module              its job
==================  ==========================================================================
``normalise``       one keyword's normal form (case, hyphens, plurals) and its label
``definitions``     "long form (SF)": the one bracket parser, Schwartz & Hearst's test
``abbreviations``   definitions settled: an abbreviation merged with its long form
``lexicon``         chunks, tokens and words of titles and abstracts, in integer codes
``counter``         each paper's distinct one- and two-word terms, counted in codes
``generic``         generic words and modifiers (rules of one word over a corpus)
``keyphrases``      which terms are keyphrases (generic words, modifiers, nesting)
``terms``           the (paper, keyword) pairs of either vocabulary
``aliases``         the one resolver: every way a person may name a keyword → its key
``vocabulary``      a table's keywords of one vocabulary, as codes, with labels and aliases
``fit``             the tables learned from the bundled corpus (shipped with the package)
==================  ==========================================================================

The rules, one line each, with the test that holds it (``tests/``; ``::`` a test name):

====  ============================================================  ===========================
step  rule                                                          held by
====  ============================================================  ===========================
norm  lower case; ``-``, ``_``, ``/`` and runs of space one space    test_topics::
      ; trailing punctuation dropped                                test_keyword_normalisation_
                                                                    table
norm  the last word's plural dropped (``ies``→``y``, ``IRREGULAR``;  same
      ``KEEP_S`` and ``-ss/-us/-is/-ics/-ous`` words kept)
norm  a spelling normalises alike in any batch, and once            test_topics::test_a_
                                                                    spelling_normalises_alike…
norm  stop words and one-letter tokens are no terms                 test_terms::test_terms_of_
                                                                    one_paper
label a keyword's label is its most frequent spelling              test_labels::test_a_label_
                                                                    is_the_most_frequent…
label in lower case unless a name or a word mostly capitalised      test_labels::test_a_label_
      (``WRITTEN_SHARE``); from the keyword's own spellings only     is_cased…, …depends_on…
label a keyphrase's word is written as it mostly is ("GPT-4")       test_terms::test_a_spelling_
                                                                    is_written_as…
def   "long form (SF)" defines SF when it passes Schwartz & Hearst   test_abbreviations::
                                                                    test_definitions
def   in running text: SF with two capitals, within the window,     test_keyphrases::
      the run whose initials match                                  test_definitions_in_running…
def   a bracketed abbreviation beside what it abbreviates is left   test_abbreviations::
      out of a keyword ("Test-Time Scaling (TTS)")                  test_unbracketed_*
abbr  merged when ``AGREEMENT`` of its definitions name one long    test_abbreviations::
      form; competing long forms stay apart, and are reported       test_keywords_merge…,
                                                                    test_competing_long_forms…
abbr  one long form spelled two ways is one vote                    test_abbreviations::test_
                                                                    one_long_form_spelled…
abbr  a definition the table never saw joins a merged              test_abbreviations::test_a_
      abbreviation when it names its long form                      definition_the_table_never…
abbr  a merged keyword's label is "long form (SF)" as written       test_abbreviations::test_an_
                                                                    abbreviation_is_labelled…
abbr  the questions merge by the shipped table, not the papers at   test_topics::
      hand (a filter changes no merge)                              test_abbreviations_merge_by…
abbr  of texts: only long forms of two words or more, defined at    test_keyphrases::
      least twice                                                   test_abbreviations_of_the_…
term  a paper's distinct one- and two-word terms, never across       test_terms::test_counter_
      punctuation; a line break is a space                          agrees_with_the_plain_rule
term  a paper counts once per term, whatever its spellings          test_terms::test_a_paper_
                                                                    counts_once_per_term…
hub   a Hub keyword that is one generic word is not counted         test_keyphrases::test_a_hub_
                                                                    keyword_that_is_one_generic…
gen   a generic word: residual IDF below ``GENERIC_RIDF``, used by  generic.generic_words
      at least ``GENERIC_MIN_SHARE`` of papers                      (doctest), test_keyphrases::
                                                                    test_the_shipped_generic_…
gen   a modifier: another word follows it ``MODIFIER_SHARE`` of      test_keyphrases::test_the_
      the times, among compounds written ``MODIFIER_MIN_WRITTEN``    modifier_rule, …a_rare_
                                                                    compound_is_not_judged
key   a keyphrase has two words or more; one word only as a          test_keyphrases::
      merged abbreviation                                           test_keyphrase_rules
key   an abbreviation joins its long form; a paper holding every    same
      word pair of a long form holds it
key   nested fragments of a longer keyphrase are not counted        same
key   made of generic words: no keyphrase, unless the long form of  same
      an abbreviation defined ``SHARED_DEFINITIONS`` times
key   a pair led by a generic word written alone ("strong           same; test_terms::test_the_
      baselines") is no keyphrase; a hyphenated compound may be     counter_marks_pairs_led…
key   a modifier is no keyphrase alone; its phrases may be          same
key   a paper's keyphrases do not depend on the papers counted      test_keyphrases::test_a_
      with it                                                       papers_keywords_do_not…
voc   keywords count papers, not occurrences                        test_topics::test_keyword_
                                                                    frequencies_count_papers…
voc   a keyword every paper carries is left out of a chart, and     test_topics::test_a_keyword_
      named                                                         every_paper_carries…
alias what a person types names a key: the data's names first (key, test_resolver (filter box,
      label, spelling, bracketed abbreviation; any case), then the  trends, command line)
      rule that made the keys
alias an abbreviation names the keyword that writes it most          test_filters::test_an_
                                                                    abbreviation_names_the…
fit   each shipped table is the rules' answer on the bundled        test_fit::test_each_shipped_
      corpus                                                        table_is_the_fit…
====  ============================================================  ===========================
"""

from .aliases import Aliases, aliases_of
from .normalise import STOP_WORDS, labels_of, log_odds_dirichlet, normalize, normalize_expr
from .terms import keyword_pairs

__all__ = ["STOP_WORDS", "Aliases", "aliases_of", "keyword_pairs", "labels_of",
           "log_odds_dirichlet", "normalize", "normalize_expr"]
