"""Writing a :class:`QueryResult` for people and programs: table, CSV, JSON, JSON lines, and
files (Parquet or CSV). Engine-neutral: used for Athena and local results alike."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from athenakit.errors import ConfigError
from athenakit.query.result import QueryResult
from athenakit.text import escape_controls

FORMATS = ("table", "csv", "json", "jsonl")
FILE_SUFFIXES = (".parquet", ".csv")


def write_result(result: QueryResult, stream: TextIO, fmt: str = "table") -> None:
    """Write the rows of ``result`` to ``stream`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(result.column_names)
        writer.writerows([[_csv_text(v) for v in row] for row in result.rows])
    elif fmt == "json":
        json.dump(result.to_dicts(), stream, default=json_default, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "jsonl":
        stream.writelines(json.dumps(record, default=json_default, ensure_ascii=False) + "\n" for record in result.to_dicts())
    elif fmt == "table":
        stream.write(format_table(result.column_names, result.rows))
    else:
        raise ConfigError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_file(result: QueryResult, path: Path) -> None:
    """Write ``result`` to a ``.parquet`` (via pyarrow) or ``.csv`` file.

    Raises:
        ConfigError: for another suffix.
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(result.to_arrow(), path)
    elif suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            write_result(result, handle, "csv")
    else:
        raise ConfigError(f"--out must end with .parquet or .csv, got {path.name!r}")


def json_default(value: Any) -> Any:
    """JSON form of values json cannot write: Decimal as string, dates ISO, bytes base64."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def _csv_text(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=json_default, ensure_ascii=False)
    return "" if value is None else value


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (list, dict)):
        return escape_controls(json.dumps(value, default=json_default, ensure_ascii=False))
    return escape_controls(str(value))


def format_table(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table with a header rule (empty string for no columns)."""
    if not names:
        return ""
    names = [escape_controls(n) for n in names]
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
