"""Fault injection with a hanging endpoint: ``timeout`` holds, retries are bounded, and a stop
that never gets through is reported as such.

The endpoint is a small HTTP server on 127.0.0.1 speaking Athena's JSON protocol to real boto3
clients; the operations named in ``hang`` never answer (the handler waits until the test ends).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from moto_harness import OUTPUT, REGION, MotoServer

from athenakit.errors import QueryCancelled, QueryError
from athenakit.runner.athena import Athena
from athenakit.runner.retry import RetryPolicy


class ScriptedAthena:
    """Start -> one id; GetQueryExecution -> RUNNING; operations in ``hang`` never answer."""

    def __init__(self, hang: set[str]) -> None:
        self.hang = hang
        self.calls: list[str] = []
        self.release = threading.Event()
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_state: ScriptedAthena
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        state = self.server_state
        state.calls.append(operation)
        if operation in state.hang:
            state.release.wait(30)  # bounded: the test's teardown releases it
            return
        body = {
            "StartQueryExecution": {"QueryExecutionId": "q-hanging-1"},
            "GetQueryExecution": {"QueryExecution": {
                "QueryExecutionId": "q-hanging-1", "Status": {"State": "RUNNING"}}},
            "StopQueryExecution": {},
        }.get(operation, {})
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def endpoint(request: pytest.FixtureRequest, moto_server: MotoServer) -> Iterator[ScriptedAthena]:
    # moto_server: for its fake credentials in the environment
    server = ScriptedAthena(set(request.param))
    yield server
    server.stop()


def runner(url: str) -> Athena:
    # eight attempts with real backoff, as by default: the timeout must cut them short
    return Athena(endpoint_url=url, output=OUTPUT, region=REGION, timeout=1.0,
                  poll_interval=0.05, poll_max_interval=0.1,
                  retry=RetryPolicy(max_attempts=8, base_delay=0.2, max_delay=0.5))


@pytest.mark.parametrize("endpoint", [{"StartQueryExecution"}], indirect=True)
def test_a_hanging_start_fails_within_the_timeout_without_eight_retries(
        endpoint: ScriptedAthena) -> None:
    with pytest.raises(QueryError, match="start_query_execution failed"):
        runner(endpoint.url).run("SELECT 1")
    assert 1 <= endpoint.calls.count("StartQueryExecution") < 8


@pytest.mark.parametrize("endpoint", [{"GetQueryExecution"}], indirect=True)
def test_hanging_polls_end_in_a_timeout_and_a_stop(endpoint: ScriptedAthena) -> None:
    with pytest.raises(QueryCancelled, match="timed out after 1s") as caught:
        runner(endpoint.url).run("SELECT 1")
    assert "the query was stopped" in str(caught.value)
    assert endpoint.calls.count("StopQueryExecution") == 1
    assert endpoint.calls.count("GetQueryExecution") < 8


@pytest.mark.parametrize("endpoint", [{"StopQueryExecution"}], indirect=True)
def test_a_stop_that_never_gets_through_says_the_query_may_still_run(
        endpoint: ScriptedAthena) -> None:
    athena = runner(endpoint.url)
    with pytest.raises(QueryCancelled) as caught:
        athena.run("SELECT 1")
    assert str(caught.value) == ("query timed out after 1s; could not confirm the query "
                                 "stopped; it may still be running, query id q-hanging-1")
    assert "stopped" not in str(caught.value).replace("confirm the query stopped", "")
    assert athena.unconfirmed_stop == "q-hanging-1"
    assert endpoint.calls.count("StopQueryExecution") == 1  # past the deadline: one attempt


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", [{"StopQueryExecution"}], indirect=True)
def test_the_cli_reports_an_unconfirmed_stop(endpoint: ScriptedAthena) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "athenakit", "run", "SELECT 1", "--timeout", "1", "-q",
         "--region", REGION,
         "--endpoint-url", endpoint.url, "--output", OUTPUT],
        capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        "athenakit: error: query timed out after 1s; could not confirm the query stopped; "
        "it may still be running, query id q-hanging-1")
    assert "Traceback" not in proc.stderr


def test_every_client_has_connect_and_read_timeouts(moto_server: MotoServer) -> None:
    athena = Athena(region=REGION, output=OUTPUT, timeout=3)
    for service in ("athena", "s3"):
        config = athena.client(service).meta.config
        assert config.connect_timeout <= 3 and config.read_timeout <= 3
    unbounded = Athena(region=REGION, output=OUTPUT).client("athena").meta.config
    assert unbounded.connect_timeout == 10 and unbounded.read_timeout == 60


@pytest.mark.parametrize("endpoint", [{"StopQueryExecution"}], indirect=True)
def test_a_cancel_whose_stop_never_gets_through_says_so(endpoint: ScriptedAthena) -> None:
    athena = Athena(endpoint_url=endpoint.url, output=OUTPUT, region=REGION, timeout=6.0,
                    poll_interval=0.05, poll_max_interval=0.1)
    athena.on_event = lambda event: athena.cancel() if event.state == "RUNNING" else None
    with pytest.raises(QueryCancelled, match="^cancelled; could not confirm the query stopped; "
                                             "it may still be running, query id q-hanging-1$"):
        athena.run("SELECT 1")
    assert athena.unconfirmed_stop == "q-hanging-1"


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", [{"StopQueryExecution"}], indirect=True)
def test_ctrl_c_whose_stop_never_gets_through_says_so(endpoint: ScriptedAthena) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "athenakit", "run", "SELECT 1", "--timeout", "3", "--region",
         REGION, "--endpoint-url", endpoint.url, "--output", OUTPUT],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    assert process.stderr.readline().rstrip() == "query q-hanging-1 started"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == ("athenakit: interrupted; could not confirm the "
                                            "query stopped; it may still be running: id "
                                            "q-hanging-1")
