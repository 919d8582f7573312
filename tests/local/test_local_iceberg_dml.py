"""DELETE, UPDATE and MERGE INTO on local Iceberg tables, the statements built by
athenakit.write (so the builders and the engine are tested together).

Expected rows are worked out by hand from Athena's (Trino's) MERGE semantics: each source row
takes the first WHEN clause whose kind and condition fit; a target row matched by several source
rows fails the statement (Trino's MERGE_TARGET_ROW_MULTIPLE_MATCHES).

https://docs.aws.amazon.com/athena/latest/ug/merge-into-statement.html
https://docs.aws.amazon.com/athena/latest/ug/update-statement.html
https://docs.aws.amazon.com/athena/latest/ug/delete-statement.html
https://trino.io/docs/current/sql/merge.html
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from iceberg_helpers import rows, static_table

from athenakit.connect import connect
from athenakit.errors import QueryError
from athenakit.table.model import Table, columns
from athenakit.table.spec import loads_spec
from athenakit.write import iceberg
from athenakit.write.insert import insert_into
from athenakit.write.merge import MatchedDelete, MatchedUpdate, NotMatchedInsert, merge_into

CUSTOMERS, STAGING = loads_spec("""
tables:
- name: customers
  database: crm
  table_type: iceberg
  location: s3://lake/crm/customers/
  columns:
    - {name: id, type: bigint}
    - {name: name, type: string}
    - {name: tier, type: string}
    - {name: updated, type: date}
  partitioning: ['bucket(4, id)']
- name: staging
  database: crm
  table_type: iceberg
  location: s3://lake/crm/staging/
  columns:
    - {name: id, type: bigint}
    - {name: name, type: string}
    - {name: tier, type: string}
    - {name: updated, type: date}
    - {name: op, type: string}
