"""Maps built from arrays or entries, failing as Trino's ``MapConstructor`` and
``MapFromEntries`` fail: at a NULL key (or, for ``map_from_entries``, the first NULL entry or
key), then at the first repeated key, whose message names it (``Duplicate map keys (1) are
not allowed``, ``map entry cannot be null``). DuckDB names no key.

Also ``cosine_similarity`` of two ``map(varchar, double)`` sparse vectors (DuckDB has none).

https://trino.io/docs/current/functions/map.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import arraytypes
from athenakit.local.errors import REFUSED
from athenakit.local.nodes import CANNOT_FAIL, DONE
from athenakit.local.nodes import call as _call

# MathFunctions.cosineSimilarity: NULL where a value of either map is NULL (mapL2Norm); the dot
# product walks the left map's entries in order, a key missing on the right adding nothing; 0/0
# (an empty or zero vector) is NaN. The maps' types Trino coerces to map(varchar, double);
# another is refused in the statement (where try(...) cannot turn the refusal into NULL)
_SPARSE_VECTOR = (r"MAP\(VARCHAR, (DOUBLE|FLOAT|DECIMAL\(\d+,\d+\)|TINYINT|SMALLINT|INTEGER"
                  r'|BIGINT)\)|MAP\("NULL", "NULL"\)|"NULL"')
_NORM = "sqrt(coalesce(list_sum(list_transform(map_values({m}), lambda v: v * v)), 0.0))"
COSINE_REFUSAL = "cosine_similarity of maps other than map(varchar, double)"

MACROS: dict[str, str] = {
    "ak_cosine_of": f"""(a, b) AS CASE WHEN a IS NULL OR b IS NULL
            OR list_bool_or(list_transform(map_values(a), lambda v: v IS NULL))
            OR list_bool_or(list_transform(map_values(b), lambda v: v IS NULL)) THEN NULL
        WHEN {_NORM.format(m="a")} * {_NORM.format(m="b")} = 0 THEN CAST('NaN' AS DOUBLE)
        ELSE coalesce(list_sum(list_transform(map_entries(a), lambda e: CASE
            WHEN map_contains(b, e.key) THEN e.value * b[e.key] ELSE 0.0 END)), 0.0)
            / ({_NORM.format(m="a")} * {_NORM.format(m="b")}) END""",
    # the position of the first key that is NULL or was met before (NULL if none)
    "ak_first_bad_key": """(keys) AS list_filter(range(1, len(keys) + 1),
        lambda i: keys[i] IS NULL OR list_position(keys, keys[i]) < i)[1]""",
    # Trino's failure at that key; ``what`` is "Duplicate map keys" or "Duplicate keys"
    "ak_bad_key": """(keys, what) AS CASE WHEN keys[ak_first_bad_key(keys)] IS NULL
        THEN error('INVALID_FUNCTION_ARGUMENT: map key cannot be null')
        ELSE error('INVALID_FUNCTION_ARGUMENT: ' || what || ' ('
                   || ak_object_text(keys[ak_first_bad_key(keys)]) || ') are not allowed')
        END""",
    # map(keys, values) (MapConstructor: every key is checked for NULL before any repeat)
    "ak_map": """(k, v) AS CASE WHEN k IS NULL OR v IS NULL THEN NULL
        WHEN len(k) <> len(v)
            THEN error('INVALID_FUNCTION_ARGUMENT: Key and value arrays must be the same length')
        WHEN len(list_distinct(k)) = len(k) THEN map(k, v)
        WHEN list_bool_or(list_transform(k, lambda x: x IS NULL))
            THEN error('INVALID_FUNCTION_ARGUMENT: map key cannot be null')
        ELSE ak_bad_key(k, 'Duplicate map keys') END""",
    # map_from_entries(array(row(k, v))) (MapFromEntries: a NULL entry or key fails where it
    # is met, before any repeat)
    "ak_map_from_entries": """(l) AS CASE WHEN l IS NULL THEN NULL
        WHEN NOT coalesce(list_bool_or(list_transform(l,
                lambda e: e IS NULL OR ak_entry_key(e) IS NULL)), false) AND len(list_distinct(list_transform(l, lambda e: ak_entry_key(e)))) = len(l)
            THEN map_from_entries(l)
        WHEN list_bool_or(list_transform(l, lambda e: e IS NULL OR ak_entry_key(e) IS NULL))
            THEN CASE WHEN l[list_filter(range(1, len(l) + 1), lambda i: l[i] IS NULL
                    OR ak_entry_key(l[i]) IS NULL)[1]] IS NULL
                THEN error('INVALID_FUNCTION_ARGUMENT: map entry cannot be null')
                ELSE error('INVALID_FUNCTION_ARGUMENT: map key cannot be null') END
        ELSE ak_bad_key(list_transform(l, lambda e: ak_entry_key(e)), 'Duplicate map keys')
        END""",
    "ak_entry_key": "(e) AS struct_extract_at(e, 1)",
}


def wrap(tree: exp.Expression) -> None:
    """Make each ``map(keys, values)`` and ``map_from_entries`` of ``tree`` (modified in place)
    fail as Trino's. Run after the rewrites, which read these nodes as maps."""
    for node in list(tree.find_all(exp.Map, exp.MapFromEntries)):
        node.replace(_construct(node) if isinstance(node, exp.Map) else _from_entries(node))


def _construct(node: exp.Expr) -> exp.Expr:
    """``map(keys, values)``."""
    keys, values = node.args.get("keys"), node.args.get("values")
    if node.meta.get(DONE) or keys is None or values is None:
        return node
    # an array or row key holding a NULL fails first (arraytypes.checked_keys)
    return _typed(_call("AK_MAP", arraytypes.checked_keys(keys), values), node)


def _from_entries(node: exp.Expr) -> exp.Expr:
    """``map_from_entries(entries)``."""
    if node.meta.get(DONE) or not isinstance(node.this, exp.Expression) or isinstance(
            node.this, exp.Null):
        return node
    return _typed(_call("AK_MAP_FROM_ENTRIES", node.this), node)


def _typed(call: exp.Expression, node: exp.Expr) -> exp.Expression:
    """``call`` with the type ``node`` has: a subscript of a map is a key's (sqlglot shifts
    the index of an array's, or of a base of unknown type)."""
    call.type = node.type
    return call


def cosine_similarity(args: list[exp.Expression]) -> exp.Expression:
    """``cosine_similarity(x, y)`` of two sparse vectors, refused where either is no map of
    varchar keys to numbers (DuckDB folds the check as it binds)."""
    def sparse(arg: exp.Expression) -> exp.Expression:
        kind = _call("TYPEOF", arg.copy())
        kind.meta[DONE] = True
        test = _call("REGEXP_FULL_MATCH", kind, exp.Literal.string(_SPARSE_VECTOR))
        test.meta[CANNOT_FAIL] = True
        return test

    vectors = []
    for arg in args:
        cast = exp.Cast(this=arg.copy(), to=exp.DataType.build("MAP(VARCHAR, DOUBLE)",
                                                                dialect="duckdb"))
        cast.meta[DONE] = True
        vectors.append(cast)
    other = exp.or_(*(exp.Not(this=sparse(arg)) for arg in args))
    refuse = _call("ERROR", exp.Literal.string(f"{REFUSED}{COSINE_REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=other, true=refuse)],
                    default=_call("AK_COSINE_OF", *vectors))
