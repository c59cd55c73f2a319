"""Network maps: keywords that appear together, authors who write together."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import polars as pl

from ..keywords.definitions import trailing_bracket_expr
from .base import PALETTE, WIDTH, _data, _layer, _layer_picking, _title
from .topics import _vocabulary_note

#: A map names this many of its largest nodes (the others in their tooltip).
MAP_LABELS = 25
#: Fewer nodes linked than this make no map (a chart says so instead).
MIN_MAP_NODES = 3
MAP_HEIGHT = 480
#: The map's frame around the nodes' [-1, 1] square: room for the outer labels.
MAP_MARGIN = 1.12


def _map(network: Any, key: str, title: str, subtitle: list[str], picked: tuple[str, ...],
         node_name: str) -> alt.LayerChart:
    """Nodes (size: papers, colour: cluster), edges (width: papers together, darker:
    stronger) and the labels of the largest nodes, on hidden axes."""
    edges = network.edges
    label = "label" if "label" in network.nodes.columns else key
    nodes = network.nodes.filter(pl.col("x").is_not_null()).with_columns(
        short=pl.coalesce(trailing_bracket_expr(pl.col(label)), pl.col(label)))
    if nodes.height < MIN_MAP_NODES:
        return _empty_map(title, f"Too few {node_name}s share papers to draw a map "
                                 f"({nodes.height} linked; widen the filter)")
    alone = network.nodes.height - nodes.height
    if alone:
        subtitle = [*subtitle, f"Not drawn: {alone} without a link to the others"]
    # a cluster is named by its largest nodes: the legend says what each colour holds
    names = (nodes.sort(["papers", key], descending=[True, False])
             .group_by("cluster", maintain_order=True).agg(pl.col("short").head(2))
             .with_columns(cluster_name=pl.col("short").list.join(", "))
             .sort("cluster"))
    nodes = nodes.join(names.select("cluster", "cluster_name"), on="cluster")
    scale = alt.Scale(domain=[-MAP_MARGIN, MAP_MARGIN], nice=False)
    x = alt.X("x:Q", axis=None, scale=scale)
    y = alt.Y("y:Q", axis=None, scale=scale)
    where = nodes.select(key, "x", "y")
    lines = (edges.join(where.rename({key: "a"}), on="a")
             .join(where.rename({key: "b", "x": "x2", "y": "y2"}), on="b")
             .sort("strength"))  # the strongest drawn last, on top
    colours = [PALETTE[i % 8] for i in range(names.height)]
    edge_layer = alt.Chart(_data(lines)).mark_rule(color="#8a8a8a").encode(
        x=x, y=y, x2=alt.X2("x2"), y2=alt.Y2("y2"),
        strokeWidth=alt.StrokeWidth("papers:Q", scale=alt.Scale(range=[0.5, 4]), legend=None),
        opacity=alt.Opacity("strength:Q", scale=alt.Scale(type="log", range=[0.15, 0.7]),
                            legend=None),
        tooltip=[alt.Tooltip("a:N", title=node_name.capitalize()),
                 alt.Tooltip("b:N", title="and"),
                 alt.Tooltip("papers:Q", title="Papers together"),
                 alt.Tooltip("strength:Q", title="Association strength", format=".1f")])
    node_layer = alt.Chart(_data(nodes)).mark_circle(
        opacity=0.9, stroke="white", strokeWidth=1, cursor="pointer").encode(
        x=x, y=y, size=alt.Size("papers:Q", title="Papers",
                                    scale=alt.Scale(range=[30, 600], zero=False)),
        color=alt.Color("cluster_name:N", title="Cluster",
                        scale=alt.Scale(domain=names["cluster_name"].to_list(),
                                        range=colours)),
        tooltip=[alt.Tooltip(f"{label}:N", title=node_name.capitalize()),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("cluster_name:N", title="Cluster")])
    nodes = pl.concat([nodes, _placed_labels(nodes, key, MAP_HEIGHT)], how="horizontal")
    node_layer = node_layer.properties(data=_data(nodes))
    # the nodes' own rows (one dataset), the text drawn where a label has room
    text_layer = alt.Chart(_data(nodes)).mark_text(
        fontSize=12, color="#222222", baseline="middle").encode(
        x=alt.X("label_x:Q", axis=None, scale=scale),
        y=alt.Y("label_y:Q", axis=None, scale=scale),
        text=alt.Text("short:N")).transform_filter(alt.datum.labelled)
    return _layer_picking(edge_layer, node_layer, text_layer, picked=1, fields=picked,
                          width=WIDTH, height=MAP_HEIGHT, title=_title(title, subtitle))


def _placed_labels(nodes: pl.DataFrame, key: str, height: int) -> pl.DataFrame:
    """Where each node's label goes (``label_x``, ``label_y``, in the map's units) and
    whether it is shown (``labelled``): of the largest nodes, at most :data:`MAP_LABELS`,
    above, below, right or left of the node — the first place that overlaps no larger
    node's label; a label with no free place is left to the tooltip."""
    order = nodes.select(pl.arg_sort_by(["papers", key], descending=[True, False]))
    ranked = nodes[order.to_series()]
    scale_x, scale_y = WIDTH / (2 * MAP_MARGIN), height / (2 * MAP_MARGIN)  # px a unit
    low, high = (nodes["papers"].min() or 0), (nodes["papers"].max() or 1)
    placed: list[tuple[float, float, float, float]] = []
    shown, label_x, label_y = [], [], []
    for short, x, y, papers in ranked.select("short", "x", "y", "papers").iter_rows():
        # the node's radius (its area runs 30–600 px² with its papers) and the text's box
        # (12 px type: ~6.5 px a character)
        radius = np.sqrt((30 + 570 * (papers - low) / max(high - low, 1)) / np.pi)
        half = 3.3 * len(short) + 2
        px, py = (x + MAP_MARGIN) * scale_x, (MAP_MARGIN - y) * scale_y
        spot = None
        for dx, dy in ((0, -radius - 9), (0, radius + 9), (half + radius + 3, 0),
                       (-half - radius - 3, 0)):
            box = (px + dx - half, px + dx + half, py + dy - 8, py + dy + 8)
            if all(box[1] < b[0] or box[0] > b[1] or box[3] < b[2] or box[2] > b[3]
                   for b in placed):
                spot = (dx, dy, box)
                break
        keep = spot is not None and len(placed) < MAP_LABELS
        if keep:
            placed.append(spot[2])
        shown.append(keep)
        label_x.append(x + (spot[0] if keep else 0) / scale_x)
        label_y.append(y - (spot[1] if keep else 0) / scale_y)
    back = np.argsort(order.to_series().to_numpy())  # ranked order → the nodes' order
    return pl.DataFrame({"labelled": np.array(shown, dtype=bool)[back],
                         "label_x": np.array(label_x)[back], "label_y": np.array(label_y)[back]})


