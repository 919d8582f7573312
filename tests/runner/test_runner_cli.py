"""``athenakit run`` and ``athenakit apply`` end to end against moto (and the proxy)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from moto_harness import OUTPUT, AthenaProxy, MotoServer, athena_client

from athenakit.cli import main
from athenakit.query.base import QueryEvent
from athenakit.query.params import parse_param
from athenakit.runner.status import StatusLine

COLS = [{"Name": "id", "Type": "integer"}, {"Name": "name", "Type": "varchar"}]
SPEC = """\
database: analytics
name: events
location: s3://data/events/
columns:
  - {name: id, type: bigint}
  - {name: payload, type: string}
partitions:
  - {name: dt, type: string}
storage: {format: parquet}
"""


def cli(url: str, *args: str) -> int:
    return main([*args, "--endpoint-url", url, "--output", OUTPUT])


def test_run_prints_rows_and_stats(moto: MotoServer, capsys: pytest.CaptureFixture[str]) -> None:
    moto.queue_results(COLS, [["1", "a"], ["2", None]])
    assert cli(moto.url, "run", "SELECT id, name FROM t") == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["id | name", "---+-----", "1  | a", "2  | NULL"]
    assert "SUCCEEDED" in err and "scanned 0 B" in err and "$0.000048" in err


@pytest.mark.parametrize(("fmt", "expected"), [
    ("csv", "id,name\n1,a\n2,\n"),
    ("jsonl", '{"id": 1, "name": "a"}\n{"id": 2, "name": null}\n'),
])
def test_run_formats_rows(moto: MotoServer, capsys: pytest.CaptureFixture[str], fmt: str,
                          expected: str) -> None:
    moto.queue_results(COLS, [["1", "a"], ["2", None]])
    assert cli(moto.url, "run", "SELECT 1", "--format", fmt, "--quiet") == 0
    out, err = capsys.readouterr()
    assert out == expected and err == ""


def test_run_json_writes_decimals_and_dates(moto: MotoServer,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    moto.queue_results([{"Name": "d", "Type": "date"}, {"Name": "x", "Type": "decimal"}],
                       [["2024-01-31", "1.10"]])
    assert cli(moto.url, "run", "SELECT 1", "-f", "json", "-q") == 0
    assert json.loads(capsys.readouterr().out) == [{"d": "2024-01-31", "x": "1.10"}]


def test_run_sends_typed_parameters(moto: MotoServer, proxy: AthenaProxy) -> None:
    code = main(["run", "SELECT * FROM t WHERE a = ? AND b = ? AND c = ?", "--param", "42",
                 "--param", "str:42", "-p", "date:2024-01-31", "-q",
                 "--endpoint-url", proxy.url, "--output", OUTPUT])
    assert code == 0
    assert proxy.sent("StartQueryExecution")[0]["ExecutionParameters"] == [
        "42", "'42'", "DATE '2024-01-31'"]


def test_a_wrong_parameter_count_is_one_line_and_exit_1(
        moto: MotoServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(moto.url, "run", "SELECT ?") == 1
    err = capsys.readouterr().err
    assert err.startswith("athenakit: error: the statement has 1 '?'") and err.count("\n") == 1


def test_a_file_runs_in_order_and_stops_at_the_first_failure(
        moto: MotoServer, proxy: AthenaProxy, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    def fail_second(response: dict[str, Any]) -> dict[str, Any]:
        execution = response["QueryExecution"]
        if "SELECT 'two;'" in execution["Query"]:
            execution["Status"] = {"State": "FAILED", "AthenaError": {
                "ErrorCategory": 2, "ErrorType": 1001, "Retryable": False,
                "ErrorMessage": "SYNTAX_ERROR: line 1:8: boom"}}
        return response

    proxy.rewrite("GetQueryExecution", fail_second)
    script = tmp_path / "job.sql"
    script.write_text("SELECT 1; -- first;\nSELECT 'two;' FROM t;\n/* ; */ SELECT 3;\n")
    assert main(["run", str(script), "--endpoint-url", proxy.url, "--output", OUTPUT]) == 1
    err = capsys.readouterr().err
    assert "state FAILED" in err and "error category 2" in err and "SYNTAX_ERROR" in err
    assert " · FAILED · scanned 0 B" in err and "$0.000000" in err   # failed queries are free
    assert [b["QueryString"] for b in proxy.sent("StartQueryExecution")] == [
        "SELECT 1", "SELECT 'two;' FROM t"]  # comments between statements are not sent


def test_out_writes_parquet_and_csv(moto: MotoServer, tmp_path: Path) -> None:
    for name in ("r.parquet", "r.csv"):
        moto.queue_results(COLS, [["1", "a"], ["2", "b"]])
        assert cli(moto.url, "run", "SELECT 1", "-q", "--out", str(tmp_path / name)) == 0
    assert pq.read_table(tmp_path / "r.parquet").to_pylist() == [
        {"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    assert (tmp_path / "r.csv").read_text() == "id,name\n1,a\n2,b\n"


def test_a_missing_output_location_is_explained(moto: MotoServer,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "SELECT 1", "--endpoint-url", moto.url]) == 1
    err = capsys.readouterr().err
    assert "--output" in err and "ATHENAKIT_OUTPUT" in err
    assert "testing-secret" not in err


def test_explain_prints_the_plan(moto: MotoServer, proxy: AthenaProxy,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    moto.queue_results([{"Name": "Query Plan", "Type": "varchar"}], [["Output[x]"]])
    assert main(["run", "SELECT x FROM t", "--explain", "plan", "-f", "csv", "-q",
                 "--endpoint-url", proxy.url, "--output", OUTPUT]) == 0
    assert capsys.readouterr().out == "Query Plan\nOutput[x]\n"
    assert proxy.sent("StartQueryExecution")[0]["QueryString"] == "EXPLAIN SELECT x FROM t"


def test_ctrl_c_stops_the_query_and_exits_130(moto: MotoServer) -> None:
    moto.hold_queries(10**6)
    process = subprocess.Popen(
        [sys.executable, "-m", "athenakit", "run", "SELECT slow", "--endpoint-url", moto.url,
         "--output", OUTPUT], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    assert first.startswith("query ") and first.rstrip().endswith("started")
    query_id = first.split()[1]
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert f"interrupted; query {query_id} stopped" in err
    state = athena_client(moto.url).get_query_execution(QueryExecutionId=query_id)
    assert state["QueryExecution"]["Status"]["State"] == "CANCELLED"


def test_a_timeout_exits_1_with_a_clear_message(moto: MotoServer,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    moto.hold_queries(10**6)
    assert cli(moto.url, "run", "SELECT slow", "--timeout", "0.2") == 1
    assert "timed out after 0.2s and was stopped" in capsys.readouterr().err


def test_the_status_line_is_live_on_a_terminal_and_plain_otherwise() -> None:
    events = [QueryEvent("q1", "QUEUED"), QueryEvent("q1", "RUNNING", 1.5, 2048),
              QueryEvent("q1", "RUNNING", 2.5, 4096), QueryEvent("q1", "SUCCEEDED", 3.0)]
    live, plain = io.StringIO(), io.StringIO()
    live_line, plain_line = StatusLine(live, live=True), StatusLine(plain)
    for event in events:
        live_line(event)
        plain_line(event)
    assert "\rRUNNING      2.5s  scanned 4.00 KB" in live.getvalue()
    assert plain.getvalue().splitlines() == [
        "query q1 started", "query q1 QUEUED after 0.0s", "query q1 RUNNING after 1.5s",
        "query q1 SUCCEEDED after 3.0s"]


@pytest.mark.parametrize(("text", "value"), [
    ("42", 42), ("str:42", "42"), ("1.50", Decimal("1.50")),
    ("bool:true", True), ("null:", None), ("abc", "abc"), ("nan", "nan"),
])
def test_cli_parameters_are_typed(text: str, value: Any) -> None:
    assert parse_param(text) == value


# --- apply -----------------------------------------------------------------------------------

def test_apply_dry_run_prints_ddl_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       proxy: AthenaProxy) -> None:
    (tmp_path / "events.yaml").write_text(SPEC)
    assert main(["apply", str(tmp_path), "--dry-run", "--endpoint-url", proxy.url]) == 0
    out = capsys.readouterr().out
    assert "CREATE DATABASE IF NOT EXISTS analytics;" in out
    assert "CREATE EXTERNAL TABLE IF NOT EXISTS analytics.events (" in out
    assert proxy.state.calls == []


def test_apply_creates_what_is_missing_and_is_idempotent(
        tmp_path: Path, moto: MotoServer, proxy: AthenaProxy,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "events.yaml"
    spec.write_text(SPEC)
    args = ["apply", str(spec), "-q", "--endpoint-url", proxy.url, "--output", OUTPUT]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        "database analytics: created", "table analytics.events: created"]
    queries = [b["QueryString"] for b in proxy.sent("StartQueryExecution")]
    assert queries[0].startswith("CREATE DATABASE IF NOT EXISTS analytics")
    assert queries[1] == "SHOW TABLES IN analytics"
    assert queries[2].startswith("CREATE EXTERNAL TABLE IF NOT EXISTS analytics.events")
    # Second run: moto now knows the database; SHOW TABLES lists the table, and SHOW CREATE
    # TABLE gives it back as Athena prints it (backticked name, a catalog-only property).
    proxy.reset()
    queue_existing(moto, athena_ddl(SPEC))
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        "database analytics: exists", "table analytics.events: exists"]
    assert [b["QueryString"] for b in proxy.sent("StartQueryExecution")] == [
        "SHOW TABLES IN analytics", "SHOW CREATE TABLE analytics.events"]


def athena_ddl(spec_text: str) -> str:
    """The DDL of a spec the way SHOW CREATE TABLE prints it."""
    from athenakit.table.render import create_table
    from athenakit.table.spec import loads_spec

    [table] = loads_spec(spec_text)
    ddl = create_table(table).replace("analytics.events", "`analytics.events`")
    return ddl.rstrip().rstrip(")") + ",\n  'transient_lastDdlTime'='1700000000')" \
        if "TBLPROPERTIES" in ddl else ddl + "TBLPROPERTIES ('transient_lastDdlTime'='1700000000')"


def queue_existing(moto: MotoServer, ddl: str) -> None:
    moto.queue_results([{"Name": "tab_name", "Type": "varchar"}], [["events"]], header=False)
    moto.queue_results([{"Name": "createtab_stmt", "Type": "varchar"}],
                       [[line] for line in ddl.splitlines()], header=False)


def test_apply_lists_how_an_existing_table_differs_and_check_fails_on_it(
        tmp_path: Path, moto: MotoServer, proxy: AthenaProxy,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "events.yaml"
    spec.write_text(SPEC)
    live = SPEC.replace("{name: payload, type: string}", "{name: payload, type: binary}")
    live = live.replace("s3://data/events/", "s3://data/events-v1/")
    args = ["apply", str(spec), "-q", "--endpoint-url", proxy.url, "--output", OUTPUT]
    assert main(args) == 0  # creates the database (and the table)
    capsys.readouterr()
    proxy.reset()
    for check, code in ((False, 0), (True, 1)):
        queue_existing(moto, athena_ddl(live))
        assert main([*args, "--check"] if check else args) == code
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1:] == [
            "table analytics.events: exists, differs from its spec:",
            "  column payload: type is binary, the spec says string",
            "  location is 's3://data/events-v1/', the spec says 's3://data/events/'",
        ]
        assert ("differ from their specs" in captured.err) is check
    sent = [b["QueryString"] for b in proxy.sent("StartQueryExecution")]
    assert sent == ["SHOW TABLES IN analytics", "SHOW CREATE TABLE analytics.events"] * 2


def test_apply_needs_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(SPEC.replace("database: analytics\n", ""))
    assert main(["apply", str(spec), "--dry-run"]) == 1
    assert "--database" in capsys.readouterr().err
    assert main(["apply", str(spec), "--dry-run", "-d", "web"]) == 0
    out = capsys.readouterr().out
    assert "CREATE DATABASE IF NOT EXISTS web;" in out
    assert "CREATE EXTERNAL TABLE IF NOT EXISTS web.events (" in out
