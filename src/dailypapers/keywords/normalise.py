"""One keyword's normal form and its label; the stop lists; log-odds.

Normalisation table (applied to ``ai_keywords`` and to extracted terms alike):

================================  ======================  ==================
variant                           rule                    example
================================  ======================  ==================
case                              lower-case              ``LLM`` → ``llm``
hyphen, underscore, slash, space  one space               ``fine-tuning`` → ``fine tuning``
trailing punctuation, spaces      dropped                 ``models ;`` → ``model``
regular plural of the last word   drop ``s`` / ``ies→y``  ``LLMs`` → ``llm``
irregular plural                  :data:`IRREGULAR`       ``analyses`` → ``analysis``
words that only look plural       kept (:data:`KEEP_S`)   ``bias``, ``physics``
================================  ======================  ==================

The label shown for a normalised keyword is its most frequent spelling in the data (of a
keyphrase from titles and abstracts, each word written as it mostly is:
:meth:`~dailypapers.keywords.counter.TermCounter.written_tokens`), in lower case unless the keyword
is a name or a word of it is mostly capitalised (:func:`labels_of`).
"""

from __future__ import annotations

import polars as pl

#: English function words: the Glasgow Information Retrieval Group's list (318 words) as
#: scikit-learn ships it (``ENGLISH_STOP_WORDS``, BSD-3-Clause), copied here so that one word
#: list does not cost a dependency and two seconds of import.
ENGLISH_STOP_WORDS = frozenset("""
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone anything
    anyway anywhere are around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond bill both bottom but by call can
    cannot cant co con could couldnt cry de describe detail do done down due during each eg
    eight either eleven else elsewhere empty enough etc even ever every everyone everything
    everywhere except few fifteen fifty fill find fire first five for former formerly forty
    found four from front full further get give go had has hasnt have he hence her here
    hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
    inc indeed interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself name
    namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
    of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she
    should show side since sincere six sixty so some somehow someone something sometime
    sometimes somewhere still such system take ten than that the their them themselves then
    thence there thereafter thereby therefore therein thereupon these they thick thin third this
    those though three through throughout thru thus to together too top toward towards twelve
    twenty two un under until up upon us very via was we well were what whatever when whence
    whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
""".split())

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
#: to the English list above; unlike the `stop-words` package we keep
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
STOP_WORDS = ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS
TOKEN_PATTERN = r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*"


def normalize_expr(keyword: pl.Expr) -> pl.Expr:
    """The normalised form of keywords (see the table above), as a polars expression.

    Examples
    --------
    >>> words = pl.Series("k", ["LLMs", "Fine-Tuning", "analyses", "bias"])
    >>> words.to_frame().select(normalize_expr(pl.col("k")))["k"].to_list()
    ['llm', 'fine tuning', 'analysis', 'bias']
    """
    return keyword.map_batches(_normalized, return_dtype=pl.String)


def _normalized(keywords: pl.Series) -> pl.Series:
    """:func:`normalize_expr` of a column. Said as one expression, polars evaluated the
    shared parts (lower-casing, the last word) again in every branch of the plural rule;
    here each is computed once, and the plural rule runs once per
    distinct last word (a vocabulary's last words are few: models, learning, generation)."""
    frame = keywords.rename("k").to_frame().with_columns(
        base=pl.col("k").str.to_lowercase().str.replace_all(r"[-_/\s]+", " ")
        .str.replace(r"[\s.,;:]+$", "").str.strip_chars())
    frame = frame.with_columns(last=pl.col("base").str.extract(r"(\S+)$", 1))
    words = frame.select(pl.col("last").unique().drop_nulls())
    last = pl.col("last")
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
    rule = dict(words.select(last, singular.alias("singular")).iter_rows())
    # the last word (no space in it) ends the base: the head is the rest
    return frame.select(pl.when(last.is_null()).then(pl.col("base")).otherwise(
        pl.col("base").str.head(pl.col("base").str.len_chars().cast(pl.Int64)
                                - last.str.len_chars().cast(pl.Int64))
        + last.replace_strict(rule, return_dtype=pl.String)))["base"].rename(keywords.name)


def normalize(keywords: list[str]) -> list[str]:
    """:func:`normalize_expr` on a list of strings.

    Examples
    --------
    >>> normalize(["Large Language Models", "large-language model", "Diffusion Models"])
    ['large language model', 'large language model', 'diffusion model']
    """
    return pl.Series(keywords, dtype=pl.String).to_frame("k").select(
        normalize_expr(pl.col("k")))["k"].to_list()


def labels_of(spelled: pl.DataFrame) -> pl.DataFrame:
    """Each keyword's label: its most frequent spelling (ties alphabetical), in the case its
    spellings write it (:func:`_cased`): "Large Language Models", written in lower case by
    a third of those who use it, is shown as "large language models"; "Stable Diffusion",
    a name, keeps its capitals.

    Examples
    --------
    >>> spelled = pl.DataFrame({"keyword": ["llm", "llm", "sd", "sd"],
    ...     "spelling": ["Large Language Models", "large language models",
    ...                  "Stable Diffusion", "stable diffusion"], "n": [5, 3, 19, 1]})
    >>> labels_of(spelled).rows()
    [('sd', 'Stable Diffusion'), ('llm', 'large language models')]
    """
    first = (spelled.sort(["n", "spelling"], descending=[True, False])
             .group_by("keyword", maintain_order=True).first()
             .select("keyword", label="spelling"))
    return _cased(first, spelled)