def _empty_map(title: str, message: str) -> alt.LayerChart:
    """A map's place, saying why there is none."""
    text = alt.Chart(pl.DataFrame({"message": [message]})).mark_text(
        fontSize=16, color="#555555").encode(text=alt.Text("message:N"))
    return _layer(text, width=WIDTH, height=120, title=_title(title))


def chart_keyword_map(network: Any) -> alt.LayerChart:
    """Which topics go together: the keyword co-occurrence map
    (:func:`~dailypapers.maps.compute_keyword_cooccurrence`)."""
    nodes = network.nodes
    return _map(network, "keyword", "Which topics go together?", [
        f"The {nodes.height} most frequent keywords; a line joins two that share papers "
        "(darker: more often than chance); colour: cluster (Louvain)",
        *_vocabulary_note(nodes)], ("keyword", "vocabulary"), "keyword")


def chart_coauthor_map(network: Any) -> alt.LayerChart:
    """Who writes with whom: the co-authorship map of the most productive authors
    (:func:`~dailypapers.maps.compute_coauthorship`)."""
    return _map(network, "author", "Who writes with whom?", [
        f"The {network.nodes.height} authors with most papers; a line joins two who wrote "
        "papers together (wider: more papers); colour: group (Louvain)",
        "Names as the papers print them, not disambiguated"], ("author",), "author")
