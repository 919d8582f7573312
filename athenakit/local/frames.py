"""Trino's checks of a window frame (``ROWS`` / ``RANGE`` / ``GROUPS``), before DuckDB runs.

Trino validates a frame at analysis (``ExpressionAnalyzer.analyzeWindowFrame`` and
``analyzeFrameRangeOffset``; ``TestAnalyzer.testWindowSpecification``):

* the bounds' order: ``INVALID_WINDOW_FRAME: Window frame start cannot be UNBOUNDED
  FOLLOWING``, ``... starting from FOLLOWING cannot end with CURRENT ROW``, at the frame;
* a ``ROWS`` / ``GROUPS`` offset is an exact number with scale 0: ``TYPE_MISMATCH: Window
  frame ROWS start value type must be exact numeric type with scale 0 (actual varchar(1))``,
  at the offset;
* a ``RANGE`` offset needs one sort item (``MISSING_ORDER_BY``, ``INVALID_ORDER_BY``) of a
  number or a date-time type, and an offset that goes with it: a number for a number, an
  interval for a date-time (``Window frame RANGE value type (integer) not compatible with sort
  item type (date)``).

DuckDB read ``ROWS '1' PRECEDING`` and ``ROWS 1.5 PRECEDING`` as one row, and ``ORDER BY d
RANGE 1 PRECEDING`` of a date as one day. Types certain before DuckDB runs (literals, casts)
are checked here; a sort key or offset whose type only DuckDB knows (a subquery's column) is
guarded, and the statement refused as DuckDB binds it where its type does not fit.

https://trino.io/docs/current/functions/window.html
https://trino.io/docs/current/sql/select.html#window-clause
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import typecheck
from athenakit.local.common_types import Unsure, supertype
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, end_of, start_of
from athenakit.local.nodes import SQL_TEXT, call, failing_cast
from athenakit.local.operator_types import operand

_EXACT = {"tinyint", "smallint", "integer", "bigint"}
_NUMBERS = _EXACT | {"real", "double"}
REFUSAL = "a window frame offset or RANGE sort key whose type is known only at run time"


def _type(node: exp.Expr) -> str | None:
    found = operand(node, typecheck.known_type)
    return None if found is None else found.replace(", ", ",")


def _at(value: exp.Expr) -> dict[str, int | str | None]:
    """Where Trino places a value: an interval literal or a cast at its keyword."""
    before = "INTERVAL" if isinstance(value, exp.Interval) else \
        "CAST" if isinstance(value, exp.Cast) else None
    return {"offset": start_of(value), "before": before}


def _exact(spelled: str) -> bool:
    return spelled in _EXACT or spelled.startswith("decimal(") and spelled.endswith(",0)")


def _number(spelled: str) -> bool:
    return spelled in _NUMBERS or spelled.startswith("decimal(")


def _moment(spelled: str) -> bool:
    return spelled == "date" or spelled.startswith(("timestamp", "time"))


def _frame_failure(window: exp.Window, kind: str, text: str) -> Exception:
    return athena_error("INVALID_WINDOW_FRAME", text, offset=end_of(window.this),
                        find=(kind, kind.lower(), kind.title()))


def _check_bounds(window: exp.Window, spec: exp.WindowSpec) -> None:
    kind = str(spec.args.get("kind") or "ROWS").upper()
    start = (str(spec.args.get("start") or ""), str(spec.args.get("start_side") or "").upper())
    end_value = spec.args.get("end")
    end = (str(end_value or "CURRENT ROW"), str(spec.args.get("end_side") or "").upper())
    start_kind = _bound(start)
    end_kind = _bound(end)
    rules = [
        (start_kind == "UNBOUNDED FOLLOWING", "Window frame start cannot be UNBOUNDED FOLLOWING"),
        (end_kind == "UNBOUNDED PRECEDING", "Window frame end cannot be UNBOUNDED PRECEDING"),
        (start_kind == "CURRENT ROW" and end_kind == "PRECEDING",
         "Window frame starting from CURRENT ROW cannot end with PRECEDING"),
        (start_kind == "FOLLOWING" and end_kind == "PRECEDING",
         "Window frame starting from FOLLOWING cannot end with PRECEDING"),
        (start_kind == "FOLLOWING" and end_kind == "CURRENT ROW",
         "Window frame starting from FOLLOWING cannot end with CURRENT ROW"),
    ]
    for broken, text in rules:
        if broken:
            raise _frame_failure(window, kind, text)


def _bound(bound: tuple[str, str]) -> str:
    value, side = bound
    if value.upper() == "UNBOUNDED":
        return f"UNBOUNDED {side}"
    if value.upper() == "CURRENT ROW":
        return "CURRENT ROW"
    return side


def _offsets(spec: exp.WindowSpec) -> list[tuple[str, exp.Expression]]:
    found = []
    for which in ("start", "end"):
        value = spec.args.get(which)
        if isinstance(value, exp.Expression):
            found.append((which, value))
    return found


def _check_counted(kind: str, spec: exp.WindowSpec) -> None:
    """ROWS / GROUPS offsets: exact numbers with scale 0."""
    for which, value in _offsets(spec):
        spelled = _type(value)
        if spelled is not None and not _exact(spelled):
            raise athena_error("TYPE_MISMATCH", f"Window frame {kind} {which} value type must "
                               f"be exact numeric type with scale 0 (actual {spelled})",
                               offset=start_of(value))


def _check_range(window: exp.Window, spec: exp.WindowSpec) -> None:
    offsets = _offsets(spec)
    if not offsets:
        return
    order = window.args.get("order")
    keys = order.expressions if order is not None else []
    if not keys:
        raise athena_error("MISSING_ORDER_BY", "Window frame of type RANGE PRECEDING or "
                           "FOLLOWING requires ORDER BY", offset=end_of(window.this),
                           find=("RANGE", "range", "Range"))
    if len(keys) != 1:
        raise athena_error("INVALID_ORDER_BY", "Window frame of type RANGE PRECEDING or "
                           f"FOLLOWING requires single sort item in ORDER BY (actual: "
                           f"{len(keys)})", offset=end_of(window.this),
                           find=("ORDER", "order", "Order"))
    key = keys[0].this
    key_type = _type(key)
    if key_type is not None and not (_number(key_type) or _moment(key_type)):
        raise athena_error("TYPE_MISMATCH", "Window frame of type RANGE PRECEDING or FOLLOWING "
                           "requires that sort item type be numeric, datetime or interval "
                           f"(actual: {key_type})", **_at(key))  # type: ignore[arg-type]
    for _, value in offsets:
        offset_type = _type(value)
        if key_type is None or offset_type is None:
            continue
        fits = _number(offset_type) if _number(key_type) else offset_type.startswith("interval")
        if not fits:
            raise athena_error("TYPE_MISMATCH", f"Window frame RANGE value type ({offset_type}) "
                               f"not compatible with sort item type ({key_type})",
                               **_at(value))  # type: ignore[arg-type]


def check(tree: exp.Expression) -> None:
    """Raise Trino's failure for a window frame it rejects (see the module docstring).

    Args:
        tree: an annotated statement.

    Raises:
        AthenaFailure: ``INVALID_WINDOW_FRAME``, ``TYPE_MISMATCH``, ``MISSING_ORDER_BY`` or
            ``INVALID_ORDER_BY``, placed as Trino places it.
    """
    for call_node in tree.find_all(exp.Lag, exp.Lead):
        _check_default(call_node)
    for window in tree.find_all(exp.Window):
        _check_nesting(window)
        _check_function(window)
        spec = window.args.get("spec")
        if not isinstance(spec, exp.WindowSpec):
            continue
        _check_bounds(window, spec)
        kind = str(spec.args.get("kind") or "ROWS").upper()
        if kind == "RANGE":
            _check_range(window, spec)
        else:
            _check_counted(kind, spec)


def _spec_offset(window: exp.Window, word: str | None = None) -> int | None:
    """Where Trino places a window specification: its first token inside ``OVER (``, or
    (``word``) the frame's ``ROWS`` / ``RANGE`` / ``GROUPS`` there."""
    sql = window.root().meta.get(SQL_TEXT)
    end = end_of(window.this)
    if sql is None or end is None:
        return None
    lower = sql.lower()
    over = lower.find("over", end)
    opening = lower.find("(", over) if over >= 0 else -1
    if opening < 0:
        return None
    if word is not None:
        found = lower.find(word.lower(), opening)
        return found if found >= 0 else None
    return len(sql) - len(sql[opening + 1:].lstrip())


def _check_function(window: exp.Window) -> None:
    """What Trino's analyzer requires of a window function (``ExpressionAnalyzer``
    ``.analyzeWindow``): no DISTINCT argument (``NOT_SUPPORTED: DISTINCT in window function
    parameters not yet supported: count(DISTINCT b) OVER ()``), and ``lag`` / ``lead`` an
    ORDER BY and no frame (``MISSING_ORDER_BY: lag function requires an ORDER BY window
    clause``, ``INVALID_WINDOW_FRAME: Cannot specify window frame for lag function``;
    ``TestAnalyzer.testWindowAttributesForLagLeadFunctions``), no FILTER (``NOT_SUPPORTED:
    FILTER is not yet supported for window functions``) and no ORDER BY of an aggregate's own
    (``Window function with ORDER BY is not supported``). DuckDB answered all five."""
    from athenakit.local import printing

    function = window.this
    if isinstance(function, exp.Filter):  # at the query (TestAnalyzer.testInvalidAggregationFilter)
        select = window.find_ancestor(exp.Select)
        first = select.expressions[0] if select is not None and select.expressions else window
        raise athena_error("NOT_SUPPORTED", "FILTER is not yet supported for window functions",
                           offset=start_of(first), before="SELECT")
    if not isinstance(function, exp.GroupConcat) and any(  # (listagg: a SYNTAX_ERROR there)
            isinstance(a, exp.Order) for a in function.iter_expressions()):
        # an aggregate's own ORDER BY (TestOrderedAggregation.testAggregationWithOrderBy)
        raise athena_error("NOT_SUPPORTED", "Window function with ORDER BY is not supported",
                           offset=start_of(function))
    if any(isinstance(a, exp.Distinct) for a in function.iter_expressions()):
        shown = printing.printed(window)
        if shown is None:
            raise UnsupportedLocally("DISTINCT in a window function's arguments",
                                     hint="Athena fails with NOT_SUPPORTED")
        raise athena_error("NOT_SUPPORTED", "DISTINCT in window function parameters not yet "
                           f"supported: {shown}", offset=start_of(window))
    if not isinstance(function, exp.Lag | exp.Lead):
        return
    name = printing.written_name(function) or ("lag" if isinstance(function, exp.Lag) else "lead")
    if window.args.get("order") is None:
        raise athena_error("MISSING_ORDER_BY", f"{name} function requires an ORDER BY window "
                           "clause", offset=_spec_offset(window))
    spec = window.args.get("spec")
    if isinstance(spec, exp.WindowSpec):
        kind = str(spec.args.get("kind") or "ROWS")
        raise athena_error("INVALID_WINDOW_FRAME", f"Cannot specify window frame for {name} "
                           "function", offset=_spec_offset(window, kind))


DEFAULT_REFUSAL = "lag or lead whose default's type is known only at run time"


def _lag_args(node: exp.Expr) -> list[exp.Expr]:
    return [a for a in (node.this, node.args.get("offset"), node.args.get("default"))
            if a is not None]


def _check_default(node: exp.Expr) -> None:
    """``lag(x, n, default)`` / ``lead``: Trino's signature is ``(T, bigint, T)``, so ``x``
    and the default take a common type, else ``FUNCTION_NOT_FOUND`` at the call (DuckDB cast
    the default: ``lag(s, 1, 1)`` of a varchar answered ``'1'``)."""
    args = _lag_args(node)
    if len(args) != 3:
        return
    types = [_type(a) for a in args]
    if None in types:
        return
    try:
        joined = supertype(types[0] or "", types[2] or "")
    except Unsure:
        return
    if joined is None:
        name = "lag" if isinstance(node, exp.Lag) else "lead"
        spelled = ", ".join(t or "" for t in types)
        raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}) for "
                           f"function {name}", offset=start_of(args[0]), call=True)


