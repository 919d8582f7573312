"""The relations of a FROM clause as Trino's analyzer reads them.

- A column alias list names every column of its relation: ``t u (x, y)`` of a four-column
  table fails with ``MISMATCHED_COLUMN_ALIASES: Column alias list has 2 entries but 'u' has 4
  columns available`` (``StatementAnalyzer.visitAliasedRelation``;
  ``TestAnalyzer.testMismatchedColumnAliasCount``). DuckDB renamed the first columns only.
- An aggregate's own ORDER BY reads the relations' columns, not a select alias
  (``COLUMN_NOT_FOUND``), where every column of the relations is known.
- A name two columns of one subquery or WITH query share is ambiguous where it is read
  (``AMBIGUOUS_NAME``); DuckDB read the first.
- A subquery in FROM reads no other relation of its FROM clause unless it is ``LATERAL``
  (``COLUMN_NOT_FOUND``); DuckDB joined it laterally on its own.
- ``NATURAL JOIN`` fails with ``NOT_SUPPORTED: Natural join not supported``
  (``visitJoin``; ``testNaturalJoinNotSupported``). DuckDB joined on the common columns.

Both are placed where Trino places the relation: at its first token.

https://trino.io/docs/current/sql/select.html#from-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import SQL_TEXT, TABLE_COLUMNS, inside, own_scope, relations_of


def column_count(relation: exp.Expr, root: exp.Expr | None = None) -> int | None:
    """The number of columns ``relation`` has, where it is known before DuckDB runs (a WITH
    query it names is looked up in ``root``, by default its own statement)."""
    root = root if root is not None else relation.root()
    if isinstance(relation, exp.Table) and TABLE_COLUMNS in relation.meta:
        return len(relation.meta[TABLE_COLUMNS])
    if isinstance(relation, exp.Table) and not relation.db:
        return _cte_width(relation, root)
    if isinstance(relation, exp.Values) and relation.expressions:
        row = relation.expressions[0]
        if isinstance(row, exp.Tuple) and len(row.expressions) == 1 \
                and isinstance(row.expressions[0], exp.Struct):
            return None  # VALUES ROW(a, b): a row's fields are the columns
        return len(row.expressions) if isinstance(row, exp.Tuple) else 1
    inner = relation.this if isinstance(relation, exp.Subquery) else relation
    if isinstance(inner, exp.Select):
        stars = [e for e in inner.expressions if isinstance(e, exp.Star)]
        if not stars and not any(isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
                                 for e in inner.expressions):
            return len(inner.expressions)
        if len(stars) == len(inner.expressions) == 1 and not stars[0].args.get("except"):
            sources = relations_of(inner)  # SELECT *: their columns
            widths = [column_count(s, root) for s in sources]
            if sources and None not in widths and not any(
                    j.args.get("using") for j in inner.args.get("joins") or []):
                return sum(w for w in widths if w is not None)
    return None


def _cte_width(table: exp.Table, root: exp.Expr) -> int | None:
    """The number of columns of the WITH query ``table`` names: its column list's, else its
    query's."""
    name = table.name.lower()
    for cte in root.find_all(exp.CTE):
        if cte.alias_or_name.lower() != name:
            continue
        if inside(table, cte):
            return None  # (the WITH query's own name, or a table it shadows)
        alias = cte.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.columns:
            return len(alias.columns)
        return column_count(cte.this, root)
    return None


def _check_with(cte: exp.CTE, alias: exp.TableAlias) -> None:
    """A WITH query's column list names each of its columns (``StatementAnalyzer.analyzeWith``:
    ``MISMATCHED_COLUMN_ALIASES: WITH column alias list has 1 entries but WITH query(a) has 4
    columns``, at the query's name; ``TestAnalyzer.testWithQueryInvalidAliases``)."""
    names = [c.name.lower() for c in alias.columns]
    if len(set(names)) < len(names):  # Trino: DUPLICATE_COLUMN_NAME (its message not asserted)
        from athenakit.local.errors import UnsupportedLocally

        raise UnsupportedLocally("a WITH query column list that names a column twice")
    width = column_count(cte.this)
    if width is not None and width != len(alias.columns):
        raise athena_error("MISMATCHED_COLUMN_ALIASES", f"WITH column alias list has "
                           f"{len(alias.columns)} entries but WITH query({alias.name.lower()}) "
                           f"has {width} columns", offset=start_of(alias.this))


