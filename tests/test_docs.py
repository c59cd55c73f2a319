"""Documentation that tests check against the code."""

from __future__ import annotations

import importlib

import dailypapers
from dailypapers.schema import schema_markdown
from tests.conftest import ROOT


def test_readme_schema_table_matches_the_schema_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = readme.split("<!-- schema:start -->")[1].split("<!-- schema:end -->")[0]
    assert between.strip() == schema_markdown()


def test_every_exported_name_imports():
    module = importlib.reload(dailypapers)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_every_notebook_is_in_the_readme_index():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"`{notebook.name}`" in readme
