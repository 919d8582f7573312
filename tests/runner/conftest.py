"""Fixtures: :class:`Athena` runners pointed at the shared moto server (tests/conftest.py),
directly or through the fault-injecting proxy."""

from __future__ import annotations

import pytest
from moto_harness import OUTPUT, REGION, AthenaProxy, MotoServer, fast_retry

from athenakit.runner.athena import Athena


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