def _sample_percentage(sample: exp.TableSample) -> None:
    """``TABLESAMPLE BERNOULLI (p)`` takes 0 <= p <= 100 (``NUMERIC_VALUE_OUT_OF_RANGE``,
    ``TestAnalyzer.testTableSample``); DuckDB's error was refused."""
    percent = sample.args.get("percent") or sample.args.get("size")
    if isinstance(percent, exp.Literal) and percent.is_string:
        raise athena_error("TYPE_MISMATCH", "Sample percentage should be a numeric expression",
                           offset=start_of(percent))
    if isinstance(percent, exp.Literal) and float(percent.name) > 100:
        raise athena_error("NUMERIC_VALUE_OUT_OF_RANGE", "Sample percentage must be less than "
                           "or equal to 100", offset=start_of(percent))


def _duplicate_queries(with_: exp.With) -> None:
    """Two WITH queries of one name (``a`` and ``A`` too) fail (``StatementAnalyzer``:
    ``DUPLICATE_NAMED_QUERY``, ``TestAnalyzer.testDuplicateWithQuery``); DuckDB's parser
    failed, which was refused."""
    seen: set[str] = set()
    for cte in with_.expressions:
        name = cte.alias_or_name.lower()
        if name in seen:
            alias = cte.args.get("alias")
            raise athena_error("DUPLICATE_NAMED_QUERY", f"WITH query name '{name}' specified "
                               "more than once", offset=start_of(alias.this if isinstance(
                                   alias, exp.TableAlias) else cte))
        seen.add(name)


def names(relation: exp.Expr, root: exp.Expr) -> set[str] | None:
    """The lower-case column names of one relation, where known before DuckDB runs."""
    alias = relation.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return {c.name.lower() for c in alias.columns}
    if isinstance(relation, exp.Table) and TABLE_COLUMNS in relation.meta:
        return set(relation.meta[TABLE_COLUMNS])
    if isinstance(relation, exp.Values):
        return set()  # VALUES without a column list: its columns have no names
    query = relation.this if isinstance(relation, exp.Subquery) else None
    if isinstance(relation, exp.Table) and not relation.db:
        cte = next((c for c in root.find_all(exp.CTE)
                    if c.alias_or_name.lower() == relation.name.lower()), None)
        if cte is None or inside(relation, cte):
            return None
        columns = cte.args["alias"].columns if isinstance(cte.args.get("alias"),
                                                          exp.TableAlias) else []
        if columns:
            return {c.name.lower() for c in columns}
        query = cte.this
    if not isinstance(query, exp.Select) or any(
            isinstance(e, exp.Star) or isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
            for e in query.expressions):
        return None
    return {e.alias_or_name.lower() for e in query.expressions}


def _name_list(relation: exp.Expr, root: exp.Expr) -> list[str] | None:
    """The lower-case names of a subquery's or WITH query's columns in order, repeats kept,
    where its select list names them all (no column list renames them)."""
    alias = relation.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return None
    query = relation.this if isinstance(relation, exp.Subquery) else None
    if isinstance(relation, exp.Table) and not relation.db:
        cte = next((c for c in root.find_all(exp.CTE)
                    if c.alias_or_name.lower() == relation.name.lower()), None)
        cte_alias = cte.args.get("alias") if cte is not None else None
        if cte is None or inside(relation, cte) or isinstance(cte_alias, exp.TableAlias) \
                and cte_alias.columns:
            return None
        query = cte.this
    if not isinstance(query, exp.Select) or any(
            isinstance(e, exp.Star) or isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
            for e in query.expressions):
        return None
    return [e.alias_or_name.lower() for e in query.expressions]


def ordered_names(relation: exp.Expr, root: exp.Expr) -> list[str] | None:
    """The lower-case names of a relation's columns in their order, where known before DuckDB
    runs: a column alias list, a table's spec, a subquery's or WITH query's select list."""
    alias = relation.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return [c.name.lower() for c in alias.columns]
    if isinstance(relation, exp.Table) and TABLE_COLUMNS in relation.meta:
        return list(relation.meta[TABLE_COLUMNS])
    if isinstance(relation, exp.Table) and not relation.db:  # a WITH query's column list
        cte = next((c for c in root.find_all(exp.CTE)
                    if c.alias_or_name.lower() == relation.name.lower()), None)
        listed = cte.args.get("alias") if cte is not None and not inside(relation, cte) \
            else None
        if isinstance(listed, exp.TableAlias) and listed.columns:
            return [c.name.lower() for c in listed.columns]
    return _name_list(relation, root)


