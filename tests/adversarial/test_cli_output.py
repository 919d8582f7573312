"""Output files, line ends, terminal control characters and hostile parameters through the
CLI: nothing overwritten or billed by mistake, nothing sent raw to the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from moto_harness import OUTPUT, AthenaProxy

from athenakit.cli import main
from athenakit.errors import AthenakitError
from athenakit.local import LocalEngine


def athenakit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=300)


# -- output files: refused before the query runs -----------------------------------------------------
@pytest.mark.parametrize(("out", "message"), [
    (".", "is a directory"),
    ("missing/r.csv", "the folder missing does not exist"),
    ("r.txt", "must end with .parquet or .csv"),
    ("old.csv", "exists; pass --force to overwrite it"),
])
def test_a_bad_out_is_refused_before_the_query_is_sent(
        tmp_path: Path, proxy: AthenaProxy, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, out: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.csv").write_text("keep me\n")
    code = main(["run", "SELECT 1", "--out", out, "-q", "--endpoint-url", proxy.url,
                 "--output", OUTPUT])
    assert code == 1 and message in capsys.readouterr().err
    assert proxy.count("StartQueryExecution") == 0
    assert (tmp_path / "old.csv").read_text() == "keep me\n"


def test_force_replaces_an_existing_out_file(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("keep me\n")
    proc = athenakit("run", "--local", "SELECT 7 AS n", "--s3-root", ".", "-q", "--out",
                     "old.csv", "--force", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / "old.csv").read_text() == "n\n7\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]  # no temporary left


@pytest.mark.parametrize(("out", "message"), [
    (".", "is a directory"), ("nope/t.yaml", "does not exist"), ("t.yaml", "exists")])
def test_import_refuses_a_bad_output_and_keeps_an_existing_spec(
        tmp_path: Path, out: str, message: str) -> None:
    (tmp_path / "t.yaml").write_text("mine\n")
    (tmp_path / "t.sql").write_text("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/t/';\n")
    proc = athenakit("import", "t.sql", "-o", out, cwd=tmp_path)
    assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "t.yaml").read_text() == "mine\n"


# -- check --fix keeps line ends ----------------------------------------------------------------
def test_check_fix_keeps_crlf_byte_for_byte(tmp_path: Path) -> None:
    sql = tmp_path / "q.sql"
    sql.write_bytes(b"SELECT `a` FROM t WHERE x = 'one\r\ntwo';\r\nSELECT `b`\r\nFROM t;\r\n")
    proc = athenakit("check", "--fix", "q.sql", cwd=tmp_path)
    assert "fixed 2" in proc.stderr
    assert sql.read_bytes() == (b"SELECT \"a\" FROM t WHERE x = 'one\r\ntwo';\r\n"
                                b"SELECT \"b\"\r\nFROM t;\r\n")


# -- terminal output ---------------------------------------------------------------------------
def test_control_characters_in_data_are_escaped_in_table_output(tmp_path: Path) -> None:
    proc = athenakit("run", "--local", "SELECT chr(27) || '[2J' || chr(7) || chr(13) || "
                     "chr(155) AS \"x\" , 'a' || chr(10) || 'b' AS y", "--s3-root", ".", "-q",
                     cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[2].split(" | ") == ["\\x1b[2J\\x07\\r\\x9b", "a\\nb"]
    assert not any(ch in proc.stdout for ch in "\x1b\x07\r\x9b")


# -- parameters -----------------------------------------------------------------------------------
# https://trino.io/docs/current/language/comments.html : '--' starts a comment; Athena
# substitutes ? only in WHERE (querying-with-prepared-statements.html), so the value sits there
@pytest.mark.parametrize(("value", "expected"), [("-5", "15"), ("-0.5", "10.5"),
                                                 ("decimal:-2.25", "12.25")])
def test_a_negative_param_after_minus_is_subtracted_not_a_comment(
        tmp_path: Path, value: str, expected: str) -> None:
    proc = athenakit("run", "--local", f"SELECT 'kept' AS x WHERE 10 -? = {expected}",
                     f"--param={value}", "--s3-root", ".", "-q", "-f", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["x", "kept"]


# -- local catalog: a CTAS that fails while writing leaves nothing registered --------------------------
def test_a_ctas_failing_mid_query_registers_nothing_and_can_be_rerun(tmp_path: Path) -> None:
    engine = LocalEngine(s3_root=tmp_path / "s3", catalog_dir=tmp_path / "cat")
    with pytest.raises(AthenakitError):
        engine.run("CREATE TABLE t WITH (external_location = 's3://b/t/') AS "
                   "SELECT CAST('x' AS integer) AS a")
    assert engine.catalog.table("t") is None
    engine.run("CREATE TABLE t WITH (external_location = 's3://b/t2/') AS SELECT 1 AS a")
    assert engine.run("SELECT a FROM t").rows == [(1,)]


def test_a_spec_location_with_dotdot_is_refused_and_reads_nothing(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\nlocation: s3://b/../../../../etc/\ncolumns: "
                                     "[{name: a, type: string}]\nstorage: {format: text}\n")
    (tmp_path / "s3").mkdir()
    proc = athenakit("run", "--local", "SELECT * FROM p", "--tables", "p.yaml", "--s3-root",
                     "s3", "-q", cwd=tmp_path)
    assert proc.returncode == 1 and "'..' segment" in proc.stderr
    assert proc.stdout == "" and "root:" not in proc.stderr


def test_control_characters_in_sql_are_escaped_in_check_output(tmp_path: Path) -> None:
    (tmp_path / "q.sql").write_text('SELECT `a\x1b[2Jb` FROM t;\n')
    proc = athenakit("check", "q.sql", cwd=tmp_path)
    assert "\x1b" not in proc.stdout + proc.stderr
    assert "\\x1b[2J" in proc.stdout
