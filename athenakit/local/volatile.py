"""Non-deterministic calls (``random()``, ``uuid()``, ``shuffle(a)``) computed once per use.

Trino evaluates each call once where the statement makes it: ``CASE floor(random() * 2) WHEN 0
THEN 'a' WHEN 1 THEN 'b' END`` is never NULL, ``nullif(x, 0) = 0`` is never true, and
``floor(random() * 3) IN (0, 1)`` holds for two thirds of the rows. The translation copies
operands freely (a NaN-aware comparison reads its operand twice, an IN list becomes a chain of
ORs, a DuckDB macro such as ``nullif`` or a simple CASE repeats its operand), and each copy of
``random()`` is a fresh draw: DuckDB answered 1/4 NULL, 1/4 zeros and 5/9 for the three above.

So, once the statement is translated, each call's copies (they carry the tag :func:`tag`
put on the call) are read from one value: the largest expression around them that DuckDB
computes once per row of the call's context (up to a clause, an aggregate or window
function's argument, a lambda's body or a subquery) becomes the body of a lambda over a
one-element list of the call::

    list_transform([random()], lambda ak_nd0: <expression reading ak_nd0>)[1]

Copies inside an aggregate are bound inside it; an aggregate the translation wrote twice is
one value (DuckDB computes alike aggregates once), and two written differently (one copied
before a rewrite inside it) may only be read in different branches of a CASE. Copies that no
such expression holds together (one in a subquery beside one outside it, one inside an
aggregate beside one outside) are refused, and so are alike aggregates of two calls
(``avg(random()) - avg(random())``: DuckDB would compute one). A call in a window's keys, which
DuckDB takes none of, is computed by a derived table around the SELECT's one relation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import call, key_text, own_scope, relations_of, volatile_call

_TAG = "ak_volatile"
_BOUND = "ak_volatile_bound"
_WHOLE = "ak_volatile_whole"  # a rewrite's expression that is one call's value (shuffle)
# what DuckDB computes per other rows than the expression around it
_CONTEXTS = (exp.Lambda, exp.Query, exp.Subquery, exp.Unnest, exp.Explode)
_BOUNDARIES = (exp.AggFunc, exp.Window, *_CONTEXTS)
_SCALAR = (exp.Func, exp.Binary, exp.Unary, exp.Case, exp.Cast, exp.Bracket, exp.Array,
           exp.Between, exp.In, exp.Is, exp.Not, exp.Paren, exp.Struct)


def tag(tree: exp.Expr) -> bool:
    """Number the statement's non-deterministic calls, and write the WITH queries holding
    one to be computed at each reference (``tree`` is modified in place).

    Returns:
        whether there is any (:func:`bind` has nothing to do otherwise).

    Raises:
        UnsupportedLocally: a call in a window's keys over joined, grouped or aggregated rows,
            or in a recursive WITH query; alike subqueries over drawn rows.
    """
    calls: list[exp.Expr] = []
    windows: list[exp.Window] = []
    samples: list[exp.Expr] = []
    for node in tree.walk():  # (one walk of every statement; the rest only for a draw)
        if volatile_call(node):
            calls.append(node)
        elif isinstance(node, exp.Window):
            windows.append(node)
        elif isinstance(node, exp.TableSample):
            samples.append(node)
    if calls and windows:
        for window in windows:
            _drawn_keys(window)
        calls = [n for n in tree.walk() if volatile_call(n)]  # (keys moved into subqueries)
    for number, node in enumerate(calls):
        node.meta[_TAG] = number
        _inlined(node, f"{_name(node)}()")
    for sample in samples:
        _inlined(sample, "TABLESAMPLE")
    if calls or samples:
        _alike_subqueries(tree)
    return bool(calls)


WINDOW_REFUSAL = ("a non-deterministic window PARTITION BY or ORDER BY key over joined, grouped "
                  "or aggregated rows")


def _drawn_keys(window: exp.Window) -> None:
    """A window's PARTITION BY / ORDER BY key holding a draw (``row_number() OVER (PARTITION
    BY g ORDER BY rand())``, a random pick per group): DuckDB takes no non-deterministic key,
    so the key is computed, once per row as Trino computes it, by a derived table around the
    SELECT's one relation (``FROM (SELECT *, rand() AS ak_wk0 FROM t WHERE ...) AS t``), and
    the window orders by its column (``window``'s SELECT is modified in place).

    Raises:
        UnsupportedLocally: over joined, grouped or aggregated rows.
    """
    order = window.args.get("order")
    keys = [*(window.args.get("partition_by") or []),
            *(o.this if isinstance(o, exp.Ordered) else o for o in (
                order.expressions if order is not None else []))]
    drawn = [k for k in keys if any(volatile_call(n) for n in k.walk())]
    if not drawn:
        return
    select = window.find_ancestor(exp.Select)
    relations = relations_of(select) if select is not None else []
    if select is None or len(relations) != 1 or any(
            select.args.get(k) for k in ("joins", "laterals", "group", "having")) or any(
            isinstance(n, exp.AggFunc) and not isinstance(n.parent, exp.Window)
            for n in own_scope(select)) or any(
            isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
            for e in select.expressions):
        raise UnsupportedLocally(WINDOW_REFUSAL)
    relation = relations[0]
    taken = sum(1 for n in select.root().find_all(exp.Alias) if n.alias.startswith("ak_wk"))
    names = [f"ak_wk{taken + i}" for i in range(len(drawn))]
    inner = exp.Select(expressions=[exp.Star(), *(exp.alias_(k.copy(), n)
                                                  for k, n in zip(drawn, names, strict=True))])
    inner.set("from_", exp.From(this=relation.copy()))
    if select.args.get("where") is not None:
        inner.set("where", select.args["where"].pop())
    for key, name in zip(drawn, names, strict=True):
        key.replace(exp.column(name))
    alias = exp.TableAlias(this=exp.to_identifier(relation.alias_or_name))
    relation.replace(exp.Subquery(this=inner, alias=alias))
    for star in (e for e in select.expressions if isinstance(e, exp.Star)):
        star.set("except_", [exp.column(n) for n in names])


def _inlined(node: exp.Expr, what: str) -> None:
    """A WITH query holding ``node`` (a call or a TABLESAMPLE) is computed at each reference,
    as Trino inlines WITH queries (trinodb/trino#10, #20708: ``uuid()`` differs between two
    references); DuckDB computes a query referenced twice once, unless written ``NOT
    MATERIALIZED``. A recursive one is refused: Trino computes its drawn base again at each
    step of the recursion (trinodb/trino#31176), DuckDB once."""
    for cte in (n for n in _up(node) if isinstance(n, exp.CTE)):
        with_ = cte.parent
        if isinstance(with_, exp.With) and with_.args.get("recursive"):
            raise UnsupportedLocally(f"{what} in a WITH RECURSIVE query (Trino computes it again "
                                     "at each step of the recursion)")
        cte.set("materialized", False)


def _alike_subqueries(tree: exp.Expr) -> None:
    """Refuse alike subquery expressions whose rows are drawn (over a WITH query holding a
    non-deterministic call, or a TABLESAMPLE): Trino computes such alike subqueries once
    (its planner compares them by their text, which shows no non-deterministic call;
    trinodb/trino#31178), DuckDB each."""
    drawn = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)
             if cte.args.get("materialized") is False}
    seen: set[str] = set()
    for sub in tree.find_all(exp.Subquery):
        if isinstance(sub.parent, exp.From | exp.Join) or not (
                sub.find(exp.TableSample) is not None or any(
                    t.name.lower() in drawn for t in sub.find_all(exp.Table))):
            continue
        text = key_text(sub)
        if text in seen:
            raise UnsupportedLocally("alike subqueries over a WITH query holding a "
                                     "non-deterministic value or a TABLESAMPLE (Trino "
                                     "computes them once)")
        seen.add(text)


