"""The athenakit CLI as a user runs it: exit codes, stdout/stderr, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from athenakit.cli import main
from athenakit.table.spec import load_spec

ROOT = Path(__file__).parent.parent
GOOD = "name: t\nlocation: s3://b/t/\ncolumns:\n  - {name: id, type: bigint}\n"


def athenakit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_ddl_prints_the_create_statement(tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(GOOD)
    proc = athenakit("ddl", str(spec))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("CREATE EXTERNAL TABLE t (\n  id bigint\n)")
    assert proc.stdout.rstrip().endswith(";")


def test_ddl_of_an_invalid_spec_names_file_and_field_without_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(GOOD.replace("bigint", "bigin").replace("location", "locaton"))
    proc = athenakit("ddl", str(spec))
    assert proc.returncode == 1
    assert f"{spec}:4: columns[0].type: error AK100" in proc.stderr
    assert "did you mean 'location'?" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_yaml_syntax_errors_give_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("name: t\ncolumns: [\n  {name: a\n")
    proc = athenakit("ddl", str(spec))
    # the parser notices at the end of the file; the error points at the unclosed '{'
    assert proc.returncode == 1 and f"{spec}:3:3:" in proc.stderr
    assert "opened at line 3" in proc.stderr and "Traceback" not in proc.stderr


def test_usage_errors_exit_2() -> None:
    assert athenakit("ddl").returncode == 2
    assert athenakit("no-such-command").returncode == 2


def test_ddl_with_database_prints_create_database_first(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text("database: logs\n" + GOOD)
    assert main(["ddl", "--database", str(spec)]) == 0
    out = capsys.readouterr().out
    assert out.index("CREATE DATABASE IF NOT EXISTS logs") < out.index("CREATE EXTERNAL TABLE")


def test_import_writes_a_spec_that_renders_the_same_table(tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(GOOD)
    ddl = athenakit("ddl", str(spec)).stdout
    out = tmp_path / "back.yaml"
    proc = athenakit("import", "-", "-o", str(out), stdin=ddl)
    assert proc.returncode == 0, proc.stderr
    assert load_spec(out) == load_spec(spec)


def test_import_of_bad_sql_names_line_and_column(tmp_path: Path) -> None:
    ddl = tmp_path / "bad.sql"
    ddl.write_text("CREATE EXTERNAL TABLE t (\n  a int b c\n) LOCATION 's3://b/'\n")
    proc = athenakit("import", str(ddl))
    assert proc.returncode == 1
    assert f"{ddl}:2:" in proc.stderr and "Traceback" not in proc.stderr


def test_schema_is_json_describing_every_table_key() -> None:
    proc = athenakit("schema")
    schema = json.loads(proc.stdout)
    table = schema["oneOf"][1]
    assert {"name", "columns", "partitions", "storage", "projection"} <= set(table["properties"])


def test_ddl_does_not_import_heavy_libraries(tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(GOOD)
    code = (f"import sys; from athenakit.cli import main; main(['ddl', {str(spec)!r}]); "
            "heavy = {'boto3', 'pyathena', 'duckdb', 'pandas', 'pyarrow', 'sqlglot'}; "
            "print(sorted(heavy & set(sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr.strip() == "[]", proc.stderr
