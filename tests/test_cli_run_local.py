"""`athenakit run --local` answers a question over the shipped example data with DuckDB."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).parent.parent
QUERY = ("SELECT city, count(*) AS customers, sum(lifetime_value) AS value "
         "FROM csv_quoted GROUP BY city ORDER BY value DESC")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "athenakit", "run", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})


def test_local_run_reads_quoted_csv_with_header() -> None:
    proc = run("--local", QUERY, "--tables", "examples/csv_quoted.yaml",
               "--s3-root", "examples/data", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["city", "customers", "value"]
    assert rows[1:] == [["Hampton", "1", "2200.75"], ["London", "2", "1830.5"],
                        ["New York", "1", "980.25"]]
    assert "SUCCEEDED" in proc.stderr


def test_environment_makes_local_the_default_engine() -> None:
    proc = run("SELECT count(*) AS n FROM csv_quoted", "--tables", "examples/csv_quoted.yaml",
               "--s3-root", "examples/data", "--format", "csv", env={"ATHENAKIT_ENGINE": "local"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["n", "4"]


def test_local_run_over_every_example_spec_answers_alb_question() -> None:
    import gzip

    folder = ROOT / "examples" / "data" / "athenakit-examples" / "alb_logs" / "2024" / "03" / "01"
    lines = [line.split(" ") for f in folder.glob("*.gz")
             for line in gzip.decompress(f.read_bytes()).decode().splitlines()]
    errors = sum(1 for f in lines if len(f) > 29 and f[8].startswith("5"))
    proc = run("--local", "SELECT count(*) AS errors FROM logs.alb_logs WHERE day = '2024/03/01' "
               "AND elb_status_code >= 500", "--tables", "examples", "--s3-root",
               "examples/data", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["errors", str(errors)]


def test_local_run_reports_unpinned_injected_projection_in_one_line() -> None:
    proc = run("--local", "SELECT count(*) FROM logs.vpc_flow_logs", "--tables", "examples",
               "--s3-root", "examples/data")
    assert proc.returncode == 1
    assert "CONSTRAINT_VIOLATION" in proc.stderr and "Traceback" not in proc.stderr


def test_database_option_sets_the_local_query_context() -> None:
    query = "SELECT count(*) AS n FROM cloudtrail WHERE region = 'us-east-1' AND day = '2024/03/01'"
    bare = run("--local", query, "--tables", "examples", "--s3-root", "examples/data")
    assert bare.returncode == 1 and "cloudtrail" in bare.stderr  # not in database 'default'
    with_db = run("--local", query, "--database", "logs", "--tables", "examples",
                  "--s3-root", "examples/data", "--format", "csv")
    assert with_db.returncode == 0, with_db.stderr
    assert with_db.stdout.split()[0] == "n" and int(with_db.stdout.split()[1]) > 0


def test_local_status_line_names_the_engine_instead_of_a_price() -> None:
    proc = run("--local", "SELECT 1 AS one", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.endswith("· local engine") and "$" not in last


def test_a_sql_file_that_is_not_text_is_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "binary.sql"
    script.write_bytes(b"\xdd\xff\x00 SELECT 1")
    proc = run("--local", str(script))
    assert proc.returncode == 1
    assert "not UTF-8 text" in proc.stderr and "Traceback" not in proc.stderr


def test_out_parquet_keeps_the_result_types_even_when_empty(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # https://docs.aws.amazon.com/athena/latest/ug/data-types.html
    sql = ("SELECT CAST('1.50' AS DECIMAL(12,2)) AS amount, DATE '2024-02-29' AS day, "
           "ARRAY[1, 2] AS ids, TIMESTAMP '2024-01-31 12:00:01.250' AS at")
    expected = pa.schema([("amount", pa.decimal128(12, 2)), ("day", pa.date32()),
                          ("ids", pa.list_(pa.int32())), ("at", pa.timestamp("ms"))])
    for name, where in (("full.parquet", ""), ("empty.parquet", " WHERE false")):
        out = tmp_path / name
        proc = run("--local", f"SELECT * FROM ({sql}){where}", "--out", str(out), "-q")
        assert proc.returncode == 0, proc.stderr
        table = pq.read_table(out)
        assert table.schema.remove_metadata() == expected
    assert pq.read_table(tmp_path / "full.parquet").to_pylist()[0]["amount"] == Decimal("1.50")
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def _loaded_after(argv: list[str], *, top: bool = True,
                  ) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the CLI in a fresh interpreter; the (top-level) modules it had loaded at the end."""
    names = "{m.split('.')[0] for m in sys.modules}" if top else "sys.modules"
    code = ("import sys; from athenakit.cli import main; code = main(sys.argv[1:]); "
            f"print(' '.join(sorted({names})), file=sys.stderr); "
            "sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    return proc, set(proc.stderr.strip().splitlines()[-1].split()) if proc.stderr else set()


HEAVY = {"pyarrow", "pandas", "numpy", "pyiceberg", "shapely", "xxhash", "polars", "boto3",
         "pyathena", "jinja2", "yaml"}


def test_select_1_loads_only_duckdb_and_sqlglot() -> None:
    proc, loaded = _loaded_after(["run", "--local", "SELECT 1", "-q"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["_col0", "-----", "1"]
    assert {"duckdb", "sqlglot"} <= loaded
    assert not HEAVY & loaded, sorted(HEAVY & loaded)


# What a SELECT of constants does not need: the rewrites of the semantics modules (imported for
# the node types a statement has), sqlglot's DuckDB dialect (Trino's text is DuckDB's),
# statistics (for the Python functions), the readers and writers of table files, the answers
# of SHOW / DESCRIBE, the tables that read DuckDB's errors (a failure needs them).
NOT_FOR_CONSTANTS = {
    "athenakit.local.udfs", "athenakit.local.stats", "statistics", "athenakit.local.strings",
    "athenakit.local.numeric", "athenakit.local.arrays", "athenakit.local.regexps",
    "athenakit.local.aggregates", "athenakit.local.unnest", "athenakit.local.lambdas",
    "sqlglot.dialects.duckdb", "sqlglot.generators.duckdb", "athenakit.local.readers",
    "athenakit.local.writers", "athenakit.local.show", "athenakit.local.explain",
    "athenakit.local.hiveddl", "athenakit.local.iceberg", "athenakit.query.arrow",
    "athenakit.local.answers", "athenakit.local.runtime_errors",
}


def test_select_1_loads_no_rewrite_module_nor_duckdbs_sql_dialect() -> None:
    proc, loaded = _loaded_after(["run", "--local", "SELECT 1", "-q"], top=False)
    assert proc.returncode == 0, proc.stderr
    assert "athenakit.local.rewrites" in loaded  # (the check is not vacuous)
    assert not NOT_FOR_CONSTANTS & loaded, sorted(NOT_FOR_CONSTANTS & loaded)


def test_a_compatibility_function_is_created_when_a_statement_calls_it() -> None:
    # https://trino.io/docs/current/functions/array.html#slice: 1-based start;
    # https://trino.io/docs/current/functions/url.html#url_extract_host
    proc, loaded = _loaded_after(["run", "--local", "-q", "--format", "csv",
                                  ("SELECT slice(ARRAY[1, 2, 3, 4], 2, 2) AS s, "
                                   "url_extract_host('http://example.com:80/a') AS h")])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == '"[2, 3]",example.com'
    assert "pyarrow" not in loaded and "numpy" not in loaded
