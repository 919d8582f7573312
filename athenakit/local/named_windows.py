"""Named windows (the ``WINDOW`` clause) as Trino's analyzer resolves them.

A query's ``WINDOW w AS (...)`` definitions are seen by its select list, its ORDER BY and the
definitions after them, not by other queries. Names compare as SQL identifiers: ``w`` and
``W`` are one name, ``"w"`` another (``TestAnalyzer.testWindowNames``; DuckDB matched ``w``
to ``"w"``). A specification that names a window (``OVER (w ORDER BY b)``, ``w2 AS (w1 ...)``)
takes its PARTITION BY and ORDER BY, and may add an ORDER BY and a frame only: Trino fails with
``INVALID_PARTITION_BY``, ``INVALID_ORDER_BY`` or ``INVALID_WINDOW_REFERENCE``
(``StatementAnalyzer.resolveWindowSpecification``; ``testWindowDefinition``,
``testWindowInFunctionCall``); DuckDB merged them. With GROUP BY, a definition reads grouped
columns only, used or not (``EXPRESSION_NOT_AGGREGATE``; ``testWindowWithGroupBy``).

Each reference is replaced by the specification it resolves to, and each definition by its
specification under a name of its own, so DuckDB resolves no name (and still checks a
definition no function uses).

https://trino.io/docs/current/sql/select.html#window-clause
"""

from __future__ import annotations

from typing import NamedTuple

from sqlglot import exp

from athenakit.local.failures import athena_error, start_of
from athenakit.local.nodes import SQL_TEXT, own_scope


class _Spec(NamedTuple):
    partition: list[exp.Expr]
    order: exp.Order | None
    frame: exp.WindowSpec | None


def _canonical(name: exp.Identifier) -> str:
    return name.name if name.quoted else name.name.upper()


def _shown(name: exp.Identifier) -> str:
    return f'"{name.name}"' if name.quoted else name.name


def _own(window: exp.Window) -> _Spec:
    return _Spec(list(window.args.get("partition_by") or []), window.args.get("order"),
                 window.args.get("spec"))


def _parenthesized(name: exp.Identifier) -> bool:
    """``OVER (w ...)``, a specification naming ``w`` (``OVER w`` only refers to it)."""
    sql = name.root().meta.get(SQL_TEXT)
    start = name.meta.get("start")
    if sql is None or start is None:
        return True
    return bool(str(sql)[:int(start)].rstrip().endswith("("))


def _resolve(window: exp.Window, name: exp.Identifier, defined: dict[str, _Spec],
             specification: bool) -> _Spec:
    base = defined.get(_canonical(name))
    if base is None:
        raise athena_error("INVALID_WINDOW_REFERENCE", f"Cannot resolve WINDOW name "
                           f"{_shown(name)}", offset=start_of(name))
    own = _own(window)
    if not specification:
        return base
    if own.partition:
        raise athena_error("INVALID_PARTITION_BY", "WINDOW specification with named WINDOW "
                           "reference cannot specify PARTITION BY",
                           offset=start_of(own.partition[0]))
    if own.order is not None and base.order is not None:
        raise athena_error("INVALID_ORDER_BY", "Cannot specify ORDER BY if referenced named "
                           "WINDOW specifies ORDER BY", offset=start_of(own.order),
                           before="order")
    if base.frame is not None:
        raise athena_error("INVALID_WINDOW_REFERENCE", "Cannot reference named WINDOW "
                           "containing frame specification", offset=start_of(name))
    return _Spec(base.partition, own.order or base.order, own.frame)


def _definitions(select: exp.Select) -> dict[str, _Spec]:
    defined: dict[str, _Spec] = {}
    for definition in select.args.get("windows") or []:
        name = definition.this
        if _canonical(name) in defined:
            raise athena_error("DUPLICATE_WINDOW_NAME", f"WINDOW '{_shown(name)}' is already "
                               "defined", offset=start_of(name))
        reference = definition.args.get("alias")
        spec = _resolve(definition, reference, defined, True) \
            if isinstance(reference, exp.Identifier) else _own(definition)
        defined[_canonical(name)] = spec
    return defined


def _grouped(select: exp.Select) -> None:
    """With GROUP BY, a definition's columns are grouping keys."""
    from athenakit.local.map_grouping import group_keys

    group = select.args.get("group")
    if group is None:
        return
    keys = group_keys(group)
    texts = {k.sql(dialect="trino").lower() for k in keys}
    names = {k.name.lower() for k in keys if isinstance(k, exp.Column)}
    for definition in select.args.get("windows") or []:
        for part in definition.iter_expressions():
            if isinstance(part, exp.Identifier):
                continue
            for column in part.find_all(exp.Column):
                inside = column.find_ancestor(exp.AggFunc, exp.Window)
                if inside is not None and inside is not definition:
                    continue
                if column.name.lower() not in names and \
                        column.sql(dialect="trino").lower() not in texts:
                    shown = column.sql(dialect="trino")
                    raise athena_error("EXPRESSION_NOT_AGGREGATE", f"'{shown}' must be "
                                       "an aggregate expression or appear in GROUP BY clause",
                                       offset=start_of(column))


def _inline(select: exp.Select, defined: dict[str, _Spec]) -> None:
    definitions = {id(d) for d in select.args.get("windows") or []}
    for node in list(own_scope(select)):
        if not isinstance(node, exp.Window) or id(node) in definitions:
            continue
        name = node.args.get("alias")
        if not isinstance(node.this, exp.Expr) or not isinstance(name, exp.Identifier):
            continue
        spec = _resolve(node, name, defined, _parenthesized(name))
        node.set("partition_by", [p.copy() for p in spec.partition] or None)
        node.set("order", spec.order.copy() if spec.order is not None else None)
        node.set("spec", spec.frame.copy() if spec.frame is not None else None)
        node.set("alias", None)


def _settle(select: exp.Select, defined: dict[str, _Spec]) -> None:
    """Each definition as the specification it resolves to, under a name of its own: DuckDB
    and the frame checks still see (and check) a definition no function uses."""
    for index, definition in enumerate(select.args.get("windows") or []):
        spec = defined[_canonical(definition.this)]
        name = exp.to_identifier(f"__ak_window_{index}")
        name.meta.update(definition.this.meta)  # (where its failures are placed)
        definition.set("this", name)
        definition.set("partition_by", [p.copy() for p in spec.partition] or None)
        definition.set("order", spec.order.copy() if spec.order is not None else None)
        definition.set("spec", spec.frame.copy() if spec.frame is not None else None)
        definition.set("alias", None)


def resolve(tree: exp.Expr) -> None:
    """Check each query's named windows and put in each reference what it names.

    Args:
        tree: a parsed statement (modified in place).

    Raises:
        AthenaFailure: Trino's failure for a name that resolves to no window, a definition
            given twice, a specification at odds with the window it names, or a definition
            reading an ungrouped column.
    """
    for select in list(tree.find_all(exp.Select)):
        defined = _definitions(select)
        if select.args.get("windows"):
            _grouped(select)
        _inline(select, defined)
        _settle(select, defined)