def carry(source: exp.Expr, made: exp.Expression, *, whole: str | None = None) -> exp.Expression:
    """``made`` (a call a rewrite wrote for ``source``) as a copy of the same call; with
    ``whole`` (the function's name), ``made`` is the call's whole value (an expression whose
    own draws are made per element, such as ``shuffle``'s), read once as such."""
    if _TAG in source.meta:
        made.meta[_TAG] = source.meta[_TAG]
    if whole is not None:
        made.meta[_WHOLE] = whole
    return made


def _drawn(node: exp.Expr) -> bool:
    """``node`` is a non-deterministic value: a call, or a rewrite's expression standing for
    one."""
    return volatile_call(node) or _WHOLE in node.meta


def bind(tree: exp.Expr) -> None:
    """Read each call's copies from one value (``tree``, translated, is modified in place).

    Copies inside aggregates are bound there first, aggregate by aggregate (alike aggregates
    stay alike: DuckDB computes alike aggregates once); then the aggregates are checked.

    Raises:
        UnsupportedLocally: the copies are where DuckDB would compute them apart.
    """
    while True:
        groups: dict[tuple[object, int], list[exp.Expr]] = {}
        for node in tree.walk():
            if _drawn(node) and not node.meta.get(_BOUND):
                place = (node.meta.get(_TAG, id(node)), id(_aggregate_around(node)))
                groups.setdefault(place, []).append(node)
        if not groups:
            break
        (number, _), copies = next(iter(groups.items()))
        root = _common_ancestor(copies)
        if any(_crosses(copy, root) for copy in copies) \
                or len(copies) > 1 and (not _scalar(root) or _holds_query(root)):
            _refuse(copies[0])
        scope, parent = root, root.parent
        while parent is not None and _scalar(parent) and not _holds_query(parent):
            scope, parent = parent, parent.parent
        if len(copies) == 1 and scope is root:
            root.meta[_BOUND] = True
        else:
            _bind(scope, copies, f"ak_nd{number}")
    _check_aggregates(tree)


