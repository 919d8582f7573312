"""The shipped sample data answers real questions; answers are recomputed here from the files.

Each test parses the sample files with plain Python (gzip, json, shlex, pyarrow) and compares
with what the local engine returns for the question, so a reader bug cannot hide behind a
number copied from the engine's own output.
"""

from __future__ import annotations

import collections
import gzip
import json
import shlex
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.table.spec import load_specs

ROOT = Path(__file__).parents[2]
DATA = ROOT / "examples" / "data" / "athenakit-examples"


@pytest.fixture(scope="module")
def engine() -> Any:
    with LocalEngine(load_specs([str(ROOT / "examples")]),
                     s3_root=ROOT / "examples" / "data") as e:
        yield e


def _text(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("_"))


# ALB logs: RegexSerDe, date projection on the delivery day.
def test_alb_5xx_per_day_and_non_matching_lines_are_null_rows(engine: LocalEngine) -> None:
    expected: collections.Counter[tuple[str, int]] = collections.Counter()
    lines_per_day: dict[str, tuple[int, int]] = {}
    for path in _files(DATA / "alb_logs"):
        day = "/".join(path.parent.parts[-3:])
        records = [shlex.split(line) for line in _text(path).splitlines()]
        good = [r for r in records if len(r) >= 29]
        lines_per_day[day] = (len(records), len(good))
        for record in good:
            if int(record[8]) >= 500:
                expected[(day, int(record[8]))] += 1
    rows = engine.run(
        "SELECT day, elb_status_code, count(*) FROM logs.alb_logs WHERE day BETWEEN "
        "'2024/03/01' AND '2024/03/03' AND elb_status_code >= 500 GROUP BY 1, 2").rows
    assert {(d, s): n for d, s, n in rows} == dict(expected)
    counts = engine.run("SELECT day, count(*), count(elb_status_code), count(type) "
                        "FROM logs.alb_logs GROUP BY day").rows
    assert {d: (n, parsed) for d, n, parsed, _ in counts} == lines_per_day
    assert all(parsed == typed for _, _, parsed, typed in counts)
    assert all(total > parsed for total, parsed in lines_per_day.values())


def _events() -> dict[str, list[dict[str, Any] | None]]:
    out: dict[str, list[dict[str, Any] | None]] = {}
    for path in _files(DATA / "json_events"):
        for line in _text(path).splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            out.setdefault(path.parent.name.removeprefix("dt="), []).append(record)
    return out


# JSON events: OpenX SerDe, mapping.* for camelCase keys, ignore.malformed.json, dt= folders.
def test_json_events_per_type_with_the_malformed_line_as_a_null_row(engine: LocalEngine) -> None:
    expected = collections.Counter((dt, e["eventType"] if e else None)
                                   for dt, events in _events().items() for e in events)
    rows = engine.run("SELECT dt, event_type, count(*) FROM json_events "
                      "WHERE dt >= '2024-03-01' GROUP BY 1, 2").rows
    assert {(d, t): n for d, t, n in rows} == dict(expected)
    assert sum(n for (_, t), n in expected.items() if t is None) == 3


def test_json_events_revenue_per_user_from_unnested_items(engine: LocalEngine) -> None:
    revenue: collections.Counter[str] = collections.Counter()
    for events in _events().values():
        for e in events:
            if e and e["eventType"] == "purchase":
                for item in e["items"]:
                    revenue[e["userId"]] += Decimal(str(item["price"])) * item["quantity"]
    rows = engine.run(
        "SELECT e.user_id, sum(t.quantity * t.price) AS revenue FROM json_events e "
        "CROSS JOIN UNNEST(e.items) AS t(sku, quantity, price) "
        "WHERE e.event_type = 'purchase' GROUP BY 1").rows
    assert dict(rows) == dict(revenue)


def test_json_events_nested_struct_and_map_columns(engine: LocalEngine) -> None:
    first = _events()["2024-03-02"][0]
    assert first is not None
    rows = engine.run(
        "SELECT device.os, device.screen.width, tags, properties['Referrer'], "
        f"CAST(ts AS varchar) FROM json_events WHERE dt = '2024-03-02' AND "
        f"event_id = '{first['eventId']}'").rows
    assert rows == [(first["device"]["os"], first["device"]["screen"]["width"], first["tags"],
                     first["properties"]["Referrer"], first["timestamp"])]


# CloudFront: Parquet with enum + integer projections (zero-padded folders).
def test_cloudfront_bytes_and_hit_ratio_per_distribution(engine: LocalEngine) -> None:
    totals: dict[str, list[int]] = {}
    for path in _files(DATA / "cloudfront_logs"):
        dist, year, month, day, _hour = path.parent.parts[-5:]
        if (year, month, day) != ("2024", "03", "01"):
            continue
        table = pq.read_table(path).to_pylist()
        acc = totals.setdefault(dist, [0, 0, 0])
        acc[0] += sum(r["sc_bytes"] for r in table)
        acc[1] += sum(r["x_edge_result_type"] == "Hit" for r in table)
        acc[2] += len(table)
    rows = engine.run(
        "SELECT distributionid, sum(sc_bytes), count_if(x_edge_result_type = 'Hit'), count(*) "
        "FROM logs.cloudfront_logs WHERE year = 2024 AND month = 3 AND day = 1 "
        "GROUP BY 1").rows
    assert {d: list(v) for d, *v in rows} == totals


