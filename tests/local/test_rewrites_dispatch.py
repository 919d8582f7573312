"""The rewrites' dispatch table: every semantics module's rewrite is reachable, lazily.

:data:`athenakit.local.dispatch.NODE_MODULES` names, per module, the node types whose rewrite
is the module's own ``BY_CLASS`` entry; the module is imported only for a statement that has
such a node. These tests keep that table in step with the modules, so that a rewrite added
to a module's ``BY_CLASS`` cannot be forgotten by the dispatch.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlglot import exp

import athenakit.local
from athenakit.local import dispatch, rewrites

ROOT = Path(__file__).resolve().parents[2]


def _semantics_modules() -> dict[str, object]:
    """Every module of athenakit.local that has rewrites of its own (a BY_CLASS table)."""
    found = {}
    for info in pkgutil.iter_modules(athenakit.local.__path__):
        module = importlib.import_module(f"athenakit.local.{info.name}")
        if info.name != "rewrites" and isinstance(getattr(module, "BY_CLASS", None), dict):
            found[info.name] = module
    return found


def _delegated_to(kind: type[exp.Expression]) -> str | None:
    return next((m for m, names in dispatch.NODE_MODULES.items() if kind.__name__ in names),
                None)


def test_every_module_rewrite_is_dispatched_to_it_or_handled_by_rewrites() -> None:
    for name, module in _semantics_modules().items():
        for kind in module.BY_CLASS:  # type: ignore[attr-defined]
            assert kind in rewrites._BY_CLASS, f"{name}: {kind.__name__} is never rewritten"
            owner = _delegated_to(kind)
            # either the module's own rewrite, or one that rewrites.py composes itself
            assert owner in (name, None), f"{kind.__name__} sent to {owner}, defined in {name}"


def test_every_delegated_node_type_is_in_its_modules_table() -> None:
    for name, kinds in dispatch.NODE_MODULES.items():
        module = importlib.import_module(f"athenakit.local.{name}")
        for kind_name in kinds:
            kind = getattr(exp, kind_name)
            assert kind in module.BY_CLASS, f"{name}.BY_CLASS has no {kind_name}"


def test_a_node_type_is_delegated_to_one_module_only() -> None:
    names = [n for kinds in dispatch.NODE_MODULES.values() for n in kinds]
    assert len(names) == len(set(names))


def test_the_modules_named_for_functions_exist_with_a_name_table() -> None:
    for name in dispatch.NAME_MODULES:
        assert isinstance(importlib.import_module(f"athenakit.local.{name}").BY_NAME, dict)


@pytest.mark.parametrize(("kind_name", "module"), sorted(
    (n, m) for m, kinds in dispatch.NODE_MODULES.items() for n in kinds))
def test_a_delegated_node_reaches_the_module_rewrite(kind_name: str, module: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    kind = getattr(exp, kind_name)
    table = importlib.import_module(f"athenakit.local.{module}").BY_CLASS
    seen: list[exp.Expression] = []
    monkeypatch.setitem(table, kind, lambda n: seen.append(n) or n)
    node = kind()
    assert rewrites._visit(node) is node
    assert seen == [node]


def _modules_after(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", (f"{code}\nimport sys\n"
                           "print(' '.join(sorted(sys.modules)))")],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


# (zones is also the result path's: the zone of a timestamp with time zone column)
SEMANTICS = {f"athenakit.local.{m}" for m in (*dispatch.NODE_MODULES, *dispatch.NAME_MODULES,
                                              "udfs", "unnest", "overflow", "lambdas")
             if m != "zones"}


def test_a_statement_without_rewritten_nodes_imports_no_semantics_module() -> None:
    loaded = _modules_after("from athenakit.local.engine import LocalEngine\n"
                            "assert LocalEngine().run('SELECT 1, \\'a\\' AS b').rows == "
                            "[(1, 'a')]")
    assert not SEMANTICS & loaded, sorted(SEMANTICS & loaded)
    assert "statistics" not in loaded  # athenakit.local.udfs -> stats -> statistics


def test_a_statement_imports_the_modules_of_its_node_types_only() -> None:
    # https://trino.io/docs/current/functions/regexp.html#regexp_like
    loaded = _modules_after("from athenakit.local.engine import LocalEngine\n"
                            "assert LocalEngine().run(\"SELECT regexp_like('abc', 'b')\")"
                            ".rows == [(True,)]")
    assert "athenakit.local.regexps" in loaded
    assert not (SEMANTICS - {"athenakit.local.regexps"}) & loaded
