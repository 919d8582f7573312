"""Hive DDL run locally: CREATE EXTERNAL TABLE, ALTER TABLE ADD/DROP PARTITION, MSCK REPAIR, and
the ALTER TABLE forms of :mod:`athenakit.local.hivealter` (columns, properties, location).

Athena sends these statements to Hive, not Trino, and sqlglot's Trino parser does not read
them; they are recognised here and applied to the local catalog. CREATE TABLE goes through
:func:`athenakit.table.importer.import_ddl`, so a table created locally is the same model a spec
gives.

https://docs.aws.amazon.com/athena/latest/ug/create-table.html
https://docs.aws.amazon.com/athena/latest/ug/alter-table-add-partition.html
https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from athenakit.local import hivealter
from athenakit.local.catalog import Catalog, PartitionKey
from athenakit.local.hivealter import AlterTable
from athenakit.table.model import Table

_NAME = r"(?P<name>(?:`[^`]+`|\"[^\"]+\"|[\w]+)(?:\s*\.\s*(?:`[^`]+`|\"[^\"]+\"|[\w]+))?)"
_CREATE = re.compile(r"^\s*CREATE\s+(?:EXTERNAL\s+)?TABLE\b", re.IGNORECASE)
_CTAS = re.compile(r"\bAS\s*\(?\s*(?:SELECT|WITH|VALUES|TABLE)\b", re.IGNORECASE)
_NOT_EXISTS = re.compile(r"^\s*CREATE\s+(?:EXTERNAL\s+)?TABLE\s+IF\s+NOT\s+EXISTS\b",
                         re.IGNORECASE)
_ALTER = re.compile(rf"^\s*ALTER\s+TABLE\s+{_NAME}\s+(?P<op>ADD|DROP)\s+"
                    r"(?P<guard>IF\s+(?:NOT\s+)?EXISTS\s+)?(?P<rest>PARTITION\b.*?)\s*;?\s*$",
                    re.IGNORECASE | re.DOTALL)
_MSCK = re.compile(rf"^\s*MSCK\s+REPAIR\s+TABLE\s+{_NAME}\s*;?\s*$", re.IGNORECASE)
_PARTITION = re.compile(r"PARTITION\s*\((?P<spec>(?:'(?:[^']|'')*'|[^)'])*)\)"
                        r"(?:\s*LOCATION\s*'(?P<location>(?:[^']|'')*)')?", re.IGNORECASE)
_PAIR = re.compile(r"(?P<key>`[^`]+`|\"[^\"]+\"|\w+)\s*=\s*"
                   r"(?P<value>'(?:[^']|'')*'|\"[^\"]*\"|[^,\s]+)")


@dataclass(frozen=True)
class CreateTable:
    """CREATE [EXTERNAL] TABLE without AS: register the imported table."""

    sql: str
    if_not_exists: bool


@dataclass(frozen=True)
class AlterPartitions:
    """ALTER TABLE ADD/DROP PARTITION (with optional LOCATIONs)."""

    name: tuple[str | None, str]
    add: bool
    guarded: bool
    partitions: tuple[tuple[PartitionKey, str | None], ...]


@dataclass(frozen=True)
class RepairTable:
    """MSCK REPAIR TABLE: register every ``k=v`` folder under the table location."""

    name: tuple[str | None, str]


HiveStatement = CreateTable | AlterPartitions | RepairTable | AlterTable


def _unquote(text: str) -> str:
    if text[:1] in "`\"'" and text[-1:] == text[:1]:
        return text[1:-1].replace("''", "'") if text[0] == "'" else text[1:-1]
    return text


def _name(text: str) -> tuple[str | None, str]:
    parts = [_unquote(p.strip()) for p in re.split(r"\.(?=(?:[^`\"]*[`\"][^`\"]*[`\"])*[^`\"]*$)",
                                                    text)]
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def parse(sql: str) -> HiveStatement | None:
    """Recognise a Hive DDL statement the local engine runs itself, or return None.

    Example:
        >>> parse("MSCK REPAIR TABLE logs.alb")
        RepairTable(name=('logs', 'alb'))
    """
    if _CREATE.match(sql) and not _CTAS.search(sql):
        return CreateTable(sql, bool(_NOT_EXISTS.match(sql)))
    altered = hivealter.parse(sql, _name)
    if altered is not None:
        return altered
    alter = _ALTER.match(sql)
    if alter:
        found = []
        for part in _PARTITION.finditer(alter.group("rest")):
            pairs = tuple((_unquote(m.group("key")).lower(), _unquote(m.group("value")))
                          for m in _PAIR.finditer(part.group("spec")))
            location = part.group("location")
            found.append((pairs, location.replace("''", "'") if location else None))
        return AlterPartitions(_name(alter.group("name")), alter.group("op").upper() == "ADD",
                               bool(alter.group("guard")), tuple(found))
    msck = _MSCK.match(sql)
    if msck:
        return RepairTable(_name(msck.group("name")))
    return None


def _ordered(table: Table, pairs: PartitionKey) -> PartitionKey:
    """Values in the table's partition column order; every partition column is required."""
    from athenakit.errors import QueryError

    given = dict(pairs)
    names = [p.name.lower() for p in table.partitions]
    if set(given) != set(names):
        raise QueryError("INVALID_PARTITION_SPEC", state="FAILED",
                         reason=f"partition spec {given} must name exactly {names}")
    return tuple((n, given[n]) for n in names)


def default_location(table: Table, values: PartitionKey) -> str:
    """``LOCATION/k=v/...``: where Hive puts a partition added without LOCATION."""
    from athenakit.local.partitions import hive_path

    base = (table.location or "").rstrip("/")
    return base + "/" + hive_path(dict(values))


def apply(statement: HiveStatement, catalog: Catalog, table: Table | None,
          discovered: dict[PartitionKey, str] | None = None) -> None:
    """Apply a Hive statement to the catalog.

    Args:
        statement: from :func:`parse`.
        catalog: the local catalog.
        table: the table an ALTER / MSCK names (None for CREATE).
        discovered: for MSCK REPAIR TABLE, the ``k=v`` partitions found under the location.

    Raises:
        QueryError: the table does not exist, a partition spec is incomplete, or a
            partition exists / does not exist (without IF [NOT] EXISTS).
        SqlError: the CREATE TABLE statement does not parse.
    """
    if isinstance(statement, CreateTable):
        from athenakit.table.importer import import_ddl

        for created in import_ddl(statement.sql):
            catalog.add_table(created, if_not_exists=statement.if_not_exists)
        return
    assert table is not None
    if isinstance(statement, AlterTable):
        catalog.alter_table(hivealter.apply(statement, table))
        return
    if isinstance(statement, RepairTable):
        catalog.add_partitions(table, discovered or {}, if_not_exists=True)
        return
    keys = [(_ordered(table, pairs), loc) for pairs, loc in statement.partitions]
    if statement.add:
        found = {k: loc or default_location(table, k) for k, loc in keys}
        catalog.add_partitions(table, found, if_not_exists=statement.guarded)
    else:
        catalog.drop_partitions(table, [k for k, _ in keys], if_exists=statement.guarded)
