"""Generate the sample data for the example specs in ``examples/*.yaml``.

Run from the repository root (the output is committed; re-running reproduces it byte for byte
with the same pyarrow version)::

    python examples/data/generate.py

``s3://athenakit-examples/<table>/...`` maps to ``examples/data/athenakit-examples/<table>/...``
(``athenakit run --local ... --s3-root examples/data``). Every table gets a few days of small,
realistic records in the layout its spec declares (projection templates, ``dt=`` folders), in
the format AWS delivers (gzip for log files), including the awkward lines Athena has to cope
with: ALB and S3 access log lines that do not match the regex, a malformed JSON line, VPC flow
log NODATA records with ``-`` in numeric fields. ``csv_quoted`` is hand-written and not touched.

Nothing here reads the clock: all data comes from a seeded random generator.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).parent / "athenakit-examples"
ACCOUNT = "123456789012"
DAYS = ("2024/03/01", "2024/03/02", "2024/03/03")
PATHS = ("/", "/index.html", "/api/orders", "/api/orders/42", "/api/cart", "/login",
         "/static/app.js", "/static/logo.png", "/search?q=boots", "/api/health")
AGENTS = ("Mozilla/5.0 (X11; Linux x86_64) Firefox/123.0", "curl/8.5.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) Safari/604.1",
          "aws-sdk-java/2.20.0 Linux/5.10", "Googlebot/2.1 (+http://www.google.com/bot.html)")


def _write(path: Path, data: bytes, *, compress: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)


def _lines(rows: list[str]) -> bytes:
    return "".join(r + "\n" for r in rows).encode()


def _ip(rng: random.Random, prefix: str = "203.0.113") -> str:
    return f"{prefix}.{rng.randint(1, 254)}"


def alb_logs(rng: random.Random) -> None:
    """ALB access logs (RegexSerDe), one gzip file per day under ``alb_logs/yyyy/MM/dd/``.

    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
    """
    tg = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/web/73e2d6bc24d8a067"
    cert = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012"
    for day in DAYS:
        rows = []
        for i in range(40):
            stamp = f"{day.replace('/', '-')}T{i // 2:02d}:{rng.randint(0, 59):02d}:" \
                    f"{rng.randint(0, 59):02d}.{rng.randint(0, 999999):06d}Z"
            status = rng.choices([200, 301, 404, 500, 502, 503], [70, 5, 10, 4, 6, 5])[0]
            failed = status == 502 and rng.random() < 0.5  # no target answered
            target = "-" if failed else f"10.0.1.{rng.randint(10, 20)}:8080"
            proc = "-1" if failed else f"{rng.uniform(0.001, 1.5):.3f}"
            path = rng.choice(PATHS)
            rows.append(
                f'https {stamp} app/web-alb/50dc6c495c0c9188 {_ip(rng)}:{rng.randint(1024, 65000)}'
                f' {target} 0.001 {proc} 0.000 {status} {"-" if failed else status}'
                f' {rng.randint(100, 900)} {rng.randint(200, 90000)}'
                f' "GET https://shop.example.com:443{path} HTTP/1.1" "{rng.choice(AGENTS)}"'
                f' ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 {tg}'
                f' "Root=1-65e1{i:04x}-{rng.getrandbits(96):024x}" "shop.example.com" "{cert}"'
                f' 0 {stamp} "forward" "-" "-" "{target}" "{"-" if failed else status}"'
                f' "-" "-" TID_{rng.getrandbits(64):016x}')
        # Lines the regex does not match: Athena returns them as rows of NULLs.
        rows.insert(7, "this line was truncated by a broken log shipper")
        rows.append(f"https {day.replace('/', '-')}T23:59:59.000000Z app/web-alb/50dc")
        name = f"{ACCOUNT}_elasticloadbalancing_us-east-1_app.web-alb.50dc6c495c0c9188_" \
               f"{day.replace('/', '')}T0000Z_10.0.0.5_{rng.getrandbits(32):08x}.log.gz"
        _write(ROOT / "alb_logs" / day / name, _lines(rows), compress=True)


def _event(rng: random.Random, day: str, i: int) -> dict[str, object]:
    kind = rng.choice(["page_view", "page_view", "add_to_cart", "purchase", "signup"])
    event: dict[str, object] = {
        "eventId": f"evt-{day.replace('-', '')}-{i:04d}",
        "eventType": kind,
        "userId": f"u{rng.randint(1, 12):03d}",
        "timestamp": f"{day} {i // 2:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
                     f"{rng.randint(0, 999):03d}",
        "device": {"os": (os := rng.choice(["iOS", "Android", "Windows"])),
                   "os_version": {"iOS": "17.3", "Android": "14", "Windows": "11"}[os],
                   "model": {"iOS": "iPhone15,2", "Android": "Pixel 8", "Windows": "PC"}[os],
                   "screen": {"width": 390 if os != "Windows" else 1920,
                              "height": 844 if os != "Windows" else 1080}},
        "tags": rng.sample(["beta", "returning", "mobile", "promo"], k=rng.randint(0, 2)),
        "properties": {"page": rng.choice(PATHS), "Referrer": rng.choice(["ads", "email", "-"])},
    }
    if kind in ("add_to_cart", "purchase"):
        event["items"] = [{"sku": f"SKU-{rng.randint(100, 120)}", "quantity": rng.randint(1, 3),
                           "price": rng.choice([9.99, 19.5, 45.0, 120.25])}
                          for _ in range(rng.randint(1, 3))]
    return event


def json_events(rng: random.Random) -> None:
    """Product events as JSON lines (OpenX SerDe) under ``json_events/dt=yyyy-MM-dd/``."""
    for day in (d.replace("/", "-") for d in DAYS):
        rows = [json.dumps(_event(rng, day, i)) for i in range(25)]
        rows.insert(11, '{"eventId": "evt-broken", "eventType": "page_view", "userId": ')
        # Firehose-style object names: no extension, ``.gz`` when compressed (a ``.json`` name
        # would also be picked up by ``--tables examples``, which loads every .json as a spec).
        folder = ROOT / "json_events" / f"dt={day}"
        _write(folder / f"events-1-{day}-00-00-00-{rng.getrandbits(64):016x}",
               _lines(rows[:13]))
        _write(folder / f"events-1-{day}-12-00-00-{rng.getrandbits(64):016x}.gz",
               _lines(rows[13:]), compress=True)
        _write(folder / "_SUCCESS", b"")


def cloudfront_logs(rng: random.Random) -> None:
    """CloudFront logs as Parquet under ``cloudfront_logs/<distribution>/yyyy/MM/dd/HH/``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from athenakit.table.spec import load_specs

    [spec] = load_specs([str(Path(__file__).parents[1] / "cloudfront_logs.yaml")])
    types = {"string": pa.string(), "bigint": pa.int64(), "int": pa.int32(),
             "double": pa.float64()}
    schema = pa.schema([(c.name, types[c.type.ddl]) for c in spec.columns])
    for dist in ("E1EXAMPLE7PSDK", "E2EXAMPLE9QWLB"):
        for day in DAYS[:2]:
            for hour in range(3):
                rows = [_cloudfront_row(rng, dist, day, hour) for _ in range(rng.randint(8, 14))]
                table = pa.Table.from_pylist(rows, schema=schema)
                path = ROOT / "cloudfront_logs" / dist / day / f"{hour:02d}" / \
                    f"{dist}.{day.replace('/', '-')}-{hour:02d}.{rng.getrandbits(32):08x}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, path, compression="snappy")


