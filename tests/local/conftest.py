"""Fixtures for the local engine tests: the shared moto server (tests/conftest.py) as an S3
endpoint over real HTTP on 127.0.0.1, and an engine with no tables for a module's queries (a
test file that needs tables defines its own ``engine``)."""

from __future__ import annotations

from typing import Any

import pytest
from moto_harness import REGION, MotoServer

from athenakit.local.engine import LocalEngine


@pytest.fixture
def s3_endpoint(moto_server: MotoServer) -> str:
    """The endpoint URL of moto's server (fake credentials are in the environment)."""
    return moto_server.url


@pytest.fixture
def s3(moto_server: MotoServer) -> Any:
    """A boto3 S3 client on a freshly reset moto server."""
    import boto3

    moto_server.reset()
    return boto3.client("s3", region_name=REGION, endpoint_url=moto_server.url)


@pytest.fixture(scope="module")
def engine() -> Any:
    """One engine with no tables for every test of a module (the property tests' queries)."""
    with LocalEngine() as e:
        yield e
