"""DDL throughput and CLI start-up of athenakit, against PyAthena's SQLAlchemy DDL compiler.

Run from the repository root::

    python benchmarks/ddl_throughput.py [--tables 1000] [--runs 10]

Part 1 renders N partitioned, partition-projected 50-column Parquet tables twice, in one run:
athenakit (model construction + validation + Jinja rendering) and PyAthena
(``sqlalchemy.Table`` construction + ``CreateTable(t).compile(dialect=AthenaDialect())``, with
partitions, location, compression and TBLPROPERTIES given through the ``awsathena_*`` dialect
keyword arguments). Target: athenakit >= 5x PyAthena.

Part 2 measures the wall time of ``athenakit ddl examples/csv_quoted.yaml`` in a fresh process
(median of --runs, after a warm-up run that also writes the ``.pyc`` files as any
installation has them) against ``python -c "import jinja2, yaml"``, the floor for any tool that
renders Jinja templates from YAML. Target: <= 1.5x. ``--importtime`` adds a breakdown of the
CLI's imports (``python -X importtime``), largest first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "csv_quoted.yaml"
N_COLUMNS = 50
# (athenakit DDL type, SQLAlchemy type factory name)
TYPES = [("bigint", "BIGINT"), ("string", "STRING"), ("double", "DOUBLE"),
         ("decimal(10,2)", "DECIMAL"), ("timestamp", "TIMESTAMP"), ("boolean", "BOOLEAN"),
         ("int", "INTEGER"), ("date", "DATE")]
REGIONS = ("us-east-1", "us-west-2", "eu-west-1")


def table_shape(i: int) -> dict[str, Any]:
    """The i-th benchmark table, as plain data both libraries build from."""
    return {
        "name": f"events_{i:04d}",
        "database": "bench",
        "columns": [(f"col_{j:02d}", TYPES[(i + j) % len(TYPES)]) for j in range(N_COLUMNS)],
        "location": f"s3://bench-bucket/events_{i:04d}/",
        "template": f"s3://bench-bucket/events_{i:04d}/${{region}}/${{day}}/",
    }


def projection_properties(shape: dict[str, Any]) -> dict[str, str]:
    """The TBLPROPERTIES athenakit derives, written out by hand for PyAthena."""
    return {
        "projection.enabled": "true",
        "projection.region.type": "enum",
        "projection.region.values": ",".join(REGIONS),
        "projection.day.type": "date",
        "projection.day.range": "2024/01/01,NOW",
        "projection.day.format": "yyyy/MM/dd",
        "projection.day.interval": "1",
        "projection.day.interval.unit": "DAYS",
        "storage.location.template": shape["template"],
        "parquet.compression": "SNAPPY",
    }


def athenakit_render(shape: dict[str, Any]) -> str:
    from athenakit.table.model import Column, Partition, ProjectionConfig, Table
    from athenakit.table.projection import DateProjection, EnumProjection
    from athenakit.table.render import create_table

    table = Table(
        name=shape["name"], database=shape["database"], location=shape["location"],
        columns=tuple(Column(name, ddl) for name, (ddl, _) in shape["columns"]),
        partitions=(
            Partition("region", projection=EnumProjection(REGIONS)),
            Partition("day", projection=DateProjection(
                ("2024/01/01", "NOW"), format="yyyy/MM/dd", interval="1", interval_unit="DAYS")),
        ),
        projection=ProjectionConfig(location_template=shape["template"]),
        compression="SNAPPY",
    )
    return create_table(table)


def pyathena_render(shape: dict[str, Any]) -> str:
    import sqlalchemy as sa
    from pyathena.sqlalchemy.base import AthenaDialect
    from sqlalchemy.schema import CreateTable

    factories: dict[str, Callable[[], Any]] = {
        "BIGINT": sa.BigInteger, "STRING": sa.String, "DOUBLE": sa.Double,
        "DECIMAL": lambda: sa.DECIMAL(10, 2), "TIMESTAMP": sa.TIMESTAMP,
        "BOOLEAN": sa.Boolean, "INTEGER": sa.Integer, "DATE": sa.Date,
    }
    columns = [sa.Column(name, factories[kind]()) for name, (_, kind) in shape["columns"]]
    columns += [sa.Column("region", sa.String, awsathena_partition=True),
                sa.Column("day", sa.String, awsathena_partition=True)]
    table = sa.Table(
        shape["name"], sa.MetaData(), *columns, schema=shape["database"],
        awsathena_location=shape["location"], awsathena_file_format="PARQUET",
        awsathena_compression="SNAPPY",
        awsathena_tblproperties={k: v for k, v in projection_properties(shape).items()
                                 if k != "parquet.compression"},
    )
    dialect = AthenaDialect()  # type: ignore[no-untyped-call]
    return str(CreateTable(table).compile(dialect=dialect))


def throughputs(renders: list[Callable[[dict[str, Any]], str]], shapes: list[dict[str, Any]],
                repeats: int = 5) -> list[float]:
    """Best tables-per-second of each renderer over ``repeats`` passes (after one warm-up
    table); the passes alternate between renderers so that a burst of background load cannot
    favour one side."""
    for render in renders:
        render(shapes[0])
    best = [float("inf")] * len(renders)
    for _ in range(repeats):
        for i, render in enumerate(renders):
            start = time.perf_counter()
            for shape in shapes:
                render(shape)
            best[i] = min(best[i], time.perf_counter() - start)
    return [len(shapes) / seconds for seconds in best]


def check_equivalent(shape: dict[str, Any]) -> None:
    """Both sides describe the same table: same columns, partitions and projection settings."""
    ours, theirs = athenakit_render(shape), pyathena_render(shape)
    for text in (ours, theirs):
        assert "PARTITIONED BY" in text and shape["location"] in text, text
        assert all(name in text for name, _ in shape["columns"])
        assert all(k in text for k in projection_properties(shape)), text


def installed_env() -> dict[str, str]:
    """The environment of an ordinary installation: bytecode is cached.

    pip compiles a wheel's modules to ``.pyc`` at install time, and Python writes them for a
    source checkout on first import. With ``PYTHONDONTWRITEBYTECODE`` set (some containers set
    it), every run would compile athenakit from source while jinja2 and yaml load their
    install-time ``.pyc``, which is not the comparison a user sees.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_walls(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command; runs alternate so background load hits all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for run in range(runs + 1):
        for command, samples in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                           env=installed_env())
            if run:  # the first run warms the page cache and writes the .pyc files
                samples.append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in times]


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("athenakit")
    if script.exists():
        return [str(script), "ddl", str(EXAMPLE)]
    return [sys.executable, "-m", "athenakit", "ddl", str(EXAMPLE)]


