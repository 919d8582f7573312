"""Fixtures: one moto server for the session (real HTTP on 127.0.0.1), a proxy in front of it,
fake AWS credentials, and an :class:`Athena` runner pointed at them."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from moto_harness import (
    _FAKE_ENV,
    BUCKET,
    OUTPUT,
    REGION,
    AthenaProxy,
    MotoServer,
    fast_retry,
    s3_client,
)

from athenakit.runner.athena import Athena


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    """moto's standalone server on a free 127.0.0.1 port, with fake credentials set."""
    saved = {k: os.environ.get(k) for k in [*_FAKE_ENV, "AWS_PROFILE", "AWS_REGION"]}
    os.environ.update(_FAKE_ENV)
    for name in ("AWS_PROFILE", "AWS_REGION"):
        os.environ.pop(name, None)
    server = MotoServer()
    try:
        yield server
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def proxy_server(moto_server: MotoServer) -> Iterator[AthenaProxy]:
    proxy = AthenaProxy(moto_server.url)
    yield proxy
    proxy.stop()


@pytest.fixture
def moto(moto_server: MotoServer) -> Iterator[MotoServer]:
    """The moto server, reset, with the result bucket created."""
    moto_server.reset()
    s3_client(moto_server.url).create_bucket(Bucket=BUCKET)
    yield moto_server
    moto_server.release_queries()


@pytest.fixture
def proxy(proxy_server: AthenaProxy, moto: MotoServer) -> AthenaProxy:
    """The fault-injecting proxy, cleared of earlier rules."""
    proxy_server.reset()
    return proxy_server


@pytest.fixture
def athena(moto: MotoServer) -> Athena:
    """A runner talking to moto directly."""
    return Athena(endpoint_url=moto.url, output=OUTPUT, region=REGION, poll_interval=0.01,
                  poll_max_interval=0.05, retry=fast_retry())


@pytest.fixture
def proxied(proxy: AthenaProxy) -> Athena:
    """A runner talking to moto through the proxy."""
    return Athena(endpoint_url=proxy.url, output=OUTPUT, region=REGION, poll_interval=0.01,
                  poll_max_interval=0.05, retry=fast_retry())
