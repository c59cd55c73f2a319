"""Maps: the keyword co-occurrence and co-authorship networks, against plain references."""

from __future__ import annotations

import itertools
from collections import Counter

import networkx as nx
import numpy as np
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.keywords.normalise import normalize
from dailypapers.maps import _pair_counts
from dailypapers.widgets import FilterPanel


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    return dp.generate_corpus(3_000, seed=8)


def reference_pairs(sets: list[set[str]], nodes: list[str]) -> Counter:
    """Papers shared by each pair of ``nodes``: a plain count over each paper's set."""
    chosen = set(nodes)
    together: Counter = Counter()
    for members in sets:
        for a, b in itertools.combinations(sorted(members & chosen), 2):
            together[(a, b)] += 1
    return together


def test_keyword_edges_equal_a_plain_count(corpus):
    network = dp.compute_keyword_cooccurrence(corpus, n=30, source="keywords", min_papers=1)
    sets = [set(normalize(k)) if k else set() for k in corpus["keywords"].to_list()]
    nodes = network.nodes["keyword"].to_list()
    expected = reference_pairs(sets, nodes)
    got = {(a, b): papers for a, b, papers in network.edges.select("a", "b", "papers").rows()}
    assert got == dict(expected) and len(got) > 50
    # association strength: papers together over those expected by chance
    covered = int((corpus["keywords"].list.len().fill_null(0) > 0).sum())
    papers = dict(network.nodes.select("keyword", "papers").rows())
    for a, b, together, strength in network.edges.rows()[:20]:
        assert strength == pytest.approx(covered * together / (papers[a] * papers[b]))


def test_coauthor_edges_equal_a_plain_count(corpus):
    network = dp.compute_coauthorship(corpus, n=40)
    sets = [set(a) if a else set() for a in corpus["authors"].to_list()]
    expected = reference_pairs(sets, network.nodes["author"].to_list())
    got = {(a, b): papers for a, b, papers in network.edges.select("a", "b", "papers").rows()}
    assert got == dict(expected)
    top = dp.compute_top_authors(corpus, 40)
    assert network.nodes.select("author", "papers").equals(top.select("author", "papers"))


@pytest.mark.parametrize("compute", [
    lambda f: dp.compute_keyword_cooccurrence(f, n=40),
    lambda f: dp.compute_keyword_cooccurrence(f, n=25, source="text"),
    lambda f: dp.compute_coauthorship(f, n=30),
])
def test_prepared_papers_give_the_same_map(corpus, compute):
    mask = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    ours = compute(dp.prepare(corpus).restrict(mask))
    theirs = compute(corpus.filter(pl.Series(mask)))
    drop = [c for c in ("label",) if c in ours.nodes.columns]  # the table's spelling
    assert ours.nodes.drop(drop).equals(theirs.nodes.drop(drop))
    assert ours.edges.equals(theirs.edges)


def test_the_same_data_gives_the_same_map(corpus):
    first = dp.compute_keyword_cooccurrence(corpus)
    again = dp.compute_keyword_cooccurrence(corpus.sample(fraction=1.0, shuffle=True, seed=3))
    assert first.nodes.equals(dp.compute_keyword_cooccurrence(corpus).nodes)
    assert first.edges.equals(again.edges)  # the papers' order does not matter to the links
    coordinates = first.nodes.select("x", "y").drop_nulls()
    assert coordinates.height > 0
    assert coordinates.min().row(0) == (-1.0, -1.0) and coordinates.max().row(0) == (1.0, 1.0)


def test_two_separate_topics_are_two_clusters_numbered_by_papers():
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(9)], "keywords": [
        ["agents", "RL", "planning"], ["agents", "RL"], ["RL", "planning"], ["agents", "planning"],
        ["agents", "RL", "planning"],
        ["diffusion", "video"], ["diffusion", "video"], ["video", "diffusion"], ["robots"]]})
    network = dp.compute_keyword_cooccurrence(papers, n=10, source="keywords")
    cluster = dict(network.nodes.select("keyword", "cluster").rows())
    # RL is reinforcement learning (the field's abbreviations, shipped)
    assert cluster["agent"] == cluster["reinforcement learning"] == cluster["planning"] == 1
    assert cluster["diffusion"] == cluster["video"] == 2
    assert cluster["robot"] == 3  # alone: a cluster of its own, not drawn
    assert network.nodes.filter(pl.col("keyword") == "robot")["x"].to_list() == [None]


