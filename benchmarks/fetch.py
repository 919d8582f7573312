"""Fetch a 1,000,000-row Athena result: athenakit against pyathena's cursors.

Everything runs against a local moto server (``python -m moto.server`` on 127.0.0.1). Athena
API calls go through the paging proxy of ``tests/moto_harness.py`` (GetQueryResults 1,000 rows
a page, as Athena pages), run in a process of its own so that its threads do not take the GIL
from the client being measured. S3 is read from moto directly by every client. The result is
one ``big.csv`` written as Athena writes it (every value quoted, the header first) with its
``big.csv.metadata`` beside it; the proxy points every query's OutputLocation at it.

Each measurement runs in a fresh process (time from ``execute`` to the data in hand, with the
client's modules imported before the clock starts, and the peak resident memory of that
process, imports included); both sides poll every 50 ms; rounds are interleaved and the medians
reported:

* pyathena default cursor ``fetchall()`` (pages GetQueryResults; run once, it is slow);
* pyathena ``ArrowCursor`` ``as_arrow()`` and ``PandasCursor`` ``as_pandas()``: the anchors;
* athenakit ``run(...)`` with ``fetch="s3"`` then ``to_arrow()``, ``to_pandas()``, ``rows``.

Run: ``python benchmarks/fetch.py [ROWS] [--rounds N]`` (default 1,000,000 rows, 3 rounds).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

REGION = "us-east-1"
BUCKET = "bench-results"
OUTPUT = f"s3://{BUCKET}/out/"
BIG = f"s3://{BUCKET}/out/big.csv"
SQL = "SELECT id, name, score, day FROM big"
# as Athena describes them (pyathena reads every field)
COLUMNS = [{"Name": name, "Label": name, "Type": kind, "Precision": precision, "Scale": 0,
            "Nullable": "UNKNOWN", "CaseSensitive": kind == "varchar"}
           for name, kind, precision in (("id", "bigint", 19), ("name", "varchar", 2147483647),
                                         ("score", "double", 17), ("day", "date", 0))]
CLIENTS = ("pyathena-arrow", "athenakit-arrow", "pyathena-pandas", "athenakit-pandas",
           "athenakit-rows")


def make_rows(n: int) -> list[list[str]]:
    return [[str(i), f"user-{i}", f"{i % 1000 / 8}", f"2024-01-{i % 28 + 1:02d}"]
            for i in range(n)]


def athena_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    out.write(",".join(f'"{c["Name"]}"' for c in COLUMNS) + "\n")
    out.writelines(",".join(f'"{v}"' for v in row) + "\n" for row in rows)
    return out.getvalue().encode()


# --- one measurement, in a child process -------------------------------------------------------

def _pyathena(endpoint: str, cursor_class: Any, fetch: str) -> int:
    from pyathena import connect

    cursor = connect(s3_staging_dir=OUTPUT, region_name=REGION, endpoint_url=endpoint,
                     poll_interval=0.05, cursor_class=cursor_class).cursor()
    cursor.execute(SQL)
    data = getattr(cursor, fetch)()
    return len(data)


def _athenakit(endpoint: str, s3_endpoint: str, form: str) -> int:
    import boto3

    from athenakit.runner.athena import Athena

    runner = Athena(endpoint_url=endpoint, output=OUTPUT, region=REGION, poll_interval=0.05,
                    poll_backoff=1.0, fetch="s3")  # polls as pyathena's poll_interval=0.05
    # S3 straight from moto, as the pyathena cursors read it (the proxy is for the Athena API)
    runner._clients["s3"] = boto3.client("s3", region_name=REGION, endpoint_url=s3_endpoint)
    result = runner.run(SQL)
    if form == "arrow":
        return int(result.to_arrow().num_rows)
    if form == "pandas":
        return len(result.to_pandas())
    return len(result.rows)


def _pyarrow_s3_endpoint(url: str) -> None:
    """Point the pyarrow S3 filesystem of ArrowCursor at moto (it takes no endpoint option)."""
    from pyarrow import fs
    from pyathena.arrow import result_set

    def create(self: Any) -> Any:
        scheme, host = url.split("://", 1)
        return fs.S3FileSystem(endpoint_override=host, scheme=scheme, region=REGION,
                               access_key="bench", secret_key="bench")

    result_set.AthenaArrowResultSetMetadataReader._create_s3_file_system = create


_IMPORTS = {
    "pyathena": ["pyathena", "pyathena.cursor"],
    "pyathena-arrow": ["pyathena", "pyathena.arrow.cursor", "pyarrow.csv"],
    "pyathena-pandas": ["pyathena", "pyathena.pandas.cursor", "pandas"],
    "athenakit": ["boto3", "athenakit.runner.athena", "pyarrow.csv", "athenakit.query.arrow"],
    "athenakit-pandas": ["boto3", "athenakit.runner.athena", "pyarrow.csv", "pandas"],
}


def measure(client: str, endpoint: str, s3_endpoint: str) -> dict[str, Any]:
    import importlib

    # modules are imported before the clock starts: the time is the fetch, not start-up
    for module in _IMPORTS.get(client, _IMPORTS[client.split("-")[0]]):
        importlib.import_module(module)
    started = time.perf_counter()
    if client == "pyathena-default":
        rows = _pyathena(endpoint, None, "fetchall")
    elif client == "pyathena-arrow":
        from pyathena.arrow.cursor import ArrowCursor

        _pyarrow_s3_endpoint(s3_endpoint)

        rows = _pyathena(endpoint, ArrowCursor, "as_arrow")
    elif client == "pyathena-pandas":
        from pyathena.pandas.cursor import PandasCursor

        rows = _pyathena(endpoint, PandasCursor, "as_pandas")
    else:
        rows = _athenakit(endpoint, s3_endpoint, client.split("-", 1)[1])
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": rows, "peak_mib": _peak_mib()}


def _peak_mib() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, it is not carried over
    from the parent across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the driver ----------------------------------------------------------------------------------

def _child(client: str, proxy_url: str, moto: Any, rows: list[list[str]] | None) -> dict[str, Any]:
    # moto pops one queued result per query; a 1-row result carries the column types, the
    # data comes from big.csv (all rows, for the default cursor's paging)
    moto.queue_results(COLUMNS, rows if rows is not None else [["0", "user-0", "0.0",
                                                                  "2024-01-01"]])
    out = subprocess.run(
        [sys.executable, __file__, "--child", client, "--endpoint", proxy_url,
         "--s3", moto.url], capture_output=True, text=True, env=os.environ, check=False)
    if out.returncode:
        raise SystemExit(f"{client} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _start_proxy(upstream: str) -> tuple[subprocess.Popen[str], str]:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import moto_harness; "
            "moto_harness.serve_proxy(sys.argv[2], sys.argv[3])")
    process = subprocess.Popen([sys.executable, "-c", code, str(ROOT / "tests"), upstream, BIG],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _report(name: str, runs: list[dict[str, Any]]) -> dict[str, float]:
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = statistics.median(r["peak_mib"] for r in runs)
    print(f"{name:<34} {seconds:7.2f} s  {peak:6.0f} MiB  ({runs[0]['rows']:,} rows, "
          f"{len(runs)} run{'s' if len(runs) > 1 else ''})", flush=True)
    return {"seconds": seconds, "peak": peak}


def main() -> None:
    import boto3
    from moto_harness import MotoServer, encode_metadata

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-default", action="store_true",
                        help="leave out pyathena's default cursor (GetQueryResults paging)")
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                      AWS_DEFAULT_REGION=REGION)
    os.environ.pop("AWS_PROFILE", None)
    moto = MotoServer()
    # pyathena's S3 reads: boto3 takes AWS_ENDPOINT_URL_S3, pyarrow's S3 filesystem
    # AWS_ENDPOINT_URL (the Athena clients are given the proxy's URL explicitly)
    os.environ["AWS_ENDPOINT_URL_S3"] = os.environ["AWS_ENDPOINT_URL"] = moto.url
    proxy, proxy_url = _start_proxy(moto.url)
    try:
        s3 = boto3.client("s3", endpoint_url=moto.url, region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        print(f"preparing {args.rows:,} rows ...", flush=True)
        rows = make_rows(args.rows)
        body = athena_csv(rows)
        s3.put_object(Bucket=BUCKET, Key="out/big.csv", Body=body)
        s3.put_object(Bucket=BUCKET, Key="out/big.csv.metadata", Body=encode_metadata(COLUMNS))
        print(f"result file: {len(body) / 2**20:.1f} MiB CSV", flush=True)
        del body
        results: dict[str, list[dict[str, Any]]] = {c: [] for c in CLIENTS}
        if not args.skip_default:
            results["pyathena-default"] = [_child("pyathena-default", proxy_url, moto, rows)]
        del rows
        for _ in range(args.rounds):
            for client in CLIENTS:
                results[client].append(_child(client, proxy_url, moto, None))
        assert all(r["rows"] == args.rows for runs in results.values() for r in runs)
        medians = {name: _report(name, runs) for name, runs in results.items()}
        _ratios(medians)
    finally:
        assert proxy.stdin is not None
        proxy.stdin.close()
        proxy.wait(10)
        moto.stop()


def _ratios(m: dict[str, dict[str, float]]) -> None:
    def line(what: str, ours: str, theirs: str, target: float) -> None:
        ratio = m[ours]["seconds"] / m[theirs]["seconds"]
        memory = m[ours]["peak"] / m[theirs]["peak"]
        verdict = "met" if ratio <= target else "NOT met"
        print(f"{what:<22} time {ratio:5.2f}x (target <= {target}x: {verdict}), "
              f"peak memory {memory:5.2f}x")

    line("to Arrow vs ArrowCursor", "athenakit-arrow", "pyathena-arrow", 0.8)
    line("to pandas vs PandasCursor", "athenakit-pandas", "pyathena-pandas", 0.9)
    if "pyathena-default" in m:
        print(f"rows vs default cursor  time "
              f"{m['athenakit-rows']['seconds'] / m['pyathena-default']['seconds']:5.2f}x")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child = argparse.ArgumentParser()
        child.add_argument("--child")
        child.add_argument("--endpoint")
        child.add_argument("--s3")
        a = child.parse_args()
        print(json.dumps(measure(a.child, a.endpoint, a.s3)))
    else:
        main()
