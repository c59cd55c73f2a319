"""chart_*: one Altair chart per compute_* table, and the slide-ready theme.

Every function takes the table its compute_* function returns and returns an ``alt.Chart``
(or a layered chart); none displays anything. Tables are small: aggregation happened in polars,
so no chart embeds more than :data:`MAX_ROWS` rows.

The package, by family (as :mod:`dailypapers.compute`):

- ``base``: the slide theme, the palette, the click selection :data:`PICK`, titles, periods
  drawn pale when partial, and every Altair workaround, in one place;
- ``notes``: what a time chart says in words of its data: periods covered in part, gaps,
  nothing to draw, papers left off the axis, rates per listing day;
- ``overview``: the overview card, field coverage, papers over time;
- ``people``: team sizes, team size over time, the most frequent authors;
- ``organizations``: the most frequent organizations, organization share over time;
- ``topics``: keyword frequencies, trends, trend topics, rising keywords;
- ``upvotes``: median upvotes by team size and by organization;
- ``maps``: the keyword map and the co-author map;
- ``impact``: the share of papers cited by models, datasets or Spaces on the Hub, the papers
  whose models are used most, how soon a first model follows a paper.

Examples
--------
>>> import polars as pl
>>> from dailypapers.compute import compute_author_counts
>>> table = compute_author_counts(pl.DataFrame({"author_count": [1, 2, 2, 9]}), max_authors=3)
>>> chart_author_counts(table).to_dict()["encoding"]["x"]["field"]
'authors'
"""

from .base import (
    HEIGHT,
    MAX_ROWS,
    MUTED,
    PALETTE,
    PICK,
    THEME,
    WIDTH,
    setup_notebook,
    slide_theme,
    subtitle_lines,
    title_of,
)
from .impact import (
    chart_days_to_first_model,
    chart_impact_by_keyword,
    chart_impact_by_organization,
    chart_impact_by_upvotes,
    chart_impact_share,
    chart_most_used,
)
from .maps import MAP_LABELS, MIN_MAP_NODES, chart_coauthor_map, chart_keyword_map
from .organizations import chart_organization_share, chart_top_organizations
from .overview import chart_coverage, chart_overview, chart_papers_over_time
from .people import (
    chart_author_counts,
    chart_team_size_over_time,
    chart_top_authors,
    chart_top_authors_over_time,
)
from .topics import (
    chart_keyword_frequencies,
    chart_keyword_trends,
    chart_rising_keywords,
    chart_trend_topics,
)
from .upvotes import chart_upvotes_by_organization, chart_upvotes_by_team_size

__all__ = [
    "HEIGHT",
    "MAP_LABELS",
    "MAX_ROWS",
    "MIN_MAP_NODES",
    "MUTED",
    "PALETTE",
    "PICK",
    "THEME",
    "WIDTH",
    "chart_author_counts",
    "chart_coauthor_map",
    "chart_coverage",
    "chart_days_to_first_model",
    "chart_impact_by_keyword",
    "chart_impact_by_organization",
    "chart_impact_by_upvotes",
    "chart_impact_share",
    "chart_keyword_frequencies",
    "chart_keyword_map",
    "chart_keyword_trends",
    "chart_most_used",
    "chart_organization_share",
    "chart_overview",
    "chart_papers_over_time",
    "chart_rising_keywords",
    "chart_team_size_over_time",
    "chart_top_authors",
    "chart_top_authors_over_time",
    "chart_top_organizations",
    "chart_trend_topics",
    "chart_upvotes_by_organization",
    "chart_upvotes_by_team_size",
    "setup_notebook",
    "slide_theme",
    "subtitle_lines",
    "title_of",
]
