"""Regenerate the golden DDL files in ``tests/golden/`` from the specs in ``examples/``.

Run from the repository root after a deliberate change to rendering::

    python tests/regen_golden.py          # or: python -m tests.regen_golden
    git diff tests/golden/                # review every changed line before committing

Golden files are never edited by hand: ``tests/test_golden.py`` renders each example again and
compares it byte for byte with its file here, then parses the file back with sqlglot.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def example_specs() -> list[Path]:
    """Every example spec file, sorted by name."""
    return sorted(EXAMPLES_DIR.glob("*.yaml"))


def render_example(spec: Path) -> str:
    """The golden text of one example: CREATE DATABASE (when set), then each CREATE TABLE.

    Statements are separated the way ``athenakit ddl --database`` separates them: a semicolon
    and a blank line, with a final semicolon.
    """
    from athenakit.table.render import create_database, create_table
    from athenakit.table.spec import load_spec

    tables = load_spec(spec)
    statements: list[str] = []
    for db in dict.fromkeys(t.database for t in tables if t.database):
        statements.append(create_database(db))
    statements.extend(create_table(t) for t in tables)
    return ";\n\n".join(s.rstrip("\n") for s in statements) + ";\n"


WRITE_DIR = GOLDEN_DIR / "write"

# the specs of the write-path golden cases: a partitioned, bucketed Hive target with projection
# (which CTAS cannot set: a follow-up ALTER carries it), a text target, and the Iceberg example
WRITE_SPECS = {
    "daily_events": """
name: daily_events
database: analytics
location: s3://athenakit-examples/daily_events/
columns:
  - {name: user_id, type: bigint}
  - {name: from, type: 'decimal(12,2)'}
  - {name: tags, type: 'array<struct<k:string,v:string>>'}
partitions:
  - name: dt
    type: string
    projection: {type: date, range: [2024-01-01, NOW], format: yyyy-MM-dd}
bucketing: {columns: [user_id], count: 8}
compression: SNAPPY
""",
    "text_export": """
name: text_export
location: s3://athenakit-examples/text_export/
columns: [{name: a, type: int}, {name: b, type: string}]
storage: {format: text, field_delimiter: "|"}
compression: GZIP
""",
}


def write_cases() -> dict[str, str]:
    """The golden text of each write-path builder case, by file name."""
    from athenakit.table.spec import load_spec, loads_spec
    from athenakit.write.ctas import ctas, ctas_statements
    from athenakit.write.insert import insert_into
    from athenakit.write.unload import unload
    from athenakit.write.view import create_view

    daily = loads_spec(WRITE_SPECS["daily_events"])[0]
    text = loads_spec(WRITE_SPECS["text_export"])[0]
    orders = load_spec(EXAMPLES_DIR / "iceberg_orders.yaml")[0]
    select = "SELECT * FROM raw.events WHERE dt >= '2024-06-01'"
    cases = {
        "ctas_hive_partitioned": ctas_statements(daily, select),
        "ctas_text_no_data": [ctas(text, "SELECT 1 AS a, 'x' AS b", with_data=False)],
        "ctas_iceberg": [ctas(orders, "SELECT * FROM sales.orders_staging")],
        "insert_into_partitioned": [insert_into(daily, select)],
        "unload_partitioned": [unload("SELECT id, dt FROM raw.events", "s3://exports/events/",
                                      format="parquet", partitioned_by=["dt"],
                                      compression="zstd", compression_level=4)],
        "unload_text": [unload("SELECT a, b FROM t", "s3://exports/t/", format="textfile",
                               field_delimiter="\t", compression="gzip")],
        "create_view": [create_view("recent_events", select, database="analytics",
                                    or_replace=True)],
    }
    cases.update(iceberg_cases(orders))
    cases.update(alter_cases(daily, text, orders))
    return {f"{name}.sql": ";\n\n".join(s.rstrip("\n") for s in statements) + ";\n"
            for name, statements in cases.items()}


def iceberg_cases(orders: Any) -> dict[str, list[str]]:
    """MERGE INTO, UPDATE, DELETE, OPTIMIZE and VACUUM on the Iceberg example."""
    from athenakit.write import iceberg, merge

    staging = "SELECT * FROM sales.orders_staging WHERE batch = 42"
    return {
        "merge_upsert": [merge.merge_into(orders, staging, on=["order_id"])],
        "merge_delete_update_insert": [merge.merge_into(orders, staging, on=["order_id"], when=(
            merge.MatchedDelete("source.status = 'cancelled'"),
            merge.MatchedUpdate(("status", "total"), condition="source.total <> target.total"),
            merge.NotMatchedInsert(condition="source.status <> 'cancelled'")))],
        "update": [iceberg.update(orders, {"status": "'shipped'"},
                                  where="order_id IN (1, 2, 3)")],
        "delete": [iceberg.delete(orders, where="status = 'cancelled'")],
        "optimize": [iceberg.optimize(orders, where="order_ts >= TIMESTAMP '2024-06-01 00:00:00'"),
                     iceberg.vacuum(orders)],
    }


def alter_cases(daily: Any, text: Any, orders: Any) -> dict[str, list[str]]:
    """ALTER TABLE forms on the Hive, text and Iceberg examples."""
    from athenakit.table import alter
    from athenakit.table.model import Column
    from athenakit.table.render import set_table_properties

    parts = [{"dt": f"2024-06-{d:02d}"} for d in (1, 2)]
    located = [{**parts[0], "location": "s3://athenakit-examples/daily_events/2024/06/01/"}]
    return {
        "alter_columns": [
            alter.add_columns(daily, [Column("date", "string", "day it's for"),
                                      Column("score", "double")]),
            alter.change_column(daily, "from", Column("from", "decimal(12,2)", "sender"),
                                after="user_id"),
            alter.set_location(daily, "s3://athenakit-examples/daily_events_v2/"),
            set_table_properties(daily, {"projection.enabled": "false"}),
        ],
        "alter_replace_columns": [alter.replace_columns(
            text, [Column("a", "bigint"), Column("b", "string"), Column("c", "int")])],
        "alter_iceberg": [
            alter.change_column(orders, "customer_id", Column("customer_id", "bigint"),
                                first=True),
            alter.drop_column(orders, "currency"),
            alter.unset_properties(orders, ["vacuum_max_snapshot_age_seconds"]),
        ],
        "alter_partitions": [*alter.add_partition_statements(daily, located + parts[1:]),
                             *alter.drop_partition_statements(daily, parts)],
    }


def golden_path(spec: Path) -> Path:
    return GOLDEN_DIR / f"{spec.stem}.sql"


def main() -> int:
    GOLDEN_DIR.mkdir(exist_ok=True)
    written = 0
    for spec in example_specs():
        target = golden_path(spec)
        text = render_example(spec)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated {target.relative_to(ROOT)}")
            written += 1
    WRITE_DIR.mkdir(exist_ok=True)
    for name, text in write_cases().items():
        target = WRITE_DIR / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated {target.relative_to(ROOT)}")
            written += 1
    stale = {p.stem for p in GOLDEN_DIR.glob("*.sql")} - {s.stem for s in example_specs()}
    for name in sorted(stale):
        (GOLDEN_DIR / f"{name}.sql").unlink()
        print(f"removed tests/golden/{name}.sql (no example left)")
    print(f"{written} golden file(s) changed, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
