"""The write planner: a SELECT's rows into a spec's table, in steps Athena accepts.

https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html

Athena opens at most 100 partition x bucket writers per CTAS or INSERT INTO
(``HIVE_TOO_MANY_OPEN_PARTITIONS``) and takes at most 262,144 bytes of SQL per statement. The
documented way around the first limit is a CTAS of the first partitions, then INSERT INTO
batches that never overlap. :func:`plan_write` builds exactly that from the target, the SELECT
and the partition values the SELECT yields (found by :func:`partition_values_sql`, or given),
without running anything: each :class:`Step` filters the SELECT to its own partitions.

Modes (:class:`Mode`): ``append`` only adds rows. ``overwrite-partitions`` replaces the
partitions it writes: for a Hive table each INSERT step first deletes the objects under its
partitions' ``LOCATION/col=value/`` folders (where Athena writes them), for an Iceberg table
it runs ``DELETE`` on those partitions before the ``INSERT``.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.table.delta import refuse_write
from athenakit.table.locations import HIVE_NULL, hive_location, render_location
from athenakit.table.model import Column, Table, Transform
from athenakit.write.ctas import ctas_statements
from athenakit.write.iceberg import delete as iceberg_delete
from athenakit.write.insert import insert_into
from athenakit.write.select import projected_select

WRITE_DOC = "https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html"
# https://docs.aws.amazon.com/athena/latest/ug/ctas-insert-into.html
MAX_WRITERS = 100
# https://docs.aws.amazon.com/athena/latest/ug/service-limits.html : query string length
MAX_STATEMENT_BYTES = 262_144
_TRINO = Engine.TRINO
_TIME_TRUNC = {Transform.YEAR: "year", Transform.MONTH: "month", Transform.DAY: "day",
               Transform.HOUR: "hour"}

PartitionKey = tuple[str | None, ...]
"""One partition's values as text (None for NULL), in the table's partition order."""


class Mode(str, enum.Enum):
    """What a write does to data already in the target."""

    APPEND = "append"
    """Only add rows; nothing is ever deleted."""
    OVERWRITE_PARTITIONS = "overwrite-partitions"
    """Replace the partitions written: their old data is deleted first, nothing else."""


@dataclass(frozen=True)
class Step:
    """One statement group of a plan, run in order; the unit a resumed run skips or redoes.

    Attributes:
        index: position in the plan (0-based).
        kind: ``ctas``, ``properties`` (ALTER TABLE SET TBLPROPERTIES after a CTAS) or
            ``insert``.
        statements: the SQL to run, in order.
        partitions: the partitions the step writes (empty for an unpartitioned table).
        prefixes: for Hive tables, the ``s3://`` folders the step writes into.
        delete_first: delete the objects under ``prefixes`` before running (Hive overwrite).
    """

    index: int
    kind: str
    statements: tuple[str, ...]
    partitions: tuple[PartitionKey, ...] = ()
    prefixes: tuple[str, ...] = ()
    delete_first: bool = False

    def describe(self) -> str:
        """``INSERT INTO 100 partitions 2024-01-01 .. 2024-04-09`` for progress lines."""
        verb = {"ctas": "CREATE TABLE AS", "properties": "SET TBLPROPERTIES",
                "insert": "INSERT INTO"}[self.kind]
        if not self.partitions:
            return verb
        first, last = (_show(self.partitions[0]), _show(self.partitions[-1]))
        span = first if first == last else f"{first} .. {last}"
        count = len(self.partitions)
        return f"{verb} {count} partition{'s' if count != 1 else ''} {span}"


def _show(key: PartitionKey) -> str:
    return "/".join("NULL" if v is None else v for v in key)


@dataclass(frozen=True)
class WritePlan:
    """The steps that write a SELECT into a table.

    Attributes:
        table: the target.
        mode: append or overwrite-partitions.
        create: True when the first step is a CTAS (the table does not exist yet).
        partitions: every partition written, sorted.
        steps: the steps in the order they run.
    """

    table: Table
    mode: Mode
    create: bool
    partitions: tuple[PartitionKey, ...]
    steps: tuple[Step, ...]

    @property
    def fingerprint(self) -> str:
        """A digest of everything the plan runs: a resumed run must have the same one."""
        body = json.dumps([self.mode.value, self.create, [list(s.statements) for s in self.steps]])
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    @property
    def statements(self) -> list[str]:
        return [sql for step in self.steps for sql in step.statements]


def _error(message: str, path: str = "select") -> SpecError:
    return SpecError([Diagnostic("AK520", Severity.ERROR, message, path=path, doc=WRITE_DOC)])


def key_expressions(table: Table) -> list[str]:
    """The SQL expressions whose distinct values are the table's partitions, as varchar.

    Hive tables: their partition columns. Iceberg tables: identity and year/month/day/hour
    transforms (``bucket`` transforms multiply the writers instead, see :func:`writers_per_key`).

    Raises:
        SpecError: an Iceberg ``truncate`` transform, whose values the planner cannot group.
    """
    if not table.is_iceberg:
        return [_varchar(quote_identifier(p.name, _TRINO, always=True)) for p in table.partitions]
    out = []
    for field in table.partitioning:
        column = quote_identifier(field.column, _TRINO, always=True)
        if field.transform is Transform.IDENTITY:
            out.append(_varchar(column))
        elif field.transform in _TIME_TRUNC:
            unit = quote_literal(_TIME_TRUNC[field.transform], _TRINO)
            out.append(_varchar(f"date_trunc({unit}, {column})"))
        elif field.transform is Transform.TRUNCATE:
            raise _error(f"the planner cannot split writes by {field.to_spec()}; write the "
                         "table with one INSERT INTO per range of values yourself",
                         "partitioning")
    return out


def _varchar(expression: str) -> str:
    return f"CAST({expression} AS VARCHAR)"


def writers_per_key(table: Table) -> int:
    """How many writers one partition can open: its buckets (1 without bucketing).

    Raises:
        SpecError: more than 100 buckets, which no single statement can write.
    """
    if table.is_iceberg:
        count = 1
        for field in table.partitioning:
            if field.transform is Transform.BUCKET:
                count *= field.param or 1
    else:
        count = table.bucketing.count if table.bucketing is not None else 1
    if count > MAX_WRITERS:
        raise _error(f"{count} buckets per partition exceed Athena's {MAX_WRITERS} open writers "
                     "per statement; no plan can write this table", "bucketing")
    return count


def write_columns(table: Table) -> tuple[Column, ...]:
    """The target's columns in the order a CTAS / INSERT writes them (partitions last)."""
    return table.columns + (() if table.is_iceberg else table.partitions)