def _crosses(copy: exp.Expr, root: exp.Expr) -> bool:
    """Between ``copy`` and ``root`` is a lambda's body or a subquery (computed per other rows
    than ``root``); a lambda of :func:`_bind` runs once per row."""
    for node in _up(copy.parent if copy is not root else None):
        if node is root:
            return False
        if isinstance(node, _CONTEXTS) and not node.meta.get(_BOUND):
            return True
    return False


def _aggregate_around(node: exp.Expr) -> exp.Expr | None:
    return next((n for n in _up(node.parent) if _is_aggregate(n)), None)


def _is_aggregate(node: exp.Expr) -> bool:
    return isinstance(node, exp.AggFunc | exp.Window) or _duckdb_aggregate(node)


def _check_aggregates(tree: exp.Expr) -> None:
    """The calls' aggregates are read as Trino computes them: the aggregates written for one
    call (one copied before a rewrite inside it, one after) are alike or each in its own
    branch of a CASE (no row reads two of them), and no aggregates of two calls are alike
    (``avg(random()) - avg(random())``: DuckDB would compute them once).

    Raises:
        UnsupportedLocally: otherwise.
    """
    outermost: dict[object, list[exp.Expr]] = {}
    for node in tree.walk():
        if _drawn(node) and _TAG in node.meta and not _typed_only(node):
            around = [n for n in _up(node.parent) if _is_aggregate(n)]
            outermost.setdefault(node.meta[_TAG], []).append(around[-1] if around else node)
    held: dict[str, set[frozenset[object]]] = {}
    for units in outermost.values():
        kinds: dict[str, list[exp.Expr]] = {}
        for unit in {id(u): u for u in units}.values():
            kinds.setdefault(_text(unit), []).append(unit)
            if not _drawn(unit):
                held.setdefault(_text(unit), set()).add(frozenset(
                    n.meta[_TAG] for n in unit.walk() if _drawn(n) and _TAG in n.meta))
        groups = list(kinds.values())
        if len(groups) > 1 and (any(_drawn(u) for u in units) or not all(
                _exclusive(a, b) for i, kind in enumerate(groups) for other in groups[i + 1:]
                for a in kind for b in other)):
            _refuse(units[0])
    if any(len(calls) > 1 for calls in held.values()):
        raise UnsupportedLocally("two alike aggregates of non-deterministic values (DuckDB "
                                 "computes them once, Trino each)")


