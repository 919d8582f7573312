"""How a table in the catalog differs from its spec: what ``athenakit apply`` reports for tables
that already exist (it never alters them).

The comparison is on what the spec decides: columns and partitions (names, types, order),
location, storage (format, SerDe and its properties, delimiters), and the table properties the
spec renders. Properties that only the catalog has (Athena adds ``transient_lastDdlTime``,
``has_encrypted_data`` and the like) are not differences. Names compare case-insensitively, as
the Glue catalog stores them in lower case.

Example:
    >>> from athenakit.table.model import Table, columns
    >>> spec = Table(name="t", columns=columns({"id": "bigint", "n": "int"}), location="s3://b/t/")
    >>> live = Table(name="t", columns=columns({"id": "string"}), location="s3://b/t")
    >>> table_differences(spec, live)
    ['column id: type is string, the spec says bigint', 'column n: missing (the spec has it)']
"""

from __future__ import annotations

from collections.abc import Sequence

from athenakit.table.model import Column, Table


def table_differences(spec: Table, actual: Table) -> list[str]:
    """One sentence per difference between ``spec`` and the ``actual`` table (empty: same).

    Args:
        spec: the table as the spec file describes it.
        actual: the table as the catalog has it (e.g. imported from SHOW CREATE TABLE).

    Returns:
        Differences in a stable order: columns, partitions, location, storage, properties.
    """
    out = _columns("column", spec.columns, actual.columns)
    out += _columns("partition", spec.partitions, actual.partitions)
    if (spec.location or "").rstrip("/") != (actual.location or "").rstrip("/"):
        out.append(f"location is {actual.location!r}, the spec says {spec.location!r}")
    if spec.table_type != actual.table_type:
        out.append(f"table type is {actual.table_type.value}, the spec says "
                   f"{spec.table_type.value}")
    want, have = spec.storage.to_spec(), actual.storage.to_spec()
    for key in sorted(set(want) | set(have)):
        if want.get(key) != have.get(key):
            out.append(f"storage {key} is {have.get(key)!r}, the spec says {want.get(key)!r}")
    out += _properties(spec, actual)
    return out


def _columns(kind: str, spec: Sequence[Column], actual: Sequence[Column]) -> list[str]:
    have = {c.name.lower(): c for c in actual}
    want = {c.name.lower(): c for c in spec}
    out = []
    for name, column in want.items():
        found = have.get(name)
        if found is None:
            out.append(f"{kind} {column.name}: missing (the spec has it)")
        elif found.type != column.type:
            out.append(f"{kind} {column.name}: type is {found.type.ddl}, "
                       f"the spec says {column.type.ddl}")
    out += [f"{kind} {c.name}: not in the spec" for n, c in have.items() if n not in want]
    shared = [n for n in want if n in have]
    if not out and shared != [n for n in have if n in want]:
        out.append(f"{kind}s are in another order than the spec's")
    return out


def _properties(spec: Table, actual: Table) -> list[str]:
    from athenakit.table.render import iceberg_properties, table_properties

    props = iceberg_properties if spec.is_iceberg else table_properties
    have = dict(props(actual))
    out = []
    for key, value in props(spec):
        if key not in have:
            out.append(f"property {key!r}: missing, the spec sets {value!r}")
        elif have[key] != value:
            out.append(f"property {key!r} is {have[key]!r}, the spec says {value!r}")
    return out