def partition_values_sql(table: Table, select: str) -> str:
    """The query that lists the partitions ``select`` would write (one row per partition).

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec("name: t\\nlocation: s3://b/t/\\ncolumns: [{name: x, type: int}]\\n"
        ...                "partitions: [{name: dt, type: string}]")[0]
        >>> print(partition_values_sql(t, "SELECT * FROM src"))
        SELECT DISTINCT
          CAST("dt" AS VARCHAR)
        FROM (
        SELECT
          CAST("x" AS INTEGER) AS "x",
          CAST("dt" AS VARCHAR) AS "dt"
        FROM (
        SELECT * FROM src
        ) AS "source"
        ) AS "rows"
    """
    keys = ",\n  ".join(key_expressions(table))
    return (f"SELECT DISTINCT\n  {keys}\nFROM (\n"
            f"{projected_select(select, write_columns(table))}\n) AS \"rows\"")


def partition_filter(table: Table, keys: Sequence[PartitionKey]) -> str:
    """A WHERE condition true exactly for rows of the partitions ``keys``."""
    exprs = key_expressions(table)
    if len(exprs) == 1:
        texts = [k[0] for k in keys if k[0] is not None]
        parts = []
        if texts:
            parts.append(f"{exprs[0]} IN ({', '.join(quote_literal(t, _TRINO) for t in texts)})")
        if any(k[0] is None for k in keys):
            parts.append(f"{exprs[0]} IS NULL")
        return " OR ".join(parts)
    return "\n   OR ".join("(" + " AND ".join(_equals(e, v) for e, v in zip(exprs, key)) + ")"
                          for key in keys)


def _equals(expression: str, value: str | None) -> str:
    return f"{expression} IS NULL" if value is None else \
        f"{expression} = {quote_literal(value, _TRINO)}"


def step_select(table: Table, select: str, keys: Sequence[PartitionKey]) -> str:
    """``select`` limited to the rows of the partitions ``keys``."""
    projected = projected_select(select, write_columns(table))
    if not keys:
        return projected
    return f"SELECT *\nFROM (\n{projected}\n) AS \"rows\"\nWHERE {partition_filter(table, keys)}"


def partition_prefix(table: Table, key: PartitionKey) -> str:
    """The folder Athena writes a Hive partition into: ``LOCATION/col=value/``."""
    values = {p.name.lower(): HIVE_NULL if v is None else v for p, v in zip(table.partitions, key)}
    return hive_location(table, values)