def _repeated_names(select: exp.Select) -> None:
    """A name two columns of one subquery or WITH query share is ambiguous where the query
    reads it (``AMBIGUOUS_NAME: Column 'x' is ambiguous``, at the reference); DuckDB read the
    first of them."""
    repeated: dict[str, set[str]] = {}  # relation name -> its repeated column names
    for source in (select.args.get("from_"), *(select.args.get("joins") or [])):
        relation = source.this if isinstance(source, exp.From | exp.Join) else None
        if relation is None:
            continue
        names = _name_list(relation, select.root())
        if names:
            repeated[relation.alias_or_name.lower()] = {n for n in names if names.count(n) > 1}
    if not any(repeated.values()):
        return
    order = select.args.get("order")
    in_order = {id(n) for n in own_scope(order)} if order is not None else set()
    outputs = {e.alias_or_name.lower() for e in select.expressions}
    for column in (n for n in own_scope(select) if isinstance(n, exp.Column)):
        name = column.name.lower()
        if id(column) in in_order and name in outputs:
            continue  # ORDER BY reads the output column first
        owners = [repeated.get(column.table.lower(), set())] if column.table \
            else list(repeated.values())
        if any(name in found for found in owners) and not isinstance(column.this, exp.Star):
            shown = ".".join(p.name.lower() for p in column.parts)
            raise athena_error("AMBIGUOUS_NAME", f"Column '{shown}' is ambiguous",
                               offset=start_of(column))



def source_columns(select: exp.Select) -> set[str] | None:
    """The lower-case names of the columns a SELECT's relations give it, where every one of
    them is known before DuckDB runs; else None."""
    sources = relations_of(select)
    found: set[str] = set()
    for source in sources:
        known = names(source, select.root())
        if known is None:
            return None
        found |= known
    return found if sources else None


def opening(relation: exp.Expr) -> int | None:
    """Where Trino places an aliased relation: a table at its name, a subquery or VALUES at
    the parenthesis that opens it."""
    start = start_of(relation)
    sql = relation.root().meta.get(SQL_TEXT)
    if isinstance(relation, exp.Table) or start is None or sql is None:
        return start
    keyword = "values" if isinstance(relation, exp.Values) else "select"
    found = sql.lower().rfind(keyword, 0, start + 1)
    opening = sql.rfind("(", 0, found) if found >= 0 else -1
    return opening if opening >= 0 else start


def _shown(alias: exp.TableAlias) -> str:
    name = alias.this
    return f'"{name.name}"' if isinstance(name, exp.Identifier) and name.quoted else alias.name


def _aggregate_orders(select: exp.Select) -> None:
    """An aggregate's own ORDER BY (``array_agg(x ORDER BY a)``) reads the relations' columns,
    not a select alias: Trino fails with ``COLUMN_NOT_FOUND: Column 'a' cannot be resolved``
    (``TestAnalyzer.testAggregationWithOrderBy``), where DuckDB read the alias. Checked where
    every column of the SELECT's relations is known."""
    aliases = {e.alias.lower() for e in select.expressions if isinstance(e, exp.Alias)}
    orders = [n for item in select.expressions for n in item.find_all(exp.Order)
              if isinstance(n.parent, exp.AggFunc)]
    columns = source_columns(select) if aliases and orders else None
    for order in orders if columns is not None else []:
        for column in (n for key in order.expressions for n in key.find_all(exp.Column)):
            name = column.name.lower()
            if not column.table and name in aliases and name not in (columns or set()):
                raise athena_error("COLUMN_NOT_FOUND", f"Column '{column.name}' cannot be "
                                   "resolved", offset=start_of(column))


def check(tree: exp.Expr) -> None:
    """Raise Trino's failure for a column alias list of the wrong length or a NATURAL JOIN.

    Args:
        tree: a statement whose tables are resolved (their columns known).

    Raises:
        AthenaFailure: MISMATCHED_COLUMN_ALIASES or NOT_SUPPORTED.
    """
    for join in tree.find_all(exp.Join):
        if str(join.args.get("method") or "").upper() == "NATURAL":
            select = join.parent
            source = select.args.get("from_") if isinstance(select, exp.Select) else None
            raise athena_error("NOT_SUPPORTED", "Natural join not supported",
                               offset=start_of(source.this if source else join))
    for select in tree.find_all(exp.Select):
        _aggregate_orders(select)
        _repeated_names(select)
    for with_ in tree.find_all(exp.With):
        _duplicate_queries(with_)
    for sample in tree.find_all(exp.TableSample):
        _sample_percentage(sample)
    for alias in tree.find_all(exp.TableAlias):
        relation = alias.parent
        if isinstance(relation, exp.CTE) and alias.columns:
            _check_with(relation, alias)
        if not alias.columns or relation is None or isinstance(relation, exp.CTE):
            continue
        width = column_count(relation)
        if width is not None and width != len(alias.columns):
            raise athena_error("MISMATCHED_COLUMN_ALIASES", f"Column alias list has "
                               f"{len(alias.columns)} entries but '{_shown(alias)}' has {width} "
                               "columns available", offset=opening(relation))