NESTED = "a window function inside an aggregation or a window specification"


def _check_nesting(window: exp.Window) -> None:
    """Trino fails a window function nested in an aggregation or in another window's
    PARTITION BY / ORDER BY / frame with ``NESTED_WINDOW`` (its message lists the nested calls
    as Trino's formatter writes them, which is not reproduced: refused, named)."""
    parent = window.parent
    while parent is not None and not isinstance(parent, exp.Select | exp.Subquery):
        inside_call = isinstance(parent, exp.AggFunc) and not isinstance(parent.parent,
                                                                          exp.Window)
        if inside_call or isinstance(parent, exp.Window):
            raise UnsupportedLocally(NESTED, hint="Athena fails with NESTED_WINDOW: Cannot nest "
                                     "window functions or row pattern measures")
        parent = parent.parent


def nonvolatile(tree: exp.Expression) -> None:
    """Make the failures in windows' PARTITION BY / ORDER BY keys failing casts: DuckDB takes
    nothing volatile there (``error()``), but a cast of the message to an integer fails the
    same way, and is read back the same (``tree`` is modified in place)."""
    for window in tree.find_all(exp.Window):
        keys = [*(window.args.get("partition_by") or []),
                *(window.args["order"].expressions if window.args.get("order") else [])]
        for key in keys:
            for fail in list(key.find_all(exp.Anonymous)):
                if fail.name.upper() == "ERROR" and len(fail.expressions) == 1:
                    fail.replace(failing_cast(fail.expressions[0]))


