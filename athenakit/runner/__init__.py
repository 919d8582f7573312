"""Run SQL on Amazon Athena (and, through the same :class:`Runner` protocol, on local engines).

The Glue Data Catalog client (``athenakit.glue``) and the scan estimate (``athenakit.estimate``)
will sit beside this package, on the same region / profile / endpoint handling.

``athenakit.query.base`` defines the engine-neutral :class:`Runner` protocol;
:class:`Athena` implements it over boto3 (with pyathena available through ``Athena.connect``).
Nothing here imports boto3, pyarrow or sqlglot until a query runs.

Example:
    >>> from athenakit.runner import Athena
    >>> athena = Athena(workgroup="etl", output="s3://results/athena/")  # doctest: +SKIP
    >>> athena.run("SELECT 1").stats.cost_usd  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> module; imported on first use, so that ``athenakit.runner.output`` (used by the local
# engine's command line too) does not bring in the Athena client's modules
_LAZY = {
    "Athena": "athenakit.runner.athena",
    "AthenaApiError": "athenakit.runner.retry",
    "AthenaConfig": "athenakit.runner.config",
    "EventHandler": "athenakit.query.base",
    "NamedQuery": "athenakit.runner.named",
    "ParameterError": "athenakit.query.params",
    "Params": "athenakit.query.base",
    "QueryEvent": "athenakit.query.base",
    "RetryPolicy": "athenakit.runner.retry",
    "Runner": "athenakit.query.base",
    "Statement": "athenakit.sql.splitter",
    "format_literal": "athenakit.query.params",
    "run_statements": "athenakit.query.base",
    "split_statements": "athenakit.sql.splitter",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Athena",
    "AthenaApiError",
    "AthenaConfig",
    "EventHandler",
    "NamedQuery",
    "ParameterError",
    "Params",
    "QueryEvent",
    "RetryPolicy",
    "Runner",
    "Statement",
    "format_literal",
    "run_statements",
    "split_statements",
]