def import_breakdown(limit: int = 15) -> list[tuple[float, float, str]]:
    """(cumulative ms, self ms, module) of the largest imports of ``athenakit ddl``."""
    args = [sys.executable, "-X", "importtime", "-m", "athenakit", "ddl", str(EXAMPLE)]
    done = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True,
                          env=installed_env())
    rows = []
    for line in done.stderr.splitlines():
        head, sep, rest = line.partition("|")
        if not sep or not head.startswith("import time:") or "self [us]" in head:
            continue
        cumulative, _, name = rest.partition("|")
        self_us = int(head.split(":", 1)[1])
        rows.append((int(cumulative) / 1000, self_us / 1000, name.rstrip()))
    return sorted(rows, reverse=True)[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true", help="show the import breakdown")
    args = parser.parse_args()

    shapes = [table_shape(i) for i in range(args.tables)]
    check_equivalent(shapes[0])
    ours, theirs = throughputs([athenakit_render, pyathena_render], shapes)
    print(f"DDL throughput, {args.tables} tables x {N_COLUMNS} columns, 2 projected partitions:")
    print(f"  athenakit (model + validation + render): {ours:9.0f} tables/s")
    print(f"  PyAthena SQLAlchemy DDL compiler:        {theirs:9.0f} tables/s")
    print(f"  ratio: {ours / theirs:.1f}x (target >= 5x)")

    cli, floor = median_walls([cli_command(), [sys.executable, "-c", "import jinja2, yaml"]],
                              args.runs)
    print(f"Start-up, median of {args.runs} runs:")
    print(f"  {' '.join(Path(a).name if a.startswith('/') else a for a in cli_command())}: "
          f"{cli * 1000:6.1f} ms")
    print(f"  python -c 'import jinja2, yaml':  {floor * 1000:6.1f} ms")
    print(f"  ratio: {cli / floor:.2f}x (target <= 1.5x)")
    if args.importtime or cli / floor > 1.5:
        print("Largest imports of the CLI (cumulative ms, python -X importtime):")
        for cumulative, own, name in import_breakdown():
            print(f"  {cumulative:7.1f}  (self {own:5.1f})  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
