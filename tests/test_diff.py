"""Schema diff: pairs of tables, the ALTERs between them run on the local engine, and the
changes Athena cannot make in place.

Which change each storage format allows comes from the Athena guide's table of schema updates
(https://docs.aws.amazon.com/athena/latest/ug/handling-schema-updates-chapter.html): CSV/TSV
(LazySimpleSerDe, OpenCSV) and ORC (by index, the default) read columns by position, so
columns may only be added at the end; JSON, Avro and Parquet (by name, the default) also allow
adding in the middle, reordering and removing. Type changes: compatible widenings on
LazySimpleSerDe tables with REPLACE COLUMNS
(https://docs.aws.amazon.com/athena/latest/ug/updates-changing-column-type.html), Iceberg
promotions with CHANGE COLUMN, otherwise a new table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athenakit.check import check
from athenakit.cli import main
from athenakit.table.diff import diff_tables, reads_by_name
from athenakit.table.importer import import_ddl
from athenakit.table.model import Table
from athenakit.table.render import create_table
from athenakit.table.spec import loads_spec
from athenakit.table.spec_writer import table_to_spec

BASE = """
name: events
database: logs
location: s3://b/events/
columns:
  - {name: id, type: int}
  - {name: v, type: string, comment: old}
partitions:
  - {name: dt, type: string}
"""


def spec(storage: str = "", columns: str = "", extra: str = "", base: str = BASE) -> Table:
    text = base
    if columns:
        head, _, rest = text.partition("columns:\n")
        text = head + "columns:\n" + columns + "partitions:" + rest.partition("partitions:")[2]
    return loads_spec(text + (f"storage: {storage}\n" if storage else "") + extra)[0]


TEXT = "{format: text, field_delimiter: ','}"
ICEBERG = """
name: orders
database: logs
table_type: iceberg
location: s3://b/orders/
columns:
  - {name: id, type: int}
  - {name: status, type: string}
  - {name: total, type: float}
  - {name: memo, type: string}
partitioning: [status]
properties: {vacuum_min_snapshots_to_keep: '5'}
"""
ADDED_END = "  - {name: id, type: int}\n  - {name: v, type: string, comment: old}\n" \
            "  - {name: n, type: double}\n"
ADDED_MIDDLE = "  - {name: id, type: int}\n  - {name: n, type: double}\n" \
               "  - {name: v, type: string, comment: old}\n"
REORDERED = "  - {name: v, type: string, comment: old}\n  - {name: id, type: int}\n"
DROPPED = "  - {name: id, type: int}\n"
PROJECTED = """
partitions:
  - name: dt
    type: string
    projection: {type: date, range: [2024-01-01, NOW], format: yyyy-MM-dd}
