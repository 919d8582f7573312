"""A moto server on 127.0.0.1 and a small HTTP proxy in front of it, for runner tests and the
fetch benchmark.

The proxy forwards every request to moto and can, per Athena operation (the ``X-Amz-Target``
header), inject error responses (throttling, 5xx), rewrite responses (e.g. turn a
GetQueryExecution into FAILED with an AthenaError) and page GetQueryResults 1,000 rows at a time
as Athena does (moto returns every row in one response).
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from athenakit.runner.retry import RetryPolicy

Rewriter = Callable[[dict[str, Any]], dict[str, Any]]

REGION = "us-east-1"
BUCKET = "athena-results"
OUTPUT = f"s3://{BUCKET}/queries/"

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing-secret",
    "AWS_SESSION_TOKEN": "testing-token",
    "AWS_DEFAULT_REGION": REGION,
}


def s3_client(endpoint: str) -> Any:
    import boto3

    return boto3.client("s3", region_name=REGION, endpoint_url=endpoint)


def athena_client(endpoint: str) -> Any:
    import boto3

    return boto3.client("athena", region_name=REGION, endpoint_url=endpoint)


def fast_retry() -> RetryPolicy:
    """Real backoff arithmetic, without the waiting."""
    return RetryPolicy(max_attempts=5, base_delay=0.001, max_delay=0.01)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MotoServer:
    """``python -m moto.server`` in a subprocess on a free 127.0.0.1 port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def post(self, path: str, payload: dict[str, Any] | None = None) -> None:
        data = json.dumps(payload or {}).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=120).read()

    def reset(self) -> None:
        self.post("/moto-api/reset")

    def queue_results(self, column_info: list[dict[str, Any]],
                      rows: list[list[str | None]], *, header: bool = True) -> None:
        """Queue one result for the next query (moto's documented API)."""
        names = [c["Name"] for c in column_info]
        raw = ([names] if header else []) + rows
        payload_rows = [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]}
                        for row in raw]
        self.post("/moto-api/static/athena/query-results", {
            "results": [{"rows": payload_rows, "column_info": column_info}],
        })

    def hold_queries(self, polls: int) -> None:
        """Keep each query in each state for ``polls`` GetQueryExecution calls."""
        self.post("/moto-api/state-manager/set-transition", {
            "model_name": "athena::execution",
            "transition": {"progression": "manual", "times": polls},
        })

    def release_queries(self) -> None:
        self.post("/moto-api/state-manager/unset-transition",
                  {"model_name": "athena::execution"})


@dataclass
class Fault:
    operation: str
    status: int
    code: str
    count: int
    message: str = "injected by the test proxy"


@dataclass
class ProxyState:
    faults: list[Fault] = field(default_factory=list)
    rewriters: dict[str, Rewriter] = field(default_factory=dict)
    paging: bool = False
    calls: list[str] = field(default_factory=list)
    bodies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    injected: int = 0
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self, operation: str) -> Fault | None:
        with self.lock:
            self.calls.append(operation)
            for fault in self.faults:
                if fault.operation == operation and fault.count > 0:
                    fault.count -= 1
                    self.injected += 1
                    return fault
        return None


