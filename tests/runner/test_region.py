"""The region: AWS_REGION is honoured as the other AWS SDKs honour it (boto3 alone does not)."""

from __future__ import annotations

from typing import Any

import pytest
from moto_harness import OUTPUT, MotoServer

from athenakit.runner.athena import Athena
from athenakit.runner.config import AthenaConfig

# https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html : AWS_REGION is the
# environment variable of the AWS SDKs and tools; only boto3 reads AWS_DEFAULT_REGION instead.


def test_aws_region_alone_is_enough_to_run(
        moto: MotoServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    runner = Athena(endpoint_url=moto.url, output=OUTPUT, poll_interval=0.01)
    runner.run("SELECT 1")
    assert runner.client("athena").meta.region_name == "eu-west-1"


def test_an_explicit_region_beats_aws_region() -> None:
    config = AthenaConfig.resolve({"AWS_REGION": "eu-west-1"}, region="us-east-2")
    assert config.region == "us-east-2"
    assert AthenaConfig.resolve({"AWS_REGION": "eu-west-1"}).region == "eu-west-1"
