"""Know the cost before you run: the bytes a statement would scan, and a budget guard.

Owns ``athenakit estimate`` and ``--max-scan``: which tables a query reads and which of their
columns (``reads``), the partitions its filters select and the objects under them, listed
without reading data (``scan``, ``objects``), the share of each Parquet file the columns occupy,
from footers read with ranged GETs (``footers``), the estimate in bytes and dollars
(``estimate``), where definitions and objects come from for each engine (``sources``) and the
guard that refuses a statement over budget (``guard``). It sits above the runner and the local
engine (it reuses the local engine's partition pruning and catalog) and below ``connect``.

Example:
    >>> from athenakit.estimate import LocalStore, estimate, spec_definitions
    >>> found = estimate("SELECT * FROM csv_quoted", spec_definitions(["examples/csv_quoted.yaml"]),
    ...                  LocalStore("examples/data"))
    >>> found.tables[0].objects > 0
    True
"""

from __future__ import annotations

from athenakit.estimate.estimate import (
    ASSUMPTIONS,
    Definitions,
    Estimate,
    estimate,
    spec_definitions,
)
from athenakit.estimate.guard import Guarded, parse_size, reads_data
from athenakit.estimate.objects import Calls, LocalStore, Object, S3Store, Store
from athenakit.estimate.scan import TableScan
from athenakit.estimate.sources import athena_estimator, estimator_for, local_estimator

__all__ = [
    "ASSUMPTIONS",
    "Calls",
    "Definitions",
    "Estimate",
    "Guarded",
    "LocalStore",
    "Object",
    "S3Store",
    "Store",
    "TableScan",
    "athena_estimator",
    "estimate",
    "estimator_for",
    "local_estimator",
    "parse_size",
    "reads_data",
    "spec_definitions",
]
