"""Projection explain: which projected partitions a predicate selects, where they live, how many.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html

:func:`explain` reads a WHERE predicate (:mod:`athenakit.table.predicates`), enumerates each
projected column only between the predicate's bounds (:mod:`athenakit.table.projection_values`),
and renders each partition's S3 prefix (:mod:`athenakit.table.locations`). :func:`estimate`
gives the count alone, without listing a value when the predicate is a plain range, so
``athenakit check`` can afford it on every query. Warnings say when nothing is selected, when
Athena's limit of 1,000,000 partitions per query is passed, and -- given the number of
partitions that hold data -- when the projection's space dwarfs the data written.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from athenakit.errors import Diagnostic, Severity, SpecError, SqlError
from athenakit.table.locations import render_location
from athenakit.table.model import Table
from athenakit.table.predicates import ColumnFilter, extract
from athenakit.table.projection import InjectedProjection
from athenakit.table.projection_values import count, select_indexes, sequence

if TYPE_CHECKING:
    from sqlglot import exp

PROJECTION_DOC = "https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html"
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html : a query reads at
# most 1 million partitions
MAX_PARTITIONS = 1_000_000
# a projection this many times larger than the partitions holding data is worth a warning
SPARSE_RATIO = 10


@dataclass(frozen=True)
class ColumnChoice:
    """What the predicate leaves of one projected column.

    Attributes:
        name: the partition column.
        selected: how many of its values the predicate keeps.
        total: how many values its projection has (None for injected columns).
        values: the kept values, in projection order (None when only counted).
        folders: the same values as the location template writes them, when they differ
            (a ``date`` column's projection format).
    """

    name: str
    selected: int
    total: int | None
    values: tuple[str, ...] | None = None
    folders: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Explanation:
    """The projected partitions a predicate selects.

    Attributes:
        table: the table explained.
        columns: one :class:`ColumnChoice` per partition column, in partition order.
        count: how many partitions are selected (the product of the columns' counts).
        total: how many the projection has without the predicate (None with injected columns).
        warnings: no partition selected, over Athena's limit, a sparse projection.
    """

    table: Table
    columns: tuple[ColumnChoice, ...]
    count: int
    total: int | None
    warnings: tuple[Diagnostic, ...] = ()

    def partitions(self) -> Iterator[dict[str, str]]:
        """Each selected partition as column -> value, in projection order.

        Raises:
            ValueError: the explanation was made with ``list_values=False``.
        """
        lists = [c.values for c in self.columns]
        if any(v is None for v in lists):
            raise ValueError("this explanation holds counts only (list_values=False)")
        names = [c.name for c in self.columns]
        for combo in itertools.product(*(v or () for v in lists)):
            yield dict(zip(names, combo))

    def locations(self) -> Iterator[tuple[dict[str, str], str]]:
        """Each selected partition and its S3 prefix."""
        folders = {c.name: dict(zip(c.values or (), c.folders)) for c in self.columns
                   if c.folders is not None}
        for values in self.partitions():
            shown = {k: folders[k][v] if k in folders else v for k, v in values.items()}
            yield values, render_location(self.table, shown)


def parse_where(predicate: str, table: Table) -> exp.Expression:
    """A WHERE predicate's syntax tree (Athena's Trino dialect).

    Raises:
        SqlError: the predicate does not parse; the message gives line and column.
    """
    import sqlglot
    from sqlglot.errors import ParseError

    prefix = "SELECT 1 FROM t WHERE "
    try:
        tree = sqlglot.parse_one(prefix + predicate, read="athena")
    except ParseError as err:
        detail = err.errors[0] if err.errors else {}
        column = max(1, int(detail.get("col") or 1) - len(prefix))
        raise SqlError(f"invalid predicate: {detail.get('description') or err}",
                       line=detail.get("line") or 1, column=column) from err
    where = tree.args.get("where")
    if where is None:
        raise SqlError(f"invalid predicate: {predicate!r}")
    return where.this  # type: ignore[no-any-return]


def filters_for(table: Table, where: str | exp.Expression | None,
                aliases: set[str] | None = None) -> dict[str, ColumnFilter]:
    """Per-partition-column filters of a predicate (text or an already parsed condition)."""
    if where is None or (isinstance(where, str) and not where.strip()):
        return {}
    tree = parse_where(where, table) if isinstance(where, str) else where
    types = {p.name.lower(): p.type.ddl for p in table.partitions}
    return extract(tree, types, aliases or {table.name.lower(), "t"})


def explain(
    table: Table, where: str | exp.Expression | None = None, *, now: dt.datetime | None = None,
    list_values: bool = True, written: int | None = None,
) -> Explanation:
    """The projected partitions ``where`` selects from ``table``.

    Args:
        table: a table with partition projection enabled.
        where: a WHERE predicate on its partition columns (SQL text or a sqlglot condition).
        now: the time ``NOW`` in date ranges stands for (default: the current UTC time).
        list_values: False counts without listing values (for plain ranges nothing is listed).
        written: how many partitions hold data, when known: a projection much larger than
            that gets a warning with the numbers.

    Returns:
        The :class:`Explanation`.

    Raises:
        SpecError: the table has no projection, or an injected column is not pinned by
            ``=`` / ``IN`` (Athena rejects such a query).
        SqlError: the predicate does not parse.

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec('''
        ... name: t
        ... location: s3://b/t/
        ... columns: [{name: x, type: int}]
        ... partitions:
        ...   - {name: dt, type: string, projection: {type: date, range: [2024-02-27, 2024-03-02],
        ...      format: yyyy-MM-dd}}
        ... ''')[0]
        >>> [v["dt"] for v in explain(t, "dt > '2024-02-28'").partitions()]
        ['2024-02-29', '2024-03-01', '2024-03-02']
    """
    if not table.projection_enabled:
        raise SpecError(f"table {table.name} has no partition projection (projection.enabled)")
    filters = filters_for(table, where)
    columns = tuple(_column(table, i, filters, now, list_values)
                    for i in range(len(table.partitions)))
    selected = _product(c.selected for c in columns)
    totals = [c.total for c in columns]
    total = None if None in totals else _product(t or 0 for t in totals)
    warnings = _warnings(table, columns, selected, total, written)
    return Explanation(table, columns, selected, total, tuple(warnings))


def estimate(table: Table, filters: Mapping[str, ColumnFilter], *,
             now: dt.datetime | None = None) -> int | None:
    """How many projected partitions the filters select; None when it cannot be known
    (an injected column without ``=`` / ``IN``, a projection that does not enumerate)."""
    try:
        columns = [_column(table, i, filters, now, False) for i in range(len(table.partitions))]
    except SpecError:
        return None
    return _product(c.selected for c in columns)


def _product(numbers: Iterator[int] | list[int]) -> int:
    out = 1
    for n in numbers:
        out *= n
    return out


def _column(table: Table, index: int, filters: Mapping[str, ColumnFilter],
            now: dt.datetime | None, list_values: bool) -> ColumnChoice:
    part = table.partitions[index]
    name = part.name.lower()
    flt = filters.get(name)
    if part.projection is None:
        raise SpecError(f"partition column {name} has no projection configured; Athena fails "
                        "queries on the table (HIVE_METASTORE_ERROR)")
    if isinstance(part.projection, InjectedProjection):
        if flt is None or flt.pinned is None:
            # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-injected-type
            raise SpecError(f"{name} is an injected projection: the predicate must give its "
                            f"values with = or IN (Athena rejects the query otherwise)")
        values = tuple(dict.fromkeys(v for v in flt.pinned if flt.keep(v)))
        return ColumnChoice(name, len(values), None, values)
    seq = sequence(part.projection, now, part.type.ddl)
    if seq is None:
        raise SpecError(f"projection of {name} does not enumerate")
    if not list_values:
        return ColumnChoice(name, count(seq, flt), seq.length)
    indexes = select_indexes(seq, flt)
    folders = tuple(map(seq.location, indexes)) if seq.location is not None else None
    return ColumnChoice(name, len(indexes), seq.length, tuple(map(seq.value, indexes)), folders)


def _warning(code: str, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, doc=PROJECTION_DOC)


def _warnings(table: Table, columns: tuple[ColumnChoice, ...], selected: int,
              total: int | None, written: int | None) -> list[Diagnostic]:
    out = []
    if selected == 0:
        empty = [c.name for c in columns if c.selected == 0]
        out.append(_warning("AK510", "the predicate selects no partition (no value of "
                            f"{', '.join(empty)} passes it); the query reads nothing"))
    if selected > MAX_PARTITIONS:
        out.append(_warning("AK511", f"the predicate selects {selected:,} partitions; Athena "
                            f"reads at most {MAX_PARTITIONS:,} per query and fails above that"))
    # with injected columns, the space is what the given values span
    space = total if total is not None else selected
    if written is not None and space > SPARSE_RATIO * max(written, 1):
        share = 100 * written / space
        out.append(_warning(
            "AK512", f"the projection spans {space:,} partitions but {written:,} hold data "
            f"({share:.2g}%): a query without a tight filter lists {space - written:,} empty "
            "prefixes; registered partitions (ALTER TABLE ADD PARTITION) would do better"))
    return out


def written_partitions(table: Table, paths: list[str]) -> int:
    """How many distinct partitions the object paths under the table's location belong to,
    by the projection template (or ``col=value/`` folders)."""
    from athenakit.table.locations import template_pattern

    found = template_pattern(table)
    seen: set[tuple[str, ...]] = set()
    names = [p.name.lower() for p in table.partitions]
    for path in paths:
        if found is not None:
            match = found[0].match(path)
            if match:
                seen.add(match.groups())
            continue
        rest = path[len((table.location or "").rstrip("/")) + 1:]
        pairs = dict(seg.split("=", 1) for seg in rest.split("/")[:-1] if "=" in seg)
        if all(n in pairs for n in names):
            seen.add(tuple(pairs[n] for n in names))
    return len(seen)