""")
DAILY = merge_into(CUSTOMERS, STAGING, on=["id"], when=[
    MatchedDelete(condition="source.op = 'D'"),
    MatchedUpdate(columns=("name", "tier", "updated")),
    NotMatchedInsert(columns=("id", "name", "tier", "updated"), condition="source.op <> 'D'"),
])
D1, D2, D3 = dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 3)


def _engine(tmp_path: Path) -> Any:
    return connect("local", tables=[CUSTOMERS, STAGING], s3_root=tmp_path / "s3",
                   catalog_dir=tmp_path / "catalog")


def _stage(engine: Any, values: str) -> None:
    engine.run(iceberg.delete(STAGING, where=None))
    engine.run(insert_into(STAGING, f"SELECT * FROM (VALUES {values}) "
                           "AS v(id, name, tier, updated, op)"))


def _customers(engine: Any) -> list[tuple[Any, ...]]:
    return engine.run("SELECT id, name, tier, updated FROM crm.customers ORDER BY id").rows


def _folder(tmp_path: Path) -> Path:
    return tmp_path / "s3" / "lake" / "crm" / "customers"


def test_a_daily_merge_run_three_times_gives_athenas_rows_and_one_snapshot_each(
        tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    _stage(engine, "(1, 'Ann', 'gold', DATE '2024-01-01', 'I'), "
                   "(2, 'Bob', 'silver', DATE '2024-01-01', 'I'), "
                   "(3, 'Cy', 'bronze', DATE '2024-01-01', 'I')")
    engine.run(DAILY)
    day1 = [(1, "Ann", "gold", D1), (2, "Bob", "silver", D1), (3, "Cy", "bronze", D1)]
    assert _customers(engine) == day1
    # day 2: Bob updated, Cy deleted, Dee new
    _stage(engine, "(2, 'Bob', 'gold', DATE '2024-01-02', 'U'), "
                   "(3, 'Cy', NULL, DATE '2024-01-02', 'D'), "
                   "(4, 'Dee', 'silver', DATE '2024-01-02', 'I')")
    engine.run(DAILY)
    day2 = [(1, "Ann", "gold", D1), (2, "Bob", "gold", D2), (4, "Dee", "silver", D2)]
    assert _customers(engine) == day2
    # day 3: Ann and Dee updated; a delete of Cy (already gone) matches nothing and, being
    # op 'D', is not inserted either; Eve new
    _stage(engine, "(1, 'Ann', 'platinum', DATE '2024-01-03', 'U'), "
                   "(3, 'Cy', 'bronze', DATE '2024-01-03', 'D'), "
                   "(5, 'Eve', 'gold', DATE '2024-01-03', 'I'), "
                   "(4, 'Dee', 'silver', DATE '2024-01-03', 'U')")
    engine.run(DAILY)
    day3 = [(1, "Ann", "platinum", D3), (2, "Bob", "gold", D2), (4, "Dee", "silver", D3),
            (5, "Eve", "gold", D3)]
    assert _customers(engine) == day3
    # pyiceberg alone reads the same rows and schema
    assert rows(_folder(tmp_path), "id", "name", "tier", "updated") == day3
    table = static_table(_folder(tmp_path))
    assert [f.name for f in table.schema().fields] == ["id", "name", "tier", "updated"]
    # one snapshot per MERGE; time travel to each gives that day's rows
    snapshots = engine.run('SELECT snapshot_id FROM crm."customers$snapshots" '
                           "ORDER BY committed_at").rows
    assert len(snapshots) == 3
    for (snapshot,), expected in zip(snapshots, (day1, day2, day3)):
        got = engine.run("SELECT id, name, tier, updated FROM crm.customers FOR VERSION AS OF "
                         f"{snapshot} ORDER BY id").rows
        assert got == expected
        assert rows(_folder(tmp_path), "id", "name", "tier", "updated",
                    snapshot_id=snapshot) == expected


def test_a_target_row_matching_two_source_rows_fails_and_changes_nothing(
        tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    _stage(engine, "(1, 'Ann', 'gold', DATE '2024-01-01', 'I')")
    engine.run(DAILY)
    before = static_table(_folder(tmp_path)).current_snapshot().snapshot_id
    _stage(engine, "(1, 'Ann', 'silver', DATE '2024-01-02', 'U'), "
                   "(1, 'Ann', 'bronze', DATE '2024-01-02', 'U'), "
                   "(9, 'Zed', 'gold', DATE '2024-01-02', 'I')")
    with pytest.raises(QueryError) as failed:
        engine.run(DAILY)
    # Trino's error code and message, which Athena returns
    assert str(failed.value).startswith("MERGE_TARGET_ROW_MULTIPLE_MATCHES")
    assert failed.value.reason == "One MERGE target table row matched more than one source row"
    assert static_table(_folder(tmp_path)).current_snapshot().snapshot_id == before
    assert _customers(engine) == [(1, "Ann", "gold", D1)]


def test_duplicate_source_rows_that_match_nothing_are_all_inserted(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    _stage(engine, "(7, 'Gus', 'gold', DATE '2024-01-01', 'I'), "
                   "(7, 'Gus', 'silver', DATE '2024-01-01', 'I')")
    engine.run(DAILY)
    assert sorted(_customers(engine)) == [(7, "Gus", "gold", D1), (7, "Gus", "silver", D1)]


def test_merge_with_a_query_source_and_an_upsert(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    _stage(engine, "(1, 'Ann', 'gold', DATE '2024-01-01', 'I')")
    engine.run(DAILY)
    upsert = merge_into(CUSTOMERS, "SELECT * FROM (VALUES (1, 'Ann', 'vip', DATE '2024-01-02'), "
                        "(2, 'Bo', 'new', DATE '2024-01-02')) AS v(id, name, tier, updated)",
                        on=["id"])
    engine.run(upsert)
    assert _customers(engine) == [(1, "Ann", "vip", D2), (2, "Bo", "new", D2)]


def _loaded(tmp_path: Path) -> Any:
    engine = _engine(tmp_path)
    _stage(engine, "(1, 'Ann', 'gold', DATE '2024-01-01', 'I'), "
                   "(2, 'Bob', 'silver', DATE '2024-01-01', 'I'), "
                   "(3, 'Cy', 'gold', DATE '2024-01-01', 'I'), "
                   "(4, 'Dee', NULL, DATE '2024-01-01', 'I')")
    engine.run(DAILY)
    return engine


def test_delete_removes_exactly_the_matching_rows_in_one_snapshot(tmp_path: Path) -> None:
    engine = _loaded(tmp_path)
    engine.run(iceberg.delete(CUSTOMERS, where="tier = 'gold'"))
    # a NULL tier does not satisfy the predicate: Dee stays
    expected = [(2, "Bob", "silver", D1), (4, "Dee", None, D1)]
    assert _customers(engine) == expected
    assert rows(_folder(tmp_path), "id", "name", "tier", "updated") == expected
    assert len(static_table(_folder(tmp_path)).snapshots()) == 2


def test_update_changes_exactly_the_matching_rows(tmp_path: Path) -> None:
    engine = _loaded(tmp_path)
    engine.run(iceberg.update(CUSTOMERS, {"tier": "upper(tier) || '!'", "updated":
                                          "DATE '2024-02-01'"}, where="id >= 2"))
    expected = [(1, "Ann", "gold", D1), (2, "Bob", "SILVER!", dt.date(2024, 2, 1)),
                (3, "Cy", "GOLD!", dt.date(2024, 2, 1)), (4, "Dee", None, dt.date(2024, 2, 1))]
    assert _customers(engine) == expected
    assert rows(_folder(tmp_path), "id", "name", "tier", "updated") == expected
    assert len(static_table(_folder(tmp_path)).snapshots()) == 2


def test_a_failed_update_leaves_the_previous_snapshot(tmp_path: Path) -> None:
    engine = _loaded(tmp_path)
    before = static_table(_folder(tmp_path)).current_snapshot().snapshot_id
    with pytest.raises(QueryError):
        engine.run(iceberg.update(CUSTOMERS, {"id": "CAST(name AS bigint)"}, where=None))
    assert static_table(_folder(tmp_path)).current_snapshot().snapshot_id == before
    assert len(_customers(engine)) == 4


def test_row_level_statements_on_a_hive_table_fail_as_in_athena(tmp_path: Path) -> None:
    hive = Table(name="logs", location="s3://lake/logs/", columns=columns({"id": "bigint"}))
    engine = connect("local", tables=[hive], s3_root=tmp_path)
    for sql in ("DELETE FROM logs WHERE id = 1", "UPDATE logs SET id = 2",
                "MERGE INTO logs t USING logs s ON t.id = s.id WHEN MATCHED THEN DELETE"):
        with pytest.raises(QueryError, match="only for Iceberg tables"):
            engine.run(sql)


def test_update_of_an_unknown_column_is_refused(tmp_path: Path) -> None:
    engine = _loaded(tmp_path)
    with pytest.raises(QueryError, match="cannot be resolved"):
        engine.run("UPDATE crm.customers SET nope = 1")


def test_a_write_that_loses_a_commit_race_fails_and_leaves_the_other_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from athenakit.local.iceberg import commit

    engine = _loaded(tmp_path)
    other = _engine(tmp_path)  # a second process on the same catalog directory
    real = commit.conform
    raced: list[bool] = []

    def conform_after_a_concurrent_insert(ptable: Any, data: Any) -> Any:
        if not raced:
            raced.append(True)
            other.run("INSERT INTO crm.customers VALUES (9, 'Zed', 'gold', DATE '2024-01-09')")
        return real(ptable, data)

    monkeypatch.setattr(commit, "conform", conform_after_a_concurrent_insert)
    with pytest.raises(QueryError, match="ICEBERG_COMMIT_ERROR"):
        engine.run(iceberg.delete(CUSTOMERS, where="id = 1"))
    monkeypatch.undo()
    # the concurrent INSERT stands; the DELETE changed nothing
    assert [r[0] for r in _customers(other)] == [1, 2, 3, 4, 9]


def test_merge_insert_with_more_columns_than_values_is_refused(tmp_path: Path) -> None:
    engine = _loaded(tmp_path)
    with pytest.raises(QueryError, match="2 columns but 1 values"):
        engine.run("MERGE INTO crm.customers t USING crm.staging s ON t.id = s.id "
                   "WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id)")
    assert len(_customers(engine)) == 4
