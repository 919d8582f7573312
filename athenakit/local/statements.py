"""Dispatch one parsed statement: queries, catalog DDL, CTAS / INSERT INTO / UNLOAD."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from athenakit.errors import QueryError
from athenakit.local import chars, literal_types, session, setops, time_precision, translate
from athenakit.local.catalog import Catalog
from athenakit.local.errors import UnsupportedLocally, refuse_delta
from athenakit.local.paths import PathMapper
from athenakit.local.result_zones import ZoneFinder, zone_finder
from athenakit.local.scan import Resolver, ScanState, discover
from athenakit.local.types import athena_type
from athenakit.sql.quoting import Engine, quote_qualified

if TYPE_CHECKING:
    from athenakit.local import answers, explain, hiveddl, varchar_columns
    from athenakit.table.model import Column


def _values_query(values: exp.Values) -> exp.Select:
    """``VALUES ...`` as the statement: ``SELECT * FROM (VALUES ...) AS t(_col0, ...)``
    (https://trino.io/docs/current/sql/values.html)."""
    first = values.expressions[0] if values.expressions else None
    width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
    named = values.copy()
    named.set("alias", exp.TableAlias(this=exp.to_identifier("t"), columns=[
        exp.to_identifier(f"_col{i}", quoted=True) for i in range(width)]))
    return exp.select("*").from_(named)


@dataclass
class Outcome:
    """A statement's cursor (None for DDL and writes) and what it read."""

    cursor: Any
    scanned_bytes: int = 0
    statement_type: str = "DML"
    answer: Any = None  # rows made without DuckDB (SHOW, DESCRIBE, EXPLAIN): a show.Answer
    rows_written: int | None = None  # CTAS / INSERT INTO: Athena's UpdateCount
    zones: ZoneFinder | None = None  # the zone of a result column (timestamp with time zone)
    chars: literal_types.TypeFinder | None = None  # char(n), interval year to month
    texts: varchar_columns.TextFinder | None = None  # varchar(n) / char(n), for CTAS and INSERT


def _name(node: exp.Expression) -> tuple[str, str | None]:
    table = node if isinstance(node, exp.Table) else node.find(exp.Table)
    if table is None:
        raise UnsupportedLocally("a statement without a table name")
    return table.name, table.db or None


class StatementRunner:
    """Runs parsed statements on one DuckDB connection against one catalog."""

    def __init__(self, con: Any, catalog: Catalog, paths: PathMapper) -> None:
        self.con, self.catalog, self.paths = con, catalog, paths
        self.resolver = Resolver(con, catalog, paths)
        self.resolver.view_columns = self._view_columns

    def translate_query(self, tree: exp.Expression, *,
                        texts: bool = False) -> tuple[str, ScanState]:
        """DuckDB SQL for a SELECT-like statement, its tables pointed at their files (with
        ``texts``, also the finder of its columns' Trino text types, for CTAS and INSERT)."""
        state = ScanState()
        resolved = self.resolver.resolve(tree.copy(), state)
        typed = translate.annotate_strictly(resolved, state.column_types)  # once, for both uses
        chars.check_using(typed, state.column_types, state.char_clashes)
        probes: list[setops.Probe] = []
        sql = translate.to_duckdb(typed, state.column_types, annotated=True, probes=probes)
        if probes:
            self._check_set_operations(probes, sql, state)
        state.zones = zone_finder(typed, state.column_types)
        state.chars = time_precision.finder(typed, literal_types.finder(
            typed, chars.finder(typed, state.column_types)))
        if texts:
            from athenakit.local import varchar_columns

            state.texts = varchar_columns.finder(typed, state.column_types, state.char_clashes)
        return sql, state

    def _check_set_operations(self, probes: list[setops.Probe], sql: str,
                              state: ScanState) -> None:
        """Trino's check of set operation columns that only DuckDB types: each branch is
        bound alone, without running (:mod:`athenakit.local.setops`).

        Raises:
            AthenaFailure: TYPE_MISMATCH for columns without a common type.
            UnsupportedLocally: a branch that reads a column of the query around it.
        """
        import duckdb

        def bind(text: str) -> list[str] | None:
            try:
                return [athena_type(str(t)) for t in self.con.sql(state.inline(text)).types]
            except duckdb.BinderException as err:
                if "Referenced" not in str(err):
                    raise
                return None

        try:
            setops.check_bound(probes, bind)
        except setops.Unbound:
            self.con.sql(state.inline(sql))  # the statement's own failure, if it has one
            raise UnsupportedLocally("a set operation whose branch reads a column of the "
                                     "query around it (its column types are not checked)"
                                     ) from None

    def query(self, tree: exp.Expression, query_id: str, *, stream: bool = False,
              texts: bool = False) -> Outcome:
        """Run a SELECT-like statement (with ``stream``, as its result is read; with ``texts``,
        its columns' Trino text types are found: :meth:`translate_query`)."""
        sql, state = self.translate_query(tree, texts=texts)
        try:
            cursor = session.run(self.con, state.inline(sql), query_id=query_id, stream=stream)
        except QueryError as err:
            # a Parquet file without a column that the first file has: read them by union
            if "schema mismatch" not in str(err.reason or "") or not state.widen():
                raise
            cursor = session.run(self.con, state.inline(sql), query_id=query_id, stream=stream)
        return Outcome(cursor, state.scanned_bytes, zones=state.zones, chars=state.chars,
                       texts=state.texts)

    def execute(self, tree: exp.Expression | hiveddl.HiveStatement | answers.Show | explain.Explain,
                query_id: str, *, stream: bool = False) -> Outcome:
        """Run any supported statement (a query with ``stream``: as its result is read).

        Raises:
            UnsupportedLocally: statements the local engine does not implement.
        """
        if not isinstance(tree, exp.Expression):
            return self._recognised(tree, query_id)
        if isinstance(tree, exp.Values):  # VALUES 1, 2: a query of columns _col0, _col1, ...
            tree = _values_query(tree)
        if isinstance(tree, exp.Query):  # (an Unload is no Query)
            return self.query(tree, query_id, stream=stream)
        from athenakit.local import writers

        if isinstance(tree, writers.Unload):
            return Outcome(None, writers.unload(self, tree, query_id), "DML")
        if isinstance(tree, exp.Create):
            return self._create(tree, query_id)
        if isinstance(tree, exp.Drop):
            return self._drop(tree)
        if isinstance(tree, exp.Insert):
            scanned, written = writers.insert(self, tree, query_id)
            return Outcome(None, scanned, "DML", rows_written=written)
        if isinstance(tree, (exp.Delete, exp.Update, exp.Merge)):  # Iceberg row-level DML
            from athenakit.local.iceberg import dml

            return Outcome(None, dml.run(self, tree, query_id), "DML")
        if isinstance(tree, exp.Alter):  # ALTER TABLE RENAME TO (Iceberg)
            from athenakit.local.iceberg import evolve

            evolve.rename(self, tree)
            return Outcome(None, 0, "DDL")
        from athenakit.local.iceberg import maintenance

        if isinstance(tree, maintenance.Maintenance):  # Iceberg OPTIMIZE / VACUUM
            return Outcome(None, maintenance.run(self, tree, query_id), "DML")
        raise UnsupportedLocally(f"the statement {tree.key.upper()}")

    def _recognised(self, tree: hiveddl.HiveStatement | answers.Show | explain.Explain,
                    query_id: str) -> Outcome:
        """Run a statement recognised before sqlglot: Hive DDL, EXPLAIN, SHOW / DESCRIBE."""
        from athenakit.local import answers, explain, show

        if isinstance(tree, explain.Explain):
            answer, scanned = explain.run(self, tree, query_id)
            return Outcome(None, scanned, "DML", answer)
        if isinstance(tree, answers.Show):
            return Outcome(None, 0, "UTILITY", show.answer(tree, self.catalog, self._view_columns))
        return self._hive(tree)

    def _view_columns(self, name: str, db: str | None) -> list[Column]:
        """The columns (names, Athena types) a view returns, from planning it with LIMIT 0."""
        from athenakit.table.model import Column

        qualified = quote_qualified((db, name), Engine.TRINO)
        cursor = self.query(translate.parse(f"SELECT * FROM {qualified} LIMIT 0")[0],
                            "describe").cursor
        return [Column(d[0], athena_type(str(d[1]))) for d in cursor.description or []]

    def _create(self, tree: exp.Create, query_id: str) -> Outcome:
        kind = str(tree.args.get("kind") or "").upper()
        exists = bool(tree.args.get("exists"))
        if kind in ("DATABASE", "SCHEMA"):
            self.catalog.create_database(_name(tree.this)[0], if_not_exists=exists)
            return Outcome(None, 0, "DDL")
        if kind == "VIEW":
            name, db = _name(tree.this)
            self._check_view(tree)
            body = tree.expression.sql(dialect="trino")
            self.catalog.add_view(name, db, body, replace=bool(tree.args.get("replace")))
            return Outcome(None, 0, "DDL")
        if kind == "TABLE" and tree.expression is not None:
            from athenakit.local import writers

            scanned, written = writers.ctas(self, tree, query_id)
            return Outcome(None, scanned, "DML", rows_written=written)
        raise UnsupportedLocally(
            f"CREATE {kind} without AS", hint="load table specs with --tables instead")

    def _check_view(self, tree: exp.Create) -> None:
        """Analyze a view's query as Trino does when it creates the view: bound by DuckDB
        without running (a missing column or table fails as the query would), its columns
        named and typed (:mod:`athenakit.local.created_columns`)."""
        from athenakit.local import created_columns

        sql, state = self.translate_query(tree.expression)
        relation = self.con.sql(state.inline(sql))
        types = [athena_type(str(t)) for t in relation.types]
        fields = created_columns.field_names(tree.expression, list(relation.columns))
        created_columns.names(tree, fields, types)

    def _drop(self, tree: exp.Drop) -> Outcome:
        kind = str(tree.args.get("kind") or "").upper()
        name, db = _name(tree.this if tree.this is not None else tree)
        exists = bool(tree.args.get("exists"))
        if kind in ("DATABASE", "SCHEMA"):
            self.catalog.drop_database(name, if_exists=exists,
                                       cascade=bool(tree.args.get("cascade")))
        else:
            table = self.catalog.table(name, db) if kind != "VIEW" else None
            self.catalog.drop(name, db, view=kind == "VIEW", if_exists=exists)
            if table is not None and table.is_iceberg:  # athenakit.local.iceberg
                from athenakit.local.iceberg import writes as iceberg

                iceberg.dropped(self, table)
        return Outcome(None, 0, "DDL")

    def _hive(self, statement: hiveddl.HiveStatement) -> Outcome:
        from athenakit.local import hiveddl

        table = None
        discovered = None
        if not isinstance(statement, hiveddl.CreateTable):
            name, db = statement.name[1], statement.name[0]
            table = self.catalog.table(name, db)
            if table is None:
                raise QueryError("TABLE_NOT_FOUND", state="FAILED",
                                 reason=f"table {db + '.' if db else ''}{name} does not exist")
            refuse_delta(table)  # Athena runs no ALTER TABLE or MSCK on Delta tables either
            if isinstance(statement, hiveddl.RepairTable):
                discovered = {k: hiveddl.default_location(table, k)
                              for k in discover(table, self.paths)}
        if table is not None and table.is_iceberg:  # ALTER TABLE evolves the Iceberg schema
            from athenakit.local.iceberg import evolve

            evolve.altered(self, statement, table)
        hiveddl.apply(statement, self.catalog, table, discovered)
        if isinstance(statement, hiveddl.CreateTable):  # Iceberg: athenakit.local.iceberg
            from athenakit.local.iceberg import writes as iceberg

            iceberg.created_from_ddl(self, statement.sql)
        return Outcome(None, 0, "DDL")
