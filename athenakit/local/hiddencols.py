"""The hidden columns of a Hive table: ``"$path"``, ``"$file_size"`` and ``"$partition"``.

Athena answers ``SELECT "$path" FROM t`` with the S3 URI of the object each row was read from
(https://docs.aws.amazon.com/athena/latest/ug/select.html#select-path), and Trino's Hive
connector has ``$file_size`` (bytes, ``bigint``) and ``$partition`` (the partition's name,
``k=v/j=w``) beside it; none of them is part of ``SELECT *``. The local engine read them as
unknown columns. ``$file_modified_time`` and ``$bucket`` are refused (the modification time of
a local copy is not the object's), as is ``SELECT *`` in a statement that names a hidden column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.sql.quoting import Engine, quote_identifier, quote_literal
from athenakit.table.locations import HIVE_NULL, hive_path

if TYPE_CHECKING:
    from athenakit.local.readers import Group

HIDDEN = ("$path", "$file_size", "$partition")
TYPES = {"$path": "varchar", "$file_size": "bigint", "$partition": "varchar"}
_REFUSED = ("$file_modified_time", "$bucket")
FILE = "__ak_file"  # the column naming each row's local file in a scan


def wanted(tree: exp.Expr) -> list[str]:
    """The hidden columns ``tree`` names, in :data:`HIDDEN` order.

    Raises:
        UnsupportedLocally: ``$file_modified_time`` / ``$bucket``, or ``SELECT *`` beside a
            hidden column.
    """
    named = {c.name.lower() for c in tree.find_all(exp.Column)}
    for name in _REFUSED:
        if name in named:
            raise UnsupportedLocally(f'the hidden column "{name}"')
    found = [name for name in HIDDEN if name in named]
    if found and any(_projected(star) for star in tree.find_all(exp.Star)):
        raise UnsupportedLocally(f'SELECT * in a statement that names the hidden column '
                                 f'"{found[0]}"')
    return found


def _projected(star: exp.Star) -> bool:
    """``SELECT *`` or ``SELECT t.*`` (not ``count(*)``)."""
    parent = star.parent
    if isinstance(parent, exp.Column):
        parent = parent.parent
    return isinstance(parent, exp.Select)


def join(groups: Sequence[Group], uris: Mapping[str, str], left: str) -> str:
    """A join of each row's file (``left``.__ak_file) to its hidden columns' values."""
    rows = []
    for group in groups:
        name = hive_path({k: v if v is not None else HIVE_NULL for k, v in group.values.items()})
        for f in group.files:
            rows.append(", ".join([quote_literal(f.path, Engine.TRINO),
                                   quote_literal(uris.get(f.path, f.path), Engine.TRINO),
                                   f"CAST({int(f.size)} AS BIGINT)",
                                   quote_literal(name.rstrip("/"), Engine.TRINO)]))
    header = ", ".join([FILE, *(quote_identifier(h, Engine.TRINO, always=True)
                                for h in HIDDEN)])
    values = ", ".join(f"({r})" for r in rows)
    return (f" JOIN (VALUES {values}) AS __ak_h({header}) ON {left}.{FILE} = __ak_h.{FILE}")


def items(hidden: Sequence[str]) -> list[str]:
    """The select items of the hidden columns a statement names."""
    return [f"__ak_h.{quote_identifier(h, Engine.TRINO, always=True)} AS "
            f"{quote_identifier(h, Engine.TRINO, always=True)}" for h in hidden]