#: Words Title Case leaves in lower case ("Reinforcement Learning from Human Feedback"):
#: they tell nothing of how a spelling is cased.
MINOR_WORDS = frozenset("a an and as at by for from in into of on or the to via vs with".split())
#: The share of a word's (or a keyword's) occurrences that must write it one way for a
#: label to write it so. A keyphrase's word as the abstracts begin chunks with it
#: (:meth:`~.terms.TermCounter.written_tokens`): a common word is capitalised at a
#: sentence's start and in Title Case titles less often than this ("Diffusion models" is
#: "diffusion models"), a name or an acronym more often ("Gaussian", "GPT-4", "LLM"). A
#: keyword in Title Case at least this often is a name and keeps its capitals ("Group
#: Relative Policy Optimization", 97 % on the shipped data; common terms are in Title Case a
#: third to two thirds of the time); otherwise a word keeps its capital when at least this
#: share of what its spellings tell writes it so ("3D Gaussian splatting").
WRITTEN_SHARE = 0.75
_WORD = r"[A-Za-z0-9']+"
_PIECES = rf"{_WORD}|[^A-Za-z0-9']+"  # words and what lies between them: the whole text
_CAPITALISED = r"^[A-Z][a-z']+$"  # "Large"; neither "LLMs" nor "GPT" nor "A"
_LOWER = r"^[a-z]"


def _cased(labels: pl.DataFrame, spelled: pl.DataFrame) -> pl.DataFrame:
    """``labels`` (``keyword, label``) with each capitalised word of a label that is no name
    in lower case, unless the keyword's spellings mostly capitalise that word.

    What a spelling tells: a Title Case spelling tells nothing of a word (every word is
    capitalised there); a capital at the start counts half (a sentence may begin there:
    "Reward models (RMs) score…"); a word seen nowhere else is written in lower case.
    Only the keyword's own spellings count, so a label does not depend on other keywords.
    """
    needs = labels.filter(pl.col("label").str.contains(r"(?:^|[^A-Za-z0-9'])[A-Z][a-z']"))
    if needs.is_empty():
        return labels
    words = (spelled.filter(pl.col("keyword").is_in(needs["keyword"].implode()))
             .with_columns(word=pl.col("spelling").str.extract_all(_WORD))
             .with_columns(place=pl.int_ranges(pl.col("word").list.len()))
             .with_row_index("s").explode("word", "place")
             .with_columns(capital=pl.col("word").str.contains(_CAPITALISED),
                           lower=pl.col("word").str.contains(_LOWER),
                           word=pl.col("word").str.to_lowercase()))
    spellings = words.group_by("s").agg(
        pl.col("keyword", "n").first(),
        title=pl.col("capital").any()
        & ~(pl.col("lower") & ~pl.col("word").is_in(list(MINOR_WORDS))).any())
    named = (spellings.group_by("keyword")
             .agg(share=(pl.col("n") * pl.col("title")).sum() / pl.col("n").sum()))
    told = (words.join(spellings.select("s", "title"), on="s").filter(~pl.col("title"))
            .group_by("keyword", "word")
            .agg(capitals=(pl.col("n") * pl.col("capital")
                           * pl.when(pl.col("place") == 0).then(0.5).otherwise(1.0)).sum(),
                 lowers=(pl.col("n") * pl.col("lower")).sum())
            .filter(pl.col("capitals") > 0,
                    pl.col("capitals") >= WRITTEN_SHARE * (pl.col("capitals") + pl.col("lowers")))
            .select("keyword", "word", keep=pl.lit(True)))
    untitled = pl.col("label").str.extract_all(_WORD).list.eval(
        pl.element().str.contains(_LOWER) & ~pl.element().is_in(list(MINOR_WORDS))).list.any()
    recased = (needs.join(named, on="keyword", how="left")  # a name in Title Case stays
               .filter(untitled | (pl.col("share") < WRITTEN_SHARE)).drop("share")
               .with_columns(piece=pl.col("label").str.extract_all(_PIECES))
               .with_row_index("r").explode("piece").with_row_index("at")
               .with_columns(word=pl.col("piece").str.to_lowercase())
               .join(told, on=["keyword", "word"], how="left")
               .with_columns(piece=pl.when(pl.col("piece").str.contains(_CAPITALISED)
                                           & pl.col("keep").is_null())
                             .then(pl.col("word")).otherwise(pl.col("piece")))
               .sort("at").group_by("r", maintain_order=True)
               .agg(pl.col("keyword").first(), cased=pl.col("piece").str.join("")))
    return (labels.join(recased.select("keyword", "cased"), on="keyword", how="left",
                        maintain_order="left")
            .select("keyword", label=pl.coalesce("cased", "label")))


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


__all__ = ["DOMAIN_STOP_WORDS", "IRREGULAR", "KEEP_S", "MINOR_WORDS", "STOP_WORDS",
           "TOKEN_PATTERN", "WRITTEN_SHARE", "labels_of", "log_odds_dirichlet", "normalize",
           "normalize_expr"]
