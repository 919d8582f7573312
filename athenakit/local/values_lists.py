"""VALUES as Trino reads it: rows of one row value, VALUES as a subquery, column types.

- A VALUES row that is one row value (``ROW(1, 2)``, a cast to a ROW type) is a row of its
  fields (``StatementAnalyzer.visitValues``).
- A VALUES used as a subquery in an expression (``x IN (VALUES 1, 2)``, ``x > ALL (VALUES
  1)``, ``(VALUES 1)``) is a query.
- The Trino type of each VALUES column, and of the columns ``(VALUES ...) t(a, b)`` names.
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.nodes import VALUES_QUERY


def row_values(tree: exp.Expression) -> None:
    """A VALUES row that is one row value (``ROW(1, 2)``, a cast to a ROW type) is a row of its
    fields (``StatementAnalyzer.visitValues``; ``TestAnalyzer.testValues``: ``Values rows have
    mismatched sizes`` for ``VALUES (1, 2), CAST(ROW(1, 2, 3) AS ...)``); sqlglot kept it one
    row-typed column. ``ROW(ROW(1, 2))`` stays one column of a row."""
    for values in tree.find_all(exp.Values):
        for row in values.expressions:
            only = row.expressions[0] if isinstance(row, exp.Tuple) \
                and len(row.expressions) == 1 else None
            if isinstance(only, exp.Struct) and not any(
                    isinstance(e, exp.PropertyEQ | exp.Alias) for e in only.expressions):
                row.set("expressions", [e.copy() for e in only.expressions])
            elif isinstance(only, exp.Cast) and only.to.is_type(exp.DType.STRUCT) \
                    and all(isinstance(f, exp.ColumnDef) for f in only.to.expressions):
                row.set("expressions", [
                    exp.Dot(this=exp.Paren(this=only.copy()), expression=f.this.copy())
                    for f in only.to.expressions])


def _query_of(values: exp.Values) -> exp.Subquery:
    """``(SELECT _col0, ... FROM (VALUES ...) AS _values(_col0, ...))``: the columns named
    (DuckDB takes no ``*`` in a quantified comparison's subquery)."""
    first = values.expressions[0] if values.expressions else None
    width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
    names = [exp.to_identifier(f"_col{i}", quoted=True) for i in range(width)]
    source = exp.Subquery(this=values.copy(), alias=exp.TableAlias(
        this=exp.to_identifier("_values"), columns=names))
    select = exp.Select(expressions=[exp.column(n.copy()) for n in names]).from_(source)
    select.meta[VALUES_QUERY] = True
    return exp.Subquery(this=select)


def subqueries(tree: exp.Expression) -> None:
    """A VALUES used as a subquery in an expression (``x IN (VALUES 1, 2)``, ``x > ALL
    (VALUES 1)``, ``(VALUES 1)``) is a query in Trino (``TestAnalyzer``); sqlglot read the IN
    one as a list holding the VALUES, which DuckDB does not take. Each becomes ``(SELECT *
    FROM (VALUES ...))``."""
    for node in list(tree.find_all(exp.In, exp.Anonymous, exp.Subquery)):
        if isinstance(node, exp.In) and len(node.expressions) == 1 \
                and isinstance(node.expressions[0], exp.Values):
            node.set("query", _query_of(node.expressions[0]))
            node.set("expressions", [])
        elif isinstance(node, exp.Anonymous) and node.name.upper() in ("ALL", "ANY", "SOME") \
                and len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Values):
            kind = exp.All if node.name.upper() == "ALL" else exp.Any
            node.replace(kind(this=_query_of(node.expressions[0])))
        elif isinstance(node, exp.Subquery) and isinstance(node.this, exp.Values) \
                and not isinstance(node.parent, exp.From | exp.Join) \
                and not node.args.get("alias") and not isinstance(node.parent, exp.Union):
            node.replace(_query_of(node.this))


def _value_type(node: exp.Expression) -> str | None:
    """Trino's type of one VALUES cell (literals by their text, casts by their target)."""
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and node.this.is_int \
            and int(node.this.name) == 2**31:
        return "integer"  # -2147483648 is an integer (typecheck.literal_type)
    if isinstance(node, exp.Neg | exp.Paren):
        return _value_type(node.this)
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Boolean):
        return "boolean"
    if decimals.is_decimal(node):
        found = decimals.shape(node)
        return f"decimal({found[0]}, {found[1]})" if found else None
    if isinstance(node, exp.Literal):
        text = str(node.this)
        if node.is_string:  # Trino's VALUES column: the longest text's varchar(n)
            return f"varchar({len(text)})"
        if "e" in text.lower():
            return "double"
        return "integer" if text.isdigit() and int(text) < 2**31 else "bigint"
    if isinstance(node, exp.Cast) and node.to.this != exp.DType.UNKNOWN:
        from athenakit.local.zones import zoned_date_literal

        if zoned_date_literal(node):  # TIMESTAMP '2001-01-22 +07:09', typed so by sqlglot
            return "timestamp(0) with time zone"
        return node.to.sql(dialect="trino").lower()
    return None


def _common(types: list[str]) -> str | None:
    widths = [re.fullmatch(r"char\((\d+)\)", t) for t in types]
    if types and all(widths):  # Trino's common type of char(3) and char(5) is char(5)
        return f"char({max(int(m.group(1)) for m in widths if m)})"
    texts = [re.fullmatch(r"varchar(?:\((\d+)\))?", t) for t in types]
    if types and all(texts):  # varchar(3) and varchar(5): varchar(5); with varchar: varchar
        lengths = [m.group(1) for m in texts if m]
        return "varchar" if None in lengths else f"varchar({max(int(n) for n in lengths if n)})"
    shapes = [re.fullmatch(r"decimal\((\d+), ?(\d+)\)", t) for t in types]
    if types and all(shapes):
        whole = max(int(m.group(1)) - int(m.group(2)) for m in shapes if m)
        scale = max(int(m.group(2)) for m in shapes if m)
        return f"decimal({min(38, whole + scale)}, {scale})"
    return types[0] if types and all(t == types[0] for t in types) else None


def column_types(values: exp.Values) -> list[str | None]:
    """Trino's type of each column of ``VALUES ...``, None where it is not known here."""
    rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
    width = max((len(row) for row in rows), default=0)
    return [_common([c for c in (_value_type(row[i]) for row in rows if i < len(row))
                     if c is not None]) for i in range(width)]


def values_types(tree: exp.Expression) -> dict[str, str]:
    """Column name -> Trino type for the columns of ``(VALUES ...) t(a, b)`` in ``tree``."""
    found: dict[str, str] = {}
    clashing: set[str] = set()  # a name two VALUES give other types: not known by name
    for values in tree.find_all(exp.Values):
        alias = values.args.get("alias")
        names = [c.name.lower() for c in alias.columns] if alias else []
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in values.expressions]
        for at, (name, kind) in enumerate(zip(names, column_types(values))):
            if kind is None and all(isinstance(r[at], exp.Null) for r in rows if at < len(r)):
                continue  # NULLs only: a type of no one's (it takes the other's)
            if kind is None or found.setdefault(name, kind) != kind:
                clashing.add(name)
    return {name: kind for name, kind in found.items() if name not in clashing}
