"""table_differences: what ``athenakit apply`` reports for a table that already exists."""

from __future__ import annotations

from dataclasses import replace

import pytest

from athenakit.table.drift import table_differences
from athenakit.table.importer import import_ddl
from athenakit.table.model import Column, Partition, ProjectionConfig, Table, columns
from athenakit.table.projection import EnumProjection
from athenakit.table.render import create_table
from athenakit.table.storage import Storage

SPEC = Table(
    name="events", database="logs", location="s3://b/events/",
    columns=columns({"id": "bigint", "payload": "string"}),
    partitions=(Partition("region", projection=EnumProjection(("eu", "us"))),),
    projection=ProjectionConfig(location_template="s3://b/events/${region}/"),
)


def test_a_table_read_back_from_its_own_ddl_has_no_differences() -> None:
    [actual] = import_ddl(create_table(SPEC))
    assert table_differences(SPEC, actual) == []


def test_catalog_only_properties_and_a_missing_trailing_slash_are_not_differences() -> None:
    actual = replace(SPEC, location="s3://b/events",
                     properties={"transient_lastDdlTime": "1700000000"})
    assert table_differences(SPEC, actual) == []


@pytest.mark.parametrize(("actual", "expected"), [
    (replace(SPEC, columns=columns({"id": "int", "payload": "string"})),
     ["column id: type is int, the spec says bigint"]),
    (replace(SPEC, columns=columns({"id": "bigint"})),
     ["column payload: missing (the spec has it)"]),
    (replace(SPEC, columns=(*SPEC.columns, Column("extra", "int"))),
     ["column extra: not in the spec"]),
    (replace(SPEC, columns=columns({"payload": "string", "id": "bigint"})),
     ["columns are in another order than the spec's"]),
    (replace(SPEC, partitions=(Partition("region", "int", projection=EnumProjection(("1",))),)),
     ["partition region: type is int, the spec says string",
      "property 'projection.region.values' is '1', the spec says 'eu,us'"]),
    (replace(SPEC, storage=Storage("orc")),
     ["storage format is 'orc', the spec says 'parquet'"]),
    (replace(SPEC, projection=None, partitions=(Partition("region"),)),
     ["property 'projection.enabled': missing, the spec sets 'true'",
      "property 'projection.region.type': missing, the spec sets 'enum'",
      "property 'projection.region.values': missing, the spec sets 'eu,us'",
      ("property 'storage.location.template': missing, the spec sets "
      "'s3://b/events/${region}/'")]),
], ids=["type", "missing column", "extra column", "order", "partition type", "format",
        "projection off"])
def test_each_difference_is_one_sentence(actual: Table, expected: list[str]) -> None:
    assert table_differences(SPEC, actual) == expected
