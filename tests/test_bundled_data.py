"""The real snapshot shipped in data/raw/: complete, byte-identical to its sources, readable."""

from __future__ import annotations

import csv
import gzip
import hashlib

import polars as pl

import dailypapers as dp
from tests.conftest import HUB_API, ROOT, SAMPLE, build_bundled_store

MANIFEST = ROOT / "data" / "raw" / "hub-api" / "MANIFEST.tsv"


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_every_file_is_its_source_byte_for_byte():
    rows = list(csv.DictReader(MANIFEST.open(encoding="utf-8"), delimiter="\t"))
    listed = {f"{row['folder']}/{row['file']}.gz": row for row in rows}
    shipped = {path.relative_to(MANIFEST.parent).as_posix(): path for path in HUB_API}
    assert sorted(shipped) == sorted(listed)
    assert len(shipped) == 210
    for name, path in shipped.items():
        data = gzip.decompress(path.read_bytes())
        assert git_blob_sha1(data) == listed[name]["git_blob_sha1"], name
        assert len(data) == int(listed[name]["bytes"]), name


def test_the_bundled_store_holds_every_paper_once(tmp_path):
    store = build_bundled_store(tmp_path / "papers.parquet")
    papers = dp.load(store)
    api_ids = pl.concat([dp.read_listing(path).frame.select("paper_id") for path in HUB_API])
    assert api_ids.n_unique() == 5001
    assert papers.height == 5001 + 35  # one copied card is an API paper; 35 are not
    assert papers["paper_id"].is_unique().all()
    inputs = {path.as_posix() for path in [*HUB_API, SAMPLE]}
    assert set(papers["source"]) <= inputs
    assert set(papers["source_format"]) == {"api", "text"}
