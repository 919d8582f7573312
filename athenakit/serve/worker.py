"""One query thread: its local engine over the endpoint's Glue and S3, and one execution run.

A worker keeps its :class:`~athenakit.local.engine.LocalEngine` while neither Glue nor the data
in S3 changed (the endpoint counts the changes that pass through it) and builds a fresh one
otherwise, so every query sees the catalog and the objects as they are when it starts. The
engine reads ``s3://`` through the endpoint itself. After a run, the result goes where Athena
puts it, and the catalog changes of a DDL statement go to Glue.
"""

from __future__ import annotations

from typing import Any

from athenakit.errors import QueryCancelled, QueryError
from athenakit.serve import catalog, manifest, results
from athenakit.serve.executions import USER, Execution


class Worker:
    """The engine of one query thread.

    Args:
        site: the endpoint (``url``, ``generation()``, ``glue(region)``, ``s3(region)``,
            ``written(bucket, key)``).
    """

    def __init__(self, site: Any) -> None:
        self.site = site
        self.engine: Any = None
        self._built: tuple[int, str] | None = None

    def engine_for(self, region: str) -> Any:
        """The engine, rebuilt from Glue when the catalog or data changed since it was built."""
        from athenakit.local.engine import LocalEngine

        state = (self.site.generation(), region)
        if self.engine is None or self._built != state:
            if self.engine is not None:
                self.engine.close()
            self.engine = LocalEngine(endpoint_url=self.site.url)
            catalog.load(self.site.glue(region), self.engine.catalog)
            self._built = state
        return self.engine

    def cancel(self) -> None:
        if self.engine is not None:
            self.engine.cancel()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def run(execution: Execution, worker: Worker) -> None:
    """Run one execution on the worker's engine; sets ``execution.result``.

    Raises:
        QueryError: the statement failed (or its output bucket does not exist).
        QueryCancelled: it was stopped while running.
    """
    from athenakit.serve.api import output_key

    site, s3 = worker.site, worker.site.s3(execution.region)
    bucket, key = _split(output_key(execution))
    managed = not execution.output_location  # the results stay with the endpoint
    if not managed:
        _check_bucket(s3, bucket)
    engine = worker.engine_for(execution.region)
    engine.catalog.default_database = (execution.database or "default").lower()
    params = literal_values(engine, execution.parameters)
    sql = execution.run_sql or execution.sql
    files = Written(manifest.listing(s3), manifest.target(engine, sql, execution.substatement_type))
    before = catalog.Snapshot.of(engine.catalog)
    if execution.cancel_requested:
        raise QueryCancelled("query cancelled", query_id=execution.id, state="CANCELLED")
    execution.result = engine.run(sql, params)
    after = catalog.Snapshot.of(engine.catalog)
    if after != before:
        catalog.push(site.glue(execution.region), before, after,
                     lambda name: view_columns(engine, name))
    written = files.after(before, after, execution.substatement_type)
    body = result_file(execution)
    # QueryRuntimeStatistics Rows.OutputBytes: the data files written, else the result's bytes
    execution.output_bytes = sum(written.values()) if written is not None else len(body)
    if managed:
        return
    if written is not None:
        where = key.rpartition("/")[0] + f"/{execution.id}-manifest.csv"
        _write(site, s3, bucket, where.lstrip("/"), manifest.text(written))
        execution.manifest = f"s3://{bucket}/{where.lstrip('/')}"
    _write(site, s3, bucket, key, body)
    if key.endswith(".csv"):
        columns = execution.result.columns
        _write(site, s3, bucket, key + ".metadata", results.metadata_bytes(columns))


class Written:
    """The data files a statement writes: its target listed before, and again after it ran."""

    def __init__(self, lister: manifest.Lister, target: str | None) -> None:
        self.lister, self.target = lister, target
        self.existing = lister(target) if target else {}

    def after(self, before: catalog.Snapshot, after: catalog.Snapshot,
              substatement: str | None) -> dict[str, int] | None:
        """The new files and their sizes (None when the statement writes none); CTAS: the new
        table's."""
        target = self.target
        if substatement == "CREATE_TABLE_AS_SELECT":
            created = [t.location for k, t in after.tables.items() if k not in before.tables]
            target = str(created[0]) if created and created[0] else None
        if not target:
            return None
        return {p: n for p, n in self.lister(target).items() if p not in self.existing}


def result_file(execution: Execution) -> bytes:
    """The CSV result of DML (header, quoted values); tab-separated rows for DDL and SHOW."""
    result = execution.result
    assert result is not None
    if execution.statement_type == "DML":
        return results.csv_bytes(result.columns, result.rows, header=True)
    return "".join("\t".join(results.text(v) or "" for v in row) + "\n"
                   for row in result).encode()


def _write(site: Any, s3: Any, bucket: str, key: str, body: bytes) -> None:
    site.written(bucket, key)
    s3.put_object(Bucket=bucket, Key=key, Body=body)


def view_columns(engine: Any, key: tuple[str, str]) -> list[tuple[str, str]]:
    """(name, type) of the columns of view ``key``, as Athena stores them with the view."""
    from athenakit.sql.quoting import Engine, quote_qualified

    name = quote_qualified(key, Engine.TRINO)
    return [(c.name, c.type) for c in engine.run(f"SELECT * FROM {name} LIMIT 0").columns]


def literal_values(engine: Any, parameters: list[str]) -> list[Any] | None:
    """ExecutionParameters (SQL literal texts, e.g. ``'abc'``, ``DATE '2024-01-01'``) as values.

    Raises:
        QueryError: a parameter is not one literal expression.
    """
    if not parameters:
        return None
    values = []
    for text in parameters:
        try:
            row = engine.run(f"SELECT {text}").rows
        except QueryError as err:
            raise QueryError("invalid execution parameter", state="FAILED", category=USER,
                             error_type=1006, reason=f"INVALID_PARAMETER: {text!r} is not a "
                             f"literal: {err.reason or err.message}") from err
        if len(row) != 1 or len(row[0]) != 1:
            raise QueryError("invalid execution parameter", state="FAILED", category=USER,
                             error_type=1006,
                             reason=f"INVALID_PARAMETER: {text!r} is not one literal")
        values.append(row[0][0])
    return values


def _split(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def _check_bucket(s3: Any, bucket: str) -> None:
    from botocore.exceptions import ClientError

    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as err:
        # https://docs.aws.amazon.com/athena/latest/ug/troubleshooting-athena.html
        raise QueryError("output bucket missing", state="FAILED", category=USER,
                         error_type=1000,
                         reason=f"Unable to verify/create output bucket {bucket}") from err
