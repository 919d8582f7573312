"""Shared fixtures: one moto server for the whole session (real HTTP on 127.0.0.1, fake
credentials in the environment) and the fault-injecting proxy in front of it
(:mod:`moto_harness`). The runner, local engine and notebook tests all use them."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from moto_harness import _FAKE_ENV, BUCKET, AthenaProxy, MotoServer, s3_client

# No timing assertions: hypothesis's per-example deadline fails tests on a loaded machine.
settings.register_profile("athenakit", deadline=None)
settings.load_profile("athenakit")


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
    """The moto server, reset, with the Athena result bucket created."""
    moto_server.reset()
    s3_client(moto_server.url).create_bucket(Bucket=BUCKET)
    yield moto_server
    moto_server.release_queries()


@pytest.fixture
def proxy(proxy_server: AthenaProxy, moto: MotoServer) -> AthenaProxy:
    """The fault-injecting proxy, cleared of earlier rules."""
    proxy_server.reset()
    return proxy_server