"""

# (current, desired, the first words of each statement expected)
IN_PLACE = {
    "parquet: a column added at the end": (
        spec(), spec(columns=ADDED_END), ["ADD COLUMNS"]),
    "text: a column added at the end": (
        spec(TEXT), spec(TEXT, ADDED_END), ["ADD COLUMNS"]),
    "parquet: a column added in the middle": (
        spec(), spec(columns=ADDED_MIDDLE), ["ADD COLUMNS", "CHANGE COLUMN n n double AFTER id"]),
    "openx json: a column added in the middle": (
        spec("{format: openx_json}"), spec("{format: openx_json}", ADDED_MIDDLE),
        ["ADD COLUMNS", "CHANGE COLUMN n n double AFTER id"]),
    "parquet: columns reordered": (
        spec(), spec(columns=REORDERED), ["CHANGE COLUMN v v string COMMENT 'old' FIRST"]),
    "a column comment": (
        spec(), spec(columns="  - {name: id, type: int, comment: key}\n"
                             "  - {name: v, type: string, comment: new}\n"),
        ["CHANGE COLUMN id id int COMMENT 'key'", "CHANGE COLUMN v v string COMMENT 'new'"]),
    "table comment, compression and properties": (
        spec(), spec(extra="comment: all events\ncompression: SNAPPY\n"
                           "properties: {classification: parquet}\n"),
        ["SET TBLPROPERTIES"]),
    "projection on an existing partition column": (
        spec(), spec(base=BASE.partition("partitions:")[0] + PROJECTED),
        ["SET TBLPROPERTIES"]),
    "projection turned off": (
        spec(base=BASE.partition("partitions:")[0] + PROJECTED),
        spec(base=BASE.partition("partitions:")[0] + PROJECTED,
             extra="projection: {enabled: false}\n"),
        ["SET TBLPROPERTIES"]),
    "location": (
        spec(), spec(base=BASE.replace("s3://b/events/", "s3://b/events-v2/")),
        ["SET LOCATION"]),
    "text: int widened to bigint, a column added": (
        spec(TEXT), spec(TEXT, ADDED_END.replace("type: int", "type: bigint")),
        ["REPLACE COLUMNS"]),
    "csv header line count": (
        spec("{format: csv}"), spec("{format: csv, header_lines: 1}"), ["SET TBLPROPERTIES"]),
    "iceberg: drop, promote, add, set and unset properties": (
        loads_spec(ICEBERG)[0],
        loads_spec(ICEBERG.replace("  - {name: memo, type: string}\n", "")
                   .replace("type: float}", "type: double}\n  - {name: note, type: string}")
                   .replace("vacuum_min_snapshots_to_keep: '5'",
                            "vacuum_max_snapshot_age_seconds: '86400'"))[0],
        ["DROP COLUMN memo", "ADD COLUMNS", "CHANGE COLUMN total total double",
         "SET TBLPROPERTIES", "UNSET TBLPROPERTIES ('vacuum_min_snapshots_to_keep')"]),
}


def _engine(tmp_path: Path, table: Table) -> Any:
    from athenakit.local.engine import LocalEngine

    engine = LocalEngine(s3_root=tmp_path, catalog_dir=tmp_path / "catalog")
    engine.run(f"CREATE DATABASE {table.database}")
    engine.run(create_table(table))
    return engine


def _apply(tmp_path: Path, current: Table, statements: tuple[str, ...]) -> Table:
    engine = _engine(tmp_path, current)
    for statement in statements:
        engine.run(statement)
    found: Table = engine.catalog.table(current.name, current.database)
    return found


def _verbs(statements: tuple[str, ...], table: Table) -> list[str]:
    prefix = f"ALTER TABLE {table.database}.{table.name} "
    return [s.removeprefix(prefix).strip() for s in statements]


@pytest.mark.parametrize("case", sorted(IN_PLACE))
def test_the_alters_take_current_to_exactly_desired(case: str, tmp_path: Path) -> None:
    current, desired, expected = IN_PLACE[case]
    result = diff_tables(desired, current)
    assert result.blocked == ()
    verbs = _verbs(result.statements, current)
    assert len(verbs) == len(expected)
    assert all(v.startswith(e) for v, e in zip(verbs, expected)), verbs
    for statement in result.statements:
        assert [str(f) for f in check(statement)] == []
    after = _apply(tmp_path, current, result.statements)
    if case == "projection turned off":
        # Hive tables have no UNSET TBLPROPERTIES: the disabled settings stay
        assert not after.projection_enabled
        return
    assert table_to_spec(after) == table_to_spec(desired)
    assert diff_tables(desired, after).same


# (current, desired, a fragment of each blocked change, statements still emitted)
BLOCKED = {
    "text: a column dropped": (spec(TEXT), spec(TEXT, DROPPED), ["column v: not in the spec"], 0),
    "text: columns reordered": (spec(TEXT), spec(TEXT, REORDERED), ["another order"], 0),
    "text: a column added in the middle": (
        spec(TEXT), spec(TEXT, ADDED_MIDDLE), ["n: new columns before existing ones"], 0),
    "orc (by index): a column added in the middle": (
        spec("{format: orc}"), spec("{format: orc}", ADDED_MIDDLE), ["new columns before"], 0),
    "parquet: a column dropped": (spec(), spec(columns=DROPPED), ["column v: not in"], 0),
    "parquet: a type change": (
        spec(), spec(columns="  - {name: id, type: string}\n  - {name: v, type: string, "
                             "comment: old}\n"), ["column id: type is int"], 0),
    "text: a type change that is not a widening": (
        spec(TEXT), spec(TEXT, "  - {name: id, type: string}\n  - {name: v, type: string, "
                               "comment: old}\n"), ["column id: type is int"], 0),
    "format": (spec(), spec("{format: orc}"), ["storage format is 'parquet'"], 0),
    "serde property": (spec("{format: csv}"), spec("{format: csv, serde_properties: "
                                                    "{separatorChar: ';'}}"),
                       ["storage serde_properties", ], 0),
    "a new partition column with projection": (
        spec(), spec(base=BASE.partition("partitions:")[0] + PROJECTED.replace(
            "name: dt", "name: day")),
        ["partition day: missing", "partition dt: not in the spec",
         "partition projection (projection.enabled, projection.day.type"], 0),
    "a property only the table has": (
        spec(extra="properties: {classification: parquet}\n"), spec(),
        ["'classification' is 'parquet'"], 0),
    "bucketing": (spec(), spec(extra="bucketing: {columns: [id], count: 4}\n"),
                  ["bucketing"], 0),
    "a comment removed": (spec(), spec(columns="  - {name: id, type: int}\n"
                                               "  - {name: v, type: string}\n"),
                          ["column v: comment is 'old'"], 0),
    "iceberg partitioning": (loads_spec(ICEBERG)[0],
                             loads_spec(ICEBERG.replace("[status]", "['bucket(4, id)']"))[0],
                             ["partitioning"], 0),
    "table type: only the conversion is listed": (
        spec(), loads_spec(ICEBERG)[0], ["table type is hive, the spec says iceberg"], 0),
    "parquet: dropped and added": (spec(), spec(columns=DROPPED + "  - {name: n, type: int}\n"),
                                   ["column v: not in"], 1),
}


@pytest.mark.parametrize("case", sorted(BLOCKED))
def test_changes_athena_cannot_make_in_place_are_listed_not_emitted(case: str,
                                                                    tmp_path: Path) -> None:
    current, desired, fragments, emitted = BLOCKED[case]
    result = diff_tables(desired, current)
    text = [str(b) for b in result.blocked]
    assert len(text) == len(fragments), text
    assert all(f in t for f, t in zip(fragments, text)), text
    assert all(b.safe_way for b in result.blocked)
    assert len(result.statements) == emitted
    after = _apply(tmp_path, current, result.statements)
    assert diff_tables(desired, after).statements == ()


def test_formats_that_read_by_name_follow_the_serde_settings() -> None:
    assert reads_by_name(spec()) and not reads_by_name(spec(TEXT))
    assert not reads_by_name(spec("{format: orc}"))
    assert reads_by_name(spec("{format: orc, serde_properties: "
                              "{orc.column.index.access: 'false'}}"))
    assert not reads_by_name(spec("{format: parquet, serde_properties: "
                                  "{parquet.column.index.access: 'true'}}"))


# --- CURRENT as SHOW CREATE TABLE text ------------------------------------------------------

SHOW_CREATE = """CREATE EXTERNAL TABLE `logs.orders_csv`(
  `orderkey` int,
  `orderstatus` string,
  `totalprice` double)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY ','