def _unsure(node: exp.Expr) -> bool:
    from athenakit.local.operator_guards import run_time_column

    return run_time_column(node, typecheck.trusts_columns(node.root()))


def guard(tree: exp.Expression) -> exp.Expression:
    """Guard frame offsets, RANGE sort keys and ``lag`` / ``lead`` defaults whose types only
    DuckDB knows: failing as DuckDB binds the statement where the type does not fit (``tree``
    is modified in place and returned)."""
    from athenakit.local.operator_guards import list_type, typed_key, typed_side, value_guard

    for node in list(tree.find_all(exp.Lag, exp.Lead)):
        args = _lag_args(node)
        if len(args) != 3 or None not in (_type(args[0]), _type(args[2])):
            continue
        name = "lag" if isinstance(node, exp.Lag) else "lead"
        fails = call("AK_KINDS_CLASH", list_type(args[0]), list_type(args[2]))
        key_text = typed_key("FUNCTION_NOT_FOUND", start_of(args[0]), DEFAULT_REFUSAL,
                             f"Unexpected parameters ({{*}}) for function {name}",
                             [typed_side(a) for a in args], at_call=True)
        node.set("default", value_guard(fails, key_text, args[2].copy()))

    for window in list(tree.find_all(exp.Window)):
        spec = window.args.get("spec")
        if not isinstance(spec, exp.WindowSpec):
            continue
        kind = str(spec.args.get("kind") or "ROWS").upper()
        for which, value in _offsets(spec):
            if kind != "RANGE" and _unsure(value):
                fails = exp.not_(call("AK_FITS_CODE", list_type(value), exp.Literal.string("i")))
                spec.set(which, value_guard(fails, REFUSAL, value.copy()))
        order = window.args.get("order")
        keys = order.expressions if order is not None else []
        offset_types = {_type(v) for _, v in _offsets(spec)} if kind == "RANGE" else set()
        if len(keys) != 1 or not _unsure(keys[0].this) or None in offset_types \
                or not offset_types:
            continue
        wanted = "moment" if any(t.startswith("interval") for t in offset_types if t) \
            else "number"
        family = call("AK_TYPE_FAMILY", list_type(keys[0].this))
        clash = exp.and_(exp.NEQ(this=family, expression=exp.Literal.string(wanted)),
                         exp.NEQ(this=family.copy(), expression=exp.Literal.string("other")))
        keys[0].set("this", value_guard(clash, REFUSAL, keys[0].this.copy()))
    return tree
