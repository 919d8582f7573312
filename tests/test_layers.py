"""The import graph keeps the layering of docs/architecture.md true.

Every ``import`` in the package is read from the source (module level and inside functions; the
``if TYPE_CHECKING:`` blocks are left out, since they never run). Three rules:

* a top-level unit (``athenakit/<unit>`` package or module) imports only units of lower layers;
* units never form a cycle (implied by the first rule, checked on its own for a clearer message);
* inside a package, modules form no import cycle beyond the one listed in ``KNOWN_CYCLES``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "athenakit"

# Bottom to top. A unit may import the units of the layers below its own, never its own layer's
# other units or a layer above. Where the coming capabilities go: the ETL write path's builders
# and planner (write), the Glue catalog (glue) and the scan estimate (estimate) beside the
# runner and the local engine; schema inference (infer) with connect, since it reads samples
# through the local engine; the Athena-compatible endpoint (serve) above them, below the CLI.
LAYERS: list[set[str]] = [
    {"html", "text", "files", "protobuf"},  # views, terminal text, atomic files, protobuf wire
    {"errors"},                        # the error hierarchy and diagnostics
    {"sql"},                           # quoting, the statement splitter, templating
    {"table"},                         # specs become tables, tables become DDL
    {"query"},                         # the Runner protocol, parameters, results
    {"check", "write", "local", "glue"},  # SQL checked, writes built, run locally, Glue
    {"estimate"},                      # what a statement would scan, the budget guard
    {"runner"},                        # Athena through boto3 (Athena.estimate uses the estimate)
    {"connect", "infer"},              # choose the engine; infer specs from files
    {"serve"},                         # the Athena-compatible endpoint (Athena, S3, Glue)
    {"notebook", "cli", "testing"},    # the two front ends; the pytest fixtures of serve
    {"__init__", "__main__"},          # the package's own entry points
]

# Inside athenakit/table, a Table validates itself when it is built (model -> validate), the
# rules read the model's transforms (iceberg -> model), and a Table shows its DDL in notebooks
# (model -> view -> render -> model). These calls are made inside functions, never at import.
KNOWN_CYCLES = [
    {"athenakit.table.iceberg", "athenakit.table.model", "athenakit.table.projection_rules",
     "athenakit.table.render", "athenakit.table.validate", "athenakit.table.view"},
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[str]:
    """Every athenakit module named by an import that can run (TYPE_CHECKING blocks skipped)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("athenakit"):
            assert node.level == 0, "athenakit uses absolute imports"
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
            yield str(node.module)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("athenakit"))
        stack.extend(ast.iter_child_nodes(node))


def _graph() -> dict[str, set[str]]:
    sources = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        targets = {t for t in _imports(ast.parse(path.read_text("utf-8"))) if t in sources}
        # "from athenakit.x import y" names module x.y when there is one, else x itself
        graph[name] = {t for t in targets
                       if not any(other.startswith(t + ".") for other in targets)} - {name}
    return graph


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(unit: str) -> int:
    for index, units in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"athenakit/{unit} is in no layer of tests/test_layers.py: add it "
                         "(and to docs/architecture.md)")


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


GRAPH = _graph()


def test_the_graph_sees_the_imports_of_the_package() -> None:
    # a guard for the reader itself: these edges are known to exist
    assert "athenakit.table.model" in GRAPH["athenakit.table.render"]
    assert "athenakit.query.base" in GRAPH["athenakit.local.engine"]
    assert "athenakit.table.view" in GRAPH["athenakit.table.model"]  # inside _repr_html_


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_its_own_layer_or_a_layer_above(module: str) -> None:
    unit = _unit(module)
    wrong = sorted(t for t in GRAPH[module]
                   if _unit(t) != unit and _layer(_unit(t)) >= _layer(unit))
    assert wrong == [], f"{module} imports {wrong}, which are not below athenakit/{unit}"


def test_top_level_units_form_no_cycle() -> None:
    units: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        units.setdefault(_unit(module), set()).update(_unit(t) for t in targets)
    for unit, targets in units.items():
        targets.discard(unit)
    assert _cycles(units) == []


def test_modules_form_no_cycle_but_the_known_one() -> None:
    assert sorted(map(sorted, _cycles(GRAPH))) == sorted(map(sorted, KNOWN_CYCLES))


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    source = "def f():\n    from athenakit.cli.run import run\n"
    imported = set(_imports(ast.parse(source)))
    assert "athenakit.cli.run" in imported
    assert _layer(_unit("athenakit.cli.run")) > _layer(_unit("athenakit.table.model"))


def test_type_checking_imports_are_not_counted() -> None:
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
              "    from athenakit.table.model import Table\nelse:\n"
              "    from athenakit.errors import SpecError\n")
    assert set(_imports(ast.parse(source))) == {"athenakit.errors", "athenakit.errors.SpecError"}
