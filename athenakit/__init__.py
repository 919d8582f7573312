"""athenakit: Athena table specs, DDL generation, SQL checks and a query runner.

Importing athenakit is cheap: sqlglot, boto3, pyathena, duckdb, pandas and pyarrow are imported
by the functions that need them.
"""

from __future__ import annotations

from athenakit import render
from athenakit.errors import (
    AthenakitError, ConfigError, Diagnostic, QueryCancelled, QueryError, Severity, SpecError,
    SqlError,
)
from athenakit.importer import import_ddl
from athenakit.model import (
    Bucketing, Column, Database, IcebergPartition, Partition, ProjectionConfig, Table, TableType,
    Transform,
)
from athenakit.projection import (
    DateProjection, EnumProjection, InjectedProjection, IntegerProjection, Projection,
)
from athenakit.quoting import Engine, quote_identifier, quote_literal
from athenakit.result import QueryResult, QueryStats
from athenakit.spec import load_spec, load_specs, loads_spec
from athenakit.storage import Storage
from athenakit.types import ColumnType, parse_type

__version__ = "0.1.0"

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
    "Storage",
    "Table",
    "TableType",
    "Transform",
    "import_ddl",
    "load_spec",
    "load_specs",
    "loads_spec",
    "parse_type",
    "quote_identifier",
    "quote_literal",
    "render",
]
