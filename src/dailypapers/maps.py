"""Maps: which topics go together, and who writes with whom — networks as two tables.

``compute_keyword_cooccurrence`` and ``compute_coauthorship`` return a :class:`Network`: its
``nodes`` (the top keywords or authors, their papers, a cluster and a position) and its
``edges`` (two nodes, the papers they share, the strength of the link). Like every
``compute_*`` they take a table (the plain path) or prepared papers (codes), and give the same
network from both.

The rules, as VOSviewer and bibliometrix draw such maps:

- **Strength** is the association strength (van Eck & Waltman 2009): the papers two nodes
  share over the papers expected if they were independent,
  ``strength = covered · together / (papers_a · papers_b)`` (``covered``: the papers that
  could carry them). A frequent keyword does not link strongly to everything; 1 means
  chance, 3 means three times as often as chance.
- **Edges** join nodes that share at least ``min_papers`` papers.
- **Clusters**: Louvain communities (networkx, weighted by strength, seeded), numbered from
  1 by their papers, most first. A node without an edge is a cluster of its own.
- **Positions**: a force-directed layout (networkx's Fruchterman–Reingold, weighted by
  strength, seeded) of the linked nodes, each axis scaled to [-1, 1]: the same data gives
  the same map. A node without an edge has no position (``x``, ``y`` null): it is not drawn.

Examples
--------
>>> papers = pl.DataFrame({"paper_id": ["a", "b", "c", "d"], "keywords": [
...     ["agents", "RL"], ["agents", "RL"], ["diffusion", "video"], ["diffusion", "video"]]})
>>> net = compute_keyword_cooccurrence(papers, n=4, source="keywords")
>>> net.edges.select("a", "b", "papers").sort("a").rows()
[('agent', 'reinforcement learning', 2), ('diffusion', 'video', 2)]
>>> net.nodes.group_by("cluster").len().height
2
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import polars as pl

from .codes import slots
from .compute import choose_vocabulary, compute_keyword_frequencies, compute_top_authors
from .frames import Frame
from .prepared import carries, prepare

#: Edges join nodes that share at least this many papers (by default).
MIN_PAPERS = 2
#: Steps of the force-directed layout (on <= 100 nodes it has settled by then).
LAYOUT_STEPS = 80


class Network(NamedTuple):
    """A map as two tables: ``nodes`` and ``edges`` (see the module's text)."""

    nodes: pl.DataFrame
    edges: pl.DataFrame


def compute_keyword_cooccurrence(df: Frame, n: int = 60, source: str = "auto",
                                 min_papers: int = MIN_PAPERS, seed: int = 1) -> Network:
    """The map of the ``n`` most frequent keywords of the vocabulary in use.

    ``nodes``: ``keyword``, ``label``, ``papers``, ``cluster``, ``x``, ``y`` and the
    vocabulary's facts (``vocabulary``, ``covered_papers``, ``all_papers``,
    ``carried_by_all``, as the other keyword tables: a keyword every paper carries is no
    node, it would join every other). ``edges``: ``a``, ``b`` (keywords, ``a < b``),
    ``papers`` (together), ``strength``. ``source`` as in
    :func:`~dailypapers.compute.compute_keyword_frequencies`.
    """
    papers = prepare(df)
    source = choose_vocabulary(papers, source)
    top = compute_keyword_frequencies(papers, n, source)
    keys = top["keyword"].to_list()
    flat, vocabulary = papers.keywords(source)
    chosen = vocabulary.codes_of(keys)
    rows, picked = flat.select(chosen)
    positions = slots(chosen, flat.size)[picked]
    covered = int(top["covered_papers"][0]) if top.height else 0
    nodes = top.select("keyword", "label", "papers")
    network = _network(nodes, "keyword", _pair_counts(rows, positions, len(keys)), covered,
                       min_papers, seed)
    facts = top.select("vocabulary", "covered_papers", "all_papers", "carried_by_all").head(1)
    return Network(network.nodes.join(facts, how="cross") if facts.height
                   else network.nodes.with_columns(
                       vocabulary=pl.lit(source), covered_papers=pl.lit(0, pl.Int64),
                       all_papers=pl.lit(papers.height, pl.Int64),
                       carried_by_all=pl.lit([], pl.List(pl.String))),
                   network.edges)


def compute_coauthorship(df: Frame, n: int = 50, min_papers: int = 1,
                         seed: int = 1) -> Network:
    """The map of the ``n`` most productive authors: an edge for each pair that wrote
    papers together (``papers``), its ``strength`` the association strength among the papers
    that name their authors.

    Names are not disambiguated: two people of one name are one node, one person written
    two ways is two (the Hub lists names as the papers print them).

    ``nodes``: ``author``, ``papers``, ``cluster``, ``x``, ``y``; ``edges``: ``a``, ``b``
    (authors, ``a < b``), ``papers``, ``strength``.
    """
    papers = prepare(df)
    top = compute_top_authors(papers, n)
    names = top["author"].to_list()
    flat = papers.authors
    chosen = papers.author_codes(names)  # every top author is there
    rows, picked = flat.select(chosen)
    positions = slots(chosen, flat.size)[picked]
    named = int(carries(papers.frame, "authors").sum())
    nodes = top.select("author", "papers")
    return _network(nodes, "author", _pair_counts(rows, positions, len(names)), named,
                    min_papers, seed)


def _pair_counts(rows: np.ndarray, positions: np.ndarray, n: int) -> np.ndarray:
    """Papers shared by each pair of nodes: an ``n × n`` symmetric matrix from each paper's
    (row, node position) pairs (distinct within a paper).

    Sorted by paper, the pairs of a paper are the elements ``d`` apart within its run, for
    ``d = 1, 2, …``: one vectorised pass per ``d``, each over the elements whose run reaches
    that far.

    Examples
    --------
    >>> _pair_counts(np.array([0, 0, 0, 1, 1]), np.array([0, 1, 2, 0, 2]), 3).tolist()
    [[0, 1, 2], [1, 0, 1], [2, 1, 0]]
    """
    positions = np.asarray(positions, dtype=np.int64)
    # by paper (polars sorts on every core, several times faster than numpy here)
    order = pl.Series(np.asarray(rows, dtype=np.int64) * max(n, 1) + positions).arg_sort(
        ).to_numpy()
    rows, positions = np.asarray(rows)[order], positions[order]
    counts = np.zeros(n * n, dtype=np.int64)
    # the elements whose paper goes on ``distance`` places later: only they can pair at the
    # next distance, so each pass reads fewer (most papers carry few of the top nodes)
    alive = np.arange(max(len(rows) - 1, 0))
    distance = 1
    while len(alive):
        alive = alive[rows[alive] == rows[alive + distance]]
        if not len(alive):
            break
        counts += np.bincount(positions[alive] * n + positions[alive + distance],
                              minlength=n * n)
        distance += 1
        alive = alive[alive + distance < len(rows)]
    square = counts.reshape(n, n)
    return square + square.T


def _network(nodes: pl.DataFrame, key: str, together: np.ndarray, covered: int,
             min_papers: int, seed: int) -> Network:
    """Edges, clusters and positions of ``nodes`` (each with ``papers``) from the papers
    each pair shares (see the module's rules)."""
    import networkx as nx

    papers = nodes["papers"].to_numpy().astype(np.float64)
    names = nodes[key].to_list()
    first, second = np.nonzero(np.triu(together >= max(min_papers, 1), k=1))
    shared = together[first, second]
    strength = covered * shared / np.maximum(papers[first] * papers[second], 1)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(names)))
    strongest = float(strength.max()) if len(strength) else 1.0
    graph.add_weighted_edges_from(
        zip(first.tolist(), second.tolist(), (strength / strongest).tolist(), strict=True))
    cluster = _clusters(graph, papers, seed)
    # only linked nodes are laid out: a node without an edge, pushed far away, would squeeze
    # the rest of the map into a corner
    linked = sorted({*first.tolist(), *second.tolist()})
    layout = (nx.spring_layout(graph.subgraph(linked), seed=seed, iterations=LAYOUT_STEPS,
                               k=2 / np.sqrt(len(linked))) if len(linked) > 1 else {})
    xy = np.full((len(names), 2), np.nan)
    for node, where in layout.items():
        xy[node] = where
    if layout:  # each axis to [-1, 1]: the map fills its frame
        low, high = np.nanmin(xy, axis=0), np.nanmax(xy, axis=0)
        xy = 2 * (xy - low) / np.maximum(high - low, 1e-9) - 1
    edges = pl.DataFrame({
        "a": pl.Series([names[i] for i in first.tolist()], dtype=pl.String),
        "b": pl.Series([names[j] for j in second.tolist()], dtype=pl.String),
        "papers": pl.Series(shared, dtype=pl.Int64),
        "strength": pl.Series(strength, dtype=pl.Float64)})
    # a < b by name: one row per pair, whatever the nodes' order
    edges = edges.with_columns(a=pl.min_horizontal("a", "b"), b=pl.max_horizontal("a", "b")
                               ).sort(["papers", "a", "b"], descending=[True, False, False])
    return Network(nodes.with_columns(cluster=pl.Series(cluster, dtype=pl.Int64),
                                      x=pl.Series(xy[:, 0], dtype=pl.Float64, nan_to_null=True),
                                      y=pl.Series(xy[:, 1], dtype=pl.Float64, nan_to_null=True)),
                   edges)


def _clusters(graph: Any, papers: np.ndarray, seed: int) -> list[int]:
    """Each node's cluster: Louvain communities, numbered 1, 2, … by their papers, most
    first (ties by their first node)."""
    import networkx as nx

    if graph.number_of_edges():
        communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    else:
        communities = [{node} for node in graph.nodes]
    ranked = sorted(communities, key=lambda c: (-papers[list(c)].sum(), min(c)))
    cluster = [0] * graph.number_of_nodes()
    for number, members in enumerate(ranked, start=1):
        for node in members:
            cluster[node] = number
    return cluster


__all__ = ["MIN_PAPERS", "Network", "compute_coauthorship", "compute_keyword_cooccurrence"]
