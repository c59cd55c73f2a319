"""The fit step: the keyword tables the package ships are the rules' answer on the bundled
corpus, and ``python -m dailypapers.keywords.fit`` rewrites them."""

from __future__ import annotations

import pytest

from dailypapers.keywords.fit import SHIPPED, KeywordTables, main


@pytest.fixture(scope="module")
def fitted(real_papers) -> KeywordTables:
    return KeywordTables().fit(real_papers)


@pytest.mark.parametrize("name", ["generic_words.txt", "modifiers.txt", "abbreviations.json"])
def test_each_shipped_table_is_the_fit_on_the_bundled_corpus(fitted, name):
    assert (SHIPPED / name).read_text(encoding="utf-8") == fitted.files()[name]


def test_the_fit_writes_only_what_differs_and_check_says_so(fitted, tmp_path):
    for name, text in fitted.files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert fitted.differences(tmp_path) == [] and fitted.write(tmp_path) == []
    (tmp_path / "modifiers.txt").write_text("# edited by hand\nreal world\n", encoding="utf-8")
    assert fitted.differences(tmp_path) == ["modifiers.txt"]
    assert fitted.write(tmp_path) == [tmp_path / "modifiers.txt"]
    assert fitted.differences(tmp_path) == []


def test_the_command_needs_a_store(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "none.parquet"), "--check"]) == 2
    assert "make data" in capsys.readouterr().err