class AthenaProxy:
    """A threaded HTTP proxy in front of ``upstream`` (moto)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.removeprefix("http://")
        self.state = ProxyState()
        handler = type("Handler", (_Handler,), {"proxy": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.state = ProxyState()

    def inject(self, operation: str, code: str, *, count: int = 1, status: int = 400) -> None:
        self.state.faults.append(Fault(operation, status, code, count))

    def sent(self, operation: str) -> list[dict[str, Any]]:
        """The JSON bodies of the requests made for ``operation``, in order."""
        return [body for op, body in self.state.bodies if op == operation]

    def count(self, operation: str) -> int:
        return self.state.calls.count(operation)

    def rewrite(self, operation: str, fn: Rewriter) -> None:
        self.state.rewriters[operation] = fn

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    proxy: AthenaProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def do_HEAD(self) -> None:
        self._forward()

    def do_DELETE(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        operation = target.rsplit(".", 1)[-1] if target else f"S3.{self.command}"
        state = self.proxy.state
        if target and body:
            with state.lock:
                state.bodies.append((operation, json.loads(body)))
        fault = state.take_fault(operation)
        if fault is not None:
            payload = {"__type": fault.code, "message": fault.message, "Message": fault.message}
            self._send(fault.status, json.dumps(payload).encode(),
                       {"Content-Type": "application/x-amz-json-1.1"})
            return
        if operation == "GetQueryResults" and state.paging:
            self._send(200, self._page(json.loads(body), body),
                       {"Content-Type": "application/x-amz-json-1.1"})
            return
        status, headers, data = self._upstream(body)
        rewriter = state.rewriters.get(operation)
        if rewriter is not None and status == 200:
            data = json.dumps(rewriter(json.loads(data))).encode()
        self._send(status, data, headers)

    def _upstream(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.proxy.upstream, timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        conn.request(self.command, self.path, body=body or None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        keep = {k: v for k, v in response.getheaders()
                if k.lower() not in ("content-length", "connection", "transfer-encoding",
                                     "server", "date")}
        conn.close()
        return response.status, keep, data

    def _page(self, request: dict[str, Any], body: bytes) -> bytes:
        """One page of at most MaxResults (default 1,000) rows, as Athena pages."""
        query_id = request["QueryExecutionId"]
        state = self.proxy.state
        with state.lock:
            full = state.results.get(query_id)
        if full is None:
            status, _, data = self._upstream(body)  # moto ignores MaxResults / NextToken
            full = json.loads(data)
            if status != 200:
                return data
            with state.lock:
                state.results[query_id] = full
        rows = full["ResultSet"]["Rows"]
        start = int(request.get("NextToken") or 0)
        size = min(int(request.get("MaxResults") or 1000), 1000)
        page: dict[str, Any] = {"ResultSet": {
            "Rows": rows[start:start + size],
            "ResultSetMetadata": full["ResultSet"]["ResultSetMetadata"],
        }, "UpdateCount": 0}
        if start + size < len(rows):
            page["NextToken"] = str(start + size)
        return json.dumps(page).encode()

    def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, value: int | bytes) -> bytes:
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def encode_metadata(column_info: list[dict[str, Any]]) -> bytes:
    """A ``<query id>.csv.metadata`` file as Athena writes it next to a result: a protocol
    buffer message with one field 4 per column, each a ColumnInfo (1 CatalogName, 4 Name,
    5 Label, 6 Type, 7 Precision, 8 Scale, 9 Nullable, 10 CaseSensitive), as the Athena JDBC
    driver of burtcorp reads it (``AthenaMetaDataParser``)."""
    out = b""
    for info in column_info:
        inner = _field(1, b"hive") + _field(4, info["Name"].encode()) + \
            _field(5, info["Name"].encode()) + _field(6, info["Type"].encode()) + \
            _field(7, int(info.get("Precision", 0))) + _field(8, int(info.get("Scale", 0))) + \
            _field(9, 2) + _field(10, 0)
        out += _field(4, inner)
    return out


def serve_proxy(upstream: str, output_location: str | None = None) -> None:
    """Run a paging proxy in this process until stdin closes (``python -c`` from the fetch
    benchmark, so that the proxy's threads do not compete with the client for the GIL).
    Prints the proxy's URL on the first line; with ``output_location``, every
    GetQueryExecution answer points at that result file."""
    proxy = AthenaProxy(upstream)
    proxy.state.paging = True
    if output_location:
        def point(body: dict[str, Any]) -> dict[str, Any]:
            body["QueryExecution"].setdefault("ResultConfiguration", {})[
                "OutputLocation"] = output_location
            return body

        proxy.rewrite("GetQueryExecution", point)
    print(proxy.url, flush=True)
    sys.stdin.read()
    proxy.stop()