def test_clusters_are_louvain_communities_of_the_strength_graph(corpus):
    network = dp.compute_keyword_cooccurrence(corpus, n=30, source="keywords")
    graph = nx.Graph()
    graph.add_nodes_from(network.nodes["keyword"].to_list())
    strongest = network.edges["strength"].max()
    graph.add_weighted_edges_from(
        (a, b, s / strongest) for a, b, _, s in network.edges.rows())
    ours = {frozenset(g) for g in network.nodes.group_by("cluster").agg("keyword")["keyword"]
            .to_list()}
    # the same partition as networkx's (numbers differ: ours count from the largest)
    theirs = nx.community.louvain_communities(graph, weight="weight", seed=1)
    assert nx.community.modularity(graph, [set(c) for c in ours]) == pytest.approx(
        nx.community.modularity(graph, theirs), abs=0.05)


def test_pair_counts_need_distinct_members_per_paper():
    rows, positions = np.array([3, 3, 7, 7, 7, 9]), np.array([1, 0, 0, 2, 1, 2])
    assert _pair_counts(rows, positions, 3).tolist() == [[0, 2, 1], [2, 0, 1], [1, 1, 0]]


@pytest.mark.parametrize(("view", "frame"), [
    ("keyword_map", pl.DataFrame({"paper_id": ["a"], "keywords": [["solo"]]})),
    ("coauthor_map", pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada"], ["Bo"]]})),
    ("keyword_map", dp.conform(pl.DataFrame({"paper_id": ["a"]}))),
])
def test_too_few_papers_give_a_map_that_says_so(view, frame):
    spec = dp.view(view, dp.conform(frame)).to_dict()
    text = str(spec["datasets"])
    assert "Too few" in text and "widen the filter" in text


def test_the_map_names_its_clusters_and_largest_nodes(corpus):
    spec = dp.view("keyword_map", corpus, source="keywords").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "circle", "text"]
    nodes = next(rows for rows in spec["datasets"].values() if "short" in rows[0])
    shown = [row["short"] for row in nodes if row["labelled"]]
    assert 10 <= len(shown) <= dp.charts.MAP_LABELS
    largest = max(nodes, key=lambda row: row["papers"])
    assert largest["labelled"]  # the largest node is always named
    assert spec["layer"][1]["encoding"]["color"]["field"] == "cluster_name"
    assert len(spec["datasets"]) == 2  # edges, nodes (the labels read the nodes)


def test_an_abbreviated_keyword_is_labelled_by_its_abbreviation():
    papers = pl.DataFrame({"paper_id": list("abcde"), "keywords": [
        ["large language models (LLMs)", "agents"], ["LLMs", "agents"], ["LLMs", "agents"],
        ["diffusion", "agents"], ["diffusion"]]})
    spec = dp.view("keyword_map", papers, source="keywords", min_papers=1).to_dict()
    nodes = next(rows for rows in spec["datasets"].values() if "short" in rows[0])
    assert {row["short"] for row in nodes} == {"LLMs", "agents", "diffusion"}


def test_a_click_on_a_node_narrows_the_panel(corpus):
    panel = FilterPanel(corpus, table=False)
    keywords = panel.chart("keyword_map", n=20)
    authors = panel.chart("coauthor_map", n=20)
    node = dp.compute_keyword_cooccurrence(corpus, n=20).nodes.row(0, named=True)
    panel.pick({"keyword": node["keyword"], "vocabulary": node["vocabulary"]})
    assert panel.prepared.height == node["papers"]
    person = dp.compute_top_authors(corpus, 1)["author"][0]
    panel.clear()
    panel.pick({"author": person})
    assert panel.filters.authors == (person,)
    assert {c.view_name for c in panel.charts()} == {"keyword_map", "coauthor_map"}
    assert keywords.spec and authors.spec
