"""``CAST(x AS JSON)`` of arrays and maps, as Trino writes them.

Trino writes a map's entries ordered by their JSON key (``MapToJsonCast`` collects them in a
sorted map: ``CAST(MAP(ARRAY['b', 'a'], ARRAY[2, 1]) AS JSON)`` is ``{"a":1,"b":2}``,
TestMapOperators / TestRowOperators.testRowToJson), where DuckDB keeps the map's own order:
the cast of a value that holds a map (or whose type DuckDB alone knows) is re-written with
its objects' keys sorted, numbers and strings kept as DuckDB wrote them.

A row is refused: how Trino writes one depends on its version and settings (a JSON array
before Trino 3xx and with ``deprecated.legacy-row-to-json-cast``, an object since, whose keys
are empty for an anonymous row: ``{"":1,"":2}``), which the local engine cannot know.

https://trino.io/docs/current/functions/json.html#cast-to-json
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlglot import exp

from athenakit.local import decimals
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import DONE as _DONE
from athenakit.local.nodes import call as _call

ROW_REFUSAL = "CAST of a row to JSON"
_ROWS = (exp.DType.STRUCT,)


class _Raw(str):
    """A JSON number's text, written back as it was read."""


def sorted_keys(text: str | None) -> str | None:
    """JSON text with the keys of every object in order (Trino's map-to-JSON order)."""
    if text is None:
        return None
    return _dump(json.loads(text, parse_float=_Raw, parse_int=_Raw, parse_constant=_Raw))


def _dump(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_dump(k)}:{_dump(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    if isinstance(value, _Raw):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_json_sorted_keys": (sorted_keys, ["VARCHAR"], "VARCHAR"),
}


def _holds(kind: exp.DataType | None, types: tuple[exp.DType, ...]) -> bool:
    return kind is not None and any(t.is_type(*types) for t in kind.find_all(exp.DataType))


def to_json(node: exp.Expression) -> exp.Expression:
    """``CAST(x AS JSON)`` of an array, a map or a value of unknown type: maps' keys sorted;
    a row refused (:data:`ROW_REFUSAL`), also while running when only DuckDB knows the type.

    Raises:
        UnsupportedLocally: the value is (or holds) a row.
    """
    if not isinstance(node, exp.Cast) or node.meta.get(_DONE) \
            or not node.to.is_type(exp.DType.JSON):
        return node
    source, kind = node.this, node.this.type
    if isinstance(source, exp.Struct) or _holds(kind, _ROWS):
        raise UnsupportedLocally(ROW_REFUSAL, hint="build a map of its fields instead")
    unknown = decimals.unknown(source)
    if not unknown and not _holds(kind, (exp.DType.MAP,)):
        return node
    node.meta[_DONE] = True
    text = exp.Cast(this=node, to=exp.DataType.build("VARCHAR"))
    cast = exp.Cast(this=_call("AK_JSON_SORTED_KEYS", text), to=node.to.copy())
    text.meta[_DONE] = cast.meta[_DONE] = True
    if not unknown:
        return cast
    is_row = exp.or_(*(exp.Like(this=decimals.duck_typeof(source.copy()),
                                expression=exp.Literal.string(p))
                       for p in ("%STRUCT(%", "%TUPLE(%")))
    refuse = _call("ERROR", exp.Literal.string(f"{decimals.REFUSED}{ROW_REFUSAL}"))
    return exp.Case(ifs=[exp.If(this=is_row, true=refuse)], default=cast)
