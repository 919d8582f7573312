"""The scan estimate of one statement: every table it reads, in bytes and dollars.

Tables are looked up in a :class:`Definitions` (the local engine's catalog has exactly this
interface; :func:`spec_definitions` makes one from table specs), views are expanded, and each
table read is estimated by :func:`~athenakit.estimate.scan.scan_table`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlglot import exp

from athenakit.errors import ConfigError
from athenakit.estimate.objects import Calls, Store
from athenakit.estimate.reads import tables_read
from athenakit.estimate.scan import TableScan, scan_table
from athenakit.query.result import query_cost_usd
from athenakit.query.view import format_bytes
from athenakit.table.model import Table

_EXPLAIN_ANALYZE = re.compile(r"^\s*EXPLAIN\s+ANALYZE\s+(VERBOSE\s+)?", re.IGNORECASE)
MB = 1024 * 1024
# https://aws.amazon.com/athena/pricing/ : rounded up to the nearest MB, 10 MB minimum per query
MIN_BILLED_BYTES = 10 * MB

ASSUMPTIONS = (
    ("Parquet (and Iceberg data files): the chunks of the columns the query uses, plus each "
    "footer"),
    ("ORC: the streams of the columns the query uses, plus each stripe footer and the file tail "
    "(LZO/LZ4-compressed files count whole)"),
    ("predicate pushdown and row-group/stripe skipping are not counted, so for columnar formats "
    "this is an upper bound"),
    "Avro and text formats: whole objects, at their stored (compressed) size",
    "partitions: only filters comparing a partition column with literals narrow the selection",
    ("Athena bills the bytes rounded up to the MB, at least 10 MB per query, at $5.00 per TB "
    "(the us-east-1 price)"),
)


class Definitions(Protocol):
    """Table and view definitions by name (the local engine's catalog satisfies it)."""

    def table(self, name: str, database: str | None = None) -> Table | None:
        """The table, or None."""
        ...

    def view(self, name: str, database: str | None = None) -> str | None:
        """The view's SQL, or None."""
        ...


@dataclass(frozen=True)
class Estimate:
    """What a statement would scan before it runs.

    Attributes:
        tables: one entry per table read (a table read twice appears twice).
        calls: the listing and footer reads the estimate took.
        now: the time ``NOW`` in projection ranges stood for.
    """

    tables: tuple[TableScan, ...]
    calls: Calls = field(default_factory=Calls)
    now: dt.datetime | None = None

    @property
    def scanned_bytes(self) -> int:
        """Total bytes the statement reads."""
        return sum(t.scanned_bytes for t in self.tables)

    @property
    def billed_bytes(self) -> int:
        """Bytes billed: rounded up to the MB, at least 10 MB."""
        return max(math.ceil(self.scanned_bytes / MB) * MB, MIN_BILLED_BYTES)

    @property
    def cost_usd(self) -> float:
        """The price of the billed bytes."""
        return query_cost_usd(self.scanned_bytes)

    def text(self) -> str:
        """The estimate for people: a line per table, the total, the assumptions."""
        lines = [(f"{'table':<32} {'partitions':>10} {'objects':>8} {'stored':>10} "
                 f"{'scanned':>10}  columns")]
        for t in self.tables:
            parts = "-" if t.partitions is None else f"{t.partitions:,}"
            cols = _columns_text(t)
            lines.append(f"{t.table:<32} {parts:>10} {t.objects:>8,} "
                         f"{format_bytes(t.object_bytes):>10} {format_bytes(t.scanned_bytes):>10}"
                         f"  {cols}")
        lines.append(f"total: {format_bytes(self.scanned_bytes)} scanned, billed as "
                     f"{format_bytes(self.billed_bytes)} (10 MB minimum), ${self.cost_usd:.6f}")
        lines.append(f"listing: {self.calls.lists} list calls, {self.calls.reads} ranged reads "
                     f"({format_bytes(self.calls.bytes_read)})")
        lines.append("assumptions:")
        lines.extend(f"  - {a}" for a in ASSUMPTIONS)
        if self.now is not None:
            lines.append(f"  - NOW in projection ranges is {self.now:%Y-%m-%d %H:%M:%S} UTC")
        return "\n".join(lines)


def _columns_text(scan: TableScan) -> str:
    if scan.format not in ("parquet", "iceberg", "orc"):
        return f"whole objects ({scan.format})"
    return ", ".join(scan.columns) if scan.columns else "(none: footers only)"


def estimate(
    sql: str, definitions: Definitions, store: Store, *, params: Sequence[Any] | None = None,
    database: str | None = None, now: dt.datetime | None = None,
) -> Estimate:
    """Estimate what one statement scans, without running it or reading any data.

    Args:
        sql: one statement (SELECT/WITH, CTAS, INSERT INTO ... SELECT, UNLOAD; others scan
            nothing).
        definitions: where the tables (and views) it names are defined.
        store: lists the objects under their locations and reads Parquet footers.
        params: values for the statement's ``?`` placeholders (partition filters need them).
        database: the database of unqualified names (default: the definitions' own).
        now: the time ``NOW`` stands for in projection ranges (default: the current time).

    Returns:
        The :class:`Estimate`.

    Raises:
        SqlError: the statement does not parse (with line and column).
        ConfigError: a table that is not defined, or objects that cannot be listed or read.
        QueryError: a read Athena itself would refuse (too many projected partitions, an
            injected projection column without an equality filter).

    Example:
        >>> from athenakit.estimate import LocalStore, spec_definitions
        >>> defs = spec_definitions(["examples/csv_quoted.yaml"])
        >>> e = estimate("SELECT city FROM csv_quoted", defs, LocalStore("examples/data"))
        >>> e.tables[0].table, e.billed_bytes
        ('default.csv_quoted', 10485760)
    """
    tree = _bind(_statement(sql), params)
    store.calls = Calls()
    scans = [scan_table(table, read, store, registered=_registered(definitions), now=now)
             for table, read in _reads(tree, definitions, database, depth=0)]
    return Estimate(tuple(scans), calls=store.calls, now=now)


def _statement(sql: str) -> exp.Expression:
    from athenakit.local.translate import parse
    from athenakit.local.writers import parse_unload

    sql = _EXPLAIN_ANALYZE.sub("", sql, count=1)  # it runs the query it explains
    unload = parse_unload(sql)
    if unload is not None:
        query: exp.Expression = unload.this
        return query
    trees = parse(sql)
    if len(trees) != 1:
        raise ConfigError(f"estimate takes one statement, got {len(trees)}")
    return trees[0]


def _bind(tree: exp.Expression, params: Sequence[Any] | None) -> exp.Expression:
    """``?`` placeholders replaced by the literals Athena's ExecutionParameters would give."""
    from athenakit.local.translate import parse
    from athenakit.query.params import check_params

    literals = iter(check_params(tree.sql(dialect="trino"), params) or ())
    bound: exp.Expression = tree.transform(
        lambda n: parse(f"SELECT {next(literals)}")[0].expressions[0]
        if isinstance(n, exp.Placeholder) else n)
    return bound


def _reads(tree: exp.Expression, definitions: Definitions, database: str | None,
           depth: int) -> Iterable[tuple[Table, Any]]:
    if depth > 16:
        raise ConfigError("views nest more than 16 deep")
    from athenakit.local.translate import parse

    for read in tables_read(tree):
        view = definitions.view(read.name, read.database or database)
        if view is not None:
            yield from _reads(parse(view)[0], definitions, database, depth + 1)
            continue
        table = definitions.table(read.name, read.database or database)
        if table is None:
            where = f"{read.database}.{read.name}" if read.database else read.name
            raise ConfigError(f"cannot estimate: table {where} is not defined "
                              "(give its spec with --tables)")
        yield table, read


def _registered(definitions: Definitions) -> Any:
    return definitions if hasattr(definitions, "registered") else None


def spec_definitions(paths: Iterable[Any], database: str = "default") -> Definitions:
    """Definitions from spec files or directories (or ``Table`` values).

    Raises:
        SpecError: a spec file is invalid.
    """
    from athenakit.local.catalog import Catalog
    from athenakit.table.spec import load_specs

    given = list(paths)
    tables = [t for t in given if isinstance(t, Table)]
    files = [p for p in given if not isinstance(p, Table)]
    catalog = Catalog(None, default_database=database)
    catalog.register_all([*tables, *(load_specs(files) if files else [])])
    return catalog
