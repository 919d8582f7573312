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

from athenakit.query.base import EventHandler, Params, QueryEvent, Runner, run_statements
from athenakit.query.params import ParameterError, format_literal
from athenakit.runner.athena import Athena
from athenakit.runner.config import AthenaConfig
from athenakit.runner.named import NamedQuery
from athenakit.runner.retry import AthenaApiError, RetryPolicy
from athenakit.sql.splitter import Statement, split_statements

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