STORED AS INPUTFORMAT
  'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT
  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://amzn-s3-demo-bucket/orders_csv'
TBLPROPERTIES (
  'transient_lastDdlTime'='1700000000')
"""
DESIRED_CSV = """
name: orders_csv
database: logs
location: s3://amzn-s3-demo-bucket/orders_csv/
storage: {format: text, field_delimiter: ','}
columns:
  - {name: orderkey, type: int}
  - {name: orderstatus, type: string}
  - {name: totalprice, type: double}
  - {name: orderdate, type: string, comment: yyyy-mm-dd}
"""


def test_imported_show_create_table_text_is_altered_to_the_spec(tmp_path: Path) -> None:
    [current] = import_ddl(SHOW_CREATE)
    [desired] = loads_spec(DESIRED_CSV)
    result = diff_tables(desired, current)
    assert result.blocked == ()
    assert _verbs(result.statements, current) == [
        "ADD COLUMNS (\n  orderdate string COMMENT 'yyyy-mm-dd'\n)"]
    after = _apply(tmp_path, current, result.statements)
    assert diff_tables(desired, after).same
    # adding in the middle of a CSV table shifts every later column: listed, not emitted
    middle = DESIRED_CSV.replace("  - {name: orderdate, type: string, comment: yyyy-mm-dd}\n",
                                 "").replace("  - {name: orderstatus",
                                             "  - {name: clerk, type: string}\n"
                                             "  - {name: orderstatus")
    blocked = diff_tables(loads_spec(middle)[0], current)
    assert blocked.statements == () and "clerk" in str(blocked.blocked[0])


# --- the command line -------------------------------------------------------------------------

def test_diff_prints_a_script_and_check_fails_on_differences(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desired, ddl = tmp_path / "desired.yaml", tmp_path / "current.sql"
    desired.write_text(DESIRED_CSV.replace("orderstatus, type: string}",
                                           "orderstatus, type: string}\n"
                                           "  - {name: clerk, type: string}"))
    ddl.write_text(SHOW_CREATE)
    assert main(["diff", str(desired), str(ddl)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("-- 1 change(s) Athena cannot make in place:\n--   clerk")
    assert main(["diff", str(desired), str(ddl), "--check"]) == 1
    desired.write_text(DESIRED_CSV)
    capsys.readouterr()
    assert main(["diff", str(desired), str(ddl)]) == 0
    script = capsys.readouterr().out
    assert script == ("ALTER TABLE logs.orders_csv ADD COLUMNS (\n"
                      "  orderdate string COMMENT 'yyyy-mm-dd'\n);\n")
    assert main(["diff", str(desired), str(desired), "--check"]) == 0
    assert "matches" in capsys.readouterr().err


@pytest.mark.parametrize(("current", "message"), [
    ("missing.yaml", "no such file"),
    ("not a-name", "neither a file nor a table name"),
])
def test_diff_names_a_bad_current_in_one_line(tmp_path: Path, current: str, message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    desired = tmp_path / "d.yaml"
    desired.write_text(DESIRED_CSV)
    assert main(["diff", str(desired), current]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_local_table_is_diffed_altered_and_then_matches(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = ["--local", "--catalog-dir", str(tmp_path / "catalog")]
    current, desired = tmp_path / "current.sql", tmp_path / "desired.yaml"
    current.write_text(SHOW_CREATE)
    desired.write_text(DESIRED_CSV + "compression: GZIP\n")
    assert main(["run", "CREATE DATABASE logs", "-q", *catalog]) == 0
    assert main(["run", str(current), "-q", *catalog]) == 0
    assert main(["run", "SHOW CREATE TABLE logs.orders_csv", "--format", "csv", *catalog]) == 0
    # Athena's SHOW CREATE TABLE text (Hive's DDLTask.showCreateTable), as the local engine prints it
    assert "CREATE EXTERNAL TABLE `logs.orders_csv`(" in capsys.readouterr().out
    assert main(["diff", str(desired), "logs.orders_csv", "--check", *catalog]) == 1
    script = tmp_path / "alter.sql"
    script.write_text(capsys.readouterr().out)
    assert script.read_text().count("ALTER TABLE logs.orders_csv") == 2
    assert main(["run", str(script), "-q", *catalog]) == 0
    capsys.readouterr()
    assert main(["diff", str(desired), "logs.orders_csv", "--check", *catalog]) == 0
    assert capsys.readouterr().out == ""


# --- any reshuffle of columns Athena allows in place lands exactly -------------------------

NAMES = ["a", "b", "c", "d", "e", "f", "g"]


@st.composite
def column_changes(draw: st.DrawFn, iceberg: bool) -> tuple[list[dict[str, str]], ...]:
    """Two column lists over the same names: comments and order may change; on Iceberg
    columns may also go and int columns widen to bigint (both in place there)."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    current = [{"name": n, "type": draw(st.sampled_from(["int", "string"]))} for n in names]
    kept = draw(st.lists(st.sampled_from(names), unique=True, min_size=1)) if iceberg else names
    new = [n for n in NAMES if n not in names][:draw(st.integers(0, 2))]
    order = draw(st.permutations(kept + new))
    by_name = {c["name"]: c for c in current}
    desired = []
    for name in order:
        column = dict(by_name.get(name, {"name": name, "type": "double"}))
        if iceberg and column["type"] == "int" and draw(st.booleans()):
            column["type"] = "bigint"
        if draw(st.booleans()):
            column["comment"] = f"about {name}"
        desired.append(column)
    return current, desired


def _table_of(columns: list[dict[str, str]], iceberg: bool) -> Table:
    import json

    kind = ("table_type: iceberg\n" if iceberg else "partitions: [{name: dt}]\n")
    return loads_spec(f"name: t\ndatabase: db\nlocation: s3://b/t/\n{kind}"
                      f"columns: {json.dumps(columns)}\n")[0]


@pytest.mark.parametrize("iceberg", [False, True], ids=["parquet", "iceberg"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_allowed_column_change_is_applied_exactly(iceberg: bool, data: st.DataObject,
                                                      tmp_path_factory: Any) -> None:
    from athenakit.local.engine import LocalEngine

    current_cols, desired_cols = data.draw(column_changes(iceberg))
    current, desired = _table_of(current_cols, iceberg), _table_of(desired_cols, iceberg)
    result = diff_tables(desired, current)
    assert result.blocked == ()
    engine = LocalEngine(s3_root=tmp_path_factory.mktemp("s3"))
    engine.run("CREATE DATABASE db")
    engine.run(create_table(current))
    for statement in result.statements:
        engine.run(statement)
    assert table_to_spec(engine.catalog.table("t", "db")) == table_to_spec(desired)
