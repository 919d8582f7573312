"""Round trip through Glue: spec -> apply (CreateTable) -> GetTable -> the same table, for every
example spec and for random tables, against moto's Glue and S3 over HTTP."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athenakit.glue import GlueCatalog
from athenakit.glue.convert import athena_defaults_removed, athena_names
from athenakit.table.model import Column, IcebergPartition, Table, TableType, Transform
from athenakit.table.spec import load_spec
from athenakit.table.storage import FrozenDict, Storage

sys.path.insert(0, str(Path(__file__).parent.parent))
from test_roundtrip import EXAMPLES, names, tables, types


def expected(table: Table) -> Table:
    """What Glue gives back: Athena's lower-case names, and SerDe defaults it stores anyway."""
    return athena_defaults_removed(athena_names(table))


def apply_and_read(glue: GlueCatalog, table: Table) -> Table:
    _, [outcome] = glue.apply([table])
    assert outcome.action == "created"
    back = glue.read(str(table.database).lower(), table.name.lower())
    assert isinstance(back, Table)
    return back


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_spec_applied_to_glue_reads_back_the_same(glue: GlueCatalog, path: Path) -> None:
    for table in load_spec(path):
        table = table if table.database else replace(table, database="examples")
        assert apply_and_read(glue, table) == expected(table)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_applying_an_example_twice_changes_nothing(glue: GlueCatalog, path: Path) -> None:
    specs = [t if t.database else replace(t, database="examples") for t in load_spec(path)]
    glue.apply(specs)
    _, outcomes = glue.apply(specs, check=True)
    assert [(o.action, o.changes) for o in outcomes] == [("unchanged", [])] * len(specs)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_random_tables_round_trip_through_glue(glue: GlueCatalog, table: Table) -> None:
    table = replace(table, database="random")
    current = glue.get_table("random", table.name.lower())
    if current is not None:  # hypothesis reuses the fixture: start from an empty name
        glue.aws.glue("delete_table", DatabaseName="random", Name=table.name.lower())
    assert apply_and_read(glue, table) == expected(table)


# -- random Iceberg tables: columns in Glue, partition spec and properties in the metadata file --

_ICEBERG_PROPS = ["optimize_rewrite_delete_file_threshold", "vacuum_min_snapshots_to_keep",
                  "vacuum_max_snapshot_age_seconds", "write_target_data_file_size_bytes"]


@st.composite
def iceberg_tables(draw: st.DrawFn) -> Table:
    col_names = draw(st.lists(names, min_size=1, max_size=6, unique_by=str.lower))
    kinds = ["bigint", "string", "timestamp", "date"]
    columns = [Column(n, draw(st.one_of(st.sampled_from(kinds), types)),
                      draw(st.one_of(st.none(), st.text(max_size=10)))) for n in col_names]
    parts = []
    for col in columns[:3]:
        options = {"bigint": [Transform.IDENTITY, Transform.BUCKET],
                   "string": [Transform.IDENTITY, Transform.TRUNCATE, Transform.BUCKET],
                   "timestamp": [Transform.DAY, Transform.HOUR, Transform.MONTH],
                   "date": [Transform.YEAR, Transform.DAY]}.get(col.type.ddl)
        if options and draw(st.booleans()):
            transform = draw(st.sampled_from(options))
            param = draw(st.integers(1, 64)) if transform in (
                Transform.BUCKET, Transform.TRUNCATE) else None
            parts.append(IcebergPartition(col.name, transform, param))
    # avro is left out: the model asks Iceberg avro tables for avro.schema.literal
    fmt = draw(st.sampled_from(["parquet", "orc"]))
    return Table(
        name=draw(names), database="ice", columns=tuple(columns), partitioning=tuple(parts),
        table_type=TableType.ICEBERG, location="s3://bucket/ice/", storage=Storage(fmt),
        comment=draw(st.one_of(st.none(), st.text(max_size=10))),
        compression=draw(st.sampled_from([None, "ZSTD", "SNAPPY", "GZIP"])),
        properties=FrozenDict({k: str(draw(st.integers(1, 10**6))) for k in
                               draw(st.lists(st.sampled_from(_ICEBERG_PROPS), unique=True))}),
    )


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(table=iceberg_tables())
def test_random_iceberg_tables_round_trip_through_glue(glue: GlueCatalog, table: Table) -> None:
    if glue.get_table("ice", table.name.lower()) is not None:
        glue.aws.glue("delete_table", DatabaseName="ice", Name=table.name.lower())
    assert apply_and_read(glue, table) == expected(table)
