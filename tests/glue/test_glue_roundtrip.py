"""Round trip through Glue: spec -> apply (CreateTable) -> GetTable -> the same table, for every
example spec and for random tables, against moto's Glue and S3 over HTTP."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from athenakit.glue import GlueCatalog
from athenakit.glue.convert import athena_defaults_removed, athena_names
from athenakit.table.model import Table
from athenakit.table.spec import load_spec

sys.path.insert(0, str(Path(__file__).parent.parent))
from test_roundtrip import EXAMPLES, tables


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
