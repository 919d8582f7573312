"""athenakit: Athena table specs, DDL generation, SQL checks and a query runner.

Importing athenakit is cheap: the names below are loaded on first use (PEP 562), and sqlglot,
boto3, pyathena, duckdb, pandas and pyarrow are imported by the functions that need them, so
``athenakit ddl`` only pays for the spec loader and the renderer.

In Jupyter, ``%load_ext athenakit`` registers the ``%%athena`` magics (see
:mod:`athenakit.notebook`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, spelled out for type checkers and editors
    from athenakit import render
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
    from athenakit.importer import import_ddl
    from athenakit.model import (
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
    from athenakit.projection import (
        DateProjection,
        EnumProjection,
        InjectedProjection,
        IntegerProjection,
        Projection,
    )
    from athenakit.quoting import Engine, quote_identifier, quote_literal
    from athenakit.result import QueryResult, QueryStats
    from athenakit.spec import load_spec, load_specs, loads_spec
    from athenakit.statements import Statement, split_statements
    from athenakit.storage import Storage
    from athenakit.types import ColumnType, parse_type

__version__ = "0.1.0"

# public name -> the module that defines it (a module name itself for submodules)
_EXPORTS = {
    "AthenakitError": "athenakit.errors",
    "Bucketing": "athenakit.model",
    "Column": "athenakit.model",
    "ColumnType": "athenakit.types",
    "ConfigError": "athenakit.errors",
    "Database": "athenakit.model",
    "DateProjection": "athenakit.projection",
    "Diagnostic": "athenakit.errors",
    "Engine": "athenakit.quoting",
    "EnumProjection": "athenakit.projection",
    "IcebergPartition": "athenakit.model",
    "InjectedProjection": "athenakit.projection",
    "IntegerProjection": "athenakit.projection",
    "Partition": "athenakit.model",
    "Projection": "athenakit.projection",
    "ProjectionConfig": "athenakit.model",
    "QueryCancelled": "athenakit.errors",
    "QueryError": "athenakit.errors",
    "QueryResult": "athenakit.result",
    "QueryStats": "athenakit.result",
    "Severity": "athenakit.errors",
    "SpecError": "athenakit.errors",
    "SqlError": "athenakit.errors",
    "Statement": "athenakit.statements",
    "Storage": "athenakit.storage",
    "Table": "athenakit.model",
    "TableType": "athenakit.model",
    "Transform": "athenakit.model",
    "import_ddl": "athenakit.importer",
    "load_spec": "athenakit.spec",
    "load_specs": "athenakit.spec",
    "loads_spec": "athenakit.spec",
    "parse_type": "athenakit.types",
    "quote_identifier": "athenakit.quoting",
    "quote_literal": "athenakit.quoting",
    "render": "athenakit.render",
    "split_statements": "athenakit.statements",
}


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'athenakit' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name == f"athenakit.{name}" else getattr(module, name)
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
