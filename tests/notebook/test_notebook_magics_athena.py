"""%%athena against moto's server over real HTTP through the Athena runner: results, failures
shown as one line, and a kernel interrupt that stops the query in Athena."""

from __future__ import annotations

import _thread
import threading
import time
from typing import Any

from IPython.utils.capture import capture_output
from moto_harness import OUTPUT, REGION, AthenaProxy, MotoServer, athena_client

COLS = [{"Name": "n", "Type": "integer"}, {"Name": "s", "Type": "varchar"}]


def options(endpoint: str) -> str:
    return f"--endpoint-url {endpoint} --region {REGION} --output {OUTPUT}"


def run(shell: Any, cell: str) -> tuple[Any, Any]:
    with capture_output() as captured:
        outcome = shell.run_cell(cell)
    return outcome, captured


def execution(moto: MotoServer, query_id: str) -> dict[str, Any]:
    return athena_client(moto.url).get_query_execution(  # type: ignore[no-any-return]
        QueryExecutionId=query_id)["QueryExecution"]


def test_a_query_on_athena_shows_rows_and_a_footer_with_cost(shell: Any, moto: MotoServer) -> None:
    moto.queue_results(COLS, [["1", "a"], ["2", "b"]])
    cell = f"%%athena {options(moto.url)} -o nb_athena\nSELECT n, s FROM t"
    outcome, captured = run(shell, cell)
    assert outcome.success, captured.stdout
    result = shell.user_ns["nb_athena"]
    assert result.rows == [(1, "a"), (2, "b")]
    footer = [o.data["text/plain"] for o in captured.outputs][-1]
    assert footer.startswith("2 rows · scanned") and "$" in footer
    assert f"SUCCEEDED {result.stats.query_id}" in footer
    assert execution(moto, result.stats.query_id)["Query"] == "SELECT n, s FROM t"


def test_interpolated_values_reach_athena_as_quoted_literals(shell: Any, moto: MotoServer) -> None:
    moto.queue_results(COLS, [["1", "a"]])
    shell.user_ns.update(nb_name="it's", nb_col="select")
    cell = (f"%%athena {options(moto.url)} -o nb_sent\n"
            "SELECT {nb_col!i} FROM t WHERE s = {nb_name}")
    outcome, captured = run(shell, cell)
    assert outcome.success, captured.stdout
    sent = execution(moto, shell.user_ns["nb_sent"].stats.query_id)["Query"]
    assert sent == """SELECT "select" FROM t WHERE s = 'it''s'"""


def _failed(response: dict[str, Any]) -> dict[str, Any]:
    response["QueryExecution"]["Status"] = {
        "State": "FAILED", "StateChangeReason": "TABLE_NOT_FOUND: Table t does not exist",
        "AthenaError": {"ErrorCategory": 2, "ErrorType": 1301, "Retryable": False,
                        "ErrorMessage": "TABLE_NOT_FOUND: line 1:15: Table t does not exist"},
    }
    return response


def test_a_failed_query_is_one_line_with_id_state_and_reason(
        shell: Any, proxy: AthenaProxy) -> None:
    proxy.rewrite("GetQueryExecution", _failed)
    outcome, captured = run(shell, f"%%athena {options(proxy.url)}\nSELECT * FROM t")
    assert not outcome.success
    query_id = proxy.sent("GetQueryExecution")[0]["QueryExecutionId"]
    assert captured.stdout.strip() == (
        f"athenakit: query failed, query id {query_id}, state FAILED, error category 2: "
        "TABLE_NOT_FOUND: line 1:15: Table t does not exist")
    assert "Traceback" not in captured.stdout + captured.stderr


def _running(response: dict[str, Any]) -> dict[str, Any]:
    """Athena's view of a big query: RUNNING with 3 MB scanned, until it is stopped."""
    execution = response["QueryExecution"]
    if execution["Status"]["State"] != "CANCELLED":
        execution["Status"]["State"] = "RUNNING"
    execution.setdefault("Statistics", {})["DataScannedInBytes"] = 3 * 2**20
    return response


def _interrupt_when_polled(proxy: AthenaProxy, polls: int) -> threading.Thread:
    """Send the main thread a KeyboardInterrupt (what Jupyter's stop button does) once the
    runner has polled the running query ``polls`` times."""

    def watch() -> None:
        deadline = time.monotonic() + 30
        while proxy.count("GetQueryExecution") < polls and time.monotonic() < deadline:
            time.sleep(0.01)
        _thread.interrupt_main()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_kernel_interrupt_stops_the_running_query_in_athena(
        shell: Any, moto: MotoServer, proxy: AthenaProxy) -> None:
    moto.hold_queries(10**6)
    proxy.rewrite("GetQueryExecution", _running)
    shell.magics_manager.registry["AthenaMagics"].rich = True
    watcher = _interrupt_when_polled(proxy, 2)
    outcome, captured = run(shell, f"%%athena {options(proxy.url)}\nSELECT * FROM big")
    watcher.join(30)
    assert not outcome.success
    query_id = proxy.sent("StopQueryExecution")[0]["QueryExecutionId"]
    assert execution(moto, query_id)["Status"]["State"] == "CANCELLED"
    assert captured.stdout.strip() == f"athenakit: interrupted; query {query_id} stopped"
    statuses = [o.data["text/plain"] for o in captured.outputs]
    assert any(s.startswith("RUNNING") and "scanned 3.00 MB" in s for s in statuses)
    assert statuses[-1].startswith(f"interrupted; query {query_id} stopped · scanned 3.00 MB")
    assert "CANCELLED" in statuses[-1] and "$0.000048" in statuses[-1]  # billed: 10 MB minimum