def plan_write(
    table: Table, select: str, partitions: Sequence[PartitionKey], *, exists: bool,
    mode: Mode | str = Mode.APPEND,
) -> WritePlan:
    """Plan the statements that write ``select``'s rows into ``table``.

    Args:
        table: the target spec (Hive or Iceberg).
        select: the query producing the rows; its columns are matched to the target's by name.
        partitions: the partitions the query yields (rows of :func:`partition_values_sql`);
            ignored for an unpartitioned table.
        exists: whether the target exists (INSERT INTO) or not (CTAS first).
        mode: ``append`` or ``overwrite-partitions``.

    Returns:
        The :class:`WritePlan`; every step writes at most 100 partition x bucket combinations
        and each statement is under 262,144 bytes.

    Raises:
        SpecError: the target cannot be written this way (see the messages), or a single
            partition's statement is longer than Athena accepts.

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec("name: t\\nlocation: s3://b/t/\\ncolumns: [{name: x, type: int}]\\n"
        ...                "partitions: [{name: dt, type: string}]")[0]
        >>> days = [(f"2024-01-{d:02d}",) for d in range(1, 32)]
        >>> plan = plan_write(t, "SELECT * FROM src", days, exists=False)
        >>> [s.describe() for s in plan.steps]
        ['CREATE TABLE AS 31 partitions 2024-01-01 .. 2024-01-31']
    """
    mode = Mode(mode)
    _check_target(table, mode)
    keys = sorted({tuple(k) for k in partitions}, key=_sort_key) if partitioned(table) else []
    batches = _batches(table, select, keys)
    steps: list[Step] = []
    for batch in batches:
        steps.extend(_steps(table, select, batch, len(steps), create=not exists and not steps,
                            mode=mode))
    return WritePlan(table, mode, not exists, tuple(keys), tuple(steps))


def partitioned(table: Table) -> bool:
    """Whether writes to ``table`` are split by partition (Hive columns or Iceberg fields)."""
    return bool(table.partitioning if table.is_iceberg else table.partitions)


def _sort_key(key: PartitionKey) -> tuple[tuple[bool, str], ...]:
    return tuple((v is not None, v or "") for v in key)


def _check_target(table: Table, mode: Mode) -> None:
    refuse_write(table, "a planned write")
    if mode is Mode.OVERWRITE_PARTITIONS and not partitioned(table):
        raise _error(f"{table.name} has no partitions: overwrite-partitions would replace the "
                     "whole table, which it refuses; use append, or write a new table", "mode")
    if table.is_iceberg or not table.projection_enabled or not table.partitions:
        return
    sample = {p.name.lower(): f"v{i}" for i, p in enumerate(table.partitions)}
    if render_location(table, sample).rstrip("/") != hive_location(table, sample).rstrip("/"):
        # Athena's CTAS and INSERT INTO write LOCATION/col=value/ and ignore the template
        # (an Athena engineer in https://github.com/trinodb/trino/pull/25657: "Athena currently
        # doesn't have any special handling for partition projection tables")
        raise _error(f"{table.name}'s storage.location.template is not LOCATION/col=value/, "
                     "but Athena writes new partitions there: the rows written would not be "
                     "read through the projection", "projection.location_template")


def _batches(table: Table, select: str, keys: list[PartitionKey]) -> list[list[PartitionKey]]:
    if not keys:
        return [[]]
    size = MAX_WRITERS // writers_per_key(table)
    out: list[list[PartitionKey]] = []
    start = 0
    while start < len(keys):
        take = min(size, len(keys) - start)
        while not _fits(table, select, keys[start:start + take]):
            if take == 1:
                raise _error(f"one partition's statement is over {MAX_STATEMENT_BYTES:,} bytes "
                             "(Athena's limit); shorten the SELECT (a view can hold it)")
            take //= 2
        out.append(keys[start:start + take])
        start += take
    return out


def _fits(table: Table, select: str, keys: list[PartitionKey]) -> bool:
    sql = insert_into(table, step_select(table, select, keys))
    # a CTAS adds its WITH list (a few hundred bytes); keep that much room
    return len(sql.encode("utf-8")) + 4096 <= MAX_STATEMENT_BYTES


def _steps(table: Table, select: str, keys: list[PartitionKey], index: int, *, create: bool,
           mode: Mode) -> list[Step]:
    body = step_select(table, select, keys)
    prefixes = () if table.is_iceberg else (
        tuple(partition_prefix(table, k) for k in keys) or (_folder(table.location),))
    if create:
        first, *rest = ctas_statements(table, body)
        steps = [Step(index, "ctas", (first,), tuple(keys), (_folder(table.location),))]
        if rest:
            steps.append(Step(index + 1, "properties", tuple(rest)))
        return steps
    statements = [insert_into(table, body)]
    overwrite = mode is Mode.OVERWRITE_PARTITIONS
    if overwrite and table.is_iceberg:
        # https://docs.aws.amazon.com/athena/latest/ug/delete-statement.html
        statements.insert(0, iceberg_delete(table, where=partition_filter(table, keys)))
    return [Step(index, "insert", tuple(statements), tuple(keys), prefixes,
                 delete_first=overwrite and not table.is_iceberg)]


def _folder(location: str | None) -> str:
    return (location or "").rstrip("/") + "/"