# VPC flow logs: space-delimited text with a header, injected account projection.
def test_vpc_flow_logs_rejected_ports_and_nodata_fields(engine: LocalEngine) -> None:
    expected: collections.Counter[tuple[int | None, str]] = collections.Counter()
    for path in _files(DATA / "vpc_flow_logs" / "AWSLogs" / "123456789012" / "vpcflowlogs"):
        if "/2024/03/01/" not in path.as_posix():
            continue
        for line in _text(path).splitlines()[1:]:
            f = line.split(" ")
            expected[(None if f[6] == "-" else int(f[6]), f[12])] += 1
    rows = engine.run("SELECT dstport, action, count(*) FROM logs.vpc_flow_logs "
                      "WHERE accid = '123456789012' AND day = '2024/03/01' GROUP BY 1, 2").rows
    assert {(p, a): n for p, a, n in rows} == dict(expected)
    assert expected[(None, "-")] == 2  # NODATA records: '-' in int columns reads as NULL


def test_vpc_flow_logs_need_the_injected_account_filter(engine: LocalEngine) -> None:
    with pytest.raises(QueryError, match="CONSTRAINT_VIOLATION"):
        engine.run("SELECT count(*) FROM logs.vpc_flow_logs WHERE day = '2024/03/01'")


# S3 server access logs: RegexSerDe with a bracketed time and quoted fields.
def test_s3_access_logs_requests_and_bytes_per_operation(engine: LocalEngine) -> None:
    expected: dict[tuple[str | None, str | None], list[int]] = {}
    folder = DATA / "s3_access_logs" / "123456789012" / "us-east-1" / "example-source-bucket"
    for path in _files(folder / "2024" / "03" / "02"):
        for line in _text(path).splitlines():
            f = shlex.split(line)
            key = (f[7], f[10]) if len(f) > 20 else (None, None)
            acc = expected.setdefault(key, [0, 0])
            acc[0] += 1
            acc[1] += int(f[12]) if key[0] and f[12] != "-" else 0
    rows = engine.run("SELECT operation, httpstatus, count(*), coalesce(sum(bytessent), 0) "
                      "FROM logs.s3_access_logs WHERE timestamp = '2024/03/02' "
                      "GROUP BY 1, 2").rows
    assert {(o, s): [n, b] for o, s, n, b in rows} == expected


# CloudTrail: {"Records": [...]} files, one row per event, nested structs.
def test_cloudtrail_access_denied_per_user_reads_every_record(engine: LocalEngine) -> None:
    denied: collections.Counter[tuple[str, str]] = collections.Counter()
    total = 0
    base = DATA / "cloudtrail" / "AWSLogs" / "123456789012" / "CloudTrail" / "us-east-1"
    for path in _files(base):
        records = json.loads(_text(path))["Records"]
        total += len(records)
        for r in records:
            if r.get("errorCode") == "AccessDenied":
                denied[(r["userIdentity"]["userName"], r["eventName"])] += 1
    assert engine.run("SELECT count(*) FROM logs.cloudtrail "
                      "WHERE region = 'us-east-1' AND day <= '2024/03/05'").rows == [(total,)]
    rows = engine.run(
        "SELECT useridentity.username, eventname, count(*) FROM logs.cloudtrail "
        "WHERE region = 'us-east-1' AND day BETWEEN '2024/03/01' AND '2024/03/02' "
        "AND errorcode = 'AccessDenied' GROUP BY 1, 2").rows
    assert {(u, e): n for u, e, n in rows} == dict(denied)


def test_cloudtrail_object_fields_read_as_json_text(engine: LocalEngine) -> None:
    base = DATA / "cloudtrail" / "AWSLogs" / "123456789012" / "CloudTrail"
    expected: collections.Counter[tuple[str, str]] = collections.Counter()
    for path in _files(base):
        for r in json.loads(_text(path))["Records"]:
            if r["eventSource"] == "s3.amazonaws.com":
                expected[((r["requestParameters"] or {}).get("bucketName"),
                          r["resources"][0]["ARN"])] += 1
    rows = engine.run(
        "SELECT json_extract_scalar(requestparameters, '$.bucketName'), resources[1].arn, "
        "count(*) FROM logs.cloudtrail WHERE eventsource = 's3.amazonaws.com' "
        "AND day < '2024/03/10' GROUP BY 1, 2").rows
    assert {(b, a): n for b, a, n in rows} == dict(expected)
    assert len(expected) == 2
