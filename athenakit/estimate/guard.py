"""A scan budget: estimate each statement first, refuse to start one over the budget.

:class:`Guarded` wraps any :class:`~athenakit.query.base.Runner` (Athena or local). Before each
statement that reads data it asks its estimator; over ``max_scan_bytes`` it raises
:class:`~athenakit.errors.ScanBudgetExceeded` with the estimate in the message, and the
statement never starts (nothing is billed). ``force=True`` runs anyway. A statement whose
tables cannot be estimated is refused too, since a guard that lets unknowns through guards
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from athenakit.errors import ConfigError, ScanBudgetExceeded, SqlError
from athenakit.estimate.estimate import Estimate
from athenakit.query.base import EventHandler, Params
from athenakit.query.result import QueryResult
from athenakit.query.view import format_bytes

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?I?B?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4,
          "P": 1024 ** 5}
# statements that read no table data: nothing to estimate
_NO_SCAN = re.compile(r"^\s*(CREATE\s+(EXTERNAL\s+)?TABLE\s+(?![\s\S]*\bAS\s+(SELECT|WITH|VALUES|"
                      r"TABLE)\b)|CREATE\s+(DATABASE|SCHEMA|VIEW|OR)|ALTER|DROP|DESCRIBE|DESC|"
                      r"SHOW|MSCK|EXPLAIN\s+(?!ANALYZE)|PREPARE|DEALLOCATE|USE)\b",
                      re.IGNORECASE)

Estimator = Callable[[str, Params], Estimate]


def parse_size(text: str) -> int:
    """A byte count from ``10GB``, ``500 MB``, ``1.5TB`` or ``1048576`` (binary units, as the
    Athena console shows data scanned).

    Raises:
        ConfigError: the text is not a size.

    Example:
        >>> parse_size("10GB"), parse_size("1.5 KiB")
        (10737418240, 1536)
    """
    match = _SIZE.match(text)
    if match is None:
        raise ConfigError(f"not a size: {text!r} (write e.g. 10GB, 500MB or 1TB)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper().rstrip("B").rstrip("I")])


def reads_data(sql: str) -> bool:
    """Whether a statement may scan table data (DDL, SHOW, DESCRIBE, EXPLAIN scan none)."""
    return _NO_SCAN.match(sql) is None


class Guarded:
    """A runner that refuses statements whose estimate is over ``max_scan_bytes``.

    Args:
        runner: the runner that executes what passes.
        max_scan_bytes: the budget per statement.
        estimator: estimates one statement (with its parameters bound).
        force: run every statement, estimating nothing.

    Example:
        >>> from athenakit.connect import connect
        >>> engine = connect("local", tables=["examples/csv_quoted.yaml"],
        ...                  s3_root="examples/data", max_scan_bytes=1)
        >>> engine.run("SELECT count(*) FROM csv_quoted")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        athenakit.errors.ScanBudgetExceeded: not started: ... over the budget of 1 B...
    """

    def __init__(self, runner: Any, *, max_scan_bytes: int, estimator: Estimator,
                 force: bool = False) -> None:
        self.runner, self.max_scan_bytes = runner, max_scan_bytes
        self.estimator, self.force = estimator, force

    @property
    def on_event(self) -> EventHandler | None:
        return self.runner.on_event  # type: ignore[no-any-return]

    @on_event.setter
    def on_event(self, handler: EventHandler | None) -> None:
        self.runner.on_event = handler

    def estimate(self, sql: str, params: Params = None) -> Estimate:
        """The estimate of one statement, without running it."""
        return self.estimator(sql, params)

    def run(self, sql: str, params: Params = None) -> QueryResult:
        """Estimate, then run ``sql`` if it is within the budget.

        Raises:
            ScanBudgetExceeded: the estimate is over the budget (the statement did not start).
            ConfigError: the statement's tables cannot be estimated.
        """
        if not self.force and reads_data(sql):
            try:
                found = self.estimator(sql, params)
            except (ConfigError, SqlError) as err:
                raise ConfigError(f"cannot check the --max-scan budget: {err} "
                                  "(--force runs it anyway)") from err
            if found.scanned_bytes > self.max_scan_bytes:
                raise ScanBudgetExceeded(
                    f"not started: the estimate is {format_bytes(found.scanned_bytes)} "
                    f"(${found.cost_usd:.6f}), over the budget of "
                    f"{format_bytes(self.max_scan_bytes)}; per table: "
                    + "; ".join(f"{t.table} {format_bytes(t.scanned_bytes)}"
                                for t in found.tables)
                    + " (--force runs it anyway)",
                    estimate=found, budget=self.max_scan_bytes)
        return self.runner.run(sql, params)  # type: ignore[no-any-return]

    def cancel(self) -> None:
        self.runner.cancel()

    def close(self) -> None:
        close = getattr(self.runner, "close", None)
        if close is not None:
            close()

    def __getattr__(self, name: str) -> Any:
        # last_stats, catalog, paths ... of the wrapped runner
        return getattr(self.runner, name)
