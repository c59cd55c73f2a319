"""The front page and the guides, checked against the code: every Python block runs on the
shipped data, every command parses, every link leads somewhere, every table is the code's."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest

import dailypapers
from dailypapers.cli import build_parser, main
from dailypapers.schema import schema_markdown
from tests.conftest import ROOT, build_bundled_store

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "data" / "README.md"]
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


def blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def between(page: Path, name: str) -> str:
    return page.read_text(encoding="utf-8").split(f"<!-- {name}:start -->")[1].split(
        f"<!-- {name}:end -->")[0]


def test_the_front_page_reads_in_five_minutes():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_the_schema_table_is_the_schema_module():
    assert between(ROOT / "docs" / "store.md", "schema").strip() == schema_markdown()


def test_the_keyword_rule_table_is_the_keywords_package():
    table = between(ROOT / "docs" / "keywords.md", "rules").strip()
    assert table.startswith("```text\n") and table.endswith("```")
    assert table.removeprefix("```text\n").removesuffix("```").strip() in \
        importlib.import_module("dailypapers.keywords").__doc__


def test_every_exported_name_imports():
    module = importlib.reload(dailypapers)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_every_notebook_is_in_the_readme_index():
    readme = README.read_text(encoding="utf-8")
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"| `{notebook.name}` |" in readme


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_leads_to_a_file(page):
    text = page.read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in t]
    missing = [t for t in targets if not (page.parent / t.split("#")[0]).exists()]
    assert missing == []


def commands(page: Path) -> list[list[str]]:
    """The commands of a page's shell blocks, one a line, without comments."""
    found = []
    for block in blocks(page, "sh"):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                found.append(shlex.split(line))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_command_is_one_the_project_has(page):
    """``dailypapers …`` parses with the command's own parser (nothing runs); ``make X``
    names a target; ``python -m M`` and ``python F`` name a module or file that exists."""
    for words in commands(page):
        if words[0].endswith("dailypapers"):
            build_parser().parse_args(words[1:])
        elif words[0] == "make":
            assert set(words[1:]) <= MAKE_TARGETS, words
        elif words[0].endswith("python") and words[1] == "-m":
            assert importlib.util.find_spec(words[2]) is not None, words
        elif words[0].endswith("python") or words[0] == "sh":
            assert (ROOT / words[1]).is_file(), words
        else:
            assert words[0] in {"gunzip", "DAILYPAPERS_STORE=/path/to/papers.parquet"}, words


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory) -> Path:
    return build_bundled_store(tmp_path_factory.mktemp("shipped") / "papers.parquet")


#: Commands that read the store and write nothing a reader keeps (a deck goes to a
#: temporary reports/): each one the pages show is run as written, on the shipped data.
READ_ONLY = {"info", "slides"}
READ_ONLY_COMMANDS = [(page, words) for page in PAGES for words in commands(page)
                      if words[0].endswith("dailypapers") and words[1] in READ_ONLY]


@pytest.mark.parametrize(("page", "words"), READ_ONLY_COMMANDS,
                         ids=[f"{p.name}: {' '.join(w[1:])}" for p, w in READ_ONLY_COMMANDS])
def test_every_read_only_command_runs_on_the_shipped_data(page, words, shipped_store, tmp_path,
                                                          monkeypatch, capsys):
    monkeypatch.setenv("DAILYPAPERS_STORE", str(shipped_store))
    monkeypatch.setenv("DAILYPAPERS_REPORTS", str(tmp_path / "reports"))
    status = main(words[1:])
    assert (status, capsys.readouterr().err) == (0, "")


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p, "python")],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_python_block_runs_on_the_shipped_data(page, shipped_store, tmp_path,
                                                     monkeypatch):
    """Blocks of one page run in order, in one namespace, as a reader would paste them."""
    monkeypatch.setenv("DAILYPAPERS_STORE", str(shipped_store))
    monkeypatch.setenv("DAILYPAPERS_REPORTS", str(tmp_path / "reports"))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks(page, "python"):
        exec(compile(block, str(page), "exec"), namespace)
