"""athenakit: Athena table specs, DDL generation, SQL checks and a query runner.

The packages follow the data flow (docs/architecture.md draws the layers): specs become tables
in :mod:`athenakit.table`, tables become SQL through :mod:`athenakit.sql`, SQL is checked by
:mod:`athenakit.check` and runs on Athena (:mod:`athenakit.runner`) or locally
(:mod:`athenakit.local`) behind the protocol of :mod:`athenakit.query`, chosen by
:mod:`athenakit.connect`; :mod:`athenakit.cli` and :mod:`athenakit.notebook` sit on top.

Importing athenakit is cheap: the names below are loaded on first use (PEP 562), and sqlglot,
boto3, pyathena, duckdb, pandas and pyarrow are imported by the functions that need them, so
``athenakit ddl`` only pays for the spec loader and the renderer.

In Jupyter, ``%load_ext athenakit`` registers the ``%%athena`` magics (see
:mod:`athenakit.notebook`).
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, spelled out for type checkers and editors
    from athenakit.errors import (
        AthenakitError,
        ConfigError,
        Diagnostic,
        QueryCancelled,
        QueryError,
        Severity,
        SpecError,
        SqlError,
    )
    from athenakit.query.result import QueryResult, QueryStats
    from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
    from athenakit.sql.splitter import Statement, split_statements
    from athenakit.table import render
    from athenakit.table.importer import import_ddl
    from athenakit.table.model import (
        Bucketing,
        Column,
        Database,
        IcebergPartition,
        Partition,
        ProjectionConfig,
        Table,
        TableType,
        Transform,
    )
    from athenakit.table.projection import (
        DateProjection,
        EnumProjection,
        InjectedProjection,
        IntegerProjection,
        Projection,
    )
    from athenakit.table.spec import load_spec, load_specs, loads_spec
    from athenakit.table.storage import Storage
    from athenakit.table.types import ColumnType, parse_type

__version__ = "0.1.0"

# Old module paths, kept working as aliases of the modules that now hold the code. athenakit's
# modules were once loose at the top of the package; they now live in the package of their stage
# (athenakit.table, athenakit.sql, athenakit.query). An old path gives the very same module object
# as the new one (athenakit.render is athenakit.table.render) through the import hook below, so
# the tree shows only real modules. New code imports the new paths.
# old module path -> where the module lives now
_MOVED = {
    "athenakit.drift": "athenakit.table.drift",
    "athenakit.iceberg": "athenakit.table.iceberg",
    "athenakit.importer": "athenakit.table.importer",
    "athenakit.model": "athenakit.table.model",
    "athenakit.projection": "athenakit.table.projection",
    "athenakit.projection_rules": "athenakit.table.projection_rules",
    "athenakit.quoting": "athenakit.sql.quoting",
    "athenakit.render": "athenakit.table.render",
    "athenakit.result": "athenakit.query.result",
    "athenakit.runner.base": "athenakit.query.base",
    "athenakit.runner.params": "athenakit.query.params",
    "athenakit.schema": "athenakit.table.schema",
    "athenakit.spec": "athenakit.table.spec",
    "athenakit.spec_writer": "athenakit.table.spec_writer",
    "athenakit.statements": "athenakit.sql.splitter",
    "athenakit.storage": "athenakit.table.storage",
    "athenakit.templating": "athenakit.sql.templating",
    "athenakit.types": "athenakit.table.types",
    "athenakit.validate": "athenakit.table.validate",
}


class _MovedModuleFinder:
    """A meta-path finder that answers an old module path with the module at its new path."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name not in _MOVED:
            return None
        return ModuleSpec(name, self)  # type: ignore[arg-type]  # a Loader by duck typing

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = importlib.import_module(_MOVED[spec.name])
        spec.loader_state = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # Nothing to run: the module at its new path is imported. The import system has just
        # set the alias's spec on it; give the module back its own.
        spec = module.__spec__
        if spec is not None and isinstance(spec.loader_state, ModuleSpec):
            module.__spec__ = spec.loader_state


def _install_moved_modules() -> None:
    """Put the finder on ``sys.meta_path`` once (``import athenakit`` calls this)."""
    if not any(isinstance(finder, _MovedModuleFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _MovedModuleFinder())


_install_moved_modules()

# public name -> the module that defines it (a module name itself for submodules)
_EXPORTS = {
    "AthenakitError": "athenakit.errors",
    "Bucketing": "athenakit.table.model",
    "Column": "athenakit.table.model",
    "ColumnType": "athenakit.table.types",
    "ConfigError": "athenakit.errors",
    "Database": "athenakit.table.model",
    "DateProjection": "athenakit.table.projection",
    "Diagnostic": "athenakit.errors",
    "Engine": "athenakit.sql.quoting",
    "EnumProjection": "athenakit.table.projection",
    "IcebergPartition": "athenakit.table.model",
    "InjectedProjection": "athenakit.table.projection",
    "IntegerProjection": "athenakit.table.projection",
    "Partition": "athenakit.table.model",
    "Projection": "athenakit.table.projection",
    "ProjectionConfig": "athenakit.table.model",
    "QueryCancelled": "athenakit.errors",
    "QueryError": "athenakit.errors",
    "QueryResult": "athenakit.query.result",
    "QueryStats": "athenakit.query.result",
    "Severity": "athenakit.errors",
    "SpecError": "athenakit.errors",
    "SqlError": "athenakit.errors",
    "Statement": "athenakit.sql.splitter",
    "Storage": "athenakit.table.storage",
    "Table": "athenakit.table.model",
    "TableType": "athenakit.table.model",
    "Transform": "athenakit.table.model",
    "import_ddl": "athenakit.table.importer",
    "load_spec": "athenakit.table.spec",
    "load_specs": "athenakit.table.spec",
    "loads_spec": "athenakit.table.spec",
    "parse_type": "athenakit.table.types",
    "quote_identifier": "athenakit.sql.quoting",
    "quote_literal": "athenakit.sql.quoting",
    "render": "athenakit.table.render",
    "split_statements": "athenakit.sql.splitter",
}


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'athenakit' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.rpartition(".")[2] == name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%%athena`` magics: ``%load_ext athenakit`` calls this."""
    from athenakit.notebook.magics import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """Remove the magics again (``%unload_ext athenakit``)."""
    from athenakit.notebook.magics import unload_ipython_extension as unload

    unload(ipython)


__all__ = [
    "AthenakitError",
    "Bucketing",
    "Column",
    "ColumnType",
    "ConfigError",
    "Database",
    "DateProjection",
    "Diagnostic",
    "Engine",
    "EnumProjection",
    "IcebergPartition",
    "InjectedProjection",
    "IntegerProjection",
    "Partition",
    "Projection",
    "ProjectionConfig",
    "QueryCancelled",
    "QueryError",
    "QueryResult",
    "QueryStats",
    "Severity",
    "SpecError",
    "SqlError",
    "Statement",
    "Storage",
    "Table",
    "TableType",
    "Transform",
    "import_ddl",
    "load_ipython_extension",
    "load_spec",
    "load_specs",
    "loads_spec",
    "parse_type",
    "quote_identifier",
    "quote_literal",
    "render",
    "split_statements",
    "unload_ipython_extension",
]
