"""The house stays one way down: each module imports only its own layer and those above it
(docs/house.md), no import cycle, no module over 400 lines. Read from the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "dailypapers"
#: Top-level modules and packages by layer, from the base down (docs/house.md).
LAYERS = [
    {"schema", "errors", "paths", "files", "frames", "codes", "grouped", "memory", "words"},
    {"readers", "hub", "fetch", "store", "sources", "texts", "impact"},
    {"keywords", "synthetic"},
    {"prepared", "held", "slim"},
    {"compute", "maps", "search", "lookup", "filters"},
    {"charts"},
    {"views"},
    {"export"},
    {"widgets", "cli"},
]
LAYER = {name: depth for depth, names in enumerate(LAYERS) for name in names}
MODULES = {path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."): path
           for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in it (a function included)."""
    package = name.split(".")[:-1]  # "compute.topics" and "compute.__init__": compute
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            for alias in node.names:
                for candidate in (".".join([*target, alias.name]), ".".join(target)):
                    if candidate in MODULES or f"{candidate}.__init__" in MODULES:
                        found.add(candidate if candidate in MODULES
                                  else f"{candidate}.__init__")
                        break
    return found - {name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n != "__init__"))
def test_a_module_imports_only_its_layer_and_those_above(name):
    upward = [other for other in GRAPH[name]
              if top(other) != "__init__" and LAYER[top(other)] > LAYER[top(name)]]
    assert upward == [], f"{name} (layer {LAYER[top(name)]}) imports a lower layer"


def test_every_module_has_a_layer():
    assert {top(name) for name in MODULES} - {"__init__"} <= set(LAYER)


def test_no_import_cycle():
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in GRAPH[name]:
            if state.get(other) == 1 and not cycle:
                cycle.extend([*trail[trail.index(other):], other])
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycle == []


def test_no_module_over_400_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
