"""compute_*: the questions people bring to Daily Papers, each a table in and a table out.

Every function takes papers prepared by ``dp.prepare``
(:class:`~dailypapers.prepared.Prepared`), or a table it prepares (a polars DataFrame or
LazyFrame, or pandas), and asks its question once, of the prepared papers' integer codes.
Every returns a small polars DataFrame ready to chart. Nothing here knows of Altair.

=================  ========================================================================
module             questions
=================  ========================================================================
``overview``       overview, coverage, author counts, team size and papers per period
``people``         top authors, and their papers per period
``organizations``  top organizations, each one's share per period
``upvotes``        upvotes by team size and by organization (settled observations)
``sampling``       listing days: how much of the Hub's listing the data holds, rates per day;
                   the span of the bulk of the papers (time axes, partial periods, halves)
``impact``         the share of papers cited by models, datasets or Spaces (fetched impact),
                   the papers whose models are used most, the days to a first model
``topics``         keyword frequencies, trends, trend topics, rising keywords, abbreviations
``vocabulary``     which vocabulary a keyword question counts (``choose_vocabulary``): the
                   Hub's keywords or keyphrases, by one rule
``lists``          the list of papers with links; ``describe`` (the data in brief)
``common``         what they share: dates and periods, settled upvotes, rows of chosen codes
=================  ========================================================================

Examples
--------
>>> import polars as pl
>>> from datetime import date
>>> papers = pl.DataFrame({
...     "paper_id": ["a", "b", "c"], "author_count": [2, 9, None],
...     "organization": ["meta", None, "meta"], "published_on": [date(2025, 1, 6)] * 3,
...     "upvotes": [3, 10, None]})
>>> compute_overview(papers).select("papers", "median_team_size", "organizations").row(0)
(3, 5.5, 1)
"""

from .common import (
    NO_ORGANIZATION,
    OTHER,
    SETTLE_DAYS,
    TEAM_SIZES,
    TREND_MIN_PAPERS,
    counted_upvotes,
    observation_age,
)
from .impact import (
    IMPACT_KINDS,
    MIN_DATED,
    MIN_FETCHED,
    compute_days_to_first_model,
    compute_impact_by_keyword,
    compute_impact_by_organization,
    compute_impact_by_upvotes,
    compute_impact_share,
    compute_most_used,
)
from .lists import HUB_PAPERS, PAPER_ORDERS, compute_paper_list, describe
from .organizations import MIN_RECORDED, compute_organization_share, compute_top_organizations
from .overview import (
    compute_author_counts,
    compute_coverage,
    compute_overview,
    compute_papers_over_time,
    compute_team_size_over_time,
)
from .people import compute_top_authors, compute_top_authors_over_time
from .sampling import compute_listing_days, split_halves
from .topics import (
    Z_BEYOND_CHANCE,
    compute_abbreviations,
    compute_keyword_frequencies,
    compute_keyword_trends,
    compute_rising_keywords,
    compute_trend_topics,
)
from .upvotes import (
    MIN_GROUP_PAPERS,
    compute_upvotes_by_organization,
    compute_upvotes_by_team_size,
)
from .vocabulary import MIN_KEYWORD_SHARE, MIN_WINDOW_PAPERS, VOCABULARY_NAMES, choose_vocabulary

__all__ = [
    "HUB_PAPERS",
    "IMPACT_KINDS",
    "MIN_DATED",
    "MIN_FETCHED",
    "MIN_GROUP_PAPERS",
    "MIN_KEYWORD_SHARE",
    "MIN_RECORDED",
    "MIN_WINDOW_PAPERS",
    "NO_ORGANIZATION",
    "OTHER",
    "PAPER_ORDERS",
    "SETTLE_DAYS",
    "TEAM_SIZES",
    "TREND_MIN_PAPERS",
    "VOCABULARY_NAMES",
    "Z_BEYOND_CHANCE",
    "choose_vocabulary",
    "compute_abbreviations",
    "compute_author_counts",
    "compute_coverage",
    "compute_days_to_first_model",
    "compute_impact_by_keyword",
    "compute_impact_by_organization",
    "compute_impact_by_upvotes",
    "compute_impact_share",
    "compute_keyword_frequencies",
    "compute_keyword_trends",
    "compute_listing_days",
    "compute_most_used",
    "compute_organization_share",
    "compute_overview",
    "compute_paper_list",
    "compute_papers_over_time",
    "compute_rising_keywords",
    "compute_team_size_over_time",
    "compute_top_authors",
    "compute_top_authors_over_time",
    "compute_top_organizations",
    "compute_trend_topics",
    "compute_upvotes_by_organization",
    "compute_upvotes_by_team_size",
    "counted_upvotes",
    "describe",
    "observation_age",
    "split_halves",
]
