"""The data manifest of a statement that writes data files (CTAS, INSERT INTO, UNLOAD).

Athena lists the files such a statement wrote in ``<OutputLocation>/<id>-manifest.csv``, one
``s3://`` path a line, and reports it as ``Statistics.DataManifestLocation``; awswrangler's CTAS
approach and pyathena's UNLOAD reads find the result files there. The files are found by
listing the written location before and after the statement.
https://docs.aws.amazon.com/athena/latest/ug/querying.html#querying-identifying-output-files
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Lister = Callable[[str], dict[str, int]]


def target(engine: Any, sql: str, substatement: str | None) -> str | None:
    """Where the statement writes: the INSERT table's or UNLOAD's location (CTAS: None,
    found afterwards as the new table's location)."""
    if substatement == "UNLOAD":
        from athenakit.local.writers import parse_unload

        unload = parse_unload(sql)
        where = unload.args.get("to") if unload is not None else None
        return str(where) if where else None
    if substatement != "INSERT":
        return None
    from sqlglot import exp

    from athenakit.local.translate import parse

    insert = parse(sql)[0]
    table = insert.find(exp.Table) if isinstance(insert, exp.Insert) else None
    found = engine.catalog.table(table.name, table.db or None) if table is not None else None
    return str(found.location) if found is not None and found.location else None


def listing(s3: Any) -> Lister:
    """``location -> {s3:// path: size}`` of every object under it, through ``s3`` (boto3)."""
    def objects(location: str) -> dict[str, int]:
        bucket, _, prefix = location.removeprefix("s3://").partition("/")
        paths: dict[str, int] = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            paths.update((f"s3://{bucket}/{o['Key']}", int(o.get("Size", 0)))
                         for o in page.get("Contents", []))
        return paths
    return objects


def text(paths: Iterable[str]) -> bytes:
    """The manifest file: one path a line."""
    return "".join(f"{p}\n" for p in sorted(paths)).encode()
