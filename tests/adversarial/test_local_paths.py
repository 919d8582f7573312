"""Hostile names, locations and catalog files on the local engine stay inside their roots."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from athenakit.errors import AthenakitError
from athenakit.local import LocalEngine
from athenakit.local.partitions import escape_path_name


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path, Path]:
    sentinel = tmp_path / "precious"
    sentinel.mkdir()
    (sentinel / "keep.txt").write_text("x")
    return tmp_path / "s3", tmp_path / "catalog", sentinel


# https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
@pytest.mark.parametrize("name", ["../precious", "..", "/tmp", "a/b", "."])
def test_hostile_database_names_are_refused_and_nothing_outside_is_deleted(roots, name):
    s3, cat, sentinel = roots
    engine = LocalEngine(s3_root=s3, catalog_dir=cat)
    for sql in (f'CREATE DATABASE "{name}"', f'DROP DATABASE "{name}" CASCADE'):
        with pytest.raises(AthenakitError):
            engine.run(sql)
    assert (sentinel / "keep.txt").exists()
    assert cat.parent.exists() and s3.parent.exists()


def test_hostile_view_and_ctas_names_are_refused(roots):
    s3, cat, sentinel = roots
    engine = LocalEngine(s3_root=s3, catalog_dir=cat)
    with pytest.raises(AthenakitError):
        engine.run('CREATE VIEW "../precious/v" AS SELECT 1 AS a')
    with pytest.raises(AthenakitError):
        engine.run('CREATE TABLE "../x" AS SELECT 1 AS a')
    assert sorted(p.name for p in sentinel.iterdir()) == ["keep.txt"]


def test_dotdot_ctas_location_is_refused(roots):
    s3, cat, sentinel = roots
    engine = LocalEngine(s3_root=s3, catalog_dir=cat)
    with pytest.raises(AthenakitError):
        engine.run("CREATE TABLE t WITH (external_location = 's3://b/../../precious/') "
                   "AS SELECT 1 AS a")
    assert sorted(p.name for p in sentinel.iterdir()) == ["keep.txt"]
    assert engine.catalog.table("t") is None


def test_partition_values_with_slash_and_dotdot_stay_in_one_folder(roots):
    s3, cat, sentinel = roots
    engine = LocalEngine(s3_root=s3, catalog_dir=cat)
    engine.run("CREATE TABLE t WITH (external_location = 's3://b/t/', partitioned_by = "
               "ARRAY['p']) AS SELECT 1 AS a, '../../../precious/x' AS p")
    folders = [p.name for p in (s3 / "b" / "t").iterdir()]
    assert folders == ["p=" + escape_path_name("../../../precious/x")]
    assert "%2F" in folders[0]
    assert sorted(p.name for p in sentinel.iterdir()) == ["keep.txt"]
    assert engine.run("SELECT p FROM t").rows == [("../../../precious/x",)]


def test_damaged_catalog_file_is_one_line_naming_it(roots):
    s3, cat, _ = roots
    (cat / "default").mkdir(parents=True)
    bad = cat / "default" / "t.table.json"
    bad.write_bytes(b'{"tables": [\xff')
    proc = subprocess.run(
        [sys.executable, "-m", "athenakit", "run", "--local", "--catalog-dir", str(cat),
         "--s3-root", str(s3), "SELECT 1"], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr


def _add_partition(args: tuple[str, str, int]) -> None:
    s3, cat, i = args
    LocalEngine(s3_root=s3, catalog_dir=cat).run(f"ALTER TABLE t ADD PARTITION (p = '{i}')")


def _create(args: tuple[str, str]) -> bool:
    s3, cat = args
    try:
        LocalEngine(s3_root=s3, catalog_dir=cat).run(
            "CREATE EXTERNAL TABLE u (a int) LOCATION 's3://b/u/'")
    except AthenakitError:
        return False
    return True


def test_concurrent_processes_keep_every_partition_and_one_create(roots):
    s3, cat, _ = roots
    LocalEngine(s3_root=s3, catalog_dir=cat).run(
        "CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (p string) LOCATION 's3://b/t/'")
    # spawned, not forked: a child forked from a process running DuckDB's threads can crash
    # collecting the garbage it inherits
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        pool.map(_add_partition, [(str(s3), str(cat), i) for i in range(6)])
        created = pool.map(_create, [(str(s3), str(cat))] * 4)
    table = LocalEngine(s3_root=s3, catalog_dir=cat).catalog
    assert len(table.registered(table.table("t"))) == 6
    assert created.count(True) == 1


from hypothesis import given
from hypothesis import strategies as st


@given(st.text(min_size=1))
def test_escaped_partition_values_are_one_safe_segment_that_unquotes_back(value):
    from athenakit.local.partitions import hive_values

    escaped = escape_path_name(value)
    assert "/" not in escaped and escaped != ".."
    assert hive_values(f"p={escaped}/f")["p"] == value
