"""``serve --catalog-dir``: the endpoint's Athena state kept there between runs.

Workgroups (with their configuration), named queries, prepared statements and the history of
finished query executions (what GetQueryExecution, ListQueryExecutions and
GetQueryRuntimeStatistics describe) are written to ``<catalog-dir>/.athenakit-serve/``:
``athena.json`` and ``queries.jsonl`` (one execution a line), each replaced atomically
(:mod:`athenakit.files`), and loaded when the endpoint starts. A folder whose name is no
database name is left alone by the local catalog. The rows of results are not kept: a query of
an earlier run is described, and GetQueryResults points at its result file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError, QueryError
from athenakit.files import write_text_atomically
from athenakit.serve.executions import FINAL, Execution
from athenakit.serve.seed import Saver
from athenakit.serve.workgroups import Workgroup

FOLDER = ".athenakit-serve"
# Execution fields written as they are (the rest: error, reused, and what a run holds)
_PLAIN = ("id", "sql", "database", "catalog", "workgroup", "output_location", "parameters",
          "region", "statement_type", "substatement_type", "state", "submitted", "started",
          "completed", "reason", "manifest", "reuse_configuration", "run_sql", "scanned_bytes",
          "rows", "output_bytes")
_ERROR = ("message", "reason", "category", "error_type")


def save(api: Any, directory: str | Path) -> int:
    """Write the workgroups, saved queries and finished executions of ``api`` (an
    :class:`~athenakit.serve.api.AthenaApi`); returns how many executions.

    Raises:
        OSError: the folder cannot be written (the files there are unchanged).
    """
    folder = Path(directory) / FOLDER
    groups = [{"Name": g.name, "Configuration": g.configuration, "Description": g.description,
               "CreationTime": g.created} for g in api.workgroups.all() if g.name != "primary"]
    write_text_atomically(folder / "athena.json", json.dumps(
        {"workgroups": groups, **api.saved.export()}, indent=1, default=str))
    with api.executions.lock:
        done = [api.executions.by_id[i] for i in api.executions.order]
    lines = [json.dumps(_record(e), default=str) for e in done if e.state in FINAL]
    write_text_atomically(folder / "queries.jsonl", "".join(f"{line}\n" for line in lines))
    return len(lines)


def load(api: Any, directory: str | Path) -> int:
    """Restore what :func:`save` wrote (nothing if it never did); returns how many executions.

    Raises:
        ConfigError: a file there is damaged (its path and the problem).
    """
    folder = Path(directory) / FOLDER
    athena = folder / "athena.json"
    if athena.is_file():
        try:
            _restore_saved(api, json.loads(athena.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ConfigError(f"damaged serve state file {athena}: {err}") from err
    queries = folder / "queries.jsonl"
    if not queries.is_file():
        return 0
    count = 0
    with open(queries, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                _restore_execution(api.executions, json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise ConfigError(f"damaged serve state file {queries}, line {number}: "
                                  f"{err}") from err
            count += 1
    return count


def _record(e: Execution) -> dict[str, Any]:
    record = {name: getattr(e, name) for name in _PLAIN}
    if e.error is not None:
        record["error"] = {name: getattr(e.error, name) for name in _ERROR}
    if e.reused is not None:
        record["reused"] = e.reused.id
    return record


def _restore_saved(api: Any, data: dict[str, Any]) -> None:
    for group in data.get("workgroups", []):
        api.workgroups.restore(Workgroup(str(group["Name"]), dict(group["Configuration"]),
                                         str(group["Description"]),
                                         float(group["CreationTime"])))
    api.saved.restore(data)


def _restore_execution(executions: Any, record: dict[str, Any]) -> None:
    error = record.pop("error", None)
    reused = record.pop("reused", None)
    execution = Execution(**{k: record[k] for k in _PLAIN if k in record})
    if execution.state not in FINAL:
        raise ValueError(f"query {execution.id} is in state {execution.state}")
    if error is not None:
        message = str(error.pop("message"))
        execution.error = QueryError(message, state=execution.state, query_id=execution.id,
                                     **error)
    execution.reused = executions.get(reused) if reused else None
    execution.restored = True
    executions.restore(execution)


class StateSaver(Saver):
    """Saves the Athena state whenever it changed (``serve --catalog-dir``); returns how many
    executions were saved.

    Args:
        api: the endpoint's :class:`~athenakit.serve.api.AthenaApi`.
        directory: the catalog directory.
    """

    def __init__(self, api: Any, directory: str | Path) -> None:
        super().__init__(api.version, lambda: save(api, directory))
