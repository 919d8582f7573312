"""Maps as grouping keys: refused, since DuckDB tells maps apart by the order of their entries.

Trino's maps are equal whatever the order of their entries, so ``SELECT DISTINCT``, ``GROUP
BY``, ``UNION`` (without ``ALL``), ``INTERSECT``, ``EXCEPT``, ``count(DISTINCT ...)`` and
``PARTITION BY`` see ``MAP(ARRAY['a', 'b'], ARRAY[1, 2])`` and ``MAP(ARRAY['b', 'a'],
ARRAY[2, 1])`` as one value. DuckDB hashes a map as the list of its entries, so it sees two.
A statement that groups values whose type is known to hold a map (a map, or an array or row
with one inside) is refused before it runs; a grouping key whose type only DuckDB knows is
checked while running (``typeof``, which DuckDB folds to a constant) and refused when it turns
out to hold a map. (Comparisons of maps, ``=`` and ``IN``, are answered as Trino does:
:mod:`athenakit.local.containers`.)

https://trino.io/docs/current/language/types.html#map
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.errors import REFUSED, UnsupportedLocally
from athenakit.local.nodes import call

REFUSAL = "DISTINCT, GROUP BY, set operations or PARTITION BY over maps"


def check(tree: exp.Expression) -> None:
    """Refuse ``tree`` when one of its grouping keys holds a map, and guard the keys whose
    type is known only while running (``tree`` is changed in place).

    Args:
        tree: a statement annotated with its types.

    Raises:
        UnsupportedLocally: a grouping key whose type holds a map.
    """
    for select in list(tree.find_all(exp.Select)):
        if select.args.get("distinct") is not None or _in_distinct_setop(select):
            _guard_items(select)
        group = select.args.get("group")
        if group is not None:
            _guard_rows(select, [by_position(select, e) for e in group_keys(group)])
    for distinct in list(tree.find_all(exp.Distinct)):
        if isinstance(distinct.parent, exp.AggFunc):
            distinct.set("expressions", [_guarded(e) for e in distinct.expressions])
    for window in list(tree.find_all(exp.Window)):
        owner = window.find_ancestor(exp.Select)
        keys = window.args.get("partition_by") or []
        if owner is not None and keys:  # DuckDB takes no error() in PARTITION BY itself
            if owner.args.get("group") is not None and any(_unsure(k) for k in keys):
                raise UnsupportedLocally(REFUSAL + " (PARTITION BY of a grouped value whose "
                                         "type is known only at run time)")
            _guard_rows(owner, keys)


def _in_distinct_setop(select: exp.Select) -> bool:
    """``select`` is a branch of a UNION (without ALL), INTERSECT or EXCEPT."""
    node: exp.Expression = select
    while node.parent is not None:
        parent = node.parent
        if isinstance(parent, exp.Subquery) and isinstance(parent.parent, exp.SetOperation):
            node = parent
            continue
        if not isinstance(parent, exp.SetOperation):
            return False
        if parent.args.get("distinct"):
            return True
        node = parent
    return False


def _guard_items(select: exp.Select) -> None:
    items = []
    stars = [i for i in select.expressions
             if isinstance(i, exp.Star) or isinstance(i, exp.Column) and i.is_star]
    if stars:  # DuckDB takes a star only as the whole item: its columns are checked as rows
        _guard_rows(select, [exp.Anonymous(this="COLUMNS", expressions=[s.copy()])
                             for s in stars])
    for item in select.expressions:
        if item in stars:
            items.append(item)
            continue
        value = item.unalias()
        guarded = _guarded(value)
        name = item.alias_or_name
        if guarded is value:
            items.append(item)
        else:  # an unnamed expression stays unnamed (Trino's _colN is given later)
            items.append(exp.alias_(guarded, name, quoted=True) if name else guarded)
    select.set("expressions", items)


def _guard_rows(select: exp.Select, keys: list[exp.Expression]) -> None:
    """GROUP BY and PARTITION BY keys are checked on the rows the SELECT reads (its WHERE)."""
    unsure = [k for k in keys if _unsure(k) and not k.find(exp.AggFunc, exp.Window, exp.Select)]
    if not unsure:
        return
    check = exp.Case(ifs=[exp.If(this=exp.or_(*(call("AK_HOLDS_MAP", k.copy()) for k in unsure)),
                                 true=_refusal())], default=exp.true())
    where = select.args.get("where")
    select.where(check if where is None else exp.and_(check, exp.paren(where.this)), copy=False)


def _guarded(key: exp.Expression) -> exp.Expression:
    if _holds_map(key.type):
        raise UnsupportedLocally(REFUSAL)
    if not _unsure(key) or key.find(exp.Select):
        return key
    return exp.Case(ifs=[exp.If(this=call("AK_HOLDS_MAP", key.copy()), true=_refusal())],
                    default=key.copy())


def _refusal() -> exp.Expression:
    return exp.Anonymous(this="ERROR", expressions=[exp.Literal.string(REFUSED + REFUSAL)])


def _unsure(key: exp.Expression) -> bool:
    """The type of ``key`` is not known before running."""
    kind = key.type
    if _holds_map(kind):
        raise UnsupportedLocally(REFUSAL)
    return kind is None or kind.is_type(exp.DType.UNKNOWN)


_SETS = (exp.Rollup, exp.Cube, exp.GroupingSets)


def group_keys(group: exp.Group) -> list[exp.Expression]:
    """The keys of ``GROUP BY``, those inside ``ROLLUP``, ``CUBE`` and ``GROUPING SETS``
    included (``GROUPING SETS ((a, b), ())`` groups by ``a`` and ``b``)."""
    keys: list[exp.Expression] = []
    pending = list(group.expressions) + [
        e for kind in ("rollup", "cube", "grouping_sets") for e in group.args.get(kind) or []]
    while pending:
        key = pending.pop(0)
        if isinstance(key, (*_SETS, exp.Tuple)):
            pending[:0] = key.expressions
        elif isinstance(key, exp.Paren):
            pending.insert(0, key.this)
        else:
            keys.append(key)
    return keys


def by_position(select: exp.Select, key: exp.Expression) -> exp.Expression:
    """``GROUP BY 2`` is the second item of the SELECT list."""
    if isinstance(key, exp.Literal) and key.is_int:
        at = int(key.name) - 1
        if 0 <= at < len(select.expressions):
            item: exp.Expression = select.expressions[at].unalias()
            return item
    return key


def _holds_map(kind: exp.DataType | None) -> bool:
    return kind is not None and any(
        isinstance(node, exp.DataType) and node.this == exp.DType.MAP for node in kind.walk())