def _cloudfront_row(rng: random.Random, dist: str, day: str, hour: int) -> dict[str, object]:
    result = rng.choice(["Hit", "Hit", "Hit", "Miss", "RefreshHit", "Error"])
    status = 200 if result != "Error" else rng.choice([403, 404, 502])
    size = rng.randint(300, 250_000) if status == 200 else rng.randint(300, 900)
    host = f"{dist.lower()[:13]}.cloudfront.net"
    return {
        "date": day.replace("/", "-"), "time": f"{hour:02d}:{rng.randint(0, 59):02d}:"
        f"{rng.randint(0, 59):02d}", "x_edge_location": rng.choice(["FRA56-P1", "IAD89-C2",
                                                                     "NRT57-P3"]),
        "sc_bytes": size, "c_ip": _ip(rng, "198.51.100"), "cs_method": "GET", "cs_host": host,
        "cs_uri_stem": rng.choice(PATHS).split("?")[0], "sc_status": status, "cs_referer": "-",
        "cs_user_agent": rng.choice(AGENTS).replace(" ", "%20"), "cs_uri_query": "-",
        "cs_cookie": "-", "x_edge_result_type": result,
        "x_edge_request_id": f"{rng.getrandbits(128):032x}", "x_host_header": "cdn.example.com",
        "cs_protocol": "https", "cs_bytes": rng.randint(150, 600),
        "time_taken": round(rng.uniform(0.001, 0.9), 3), "x_forwarded_for": "-",
        "ssl_protocol": "TLSv1.3", "ssl_cipher": "TLS_AES_128_GCM_SHA256",
        "x_edge_response_result_type": result, "cs_protocol_version": "HTTP/2.0",
        "fle_status": "-", "fle_encrypted_fields": "-", "c_port": rng.randint(1024, 65000),
        "time_to_first_byte": round(rng.uniform(0.001, 0.5), 3),
        "x_edge_detailed_result_type": result, "sc_content_type": "text/html",
        "sc_content_len": size, "sc_range_start": None, "sc_range_end": None,
    }


