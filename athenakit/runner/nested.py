"""Athena's text form of nested values: ``[1, 2]``, ``{k=v}``, ``{field=v}``.

Athena writes arrays, maps and rows in results (GetQueryResults and the CSV file) in Trino's
text form, and its metadata names only their outer kind. :func:`parse_text` reads the text into
lists and dicts of scalar texts, :func:`infer_type` finds the full type of an open column from
all its values, and :func:`typed` converts a tree by a full type.
https://trino.io/docs/current/language/types.html#structural
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from athenakit.query.types import AthenaType

Tree = Any  # None | str (a scalar's text) | list[Tree] | dict[str, Tree]


def parse_text(text: str) -> Tree:
    """Athena's text form of a nested value as lists / dicts of scalar texts (``null`` ->
    None).

    Raises:
        ValueError: the text is not well formed.

    Example:
        >>> parse_text("{a=[1, null], b={c=x y}}")
        {'a': ['1', None], 'b': {'c': 'x y'}}
    """
    value, end = _raw(text, 0)
    if end != len(text):
        raise ValueError(f"cannot parse {text[:60]!r}")
    return value


def _raw(text: str, i: int) -> tuple[Tree, int]:
    opener = text[i:i + 1]
    if opener in ("[", "{"):
        keyed, close = opener == "{", "]" if opener == "[" else "}"
        items: list[Tree] = []
        keys: list[str] = []
        i += 1
        if text.startswith(close, i):
            return ({} if keyed else []), i + 1
        while True:
            if keyed:
                eq = text.find("=", i)
                if eq == -1:
                    raise ValueError(f"no '=' in {text[:60]!r}")
                keys.append(text[i:eq])
                i = eq + 1
            value, i = _raw(text, i)
            items.append(value)
            if text.startswith(", ", i):
                i += 2
            elif text.startswith(close, i):
                return (dict(zip(keys, items)) if keyed else items), i + 1
            else:
                raise ValueError(f"unbalanced {text[:60]!r}")
    end = i
    while end < len(text) and text[end] not in ",]}":
        end += 1
    token = text[i:end]
    return (None if token == "null" else token), end


_INT = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?")
_NUMBER = re.compile(r"-?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+|Infinity|NaN)")


def infer_type(trees: list[Tree], kind: AthenaType) -> AthenaType:
    """The full type of an open complex column, from every parsed value.

    Scalars are ``boolean`` when all are true/false, ``bigint`` when all are integers,
    ``double`` when all are numbers, ``date`` / ``timestamp`` when all are written as Athena
    writes those, else ``varchar``; all-NULL slots are ``unknown``. A nested ``{...}`` is a row
    with the union of the field names seen.
    """
    present = [t for t in trees if t is not None]
    if kind.name == "array":
        items = [x for t in present for x in _as(t, list)]
        return AthenaType("array", children=(_infer_slot(items),))
    if kind.name == "map":
        keys = [k for t in present for k in _as(t, dict)]
        vals = [v for t in present for v in _as(t, dict).values()]
        return AthenaType("map", children=(_infer_slot(keys), _infer_slot(vals)))
    fields: dict[str, list[Tree]] = {}
    for t in present:
        for name, value in _as(t, dict).items():
            fields.setdefault(name, []).append(value)
    return AthenaType("row", children=tuple(_infer_slot(v) for v in fields.values()),
                      fields=tuple(fields))


def _as(tree: Tree, kind: type) -> Any:
    if not isinstance(tree, kind):
        raise TypeError(f"expected {'[...]' if kind is list else '{...}'}, got {tree!r}")
    return tree


def _infer_slot(values: list[Tree]) -> AthenaType:
    present = [v for v in values if v is not None]
    if not present:
        return AthenaType("unknown")
    if all(isinstance(v, list) for v in present):
        return infer_type(present, AthenaType("array"))
    if all(isinstance(v, dict) for v in present):
        return infer_type(present, AthenaType("row"))
    if any(not isinstance(v, str) for v in present):
        raise TypeError("a slot mixes nested and scalar values")
    if all(v in ("true", "false") for v in present):
        return AthenaType("boolean")
    if all(_INT.fullmatch(v) for v in present) and all(
            -(2 ** 63) <= int(v) < 2 ** 63 for v in present):
        return AthenaType("bigint")
    if all(_NUMBER.fullmatch(v) for v in present):
        return AthenaType("double")
    if all(_DATE.fullmatch(v) for v in present):
        return AthenaType("date")
    if all(_TIMESTAMP.fullmatch(v) for v in present):
        return AthenaType("timestamp")
    return AthenaType("varchar")


def typed(tree: Tree, kind: AthenaType, scalar: Callable[[AthenaType], Callable[[str], Any]]
          ) -> Any:
    """Python values of a parsed tree for ``kind``, ready for ``pyarrow.array``; ``scalar``
    gives the text -> value function of a scalar type."""
    if tree is None:
        return None
    if kind.name == "array":
        return [typed(v, kind.children[0], scalar) for v in _as(tree, list)]
    if kind.name == "map":
        key, value = kind.children
        return [(typed(k, key, scalar), typed(v, value, scalar))
                for k, v in _as(tree, dict).items()]
    if kind.name == "row":
        items = list(_as(tree, dict).items())
        by_name = dict(items)
        if len(items) == len(kind.fields) and list(by_name) != list(kind.fields):
            by_name = {f: v for f, (_, v) in zip(kind.fields, items)}
        return {f: typed(by_name.get(f), c, scalar)
                for f, c in zip(kind.fields, kind.children)}
    if kind.name == "unknown":
        return None
    if not isinstance(tree, str):
        raise TypeError(f"expected a {kind} value, got {tree!r}")
    return scalar(kind)(tree)
