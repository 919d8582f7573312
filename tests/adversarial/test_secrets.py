"""No credential, signature or session token is printed by any command at any verbosity.

Each command runs in a subprocess under ``-vv --debug`` (botocore's DEBUG request log on, and
tracebacks on) with recognisable fake credentials in the environment, against moto's server
over real HTTP; all of stdout and stderr is searched for them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from moto_harness import OUTPUT, REGION, MotoServer

from athenakit.runner.redact import RedactingFilter, redact, register_secrets

ACCESS_KEY = "AKIAATHENAKITFAKE123"
SECRET_KEY = "athenakitFAKEsecretKEY/0123456789abcdefgh"
TOKEN = "FwoGZXIvYXdzEATHENAKITFAKESESSIONTOKEN0123456789abcdef"
# the secrets and pieces of them a partial leak would show
LEAKS = [ACCESS_KEY, SECRET_KEY, TOKEN, "ATHENAKITFAKE", "FAKEsecret", "FAKESESSION"]
SIGNATURE = re.compile(r"(?i)signature\W{0,4}\s*[0-9a-f]{64}")

SPEC = "name: events\ndatabase: db\nlocation: s3://data/events/\ncolumns:\n  - {name: id, type: bigint}\n"
DDL = "CREATE EXTERNAL TABLE db.events (id bigint) LOCATION 's3://data/events/';\n"


def run_cli(args: list[str], cwd: Path) -> str:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
           "AWS_SESSION_TOKEN": TOKEN, "AWS_DEFAULT_REGION": REGION}
    proc = subprocess.run([sys.executable, "-m", "athenakit", "-vv", "--debug", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, check=False,
                          timeout=300)
    return proc.stdout + proc.stderr


def assert_no_secret(output: str) -> None:
    for leak in LEAKS:
        assert leak not in output
    assert not SIGNATURE.search(output)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "t.yaml").write_text(SPEC)
    (tmp_path / "t.sql").write_text(DDL)
    (tmp_path / "q.sql").write_text("SELECT `id` FROM db.events;\n")
    (tmp_path / "data").mkdir()
    return tmp_path


OFFLINE = [
    ["ddl", "t.yaml"], ["import", "t.sql"], ["schema"], ["check", "q.sql"],
    ["transpile", "--from", "spark", "q.sql"],
    ["run", "--local", "SELECT 1 AS one", "--s3-root", "data"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", OFFLINE, ids=lambda a: a[0])
def test_offline_commands_print_no_credential(files: Path, args: list[str]) -> None:
    assert_no_secret(run_cli(args, files))


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["run", "SELECT 1"],
    ["run", "SELECT 1", "--fetch", "s3"],
    ["apply", "t.yaml"],
    ["apply", "t.yaml", "--dry-run"],
], ids=lambda a: "-".join(a[::2]))
def test_aws_commands_print_no_credential(moto: MotoServer, files: Path, args: list[str]) -> None:
    output = run_cli([*args, "--endpoint-url", moto.url, "--output", OUTPUT], files)
    if "--dry-run" not in args:
        assert "botocore.endpoint" in output and "x-amz-security-token" in output.lower()
    assert_no_secret(output)


@pytest.mark.slow
def test_a_failing_aws_call_with_a_traceback_prints_no_credential(files: Path) -> None:
    # a closed port: every attempt fails, --debug shows the traceback
    output = run_cli(["run", "SELECT 1", "--endpoint-url", "http://127.0.0.1:9", "--output",
                      OUTPUT, "--timeout", "1"], files)
    assert "Traceback" in output and "Signature:" in output
    assert_no_secret(output)


# -- the filter itself ---------------------------------------------------------------------------
# botocore's own log lines (botocore/auth.py, botocore/endpoint.py) and an STS response body
@pytest.mark.parametrize("line", [
    "Sending http request: <AWSPreparedRequest headers={'X-Amz-Security-Token': b'IQoJb3Jp"
    "Z2luX2VjEXAMPLETOKEN', 'Authorization': b'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EX"
    "AMPLE/20240131/us-east-1/athena/aws4_request, SignedHeaders=host, Signature=" + "ab" * 32
    + "'}>",
    "CanonicalRequest:\nPOST\n/\n\nx-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLETOKEN\n",
    "Signature:\n" + "0f" * 32,
    "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240131&"
    "X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN&X-Amz-Signature=" + "cd" * 32,
    ("Response body: b'<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>"
    "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>"
    "<SessionToken>IQoJb3JpZ2luX2VjEXAMPLETOKEN</SessionToken></Credentials>'"),
    '{"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}',
])
def test_credential_shapes_are_masked(line: str) -> None:
    out = redact(line)
    for secret in ("IQoJb3JpZ2luX2VjEXAMPLETOKEN", "AKIAIOSFODNN7EXAMPLE",
                   "ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                   "ab" * 32, "0f" * 32, "cd" * 32):
        assert secret not in out
    assert "****" in out


def test_a_registered_secret_is_masked_wherever_it_appears() -> None:
    register_secrets(["s3cr3t-value-of-a-profile"])
    assert redact("odd place: s3cr3t-value-of-a-profile!") == "odd place: ****!"


def test_the_filter_rewrites_a_record_with_arguments() -> None:
    import logging

    record = logging.LogRecord("botocore.auth", logging.DEBUG, __file__, 1,
                               "Signature:\n%s", ("9a" * 32,), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "Signature:\n****"


def test_the_python_api_logs_no_credential_at_debug(
        moto: MotoServer, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from athenakit.runner.athena import Athena

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    caplog.set_level("DEBUG")
    Athena(endpoint_url=moto.url, output=OUTPUT, region=REGION, poll_interval=0.01).run(
        "SELECT 1")
    assert "x-amz-security-token" in caplog.text.lower()  # botocore's request log was on
    assert_no_secret(caplog.text)