def vpc_flow_logs(rng: random.Random) -> None:
    """VPC flow logs (version 2, space-delimited, header line), gzip, per account/region/day."""
    header = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
              "packets bytes start end action log-status")
    for region in ("us-east-1", "eu-west-1"):
        for day in DAYS[:2]:
            start = 1709251200 + DAYS.index(day) * 86400  # 2024-03-01T00:00:00Z
            rows = [header]
            for i in range(30):
                begin = start + i * 600
                accept = rng.random() < 0.7
                port = rng.choice([443, 443, 80, 22, 3389, 5432]) if not accept else \
                    rng.choice([443, 443, 80, 5432])
                rows.append(
                    f"2 {ACCOUNT} eni-0a1b2c3d4e5f{rng.randint(0, 2)} {_ip(rng, '198.51.100')}"
                    f" 10.0.{rng.randint(0, 3)}.{rng.randint(4, 200)} {rng.randint(1024, 65000)}"
                    f" {port} 6 {rng.randint(1, 40)} {rng.randint(40, 90000)} {begin}"
                    f" {begin + 60} {'ACCEPT' if accept else 'REJECT'} OK")
            rows.append(f"2 {ACCOUNT} eni-0a1b2c3d4e5f1 - - - - - - - {start + 18000} "
                        f"{start + 18060} - NODATA")
            name = f"{ACCOUNT}_vpcflowlogs_{region}_fl-0123456789abcdef0_" \
                   f"{day.replace('/', '')}T0000Z_{rng.getrandbits(32):08x}.log.gz"
            _write(ROOT / "vpc_flow_logs" / "AWSLogs" / ACCOUNT / "vpcflowlogs" / region / day /
                   name, _lines(rows), compress=True)


def s3_access_logs(rng: random.Random) -> None:
    """S3 server access logs (RegexSerDe), date-based keys ``.../yyyy/MM/dd/``."""
    owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    ops = [("REST.GET.OBJECT", "GET"), ("REST.GET.OBJECT", "GET"), ("REST.PUT.OBJECT", "PUT"),
           ("REST.HEAD.OBJECT", "HEAD"), ("REST.DELETE.OBJECT", "DELETE")]
    keys = ("reports/2024/q1.pdf", "images/logo.png", "exports/orders.csv", "index.html")
    for day in DAYS:
        rows = []
        d, m, y = day.split("/")[2], "Mar", day.split("/")[0]
        for i in range(20):
            op, verb = rng.choice(ops)
            key = rng.choice(keys)
            status, error = rng.choice([(200, "-"), (200, "-"), (204, "-"), (403, "AccessDenied"),
                                        (404, "NoSuchKey")])
            status = 204 if verb == "DELETE" and status < 300 else status
            status = 200 if verb != "DELETE" and status == 204 else status
            sent = rng.randint(100, 500_000) if verb == "GET" and status == 200 else None
            size = rng.randint(100, 500_000) if status == 200 else None
            rows.append(
                f"{owner} example-source-bucket [{d}/{m}/{y}:{i:02d}:{rng.randint(0, 59):02d}:"
                f"{rng.randint(0, 59):02d} +0000] {_ip(rng, '192.0.2')}"
                f" arn:aws:iam::{ACCOUNT}:user/{rng.choice(['alice', 'bob', 'etl'])}"
                f" {rng.getrandbits(64):016X} {op} {key} \"{verb} /{key} HTTP/1.1\" {status}"
                f" {error} {sent if sent is not None else '-'} {size if size else '-'}"
                f" {rng.randint(5, 300)} {rng.randint(1, 50)} \"-\" \"{rng.choice(AGENTS)}\" -"
                f" {rng.getrandbits(160):040x}= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader"
                f" example-source-bucket.s3.us-east-1.amazonaws.com TLSv1.2 - -")
        rows.insert(5, "corrupted record")
        name = f"{y}-03-{d}-{rng.randint(0, 23):02d}-00-00-{rng.getrandbits(64):016X}"
        _write(ROOT / "s3_access_logs" / ACCOUNT / "us-east-1" / "example-source-bucket" / day /
               name, _lines(rows))


