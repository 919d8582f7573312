"""Write tables back as spec files: the inverse of :mod:`athenakit.table.spec`.

``athenakit import`` uses it to turn DDL into a spec, and the local engine to persist the
tables of its catalog. Defaults are left out, so a written spec is as short as a hand-written
one, and :func:`athenakit.table.spec.loads_spec` reads it back to an equal model.

Example:
    >>> from athenakit.table.spec import loads_spec
    >>> [t] = loads_spec("name: t\\ncolumns: [{name: id, type: bigint}]\\n")
    >>> print(dumps_spec([t]), end="")
    name: t
    columns:
    - name: id
      type: bigint
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from athenakit.table.model import Column, Table, TableType


def table_to_spec(table: Table) -> dict[str, Any]:
    """The spec mapping of ``table`` (the inverse of reading it), omitting defaults."""
    spec: dict[str, Any] = {"name": table.name}
    if table.database:
        spec["database"] = table.database
    if table.comment is not None:
        spec["comment"] = table.comment
    if table.table_type is not TableType.HIVE:
        spec["table_type"] = table.table_type.value
    if table.location is not None:
        spec["location"] = table.location
    if not table.is_delta:  # a Delta table's columns live in its Delta log
        spec["columns"] = [_column_spec(c) for c in table.columns]
    if table.partitions:
        spec["partitions"] = [_column_spec(p) for p in table.partitions]
    if table.partitioning:
        spec["partitioning"] = [p.to_spec() for p in table.partitioning]
    storage = table.storage.to_spec()
    if storage != {"format": "parquet"}:
        spec["storage"] = storage
    for key in ("compression", "compression_level"):
        if getattr(table, key) is not None:
            spec[key] = getattr(table, key)
    if table.bucketing:
        spec["bucketing"] = {"columns": list(table.bucketing.columns),
                             "count": table.bucketing.count}
    if table.projection is not None:
        spec["projection"] = {"enabled": table.projection.enabled}
        if table.projection.location_template is not None:
            spec["projection"]["location_template"] = table.projection.location_template
    if table.properties:
        spec["properties"] = dict(table.properties)
    return spec


def _column_spec(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": col.name, "type": col.type.ddl}
    if col.comment is not None:
        out["comment"] = col.comment
    projection = getattr(col, "projection", None)
    if projection is not None:
        out["projection"] = projection.to_spec()
    return out


def dumps_spec(tables: Sequence[Table], *, fmt: str = "yaml", views: Sequence[Any] = ()) -> str:
    """Serialize tables (and :class:`~athenakit.table.views.View` s) as a spec file (YAML or
    JSON) that :func:`loads_spec` and :func:`~athenakit.table.views.load_views` read back."""
    specs = [table_to_spec(t) for t in tables]
    document: Any = specs[0] if len(specs) == 1 else {"tables": specs}
    if views:
        from athenakit.table.views import view_to_spec

        listed = [view_to_spec(v) for v in views]
        document = listed[0] if not specs and len(listed) == 1 else {
            **({"tables": specs} if specs else {}), "views": listed}
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml

    return str(yaml.dump(document, Dumper=_dumper(), sort_keys=False, allow_unicode=True,
                         width=100))


def _dumper() -> Any:
    """A safe YAML dumper writing multi-line text (a view's query) as a ``|`` block."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: Any, value: str) -> Any:
        lines = value.split("\n")
        block = len(lines) > 1 and all(line == line.rstrip() for line in lines)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                       style="|" if block else None)

    Dumper.add_representer(str, text)
    return Dumper
