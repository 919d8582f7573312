"""The examples in athenakit's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import athenakit

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(athenakit.__path__, "athenakit.")
    if info.name != "athenakit.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    if name.startswith("athenakit.notebook"):
        pytest.importorskip("IPython")
    if name.startswith("athenakit.local"):
        pytest.importorskip("duckdb")
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert failed == 0, f"{failed} docstring example(s) of {name} failed (run pytest -rA)"
