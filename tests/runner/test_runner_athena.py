"""The Athena runner against moto's server over real HTTP (boto3 clients, no fakes)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from moto_harness import OUTPUT, REGION, AthenaProxy, MotoServer, athena_client, fast_retry

from athenakit.errors import ConfigError, QueryCancelled, QueryError
from athenakit.query.base import QueryEvent, run_statements
from athenakit.query.params import ParameterError
from athenakit.runner import Runner
from athenakit.runner.athena import Athena

COLS = [{"Name": "n", "Type": "integer"}, {"Name": "s", "Type": "varchar"}]


def execution(moto: MotoServer, query_id: str) -> dict[str, Any]:
    return athena_client(moto.url).get_query_execution(  # type: ignore[no-any-return]
        QueryExecutionId=query_id)["QueryExecution"]


def test_the_runner_satisfies_the_engine_neutral_protocol(athena: Athena) -> None:
    assert isinstance(athena, Runner)


def test_rows_are_converted_by_their_athena_types(moto: MotoServer, athena: Athena) -> None:
    moto.queue_results(
        [{"Name": "d", "Type": "date"}, {"Name": "ts", "Type": "timestamp"},
         {"Name": "amount", "Type": "decimal", "Precision": 10, "Scale": 2},
         {"Name": "tags", "Type": "array"}, {"Name": "attrs", "Type": "map"},
         {"Name": "r", "Type": "row"}, {"Name": "j", "Type": "json"},
         {"Name": "ok", "Type": "boolean"}, {"Name": "x", "Type": "double"}],
        [["2024-01-31", "2024-01-31 12:00:00.000", "9.99", "[a, b]", "{k=1}",
          "{id=7, name=z}", '{"a": 1}', "true", "0.5"],
         [None] * 9],
    )
    result = athena.run("SELECT * FROM t")
    assert [c.type for c in result.columns][:3] == ["date", "timestamp", "decimal(10,2)"]
    assert result.rows[0] == (dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 12),
                              Decimal("9.99"), ["a", "b"], {"k": 1}, {"id": 7, "name": "z"},
                              {"a": 1}, True, 0.5)
    assert result.rows[1] == (None,) * 9
    frame = result.to_pandas()
    assert list(frame.columns) == ["d", "ts", "amount", "tags", "attrs", "r", "j", "ok", "x"]
    assert result.to_arrow().num_rows == 2


def test_parameters_are_sent_as_execution_parameters(moto: MotoServer, athena: Athena) -> None:
    moto.queue_results(COLS, [["1", "a"]])
    result = athena.run("SELECT * FROM t WHERE s = ? AND d = ? AND n > ?",
                        ["it's", dt.date(2024, 1, 31), 3])
    sent = execution(moto, result.stats.query_id)
    assert sent["ExecutionParameters"] == ["'it''s'", "DATE '2024-01-31'", "3"]
    assert sent["Query"] == "SELECT * FROM t WHERE s = ? AND d = ? AND n > ?"


def test_a_wrong_parameter_count_sends_nothing(proxied: Athena, proxy: AthenaProxy) -> None:
    with pytest.raises(ParameterError):
        proxied.run("SELECT ?", [1, 2])
    assert proxy.count("StartQueryExecution") == 0


def test_context_workgroup_and_reuse_are_sent(moto: MotoServer, proxy: AthenaProxy) -> None:
    athena_client(moto.url).create_work_group(Name="etl", Configuration={})
    runner = Athena(endpoint_url=proxy.url, output=OUTPUT, region=REGION, database="sales",
                    catalog="AwsDataCatalog", workgroup="etl", reuse_minutes=60,
                    poll_interval=0.01, retry=fast_retry())
    result = runner.run("SELECT 1")
    (body,) = proxy.sent("StartQueryExecution")
    assert body["QueryExecutionContext"] == {"Database": "sales", "Catalog": "AwsDataCatalog"}
    assert body["WorkGroup"] == "etl"
    assert body["ResultReuseConfiguration"] == {
        "ResultReuseByAgeConfiguration": {"Enabled": True, "MaxAgeInMinutes": 60}}
    assert body["ResultConfiguration"] == {"OutputLocation": OUTPUT}
    assert 32 <= len(body["ClientRequestToken"]) <= 128
    assert execution(moto, result.stats.query_id)["WorkGroup"] == "etl"


def _with_stats(scanned: int, *, reused: bool = False, kind: str = "DML"):  # type: ignore[no-untyped-def]
    def rewrite(response: dict[str, Any]) -> dict[str, Any]:
        execution = response["QueryExecution"]
        execution["StatementType"] = kind
        execution["Statistics"].update(
            DataScannedInBytes=scanned, EngineExecutionTimeInMillis=1200,
            QueryQueueTimeInMillis=80, TotalExecutionTimeInMillis=1400,
            ResultReuseInformation={"ReusedPreviousResult": reused})
        return response
    return rewrite


# https://aws.amazon.com/athena/pricing/ : $5/TB, rounded up to the MB, 10 MB minimum.
@pytest.mark.parametrize(("scanned", "reused", "kind", "cost"), [
    (1, False, "DML", 10 * 2**20 / 2**40 * 5),
    (2**40, False, "DML", 5.0),
    (2**40 + 1, False, "DML", (2**40 + 2**20) / 2**40 * 5),
    (2**40, True, "DML", 0.0),
    (2**40, False, "DDL", 0.0),
])
def test_stats_report_time_scanned_bytes_and_cost(
        proxied: Athena, proxy: AthenaProxy, scanned: int, reused: bool, kind: str,
        cost: float) -> None:
    proxy.rewrite("GetQueryExecution", _with_stats(scanned, reused=reused, kind=kind))
    stats = proxied.run("SELECT 1").stats
    assert (stats.data_scanned_bytes, stats.engine_ms, stats.queue_ms, stats.total_ms) == (
        scanned, 1200, 80, 1400)
    assert stats.reused is reused
    assert stats.cost_usd == pytest.approx(cost)


def _failed(retryable: bool, only_first: bool = False):  # type: ignore[no-untyped-def]
    seen: set[str] = set()

    def rewrite(response: dict[str, Any]) -> dict[str, Any]:
        execution = response["QueryExecution"]
        if only_first and seen and execution["QueryExecutionId"] not in seen:
            return response
        seen.add(execution["QueryExecutionId"])
        execution["Status"] = {
            "State": "FAILED", "StateChangeReason": "TABLE_NOT_FOUND: Table t does not exist",
            "AthenaError": {"ErrorCategory": 2, "ErrorType": 1301, "Retryable": retryable,
                            "ErrorMessage": "TABLE_NOT_FOUND: line 1:15: Table t does not exist"},
        }
        execution["Statistics"]["DataScannedInBytes"] = 5 * 2**20
        return response
    return rewrite


def test_a_failed_query_raises_with_id_state_category_and_message(
        proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.rewrite("GetQueryExecution", _failed(retryable=False))
    with pytest.raises(QueryError) as info:
        proxied.run("SELECT * FROM t")
    err = info.value
    assert (err.state, err.category, err.error_type) == ("FAILED", 2, 1301)
    assert err.query_id and err.query_id in str(err)
    assert "TABLE_NOT_FOUND: line 1:15" in str(err) and "error category 2" in str(err)
    assert proxy.count("StartQueryExecution") == 1     # never re-run a non-retryable failure


def test_a_retryable_failure_is_run_again(proxied: Athena, proxy: AthenaProxy) -> None:
    proxy.rewrite("GetQueryExecution", _failed(retryable=True, only_first=True))
    result = proxied.run("SELECT 1")
    assert result.stats.state == "SUCCEEDED"
    assert proxy.count("StartQueryExecution") == 2


def test_cancel_stops_the_query_in_athena(moto: MotoServer, athena: Athena) -> None:
    moto.hold_queries(10**6)
    events: list[QueryEvent] = []
    athena.on_event = events.append
    started = threading.Event()
    athena.on_event = lambda e: (events.append(e), started.set())  # type: ignore[func-returns-value]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            athena.run("SELECT sleep")
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    assert started.wait(20)
    athena.cancel()
    thread.join(20)
    assert len(errors) == 1 and isinstance(errors[0], QueryCancelled)
    query_id = events[0].query_id
    assert errors[0].query_id == query_id
    assert execution(moto, query_id)["Status"]["State"] == "CANCELLED"


def test_a_timeout_stops_the_query_with_a_clear_message(moto: MotoServer) -> None:
    moto.hold_queries(10**6)
    runner = Athena(endpoint_url=moto.url, output=OUTPUT, region=REGION, timeout=0.3,
                    poll_interval=0.05, retry=fast_retry())
    with pytest.raises(QueryCancelled, match="timed out after 0.3s and was stopped") as info:
        runner.run("SELECT slow")
    assert info.value.query_id
    assert execution(moto, info.value.query_id)["Status"]["State"] == "CANCELLED"


def test_ctrl_c_stops_the_query_and_propagates(moto: MotoServer, athena: Athena) -> None:
    moto.hold_queries(10**6)
    ids: list[str] = []

    def interrupt(event: QueryEvent) -> None:
        ids.append(event.query_id)
        if event.state == "QUEUED" and len(ids) > 1:
            raise KeyboardInterrupt

    athena.on_event = interrupt
    with pytest.raises(KeyboardInterrupt):
        athena.run("SELECT slow")
    assert execution(moto, ids[0])["Status"]["State"] == "CANCELLED"


def test_the_query_id_is_reported_before_the_query_ends(moto: MotoServer, athena: Athena) -> None:
    moto.hold_queries(2)
    events: list[QueryEvent] = []
    athena.on_event = events.append
    result = athena.run("SELECT 1")
    assert events[0].query_id == result.stats.query_id and events[0].state == "QUEUED"
    assert [e.state for e in events][-1] == "SUCCEEDED"
    assert "RUNNING" in [e.state for e in events]


def test_a_missing_output_location_says_how_to_set_it(moto: MotoServer) -> None:
    runner = Athena(endpoint_url=moto.url, region=REGION)
    with pytest.raises(ConfigError, match="ATHENAKIT_OUTPUT"):
        runner.run("SELECT 1")


def test_the_workgroup_output_location_is_used(moto: MotoServer, proxy: AthenaProxy) -> None:
    athena_client(moto.url).create_work_group(
        Name="wg", Configuration={"ResultConfiguration": {"OutputLocation": "s3://wg-out/x/"}})
    runner = Athena(endpoint_url=proxy.url, region=REGION, workgroup="wg", poll_interval=0.01)
    runner.run("SELECT 1")
    assert proxy.sent("StartQueryExecution")[0]["ResultConfiguration"] == {
        "OutputLocation": "s3://wg-out/x/"}


def test_a_missing_region_says_how_to_set_it(
        moto: MotoServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(ConfigError, match="AWS_REGION"):
        Athena(endpoint_url=moto.url, output=OUTPUT).run("SELECT 1")


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ConfigError, match="s3://"):
        Athena(output="/tmp/x")
    with pytest.raises(ConfigError, match="10080"):
        Athena(reuse_minutes=20000)
    with pytest.raises(ConfigError, match="unknown"):
        Athena(colour="blue")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHENAKIT_WORKGROUP", "env-wg")
    monkeypatch.setenv("ATHENAKIT_OUTPUT", "s3://env/out/")
    monkeypatch.setenv("ATHENAKIT_REUSE_MINUTES", "15")
    runner = Athena(workgroup="arg-wg")
    assert (runner.config.workgroup, runner.config.output, runner.config.reuse_minutes) == (
        "arg-wg", "s3://env/out/", 15)


def test_explain_returns_the_plan_text(moto: MotoServer, proxied: Athena,
                                       proxy: AthenaProxy) -> None:
    moto.queue_results([{"Name": "Query Plan", "Type": "varchar"}],
                       [["Fragment 0 [SINGLE]"], ["    Output[x]"]])
    plan = proxied.explain("SELECT x FROM t WHERE y = ?", [1], analyze=True)
    assert plan == "Fragment 0 [SINGLE]\n    Output[x]"
    body = proxy.sent("StartQueryExecution")[0]
    assert body["QueryString"] == "EXPLAIN ANALYZE SELECT x FROM t WHERE y = ?"
    assert body["ExecutionParameters"] == ["1"]


def test_named_queries_are_created_listed_and_run_by_name(
        moto: MotoServer, athena: Athena) -> None:
    query_id = athena.create_named_query("daily", "SELECT n, s FROM t", database="sales",
                                         description="daily report")
    listed = athena.list_named_queries()
    assert [(q.id, q.name, q.sql, q.database) for q in listed] == [
        (query_id, "daily", "SELECT n, s FROM t", "sales")]
    moto.queue_results(COLS, [["5", "e"]])
    result = athena.run_named("daily")
    assert result.rows == [(5, "e")]
    sent = execution(moto, result.stats.query_id)
    assert sent["Query"] == "SELECT n, s FROM t"
    assert sent["QueryExecutionContext"]["Database"] == "sales"
    with pytest.raises(ConfigError, match="no named query 'weekly'"):
        athena.run_named("weekly")


def test_prepared_statements_prepare_execute_and_deallocate(
        moto: MotoServer, proxied: Athena, proxy: AthenaProxy) -> None:
    proxied.prepare("by_day", "SELECT * FROM logs WHERE day = ? AND n > ?")
    stored = athena_client(moto.url).get_prepared_statement(
        StatementName="by_day", WorkGroup="primary")["PreparedStatement"]
    assert stored["QueryStatement"] == "SELECT * FROM logs WHERE day = ? AND n > ?"
    moto.queue_results(COLS, [["1", "x"]])
    result = proxied.execute("by_day", [dt.date(2024, 1, 31), 2])
    assert result.rows == [(1, "x")]
    with pytest.raises(ParameterError, match="2 '\\?' placeholder"):
        proxied.execute("by_day", ["only one"])
    proxied.deallocate("by_day")
    queries = [b["QueryString"] for b in proxy.sent("StartQueryExecution")]
    assert queries == ["EXECUTE by_day USING DATE '2024-01-31', 2", "DEALLOCATE PREPARE by_day"]


def test_statements_run_in_order_and_stop_at_the_first_failure(
        proxied: Athena, proxy: AthenaProxy) -> None:
    def fail_second(response: dict[str, Any]) -> dict[str, Any]:
        if response["QueryExecution"]["Query"] == "SELECT 2":
            return _failed(retryable=False)(response)  # type: ignore[no-any-return]
        return response

    proxy.rewrite("GetQueryExecution", fail_second)
    with pytest.raises(QueryError):
        run_statements(proxied, ["SELECT 1", "SELECT 2", "SELECT 3"])
    assert [b["QueryString"] for b in proxy.sent("StartQueryExecution")] == [
        "SELECT 1", "SELECT 2"]


def test_a_cancelled_query_is_billed_for_what_it_scanned(moto: MotoServer, proxy: AthenaProxy) -> None:
    moto.hold_queries(10**6)
    proxy.rewrite("GetQueryExecution", _with_stats(2**30))
    runner = Athena(endpoint_url=proxy.url, output=OUTPUT, region=REGION, timeout=0.2,
                    poll_interval=0.05, retry=fast_retry())
    with pytest.raises(QueryCancelled):
        runner.run("SELECT slow")
    stats = runner.last_stats
    assert stats is not None and stats.state == "CANCELLED"
    assert stats.cost_usd == pytest.approx(5 / 1024)


def test_a_failed_query_keeps_its_stats_and_costs_nothing(proxied: Athena,
                                                          proxy: AthenaProxy) -> None:
    proxy.rewrite("GetQueryExecution", _failed(retryable=False))
    with pytest.raises(QueryError):
        proxied.run("SELECT 1")
    assert proxied.last_stats is not None
    assert proxied.last_stats.data_scanned_bytes == 5 * 2**20
    assert proxied.last_stats.cost_usd == 0.0


def test_connect_gives_a_pyathena_connection_with_the_same_settings(
        moto: MotoServer, athena: Athena) -> None:
    moto.queue_results(COLS, [["3", "c"]])
    cursor = athena.connect().cursor()
    cursor.execute("SELECT n, s FROM t WHERE s = %(s)s", {"s": "c"})
    assert cursor.fetchall() == [(3, "c")]
    assert execution(moto, cursor.query_id)["Query"] == "SELECT n, s FROM t WHERE s = 'c'"