def _trail_event(rng: random.Random, region: str, day: str, i: int) -> dict[str, object]:
    user = rng.choice(["alice", "bob", "ci-deployer"])
    name, source, params = rng.choice([
        ("GetObject", "s3.amazonaws.com", {"bucketName": "reports", "key": "q1.pdf"}),
        ("PutObject", "s3.amazonaws.com", {"bucketName": "reports", "key": "q2.pdf"}),
        ("RunInstances", "ec2.amazonaws.com", {"instanceType": "t3.micro"}),
        ("DescribeInstances", "ec2.amazonaws.com", None),
        ("ConsoleLogin", "signin.amazonaws.com", None),
        ("DeleteBucket", "s3.amazonaws.com", {"bucketName": "old-logs"}),
    ])
    denied = name in ("DeleteBucket", "RunInstances") and user != "ci-deployer"
    event: dict[str, object] = {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser", "principalId": f"AIDA{user.upper().replace('-', '')}",
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{user}", "accountId": ACCOUNT,
            "accessKeyId": f"AKIA{rng.getrandbits(48):012X}", "userName": user,
            "sessionContext": {"attributes": {"mfaAuthenticated": str(user == "alice").lower(),
                                              "creationDate": f"{day}T08:00:00Z"}}},
        "eventTime": f"{day}T{8 + i // 3:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
        "eventSource": source, "eventName": name, "awsRegion": region,
        "sourceIPAddress": _ip(rng, "192.0.2"), "userAgent": rng.choice(AGENTS),
        "requestParameters": params, "responseElements": None,
        "requestID": f"{rng.getrandbits(64):016x}", "eventID": f"{rng.getrandbits(128):032x}",
        "readOnly": name.startswith(("Get", "Describe")), "eventType": "AwsApiCall",
        "managementEvent": source != "s3.amazonaws.com" or name == "DeleteBucket",
        "recipientAccountId": ACCOUNT, "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com"},
    }
    if name in ("GetObject", "PutObject", "DeleteBucket"):
        event["resources"] = [{"ARN": f"arn:aws:s3:::{(params or {}).get('bucketName')}",
                               "accountId": ACCOUNT, "type": "AWS::S3::Bucket"}]
    if denied:
        event["errorCode"] = "AccessDenied"
        event["errorMessage"] = f"User: arn:aws:iam::{ACCOUNT}:user/{user} is not authorized"
    return event


def cloudtrail(rng: random.Random) -> None:
    """CloudTrail log files ``{"Records": [...]}``, gzip, per region and day."""
    base = ROOT / "cloudtrail" / "AWSLogs" / ACCOUNT / "CloudTrail"
    for region in ("us-east-1", "eu-west-1"):
        for day in DAYS[:2]:
            for part in range(2):
                records = [_trail_event(rng, region, day.replace("/", "-"), part * 6 + i)
                           for i in range(6)]
                name = f"{ACCOUNT}_CloudTrail_{region}_{day.replace('/', '')}T{part:02d}05Z_" \
                       f"{rng.getrandbits(64):016x}.json.gz"
                _write(base / region / day / name, json.dumps({"Records": records}).encode(),
                       compress=True)


GENERATORS: dict[str, Callable[[random.Random], None]] = {
    "alb_logs": alb_logs, "json_events": json_events, "cloudfront_logs": cloudfront_logs,
    "vpc_flow_logs": vpc_flow_logs, "s3_access_logs": s3_access_logs, "cloudtrail": cloudtrail,
}


def main() -> None:
    """Regenerate every table's folder (``csv_quoted`` is left as it is)."""
    for table, generate in GENERATORS.items():
        shutil.rmtree(ROOT / table, ignore_errors=True)
        generate(random.Random(f"athenakit-{table}"))
    total = sum(p.stat().st_size for p in ROOT.rglob("*") if p.is_file())
    print(f"wrote {ROOT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
