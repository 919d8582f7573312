"""ALTER TABLE forms that change a table's definition, run on the local catalog.

ADD COLUMNS, REPLACE COLUMNS, CHANGE [COLUMN], DROP COLUMN, SET / UNSET TBLPROPERTIES and SET
LOCATION change only the catalog, as in Athena: no data file is touched. Column lists and
property values are read with athenakit's own DDL importer, so what a statement declares reaches
the catalog exactly as a CREATE TABLE would put it there. The rules of which table accepts which
form are Athena's (:mod:`athenakit.table.alter`); a statement Athena refuses fails here too.

https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-columns.html
https://docs.aws.amazon.com/athena/latest/ug/alter-table-replace-columns.html
https://docs.aws.amazon.com/athena/latest/ug/alter-table-change-column.html
https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-tblproperties.html
https://docs.aws.amazon.com/athena/latest/ug/alter-table-set-location.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from athenakit.errors import AthenakitError, QueryError
from athenakit.sql.quoting import hive_unescape
from athenakit.table.model import Column, Table

_IDENT = r"(?:`(?:[^`]|``)+`|\"[^\"]+\"|\w+)"
_NAME = rf"(?P<name>{_IDENT}(?:\s*\.\s*{_IDENT})?)"
_ALTER = re.compile(
    rf"^\s*ALTER\s+TABLE\s+{_NAME}\s+(?P<op>ADD\s+COLUMNS|REPLACE\s+COLUMNS|CHANGE(?:\s+COLUMN)?"
    r"|DROP\s+COLUMN|SET\s+TBLPROPERTIES|UNSET\s+TBLPROPERTIES|SET\s+LOCATION)\b"
    r"(?P<rest>.*?)\s*;?\s*$", re.IGNORECASE | re.DOTALL)
_STRING = r"'((?:[^'\\]|\\.)*)'"
_PAIR = re.compile(rf"{_STRING}\s*=\s*{_STRING}", re.DOTALL)
_PLACE = re.compile(rf"\s+(?:(?P<first>FIRST)|AFTER\s+(?P<after>{_IDENT}))\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AlterTable:
    """One ALTER TABLE form: ``op`` (``ADD COLUMNS``, ``CHANGE``...) and its text."""

    name: tuple[str | None, str]
    op: str
    rest: str


def parse(sql: str, name_of: object) -> AlterTable | None:
    """Recognise an ALTER TABLE form handled here; ``name_of`` splits the table name."""
    match = _ALTER.match(sql)
    if match is None:
        return None
    op = " ".join(match.group("op").upper().split())
    op = "CHANGE COLUMN" if op.startswith("CHANGE") else op
    return AlterTable(name_of(match.group("name")), op,  # type: ignore[operator]
                      match.group("rest").strip())


def apply(statement: AlterTable, table: Table) -> Table:
    """The table after ``statement``.

    Raises:
        QueryError: what Athena would answer (a form the table does not allow, an unknown or
            duplicate column, a bad value).
    """
    from athenakit.table import alter

    try:
        return _ACTIONS[statement.op](statement.rest, table, alter)
    except (AthenakitError, ValueError) as err:
        if isinstance(err, QueryError):
            raise
        raise QueryError("HIVE_DDL_FAILED", state="FAILED",
                         reason=str(err).splitlines()[0]) from err


def _columns(text: str) -> tuple[Column, ...]:
    """Columns of a ``(name type [COMMENT '...'], ...)`` list, read by the DDL importer."""
    from athenakit.table.importer import import_ddl

    body = text.strip()
    if not (body.startswith("(") and body.endswith(")")):
        raise ValueError(f"expected a column list in parentheses, got {body[:40]!r}")
    [table] = import_ddl(f"CREATE EXTERNAL TABLE x {body} LOCATION 's3://x/x/'")
    return table.columns


def _add(rest: str, table: Table, alter: object) -> Table:
    added = _columns(rest)
    alter.add_columns(table, added)  # type: ignore[attr-defined]  # Athena's checks
    return replace(table, columns=(*table.columns, *added))


def _replace(rest: str, table: Table, alter: object) -> Table:
    new = _columns(rest)
    alter.replace_columns(table, new)  # type: ignore[attr-defined]
    return replace(table, columns=new)


def _change(rest: str, table: Table, alter: object) -> Table:
    place = _PLACE.search(rest)
    body = rest[:place.start()] if place else rest
    old, _, definition = body.strip().partition(" ")
    old = _unquote(old)
    [column] = _columns(f"({definition})")
    after = _unquote(place.group("after")) if place and place.group("after") else None
    first = bool(place and place.group("first"))
    alter.change_column(table, old, column, first=first, after=after)  # type: ignore[attr-defined]
    others = [c for c in table.columns if c.name.lower() != old.lower()]
    if any(c.name.lower() == column.name.lower() for c in others):
        raise ValueError(f"duplicate column name {column.name!r}")
    index = next(i for i, c in enumerate(table.columns) if c.name.lower() == old.lower())
    if first:
        index = 0
    elif after is not None:
        index = next(i for i, c in enumerate(others) if c.name.lower() == after.lower()) + 1
    others.insert(index, column)
    return replace(table, columns=tuple(others))


def _drop(rest: str, table: Table, alter: object) -> Table:
    name = _unquote(rest.strip())
    alter.drop_column(table, name)  # type: ignore[attr-defined]
    return replace(table, columns=tuple(c for c in table.columns
                                        if c.name.lower() != name.lower()))


def _set_location(rest: str, table: Table, alter: object) -> Table:
    found = re.fullmatch(_STRING, rest.strip(), re.DOTALL)
    if found is None:
        raise ValueError("expected SET LOCATION 's3://bucket/prefix/'")
    location = hive_unescape(found.group(1))
    alter.set_location(table, location)  # type: ignore[attr-defined]
    return replace(table, location=location)


def _set_properties(rest: str, table: Table, alter: object) -> Table:
    pairs = {hive_unescape(k): hive_unescape(v) for k, v in _PAIR.findall(rest)}
    if not pairs:
        raise ValueError("SET TBLPROPERTIES needs 'key'='value' pairs")
    comment = pairs.pop("comment", None) if not table.is_iceberg else None
    if comment is not None:  # Hive keeps the table comment in the 'comment' property
        table = replace(table, comment=comment)
    return _with_properties(table, {**_property_map(table), **pairs})


def _unset_properties(rest: str, table: Table, alter: object) -> Table:
    keys = [hive_unescape(k) for k in re.findall(_STRING, rest)]
    alter.unset_properties(table, keys)  # type: ignore[attr-defined]
    current = _property_map(table)
    missing = [k for k in keys if k not in current]
    if missing:
        raise ValueError(f"table property {missing[0]!r} is not set")
    return _with_properties(table, {k: v for k, v in current.items() if k not in keys})


def _property_map(table: Table) -> dict[str, str]:
    from athenakit.table.drift import table_property_map

    return table_property_map(table)


def _with_properties(table: Table, properties: dict[str, str]) -> Table:
    """``table`` with exactly ``properties`` as its TBLPROPERTIES, read back the way CREATE
    TABLE reads them (projection, compression and header settings land in their fields)."""
    from athenakit.table.importer import import_ddl
    from athenakit.table.render import create_table

    [rebuilt] = import_ddl(create_table(table, properties=list(properties.items())))
    return rebuilt


def _unquote(text: str) -> str:
    text = text.strip()
    if text[:1] == "`" and text[-1:] == "`":
        return text[1:-1].replace("``", "`")
    if text[:1] == '"' and text[-1:] == '"':
        return text[1:-1]
    return text


_ACTIONS = {
    "ADD COLUMNS": _add, "REPLACE COLUMNS": _replace, "CHANGE COLUMN": _change, "DROP COLUMN": _drop, "SET LOCATION": _set_location,
    "SET TBLPROPERTIES": _set_properties, "UNSET TBLPROPERTIES": _unset_properties,
}