def _text(node: exp.Expr) -> str:
    """``node``'s DuckDB text, as DuckDB compares expressions (lambda names aside)."""
    return re.sub(r"\bak_nd\w+", "ak_nd", key_text(node))


def _refuse(node: exp.Expr) -> None:
    called = next((n for n in node.walk() if _drawn(n)), node)
    raise UnsupportedLocally(f"{_name(called)}() read more than once by the local "
                             "translation, where its copies would be drawn apart")


def _bind(scope: exp.Expr, copies: list[exp.Expr], name: str) -> None:
    value = copies[0].copy()
    value.meta[_BOUND] = True
    spot = exp.Null()
    scope.replace(spot)
    for copy in copies:
        copy.replace(exp.column(name))
    named = exp.Lambda(this=scope, expressions=[exp.to_identifier(name)])
    named.meta[_BOUND] = True
    listed = call("LIST_TRANSFORM", exp.Array(expressions=[value]), named)
    spot.replace(exp.Bracket(this=listed, expressions=[exp.Literal.number(1)], offset=1))


def _exclusive(a: exp.Expr, b: exp.Expr) -> bool:
    """``a`` and ``b`` are in two branches of one CASE (never both computed for a row)."""
    case = _common_ancestor([a, b])
    if not isinstance(case, exp.Case):
        return False
    arms = [branch.args.get("true") for branch in case.args.get("ifs") or []]
    arms.append(case.args.get("default"))
    held = [next((i for i, arm in enumerate(arms) if arm is not None
                  and any(n is arm for n in _up(node))), None) for node in (a, b)]
    return None not in held and held[0] != held[1]


def _typed_only(node: exp.Expr) -> bool:
    """``node`` is read for its type only (under DuckDB's ``typeof``): no value of it is used."""
    return any(isinstance(n, exp.Anonymous) and n.name.upper() == "TYPEOF" for n in _up(node))


def _common_ancestor(nodes: list[exp.Expr]) -> exp.Expr:
    paths = [list(_up(node)) for node in nodes]
    shared = set(map(id, paths[0]))
    for path in paths[1:]:
        shared &= set(map(id, path))
    return next(n for n in paths[0] if id(n) in shared)


def _up(node: exp.Expr | None) -> Iterator[exp.Expr]:
    while node is not None:
        yield node
        node = node.parent


def _scalar(node: exp.Expr | None) -> bool:
    if node is None or isinstance(node, _BOUNDARIES) or _duckdb_aggregate(node):
        return False
    if isinstance(node, exp.Tuple):
        return isinstance(node.parent, exp.In)
    return isinstance(node, _SCALAR)


def _duckdb_aggregate(node: exp.Expr) -> bool:
    """``node`` calls one of DuckDB's aggregates by name (the translation writes some so)."""
    if not isinstance(node, exp.Anonymous):
        return False
    return node.name.lower() in _aggregate_names()


@functools.cache
def _aggregate_names() -> frozenset[str]:
    import duckdb

    with duckdb.connect() as con:
        rows = con.execute("SELECT DISTINCT function_name FROM duckdb_functions() "
                           "WHERE function_type = 'aggregate'").fetchall()
    return frozenset(name.lower() for (name,) in rows)


def _holds_query(node: exp.Expr | None) -> bool:
    return node is not None and node.find(exp.Query, exp.Subquery) is not None


def _name(node: exp.Expr) -> str:
    if _WHOLE in node.meta:
        return str(node.meta[_WHOLE])
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return "random" if isinstance(node, exp.Rand) else node.key
